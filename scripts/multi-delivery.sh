#!/usr/bin/env bash
# Several `accord serve` instances delivering from one PostgreSQL database (the outbox claimed with FOR UPDATE SKIP
# LOCKED): 1. webhooks: three instances take writes and deliver to one real loopback receiver; every acknowledged
# event's message arrives (signature verified with standardwebhooks), per subject in order, and redeliveries are
# counted (at least once allows them; claims make them rare). 2. expiry reminders: three instances sweep the same
# expiring grants and send through one real SMTP server (aiosmtpd): exactly one e-mail per expiring grant.
#
#   ACCORD_TEST_POSTGRES_URL=... VENV=/tmp/accord-venv scripts/multi-delivery.sh   # venv: aiosmtpd, standardwebhooks
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
VENV="${VENV:-/tmp/accord-venv}"
PY="$VENV/bin/python"
SUBJECTS="${SUBJECTS:-30}"
ROUNDS="${ROUNDS:-4}"
BASE_URL="${ACCORD_TEST_POSTGRES_URL:?set ACCORD_TEST_POSTGRES_URL}"
PSQL="$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)"
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL MAIL_SMTP_HOST MAIL_SMTP_PORT MAIL_FROM WEBHOOKS_DELIVER || true
export RATE_LIMIT_CONSENTS_PER_MINUTE=1000000 RATE_LIMIT_CONSENTS_BURST=1000000

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-multi-delivery.XXXXXX")"
PIDS=() SMTP_PID="" DATABASES=()
cleanup() {
    local status=$?
    for pid in "${PIDS[@]}" $SMTP_PID; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    for name in "${DATABASES[@]}"; do "$PSQL" "$BASE_URL" -qAtc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true; done
    [[ $status -ne 0 ]] && tail -n 15 "$WORK"/*.log >&2 2>/dev/null
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
die() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
cp "$ACCORD_BIN" "$WORK/accord"
ACCORD="$WORK/accord"

new_database() {
    local name="accord_multi_$1_$$"
    "$PSQL" "$BASE_URL" -qAtc "CREATE DATABASE $name" >/dev/null
    DATABASES+=("$name")
    python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$BASE_URL" "$name"
}
# start_instances NAME DATABASE_URL ENV...: three instances; sets URLS (comma-separated) and BASE (the first).
start_instances() {
    local name=$1 url=$2; shift 2
    URLS=""
    for i in 1 2 3; do
        local port
        port="$(free_port)"
        env "$@" HTTP_PUBLIC_URL="http://127.0.0.1:$port" "$ACCORD" serve --http-port "$port" --database-url "$url" \
            --webhooks-allow-insecure-loopback --log-level warning >"$WORK/$name-$i.log" 2>&1 &
        PIDS+=($!)
        for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.1; done
        URLS="${URLS:+$URLS,}http://127.0.0.1:$port"
        # The first start migrates and seeds; the others must find it done.
        if [[ $i == 1 ]]; then BASE="http://127.0.0.1:$port"; fi
    done
}
stop_instances() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; PIDS=(); }

# 1. Webhooks.
URL="$(new_database hooks)"
RPORT="$(free_port)"
NOW="$(date +%s)"
"$PY" "$ROOT/scripts/webhook_receiver.py" "$RPORT" "$WORK/received.jsonl" "$NOW" 1 "$NOW" &
PIDS+=($!)
start_instances hooks "$URL"
KEY="$("$ACCORD" keys create --scopes admin --name multi --database-url "$URL")"
CREATED="$(curl -sS -H "Authorization: Bearer $KEY" -H 'content-type: application/json' -X POST "$BASE/v1/admin/properties/demo/webhooks" \
    -d "{\"url\":\"http://127.0.0.1:$RPORT/hook\",\"events\":[\"consent.recorded\",\"consent.withdrawn\"]}")"
SECRET="$(echo "$CREATED" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')"
"$PY" "$ROOT/scripts/multi_delivery_check.py" load "$URLS" "$KEY" "$SUBJECTS" "$ROUNDS" "$WORK/events.json" || die "load"
EXPECTED=$((SUBJECTS * (ROUNDS + ROUNDS / 2)))  # consent.recorded each, consent.withdrawn for each denial after a grant
for _ in $(seq 1 600); do
    GOT="$(python3 -c "import json; print(len({json.loads(l)['headers']['webhook-id'] for l in open('$WORK/received.jsonl') if json.loads(l)['status'] == 200}))" 2>/dev/null || echo 0)"
    [[ "$GOT" -ge "$EXPECTED" ]] && break
    sleep 0.2
done
sleep 2   # late redeliveries, if any, are counted too
"$PY" "$ROOT/scripts/multi_delivery_check.py" webhooks "$WORK/received.jsonl" "$SECRET" "$WORK/events.json" || die "webhooks"
SENDERS="$(grep -l . "$WORK"/hooks-*.log 2>/dev/null | wc -l)"
stop_instances

# 2. Expiry reminders: analytics made to last 20 days, inside the 30-day notice, so every grant is expiring at once.
URL="$(new_database reminders)"
SMTP_PORT="$(free_port)"
"$PY" "$ROOT/scripts/smtp_test_server.py" --dir "$WORK/mail" --port "$SMTP_PORT" >"$WORK/smtp.log" 2>&1 &
SMTP_PID=$!   # not in PIDS: it must outlive the set-up instances that stop_instances ends
for _ in $(seq 1 600); do grep -q READY "$WORK/smtp.log" && break; sleep 0.1; done
grep -q READY "$WORK/smtp.log" || die "the SMTP server did not start"
# The sweepers start only after the property is changed: the instances are started with the sweep off, then again.
start_instances setup "$URL" EXPIRY_SWEEP_INTERVAL_SECONDS=3600
KEY="$("$ACCORD" keys create --scopes admin --name multi --database-url "$URL")"
api() { curl -sS -f -H "Authorization: Bearer $KEY" -H 'content-type: application/json' "$@"; }
api -X PUT "$BASE/v1/admin/properties/demo/purposes/analytics" -d '{"key":"analytics","name":"Analytics","description":"Measuring use","lifetimeDays":20,"translations":{"de":{"name":"Analyse","description":"Nutzung messen"}}}' >/dev/null
api -X POST "$BASE/v1/admin/properties/demo/policies" -d '{}' >/dev/null
: >"$WORK/addresses.txt"
for n in $(seq 1 "$SUBJECTS"); do
    api -X POST "$BASE/v1/properties/demo/consents" \
        -d "{\"subject\":\"remind-$n\",\"choices\":{\"analytics\":\"granted\"},\"contact\":{\"email\":\"remind-$n@example.org\",\"verified\":true}}" >/dev/null
    echo "remind-$n@example.org" >>"$WORK/addresses.txt"
done
stop_instances
start_instances reminders "$URL" EXPIRY_SWEEP_INTERVAL_SECONDS=1 MAIL_SMTP_HOST=127.0.0.1 "MAIL_SMTP_PORT=$SMTP_PORT" \
    MAIL_SMTP_SECURITY=none MAIL_FROM=accord@example.com
for _ in $(seq 1 900); do
    [[ "$(ls "$WORK/mail"/*.json 2>/dev/null | wc -l)" -ge "$SUBJECTS" ]] && break
    sleep 0.2
done
sleep 4   # three sweepers keep passing: a duplicate would come now
"$PY" "$ROOT/scripts/multi_delivery_check.py" mail "$WORK/mail" "$WORK/addresses.txt" || die "reminders"
stop_instances
echo "multi-delivery: passed (3 instances on one PostgreSQL database)"
