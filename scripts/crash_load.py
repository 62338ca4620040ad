#!/usr/bin/env python3
"""Helpers for scripts/crash-test.sh (python3 standard library only).

  crash_load.py load   --url URL --key KEY --acked FILE --prefix P [--threads 8] [--max-seconds 60]
      Writer threads post consent events with unique subjects and idempotency keys over keep-alive
      connections. An event counts as acknowledged only once its whole 201 response has been read and
      parsed; its id is then appended to FILE (one JSON object per line, flushed at once) so the record
      survives whatever happens next. Runs until the server goes away (it is killed with -9 by the
      caller) or --max-seconds pass. Exits 1 if the server answered anything but 201.

  crash_load.py check  --db PATH --acked FILE
      Every acknowledged event id must be in consent_events. Prints "acknowledged: N, present: N, lost: L".

  crash_load.py replay --url URL --key KEY --db PATH --acked FILE
      Re-sends one acknowledged request with the same idempotency key: the answer must carry the same
      event id, and the database must still hold exactly one event with that key.
"""

import argparse
import http.client
import json
import random
import sqlite3
import sys
import threading
import time
import urllib.parse

PATH = "/v1/properties/demo/consents"
CHOICES = ["granted", "denied"]


def request_body(subject, idempotency_key, rng):
    return {
        "subject": subject,
        "choices": {
            "analytics": rng.choice(CHOICES),
            "marketing": rng.choice(CHOICES),
            "personalization": rng.choice(CHOICES),
        },
        "source": "banner",
        "idempotencyKey": idempotency_key,
    }


def connect(url):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)


def post(conn, key, body):
    """Returns (status, parsed JSON or None, headers). Raises on any transport failure."""
    data = json.dumps(body).encode()
    conn.request("POST", PATH, body=data, headers={
        "Authorization": f"Bearer {key}",
        "Content-Type": "application/json",
    })
    response = conn.getresponse()
    raw = response.read()  # the whole body, or an exception: a half-read answer is not an acknowledgement
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = None
    return response.status, parsed, dict(response.getheaders())


def load(args):
    lock = threading.Lock()
    acked_file = open(args.acked, "a", buffering=1)
    stats = {"acked": 0, "unexpected": 0, "transport_errors": 0}
    samples = []
    deadline = time.monotonic() + args.max_seconds
    server_gone = threading.Event()

    def writer(index):
        rng = random.Random(f"{args.prefix}-{index}")
        conn = connect(args.url)
        n = 0
        consecutive_failures = 0
        while time.monotonic() < deadline and not server_gone.is_set():
            n += 1
            subject = f"{args.prefix}-t{index}-{n}"
            body = request_body(subject, f"idem-{subject}", rng)
            try:
                status, parsed, _ = post(conn, args.key, body)
            except (OSError, http.client.HTTPException):
                # The server died (or the connection broke mid-answer): this request is not acknowledged.
                with lock:
                    stats["transport_errors"] += 1
                conn.close()
                consecutive_failures += 1
                if consecutive_failures >= 3:
                    server_gone.set()
                    return
                time.sleep(0.05)
                conn = connect(args.url)
                continue
            consecutive_failures = 0
            if status == 201 and parsed and "event" in parsed:
                line = json.dumps({"id": parsed["event"]["id"], "body": body})
                with lock:
                    acked_file.write(line + "\n")  # line-buffered: on disk before the next request
                    stats["acked"] += 1
            else:
                with lock:
                    stats["unexpected"] += 1
                    if len(samples) < 5:
                        samples.append(f"{status}: {parsed}")

    threads = [threading.Thread(target=writer, args=(i,), daemon=True) for i in range(args.threads)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    acked_file.close()
    elapsed = time.monotonic() - started
    print(f"load: {stats['acked']} acknowledged in {elapsed:.1f} s by {args.threads} threads "
          f"({stats['acked'] / max(elapsed, 0.001):.0f}/s), {stats['transport_errors']} transport errors "
          f"(expected after the kill), {stats['unexpected']} unexpected answers")
    for sample in samples:
        print(f"  unexpected answer {sample}")
    return 1 if stats["unexpected"] else 0


def read_acked(path):
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def check(args):
    acked = read_acked(args.acked)
    ids = [entry["id"] for entry in acked]
    db = sqlite3.connect(args.db)
    present = 0
    missing = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        found = {row[0] for row in db.execute(f"SELECT id FROM consent_events WHERE id IN ({marks})", chunk)}
        present += len(found)
        missing.extend(i for i in chunk if i not in found)
    total = db.execute("SELECT COUNT(*) FROM consent_events").fetchone()[0]
    db.close()
    print(f"acknowledged: {len(ids)}, present: {present}, lost: {len(missing)} (events in database: {total})")
    for event_id in missing[:10]:
        print(f"  lost: {event_id}")
    if not ids:
        print("no event was acknowledged: the load did not run")
        return 1
    return 1 if missing else 0


def replay(args):
    acked = read_acked(args.acked)
    if not acked:
        print("replay: nothing acknowledged to replay")
        return 1
    entry = random.choice(acked)
    conn = connect(args.url)
    status, parsed, headers = post(conn, args.key, entry["body"])
    conn.close()
    got = parsed.get("event", {}).get("id") if isinstance(parsed, dict) else None
    key = entry["body"]["idempotencyKey"]
    db = sqlite3.connect(args.db)
    copies = db.execute("SELECT COUNT(*) FROM consent_events WHERE idempotency_key = ?", (key,)).fetchone()[0]
    db.close()
    replayed = {k.lower(): v for k, v in headers.items()}.get("idempotent-replayed")
    ok = status in (200, 201) and got == entry["id"] and copies == 1
    print(f"replay of {key}: status {status}, event id {got} "
          f"({'same' if got == entry['id'] else 'DIFFERENT, expected ' + entry['id']}), "
          f"Idempotent-Replayed: {replayed}, events with this key: {copies}")
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["load", "check", "replay"])
    parser.add_argument("--url")
    parser.add_argument("--key")
    parser.add_argument("--acked", required=True)
    parser.add_argument("--db")
    parser.add_argument("--prefix", default="crash")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=60)
    args = parser.parse_args()
    return {"load": load, "check": check, "replay": replay}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
