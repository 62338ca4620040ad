#!/usr/bin/env bash
# The issue's figure: consent writes per second with one active webhook endpoint against the same run without
# (the outbox must cost less than 15 % of the write rate), and messages delivered per second to a local receiver.
#
# SQLite (durable: `synchronous = FULL`, the default), one server per build, wrk at CONNECTIONS connections writing
# a new subject on every request (scripts/wrk/consent-write.lua, the admin key). Each round, for each build:
#   none    no endpoint;
#   active  one active endpoint (consent.recorded) to a receiver on loopback answering 200
#           (scripts/fast_webhook_receiver.py, lean so that it takes little of the two cores): every write also
#           queues a message in its transaction and the delivery service sends them meanwhile;
#   paused  (PAUSED=1, the default) the endpoint paused: the queueing alone; then it is resumed and the time
#           until the receiver has every message gives the drain rate.
# none and active alternate (none first in odd rounds, active first in even ones), so a drift of the machine
# or the growing database weighs on both alike. After an active run the script waits until every message is
# delivered before going on, so the next run does not pay for the sending; that wait is the lag at the end.
# Prints each run, then per build: writes/s (mean of the rounds), active/none (the issue's cost is 1 - that),
# delivered/s while writing and when draining, the lag, server CPU per write (the active case counted until
# every message is delivered), bytes the server wrote towards the disk per write and per group commit, and the
# writer's busy time per write (accord_commit_duration_seconds_sum from the metrics port over the wrk run: far steadier
# on a shared machine than the rate ratio), exiting 1 when the cost is 15 % or more and CHECK=1. Where `perf` can count the
# syscalls tracepoints (root), it also counts the server's fsync and fdatasync calls per write (each durable SQLite
# commit makes one) and, from its metrics port, the group commits per write (SYNCS=0 turns the counting off).
# Up to three builds or settings run side by side, a round of each in turn: ACCORD_BIN (A), ACCORD_BIN_B and
# ACCORD_BIN_C, each started with the variables in ENV_A, ENV_B, ENV_C (e.g. WEBHOOKS_YIELD_TO_WRITES_SECONDS=0).
#
#   ACCORD_BIN=.build/release/accord scripts/bench-webhooks.sh
#   ACCORD_BIN=/tmp/accord-release-main ACCORD_BIN_B=.build/release/accord ROUNDS=4 DURATION=10 scripts/bench-webhooks.sh
#   ACCORD_BIN=.build/release/accord ENV_A=WEBHOOKS_YIELD_TO_WRITES_SECONDS=0 ACCORD_BIN_B=.build/release/accord scripts/bench-webhooks.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/release/accord}"
ACCORD_BIN_B="${ACCORD_BIN_B:-}"
ACCORD_BIN_C="${ACCORD_BIN_C:-}"
DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-4}"
CONNECTIONS="${CONNECTIONS:-64}"
PAUSED="${PAUSED:-1}"
CHECK="${CHECK:-0}"
SERVE_FLAGS="${SERVE_FLAGS:-}"
SYNCS="${SYNCS:-1}"
command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
# The syncs are counted per server through a cgroup v2 of its own (perf follows threads made later, as SQLite's
# writer runs on whichever thread GRDB's queue has).
CGROUPS=/sys/fs/cgroup/unified
[[ -d "$CGROUPS" && -f "$CGROUPS/cgroup.procs" ]] || CGROUPS=/sys/fs/cgroup
if [[ "$SYNCS" == 1 ]] && ! { command -v perf >/dev/null && [[ -w "$CGROUPS" ]] &&
    perf stat -e syscalls:sys_enter_fdatasync -x, -o /dev/null true 2>/dev/null; }; then
    echo "note: perf or a writable cgroup v2 is missing; fsync counts are not measured" >&2
    SYNCS=0
fi
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-webhooks.XXXXXX")"
PIDS=()
GROUPS_MADE=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    for group in "${GROUPS_MADE[@]}"; do rmdir "$group" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
written() { awk '/^write_bytes:/ {print $2}' "/proc/$1/io"; }  # bytes the process sent towards the disk

RPORT="$(free_port)"
python3 "$ROOT/scripts/fast_webhook_receiver.py" "$RPORT" &
PIDS+=($!)
received() { curl -fsS "http://127.0.0.1:$RPORT/count/$1"; }
receiver_cpu() { curl -fsS "http://127.0.0.1:$RPORT/cpu"; }

declare -A BASE KEY PID METRICS CGROUP
start() { # NAME BINARY ENV
    local name="$1" port mport
    cp "$2" "$WORK/accord-$name"
    port="$(free_port)"
    mport="$(free_port)"
    BASE[$name]="http://127.0.0.1:$port"
    METRICS[$name]="http://127.0.0.1:$mport/metrics"
    # shellcheck disable=SC2086
    env $3 "$WORK/accord-$name" serve --http-port "$port" --database-url "sqlite://$WORK/$name.sqlite" \
        --webhooks-allow-insecure-loopback --metrics-port "$mport" --log-level error $SERVE_FLAGS >"$WORK/$name.log" 2>&1 &
    PID[$name]=$!
    PIDS+=($!)
    if [[ "$SYNCS" == 1 ]]; then
        CGROUP[$name]="accord-bench-webhooks-$$-$name"
        mkdir "$CGROUPS/${CGROUP[$name]}"
        GROUPS_MADE+=("$CGROUPS/${CGROUP[$name]}")
        echo "${PID[$name]}" >"$CGROUPS/${CGROUP[$name]}/cgroup.procs"
    fi
    for _ in $(seq 1 300); do curl -fsS "${BASE[$name]}/health" >/dev/null 2>&1 && break; sleep 0.1; done
    KEY[$name]="$(sed -n 's/^Admin API key, shown once (only its hash is stored): //p' "$WORK/$name.log" | head -1)"
    [[ -n "${KEY[$name]}" ]] || { echo "error: $name did not start" >&2; cat "$WORK/$name.log" >&2; exit 1; }
}
api() { # NAME curl-args...
    local name="$1"; shift
    curl -fsS -H "Authorization: Bearer ${KEY[$name]}" -H 'content-type: application/json' "$@"
}
hook() { # NAME LABEL: creates an endpoint sending consent.recorded to /LABEL, prints its id
    api "$1" -X POST "${BASE[$1]}/v1/admin/properties/demo/webhooks" \
        -d "{\"url\":\"http://127.0.0.1:$RPORT/$2\",\"events\":[\"consent.recorded\"]}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
commits() { # NAME: group commits so far (accord_commit_duration_seconds_count)
    curl -fsS "${METRICS[$1]}" | awk '/^accord_commit_duration_seconds_count/ {n += $2} END {printf "%d", n}'
}
busy() { # NAME: seconds the writer spent committing consent batches so far (accord_commit_duration_seconds_sum)
    curl -fsS "${METRICS[$1]}" | awk '/^accord_commit_duration_seconds_sum/ {n += $2} END {printf "%.6f", n}'
}
syncs_start() { # NAME FILE: counts the server's fsync and fdatasync calls into FILE until syncs_stop
    [[ "$SYNCS" == 1 ]] || return 0
    perf stat -a -e syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync -G "${CGROUP[$1]},${CGROUP[$1]}" -x, -o "$2" &
    SYNC_PID=$!
    sleep 0.2
}
syncs_stop() { # ends the counting (not in a subshell: perf is this shell's child, waited for)
    [[ "$SYNCS" == 1 ]] || return 0
    kill -INT "$SYNC_PID" 2>/dev/null || true
    wait "$SYNC_PID" 2>/dev/null || true
}
syncs_read() { # FILE: prints the count
    [[ "$SYNCS" == 1 ]] || { echo 0; return 0; }
    awk -F, '/sys_enter_f/ {n += $1} END {printf "%d", n}' "$1"
}
drain() { # LABEL COUNT: waits until the receiver has COUNT messages on /LABEL (at most 600 s)
    for _ in $(seq 1 6000); do
        [[ "$(received "$1")" -ge "$2" ]] && return 0
        sleep 0.1
    done
    echo "error: /$1 did not get its $2 messages" >&2
    exit 1
}

# One run: NAME MODE ROUND; appends "name mode round requests seconds non2xx ticks_writing ticks_total
# delivered_while_writing lag_seconds drain_seconds receiver_cpu syncs group_commits" to $WORK/runs (syncs and
# group commits counted over the same span as ticks_total).
run() {
    local name="$1" mode="$2" round="$3" label="$1-$2-$3" id="" out requests seconds non2xx before during after
    local delivered=0 lag=0 drain_seconds=0 rcpu0 rcpu1 t0 t1 syncs commits0 commits1 bytes0 bytes1 busy0 busy1
    case "$mode" in
        active) id="$(hook "$name" "$label")" ;;
        paused) id="$(hook "$name" "$label")"; api "$name" -X POST "${BASE[$name]}/v1/admin/properties/demo/webhooks/$id/pause" >/dev/null ;;
    esac
    rcpu0="$(receiver_cpu)"
    commits0="$(commits "$name")"
    busy0="$(busy "$name")"
    syncs_start "$name" "$WORK/syncs-$label"
    before="$(ticks "${PID[$name]}")"
    bytes0="$(written "${PID[$name]}")"
    out="$(ACCORD_KEY="${KEY[$name]}" ACCORD_WRK_DIR="$ROOT/scripts/wrk" ACCORD_SUBJECT_PREFIX="$label-" \
        wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$ROOT/scripts/wrk/consent-write.lua" "${BASE[$name]}" 2>/dev/null)"
    during="$(ticks "${PID[$name]}")"
    busy1="$(busy "$name")"
    requests="$(sed -n 's/.*ACCORD_RESULT requests=\([0-9]*\).*/\1/p' <<<"$out")"
    seconds="$(sed -n 's/.*ACCORD_RESULT.* seconds=\([0-9.]*\).*/\1/p' <<<"$out")"
    non2xx="$(sed -n 's/.*ACCORD_RESULT.* non2xx=\([0-9]*\).*/\1/p' <<<"$out")"
    if [[ "$mode" == active ]]; then
        delivered="$(received "$label")"
        t0="$(date +%s.%N)"
        drain "$label" "$requests"
        t1="$(date +%s.%N)"
        lag="$(python3 -c "print($t1 - $t0)")"
    fi
    after="$(ticks "${PID[$name]}")"
    bytes1="$(written "${PID[$name]}")"
    syncs_stop
    syncs="$(syncs_read "$WORK/syncs-$label")"
    commits1="$(commits "$name")"
    rcpu1="$(receiver_cpu)"
    if [[ "$mode" == paused ]]; then  # the drain rate: everything queued while paused, sent on resume
        t0="$(date +%s.%N)"
        api "$name" -X POST "${BASE[$name]}/v1/admin/properties/demo/webhooks/$id/resume" >/dev/null
        drain "$label" "$requests"
        t1="$(date +%s.%N)"
        drain_seconds="$(python3 -c "print($t1 - $t0)")"
    fi
    [[ -n "$id" ]] && api "$name" -X DELETE "${BASE[$name]}/v1/admin/properties/demo/webhooks/$id" >/dev/null
    echo "$name $mode $round $requests $seconds $non2xx $((during - before)) $((after - before)) $delivered $lag $drain_seconds $(python3 -c "print($rcpu1 - $rcpu0)") $syncs $((commits1 - commits0)) $((bytes1 - bytes0)) $(python3 -c "print($busy1 - $busy0)")" >>"$WORK/runs"
    printf '%s round %s %-6s %7.1f writes/s' "$name" "$round" "$mode" "$(python3 -c "print($requests / $seconds)")"
    [[ "$mode" == active ]] && printf ', %s delivered while writing, the rest %.1f s after' "$delivered" "$lag"
    [[ "$mode" == paused ]] && printf ', %s queued, delivered in %.1f s after resume' "$requests" "$drain_seconds"
    [[ "$SYNCS" == 1 ]] && printf ', %.2f syncs per write' "$(python3 -c "print($syncs / max(1, $requests))")"
    [[ "$non2xx" != 0 ]] && printf ' (%s non-2xx answers!)' "$non2xx"
    echo
}

NAMES=(A)
start A "$ACCORD_BIN" "${ENV_A:-}"
echo "A = $ACCORD_BIN ${ENV_A:-}"
if [[ -n "$ACCORD_BIN_B" ]]; then NAMES+=(B); start B "$ACCORD_BIN_B" "${ENV_B:-}"; echo "B = $ACCORD_BIN_B ${ENV_B:-}"; fi
if [[ -n "$ACCORD_BIN_C" ]]; then NAMES+=(C); start C "$ACCORD_BIN_C" "${ENV_C:-}"; echo "C = $ACCORD_BIN_C ${ENV_C:-}"; fi
echo "$ROUNDS rounds of ${DURATION} s, $CONNECTIONS connections, $(nproc) cores"
for round in $(seq 1 "$ROUNDS"); do
    for name in "${NAMES[@]}"; do
        if ((round % 2)); then run "$name" none "$round"; run "$name" active "$round"
        else run "$name" active "$round"; run "$name" none "$round"; fi
        [[ "$PAUSED" == 1 ]] && run "$name" paused "$round"
    done
done

python3 - "$WORK/runs" "$(getconf CLK_TCK)" "$CHECK" "$SYNCS" <<'PY'
import collections, sys
path, hz, check, syncs = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4] == "1"
runs = collections.defaultdict(list)
for line in open(path):
    f = line.split()
    runs[(f[0], f[1])].append(dict(
        requests=int(f[3]), seconds=float(f[4]), non2xx=int(f[5]), writing=int(f[6]) / hz, total=int(f[7]) / hz,
        delivered=int(f[8]), lag=float(f[9]), drain=float(f[10]), receiver=float(f[11]), syncs=int(f[12]),
        commits=int(f[13]), bytes=int(f[14]), busy=float(f[15])))
failed = False
for name in sorted({k[0] for k in runs}):
    def rate(mode):
        rs = runs.get((name, mode), [])
        return sum(r["requests"] / r["seconds"] for r in rs) / len(rs) if rs else None
    def cpu(mode, key="total"):
        rs = runs.get((name, mode), [])
        return 1e6 * sum(r[key] for r in rs) / sum(r["requests"] for r in rs) if rs else None
    none, active, paused = rate("none"), rate("active"), rate("paused")
    ratios = [a["requests"] / a["seconds"] / (n["requests"] / n["seconds"]) for n, a in zip(runs[(name, "none")], runs[(name, "active")])]
    act = runs[(name, "active")]
    while_writing = sum(r["delivered"] for r in act) / sum(r["seconds"] for r in act)
    lag = max(r["lag"] for r in act)
    receiver = 1e6 * sum(r["receiver"] for r in act) / sum(r["requests"] for r in act)
    cost = 100 * (1 - active / none)
    print(f"{name}: consent writes/s {none:.0f} without an endpoint, {active:.0f} with one active endpoint: "
          f"active/none {active / none:.3f} (rounds {', '.join(f'{r:.3f}' for r in ratios)}), "
          f"the outbox costs {cost:.1f} % of the write rate (limit 15 %)")
    print(f"{name}: messages delivered/s {while_writing:.0f} while writing (the rest out at most {lag:.1f} s after the "
          f"writes stopped)", end="")
    if paused is not None:
        pr = runs[(name, "paused")]
        drained = sum(r["requests"] for r in pr) / sum(r["drain"] for r in pr)
        print(f", {drained:.0f} draining a paused endpoint's backlog after resume; writes/s with it paused "
              f"{paused:.0f} (queueing alone costs {100 * (1 - paused / none):.1f} %)")
    else:
        print()
    print(f"{name}: server CPU per write {cpu('none'):.0f} µs without an endpoint, {cpu('active'):.0f} µs with one "
          f"(until every message is delivered; {cpu('active', 'writing'):.0f} µs while writing); the receiver "
          f"{receiver:.0f} µs per message", end="")
    print(f"; {cpu('paused'):.0f} µs with it paused" if paused is not None else "")
    def per_write(mode, key):
        rs = runs.get((name, mode), [])
        return sum(r[key] for r in rs) / sum(r["requests"] for r in rs) if rs else None
    def per_commit(mode):
        rs = runs.get((name, mode), [])
        return sum(r["bytes"] for r in rs) / max(1, sum(r["commits"] for r in rs)) if rs else None
    print(f"{name}: bytes written towards the disk per write (WAL and checkpoints, /proc/PID/io write_bytes) "
          + ", ".join(f"{mode} {per_write(mode, 'bytes'):.0f} ({per_commit(mode) / 1024:.0f} KiB per group commit)"
                      for mode in ("none", "active", "paused") if (name, mode) in runs))
    print(f"{name}: the writer's time committing consent batches per write (accord_commit_duration_seconds_sum "
          "over the wrk run) " + ", ".join(f"{mode} {1e6 * per_write(mode, 'busy'):.0f} µs"
                                            for mode in ("none", "paused", "active") if (name, mode) in runs))
    if syncs:
        def per(mode, key):
            rs = runs.get((name, mode), [])
            return sum(r[key] for r in rs) / sum(r["requests"] for r in rs) if rs else 0
        print(f"{name}: fsync+fdatasync per write {per('none', 'syncs'):.3f} without an endpoint, "
              f"{per('active', 'syncs'):.3f} with one (until every message is delivered); group commits per write "
              f"{per('none', 'commits'):.3f} / {per('active', 'commits'):.3f}")
    for mode in ("none", "active", "paused"):
        bad = sum(r["non2xx"] for r in runs.get((name, mode), []))
        if bad:
            print(f"{name}: warning: {bad} non-2xx answers in the {mode} runs")
    failed |= cost >= 15
sys.exit(1 if check and failed else 0)
PY
