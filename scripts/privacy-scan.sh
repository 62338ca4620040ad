#!/usr/bin/env bash
# Privacy scan: runs `accord serve` (log level debug, JSON logs, behind a trusted proxy header) with known personal
# values seeded (an e-mail address, a subject id, an IP address: scripts/privacy_scan.py), through the writes and
# every GET route of openapi.yaml (so routes added later are walked too), then asserts that none of them appears
# in clear in the server's log, the SQLite file, its WAL or its shared memory, or (with ACCORD_TEST_POSTGRES_URL)
# a pg_dump of the same run on PostgreSQL; the IP address in no answer; the e-mail and subject id in no answer to
# a caller without a key. Only the subject vault may hold them, sealed.
#
#   scripts/privacy-scan.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
[[ -x "$ACCORD_BIN" ]] || { echo "error: $ACCORD_BIN is missing (swift build first)" >&2; exit 1; }
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL LOG_FORMAT LOG_LEVEL || true
export HTTP_CLIENT_IP_HEADER=X-Forwarded-For RATE_LIMIT_READS_PER_MINUTE=1000000 RATE_LIMIT_READS_BURST=1000000

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-privacy.XXXXXX")"
SERVER_PID="" PG_NAME=""
cleanup() {
    local status=$?
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
    [[ -n "$PG_NAME" ]] && psql "$ACCORD_TEST_POSTGRES_URL" -qAtc "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" >/dev/null 2>&1
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
cp "$ACCORD_BIN" "$WORK/accord"
die() { echo "FAIL: $*" >&2; exit 1; }

run() {   # run NAME DATABASE_URL: serve, exercise, stop (SIGTERM); the log is $WORK/NAME.log
    local name=$1 url=$2 port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "$WORK/accord" serve --http-port "$port" --database-url "$url" --log-level debug --log-format json >"$WORK/$name.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
    local key
    key="$("$WORK/accord" keys create --scopes admin --name privacy --database-url "$url")"
    mkdir -p "$WORK/$name"
    python3 "$ROOT/scripts/privacy_scan.py" exercise --url "http://127.0.0.1:$port" --key "$key" --openapi "$ROOT/openapi.yaml" \
        --out "$WORK/$name" || die "$name: personal data in answers"
    # The audit and export paths read everything back: their output is scanned too.
    "$WORK/accord" audit verify --database-url "$url" >>"$WORK/$name.log" 2>&1
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}

run sqlite "sqlite://$WORK/privacy.sqlite"
python3 "$ROOT/scripts/privacy_scan.py" scan "$WORK/sqlite.log" "$WORK/privacy.sqlite" "$WORK/privacy.sqlite-wal" \
    "$WORK/privacy.sqlite-shm" || die "personal data in clear on disk (SQLite run)"
if [[ -n "${ACCORD_TEST_POSTGRES_URL:-}" ]]; then
    PG_NAME="accord_privacy_$$"
    psql "$ACCORD_TEST_POSTGRES_URL" -qAtc "CREATE DATABASE $PG_NAME" >/dev/null
    PG_URL="$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$ACCORD_TEST_POSTGRES_URL" "$PG_NAME")"
    run postgres "$PG_URL"
    "$(command -v pg_dump || echo "$PGBIN/pg_dump")" "$PG_URL" >"$WORK/postgres.sql"
    python3 "$ROOT/scripts/privacy_scan.py" scan "$WORK/postgres.log" "$WORK/postgres.sql" || die "personal data in clear (PostgreSQL run)"
fi
echo "privacy scan: passed"
