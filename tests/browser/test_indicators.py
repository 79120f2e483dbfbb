"""A coordinator reads an indicator of its territory month by month in a real browser (see
:mod:`tests.browser.tabs`), in Greek and English: chooses the indicator, then its parameter
(offered once the indicator is shown), a period and a target, and reads each month end's value
with what it counted and whether it is on track."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

TEXTS = {
    "en": {"page": "Indicators", "indicator": "New social cooperatives and other SSE entities",
           "legal_form": "Social Cooperative Enterprise (KoinSEp)", "counted": "new SSE entit",
           "track": "track: "},
    "el": {"page": "Δείκτες", "indicator": "Νέες ΚοινΣΕπ και άλλοι φορείς ΚΑλΟ",
           "legal_form": "Κοινωνική Συνεταιριστική Επιχείρηση (ΚοινΣΕπ)",
           "counted": "φορ", "track": "πορείας: "},
}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_coordinator_reads_an_indicator_month_by_month_against_a_target(tab_in, language):
    texts = TEXTS[language]
    tab = tab_in(language)
    tab.open("/indicators")
    tab.sign_in()
    expect(tab.page.locator("h1")).to_have_text(texts["page"])
    tab.page.locator("#indicator").select_option(label=texts["indicator"])
    tab.page.locator("#start").fill("2025-01-01")
    tab.page.locator("#end").fill("2025-06-30")
    tab.page.locator("form.filters button[type=submit]").click()
    expect(tab.page.locator("#indicator-heading")).to_have_text(texts["indicator"])

    tab.page.locator("#legal_form").select_option(label=texts["legal_form"])
    tab.page.locator("#target").fill("50")
    tab.page.locator("form.filters button[type=submit]").click()

    rows = tab.page.locator("main table tbody tr")
    expect(rows).to_have_count(6)
    expect(rows.first).to_contain_text(texts["counted"])
    expect(rows.last.locator("td").last).to_contain_text(texts["track"])
    assert "legal_form=koinsep" in tab.page.url
    tab.check(f"indicators-{language}")
