"""Consulting through the API, on both stores: each endpoint of /api/v1/assessments and
/api/v1/workshops, its happy path and its refusals — bad input named by field, another
territory's coordinator told the object does not exist, a step out of turn refused by state —
and, after every refusal, the store as it was."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from graph_models.domain.accounts import Role
from tests.api.conftest import admin_client, bearer_client, make_user, use_cases
from tests.api.helpers import API, ApiClient, assert_error

A = f"{API}/assessments"
W = f"{API}/workshops"
DRAFT = {"title": "Ανάγκες Αττικής 2026", "region": "EL30", "kinds": ["entrepreneur"],
         "questions": [
             {"kind": "needs", "prompt": "Τι χρειάζεστε;", "pillar": "financing",
              "topics": ["financing.loan", "financing.grant"]},
             {"kind": "rating", "prompt": "Πόσο πιεστικές είναι;"},
             {"kind": "text", "prompt": "Κάτι άλλο;"}]}
HELD = {"title": "Χρηματοδότηση ΚοινΣΕπ", "held_on": "2026-03-01", "place": "Δημαρχείο",
        "region": "EL303", "pillar": "financing", "topics": ["financing.loan"]}


@dataclass
class Office:
    """An Attica coordinator, one of Central Macedonia, a member, and Attica's two social
    co-operatives and one investor; Crete's co-operative is out of every Attica scope."""

    app: object
    clients: dict[str, object]
    ids: dict[str, str]

    def __getattr__(self, who: str):
        return self.clients[who]

    @property
    def store(self):
        return use_cases(self.app).store

    def draft(self, **fields) -> dict:
        made = self.coordinator.post(A, json={**DRAFT, **fields})
        assert made.status_code == 201, made.get_data(as_text=True)
        return made.get_json()

    def opened(self, **fields) -> dict:
        made = self.draft(**fields)
        opened = self.coordinator.post(f"{A}/{made['id']}/actions", json={"action": "open"})
        assert opened.status_code == 200, opened.get_data(as_text=True)
        return opened.get_json()

    def workshop(self, **fields) -> dict:
        made = self.coordinator.post(W, json={**HELD, **fields})
        assert made.status_code == 201, made.get_data(as_text=True)
        return made.get_json()


@pytest.fixture
def office(engine_app) -> Office:
    api = ApiClient(admin_client(engine_app))
    ids = {"ilios": api.stakeholder("entrepreneur", "Ήλιος ΚοινΣΕπ", "EL303",
                                    needs=["financing.loan", "training.digital_skills"])["id"],
           "selini": api.stakeholder("entrepreneur", "Σελήνη ΚοινΣΕπ", "EL304")["id"],
           "bank": api.stakeholder("investor", "Συνεταιριστική Τράπεζα", "EL303")["id"],
           "crete": api.stakeholder("entrepreneur", "Κρήτη ΚοινΣΕπ", "EL431")["id"]}
    clients = {"admin": api.client}
    for name, fields in (("coordinator", {"role": Role.COORDINATOR, "regions": ["EL30"]}),
                         ("elsewhere", {"role": Role.COORDINATOR, "regions": ["EL52"]}),
                         ("member", {"role": Role.MEMBER, "memberships": [ids["ilios"]]})):
        clients[name] = bearer_client(engine_app, make_user(engine_app, f"user-{name}",
                                                            **fields)[1])
    return Office(engine_app, clients, ids)


# -- assessments --------------------------------------------------------------------------------

def test_a_coordinator_drafts_an_assessment_and_lists_only_those_of_its_territories(office):
    made = office.draft()

    assert (made["state"], made["region"], made["link_days"]) == ("draft", "EL30", 21)
    assert [q["key"] for q in made["questions"]] == ["q1", "q2", "q3"]
    assert [a["id"] for a in office.coordinator.get(A).get_json()] == [made["id"]]
    assert [a["id"] for a in office.admin.get(A).get_json()] == [made["id"]]
    assert office.elsewhere.get(A).get_json() == []
    assert [a.id for a in office.store.list_assessments()] == [made["id"]]


@pytest.mark.parametrize(("change", "field"), [
    ({"title": ""}, "title"),
    ({"title": None}, "title"),
    ({"region": "EL99"}, "region"),
    ({"questions": []}, "questions"),
    ({"questions": [{"kind": "needs", "prompt": "Τι;", "pillar": "dancing"}]}, "questions"),
    ({"questions": [{"kind": "maybe", "prompt": "Τι;"}]}, "questions"),
    ({"kinds": ["alien"]}, "kinds"),
    ({"sectors": ["nowhere"]}, "sectors"),
    ({"link_days": 91}, "link_days"),
    ({"link_days": "21"}, "link_days"),
    ({"plan_id": ""}, "plan_id"),
    ({"colour": "red"}, "colour"),
])
def test_a_bad_draft_is_refused_naming_its_field_and_nothing_is_written(office, change, field):
    refused = office.coordinator.post(A, json={**DRAFT, **change})

    assert_error(refused, 422, field)
    assert office.store.list_assessments() == []


@pytest.mark.parametrize(("question", "field"), [
    ({"kind": "needs", "prompt": "Τι χρειάζεστε;"}, "questions.0.pillar"),
    ({"kind": "offers", "prompt": "Τι προσφέρετε;", "pillar": "financing",
      "topics": ["training.mentoring"]}, "questions.0.topics"),
    ({"kind": "rating", "prompt": "   "}, "questions.0.prompt"),
])
def test_a_question_breaking_a_domain_rule_is_refused_naming_it(office, question, field):
    refused = office.coordinator.post(A, json={**DRAFT, "questions": [question]})

    assert_error(refused, 422, field)
    assert office.store.list_assessments() == []


def test_a_draft_outside_the_coordinators_territories_is_forbidden_and_not_written(office):
    assert_error(office.elsewhere.post(A, json=DRAFT), 403, "region")
    assert_error(office.member.post(A, json=DRAFT), 403)
    assert office.store.list_assessments() == []


def test_an_assessment_reads_with_its_links_and_an_empty_needs_map(office):
    made = office.draft()

    read = office.coordinator.get(f"{A}/{made['id']}")

    assert read.status_code == 200, read.get_data(as_text=True)
    body = read.get_json()
    assert body["assessment"]["id"] == made["id"] and body["links"] == []
    assert (body["map"]["sent"], body["map"]["respondents"], body["map"]["response_rate"]) == (
        0, 0, None)
    assert_error(office.elsewhere.get(f"{A}/{made['id']}"), 404)
    assert_error(office.coordinator.get(f"{A}/no-such-assessment"), 404)
    assert_error(office.member.get(f"{A}/{made['id']}"), 403)


def test_a_draft_changes_and_a_bad_change_is_refused_by_field_leaving_it_as_it_was(office):
    made = office.draft()
    url = f"{A}/{made['id']}"

    changed = office.coordinator.patch(url, json={"title": "Ανάγκες 2027", "link_days": 30})

    assert changed.status_code == 200, changed.get_data(as_text=True)
    assert (changed.get_json()["title"], changed.get_json()["link_days"]) == ("Ανάγκες 2027", 30)
    for body, field in (({"title": ""}, "title"), ({"link_days": 0}, "link_days"),
                        ({"questions": []}, "questions"), ({"state": "open"}, "state")):
        assert_error(office.coordinator.patch(url, json=body), 422, field)
    assert_error(office.coordinator.patch(url, json={"region": "EL43"}), 403, "region")
    assert_error(office.elsewhere.patch(url, json={"title": "Δικό μου"}), 404)
    stored = office.store.get_assessment(made["id"])
    assert (stored.title, stored.link_days, stored.region) == ("Ανάγκες 2027", 30, "EL30")


def test_once_open_only_the_plan_of_an_assessment_changes(office):
    opened = office.opened()
    url = f"{A}/{opened['id']}"

    assert_error(office.coordinator.patch(url, json={"title": "Άλλο"}), 409, "state")
    planned = office.coordinator.patch(url, json={"plan_id": "plan-attica-2026"})

    assert planned.status_code == 200 and planned.get_json()["plan_id"] == "plan-attica-2026"
    stored = office.store.get_assessment(opened["id"])
    assert (stored.title, stored.plan_id) == (DRAFT["title"], "plan-attica-2026")


def test_an_assessment_opens_and_closes_once_each_in_turn(office):
    made = office.draft()
    act = f"{A}/{made['id']}/actions"

    assert_error(office.coordinator.post(act, json={"action": "close"}), 409, "state")
    assert_error(office.coordinator.post(act, json={"action": "publish"}), 422, "action")
    assert_error(office.coordinator.post(act, json={}), 422, "action")
    assert_error(office.elsewhere.post(act, json={"action": "open"}), 404)
    assert office.store.get_assessment(made["id"]).state == "draft"
    opened = office.coordinator.post(act, json={"action": "open"})
    assert opened.status_code == 200 and opened.get_json()["state"] == "open"
    assert opened.get_json()["opened_at"]
    assert_error(office.coordinator.post(act, json={"action": "open"}), 409, "state")
    closed = office.coordinator.post(act, json={"action": "close"})
    assert closed.status_code == 200 and closed.get_json()["state"] == "closed"
    assert_error(office.coordinator.post(act, json={"action": "close"}), 409, "state")
    assert_error(office.coordinator.post(f"{A}/nothing/actions", json={"action": "open"}), 404)
    assert office.store.get_assessment(made["id"]).state == "closed"


def test_sending_links_each_stakeholder_of_the_scope_once_and_shows_each_link_once(office):
    opened = office.opened()
    send = f"{A}/{opened['id']}/links"

    sent = office.coordinator.post(send)

    assert sent.status_code == 201, sent.get_data(as_text=True)
    rows = sent.get_json()["links"]
    assert sorted(r["stakeholder"]["name"] for r in rows) == ["Ήλιος ΚοινΣΕπ", "Σελήνη ΚοινΣΕπ"]
    assert all(r["emailed"] is False and "/q/" in r["link"] for r in rows)
    again = office.coordinator.post(send)
    assert again.status_code == 201 and again.get_json()["links"] == []
    listed = office.coordinator.get(f"{A}/{opened['id']}").get_json()["links"]
    assert sorted(r["state"] for r in listed) == ["pending", "pending"]
    assert not any(r["link"].rsplit("/", 1)[1] in str(listed) for r in rows)
    assert len(office.store.links_of(opened["id"])) == 2


def test_sending_is_refused_unless_open_and_to_anyone_else_and_writes_no_link(office):
    made = office.draft()
    send = f"{A}/{made['id']}/links"

    assert_error(office.coordinator.post(send), 409, "state")
    office.coordinator.post(f"{A}/{made['id']}/actions", json={"action": "open"})
    assert_error(office.elsewhere.post(send), 404)
    assert_error(office.member.post(send), 403)
    assert_error(office.coordinator.post(f"{A}/no-such/links"), 404)
    assert office.store.links_of(made["id"]) == []
    office.coordinator.post(f"{A}/{made['id']}/actions", json={"action": "close"})
    assert_error(office.coordinator.post(send), 409, "state")
    assert office.store.links_of(made["id"]) == []


def test_the_answers_add_up_in_the_needs_map_and_closing_stops_the_links(office):
    opened = office.opened()
    rows = office.coordinator.post(f"{A}/{opened['id']}/links").get_json()["links"]
    token = {r["stakeholder"]["name"]: r["link"].rsplit("/", 1)[1] for r in rows}
    desk = use_cases(office.app).assessments
    desk.answer(token["Ήλιος ΚοινΣΕπ"], [{"question": "q1", "topics": ["financing.grant"]},
                                         {"question": "q2", "rating": 4},
                                         {"question": "q3", "text": "Εγγυήσεις"}], consent=True)

    body = office.coordinator.get(f"{A}/{opened['id']}").get_json()

    assert (body["map"]["sent"], body["map"]["respondents"], body["map"]["response_rate"]) == (
        2, 1, 0.5)
    topics = {t["topic"]: (t["needs"], t["need_share"]) for t in body["map"]["topics"]}
    assert topics == {"financing.grant": (1, 1.0), "financing.loan": (0, 0.0)}
    assert [(r["question"], r["answered"], r["mean"]) for r in body["map"]["ratings"]] == [
        ("q2", 1, 4.0)]
    assert body["texts"] == [["q3", "Εγγυήσεις"]]
    assert office.store.get_stakeholder(office.ids["ilios"]).needs == (
        "financing.grant", "training.digital_skills")
    office.coordinator.post(f"{A}/{opened['id']}/actions", json={"action": "close"})
    respondent = office.app.test_client()
    assert respondent.get(f"/q/{token['Σελήνη ΚοινΣΕπ']}").status_code == 410
    assert respondent.get(f"/q/{token['Ήλιος ΚοινΣΕπ']}").status_code == 410
    assert len(office.store.responses_of(opened["id"])) == 1


def test_an_assessment_of_another_territory_does_not_exist_for_its_coordinator(office):
    made = office.draft()
    url = f"{A}/{made['id']}"

    for response in (office.elsewhere.get(url), office.elsewhere.patch(url, json={"title": "x"}),
                     office.elsewhere.post(f"{url}/actions", json={"action": "open"}),
                     office.elsewhere.post(f"{url}/links")):
        assert_error(response, 404)
    stored = office.store.get_assessment(made["id"])
    assert (stored.title, stored.state) == (DRAFT["title"], "draft")


# -- workshops ----------------------------------------------------------------------------------

def test_a_coordinator_records_a_workshop_and_lists_only_those_of_its_territories(office):
    made = office.workshop(
        participants=[{"stakeholder_id": office.ids["ilios"], "listed": True},
                      {"stakeholder_id": office.ids["selini"]}],
        insights=[{"text": "Οι τράπεζες ζητούν εγγυήσεις", "topics": ["financing.guarantee"]}],
        actions=[{"text": "Ταμείο εγγυήσεων", "plan_action_id": "action-1"}])

    assert made["participants"] == [{"stakeholder_id": office.ids["ilios"], "listed": True},
                                    {"stakeholder_id": office.ids["selini"], "listed": False}]
    assert made["actions"] == [{"text": "Ταμείο εγγυήσεων", "topics": [],
                                "plan_action_id": "action-1"}]
    assert [w["id"] for w in office.coordinator.get(W).get_json()] == [made["id"]]
    assert [w["id"] for w in office.admin.get(W).get_json()] == [made["id"]]
    assert office.elsewhere.get(W).get_json() == []
    read = office.coordinator.get(f"{W}/{made['id']}")
    assert read.status_code == 200 and read.get_json() == made
    assert [w.id for w in office.store.list_workshops()] == [made["id"]]


@pytest.mark.parametrize(("change", "field"), [
    ({"title": ""}, "title"),
    ({"held_on": "yesterday"}, "held_on"),
    ({"held_on": None}, "held_on"),
    ({"place": ""}, "place"),
    ({"region": "EL99"}, "region"),
    ({"pillar": "dancing"}, "pillar"),
    ({"topics": ["nope"]}, "topics"),
    ({"participants": [{"listed": True}]}, "participants"),
    ({"insights": [{"text": ""}]}, "insights"),
    ({"actions": [{"text": "x", "topics": ["nope"]}]}, "actions"),
    ({"plan_id": ""}, "plan_id"),
    ({"colour": "red"}, "colour"),
])
def test_a_bad_workshop_is_refused_naming_its_field_and_nothing_is_written(office, change,
                                                                           field):
    assert_error(office.coordinator.post(W, json={**HELD, **change}), 422, field)
    assert office.store.list_workshops() == []


def test_a_workshop_naming_no_stakeholder_or_one_twice_is_refused_and_not_written(office):
    ilios = {"stakeholder_id": office.ids["ilios"]}
    for participants in ([{"stakeholder_id": "nobody"}], [ilios, ilios]):
        assert_error(office.coordinator.post(W, json={**HELD, "participants": participants}),
                     422, "participants")
    assert_error(office.coordinator.post(W, json={**HELD, "place": "  "}), 422, "place")
    assert_error(office.elsewhere.post(W, json=HELD), 403, "region")
    assert_error(office.member.post(W, json=HELD), 403)
    assert office.store.list_workshops() == []


def test_a_workshop_changes_with_lists_replaced_whole_and_bad_changes_leave_it(office):
    made = office.workshop(participants=[{"stakeholder_id": office.ids["ilios"],
                                          "listed": True}])
    url = f"{W}/{made['id']}"

    changed = office.coordinator.patch(url, json={
        "place": "Αίθουσα", "participants": [{"stakeholder_id": office.ids["selini"]}]})

    assert changed.status_code == 200, changed.get_data(as_text=True)
    assert changed.get_json()["place"] == "Αίθουσα"
    assert changed.get_json()["participants"] == [
        {"stakeholder_id": office.ids["selini"], "listed": False}]
    for body, field in (({"place": ""}, "place"), ({"pillar": "dancing"}, "pillar"),
                        ({"held_on": "soon"}, "held_on"),
                        ({"participants": [{"stakeholder_id": "nobody"}]}, "participants")):
        assert_error(office.coordinator.patch(url, json=body), 422, field)
    assert_error(office.coordinator.patch(url, json={"region": "EL431"}), 403, "region")
    assert_error(office.elsewhere.patch(url, json={"place": "Θεσσαλονίκη"}), 404)
    assert_error(office.coordinator.patch(f"{W}/no-such", json={"place": "x"}), 404)
    stored = office.store.get_workshop(made["id"])
    assert (stored.place, stored.region, [p.stakeholder_id for p in stored.participants]) == (
        "Αίθουσα", "EL303", [office.ids["selini"]])


def test_a_workshop_is_deleted_once_and_only_by_the_coordinators_of_its_region(office):
    made = office.workshop()
    url = f"{W}/{made['id']}"

    assert_error(office.elsewhere.delete(url), 404)
    assert_error(office.member.delete(url), 403)
    assert_error(office.elsewhere.get(url), 404)
    assert [w.id for w in office.store.list_workshops()] == [made["id"]]
    deleted = office.coordinator.delete(url)

    assert deleted.status_code == 204
    assert office.store.list_workshops() == []
    assert_error(office.coordinator.delete(url), 404)
    assert_error(office.coordinator.get(url), 404)
