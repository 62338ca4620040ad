"""Data-subject requests end to end: the hosted form in headless Chromium (no script needed, axe-clean), the code
e-mailed through a real SMTP server (aiosmtpd, scripts/smtp_test_server.py) and typed on the status page, the
request completed by the admin API, `accord audit verify` passing, and the CCPA §7102 figures recomputed here from
the raw rows of the SQLite file equal to the metrics endpoint's."""

import email
import glob
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime

import pytest
from selenium.webdriver.common.by import By

from conftest import ROOT, Accord, axe_violations, free_port, wait


@pytest.fixture(scope="module")
def smtp():
    directory = tempfile.mkdtemp(prefix="accord-requests-smtp-")
    port = free_port()
    python = os.environ.get("ACCORD_TEST_SMTP_PYTHON", sys.executable)
    process = subprocess.Popen(
        [python, os.path.join(ROOT, "scripts/smtp_test_server.py"), "--dir", directory, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    assert line.startswith("READY"), process.stderr.read()
    yield directory, port
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def accord(smtp):
    _, port = smtp
    server = Accord(env={"MAIL_SMTP_HOST": "127.0.0.1", "MAIL_SMTP_PORT": str(port), "MAIL_SMTP_SECURITY": "none",
                         "MAIL_FROM": "privacy@example.com"}).start()
    yield server
    server.stop()


def messages(directory, to):
    """The text parts of the messages delivered to `to`, oldest first."""
    found = []
    for path in sorted(glob.glob(os.path.join(directory, "*.eml")), key=lambda p: int(os.path.basename(p)[:-4])):
        with open(os.path.join(directory, os.path.basename(path)[:-4] + ".json")) as envelope:
            if to not in json.load(envelope)["to"]:
                continue
        with open(path, "rb") as source:
            message = email.message_from_bytes(source.read())
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                found.append(part.get_payload(decode=True).decode())
    return found


def wait_for_code(directory, to, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for text in reversed(messages(directory, to)):
            match = re.search(r"Your code: ([0-9]{6})", text)
            if match:
                return match.group(1), text
        time.sleep(0.3)
    raise AssertionError(f"no code e-mailed to {to}")


def test_the_hosted_form_works_without_javascript_and_passes_axe(driver, accord):
    driver.get(accord.url + "/p/demo/requests/new")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Make a privacy request"
    assert axe_violations(driver) == []
    # No CSRF token: refused with 403, nothing stored.
    request = urllib.request.Request(accord.url + "/p/demo/requests", method="POST",
                                     data=b"type=access&email=x%40example.com&jurisdiction=DE")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 403
    assert accord.get("/v1/admin/properties/demo/requests")["requests"] == []
    # A bad jurisdiction comes back beside its field, with the values kept.
    driver.find_element(By.ID, "type-deletion").click()
    driver.find_element(By.ID, "field-email").send_keys("form@example.com")
    driver.find_element(By.ID, "field-jurisdiction").send_keys("Atlantis")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, lambda d: d.find_elements(By.ID, "jurisdiction-error"), message="the field's error")
    assert driver.find_element(By.ID, "field-jurisdiction").get_attribute("aria-invalid") == "true"
    assert driver.find_element(By.ID, "field-email").get_attribute("value") == "form@example.com"
    assert axe_violations(driver) == []


def test_a_request_made_on_the_form_is_verified_by_the_mailed_code_and_completed(driver, accord, smtp):
    directory, _ = smtp
    address = "requester@example.com"
    driver.get(accord.url + "/p/demo/requests/new")
    driver.find_element(By.ID, "type-access").click()
    driver.find_element(By.ID, "field-email").send_keys(address)
    driver.find_element(By.ID, "field-jurisdiction").send_keys("US-CA")
    driver.find_element(By.ID, "field-details").send_keys("Everything you hold about me, please.")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, lambda d: d.find_elements(By.ID, "request-id"), message="the status page")
    request_id = driver.find_element(By.ID, "request-id").text
    assert re.fullmatch(r"req_[0-9a-f]{32}", request_id)
    assert axe_violations(driver) == []
    code, text = wait_for_code(directory, address)
    assert request_id in text
    driver.find_element(By.ID, "field-code").send_keys(code)
    driver.find_element(By.XPATH, "//form[contains(@action,'/verify')]//button").click()
    wait(driver, lambda d: d.find_elements(By.ID, "notice"), message="the confirmation")
    assert "confirmed" in driver.find_element(By.ID, "notice").text
    assert axe_violations(driver) == []

    base = f"/v1/admin/properties/demo/requests/{request_id}"
    assert accord.get(base)["status"] == "verified"
    accord.call("POST", base + "/transitions", {"to": "inProgress"})
    done = accord.call("POST", base + "/transitions", {"to": "completed"})
    assert done["status"] == "completed"
    deadline = time.time() + 30
    while not any("was completed" in m for m in messages(directory, address)):
        assert time.time() < deadline, "the closing e-mail arrived"
        time.sleep(0.3)
    audit = subprocess.run([accord.binary, "audit", "verify", "--database-url", f"sqlite://{accord.database}"],
                           capture_output=True, text=True)
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_metrics_recomputed_from_raw_rows_equal_the_endpoints(accord):
    for number, (kind, outcome) in enumerate([("access", "completed"), ("deletion", "denied"), ("deletion", "completed"),
                                              ("access", None), ("optOut", "completed")]):
        made = accord.call("POST", "/v1/admin/properties/demo/requests", {
            "type": kind, "email": f"metrics{number}@example.com", "jurisdiction": "US-CA",
            "receivedAt": f"2026-0{number + 1}-1{number}T08:00:00Z", "channel": "mail"})
        base = f"/v1/admin/properties/demo/requests/{made['id']}"
        if made["status"] == "verifying":
            accord.call("POST", base + "/verification", {"reason": "seen in person"})
        if outcome == "completed":
            accord.call("POST", base + "/transitions", {"to": "completed"})
        elif outcome == "denied":
            accord.call("POST", base + "/transitions", {"to": "denied", "reason": "kept by law", "exemption": "legalObligation"})
    endpoint = accord.get("/v1/admin/properties/demo/requests/metrics?year=2026")

    rows = sqlite3.connect(f"file:{accord.database}?mode=ro", uri=True).execute(
        "SELECT target, action, after, recorded_at FROM audit_entries WHERE chain_id = 'requests/demo' ORDER BY chain_position"
    ).fetchall()
    received, answered = {}, {}
    for target, action, after, recorded_at in rows:
        fields = json.loads(after)
        if action == "request.received":
            at = datetime.fromisoformat(fields["receivedAt"].replace("Z", "+00:00"))
            received[target] = (fields["type"], at.timestamp() * 1000)
        elif action == "request.transition" and fields["status"] in ("completed", "denied", "unverifiable"):
            answered.setdefault(target, (fields["status"], recorded_at))
    expected = {}
    for target, (kind, at) in received.items():
        if datetime.utcfromtimestamp(at / 1000).year != 2026:
            continue
        figures = expected.setdefault(kind, {"received": 0, "complied": 0, "denied": 0, "days": []})
        figures["received"] += 1
        if target in answered:
            status, when = answered[target]
            figures["complied" if status == "completed" else "denied"] += 1
            figures["days"].append((when - at) / 86_400_000)
    assert expected, "the test made requests"
    for kind, figures in endpoint["types"].items():
        mine = expected.get(kind, {"received": 0, "complied": 0, "denied": 0, "days": []})
        assert figures["received"] == mine["received"], kind
        assert figures["compliedWithInWholeOrInPart"] == mine["complied"], kind
        assert figures["denied"] == mine["denied"], kind
        if mine["days"]:
            assert abs(figures["medianDaysToRespond"] - statistics.median(mine["days"])) < 1e-6, kind
            assert abs(figures["meanDaysToRespond"] - statistics.mean(mine["days"])) < 1e-6, kind
        else:
            assert figures["medianDaysToRespond"] is None and figures["meanDaysToRespond"] is None


def test_a_copy_of_the_data_asks_for_a_second_data_point_on_the_status_page(driver, accord, smtp):
    directory, _ = smtp
    address = "second-point@example.com"
    driver.get(accord.url + "/p/demo/requests/new")
    driver.find_element(By.ID, "type-portability").click()
    driver.find_element(By.ID, "field-email").send_keys(address)
    driver.find_element(By.ID, "field-jurisdiction").send_keys("US-CA")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, lambda d: d.find_elements(By.ID, "request-id"), message="the status page")
    request_id = driver.find_element(By.ID, "request-id").text
    # The code step carries the second data point, labelled, in a fieldset.
    assert driver.find_element(By.ID, "field-point-kind").is_displayed()
    assert axe_violations(driver) == []
    code, _ = wait_for_code(directory, address)
    driver.find_element(By.ID, "field-code").send_keys(code)
    driver.find_element(By.ID, "field-point-value").send_keys("Rita Example")
    driver.find_element(By.XPATH, "//form[contains(@action,'/verify')]//button").click()
    # A name is held by no store Accord reads: still verifying, the data-point step offered again, the name kept
    # for the operator.
    wait(driver, lambda d: not d.find_elements(By.ID, "field-code"), message="the code accepted")
    assert driver.find_element(By.ID, "field-point-value").get_attribute("required") is not None
    assert axe_violations(driver) == []
    shown = accord.get(f"/v1/admin/properties/demo/requests/{request_id}")
    assert shown["status"] == "verifying" and shown["verificationNext"] == "dataPoint"
    assert shown["dataPoint"] == {"kind": "name", "value": "Rita Example"}
    assert shown["verification"]["method"] == "emailCode"
