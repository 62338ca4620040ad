#!/usr/bin/env python3
"""The full-disk phase of scripts/fault-campaign.sh (standard library only).

  disk_full_check.py --url URL --key KEY --filler PATH --db SQLITE_PATH
The database lives on a small file system. Records a few events, fills the file system with FILLER, then writes
until the server refuses: the refusal must be 503 (with Retry-After) or 507 with the standard error body and no
internals; reads (a subject's state, a bulk check) must keep answering 200 while the disk is full; after FILLER is
removed writes must succeed again; every acknowledged event must be in the file. Exit 1 on any failure.
"""
import argparse
import http.client
import json
import os
import sqlite3
import sys
import time
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    for name in ("--url", "--key", "--filler", "--db"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    parts = urllib.parse.urlsplit(args.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    auth = {"Authorization": f"Bearer {args.key}", "Content-Type": "application/json"}
    acked = []
    failures = []

    def call(method, path, body=None):
        conn.request(method, path, body=json.dumps(body).encode() if body is not None else None, headers=auth)
        response = conn.getresponse()
        raw = response.read()
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        return response.status, parsed, {k.lower(): v for k, v in response.getheaders()}

    def write(n):
        body = {"subject": f"disk-{n}@example.org", "choices": {"analytics": "granted", "marketing": "denied"},
                "source": "api", "idempotencyKey": f"disk-{n}"}
        status, parsed, headers = call("POST", "/v1/properties/demo/consents", body)
        if status == 201:
            acked.append(parsed["event"]["id"])
        return status, parsed, headers

    for n in range(20):
        status, parsed, _ = write(n)
        if status != 201:
            failures.append(f"write {n} before the disk filled answered {status}: {parsed}")
    # Fill the file system to the last byte.
    fd = os.open(args.filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    for size in (65536, 512, 1):
        try:
            while True:
                os.write(fd, b"\0" * size)
        except OSError:
            pass
    os.close(fd)
    refused = None
    n = 20
    while n < 20000:
        status, parsed, headers = write(n)
        n += 1
        if status != 201:
            refused = (status, parsed, headers)
            break
    if refused is None:
        failures.append("the server kept acknowledging writes on a full disk")
    else:
        status, parsed, headers = refused
        error = parsed.get("error") if isinstance(parsed, dict) else None
        if status not in (503, 507) or not isinstance(error, dict) or not error.get("code") or not error.get("message"):
            failures.append(f"a write on the full disk answered {status}: {parsed}")
        if status == 503 and "retry-after" not in headers:
            failures.append("the 503 on a full disk has no Retry-After")
        text = json.dumps(parsed).lower()
        if any(word in text for word in ("sqlite", "disk", "errno", "full", ".swift")):
            failures.append(f"the refusal names internals: {parsed}")
        print(f"write #{n} on the full disk: {status} {json.dumps(parsed)} Retry-After: {headers.get('retry-after')}")
    # Reads keep working while nothing can be written.
    reads = 0
    for i in range(0, 20, 4):
        status, parsed, _ = call("GET", f"/v1/properties/demo/subjects/disk-{i}%40example.org/consents")
        reads += status == 200
        if status != 200:
            failures.append(f"a read on the full disk answered {status}: {parsed}")
    status, parsed, _ = call("POST", "/v1/properties/demo/check", {"subjects": ["disk-0@example.org"], "purposes": ["analytics"]})
    reads += status == 200
    if status != 200 or parsed.get("results", {}).get("disk-0@example.org", {}).get("analytics") is not True:
        failures.append(f"a check on the full disk answered {status}: {parsed}")
    # Space comes back: writes succeed again (the first may still meet the error while SQLite recovers).
    os.remove(args.filler)
    recovered = None
    for attempt in range(50):
        status, parsed, _ = write(n)
        if status == 201:
            recovered = attempt + 1
            break
        time.sleep(0.2)
    if recovered is None:
        failures.append(f"writes did not succeed again once space was freed: {status} {parsed}")
    for extra in range(1, 20):
        status, parsed, _ = write(n + extra)
        if status != 201:
            failures.append(f"a write after recovery answered {status}: {parsed}")
    conn.close()
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    stored = {row[0] for row in db.execute("SELECT id FROM consent_events")}
    check = db.execute("PRAGMA integrity_check").fetchone()[0]
    db.close()
    lost = [i for i in acked if i not in stored]
    if lost:
        failures.append(f"{len(lost)} acknowledged events are missing")
    if check != "ok":
        failures.append(f"integrity_check: {check}")
    for failure in failures:
        print("FAIL: " + failure)
    print(f"acknowledged {len(acked)}, found {len(acked) - len(lost)}, lost {len(lost)}; refused on the full disk with "
          f"{refused[0] if refused else 'nothing'}, {reads} reads answered 200 while full, writes back after "
          f"{recovered} attempt(s), integrity_check {check}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
