"""A webhook receiver for scripts/webhooks-e2e.sh and the delivery benchmark.

Listens on 127.0.0.1:PORT and appends every request (headers, body, the simulated time of receipt and the
status answered) as one JSON line to LOG. It answers 500 while the simulated time is before OUTAGE_END, then
200. Simulated time follows Accord's test clock: EPOCH + (now - EPOCH) * RATE (webhooks.testClockRate and
webhooks.testClockEpoch), so the outage lasts OUTAGE_END - EPOCH simulated seconds.

    python3 webhook_receiver.py PORT LOG EPOCH RATE OUTAGE_END
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG, EPOCH, RATE, OUTAGE_END = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
lock = threading.Lock()
log = open(LOG, "a", buffering=1)


def simulated_now():
    return EPOCH + (time.time() - EPOCH) * RATE


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        now = simulated_now()
        status = 500 if now < OUTAGE_END else 200
        with lock:
            log.write(json.dumps({
                "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode(), "simulatedNow": now, "status": status,
            }) + "\n")
        self.send_response(status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
