#!/usr/bin/env bash
# The HTTP bench (scripts/bench-http.sh) on PostgreSQL 15: starts a throwaway server (Debian's packages, as
# the `postgres` user, on a temporary directory and a free port; fsync and synchronous_commit on, as
# production runs it, so acknowledged writes are durable), runs the bench with one and with two
# `accord serve` instances on it, prints both tables, and stops and removes the server on exit.
#
#   scripts/bench-postgres.sh                       # as root; builds the release binary once
#   ACCORD_BIN=/tmp/accord DURATION=10 scripts/bench-postgres.sh
#
# Other bench-http.sh knobs (DURATION, WARMUP, CONNECTIONS, ...) pass through. Exit status: non-zero if
# either run failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
[[ "$(id -u)" -eq 0 ]] || { echo "error: run as root (PostgreSQL is started as the postgres user)" >&2; exit 1; }
[[ -x "$PGBIN/postgres" ]] || { echo "error: PostgreSQL 15 is not installed (apt-get install postgresql-15)" >&2; exit 1; }

# The binary is built once for both runs.
if [[ -z "${ACCORD_BIN:-}" ]]; then
    echo "building release (swift build -c release --product accord) ..."
    (cd "$ROOT" && swift build -c release --product accord --scratch-path "$ROOT/.build-release") >/dev/null
    ACCORD_BIN="$ROOT/.build-release/release/accord"
fi
export ACCORD_BIN

PGPORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
PGDATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-pg.XXXXXX")"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-out.XXXXXX")"
STARTED=0

cleanup() {
    local status=$?
    if [[ $STARTED -eq 1 ]]; then
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGDATA_DIR" "$OUT"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

chown postgres:postgres "$PGDATA_DIR"
chmod 700 "$PGDATA_DIR"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --no-sync >/dev/null
STARTED=1
# Defaults otherwise (shared_buffers 128 MB, max_connections 100: two instances open at most 2 x 10).
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 \
    -o "-p $PGPORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on" start >/dev/null
DB_PID="$(head -1 "$PGDATA_DIR/postmaster.pid")"
export DB_PID
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres?sslmode=disable"

STATUS=0
for n in 1 2; do
    echo "=== PostgreSQL 15, $n instance(s) ==="
    INSTANCES="$n" "$ROOT/scripts/bench-http.sh" 2>&1 | tee "$OUT/instances-$n.txt" || STATUS=1
    echo
done

echo "=== summary ==="
for n in 1 2; do
    # The table: from its title line to the audit line.
    sed -n '/^PostgreSQL, [0-9]* instance(s):$/,/^audit verify/p' "$OUT/instances-$n.txt"
    echo
done
exit "$STATUS"
