#!/usr/bin/env bash
# Issue 13 §6, deletion of Accord's own data, through the real binary and a SQLite file:
# - a person with consent history (a grant, a linked browser, a contact) asks for deletion; an operator enters the
#   request, records the verification and completes it; the timeline records request.dataErased with counts only;
# - afterwards every API answers for them as for a stranger, and the linked browser is unlinked;
# - `accord audit verify` passes and names the erased subjects; no clear id is left in the database file;
# - the same address coming back (also after a restart) is a new subject with one event;
# - `accord export` carries the tombstones and `accord import` into a fresh file audits clean with them.
#
#   scripts/erasure-e2e.sh                  # uses .build/debug/accord (built if missing)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
if [[ ! -x "$ACCORD_BIN" ]]; then
    (cd "$ROOT" && swift build --product accord)
fi
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-erasure.XXXXXX")"
SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
cleanup() {
    local status=$?
    stop_server
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ACCORD="$ACCORD_BIN"
DB="$WORK/accord.sqlite"
DBURL="sqlite://$DB"
die() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "PASS $*"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

start_server() {
    PORT="$(free_port)"
    BASE="http://127.0.0.1:$PORT"
    "$ACCORD" serve --http-port "$PORT" --database-url "$DBURL" --log-level warning >>"$WORK/serve.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        curl -fsS "$BASE/health" >/dev/null 2>&1 && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; die "server exited during start-up"; }
        sleep 0.1
    done
    die "server did not start"
}
# api METHOD PATH [BODY]: prints the body, then the status on its own last line.
api() {
    local args=(-sS -X "$1" "$BASE$2" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -w '\n%{http_code}')
    [[ $# -ge 3 ]] && args+=(-d "$3")
    curl "${args[@]}"
}
status_of() { tail -n1 <<<"$1"; }
body_of() { sed '$d' <<<"$1"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }

start_server
KEY="$("$ACCORD" keys create --scopes consents:read,consents:write,admin --name erasure-e2e --database-url "$DBURL")"
VISITOR="av_$(printf 'c3%.0s' $(seq 1 16))"
ORIGIN=(-H 'Origin: http://localhost:3000')

# The history.
out=$(curl -sS -X POST "$BASE/v1/properties/demo/consents" "${ORIGIN[@]}" -H 'Content-Type: application/json' \
    -d "{\"subject\":\"$VISITOR\",\"choices\":{\"analytics\":\"granted\"}}" -w '\n%{http_code}')
[[ $(status_of "$out") == 201 ]] || die "browser grant: $out"
out=$(api POST "/v1/properties/demo/subjects/erin@example.com/links" "{\"visitor\":\"$VISITOR\"}")
[[ $(status_of "$out") == 201 ]] || die "link: $out"
out=$(api POST /v1/properties/demo/consents \
    '{"subject":"erin@example.com","choices":{"analytics":"granted","marketing":"granted"},"contact":{"email":"erin@example.com","verified":true}}')
[[ $(status_of "$out") == 201 ]] || die "write: $out"
pass "a subject with a grant, a linked browser and a contact"

# The request, entered by an operator, verified by phone, completed.
out=$(api POST /v1/admin/properties/demo/requests '{"type":"deletion","email":"Erin@Example.com","jurisdiction":"US-CA","channel":"phone"}')
[[ $(status_of "$out") == 201 ]] || die "request: $out"
ID=$(body_of "$out" | json 'd["id"]')
out=$(api POST "/v1/admin/properties/demo/requests/$ID/verification" '{"reason":"called back on the number on file"}')
[[ $(status_of "$out") == 200 ]] || die "verification: $out"
out=$(api POST "/v1/admin/properties/demo/requests/$ID/transitions" '{"to":"completed"}')
[[ $(status_of "$out") == 200 ]] || die "completion: $out"
body=$(body_of "$out")
[[ $(json 'd["status"]' <<<"$body") == completed ]] || die "not completed: $body"
[[ $(json 'd.get("email")' <<<"$body") == None ]] || die "the request still shows the address: $body"
erasure=$(json '[e["detail"] for e in d["timeline"] if e["action"] == "request.dataErased"][0]' <<<"$body")
[[ $erasure == *"'subjects': '2'"* && $erasure == *"'links': '1'"* ]] || die "the erasure entry: $erasure"
grep -qi erin <<<"$(json 'd["timeline"]' <<<"$body")" && die "the timeline names the requester"
pass "completed; the timeline records the erasure without the identifier: $erasure"

# Every API answers as for a stranger.
out=$(api GET "/v1/properties/demo/subjects/erin@example.com/events")
[[ $(body_of "$out" | json 'len(d["events"])') == 0 ]] || die "history still readable: $out"
out=$(api POST /v1/properties/demo/check '{"subjects":["erin@example.com"],"purposes":["marketing"]}')
[[ $(body_of "$out" | json 'd["results"]["erin@example.com"]["marketing"]') == False ]] || die "check: $out"
out=$(curl -sS "$BASE/v1/properties/demo/visitors/$VISITOR/state" "${ORIGIN[@]}")
[[ $(json 'd["linked"]' <<<"$out") == False && $out != *granted* ]] || die "the browser still shows the choices: $out"
out=$(api GET "/v1/admin/properties/demo/requests/$ID/answer")
[[ $(status_of "$out") == 409 ]] || die "the access answer after erasure: $out"
pass "history, check, linked browser and access answer show nothing of them"

stop_server
"$ACCORD" audit verify --database-url "$DBURL" >"$WORK/audit.out" || die "audit verify: $(cat "$WORK/audit.out")"
grep -q "^ok: 2 erased subjects" "$WORK/audit.out" || die "the audit does not name the erased: $(cat "$WORK/audit.out")"
pass "accord audit verify: $(tr '\n' ' ' <"$WORK/audit.out")"
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null 2>&1 || true
if grep -qai "erin@example" "$DB"; then die "the database file still holds the address in clear"; fi
pass "no clear address in the database file"

# Coming back after a restart: a new subject.
start_server
out=$(api POST /v1/properties/demo/consents '{"subject":"erin@example.com","choices":{"analytics":"denied"}}')
[[ $(status_of "$out") == 201 ]] || die "the returning write: $out"
out=$(api GET "/v1/properties/demo/subjects/erin@example.com/events")
[[ $(body_of "$out" | json 'len(d["events"])') == 1 ]] || die "the returning person sees old history: $out"
pass "the same address after a restart is a new subject with one event"
stop_server

# Export and import carry the tombstones.
"$ACCORD" export --database-url "$DBURL" >"$WORK/export.jsonl" 2>"$WORK/export.err"
grep -q ", 2 erased subjects$" "$WORK/export.err" || die "the export summary: $(cat "$WORK/export.err")"
[[ $(grep -c '^{"type":"erasedSubject"' "$WORK/export.jsonl") == 2 ]] || die "the export does not carry 2 tombstones"
"$ACCORD" import "$WORK/export.jsonl" --database-url "sqlite://$WORK/copy.sqlite" >"$WORK/import.out" 2>&1 \
    || die "import: $(cat "$WORK/import.out")"
"$ACCORD" audit verify --database-url "sqlite://$WORK/copy.sqlite" >"$WORK/audit2.out" || die "audit of the copy: $(cat "$WORK/audit2.out")"
grep -q ", 2 erased subjects; audit verified$" "$WORK/import.out" || die "the import summary: $(cat "$WORK/import.out")"
grep -q "^ok: 2 erased subjects" "$WORK/audit2.out" || die "the copy lost its tombstones: $(cat "$WORK/audit2.out")"
pass "export/import carry the tombstones; the copy audits clean"
echo "erasure end-to-end: all passed"
