"""A networking event's journey in a browser, in Greek and English: a member registers its
organisation and says whom it wants to meet, the coordinator proposes the schedule of meetings
and publishes it, and the member opens its agenda on a phone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.stakeholders import Kind
from tests.api.conftest import use_cases
from tests.browser.tabs import PHONE


def networking_event(site) -> tuple[str, list[str]]:
    """A networking event of the demo's region, for which two of its entrepreneurs registered;
    their ids."""
    eco = use_cases(site.app)
    found = eco.stakeholders.find_stakeholders(StakeholderQuery(
        kind=Kind.ENTREPRENEUR, region=site.demo.region, page_size=5)).items
    others = [s.id for s in found if s.id != site.venture][:2]
    event = eco.activities.create(
        title="Γνωριμίες ΚοινΣΕπ", kind="networking", starts_on=date.today() + timedelta(30),
        region=site.demo.region, pillar="networking", capacity=20, organiser_id=others[0],
        place="Τεχνόπολη", slots=["10:00", "10:20", "10:40"], tables=3)
    for sid in others:
        eco.activities.register(event.id, sid, ties_consent=True)
    return event.id, others


def wish_everyone(site, event: str, others: list[str]) -> None:
    """The two others want to meet each other and nikos's venture, in any round."""
    for sid in others:
        use_cases(site.app).event_meetings.state_wishes(event, sid, wishes={
            x: 2 for x in (*others, site.venture) if x != sid}, available=[0, 1, 2])


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_member_registers_and_wishes_the_coordinator_schedules_and_the_agenda_fits_a_phone(
        site, tab_in, language):
    event, others = networking_event(site)
    eco = use_cases(site.app)

    tab = tab_in(language)
    tab.open("/activities")
    tab.sign_in(username="nikos")
    page = tab.page
    assert page.locator("html").get_attribute("lang") == language
    tab.check(f"activities-{language}")
    page.locator(f'a[href="/activities/{event}"]').click()
    page.locator("#register-stakeholder").select_option(site.venture)
    page.locator("label.consent input").check()
    page.locator(f'form[action="/activities/{event}/registrations"] button').click()
    assert page.locator(".notice").is_visible()
    wish_everyone(site, event, others)
    page.reload()
    for index in (1, 2):  # both other registrants: "I must meet"
        page.locator(f"#wish-{index}").select_option(index=3)
    page.locator("form.wishes input[name=available]").nth(1).check()
    page.locator("form.wishes input[name=available]").nth(2).check()
    page.locator("form.wishes button[type=submit]").click()
    assert page.locator(".notice").is_visible()
    tab.check(f"activity-{language}")
    (mine,) = [r for r in eco.store.registrations(event) if r.stakeholder_id == site.venture]
    assert (set(mine.wished()), mine.available) == (set(others), (1, 2))

    coordinator = tab_in(language)
    coordinator.open(f"/activities/{event}/schedule")
    coordinator.sign_in()
    coordinator.page.locator(f'form[action="/activities/{event}/schedule"] button').click()
    assert coordinator.page.locator(".notice").is_visible()
    assert coordinator.page.locator("td.changes").count() == 3  # a triangle in three rounds
    coordinator.page.locator(
        f'form[action="/activities/{event}/schedule/publication"] button').click()
    coordinator.check(f"schedule-{language}")
    assert eco.store.get_activity(event).schedule.value == "published"

    phone = tab_in(language, PHONE)
    phone.open(f"/activities/{event}/agenda")
    phone.sign_in(username="nikos")
    items = phone.page.locator("ol.agenda > li")
    assert items.count() == 2
    assert {items.nth(i).locator(".when strong").inner_text() for i in range(2)} == {
        "10:20", "10:40"}
    assert phone.fits_the_width()
    phone.check(f"agenda-phone-{language}")
