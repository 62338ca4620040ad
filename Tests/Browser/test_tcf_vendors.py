"""The TCF banner layers in a real Chromium against a real server: the first layer's disclosure, the vendor layer
(purposes, special features, a thousand vendors with details made on opening), the visitor's vendor-level choices
in the TC string, in `__tcfapi` and on the recorded consent event, the keyboard and axe."""

import json
import os
import shutil
import time
import urllib.parse

import pytest
from conftest import NONCE, ROOT, Accord, Site, axe_violations, banner, click, consent_cookie, wait, wait_banner, wait_recorded
from selenium.webdriver.common.keys import Keys

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>TCF vendors</title>
<script nonce="{nonce}">
window.violations = [];
document.addEventListener("securitypolicyviolation", function (e) {{ window.violations.push(e.violatedDirective + " " + e.blockedURI); }});
window.shifts = 0;
new PerformanceObserver(function (list) {{ list.getEntries().forEach(function (e) {{ window.shifts += e.value; }}); }})
  .observe({{ type: "layout-shift", buffered: true }});
</script>
<script src="{accord}/sdk/accord.js" data-property="demo" data-region="DE" data-tcf nonce="{nonce}"></script>
</head>
<body><main><h1>TCF vendors</h1><p>Content.</p></main></body>
</html>
"""

GEO = 10      # declares special feature 1, LI purpose 7, retention overrides, a short cookie renewed on use
GOOGLE = 755  # from the fixture: consent purposes 1, 3, 4 and LI purposes 2, 7
ROQ = 4       # from the fixture: consent purposes 1, 2, 3, 4, 7 and special feature 2; no LI
FILLERS = range(1000, 2000)  # so the layer is tried at the size of the real list


def vendor_list():
    """The fixture GVL, plus a vendor with special feature 1 and a thousand more vendors."""
    with open(os.path.join(ROOT, "Tests/Fixtures/vendor-list-v3.json")) as source:
        gvl = json.load(source)
    gvl["vendors"][str(GEO)] = {
        "id": GEO, "name": "Geo Ads Example", "purposes": [2, 3, 4], "legIntPurposes": [7], "flexiblePurposes": [],
        "specialPurposes": [1], "features": [], "specialFeatures": [1], "cookieMaxAgeSeconds": 30 * 86400,
        "usesCookies": True, "cookieRefresh": True, "usesNonCookieAccess": False,
        "urls": [{"langId": "en", "privacy": "https://geo.example/privacy", "legIntClaim": "https://geo.example/li"}],
        "dataRetention": {"stdRetention": 180, "purposes": {"3": 30}, "specialPurposes": {"1": 7}}}
    for id in FILLERS:
        gvl["vendors"][str(id)] = {
            "id": id, "name": f"Zeta Partner {id}", "purposes": [1, 2], "legIntPurposes": [7], "flexiblePurposes": [],
            "specialPurposes": [], "features": [], "specialFeatures": [], "cookieMaxAgeSeconds": 86400, "usesCookies": True,
            "cookieRefresh": False, "usesNonCookieAccess": False, "urls": [{"langId": "en", "privacy": f"https://p{id}.example/"}]}
    return gvl


VENDORS = 3 + len(FILLERS)  # 4, 755, GEO and the fillers; 8 is deleted


@pytest.fixture(scope="module")
def tcf_accord():
    server = Accord(env={"TCF_CMP_ID": "300"})
    server.start()
    server.call("PATCH", "/v1/admin/properties/demo", {
        "tcfEnabled": True, "gppEnabled": True, "tcfPurposeMapping": {"marketing": [1, 2, 3, 4], "analytics": [7, 8, 9]}})
    server.call("PUT", "/v1/properties/demo/gvl", vendor_list())
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)


@pytest.fixture(scope="module")
def tcf_site(tcf_accord):
    server = Site(tcf_accord)

    def page(query):
        csp = (f"default-src 'self'; script-src {tcf_accord.url} 'nonce-{NONCE}'; style-src 'nonce-{NONCE}'; "
               f"connect-src {tcf_accord.url}; frame-src 'self'")
        return PAGE.format(accord=tcf_accord.url, nonce=NONCE), "text/html; charset=utf-8", {"Content-Security-Policy": csp}

    server.extra["/vendors"] = page
    yield server
    server.stop()


# Helpers -----------------------------------------------------------------------------------------

def open_page(driver, site):
    driver.get(site.url + "/vendors")
    wait_banner(driver)
    return wait(driver, lambda d: d.find_elements("css selector", '#accord-banner [data-accord-tcf="vendors"]'),
                message="the first layer's Partners button did not appear")[0]


def open_layer(driver, site):
    open_page(driver, site).click()
    return wait(driver, lambda d: d.find_element("id", "accord-tcf-layer").is_displayed() and d.find_element("id", "accord-tcf-layer"),
                message="the vendor layer did not open")


def box(driver, attribute, id):
    return driver.find_element("css selector", f'#accord-banner input[{attribute}="{id}"]')


def purpose_box(driver, key):
    return driver.find_element("css selector", f'#accord-banner .accord-l2 input[data-accord-purpose="{key}"]')


def recorded_event(tcf_accord, driver):
    """The consent event the SDK recorded for this visitor (newest first), once recorded."""
    cookie = wait_recorded(driver)
    [event] = [e for e in tcf_accord.events(cookie["id"]) if e["id"] == cookie["e"]]
    return event


def decoded(tcf_accord, tc):
    return tcf_accord.get("/v1/strings/tcf/" + tc)


def tc_data(driver):
    return driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "__tcfapi('getTCData', 2, function (d, ok) { done({ tc: d.tcString, ok: ok, consents: d.vendor.consents,"
        " interests: d.vendor.legitimateInterests, features: d.specialFeatureOptins, status: d.eventStatus }); });")


def wait_tc(driver, previous=None):
    """Waits for __tcfapi to hold the string of the visitor's latest action, and returns its TC data."""
    return wait(driver, lambda d: (lambda t: t if t["status"] == "useractioncomplete" and t["tc"] and t["tc"] != previous
                                   else None)(tc_data(d)), message="no useractioncomplete TC data")


def block(driver, *patterns):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": list(patterns)})


def active_in_banner(driver):
    return driver.execute_script("return document.getElementById('accord-banner').contains(document.activeElement)")


# First layer -------------------------------------------------------------------------------------

def test_first_layer_discloses_the_partners_purposes_and_special_features(driver, tcf_site):
    partners = open_page(driver, tcf_site)
    layer = driver.find_element("css selector", "#accord-banner .accord-tcf")
    text = layer.text
    assert f"We and our {VENDORS} partners" in text
    assert "change or withdraw them at any time" in text and "legitimate interest" in text
    names = [li.text for li in layer.find_elements("css selector", ".accord-tcf-names li")]
    assert names[:5] == ["Store and/or access information on a device", "Use limited data to select advertising",
                         "Create profiles for personalised advertising", "Use profiles to select personalised advertising",
                         "Measure advertising performance"], "the purposes some partner declares"
    assert names[5:] == ["Use precise geolocation data", "Actively scan device characteristics for identification"]
    assert partners.tag_name == "button" and partners.text == f"Partners ({VENDORS})"
    assert partners.get_attribute("aria-expanded") == "false"
    assert not driver.find_element("id", "accord-tcf-layer").is_displayed(), "the vendor layer waits for its button"
    assert driver.execute_script("return window.violations") == [], "the module's style carries the page's nonce"
    # The banner appears whole, disclosure included, instead of growing when the partner data arrives.
    assert driver.execute_script("return window.shifts") == 0
    assert driver.switch_to.active_element.get_attribute("data-accord-action") == "accept-all", "focus on the first choice"


# Vendor layer ------------------------------------------------------------------------------------

def test_vendor_layer_lists_purposes_features_and_every_vendor_with_details_made_on_opening(driver, tcf_site):
    layer = open_layer(driver, tcf_site)
    assert driver.find_element("css selector", '[data-accord-tcf="vendors"]').get_attribute("aria-expanded") == "true"
    assert driver.find_element("css selector", '#accord-banner [data-accord-action="save"]').is_displayed()
    assert driver.switch_to.active_element.get_attribute("id") == "accord-tcf-lh", "focus moves to the layer's heading"

    # Purposes: description and illustrations inside <details>; consent follows the site's purpose that governs it.
    purpose2 = layer.find_element("xpath", ".//summary[text()='Use limited data to select advertising']/..")
    purpose2.find_element("tag name", "summary").click()
    assert "A car manufacturer wants to promote its electric vehicles." in purpose2.text
    state = layer.find_element("css selector", '[data-accord-tcf-state="2"]')
    assert state.text == "Consent: no (follows your choice for Marketing)"
    purpose_box(driver, "marketing").click()
    assert state.text == "Consent: yes (follows your choice for Marketing)"
    assert layer.find_element("css selector", '[data-accord-tcf-state="7"]').text == "Consent: no (follows your choice for Analytics)"
    objections = [i.get_attribute("data-accord-tcf-object-purpose")
                  for i in layer.find_elements("css selector", "input[data-accord-tcf-object-purpose]")]
    assert objections == ["2", "7"], "LI objections only where TCF allows LI and some partner claims it"
    assert [i.get_attribute("data-accord-tcf-feature") for i in layer.find_elements("css selector", "input[data-accord-tcf-feature]")] == ["1", "2"]
    headings = [h.text for h in layer.find_elements("tag name", "h4")]
    assert headings == ["Purposes", "Special purposes", "Features", "Special features", f"Partners ({VENDORS})"]

    # Vendors: one row each, sorted by name, details empty until opened.
    rows = layer.find_elements("css selector", "details[data-accord-tcf-vendor]")
    assert len(rows) == VENDORS
    assert [r.get_attribute("data-accord-tcf-vendor") for r in rows[:4]] == [str(GEO), str(GOOGLE), str(ROQ), "1000"]
    assert driver.execute_script(
        "return document.querySelectorAll('details[data-accord-tcf-vendor] dl').length") == 0, "no detail before opening"
    assert driver.find_elements("css selector", f'input[data-accord-tcf-consent="{GEO}"]')
    assert driver.find_elements("css selector", f'input[data-accord-tcf-object="{GOOGLE}"]')
    assert not driver.find_elements("css selector", f'input[data-accord-tcf-object="{ROQ}"]'), "Roq.ad claims no LI"

    geo = rows[0]
    driver.execute_script("arguments[0].scrollIntoView()", geo)
    geo.find_element("tag name", "summary").click()
    detail = wait(driver, lambda d: geo.find_elements("tag name", "dl"))[0].text
    assert "Purposes (consent)\nUse limited data to select advertising, Create profiles for personalised advertising," \
           " Use profiles to select personalised advertising" in detail
    assert "Purposes (legitimate interest)\nMeasure advertising performance" in detail
    assert "Special features\nUse precise geolocation data" in detail
    assert "Data retention\n180 days as a rule; Create profiles for personalised advertising: 30 days;" \
           " Ensure security, prevent and detect fraud, and fix errors: 7 days" in detail
    assert "Device storage\ncookies for up to 30 days, renewed on use" in detail
    links = {a.text: a.get_attribute("href") for a in geo.find_elements("css selector", "a")}
    assert links == {"Privacy policy": "https://geo.example/privacy", "Legitimate interest claim": "https://geo.example/li"}
    assert driver.execute_script(
        "return document.querySelectorAll('details[data-accord-tcf-vendor] dl').length") == 1, "only the opened vendor"

    google = layer.find_element("css selector", f'details[data-accord-tcf-vendor="{GOOGLE}"]')
    driver.execute_script("arguments[0].scrollIntoView()", google)
    google.find_element("tag name", "summary").click()
    text = wait(driver, lambda d: google.find_elements("tag name", "dl"))[0].text
    assert "548 days as a rule" in text and "cookies for up to 396 days; other means of storage or access" in text
    assert driver.execute_script("return window.violations") == []


def test_a_thousand_vendors_render_quickly(driver, tcf_site):
    open_page(driver, tcf_site)
    elapsed = driver.execute_script(
        "var t = performance.now(); document.querySelector('[data-accord-tcf=vendors]').click();"
        " document.getElementById('accord-tcf-layer').getBoundingClientRect(); return performance.now() - t;")
    print(json.dumps({"vendors": VENDORS, "vendorLayerMs": round(elapsed, 1)}))
    assert elapsed < 1000


# Choices -----------------------------------------------------------------------------------------

def test_saved_vendor_choices_reach_the_tc_string_the_api_and_the_recorded_event(driver, tcf_site, tcf_accord):
    open_layer(driver, tcf_site)
    purpose_box(driver, "marketing").click()
    purpose_box(driver, "analytics").click()
    # Consent to every partner but Google (ticked through the DOM: a thousand clicks would only be slow), object to
    # Geo's legitimate interest, opt in to precise geolocation.
    driver.execute_script("document.querySelectorAll('input[data-accord-tcf-consent]').forEach(function (i) { i.checked = true; });")
    for element in (box(driver, "data-accord-tcf-consent", GOOGLE), box(driver, "data-accord-tcf-object", GEO),
                    box(driver, "data-accord-tcf-feature", 1)):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
    assert not box(driver, "data-accord-tcf-consent", GOOGLE).is_selected()
    click(driver, "save")

    event = recorded_event(tcf_accord, driver)
    assert event["choices"] == {"marketing": "granted", "analytics": "granted", "personalization": "denied"}
    tc = event.get("tcString")
    assert tc, "the consent event carries the TC string"
    fields = decoded(tcf_accord, tc)
    assert fields["issues"] == [] and fields["cmpId"] == 300
    assert GOOGLE not in fields["vendorConsents"], "the refused vendor has no consent"
    assert {ROQ, GEO, 1000, 1999} <= set(fields["vendorConsents"])
    assert len(fields["vendorConsents"]) == VENDORS - 1
    assert GEO not in fields["vendorLegitimateInterests"], "the objection removed Geo's legitimate interest"
    assert {GOOGLE, 1000} <= set(fields["vendorLegitimateInterests"])
    assert fields["specialFeatureOptIns"] == [1]
    assert fields["purposesConsent"] == [1, 2, 3, 4, 7, 8, 9]

    data = wait_tc(driver)
    assert data["tc"] == tc, "__tcfapi serves the string that was recorded"
    assert data["consents"][str(GOOGLE)] is False and data["consents"][str(ROQ)] is True and data["consents"][str(GEO)] is True
    assert data["interests"][str(GEO)] is False and data["interests"][str(GOOGLE)] is True
    assert data["features"] == {"1": True, "2": False}
    gpp = driver.execute_async_script("var done = arguments[arguments.length - 1]; __gpp('ping', function (p) { done(p.gppString); });")
    assert gpp and event.get("gppString") == gpp, "the GPP string is recorded too"

    # A returning visitor finds the same choices in the vendor layer.
    driver.refresh()
    wait(driver, lambda d: d.execute_script("return !!window.accord && !!accord.getConsent()"))
    driver.execute_script("accord.show()")
    wait(driver, lambda d: d.find_elements("css selector", '#accord-banner [data-accord-tcf="vendors"]'))[0].click()
    wait(driver, lambda d: d.find_element("id", "accord-tcf-layer").is_displayed())
    assert not box(driver, "data-accord-tcf-consent", GOOGLE).is_selected()
    assert box(driver, "data-accord-tcf-consent", ROQ).is_selected()
    assert box(driver, "data-accord-tcf-object", GEO).is_selected() and not box(driver, "data-accord-tcf-object", GOOGLE).is_selected()
    assert box(driver, "data-accord-tcf-feature", 1).is_selected() and not box(driver, "data-accord-tcf-feature", 2).is_selected()


def test_accept_all_then_reject_all_give_the_expected_bits_on_the_event(driver, tcf_site, tcf_accord):
    open_page(driver, tcf_site)
    click(driver, "accept-all")
    accepted = recorded_event(tcf_accord, driver)
    fields = decoded(tcf_accord, accepted["tcString"])
    assert len(fields["vendorConsents"]) == VENDORS and {GOOGLE, ROQ, GEO} <= set(fields["vendorConsents"])
    assert {GOOGLE, GEO, 1000} <= set(fields["vendorLegitimateInterests"])
    assert fields["specialFeatureOptIns"] == [1, 2], "the special features the first layer disclosed"
    assert fields["purposesConsent"] == [1, 2, 3, 4, 7, 8, 9] and fields["purposesLITransparency"] == [2, 7]
    first = wait_tc(driver)
    assert first["tc"] == accepted["tcString"] and first["features"] == {"1": True, "2": True}

    driver.execute_script("accord.show()")
    wait_banner(driver)
    click(driver, "reject-all")
    wait(driver, lambda d: consent_cookie(d)["e"] != accepted["id"] and not consent_cookie(d).get("k"))
    rejected = recorded_event(tcf_accord, driver)
    fields = decoded(tcf_accord, rejected["tcString"])
    assert fields["vendorConsents"] == [] and fields["vendorLegitimateInterests"] == []
    assert fields["purposesConsent"] == [] and fields["purposesLITransparency"] == []
    assert fields["specialFeatureOptIns"] == []
    assert set(fields["disclosedVendors"]) >= {GOOGLE, ROQ, GEO}, "the vendors are still disclosed"
    data = wait_tc(driver, previous=first["tc"])
    assert data["tc"] == rejected["tcString"] and data["consents"][str(GOOGLE)] is False
    assert data["interests"][str(GOOGLE)] is False and data["features"] == {"1": False, "2": False}


def test_a_choice_waiting_at_start_is_recorded_with_the_strings(driver, tcf_site, tcf_accord):
    open_page(driver, tcf_site)
    block(driver, "*/consents")  # the choice cannot be recorded on this page
    click(driver, "accept-all")
    wait(driver, lambda d: (consent_cookie(d) or {}).get("k"))
    time.sleep(0.5)
    assert consent_cookie(driver).get("k") and not consent_cookie(driver).get("e"), "still pending"
    block(driver)
    driver.refresh()  # core retries at start, before the TCF module has loaded
    event = recorded_event(tcf_accord, driver)
    assert event["source"] == "banner" and event.get("tcString"), "the retry waited for the module's strings"
    assert decoded(tcf_accord, event["tcString"])["specialFeatureOptIns"] == [1, 2]


def test_a_choice_is_recorded_without_strings_when_the_encoder_fails(driver, tcf_site, tcf_accord):
    open_page(driver, tcf_site)
    block(driver, "*/tcf/encode")
    click(driver, "accept-all")
    event = recorded_event(tcf_accord, driver)
    assert event["choices"]["marketing"] == "granted"
    assert "tcString" not in event and "gppString" not in event


# Keyboard and accessibility ----------------------------------------------------------------------

def test_vendor_layer_works_with_the_keyboard_and_keeps_focus_in_the_dialog(driver, tcf_site):
    open_page(driver, tcf_site)
    for _ in range(30):
        if driver.switch_to.active_element.get_attribute("data-accord-tcf") == "vendors":
            break
        driver.switch_to.active_element.send_keys(Keys.TAB)
        assert active_in_banner(driver)
    else:
        pytest.fail("Tab never reached the Partners button")
    driver.switch_to.active_element.send_keys(Keys.SPACE)
    wait(driver, lambda d: d.find_element("id", "accord-tcf-layer").is_displayed())
    assert driver.switch_to.active_element.get_attribute("id") == "accord-tcf-lh"

    # Tab to the first purpose, open it with Space, tab to its LI objection (purpose 1 has none: to purpose 2's).
    reached = {}
    for _ in range(40):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        assert active_in_banner(driver), "focus left the dialog"
        el = driver.switch_to.active_element
        if el.tag_name == "summary" and "summary" not in reached:
            el.send_keys(Keys.SPACE)
            assert driver.execute_script("return arguments[0].parentNode.open", el) is True
            reached["summary"] = el.text
        if el.get_attribute("data-accord-tcf-object-purpose") == "2":
            el.send_keys(Keys.SPACE)
            reached["objection"] = el.is_selected()
            break
    assert reached == {"summary": "Store and/or access information on a device", "objection": True}

    # A vendor row: its summary opens with Enter and fills in; its consent box toggles with Space.
    summary = driver.find_element("css selector", f'details[data-accord-tcf-vendor="{GOOGLE}"] summary')
    driver.execute_script("arguments[0].focus()", summary)
    summary.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.find_elements("css selector", f'details[data-accord-tcf-vendor="{GOOGLE}"] dl'))
    for _ in range(6):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        if driver.switch_to.active_element.get_attribute("data-accord-tcf-consent") == str(GOOGLE):
            break
    assert driver.switch_to.active_element.get_attribute("data-accord-tcf-consent") == str(GOOGLE)
    driver.switch_to.active_element.send_keys(Keys.SPACE)
    assert box(driver, "data-accord-tcf-consent", GOOGLE).is_selected()

    # The trap: Tab from the last control wraps to the first, Shift+Tab from the first to the last.
    buttons = driver.find_elements("css selector", "#accord-banner .accord-btns button")
    driver.execute_script("arguments[0].focus()", buttons[-1])
    driver.switch_to.active_element.send_keys(Keys.TAB)
    first = driver.switch_to.active_element
    assert first.get_attribute("data-accord-tcf") == "vendors", "Tab from the last control wraps to the first"
    first.send_keys(Keys.SHIFT, Keys.TAB)
    assert driver.switch_to.active_element == buttons[-1]
    # The page behind stays out of reach: focus moved there comes back to the dialog.
    driver.execute_script("document.querySelector('main h1').setAttribute('tabindex', '-1'); document.querySelector('main h1').focus()")
    assert active_in_banner(driver)


def test_axe_finds_no_violations_in_the_open_vendor_layer(driver, tcf_site):
    layer = open_layer(driver, tcf_site)
    for selector in ("details:not([data-accord-tcf-vendor]) summary", f'details[data-accord-tcf-vendor="{GEO}"] summary'):
        element = layer.find_element("css selector", selector)
        driver.execute_script("arguments[0].scrollIntoView()", element)
        element.click()
    wait(driver, lambda d: d.find_elements("css selector", f'details[data-accord-tcf-vendor="{GEO}"] dl'))
    assert axe_violations(driver, "document.getElementById('accord-banner')") == []
