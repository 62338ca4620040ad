#!/usr/bin/env bash
# Profiles of `accord serve` on SQLite for fixed numbers of requests: GET /health, durable consent writes (a new
# subject each, synchronous=FULL), checks of 2 subjects x 1 purpose, batch checks of 500 subjects x 2 purposes.
# PROFILER=perf (default): `perf record -e cpu-clock -g` on the server while one phase runs; prints the server's CPU
# samples per request (a multiple of /health's: both move with the machine's load, the shares far less) and the top
# of the inclusive profile (`perf report --children`). PROFILER=callgrind: instruction counts, which do not move
# with load (valgrind 3.19 as packaged here crashes on the Swift server: "VALGRIND INTERNAL ERROR ... SIGSEGV").
# The start, the seeding and the warm-up are not counted. Keeps the profiles in OUT.
# `python3 scripts/profile_shares.py OUT/write.perf` splits a kept profile by part of the request (writer, NIO, body...).
#
#   ACCORD_BIN=.build/x86_64-unknown-linux-gnu/release/accord OUT=/tmp/profiles scripts/profile-server.sh
#   WRITES=2000 CHECKS=4000 BATCHES=40 HEALTH=4000 CONNECTIONS=8 TOP=25 SEEDS=1000 ...   (the defaults)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD="${ACCORD_BIN:-$ROOT/.build/x86_64-unknown-linux-gnu/release/accord}"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/accord-profiles.XXXXXX")}"
WRITES="${WRITES:-2000}" CHECKS="${CHECKS:-4000}" BATCHES="${BATCHES:-40}" HEALTH="${HEALTH:-4000}"
PROFILER="${PROFILER:-perf}"
CONNECTIONS="${CONNECTIONS:-8}" TOP="${TOP:-25}" SEEDS="${SEEDS:-1000}"
command -v "${PROFILER/callgrind/valgrind}" >/dev/null || { echo "error: $PROFILER is not installed" >&2; exit 1; }
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL LOG_LEVEL || true
mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-profile.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
# Valgrind 3.19 cannot read the DWARF 5 debug information Swift writes ("Possibly corrupted debuginfo file"):
# profile a copy without it (the symbol table, and so the function names, stay).
if [[ "$PROFILER" == callgrind ]]; then objcopy --strip-debug "$ACCORD" "$WORK/accord"; ACCORD="$WORK/accord"; fi
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
DBURL="sqlite://$WORK/profile.sqlite"
"$ACCORD" migrate --database-url "$DBURL" >/dev/null
KEY="$("$ACCORD" keys create --scopes consents:read,consents:write --name profile --database-url "$DBURL")"

if [[ "$PROFILER" == callgrind ]]; then
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/callgrind.%p" \
        "$ACCORD" serve --http-port "$PORT" --database-url "$DBURL" --log-level error >"$WORK/server.log" 2>&1 &
else
    "$ACCORD" serve --http-port "$PORT" --database-url "$DBURL" --log-level error >"$WORK/server.log" 2>&1 &
fi
SERVER_PID=$!
for _ in $(seq 1 1500); do curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"
load() { python3 "$ROOT/scripts/profile_load.py" "$BASE" "$KEY" "$1" "$2" "$3" "${4:-p}" "$SEEDS"; }
# The subjects the checks read (seed-0 .. seed-999), and a warm-up of every kind, not counted.
load write "$SEEDS" "$CONNECTIONS" seed
load write 50 "$CONNECTIONS" warm
load check 50 "$CONNECTIONS"
load batch 2 2
load health 50 "$CONNECTIONS"

# phase NAME KIND COUNT: profiles COUNT requests of KIND into its own file; PER_REQUEST is instructions
# (callgrind) or µs of server CPU (perf: samples of 1 ms, times 1000) per request.
declare -A PER_REQUEST
phase() {
    local name="$1" kind="$2" count="$3" file total
    if [[ "$PROFILER" == callgrind ]]; then
        callgrind_control -z "$SERVER_PID" >/dev/null
        callgrind_control -i on "$SERVER_PID" >/dev/null
        load "$kind" "$count" "$CONNECTIONS" "$name"
        callgrind_control -i off "$SERVER_PID" >/dev/null
        callgrind_control -d "$name" "$SERVER_PID" >/dev/null
        file="$(ls -t "$OUT"/callgrind.* | head -1)"
        mv "$file" "$OUT/$name.callgrind"
        total="$(callgrind_annotate "$OUT/$name.callgrind" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done { gsub(",", "", $1); print $1; done = 1 }')"
    else
        perf record -e cpu-clock -F 1000 -g -p "$SERVER_PID" -o "$OUT/$name.perf" -- \
            python3 "$ROOT/scripts/profile_load.py" "$BASE" "$KEY" "$kind" "$count" "$CONNECTIONS" "$name" "$SEEDS" 2>"$WORK/perf-$name.log"
        total="$(perf report -i "$OUT/$name.perf" --stdio --no-children -n --sort pid 2>/dev/null \
            | awk '/^ +[0-9.]+%/ { samples += $2 } END { print samples * 1000 }')"
    fi
    PER_REQUEST[$name]=$(( total / count ))
}
phase health health "$HEALTH"
phase write write "$WRITES"
phase check check "$CHECKS"
phase batch batch "$BATCHES"

# Frames every request passes through (threads, executors, thunks) and the kernel's: left out of the top to leave
# room for the work (the shares stay shares of all the server's samples, the kernel's included).
FRAMES='start_thread|_dispatch_|swift_job_run|runJobInEstablishedExecutorContext|ThreadOpsPosix|MultiThreadedEventLoopGroup|withAutoReleasePool|partial apply|thunk for|clone3?$|DispatchQueue(Actor|Executor)|SerializedDatabase.execute'
demangle() { if command -v swift >/dev/null; then swift demangle --simplified --compact; else cat; fi; }
unit="instructions"; [[ "$PROFILER" == perf ]] && unit="µs of server CPU (1 kHz samples)"
for name in health write check batch; do
    echo "== $name: ${PER_REQUEST[$name]} $unit per request ($(python3 -c "print(f'{${PER_REQUEST[$name]} / ${PER_REQUEST[health]}:.1f}')") x /health)"
    if [[ "$PROFILER" == callgrind ]]; then
        callgrind_annotate --inclusive=yes --threshold=100 "$OUT/$name.callgrind" 2>/dev/null \
            | awk '/^-+$/ { sep++ ; next } sep >= 3 && NF' | sed -n "1,${TOP}p" | demangle | cut -c1-200
    else
        perf report -i "$OUT/$name.perf" --stdio --children --sort symbol -g none --percent-limit 1 2>/dev/null \
            | grep -v '^#' | grep -v '^$' | grep -v -F '[k]' | demangle | grep -v -E "$FRAMES" | sed -n "1,${TOP}p" | cut -c1-200
    fi
done
echo "profiles: $OUT"
