"""A fixed number of requests of one kind against a running Accord, over CONNECTIONS keep-alive connections
(one thread each), for scripts/profile-callgrind.sh: a profile of a fixed amount of work, not of a duration.

    python3 scripts/profile_load.py URL KEY KIND COUNT CONNECTIONS [PREFIX [SEEDS]]

KIND: health | write (a new subject each, PREFIX-<n>) | check (2 subjects x 1 purpose) | batch (500 x 2, half of
them unknown); the checks read the subjects seed-0 .. seed-<SEEDS - 1> (default 1000) written before.
Exits non-zero if any answer is not a 2xx.
"""
import http.client
import json
import sys
import threading
import urllib.parse

url, key, kind, count, connections = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
prefix = sys.argv[6] if len(sys.argv) > 6 else "p"
seeds = int(sys.argv[7]) if len(sys.argv) > 7 else 1000
target = urllib.parse.urlparse(url)
headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
choices = ["granted", "denied"]


def request(n):
    if kind == "health":
        return "GET", "/health", None
    if kind == "write":
        body = {"subject": f"{prefix}-{n}", "source": "banner", "choices": {
            "analytics": choices[n % 2], "marketing": choices[n // 2 % 2], "personalization": choices[n // 4 % 2]}}
        return "POST", "/v1/properties/demo/consents", json.dumps(body)
    if kind == "check":
        body = {"subjects": [f"seed-{n % seeds}", f"seed-{(n * 7 + 1) % seeds}"], "purposes": ["analytics"]}
        return "POST", "/v1/properties/demo/check", json.dumps(body)
    if kind == "batch":
        body = {"subjects": [f"seed-{i % seeds}" for i in range(250)] + [f"unknown-{i}" for i in range(250)],
                "purposes": ["analytics", "marketing"]}
        return "POST", "/v1/properties/demo/check", json.dumps(body)
    raise SystemExit(f"unknown kind {kind}")


failures = []


def worker(index):
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=600)
    for n in range(index, count, connections):
        method, path, body = request(n)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status // 100 != 2:
            failures.append((n, response.status))


threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
if failures:
    raise SystemExit(f"{len(failures)} requests failed, first {failures[:3]}")
