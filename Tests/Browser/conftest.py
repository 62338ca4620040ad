"""Fixtures for the browser suite: a live `accord serve` on a throwaway SQLite file and a free port, a
customer-like test site on a second loopback origin (so the SDK runs cross-origin, with CORS), and a
headless Chromium driven by Selenium."""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NONCE = "n0nce42"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Accord:
    """A running `accord serve` with its database, base URL and the admin key printed at first start."""

    def __init__(self, env=None):
        self.env = dict(os.environ, **(env or {}))  # extra configuration, e.g. TCF_CMP_ID
        self.binary = os.environ.get("ACCORD_BIN", os.path.join(ROOT, ".build/debug/accord"))
        self.directory = tempfile.mkdtemp(prefix="accord-browser-")
        self.database = os.path.join(self.directory, "accord.sqlite")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.admin_key = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "serve", "--database-url", f"sqlite://{self.database}", "--http-port", str(self.port),
             "--log-level", "warning"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=self.env)
        deadline = time.time() + 30
        # A fresh database prints the admin key once, right after the "serving" line.
        while self.admin_key is None:
            line = self.process.stdout.readline()
            if line == "" or time.time() > deadline:
                raise RuntimeError("accord serve exited or printed no admin key")
            if "Admin API key" in line:
                self.admin_key = line.strip().split()[-1]
        threading.Thread(target=self.process.stdout.read, daemon=True).start()  # keep the pipe drained
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/health", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("accord serve did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def get(self, path):
        return self.call("GET", path)

    def call(self, method, path, body=None):
        request = urllib.request.Request(
            self.url + path, method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.admin_key}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.load(response)

    def events(self, subject):
        return self.get(f"/v1/properties/demo/subjects/{urllib.parse.quote(subject, safe='')}/events")["events"]

    def consents(self, subject):
        return self.get(f"/v1/properties/demo/subjects/{urllib.parse.quote(subject, safe='')}/consents")["purposes"]


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Test shop</title>
<script nonce="{nonce}">
window.ran = []; window.violations = []; window.shifts = 0; window.dataLayer = window.dataLayer || [];
document.addEventListener("securitypolicyviolation", function (e) {{ window.violations.push(e.violatedDirective + " " + e.blockedURI); }});
new PerformanceObserver(function (list) {{ list.getEntries().forEach(function (e) {{ window.shifts += e.value; }}); }})
  .observe({{ type: "layout-shift", buffered: true }});
</script>
<script src="{accord}/sdk/accord.js" data-property="demo"{region} nonce="{nonce}"></script>
<script nonce="{nonce}">window.dataLayer.push({{ event: "gtm.js" }});</script>
</head>
<body>
<main>
<h1>Test shop</h1>
<p>Products and <a href="#top">a link</a>.</p>
<button type="button" id="site-button">Site button</button>
<iframe title="Product video" data-accord-purpose="marketing" data-accord-src="/frame.html"></iframe>
</main>
<script type="text/plain" data-accord-purpose="analytics" nonce="{nonce}">window.ran.push("a1");</script>
<script type="text/plain" data-accord-purpose="analytics" src="/tag.js?name=a2&amp;delay=300"></script>
<script type="text/plain" data-accord-purpose="marketing" nonce="{nonce}">window.ran.push("m1");</script>
<script type="text/plain" data-accord-purpose="analytics" nonce="{nonce}">window.ran.push("a3");</script>
</body>
</html>
"""


class Site:
    """The customer's site: pages that embed the SDK from Accord, served from http://localhost:<port>."""

    def __init__(self, accord):
        self.accord = accord
        self.extra = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/page":
                    region = f' data-region="{query["region"]}"' if "region" in query else ""
                    region += f' data-locale="{query["locale"]}"' if "locale" in query else ""
                    body = PAGE.format(accord=site.accord.url, region=region, nonce=NONCE)
                    csp = (f"default-src 'self'; script-src 'self' {site.accord.url} 'nonce-{NONCE}'; "
                           f"style-src 'nonce-{NONCE}'; connect-src {site.accord.url}; frame-src 'self'")
                    self.reply(body, "text/html; charset=utf-8", {"Content-Security-Policy": csp})
                elif url.path == "/tag.js":
                    time.sleep(int(query.get("delay", "0")) / 1000)
                    self.reply(f'window.ran.push("{query["name"]}");', "text/javascript")
                elif url.path in site.extra:  # pages a test module adds: path -> (query -> (body, type, headers))
                    self.reply(*site.extra[url.path](query))
                elif url.path == "/frame.html":
                    self.reply("<!doctype html><title>video</title><p>video player</p>", "text/html")
                else:
                    self.send_error(404)

            def reply(self, body, content_type, headers=None):
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # the browser navigating away mid-response is expected

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def page(self, region=None, locale=None):
        query = urllib.parse.urlencode({k: v for k, v in (("region", region), ("locale", locale)) if v})
        return self.url + "/page" + (f"?{query}" if query else "")

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def accord():
    server = Accord().start()
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)


@pytest.fixture(scope="module")
def site(accord):
    server = Site(accord)
    yield server
    server.stop()


@pytest.fixture
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--host-resolver-rules=MAP localhost 127.0.0.1"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # CSP violations are reported on the console
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    browser.set_script_timeout(20)
    yield browser
    try:
        violations = csp_violations(browser)
    finally:
        browser.quit()
    assert violations == [], "Content-Security-Policy violations on the console"


# Helpers shared by the tests ---------------------------------------------------------------------

def csp_violations(driver):
    """The console's Content-Security-Policy reports since the last call (reading the log empties it)."""
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]


def wait(driver, condition, timeout=10, message=""):
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition(d), message)


def banner(driver):
    found = driver.find_elements("css selector", "#accord-banner")
    return found[0] if found else None


def wait_banner(driver):
    return wait(driver, banner, message="banner did not appear")


def click(driver, action, scope="#accord-banner"):
    driver.find_element("css selector", f'{scope} [data-accord-action="{action}"]').click()


def consent_cookie(driver):
    cookie = driver.get_cookie("accord_consent")
    return json.loads(urllib.parse.unquote(cookie["value"])) if cookie else None


def data_layer(driver):
    return driver.execute_script(
        "return window.dataLayer.map(function (e) { return e && typeof e === 'object' && !Array.isArray(e)"
        " && typeof e.length === 'number' ? Array.prototype.slice.call(e) : e; });")


def consent_commands(driver):
    return [entry for entry in data_layer(driver) if isinstance(entry, list) and entry and entry[0] == "consent"]


def wait_recorded(driver):
    """Waits until the SDK has recorded the choice on the server (the pending key is gone) and returns the cookie."""
    wait(driver, lambda d: (consent_cookie(d) or {}).get("e") and not consent_cookie(d).get("k"),
         message="choice was not recorded")
    return consent_cookie(driver)


def axe_violations(driver, context="document"):
    """Runs axe-core (from the axe-playwright-python wheel) at WCAG 2.0 A/AA, 2.1 AA and 2.2 AA."""
    import axe_playwright_python
    with open(os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js")) as source:
        driver.execute_script(source.read())
    return driver.execute_async_script(f"""
        var done = arguments[arguments.length - 1];
        axe.run({context}, {{ runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] }})
           .then(function (r) {{ done(r.violations.map(function (v) {{ return v.id + ': ' + v.help; }})); }},
                 function (e) {{ done(['axe failed: ' + e]); }});""")
