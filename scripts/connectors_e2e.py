"""Data-subject requests across connected systems, end to end (issue 14).

A real PostgreSQL "shop" database (customers, an address two customers share, orders kept for tax, order items,
newsletter subscriptions, support tickets handled by staff, login records) and two SQLite files (a CRM and a
support desk), connected to the data map of a running `accord serve` with `env:NAME` connections. Over HTTP:
`systems/{s}/check`, an access request (counts, look-alike addresses not found), a deletion (no row of the
subject's left but the retained orders, masked; the shared address intact; the evidence lists every count; a
re-run changes nothing), the same deletion on a second copy of the three databases with the server killed (-9)
after the first system answered and restarted (the end state equals the uninterrupted run's), and a manual system
that the operator marks done, which completes the request.

    python3 scripts/connectors_e2e.py ACCORD_BIN POSTGRES_URL
"""

import base64
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import AccordServer, Checks, systems_of  # noqa: E402

ACCORD, PG = sys.argv[1], sys.argv[2]
WORK = tempfile.mkdtemp(prefix="accord-connectors.")
check = Checks()
accord = AccordServer(ACCORD, WORK)
api = accord.api
databases = []


def pg_url(database):
    head, _, tail = PG.partition("?")
    return head.rsplit("/", 1)[0] + "/" + database + ("?" + tail if tail else "")


def psql(url, sql):
    return subprocess.run(["psql", url.split("?")[0], "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
                          check=True, capture_output=True, text=True).stdout


SHOP = """
CREATE TABLE addresses (id INTEGER PRIMARY KEY, street TEXT NOT NULL, city TEXT);
CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, full_name TEXT NOT NULL, ssn TEXT, password_hash TEXT,
    address_id INTEGER REFERENCES addresses(id));
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),
    agent_id INTEGER REFERENCES staff(id), shipping_address TEXT, total NUMERIC NOT NULL);
CREATE TABLE order_items (order_id INTEGER NOT NULL REFERENCES orders(id), line INTEGER NOT NULL, product TEXT NOT NULL,
    PRIMARY KEY (order_id, line));
CREATE TABLE newsletter (id INTEGER PRIMARY KEY, email TEXT NOT NULL, topics TEXT);
CREATE TABLE tickets (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
    staff_id INTEGER REFERENCES staff(id), body TEXT);
CREATE TABLE logins (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), ip TEXT);
INSERT INTO addresses VALUES (1, '1 Shared Street', 'Springfield'), (2, '2 Other Road', 'Shelbyville'), (3, '3 Far Lane', 'Ogdenville');
INSERT INTO staff VALUES (1, 'Agent Smith');
INSERT INTO customers VALUES (1, 'jane@x.com', 'Jane <script>alert(1)</script> Doe', '123-45-6789', 'bcrypt$abc', 1),
    (2, 'bob@x.com', 'Bob Roe', '987-65-4321', 'bcrypt$def', 1), (3, 'jane+1@x.com', 'Jane Plus', NULL, NULL, 2),
    (4, 'jane@x.co', 'Jane Co', NULL, NULL, 3);
INSERT INTO orders VALUES (10, 1, 1, '1 Shared Street', 25.50), (11, 1, NULL, '1 Shared Street', 10), (12, 2, 1, '1 Shared Street', 99),
    (13, 3, NULL, '2 Other Road', 5);
INSERT INTO order_items VALUES (10, 1, 'tea'), (10, 2, 'cups'), (11, 1, 'pot'), (12, 1, 'tea');
INSERT INTO newsletter VALUES (1, ' JANE@X.COM ', 'offers'), (2, 'jane+1@x.com', 'offers'), (3, 'jane@x.co', 'news');
INSERT INTO tickets VALUES (1, 1, 1, 'Where is order 10?'), (2, 2, 1, 'Bob asks');
INSERT INTO logins VALUES (1, 1, '192.0.2.1'), (2, 1, '192.0.2.2'), (3, 3, '192.0.2.3');
"""

SHOP_DATASET = {"collections": {
    "customers": {"primaryKey": "id", "identities": {"email": "email"}, "onErase": "delete",
                  "references": {"address_id": "addresses.id"},
                  "fields": {"email": {"categories": ["identifiers"], "erase": "null"},
                             "full_name": {"categories": ["identifiers"], "erase": {"fixed": "erased"}},
                             "ssn": {"categories": ["sensitive.governmentId"], "erase": "null"},
                             "password_hash": {"categories": ["sensitive.accountLogin"], "access": "withhold"}}},
    "addresses": {"primaryKey": "id", "onErase": "delete",
                  "fields": {"street": {"categories": ["identifiers"], "erase": {"fixed": "erased"}},
                             "city": {"categories": ["geolocation"]}}},
    "staff": {"primaryKey": "id", "fields": {"name": {"categories": ["professional"], "erase": "keep"}}},
    "orders": {"primaryKey": "id", "onErase": "mask",
               "references": {"customer_id": "customers.id", "agent_id": {"to": "staff.id", "include": False}},
               "retain": {"exemption": "legalObligation", "note": "tax records, 7 years"},
               # Erasing the reference releases the customer: the kept order no longer points to them, so their row
               # is deleted (after the order is masked) instead of kept masked.
               "fields": {"customer_id": {"categories": ["identifiers"], "erase": "null"},
                          "shipping_address": {"categories": ["identifiers"], "erase": "hash"},
                          "total": {"categories": ["commercial"], "erase": "keep"}}},
    "order_items": {"primaryKey": ["order_id", "line"], "references": {"order_id": "orders.id"}, "onErase": "delete",
                    "fields": {"product": {"categories": ["commercial"], "erase": "keep"}}},
    "newsletter": {"primaryKey": "id", "identities": {"email": "email"}, "onErase": "delete",
                   "fields": {"email": {"categories": ["identifiers"], "erase": "hmac"}}},
    "tickets": {"primaryKey": "id", "onErase": "delete",
                "references": {"customer_id": "customers.id", "staff_id": {"to": "staff.id", "include": False}},
                "fields": {"body": {"categories": ["sensitive.communicationsContent"], "access": "disclose"}}},
    "logins": {"primaryKey": "id", "references": {"customer_id": "customers.id"}, "onErase": "delete",
               "fields": {"ip": {"categories": ["internetActivity"]}}},
}}

CRM = """
CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, phone TEXT);
CREATE TABLE notes (id INTEGER PRIMARY KEY, contact_id INTEGER NOT NULL REFERENCES contacts(id), body TEXT);
INSERT INTO contacts VALUES (1, 'Jane@X.com', 'Jane Doe', '555-0100'), (2, 'jane+1@x.com', 'Jane Plus', NULL), (3, 'bob@x.com', 'Bob', NULL);
INSERT INTO notes VALUES (1, 1, 'wants a call'), (2, 1, 'called'), (3, 3, 'bob note');
"""
CRM_DATASET = {"collections": {
    "contacts": {"primaryKey": "id", "identities": {"email": "email"}, "onErase": "delete",
                 "fields": {"email": {"categories": ["identifiers"], "erase": {"fixed": "erased"}},
                            "name": {"categories": ["identifiers"]}, "phone": {"categories": ["identifiers"]}}},
    "notes": {"primaryKey": "id", "references": {"contact_id": "contacts.id"}, "onErase": "delete",
              "fields": {"body": {"categories": ["inferences"]}}},
}}

SUPPORT = """
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, display_name TEXT NOT NULL);
CREATE TABLE messages (user_id INTEGER NOT NULL REFERENCES users(id), seq INTEGER NOT NULL, text TEXT, PRIMARY KEY (user_id, seq));
INSERT INTO users VALUES (7, 'jane@x.com', 'janed'), (8, 'jane@x.co', 'janeco');
INSERT INTO messages VALUES (7, 1, 'hello'), (7, 2, 'thanks'), (8, 1, 'hi');
"""
SUPPORT_DATASET = {"collections": {
    "users": {"primaryKey": "id", "identities": {"email": "email"}, "onErase": "mask",
              "fields": {"email": {"categories": ["identifiers"], "erase": "hash"},
                         "display_name": {"categories": ["identifiers"], "erase": {"fixed": "erased"}}}},
    "messages": {"primaryKey": ["user_id", "seq"], "references": {"user_id": "users.id"}, "onErase": "delete",
                 "fields": {"text": {"categories": ["sensitive.communicationsContent"], "access": "disclose"}}},
}}


def make_set(tag):
    name = f"shop_{tag}_{os.getpid()}"
    psql(PG, f"DROP DATABASE IF EXISTS {name}")
    psql(PG, f"CREATE DATABASE {name}")
    databases.append(name)
    psql(pg_url(name), SHOP)
    paths = {}
    for system, script in (("crm", CRM), ("support", SUPPORT)):
        paths[system] = os.path.join(WORK, f"{system}-{tag}.sqlite")
        connection = sqlite3.connect(paths[system])
        connection.executescript(script)
        connection.commit()
        connection.close()
    return {"SHOP_DB": pg_url(name), "CRM_DB": "sqlite://" + paths["crm"], "SUPPORT_DB": "sqlite://" + paths["support"]}


def dump(connections):
    """Every row of the three databases as text, hashes (64 hex digits) replaced so two runs compare."""
    lines = []
    for table in ["addresses", "customers", "logins", "newsletter", "order_items", "orders", "staff", "tickets"]:
        for line in psql(connections["SHOP_DB"], f"SELECT row_to_json(t)::text FROM {table} t ORDER BY 1").splitlines():
            lines.append(f"shop.{table} {line}")
    for system, tables in (("CRM_DB", ["contacts", "notes"]), ("SUPPORT_DB", ["users", "messages"])):
        connection = sqlite3.connect(connections[system][len("sqlite://"):])
        for table in tables:
            for row in connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
                lines.append(f"{system}.{table} {json.dumps(row)}")
        connection.close()
    return [re.sub(r"\b[0-9a-f]{64}\b", "<hash>", line) for line in lines]


def verified_request(kind, email):
    return accord.verified_request(kind, email, channel="email", **({"scope": "specificPieces"} if kind == "access" else {}))


wait_for = accord.wait_for


try:
    set_a = make_set("a")
    set_b = make_set("b")
    set_c = make_set("c")
    accord.start(set_a)

    for system, kind, env, dataset in (("crm", "sqlite", "CRM_DB", CRM_DATASET), ("shop", "postgres", "SHOP_DB", SHOP_DATASET),
                                       ("support", "sqlite", "SUPPORT_DB", SUPPORT_DATASET)):
        status, body = api("PUT", f"/v1/admin/properties/demo/systems/{system}",
                           {"name": system.upper(), "categories": ["identifiers"],
                            "connector": {"kind": kind, "connection": f"env:{env}", "dataset": dataset}})
        check(f"{system}: the connector is stored", status in (200, 201), body)
        status, body = api("POST", f"/v1/admin/properties/demo/systems/{system}/check")
        check(f"{system}: check finds every table and column", status == 200 and body.get("problems") == [], body)

    unverified = api("POST", "/v1/admin/properties/demo/requests",
                     {"type": "deletion", "email": "nobody@x.com", "jurisdiction": "US-CA", "channel": "email"})[1]["id"]
    status, body = api("POST", f"/v1/admin/properties/demo/requests/{unverified}/fulfil")
    check("an unverified request is not run (409)", status == 409, body)

    access = verified_request("access", "Jane@X.com")
    status, body = api("POST", f"/v1/admin/properties/demo/requests/{access}/fulfil")
    check("fulfil answers 202 with the run", status == 202 and body.get("fulfilment", {}).get("status") in ("running", "done"), body)
    body = wait_for(access, lambda b: b["status"] == "completed")
    systems = systems_of(body)
    check("access: the request completes once every system answered", body["status"] == "completed" and body["fulfilment"]["status"] == "done", body.get("fulfilment"))
    check("access: the subject's rows only, look-alikes not found",
          {n: s["rows"]["found"] for n, s in systems.items()} == {"crm": 3, "shop": 11, "support": 3}, systems)
    check("access: nothing changed", all(s["rows"]["deleted"] == s["rows"]["masked"] == 0 for s in systems.values()), systems)

    status, package = api("GET", f"/v1/admin/properties/demo/requests/{access}/package")
    check("the package downloads as a ZIP (not JSON)", status == 200 and isinstance(package, bytes) and package[:4] == b"PK\x03\x04", status)
    path = os.path.join(WORK, "package.zip")
    open(path, "wb").write(package)
    check("unzip -t accepts the package", subprocess.run(["unzip", "-t", path], capture_output=True).returncode == 0)
    with zipfile.ZipFile(path) as archive:
        check("zipfile finds no damage", archive.testzip() is None)
        names = sorted(archive.namelist())
        data = json.loads(archive.read("data.json"))
        report = archive.read("report.html").decode()
    check("the package holds data.json and report.html", names == ["data.json", "report.html"], names)
    shop = data["systems"]["shop"]["collections"]
    check("data.json: the subject's own customer row only, without withheld columns",
          [r.get("email") for r in shop["customers"]["rows"]] == ["jane@x.com"] and "ssn" not in shop["customers"]["rows"][0]
          and "password_hash" not in shop["customers"]["rows"][0] and "ssn" not in shop["customers"]["categories"], shop["customers"])
    check("data.json: orders, items, tickets, logins, the newsletter and both addresses",
          {k: len(v["rows"]) for k, v in shop.items()} == {"customers": 1, "orders": 2, "order_items": 3, "tickets": 1, "logins": 2,
                                                          "newsletter": 1, "addresses": 1}, {k: len(v["rows"]) for k, v in shop.items()})
    check("data.json: no look-alike's row", "jane+1@x.com" not in json.dumps(data) and '"jane@x.co"' not in json.dumps(data))
    check("data.json: the staff member (include: false) is not disclosed", "Agent Smith" not in json.dumps(data))
    check("data.json: the CRM and support rows", len(data["systems"]["crm"]["collections"]["contacts"]["rows"]) == 1
          and len(data["systems"]["support"]["collections"]["messages"]["rows"]) == 2)
    check("report.html shows the <script> name as text", "Jane &lt;script&gt;alert(1)&lt;/script&gt; Doe" in report and "<script>" not in report)
    check("report.html carries the data map", "<h3>SHOP</h3>" in report and "Categories" in report)
    status, body = api("GET", f"/v1/admin/properties/demo/requests/{access}")
    check("the download is an audit entry", any(e["action"] == "request.packageDownloaded" for e in body.get("timeline", [])))

    before = dump(set_a)
    deletion = verified_request("deletion", "jane@x.com")
    api("POST", f"/v1/admin/properties/demo/requests/{deletion}/fulfil")
    body = wait_for(deletion, lambda b: b["status"] == "completed")
    systems = systems_of(body)
    check("deletion: completes", body["status"] == "completed", body.get("fulfilment"))
    check("deletion: shop counts", systems.get("shop", {}).get("rows") == {"found": 11, "deleted": 8, "masked": 0, "kept": 2}, systems.get("shop"))
    check("deletion: crm counts", systems.get("crm", {}).get("rows") == {"found": 3, "deleted": 3, "masked": 0, "kept": 0}, systems.get("crm"))
    check("deletion: support counts", systems.get("support", {}).get("rows") == {"found": 3, "deleted": 2, "masked": 1, "kept": 0}, systems.get("support"))
    check("deletion: Accord's own data is erased before completion (request.dataErased, the address no longer readable)",
          "request.dataErased" in [e["action"] for e in body["timeline"]]
          and body["timeline"][-1]["action"] == "request.transition" and body.get("email") is None,
          [e["action"] for e in body.get("timeline", [])])
    shared = systems.get("shop", {}).get("shared", [])
    check("deletion: the shared address is reported with its reason",
          len(shared) == 1 and shared[0]["collection"] == "addresses" and shared[0]["rows"] == 1 and "customers" in shared[0]["reason"], shared)
    retained = systems.get("shop", {}).get("retained", [])
    check("deletion: the retained orders carry their exemption",
          retained == [{"collection": "orders", "rows": 2, "exemption": "legalObligation", "note": "tax records, 7 years"}], retained)
    after = dump(set_a)
    text = "\n".join(after)
    check("no row holds the subject's e-mail", not re.search(r'"\s*jane@x\.com\s*"', text, re.I), [l for l in after if "jane@x.com" in l.lower()])
    check("no row holds the subject's name", "Jane <script>" not in text and "Jane Doe" not in text)
    check("look-alike subjects are untouched", "jane+1@x.com" in text and '"jane@x.co"' in text)
    check("the shared address is intact", any('"street":"1 Shared Street"' in l for l in after if l.startswith("shop.addresses")))
    check("the retained orders are kept, their address masked and their customer reference erased",
          sum(1 for l in after if l.startswith("shop.orders") and '"customer_id":null' in l and "<hash>" in l) == 2)
    # The acceptance sentence, literally: no row of any shop or CRM table holds the subject's e-mail, name or
    # customer id (shop customer 1, CRM contact 1), except the retained orders, whose personal fields are masked.
    holders = []
    for line in after:
        table, _, raw = line.partition(" ")
        row = json.loads(raw)
        if table.startswith("shop."):
            ids = [row.get("customer_id")] + ([row.get("id")] if table == "shop.customers" else [])
        elif table.startswith("CRM_DB."):
            ids = [row[0]] if table == "CRM_DB.contacts" else [row[1]]
        else:
            continue
        if "jane@x.com" in raw.lower() or "Jane" in raw and "Doe" in raw or 1 in ids:
            holders.append(line)
    retained_orders = [l for l in after if l.startswith("shop.orders") and json.loads(l.partition(" ")[2])["id"] in (10, 11)]
    check("no shop or CRM row holds the subject's e-mail, name or customer id (the retained orders included)", holders == [], holders)
    check("the retained orders are there, masked", len(retained_orders) == 2
          and all(json.loads(l.partition(" ")[2])["customer_id"] is None and "<hash>" in l for l in retained_orders), retained_orders)
    check("the staff row (include: false) is untouched", any("Agent Smith" in l for l in after))
    check("another customer's rows are unchanged", all(l in after for l in before if "bob" in l.lower() or "jane+1" in l))

    status, evidence = api("GET", f"/v1/admin/properties/demo/requests/{deletion}/evidence")
    steps = [s for s in evidence.get("evidence", {}).get("steps", []) if s["action"] == "request.systemAnswered"]
    check("the evidence lists every system's counts",
          status == 200 and sorted(s["detail"]["system"] for s in steps) == ["crm", "shop", "support"]
          and all(k in s["detail"] for s in steps for k in ("found", "deleted", "masked", "kept", "strategies")), evidence)
    counts = {s["detail"]["system"]: {k: int(s["detail"][k]) for k in ("found", "deleted", "masked", "kept")} for s in steps}
    check("the evidence's counts are the run's", counts == {n: s["rows"] for n, s in systems.items() if n != "accord"}, (counts, systems))
    check("the evidence names no value", "jane" not in json.dumps(evidence).lower())
    header = json.loads(base64.urlsafe_b64decode(evidence.get("jws", "e30").split(".")[0] + "=="))
    check("the evidence is a JWS signed with the receipt key", header.get("typ") == "accord-evidence+jwt" and header.get("alg") == "EdDSA", header)

    again = verified_request("deletion", "jane@x.com")
    api("POST", f"/v1/admin/properties/demo/requests/{again}/fulfil")
    body = wait_for(again, lambda b: b["status"] == "completed")
    check("a re-run finds and changes nothing and still completes",
          body["status"] == "completed" and all(s["rows"] == {"found": 0, "deleted": 0, "masked": 0, "kept": 0} for s in systems_of(body).values()),
          body.get("fulfilment"))
    check("the databases are as the first run left them", dump(set_a) == after)
    accord.stop()

    # The same deletion on the second copy, the server killed after the first system answered.
    accord.start({**set_b, "ACCORD_TEST_FULFILMENT_PAUSE_MS": "4000"})
    interrupted = verified_request("deletion", "jane@x.com")
    api("POST", f"/v1/admin/properties/demo/requests/{interrupted}/fulfil")
    body = wait_for(interrupted, lambda b: systems_of(b).get("crm", {}).get("status") == "done", 60)
    states = {n: s["status"] for n, s in systems_of(body).items()}
    check("the first system answered before the kill", states == {"crm": "done", "shop": "pending", "support": "pending"}, states)
    accord.stop(kill=True)
    accord.start(set_b)
    body = wait_for(interrupted, lambda b: b["status"] == "completed")
    check("after kill -9 and a restart the run resumes and completes", body["status"] == "completed", body.get("fulfilment"))
    check("the end state equals the uninterrupted run's", dump(set_b) == after,
          sorted(set(dump(set_b)) ^ set(after))[:6])

    # The same deletion on a third copy, the server killed by itself after the shop's transaction committed and
    # before its answer was recorded: the resumed run records the true counts (the rows are gone by then).
    accord.stop()
    accord.start({**set_c, "ACCORD_TEST_FULFILMENT_CRASH_AFTER_COMMIT": "shop"})
    crashed = verified_request("deletion", "jane@x.com")
    api("POST", f"/v1/admin/properties/demo/requests/{crashed}/fulfil")
    accord.wait_exit(90)
    check("the crash came after the shop's commit", not any("jane@x.com" in l.lower() for l in dump(set_c) if l.startswith("shop.customers")))
    accord.start(set_c)
    body = wait_for(crashed, lambda b: b["status"] == "completed")
    systems = systems_of(body)
    check("after a crash between a commit and its audit entry the resumed run records the true counts",
          systems.get("shop", {}).get("rows") == {"found": 11, "deleted": 8, "masked": 0, "kept": 2}, systems.get("shop"))
    answers = [e for e in body["timeline"] if e["action"] == "request.systemAnswered"]
    check("one answer per system in the audit", len(answers) == 3, answers)
    check("the end state equals the uninterrupted run's (crash after commit)", dump(set_c) == after,
          sorted(set(dump(set_c)) ^ set(after))[:6])

    # A manual system: the run waits for it until the operator records it as done.
    status, _ = api("PUT", "/v1/admin/properties/demo/systems/warehouse",
                    {"name": "Warehouse", "categories": ["identifiers"], "connector": {"kind": "manual", "instructions": "Shred the paper file."}})
    check("a manual system is stored", status in (200, 201))
    manual = verified_request("deletion", "bob@x.com")
    api("POST", f"/v1/admin/properties/demo/requests/{manual}/fulfil")
    body = wait_for(manual, lambda b: (b.get("fulfilment") or {}).get("status") == "waiting")
    check("the run waits for the manual system", body.get("fulfilment", {}).get("status") == "waiting" and body["status"] == "inProgress",
          body.get("fulfilment"))
    status, body = api("POST", f"/v1/admin/properties/demo/requests/{manual}/systems/nowhere/answer", {"outcome": "manualDone", "reason": "x"})
    check("an answer for a system outside the run is 422", status == 422, body)
    status, body = api("POST", f"/v1/admin/properties/demo/requests/{manual}/systems/warehouse/answer",
                       {"outcome": "manualDone", "reason": "paper file shredded"})
    body = wait_for(manual, lambda b: b["status"] == "completed", 30)
    check("the operator's answer completes the request", body["status"] == "completed", body.get("fulfilment"))
finally:
    accord.stop(kill=True)
    for name in databases:
        try:
            psql(PG, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        except Exception:
            pass
    if check.failures:
        print(accord.log_tail(), file=sys.stderr)
    subprocess.run(["rm", "-rf", WORK])

check.finish("connected systems")
