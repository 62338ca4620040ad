#!/usr/bin/env bash
# HTTP throughput of a release build, measured with wrk against a fresh database (SQLite; PostgreSQL below):
#   GET /health (the baseline), durable consent writes, single-subject checks, 1,000-subject batch checks.
# Prints req/s, p50/p99 latency and each figure against its target, then audits the database the write
# load produced (a fast server that breaks its hash chain is not a result).
#
#   scripts/bench-http.sh
#   DURATION=10 WARMUP=3 CONNECTIONS=64 WRITE_CONNECTIONS=128 BATCH_CONNECTIONS=8 ACCORD_BIN=... scripts/bench-http.sh
#
# On PostgreSQL: DATABASE_URL=postgres://user@host:port/db names a server and a database to connect to first;
# the bench creates a fresh database of its own there and drops it afterwards. INSTANCES=2 (PostgreSQL only)
# starts two `accord serve` processes on that database and wrk's threads are spread over them (thread i talks
# to instance i mod N; figures are for the whole). DB_PID (optional) is the postmaster's pid: its CPU and its
# children's are then reported too. scripts/bench-postgres.sh does all this on a throwaway PostgreSQL 15.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres INSTANCES=2 scripts/bench-http.sh
#
# Exit status: non-zero if a run saw errors or non-2xx answers or the audit failed; with STRICT=1 also
# when a target is missed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
# Durable writes are bound by the fsync per group commit, not by CPU: more writers in flight make each
# commit carry more events (64 -> 128 connections gave ~+15 % writes/s here, 256 no more).
WRITE_CONNECTIONS="${WRITE_CONNECTIONS:-$((CONNECTIONS * 2))}"
# A batch answer is ~100 KB of JSON and takes milliseconds to build: a few connections per core keep
# the server saturated; 64 would only queue requests and inflate latency.
BATCH_CONNECTIONS="${BATCH_CONNECTIONS:-8}"
WRK_THREADS="${WRK_THREADS:-2}"
STRICT="${STRICT:-0}"
INSTANCES="${INSTANCES:-1}"
WRK_DIR="$ROOT/scripts/wrk"
# Read before the environment is cleaned below: the server to bench on, if not SQLite.
PG_BASE_URL=""
case "${DATABASE_URL:-}" in
    "" | sqlite:*) ;;
    postgres://* | postgresql://*) PG_BASE_URL="$DATABASE_URL" ;;
    *) echo "error: DATABASE_URL must be postgres://... or postgresql://... (or unset for SQLite)" >&2; exit 1 ;;
esac
[[ "$INSTANCES" =~ ^[1-9][0-9]*$ ]] || { echo "error: INSTANCES must be a positive number" >&2; exit 1; }
if [[ "$INSTANCES" -gt 1 && -z "$PG_BASE_URL" ]]; then
    echo "error: INSTANCES=$INSTANCES needs a shared database: set DATABASE_URL=postgres://..." >&2; exit 1
fi
if (( WRK_THREADS % INSTANCES != 0 )); then
    echo "error: WRK_THREADS ($WRK_THREADS) must be a multiple of INSTANCES ($INSTANCES) to load them evenly" >&2; exit 1
fi
DB_PID="${DB_PID:-}"
PSQL="$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)"

# --- wrk ----------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
    if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "installing wrk ..."
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
            || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
    else
        echo "error: wrk is not installed (apt-get install wrk, or build it from github.com/wg/wrk)" >&2
        exit 1
    fi
fi

# --- the binary -----------------------------------------------------------------------------------
if [[ -z "${ACCORD_BIN:-}" ]]; then
    echo "building release (swift build -c release --product accord) ..."
    BUILD_LOG="$(mktemp "${TMPDIR:-/tmp}/accord-bench-build.XXXXXX")"
    if ! (cd "$ROOT" && swift build -c release --product accord --scratch-path "$ROOT/.build-release") >"$BUILD_LOG" 2>&1; then
        grep -E 'error:' "$BUILD_LOG" | head -20 >&2 || tail -20 "$BUILD_LOG" >&2
        rm -f "$BUILD_LOG"
        echo "error: the release build failed" >&2
        exit 1
    fi
    rm -f "$BUILD_LOG"
    ACCORD_BIN="$ROOT/.build-release/release/accord"
fi
[[ -x "$ACCORD_BIN" ]] || { echo "error: no executable at $ACCORD_BIN" >&2; exit 1; }

# Only our settings reach the server and the CLI.
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL LOG_LEVEL DATABASE_SQLITE_SYNCHRONOUS DB_SQLITE_SYNCHRONOUS || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench.XXXXXX")"
PG_DB=""
if [[ -n "$PG_BASE_URL" ]]; then
    # A fresh database on that server, like the fresh SQLite file: same server and options, our database.
    PG_DB="accord_bench_$(date +%s)_$$"
    DBURL="$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$PG_BASE_URL" "$PG_DB")"
else
    DB="$WORK/bench.sqlite"
    DBURL="sqlite://$DB"
fi
SERVER_PIDS=()
WRK_PID=""

cleanup() {
    local status=$?
    for pid in "$WRK_PID" "${SERVER_PIDS[@]}"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    if [[ -n "$PG_DB" ]]; then
        "$PSQL" "$PG_BASE_URL" -qAtc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A private copy, so a rebuild of the shared binary during the run cannot disturb it.
cp "$ACCORD_BIN" "$WORK/accord"
ACCORD="$WORK/accord"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

SERVE_OPTS=(--log-level warning)
if [[ -n "$PG_DB" ]]; then
    "$PSQL" "$PG_BASE_URL" -qAtc "CREATE DATABASE $PG_DB" >/dev/null
else
    # Durable settings as in production (synchronous=full).
    SERVE_OPTS+=(--database-sqlite-synchronous full)
fi
# Warning level so per-request logs cost nothing. The instances start together on the fresh database.
PORTS=()
for index in $(seq 1 "$INSTANCES"); do
    port="$(free_port)"
    PORTS+=("$port")
    "$ACCORD" serve --http-port "$port" --database-url "$DBURL" "${SERVE_OPTS[@]}" >"$WORK/serve-$index.log" 2>&1 &
    SERVER_PIDS+=("$!")
done
for index in "${!PORTS[@]}"; do
    for _ in $(seq 1 300); do
        curl -fsS "http://127.0.0.1:${PORTS[$index]}/health" >/dev/null 2>&1 && break
        kill -0 "${SERVER_PIDS[$index]}" 2>/dev/null \
            || { cat "$WORK/serve-$((index + 1)).log" >&2; echo "error: server exited" >&2; exit 1; }
        sleep 0.1
    done
    curl -fsS "http://127.0.0.1:${PORTS[$index]}/health" >/dev/null \
        || { echo "error: server $((index + 1)) did not become healthy" >&2; exit 1; }
done
BASE="http://127.0.0.1:${PORTS[0]}"
# report.lua points wrk thread i at instance i mod N (with one instance: the URL wrk is given).
ACCORD_TARGETS="$(printf '127.0.0.1:%s ' "${PORTS[@]}")"

ACCORD_KEY="$("$ACCORD" keys create --scopes consents:read,consents:write --name bench --database-url "$DBURL")"
export ACCORD_KEY ACCORD_WRK_DIR="$WRK_DIR" ACCORD_TARGETS

CLK_TCK="$(getconf CLK_TCK)"
# utime + stime of the given processes (and of their children, for the database: one backend per connection).
cpu_ticks() {
    local pid total=0 t
    for pid in "$@"; do
        t="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
        total=$((total + t))
    done
    echo "$total"
}
server_cpu_ticks() { cpu_ticks "${SERVER_PIDS[@]}"; }
# Busy ticks of the whole machine (all cores), to tell what other work took during a run.
machine_busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
# CPU seconds of this shell's reaped children (wrk, once waited for), from the `times` builtin; written to a
# file because a command substitution would run `times` in a subshell that has no children.
children_cpu_seconds() {
    times >"$WORK/times.txt"
    awk 'function s(x, p) { split(x, p, "m"); sub("s", "", p[2]); return p[1] * 60 + p[2] }
         NR == 2 { printf "%.3f", s($1) + s($2) }' "$WORK/times.txt"
}
db_cpu_ticks() {
    [[ -n "$DB_PID" ]] || { echo 0; return; }
    # shellcheck disable=SC2046 # one pid per word
    cpu_ticks "$DB_PID" $(pgrep -P "$DB_PID" || true)
}

ERRORS=0
declare -A RPS P50 P99 CPU DBCPU OTHER

# run NAME SCRIPT CONNECTIONS: warm up (discarded), then measure; fills RPS/P50/P99/CPU[NAME].
run() {
    local name="$1" script="$2" conns="$3"
    wrk -t "$WRK_THREADS" -c "$conns" -d "${WARMUP}s" --timeout 10s -s "$WRK_DIR/$script" "$BASE" \
        >"$WORK/$name.warmup.txt" 2>&1 &
    WRK_PID=$!; wait "$WRK_PID"; WRK_PID=""
    local before after db_before db_after
    local busy_before busy_after wrk_before wrk_after
    wrk_before="$(children_cpu_seconds)"; busy_before="$(machine_busy_ticks)"
    before="$(server_cpu_ticks)"; db_before="$(db_cpu_ticks)"
    wrk -t "$WRK_THREADS" -c "$conns" -d "${DURATION}s" --timeout 10s --latency -s "$WRK_DIR/$script" "$BASE" \
        >"$WORK/$name.txt" 2>&1 &
    WRK_PID=$!; wait "$WRK_PID"; WRK_PID=""
    after="$(server_cpu_ticks)"; db_after="$(db_cpu_ticks)"
    busy_after="$(machine_busy_ticks)"; wrk_after="$(children_cpu_seconds)"

    # wrk does not count requests that hang forever on a stuck server as errors, so check liveness here.
    local port
    for port in "${PORTS[@]}"; do
        if ! curl -fsS -m 5 "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
            echo "error: the server on port $port stopped answering during the $name run (GET /health timed out);" \
                "it is hung, not slow. wrk said:" >&2
            grep -E 'ACCORD_RESULT|requests in' "$WORK/$name.txt" >&2 || true
            exit 1
        fi
    done

    local line
    line="$(grep '^ACCORD_RESULT' "$WORK/$name.txt" || true)"
    if [[ -z "$line" ]]; then
        echo "error: wrk gave no result for $name:" >&2; cat "$WORK/$name.txt" >&2; exit 1
    fi
    local rps p50 p99 non2xx socket seconds
    rps="$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$line")"
    p50="$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
    p99="$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")"
    non2xx="$(sed -n 's/.* non2xx=\([0-9]*\).*/\1/p' <<<"$line")"
    socket="$(sed -n 's/.* socket_errors=\([0-9]*\).*/\1/p' <<<"$line")"
    seconds="$(sed -n 's/.* seconds=\([0-9.]*\).*/\1/p' <<<"$line")"
    RPS[$name]="$rps"; P50[$name]="$p50"; P99[$name]="$p99"
    # Cores the server kept busy: near 2.0 means wrk is starving it; the rest of the 2 cores went to wrk.
    CPU[$name]="$(awk -v d="$((after - before))" -v t="$CLK_TCK" -v s="$seconds" 'BEGIN { printf "%.2f", d / t / s }')"
    DBCPU[$name]="$(awk -v d="$((db_after - db_before))" -v t="$CLK_TCK" -v s="$seconds" 'BEGIN { printf "%.2f", d / t / s }')"
    # Other work = the machine's busy cores minus server, database and wrk: the load the figures ran under.
    OTHER[$name]="$(awk -v b="$((busy_after - busy_before))" -v srv="$((after - before))" -v db="$((db_after - db_before))" \
        -v w="$(awk -v a="$wrk_after" -v b="$wrk_before" 'BEGIN { print a - b }')" -v t="$CLK_TCK" -v s="$seconds" \
        'BEGIN { o = ((b - srv - db) / t - w) / s; if (o < 0) o = 0; printf "%.2f", o }')"
    local db_note=""
    [[ -n "$DB_PID" ]] && db_note=", PostgreSQL ${DBCPU[$name]}"
    printf '  %-14s %10.0f req/s  p50 %7.2f ms  p99 %7.2f ms  server CPU %s cores%s, other work %s  (%d connections)\n' \
        "$name" "$rps" "$p50" "$p99" "${CPU[$name]}" "$db_note" "${OTHER[$name]}" "$conns"
    if [[ "$non2xx" != 0 || "$socket" != 0 ]]; then
        echo "  error: $name saw $non2xx non-2xx answers and $socket socket errors" >&2
        grep -E 'Socket errors|Non-2xx' "$WORK/$name.txt" >&2 || true
        ERRORS=$((ERRORS + 1))
    fi
}

if [[ -n "$PG_DB" ]]; then
    echo "database: PostgreSQL $("$PSQL" "$DBURL" -qAtc 'SHOW server_version' 2>/dev/null || echo '?')" \
        "(fsync $("$PSQL" "$DBURL" -qAtc 'SHOW fsync' 2>/dev/null || echo '?')," \
        "synchronous_commit $("$PSQL" "$DBURL" -qAtc 'SHOW synchronous_commit' 2>/dev/null || echo '?'))," \
        "$INSTANCES instance(s): ${PORTS[*]}"
else
    echo "database: SQLite (synchronous=full, WAL), 1 instance"
fi
echo "Accord HTTP bench: $(nproc) cores shared by server and wrk; $WRK_THREADS wrk threads, ${WARMUP} s warm-up + ${DURATION} s per run"
# Anything else running (a compiler, tests) takes cores from the server and the figures mean little.
LOAD1="$(cut -d' ' -f1 /proc/loadavg)"
if awk -v l="$LOAD1" 'BEGIN { exit !(l > 1.0) }'; then
    echo "warning: 1-minute load average is $LOAD1 before the run: other work is competing for the cores"
fi
# The write run goes before the checks: the checks read the subjects it records.
run health health.lua "$CONNECTIONS"
pg_commits() { "$PSQL" "$DBURL" -qAtc "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()" 2>/dev/null | tail -1; }
[[ -n "$PG_DB" ]] && COMMITS_BEFORE="$(pg_commits)"
run write consent-write.lua "$WRITE_CONNECTIONS"
# Group commit: how many events one PostgreSQL transaction carried (counter flushed with some delay; approximate).
[[ -n "$PG_DB" ]] && COMMITS_AFTER="$(pg_commits)"
run single check-single.lua "$CONNECTIONS"
run batch check-batch.lua "$BATCH_CONNECTIONS"

# Graceful stop (SIGTERM), then audit the database the write load produced.
for pid in "${SERVER_PIDS[@]}"; do
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        echo "warning: the server ignored SIGTERM for 10 s; killing it" >&2
        kill -9 "$pid"
    fi
    wait "$pid" 2>/dev/null || true
done
SERVER_PIDS=()
AUDIT_RC=0
AUDIT="$("$ACCORD" audit verify --database-url "$DBURL" 2>&1)" || AUDIT_RC=$?

# --- report -----------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
# Sets VERDICT to met/MISSED for "$1 >= $2" and counts misses (no subshell, so the count survives).
MISSED=0
judge() {
    if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; then VERDICT="met"; else VERDICT="MISSED"; MISSED=$((MISSED + 1)); fi
}

W_RATIO="$(ratio "${RPS[write]}" "${RPS[health]}")"
S_RATIO="$(ratio "${RPS[single]}" "${RPS[health]}")"
B_RATIO="$(ratio "${RPS[batch]}" "${RPS[health]}")"
DECISIONS="$(awk -v r="${RPS[batch]}" 'BEGIN { printf "%.0f", r * 1000 * 4 }')"
judge "$W_RATIO" 70; W_VERDICT="$VERDICT"
judge "$S_RATIO" 85; S_VERDICT="$VERDICT"
judge "$DECISIONS" 1000000; B_VERDICT="$VERDICT"

row() { printf '%-36s %10s %9s %9s %10s  %s\n' "$@"; }
echo
if [[ -n "$PG_DB" ]]; then echo "PostgreSQL, $INSTANCES instance(s):"; else echo "SQLite, 1 instance:"; fi
row "endpoint" "req/s" "p50 ms" "p99 ms" "vs health" "target"
row "------------------------------------" "----------" "---------" "---------" "----------" "-------------------------"
# figures NAME: req/s with one decimal, latencies with two.
figures() { printf '%.1f %.2f %.2f' "${RPS[$1]}" "${P50[$1]}" "${P99[$1]}"; }
# shellcheck disable=SC2046 # word splitting of figures is intended
row "GET /health (baseline)" $(figures health) "100.0%" "-"
# shellcheck disable=SC2046
row "POST consents (durable write)" $(figures write) "$W_RATIO%" ">= 70% of health: $W_VERDICT"
# shellcheck disable=SC2046
row "POST check, 1 subject x 4 purposes" $(figures single) "$S_RATIO%" ">= 85% of health: $S_VERDICT"
# shellcheck disable=SC2046
row "POST check, 1,000 subjects x 4" $(figures batch) "$B_RATIO%" "-"
row "  = decisions/s (req/s x 4,000)" "$DECISIONS" "" "" "" ">= 1,000,000/s: $B_VERDICT"
if [[ -n "$PG_DB" && -n "${COMMITS_BEFORE:-}" && -n "${COMMITS_AFTER:-}" ]]; then
    # Includes the warm-up and the few reads around the run: an estimate.
    awk -v c="$((COMMITS_AFTER - COMMITS_BEFORE))" -v w="$WARMUP" -v d="$DURATION" -v r="${RPS[write]}" \
        'BEGIN { if (c > 0) printf "write run: %d PostgreSQL commits in %d s (warm-up included), ~%.0f events per commit\n", c, w + d, r * (w + d) / c }'
fi
echo "other work on the machine during the runs (cores of $(nproc)): health ${OTHER[health]}, write ${OTHER[write]}," \
    "single ${OTHER[single]}, batch ${OTHER[batch]}; 1-minute load average before: $LOAD1"
echo
echo "audit verify on the bench database: $AUDIT"

if [[ $AUDIT_RC -ne 0 || "$AUDIT" != ok:* ]]; then
    echo "FAIL: the write load left a database that does not audit clean" >&2
    exit 1
fi
if [[ $ERRORS -ne 0 ]]; then
    echo "FAIL: $ERRORS run(s) saw errors" >&2
    exit 1
fi
if [[ $MISSED -ne 0 ]]; then
    echo "$MISSED target(s) missed"
    [[ "$STRICT" == 1 ]] && exit 2
fi
exit 0
