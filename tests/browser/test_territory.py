"""A coordinator's territory journeys in a real browser (see :mod:`tests.browser.tabs`), in
Greek and English: territory matches and their spreadsheet, a report with a comparison, and
the network view drawn by cytoscape.js, searched by a Greeklish name; and the network view on
a phone's width."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.tabs import PHONE

TEXTS = {
    "en": {"territory": "Territory matches", "xlsx": "Download the spreadsheet",
           "pairs": "Best pairs", "report": "Ecosystem report", "changes": "What changed since",
           "network": "Network view", "find": "Find a stakeholder by name", "button": "Find",
           "found": "Found: "},
    "el": {"territory": "Αντιστοιχίσεις περιοχής", "xlsx": "Λήψη του υπολογιστικού φύλλου",
           "pairs": "Καλύτερα ζεύγη", "report": "Έκθεση οικοσυστήματος",
           "changes": "Τι άλλαξε από τις", "network": "Προβολή δικτύου",
           "find": "Βρείτε φορέα με το όνομά του", "button": "Αναζήτηση", "found": "Βρέθηκε: "},
}
# Functions, not expressions: Playwright evaluates an expression with eval(), which the
# pages' policy forbids.
DRAWN = "() => window.syndesmosNetwork && window.syndesmosNetwork.nodes().length > 0"
# Whether the network was drawn, and where the selected node is: inside the drawing's view.
SELECTED = """() => {
  const cy = window.syndesmosNetwork;
  const node = cy.$("node:selected");
  if (node.length !== 1) { return null; }
  const at = node.renderedPosition();
  return {name: node.data("name"), nodes: cy.nodes().length,
          inside: at.x > 0 && at.y > 0 && at.x < cy.width() && at.y < cy.height()};
}"""


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_coordinator_downloads_matches_compares_reports_and_searches_the_network(
        tab_in, site, language):
    texts = TEXTS[language]
    tab = tab_in(language)
    tab.open("/territory")
    tab.sign_in()
    expect(tab.page.locator("h1")).to_have_text(texts["territory"])
    expect(tab.page.locator("#pairs-heading")).to_have_text(texts["pairs"])
    tab.check(f"territory-{language}")

    with tab.page.expect_download() as downloading:
        tab.page.get_by_role("link", name=texts["xlsx"]).click()
    download = downloading.value
    assert download.suggested_filename == f"syndesmos-matches-{site.demo.region}.xlsx"
    book = load_workbook(io.BytesIO(download.path().read_bytes()))
    assert book.sheetnames[0] == texts["pairs"]
    assert book[texts["pairs"]].max_row > 1

    tab.open("/reports")
    tab.page.locator("#compare_to").fill("2024-01-01")
    tab.page.locator("form.filters button[type=submit]").click()
    expect(tab.page.locator("h1")).to_have_text(texts["report"])
    expect(tab.page.locator("#changes-heading")).to_contain_text(texts["changes"])
    tab.check(f"reports-comparison-{language}")

    tab.page.locator('main a[href^="/network"]').click()
    expect(tab.page.locator("h1")).to_have_text(texts["network"])
    tab.page.wait_for_function(DRAWN)
    tab.page.get_by_label(texts["find"]).fill("kouzina")
    tab.page.get_by_role("button", name=texts["button"], exact=True).click()
    expect(tab.page.locator("#search-result")).to_contain_text(texts["found"])
    tab.page.wait_for_function(f"() => ({SELECTED})()?.inside === true")
    drawn = tab.page.evaluate(SELECTED)
    assert "Κουζίνα" in drawn["name"] and drawn["nodes"] > 50
    tab.page.get_by_label(texts["find"]).blur()
    tab.check(f"network-{language}")


@pytest.mark.slow
def test_the_network_view_fits_a_phone_and_can_be_coloured_by_kind(tab_in):
    tab = tab_in("el", PHONE)
    tab.open("/network")
    tab.sign_in()
    tab.page.wait_for_function(DRAWN)
    tab.page.get_by_label("Είδος", exact=True).check()

    expect(tab.page.locator("#legend-kind")).to_be_visible()
    expect(tab.page.locator("#legend-community")).to_be_hidden()
    assert tab.page.evaluate("() => window.syndesmosNetwork.nodes('.by-kind').length") > 0
    assert tab.fits_the_width()
    tab.check("network-phone-el")
