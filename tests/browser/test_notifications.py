"""The notifications page in a real browser: a member asks for an introduction, the
coordinator forwards it, and each reads what they were told, in Greek and in English, with a
link to the request."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from graph_models.domain.introductions import Purpose, Step
from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.stakeholders import Kind
from tests.api.conftest import use_cases
from tests.browser.tabs import PASSWORD, PHONE

HEADING = {"el": "Ειδοποιήσεις", "en": "Notifications"}
FORWARDED = {"el": "Προωθήθηκε σε «{target}»", "en": "Forwarded to {target}"}
ASKED = {"el": "Αίτημα σύστασης: «{requester}» ζητά γνωριμία με «{target}»",
         "en": "Introduction request: {requester} would like to meet {target}"}


def asked_and_forwarded(site) -> tuple[str, str, str]:
    """Nikos's venture asks to meet an investor of the region, with no broker; Maria, the
    region's coordinator, forwards it. The request's id and the two names."""
    eco = use_cases(site.app)
    venture = eco.stakeholders.get_stakeholder(site.venture)
    investor = eco.stakeholders.find_stakeholders(StakeholderQuery(
        kind=Kind.INVESTOR, region=site.demo.region, page_size=1)).items[0]
    request = eco.introductions.request(venture.id, investor.id, Purpose.FINANCING,
                                        actor=site.nikos).introduction
    eco.introductions.act(request.id, Step.FORWARD, actor=site.maria)
    return request.id, venture.name, investor.name


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_each_reads_what_they_were_told_in_their_language_and_opens_the_request(
        tab_in, site, language):
    request_id, requester, target = asked_and_forwarded(site)

    nikos = tab_in(language, PHONE)
    nikos.open("/notifications")
    nikos.sign_in(PASSWORD, "nikos")
    expect(nikos.page.locator("h1")).to_have_text(HEADING[language])
    told = nikos.page.locator(".notifications li").first
    expect(told.locator("h2")).to_have_text(FORWARDED[language].format(target=target))
    expect(told.get_by_role("link")).to_have_attribute("href", f"/introductions/{request_id}")
    nikos.check(f"notifications-member-{language}")
    assert nikos.fits_the_width()

    maria = tab_in(language)
    maria.open("/sign-in")
    maria.sign_in(PASSWORD, "maria")
    maria.page.get_by_role("link", name=HEADING[language], exact=True).click()
    expect(maria.page.locator(".notifications h2").first).to_have_text(
        ASKED[language].format(requester=requester, target=target))
    if language == "el":
        expect(maria.page.locator("main")).not_to_contain_text("financing")
        expect(maria.page.locator("main")).to_contain_text("(Χρηματοδότηση)")
    maria.check(f"notifications-coordinator-{language}")
