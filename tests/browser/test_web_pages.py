"""The web pages in a real browser: Playwright drives Debian's headless Chromium (no browser of
Playwright's own: ``executable_path``) against the service on a loopback port.

Every request to anywhere but that server is aborted and recorded, and each test asserts that
none was attempted and that the pages' Content-Security-Policy blocked nothing. axe-core (from
node_modules, put there by ``npm ci``) checks each key page: no serious or critical violation.
A screenshot of each key page is saved in one folder for the whole run, whose path the run
prints at its end (conftest.py). Without Chromium or node_modules these tests fail and say
so; they never skip.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from werkzeug.serving import make_server

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import Kind
from tests.api.conftest import build_app, close_app, make_user, sqlite_url, use_cases
from tests.browser.test_report_page import browser as chromium_path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a long enough passphrase"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
WRONG_PASSWORD = {"en": "The username or the password is wrong.",
                  "el": "Το όνομα χρήστη ή ο κωδικός πρόσβασης είναι λάθος."}
WELCOME = {"en": "Welcome, Μαρία Παππά", "el": "Καλώς ήρθατε, Μαρία Παππά"}
SIGN_IN = {"en": "Sign in", "el": "Σύνδεση"}


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(),
                                              args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def site(tmp_path):
    """The service on a free loopback port, with Maria, a coordinator of Attica who is a
    member of one stakeholder: (base URL, app, Maria)."""
    app = build_app(sqlite_url(tmp_path))
    eco = use_cases(app).stakeholders
    for n in range(3):
        eco.create_stakeholder({"kind": Kind.ENTREPRENEUR, "name": f"Συνεργατική {n}",
                                "region": "EL303"})
    own = eco.create_stakeholder({"kind": Kind.SUPPORT_ORGANISATION, "region": "EL303",
                                  "name": "Κέντρο Στήριξης ΚΑΛΟ Αττικής"})
    maria = make_user(app, "maria", Role.COORDINATOR, display_name="Μαρία Παππά",
                      regions=["EL30"], memberships=[own.id], password=PASSWORD)[0]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app, maria
    server.shutdown()
    thread.join()
    close_app(app)


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

    def sign_in(self, password: str) -> None:
        self.page.get_by_label(self.label("username")).fill("maria")
        self.page.get_by_label(self.label("password")).fill(password)
        self.page.locator("form.sign-in button[type=submit]").click()

    def label(self, field: str) -> str:
        return self.page.locator(f'label[for="{field}"]').inner_text()


@pytest.fixture
def tab_in(chromium, site, screenshots):
    """Opens tabs whose browser asks for a language (and a window size); checks, once the
    test is done, that none reached outside the service or had anything blocked."""
    tabs = []

    def open_tab(language: str, viewport: dict = DESKTOP) -> Tab:
        context = chromium.new_context(locale=language, viewport=viewport)
        tabs.append((context, tab := Tab(context.new_page(), site[0], screenshots)))
        return tab

    yield open_tab
    for context, tab in tabs:
        context.close()
        assert tab.outside == []
        assert tab.blocked == []


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_signing_in_shows_a_wrong_password_next_to_the_field_then_opens_the_home_page(
        tab_in, language):
    tab = tab_in(language)
    tab.open("/")
    expect(tab.page).to_have_url(f"{tab.base}/sign-in?next=/")
    expect(tab.page.locator("h1")).to_have_text(SIGN_IN[language])
    tab.check(f"sign-in-{language}")

    tab.sign_in("not the password")
    error = tab.page.locator("#password-error")
    expect(error).to_have_text(WRONG_PASSWORD[language])
    expect(tab.page.locator("#password")).to_have_attribute("aria-describedby", "password-error")
    expect(tab.page.locator("#password")).to_be_focused()
    tab.check(f"sign-in-wrong-password-{language}")

    tab.sign_in(PASSWORD)
    expect(tab.page).to_have_url(f"{tab.base}/")
    expect(tab.page.locator("h1")).to_have_text(WELCOME[language])
    tab.check(f"home-{language}")


@pytest.mark.slow
def test_the_language_switch_turns_the_pages_greek_and_saves_the_choice(tab_in, site):
    _, app, maria = site
    tab = tab_in("en")
    tab.open("/sign-in")
    tab.sign_in(PASSWORD)
    expect(tab.page.locator("h1")).to_have_text(WELCOME["en"])

    tab.page.get_by_role("button", name="Ελληνικά").click()

    expect(tab.page).to_have_url(f"{tab.base}/")
    expect(tab.page.locator("html")).to_have_attribute("lang", "el")
    expect(tab.page.locator("h1")).to_have_text(WELCOME["el"])
    expect(tab.page.get_by_role("button", name="Ελληνικά")).to_have_attribute(
        "aria-current", "true")
    assert use_cases(app).accounts.get_user(maria.id).locale == "el"


@pytest.mark.slow
def test_signing_out_ends_the_session_and_pages_ask_to_sign_in_again(tab_in):
    tab = tab_in("en")
    tab.open("/sign-in")
    tab.sign_in(PASSWORD)

    tab.page.get_by_role("button", name="Sign out").click()

    expect(tab.page).to_have_url(f"{tab.base}/sign-in?signed_out=1")
    expect(tab.page.get_by_role("status")).to_have_text("You have signed out.")
    tab.check("signed-out-en")
    tab.open("/")
    expect(tab.page).to_have_url(f"{tab.base}/sign-in?next=/")


@pytest.mark.slow
def test_signing_in_works_with_the_keyboard_alone_and_shows_where_the_focus_is(tab_in):
    tab = tab_in("el")
    tab.open("/sign-in")
    keyboard = tab.page.keyboard

    keyboard.press("Tab")
    expect(tab.page.locator(".skip-link")).to_be_focused()
    keyboard.press("Enter")  # skip the header, straight to the form
    expect(tab.page.locator("main")).to_be_focused()
    keyboard.press("Tab")
    expect(tab.page.locator("#username")).to_be_focused()
    assert tab.page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle") != "none"
    keyboard.type("maria")
    keyboard.press("Tab")
    expect(tab.page.locator("#password")).to_be_focused()
    keyboard.type(PASSWORD)
    keyboard.press("Enter")

    expect(tab.page).to_have_url(f"{tab.base}/")
    expect(tab.page.locator("h1")).to_have_text(WELCOME["el"])


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_the_pages_fit_a_phone_without_sideways_scrolling(tab_in, language):
    tab = tab_in(language, PHONE)
    tab.open("/sign-in")
    fits = "document.documentElement.scrollWidth <= window.innerWidth"
    assert tab.page.evaluate(fits)
    tab.check(f"phone-sign-in-{language}")
    tab.sign_in(PASSWORD)
    expect(tab.page.locator("h1")).to_have_text(WELCOME[language])
    assert tab.page.evaluate(fits)
    tab.check(f"phone-home-{language}")
