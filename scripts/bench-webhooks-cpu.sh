#!/usr/bin/env bash
# What the outbox costs a consent write, as server CPU time per write, for two accord builds side by side: a
# measure that holds on a busy machine, where the write rates of scripts/bench-webhooks.sh swing with whatever
# else runs. For each build (SQLite, a local receiver answering 200), ROUNDS times: wrk writes for SECONDS_PER_RUN
# with no endpoint, then with one active endpoint (the CPU counted until every message is delivered, so the
# sending is in it), then with the endpoint paused (the queueing alone). The cost is 1 - cpu(none)/cpu(with):
# the share of the write rate the outbox takes when the server's CPU is what limits it.
#
#   ACCORD_BIN_A=/path/to/old/accord ACCORD_BIN_B=.build/debug/accord scripts/bench-webhooks-cpu.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-2}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-6}"
CONNECTIONS="${CONNECTIONS:-32}"
command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL || true
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-webhooks-cpu.XXXXXX")"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

RPORT="$(free_port)"
python3 "$ROOT/scripts/webhook_receiver.py" "$RPORT" "$WORK/received.jsonl" 0 1 0 &
PIDS+=($!)

measure() { # NAME BINARY: prints "NAME none active paused" in µs of server CPU per write, summed over rounds
    local name="$1" binary="$2" port base pid key hook
    port="$(free_port)"; base="http://127.0.0.1:$port"
    "$binary" serve --http-port "$port" --database-url "sqlite://$WORK/$name.sqlite" --webhooks-allow-insecure-loopback \
        --log-level error >"$WORK/$name.log" 2>&1 &
    pid=$!; PIDS+=("$pid")
    for _ in $(seq 1 300); do curl -fsS "$base/health" >/dev/null 2>&1 && break; sleep 0.1; done
    key="$(sed -n 's/^Admin API key, shown once (only its hash is stored): //p' "$WORK/$name.log" | head -1)"
    api() { curl -sS -H "Authorization: Bearer $key" -H 'content-type: application/json' "$@"; }
    run() { # PATH-FOR-DELIVERY-COUNT or "": prints "ticks writes"
        local before after writes delivered
        before="$(ticks "$pid")"
        writes="$(ACCORD_KEY="$key" ACCORD_WRK_DIR="$ROOT/scripts/wrk" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" \
            -s "$ROOT/scripts/wrk/consent-write.lua" "$base" 2>/dev/null | sed -n 's/.*ACCORD_RESULT requests=\([0-9]*\).*/\1/p')"
        if [[ -n "$1" ]]; then  # the active endpoint: count the CPU until its messages are all out
            for _ in $(seq 1 600); do
                delivered="$(grep -c "\"/$1\"" "$WORK/received.jsonl" || true)"
                [[ "$delivered" -ge "$writes" ]] && break
                sleep 0.1
            done
        fi
        after="$(ticks "$pid")"
        echo "$((after - before)) $writes"
    }
    local none=() active=() paused=()
    for round in $(seq 1 "$ROUNDS"); do
        none+=("$(run "")")
        hook="$(api -X POST "$base/v1/admin/properties/demo/webhooks" \
            -d "{\"url\":\"http://127.0.0.1:$RPORT/$name-$round\",\"events\":[\"consent.recorded\"]}" \
            | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
        active+=("$(run "$name-$round")")
        api -X POST "$base/v1/admin/properties/demo/webhooks/$hook/pause" >/dev/null
        paused+=("$(run "")")
        api -X DELETE "$base/v1/admin/properties/demo/webhooks/$hook" >/dev/null
    done
    python3 - "$name" "$(getconf CLK_TCK)" "${none[*]}" "${active[*]}" "${paused[*]}" <<'PY'
import sys
name, hz = sys.argv[1], int(sys.argv[2])
def per_write(text):
    values = [int(v) for v in text.split()]
    ticks, writes = sum(values[0::2]), sum(values[1::2])
    return 1e6 * ticks / hz / writes, writes
(n, nw), (a, aw), (p, pw) = (per_write(t) for t in sys.argv[3:6])
print(f"{name}: {n:.0f} µs of server CPU per write without an endpoint ({nw} writes), {a:.0f} with one active endpoint "
      f"({aw}; outbox and delivery cost {100 * (1 - n / a):.1f} %), {p:.0f} with it paused ({pw}; queueing alone costs "
      f"{100 * (1 - n / p):.1f} %)")
PY
}

measure A "${ACCORD_BIN_A:?set ACCORD_BIN_A to the baseline accord binary}"
measure B "${ACCORD_BIN_B:?set ACCORD_BIN_B to the accord binary to compare}"
