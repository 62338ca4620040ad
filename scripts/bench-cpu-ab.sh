#!/usr/bin/env bash
# Server CPU time per request of two accord builds, side by side, for the same wrk loads: a comparison that
# holds on a busy machine, where request rates swing with whatever else runs (CPU time per request moves far
# less). Both servers run at once on fresh SQLite files; each load runs on A, then on B, ROUNDS times, and the
# CPU time (utime + stime from /proc) each server spent is divided by the requests it answered.
#
#   ACCORD_BIN_A=/path/to/old/accord ACCORD_BIN_B=.build/release/accord scripts/bench-cpu-ab.sh
#   ROUNDS=3 SECONDS_PER_RUN=4 scripts/bench-cpu-ab.sh
#
# Prints one line per run (µs of server CPU per request) and, per load, B against A in per cent.
# The same version of scripts/wrk drives both, so both builds must accept today's request shapes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
A="${ACCORD_BIN_A:?set ACCORD_BIN_A to the baseline accord binary}"
B="${ACCORD_BIN_B:?set ACCORD_BIN_B to the accord binary to compare}"
ROUNDS="${ROUNDS:-2}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-4}"
command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
for binary in "$A" "$B"; do [[ -x "$binary" ]] || { echo "error: no executable at $binary" >&2; exit 1; }; done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-cpu-ab.XXXXXX")"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL || true
export ACCORD_WRK_DIR="$ROOT/scripts/wrk"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

declare -A PORT PID KEY
start() { # NAME BINARY
    local name="$1" binary="$2" port
    port="$(free_port)"
    "$binary" serve --http-port "$port" --database-url "sqlite://$WORK/$name.sqlite" --log-level warning \
        >"$WORK/$name.log" 2>&1 &
    PID[$name]=$!
    PIDS+=("$!")
    PORT[$name]=$port
    for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { cat "$WORK/$name.log" >&2; exit 1; }
    KEY[$name]="$("$binary" keys create --scopes consents:read,consents:write --name bench \
        --database-url "sqlite://$WORK/$name.sqlite")"
}
start A "$A"
start B "$B"

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
CLK_TCK="$(getconf CLK_TCK)"

# run NAME SCRIPT CONNECTIONS: prints "µs-per-request requests"
run() {
    local name="$1" script="$2" connections="$3" before after line requests
    export ACCORD_KEY="${KEY[$name]}" ACCORD_TARGETS="127.0.0.1:${PORT[$name]} "
    before="$(ticks "${PID[$name]}")"
    line="$(wrk -t 2 -c "$connections" -d "${SECONDS_PER_RUN}s" -s "$ACCORD_WRK_DIR/$script" \
        "http://127.0.0.1:${PORT[$name]}" | grep '^ACCORD_RESULT' || true)"
    after="$(ticks "${PID[$name]}")"
    requests="$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$line")"
    [[ -n "$requests" && "$requests" -gt 0 ]] || { echo "error: wrk gave no result for $name $script" >&2; exit 1; }
    echo "$(( (after - before) * 1000000 / CLK_TCK / requests )) $requests"
}

# The check loads read subjects the write load recorded: write first on both.
run A consent-write.lua 32 >/dev/null
run B consent-write.lua 32 >/dev/null

declare -A SUM_A SUM_B
LOADS=(health.lua check-single.lua check-batch.lua consent-write.lua)
for round in $(seq 1 "$ROUNDS"); do
    for script in "${LOADS[@]}"; do
        connections=16
        [[ "$script" == check-batch.lua ]] && connections=4
        result_a="$(run A "$script" "$connections")"
        result_b="$(run B "$script" "$connections")"
        read -r a requests_a <<<"$result_a"
        read -r b requests_b <<<"$result_b"
        printf 'round %d  %-18s A %8d µs/request (%d requests)   B %8d µs/request (%d requests)\n' \
            "$round" "$script" "$a" "$requests_a" "$b" "$requests_b"
        SUM_A[$script]=$(( ${SUM_A[$script]:-0} + a ))
        SUM_B[$script]=$(( ${SUM_B[$script]:-0} + b ))
    done
done
echo
for script in "${LOADS[@]}"; do
    awk -v s="$script" -v a="${SUM_A[$script]}" -v b="${SUM_B[$script]}" \
        'BEGIN { printf "%-18s B against A: %+.1f %% server CPU per request\n", s, (b - a) * 100 / a }'
done
