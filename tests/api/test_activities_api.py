"""Activities through the API: a networking event from opening to the ties its meetings form,
with each endpoint's happy path and its refusals naming the field."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from graph_models.domain.accounts import Role
from tests.api.conftest import admin_client, bearer_client, make_user
from tests.api.helpers import API, assert_error

A = f"{API}/activities"
FAIR = {"title": "Γνωριμίες ΚοινΣΕπ", "kind": "networking", "pillar": "networking",
        "starts_on": "2027-04-02", "region": "EL303", "capacity": 3, "place": "Τεχνόπολη",
        "topics": ["networking.events"], "slots": ["10:00", "10:20"], "tables": 2}


@dataclass
class People:
    ids: dict[str, str]
    clients: dict[str, object]

    def __call__(self, who: str):
        return self.clients[who]


@pytest.fixture
def people(app) -> People:
    admin = admin_client(app)
    ids = {"org": admin.post(f"{API}/stakeholders", json={
        "kind": "support_organisation", "name": "Κέντρο ΚΑΛΟ", "region": "EL303"}).get_json()["id"]}
    clients = {"admin": admin}
    for name in ("ana", "bo", "cy", "di"):
        ids[name] = admin.post(f"{API}/stakeholders", json={
            "kind": "entrepreneur", "name": f"Κοιν.Σ.Επ. {name}", "region": "EL303",
            "discoverable": True}).get_json()["id"]
        clients[name] = bearer_client(app, make_user(app, name, Role.MEMBER,
                                                     memberships=[ids[name]])[1])
    clients["attica"] = bearer_client(app, make_user(app, "attica", Role.COORDINATOR,
                                                     regions=["EL30"])[1])
    clients["crete"] = bearer_client(app, make_user(app, "crete", Role.COORDINATOR,
                                                    regions=["EL43"])[1])
    return People(ids, clients)


def opened(people: People, **fields) -> dict:
    answer = people("attica").post(A, json={**FAIR, "organiser_id": people.ids["org"], **fields})
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return answer.get_json()


def test_a_networking_event_from_opening_to_the_ties_its_meetings_form(people):
    event = opened(people)
    assert event["labels"]["kind"] == {"networking": "Networking event"}
    for name in ("ana", "bo", "cy"):
        answer = people(name).post(f"{A}/{event['id']}/registrations", json={
            "stakeholder_id": people.ids[name], "ties_consent": True})
        assert answer.status_code == 201
    assert_error(people("di").post(f"{A}/{event['id']}/registrations", json={
        "stakeholder_id": people.ids["di"]}), 409)
    for name in ("ana", "bo", "cy"):
        others = [{"stakeholder_id": people.ids[o], "priority": 2}
                  for o in ("ana", "bo", "cy") if o != name]
        answer = people(name).put(
            f"{A}/{event['id']}/registrations/{people.ids[name]}/wishes",
            json={"wishes": others, "available": [0, 1]})
        assert answer.status_code == 200, answer.get_data(as_text=True)
    schedule = people("attica").post(f"{A}/{event['id']}/meetings").get_json()
    assert schedule["mutual_pairs"] == 3 and len(schedule["meetings"]) == 2
    first = schedule["meetings"][0]["meeting"]
    published = people("attica").post(f"{A}/{event['id']}/meetings/publication").get_json()
    assert published["activity"]["schedule"] == "published"
    side = next(n for n in ("ana", "bo", "cy") if people.ids[n] == first["a"])
    other = next(n for n in ("ana", "bo", "cy") if people.ids[n] == first["b"])
    agenda = people(side).get(f"{A}/{event['id']}/agenda").get_json()
    assert [i["other"]["name"] for i in agenda["items"] if i["meeting"]["id"] == first["id"]] \
        == [f"Κοιν.Σ.Επ. {other}"]
    for who in (side, other):
        answer = people(who).put(f"{A}/{event['id']}/meetings/{first['id']}/answers", json={
            "stakeholder_id": people.ids[who], "held": True, "useful": True})
        assert answer.status_code == 200
    assert answer.get_json()["tie_id"] is not None
    outcomes = people("attica").get(f"{A}/outcomes", query_string={
        "region": "EL30", "starts_from": "2027-01-01", "starts_until": "2027-12-31"}).get_json()
    assert [(o["registered"], len(o["ties"])) for o in outcomes] == [(3, 1)]
    assert outcomes[0]["ties"][0]["via"] == "meeting"


@pytest.mark.parametrize("change, field", [
    ({"capacity": 0}, "capacity"), ({"capacity": "3"}, "capacity"), ({"kind": "party"}, "kind"),
    ({"region": "EL99"}, "region"), ({"topics": ["no.such"]}, "topics"),
    ({"slots": ["x" * 41]}, "slots"), ({"tables": -1}, "tables"), ({"title": ""}, "title"),
    ({"colour": "red"}, "colour"),
])
def test_a_bad_activity_is_refused_naming_the_field(people, change, field):
    assert_error(people("attica").post(A, json={**FAIR, "organiser_id": people.ids["org"],
                                                **change}), 422, field)


def test_rules_the_schema_cannot_see_are_refused_naming_the_field(people):
    body = {**FAIR, "organiser_id": people.ids["org"]}
    assert_error(people("attica").post(A, json={**body, "kind": "workshop"}), 422, "kind")
    assert_error(people("attica").post(A, json={**body, "ends_on": "2027-01-01"}), 422,
                 "ends_on")
    assert_error(people("crete").post(A, json=body), 403, "region")
    assert people("attica").post(A, json={**body, "organiser_id": "nobody"}).status_code == 404


def test_a_patch_changes_only_what_it_names(people):
    event = opened(people)
    changed = people("attica").patch(f"{A}/{event['id']}", json={"capacity": 30})
    assert changed.status_code == 200
    assert (changed.get_json()["capacity"], changed.get_json()["place"]) == (30, "Τεχνόπολη")
    assert_error(people("attica").patch(f"{A}/{event['id']}", json={"capacity": -1}), 422,
                 "capacity")
    assert people("crete").patch(f"{A}/{event['id']}", json={"capacity": 5}).status_code == 403


def test_wishes_and_answers_are_checked_and_named(people):
    event = opened(people)
    url = f"{A}/{event['id']}/registrations/{people.ids['ana']}"
    people("ana").post(f"{A}/{event['id']}/registrations",
                       json={"stakeholder_id": people.ids["ana"]})
    assert_error(people("ana").put(f"{url}/wishes", json={
        "wishes": [{"stakeholder_id": people.ids["bo"], "priority": 4}], "available": [0]}),
        422, "wishes")
    assert_error(people("ana").put(f"{url}/wishes", json={  # bo is not registered
        "wishes": [{"stakeholder_id": people.ids["bo"]}], "available": [0]}), 422, "wishes")
    assert_error(people("ana").put(f"{url}/wishes", json={"wishes": []}), 422, "available")
    assert people("bo").put(f"{url}/wishes", json={"wishes": [], "available": []}
                            ).status_code == 403
    assert_error(people("ana").put(f"{A}/{event['id']}/meetings/x/answers", json={
        "stakeholder_id": people.ids["ana"]}), 422, "held")


def test_the_schedule_is_for_its_coordinators_and_the_agenda_for_its_registrants(people):
    event = opened(people)
    assert people("ana").get(f"{A}/{event['id']}/meetings").status_code == 403
    assert people("crete").get(f"{A}/{event['id']}/meetings").status_code == 403
    assert people("attica").get(f"{A}/{event['id']}/meetings").status_code == 200
    people("ana").post(f"{A}/{event['id']}/registrations",
                       json={"stakeholder_id": people.ids["ana"]})
    assert people("bo").get(f"{A}/{event['id']}/agenda", query_string={
        "stakeholder_id": people.ids["ana"]}).status_code == 403
    assert people("ana").get(f"{A}/{event['id']}/agenda").get_json()["published"] is False
    assert_error(people("bo").get(f"{A}/{event['id']}/agenda"), 422, "stakeholder_id")
    assert people("attica").post(f"{A}/{event['id']}/meetings/publication").status_code == 409


def test_attendance_names_who_was_not_registered_and_forms_organiser_ties(people):
    event = opened(people, kind="workshop", slots=[], tables=0, pillar="training")
    people("ana").post(f"{A}/{event['id']}/registrations", json={
        "stakeholder_id": people.ids["ana"], "ties_consent": True})
    assert_error(people("attica").post(f"{A}/{event['id']}/attendance", json={
        "attended": [people.ids["bo"]]}), 422, "attended")
    formed = people("attica").post(f"{A}/{event['id']}/attendance",
                                   json={"attended": [people.ids["ana"]]}).get_json()
    assert [(t["source"], t["target"], t["via"]) for t in formed] == [
        (people.ids["ana"], people.ids["org"], "attendance")]
    assert people("ana").post(f"{A}/{event['id']}/attendance",
                              json={"attended": []}).status_code == 403
    assert people("admin").delete(
        f"{A}/{event['id']}/registrations/{people.ids['ana']}").status_code == 409


def test_the_list_filters_by_kind_and_names_a_bad_filter(people):
    opened(people)
    opened(people, kind="workshop", slots=[], tables=0)
    found = people("ana").get(A, query_string={"kind": "workshop"}).get_json()
    assert [a["kind"] for a in found["items"]] == ["workshop"]
    assert_error(people("ana").get(A, query_string={"kind": "party"}), 422, "kind",
                 location="query")
    assert_error(people("ana").get(A, query_string={"colour": "red"}), 422, "colour",
                 location="query")
