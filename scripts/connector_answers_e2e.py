"""Webhook connectors and manual tasks, end to end (issue 14 §1).

Starts `accord serve` (SQLite, `webhooks.allowInsecureLoopback`) and a webhook receiver on loopback that verifies
the Standard Webhooks signature of every request with the system's `whsec_` secret and answers on the callback URL
two seconds later. Over HTTP: an access request over a webhook system and a manual task completes only after both
answered; the package (opened with Python's `zipfile`) holds the webhook's data (escaped in report.html) and the
task's file; a used, forged or missing token is refused; a deletion whose webhook system is down is shown failed,
survives a restart of the server, is retried after its backoff and completes once the system answers.

    python3 scripts/connector_answers_e2e.py ACCORD_BIN
"""

import base64
import hashlib
import hmac
import http.server
import io
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zipfile

ACCORD = sys.argv[1]
WORK = tempfile.mkdtemp(prefix="accord-answers.")
failures = 0
server = None
BASE = None
KEY = None


def check(name, condition, detail=""):
    global failures
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"), flush=True)
    if not condition:
        failures += 1


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


PORT = free_port()


def start():
    global server, BASE
    BASE = f"http://127.0.0.1:{PORT}"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HTTP_PORT")}
    env["WEBHOOKS_ALLOW_INSECURE_LOOPBACK"] = "true"
    log = open(os.path.join(WORK, "serve.log"), "a")
    server = subprocess.Popen([ACCORD, "serve", "--http-port", str(PORT), "--database-url", f"sqlite://{WORK}/accord.sqlite",
                               "--log-level", "warning"], env=env, stdout=log, stderr=log)
    for _ in range(300):
        try:
            urllib.request.urlopen(BASE + "/health", timeout=1)
            return
        except Exception:
            if server.poll() is not None:
                raise SystemExit("server exited during start-up")
            time.sleep(0.1)
    raise SystemExit("server did not start")


def stop(kill=False):
    global server
    if server is None:
        return
    server.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
    server.wait(timeout=30)
    server = None


def call(method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {"content-type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            return response.status, (json.loads(raw) if response.headers.get("content-type", "").startswith("application/json") else raw)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def api(method, path, body=None):
    return call(method, path, body, KEY)


class Receiver:
    """The organisation's system: checks each signed request and answers on its callback after `delay` seconds."""

    def __init__(self):
        self.secret = None
        self.requests = []
        self.callbacks = []
        self.down = False
        self.answers = {}  # request id -> callback body
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                if receiver.down:
                    self.send_response(503)
                    self.end_headers()
                    return
                key = base64.b64decode(receiver.secret[len("whsec_"):])
                signed = f"{self.headers['webhook-id']}.{self.headers['webhook-timestamp']}.".encode() + body
                expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
                verified = expected in self.headers.get("webhook-signature", "").split(" ")
                payload = json.loads(body)
                receiver.requests.append((payload, verified))
                self.send_response(204 if verified else 401)
                self.end_headers()
                answer = receiver.answers.get(payload["request"]["id"])
                if verified and answer is not None:
                    threading.Thread(target=receiver.answer, args=(payload["callback"], answer), daemon=True).start()

        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.http.server_address[1]
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def answer(self, callback, body):
        time.sleep(2)
        request = urllib.request.Request(callback["url"], data=json.dumps(body).encode(), method="POST",
                                         headers={"content-type": "application/json", "Authorization": f"Bearer {callback['token']}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                self.callbacks.append((response.status, json.loads(response.read()), callback["token"]))
        except urllib.error.HTTPError as error:
            self.callbacks.append((error.code, json.loads(error.read() or b"null"), callback["token"]))


def verified_request(kind, email):
    status, created = api("POST", "/v1/admin/properties/demo/requests", {"type": kind, "email": email, "jurisdiction": "US-CA"})
    assert status == 201, created
    status, body = api("POST", f"/v1/admin/properties/demo/requests/{created['id']}/verification", {"reason": "checked by phone"})
    assert status == 200, body
    return created["id"]


def wait_for(request, predicate, seconds=90):
    deadline = time.time() + seconds
    body = None
    while time.time() < deadline:
        status, body = api("GET", f"/v1/admin/properties/demo/requests/{request}")
        if status == 200 and predicate(body):
            return body
        time.sleep(0.3)
    return body


def systems_of(body):
    return {s["name"]: s for s in (body.get("fulfilment") or {}).get("systems", [])}


receiver = Receiver()
try:
    start()
    for line in open(os.path.join(WORK, "serve.log")):
        if line.startswith("Admin API key, shown once"):
            KEY = line.rsplit(": ", 1)[1].strip()
    assert KEY, "no admin key printed"

    status, body = api("PUT", "/v1/admin/properties/demo/systems/crm",
                       {"name": "CRM", "connector": {"kind": "webhook", "url": "http://10.0.0.7/accord"}})
    check("a webhook URL to a private address is refused", status in (400, 422) and body["error"]["field"] == "connector.url", body)
    status, body = api("PUT", "/v1/admin/properties/demo/systems/crm",
                       {"name": "CRM", "connector": {"kind": "webhook", "url": f"http://127.0.0.1:{receiver.port}/accord"}})
    check("a webhook system is stored with its whsec_ secret shown once", status == 201 and body.get("secret", "").startswith("whsec_"), body)
    receiver.secret = body["secret"]
    status, body = api("GET", "/v1/admin/properties/demo/systems/crm")
    check("the secret is never shown again", "secret" not in body, body)
    status, body = api("PUT", "/v1/admin/properties/demo/systems/ledger",
                       {"name": "Paper ledger", "connector": {"kind": "manual", "instructions": "Scan the ledger page.", "assignee": "agent@example.com"}})
    check("a manual system is stored with its assignee", status == 201 and body["connector"]["assignee"] == "agent@example.com", body)

    # An access request: the webhook answers after a delay, the task is completed with a file.
    access = verified_request("access", "ann@x.com")
    receiver.answers[access] = {"status": "completed", "data": {"contacts": [{"name": "Ann <script>alert(1)</script>", "phone": "555"}], "tier": "gold"}}
    status, body = api("POST", f"/v1/admin/properties/demo/requests/{access}/fulfil")
    check("fulfil answers 202", status == 202, body)
    body = wait_for(access, lambda b: systems_of(b).get("crm", {}).get("dispatches") == 1)
    crm = systems_of(body).get("crm", {})
    check("the webhook system shows waiting after the signed POST", crm.get("status") == "waiting" and body["status"] == "inProgress", body.get("fulfilment"))
    check("the receiver verified the Standard Webhooks signature", receiver.requests and receiver.requests[0][1], receiver.requests)
    sent = receiver.requests[0][0]
    check("the POST carries the request, the identity and a callback",
          sent["request"]["id"] == access and sent["request"]["type"] == "access" and sent["identities"] == {"email": "ann@x.com"}
          and sent["callback"]["url"] == f"{BASE}/v1/requests/callback" and sent["request"]["dueAt"], sent)
    status, body = api("GET", "/v1/admin/properties/demo/tasks?assignee=agent@example.com")
    check("the assignee's open task is listed", status == 200 and [t["system"] for t in body["tasks"]] == ["ledger"], body)
    scan = b"ledger page 12: Ann, 3 entries\n"
    status, body = api("POST", f"/v1/admin/properties/demo/requests/{access}/tasks/ledger",
                       {"confirmed": True, "file": {"name": "ledger-page.txt", "contentType": "text/plain", "content": base64.b64encode(scan).decode()}})
    check("the task is completed with a file", status == 200 and body["status"] == "manualDone", body)
    body = wait_for(access, lambda b: b["status"] == "completed", 30)
    check("the request completes once the webhook answered on its callback", body["status"] == "completed" and receiver.callbacks
          and receiver.callbacks[0][0] == 200, (body.get("fulfilment"), receiver.callbacks))

    token = receiver.callbacks[0][2]
    status, body = call("POST", "/v1/requests/callback", {"status": "completed"}, token)
    check("a used token is refused (409 callback_token_used)", status == 409 and body["error"]["code"] == "callback_token_used", body)
    status, body = call("POST", "/v1/requests/callback", {"status": "completed"}, token[:-3] + "AAA")
    check("a forged token is refused (401 callback_token_invalid)", status == 401 and body["error"]["code"] == "callback_token_invalid", body)
    status, body = call("POST", "/v1/requests/callback", {"status": "completed"})
    check("no token is refused (401 callback_token_missing)", status == 401 and body["error"]["code"] == "callback_token_missing", body)

    status, package = api("GET", f"/v1/admin/properties/demo/requests/{access}/package")
    check("the package downloads", status == 200, package)
    archive = zipfile.ZipFile(io.BytesIO(package))
    check("the package opens with Python's zipfile", archive.testzip() is None)
    data = json.loads(archive.read("data.json"))
    contacts = data["systems"]["crm"]["collections"]["contacts"]["rows"]
    check("the webhook's data is in data.json", contacts == [{"name": "Ann <script>alert(1)</script>", "phone": "555"}]
          and data["systems"]["crm"]["collections"]["data"]["rows"] == [{"tier": "gold"}], data["systems"].get("crm"))
    report = archive.read("report.html").decode()
    check("report.html shows the webhook's <script> as text", "Ann &lt;script&gt;alert(1)&lt;/script&gt;" in report and "<script>alert" not in report)
    check("the task's file is in the package", archive.read("files/ledger/ledger-page.txt") == scan, archive.namelist())
    raw = open(os.path.join(WORK, "accord.sqlite"), "rb").read()
    check("neither the file nor the webhook's data is stored in clear", b"ledger page 12" not in raw and b"alert(1)" not in raw)

    # A deletion whose webhook system is down: failed, survives a restart, retried after its backoff, completes.
    receiver.down = True
    deletion = verified_request("deletion", "bob@x.com")
    receiver.answers[deletion] = {"status": "denied", "reason": "a legal hold on the account"}
    api("POST", f"/v1/admin/properties/demo/requests/{deletion}/fulfil")
    body = wait_for(deletion, lambda b: systems_of(b).get("crm", {}).get("status") == "failed", 30)
    crm = systems_of(body).get("crm", {})
    check("a system that is down shows the error and stays open", crm.get("error") == "the webhook answered 503" and body["status"] == "inProgress", crm)
    status, body = api("POST", f"/v1/admin/properties/demo/requests/{deletion}/tasks/ledger", {"confirmed": True})
    check("the deletion's task is confirmed", status == 200, body)
    stop(kill=True)
    receiver.down = False
    start()
    body = wait_for(deletion, lambda b: b["status"] == "completed", 120)
    crm = systems_of(body).get("crm", {})
    check("after a restart the send is retried and the denied answer completes the request",
          body["status"] == "completed" and crm.get("status") == "denied" and crm.get("reason") == "a legal hold on the account", body.get("fulfilment"))
finally:
    stop(kill=True)
    receiver.http.shutdown()
    if failures:
        try:
            print(open(os.path.join(WORK, "serve.log")).read()[-3000:], file=sys.stderr)
        except Exception:
            pass
    subprocess.run(["rm", "-rf", WORK])

if failures:
    print(f"{failures} webhook connector and task checks failed")
    sys.exit(1)
print("webhook connectors and manual tasks end-to-end: all checks passed")
