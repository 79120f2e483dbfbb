"""The activity pages without a browser: a coordinator opens a networking event, members
register and state wishes, the coordinator proposes, adjusts and publishes the schedule, an
attendee reads its agenda (with its print stylesheet) and answers; refusals come back next to
the form, in Greek and English, and write nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import Kind
from tests.api.conftest import make_user, use_cases
from tests.web.conftest import PASSWORD, form_token, sign_in, text_of


@dataclass
class Fair:
    app: object
    ids: dict[str, str]

    def browser(self, username: str, language: str = "en"):
        client = self.app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        assert sign_in(client, username, language=language).status_code == 303
        return client


@pytest.fixture
def fair(app, maria) -> Fair:
    eco = use_cases(app)
    ids = {"org": eco.stakeholders.create_stakeholder({
        "kind": Kind.SUPPORT_ORGANISATION, "name": "Κέντρο ΚΑΛΟ", "region": "EL303"}).id}
    for name in ("ana", "bo", "cy"):
        ids[name] = eco.stakeholders.create_stakeholder({
            "kind": Kind.ENTREPRENEUR, "name": f"Κοιν.Σ.Επ. {name}", "region": "EL303",
            "discoverable": True}).id
        make_user(app, name, Role.MEMBER, memberships=[ids[name]], password=PASSWORD)
    make_user(app, "giorgos", Role.COORDINATOR, regions=["EL52"], password=PASSWORD)
    return Fair(app, ids)


def open_event(fair: Fair, client) -> str:
    page = client.get("/activities")
    answer = client.post("/activities", data={
        "csrf_token": form_token(page), "title": "Γνωριμίες ΚοινΣΕπ", "kind": "networking",
        "pillar": "networking", "starts_on": "2027-04-02", "region": "EL303",
        "capacity": "10", "organiser_id": fair.ids["org"], "slots": "10:00\n10:20",
        "tables": "2"})
    assert answer.status_code == 303
    return answer.headers["Location"].rsplit("/", 1)[-1]


def post(client, path: str, data: dict):
    page = client.get(path.split("/wishes")[0].split("/registrations")[0])
    return client.post(path, data={"csrf_token": form_token(page), **data})


def test_a_coordinator_opens_an_event_and_members_register_and_wish(fair):
    maria = fair.browser("maria")
    event = open_event(fair, maria)
    assert "Γνωριμίες ΚοινΣΕπ" in text_of(maria.get("/activities"))
    for name in ("ana", "bo"):
        member = fair.browser(name)
        assert post(member, f"/activities/{event}/registrations", {
            "stakeholder_id": fair.ids[name], "ties_consent": "true"}).status_code == 303
    ana = fair.browser("ana")
    shown = text_of(ana.get(f"/activities/{event}"))
    assert "Whom would you like to meet?" in shown and "Κοιν.Σ.Επ. bo" in shown
    saved = post(ana, f"/activities/{event}/wishes", {
        "stakeholder_id": fair.ids["ana"], "wishes": f"{fair.ids['bo']}:3", "available": "1"})
    assert saved.status_code == 303
    (registration,) = [r for r in use_cases(fair.app).store.registrations(event)
                       if r.stakeholder_id == fair.ids["ana"]]
    assert (registration.wished(), registration.available) == ({fair.ids["bo"]: 3}, (1,))


def test_a_wish_for_someone_not_registered_is_refused_in_greek_and_writes_nothing(fair):
    event = open_event(fair, fair.browser("maria"))
    ana = fair.browser("ana", "el")
    post(ana, f"/activities/{event}/registrations", {"stakeholder_id": fair.ids["ana"]})
    refused = post(ana, f"/activities/{event}/wishes", {
        "stakeholder_id": fair.ids["ana"], "wishes": f"{fair.ids['cy']}:1"})
    assert refused.status_code == 422
    assert "μόνο άλλους εγγεγραμμένους της εκδήλωσης" in text_of(refused)
    (registration,) = use_cases(fair.app).store.registrations(event)
    assert registration.wishes == ()


def test_a_full_event_says_so_next_to_the_form(fair):
    maria = fair.browser("maria")
    event = open_event(fair, maria)
    assert maria.post(f"/activities/{event}", data={}).status_code == 405
    activities = use_cases(fair.app).activities
    activities.update(event, {"capacity": 1})
    post(fair.browser("ana"), f"/activities/{event}/registrations",
         {"stakeholder_id": fair.ids["ana"]})
    refused = post(fair.browser("bo"), f"/activities/{event}/registrations",
                   {"stakeholder_id": fair.ids["bo"]})
    assert refused.status_code == 409
    assert "the activity is full" in text_of(refused)


def test_a_member_cannot_register_someone_else_nor_open_the_schedule(fair):
    event = open_event(fair, fair.browser("maria"))
    ana = fair.browser("ana")
    assert post(ana, f"/activities/{event}/registrations",
                {"stakeholder_id": fair.ids["bo"]}).status_code == 403
    assert ana.get(f"/activities/{event}/schedule").status_code == 403
    assert fair.browser("giorgos").get(f"/activities/{event}/schedule").status_code == 403


def test_the_schedule_is_proposed_adjusted_published_and_read_in_each_agenda(fair):
    maria = fair.browser("maria")
    event = open_event(fair, maria)
    meetings = use_cases(fair.app).event_meetings
    for name in ("ana", "bo", "cy"):
        post(fair.browser(name), f"/activities/{event}/registrations",
             {"stakeholder_id": fair.ids[name], "ties_consent": "true"})
    for name in ("ana", "bo", "cy"):
        meetings.state_wishes(event, fair.ids[name], wishes={
            fair.ids[o]: 1 for o in ("ana", "bo", "cy") if o != name}, available=[0, 1])
    page = maria.get(f"/activities/{event}/schedule")
    assert "No schedule yet" in text_of(page)
    assert maria.post(f"/activities/{event}/schedule",
                      data={"csrf_token": form_token(page)}).status_code == 303
    page = maria.get(f"/activities/{event}/schedule")
    shown = text_of(page)
    assert "Draft schedule" in shown and "3 pairs want to meet both ways" in shown
    ids = re.findall(r"/schedule/([0-9a-f]+)/remove", page.get_data(as_text=True))
    assert len(ids) == 2  # two rounds: two of the three pairs
    assert maria.post(f"/activities/{event}/schedule/{ids[0]}/remove",
                      data={"csrf_token": form_token(page)}).status_code == 303
    assert maria.post(f"/activities/{event}/schedule/publication",
                      data={"csrf_token": form_token(page)}).status_code == 303
    (kept,) = use_cases(fair.app).store.meetings(event)
    someone = next(n for n in ("ana", "bo", "cy") if fair.ids[n] in (kept.a, kept.b))
    attendee = fair.browser(someone)
    agenda = attendee.get(f"/activities/{event}/agenda")
    assert agenda.status_code == 200
    assert "table 1" in text_of(agenda) and "activities.css" in agenda.get_data(as_text=True)
    answered = attendee.post(
        f"/activities/{event}/agenda/{kept.id}",
        data={"csrf_token": form_token(agenda), "stakeholder_id": fair.ids[someone],
              "held": "false", "useful": "true"})
    assert answered.status_code == 422  # a meeting not held cannot be useful
    assert "only for a meeting held" in text_of(answered)
    assert attendee.post(f"/activities/{event}/agenda/{kept.id}", data={
        "csrf_token": form_token(agenda), "stakeholder_id": fair.ids[someone], "held": "true",
        "useful": "true"}).status_code == 303
    assert "Your answer is saved." in text_of(attendee.get(
        f"/activities/{event}/agenda", query_string={"done": "answered"}))


def test_the_agenda_stylesheet_prints_without_the_site_and_fits_a_phone(fair):
    answer = fair.app.test_client().get("/static/activities.css")
    css = answer.get_data(as_text=True)
    answer.close()
    assert "@media print" in css and ".site-header" in css
    assert "@media (max-width: 30rem)" in css
