"""The console's data-subject request pages in headless Chromium: an agent finds a request in the queue, records
a verification, adds a note, sends a denial without its exemption (the message comes back beside that field, the
reason kept), then denies it; an auditor reads the case without a form. axe-core on every page, keyboard only."""

import os
import shutil
import subprocess
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import Accord, axe_violations, wait

PASSWORD = "violet ferry lantern 42"
SHOTS = os.environ.get("ACCORD_SCREENSHOTS")


def create_user(accord, role):
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    subprocess.run(
        [accord.binary, "users", "create", "--database-url", f"sqlite://{accord.database}", "--email", email,
         "--role", role, "--password-stdin"],
        input=PASSWORD + "\n", text=True, check=True, capture_output=True, env=accord.env, timeout=60)
    return email


def sign_in(driver, accord, role):
    driver.get(accord.url + "/console/login")
    driver.find_element(By.ID, "email").send_keys(create_user(accord, role))
    driver.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
    wait(driver, lambda d: d.current_url.endswith("/console"), message="not signed in")


def file_request(accord, email):
    return accord.call("POST", "/v1/admin/properties/demo/requests",
                       {"type": "deletion", "email": email, "jurisdiction": "US-CA"})["id"]


def test_an_agent_works_a_request_from_the_queue_by_keyboard_and_axe_finds_nothing(driver, accord):
    request = file_request(accord, "ann@example.org")
    sign_in(driver, accord, "agent")
    driver.find_element(By.LINK_TEXT, "Requests").click()
    wait(driver, lambda d: "Requests of" in d.page_source)
    row = driver.find_element(By.XPATH, f'//tr[td/a[text()="{request}"]]')
    assert "days left" in row.text and "verifying" in row.text
    assert axe_violations(driver) == []
    if SHOTS:
        for width in (1280, 390):
            driver.set_window_size(width, 1000)
            driver.save_screenshot(os.path.join(SHOTS, f"console-requests-{width}.png"))
    driver.set_window_size(390, 900)
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390  # the table scrolls in its box
    driver.set_window_size(1280, 900)
    driver.find_element(By.ID, "rq-status").send_keys("completed")
    driver.find_element(By.ID, "rq-assignee").send_keys(Keys.ENTER)
    wait(driver, lambda d: "No requests match." in d.page_source)
    driver.get(accord.url + "/console/requests?property=demo")
    driver.find_element(By.LINK_TEXT, request).send_keys(Keys.ENTER)
    wait(driver, lambda d: "Record a verification" in d.page_source)
    assert "ann@example.org" in driver.page_source
    assert axe_violations(driver) == []

    driver.find_element(By.ID, "rq-verify").send_keys("Called back on the number on file")
    driver.find_element(By.XPATH, '//button[text()="Record verification"]').send_keys(Keys.ENTER)
    wait(driver, lambda d: "Verification recorded." in d.page_source)
    driver.find_element(By.ID, "rq-note").send_keys("Checked the CRM and the mailing list")
    driver.find_element(By.XPATH, '//button[text()="Add note"]').send_keys(Keys.ENTER)
    wait(driver, lambda d: "Note added." in d.page_source)
    driver.find_element(By.ID, "rq-to").send_keys("denied")
    driver.find_element(By.ID, "rq-reason").send_keys("Records kept for a legal hold")
    driver.find_element(By.XPATH, '//button[text()="Change status"]').send_keys(Keys.ENTER)
    error = wait(driver, lambda d: d.find_elements(By.ID, "rq-exemption-error"))[0]
    assert "exemption" in error.text
    assert driver.find_element(By.ID, "rq-exemption").get_attribute("aria-describedby") == "rq-exemption-error"
    assert driver.find_element(By.ID, "rq-reason").get_attribute("value") == "Records kept for a legal hold"
    assert axe_violations(driver) == []
    driver.find_element(By.ID, "rq-exemption").send_keys("legalObligation")
    driver.find_element(By.XPATH, '//button[text()="Change status"]').send_keys(Keys.ENTER)
    wait(driver, lambda d: "Status changed." in d.page_source)
    case = accord.get(f"/v1/admin/properties/demo/requests/{request}")
    assert case["status"] == "denied" and case["exemption"] == "legalObligation"
    assert [note["text"] for note in case["notes"]] == ["Checked the CRM and the mailing list"]
    assert case["verification"]["method"] == "operator"
    assert axe_violations(driver) == []


def test_an_auditor_reads_a_request_without_any_form(driver, accord):
    request = file_request(accord, "bob@example.org")
    sign_in(driver, accord, "auditor")
    driver.get(accord.url + f"/console/requests/demo/{request}")
    wait(driver, lambda d: "Timeline" in d.page_source)
    assert not driver.find_elements(By.CSS_SELECTOR, "main form")
    assert axe_violations(driver) == []


@pytest.fixture(scope="module")
def accord():
    server = Accord({"RATE_LIMIT_SIGN_INS_BURST": "100", "RATE_LIMIT_SIGN_INS_PER_MINUTE": "100"}).start()
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)
