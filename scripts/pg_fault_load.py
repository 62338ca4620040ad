#!/usr/bin/env python3
"""Write load for the PostgreSQL fault test: every request has its own idempotency key and is retried
(after Retry-After) until acknowledged, as a well-behaved client would.

Usage: pg_fault_load.py URL API_KEY SECONDS THREADS OUT.json
Writes {"acknowledged": [event ids], "requests": n, "unavailable": n503, "statuses": {...}} to OUT.json.
Exit status 1 when any answer is a 5xx other than 503, a 503 lacks Retry-After, a 5xx body carries
anything but the generic error, or a request is never acknowledged.
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request

URL, KEY, SECONDS, THREADS, OUT = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
lock = threading.Lock()
acknowledged, statuses, problems = [], {}, []
counter = {"requests": 0, "unavailable": 0}


def post(body, key):
    request = urllib.request.Request(
        URL + "/v1/properties/demo/consents", data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json", "Idempotency-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read() or b"{}")
    except (OSError, urllib.error.URLError) as error:   # timeouts, resets: Accord itself must not do this
        return 0, {}, {"client error": str(error)}


def worker(number):
    deadline = time.time() + SECONDS
    sequence = 0
    while time.time() < deadline:
        sequence += 1
        key = f"fault-{number}-{sequence}"
        body = {"subject": f"fault-subject-{number}-{sequence % 5}", "choices": {"analytics": "granted"}, "source": "api"}
        with lock:
            counter["requests"] += 1
        for _ in range(60):
            status, headers, answer = post(body, key)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
            if status == 201:
                with lock:
                    acknowledged.append(answer["event"]["id"])
                break
            if status == 503:
                with lock:
                    counter["unavailable"] += 1
                    if headers.get("Retry-After") is None:
                        problems.append("503 without Retry-After")
                    if answer.get("error", {}).get("code") != "unavailable":
                        problems.append(f"503 body is not the generic error: {answer}")
                time.sleep(float(headers.get("Retry-After") or 1))
                continue
            with lock:
                problems.append(f"answer {status}: {answer}")
            return
        else:
            with lock:
                problems.append(f"request {key} never acknowledged")


threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
json.dump({"acknowledged": acknowledged, "statuses": statuses, **counter}, open(OUT, "w"))
print(f"requests {counter['requests']}, acknowledged {len(acknowledged)}, 503 answers {counter['unavailable']}, "
      f"statuses {statuses}", file=sys.stderr)
for problem in problems[:10]:
    print("FAIL: " + problem, file=sys.stderr)
sys.exit(1 if problems else 0)
