#!/usr/bin/env bash
# Moving between backends: a SQLite database with real data (written through `accord serve`) is exported
# with its secrets, imported into a fresh PostgreSQL database, audited there, served from there (a subject's
# state, an API key and the property's Global Vendor List from before the move, a receipt issued before the move),
# then exported again and imported back into a new SQLite file. The three exports must agree line for line
# (except the header's time).
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
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL LOG_LEVEL || true

NAME="accord_migrate_$(date +%s)_$$"
PG_URL="$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$BASE_URL" "$NAME")"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-migrate.XXXXXX")"
SERVER_PID=""

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

# Serves the database $1; sets SERVER_PID and API; the banner goes to $2.
start_server() {
    local port
    port="$(free_port)"
    API="http://127.0.0.1:$port"
    "$ACCORD" serve --database-url "$1" --http-port "$port" >"$2" 2>&1 &
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

# 1. Real data on SQLite: the first start seeds the demo property and prints an admin key; consents are
#    recorded over HTTP (two events for one subject, so the state is a fold), the demo property gets a Global
#    Vendor List (the test fixture), and a second property is created and published through the admin API
#    (configuration history).
start_server "$SOURCE" "$WORK/source-serve.log"
KEY="$(grep -o 'acc_[A-Za-z0-9_-]*' "$WORK/source-serve.log" | head -n 1)"
[[ -n "$KEY" ]] || fail "no admin key in the first start's banner"
AUTH="Authorization: Bearer $KEY"
curl -fsS -X POST "$API/v1/properties/demo/consents" -H "$AUTH" -H 'Idempotency-Key: move-1' \
    -d '{"subject":"alice@example.com","choices":{"analytics":"granted","marketing":"granted"},"source":"api","region":"DE-BY"}' \
    >"$WORK/first.json"
python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["receipt"])' "$WORK/first.json" >"$WORK/receipt.jws"
curl -fsS -X POST "$API/v1/properties/demo/subjects/alice%40example.com/withdraw" -H "$AUTH" -d '{"purposes":["marketing"]}' >/dev/null
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
pass "source: SQLite database written through accord serve (42 consents, a withdrawal, a vendor list, a second property)"

# 2. Export. Without --include-secrets the command says what will not work on the target.
"$ACCORD" export --database-url "$SOURCE" >/dev/null 2>"$WORK/no-secrets.err"
grep -q 'subject look-ups and receipt verification will not work' "$WORK/no-secrets.err" \
    || fail "an export without secrets does not warn: $(cat "$WORK/no-secrets.err")"
"$ACCORD" export --format jsonl --include-secrets --database-url "$SOURCE" >"$WORK/source.jsonl" 2>"$WORK/export.err"
grep -q '"type":"secret"' "$WORK/source.jsonl" || fail "the export with --include-secrets holds no secret"
[[ "$(grep -c '^{"type":"vendorList","list":{.*},"property":"demo"}$' "$WORK/source.jsonl")" == 1 ]] \
    || fail "the export does not hold the demo property's vendor list once"
pass "export from SQLite: $(wc -l <"$WORK/source.jsonl") lines ($(tail -n 1 "$WORK/export.err"))"

# 3. Import into a fresh PostgreSQL database, audit it there.
"$PSQL" "$BASE_URL" -qAtc "CREATE DATABASE $NAME" >/dev/null
OUT="$("$ACCORD" import "$WORK/source.jsonl" --database-url "$PG_URL")" || fail "import into PostgreSQL failed"
[[ "$OUT" == "ok: imported 43 events, 5 audit entries, 1 vendor list; audit verified" ]] || fail "unexpected import output: $OUT"
pass "import into PostgreSQL: $OUT"
VERIFY="$("$ACCORD" audit verify --database-url "$PG_URL")" || fail "accord audit verify fails on PostgreSQL"
pass "accord audit verify on PostgreSQL: $(echo "$VERIFY" | tr '\n' ' ')"

# 4. Serve from PostgreSQL: the key from before the move works, the subject look-up (the pseudonym key moved)
#    answers the same state, the vendor list is served as it was, and no second admin key is made.
start_server "$PG_URL" "$WORK/pg-serve.log"
curl -fsS "$API/v1/properties/demo/subjects/alice%40example.com/consents" -H "$AUTH" >"$WORK/state-pg.json"
curl -fsS "$API/v1/properties/demo/gvl" >"$WORK/gvl-pg.json" || fail "no vendor list for the demo property on PostgreSQL"
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
sed -e '1s/"format":2/"format":1/' -e '/^{"type":"vendorList"/d' "$WORK/source.jsonl" >"$WORK/format1.jsonl"
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
echo "migrate-backends: all checks passed"
