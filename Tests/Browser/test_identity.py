"""Cross-device identity: two browsers (two profiles) linked to one known subject by identify tokens share its
choices; a forged token links nothing."""

import base64
import hashlib
import hmac
import json
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from conftest import click, consent_cookie, wait, wait_banner, wait_recorded


def sign(secret, claims):
    """An identify token as the site's backend makes one: compact JWS, HS256, the secret's text as the key."""
    def part(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    head = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + part(json.dumps(claims).encode())
    mac = hmac.new(secret.encode(), head.encode(), hashlib.sha256).digest()
    return head + "." + part(mac)


@pytest.fixture
def other_driver():
    """A second browser with a profile of its own: another device."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--host-resolver-rules=MAP localhost 127.0.0.1"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    browser.set_script_timeout(20)
    yield browser
    browser.quit()


def identify(driver, token):
    return driver.execute_async_script("accord.identify(arguments[0]).then(arguments[1], () => arguments[1](null));", token)


def test_choice_made_on_device_b_shows_on_device_a(driver, other_driver, site, accord):
    secret = accord.call("POST", "/v1/admin/properties/demo/identity-secret")["secret"]
    token = sign(secret, {"sub": "customer-1", "aud": "demo", "exp": int(time.time()) + 600})

    driver.get(site.page("DE"))
    wait_banner(driver)
    click(driver, "reject-all")
    wait_recorded(driver)
    assert identify(driver, token) is True
    assert consent_cookie(driver)["l"] == 1

    other_driver.get(site.page("DE"))
    wait_banner(other_driver)
    assert identify(other_driver, token) is True
    wait(other_driver, lambda d: not d.find_elements("css selector", "#accord-banner:not([hidden])"),
         message="device B took the subject's choices, so it has nothing to ask")
    assert other_driver.execute_script("return accord.getConsent().purposes.analytics") is False
    other_driver.execute_script("accord.acceptAll()")
    wait_recorded(other_driver)

    driver.refresh()
    wait(driver, lambda d: d.execute_script("return !!accord.getConsent() && accord.getConsent().purposes.analytics"),
         message="device A shows the choice made on device B")
    assert consent_cookie(driver)["c"]["marketing"] == 1
    linked = [e for e in accord.events("customer-1") if e.get("kind") == "linked"]
    assert len(linked) == 2 and all(e["source"] == "link" for e in linked)


def test_forged_token_links_nothing(driver, site, accord):
    driver.get(site.page("DE"))
    wait_banner(driver)
    forged = sign("idsec_not-the-secret", {"sub": "customer-2", "aud": "demo", "exp": int(time.time()) + 600})
    assert identify(driver, forged) is False
    assert "l" not in (consent_cookie(driver) or {})
    assert accord.events("customer-2") == []
