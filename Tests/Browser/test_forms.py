"""Consent forms in the browser: the hosted form without JavaScript, the SDK's form module with it, receipts that
verify offline with `accord receipt verify`, and axe on both."""

import json
import os
import subprocess
import tempfile
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from conftest import NONCE, axe_violations, click, wait, wait_banner

FORM = {
    "kind": "consent",
    "title": {"en": "Stay in touch"}, "intro": {"en": "Choose what we may do."},
    "items": [
        {"key": "research", "type": "purpose", "purpose": "analytics", "required": True},
        {"key": "offers", "type": "purpose", "purpose": "marketing"},
        {"key": "news-email", "type": "preference", "channel": "email", "topic": "newsletter"},
        {"key": "news-sms", "type": "preference", "channel": "sms", "topic": "newsletter"},
        {"key": "dob", "type": "field", "fieldType": "date", "label": {"en": "Date of birth"}},
        {"key": "signature", "type": "signature", "attestation": {"en": "I confirm the choices above."}},
    ],
    "rules": [{"if": "offers", "requires": "research"}, {"minimumAge": 16, "dateField": "dob", "guardian": True}],
    "expiry": {"offers": {"days": 365}},
}

EMBED = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign up</title>
<script src="{accord}/sdk/accord.js" data-property="demo" nonce="{nonce}"></script>
<script src="{accord}/sdk/accord-form.js" nonce="{nonce}"></script>
</head><body><main><h1>Sign up</h1><div id="signup"></div>
<script nonce="{nonce}">window.addEventListener("load", function () {{
  accord.form(document.getElementById("signup"), "signup").then(function (r) {{ window.submitted = r; }}); }});</script>
</main></body></html>"""


@pytest.fixture(scope="module")
def published(accord):
    # The channel x topic grid: one topic on two channels, published with the policy so it can be recorded.
    accord.call("PUT", "/v1/admin/properties/demo/topics/newsletter", {"name": {"en": "Newsletter"}, "channels": ["email", "sms"]})
    accord.call("POST", "/v1/admin/properties/demo/policies")
    accord.call("PUT", "/v1/admin/properties/demo/forms/signup", FORM)
    return accord.call("POST", "/v1/admin/properties/demo/forms/signup/publish")


def verify_receipt(accord, receipt):
    """`accord receipt verify` offline, with the keys the server publishes."""
    with tempfile.TemporaryDirectory() as directory:
        jwks = os.path.join(directory, "jwks.json")
        with open(jwks, "wb") as file:
            file.write(urllib.request.urlopen(accord.url + "/.well-known/jwks.json").read())
        result = subprocess.run([accord.binary, "receipt", "verify", "-", "--jwks", jwks], input=receipt,
                                capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    payload = receipt.split(".")[1]
    return json.loads(__import__("base64").urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def no_js_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def test_hosted_form_works_without_javascript(accord, published):
    driver = no_js_driver()
    try:
        driver.get(accord.url + "/p/demo/forms/signup")
        driver.find_element("css selector", 'button[type="submit"]').click()  # nothing filled in
        wait(driver, lambda d: d.find_elements("css selector", "[role=alert]"))
        assert driver.find_element("id", "accord-item-research-error").text
        assert driver.find_element("id", "accord-item-signature-error").text
        driver.find_element("id", "accord-item-research").click()  # the required item; "offers" stays unticked
        driver.find_element("id", "accord-item-news-email").click()  # the grid: e-mail yes, SMS no
        driver.find_element("id", "accord-item-dob").send_keys("01021990")
        driver.find_element("id", "accord-item-signature").send_keys("Ada Lovelace")
        driver.find_element("id", "accord-item-signature-attested").click()
        visitor = driver.find_element("name", "visitor").get_attribute("value")
        driver.find_element("css selector", 'button[type="submit"]').click()
        wait(driver, lambda d: d.find_elements("id", "accord-receipt"))
        claims = verify_receipt(accord, driver.find_element("id", "accord-receipt").text)
        assert claims["choices"] == {"analytics": "granted", "marketing": "denied", "email.newsletter": "granted",
                                     "sms.newsletter": "denied"}
        assert claims["form"] == {"form": "signup", "version": published["version"], "hash": published["contentHash"]}
        [event] = accord.events(visitor)
        assert event["source"] == "form" and event["form"]["form"] == "signup"
    finally:
        driver.quit()


def test_hosted_form_passes_axe(driver, accord, published):
    driver.get(accord.url + "/p/demo/forms/signup")
    assert axe_violations(driver) == [], "hosted form"
    driver.find_element("css selector", 'button[type="submit"]').click()
    wait(driver, lambda d: d.find_elements("css selector", "[role=alert]"))
    assert axe_violations(driver) == [], "hosted form with its problems"


def test_embedded_form_with_javascript(driver, accord, site, published):
    site.extra["/signup"] = lambda query: (EMBED.format(accord=accord.url, nonce=NONCE), "text/html; charset=utf-8", {
        "Content-Security-Policy": f"default-src 'self'; script-src {accord.url} 'nonce-{NONCE}'; "
                                   f"style-src 'nonce-{NONCE}'; connect-src {accord.url}"})
    driver.get(site.url + "/signup")
    wait_banner(driver)
    click(driver, "reject-all")  # the site's banner first; the form then asks for its own choices
    wait(driver, lambda d: d.find_elements("css selector", "form.accord-form"), message="form did not render")
    assert axe_violations(driver, "document.getElementById('signup')") == [], "embedded form"
    driver.find_element("css selector", "form.accord-form button[type=submit]").click()
    wait(driver, lambda d: d.find_elements("css selector", ".accord-form-problems li"))
    driver.find_element("id", "accord-form-signup-research").click()
    driver.find_element("id", "accord-form-signup-news-sms").click()
    driver.find_element("id", "accord-form-signup-dob").send_keys("01021990")
    driver.find_element("id", "accord-form-signup-signature").send_keys("Grace Hopper")
    driver.find_element("id", "accord-form-signup-signature-attested").click()
    driver.find_element("css selector", "form.accord-form button[type=submit]").click()
    wait(driver, lambda d: d.execute_script("return window.submitted || null"), message="not submitted")
    result = driver.execute_script("return window.submitted")
    claims = verify_receipt(accord, result["receipt"])
    assert claims["choices"] == {"analytics": "granted", "marketing": "denied", "email.newsletter": "denied",
                                 "sms.newsletter": "granted"}
    assert claims["form"]["form"] == "signup"
    assert result["evidence"] is True


GERMAN = {
    "kind": "consent",
    "title": {"en": "Stay in touch", "de": "Bleiben Sie in Kontakt"},
    "intro": {"en": "Choose what we may do.", "de": "Wählen Sie, was wir tun dürfen."},
    "items": [
        {"key": "research", "type": "purpose", "purpose": "analytics", "required": True},
        {"key": "news-email", "type": "preference", "channel": "email", "topic": "newsletter"},
        {"key": "signature", "type": "signature",
         "attestation": {"en": "I confirm the choices above.", "de": "Ich bestätige die obige Auswahl."}},
    ],
}


def test_hosted_form_speaks_the_forms_locale(driver, accord, published):
    """Accord's own words on the hosted form follow its locale, like the form's texts; axe passes in German."""
    accord.call("PUT", "/v1/admin/properties/demo/forms/anmeldung", GERMAN)
    accord.call("POST", "/v1/admin/properties/demo/forms/anmeldung/publish")
    driver.get(accord.url + "/p/demo/forms/anmeldung?locale=de")
    assert driver.find_element("css selector", "html").get_attribute("lang") == "de"
    assert driver.find_element("css selector", "h1").text.endswith("Bleiben Sie in Kontakt")
    assert driver.find_element("css selector", 'button[type="submit"]').text == "Senden"
    body = driver.find_element("css selector", "body").text
    assert "erforderlich" in body and "Ihr vollständiger Name" in body and "E-Mail" in body
    assert "required" not in body and "Your full name" not in body
    assert axe_violations(driver) == [], "hosted form in German"
    driver.find_element("css selector", 'button[type="submit"]').click()
    wait(driver, lambda d: d.find_elements("css selector", "[role=alert]"))
    body = driver.find_element("css selector", "body").text
    assert "Das Formular konnte nicht gesendet werden:" in body and "ist erforderlich." in body
    assert "is required" not in body and "tick the attestation" not in body
    assert axe_violations(driver) == [], "hosted form with its problems in German"
    driver.find_element("id", "accord-item-research").click()
    driver.find_element("id", "accord-item-signature").send_keys("Ada Lovelace")
    driver.find_element("id", "accord-item-signature-attested").click()
    driver.find_element("css selector", 'button[type="submit"]').click()
    wait(driver, lambda d: d.find_elements("id", "accord-receipt"))
    body = driver.find_element("css selector", "body").text
    assert "Vielen Dank: Ihre Auswahl ist gespeichert" in body and "Signierte Quittung" in body
    assert axe_violations(driver) == [], "receipt in German"
