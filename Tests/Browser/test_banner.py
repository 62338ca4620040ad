"""The banner in a real Chromium: regimes by region, the three flows, keyboard use, accessibility, the JS API."""

import json
import os
import re
import urllib.parse

import pytest
from conftest import axe_violations, banner, click, consent_commands, consent_cookie, wait, wait_banner, wait_recorded
from selenium.webdriver.common.keys import Keys

GCM_TYPES = {"ad_storage", "analytics_storage", "ad_user_data", "ad_personalization", "functionality_storage",
             "personalization_storage", "security_storage"}


@pytest.mark.parametrize("region, regime, closable, do_not_sell", [
    ("DE", "optIn", False, False), ("US-CA", "optOut", True, True), ("JP", "noticeOnly", True, False)])
def test_banner_regime_follows_the_region(driver, site, region, regime, closable, do_not_sell):
    driver.get(site.page(region))
    root = wait_banner(driver)
    assert root.get_attribute("data-regime") == regime
    assert root.get_attribute("role") == "dialog"
    assert root.get_attribute("aria-modal") == "true"
    assert driver.find_element("id", root.get_attribute("aria-labelledby")).text
    assert driver.find_element("id", root.get_attribute("aria-describedby")).text
    actions = [b.get_attribute("data-accord-action") for b in root.find_elements("css selector", "[data-accord-action]")
               if b.is_displayed()]
    expected = ["do-not-sell"] * do_not_sell + ["accept-all", "reject-all", "customize"] + ["close"] * closable
    assert actions == expected
    assert driver.execute_script("return window.violations") == []


def test_accept_and_reject_have_the_same_prominence(driver, site):
    driver.get(site.page("DE"))
    wait_banner(driver)
    accept = driver.find_element("css selector", '[data-accord-action="accept-all"]')
    reject = driver.find_element("css selector", '[data-accord-action="reject-all"]')
    assert accept.tag_name == reject.tag_name == "button"
    assert accept.size == reject.size
    for prop in ("color", "background-color", "font-size", "font-weight", "border-color"):
        assert accept.value_of_css_property(prop) == reject.value_of_css_property(prop)
    # Styled under the page's CSP (style-src with a nonce only): the SDK's <style> carries the nonce.
    assert accept.value_of_css_property("background-color") == "rgba(29, 78, 216, 1)"
    assert driver.execute_script("return window.violations") == []


def test_texts_follow_the_locale(driver, site):
    driver.get(site.page("DE", locale="de-AT"))
    root = wait_banner(driver)
    assert root.find_element("id", "accord-title").text == "Ihre Datenschutz-Einstellungen"
    assert root.find_element("css selector", '[data-accord-action="accept-all"]').text == "Alle akzeptieren"


def test_banner_returns_when_consent_expires(driver, site):
    driver.get(site.page("DE"))
    wait_banner(driver)
    click(driver, "accept-all")
    cookie = wait_recorded(driver)
    cookie["t"] -= 366 * 86400 * 1000  # chosen a year and a day ago; the demo's purposes last 365 days
    driver.add_cookie({"name": "accord_consent", "value": urllib.parse.quote(json.dumps(cookie)), "path": "/"})
    driver.refresh()
    wait_banner(driver)
    assert driver.execute_script("return accord.hasConsent('analytics')") is False, "expired consent counts as not given"
    assert driver.execute_script("return window.ran") == []


def test_accept_all_runs_tags_in_order_updates_consent_mode_and_records(driver, site, accord):
    driver.get(site.page("DE"))
    wait_banner(driver)
    assert driver.execute_script("return window.ran") == []
    commands = consent_commands(driver)
    assert commands[0][1] == "default"
    assert all(c[2]["ad_storage"] == c[2]["analytics_storage"] == "denied" for c in commands), "nothing granted before a choice"
    default = commands[0][2]
    assert set(default) == GCM_TYPES | {"wait_for_update"}
    assert default["ad_storage"] == default["analytics_storage"] == "denied" and default["wait_for_update"] > 0
    layer = driver.execute_script("return window.dataLayer.map(function (e) { return e.event || 'cmd'; })")
    assert layer.index("cmd") < layer.index("gtm.js"), "consent default must come before any tag"

    click(driver, "accept-all")
    wait(driver, lambda d: banner(d) is None)
    wait(driver, lambda d: d.execute_script("return window.ran.length") == 4)
    assert driver.execute_script("return window.ran") == ["a1", "a2", "m1", "a3"]
    update = consent_commands(driver)[-1]
    assert update[1] == "update" and set(update[2]) == GCM_TYPES
    assert all(value == "granted" for value in update[2].values())

    cookie = wait_recorded(driver)
    assert cookie["c"] == {"analytics": 1, "marketing": 1, "personalization": 1}
    assert cookie["v"] == 1 and re.fullmatch(r"av_[0-9a-f]{32}", cookie["id"]) and cookie["t"] > 0
    state = accord.consents(cookie["id"])
    assert {key: value["status"] for key, value in state.items()} == {
        "necessary": "unset", "analytics": "granted", "marketing": "granted", "personalization": "granted"}
    [event] = accord.events(cookie["id"])
    assert event["id"] == cookie["e"] and event["source"] == "banner" and event["region"] == "DE"
    assert event["regime"] == "optIn" and event["policyVersion"] == 1
    assert driver.execute_script("return window.violations") == []
    assert driver.execute_script("return window.shifts") == 0

    driver.refresh()
    wait(driver, lambda d: d.find_elements("id", "accord-manage"))
    assert banner(driver) is None, "banner must not come back on reload"
    wait(driver, lambda d: d.execute_script("return window.ran.length") == 4)


def test_reject_all_runs_nothing_and_records_denials(driver, site, accord):
    driver.get(site.page("DE"))
    wait_banner(driver)
    click(driver, "reject-all")
    cookie = wait_recorded(driver)
    assert cookie["c"] == {"analytics": 0, "marketing": 0, "personalization": 0}
    assert driver.execute_script("return window.ran") == []
    update = consent_commands(driver)[-1]
    assert update[1] == "update"
    assert {k for k, v in update[2].items() if v == "granted"} == {"security_storage", "functionality_storage"}
    state = accord.consents(cookie["id"])
    assert state["analytics"]["status"] == state["marketing"]["status"] == "denied"
    assert driver.execute_script("return accord.hasConsent('analytics')") is False
    assert driver.execute_script("return accord.hasConsent('necessary')") is True


def test_customize_saves_chosen_purposes(driver, site, accord):
    driver.get(site.page("DE"))
    wait_banner(driver)
    click(driver, "customize")
    necessary = driver.find_element("css selector", '#accord-banner input[data-accord-purpose="necessary"]')
    assert necessary.is_selected() and not necessary.is_enabled()
    analytics = driver.find_element("css selector", '#accord-banner input[data-accord-purpose="analytics"]')
    assert not analytics.is_selected()
    analytics.click()
    click(driver, "save")
    cookie = wait_recorded(driver)
    assert cookie["c"] == {"analytics": 1, "marketing": 0, "personalization": 0}
    wait(driver, lambda d: d.execute_script("return window.ran.length") == 3)
    assert driver.execute_script("return window.ran") == ["a1", "a2", "a3"]
    update = consent_commands(driver)[-1][2]
    assert update["analytics_storage"] == "granted" and update["ad_storage"] == "denied"
    state = accord.consents(cookie["id"])
    assert state["analytics"]["status"] == "granted" and state["marketing"]["status"] == "denied"


def test_keyboard_only_focus_trap_and_escape_in_opt_in(driver, site):
    driver.get(site.page("DE"))
    root = wait_banner(driver)
    inside = "return document.getElementById('accord-banner').contains(document.activeElement)"
    assert driver.execute_script(inside), "focus must move into the banner"
    first = driver.switch_to.active_element
    for _ in range(8):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        assert driver.execute_script(inside), "Tab must stay in the banner"
    driver.execute_script("document.querySelector('#accord-banner [data-accord-action=\"accept-all\"]').focus()")
    driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
    assert driver.execute_script(inside)
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert banner(driver) is not None, "Escape must not dismiss an opt-in banner before a choice"
    driver.execute_script("document.getElementById('site-button').focus()")
    assert driver.execute_script(inside), "focus leaving the modal banner is pulled back"
    assert first.get_attribute("data-accord-action") == "accept-all"
    driver.execute_script("document.querySelector('#accord-banner [data-accord-action=\"reject-all\"]').focus()")
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait(driver, lambda d: banner(d) is None)
    assert root is not None


def test_escape_dismisses_a_notice_without_recording(driver, site, accord):
    driver.get(site.page("JP"))
    wait_banner(driver)
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(driver, lambda d: banner(d) is None)
    cookie = consent_cookie(driver)
    assert cookie["n"] == 1 and cookie["c"] == {}
    assert accord.events(cookie["id"]) == []
    wait(driver, lambda d: d.execute_script("return window.ran.length") == 4)  # notice only: nothing gated


def test_reopened_banner_can_be_closed_with_escape(driver, site):
    driver.get(site.page("DE"))
    wait_banner(driver)
    click(driver, "reject-all")
    wait(driver, lambda d: d.find_elements("id", "accord-manage"))
    driver.find_element("id", "accord-manage").click()
    wait_banner(driver)
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(driver, lambda d: banner(d) is None)


def test_iframe_placeholder_and_one_click_allow(driver, site, accord):
    driver.get(site.page("DE"))
    wait_banner(driver)
    frame = driver.find_element("css selector", "iframe[data-accord-src]")
    assert frame.get_attribute("src") in (None, "")
    assert not frame.is_displayed()
    placeholder = driver.find_element("css selector", ".accord-ph")
    assert placeholder.is_displayed()
    click(driver, "reject-all")
    wait(driver, lambda d: banner(d) is None)
    driver.find_element("css selector", '.accord-ph [data-accord-action="allow"]').click()
    wait(driver, lambda d: (d.find_element("css selector", "iframe[data-accord-src]").get_attribute("src") or "")
         .endswith("/frame.html"))
    assert not driver.find_elements("css selector", ".accord-ph")
    cookie = wait_recorded(driver)
    assert cookie["c"]["marketing"] == 1 and cookie["c"]["analytics"] == 0
    assert accord.consents(cookie["id"])["marketing"]["status"] == "granted"
    assert driver.execute_script("return window.ran") == ["m1"]


def test_withdrawal_deletes_the_purposes_cookies(driver, site, accord):
    driver.get(site.page("DE"))
    wait_banner(driver)
    click(driver, "accept-all")
    wait_recorded(driver)
    driver.execute_script("document.cookie = '_ga=GA1.1; Path=/'; document.cookie = '_fbp=fb.1; Path=/';")
    assert driver.get_cookie("_ga")
    driver.execute_script("accord.show()")
    wait_banner(driver)
    click(driver, "customize")
    driver.find_element("css selector", '#accord-banner input[data-accord-purpose="analytics"]').click()
    click(driver, "save")
    wait(driver, lambda d: d.get_cookie("_ga") is None, message="_ga must be deleted on withdrawal")
    assert driver.get_cookie("_fbp"), "cookies of purposes still granted stay"
    cookie = wait_recorded(driver)
    assert accord.consents(cookie["id"])["analytics"]["status"] == "denied"
    assert len(accord.events(cookie["id"])) == 2


def test_banner_returns_when_the_cookie_is_gone(driver, site):
    driver.get(site.page("DE"))
    wait_banner(driver)
    click(driver, "accept-all")
    wait_recorded(driver)
    driver.refresh()
    wait(driver, lambda d: d.find_elements("id", "accord-manage"))
    assert banner(driver) is None
    driver.delete_cookie("accord_consent")
    driver.refresh()
    wait_banner(driver)
    assert driver.execute_script("return window.ran") == []


def test_javascript_api_and_dom_events(driver, site):
    driver.get(site.page("DE"))
    wait_banner(driver)
    driver.execute_script("""
        window.seen = [];
        ['consent', 'change', 'show', 'hide'].forEach(function (name) {
          accord.on(name, function () { seen.push(name); });
          document.addEventListener('accord:' + name, function (e) { seen.push('dom:' + name); });
        });""")
    assert driver.execute_script("return accord.getConsent().purposes") == {
        "necessary": True, "analytics": False, "marketing": False, "personalization": False}
    driver.execute_script("accord.acceptAll()")
    wait(driver, lambda d: banner(d) is None)
    seen = driver.execute_script("return seen")
    for name in ("hide", "dom:hide", "change", "dom:change", "consent", "dom:consent"):
        assert name in seen
    assert driver.execute_script("return accord.hasConsent('marketing')") is True
    driver.execute_script("accord.show()")
    wait_banner(driver)
    assert "show" in driver.execute_script("return seen")
    driver.execute_script("accord.rejectAll()")
    wait(driver, lambda d: banner(d) is None)
    consent = driver.execute_script("return accord.getConsent()")
    assert consent["purposes"]["marketing"] is False and consent["regime"] == "optIn"
    assert re.fullmatch(r"av_[0-9a-f]{32}", consent["visitorId"])


def test_axe_finds_no_accessibility_violations_in_the_banner(driver, site):
    driver.get(site.page("DE"))
    wait_banner(driver)
    banner_only = "document.getElementById('accord-banner')"
    assert axe_violations(driver, banner_only) == []
    click(driver, "customize")
    assert axe_violations(driver, banner_only) == []


def test_start_to_banner_time_is_measured(driver, site):
    driver.get(site.page("DE"))
    wait_banner(driver)
    elapsed = driver.execute_script(
        "return performance.getEntriesByName('accord:shown')[0].startTime"
        " - performance.getEntriesByName('accord:start')[0].startTime")
    print(json.dumps({"startToBannerMs": round(elapsed, 1), "layoutShift": driver.execute_script("return window.shifts")}))
    assert 0 <= elapsed < 3000
    assert driver.execute_script("return window.shifts") == 0


def test_customize_and_save_with_the_keyboard_only(driver, site, accord):
    driver.get(site.page("DE"))
    wait_banner(driver)
    order = [driver.switch_to.active_element.get_attribute("data-accord-action")]
    for _ in range(2):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        order.append(driver.switch_to.active_element.get_attribute("data-accord-action"))
    assert order == ["accept-all", "reject-all", "customize"], "Tab order follows the visual order"
    driver.switch_to.active_element.send_keys(Keys.ENTER)  # on Customize
    focused = driver.switch_to.active_element
    assert focused.get_attribute("data-accord-purpose") == "analytics", "focus moves to the first toggle"
    focused.send_keys(Keys.SPACE)
    driver.switch_to.active_element.send_keys(Keys.TAB)
    driver.switch_to.active_element.send_keys(Keys.TAB)
    driver.switch_to.active_element.send_keys(Keys.SPACE)  # personalization
    while driver.switch_to.active_element.get_attribute("data-accord-action") != "save":
        driver.switch_to.active_element.send_keys(Keys.TAB)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    cookie = wait_recorded(driver)
    assert cookie["c"] == {"analytics": 1, "marketing": 0, "personalization": 1}
    assert accord.consents(cookie["id"])["personalization"]["status"] == "granted"


def test_consent_mode_default_is_region_aware_on_later_pages(driver, site):
    driver.get(site.page("US-CA"))
    wait_banner(driver)
    first_visit = consent_commands(driver)
    assert first_visit[0][1] == "default" and first_visit[0][2]["analytics_storage"] == "denied"
    assert first_visit[-1][1] == "update" and first_visit[-1][2]["analytics_storage"] == "granted", "opt-out region defaults"
    driver.refresh()
    wait_banner(driver)
    default = consent_commands(driver)[0]
    assert default[1] == "default"
    assert default[2]["analytics_storage"] == default[2]["ad_storage"] == "granted", "the default itself follows the region"
