#!/usr/bin/env python3
"""Mixed write load and exactly-once accounting for scripts/fault-campaign.sh (python3 standard library; psql
for PostgreSQL).

  fault_load.py load   --url URL --key KEY --out DIR --prefix P [--threads 6] [--max-seconds 60] [--retry]
      Writer threads send a mix of keyed writes (40 %), public keyless writes from an allowed origin (25 %),
      withdrawals of subjects they wrote before (15 %) and bulk checks (20 %), each write with its own
      idempotency key. Before a write is sent its request is appended to DIR/P.sent; once its whole 201 answer
      is read, its event id and receipt to DIR/P.acked (both flushed line by line, so they survive whatever
      happens next). Without --retry the load stops when the server goes away (a kill -9); with --retry (the
      server stays up, its database does not) a 503 must carry Retry-After and the standard error body and the
      request is sent again with the same key until it is acknowledged. Exit 1 on any other answer.

  fault_load.py check  --out DIR (--db SQLITE_PATH | --pg-url URL) [--expect-all-acked]
      Every acknowledged event id must be stored exactly once and no idempotency key of ours may be stored
      twice. Prints "acknowledged N, found N, lost L, duplicates D, unacknowledged but stored U" (U: requests
      cut off by the fault after their commit, whose answer nobody saw: allowed, and resent by `replay`).

  fault_load.py latency --url URL --key KEY [--seconds 8]
      Sends bulk checks one after another for SECONDS and prints "checks N, p50 X ms, p99 Y ms, max Z ms".

  fault_load.py replay --url URL --key KEY --out DIR
      Sends every request that was sent but never acknowledged again, with its idempotency key (what a client
      does after a failure), and a sample of acknowledged ones, which must answer with the same event id.
"""

import argparse
import glob
import http.client
import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

PROPERTY = "demo"
CHOICES = ["granted", "denied"]


def connect(url):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def send(conn, method, path, body, headers):
    data = json.dumps(body).encode() if body is not None else None
    conn.request(method, path, body=data, headers={"Content-Type": "application/json", **headers})
    response = conn.getresponse()
    raw = response.read()  # the whole answer or an exception: a half-read answer acknowledges nothing
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = None
    return response.status, parsed, {k.lower(): v for k, v in response.getheaders()}


def write_request(kind, prefix, index, n, rng, subjects, url, key):
    """(method, path, body, headers, subject) of one write of this kind."""
    idem = f"{prefix}-t{index}-{n}"
    choices = {p: rng.choice(CHOICES) for p in ("analytics", "marketing", "personalization")}
    if kind == "public":
        subject = "av_" + "%032x" % rng.getrandbits(128)
        body = {"subject": subject, "choices": choices, "source": "banner", "idempotencyKey": idem}
        return "POST", f"/v1/properties/{PROPERTY}/consents", body, {"Origin": url}, subject
    if kind == "withdraw" and subjects:
        subject = rng.choice(subjects)
        path = f"/v1/properties/{PROPERTY}/subjects/{urllib.parse.quote(subject)}/withdraw"
        return "POST", path, {"purposes": ["analytics"]}, {"Authorization": f"Bearer {key}", "Idempotency-Key": idem}, subject
    subject = f"{prefix}-t{index}-{n}@example.org"
    body = {"subject": subject, "choices": choices, "source": "api", "idempotencyKey": idem}
    return "POST", f"/v1/properties/{PROPERTY}/consents", body, {"Authorization": f"Bearer {key}"}, subject


def load(args):
    os.makedirs(args.out, exist_ok=True)
    sent_file = open(os.path.join(args.out, f"{args.prefix}.sent"), "a", buffering=1)
    acked_file = open(os.path.join(args.out, f"{args.prefix}.acked"), "a", buffering=1)
    lock = threading.Lock()
    stats = {"acked": 0, "checks": 0, "unavailable": 0, "transport": 0, "unexpected": 0}
    problems = []
    deadline = time.monotonic() + args.max_seconds
    gone = threading.Event()

    def problem(text):
        with lock:
            stats["unexpected"] += 1
            if len(problems) < 10:
                problems.append(text)

    def writer(index):
        rng = random.Random(f"{args.prefix}-{index}")
        conn = connect(args.url)
        subjects = []
        n = 0
        failures = 0
        while time.monotonic() < deadline and not gone.is_set():
            n += 1
            roll = rng.random()
            if roll < 0.2 and subjects:
                method, path = "POST", f"/v1/properties/{PROPERTY}/check"
                body = {"subjects": rng.sample(subjects, min(5, len(subjects))), "purposes": ["analytics"]}
                headers = {"Authorization": f"Bearer {args.key}"}
                kind, idem, subject = "check", None, None
            else:
                kind = "public" if roll < 0.45 else "withdraw" if roll < 0.6 else "keyed"
                method, path, body, headers, subject = write_request(
                    kind, args.prefix, index, n, rng, subjects, args.url, args.key)
                idem = f"{args.prefix}-t{index}-{n}"
                with lock:
                    sent_file.write(json.dumps(
                        {"idem": idem, "kind": kind, "method": method, "path": path, "body": body,
                         "headers": {k: v for k, v in headers.items() if k != "Authorization"}}) + "\n")
            while True:
                try:
                    status, parsed, answer_headers = send(conn, method, path, body, headers)
                except (OSError, http.client.HTTPException):
                    conn.close()
                    with lock:
                        stats["transport"] += 1
                    failures += 1
                    if not args.retry and failures >= 3:
                        gone.set()
                        return
                    time.sleep(0.1)
                    conn = connect(args.url)
                    if args.retry and time.monotonic() < deadline + 120:
                        continue
                    break
                failures = 0
                if status == 503 and args.retry:
                    with lock:
                        stats["unavailable"] += 1
                    code = (parsed or {}).get("error", {}).get("code") if isinstance(parsed, dict) else None
                    if "retry-after" not in answer_headers or code != "unavailable":
                        problem(f"503 without Retry-After or the standard body: {answer_headers} {parsed}")
                        break
                    if time.monotonic() > deadline + 120:
                        problem(f"{idem or path} never answered after the fault")
                        break
                    time.sleep(min(float(answer_headers["retry-after"]), 2))
                    continue
                if kind == "check":
                    if status == 200 and isinstance(parsed, dict) and "results" in parsed:
                        with lock:
                            stats["checks"] += 1
                    else:
                        problem(f"check answered {status}: {parsed}")
                elif status == 201 and isinstance(parsed, dict) and "event" in parsed:
                    with lock:
                        acked_file.write(json.dumps(
                            {"idem": idem, "id": parsed["event"]["id"], "receipt": parsed.get("receipt")}) + "\n")
                        stats["acked"] += 1
                    if kind != "withdraw":
                        subjects.append(subject)
                else:
                    problem(f"{kind} answered {status}: {parsed}")
                break

    threads = [threading.Thread(target=writer, args=(i,), daemon=True) for i in range(args.threads)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    print(f"load {args.prefix}: {stats['acked']} writes acknowledged, {stats['checks']} checks in {elapsed:.1f} s, "
          f"{stats['unavailable']} answers 503, {stats['transport']} transport errors, "
          f"{stats['unexpected']} unexpected answers")
    for text in problems:
        print(f"  unexpected: {text}")
    return 1 if stats["unexpected"] else 0


def read_lines(pattern):
    entries = []
    for path in sorted(glob.glob(pattern)):
        with open(path) as handle:
            entries.extend(json.loads(line) for line in handle if line.strip())
    return entries


def stored_events(args):
    """[(id, idempotency key)] of every stored event."""
    if args.db:
        db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
        rows = db.execute("SELECT id, idempotency_key FROM consent_events").fetchall()
        db.close()
        return rows
    out = subprocess.run(["psql", args.pg_url, "-qAtF", "\t", "-c", "SELECT id, idempotency_key FROM consent_events"],
                         check=True, capture_output=True, text=True).stdout
    return [tuple((line.split("\t") + [""])[:2]) for line in out.splitlines() if line]


def check(args):
    acked = read_lines(os.path.join(args.out, "*.acked"))
    sent = read_lines(os.path.join(args.out, "*.sent"))
    rows = stored_events(args)
    ids = {}
    keys = {}
    for event_id, key in rows:
        ids[event_id] = ids.get(event_id, 0) + 1
        if key:
            keys[key] = keys.get(key, 0) + 1
    ours = {entry["idem"] for entry in sent}
    acked_ids = [entry["id"] for entry in acked]
    acked_keys = {entry["idem"] for entry in acked}
    found = sum(1 for i in acked_ids if ids.get(i, 0) >= 1)
    lost = len(acked_ids) - found
    duplicates = sum(ids[i] - 1 for i in ids if ids[i] > 1) + sum(keys[k] - 1 for k in ours if keys.get(k, 0) > 1)
    # The same key acknowledged with two different ids would be a duplicate the store did not see.
    by_key = {}
    for entry in acked:
        by_key.setdefault(entry["idem"], set()).add(entry["id"])
    duplicates += sum(len(v) - 1 for v in by_key.values())
    unacked_stored = sum(1 for k in ours - acked_keys if keys.get(k, 0) >= 1)
    unacked = len(ours - acked_keys)
    print(f"acknowledged {len(acked_ids)}, found {found}, lost {lost}, duplicates {duplicates}, "
          f"unacknowledged {unacked} (of which stored {unacked_stored}), events stored {len(rows)}")
    for entry in acked:
        if ids.get(entry["id"], 0) == 0 and lost:
            print(f"  lost: {entry['id']} ({entry['idem']})")
            lost -= 1
    if not acked_ids:
        print("nothing was acknowledged: the load did not run")
        return 1
    if args.expect_all_acked and unacked:
        print(f"{unacked} requests were never acknowledged")
        return 1
    return 1 if (found != len(acked_ids) or duplicates) else 0


def replay(args):
    acked = read_lines(os.path.join(args.out, "*.acked"))
    sent = read_lines(os.path.join(args.out, "*.sent"))
    acked_by_key = {entry["idem"]: entry["id"] for entry in acked}
    pending = [entry for entry in sent if entry["idem"] not in acked_by_key]
    rng = random.Random(len(sent))
    sample = rng.sample([e for e in sent if e["idem"] in acked_by_key], min(20, len(acked_by_key)))
    conn = connect(args.url)
    failures = 0
    for entry in pending + sample:
        headers = dict(entry["headers"])
        if entry["kind"] != "public":
            headers["Authorization"] = f"Bearer {args.key}"
        if entry["kind"] == "withdraw":
            headers["Idempotency-Key"] = entry["idem"]
        status, parsed, _ = send(conn, entry["method"], entry["path"], entry["body"], headers)
        got = parsed.get("event", {}).get("id") if isinstance(parsed, dict) else None
        if status not in (200, 201) or not got:
            print(f"replay of {entry['idem']}: answer {status}: {parsed}")
            failures += 1
        elif entry["idem"] in acked_by_key and got != acked_by_key[entry["idem"]]:
            print(f"replay of {entry['idem']}: event {got}, acknowledged before as {acked_by_key[entry['idem']]}")
            failures += 1
        elif entry["idem"] not in acked_by_key:
            with open(os.path.join(args.out, "replay.acked"), "a") as handle:
                handle.write(json.dumps({"idem": entry["idem"], "id": got, "receipt": None}) + "\n")
    conn.close()
    print(f"replayed {len(pending)} unacknowledged and {len(sample)} acknowledged requests, {failures} failures")
    return 1 if failures else 0


def latency(args):
    conn = connect(args.url)
    times = []
    deadline = time.monotonic() + args.max_seconds
    body = {"subjects": [f"latency-{n}@example.org" for n in range(20)], "purposes": ["analytics"]}
    while time.monotonic() < deadline:
        started = time.monotonic()
        status, _, _ = send(conn, "POST", f"/v1/properties/{PROPERTY}/check", body, {"Authorization": f"Bearer {args.key}"})
        times.append((time.monotonic() - started) * 1000)
        if status != 200:
            print(f"check answered {status}")
            return 1
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"checks {len(times)}, p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {times[-1]:.1f} ms")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["load", "check", "replay", "latency"])
    parser.add_argument("--url")
    parser.add_argument("--key")
    parser.add_argument("--out", default=".")
    parser.add_argument("--prefix", default="load")
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--max-seconds", type=float, default=60)
    parser.add_argument("--retry", action="store_true")
    parser.add_argument("--db")
    parser.add_argument("--pg-url")
    parser.add_argument("--expect-all-acked", action="store_true")
    args = parser.parse_args()
    return {"load": load, "check": check, "replay": replay, "latency": latency}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
