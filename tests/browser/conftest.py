"""The browser tests' fixtures: one Chromium for the run, the service on a demo ecosystem,
tabs cut off from every other host, and the run's screenshots in one folder, printed in the
run's summary (a fixture's own output would be captured and lost)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from graph_models.domain.accounts import Role, User
from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.stakeholders import Kind
from graph_models.use_cases.demo import DemoSeed
from tests.api.conftest import build_app, close_app, make_user, sqlite_url, use_cases
from tests.browser.tabs import DESKTOP, PASSWORD, Tab, serving
from tests.browser.test_report_page import browser as chromium_path

SCREENSHOTS = pytest.StashKey[Path]()
DEMO_SIZE = 300


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory, request) -> Path:
    """The folder of the run's screenshots of the web pages."""
    folder = tmp_path_factory.mktemp("screenshots")
    request.config.stash[SCREENSHOTS] = folder
    return folder


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    folder = config.stash.get(SCREENSHOTS, None)
    if folder is not None:
        terminalreporter.write_line(f"screenshots of the web pages: {folder}")


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(),
                                              args=["--no-sandbox"])
        yield launched
        launched.close()


@dataclass(frozen=True)
class Site:
    """The service at ``base`` over a demo ecosystem (``demo``: what seeding made, its
    ``region`` the coordinator's), with three people who sign in with :data:`PASSWORD`:
    ``maria``, a coordinator of the demo's region; ``nikos``, a member of ``venture`` (an
    entrepreneur there); ``eleni``, an administrator."""

    base: str
    app: object
    demo: DemoSeed
    maria: User
    nikos: User
    eleni: User
    venture: str


@pytest.fixture
def site(tmp_path):
    app = build_app(sqlite_url(tmp_path))
    eco = use_cases(app)
    demo = eco.demo.seed(DEMO_SIZE)
    venture = eco.stakeholders.find_stakeholders(StakeholderQuery(
        kind=Kind.ENTREPRENEUR, region=demo.region, page_size=1)).items[0]
    people = {
        "maria": make_user(app, "maria", Role.COORDINATOR, display_name="Μαρία Παππά",
                           regions=[demo.region], password=PASSWORD)[0],
        "nikos": make_user(app, "nikos", Role.MEMBER, display_name="Νίκος Αλεξίου",
                           memberships=[venture.id], password=PASSWORD)[0],
        "eleni": make_user(app, "eleni", Role.ADMIN, display_name="Ελένη Γεωργίου",
                           password=PASSWORD)[0]}
    with serving(app) as base:
        yield Site(base, app, demo, venture=venture.id, **people)
    close_app(app)


@pytest.fixture
def tab_in(chromium, site, screenshots):
    """Opens tabs whose browser asks for a language (and a window size); checks, once the
    test is done, that none reached outside the service or had anything blocked."""
    tabs = []

    def open_tab(language: str, viewport: dict = DESKTOP) -> Tab:
        context = chromium.new_context(locale=language, viewport=viewport)
        tabs.append((context, tab := Tab(context.new_page(), site.base, screenshots)))
        return tab

    yield open_tab
    for context, tab in tabs:
        context.close()
        assert tab.outside == []
        assert tab.blocked == []
