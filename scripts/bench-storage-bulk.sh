#!/usr/bin/env bash
# Bytes per stored event for EVENTS events of the demo property written through the bulk path, on SQLite
# (vacuumed file / events, and per table and index from dbstat) and, with POSTGRES_URL, on PostgreSQL
# (`VACUUM FULL`, then `pg_database_size` of a fresh database / events, and per relation). Faster than the HTTP
# fill of scripts/bench-storage.sh, so it reaches 1,000,000 events and more. Two shapes:
#   SHAPE=banner (default): `accord seed-consents`, the banner write of a new visitor each (every optional
#     purpose, the SDK's idempotency key, client time, region, locale, reduced address and user agent), built
#     and appended as `POST /v1/properties/demo/consents` stores it (same append planner and SQL), 10,000 a
#     transaction, with its vault entry;
#   SHAPE=import: `accord import-consents`, a CSV row of a new subject with three purposes each (source
#     `import`, an import key, no network or browser fields), 1,000 a transaction.
#
#   EVENTS=1000000 ACCORD_BIN=/tmp/accord scripts/bench-storage-bulk.sh
#   ACCORD_BIN_A=<main's accord> ACCORD_BIN_B=<this branch's> EVENTS=1000000 scripts/bench-storage-bulk.sh   # side by side
#   POSTGRES_URL=postgres://postgres@127.0.0.1:5432 scripts/bench-storage-bulk.sh                            # and PostgreSQL
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EVENTS="${EVENTS:-1000000}"
command -v sqlite3 >/dev/null || { echo "error: sqlite3 is not installed (apt-get install sqlite3)" >&2; exit 1; }
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL LOG_LEVEL || true
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-storage-bulk.XXXXXX")"
SERVER_PID=""
PG_DBS=()
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
    for name in "${PG_DBS[@]}"; do psql "$POSTGRES_URL/postgres" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

[[ "${SHAPE:-banner}" == banner ]] || cat >"$WORK/mapping.yaml" <<'YAML'
format: csv
subject: email
date: consent_date
columns:
  analytics: analytics
  marketing: marketing
  personalization: personalization
YAML
[[ "${SHAPE:-banner}" == banner ]] || python3 - "$EVENTS" >"$WORK/consents.csv" <<'PY'
import sys, datetime
rows = int(sys.argv[1])
# Dated within the last 30 days: older choices would be expiring, and the server's expiry sweep would record
# notices (writes) during the measurement.
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
def date(i): return (now - datetime.timedelta(seconds=i % 2_592_000 + 60)).strftime("%Y-%m-%dT%H:%M:%SZ")
out = sys.stdout
out.write("email,consent_date,analytics,marketing,personalization\n")
for i in range(rows):
    out.write(f"person{i}@example.com,{date(i)},"
              f"{'yes' if i % 2 else 'no'},{'yes' if i % 3 == 0 else 'no'},{'yes' if i % 5 == 0 else 'no'}\n")
PY

# fill NAME BINARY URL: the demo property by a first start, then the import; prints the import's summary.
fill() {
    local name="$1" binary="$2" url="$3" port started
    port="$(free_port)"
    "$binary" serve --http-port "$port" --database-url "$url" --log-level error >"$WORK/$name.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
    started="$(date +%s)"
    if [[ "${SHAPE:-banner}" == banner ]]; then
        "$binary" seed-consents --property demo --events "$EVENTS" --database-url "$url" >"$WORK/$name-import.txt" 2>&1 \
            || { cat "$WORK/$name-import.txt" >&2; exit 1; }
        echo "$name: seeded in $(( $(date +%s) - started )) s: $(cat "$WORK/$name-import.txt")"
        return
    fi
    "$binary" import-consents "$WORK/consents.csv" --property demo --mapping "$WORK/mapping.yaml" --database-url "$url" \
        --rejects "$WORK/$name-rejects.csv" >"$WORK/$name-import.txt" 2>&1 || { cat "$WORK/$name-import.txt" >&2; exit 1; }
    echo "$name: imported in $(( $(date +%s) - started )) s: $(cat "$WORK/$name-import.txt")"
}

sqlite_measure() {
    local name="$1" binary="$2" db="$WORK/$1.sqlite" count bytes
    cp "$binary" "$WORK/accord-$name"
    fill "$name" "$WORK/accord-$name" "sqlite://$db"
    sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE); VACUUM;' >/dev/null
    count="$(sqlite3 "$db" 'SELECT count(*) FROM consent_events')"
    bytes="$(stat -c %s "$db")"
    echo "$name (SQLite): $count events, $bytes bytes vacuumed = $((bytes / count)) bytes per event"
    sqlite3 -separator ' ' "$db" "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC" \
        | awk -v n="$count" '{ if ($2 / n >= 1) printf "    %-36s %7.1f bytes per event\n", $1, $2 / n }'
    rm -f "$db"
}

postgres_measure() {
    local name="$1" binary="$2" db="accord_storage_bulk_$$_$1" url count bytes
    psql "$POSTGRES_URL/postgres" -qc "CREATE DATABASE $db" >/dev/null
    PG_DBS+=("$db")
    url="$POSTGRES_URL/$db?sslmode=disable"
    fill "$name-postgres" "$binary" "$url"
    psql "$POSTGRES_URL/$db" -qc 'VACUUM FULL ANALYZE' >/dev/null
    count="$(psql "$POSTGRES_URL/$db" -qAtc 'SELECT count(*) FROM consent_events')"
    bytes="$(psql "$POSTGRES_URL/$db" -qAtc 'SELECT pg_database_size(current_database())')"
    echo "$name (PostgreSQL): $count events, database $bytes bytes = $((bytes / count)) bytes per event"
    psql "$POSTGRES_URL/$db" -qAtF ' ' -c "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND pg_relation_size(c.oid) > 65536 ORDER BY 2 DESC" \
        | awk -v n="$count" '{ if ($2 / n >= 1) printf "    %-36s %7.1f bytes per event\n", $1, $2 / n }'
}

if [[ -n "${ACCORD_BIN_A:-}" && -n "${ACCORD_BIN_B:-}" ]]; then
    sqlite_measure A "$ACCORD_BIN_A"
    sqlite_measure B "$ACCORD_BIN_B"
    [[ -n "${POSTGRES_URL:-}" ]] && postgres_measure B "$WORK/accord-B"
else
    sqlite_measure accord "${ACCORD_BIN:-$ROOT/.build/release/accord}"
    [[ -n "${POSTGRES_URL:-}" ]] && postgres_measure accord "$WORK/accord-accord"
fi
exit 0
