#!/usr/bin/env bash
# What the outbox costs and how fast webhooks go out, on SQLite, in one run:
#   1. consent writes/s (wrk, scripts/wrk/consent-write.lua) with no webhook endpoint, then with one active
#      endpoint (every write then also queues a consent.recorded message in its transaction, and the delivery
#      service sends them meanwhile, to a receiver on the same machine), then with the endpoint paused (the
#      messages are queued, not sent: the outbox's own cost in the write), alternated ROUNDS times; prints the
#      rates and the costs in per cent.
#   2. messages delivered/s: with the endpoint paused, MESSAGES events are queued; on resume, the time until
#      the local receiver (scripts/webhook_receiver.py, answering 200) has them all.
#
#   scripts/bench-webhooks.sh
#   ACCORD_BIN=.build/release/accord DURATION=10 ROUNDS=2 CONNECTIONS=64 MESSAGES=3000 scripts/bench-webhooks.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
MESSAGES="${MESSAGES:-3000}"
command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-webhooks.XXXXXX")"
SERVER_PID=""
RECEIVER_PID=""
cleanup() {
    for pid in "$SERVER_PID" "$RECEIVER_PID"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

cp "$ACCORD_BIN" "$WORK/accord"
RPORT="$(free_port)"
python3 "$ROOT/scripts/webhook_receiver.py" "$RPORT" "$WORK/received.jsonl" 0 1 0 &
RECEIVER_PID=$!
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
"$WORK/accord" serve --http-port "$PORT" --database-url "sqlite://$WORK/bench.sqlite" --webhooks-allow-insecure-loopback \
    --log-level error >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do curl -fsS "$BASE/health" >/dev/null 2>&1 && break; sleep 0.1; done
KEY="$(sed -n 's/^Admin API key, shown once (only its hash is stored): //p' "$WORK/serve.log" | head -1)"
api() { curl -sS -H "Authorization: Bearer $KEY" -H 'content-type: application/json' "$@"; }

writes() {  # prints the write rate of one wrk run
    ACCORD_KEY="$KEY" ACCORD_WRK_DIR="$ROOT/scripts/wrk" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" \
        -s "$ROOT/scripts/wrk/consent-write.lua" "$BASE" 2>/dev/null | sed -n 's/.*ACCORD_RESULT.* rps=\([0-9.]*\).*/\1/p'
}

without=()
with=()
paused=()
for round in $(seq 1 "$ROUNDS"); do
    without+=("$(writes)")
    HOOK="$(api -X POST "$BASE/v1/admin/properties/demo/webhooks" \
        -d "{\"url\":\"http://127.0.0.1:$RPORT/hook\",\"events\":[\"consent.recorded\",\"consent.withdrawn\"]}" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
    with+=("$(writes)")
    api -X POST "$BASE/v1/admin/properties/demo/webhooks/$HOOK/pause" >/dev/null
    paused+=("$(writes)")
    api -X DELETE "$BASE/v1/admin/properties/demo/webhooks/$HOOK" >/dev/null
    echo "round $round: ${without[-1]} writes/s without an endpoint, ${with[-1]} with one active endpoint, ${paused[-1]} with it paused"
done
python3 - "${without[*]}" "${with[*]}" "${paused[*]}" <<'PY'
import sys
a, b, c = ([float(x) for x in arg.split()] for arg in sys.argv[1:4])
ma, mb, mc = sum(a) / len(a), sum(b) / len(b), sum(c) / len(c)
print(f"consent writes/s: {ma:.0f} without an endpoint, {mb:.0f} with one active endpoint (outbox and delivery cost "
      f"{100 * (ma - mb) / ma:.1f} %), {mc:.0f} with it paused (queueing alone costs {100 * (ma - mc) / ma:.1f} %)")
PY

# Delivery rate: queue MESSAGES while paused, then resume and time the drain.
HOOK="$(api -X POST "$BASE/v1/admin/properties/demo/webhooks" \
    -d "{\"url\":\"http://127.0.0.1:$RPORT/drain\",\"events\":[\"consent.recorded\"]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
api -X POST "$BASE/v1/admin/properties/demo/webhooks/$HOOK/pause" >/dev/null
python3 - "$BASE" "$KEY" "$MESSAGES" <<'PY'
import json, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor
base, key, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
def write(n):
    body = json.dumps({"subject": f"drain-{n}", "choices": {"analytics": "granted"}}).encode()
    request = urllib.request.Request(f"{base}/v1/properties/demo/consents", data=body, method="POST",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
with ThreadPoolExecutor(16) as pool:
    list(pool.map(write, range(count)))
PY
BEFORE="$(grep -c '"/drain"' "$WORK/received.jsonl" || true)"
START="$(date +%s.%N)"
api -X POST "$BASE/v1/admin/properties/demo/webhooks/$HOOK/resume" >/dev/null
while true; do
    GOT="$(grep -c '"/drain"' "$WORK/received.jsonl" || true)"
    [[ $((GOT - BEFORE)) -ge "$MESSAGES" ]] && break
    sleep 0.05
done
END="$(date +%s.%N)"
python3 -c "print(f'messages delivered/s to a local receiver: {$MESSAGES / ($END - $START):.0f} ($MESSAGES messages in {$END - $START:.1f} s)')"
