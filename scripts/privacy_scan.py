#!/usr/bin/env python3
"""The privacy scan of scripts/privacy-scan.sh (standard library only).

  privacy_scan.py exercise --url URL --key KEY --openapi openapi.yaml --out DIR
      Seeds the canary values (an e-mail address, a subject id, an IP address) through the API: keyed and public
      writes with the address as contact, withdrawals, checks, identity links, then calls every GET route of
      openapi.yaml with the canary subject in its path parameters, with the key and without. Every answer is kept in
      DIR/answers.jsonl. Fails when an answer carries the canary IP address (stored only truncated, never echoed),
      or when an answer to a caller without a key carries the e-mail address or the subject id.

  privacy_scan.py scan FILE...
      Fails when any of the files (logs, the SQLite file, its WAL, a PostgreSQL dump) holds a canary value in clear
      (also percent-encoded, JSON-escaped, in upper case, and as UTF-16): only the vault, sealed, may hold them.
"""
import argparse
import http.client
import json
import os
import re
import sys
import urllib.parse

EMAIL = "canary.person+scan@privacy-scan.example"
SUBJECT = "canary-subject-7f3a9c"
IP = "203.0.113.77"
VISITOR = "av_" + "7f3a9c" * 5 + "7f"


def variants(value):
    forms = {value, value.upper(), urllib.parse.quote(value, safe=""), json.dumps(value)[1:-1]}
    return [f.encode() for f in forms] + [value.encode("utf-16-le")]


def exercise(args):
    parts = urllib.parse.urlsplit(args.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    answers = open(os.path.join(args.out, "answers.jsonl"), "w")
    problems = []

    def call(method, path, body=None, keyed=True, headers=None):
        sent = {"X-Forwarded-For": IP, "Content-Type": "application/json", **(headers or {})}
        if keyed:
            sent["Authorization"] = f"Bearer {args.key}"
        conn.request(method, path, body=json.dumps(body).encode() if body is not None else None, headers=sent)
        response = conn.getresponse()
        raw = response.read()
        head = "\n".join(f"{k}: {v}" for k, v in response.getheaders())
        answers.write(json.dumps({"method": method, "path": path, "keyed": keyed, "status": response.status}) + "\n")
        whole = head.encode() + b"\n" + raw
        if any(v in whole for v in variants(IP)):
            problems.append(f"{method} {path}: the answer carries the client IP address")
        if not keyed:
            for value in (EMAIL, SUBJECT):
                if any(v in whole for v in variants(value)):
                    problems.append(f"{method} {path} without a key: the answer carries {value}")
        return response.status, raw

    quoted = urllib.parse.quote(SUBJECT, safe="")
    status, raw = call("POST", "/v1/properties/demo/consents", {
        "subject": SUBJECT, "choices": {"analytics": "granted", "marketing": "granted"}, "source": "api",
        "contact": {"email": EMAIL, "verified": True}})
    if status != 201:
        problems.append(f"the keyed write answered {status}: {raw[:200]}")
    call("POST", f"/v1/properties/demo/subjects/{quoted}/contact", {"email": EMAIL, "verified": True})
    call("POST", "/v1/properties/demo/consents", {"subject": VISITOR, "choices": {"analytics": "granted"}, "source": "banner"},
         keyed=False, headers={"Origin": args.url})
    call("POST", f"/v1/properties/demo/subjects/{quoted}/links", {"visitor": VISITOR})
    call("POST", f"/v1/properties/demo/subjects/{quoted}/withdraw", {"purposes": ["marketing"]})
    call("POST", "/v1/properties/demo/check", {"subjects": [SUBJECT, EMAIL], "purposes": ["analytics"]})
    call("POST", f"/v1/properties/demo/subjects/{quoted}/preference-link", {})
    # A subject id that is an e-mail address, and errors that might echo what they refuse.
    call("POST", "/v1/properties/demo/consents", {"subject": EMAIL, "choices": {"analytics": "granted"}, "source": "api"})
    call("POST", "/v1/properties/demo/consents", {"subject": EMAIL, "choices": {"nosuchpurpose": "granted"}, "source": "api"})
    call("POST", "/v1/properties/demo/consents", {"subject": SUBJECT, "choices": {"analytics": "maybe"}}, keyed=False,
         headers={"Origin": args.url})
    call("POST", "/v1/properties/demo/consents", {"subject": VISITOR, "choices": {"analytics": "granted"}, "source": "banner",
                                                  "contact": {"email": EMAIL}}, keyed=False, headers={"Origin": args.url})
    # Every GET route of the API description, the canary in its path parameters, with the key and without.
    text = open(args.openapi).read()
    paths = re.findall(r"^  (/[^:\s]*):\s*$", text, re.MULTILINE)
    fill = {"property": "demo", "subject": quoted, "visitor": VISITOR, "purpose": "analytics", "locale": "en",
            "version": "1", "string": "CQSbk4AQ", "prefix": "acc_x", "webhook": "x", "user": "x", "draft": "demo"}
    walked = 0
    for path in paths:
        concrete = re.sub(r"\{([^}]+)\}", lambda m: fill.get(m.group(1), "x"), path)
        if concrete.endswith("/logout"):
            continue
        for keyed in (True, False):
            call("GET", concrete, keyed=keyed)
            walked += 1
    conn.close()
    answers.close()
    for problem in problems:
        print("FAIL: " + problem)
    print(f"privacy: {walked} GET calls over {len(paths)} documented paths and 11 writes, {len(problems)} leaks in answers")
    return 1 if problems else 0


def scan(args):
    found = []
    scanned = 0
    for path in args.files:
        if not os.path.exists(path):
            continue
        data = open(path, "rb").read()
        scanned += len(data)
        for name, value in (("e-mail address", EMAIL), ("subject id", SUBJECT), ("IP address", IP), ("visitor id", VISITOR)):
            # The visitor id is pseudonymous by design but must still be stored only as its keyed hash.
            if any(v in data for v in variants(value)):
                found.append(f"{os.path.basename(path)} holds the {name} in clear")
    for line in found:
        print("FAIL: " + line)
    print(f"privacy: scanned {len(args.files)} files ({scanned} bytes), {len(found)} clear canary values")
    return 1 if found else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["exercise", "scan"])
    parser.add_argument("--url")
    parser.add_argument("--key")
    parser.add_argument("--openapi")
    parser.add_argument("--out")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    return exercise(args) if args.command == "exercise" else scan(args)


if __name__ == "__main__":
    sys.exit(main())
