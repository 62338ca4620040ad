"""The SDK with its stylesheet stays within the 8,192-byte gzip budget of issue 15, as served."""

import gzip
import os
import re
import urllib.request

from conftest import ROOT

# The figure. The served SDK is web/sdk/accord.js without indentation, blank lines and whole-line
# comments (scripts/embed-web.sh), with accord.css put in: nothing of the code is left out.
BUDGET = 8192


def test_served_sdk_fits_the_budget(accord):
    with urllib.request.urlopen(accord.url + "/sdk/accord.js", timeout=5) as response:
        body = response.read()
        assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert response.headers["ETag"].startswith('"')
    assert b"__ACCORD_CSS__" not in body and b"#accord-banner" in body
    size = len(gzip.compress(body, 9))
    print(f"accord.js as served, gzipped: {size} bytes")
    assert size <= BUDGET


def test_served_sdk_keeps_every_line_of_code(accord):
    with urllib.request.urlopen(accord.url + "/sdk/accord.js", timeout=5) as response:
        served = response.read().decode()
    source = open(os.path.join(ROOT, "web/sdk/accord.js"), encoding="utf-8").read()
    code = [line.strip() for line in source.splitlines() if line.strip() and not line.strip().startswith("//")]
    css_marker = '"__ACCORD_CSS__"'
    for line in code:
        if css_marker in line:
            line = line.split(css_marker)[0]
        assert line in served, line
    assert not re.search(r"^\s+\S", served, re.M), "indentation is left out"


def test_wire_bytes_fit_the_budget(accord):
    request = urllib.request.Request(accord.url + "/sdk/accord.js", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        wire = response.read()
    print(f"accord.js on the wire: {len(wire)} bytes")
    assert len(wire) <= BUDGET
