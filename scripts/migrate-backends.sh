#!/usr/bin/env bash
# Moving between backends: a SQLite database with real data (written through `accord serve`) is exported
# with its secrets, imported into a fresh PostgreSQL database, audited there, served from there (a subject's
# state, an API key and the property's Global Vendor List from before the move, a receipt issued before the move),
# then exported again and imported back into a new SQLite file. The three exports must agree line for line
# (except the header's time). Everything runs under a root key, so the server secrets and the webhook endpoint's
# secret travel wrapped. The webhook endpoint (paused, so its messages wait in the outbox), the undelivered
# messages and the subject vault (clear ids, a contact) move too: the final SQLite copy, resumed, delivers every
# message queued on the source to a receiver on loopback, signed with the secret from before the moves and with
# the clear subject id read from the moved vault, per subject in order.
# Also: an import into a non-empty database and an export with a changed line are refused, naming the line.
#
#   ACCORD_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:54329/postgres scripts/migrate-backends.sh
# The URL names a server and a database to connect to first; the test creates its own database there and
# drops it afterwards. Leaves no process behind.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
BASE_URL="${ACCORD_TEST_POSTGRES_URL:?set ACCORD_TEST_POSTGRES_URL to a PostgreSQL server url}"
PSQL="$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)"

if [[ ! -x "$ACCORD_BIN" ]]; then
    (cd "$ROOT" && swift build --product accord)
fi
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL LOG_LEVEL SECRETS_ROOT_KEY_FILE || true
# One root key for every command here, as an operator moving a database keeps it.
SECRETS_ROOT_KEY="$(head -c 32 /dev/urandom | base64)"
export SECRETS_ROOT_KEY

NAME="accord_migrate_$(date +%s)_$$"
PG_URL="$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$BASE_URL" "$NAME")"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-migrate.XXXXXX")"
SERVER_PID=""
RECEIVER_PID=""

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

cleanup() {
    local status=$?
    stop_server
    if [[ -n "$RECEIVER_PID" ]]; then kill "$RECEIVER_PID" 2>/dev/null || true; wait "$RECEIVER_PID" 2>/dev/null || true; fi
    "$PSQL" "$BASE_URL" -qAtc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" >/dev/null 2>&1 || true
    if [[ $status -ne 0 ]]; then
        for log in "$WORK"/*.log; do [[ -f "$log" ]] && { echo "--- $log"; tail -n 20 "$log"; }; done
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A private copy: others may relink .build/debug/accord while this runs.
cp "$ACCORD_BIN" "$WORK/accord"
ACCORD="$WORK/accord"

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok:   $*"; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# Serves the database $1; sets SERVER_PID and API; the banner goes to $2. Webhooks may go to loopback.
start_server() {
    local port
    port="$(free_port)"
    API="http://127.0.0.1:$port"
    "$ACCORD" serve --database-url "$1" --http-port "$port" --webhooks-allow-insecure-loopback >"$2" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 150); do
        curl -fsS "$API/ready" >/dev/null 2>&1 && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || fail "accord serve on $1 exited"
        sleep 0.2
    done
    fail "accord serve on $1 did not become ready"
}

SOURCE="sqlite://$WORK/source.sqlite"
BACK="sqlite://$WORK/back.sqlite"
RPORT="$(free_port)"   # the webhook receiver's, named in the endpoint's URL; it listens only in step 7

# 1. Real data on SQLite: the first start seeds the demo property and prints an admin key; consents are
#    recorded over HTTP (two events for one subject, so the state is a fold), the demo property gets a Global
#    Vendor List (the test fixture), and a second property is created and published through the admin API
#    (configuration history).
start_server "$SOURCE" "$WORK/source-serve.log"
KEY="$(grep -o 'acc_[A-Za-z0-9_-]*' "$WORK/source-serve.log" | head -n 1)"
[[ -n "$KEY" ]] || fail "no admin key in the first start's banner"
AUTH="Authorization: Bearer $KEY"
# A webhook endpoint, paused at once: every message below waits in the outbox, undelivered, through the moves.
curl -fsS -X POST "$API/v1/admin/properties/demo/webhooks" -H "$AUTH" \
    -d "{\"url\":\"http://127.0.0.1:$RPORT/hook\",\"events\":[\"consent.recorded\",\"consent.withdrawn\"]}" >"$WORK/webhook.json"
HOOK="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/webhook.json")"
HOOK_SECRET="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["secret"])' "$WORK/webhook.json")"
curl -fsS -X POST "$API/v1/admin/properties/demo/webhooks/$HOOK/pause" -H "$AUTH" >/dev/null
curl -fsS -X POST "$API/v1/admin/properties/demo/identity-secret" -H "$AUTH" >/dev/null
curl -fsS -X POST "$API/v1/properties/demo/consents" -H "$AUTH" -H 'Idempotency-Key: move-1' \
    -d '{"subject":"alice@example.com","choices":{"analytics":"granted","marketing":"granted"},"source":"api","region":"DE-BY"}' \
    >"$WORK/first.json"
python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["receipt"])' "$WORK/first.json" >"$WORK/receipt.jws"
curl -fsS -X POST "$API/v1/properties/demo/subjects/alice%40example.com/withdraw" -H "$AUTH" -d '{"purposes":["marketing"]}' >/dev/null
curl -fsS -X POST "$API/v1/properties/demo/subjects/alice%40example.com/contact" -H "$AUTH" \
    -d '{"email":"alice@example.com","verified":true}' >/dev/null
for index in $(seq 1 40); do
    choice=$([[ $((index % 3)) -eq 0 ]] && echo denied || echo granted)
    curl -fsS -X POST "$API/v1/properties/demo/consents" -H "$AUTH" \
        -d "{\"subject\":\"visitor-$index\",\"choices\":{\"analytics\":\"$choice\",\"personalization\":\"granted\"},\"source\":\"banner\",\"locale\":\"de\"}" \
        >/dev/null
done
curl -fsS -X POST "$API/v1/admin/properties" -H "$AUTH" -d '{"id":"shop","name":"Shop","allowedOrigins":["https://shop.example"],
    "purposes":[{"key":"necessary","name":"Necessary","description":"Needed.","isRequired":true},
                {"key":"analytics","name":"Analytics","description":"Counting visits."}]}' >/dev/null
curl -fsS -X POST "$API/v1/admin/properties/shop/policies" -H "$AUTH" >/dev/null
curl -fsS -X POST "$API/v1/properties/shop/consents" -H "$AUTH" \
    -d '{"subject":"alice@example.com","choices":{"analytics":"denied"},"source":"api"}' >/dev/null
curl -fsS -X PUT "$API/v1/properties/demo/gvl" -H "$AUTH" --data-binary @"$ROOT/Tests/Fixtures/vendor-list-v3.json" >/dev/null
curl -fsS "$API/v1/properties/demo/subjects/alice%40example.com/consents" -H "$AUTH" >"$WORK/state-source.json"
curl -fsS "$API/v1/properties/demo/gvl" >"$WORK/gvl-source.json"
stop_server
"$ACCORD" audit verify --database-url "$SOURCE" >/dev/null || fail "the source does not verify"
pass "source: SQLite database written through accord serve (42 consents, a withdrawal, a vendor list, a second property, a paused webhook endpoint, a contact)"

# 2. Export. Without --include-secrets the command says what will not work on the target.
"$ACCORD" export --database-url "$SOURCE" >/dev/null 2>"$WORK/no-secrets.err"
grep -q 'subject look-ups and receipt verification will not work' "$WORK/no-secrets.err" \
    || fail "an export without secrets does not warn: $(cat "$WORK/no-secrets.err")"
"$ACCORD" export --format jsonl --include-secrets --database-url "$SOURCE" >"$WORK/source.jsonl" 2>"$WORK/export.err"
grep -q '"type":"secret"' "$WORK/source.jsonl" || fail "the export with --include-secrets holds no secret"
[[ "$(grep -c '^{"type":"vendorList","list":{.*},"property":"demo"}$' "$WORK/source.jsonl")" == 1 ]] \
    || fail "the export does not hold the demo property's vendor list once"
# 1 endpoint; 43 messages for it (alice's grant, her withdrawal as consent.recorded and consent.withdrawn, 40
# visitors' choices, 1 each); 42 vault entries (40 visitors and alice, who is in two properties); the identity secret.
COUNTS="$(for type in webhookEndpoint outboxDelivery vaultEntry; do grep -c "^{\"type\":\"$type\"" "$WORK/source.jsonl" || true; done | tr '\n' ' ')"
[[ "$COUNTS" == "1 43 42 " ]] || fail "endpoints, undelivered deliveries and vault entries in the export: $COUNTS (expected 1 43 42)"
grep -q '"name":"identity-secret:demo"' "$WORK/source.jsonl" || fail "the export does not carry the identity secret"
SECRET_B64="$(printf '%s' "$HOOK_SECRET" | base64 -w0)"
if grep -qF -e "$HOOK_SECRET" -e "$SECRET_B64" -e "${HOOK_SECRET#whsec_}" -e 'alice@example.com' "$WORK/source.jsonl"; then
    fail "the export holds the webhook secret or a clear subject id (the root key should wrap them)"
fi
pass "the export carries the endpoint (secret wrapped), 43 undelivered messages and 42 vault entries (ciphertext)"
pass "export from SQLite: $(wc -l <"$WORK/source.jsonl") lines ($(tail -n 1 "$WORK/export.err"))"

# 3. Import into a fresh PostgreSQL database, audit it there.
"$PSQL" "$BASE_URL" -qAtc "CREATE DATABASE $NAME" >/dev/null
OUT="$("$ACCORD" import "$WORK/source.jsonl" --database-url "$PG_URL")" || fail "import into PostgreSQL failed"
[[ "$OUT" =~ ^"ok: imported 43 events, "[0-9]+" audit entries, 1 vendor list, 1 webhook endpoint, 43 undelivered deliveries, 42 vault entries; audit verified"$ ]] \
    || fail "unexpected import output: $OUT"
pass "import into PostgreSQL: $OUT"
VERIFY="$("$ACCORD" audit verify --database-url "$PG_URL")" || fail "accord audit verify fails on PostgreSQL"
pass "accord audit verify on PostgreSQL: $(echo "$VERIFY" | tr '\n' ' ')"

# 4. Serve from PostgreSQL: the key from before the move works, the subject look-up (the pseudonym key moved)
#    answers the same state, the vendor list is served as it was, and no second admin key is made.
start_server "$PG_URL" "$WORK/pg-serve.log"
curl -fsS "$API/v1/properties/demo/subjects/alice%40example.com/consents" -H "$AUTH" >"$WORK/state-pg.json"
curl -fsS "$API/v1/properties/demo/gvl" >"$WORK/gvl-pg.json" || fail "no vendor list for the demo property on PostgreSQL"
curl -fsS "$API/v1/admin/properties/demo/webhooks/$HOOK" -H "$AUTH" | grep -q '"status":"paused"' \
    || fail "the webhook endpoint is not on PostgreSQL, paused"
stop_server
grep -q 'Admin API key' "$WORK/pg-serve.log" && fail "serving the moved database created another admin key"
python3 - "$WORK/state-source.json" "$WORK/state-pg.json" <<'PY' || fail "the subject's state differs after the move"
import json, sys
source, moved = (json.load(open(path)) for path in sys.argv[1:])
if source != moved or not source.get("purposes"):
    sys.exit(f"source {source}\nmoved  {moved}")
PY
pass "a subject's state served from PostgreSQL matches the source: $(tr -d '\n' <"$WORK/state-pg.json" | cut -c1-100)..."
GVL="$(python3 - "$WORK/gvl-source.json" "$WORK/gvl-pg.json" <<'PY'
import json, sys
source, moved = (json.load(open(path)) for path in sys.argv[1:])
if source != moved or not source.get("vendors"):
    sys.exit(f"source {json.dumps(source)[:300]}\nmoved  {json.dumps(moved)[:300]}")
print(f"{len(moved['vendors'])} vendors, vendorListVersion {moved['vendorListVersion']}")
PY
)" || fail "the vendor list served from PostgreSQL differs from the source's"
pass "the vendor list served from PostgreSQL equals the source's: $GVL"
RECEIPT="$("$ACCORD" receipt verify "$WORK/receipt.jws" --database-url "$PG_URL")" || fail "a receipt from before the move does not verify"
pass "receipt issued on SQLite, verified against PostgreSQL: $RECEIPT"

# 5. Refusals: a non-empty target, and a changed line (named by its number).
if "$ACCORD" import "$WORK/source.jsonl" --database-url "$PG_URL" >/dev/null 2>"$WORK/again.err"; then
    fail "an import into a non-empty database was accepted"
fi
grep -q '^error: import needs an empty database' "$WORK/again.err" || fail "unexpected refusal: $(cat "$WORK/again.err")"
pass "import into a non-empty database refused: $(cat "$WORK/again.err")"
LINE="$(grep -n '"type":"event"' "$WORK/source.jsonl" | sed -n 5p | cut -d: -f1)"
sed "${LINE}s/\"gpc\":false/\"gpc\":true/" "$WORK/source.jsonl" >"$WORK/changed.jsonl"
if "$ACCORD" import "$WORK/changed.jsonl" --database-url "sqlite://$WORK/changed.sqlite" >/dev/null 2>"$WORK/changed.err"; then
    fail "an export with a changed event was imported"
fi
grep -q "^error: $WORK/changed.jsonl:$LINE: event .*hash does not match.*(nothing was imported)" "$WORK/changed.err" \
    || fail "unexpected error for a changed line: $(cat "$WORK/changed.err")"
pass "a changed event line is refused by number: $(sed "s|$WORK/||" "$WORK/changed.err")"
# From stdin there is no first pass: the lines before the bad one may be stored, and the error says so.
if "$ACCORD" import - --database-url "sqlite://$WORK/half.sqlite" <"$WORK/changed.jsonl" >/dev/null 2>"$WORK/half.err"; then
    fail "an export with a changed event was imported from stdin"
fi
grep -q "^error: stdin:$LINE: .*(half imported: lines 1 to [0-9]* are in the target; discard it" "$WORK/half.err" \
    || fail "a half import is not reported: $(cat "$WORK/half.err")"
pass "a half import from stdin says so: $(cat "$WORK/half.err")"

# An export written before vendor lists travelled (format 1) still imports, and names the list to upload again.
sed -e '1s/"format":[0-9]*/"format":1/' -e '/^{"type":"\(vendorList\|webhookEndpoint\|outboxDelivery\|vaultEntry\|erasedSubject\)"/d' "$WORK/source.jsonl" \
    >"$WORK/format1.jsonl"
"$ACCORD" import "$WORK/format1.jsonl" --database-url "sqlite://$WORK/format1.sqlite" >"$WORK/format1.out" 2>"$WORK/format1.err" \
    || fail "a format 1 export is refused: $(cat "$WORK/format1.err")"
grep -q "^note: property 'demo' had a vendor list, which format 1 exports do not carry" "$WORK/format1.err" \
    || fail "a format 1 import does not name the vendor list it lacks: $(cat "$WORK/format1.err")"
pass "a format 1 export (no vendor lists) imports: $(cat "$WORK/format1.out")"

# 6. And back: PostgreSQL -> a new SQLite file. All three exports agree line for line, bar the header's time.
"$ACCORD" export --include-secrets --database-url "$PG_URL" >"$WORK/pg.jsonl" 2>/dev/null
"$ACCORD" import - --database-url "$BACK" <"$WORK/pg.jsonl" >/dev/null || fail "import back into SQLite failed"
"$ACCORD" audit verify --database-url "$BACK" >/dev/null || fail "the SQLite file imported back does not verify"
"$ACCORD" export --include-secrets --database-url "$BACK" >"$WORK/back.jsonl" 2>/dev/null
for copy in pg back; do
    diff <(tail -n +2 "$WORK/source.jsonl") <(tail -n +2 "$WORK/$copy.jsonl") >"$WORK/$copy.diff" \
        || fail "the export of the $copy copy differs from the source's: $(head -c 400 "$WORK/$copy.diff")"
done
pass "exports from SQLite, PostgreSQL and SQLite again are identical ($(wc -l <"$WORK/back.jsonl") lines, header aside)"

# 7. The moved endpoint resumed on the final copy: every message queued on the source arrives, once, signed with
#    the endpoint's secret from before the moves (the root key opens it), alice's with her clear id from the
#    moved vault, each subject's in sequence order.
python3 "$ROOT/scripts/webhook_receiver.py" "$RPORT" "$WORK/received.jsonl" "$(date +%s)" 1 0 >"$WORK/receiver.log" 2>&1 &
RECEIVER_PID=$!
start_server "$BACK" "$WORK/back-serve.log"
curl -fsS -X POST "$API/v1/admin/properties/demo/webhooks/$HOOK/resume" -H "$AUTH" >/dev/null
for _ in $(seq 1 150); do
    [[ -f "$WORK/received.jsonl" && "$(wc -l <"$WORK/received.jsonl")" -ge 43 ]] && break
    sleep 0.2
done
stop_server
DELIVERED="$(python3 - "$WORK/received.jsonl" "$WORK/source.jsonl" "$HOOK_SECRET" <<'PY'
import base64, hashlib, hmac, json, sys
received = [json.loads(line) for line in open(sys.argv[1])]
queued = {json.loads(line)["id"] for line in open(sys.argv[2]) if line.startswith('{"type":"outboxDelivery"')}
key = base64.b64decode(sys.argv[3].removeprefix("whsec_"))
ids = [hit["headers"]["webhook-id"] for hit in received]
if sorted(set(ids)) != sorted(queued) or len(ids) != len(set(ids)):
    sys.exit(f"received {len(ids)} ({len(set(ids))} distinct), queued {len(queued)}")
last = {}
for hit in received:
    headers = hit["headers"]
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{hit['body']}".encode()
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    if expected not in headers["webhook-signature"].split(" "):
        sys.exit(f"message {headers['webhook-id']} is not signed with the endpoint's secret")
    data = json.loads(hit["body"])["data"]
    if data["subjectKey"] in last and data["sequence"] <= last[data["subjectKey"]]:
        sys.exit(f"subject {data['subjectKey'][:12]}... out of order")
    last[data["subjectKey"]] = data["sequence"]
alice = [json.loads(hit["body"])["data"]["subject"] for hit in received if "alice" in hit["body"]]
if len(alice) != 3 or set(alice) != {"alice@example.com"}:
    sys.exit(f"alice's messages: {alice}")
print(f"{len(ids)} messages, each once, signed with the secret from the source; alice's 3 name her")
PY
)" || fail "the moved outbox was not delivered as queued: $DELIVERED"
pass "resumed on the SQLite copy: $DELIVERED"
"$ACCORD" audit verify --database-url "$BACK" >/dev/null || fail "the SQLite copy does not verify after delivering"
echo "migrate-backends: all checks passed"
