"""The financing open to an entrepreneur, on its page in a real browser (see
:mod:`tests.browser.tabs`), in Greek and in English: the member of a cooperative of Central
Athens sees the region of Attica's call for projects and a pool for Attica, and follows the
pool's link; the member of a cooperative of Chania sees neither open, and why the pool is not."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import Kind, now
from tests.api.conftest import make_user, use_cases
from tests.browser.tabs import PASSWORD

CALL, POOL = "Γειτονιές Αττικής 2026", "Ένα προς ένα Αττικής"
HEADING = {"en": "Financing open to {name}", "el": "Χρηματοδότηση ανοιχτή για: {name}"}
WHY_NOT = {"en": "only for campaigns in Attica, and you are in Chania",
           "el": "μόνο για καμπάνιες σε: Αττική· εσείς είστε σε: Χανιά"}


def seed(site) -> tuple[str, str]:
    facades = use_cases(site.app)
    eco = facades.stakeholders

    def add(**fields) -> str:
        return eco.create_stakeholder(fields).id

    athens = add(kind=Kind.ENTREPRENEUR, name="Κοιν.Σ.Επ. Φούρνος", region="EL303",
                 sectors=["agrifood"])
    chania = add(kind=Kind.ENTREPRENEUR, name="Συνεταιρισμός Χανίων", region="EL434",
                 sectors=["agrifood"])
    region = add(kind=Kind.POLICYMAKER, name="Περιφέρεια Αττικής", region="EL30",
                 level="regional", jurisdiction="EL30")
    bank = add(kind=Kind.INVESTOR, name="Ηθική Τράπεζα", region="EL30")
    facades.budgets.create_process({"name": CALL, "region": "EL30", "budget": 80_000,
                                    "fund_id": region})
    facades.campaigns.define_pool(bank, {"name": POOL, "cap": Decimal(3000), "regions": ["EL3"],
                                         "deadline": now() + timedelta(days=40)})
    make_user(site.app, "baker", Role.MEMBER, memberships=[athens], password=PASSWORD)
    make_user(site.app, "grower", Role.MEMBER, memberships=[chania], password=PASSWORD)
    return athens, chania


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_an_eligible_entrepreneur_sees_a_call_and_a_pool_and_another_does_not(tab_in, site,
                                                                              language):
    athens, chania = seed(site)
    tab = tab_in(language)
    tab.open(f"/sign-in?next=/stakeholders/{athens}")
    tab.sign_in(PASSWORD, "baker")
    section = tab.page.locator("section#financing")
    expect(section.locator("h2")).to_have_text(HEADING[language].format(
        name="Κοιν.Σ.Επ. Φούρνος"))
    # The demo ecosystem of the site has financing of its own: these are the two seeded here.
    opened = section.locator("ul.opportunities:not(.closed) > li")
    expect(opened.get_by_role("link", name=CALL)).to_be_visible()
    expect(opened.get_by_role("link", name=POOL)).to_be_visible()
    tab.check(f"financing-{language}")
    opened.get_by_role("link", name=POOL).click()
    expect(tab.page).to_have_url(re.compile(r"/pools#pool-\w+$"))
    expect(tab.page.locator("tr[id^=pool-]", has_text=POOL)).to_be_visible()

    other = tab_in(language)
    other.open(f"/sign-in?next=/stakeholders/{chania}")
    other.sign_in(PASSWORD, "grower")
    section = other.page.locator("section#financing")
    expect(section.locator("h2")).to_be_visible()
    opened = section.locator("ul.opportunities:not(.closed) > li")
    expect(opened.get_by_role("link", name=CALL)).to_have_count(0)
    expect(opened.get_by_role("link", name=POOL)).to_have_count(0)
    expect(section.get_by_role("link", name=CALL)).to_have_count(0)
    expect(section.locator("ul.closed")).to_contain_text(WHY_NOT[language])
    other.check(f"financing-closed-{language}")
