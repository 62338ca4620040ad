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
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import AccordServer, Checks, systems_of  # noqa: E402

ACCORD = sys.argv[1]
WORK = tempfile.mkdtemp(prefix="accord-answers.")
check = Checks()
accord = AccordServer(ACCORD, WORK, env={"WEBHOOKS_ALLOW_INSECURE_LOOPBACK": "true"})
call, api = accord.call, accord.api


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


receiver = Receiver()
try:
    accord.start()

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
    access = accord.verified_request("access", "ann@x.com")
    receiver.answers[access] = {"status": "completed", "data": {"contacts": [{"name": "Ann <script>alert(1)</script>", "phone": "555"}], "tier": "gold"}}
    status, body = api("POST", f"/v1/admin/properties/demo/requests/{access}/fulfil")
    check("fulfil answers 202", status == 202, body)
    body = accord.wait_for(access, lambda b: systems_of(b).get("crm", {}).get("dispatches") == 1)
    crm = systems_of(body).get("crm", {})
    check("the webhook system shows waiting after the signed POST", crm.get("status") == "waiting" and body["status"] == "inProgress", body.get("fulfilment"))
    check("the receiver verified the Standard Webhooks signature", receiver.requests and receiver.requests[0][1], receiver.requests)
    sent = receiver.requests[0][0]
    check("the POST carries the request, the identity and a callback",
          sent["request"]["id"] == access and sent["request"]["type"] == "access" and sent["identities"] == {"email": "ann@x.com"}
          and sent["callback"]["url"] == f"{accord.base}/v1/requests/callback" and sent["request"]["dueAt"], sent)
    status, body = api("GET", "/v1/admin/properties/demo/tasks?assignee=agent@example.com")
    check("the assignee's open task is listed", status == 200 and [t["system"] for t in body["tasks"]] == ["ledger"], body)
    scan = b"ledger page 12: Ann, 3 entries\n"
    status, body = api("POST", f"/v1/admin/properties/demo/requests/{access}/tasks/ledger",
                       {"confirmed": True, "file": {"name": "ledger-page.txt", "contentType": "text/plain", "content": base64.b64encode(scan).decode()}})
    check("the task is completed with a file", status == 200 and body["status"] == "manualDone", body)
    body = accord.wait_for(access, lambda b: b["status"] == "completed", 30)
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
    deletion = accord.verified_request("deletion", "bob@x.com")
    receiver.answers[deletion] = {"status": "denied", "reason": "a legal hold on the account"}
    api("POST", f"/v1/admin/properties/demo/requests/{deletion}/fulfil")
    body = accord.wait_for(deletion, lambda b: systems_of(b).get("crm", {}).get("status") == "failed", 30)
    crm = systems_of(body).get("crm", {})
    check("a system that is down shows the error and stays open", crm.get("error") == "the webhook answered 503" and body["status"] == "inProgress", crm)
    status, body = api("POST", f"/v1/admin/properties/demo/requests/{deletion}/tasks/ledger", {"confirmed": True})
    check("the deletion's task is confirmed", status == 200, body)
    accord.stop(kill=True)
    receiver.down = False
    accord.start()
    body = accord.wait_for(deletion, lambda b: b["status"] == "completed", 120)
    crm = systems_of(body).get("crm", {})
    check("after a restart the send is retried and the denied answer completes the request",
          body["status"] == "completed" and crm.get("status") == "denied" and crm.get("reason") == "a legal hold on the account", body.get("fulfilment"))
finally:
    accord.stop(kill=True)
    receiver.http.shutdown()
    if check.failures:
        print(accord.log_tail(), file=sys.stderr)
    subprocess.run(["rm", "-rf", WORK])

check.finish("webhook connectors and manual tasks")
