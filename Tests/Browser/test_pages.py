"""Accord's own pages: the demo shop and the hosted preference center, with the SDK served same-origin."""

import urllib.request

from conftest import axe_violations, banner, click, consent_cookie, csp_violations, wait, wait_banner, wait_recorded


def test_demo_site_blocks_until_accepted_then_runs_its_tags(driver, accord):
    driver.get(accord.url + "/demo")
    assert wait_banner(driver).get_attribute("data-regime") == "optIn"  # no region known: opt-in
    assert driver.find_element("id", "analytics").text == "blocked"
    click(driver, "accept-all")
    wait(driver, lambda d: d.find_element("id", "marketing").text == "running")
    assert driver.find_element("id", "analytics").text == "running"
    assert driver.find_element("id", "personalization").text == "running"
    frame = driver.find_element("css selector", "iframe[data-accord-src]")
    assert frame.get_attribute("src") == accord.url + "/demo/video"
    driver.switch_to.frame(frame)
    wait(driver, lambda d: "Product video" in d.find_element("tag name", "h1").text)  # framed by its own site only
    driver.switch_to.default_content()
    wait(driver, lambda d: '"analytics": true' in d.find_element("id", "state").text)
    wait_recorded(driver)


def test_demo_site_region_switch_shows_the_opt_out_notice(driver, accord):
    driver.get(accord.url + "/demo?region=US-CA")
    assert wait_banner(driver).get_attribute("data-regime") == "optOut"
    wait(driver, lambda d: d.find_element("id", "analytics").text == "running")


def test_preference_center_changes_and_withdraws(driver, accord):
    driver.get(accord.url + "/p/demo/preferences")
    box = "#accord-preferences"
    toggle = f'{box} input[data-accord-purpose="marketing"]'
    wait(driver, lambda d: d.find_elements("css selector", toggle))
    # The preference center is itself the choice: no banner and no "manage" button over it (issue 15, section 3).
    assert banner(driver) is None and not driver.find_elements("id", "accord-manage")
    assert driver.execute_script("return performance.getEntriesByName('accord:shown').length") == 0
    for key in ("analytics", "marketing", "personalization"):
        driver.find_element("css selector", f'{box} input[data-accord-purpose="{key}"]').click()
    click(driver, "save", scope=box)
    first = wait_recorded(driver)
    assert banner(driver) is None
    wait(driver, lambda d: d.find_element("css selector", toggle).is_selected())
    assert not driver.find_element("css selector", f'{box} input[data-accord-purpose="necessary"]').is_enabled()
    driver.find_element("css selector", toggle).click()
    click(driver, "save", scope=box)
    wait(driver, lambda d: (consent_cookie(d) or {}).get("c", {}).get("marketing") == 0)
    changed = wait_recorded(driver)
    assert changed["e"] != first["e"]
    [latest, _] = accord.events(first["id"])
    assert latest["source"] == "preferenceCenter" and latest["choices"]["marketing"] == "denied"
    assert latest["choices"]["analytics"] == "granted"
    wait(driver, lambda d: not d.find_element("css selector", toggle).is_selected())

    history = "#accord-history li"
    wait(driver, lambda d: len(d.find_elements("css selector", history)) == 2, message="history lists both choices")
    newest = driver.find_elements("css selector", history)[0].text
    assert "Marketing ✗" in newest and "Analytics ✓" in newest and "preferenceCenter" in newest and "v1" in newest

    click(driver, "withdraw-all", scope=box)
    wait(driver, lambda d: consent_cookie(d)["c"] == {"analytics": 0, "marketing": 0, "personalization": 0})
    wait_recorded(driver)
    state = accord.consents(first["id"])
    assert {k: v["status"] for k, v in state.items() if k != "necessary"} == {
        "analytics": "denied", "marketing": "denied", "personalization": "denied"}


def test_pages_pass_axe(driver, accord):
    driver.get(accord.url + "/demo")
    wait_banner(driver)
    assert axe_violations(driver) == [], "demo site with its banner open"
    driver.get(accord.url + "/p/demo/preferences")
    wait(driver, lambda d: d.find_elements("css selector", "#accord-preferences input"))
    assert axe_violations(driver) == [], "preference center"
    click(driver, "withdraw-all", scope="#accord-preferences")
    wait_recorded(driver)
    driver.get(accord.url + "/demo")  # same origin: the choice above holds, so no banner
    wait(driver, lambda d: d.find_elements("css selector", ".accord-ph"))
    assert axe_violations(driver) == [], "demo site with its blocked video placeholder"


def test_preference_center_works_without_javascript(accord):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(accord.url + "/p/demo/preferences?locale=de")
        assert banner(driver) is None
        assert not driver.find_element("id", "pc-analytics").is_selected()
        driver.find_element("id", "pc-analytics").click()
        driver.find_element("css selector", 'button[value="save"]').click()
        wait(driver, lambda d: d.find_elements("css selector", "[role=status]"))
        assert driver.current_url.endswith("/p/demo/preferences?saved=1&locale=de")
        assert driver.find_element("id", "pc-analytics").is_selected()
        assert not driver.find_element("id", "pc-marketing").is_selected()
        cookie = consent_cookie(driver)
        assert cookie["c"] == {"analytics": 1, "marketing": 0, "personalization": 0}
        [event] = accord.events(cookie["id"])
        assert event["source"] == "preferenceCenter" and event["id"] == cookie["e"] and event["locale"] == "de"
        driver.find_element("css selector", 'button[value="withdraw-all"]').click()
        wait(driver, lambda d: consent_cookie(d)["c"]["analytics"] == 0)
        assert len(accord.events(cookie["id"])) == 2
    finally:
        driver.quit()


def test_pages_enforce_their_policy(driver, accord):
    """The pages run under their Content-Security-Policy: code without the response's nonce does not run (the
    fixture fails a test on any other violation the console reports)."""
    for path in ("/demo", "/p/demo/preferences"):
        driver.get(accord.url + path)
        wait(driver, lambda d: banner(d) or d.find_elements("css selector", "#accord-preferences input"))
        driver.execute_script(
            "var s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.head.appendChild(s);"
            "var d = document.createElement('div'); d.innerHTML = '<img src=x onerror=\"window.handler = 1\">';"
            "document.body.appendChild(d);")
        seen = []
        wait(driver, lambda d: seen.extend(csp_violations(d)) or len(seen) >= 2, message=f"{path}: {seen}")
        assert driver.execute_script("return [window.injected, window.handler]") == [None, None], path
        assert any("inline script" in v for v in seen) and any("event handler" in v for v in seen), seen
    with urllib.request.urlopen(accord.url + "/p/demo/preferences") as response:
        policy = response.headers["Content-Security-Policy"]
        assert "frame-ancestors http://localhost:*" in policy and "'unsafe-inline'" not in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_demo_page_fits_a_390_pixel_screen_with_its_blocked_video(driver, accord):
    """Issue 15, section 3: the blocked-video placeholder took the frame's width plus its border and overflowed."""
    driver.set_window_size(390, 900)
    driver.delete_all_cookies()
    driver.get(accord.url + "/demo")
    wait(driver, lambda d: d.find_elements("css selector", ".accord-ph"))
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
