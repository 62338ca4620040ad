#!/usr/bin/env bash
# Check latency as the database grows: for each size (default 10,000 and 10,000,000 events) a fresh SQLite
# database is filled through the bulk path, `accord import-consents` (the consent log's own append, in
# transactions of 1,000 rows, each row a new subject with three purposes: one event each; no HTTP), then
# `accord serve` answers single-subject checks (scripts/wrk/check-scale.lua: a subject drawn at random from all
# the imported ones, four purposes) under wrk, and the script prints p50/p99 per size, how long each build took,
# the bytes per event of the vacuumed file, and the ratio of the p99s (target: within 20 %).
#
#   scripts/bench-scale.sh                                    # release binary at .build/release/accord
#   ACCORD_BIN=/tmp/accord SIZES="10000 1000000" DURATION=10 scripts/bench-scale.sh
#   KEEP=/tmp/scale scripts/bench-scale.sh                   # keep the databases there (they are large)
#
# The 10,000,000-event build takes a long time on two shared cores (run it with `nice` in the background); the
# import prints nothing while it runs, and the largest size reached is what the table shows if it is stopped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${SIZES:-10000 10000000}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
BIN="${ACCORD_BIN:-$ROOT/.build/release/accord}"
[[ -x "$BIN" ]] || { echo "error: no accord binary at $BIN (set ACCORD_BIN)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "error: sqlite3 is not installed (apt-get install sqlite3)" >&2; exit 1; }
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL LOG_LEVEL || true

WORK="${KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-scale.XXXXXX")}"
mkdir -p "$WORK"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
    [[ -n "${KEEP:-}" ]] || rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
cp "$BIN" "$WORK/accord"
ACCORD="$WORK/accord"

start_server() {
    local db="$1"
    PORT="$(free_port)"
    "$ACCORD" serve --http-port "$PORT" --database-url "sqlite://$db" --log-level warning >"$WORK/serve.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0; sleep 0.1; done
    cat "$WORK/serve.log" >&2; echo "error: the server did not start" >&2; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

cat >"$WORK/mapping.yaml" <<'YAML'
format: csv
subject: email
date: consent_date
columns:
  analytics: analytics
  marketing: marketing
  personalization: personalization
YAML

# rows on stdout: one subject per row, three purposes, dates spread over the last 30 days.
generate() {
    python3 - "$1" <<'PY'
import sys, datetime
rows = int(sys.argv[1])
# Dated within the last 30 days: older choices would be expiring, and the server's expiry sweep would record
# notices (writes) during the measurement.
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
def date(i): return (now - datetime.timedelta(seconds=i % 2_592_000 + 60)).strftime("%Y-%m-%dT%H:%M:%SZ")
out = sys.stdout
out.write("email,consent_date,analytics,marketing,personalization\n")
chunk = []
for i in range(rows):
    chunk.append(f"person{i}@example.com,{date(i)},"
                 f"{'yes' if i % 2 else 'no'},{'yes' if i % 3 == 0 else 'no'},{'yes' if i % 5 == 0 else 'no'}\n")
    if len(chunk) == 10000:
        out.write("".join(chunk)); chunk = []
out.write("".join(chunk))
PY
}

declare -A P50 P99 BUILD BYTES
echo "Accord scale bench: $(nproc) cores, binary $BIN, sizes: $SIZES"
for size in $SIZES; do
    db="$WORK/scale-$size.sqlite"
    rm -f "$db" "$db-wal" "$db-shm"
    start_server "$db"   # creates the database with the demo property and its policy
    stop_server
    started="$(date +%s.%N)"
    generate "$size" | "$ACCORD" import-consents - --property demo --mapping "$WORK/mapping.yaml" \
        --database-url "sqlite://$db" --rejects "$WORK/rejects-$size.csv" >"$WORK/import-$size.txt" 2>&1 \
        || { cat "$WORK/import-$size.txt" >&2; echo "error: the import of $size rows failed" >&2; exit 1; }
    BUILD[$size]="$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')"
    events="$(sqlite3 "$db" 'SELECT count(*) FROM consent_events')"
    echo "  $size rows imported in ${BUILD[$size]} s ($(awk -v n="$size" -v s="${BUILD[$size]}" 'BEGIN { printf "%.0f", n / (s > 0 ? s : 1) }') rows/s): $(cat "$WORK/import-$size.txt")"
    [[ "$events" -ge "$size" ]] || { echo "error: $events events stored for $size rows" >&2; exit 1; }

    start_server "$db"
    key="$("$ACCORD" keys create --scopes consents:read --name scale --database-url "sqlite://$db")"
    for phase in warmup measure; do
        seconds="$WARMUP"; [[ "$phase" == measure ]] && seconds="$DURATION"
        ACCORD_KEY="$key" ACCORD_WRK_DIR="$ROOT/scripts/wrk" ACCORD_SCALE_SUBJECTS="$size" \
            wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency -s "$ROOT/scripts/wrk/check-scale.lua" \
            "http://127.0.0.1:$PORT" >"$WORK/wrk-$size-$phase.txt" 2>&1
    done
    stop_server
    line="$(grep '^ACCORD_RESULT' "$WORK/wrk-$size-measure.txt")" || { cat "$WORK/wrk-$size-measure.txt" >&2; exit 1; }
    P50[$size]="$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
    P99[$size]="$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
    rps="$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$line")"
    bad="$(sed -n 's/.* non2xx=\([0-9]*\) socket_errors=\([0-9]*\).*/\1 \2/p' <<<"$line")"
    [[ "$bad" == "0 0" ]] || { echo "error: checks at $size events saw non-2xx answers or socket errors ($bad)" >&2; exit 1; }
    sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
    BYTES[$size]="$(( $(stat -c %s "$db") / events ))"
    printf '  %s events: checks %.0f req/s, p50 %.2f ms, p99 %.2f ms; %s bytes per event (not vacuumed)\n' \
        "$events" "$rps" "${P50[$size]}" "${P99[$size]}" "${BYTES[$size]}"
done

echo
printf '%-14s %12s %10s %10s %16s\n' "events" "build s" "p50 ms" "p99 ms" "bytes per event"
for size in $SIZES; do
    printf '%-14s %12s %10.2f %10.2f %16s\n' "$size" "${BUILD[$size]}" "${P50[$size]}" "${P99[$size]}" "${BYTES[$size]}"
done
first="${SIZES%% *}"; last="${SIZES##* }"
if [[ "$first" != "$last" ]]; then
    awk -v a="${P99[$first]}" -v b="${P99[$last]}" -v f="$first" -v l="$last" \
        'BEGIN { printf "p99 at %s events / p99 at %s: %.2f (target <= 1.20)\n", l, f, b / a }'
fi
