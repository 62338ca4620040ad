"""With the API unreachable the banner still works; the choice is sent when the API is back, exactly once."""

from conftest import click, consent_cookie, wait, wait_banner, wait_recorded


def test_choice_made_offline_is_recorded_once_when_the_api_returns(driver, site, accord):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/v1/properties/*"]})
    driver.get(site.page("DE"))
    root = wait_banner(driver)
    assert root.get_attribute("data-regime") == "optIn", "the built-in experience is opt-in"
    assert driver.execute_script("return window.ran") == []
    click(driver, "accept-all")
    wait(driver, lambda d: d.execute_script("return window.ran.length") == 4)
    pending = consent_cookie(driver)
    assert pending["k"] and pending["c"] == {"analytics": 1, "marketing": 1} and pending["v"] == 0
    assert accord.events(pending["id"]) == []

    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    recorded = wait_recorded(driver)  # the SDK retries with backoff
    assert len(accord.events(pending["id"])) == 1
    [event] = accord.events(pending["id"])
    assert event["id"] == recorded["e"] and event["choices"] == {"analytics": "granted", "marketing": "granted"}

    for _ in range(2):
        driver.refresh()
        wait_banner(driver)  # personalization was never asked offline: the real experience asks for it
        assert len(accord.events(pending["id"])) == 1, "never sent twice"
