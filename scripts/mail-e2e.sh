#!/usr/bin/env bash
# E-mail to subjects against a real SMTP server (aiosmtpd, scripts/smtp_test_server.py) and a real
# `accord serve` on a SQLite file:
#   - a contact given in a consent write gets a confirmation e-mail (AUTH PLAIN, multipart text + HTML,
#     the property's name, no image), whose link shows a question (GET changes nothing) and confirms (POST);
#   - with the property's confirmChoicesByEmail on, a change of that subject's choices is confirmed by e-mail;
#   - with the SMTP server down, the API still answers 201, the log says the attempt failed and when the
#     next one is; Accord is killed with kill -9, restarted, and the message arrives once the server is back;
#   - without mail.smtp.host, Accord starts and says once that e-mail is off;
#   - `accord audit verify` passes: the chain holds no clear ids.
#
#   SMTP_PYTHON=/tmp/accord-venv/bin/python scripts/mail-e2e.sh   # needs aiosmtpd in that Python
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACCORD_BIN="${ACCORD_BIN:-$ROOT/.build/debug/accord}"
SMTP_PYTHON="${SMTP_PYTHON:-/tmp/accord-venv/bin/python}"
"$SMTP_PYTHON" -c 'import aiosmtpd' 2>/dev/null || { echo "FAIL: $SMTP_PYTHON has no aiosmtpd" >&2; exit 1; }
[[ -x "$ACCORD_BIN" ]] || (cd "$ROOT" && swift build --product accord)
unset DATABASE_URL HTTP_PORT HTTP_HOST HTTP_PUBLIC_URL MAIL_SMTP_HOST MAIL_SMTP_PORT MAIL_SMTP_USERNAME MAIL_SMTP_PASSWORD \
    MAIL_SMTP_SECURITY MAIL_FROM || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-mail.XXXXXX")"
SERVER_PID=""
SMTP_PID=""
cleanup() {
    local status=$?
    for pid in "$SERVER_PID" "$SMTP_PID"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp "$ACCORD_BIN" "$WORK/accord"
ACCORD="$WORK/accord"
DBURL="sqlite://$WORK/mail.sqlite"
MAILDIR="$WORK/maildir"
die() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

SMTP_PORT="$(free_port)"
start_smtp() {
    "$SMTP_PYTHON" "$ROOT/scripts/smtp_test_server.py" --dir "$MAILDIR" --port "$SMTP_PORT" --auth "mailer:s3cret" \
        >"$WORK/smtp.out" 2>"$WORK/smtp.err" &
    SMTP_PID=$!
    for _ in $(seq 1 100); do
        grep -q READY "$WORK/smtp.out" 2>/dev/null && return 0
        sleep 0.1
    done
    die "SMTP test server did not start: $(cat "$WORK/smtp.err")"
}
stop_smtp() { kill "$SMTP_PID"; wait "$SMTP_PID" 2>/dev/null || true; SMTP_PID=""; }

# Starts accord with the given extra environment; sets SERVER_PID, BASE, LOG.
start_server() {
    LOG="$WORK/serve-$1.log"
    shift
    local port
    port="$(free_port)"
    BASE="http://127.0.0.1:$port"
    env "$@" "$ACCORD" serve --http-port "$port" --database-url "$DBURL" --log-level info >"$LOG" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        curl -fsS "$BASE/health" >/dev/null 2>&1 && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG" >&2; die "server exited during start-up"; }
        sleep 0.1
    done
    die "server did not answer /health"
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

wait_for_file() {
    for _ in $(seq 1 "$2"); do [[ -f "$1" ]] && return 0; sleep 0.5; done
    return 1
}

# 1. E-mail off: the start says so, once.
start_server off
grep -c "e-mail is off" "$LOG" | grep -qx 1 || die "no single 'e-mail is off' line: $(cat "$LOG")"
pass "without mail.smtp.host Accord starts and says once that e-mail is off"
stop_server

MAIL_ENV=(MAIL_SMTP_HOST=127.0.0.1 "MAIL_SMTP_PORT=$SMTP_PORT" MAIL_SMTP_SECURITY=none MAIL_SMTP_USERNAME=mailer
    MAIL_SMTP_PASSWORD=s3cret MAIL_FROM=accord@example.com)
start_smtp
start_server on "${MAIL_ENV[@]}"
grep -q "e-mail is on" "$LOG" || die "no 'e-mail is on' line"
KEY="$("$ACCORD" keys create --scopes consents:write,consents:read --name mail-e2e --database-url "$DBURL" | tail -n 1)"
[[ "$KEY" == acc_* ]] || die "no key: $KEY"

# 2. A contact in a consent write: confirmation e-mail, link, confirmation.
STATUS="$(curl -s -o "$WORK/write.json" -w '%{http_code}' -X POST "$BASE/v1/properties/demo/consents" \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d '{"subject":"customer-1","choices":{"analytics":"granted"},"locale":"de","contact":{"email":"anna@example.com"}}')"
[[ "$STATUS" == 201 ]] || die "consent write with contact: $STATUS $(cat "$WORK/write.json")"
wait_for_file "$MAILDIR/1.eml" 40 || die "no confirmation e-mail arrived; log: $(cat "$LOG")"
LINK="$(python3 - "$MAILDIR/1.eml" "$MAILDIR/1.json" <<'PY'
import email, email.policy, json, sys
raw = open(sys.argv[1], "rb").read()
envelope = json.load(open(sys.argv[2]))
assert envelope["from"] == "accord@example.com" and envelope["to"] == ["anna@example.com"], envelope
assert envelope["authenticated"], "not authenticated"
message = email.message_from_bytes(raw, policy=email.policy.default)
assert message.get_content_type() == "multipart/alternative", message.get_content_type()
assert message["To"] == "anna@example.com" or "<anna@example.com>" in message["To"], message["To"]
assert message["Message-ID"] and message["Date"] and message["MIME-Version"] == "1.0"
subject = str(message["Subject"])
text = message.get_body(("plain",)).get_content()
html = message.get_body(("html",)).get_content()
name = message["From"].addresses[0].display_name
assert name and name in subject and name in text and name in html, (name, subject)
assert "Bestätigen" in subject, subject
assert "<img" not in html.lower(), "an image in the HTML part"
for line in raw.split(b"\r\n"):
    assert len(line) <= 998, "line too long"
link = [word for word in text.split() if "/contact/confirm?token=" in word][0]
assert link in html.replace("&amp;", "&"), "HTML part links elsewhere"
print(link)
PY
)" || die "confirmation e-mail is not as expected"
pass "confirmation e-mail: envelope, AUTH, multipart text + HTML, property name, German, no image"
PAGE="$(curl -s -w '\n%{http_code}' "$LINK")"
[[ "$(tail -n 1 <<<"$PAGE")" == 200 && "$PAGE" == *'<form method="post"'* ]] || die "link page: $PAGE"
TOKEN="${LINK#*token=}"
CONFIRMED="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/p/demo/contact/confirm" --data-urlencode "token=$TOKEN")"
[[ "$CONFIRMED" == 200 ]] || die "confirming answered $CONFIRMED"
AGAIN="$(curl -s -X POST "$BASE/v1/properties/demo/subjects/customer-1/contact" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' -d '{"email":"anna@example.com"}')"
[[ "$AGAIN" == *'"status":"confirmed"'* && "$AGAIN" == *'"verifiedBy":"link"'* ]] || die "not confirmed: $AGAIN"
pass "the link asks first, then confirms the address (verifiedBy link)"

BAD="$(curl -s -w ' %{http_code}' -X POST "$BASE/v1/properties/demo/subjects/customer-1/contact" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' -d '{"email":"not an address"}')"
[[ "$BAD" == *'"field":"email"'*' 422' ]] || die "malformed address: $BAD"
pass "a malformed address is 422 naming the field"

# 2b. The property turns on the confirmation of changed choices: a confirmed subject's next write is confirmed.
ADMIN="$("$ACCORD" keys create --scopes admin --name mail-e2e-admin --database-url "$DBURL" | tail -n 1)"
[[ "$ADMIN" == acc_* ]] || die "no admin key: $ADMIN"
ON="$(curl -s -w ' %{http_code}' -X PATCH "$BASE/v1/admin/properties/demo" -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' -d '{"confirmChoicesByEmail":true}')"
[[ "$ON" == *'"confirmChoicesByEmail":true'*' 200' ]] || die "turning confirmChoicesByEmail on: $ON"
STATUS="$(curl -s -o "$WORK/change.json" -w '%{http_code}' -X POST "$BASE/v1/properties/demo/consents" \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d '{"subject":"customer-1","choices":{"analytics":"denied","marketing":"granted"},"locale":"en"}')"
[[ "$STATUS" == 201 ]] || die "changing choices: $STATUS $(cat "$WORK/change.json")"
wait_for_file "$MAILDIR/2.eml" 40 || die "no confirmation of the changed choices arrived; log: $(cat "$LOG")"
python3 - "$MAILDIR/2.eml" "$MAILDIR/2.json" <<'PY' || die "the choices confirmation is not as expected"
import email, email.policy, json, sys
envelope = json.load(open(sys.argv[2]))
assert envelope["to"] == ["anna@example.com"], envelope
message = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
subject = str(message["Subject"])
text = message.get_body(("plain",)).get_content()
html = message.get_body(("html",)).get_content()
name = message["From"].addresses[0].display_name
assert "were saved" in subject and name in subject, subject
assert "/preferences?link=" in text and "<img" not in html.lower(), text
assert "customer-1" not in text and "customer-1" not in html, "the clear id in the e-mail"
PY
pass "with confirmChoicesByEmail on, a change of choices is confirmed by e-mail to the confirmed address"

# 3. SMTP down: 201, a log line and a retry; the message arrives once the server is back.
stop_smtp
STATUS="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/v1/properties/demo/subjects/customer-2/contact" \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"email":"bob@example.com"}')"
[[ "$STATUS" == 201 ]] || die "contact with SMTP down answered $STATUS"
for _ in $(seq 1 40); do grep -q "failed (attempt 1)" "$LOG" && break; sleep 0.5; done
grep -q "failed (attempt 1).*cannot connect to 127.0.0.1:$SMTP_PORT.*next attempt in" "$LOG" || die "no retry line: $(cat "$LOG")"
grep -q "bob@example.com" "$LOG" && die "the log names the address"
pass "SMTP down: 201, and the log says the attempt failed and when the next is (no address in it)"
# kill -9 while the e-mail waits for its next attempt: it is in the outbox, so the restarted server sends it.
sleep 1
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
start_smtp
start_server restarted "${MAIL_ENV[@]}"
wait_for_file "$MAILDIR/3.eml" 120 || die "the retried e-mail never arrived: $(cat "$LOG")"
grep -q "bob@example.com" "$MAILDIR/3.json" || die "the retried e-mail went elsewhere"
pass "after a kill -9 during the outage, the restarted server sends the e-mail once the SMTP server is back"
stop_server

OUT="$("$ACCORD" audit verify --database-url "$DBURL" 2>&1)" || die "audit verify: $OUT"
[[ "$OUT" == ok:* ]] || die "audit verify: $OUT"
pass "accord audit verify: $OUT"
echo "mail end-to-end: all passed"
