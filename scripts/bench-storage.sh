#!/usr/bin/env bash
# Bytes per stored consent event on SQLite: a fresh database, EVENTS durable writes over HTTP (wrk with
# scripts/wrk/consent-write.lua: a new subject per write, three purposes each, as the HTTP bench writes), then
# the server stops, the file is vacuumed, and its size is divided by the events it holds, in total and per table
# and index (SQLite's dbstat). A figure that does not move with the machine's load, unlike request rates.
#
#   scripts/bench-storage.sh
#   ACCORD_BIN=.build/release/accord EVENTS=100000 scripts/bench-storage.sh
#   ACCORD_BIN_A=<main's accord> ACCORD_BIN_B=<this branch's> EVENTS=50000 scripts/bench-storage.sh   # side by side
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EVENTS="${EVENTS:-50000}"
CONNECTIONS="${CONNECTIONS:-64}"
command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "error: sqlite3 is not installed (apt-get install sqlite3)" >&2; exit 1; }
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-storage.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
# consent-write.lua with a subject prefix per run.
sed 's/local subject = string.format("w%d-%d"/local subject = (os.getenv("ACCORD_SUBJECT_PREFIX") or "") .. string.format("w%d-%d"/' \
    "$ROOT/scripts/wrk/consent-write.lua" >"$WORK/write.lua"
grep -q ACCORD_SUBJECT_PREFIX "$WORK/write.lua" || { echo "error: scripts/wrk/consent-write.lua changed its subject names" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# measure NAME BINARY: fills the database, prints the figures.
measure() {
    local name="$1" binary="$2" db="$WORK/$1.sqlite" port key count
    cp "$binary" "$WORK/accord-$name"
    port="$(free_port)"
    "$WORK/accord-$name" serve --http-port "$port" --database-url "sqlite://$db" --log-level error \
        --database-sqlite-synchronous full >"$WORK/$name.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
    key="$("$WORK/accord-$name" keys create --scopes consents:read,consents:write --name storage --database-url "sqlite://$db")"
    count=0
    local run=0
    # wrk runs for a time, not a count: short runs until the database holds EVENTS events, each run with subjects
    # of its own (consent-write.lua's names restart with every run), so every event is a new subject.
    while [[ "$count" -lt "$EVENTS" ]]; do
        run=$((run + 1))
        ACCORD_KEY="$key" ACCORD_WRK_DIR="$ROOT/scripts/wrk" ACCORD_TARGETS="127.0.0.1:$port " ACCORD_SUBJECT_PREFIX="r$run-" \
            wrk -t2 -c"$CONNECTIONS" -d2s -s "$WORK/write.lua" "http://127.0.0.1:$port" >/dev/null 2>&1
        count="$(sqlite3 "$db" 'SELECT count(*) FROM consent_events')"
    done
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
    sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE); VACUUM;' >/dev/null
    local bytes
    bytes="$(stat -c %s "$db")"
    echo "$name: $count events, $bytes bytes vacuumed = $((bytes / count)) bytes per event"
    # Per table and index (dbstat: pages in use, with their free space), largest first.
    sqlite3 -separator ' ' "$db" "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC" \
        | awk -v n="$count" '{ if ($2 / n >= 1) printf "    %-36s %7.1f bytes per event\n", $1, $2 / n }'
}

if [[ -n "${ACCORD_BIN_A:-}" && -n "${ACCORD_BIN_B:-}" ]]; then
    measure A "$ACCORD_BIN_A"
    measure B "$ACCORD_BIN_B"
else
    measure accord "${ACCORD_BIN:-$ROOT/.build/release/accord}"
fi
