"""A property's own settings and its purposes (add, edit, retire) as console forms, in headless Chromium: keyboard
only, each message beside its field with what was typed kept, read-only for auditors, axe-core clean; and the
controller shown by the banner is the one published with the policy version."""

import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import Accord, axe_violations, click, wait, wait_banner
from test_console import create_user, sign_in


def signed_in(driver, accord, role):
    sign_in(driver, accord, create_user(accord, role))
    wait(driver, lambda d: d.current_url.endswith("/console"))


def saved(driver):
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[role=status]")
         and "Saved" in d.find_element(By.CSS_SELECTOR, "[role=status]").text)


def publish(driver, accord):
    driver.get(accord.url + "/console/properties/demo")
    driver.find_element(By.XPATH, '//button[text()="Publish the draft as a new policy version"]').send_keys(Keys.ENTER)
    wait(driver, lambda d: "Published as policy version" in d.page_source)


def banner_text(driver):
    found = driver.find_elements(By.ID, "accord-banner")
    return found[0].text if found else ""


def test_editor_changes_the_property_settings_by_keyboard(driver, accord):
    signed_in(driver, accord, "editor")
    driver.get(accord.url + "/console/properties/demo")
    driver.find_element(By.LINK_TEXT, "Property settings").send_keys(Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.ID, "setting-name"))
    assert axe_violations(driver) == []
    origins = driver.find_element(By.ID, "setting-allowedOrigins")
    origins.send_keys(Keys.CONTROL + Keys.END)
    origins.send_keys(Keys.ENTER + "shop.example/basket")
    lifetime = driver.find_element(By.ID, "setting-cookieLifetimeDays")
    lifetime.clear()
    lifetime.send_keys("4000" + Keys.ENTER)
    error = wait(driver, lambda d: d.find_elements(By.ID, "setting-allowedOrigins-error"))[0]
    assert "is not an origin" in error.text
    assert "shop.example/basket" in driver.find_element(By.ID, "setting-allowedOrigins").get_attribute("value")
    assert driver.find_element(By.ID, "setting-cookieLifetimeDays").get_attribute("value") == "4000"  # kept as typed
    assert "setting-allowedOrigins-error" in driver.find_element(By.ID, "setting-allowedOrigins").get_attribute("aria-describedby")
    assert axe_violations(driver) == []

    origins = driver.find_element(By.ID, "setting-allowedOrigins")
    origins.send_keys(Keys.CONTROL + Keys.END)
    origins.send_keys(Keys.BACKSPACE * len("shop.example/basket") + "https://shop.example")
    driver.find_element(By.ID, "setting-cookieLifetimeDays").send_keys(Keys.ENTER)
    error = wait(driver, lambda d: d.find_elements(By.ID, "setting-cookieLifetimeDays-error"))[0]
    assert "1 to 3650" in error.text  # the validator's own message (the admin API's), beside the field
    lifetime = driver.find_element(By.ID, "setting-cookieLifetimeDays")
    lifetime.clear()
    lifetime.send_keys("180" + Keys.TAB)
    # The boxes take Space, as a keyboard user toggles them.
    driver.find_element(By.ID, "setting-gppEnabled").send_keys(Keys.SPACE)
    zone = driver.find_element(By.ID, "setting-requestTimeZone")
    zone.send_keys("Europe/Berlin" + Keys.ENTER)
    saved(driver)
    assert axe_violations(driver) == []
    stored = accord.get("/v1/admin/properties/demo")
    assert stored["cookieLifetimeDays"] == 180 and stored["gppEnabled"] is True
    assert stored["requestTimeZone"] == "Europe/Berlin"
    assert "https://shop.example:443" in stored["allowedOrigins"]
    audit = accord.get("/v1/admin/properties/demo/audit")
    assert audit["entries"][0]["action"] == "property.update" and audit["entries"][0]["actor"].startswith("user:editor-")


def test_editor_adds_then_retires_a_purpose_and_the_banner_follows(driver, accord):
    signed_in(driver, accord, "editor")
    driver.get(accord.url + "/console/properties/demo")
    driver.find_element(By.LINK_TEXT, "Add a purpose").send_keys(Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.ID, "purpose-key"))
    assert axe_violations(driver) == []
    driver.find_element(By.ID, "purpose-key").send_keys("support_chat" + Keys.TAB)
    driver.switch_to.active_element.send_keys("Support chat" + Keys.TAB)  # the name
    driver.switch_to.active_element.send_keys("A chat window to ask us questions.")  # the description
    Select(driver.find_element(By.ID, "purpose-legalBasis")).select_by_value("consent")
    driver.find_element(By.ID, "purpose-translation-de-name").send_keys("Support-Chat" + Keys.ENTER)
    error = wait(driver, lambda d: d.find_elements(By.ID, "purpose-translation-de-description-error"))[0]
    assert "both the name and the description in de" in error.text
    assert driver.find_element(By.ID, "purpose-name").get_attribute("value") == "Support chat"
    assert axe_violations(driver) == []
    driver.find_element(By.ID, "purpose-translation-de-description").send_keys("Ein Chatfenster für Fragen.")
    driver.find_element(By.ID, "purpose-vendors").send_keys("Crisp")
    driver.find_element(By.XPATH, '//button[text()="Add the purpose"]').send_keys(Keys.ENTER)
    wait(driver, lambda d: "Saved support_chat" in d.page_source)
    assert driver.find_element(By.ID, "name-support_chat").get_attribute("value") == "Support chat"
    assert axe_violations(driver) == []
    publish(driver, accord)

    driver.delete_all_cookies()
    driver.get(accord.url + "/demo?region=DE")
    wait_banner(driver)
    click(driver, "customize")
    wait(driver, lambda d: "Support chat" in banner_text(d) and "Shared with: Crisp" in banner_text(d))

    signed_in(driver, accord, "editor")
    driver.get(accord.url + "/console/properties/demo")
    driver.find_element(By.LINK_TEXT, "Every setting of support_chat").send_keys(Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.XPATH, '//button[text()="Retire support_chat"]'))
    assert axe_violations(driver) == []
    driver.find_element(By.XPATH, '//button[text()="Retire support_chat"]').send_keys(Keys.ENTER)
    wait(driver, lambda d: "Saved support_chat" in d.page_source)
    assert "support_chat (retired: not offered)" in driver.page_source
    assert "(retired: no longer offered) Support chat" in driver.page_source
    publish(driver, accord)
    version = accord.get("/v1/admin/properties/demo")["currentPolicyVersion"]
    published = accord.get(f"/v1/admin/properties/demo/policies/{version}")
    assert [p["isRetired"] for p in published["purposes"] if p["key"] == "support_chat"] == [True]
    earlier = accord.get(f"/v1/admin/properties/demo/policies/{version - 1}")
    assert [p.get("isRetired", False) for p in earlier["purposes"] if p["key"] == "support_chat"] == [False]

    # Another region: the browser may keep the experience it fetched above for DE for a minute (max-age=60).
    driver.delete_all_cookies()
    driver.get(accord.url + "/demo?region=AT")
    wait_banner(driver)
    click(driver, "customize")
    wait(driver, lambda d: "Analytics" in banner_text(d))
    assert "Support chat" not in banner_text(driver)


def test_the_banner_shows_the_controller_published_with_the_version(driver, accord):
    signed_in(driver, accord, "editor")
    driver.get(accord.url + "/console/properties/demo/notice")
    driver.find_element(By.ID, "controller-name").send_keys("First Controller GmbH" + Keys.TAB)
    driver.switch_to.active_element.send_keys("privacy@first.example" + Keys.TAB)
    driver.switch_to.active_element.send_keys("https://first.example/privacy" + Keys.ENTER)
    saved(driver)
    publish(driver, accord)
    driver.get(accord.url + "/console/properties/demo/notice")
    field = driver.find_element(By.ID, "controller-name")
    field.clear()
    field.send_keys("Second Controller AG" + Keys.ENTER)
    saved(driver)
    driver.get(accord.url + "/console/properties/demo")
    assert "The draft has changes that are not published yet." in driver.page_source

    driver.delete_all_cookies()
    driver.get(accord.url + "/demo?region=FR")  # a region no other test fetched the experience for
    assert "First Controller GmbH" in wait_banner(driver).text  # the draft's controller is not shown before publishing


def test_auditor_reads_the_settings_and_purposes_without_a_form_to_save(driver, accord):
    signed_in(driver, accord, "auditor")
    driver.get(accord.url + "/console/properties/demo/settings")
    assert driver.find_element(By.ID, "setting-name").get_attribute("readonly") == "true"
    assert driver.find_element(By.ID, "setting-tcfEnabled").get_attribute("disabled") == "true"
    assert not driver.find_elements(By.XPATH, '//button[text()="Save the settings"]')
    assert axe_violations(driver) == []
    driver.get(accord.url + "/console/properties/demo/purposes/analytics/edit")
    assert driver.find_element(By.ID, "purpose-name").get_attribute("readonly") == "true"
    assert not driver.find_elements(By.XPATH, '//button[text()="Retire analytics"]')
    assert axe_violations(driver) == []
    driver.get(accord.url + "/console/properties/demo")
    assert not driver.find_elements(By.LINK_TEXT, "Add a purpose")


@pytest.fixture(scope="module")
def accord():
    server = Accord({"RATE_LIMIT_SIGN_INS_BURST": "100", "RATE_LIMIT_SIGN_INS_PER_MINUTE": "100"}).start()
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)
