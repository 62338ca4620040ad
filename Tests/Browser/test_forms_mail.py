"""Consent forms and e-mail, end to end through a real SMTP server (aiosmtpd, scripts/smtp_test_server.py): the
hosted form's e-mailed copy, and the guardian flow in headless Chromium without JavaScript (an under-age
submission records nothing, the guardian's link is read from the delivered e-mail, following it and confirming
records the consent once; the receipt verifies; axe passes on the confirmation page)."""

import re
import time

import pytest

from conftest import Accord, axe_violations, wait
from test_forms import FORM, no_js_driver, verify_receipt
from test_requests import messages, smtp  # noqa: F401  (the module's SMTP server fixture)


@pytest.fixture(scope="module")
def accord(smtp):  # noqa: F811
    _, port = smtp
    server = Accord(env={"MAIL_SMTP_HOST": "127.0.0.1", "MAIL_SMTP_PORT": str(port), "MAIL_SMTP_SECURITY": "none",
                         "MAIL_FROM": "forms@example.com"}).start()
    server.call("PUT", "/v1/admin/properties/demo/topics/newsletter", {"name": {"en": "Newsletter"}, "channels": ["email", "sms"]})
    server.call("POST", "/v1/admin/properties/demo/policies")
    server.call("PUT", "/v1/admin/properties/demo/forms/signup", FORM)
    server.call("POST", "/v1/admin/properties/demo/forms/signup/publish")
    yield server
    server.stop()


def wait_for_mail(directory, to, pattern, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for text in reversed(messages(directory, to)):
            match = re.search(pattern, text)
            if match:
                return match, text
        time.sleep(0.3)
    raise AssertionError(f"no e-mail to {to} matching {pattern}")


def fill(driver, dob, name):
    driver.find_element("id", "accord-item-research").click()
    driver.find_element("id", "accord-item-dob").send_keys(dob)
    driver.find_element("id", "accord-item-signature").send_keys(name)
    driver.find_element("id", "accord-item-signature-attested").click()


def test_the_hosted_form_emails_a_copy(accord, smtp):  # noqa: F811
    directory, _ = smtp
    driver = no_js_driver()
    try:
        driver.get(accord.url + "/p/demo/forms/signup")
        fill(driver, "01021990", "Ada Lovelace")
        driver.find_element("id", "accord-email").send_keys("ada@example.com")
        driver.find_element("css selector", 'button[type="submit"]').click()
        wait(driver, lambda d: d.find_elements("id", "accord-receipt"))
        event = driver.find_element("id", "accord-event").text
    finally:
        driver.quit()
    _, text = wait_for_mail(directory, "ada@example.com", r"Receipt id: (\S+)\.")
    assert f"Receipt id: {event}." in text and "Stay in touch, version 1" in text


def test_the_guardian_confirms_through_the_emailed_link(accord, smtp):  # noqa: F811
    directory, _ = smtp
    driver = no_js_driver()
    try:
        driver.get(accord.url + "/p/demo/forms/signup")
        fill(driver, "01022020", "Young Example")
        driver.find_element("id", "accord-guardian-name").send_keys("Parent Example")
        driver.find_element("id", "accord-guardian-email").send_keys("parent@example.com")
        visitor = driver.find_element("name", "visitor").get_attribute("value")
        driver.find_element("css selector", 'button[type="submit"]').click()
        wait(driver, lambda d: d.find_elements("id", "pending-heading"))
        assert accord.events(visitor) == [], "nothing recorded before the guardian confirms"

        match, _ = wait_for_mail(directory, "parent@example.com", r"(http\S+/guardian\?token=\S+)")
        link = match.group(1)
        driver.get(link)
        assert "Confirm as parent or guardian" in driver.page_source
        driver.find_element("id", "accord-item-guardian-attested").click()
        driver.find_element("css selector", 'button[type="submit"]').click()
        wait(driver, lambda d: d.find_elements("id", "accord-receipt"))
        claims = verify_receipt(accord, driver.find_element("id", "accord-receipt").text)
        assert claims["choices"]["analytics"] == "granted"
        [event] = accord.events(visitor)
        assert event["source"] == "form"
        driver.get(link)
        driver.find_element("id", "accord-item-guardian-attested").click()
        driver.find_element("css selector", 'button[type="submit"]').click()
        wait(driver, lambda d: d.find_elements("id", "accord-receipt"))
        assert len(accord.events(visitor)) == 1, "the link is single-use: a second confirmation records nothing new"
    finally:
        driver.quit()


def test_the_guardian_page_passes_axe(driver, accord, smtp):  # noqa: F811
    directory, _ = smtp
    match, _ = wait_for_mail(directory, "parent@example.com", r"(http\S+/guardian\?token=\S+)")
    driver.get(match.group(1))
    assert axe_violations(driver) == [], "guardian confirmation page"
