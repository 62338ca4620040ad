#!/usr/bin/env bash
# End-to-end checks of the accord CLI and the HTTP API's error contract, against a real server on a
# fresh temporary directory. Prints one PASS/FAIL line per check; exits 1 if any check failed.
#
#   scripts/cli-e2e.sh                     # uses .build/debug/accord (built if missing)
#   ACCORD_BIN=/path/to/accord scripts/cli-e2e.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
if [[ ! -x "$ACCORD_BIN" ]]; then
    (cd "$ROOT" && swift build --product accord)
fi
# The server and the CLI read DATABASE_URL, HTTP_PORT, ... from the environment; the defaults are what
# is under test, so none of the caller's settings may leak in.
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL LOG_LEVEL DATABASE_SQLITE_SYNCHRONOUS DB_SQLITE_SYNCHRONOUS || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-e2e.XXXXXX")"
SERVER_PID=""

cleanup() {
    local status=$?
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        # Give it a moment to stop cleanly, then make sure it is gone.
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Run a private copy: others may relink .build/debug/accord while this script runs ("Text file busy").
cp "$ACCORD_BIN" "$WORK/accord"
ACCORD_BIN="$WORK/accord"
"$ACCORD_BIN" --help >/dev/null

FAILURES=0
CHECKS=0
pass() { CHECKS=$((CHECKS + 1)); printf 'PASS  %s\n' "$1"; }
fail() {
    CHECKS=$((CHECKS + 1)); FAILURES=$((FAILURES + 1))
    printf 'FAIL  %s\n' "$1"
    if [[ $# -gt 1 ]]; then printf '      %s\n' "${@:2}"; fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts `accord serve` in $WORK (so the default accord.sqlite lands there) with only --http-port.
# Sets SERVER_PID and BASE; the banner goes to $1.
start_server() {
    local log="$1"
    PORT="$(free_port)"
    BASE="http://127.0.0.1:$PORT"
    (cd "$WORK" && exec "$ACCORD_BIN" serve --http-port "$PORT") >"$log" 2>"$log.err" &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        if curl -fsS "$BASE/health" >/dev/null 2>&1; then return 0; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "server exited during start-up:" >&2; cat "$log" "$log.err" >&2; return 1
        fi
        sleep 0.1
    done
    echo "server did not answer /health within 30 s" >&2
    return 1
}

stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# Runs a CLI command from $WORK; sets OUT (stdout+stderr) and RC.
run_cli() {
    set +e
    OUT="$(cd "$WORK" && "$ACCORD_BIN" "$@" 2>&1)"
    RC=$?
    set -e
}

# A command line error must be exactly one line starting with "error:" and exit 1.
expect_one_line_error() {
    local name="$1"; shift
    run_cli "$@"
    local lines
    lines="$(printf '%s\n' "$OUT" | grep -c . || true)"
    if [[ $RC -eq 1 && $lines -eq 1 && "$OUT" == error:* ]]; then
        pass "$name ($OUT)"
    else
        fail "$name" "exit $RC, $lines line(s): $OUT"
    fi
}

# ---------------------------------------------------------------------------------------------
# 1. Defaults: no flags but the port; the database is created in the working directory.
# ---------------------------------------------------------------------------------------------
start_server "$WORK/serve1.log"
DB="$WORK/accord.sqlite"
DBURL="sqlite://$DB"   # $DB is absolute, so this is sqlite:///...

if [[ -f "$DB" ]]; then pass "serve creates accord.sqlite in the working directory"
else fail "serve creates accord.sqlite in the working directory" "$(ls -la "$WORK")"; fi

ADMIN_KEY="$(sed -n 's/^Admin API key, shown once.*: \(acc_[A-Za-z0-9_-]*\)$/\1/p' "$WORK/serve1.log")"
if [[ -n "$ADMIN_KEY" ]]; then pass "first start prints the admin API key line"
else fail "first start prints the admin API key line" "$(cat "$WORK/serve1.log")"; fi

# A second start on the same database must not mint (or print) another admin key.
stop_server
start_server "$WORK/serve2.log"
if grep -q '^Accord is serving' "$WORK/serve2.log" && ! grep -qi 'admin api key' "$WORK/serve2.log"; then
    pass "second start prints no admin key"
else
    fail "second start prints no admin key" "$(cat "$WORK/serve2.log")"
fi

# ---------------------------------------------------------------------------------------------
# 2. Record consents with the admin key and verify the receipt offline.
# ---------------------------------------------------------------------------------------------
post_consent() { # subject choices-json -> response body on stdout
    curl -sS -X POST "$BASE/v1/properties/demo/consents" \
        -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
        -d "{\"subject\":\"$1\",\"choices\":$2,\"source\":\"banner\"}"
}
RESPONSE="$(post_consent e2e-alice '{"analytics":"granted","marketing":"denied"}')"
EVENT_ID="$(printf '%s' "$RESPONSE" | python3 -c 'import json,sys; print(json.load(sys.stdin)["event"]["id"])' 2>/dev/null || true)"
printf '%s' "$RESPONSE" | python3 -c 'import json,sys; print(json.load(sys.stdin)["receipt"], end="")' >"$WORK/receipt.jws" 2>/dev/null || true
if [[ -n "$EVENT_ID" && -s "$WORK/receipt.jws" ]]; then pass "record a consent with the admin key (event $EVENT_ID)"
else fail "record a consent with the admin key" "$RESPONSE"; fi
# A few more events, so several chains have more than one link for the tamper checks below.
for i in $(seq 1 12); do
    post_consent "e2e-subject-$i" '{"analytics":"granted","personalization":"granted"}' >/dev/null
    post_consent "e2e-subject-$i" '{"marketing":"granted"}' >/dev/null
done

run_cli receipt verify "$WORK/receipt.jws" --database-url "$DBURL"
if [[ $RC -eq 0 ]]; then pass "receipt verify FILE: genuine receipt exits 0"; else fail "receipt verify FILE: genuine receipt exits 0" "exit $RC: $OUT"; fi

# Change one character in the middle of each JWS part. The replacement is another base64url character,
# so the token still decodes; a middle character (never the last one, whose low bits may be padding)
# always changes the decoded bytes.
for part in 0 1 2; do
    python3 - "$WORK/receipt.jws" "$WORK/tampered-$part.jws" "$part" <<'PY'
import sys
token = open(sys.argv[1]).read().strip()
parts = token.split(".")
index = int(sys.argv[3])
text = parts[index]
middle = len(text) // 2
old = text[middle]
new = "B" if old != "B" else "C"
parts[index] = text[:middle] + new + text[middle + 1:]
open(sys.argv[2], "w").write(".".join(parts))
PY
    names=(header payload signature)
    run_cli receipt verify "$WORK/tampered-$part.jws" --database-url "$DBURL"
    if [[ $RC -eq 1 ]]; then pass "receipt verify: one changed character in the ${names[$part]} exits 1"
    else fail "receipt verify: one changed character in the ${names[$part]} exits 1" "exit $RC: $OUT"; fi
done

set +e
OUT="$(cd "$WORK" && "$ACCORD_BIN" receipt verify - --database-url "$DBURL" <"$WORK/receipt.jws" 2>&1)"; RC=$?
set -e
if [[ $RC -eq 0 && "$OUT" == *"$EVENT_ID"* ]]; then pass "receipt verify - reads the receipt from stdin"
else fail "receipt verify - reads the receipt from stdin" "exit $RC: $OUT"; fi

curl -fsS "$BASE/.well-known/jwks.json" -o "$WORK/jwks.json"
# No database at all: --jwks must be enough (run from an empty directory with a bogus database url).
mkdir -p "$WORK/elsewhere"
set +e
OUT="$(cd "$WORK/elsewhere" && "$ACCORD_BIN" receipt verify "$WORK/receipt.jws" --jwks "$WORK/jwks.json" \
    --database-url "sqlite://$WORK/elsewhere/none.sqlite" 2>&1)"; RC=$?
set -e
if [[ $RC -eq 0 ]]; then pass "receipt verify --jwks with the served /.well-known/jwks.json"
else fail "receipt verify --jwks with the served /.well-known/jwks.json" "exit $RC: $OUT"; fi
set +e
OUT="$(cd "$WORK/elsewhere" && "$ACCORD_BIN" receipt verify "$WORK/tampered-1.jws" --jwks "$WORK/jwks.json" 2>&1)"; RC=$?
set -e
if [[ $RC -eq 1 ]]; then pass "receipt verify --jwks rejects a changed payload"
else fail "receipt verify --jwks rejects a changed payload" "exit $RC: $OUT"; fi

# ---------------------------------------------------------------------------------------------
# 3. HTTP error contract: status, and the body {"error":{"code","message","field"}}.
# ---------------------------------------------------------------------------------------------
run_cli keys create --scopes consents:write --name e2e-writer --database-url "$DBURL"
WRITE_KEY="$OUT"
if [[ $RC -eq 0 && "$WRITE_KEY" == acc_* ]]; then pass "keys create --scopes consents:write"
else fail "keys create --scopes consents:write" "exit $RC: $OUT"; WRITE_KEY="acc_missing"; fi

run_cli keys create --scopes admin --name e2e-doomed --database-url "$DBURL"
DOOMED="$OUT"
run_cli keys list --database-url "$DBURL"
if [[ $RC -eq 0 && "$OUT" == *"${DOOMED:0:10}  admin  "*"e2e-doomed"* && "$OUT" != *"$DOOMED"* ]]; then
    pass "keys list shows the prefix and name, never the key"
else fail "keys list shows the prefix and name, never the key" "exit $RC: $OUT"; fi
DOOMED_STATUS_BEFORE="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $DOOMED" "$BASE/v1/admin/properties")"
run_cli keys revoke "${DOOMED:0:10}" --database-url "$DBURL"
sleep 6  # the server's key cache keeps an answer for at most 5 seconds
DOOMED_STATUS_AFTER="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $DOOMED" "$BASE/v1/admin/properties")"
if [[ $RC -eq 0 && "$DOOMED_STATUS_BEFORE" == 200 && "$DOOMED_STATUS_AFTER" == 401 ]]; then
    pass "keys revoke: the running server refuses the key within 5 s"
else fail "keys revoke: the running server refuses the key within 5 s" "exit $RC: $OUT; before $DOOMED_STATUS_BEFORE after $DOOMED_STATUS_AFTER"; fi

run_cli users create --email e2e-owner@example.org --role owner --database-url "$DBURL"
if [[ $RC -eq 0 && "$OUT" == http://*/console/setup\?token=* && $(printf '%s\n' "$OUT" | grep -c .) -eq 1 ]]; then
    pass "users create prints one set-up link"
else fail "users create prints one set-up link" "exit $RC: $OUT"; fi
set +e
OUT="$(cd "$WORK" && printf 'Password2024!\n' | "$ACCORD_BIN" users create --email e2e-weak@example.org --role editor \
    --password-stdin --database-url "$DBURL" 2>&1)"; RC=$?
set -e
if [[ $RC -eq 1 && "$OUT" == "error: password: this password is too common"* ]]; then pass "users create --password-stdin refuses a common password"
else fail "users create --password-stdin refuses a common password" "exit $RC: $OUT"; fi
set +e
OUT="$(cd "$WORK" && printf 'a long passphrase for e2e\n' | "$ACCORD_BIN" users create --email e2e-editor@example.org \
    --role editor --password-stdin --database-url "$DBURL" 2>&1)"; RC=$?
set -e
if [[ $RC -eq 0 && "$OUT" == "created e2e-editor@example.org (editor)" ]]; then pass "users create --password-stdin sets the password"
else fail "users create --password-stdin sets the password" "exit $RC: $OUT"; fi

# expect_http NAME STATUS FIELD curl-args...   (FIELD "-" means: field must be null)
expect_http() {
    local name="$1" want_status="$2" want_field="$3"; shift 3
    local status
    status="$(curl -sS -o "$WORK/body.json" -w '%{http_code}' "$@" || echo 000)"
    local verdict
    verdict="$(python3 - "$WORK/body.json" "$want_field" <<'PY'
import json, sys
want = sys.argv[2]
try:
    body = json.load(open(sys.argv[1]))
    error = body["error"]
    assert set(error) == {"code", "message", "field"}, f"keys are {sorted(error)}"
    assert isinstance(error["code"], str) and error["code"], "code is empty"
    assert isinstance(error["message"], str) and error["message"], "message is empty"
    if want == "-":
        assert error["field"] is None, f"field is {error['field']!r}, expected null"
    elif want != "*":
        assert error["field"] == want, f"field is {error['field']!r}, expected {want!r}"
    print(f"ok code={error['code']} field={error['field']}")
except Exception as exc:  # any shape problem is a failure, reported on one line
    print(f"bad body: {exc}")
PY
)"
    if [[ "$status" == "$want_status" && "$verdict" == ok* ]]; then
        pass "HTTP $name -> $status (${verdict#ok })"
    else
        fail "HTTP $name" "status $status (want $want_status); $verdict; body: $(head -c 300 "$WORK/body.json")"
    fi
}

CONSENTS="$BASE/v1/properties/demo/consents"
JSONH=(-H 'Content-Type: application/json')
AUTH=(-H "Authorization: Bearer $ADMIN_KEY")

expect_http "malformed JSON" 400 - -X POST "$CONSENTS" "${AUTH[@]}" "${JSONH[@]}" -d '{"subject": "x", "choices": {'
expect_http "unknown property" 404 - -X POST "$BASE/v1/properties/no-such-property/consents" "${AUTH[@]}" "${JSONH[@]}" \
    -d '{"subject":"x","choices":{"analytics":"granted"},"source":"banner"}'
expect_http "unknown purpose" 422 "choices.telepathy" -X POST "$CONSENTS" "${AUTH[@]}" "${JSONH[@]}" \
    -d '{"subject":"x","choices":{"telepathy":"granted"},"source":"banner"}'
expect_http "bad status value" 422 "choices.analytics" -X POST "$CONSENTS" "${AUTH[@]}" "${JSONH[@]}" \
    -d '{"subject":"x","choices":{"analytics":"maybe"},"source":"banner"}'
LONG_SUBJECT="$(python3 -c 'print("s" * 257)')"
expect_http "257-byte subject" 422 "subject" -X POST "$CONSENTS" "${AUTH[@]}" "${JSONH[@]}" \
    -d "{\"subject\":\"$LONG_SUBJECT\",\"choices\":{\"analytics\":\"granted\"},\"source\":\"banner\"}"
# 70 KiB of valid JSON: refused for its size, not its content.
python3 -c 'import json; print(json.dumps({"subject": "x", "choices": {"analytics": "granted"}, "source": "banner", "pad": "p" * 70 * 1024}))' >"$WORK/big.json"
expect_http "70 KiB body" 413 - -X POST "$CONSENTS" "${AUTH[@]}" "${JSONH[@]}" --data-binary "@$WORK/big.json"
expect_http "GET consents without a key" 401 - "$BASE/v1/properties/demo/subjects/e2e-alice/consents"
expect_http "GET consents with a consents:write-only key" 403 - \
    -H "Authorization: Bearer $WRITE_KEY" "$BASE/v1/properties/demo/subjects/e2e-alice/consents"

# And the happy path of the read, for contrast: the admin key sees alice's choice.
STATE="$(curl -sS "${AUTH[@]}" "$BASE/v1/properties/demo/subjects/e2e-alice/consents" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["purposes"]["analytics"]["status"])' 2>/dev/null || true)"
if [[ "$STATE" == granted ]]; then pass "GET consents with the admin key shows analytics granted"
else fail "GET consents with the admin key shows analytics granted" "got '$STATE'"; fi

# ---------------------------------------------------------------------------------------------
# 4. CLI bad input: one line, "error:", non-zero.
# ---------------------------------------------------------------------------------------------
expect_one_line_error "keys create --scopes bogus" keys create --scopes bogus --database-url "sqlite://$WORK/scratch-keys.sqlite"
expect_one_line_error "keys revoke with an unknown prefix" keys revoke acc_nothere --database-url "$DBURL"
expect_one_line_error "users create --role bogus" users create --email x@example.org --role bogus --database-url "sqlite://$WORK/scratch-users.sqlite"
expect_one_line_error "audit verify on a missing database" audit verify --database-url sqlite:///nonexistent/x.sqlite
expect_one_line_error "audit verify --database-url postgres://x" audit verify --database-url postgres://x
expect_one_line_error "receipt verify /nonexistent" receipt verify /nonexistent --database-url "$DBURL"
if [[ -e /nonexistent ]]; then fail "audit verify on a missing database does not create it" "/nonexistent exists"
else pass "audit verify on a missing database does not create it"; fi

# ---------------------------------------------------------------------------------------------
# 5. Audit: a clean log passes; hand edits to events or state are caught.
# ---------------------------------------------------------------------------------------------
# The server is stopped so its connection cannot hold a WAL snapshot while the file is edited.
stop_server

# The bulk path of the capacity benches, on a copy: 300 banner writes in transactions of 128, again (all replays),
# then the audit.
python3 -c 'import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close(); s.close()' \
    "$DB" "$WORK/seeded.sqlite"
run_cli seed-consents --events 300 --batch 128 --database-url "sqlite://$WORK/seeded.sqlite"
SEEDED="$OUT"
run_cli seed-consents --events 300 --batch 128 --database-url "sqlite://$WORK/seeded.sqlite"
AGAIN="$OUT"
run_cli audit verify --database-url "sqlite://$WORK/seeded.sqlite"
if [[ $RC -eq 0 && "$SEEDED" == "ok: 300 events stored, 0 already there, 0 refused, in 3 transactions"* \
    && "$AGAIN" == "ok: 0 events stored, 300 already there"* ]] && grep -qE '^ok: [0-9]+ events$' <<<"$OUT"; then
    pass "seed-consents stores 300 banner writes once, and the log audits clean"
else fail "seed-consents stores 300 banner writes once, and the log audits clean" "$SEEDED / $AGAIN / exit $RC: $OUT"; fi

run_cli audit verify --database-url "$DBURL"
# Newer builds add further "ok: ..." lines (e.g. configuration changes); the events line must be there.
if [[ $RC -eq 0 ]] && grep -qE '^ok: [0-9]+ events$' <<<"$OUT" && ! grep -q '^error' <<<"$OUT"; then
    pass "audit verify on the untouched database ($(tr '\n' ';' <<<"$OUT" | sed 's/;$//; s/;/; /g'))"
else fail "audit verify on the untouched database" "exit $RC: $OUT"; fi

# Each tamper runs on its own copy (made with SQLite's backup API, so the WAL is included): that is the
# "restore" between cases, and the original stays as evidence if a check fails.
copy_db() { python3 -c 'import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close(); s.close()' "$DB" "$1"; }

# (a) Flip one event's granted to denied, after dropping the trigger that forbids updates.
copy_db "$WORK/tamper-event.sqlite"
TAMPERED_ID="$(python3 - "$WORK/tamper-event.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER consent_events_no_update")
# A row's choices cell holds its text or the number of a shared text in choice_texts (migration 2026-12-01-choice-texts);
# the edit writes the flipped text into the row itself.
event_id, choices = db.execute(
    """SELECT e.id, coalesce(t.text, e.choices) FROM consent_events e LEFT JOIN choice_texts t ON t.id = e.choices
       WHERE coalesce(t.text, e.choices) LIKE '%granted%' ORDER BY e.seq LIMIT 1""").fetchone()
db.execute("UPDATE consent_events SET choices = ? WHERE id = ?", (choices.replace("granted", "denied", 1), event_id))
db.commit()
print(event_id)
PY
)"
run_cli audit verify --database-url "sqlite://$WORK/tamper-event.sqlite"
if [[ $RC -eq 1 && "$OUT" == *"$TAMPERED_ID"* ]]; then pass "audit verify catches an edited event's choices and names it ($TAMPERED_ID)"
else fail "audit verify catches an edited event's choices and names it ($TAMPERED_ID)" "exit $RC: $OUT"; fi

# (b) Edit the current-state view only; the events stay intact.
copy_db "$WORK/tamper-state.sqlite"
python3 - "$WORK/tamper-state.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
prop, subject, purpose = db.execute(
    "SELECT property_id, subject_key, purpose_key FROM consent_state WHERE choice = 'granted' LIMIT 1").fetchone()
changed = db.execute(
    "UPDATE consent_state SET choice = 'denied' WHERE property_id = ? AND subject_key = ? AND purpose_key = ?",
    (prop, subject, purpose)).rowcount
assert changed == 1
db.commit()
PY
run_cli audit verify --database-url "sqlite://$WORK/tamper-state.sqlite"
if [[ $RC -eq 1 && "$OUT" == *consent_state* ]]; then pass "audit verify catches an edited consent_state row"
else fail "audit verify catches an edited consent_state row" "exit $RC: $OUT"; fi

# (c) Remove the newest event of a chain (its hash links are intact; only the head says it is missing).
copy_db "$WORK/tamper-delete.sqlite"
CHAIN="$(python3 - "$WORK/tamper-delete.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER consent_events_no_delete")
chain, position = db.execute(
    "SELECT chain_id, MAX(chain_position) FROM consent_events GROUP BY chain_id ORDER BY 2 DESC LIMIT 1").fetchone()
assert db.execute("DELETE FROM consent_events WHERE chain_id = ? AND chain_position = ?", (chain, position)).rowcount == 1
db.commit()
print(chain)
PY
)"
run_cli audit verify --database-url "sqlite://$WORK/tamper-delete.sqlite"
if [[ $RC -eq 1 && "$OUT" == *"$CHAIN"* ]]; then pass "audit verify catches the deleted last event of chain $CHAIN"
else fail "audit verify catches the deleted last event of chain $CHAIN" "exit $RC: $OUT"; fi

# (d) A cell the domain cannot read (CHECK constraints switched off to write it): the audit reports the damage,
# and the server answers that subject with a 500 in the standard error body, logs which cell, and keeps serving.
copy_db "$WORK/tamper-cell.sqlite"
python3 - "$WORK/tamper-cell.sqlite" "$EVENT_ID" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER consent_events_no_update")
db.execute("PRAGMA ignore_check_constraints = ON")
db.execute("UPDATE consent_events SET regime = 'bogus' WHERE id = ?", (sys.argv[2],))
db.commit()
PY
run_cli audit verify --database-url "sqlite://$WORK/tamper-cell.sqlite"
if [[ $RC -eq 1 && "$OUT" == *"consent_events.regime"* ]]; then pass "audit verify reports an unreadable cell ($OUT)"
else fail "audit verify reports an unreadable cell" "exit $RC: $OUT"; fi
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
(cd "$WORK" && exec "$ACCORD_BIN" serve --http-port "$PORT" --database-url "sqlite://$WORK/tamper-cell.sqlite") \
    >"$WORK/serve-damaged.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do curl -fsS "$BASE/health" >/dev/null 2>&1 && break; sleep 0.1; done
DAMAGED="$(curl -sS -w ' %{http_code}' "$BASE/v1/properties/demo/subjects/e2e-alice/events" -H "Authorization: Bearer $ADMIN_KEY")"
OTHER="$(curl -sS -o /dev/null -w '%{http_code}' "$BASE/v1/properties/demo/subjects/e2e-subject-3/events" -H "Authorization: Bearer $ADMIN_KEY")"
stop_server
if [[ "$DAMAGED" == *'"code":"internal"'*' 500' && "$DAMAGED" != *regime* && "$OTHER" == 200 ]] \
    && grep -q 'consent_events.regime' "$WORK/serve-damaged.log" && ! grep -q 'e2e-alice' "$WORK/serve-damaged.log"; then
    pass "a damaged row is a 500 with the standard body for its subject only, and the log names the cell"
else fail "a damaged row is a 500 with the standard body for its subject only, and the log names the cell" \
    "damaged: $DAMAGED; other: $OTHER" "$(cat "$WORK/serve-damaged.log")"; fi

# The original, untouched, still passes.
run_cli audit verify --database-url "$DBURL"
if [[ $RC -eq 0 ]]; then pass "audit verify still passes on the original after the tamper copies"
else fail "audit verify still passes on the original after the tamper copies" "exit $RC: $OUT"; fi

# The database keys' former names still work, with a warning naming the new one.
set +e
OUT="$(cd "$WORK" && DB_SQLITE_SYNCHRONOUS=normal "$ACCORD_BIN" audit verify --database-url "$DBURL" 2>&1)"; RC=$?
set -e
if [[ $RC -eq 0 && "$OUT" == *"warning: db.sqlite.synchronous (DB_SQLITE_SYNCHRONOUS) is deprecated; use database.sqlite.synchronous (DATABASE_SQLITE_SYNCHRONOUS)"* ]]; then
    pass "a former database key name still works, with a deprecation warning"
else fail "a former database key name still works, with a deprecation warning" "exit $RC: $OUT"; fi

# A retired key (webhooks.deliveryNice) is still accepted: the server starts, with one warning line.
PORT="$(free_port)"
(cd "$WORK" && WEBHOOKS_DELIVERY_NICE=5 exec "$ACCORD_BIN" serve --http-port "$PORT" --database-url "sqlite://$WORK/retired.sqlite") \
    >"$WORK/retired.log" 2>&1 &
SERVER_PID=$!
UP=no
for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && { UP=yes; break; }; sleep 0.1; done
stop_server
WARNINGS="$(grep -c '^warning: webhooks.deliveryNice (WEBHOOKS_DELIVERY_NICE) is no longer used and is ignored' "$WORK/retired.log" || true)"
if [[ "$UP" == yes && "$WARNINGS" == 1 ]]; then pass "a retired key is accepted with one warning line"
else fail "a retired key is accepted with one warning line" "up: $UP, warnings: $WARNINGS" "$(cat "$WORK/retired.log")"; fi

# ---------------------------------------------------------------------------------------------
# Server secrets wrapped by a root key held outside the database (SECRETS_ROOT_KEY_FILE).
# ---------------------------------------------------------------------------------------------
RK="$WORK/rootkey"
mkdir -p "$RK"
head -c 32 /dev/urandom | base64 >"$RK/root.key"
chmod 600 "$RK/root.key"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
(cd "$RK" && exec "$ACCORD_BIN" serve --http-port "$PORT" --secrets-root-key-file "$RK/root.key") >"$RK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do curl -fsS "$BASE/health" >/dev/null 2>&1 && break; sleep 0.1; done
ADMIN_KEY="$(sed -n 's/^Admin API key, shown once.*: \(acc_[A-Za-z0-9_-]*\)$/\1/p' "$RK/serve.log")"
post_consent e2e-rooted '{"analytics":"granted"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["receipt"], end="")' \
    >"$RK/receipt.jws" 2>/dev/null || true
stop_server
WRAPPED="$(python3 - "$RK/accord.sqlite" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT name, value FROM secrets").fetchall()
names = {"subject-hmac-key", "receipt-signing-key", "preference-link-key", "form-token-key"}
print(sorted(name for name, value in rows if name in names and bytes(value).startswith(b"accord-wrapped-v1:")) == sorted(names))
PY
)"
if [[ "$WRAPPED" == True && -s "$RK/receipt.jws" ]]; then pass "with a root key every server secret is stored wrapped"
else fail "with a root key every server secret is stored wrapped" "$WRAPPED" "$(cat "$RK/serve.log")"; fi
set +e
OUT="$(cd "$RK" && SECRETS_ROOT_KEY_FILE="$RK/root.key" "$ACCORD_BIN" receipt verify "$RK/receipt.jws" 2>&1)"; RC=$?
set -e
if [[ $RC -eq 0 ]]; then pass "receipt verify unwraps the signing key with the root key"
else fail "receipt verify unwraps the signing key with the root key" "exit $RC: $OUT"; fi
set +e
OUT="$(cd "$RK" && timeout 30 "$ACCORD_BIN" serve --http-port "$(free_port)" 2>&1)"; RC=$?
set -e
if [[ $RC -eq 1 && "$OUT" == *"is wrapped by a root key"* ]]; then pass "serve without the root key refuses to start"
else fail "serve without the root key refuses to start" "exit $RC: $OUT"; fi
head -c 32 /dev/urandom | base64 >"$RK/other.key"
set +e
OUT="$(cd "$RK" && SECRETS_ROOT_KEY_FILE="$RK/other.key" timeout 30 "$ACCORD_BIN" serve --http-port "$(free_port)" 2>&1)"; RC=$?
set -e
if [[ $RC -eq 1 && "$OUT" == *"does not open"* ]]; then pass "serve with another root key refuses to start"
else fail "serve with another root key refuses to start" "exit $RC: $OUT"; fi
printf 'short' >"$RK/bad.key" && chmod 600 "$RK/bad.key"
expect_one_line_error "a malformed root key file is one line, exit 1" serve --secrets-root-key-file "$RK/bad.key" \
    --database-url "sqlite://$RK/accord.sqlite"

echo
if [[ $FAILURES -eq 0 ]]; then
    echo "cli-e2e: all $CHECKS checks passed"
else
    echo "cli-e2e: $FAILURES of $CHECKS checks FAILED"
    exit 1
fi
