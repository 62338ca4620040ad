#!/usr/bin/env bash
# PostgreSQL restart during a write load: while the database is down Accord answers 503 with Retry-After
# (never a 500 with internals), reconnects by itself once it is back, and loses no acknowledged event;
# clients retrying with their idempotency keys create no duplicates. /ready reports the outage.
#
#   ACCORD_TEST_POSTGRES_URL=... ACCORD_TEST_PGDATA=/tmp/pgdata scripts/pg-fault-test.sh   # as root
# ACCORD_TEST_PGDATA is the data directory of the server behind the URL (scripts/test.sh exports both);
# the server is stopped and started again with `pg_ctl` as the postgres user.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
BASE_URL="${ACCORD_TEST_POSTGRES_URL:?set ACCORD_TEST_POSTGRES_URL}"
PGDATA_DIR="${ACCORD_TEST_PGDATA:?set ACCORD_TEST_PGDATA to the server data directory}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PSQL="$(command -v psql || echo "$PGBIN/psql")"
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL || true

NAME="accord_fault_$(date +%s)_$$"
DB_URL="$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$BASE_URL" "$NAME")"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-fault.XXXXXX")"
SERVER_PID=""
LOAD_PID=""

pg_ctl() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" "$@"; }

cleanup() {
    local status=$?
    for pid in "$LOAD_PID" "$SERVER_PID"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    # The server must be left running for whoever started it.
    pg_ctl status >/dev/null 2>&1 || pg_ctl -l "$PGDATA_DIR/server.log" -w -t 60 restart >/dev/null 2>&1 || true
    "$PSQL" "$BASE_URL" -qAtc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" >/dev/null 2>&1 || true
    [[ $status -ne 0 && -f "$WORK/server.log" ]] && tail -n 30 "$WORK/server.log"
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$PSQL" "$BASE_URL" -qAtc "CREATE DATABASE $NAME" >/dev/null
KEY="$("$ACCORD_BIN" keys create --database-url "$DB_URL" --scopes consents:read,consents:write --name fault)"
"$ACCORD_BIN" serve --database-url "$DB_URL" --http-port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break; sleep 0.2; done

python3 "$ROOT/scripts/pg_fault_load.py" "http://127.0.0.1:$PORT" "$KEY" 14 6 "$WORK/load.json" &
LOAD_PID=$!
sleep 3
pg_ctl -m fast -w stop >/dev/null
READY_DOWN="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/ready")"
sleep 4
# restart reuses the command-line options the server was started with (postmaster.opts).
pg_ctl -l "$PGDATA_DIR/server.log" -w -t 60 restart >/dev/null 2>&1
wait "$LOAD_PID"
LOAD_PID=""
READY_UP="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/ready")"
echo "ok:   /ready while down: $READY_DOWN, after restart: $READY_UP" >&2
[[ "$READY_DOWN" == 503 && "$READY_UP" == 200 ]] || { echo "FAIL: /ready did not follow the database" >&2; exit 1; }

python3 - "$WORK/load.json" <<'PY' || exit 1
import json, sys
load = json.load(open(sys.argv[1]))
if load["unavailable"] == 0:
    sys.exit("FAIL: no 503 seen while the database was down")
if len(load["acknowledged"]) != load["requests"] or len(set(load["acknowledged"])) != load["requests"]:
    sys.exit("FAIL: not every request was acknowledged exactly once")
PY
"$PSQL" "$DB_URL" -qAtc "SELECT id FROM consent_events" >"$WORK/stored.txt"
python3 - "$WORK/load.json" "$WORK/stored.txt" <<'PY'
import json, sys
acknowledged = set(json.load(open(sys.argv[1]))["acknowledged"])
stored = open(sys.argv[2]).read().split()
print(f"ok:   stored {len(stored)} events, acknowledged {len(acknowledged)}, missing {len(acknowledged - set(stored))}",
      file=sys.stderr)
if acknowledged != set(stored) or len(stored) != len(set(stored)):
    sys.exit("FAIL: stored events differ from the acknowledged ones (lost or duplicated)")
PY
# Statement text (and with it bound values) must never reach the log. SQLSTATE codes may: the driver logs
# them on refused connections while PostgreSQL restarts (57P03), and they carry no data.
if grep -qE "INSERT INTO|SELECT .* FROM|UPDATE [a-z_]+ SET|DELETE FROM" "$WORK/server.log"; then
    echo "FAIL: the server log contains SQL statements" >&2
    exit 1
fi
"$ACCORD_BIN" audit verify --database-url "$DB_URL"
echo "pg-fault: all checks passed"
