#!/usr/bin/env bash
# Check latency as the database grows: for each size (default 10,000 and 10,000,000 events) a fresh SQLite
# database is filled through the bulk path, `accord seed-consents` (banner writes of new visitors, one event each,
# built and appended exactly as `POST /v1/properties/demo/consents` stores them, through the same append planner
# and SQL, 10,000 a transaction; no HTTP), then `accord serve` answers single-subject checks
# (scripts/wrk/check-scale.lua: a subject drawn at random from all the seeded ones, four purposes) under wrk, and
# the script prints p50/p99 per size, how long each build took (and its events/s), the bytes per event of the
# file, and the ratio of the p99s (target: within 20 %). The sizes are measured in turn, ROUNDS times (default 2),
# so that the machine's load drifts over all of them alike. VERIFY=1 runs `accord audit verify` on each database
# after its build (minutes at ten million events).
#
#   scripts/bench-scale.sh                                    # release binary at .build/release/accord
#   ACCORD_BIN=/tmp/accord SIZES="10000 1000000" DURATION=10 scripts/bench-scale.sh
#   KEEP=/tmp/scale scripts/bench-scale.sh                   # keep the databases there (they are large)
#   KEEP=/tmp/scale REUSE=1 scripts/bench-scale.sh           # measure the databases already there (no build)
#   SEED_BIN=<a build with seed-consents> ACCORD_BIN=<the server to measure> scripts/bench-scale.sh
#   POSTGRES_URL=postgres://postgres@127.0.0.1:5432 scripts/bench-scale.sh   # PostgreSQL instead of SQLite
#
# With POSTGRES_URL (a server to connect to, no database name) each size gets a database `accord_scale_<size>` there,
# seeded 1,000 events a transaction (BATCH), then `VACUUM ANALYZE`d; the bytes per event are `pg_database_size`'s.
# They are dropped at the end unless KEEP is set; REUSE=1 measures the ones already there.
#
# Disk: about 1.1 kB per event while building (10,000,000 events: about 11 GB), deleted at the end unless KEEP.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${SIZES:-10000 10000000}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
ROUNDS="${ROUNDS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
BIN="${ACCORD_BIN:-$ROOT/.build/release/accord}"
[[ -x "$BIN" ]] || { echo "error: no accord binary at $BIN (set ACCORD_BIN)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "error: sqlite3 is not installed (apt-get install sqlite3)" >&2; exit 1; }
PG="${POSTGRES_URL:-}"
[[ -z "$PG" ]] || command -v psql >/dev/null || { echo "error: POSTGRES_URL needs psql" >&2; exit 1; }
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL LOG_LEVEL || true

WORK="${KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-scale.XXXXXX")}"
mkdir -p "$WORK"
SERVER_PID=""
PG_DBS=()
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
    if [[ -z "${KEEP:-}" ]]; then
        for name in "${PG_DBS[@]}"; do psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1 || true; done
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
cp "$BIN" "$WORK/accord"
ACCORD="$WORK/accord"
SEEDER="${SEED_BIN:-$ACCORD}"

# The database of SIZE events: a SQLite file in WORK, or a PostgreSQL database on POSTGRES_URL's server.
db_url() { if [[ -n "$PG" ]]; then echo "$PG/accord_scale_$1?sslmode=disable"; else echo "sqlite://$WORK/scale-$1.sqlite"; fi; }
db_exists() {
    if [[ -n "$PG" ]]; then [[ "$(psql "$PG/postgres" -qAtc "SELECT count(*) FROM pg_database WHERE datname = 'accord_scale_$1'")" == 1 ]]
    else [[ -f "$WORK/scale-$1.sqlite" ]]; fi
}
db_sql() {
    if [[ -n "$PG" ]]; then psql "$PG/accord_scale_$1" -qAtc "$2"; else sqlite3 "$WORK/scale-$1.sqlite" "$2"; fi
}
db_bytes() {
    if [[ -n "$PG" ]]; then db_sql "$1" 'SELECT pg_database_size(current_database())'; else stat -c %s "$WORK/scale-$1.sqlite"; fi
}

start_server() {
    local url="$1"
    PORT="$(free_port)"
    "$ACCORD" serve --http-port "$PORT" --database-url "$url" --log-level warning >"$WORK/serve.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0; sleep 0.1; done
    cat "$WORK/serve.log" >&2; echo "error: the server did not start" >&2; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

declare -A P50 P99 BUILD BYTES
echo "Accord scale bench: $(nproc) cores, binary $BIN, ${PG:+PostgreSQL at $PG, }sizes: $SIZES"
for size in $SIZES; do
    url="$(db_url "$size")"
    [[ -z "$PG" ]] || PG_DBS+=("accord_scale_$size")
    if [[ "${REUSE:-0}" == 1 ]] && db_exists "$size"; then
        events="$(db_sql "$size" 'SELECT count(*) FROM consent_events')"
        BUILD[$size]="-"
        echo "  $size: measuring the database already at ${url%%\?*} ($events events)"
        BYTES[$size]="$(( $(db_bytes "$size") / events ))"
        continue
    fi
    if [[ -n "$PG" ]]; then
        PGOPTIONS="--client-min-messages=warning" psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS accord_scale_$size" \
            -c "CREATE DATABASE accord_scale_$size" >/dev/null
    else
        rm -f "$WORK/scale-$size.sqlite" "$WORK/scale-$size.sqlite-wal" "$WORK/scale-$size.sqlite-shm"
    fi
    start_server "$url"   # creates the database with the demo property and its policy
    stop_server
    started="$(date +%s.%N)"
    batch="${BATCH:-10000}"; [[ -z "$PG" ]] || batch="${BATCH:-1000}"
    nice -n "${SEED_NICE:-0}" "$SEEDER" seed-consents --property demo --events "$size" --batch "$batch" \
        --database-url "$url" >"$WORK/seed-$size.txt" 2>"$WORK/seed-$size.err" \
        || { cat "$WORK/seed-$size.txt" "$WORK/seed-$size.err" >&2; echo "error: seeding $size events failed" >&2; exit 1; }
    BUILD[$size]="$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')"
    events="$(db_sql "$size" 'SELECT count(*) FROM consent_events')"
    echo "  $size events seeded in ${BUILD[$size]} s ($(awk -v n="$size" -v s="${BUILD[$size]}" 'BEGIN { printf "%.0f", n / (s > 0 ? s : 1) }') events/s end to end): $(cat "$WORK/seed-$size.txt")"
    [[ "$events" -ge "$size" ]] || { echo "error: $events events stored for $size" >&2; exit 1; }
    if [[ "${VERIFY:-0}" == 1 ]]; then
        verified_in="$(date +%s)"
        echo "  audit: $("$ACCORD" audit verify --database-url "$url" | head -1) ($(( $(date +%s) - verified_in )) s)"
    fi

    if [[ -n "$PG" ]]; then db_sql "$size" 'VACUUM ANALYZE' >/dev/null; else db_sql "$size" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null; fi
    BYTES[$size]="$(( $(db_bytes "$size") / events ))"
done

# The visitors the checks draw from for SIZE: av_0 .. av_<SIZE-1>, or SUBJECTS_<SIZE> of them (a database whose
# build was stopped holds only some of its visitors: drawing from more at the other size keeps the share of checks
# that find a subject the same).
subjects() { local name="SUBJECTS_$1"; echo "${!name:-$1}"; }

# measure SIZE ROUND: checks against the server on that size's database, warm-up first.
measure() {
    local size="$1" round="$2" url line rps bad
    url="$(db_url "$size")"
    start_server "$url"
    [[ -n "${KEYS[$size]:-}" ]] || KEYS[$size]="$("$ACCORD" keys create --scopes consents:read --name scale --database-url "$url")"
    for phase in warmup measure; do
        seconds="$WARMUP"; [[ "$phase" == measure ]] && seconds="$DURATION"
        ACCORD_KEY="${KEYS[$size]}" ACCORD_WRK_DIR="$ROOT/scripts/wrk" ACCORD_SCALE_SUBJECTS="$(subjects "$size")" \
            wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency -s "$ROOT/scripts/wrk/check-scale.lua" \
            "http://127.0.0.1:$PORT" >"$WORK/wrk-$size-$phase.txt" 2>&1
    done
    stop_server
    line="$(grep '^ACCORD_RESULT' "$WORK/wrk-$size-measure.txt")" || { cat "$WORK/wrk-$size-measure.txt" >&2; exit 1; }
    P50[$size,$round]="$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
    P99[$size,$round]="$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
    rps="$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$line")"
    RPS[$size,$round]="$rps"
    bad="$(sed -n 's/.* non2xx=\([0-9]*\) socket_errors=\([0-9]*\).*/\1 \2/p' <<<"$line")"
    [[ "$bad" == "0 0" ]] || { echo "error: checks at $size events saw non-2xx answers or socket errors ($bad)" >&2; exit 1; }
    printf '  round %s, %s events: checks %.0f req/s, p50 %.2f ms, p99 %.2f ms\n' "$round" "$size" "$rps" "${P50[$size,$round]}" "${P99[$size,$round]}"
}

# The sizes measured in turn, ROUNDS times, so that the machine's load drifts over all of them alike.
declare -A KEYS RPS
for round in $(seq 1 "$ROUNDS"); do
    for size in $SIZES; do measure "$size" "$round"; done
done

echo
printf '%-12s %9s %10s %8s %9s %9s %16s\n' "events" "build s" "events/s" "round" "p50 ms" "p99 ms" "bytes per event"
for size in $SIZES; do
    for round in $(seq 1 "$ROUNDS"); do
        printf '%-12s %9s %10s %8s %9.2f %9.2f %16s\n' "$size" "${BUILD[$size]}" \
            "$(awk -v n="$size" -v s="${BUILD[$size]}" 'BEGIN { if (s == "-") print "-"; else printf "%.0f", n / (s > 0 ? s : 1) }')" "$round" \
            "${P50[$size,$round]}" "${P99[$size,$round]}" "${BYTES[$size]}"
    done
done
first="${SIZES%% *}"; last="${SIZES##* }"
if [[ "$first" != "$last" ]]; then
    for round in $(seq 1 "$ROUNDS"); do
        awk -v a="${P99[$first,$round]}" -v b="${P99[$last,$round]}" -v f="$first" -v l="$last" -v r="$round" \
            'BEGIN { printf "round %s: p99 at %s events / p99 at %s: %.2f (target <= 1.20)\n", r, l, f, b / a }'
    done
fi
