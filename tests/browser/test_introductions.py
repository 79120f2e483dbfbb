"""Introductions in a real browser (see :mod:`tests.browser.tabs`), in Greek and English: a
member finds a warm path to an investor and asks through it; the coordinator forwards it from
her inbox, the investor accepts and the member confirms; the coordinator mediates the demo's
requests, a refused decline shown next to its field; the pages on a phone's width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from graph_models.domain.accounts import Role
from graph_models.domain.introductions import State
from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.stakeholders import Kind
from graph_models.domain.vocabularies import region_contains
from graph_models.use_cases.introductions import Box
from tests.api.conftest import make_user, use_cases
from tests.browser.tabs import PASSWORD, PHONE

ASKED = {"en": "Your request was sent.", "el": "Το αίτημά σας στάλθηκε."}
FORWARDED = {"en": "You forwarded the request.", "el": "Προωθήσατε το αίτημα."}
ACCEPTED = {"en": "You accepted the request.", "el": "Αποδεχτήκατε το αίτημα."}
CONFIRMED = {"en": "You confirmed the introduction.", "el": "Επιβεβαιώσατε τη σύσταση."}
DECLINED = {"en": "You declined the request.", "el": "Απορρίψατε το αίτημα."}
NO_REASON = {"en": "Choose why you decline.", "el": "Επιλέξτε γιατί αρνείστε."}
COMPLETED = {"en": "Completed", "el": "Ολοκληρώθηκε"}
INBOX = {"en": "Introductions", "el": "Συστάσεις"}


def investor_on_a_warm_path(site):
    """An investor of the coordinator's region that the member's venture reaches by a warm
    path and has not asked to meet yet: (its id, its name)."""
    eco = use_cases(site.app)
    asked = {v.introduction.target_id for v in eco.introductions.inbox(
        Box.SENT, actor=site.nikos, page_size=100).items}
    investors = eco.stakeholders.find_stakeholders(StakeholderQuery(
        kind=Kind.INVESTOR, region=site.demo.region, page_size=100)).items
    for investor in investors:
        if (investor.discoverable and investor.id not in asked
                and region_contains(site.demo.region, investor.region)
                and eco.introductions.paths(site.venture, investor.id,
                                            actor=site.nikos).paths):
            return investor.id, investor.name
    raise AssertionError("the demo has no investor on a warm path from the venture")


def step(tab, action: str):
    """The form of ``action`` on a request's page."""
    return tab.page.locator(f'form.step:has(input[name="action"][value="{action}"])')


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_member_asks_through_a_warm_path_and_the_introduction_is_made(
        tab_in, site, language):
    investor_id, investor = investor_on_a_warm_path(site)
    nikos = tab_in(language)
    nikos.open("/paths")
    nikos.sign_in(PASSWORD, "nikos")
    expect(nikos.page).to_have_url(f"{nikos.base}/paths")
    nikos.check(f"warm-path-search-{language}")

    nikos.page.locator("#to_q").fill(investor)  # htmx suggests the names as they are typed
    nikos.page.locator("#to-candidates").get_by_role("link", name=investor, exact=True).click()
    expect(nikos.page.locator(".paths > li").first).to_be_visible()
    nikos.check(f"warm-paths-{language}")

    nikos.page.locator(".paths a.button").first.click()
    expect(nikos.page).to_have_url(re.compile(r"/introductions/new\?"))
    nikos.page.locator("button.primary").click()  # no purpose chosen yet
    expect(nikos.page.locator("#purpose-error")).to_be_visible()
    expect(nikos.page.locator("#purpose")).to_have_attribute("aria-invalid", "true")
    nikos.check(f"ask-introduction-error-{language}")
    nikos.page.select_option("#purpose", "financing")
    nikos.page.locator("#message").fill("Ψάχνουμε ένα πρώτο δάνειο για τον εξοπλισμό μας.")
    nikos.page.locator("button.primary").click()
    expect(nikos.page.locator(".notice")).to_contain_text(ASKED[language])
    request_page = nikos.page.url
    nikos.check(f"introduction-asked-{language}")

    maria = tab_in(language)
    maria.open("/introductions")
    maria.sign_in(PASSWORD, "maria")
    expect(maria.page.locator("h1")).to_have_text(INBOX[language])
    maria.check(f"coordinator-inbox-{language}")
    maria.page.get_by_role("link", name=re.compile(re.escape(investor))).first.click()
    step(maria, "forward").locator("textarea").fill("Τους γνωρίζουμε καλά.")
    step(maria, "forward").locator("button").click()
    expect(maria.page.locator(".notice")).to_have_text(FORWARDED[language])

    make_user(site.app, "investor", Role.MEMBER, memberships=[investor_id], password=PASSWORD)
    fund = tab_in(language)
    fund.open(request_page.removeprefix(fund.base))
    fund.sign_in(PASSWORD, "investor")
    step(fund, "accept").locator('input[type="checkbox"]').check()
    fund.check(f"introduction-to-accept-{language}")
    step(fund, "accept").locator("button").click()
    expect(fund.page.locator(".notice")).to_have_text(ACCEPTED[language])

    nikos.page.reload()
    step(nikos, "complete").locator("button").click()
    expect(nikos.page.locator(".notice")).to_have_text(CONFIRMED[language])
    expect(nikos.page.locator(".facts").first).to_contain_text(COMPLETED[language])
    expect(nikos.page.locator("#contacts-heading")).to_be_visible()
    nikos.check(f"introduction-completed-{language}")


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_the_coordinator_mediates_the_demos_requests_from_her_inbox(tab_in, site, language):
    first, second = site.demo.activity.introduction_ids[:2]
    maria = tab_in(language)
    maria.open(f"/introductions/{first}")
    maria.sign_in(PASSWORD, "maria")
    maria.check(f"introduction-to-mediate-{language}")

    step(maria, "decline").locator("button").click()  # without a reason
    expect(maria.page.locator("#decline-reason-error")).to_have_text(NO_REASON[language])
    expect(maria.page.locator("#decline-reason")).to_have_attribute(
        "aria-describedby", "decline-reason-error")
    maria.check(f"introduction-decline-refused-{language}")
    maria.page.select_option("#decline-reason", "no_capacity")
    step(maria, "decline").locator("button").click()
    expect(maria.page.locator(".notice")).to_have_text(DECLINED[language])
    maria.check(f"introduction-declined-{language}")

    maria.open(f"/introductions/{second}")
    step(maria, "forward").locator("button").click()
    expect(maria.page.locator(".notice")).to_have_text(FORWARDED[language])
    introductions = use_cases(site.app).introductions
    assert [introductions.get(i).introduction.state for i in (first, second)] == [
        State.DECLINED, State.FORWARDED]


@pytest.mark.slow
def test_the_introductions_pages_fit_a_phone(tab_in, site):
    tab = tab_in("el", PHONE)
    tab.open("/introductions")
    tab.sign_in(PASSWORD, "maria")
    expect(tab.page.locator("h1")).to_have_text(INBOX["el"])
    assert tab.fits_the_width()
    tab.check("phone-introductions-el")
    tab.page.locator(".introductions a").first.click()
    expect(tab.page.locator("form.step").first).to_be_visible()
    assert tab.fits_the_width()
    tab.check("phone-introduction-el")
