"""The coordinator's journey in a real browser (see :mod:`tests.browser.tabs`): sign in, see what
waits, search the directory, open a stakeholder's page with its neighbourhood drawn, and go on
to ask for an introduction to one of its matches — in Greek and in English, and on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.stakeholders import Kind
from tests.api.conftest import use_cases
from tests.browser.tabs import PHONE

WHAT_WAITS = {"en": "What waits for you", "el": "Τι σας περιμένει"}
MENU_DIRECTORY = {"en": "Stakeholders", "el": "Φορείς"}
SEARCH = {"en": "Search", "el": "Αναζήτηση"}


def tied_and_matched(site) -> tuple[str, str]:
    """An entrepreneur of the coordinator's territory with a few ties and some matches: its
    id and name."""
    eco = use_cases(site.app)
    found = eco.stakeholders.find_stakeholders(StakeholderQuery(
        kind=Kind.ENTREPRENEUR, region=site.demo.region, page_size=100)).items
    return next((s.id, s.name) for s in found
                if len(eco.stakeholders.ties_of(s.id)) >= 3 and eco.matches.matches(s.id))


def drawn_nodes(tab) -> int:
    """How many nodes cytoscape drew in the page's graph, once it has drawn them."""
    graph = tab.page.locator("#neighbourhood")
    expect(graph).to_have_attribute("data-drawn-nodes", re.compile(r"^[0-9]+$"))
    return int(graph.get_attribute("data-drawn-nodes"))


def nodes_in_the_data(tab) -> int:
    return tab.page.evaluate("""async () => {
        const url = document.getElementById("neighbourhood").dataset.url;
        return (await (await fetch(url)).json()).nodes.length;
    }""")


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_coordinator_goes_from_what_waits_to_an_introduction_through_the_directory(
        tab_in, site, language):
    stakeholder_id, name = tied_and_matched(site)
    tab = tab_in(language)
    tab.open("/dashboard")
    tab.sign_in()

    expect(tab.page.locator("h1")).to_have_text(WHAT_WAITS[language])
    expect(tab.page.locator("#requests-heading + .count strong")).to_have_text(
        str(len(site.demo.activity.introduction_ids)))
    expect(tab.page.locator("#proposals-heading + .count strong")).to_have_text("1")
    # The unmet needs, counted on their own page, are loaded into this one.
    expect(tab.page.locator("#unmet-heading + .count strong")).to_have_text(re.compile(r"^\d+$"))
    tab.check(f"dashboard-{language}")

    tab.page.get_by_role("navigation").get_by_role(
        "link", name=MENU_DIRECTORY[language], exact=True).click()
    tab.page.get_by_role("searchbox", name=SEARCH[language]).fill(name)
    tab.page.get_by_role("searchbox", name=SEARCH[language]).press("Enter")
    # htmx replaced the results in place and put the search in the address.
    expect(tab.page).to_have_url(re.compile(r"/stakeholders\?q="))
    result = tab.page.locator("#results").get_by_role("link", name=name, exact=True)
    expect(result).to_be_visible()
    tab.check(f"directory-{language}")

    result.click()
    expect(tab.page.locator("h1")).to_have_text(name)
    expect(tab.page.locator("#neighbourhood canvas").first).to_be_attached()
    assert drawn_nodes(tab) == nodes_in_the_data(tab) >= 4  # itself and three ties at least
    tab.check(f"stakeholder-{language}")

    introduce = tab.page.locator("a.introduce").first
    target = re.search(r"target=([0-9a-f]{32})", introduce.get_attribute("href")).group(1)
    introduce.click()
    expect(tab.page).to_have_url(
        f"{tab.base}/introductions/new?requester={stakeholder_id}&target={target}")


@pytest.mark.slow
def test_clicking_a_node_of_the_graph_opens_that_stakeholders_page(tab_in, site):
    stakeholder_id, _ = tied_and_matched(site)
    tab = tab_in("en")
    tab.open(f"/stakeholders/{stakeholder_id}")
    tab.sign_in()
    drawn_nodes(tab)

    # Where cytoscape drew a neighbour (it keeps its instance on the container), once the
    # scroll that brings the graph into view has reached cytoscape (it reads its offset then).
    tab.page.locator("#neighbourhood").scroll_into_view_if_needed()
    neighbour = tab.page.evaluate("""async () => {
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        const container = document.getElementById("neighbourhood");
        const node = container._cyreg.cy.nodes().filter((n) => n.data("distance") === 1)[0];
        const box = container.getBoundingClientRect(), at = node.renderedPosition();
        return { x: box.x + at.x, y: box.y + at.y, url: node.data("url") };
    }""")
    tab.page.mouse.click(neighbour["x"], neighbour["y"])

    expect(tab.page).to_have_url(f"{tab.base}{neighbour['url']}")


@pytest.mark.slow
def test_the_stakeholder_page_and_the_directory_fit_a_phone(tab_in, site):
    stakeholder_id, name = tied_and_matched(site)
    tab = tab_in("el", PHONE)
    tab.open(f"/stakeholders/{stakeholder_id}")
    tab.sign_in()

    expect(tab.page.locator("h1")).to_have_text(name)
    drawn_nodes(tab)
    assert tab.fits_the_width()
    tab.check("stakeholder-phone-el")
    tab.open("/stakeholders?q=kouzina")
    expect(tab.page.locator("#results").get_by_role("link", name=re.compile("Κουζίνα")).first
           ).to_be_visible()
    assert tab.fits_the_width()
    tab.check("directory-phone-el")
