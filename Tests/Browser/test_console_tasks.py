"""Manual tasks in the console in headless Chromium (issue 14 §1): an agent opens the Tasks page, finds the task
assigned to them, submits it unconfirmed (the message comes back beside the checkbox, the text kept), then completes
it by keyboard with an uploaded file, without JavaScript on the page; the request completes. axe-core on every page."""

import os
import shutil
import tempfile

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import Accord, axe_violations, wait
from test_console_requests import PASSWORD, create_user


def test_an_agent_completes_a_task_with_a_file_by_keyboard_and_axe_finds_nothing(driver, accord):
    agent = create_user(accord, "agent")
    accord.call("PUT", "/v1/admin/properties/demo/systems/ledger",
                {"name": "Paper ledger", "connector": {"kind": "manual", "instructions": "Scan the ledger page.", "assignee": agent}})
    request = accord.call("POST", "/v1/admin/properties/demo/requests",
                          {"type": "access", "email": "gil@example.org", "jurisdiction": "US-CA"})["id"]
    accord.call("POST", f"/v1/admin/properties/demo/requests/{request}/verification", {"reason": "by phone"})
    accord.call("POST", f"/v1/admin/properties/demo/requests/{request}/fulfil")

    driver.get(accord.url + "/console/login")
    driver.find_element(By.ID, "email").send_keys(agent)
    driver.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
    wait(driver, lambda d: d.current_url.endswith("/console"), message="not signed in")
    driver.find_element(By.LINK_TEXT, "Tasks").click()
    wait(driver, lambda d: "Open manual tasks of" in d.page_source)
    row = driver.find_element(By.XPATH, f'//tr[td[text()="{request}"]]')
    assert "(you)" in row.text
    assert axe_violations(driver) == []
    row.find_element(By.LINK_TEXT, "Paper ledger").send_keys(Keys.ENTER)
    wait(driver, lambda d: "Complete the task" in d.page_source)
    assert "Scan the ledger page." in driver.page_source
    assert axe_violations(driver) == []

    driver.find_element(By.ID, "tk-result").send_keys("Three entries on page 12")
    driver.find_element(By.XPATH, '//button[text()="Complete the task"]').send_keys(Keys.ENTER)
    error = wait(driver, lambda d: d.find_elements(By.ID, "tk-confirmed-error"))[0]
    assert "confirm" in error.text.lower()
    assert driver.find_element(By.ID, "tk-confirmed").get_attribute("aria-describedby") == "tk-confirmed-error"
    assert driver.find_element(By.ID, "tk-result").get_attribute("value") == "Three entries on page 12"
    assert axe_violations(driver) == []

    scan = os.path.join(tempfile.mkdtemp(), "ledger-page.txt")
    with open(scan, "w") as file:
        file.write("ledger page 12\n")
    driver.find_element(By.ID, "tk-file").send_keys(scan)
    driver.find_element(By.ID, "tk-confirmed").send_keys(Keys.SPACE)
    driver.find_element(By.XPATH, '//button[text()="Complete the task"]').send_keys(Keys.ENTER)
    wait(driver, lambda d: "Task completed." in d.page_source)
    assert "No open tasks." in driver.page_source
    case = accord.get(f"/v1/admin/properties/demo/requests/{request}")
    assert case["status"] == "completed"
    assert [s["status"] for s in case["fulfilment"]["systems"]] == ["manualDone"]
    assert axe_violations(driver) == []


@pytest.fixture(scope="module")
def accord():
    server = Accord({"RATE_LIMIT_SIGN_INS_BURST": "100", "RATE_LIMIT_SIGN_INS_PER_MINUTE": "100"}).start()
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)
