#!/usr/bin/env bash
# The expiry sweep benchmark: ROWS granted state rows (default 1,000,000, built by one INSERT ... SELECT, not
# HTTP), expiries spread over a year; times a sweep with nothing due, one recording 30 days' notices and the
# next one, on SQLite and on a throwaway PostgreSQL 15 (as root; stopped and removed on exit), and prints the
# query plans (EXPLAIN QUERY PLAN / EXPLAIN). Uses the debug test build (`swift build --build-tests` first).
#
#   scripts/bench-expiry.sh            ROWS=200000 scripts/bench-expiry.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${ROWS:-1000000}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PGDATA_DIR=""
cleanup() {
    if [[ -n "$PGDATA_DIR" ]]; then
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$PGDATA_DIR"
    fi
}
trap cleanup EXIT

echo "=== SQLite ==="
ACCORD_BENCH_EXPIRY_ROWS="$ROWS" swift test --skip-build --disable-xctest --filter SQLiteExpiryBenchmark 2>&1 \
    | grep -v '^\(◇\|✔\|􀟈\|􁁛\)' || true

if [[ "$(id -u)" -eq 0 && -x "$PGBIN/initdb" ]]; then
    echo "=== PostgreSQL 15 ==="
    PGDATA_DIR="$(mktemp -d /tmp/accord-bench-expiry-pg.XXXXXX)"
    chown postgres:postgres "$PGDATA_DIR" && chmod 700 "$PGDATA_DIR"
    PGPORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --no-sync >/dev/null
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/log" -w -t 60 \
        -o "-p $PGPORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1" start >/dev/null
    ACCORD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres?sslmode=disable" \
        ACCORD_BENCH_EXPIRY_ROWS="$ROWS" swift test --skip-build --disable-xctest --filter PostgresExpiryBenchmark 2>&1 \
        | grep -v '^\(◇\|✔\|􀟈\|􁁛\)' || true
else
    echo "PostgreSQL part skipped (needs root and $PGBIN)"
fi
