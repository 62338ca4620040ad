"""A new policy version brings the banner back, asking again only for the purpose it changed."""

import json
import time
import urllib.request

from conftest import banner, click, consent_cookie, wait, wait_banner, wait_recorded


def experience_version(accord):
    with urllib.request.urlopen(accord.url + "/v1/properties/demo/experience?region=DE", timeout=5) as response:
        return json.load(response)["policyVersion"]


def test_banner_returns_after_a_policy_change_for_the_changed_purpose_only(driver, site, accord):
    driver.get(site.page("DE"))
    wait_banner(driver)
    click(driver, "accept-all")
    first = wait_recorded(driver)
    driver.refresh()
    wait(driver, lambda d: d.find_elements("id", "accord-manage"))
    assert banner(driver) is None

    # Publish version 2 through the admin API: marketing changes in substance, the rest does not.
    marketing = accord.get("/v1/admin/properties/demo/purposes/marketing")
    marketing = marketing.get("purpose", marketing)
    marketing["description"] = "Advertising, measuring it and sharing data with advertising partners."
    marketing["translations"]["de"]["description"] = "Werbung, ihre Messung und Weitergabe von Daten an Werbepartner."
    accord.call("PUT", "/v1/admin/properties/demo/purposes/marketing", marketing)
    published = accord.call("POST", "/v1/admin/properties/demo/policies", {})
    assert published["version"] == 2 and published["changedPurposes"] == ["marketing"]
    deadline = time.time() + 15
    while experience_version(accord) != 2:  # the property cache lives a few seconds
        assert time.time() < deadline
        time.sleep(0.25)

    # The experience is cacheable for 60 s; stand in for that minute passing by emptying the HTTP cache.
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.refresh()
    wait_banner(driver)
    assert driver.execute_script("return accord.hasConsent('analytics')") is True, "unchanged purposes keep their choice"
    assert driver.execute_script("return accord.hasConsent('marketing')") is False, "the changed purpose is asked again"
    wait(driver, lambda d: d.execute_script("return window.ran.length") == 3)
    assert driver.execute_script("return window.ran") == ["a1", "a2", "a3"]
    click(driver, "accept-all")
    second = wait_recorded(driver)
    assert second["v"] == 2 and second["id"] == first["id"]
    events = accord.events(first["id"])
    assert [e["policyVersion"] for e in events] == [2, 1]
    assert consent_cookie(driver)["c"]["marketing"] == 1
