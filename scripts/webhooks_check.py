"""Checks what scripts/webhooks-e2e.sh's receiver got, with the `standardwebhooks` package (the reference
Python verifier), and prints one line per check; exits non-zero on the first failure.

    python3 webhooks_check.py deliveries LOG SECRET EXPECTED_EVENTS_FILE
    python3 webhooks_check.py rotation LOG OLD_SECRET NEW_SECRET MESSAGE_ID
"""
import json
import sys
from datetime import datetime, timedelta, timezone

import standardwebhooks.webhooks as swh
from standardwebhooks import Webhook, WebhookVerificationError


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def verify_at(secret, body, headers, now):
    """Verifies as a receiver would at `now` (the simulated time of receipt: Accord's clock runs faster)."""
    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.fromtimestamp(now, tz=timezone.utc)

    real = swh.datetime
    swh.datetime = Clock
    try:
        return Webhook(secret).verify(body, headers)
    finally:
        swh.datetime = real


def refused(secret, body, headers, now):
    try:
        verify_at(secret, body, headers, now)
    except WebhookVerificationError:
        return True
    return False


def requests(log):
    with open(log) as f:
        return [json.loads(line) for line in f if line.strip()]


def deliveries(log, secret, expected_file):
    hits = requests(log)
    with open(expected_file) as f:
        expected = json.load(f)  # {"events": [{"eventId", "subject"}], "withdrawals": n}
    for hit in hits:
        verify_at(secret, hit["body"], hit["headers"], hit["simulatedNow"])
    print(f"standardwebhooks verified all {len(hits)} requests (retries included)")
    failures = [h for h in hits if h["status"] != 200]
    if not failures:
        fail("the receiver never answered 500: the outage was not exercised")
    delivered = [h for h in hits if h["status"] == 200]
    first = {}
    for hit in delivered:
        first.setdefault(hit["headers"]["webhook-id"], hit)
    print(f"{len(delivered)} accepted requests, {len(first)} distinct webhook-ids after de-duplication, {len(failures)} answered 500")
    recorded = {json.loads(h["body"])["data"]["eventId"] for h in first.values() if json.loads(h["body"])["type"] == "consent.recorded"}
    wanted = {e["eventId"] for e in expected["events"]}
    if recorded != wanted:
        fail(f"consent.recorded for {len(recorded & wanted)} of {len(wanted)} acknowledged events; missing {sorted(wanted - recorded)[:3]}")
    withdrawn = [h for h in first.values() if json.loads(h["body"])["type"] == "consent.withdrawn"]
    if len(withdrawn) != expected["withdrawals"]:
        fail(f"{len(withdrawn)} consent.withdrawn messages, expected {expected['withdrawals']}")
    print(f"every acknowledged event arrived: {len(wanted)} consent.recorded, {len(withdrawn)} consent.withdrawn")
    # Per subject, the first acceptance of each message comes in sequence order.
    last = {}
    for hit in delivered:
        data = json.loads(hit["body"])["data"]
        key = data.get("subjectKey")
        if key is None:
            continue
        if hit["headers"]["webhook-id"] in last.get(key, {}).get("seen", set()):
            continue
        state = last.setdefault(key, {"sequence": 0, "seen": set()})
        if data["sequence"] <= state["sequence"]:
            fail(f"subject {key[:12]}: sequence {data['sequence']} accepted after {state['sequence']}")
        state["sequence"] = data["sequence"]
        state["seen"].add(hit["headers"]["webhook-id"])
    print(f"per-subject order held for {len(last)} subjects")
    sample = delivered[-1]
    now = sample["simulatedNow"]
    if not refused(secret, sample["body"].replace("consent", "CONSENT", 1), sample["headers"], now):
        fail("a changed body was accepted")
    if not refused("whsec_" + "A" * 43 + "=", sample["body"], sample["headers"], now):
        fail("a wrong secret was accepted")
    timestamp = float(sample["headers"]["webhook-timestamp"])
    if not refused(secret, sample["body"], sample["headers"], timestamp + 360) or not refused(
        secret, sample["body"], sample["headers"], timestamp - 360
    ):
        fail("a timestamp 6 minutes off was accepted")
    print("refused: a changed body, a wrong secret, a timestamp 6 minutes off")


def rotation(log, old, new, message_id):
    hits = [h for h in requests(log) if h["headers"].get("webhook-id") == message_id and h["status"] == 200]
    if not hits:
        fail(f"the test message {message_id} did not arrive")
    hit = hits[0]
    if len(hit["headers"]["webhook-signature"].split(" ")) != 2:
        fail("a message sent during rotation does not carry two signatures")
    verify_at(old, hit["body"], hit["headers"], hit["simulatedNow"])
    verify_at(new, hit["body"], hit["headers"], hit["simulatedNow"])
    print("during rotation both the old and the new secret verify")


if __name__ == "__main__":
    {"deliveries": deliveries, "rotation": rotation}[sys.argv[1]](*sys.argv[2:])
