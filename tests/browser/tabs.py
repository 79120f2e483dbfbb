"""Driving the pages in a real browser: Playwright with Debian's headless Chromium (no browser
of Playwright's own: ``executable_path``) against the service on a loopback port.

Every request to anywhere but that server is aborted and recorded, and so is what the pages'
Content-Security-Policy blocks. axe-core (from node_modules, put there by ``npm ci``) checks a
page: no serious or critical violation. Without Chromium or node_modules these tests fail and
say so; they never skip.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a long enough passphrase"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def closing_its_body(app):
    """``app`` whose answer's body is closed once it is written, even if the client is gone.

    Werkzeug's development server (3.1) drains the socket before it closes the body; when the
    browser has already reset the connection (a page left while its favicon loads), the drain
    raises and the body, an open static file, is left to the garbage collector: a
    ResourceWarning, which this suite turns into an error.
    """
    def answer(environ, start_response):
        body = app(environ, start_response)
        try:
            yield from body
        finally:
            if hasattr(body, "close"):
                body.close()
    return answer


@contextmanager
def serving(app) -> Iterator[str]:
    """``app`` served on a free loopback port while the block runs; its base URL."""
    server = make_server("127.0.0.1", 0, closing_its_body(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


class Tab:
    """A browser tab cut off from every host but the service's, that records what it tried
    to reach elsewhere and what the Content-Security-Policy blocked."""

    def __init__(self, page: Page, base: str, screenshots: Path):
        self.page, self.base, self.screenshots = page, base, screenshots
        self.outside: list[str] = []
        self.blocked: list[str] = []
        page.route("**/*", self._only_the_service)
        page.on("console", lambda message: self.blocked.append(message.text) if (
            "Content Security Policy" in message.text) else None)

    def _only_the_service(self, route) -> None:
        if route.request.url.startswith(self.base + "/"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)

    def check(self, name: str) -> None:
        """No serious or critical accessibility violation on the page as it is; and a
        screenshot of it, called ``name``."""
        assert AXE.is_file(), "node_modules/axe-core is missing: run `npm ci` (scripts/test does)"
        # Evaluated through the DevTools protocol, not a <script>: the page's policy still
        # forbids inline scripts, as it must.
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = self.page.evaluate("""async () => (await axe.run(document))
            .violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target).join(", ")})`)""")
        assert violations == [], name
        self.page.screenshot(path=self.screenshots / f"{name}.png", full_page=True)

    def sign_in(self, password: str = PASSWORD, username: str = "maria") -> None:
        """Fill in and send the sign-in form shown."""
        self.page.get_by_label(self.label("username")).fill(username)
        self.page.get_by_label(self.label("password")).fill(password)
        self.page.locator("form.sign-in button[type=submit]").click()

    def label(self, field: str) -> str:
        return self.page.locator(f'label[for="{field}"]').inner_text()

    def fits_the_width(self) -> bool:
        """Whether the page shows without scrolling sideways."""
        return self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
