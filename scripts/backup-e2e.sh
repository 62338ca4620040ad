#!/usr/bin/env bash
# Backup and restore of a live SQLite database, under write load:
# - `accord backup FILE` while writers run: the copy audits clean and holds every event acknowledged before the
#   backup started (the acknowledgements are snapshotted first);
# - `accord restore FILE` is refused while the server has the database open, then, with the server stopped, puts
#   the backup back: audit verify passes and the acknowledged events are there;
# - a second backup to an existing file is refused; restore of a missing or foreign file is refused.
#
#   scripts/backup-e2e.sh                  # uses .build/debug/accord (built if missing)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
LOAD="$ROOT/scripts/crash_load.py"
if [[ ! -x "$ACCORD_BIN" ]]; then
    (cd "$ROOT" && swift build --product accord)
fi
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL DATABASE_SQLITE_SYNCHRONOUS DB_SQLITE_SYNCHRONOUS || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-backup.XXXXXX")"
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
DB="$WORK/live.sqlite"
DBURL="sqlite://$DB"
die() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
"$ACCORD" serve --http-port "$PORT" --database-url "$DBURL" --log-level warning >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
    curl -fsS "$BASE/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; die "server exited during start-up"; }
    sleep 0.1
done
KEY="$("$ACCORD" keys create --scopes consents:write --name backup-e2e --database-url "$DBURL")"

ACKED="$WORK/acked.jsonl"
: >"$ACKED"
python3 "$LOAD" load --url "$BASE" --key "$KEY" --acked "$ACKED" --prefix backup --threads 8 --max-seconds 6 >"$WORK/load.log" &
LOAD_PID=$!
sleep 2
kill -0 "$LOAD_PID" 2>/dev/null || die "the load ended before the backup"
# Everything acknowledged so far must be in the backup, which starts after this snapshot.
cp "$ACKED" "$WORK/acked-before-backup.jsonl"
"$ACCORD" backup "$WORK/backup.sqlite" --database-url "$DBURL" || die "accord backup under load"
kill -0 "$LOAD_PID" 2>/dev/null || die "the load ended before the backup finished: it was not under load"
wait "$LOAD_PID" || die "the load saw unexpected answers"
LOAD_PID=""
cat "$WORK/load.log"

"$ACCORD" audit verify --database-url "sqlite://$WORK/backup.sqlite" || die "the backup does not audit clean"
python3 "$LOAD" check --db "$WORK/backup.sqlite" --acked "$WORK/acked-before-backup.jsonl" \
    || die "the backup lacks events acknowledged before it started"

set +e
OUT="$("$ACCORD" backup "$WORK/backup.sqlite" --database-url "$DBURL" 2>&1)"; RC=$?
[[ $RC -eq 1 && "$OUT" == error:*"already exists"* ]] || die "a backup over an existing file: exit $RC: $OUT"
OUT="$("$ACCORD" restore "$WORK/backup.sqlite" --database-url "$DBURL" 2>&1)"; RC=$?
[[ $RC -eq 1 && "$OUT" == error:*"stop it before restoring"* ]] || die "restore while the server runs: exit $RC: $OUT"
OUT="$("$ACCORD" restore "$WORK/none.sqlite" --database-url "$DBURL" 2>&1)"; RC=$?
[[ $RC -eq 1 && "$OUT" == error:* ]] || die "restore of a missing file: exit $RC: $OUT"
set -e
echo "refused: a backup over an existing file, a restore while the server runs, a restore of a missing file"

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || die "the server did not stop cleanly"
SERVER_PID=""
AFTER="$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM consent_events").fetchone()[0])' "$DB")"

"$ACCORD" restore "$WORK/backup.sqlite" --database-url "$DBURL" || die "accord restore"
"$ACCORD" audit verify --database-url "$DBURL" || die "the restored database does not audit clean"
python3 "$LOAD" check --db "$DB" --acked "$WORK/acked-before-backup.jsonl" || die "the restore lost acknowledged events"
RESTORED="$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM consent_events").fetchone()[0])' "$DB")"
[[ "$RESTORED" -le "$AFTER" ]] || die "the restored database has more events ($RESTORED) than the live one had ($AFTER)"
echo "backup-e2e: PASS (backup under load, $(grep -c . "$WORK/acked-before-backup.jsonl") acknowledged before it all present; restored $RESTORED of $AFTER events)"
