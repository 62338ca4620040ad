#!/usr/bin/env bash
# Fault campaign: nothing acknowledged is lost, nothing is stored twice, whatever fails.
#
#   crash-sqlite, crash-postgres  CYCLES times: a mixed load (keyed and public writes, withdrawals, checks), kill -9
#                   of `accord serve` at a random moment, accounting on the crashed database (every acknowledged
#                   event stored exactly once), restart, every unacknowledged request resent with its idempotency
#                   key, accounting again (now exactly once for every request), `accord audit verify`.
#   postmaster      kill -9 of PostgreSQL's postmaster under load, restart: 503 with Retry-After meanwhile, automatic
#                   recovery, every request acknowledged exactly once.
#   netcut          the network to PostgreSQL cut for CUT_SECONDS (a proxy this script controls drops everything):
#                   503 with Retry-After meanwhile, /ready 503, automatic recovery, every request exactly once.
#   stall           every fsync of `accord serve` (SQLite) held STALL_MS by `strace -e inject` while writers load
#                   it: bulk checks must keep answering; prints their p50/p99 before and during the stall.
#   diskfull        the SQLite file on a small tmpfs that fills up: writes answer 503 (or 507) with the standard
#                   error body, reads keep answering, space freed: writes succeed again, audit clean.
#
#   scripts/fault-campaign.sh                         # every phase its prerequisites allow, CYCLES=20, CUT_SECONDS=30
#   CYCLES=3 CUT_SECONDS=8 scripts/fault-campaign.sh crash-sqlite netcut   # the short version (scripts/test.sh)
# PostgreSQL phases need ACCORD_TEST_POSTGRES_URL (postmaster also ACCORD_TEST_PGDATA and root, for pg_ctl as the
# postgres user); diskfull needs root (mount). Phases that cannot run say so and are skipped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
CYCLES="${CYCLES:-20}"
CUT_SECONDS="${CUT_SECONDS:-30}"
THREADS="${THREADS:-6}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PSQL="$(command -v psql || echo "$PGBIN/psql")"
LOAD="$ROOT/scripts/fault_load.py"
STALL_MS="${STALL_MS:-1000}"
PHASES=("$@")
[[ ${#PHASES[@]} -gt 0 ]] || PHASES=(crash-sqlite crash-postgres postmaster netcut diskfull stall)
[[ -x "$ACCORD_BIN" ]] || { echo "error: $ACCORD_BIN is missing (swift build first)" >&2; exit 1; }

unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL DATABASE_SQLITE_SYNCHRONOUS LOG_FORMAT || true
# One loopback client sends everything: the per-address limits would answer it with 429s.
export RATE_LIMIT_CONSENTS_PER_MINUTE=10000000 RATE_LIMIT_CONSENTS_BURST=10000000
export RATE_LIMIT_READS_PER_MINUTE=10000000 RATE_LIMIT_READS_BURST=10000000

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-faults.XXXXXX")"
SERVER_PID="" LOAD_PID="" PROXY_PID="" MOUNTED="" DATABASES=()
cleanup() {
    local status=$?
    for pid in "$LOAD_PID" "$SERVER_PID" "$PROXY_PID"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            pkill -9 -P "$pid" 2>/dev/null || true   # a server under strace is strace's child
            kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
        fi
    done
    if [[ -n "${ACCORD_TEST_PGDATA:-}" ]] && ! runuser -u postgres -- "$PGBIN/pg_ctl" -D "$ACCORD_TEST_PGDATA" status >/dev/null 2>&1; then
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$ACCORD_TEST_PGDATA" -l "$ACCORD_TEST_PGDATA/server.log" -w -t 60 restart >/dev/null 2>&1 || true
    fi
    for name in "${DATABASES[@]}"; do "$PSQL" "$ACCORD_TEST_POSTGRES_URL" -qAtc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true; done
    [[ -n "$MOUNTED" ]] && umount "$MOUNTED" 2>/dev/null
    [[ $status -ne 0 ]] && ls "$WORK"/*.log >/dev/null 2>&1 && tail -n 20 "$(ls -t "$WORK"/*.log | head -1)" >&2
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp "$ACCORD_BIN" "$WORK/accord"   # a private copy: others may relink the build's binary meanwhile
ACCORD="$WORK/accord"
die() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
SUMMARY=()

# start_server DATABASE_URL LOG: `accord serve` on a free port; sets SERVER_PID and BASE once /health answers.
start_server() {
    local port
    port="$(free_port)"
    BASE="http://127.0.0.1:$port"
    "$ACCORD" serve --http-port "$port" --database-url "$1" --database-sqlite-synchronous full --log-level warning >>"$2" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        curl -fsS "$BASE/health" >/dev/null 2>&1 && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$2" >&2; die "accord serve exited during start-up"; }
        sleep 0.1
    done
    die "accord serve did not answer /health within 30 s"
}
stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    # Under strace (the stall phase) the server is strace's child: a signal to strace only detaches it.
    pkill -P "$SERVER_PID" 2>/dev/null || true
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}
audit() { "$ACCORD" audit verify --database-url "$1" >"$WORK/audit.out" 2>&1 || { cat "$WORK/audit.out" >&2; die "audit verify: $2"; }; }
new_pg_database() {
    local name="accord_faults_$1_$$"
    "$PSQL" "$ACCORD_TEST_POSTGRES_URL" -qAtc "CREATE DATABASE $name" >/dev/null
    DATABASES+=("$name")
    python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
        "${2:-$ACCORD_TEST_POSTGRES_URL}" "$name"
}
# account DIR DBARGS...: the accounting line of fault_load.py check, on failure the phase fails.
account() {
    local dir=$1; shift
    python3 "$LOAD" check --out "$dir" "$@" | tee "$dir/check.out" || die "accounting failed: $(head -1 "$dir/check.out")"
}

crash_cycles() {   # crash_cycles NAME DATABASE_URL CHECK_ARGS...
    local name=$1 url=$2; shift 2
    local dir="$WORK/$name" log="$WORK/$name.log"
    mkdir -p "$dir"
    start_server "$url" "$log"
    local key
    key="$("$ACCORD" keys create --scopes consents:read,consents:write --name faults --database-url "$url")"
    for cycle in $(seq 1 "$CYCLES"); do
        python3 "$LOAD" load --url "$BASE" --key "$key" --out "$dir" --prefix "c$cycle" --threads "$THREADS" --max-seconds 60 \
            >"$dir/load-$cycle.out" &
        LOAD_PID=$!
        # A random moment between 0 and 3 s after the first acknowledgement (on a loaded machine the first write may
        # take a while: a kill before it would test nothing).
        for _ in $(seq 1 300); do [[ -s "$dir/c$cycle.acked" ]] && break; sleep 0.1; done
        sleep "$(python3 -c 'import random; print(round(random.uniform(0.0, 3.0), 2))')"
        kill -0 "$LOAD_PID" 2>/dev/null || { cat "$dir/load-$cycle.out"; die "$name: the load ended before the kill"; }
        kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
        wait "$LOAD_PID" || { cat "$dir/load-$cycle.out"; die "$name cycle $cycle: unexpected answers during the load"; }
        LOAD_PID=""
        local line
        line="$(account "$dir" "$@" | head -1)"
        printf '%s cycle %2d/%d: %s\n    after kill -9: %s\n' "$name" "$cycle" "$CYCLES" "$(head -1 "$dir/load-$cycle.out")" "$line"
        audit "$url" "$name cycle $cycle after kill -9"
        start_server "$url" "$log"
        python3 "$LOAD" replay --url "$BASE" --key "$key" --out "$dir" >"$dir/replay.out" || { cat "$dir/replay.out"; die "$name: replay"; }
        # Acknowledged by the replay: from now on every request sent so far is acknowledged, exactly once.
        line="$(account "$dir" --expect-all-acked "$@" | head -1)"
        echo "    after restart and resending: $line"
        audit "$url" "$name cycle $cycle after restart"
    done
    stop_server
    local final
    final="$(account "$dir" --expect-all-acked "$@" | head -1)"
    SUMMARY+=("$name ($CYCLES kill -9 cycles): $final; audit verify ok")
}

phase_crash_sqlite() {
    crash_cycles crash-sqlite "sqlite://$WORK/crash.sqlite" --db "$WORK/crash.sqlite"
}

phase_crash_postgres() {
    local url
    url="$(new_pg_database crash)"
    crash_cycles crash-postgres "$url" --pg-url "$url"
}

# Runs a retrying load on URL (an `accord serve` on DATABASE_URL) while FAULT (a function) runs; the load must
# see 503s with Retry-After and end with every request acknowledged exactly once.
under_load() {   # under_load NAME DATABASE_URL SECONDS FAULT
    local name=$1 url=$2 seconds=$3 fault=$4
    local dir="$WORK/$name" log="$WORK/$name.log"
    mkdir -p "$dir"
    start_server "$url" "$log"
    local key
    key="$("$ACCORD" keys create --scopes consents:read,consents:write --name faults --database-url "$url")"
    python3 "$LOAD" load --url "$BASE" --key "$key" --out "$dir" --prefix "$name" --threads "$THREADS" \
        --max-seconds "$seconds" --retry >"$dir/load.out" &
    LOAD_PID=$!
    sleep 3
    "$fault"
    wait "$LOAD_PID" || { cat "$dir/load.out"; die "$name: unexpected answers"; }
    LOAD_PID=""
    cat "$dir/load.out"
    grep -q ' 0 answers 503' "$dir/load.out" && die "$name: no 503 was seen while the database was away"
    local ready
    ready="$(curl -s -o /dev/null -w '%{http_code}' "$BASE/ready")"
    [[ "$ready" == 200 ]] || die "$name: /ready answers $ready after recovery"
    local final
    final="$(account "$dir" --expect-all-acked --pg-url "$url" | head -1)"
    audit "$url" "$name"
    grep -qE "INSERT INTO|SELECT .* FROM|UPDATE [a-z_]+ SET" "$log" && die "$name: SQL in the server log"
    stop_server
    SUMMARY+=("$name: $(head -1 "$dir/load.out" | sed 's/^load [^:]*: //'); $final; /ready down $READY_DOWN, after 200; audit verify ok")
}

kill_postmaster() {
    local pid
    pid="$(head -1 "$ACCORD_TEST_PGDATA/postmaster.pid")"
    kill -9 "$pid"
    sleep 2
    READY_DOWN="$(curl -s -o /dev/null -w '%{http_code}' "$BASE/ready")"
    sleep 3
    # The backends notice their postmaster died and exit; until they have, the shared memory they hold refuses a new
    # postmaster. `restart` reuses the options the server was started with (postmaster.opts); crash recovery from WAL.
    for attempt in $(seq 1 30); do
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$ACCORD_TEST_PGDATA" -l "$ACCORD_TEST_PGDATA/server.log" -w -t 60 restart \
            >/dev/null 2>&1 && return 0
        sleep 1
    done
    die "PostgreSQL did not start again after kill -9 of its postmaster"
}
phase_postmaster() {
    [[ -n "${ACCORD_TEST_PGDATA:-}" && "$(id -u)" == 0 ]] || { SUMMARY+=("postmaster: SKIPPED (needs root and ACCORD_TEST_PGDATA)"); return; }
    local url
    url="$(new_pg_database postmaster)"
    under_load postmaster "$url" 12 kill_postmaster
}

cut_network() {
    kill -USR1 "$PROXY_PID"
    sleep $((CUT_SECONDS / 2))
    READY_DOWN="$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$BASE/ready")"
    sleep $((CUT_SECONDS - CUT_SECONDS / 2))
    kill -USR2 "$PROXY_PID"
}
phase_netcut() {
    local pg_port proxy_port url
    pg_port="$(python3 -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).port or 5432)' "$ACCORD_TEST_POSTGRES_URL")"
    proxy_port="$(free_port)"
    python3 "$ROOT/scripts/net_cut_proxy.py" "$proxy_port" "$pg_port" >"$WORK/proxy.log" 2>&1 &
    PROXY_PID=$!
    sleep 0.5
    local through
    through="$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(netloc=p.netloc.rsplit(":", 1)[0] + ":" + sys.argv[2])))' \
        "$ACCORD_TEST_POSTGRES_URL" "$proxy_port")"
    url="$(new_pg_database netcut "$through")"
    under_load netcut "$url" $((CUT_SECONDS + 10)) cut_network
    kill "$PROXY_PID"; wait "$PROXY_PID" 2>/dev/null || true; PROXY_PID=""
}

phase_diskfull() {
    [[ "$(id -u)" == 0 ]] || { SUMMARY+=("diskfull: SKIPPED (needs root to mount a tmpfs)"); return; }
    local mnt="$WORK/disk" log="$WORK/diskfull.log"
    mkdir -p "$mnt"
    mount -t tmpfs -o size=6m tmpfs "$mnt" || { SUMMARY+=("diskfull: SKIPPED (mount refused)"); return; }
    MOUNTED="$mnt"
    local url="sqlite://$mnt/accord.sqlite"
    start_server "$url" "$log"
    local key
    key="$("$ACCORD" keys create --scopes consents:read,consents:write --name faults --database-url "$url")"
    python3 "$ROOT/scripts/disk_full_check.py" --url "$BASE" --key "$key" --filler "$mnt/filler" --db "$mnt/accord.sqlite" \
        | tee "$WORK/diskfull.out" || die "diskfull"
    stop_server
    audit "$url" "diskfull"
    SUMMARY+=("diskfull: $(tail -1 "$WORK/diskfull.out"); audit verify ok")
    umount "$mnt"; MOUNTED=""
}

phase_stall() {
    command -v strace >/dev/null || { SUMMARY+=("stall: SKIPPED (no strace)"); return; }
    local url="sqlite://$WORK/stall.sqlite" log="$WORK/stall.log" dir="$WORK/stall"
    mkdir -p "$dir"
    # strace follows every thread; --seccomp-bpf stops the process only on the syscalls traced, so nothing else slows.
    ACCORD_REAL="$ACCORD"
    ACCORD="$WORK/accord-stalled"
    printf '#!/bin/sh\nexec strace -f -qq --seccomp-bpf -o /dev/null -e trace=fsync,fdatasync -e inject=fsync,fdatasync:delay_enter=%s000 "%s" "$@"\n' \
        "$STALL_MS" "$ACCORD_REAL" >"$ACCORD"
    chmod +x "$ACCORD"
    local key before during
    # The key first, without the stall: it creates and migrates the database, whose every commit syncs (each held
    # fsync would add STALL_MS to the server's start-up otherwise).
    key="$("$ACCORD_REAL" keys create --scopes consents:read,consents:write --name faults --database-url "$url")"
    start_server "$url" "$log"
    ACCORD="$ACCORD_REAL"
    before="$(python3 "$LOAD" latency --url "$BASE" --key "$key" --max-seconds 5)"
    python3 "$LOAD" load --url "$BASE" --key "$key" --out "$dir" --prefix stall --threads "$THREADS" --max-seconds 12 >"$dir/load.out" &
    LOAD_PID=$!
    sleep 2
    during="$(python3 "$LOAD" latency --url "$BASE" --key "$key" --max-seconds 8)"
    wait "$LOAD_PID" || { cat "$dir/load.out"; die "stall: unexpected answers"; }
    LOAD_PID=""
    echo "stall: without writes: $before; while every fsync is held ${STALL_MS} ms: $during; $(head -1 "$dir/load.out")"
    local p99
    p99="$(echo "$during" | sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p')"
    # A check that waited for the writer would take at least one held fsync.
    python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$p99" "$STALL_MS" \
        || die "stall: checks waited for the stalled writer (p99 $p99 ms, fsync held $STALL_MS ms)"
    stop_server
    SUMMARY+=("stall: checks without writes: $before; while every fsync is held ${STALL_MS} ms: $during")
}

for phase in "${PHASES[@]}"; do
    case "$phase" in
        crash-sqlite) phase_crash_sqlite ;;
        crash-postgres | postmaster | netcut)
            if [[ -z "${ACCORD_TEST_POSTGRES_URL:-}" ]]; then SUMMARY+=("$phase: SKIPPED (no ACCORD_TEST_POSTGRES_URL)"); continue; fi
            "phase_${phase//-/_}" ;;
        diskfull) phase_diskfull ;;
        stall) phase_stall ;;
        *) die "unknown phase $phase" ;;
    esac
done
echo
echo "fault campaign summary:"
printf '  %s\n' "${SUMMARY[@]}"
