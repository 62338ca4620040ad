#!/usr/bin/env bash
# Webhooks end to end: a real receiver on loopback that answers 500 for its first 10 minutes of simulated time,
# then 200; accord killed with -9 and restarted during the outage. Checks with the Python `standardwebhooks`
# package that every acknowledged consent event's messages arrive, each webhook-id once after de-duplication,
# per subject in order, all signatures verify, a changed body / wrong secret / timestamp 6 minutes off are
# refused, and that during a secret rotation both secrets verify.
#
# Accord's delivery clock runs RATE times faster than real time (webhooks.testClockRate, test-only) from a
# fixed epoch (webhooks.testClockEpoch), so the retries of a 10-minute outage take seconds.
#
#   VENV=/tmp/accord-venv scripts/webhooks-e2e.sh       # the venv must have standardwebhooks (scripts/test.sh)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
VENV="${VENV:-/tmp/accord-venv}"
RATE="${RATE:-60}"
SUBJECTS="${SUBJECTS:-12}"
PY="$VENV/bin/python"

unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL WEBHOOKS_ALLOWED_HOSTS || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-webhooks.XXXXXX")"
DBURL="sqlite://$WORK/webhooks.sqlite"
SERVER_PID=""
RECEIVER_PID=""

cleanup() {
    local status=$?
    for pid in "$SERVER_PID" "$RECEIVER_PID"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    [[ $status -ne 0 && -f "$WORK/serve.log" ]] && tail -20 "$WORK/serve.log" >&2
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

cp "$ACCORD_BIN" "$WORK/accord"
ACCORD="$WORK/accord"
EPOCH="$(python3 -c 'import time; print(int(time.time()))')"
OUTAGE_END=$((EPOCH + 600))
RPORT="$(free_port)"
"$PY" "$ROOT/scripts/webhook_receiver.py" "$RPORT" "$WORK/received.jsonl" "$EPOCH" "$RATE" "$OUTAGE_END" &
RECEIVER_PID=$!

start_server() {
    PORT="$(free_port)"
    BASE="http://127.0.0.1:$PORT"
    WEBHOOKS_TEST_CLOCK_RATE="$RATE" WEBHOOKS_TEST_CLOCK_EPOCH="$EPOCH" \
        "$ACCORD" serve --http-port "$PORT" --database-url "$DBURL" --webhooks-allow-insecure-loopback \
        --log-level warning >>"$WORK/serve.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        if curl -fsS "$BASE/health" >/dev/null 2>&1; then return 0; fi
        kill -0 "$SERVER_PID" 2>/dev/null || die "server exited during start-up"
        sleep 0.1
    done
    die "server did not answer /health within 30 s"
}

start_server
KEY="$(sed -n 's/^Admin API key, shown once (only its hash is stored): //p' "$WORK/serve.log" | head -1)"
[[ -n "$KEY" ]] || die "no admin key printed"
api() { curl -sS -H "Authorization: Bearer $KEY" -H 'content-type: application/json' "$@"; }

CREATED="$(api -X POST "$BASE/v1/admin/properties/demo/webhooks" \
    -d "{\"url\":\"http://127.0.0.1:$RPORT/hook\",\"events\":[\"consent.recorded\",\"consent.withdrawn\",\"webhook.test\"]}")"
HOOK="$(echo "$CREATED" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
SECRET="$(echo "$CREATED" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')"
echo "endpoint $HOOK created; receiver on :$RPORT answers 500 until $((OUTAGE_END - EPOCH)) s of simulated time"

# Each subject grants two purposes, withdraws one (consent.withdrawn), then grants it again: 3 events each.
write_round() {  # $1: round number
    local round=$1 subject body
    for s in $(seq 1 "$SUBJECTS"); do
        subject="user-$s"
        case $round in
            1) body="{\"subject\":\"$subject\",\"choices\":{\"analytics\":\"granted\",\"marketing\":\"granted\"}}" ;;
            2) body="{\"subject\":\"$subject\",\"choices\":{\"analytics\":\"denied\"}}" ;;
            3) body="{\"subject\":\"$subject\",\"choices\":{\"analytics\":\"granted\"}}" ;;
        esac
        api -X POST "$BASE/v1/properties/demo/consents" -d "$body" \
            | python3 -c 'import json,sys; print(json.load(sys.stdin)["event"]["id"])' >>"$WORK/events.txt"
    done
}

write_round 1
write_round 2
echo "killing accord with -9 during the outage"
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
start_server
write_round 3
python3 - "$WORK/events.txt" "$SUBJECTS" >"$WORK/expected.json" <<'PY'
import json, sys
events = [line.strip() for line in open(sys.argv[1]) if line.strip()]
print(json.dumps({"events": [{"eventId": e} for e in events], "withdrawals": int(sys.argv[2])}))
PY
EXPECTED=$((SUBJECTS * 4))
echo "$((SUBJECTS * 3)) consent events acknowledged; waiting for $EXPECTED distinct messages"
for _ in $(seq 1 900); do
    GOT="$(python3 -c "
import json
ids = {json.loads(l)['headers']['webhook-id'] for l in open('$WORK/received.jsonl') if json.loads(l)['status'] == 200}
print(len(ids))" 2>/dev/null || echo 0)"
    [[ "$GOT" -ge "$EXPECTED" ]] && break
    sleep 0.2
done
[[ "$GOT" -ge "$EXPECTED" ]] || die "only $GOT of $EXPECTED messages arrived within 180 s"
"$PY" "$ROOT/scripts/webhooks_check.py" deliveries "$WORK/received.jsonl" "$SECRET" "$WORK/expected.json"

NEW_SECRET="$(api -X POST "$BASE/v1/admin/properties/demo/webhooks/$HOOK/rotate-secret" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')"
TEST_ID="$(api -X POST "$BASE/v1/admin/properties/demo/webhooks/$HOOK/test" | python3 -c 'import json,sys; print(json.load(sys.stdin)["messageId"])')"
for _ in $(seq 1 300); do
    grep -q "$TEST_ID" "$WORK/received.jsonl" && break
    sleep 0.1
done
"$PY" "$ROOT/scripts/webhooks_check.py" rotation "$WORK/received.jsonl" "$SECRET" "$NEW_SECRET" "$TEST_ID"
ATTEMPTS="$(api "$BASE/v1/admin/properties/demo/webhooks/$HOOK/deliveries?limit=200" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["deliveries"]))')"
[[ "$ATTEMPTS" -gt "$EXPECTED" ]] || die "the deliveries listing shows $ATTEMPTS attempts"
echo "deliveries listing: $ATTEMPTS attempts recorded"
echo "webhooks end to end: ok"
