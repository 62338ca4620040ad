#!/usr/bin/env python3
"""Concurrent writes to two Accord instances on one PostgreSQL database, then the cross-instance checks.

Usage: multi_instance_load.py URL_A URL_B API_KEY
Every subject gets writes through both instances; a set of idempotency keys is sent to both at once (the
same request), so each must be stored once and answered with the same event by both. Afterwards every
subject's history is read from the instance that did not write it last and compared with the acknowledged
events. Prints a summary line per check and the acknowledged event ids on the last line (JSON) for the
shell script to compare with the database. Exit status 1 on any failure.
"""
import json
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

URLS = sys.argv[1:3]
KEY = sys.argv[3]
SUBJECTS = [f"multi-subject-{n}" for n in range(120)]
PER_INSTANCE = 360          # unique-key writes per instance
SHARED = 80                 # keys sent to both instances
THREADS = 6                 # per instance

failures = []
lock = threading.Lock()
acks = []                   # (instance, subject, idempotency key, event id)


def request(base, method, path, body=None, key=None):
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def write(instance, subject, key, choice):
    body = {"subject": subject, "choices": {"analytics": choice, "marketing": "denied"}, "source": "api"}
    status, answer = request(URLS[instance], "POST", "/v1/properties/demo/consents", body, key)
    with lock:
        if status in (200, 201):
            acks.append((instance, subject, key, answer["event"]["id"]))
        else:
            failures.append(f"instance {instance}: {key} answered {status} {answer}")


def worker(instance, jobs):
    for job in jobs:
        write(instance, *job)


def main():
    jobs = {0: [], 1: []}
    for instance in (0, 1):
        for n in range(PER_INSTANCE):
            subject = SUBJECTS[(n * 7 + instance) % len(SUBJECTS)]
            jobs[instance].append((subject, f"unique-{instance}-{n}", "granted" if n % 2 else "denied"))
    for n in range(SHARED):
        job = (SUBJECTS[n % len(SUBJECTS)], f"shared-{n}", "granted")
        # Interleave so both instances handle the same key at about the same moment.
        jobs[0].insert(n * 4, job)
        jobs[1].insert(n * 4, job)
    threads = []
    for instance in (0, 1):
        for t in range(THREADS):
            threads.append(threading.Thread(target=worker, args=(instance, jobs[instance][t::THREADS])))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    expected_writes = 2 * (PER_INSTANCE + SHARED)
    check(len(acks) == expected_writes, f"acknowledged writes: {len(acks)} of {expected_writes}")
    by_key = {}
    for instance, subject, key, event in acks:
        by_key.setdefault(key, set()).add(event)
    split = [key for key, events in by_key.items() if len(events) != 1]
    check(not split, f"shared keys answered with one event by both instances ({SHARED} keys, {len(split)} split)")
    distinct = {event for _, _, _, event in acks}
    check(len(distinct) == 2 * PER_INSTANCE + SHARED,
          f"distinct acknowledged events: {len(distinct)} (expected {2 * PER_INSTANCE + SHARED})")

    # Reads: each subject's history through each instance must hold exactly its acknowledged events.
    per_subject = {}
    for _, subject, _, event in acks:
        per_subject.setdefault(subject, set()).add(event)
    mismatched = 0
    for index, subject in enumerate(SUBJECTS):
        for instance in (0, 1):
            listed = []
            cursor = None
            while True:
                query = "?limit=100" + (f"&cursor={cursor}" if cursor else "")
                status, page = request(URLS[instance], "GET",
                                       f"/v1/properties/demo/subjects/{urllib.parse.quote(subject, safe='')}/events{query}")
                if status != 200:
                    failures.append(f"instance {instance}: history of a subject answered {status}")
                    break
                listed += [event["id"] for event in page["events"]]
                cursor = page.get("nextCursor")
                if not cursor:
                    break
            if len(listed) != len(set(listed)) or set(listed) != per_subject.get(subject, set()):
                mismatched += 1
    check(mismatched == 0, f"histories read on both instances match the acknowledged events ({mismatched} mismatched)")
    print(json.dumps(sorted(distinct)))
    return 1 if failures else 0


def check(condition, message):
    print(("ok:   " if condition else "FAIL: ") + message, file=sys.stderr)
    if not condition:
        failures.append(message)


if __name__ == "__main__":
    status = main()
    for failure in failures[:10]:
        print("  " + failure, file=sys.stderr)
    sys.exit(status)
