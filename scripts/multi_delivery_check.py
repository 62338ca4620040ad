#!/usr/bin/env python3
"""Checks for scripts/multi-delivery.sh (needs standardwebhooks in the Python that runs it).

  multi_delivery_check.py load URL1,URL2,URL3 KEY SUBJECTS ROUNDS EVENTS_OUT
      One thread per subject writes ROUNDS consent events for it (analytics granted, then denied, then granted...),
      each through the next instance in turn, waiting for each answer, so the order per subject is defined.
      Writes the acknowledged event ids in order per subject to EVENTS_OUT.
  multi_delivery_check.py webhooks RECEIVED_LOG SECRET EVENTS_FILE
      Every acknowledged event's consent.recorded message arrived (signature verified by standardwebhooks), per
      subject the first acceptance of each message follows the subject's sequence, and prints the redeliveries.
  multi_delivery_check.py mail MAIL_DIR ADDRESSES_FILE
      Exactly one reminder per expiring grant: one e-mail to each address, none twice.
"""
import glob
import json
import sys
import threading
import urllib.request


def load(urls, key, subjects, rounds, out):
    urls = urls.split(",")
    events = {}
    failures = []
    lock = threading.Lock()

    def writer(n):
        subject = f"multi-{n}"
        ids = []
        for r in range(int(rounds)):
            url = urls[(n + r) % len(urls)]
            body = {"subject": subject, "choices": {"analytics": "granted" if r % 2 == 0 else "denied"}, "source": "api"}
            request = urllib.request.Request(url + "/v1/properties/demo/consents", data=json.dumps(body).encode(),
                                             headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    ids.append(json.loads(response.read())["event"]["id"])
            except Exception as error:  # noqa: BLE001 - any failure fails the run
                with lock:
                    failures.append(f"{subject} round {r}: {error}")
                return
        with lock:
            events[subject] = ids

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(int(subjects))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    json.dump(events, open(out, "w"))
    print(f"load: {sum(len(v) for v in events.values())} events acknowledged for {len(events)} subjects "
          f"through {len(urls)} instances")
    for failure in failures[:5]:
        print("FAIL: " + failure)
    return 1 if failures else 0


def webhooks(log, secret, events_file):
    from standardwebhooks import Webhook
    hits = [json.loads(line) for line in open(log) if line.strip()]
    events = json.load(open(events_file))
    verifier = Webhook(secret)
    first = {}
    accepted = 0
    last_sequence = {}
    problems = []
    for hit in hits:
        verifier.verify(hit["body"], hit["headers"])
        if hit["status"] != 200:
            continue
        accepted += 1
        message_id = hit["headers"]["webhook-id"]
        if message_id in first:
            continue
        first[message_id] = hit
        payload = json.loads(hit["body"])
        data = payload["data"]
        subject = data.get("subjectKey")
        if subject is None:
            continue
        # The per-subject sequence grows with every message about the subject, whatever its type, in the order
        # the subject's messages arrive (per (endpoint, subject) order), whichever instance wrote or sent them.
        previous = last_sequence.get(subject, 0)
        if data["sequence"] <= previous:
            problems.append(f"{subject}: {payload['type']} sequence {data['sequence']} arrived after {previous}")
        last_sequence[subject] = data["sequence"]
    recorded = {json.loads(h["body"])["data"]["eventId"] for h in first.values()
                if json.loads(h["body"])["type"] == "consent.recorded"}
    wanted = {i for ids in events.values() for i in ids}
    missing = wanted - recorded
    if missing:
        problems.append(f"{len(missing)} acknowledged events have no consent.recorded message")
    for problem in problems[:10]:
        print("FAIL: " + problem)
    print(f"webhooks: {len(wanted)} events acknowledged, {len(recorded & wanted)} delivered, {len(missing)} missing, "
          f"{accepted - len(first)} redeliveries (at least once), {len(hits)} requests in all, all signatures verified, "
          f"order per subject held for {len(last_sequence)} subjects" if not problems else "webhooks: FAILED")
    return 1 if problems else 0


def mail(directory, addresses_file):
    wanted = [line.strip() for line in open(addresses_file) if line.strip()]
    got = {}
    for path in glob.glob(f"{directory}/*.json"):
        for address in json.load(open(path))["to"]:
            got[address] = got.get(address, 0) + 1
    missing = [a for a in wanted if a not in got]
    twice = {a: n for a, n in got.items() if n > 1}
    print(f"reminders: {len(wanted)} expiring grants, {sum(got.values())} e-mails, {len(missing)} missing, "
          f"{len(twice)} addresses mailed more than once")
    return 1 if missing or twice or set(got) - set(wanted) else 0


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    sys.exit({"load": load, "webhooks": webhooks, "mail": mail}[command](*arguments))
