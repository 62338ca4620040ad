#!/usr/bin/env bash
# Crash durability test: a 201 from POST /consents must mean the event is on disk.
#
# Three times on the same database: start `accord serve` (synchronous=full), load it with concurrent
# writers, kill -9 it mid-load, then check that every acknowledged event id is in consent_events,
# that the chain still audits clean, and (after a restart) that re-sending an acknowledged request with
# its idempotency key answers with the same event instead of recording a duplicate.
#
#   scripts/crash-test.sh                  # uses .build/debug/accord (built if missing)
#   ACCORD_BIN=... CYCLES=3 LOAD_SECONDS=3 THREADS=8 scripts/crash-test.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
CYCLES="${CYCLES:-3}"
LOAD_SECONDS="${LOAD_SECONDS:-3}"
THREADS="${THREADS:-8}"
LOAD="$ROOT/scripts/crash_load.py"

if [[ ! -x "$ACCORD_BIN" ]]; then
    (cd "$ROOT" && swift build --product accord)
fi

# Only our settings: a stray DATABASE_URL or HTTP_PORT in the caller's environment must not leak in.
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL DATABASE_SQLITE_SYNCHRONOUS DB_SQLITE_SYNCHRONOUS || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-crash.XXXXXX")"
DB="$WORK/crash.sqlite"
DBURL="sqlite://$DB"
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

# Run a private copy: others may relink .build/debug/accord while this script runs ("Text file busy").
cp "$ACCORD_BIN" "$WORK/accord"
ACCORD="$WORK/accord"
"$ACCORD" --help >/dev/null

die() { echo "FAIL: $*" >&2; exit 1; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts the server on $DB with full fsync on commit; waits for /health. Sets SERVER_PID and BASE.
start_server() {
    local log="$WORK/serve-$1.log"
    local port
    port="$(free_port)"
    BASE="http://127.0.0.1:$port"
    "$ACCORD" serve --http-port "$port" --database-url "$DBURL" --database-sqlite-synchronous full \
        --log-level warning >"$log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        if curl -fsS "$BASE/health" >/dev/null 2>&1; then return 0; fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; die "server exited during start-up"; }
        sleep 0.1
    done
    die "server did not answer /health within 30 s"
}

audit() {
    local out
    if out="$("$ACCORD" audit verify --database-url "$DBURL" 2>&1)" && [[ "$out" == ok:* ]]; then
        echo "audit verify ($1): $out"
    else
        die "audit verify ($1): $out"
    fi
}

start_server 0
# Created while the server runs, through the CLI, as an operator would.
KEY="$("$ACCORD" keys create --scopes consents:write --name crash-test --database-url "$DBURL")"
[[ "$KEY" == acc_* ]] || die "keys create printed '$KEY'"

TOTAL_ACKED=0
for cycle in $(seq 1 "$CYCLES"); do
    echo "== cycle $cycle/$CYCLES: load for ${LOAD_SECONDS} s with $THREADS writers, then kill -9"
    ACKED="$WORK/acked-$cycle.jsonl"
    : >"$ACKED"
    python3 "$LOAD" load --url "$BASE" --key "$KEY" --acked "$ACKED" --prefix "c$cycle" \
        --threads "$THREADS" --max-seconds 60 &
    LOAD_PID=$!
    sleep "$LOAD_SECONDS"
    # The writers must still be running, or the kill would not land mid-load.
    kill -0 "$LOAD_PID" 2>/dev/null || die "the load ended before the kill"
    kill -9 "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
    # The writers notice the dead server and stop; a non-zero exit means a non-201 answer during load.
    wait "$LOAD_PID" || die "the load saw unexpected answers"
    LOAD_PID=""

    # Checked on the crashed file, before any restart could repair or hide anything.
    python3 "$LOAD" check --db "$DB" --acked "$ACKED" || die "acknowledged events were lost"
    TOTAL_ACKED=$((TOTAL_ACKED + $(grep -c . "$ACKED")))
    audit "after kill -9"

    start_server "$cycle"
    python3 "$LOAD" replay --url "$BASE" --key "$KEY" --db "$DB" --acked "$ACKED" \
        || die "idempotent replay after restart"
    audit "after restart and replay"
done

# Every cycle's acknowledgements again, against the final file: later cycles must not lose earlier ones.
cat "$WORK"/acked-*.jsonl >"$WORK/acked-all.jsonl"
python3 "$LOAD" check --db "$DB" --acked "$WORK/acked-all.jsonl" || die "acknowledged events were lost"

# A clean stop this time (SIGTERM), with kill -9 only if it does not finish within 10 s.
kill "$SERVER_PID"
for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
kill -9 "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
echo "crash-test: PASS ($CYCLES kill -9 cycles, $TOTAL_ACKED acknowledged events, none lost)"
