"""The privacy team's console in headless Chromium: signing in, the dashboard fed by the banner's impression beacon
and consents the test records (its chart tables equal the reports API),
editing and publishing a purpose, roles, lockout, cookie flags, sign-out, and axe-core on every console page."""

import os
import subprocess
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import time

from conftest import axe_violations, wait, wait_banner

PASSWORD = "violet ferry lantern 42"
SHOTS = os.environ.get("ACCORD_SCREENSHOTS")  # a folder to keep screenshots in, when set


def create_user(accord, role):
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    subprocess.run(
        [accord.binary, "users", "create", "--database-url", f"sqlite://{accord.database}", "--email", email,
         "--role", role, "--password-stdin"],
        input=PASSWORD + "\n", text=True, check=True, capture_output=True, env=accord.env, timeout=60)
    return email


def sign_in(driver, accord, email, password=PASSWORD):
    driver.get(accord.url + "/console/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password + Keys.ENTER)


def record(accord, visitor, choices):
    accord.call("POST", "/v1/properties/demo/consents",
                {"subject": visitor, "choices": choices, "source": "api", "region": "DE"})


def table(driver, caption):
    """The rows of the table with this caption, as lists of cell texts."""
    element = driver.find_element(By.XPATH, f'//table[caption[contains(., "{caption}")]]')
    return [[cell.text for cell in row.find_elements(By.CSS_SELECTOR, "th, td")]
            for row in element.find_elements(By.CSS_SELECTOR, "tbody tr")]


def report(accord, group_by="day"):
    return accord.get(f"/v1/admin/properties/demo/reports/consent?groupBy={group_by}")


def test_editor_signs_in_reads_the_dashboard_edits_publishes_and_signs_out(driver, accord, site):
    # A visitor sees the banner on the customer's site: the SDK's beacon counts one impression, nothing identifying.
    driver.get(site.page(region="DE"))
    wait_banner(driver)
    deadline = time.time() + 10
    while report(accord)["totals"]["impressions"] < 1 and time.time() < deadline:
        time.sleep(0.1)
    assert report(accord)["totals"]["impressions"] == 1
    for index, choices in enumerate([
        {"analytics": "granted", "marketing": "granted", "personalization": "granted"},
        {"analytics": "denied", "marketing": "denied", "personalization": "denied"},
        {"analytics": "granted", "marketing": "denied", "personalization": "denied"},
    ]):
        record(accord, f"console-visitor-{uuid.uuid4().hex[:6]}-{index}", choices)
    email = create_user(accord, "editor")
    sign_in(driver, accord, email)
    wait(driver, lambda d: d.current_url.endswith("/console"), message="not on the dashboard")
    cookie = driver.get_cookie("accord_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict" and cookie["path"] == "/console"
    assert cookie["secure"] is False  # served over http here; https public URLs get Secure (HTTP tests)
    driver.get(accord.url + "/console?property=demo&days=7")
    figures = {li.text.split("\n")[0]: li.find_element(By.TAG_NAME, "b").text
               for li in driver.find_elements(By.CSS_SELECTOR, ".figures li")}
    assert figures["Choices"] == "3" and figures["Accepted all"] == "1" and figures["Rejected all"] == "1"
    assert figures["Banner impressions"] == "1"
    assert figures["Consent rate (banner impressions answered with a purpose granted)"] == "0 %"  # API choices are no banner answers
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")) >= 7
    # Choices per day as a line with a point per day (issue 15: bars and lines), each point titled like its table row.
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.chart polyline.line")) == 1
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.chart circle.point")) == 7
    acceptance = dict(table(driver, "Acceptance per purpose"))
    assert acceptance == {"Analytics": "67 %", "Marketing": "33 %", "Personalization": "33 %"}
    assert table(driver, "Regions the banner was shown") == [["DE", "1", "3"]]
    # What the charts draw is what the reports API answers, day by day and purpose by purpose.
    days = {row["day"]: row for row in report(accord)["rows"]}
    for caption, key in (("Banner impressions per day", "impressions"), ("Choices per day", "choices")):
        drawn = table(driver, f"{caption} (table)")
        assert drawn and all(int(value) == days[day][key] for day, value in drawn if day in days)
        assert sum(int(value) for _, value in drawn) == sum(row[key] for row in days.values())
    purposes = {row["name"]: row.get("acceptancePercent") for row in report(accord, "purpose")["rows"]}
    assert {name: int(value.rstrip(" %")) for name, value in acceptance.items()} == purposes
    assert axe_violations(driver) == []
    if SHOTS:
        for width in (1280, 390):
            driver.set_window_size(width, 1000)
            driver.save_screenshot(os.path.join(SHOTS, f"console-dashboard-{width}.png"))
    driver.set_window_size(390, 900)
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    driver.set_window_size(1280, 900)

    driver.get(accord.url + "/console/properties/demo")
    assert axe_violations(driver) == []
    driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, "iframe.preview"))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#accord-banner"), message="no banner in the preview")
    driver.find_element(By.CSS_SELECTOR, '#accord-banner [data-accord-action="accept-all"]').click()
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "#accord-banner"))
    driver.switch_to.default_content()
    name = driver.find_element(By.ID, "name-analytics")
    name.clear()
    name.send_keys("Audience measurement")
    driver.find_element(By.XPATH, '//button[text()="Save analytics"]').click()
    wait(driver, lambda d: "Saved analytics" in d.page_source)
    assert driver.find_element(By.ID, "name-analytics").get_attribute("value") == "Audience measurement"
    if SHOTS:
        driver.save_screenshot(os.path.join(SHOTS, "console-configuration-1280.png"))
    # The preview draws the draft, saved but not published yet, in the frame's customise layer.
    driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, "iframe.preview"))
    wait(driver, lambda d: "Audience measurement" in d.page_source, message="the preview does not show the draft")
    driver.switch_to.default_content()
    driver.find_element(By.XPATH, '//button[starts-with(text(), "Publish")]').click()
    wait(driver, lambda d: "Published as policy version" in d.page_source)
    assert accord.get("/v1/properties/demo/experience")["purposes"][1]["name"] == "Audience measurement"

    driver.get(accord.url + "/console?property=demo&days=7")
    figures = {li.text.split("\n")[0]: li.find_element(By.TAG_NAME, "b").text
               for li in driver.find_elements(By.CSS_SELECTOR, ".figures li")}
    # The preview's click was not recorded, and its banner was nobody's impression.
    assert figures["Choices"] == "3" and figures["Banner impressions"] == "1"
    driver.get(accord.url + "/console/audit")
    # The preview's choice was neither recorded nor left behind for Accord's own pages on this origin.
    assert driver.get_cookie("accord_consent") is None
    assert axe_violations(driver) == []
    assert f"user:{email}" in driver.find_element(By.TAG_NAME, "table").text
    driver.find_element(By.XPATH, '//button[text()="Sign out"]').click()
    wait(driver, lambda d: d.current_url.endswith("/console/login"))
    driver.get(accord.url + "/console")
    assert driver.current_url.endswith("/console/login")


def test_owner_pages_and_the_login_page_pass_axe_and_work_by_keyboard(driver, accord):
    driver.get(accord.url + "/console/login")
    assert axe_violations(driver) == []
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert driver.switch_to.active_element.text == "Skip to content"
    email = create_user(accord, "owner")
    # Keyboard only: type the address, tab to the password, press Enter.
    driver.find_element(By.ID, "email").send_keys(email + Keys.TAB)
    driver.switch_to.active_element.send_keys(PASSWORD + Keys.ENTER)
    wait(driver, lambda d: d.current_url.endswith("/console"))
    driver.get(accord.url + "/console/users")
    assert axe_violations(driver) == []
    driver.find_element(By.ID, "new-email").send_keys("someone@localhost" + Keys.ENTER)  # the browser accepts it; Accord wants a domain
    error = wait(driver, lambda d: d.find_elements(By.ID, "new-email-error"))[0]
    assert "e-mail address" in error.text
    assert driver.find_element(By.ID, "new-email").get_attribute("aria-describedby") == "new-email-error"
    assert axe_violations(driver) == []


def test_webhook_texts_report_and_key_pages_pass_axe_and_work_without_a_mouse(driver, accord):
    email = create_user(accord, "owner")
    sign_in(driver, accord, email)
    wait(driver, lambda d: d.current_url.endswith("/console"))
    driver.get(accord.url + "/console/webhooks?property=demo")
    assert axe_violations(driver) == []
    driver.find_element(By.ID, "webhook-url").send_keys("http://127.0.0.1:9/hook")
    driver.find_element(By.ID, "webhook-description").send_keys("CRM" + Keys.ENTER)
    secret = wait(driver, lambda d: [c for c in d.find_elements(By.CSS_SELECTOR, ".notice code") if c.text.startswith("whsec_")])[0].text
    assert axe_violations(driver) == []
    driver.find_element(By.LINK_TEXT, "http://127.0.0.1:9/hook").click()
    wait(driver, lambda d: "Delivery log" in d.page_source)
    assert secret not in driver.page_source  # shown once
    driver.find_element(By.XPATH, '//button[text()="Send a test message"]').click()
    wait(driver, lambda d: "Test message" in d.page_source)
    assert axe_violations(driver) == []

    driver.get(accord.url + "/console/properties/demo/texts/de")
    assert axe_violations(driver) == []
    driver.get(accord.url + "/console/keys")
    driver.find_element(By.ID, "key-name").send_keys("expiring")
    driver.find_element(By.ID, "scope-consents:read").click()
    driver.execute_script("document.getElementById('key-expires').value = '2099-12-31'")
    driver.find_element(By.XPATH, '//button[text()="Create key"]').click()
    wait(driver, lambda d: "Copy it now" in d.page_source)
    assert "2100-01-01T00:00:00.000Z" in driver.page_source  # works through 31 December, UTC
    assert axe_violations(driver) == []
    driver.get(accord.url + "/console/audit/report?property=demo")
    assert "Every chain verifies" in driver.page_source
    assert f"user:{email}" in driver.page_source  # the webhook's creation, with its author
    assert axe_violations(driver) == []


def test_auditor_sees_read_only_configuration_and_no_users_page(driver, accord):
    sign_in(driver, accord, create_user(accord, "auditor"))
    wait(driver, lambda d: d.current_url.endswith("/console"))
    driver.get(accord.url + "/console/properties/demo")
    assert driver.find_element(By.ID, "name-analytics").get_attribute("readonly") == "true"
    assert not driver.find_elements(By.XPATH, '//button[starts-with(text(), "Save")]')
    driver.get(accord.url + "/console/users")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Not allowed"
    assert axe_violations(driver) == []
    record(accord, "support-case-7", {"analytics": "granted", "marketing": "denied", "personalization": "denied"})
    driver.get(accord.url + "/console/subjects")
    driver.find_element(By.ID, "subject").send_keys("support-case-7" + Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.XPATH, '//table[caption[contains(., "latest choice")]]'))
    assert table(driver, "latest choice")[0][1] == "granted"  # analytics (renamed by another test of this module)
    assert "support-case-7" not in driver.current_url  # posted, not in the address
    assert axe_violations(driver) == []


def test_five_wrong_passwords_lock_the_account(driver, accord):
    email = create_user(accord, "agent")
    for _ in range(5):
        sign_in(driver, accord, email, password="wrong password, again")
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[role=alert]"))
    sign_in(driver, accord, email)
    alert = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[role=alert]"))[0]
    assert "locked for 15 more minutes" in alert.text
    assert driver.get_cookie("accord_session") is None


@pytest.fixture(scope="module")
def accord():
    """A server of this module's own, allowing more sign-ins per address than the default (every test signs in from
    127.0.0.1; the per-address limit itself is tested over HTTP)."""
    import shutil
    from conftest import Accord
    server = Accord({"RATE_LIMIT_SIGN_INS_BURST": "100", "RATE_LIMIT_SIGN_INS_PER_MINUTE": "100",
                     "WEBHOOKS_ALLOW_INSECURE_LOOPBACK": "true"}).start()
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)
