#!/usr/bin/env bash
# Several instances on one database: two `accord serve` processes on one fresh PostgreSQL database take
# concurrent writes (some idempotency keys sent to both at once), then: no duplicate or lost acknowledged
# event, each shared key stored once, reads on one instance see the other's writes, and
# `accord audit verify --database-url postgres://...` passes.
#
#   ACCORD_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:54329/postgres scripts/multi-instance.sh
# The URL names a server and a database to connect to first; the test creates its own database there and
# drops it afterwards. Leaves no process behind.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
BASE_URL="${ACCORD_TEST_POSTGRES_URL:?set ACCORD_TEST_POSTGRES_URL to a PostgreSQL server url}"
PSQL="$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)"

if [[ ! -x "$ACCORD_BIN" ]]; then
    (cd "$ROOT" && swift build --product accord)
fi
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL || true

NAME="accord_multi_$(date +%s)_$$"
# Same server and options, our database: replace the path of the base url.
DB_URL="$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$BASE_URL" "$NAME")"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-multi.XXXXXX")"
PIDS=()

cleanup() {
    local status=$?
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    "$PSQL" "$BASE_URL" -qAtc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" >/dev/null 2>&1 || true
    if [[ $status -ne 0 ]]; then
        for log in "$WORK"/*.log; do [[ -f "$log" ]] && { echo "--- $log"; tail -n 20 "$log"; }; done
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

wait_ready() {
    for _ in $(seq 1 150); do
        curl -fsS "http://127.0.0.1:$1/ready" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "instance on port $1 did not become ready" >&2
    return 1
}

"$PSQL" "$BASE_URL" -qAtc "CREATE DATABASE $NAME" >/dev/null
KEY="$("$ACCORD_BIN" keys create --database-url "$DB_URL" --scopes consents:read,consents:write --name multi-instance)"

# Both instances start together on the same (migrated) database: bootstrap must tolerate that as well.
PORTS=("$(free_port)" "$(free_port)")
for index in 0 1; do
    "$ACCORD_BIN" serve --database-url "$DB_URL" --http-port "${PORTS[$index]}" >"$WORK/instance-$index.log" 2>&1 &
    PIDS+=("$!")
done
wait_ready "${PORTS[0]}"
wait_ready "${PORTS[1]}"

python3 "$ROOT/scripts/multi_instance_load.py" "http://127.0.0.1:${PORTS[0]}" "http://127.0.0.1:${PORTS[1]}" "$KEY" \
    >"$WORK/acknowledged.json"

"$PSQL" "$DB_URL" -qAtc "SELECT id FROM consent_events" >"$WORK/stored.txt"
python3 - "$WORK/acknowledged.json" "$WORK/stored.txt" <<'PY'
import json, sys
acknowledged = set(json.load(open(sys.argv[1])))
stored = open(sys.argv[2]).read().split()
missing = acknowledged - set(stored)
print(f"ok:   stored events: {len(stored)} ({len(set(stored))} distinct ids); acknowledged: {len(acknowledged)}; "
      f"acknowledged but missing: {len(missing)}", file=sys.stderr)
if missing or len(stored) != len(set(stored)) or set(stored) != acknowledged:
    sys.exit("FAIL: the stored events differ from the acknowledged ones")
PY

"$ACCORD_BIN" audit verify --database-url "$DB_URL"
echo "multi-instance: all checks passed"
