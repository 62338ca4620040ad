"""What the request end-to-end scripts share (connectors_e2e.py, connector_answers_e2e.py): named checks, a running
`accord serve` on SQLite with its admin key, the admin API over HTTP, and waiting on a request's state.

    from e2e_support import Checks, AccordServer, systems_of
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


class Checks:
    """Named checks, printed as they pass or fail; `finish` exits 1 when one failed."""

    def __init__(self):
        self.failures = 0

    def __call__(self, name, condition, detail=""):
        print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"), flush=True)
        if not condition:
            self.failures += 1

    def finish(self, what):
        if self.failures:
            print(f"{self.failures} {what} checks failed")
            sys.exit(1)
        print(f"{what} end-to-end: all checks passed")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def systems_of(body):
    """A request's fulfilment systems by name."""
    return {s["name"]: s for s in ((body or {}).get("fulfilment") or {}).get("systems", [])}


class AccordServer:
    """`accord serve` on `work`/accord.sqlite and one loopback port kept across restarts (callback URLs name it);
    its output goes to `work`/serve.log, where the first start prints the admin key."""

    def __init__(self, binary, work, env=None):
        self.binary, self.work, self.env = binary, work, dict(env or {})
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.key = None

    def start(self, env_extra=None):
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HTTP_PORT")}
        env.update(self.env)
        env.update(env_extra or {})
        log = open(os.path.join(self.work, "serve.log"), "a")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--http-port", str(self.port), "--database-url", f"sqlite://{self.work}/accord.sqlite",
             "--log-level", "warning"], env=env, stdout=log, stderr=log)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/health", timeout=1)
                break
            except Exception:
                if self.process.poll() is not None:
                    raise SystemExit("server exited during start-up")
                time.sleep(0.1)
        else:
            raise SystemExit("server did not start")
        if self.key is None:
            for line in open(os.path.join(self.work, "serve.log")):
                if line.startswith("Admin API key, shown once"):
                    self.key = line.rsplit(": ", 1)[1].strip()
            assert self.key, "no admin key printed"

    def stop(self, kill=False):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        self.process.wait(timeout=30)
        self.process = None

    def wait_exit(self, seconds):
        """Waits for a server that ends by itself (a crash a test asked for)."""
        self.process.wait(timeout=seconds)
        self.process = None

    def log_tail(self, characters=3000):
        try:
            return open(os.path.join(self.work, "serve.log")).read()[-characters:]
        except OSError:
            return ""

    def call(self, method, path, body=None, token=None):
        """(status, JSON body or the raw bytes of another content type)."""
        data = None if body is None else json.dumps(body).encode()
        headers = {"content-type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
                is_json = response.headers.get("content-type", "").startswith("application/json")
                return response.status, (json.loads(raw or b"null") if is_json else raw)
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def api(self, method, path, body=None):
        """An admin API call with the admin key."""
        return self.call(method, path, body, self.key)

    def verified_request(self, kind, email, **extra):
        """Files a request in property `demo` and records its verification; its id."""
        status, created = self.api("POST", "/v1/admin/properties/demo/requests",
                                   {"type": kind, "email": email, "jurisdiction": "US-CA", **extra})
        assert status == 201, created
        status, body = self.api("POST", f"/v1/admin/properties/demo/requests/{created['id']}/verification",
                                {"reason": "checked by phone"})
        assert status == 200, body
        return created["id"]

    def wait_for(self, request, predicate, seconds=90):
        """The request as shown once `predicate` holds, or as last shown when `seconds` passed."""
        deadline = time.time() + seconds
        body = None
        while time.time() < deadline:
            status, body = self.api("GET", f"/v1/admin/properties/demo/requests/{request}")
            if status == 200 and predicate(body):
                return body
            time.sleep(0.3)
        return body
