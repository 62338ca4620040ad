"""Global Privacy Control in an opt-out region: sale/sharing purposes denied automatically, recorded as `gpc`."""

import pytest
from conftest import banner, consent_commands, wait, wait_banner, wait_recorded


def navigator_gpc(driver):
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
        "source": "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });"})


def sec_gpc_header(driver):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Sec-GPC": "1"}})


@pytest.mark.parametrize("signal", [navigator_gpc, sec_gpc_header], ids=["navigator", "header"])
def test_gpc_opts_out_of_marketing_in_california(driver, site, accord, signal):
    signal(driver)
    driver.get(site.page("US-CA"))
    cookie = wait_recorded(driver)
    assert banner(driver) is None, "a GPC opt-out is a choice: no notice needed"
    assert cookie["c"] == {"marketing": 0} and cookie["g"] == 1
    wait(driver, lambda d: d.execute_script("return window.ran.length") == 3)
    assert driver.execute_script("return window.ran") == ["a1", "a2", "a3"], "opt-out regime: analytics runs, marketing not"
    update = consent_commands(driver)[-1]
    assert update[1] == "update" and update[2]["ad_storage"] == "denied" and update[2]["analytics_storage"] == "granted"
    [event] = accord.events(cookie["id"])
    assert event["source"] == "gpc" and event["gpc"] is True and event["regime"] == "optOut"
    assert event["choices"] == {"marketing": "denied"}
    assert accord.consents(cookie["id"])["marketing"]["status"] == "denied"
    assert driver.execute_script("return accord.getConsent().gpc") is True
    driver.refresh()
    wait(driver, lambda d: d.find_elements("id", "accord-manage"))
    assert len(accord.events(cookie["id"])) == 1, "GPC is recorded once, not on every page"


def test_gpc_does_not_replace_the_opt_in_banner(driver, site):
    navigator_gpc(driver)
    driver.get(site.page("DE"))
    root = wait_banner(driver)
    assert root.get_attribute("data-regime") == "optIn"
    assert driver.execute_script("return window.ran") == []


def test_do_not_sell_link_opts_out_without_gpc(driver, site, accord):
    driver.get(site.page("US-CA"))
    wait_banner(driver)
    wait(driver, lambda d: d.execute_script("return window.ran.length") == 4)  # opt-out: runs until the opt-out
    driver.find_element("css selector", '[data-accord-action="do-not-sell"]').click()
    cookie = wait_recorded(driver)
    assert cookie["c"] == {"marketing": 0}
    [event] = accord.events(cookie["id"])
    assert event["source"] == "banner" and event["choices"] == {"marketing": "denied"}
