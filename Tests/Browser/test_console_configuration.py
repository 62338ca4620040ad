"""The console's region rules form and its comparison of any two policy versions, in headless Chromium: keyboard
only, messages beside their fields with what was typed kept, the saved rule applied by the banner, axe-core clean."""

import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import Accord, axe_violations, click, wait, wait_banner
from test_console import create_user, sign_in, table


def test_editor_adds_a_region_rule_by_keyboard_and_the_banner_follows_it(driver, accord):
    sign_in(driver, accord, create_user(accord, "editor"))
    wait(driver, lambda d: d.current_url.endswith("/console"))
    driver.get(accord.url + "/console/properties/demo")
    driver.find_element(By.LINK_TEXT, "Region rules").send_keys(Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.ID, "regions-0"))
    assert driver.find_element(By.ID, "regions-0").get_attribute("value") == "EEA"
    assert axe_violations(driver) == []
    new = [f.get_attribute("id").removeprefix("rule-") for f in driver.find_elements(By.CSS_SELECTOR, "fieldset[id^=rule-]")
           if f.find_element(By.TAG_NAME, "legend").text == "New rule"][0]
    driver.find_element(By.ID, f"order-{new}").send_keys("1" + Keys.TAB)
    driver.switch_to.active_element.send_keys("JP, Atlantis" + Keys.TAB)  # regions
    Select(driver.switch_to.active_element).select_by_value("optOut")  # the regime's select has the focus
    driver.switch_to.active_element.send_keys(Keys.TAB)
    driver.switch_to.active_element.send_keys("APPI" + Keys.ENTER)
    error = wait(driver, lambda d: d.find_elements(By.ID, f"regions-{new}-error"))[0]
    assert "“ATLANTIS” is not an ISO 3166 code" in error.text
    field = driver.find_element(By.ID, f"regions-{new}")
    assert field.get_attribute("value") == "JP, Atlantis" and field.get_attribute("aria-describedby") == f"regions-{new}-error"
    assert driver.find_element(By.ID, f"regulation-{new}").get_attribute("value") == "APPI"
    assert axe_violations(driver) == []
    field.clear()
    field.send_keys("JP" + Keys.ENTER)
    wait(driver, lambda d: "Saved." in d.find_element(By.CSS_SELECTOR, "[role=status]").text)
    assert driver.find_element(By.ID, "regions-0").get_attribute("value") == "JP"
    assert Select(driver.find_element(By.ID, "regime-0")).first_selected_option.get_attribute("value") == "optOut"
    assert axe_violations(driver) == []

    driver.delete_all_cookies()
    driver.get(accord.url + "/demo?region=JP")
    assert wait_banner(driver).get_attribute("data-regime") == "optOut"


def test_any_two_versions_are_compared_side_by_side(driver, accord):
    sign_in(driver, accord, create_user(accord, "editor"))
    wait(driver, lambda d: d.current_url.endswith("/console"))
    for name in ("Site statistics", "Visit statistics"):
        driver.get(accord.url + "/console/properties/demo")
        field = driver.find_element(By.ID, "name-analytics")
        field.clear()
        field.send_keys(name + Keys.ENTER)
        wait(driver, lambda d: "Saved analytics" in d.page_source)
        driver.find_element(By.XPATH, '//button[text()="Publish the draft as a new policy version"]').click()
        wait(driver, lambda d: "Published as policy version" in d.page_source)
    version = int(accord.get("/v1/admin/properties/demo")["currentPolicyVersion"])
    driver.find_element(By.LINK_TEXT, "Compare any two versions").send_keys(Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.ID, "from"))
    assert axe_violations(driver) == []
    Select(driver.find_element(By.ID, "from")).select_by_value(str(version - 2))
    Select(driver.find_element(By.ID, "to")).select_by_value(str(version))
    driver.find_element(By.XPATH, '//button[text()="Compare"]').send_keys(Keys.ENTER)
    wait(driver, lambda d: f"from={version - 2}" in d.current_url)
    rows = table(driver, "Purposes that differ")
    assert rows[0][0] == "analytics" and rows[0][3] == "yes"
    assert "Site statistics" not in rows[0][1] and "Visit statistics" in rows[0][2]
    assert axe_violations(driver) == []
    Select(driver.find_element(By.ID, "from")).select_by_value(str(version - 1))
    Select(driver.find_element(By.ID, "to")).select_by_value(str(version - 1))
    driver.find_element(By.XPATH, '//button[text()="Compare"]').send_keys(Keys.ENTER)
    wait(driver, lambda d: "show visitors the same purposes and texts" in d.page_source)
    driver.get(accord.url + "/console/properties/demo/versions?from=nine&to=draft")
    assert "aria-invalid" in driver.find_element(By.ID, "from").get_attribute("outerHTML")
    assert "Choose the draft or a published version" in driver.find_element(By.ID, "from-error").text
    assert axe_violations(driver) == []


def test_auditor_reads_the_region_rules_without_a_form_to_save(driver, accord):
    sign_in(driver, accord, create_user(accord, "auditor"))
    wait(driver, lambda d: d.current_url.endswith("/console"))
    driver.get(accord.url + "/console/properties/demo/regions")
    assert driver.find_element(By.ID, "regions-0").get_attribute("readonly") == "true"
    assert not driver.find_elements(By.XPATH, '//button[text()="Save the region rules"]')
    assert axe_violations(driver) == []


def test_who_asks_vendors_and_the_publish_warning_reach_the_banner(driver, accord):
    sign_in(driver, accord, create_user(accord, "editor"))
    wait(driver, lambda d: d.current_url.endswith("/console"))
    driver.get(accord.url + "/console/properties/demo")
    warning = driver.find_element(By.ID, "publish-warning")
    assert "No privacy-policy URL for en" in warning.text  # said before publishing, beside the button
    assert axe_violations(driver) == []
    vendors = driver.find_element(By.ID, "vendors-analytics")
    vendors.send_keys("Plausible Insights")
    driver.find_element(By.XPATH, '//button[text()="Save analytics"]').send_keys(Keys.ENTER)
    wait(driver, lambda d: "Saved analytics" in d.page_source)

    driver.find_element(By.LINK_TEXT, "Who asks").send_keys(Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.ID, "controller-name"))
    assert axe_violations(driver) == []
    driver.find_element(By.ID, "controller-name").send_keys("Demo Shop GmbH" + Keys.TAB)
    driver.switch_to.active_element.send_keys("call us" + Keys.TAB)  # the contact
    driver.switch_to.active_element.send_keys("https://demo.example/privacy" + Keys.ENTER)  # the policy for en
    error = wait(driver, lambda d: d.find_elements(By.ID, "controller-contact-error"))[0]
    assert "e-mail address" in error.text
    assert driver.find_element(By.ID, "policy-en").get_attribute("value") == "https://demo.example/privacy"
    assert axe_violations(driver) == []
    contact = driver.find_element(By.ID, "controller-contact")
    contact.clear()
    contact.send_keys("privacy@demo.example" + Keys.ENTER)
    wait(driver, lambda d: "Saved." in d.find_element(By.CSS_SELECTOR, "[role=status]").text)

    driver.get(accord.url + "/console/properties/demo")
    assert not driver.find_elements(By.ID, "publish-warning")
    driver.find_element(By.XPATH, '//button[text()="Publish the draft as a new policy version"]').click()
    wait(driver, lambda d: "Published as policy version" in d.page_source)

    driver.delete_all_cookies()
    driver.get(accord.url + "/demo?region=DE")
    shown = wait_banner(driver)
    assert "Demo Shop GmbH" in shown.text
    assert shown.find_element(By.LINK_TEXT, "privacy@demo.example").get_attribute("href") == "mailto:privacy@demo.example"
    assert shown.find_element(By.LINK_TEXT, "Privacy policy").get_attribute("href") == "https://demo.example/privacy"
    click(driver, "customize")
    wait(driver, lambda d: "Shared with: Plausible Insights" in banner_text(d))
    assert axe_violations(driver) == []

    driver.get(accord.url + "/p/demo/preferences")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#accord-preferences input"))
    assert not driver.find_elements(By.ID, "accord-banner")
    assert "Shared with: Plausible Insights" in driver.find_element(By.ID, "accord-preferences").text
    assert driver.find_element(By.LINK_TEXT, "Privacy policy").get_attribute("href") == "https://demo.example/privacy"
    assert axe_violations(driver) == []


def banner_text(driver):
    found = driver.find_elements(By.ID, "accord-banner")
    return found[0].text if found else ""


@pytest.fixture(scope="module")
def accord():
    server = Accord({"RATE_LIMIT_SIGN_INS_BURST": "100", "RATE_LIMIT_SIGN_INS_PER_MINUTE": "100"}).start()
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)
