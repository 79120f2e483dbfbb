"""The docs UI (/api/v1/docs) opened in headless Chromium under the service's own
Content-Security-Policy: it draws every operation and the browser refuses nothing.

The service runs on a loopback port in a thread of the test; no other host resolves.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.api.conftest import build_app, close_app, sqlite_url
from tests.api.helpers import API
from tests.browser.tabs import serving
from tests.browser.test_report_page import browser

# The browser's console line for anything a Content-Security-Policy blocked.
BLOCKED = re.compile(r"violates the following Content Security Policy directive[^\n]*")


@pytest.fixture
def served(tmp_path):
    """The service on a free loopback port: (base URL, app)."""
    app = build_app(sqlite_url(tmp_path))
    with serving(app) as base:
        yield base, app
    close_app(app)


def open_page(url: str) -> subprocess.CompletedProcess:
    """Load ``url``, let its scripts run, and return the drawn DOM and the console's lines."""
    return subprocess.run(
        [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-extensions", "--disable-background-networking",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=15000", "--dump-dom", url],
        capture_output=True, text=True, timeout=180, check=False)


@pytest.mark.slow
def test_the_docs_page_draws_every_operation_and_its_policy_blocks_nothing(served):
    base, app = served
    operations = sum(len([m for m in item if m != "parameters"]) for item in
                     app.test_client().get(f"{API}/openapi.json").get_json()["paths"].values())

    result = open_page(f"{base}{API}/docs")

    assert BLOCKED.findall(result.stderr) == []
    drawn = re.findall(r'class="opblock opblock-(?:get|post|patch|put|delete)\b', result.stdout)
    assert len(drawn) == operations, (result.returncode, result.stderr[-2000:])
