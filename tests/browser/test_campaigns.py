"""Pledging to a matched campaign in a real browser (see :mod:`tests.browser.tabs`), in Greek
and in English: an investor's member finds the campaign, is told what is wrong with an amount,
pledges, and sees the pool's match in the campaign's progress."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import Kind, now
from graph_models.domain.vocabularies import region_contains
from tests.api.conftest import make_user, use_cases
from tests.browser.tabs import PASSWORD

TITLE = "Ο φούρνος της γειτονιάς"
BAD_AMOUNT = {"en": "Not a valid number.", "el": "Μη έγκυρος αριθμός."}
RAISED = {"en": "€250.00 raised: €150.00 pledged and €100.00 added by matching pools",
          "el": "Συγκεντρώθηκαν 250,00\xa0€: 150,00\xa0€ από δεσμεύσεις και 100,00\xa0€ από "
                "ταμεία αντιστοίχισης"}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_member_pledges_to_a_matched_campaign(tab_in, site, language):
    facades = use_cases(site.app)
    eco, desk = facades.stakeholders, facades.campaigns
    deadline = now() + timedelta(days=20)
    # A venture outside the demo's region, so that the demo's own pool (for its region) does
    # not match the campaign too: the pool defined here is the only one that does.
    venture = eco.create_stakeholder({"kind": Kind.ENTREPRENEUR, "name": "Κοιν.Σ.Επ. Αλλού",
                                      "region": next(r for r in ("EL643", "EL303")
                                                     if not region_contains(site.demo.region,
                                                                            r))})
    campaign = desk.launch(venture.id, {"title": TITLE, "minimum": Decimal(1000),
                                        "optimum": Decimal(2000), "deadline": deadline})
    bank = eco.create_stakeholder({"kind": Kind.INVESTOR, "name": "Ηθική Τράπεζα",
                                   "region": "EL30"})
    desk.define_pool(bank.id, {"name": "Ένα προς ένα", "cap": Decimal(5000),
                               "deadline": deadline, "per_pledge_cap": Decimal(100)})
    make_user(site.app, "petros", Role.MEMBER, memberships=[bank.id], password=PASSWORD)

    tab = tab_in(language)
    tab.open("/sign-in?next=/campaigns")
    tab.sign_in(PASSWORD, "petros")
    expect(tab.page).to_have_url(f"{tab.base}/campaigns")
    tab.check(f"campaigns-{language}")
    tab.page.get_by_role("link", name=TITLE).click()
    expect(tab.page.locator("h1")).to_have_text(TITLE)
    expect(tab.page.locator("section#pledge")).to_be_visible()
    tab.check(f"campaign-{language}")

    tab.page.locator("#pledge-amount").fill("a lot")
    tab.page.locator("section#pledge button[type=submit]").click()
    expect(tab.page.locator("#pledge-amount-error")).to_have_text(BAD_AMOUNT[language])
    tab.check(f"campaign-error-{language}")
    assert desk.campaign(campaign.id).totals.pledges == 0

    tab.page.locator("#pledge-amount").fill("150")
    tab.page.locator("section#pledge button[type=submit]").click()
    expect(tab.page.locator(".campaign-progress p")).to_contain_text(RAISED[language])
    expect(tab.page.locator("section#mine")).to_be_visible()
    tab.check(f"campaign-pledged-{language}")
    totals = desk.campaign(campaign.id).totals
    assert (totals.pledged, totals.matched) == (Decimal("150.00"), Decimal("100.00"))
