"""The mentoring journeys in a browser, in Greek and English: a coordinator reviews the demo
programme's proposal, swaps and pins pairs, publishes it and reads its report; then a member
whose organisation is in a published pair accepts the mentorship on a phone, logs a session
and rates it."""

from __future__ import annotations

from datetime import date

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.mentorships import MentorshipState, Step
from graph_models.domain.programmes import ProgrammeState
from tests.api.conftest import use_cases
from tests.browser.tabs import PASSWORD, PHONE


def member_of(site, stakeholder_id: str, username: str):
    """A member of ``stakeholder_id`` who signs in with the password."""
    return use_cases(site.app).accounts.create_user({
        "username": username, "role": Role.MEMBER, "memberships": [stakeholder_id],
        "password": PASSWORD})


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_coordinator_reviews_edits_and_publishes_a_programme_then_a_member_follows_it(
        site, tab_in, language):
    programme_id = site.demo.activity.programme_id
    eco = use_cases(site.app)
    tab = tab_in(language)
    tab.open("/programmes")
    tab.sign_in()
    page = tab.page
    assert page.locator("html").get_attribute("lang") == language
    tab.check(f"programmes-{language}")

    page.locator(f'a[href="/programmes/{programme_id}"]').click()
    assert page.locator("table.pairs tbody tr").count() > 1
    page.locator("table.pairs details summary").first.click()
    assert page.locator("ul.terms li").first.is_visible()
    tab.check(f"programme-{language}")

    before = {p.mentee_id: p.mentor_id for p in eco.programmes.get_programme(
        programme_id).programme.draft.pairs}
    page.locator("#swap-mentee_id").select_option(index=1)
    page.locator("#swap-other_mentee_id").select_option(index=2)
    one = page.locator("#swap-mentee_id").input_value()
    other = page.locator("#swap-other_mentee_id").input_value()
    page.locator("form#swap button[type=submit]").click()
    assert page.locator(".notice").is_visible()
    after = {p.mentee_id: p.mentor_id for p in eco.programmes.get_programme(
        programme_id).programme.draft.pairs}
    assert (after[one], after[other]) == (before[other], before[one])

    page.locator("table.pairs button[value=pin]").first.click()
    assert page.locator(".notice").is_visible()
    pinned = [p for p in eco.programmes.get_programme(programme_id).programme.draft.pairs
              if p.pinned]
    assert len(pinned) == 3  # the two swapped and the one pinned by hand

    page.locator("form#publish button[type=submit]").click()
    assert page.locator("#report").is_visible()
    assert eco.programmes.get_programme(programme_id).programme.state == ProgrammeState.PUBLISHED
    tab.check(f"programme-report-{language}")

    made = eco.mentorships.mentorships(programme_id=programme_id).items[0].mentorship
    member_of(site, made.mentee_id, "mentee-member")
    mentor_side = member_of(site, made.mentor_id, "mentor-member")
    eco.mentorships.act(made.id, Step.ACCEPT, actor=mentor_side)

    phone = tab_in(language, PHONE)
    phone.open("/mentorships")
    phone.sign_in(username="mentee-member")
    card = phone.page.locator(f"#m-{made.id}")
    phone.check(f"mentorships-{language}")
    card.locator("button[value=accept]").click()
    card.locator("button[value=start]").click()
    card.locator("input[type=date]").fill(date.today().isoformat())
    card.locator("textarea").fill("Δουλέψαμε το επιχειρηματικό σχέδιο.")
    card.locator("form.card-form button[type=submit]").click()
    card.locator("select[name=rating]").select_option("4")
    card.locator("button[value=check_in]").click()
    assert "Δουλέψαμε το επιχειρηματικό σχέδιο." in card.inner_text()
    assert phone.fits_the_width()
    phone.check(f"mentorship-rated-{language}")

    now = eco.mentorships.get(made.id).mentorship
    assert now.state == MentorshipState.ACTIVE
    assert [r.score for r in now.ratings] == [4]
    assert len(eco.mentorships.sessions(made.id)) == 1
