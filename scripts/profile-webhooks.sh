#!/usr/bin/env bash
# Where a delivered webhook message's server CPU goes: `perf record -e cpu-clock -g` of `accord serve` (SQLite,
# durable) while wrk writes consent events (a new subject each, scripts/wrk/consent-write.lua, as
# scripts/bench-webhooks.sh does), once with no endpoint and once with one active endpoint sending
# `consent.recorded` to the lean loopback receiver (scripts/fast_webhook_receiver.py), the active run recorded
# until every message is delivered. Then scripts/profile_delivery.py splits each profile into components (claim
# and finish transactions, rendering, vault, signing, JSON, async-http-client, NIO, concurrency, allocation,
# kernel...) in µs of server CPU per write, and prints active minus none: the cost of one delivered message, by
# component. Not called by CI (it needs perf and root). Keeps the profiles in OUT.
#
#   ACCORD_BIN=.build/release/accord OUT=/tmp/webhook-profiles DURATION=8 nice -n 10 scripts/profile-webhooks.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/release/accord}"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/accord-webhook-profiles.XXXXXX")}"
DURATION="${DURATION:-8}"
CONNECTIONS="${CONNECTIONS:-64}"
# One sample per PERIOD ns of a thread's CPU, so a sample's count times PERIOD is CPU time.
PERIOD="${PERIOD:-250000}"
command -v wrk >/dev/null || { echo "error: wrk is not installed" >&2; exit 1; }
command -v perf >/dev/null || { echo "error: perf is not installed" >&2; exit 1; }
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL || true
mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-profile-webhooks.XXXXXX")"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

RPORT="$(free_port)"
python3 "$ROOT/scripts/fast_webhook_receiver.py" "$RPORT" &
PIDS+=($!)
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
"$ACCORD_BIN" serve --http-port "$PORT" --database-url "sqlite://$WORK/profile.sqlite" --webhooks-allow-insecure-loopback \
    --log-level error >"$WORK/server.log" 2>&1 &
SERVER=$!
PIDS+=($SERVER)
for _ in $(seq 1 300); do curl -fsS "$BASE/health" >/dev/null 2>&1 && break; sleep 0.1; done
KEY="$(sed -n 's/^Admin API key, shown once (only its hash is stored): //p' "$WORK/server.log" | head -1)"
[[ -n "$KEY" ]] || { echo "error: the server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }
api() { curl -fsS -H "Authorization: Bearer $KEY" -H 'content-type: application/json' "$@"; }
writes() { # LABEL SECONDS: wrk writes; prints the number of requests
    ACCORD_KEY="$KEY" ACCORD_WRK_DIR="$ROOT/scripts/wrk" ACCORD_SUBJECT_PREFIX="$1-" \
        wrk -t2 -c"$CONNECTIONS" -d"$2s" -s "$ROOT/scripts/wrk/consent-write.lua" "$BASE" 2>/dev/null |
        sed -n 's/.*ACCORD_RESULT requests=\([0-9]*\).*/\1/p'
}

# A warm-up with an endpoint, not recorded (connections, caches, the database's first pages).
ID="$(api -X POST "$BASE/v1/admin/properties/demo/webhooks" -d "{\"url\":\"http://127.0.0.1:$RPORT/warm\",\"events\":[\"consent.recorded\"]}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
WARM="$(writes warm 3)"
for _ in $(seq 1 3000); do [[ "$(curl -fsS "http://127.0.0.1:$RPORT/count/warm")" -ge "$WARM" ]] && break; sleep 0.1; done
api -X DELETE "$BASE/v1/admin/properties/demo/webhooks/$ID" >/dev/null

profile() { # MODE: records one run into OUT/MODE.perf, writes its request count to OUT/MODE.writes
    local mode="$1" id="" count perf
    [[ "$mode" == active ]] && id="$(api -X POST "$BASE/v1/admin/properties/demo/webhooks" \
        -d "{\"url\":\"http://127.0.0.1:$RPORT/$mode\",\"events\":[\"consent.recorded\"]}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
    perf record -e cpu-clock -c "$PERIOD" -g -p "$SERVER" -o "$OUT/$mode.perf" 2>"$WORK/perf-$mode.log" &
    perf=$!
    sleep 0.3
    count="$(writes "$mode" "$DURATION")"
    if [[ -n "$id" ]]; then
        for _ in $(seq 1 6000); do [[ "$(curl -fsS "http://127.0.0.1:$RPORT/count/$mode")" -ge "$count" ]] && break; sleep 0.1; done
    else
        sleep 1  # as long as an active run's last batch takes at least, so both have the same idle tail
    fi
    kill -INT "$perf"
    wait "$perf" 2>/dev/null || true
    echo "$count" >"$OUT/$mode.writes"
    [[ -n "$id" ]] && api -X DELETE "$BASE/v1/admin/properties/demo/webhooks/$id" >/dev/null
    echo "$mode: $count writes"
}
profile none
profile active
python3 "$ROOT/scripts/profile_delivery.py" "$OUT" "$PERIOD"
