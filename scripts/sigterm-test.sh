#!/usr/bin/env bash
# Graceful shutdown: SIGTERM during a write load must stop the server with exit 0 within 10 s, after answering
# the writes in flight; every acknowledged (201) write must then be in the database, and the log must audit clean.
# Repeated CYCLES times on the same SQLite file; then once on PostgreSQL when ACCORD_TEST_POSTGRES_URL names a
# server (scripts/test.sh starts one), in a database of its own that is dropped afterwards.
#
#   scripts/sigterm-test.sh                # uses .build/debug/accord (built if missing)
#   CYCLES=3 LOAD_SECONDS=2 THREADS=16 scripts/sigterm-test.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
CYCLES="${CYCLES:-3}"
LOAD_SECONDS="${LOAD_SECONDS:-2}"
THREADS="${THREADS:-16}"
LOAD="$ROOT/scripts/crash_load.py"
if [[ ! -x "$ACCORD_BIN" ]]; then
    (cd "$ROOT" && swift build --product accord)
fi
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL DATABASE_SQLITE_SYNCHRONOUS DB_SQLITE_SYNCHRONOUS || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-sigterm.XXXXXX")"
SERVER_PID=""
LOAD_PID=""
cleanup() {
    local status=$?
    for pid in "$LOAD_PID" "$SERVER_PID"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp "$ACCORD_BIN" "$WORK/accord"
ACCORD="$WORK/accord"
DB="$WORK/sigterm.sqlite"
DBURL="sqlite://$DB"
die() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

start_server() {
    PORT="$(free_port)"
    BASE="http://127.0.0.1:$PORT"
    "$ACCORD" serve --http-port "$PORT" --database-url "$DBURL" --database-sqlite-synchronous full --log-level warning \
        >"$WORK/serve-$1.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        curl -fsS "$BASE/health" >/dev/null 2>&1 && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve-$1.log" >&2; die "server exited during start-up"; }
        sleep 0.1
    done
    die "server did not answer /health within 30 s"
}

start_server 0
KEY="$("$ACCORD" keys create --scopes consents:write --name sigterm-test --database-url "$DBURL")"
TOTAL=0
for cycle in $(seq 1 "$CYCLES"); do
    [[ $cycle -gt 1 ]] && start_server "$cycle"
    ACKED="$WORK/acked-$cycle.jsonl"
    : >"$ACKED"
    python3 "$LOAD" load --url "$BASE" --key "$KEY" --acked "$ACKED" --prefix "t$cycle" --threads "$THREADS" --max-seconds 60 &
    LOAD_PID=$!
    sleep "$LOAD_SECONDS"
    kill -0 "$LOAD_PID" 2>/dev/null || die "the load ended before SIGTERM"
    START=$(date +%s%N)
    kill -TERM "$SERVER_PID"
    set +e; wait "$SERVER_PID"; STATUS=$?; set -e
    ELAPSED_MS=$(( ($(date +%s%N) - START) / 1000000 ))
    SERVER_PID=""
    [[ $STATUS -eq 0 ]] || { tail -20 "$WORK"/serve-*.log >&2; die "exit status $STATUS after SIGTERM"; }
    [[ $ELAPSED_MS -le 10000 ]] || die "took ${ELAPSED_MS} ms to stop (limit 10000)"
    # Writes answered during the shutdown are 201s; anything else (a 5xx) fails the load.
    wait "$LOAD_PID" || die "the load saw unexpected answers during shutdown"
    LOAD_PID=""
    python3 "$LOAD" check --db "$DB" --acked "$ACKED" || die "acknowledged writes were lost"
    "$ACCORD" audit verify --database-url "$DBURL" >/dev/null || die "audit verify after SIGTERM"
    TOTAL=$((TOTAL + $(grep -c . "$ACKED")))
    echo "cycle $cycle: exit 0 after SIGTERM in ${ELAPSED_MS} ms; every acknowledged write present; audit clean"
done

if [[ -n "${ACCORD_TEST_POSTGRES_URL:-}" ]] && command -v psql >/dev/null; then
    PGDB="accord_sigterm_$$"
    ADMIN_URL="$ACCORD_TEST_POSTGRES_URL"
    psql "$ADMIN_URL" -qAtc "CREATE DATABASE $PGDB" >/dev/null
    DBURL="$(sed -E "s#(//[^/]*/)[^?]*#\1$PGDB#" <<<"$ACCORD_TEST_POSTGRES_URL")"
    # The script's own status survives the drop: cleanup reads $?.
    trap 'status=$?; psql "$ADMIN_URL" -qAtc "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1; (exit $status); cleanup' EXIT
    start_server pg
    KEY="$("$ACCORD" keys create --scopes consents:write --name sigterm-test --database-url "$DBURL")"
    ACKED="$WORK/acked-pg.jsonl"
    : >"$ACKED"
    python3 "$LOAD" load --url "$BASE" --key "$KEY" --acked "$ACKED" --prefix pg --threads "$THREADS" --max-seconds 60 &
    LOAD_PID=$!
    sleep "$LOAD_SECONDS"
    kill -0 "$LOAD_PID" 2>/dev/null || die "the load ended before SIGTERM (PostgreSQL)"
    START=$(date +%s%N)
    kill -TERM "$SERVER_PID"
    set +e; wait "$SERVER_PID"; STATUS=$?; set -e
    ELAPSED_MS=$(( ($(date +%s%N) - START) / 1000000 ))
    SERVER_PID=""
    [[ $STATUS -eq 0 ]] || { tail -20 "$WORK/serve-pg.log" >&2; die "exit status $STATUS after SIGTERM (PostgreSQL)"; }
    [[ $ELAPSED_MS -le 10000 ]] || die "took ${ELAPSED_MS} ms to stop on PostgreSQL (limit 10000)"
    wait "$LOAD_PID" || die "the load saw unexpected answers during shutdown (PostgreSQL)"
    LOAD_PID=""
    psql "$DBURL" -qAtc "SELECT id FROM consent_events" >"$WORK/pg-ids.txt"
    python3 - "$ACKED" "$WORK/pg-ids.txt" <<'PY' || die "acknowledged writes were lost (PostgreSQL)"
import json, sys
acked = [json.loads(line)["id"] for line in open(sys.argv[1]) if line.strip()]
stored = set(open(sys.argv[2]).read().split())
lost = [i for i in acked if i not in stored]
print(f"acknowledged: {len(acked)}, present: {len(acked) - len(lost)}, lost: {len(lost)} (events in database: {len(stored)})")
sys.exit(1 if lost or not acked else 0)
PY
    "$ACCORD" audit verify --database-url "$DBURL" >/dev/null || die "audit verify after SIGTERM (PostgreSQL)"
    TOTAL=$((TOTAL + $(grep -c . "$ACKED")))
    echo "PostgreSQL: exit 0 after SIGTERM in ${ELAPSED_MS} ms; every acknowledged write present; audit clean"
fi
echo "sigterm-test: PASS ($CYCLES SQLite cycles${PGDB:+ and one on PostgreSQL}, $TOTAL acknowledged writes, none lost)"
