"""The IAB CMP APIs as an ad tag uses them: `__tcfapi` and `__gpp` on the page (called before the module loads, so
through the stub's queue) and from a cross-origin ad frame through the locator frames and postMessage."""

import os
import shutil
import urllib.parse

import pytest
from conftest import NONCE, ROOT, Accord, Site, banner, click, wait, wait_banner

TCF_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>TCF shop</title>
<script src="{accord}/sdk/accord.js" data-property="demo" data-region="{region}" data-tcf nonce="{nonce}"></script>
<script nonce="{nonce}">
window.tcfEvents = [];
__tcfapi("addEventListener", 2, function (d, ok) {{
  tcfEvents.push({{ status: d.eventStatus, tc: d.tcString, ok: ok, cmpStatus: d.cmpStatus, gdpr: d.gdprApplies,
    listenerId: d.listenerId, p1: d.purpose ? d.purpose.consents[1] : null, v755: d.vendor ? d.vendor.consents[755] : null }});
}});
__tcfapi("ping", 2, function (p) {{ window.stubPing = p; }});
window.gppEvents = [];
__gpp("addEventListener", function (e, ok) {{ gppEvents.push(e.eventName + ":" + e.pingData.signalStatus); }});
</script>
</head>
<body>
<main>
<h1>TCF shop</h1>
<iframe title="Advertisement" src="{frame}/adframe.html" width="300" height="60"></iframe>
</main>
</body>
</html>
"""

# An ad served from another origin: it finds the locator frames up the frame tree and talks by postMessage.
AD_FRAME = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ad</title>
<script>
var pending = {}, next = 0;
function locator(name) {
  for (var f = window; f; f = f.parent) {
    try { if (f.frames[name]) return f; } catch (e) {}
    if (f === window.top) return null;
  }
  return null;
}
window.addEventListener("message", function (e) {
  var d = e.data;
  if (typeof d === "string") { try { d = JSON.parse(d); } catch (x) { return; } }
  var r = d && (d.__tcfapiReturn || d.__gppReturn);
  if (r && pending[r.callId]) pending[r.callId](r.returnValue, r.success);
});
function call(kind, command, parameter, asText, done) {
  var id = "c" + next++, message = {};
  pending[id] = done;
  message[kind === "tcf" ? "__tcfapiCall" : "__gppCall"] = { command: command, parameter: parameter, version: kind === "tcf" ? 2 : "1.1", callId: id };
  locator(kind === "tcf" ? "__tcfapiLocator" : "__gppLocator").postMessage(asText ? JSON.stringify(message) : message, "*");
}
</script></head><body><p>ad</p></body></html>
"""


@pytest.fixture(scope="module")
def tcf_accord():
    server = Accord(env={"TCF_CMP_ID": "300", "TCF_GVL_PATH": os.path.join(ROOT, "Tests/Fixtures/vendor-list-v3.json")})
    server.start()
    server.call("PATCH", "/v1/admin/properties/demo", {
        "tcfEnabled": True, "gppEnabled": True,
        "tcfPurposeMapping": {"marketing": [1, 2, 3, 4], "analytics": [7, 8, 9]}})
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)


@pytest.fixture(scope="module")
def tcf_site(tcf_accord):
    server = Site(tcf_accord)
    frame_origin = server.url.replace("localhost", "127.0.0.1")  # same server, another origin

    def page(query):
        csp = (f"default-src 'self'; script-src {tcf_accord.url} 'nonce-{NONCE}'; style-src 'nonce-{NONCE}'; "
               f"connect-src {tcf_accord.url}; frame-src 'self' {frame_origin}")
        body = TCF_PAGE.format(accord=tcf_accord.url, region=query.get("region", "DE"), nonce=NONCE, frame=frame_origin)
        return body, "text/html; charset=utf-8", {"Content-Security-Policy": csp}

    server.extra["/tcf"] = page
    server.extra["/adframe.html"] = lambda query: (AD_FRAME, "text/html; charset=utf-8", {})
    yield server
    server.stop()


def events(driver):
    return driver.execute_script("return window.tcfEvents")


def in_frame(driver, script):
    """Runs `script` (which ends by calling done(value)) inside the cross-origin ad frame."""
    driver.switch_to.frame(driver.find_element("css selector", "iframe[title=Advertisement]"))
    try:
        return driver.execute_async_script("var done = arguments[arguments.length - 1];" + script)
    finally:
        driver.switch_to.default_content()


def on_page(driver, script):
    return driver.execute_async_script("var done = arguments[arguments.length - 1];" + script)


def test_tcf_events_from_the_stub_to_consent_on_the_page_and_in_a_cross_origin_frame(driver, tcf_site, tcf_accord):
    driver.get(tcf_site.url + "/tcf?region=DE")
    wait_banner(driver)
    assert driver.execute_script("return window.stubPing.cmpStatus") == "stub", "the stub answers ping at once"
    shown = wait(driver, lambda d: [e for e in events(d) if e["status"] == "cmpuishown"], message="no cmpuishown")[0]
    assert shown["gdpr"] is True and shown["cmpStatus"] == "loaded" and shown["ok"] is True

    click(driver, "accept-all")
    done = wait(driver, lambda d: [e for e in events(d) if e["status"] == "useractioncomplete"], message="no useractioncomplete")
    tc = done[-1]["tc"]
    assert tc and done[-1]["p1"] is True and done[-1]["v755"] is True
    assert len({e["listenerId"] for e in events(driver)}) == 1, "one listener, one id"
    decoded = tcf_accord.get("/v1/strings/tcf/" + tc)
    assert decoded["cmpId"] == 300 and decoded["issues"] == []
    assert decoded["purposesConsent"] == [1, 2, 3, 4, 7, 8, 9]
    assert 755 in decoded["vendorConsents"] and 4 in decoded["vendorConsents"]

    # The ad frame on another origin: getTCData as an object and as a JSON string message, then __gpp.
    for as_text in ("false", "true"):
        answer = in_frame(driver, f'call("tcf", "getTCData", null, {as_text}, function (d, ok) {{'
                                  ' done({ tc: d.tcString, ok: ok, gdpr: d.gdprApplies, p7: d.purpose.consents[7] }); });')
        assert answer == {"tc": tc, "ok": True, "gdpr": True, "p7": True}
    ping = in_frame(driver, 'call("gpp", "ping", null, false, function (p) { done(p); });')
    assert ping["gppVersion"] == "1.1" and ping["signalStatus"] == "ready" and ping["sectionList"] == [2]
    assert ping["gppString"] and ping["parsedSections"]["tcfeuv2"]["CmpId"] == 300
    cmp_id = in_frame(driver, 'call("gpp", "getField", "tcfeuv2.CmpId", false, function (v) { done(v); });')
    assert cmp_id == 300
    gpp = tcf_accord.get("/v1/strings/gpp/" + urllib.parse.quote(ping["gppString"], safe="~"))
    assert gpp["sections"]["tcfeuv2"]["PurposeConsents"][0] is True

    on_page_gpp = on_page(driver, 'var r = {}; __gpp("hasSection", function (v) { r.eu = v; }, "tcfeuv2");'
                                  ' __gpp("hasSection", function (v) { r.us = v; }, "usnat"); done(r);')
    assert on_page_gpp == {"eu": True, "us": False}
    assert "listenerRegistered:not ready" in driver.execute_script("return window.gppEvents") or \
        "listenerRegistered:ready" in driver.execute_script("return window.gppEvents")
    assert "signalStatus:ready" in driver.execute_script("return window.gppEvents")
    removed = on_page(driver, "__tcfapi('removeEventListener', 2, function (ok) { done(ok); }, 1);")
    assert removed is True

    # The next page: the choice is known, so listeners get tcloaded with the same string and no banner shows.
    driver.refresh()
    loaded = wait(driver, lambda d: events(d), message="no event after reload")[0]
    assert loaded["status"] == "tcloaded" and loaded["tc"] == tc
    assert banner(driver) is None


def test_us_visitor_gets_us_sections_and_gdpr_does_not_apply(driver, tcf_site):
    driver.get(tcf_site.url + "/tcf?region=US-CA")
    wait_banner(driver)
    ping = wait(driver, lambda d: on_page(d, "__tcfapi('ping', 2, function (p) { done(p); });")
                if on_page(d, "__tcfapi('ping', 2, function (p) { done(p.cmpStatus); });") == "loaded" else None)
    assert ping["gdprApplies"] is False and ping["displayStatus"] == "disabled"
    tcdata = on_page(driver, "__tcfapi('getTCData', 2, function (d, ok) { done({ gdpr: d.gdprApplies, tc: d.tcString }); });")
    assert tcdata == {"gdpr": False, "tc": ""}
    click(driver, "reject-all")
    # Before the choice the section already says "did not opt out" (2); wait for the update the choice makes.
    sale = wait(driver, lambda d: on_page(d, '__gpp("getField", function (v) { done(v); }, "usnat.SaleOptOut");') == 1,
                message="reject all did not opt out of sale (usnat.SaleOptOut never became 1)")
    assert sale is True
    fields = in_frame(driver, 'var r = {}; call("gpp", "hasSection", "tcfeuv2", false, function (v) { r.eu = v;'
                              ' call("gpp", "getSection", "uspv1", true, function (s) { r.usp = s; done(r); }); });')
    assert fields["eu"] is False and fields["usp"]["OptOutSale"] == "Y"
