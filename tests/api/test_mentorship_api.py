"""Mentorship through the API: a programme from opening to its report, the lifecycle with the
parties' rights, sessions whose notes only the pair reads, circles, and bad input named."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_models.domain.accounts import Role
from graph_models.domain.mentorships import Mentorship
from tests.api.conftest import admin_client, bearer_client, make_user
from tests.api.helpers import API, ApiClient, assert_error, assert_error_shape

P = f"{API}/programmes"
M = f"{API}/mentorships"
SPRING = {"name": "Άνοιξη 2026", "region": "EL30", "starts_on": "2026-03-01",
          "topics": ["training.mentoring"]}


@dataclass
class People:
    """Three mentees and two mentors in Attica (EL303); a member of each, a coordinator of
    Attica (EL30), one of Central Macedonia (EL52) and a stranger."""

    ids: dict[str, str]
    clients: dict[str, object]

    def post(self, who: str, url: str, **kwargs):
        return self.clients[who].post(url, **kwargs)

    def get(self, who: str, url: str, **kwargs):
        return self.clients[who].get(url, **kwargs)

    def act(self, who: str, mentorship_id: str, action: str, **fields):
        return self.post(who, f"{M}/{mentorship_id}/actions", json={"action": action, **fields})

    def programme(self, **fields) -> str:
        """An open programme with everyone enrolled (a place for each mentor)."""
        response = self.post("coordinator", P, json={**SPRING, **fields})
        assert response.status_code == 201, response.get_data(as_text=True)
        programme_id = response.get_json()["id"]
        enrolled = self.post("coordinator", f"{P}/{programme_id}/enrolments", json={
            "mentees": [self.ids[x] for x in ("ana", "bo", "cy")],
            "mentors": [{"id": self.ids["kim"], "capacity": 1},
                        {"id": self.ids["lee"], "capacity": 1}]})
        assert enrolled.status_code == 200, enrolled.get_data(as_text=True)
        return programme_id

    def published(self) -> tuple[str, list[dict]]:
        """A published programme and its mentorships (as the coordinator sees them)."""
        programme_id = self.programme()
        assert self.post("coordinator", f"{P}/{programme_id}/proposal", json={}).status_code == 200
        assert self.post("coordinator", f"{P}/{programme_id}/publish").status_code == 200
        found = self.get("coordinator", M, query_string={"programme_id": programme_id})
        return programme_id, found.get_json()["items"]

    def started(self) -> tuple[dict, str, str]:
        """A mentorship both sides accepted and the coordinator started: it, its mentee's
        member and its mentor's member."""
        _, made = self.published()
        mentorship = made[0]
        mentee, mentor = self.side(mentorship, "mentee"), self.side(mentorship, "mentor")
        for who in (mentee, mentor):
            self.act(who, mentorship["id"], "accept")
        self.act("coordinator", mentorship["id"], "start")
        return mentorship, mentee, mentor

    def side(self, mentorship: dict, which: str) -> str:
        """The name of the member standing as the mentee or the mentor of a mentorship."""
        return next(k for k, v in self.ids.items() if v == mentorship[which]["id"])


@pytest.fixture
def people(app) -> People:
    api = ApiClient(admin_client(app))
    ids = {}
    for name in ("ana", "bo", "cy"):
        ids[name] = api.stakeholder("entrepreneur", f"Κοιν.Σ.Επ. {name}", discoverable=True,
                                    languages=["el"], needs=["training.mentoring"])["id"]
    for name in ("kim", "lee"):
        ids[name] = api.stakeholder("support_organisation", f"Κέντρο {name}",
                                    discoverable=True, languages=["el"],
                                    offers=["training.mentoring"], capacity=5)["id"]
    ids["bank"] = api.stakeholder("investor", "Τράπεζα", discoverable=True)["id"]
    clients = {"admin": api.client}
    for name in ("ana", "bo", "cy", "kim", "lee"):
        clients[name] = bearer_client(app, make_user(app, f"member-{name}", Role.MEMBER,
                                                     memberships=[ids[name]])[1])
    for name, fields in (("coordinator", {"role": Role.COORDINATOR, "regions": ["EL30"]}),
                         ("elsewhere", {"role": Role.COORDINATOR, "regions": ["EL52"]}),
                         ("stranger", {"role": Role.MEMBER})):
        clients[name] = bearer_client(app, make_user(app, f"user-{name}", **fields)[1])
    return People(ids, clients)


def test_a_programme_goes_from_opening_through_a_proposal_to_published_mentorships(people):
    programme_id = people.programme()

    proposed = people.post("coordinator", f"{P}/{programme_id}/proposal",
                           json={"method": "optimal"})
    assert proposed.status_code == 200, proposed.get_data(as_text=True)
    proposal = proposed.get_json()["proposal"]
    assert len(proposal["pairs"]) == 2 and len(proposal["unplaced"]) == 1
    assert proposal["unplaced"][0]["reason"] == "all_full"
    pair = proposal["pairs"][0]
    assert pair["mentee"]["name"] and pair["explanation"]["terms"]
    assert pair["score"] == pytest.approx(pair["explanation"]["score"], abs=0.05)
    left = proposal["unplaced"][0]["mentee_id"]

    swapped = people.post("coordinator", f"{P}/{programme_id}/proposal/edits", json={
        "action": "swap", "mentee_id": pair["mentee_id"], "other_mentee_id": left})
    assert swapped.status_code == 200, swapped.get_data(as_text=True)
    placed = {p["mentee_id"]: p for p in swapped.get_json()["proposal"]["pairs"]}
    assert placed[left]["mentor_id"] == pair["mentor_id"] and placed[left]["pinned"]
    resolved = people.post("coordinator", f"{P}/{programme_id}/proposal", json={}).get_json()
    assert {p["mentee_id"]: p["mentor_id"] for p in resolved["proposal"]["pairs"]}[left] == (
        pair["mentor_id"])

    published = people.post("coordinator", f"{P}/{programme_id}/publish")
    assert published.status_code == 200
    assert (published.get_json()["state"], published.get_json()["mentorships"]) == (
        "published", 2)
    again = people.post("coordinator", f"{P}/{programme_id}/publish")
    assert assert_error(again, 409, "state")["errors"]["json"]["state"] == ["published"]
    mine = people.get(people.side({"mentee": {"id": left}}, "mentee"), M).get_json()["items"]
    assert [(m["state"], m["your_parts"], m["your_actions"]) for m in mine] == [
        ("proposed", ["mentee"], ["accept", "cancel"])]


def test_only_the_coordinators_of_its_region_see_and_run_a_programme(people):
    programme_id = people.programme()

    assert people.get("admin", f"{P}/{programme_id}").status_code == 200
    assert_error(people.get("elsewhere", f"{P}/{programme_id}"), 404)
    assert_error(people.post("elsewhere", f"{P}/{programme_id}/proposal", json={}), 404)
    assert_error(people.get("ana", f"{P}/{programme_id}"), 403)
    assert_error(people.post("elsewhere", P, json=SPRING), 403, "region")
    assert people.get("elsewhere", P).get_json()["total"] == 0
    assert [p["id"] for p in people.get("coordinator", P).get_json()["items"]] == [programme_id]


def test_the_lifecycle_through_the_api_with_sessions_ratings_and_the_report(people):
    programme_id, made = people.published()
    m = made[0]
    mentee, mentor = people.side(m, "mentee"), people.side(m, "mentor")
    url = f"{M}/{m['id']}"

    assert_error(people.act("coordinator", m["id"], "accept"), 403)
    assert_error(people.act("stranger", m["id"], "accept"), 404)
    assert_error(people.get("stranger", url), 404)
    assert people.act(mentee, m["id"], "accept").get_json()["state"] == "proposed"
    assert_error(people.act(mentee, m["id"], "accept"), 409, "state")
    accepted = people.act(mentor, m["id"], "accept").get_json()
    assert (accepted["state"], accepted["accepted_on"] is not None) == ("accepted", True)
    assert_error(people.post(mentee, f"{url}/sessions", json={"on": "2026-01-10"}), 409, "state")
    assert people.act("coordinator", m["id"], "start").get_json()["state"] == "active"

    logged = people.post(mentee, f"{url}/sessions", json={
        "on": "2026-01-10", "topics": ["training.mentoring"], "notes": "Επιχειρηματικό σχέδιο"})
    assert logged.status_code == 201, logged.get_data(as_text=True)
    assert_error(people.post("coordinator", f"{url}/sessions", json={"on": "2026-01-10"}), 403)
    assert_error(people.post(mentee, f"{url}/sessions", json={"on": "2999-01-01"}), 422, "on")
    assert_error(people.post(mentee, f"{url}/sessions", json={"on": "yesterday"}), 422, "on")
    assert [s["notes"] for s in people.get(mentor, f"{url}/sessions").get_json()] == [
        "Επιχειρηματικό σχέδιο"]
    seen = people.get("coordinator", f"{url}/sessions").get_json()
    assert [(s["on"], s["topics"], s["notes"]) for s in seen] == [
        ("2026-01-10", ["training.mentoring"], None)]

    assert_error(people.act(mentee, m["id"], "check_in"), 422, "rating")
    assert_error(people.act(mentee, m["id"], "check_in", rating=6), 422, "rating")
    assert people.act(mentee, m["id"], "check_in", rating=2).status_code == 200
    assert_error(people.act("coordinator", m["id"], "complete", rating=3), 403)
    completed = people.act(mentor, m["id"], "complete", rating=4).get_json()
    assert completed["state"] == "completed" and completed["tie_id"]
    assert [(r["moment"], r["score"]) for r in completed["ratings"]] == [("completion", 4)]
    assert [(r["moment"], r["score"]) for r in people.get("coordinator", url).get_json()[
        "ratings"]] == [("check_in", 2), ("completion", 4)]  # the mentor reads only its own
    assert people.act(mentee, m["id"], "rate", rating=3).status_code == 200
    assert_error(people.act(mentee, m["id"], "rate", rating=3), 409, "state")
    other = made[1]
    assert_error(people.act(people.side(other, "mentor"), other["id"], "cancel"), 422,
                 "reason")
    cancelled = people.act(people.side(other, "mentor"), other["id"], "cancel",
                           reason="declined").get_json()
    assert (cancelled["state"], cancelled["cancel_reason"], cancelled["cancelled_by"]) == (
        "cancelled", "declined", "mentor")

    report = people.get("coordinator", f"{P}/{programme_id}/report")
    assert report.status_code == 200, report.get_data(as_text=True)
    figures = report.get_json()
    assert (figures["mentees"], figures["placed"], figures["placement_rate"]) == (3, 1, 0.3333)
    assert (figures["acceptance_rate"], figures["completion_rate"]) == (0.5, 1.0)
    assert (figures["ratings"], figures["average_rating"], figures["new_ties"]) == (3, 3.0, 1)
    assert figures["states"]["completed"] == 1
    assert figures["average_by_moment"] == {"check_in": 2.0, "completion": 3.5}
    assert figures["mentor_load"]["histogram"] == [{"load": 0, "mentors": 2}]
    assert_error(people.get("elsewhere", f"{P}/{programme_id}/report"), 404)


def test_a_stakeholders_right_of_access_holds_its_mentorships_sessions_and_their_audit(people):
    m, mentee, mentor = people.started()
    people.post(mentor, f"{M}/{m['id']}/sessions", json={"on": "2026-01-10", "notes": "σημειώσεις"})

    record = people.get(mentee, f"{API}/stakeholders/{m['mentee']['id']}/export").get_json()

    assert [(x["id"], x["state"]) for x in record["mentorships"]] == [(m["id"], "active")]
    stored = {f.name for f in dataclasses.fields(Mentorship)}
    assert set(record["mentorships"][0]) == stored  # the whole record, as stored
    assert [s["notes"] for s in record["sessions"]] == ["σημειώσεις"]
    assert {a["action"] for a in record["audit"] if a["object_id"] == m["id"]} >= {
        "mentorship.accept", "mentorship.start", "mentorship.log_session"}


def test_a_poor_rating_lowers_the_pairs_later_mentor_match(people):
    _, made = people.published()
    m = made[0]
    mentee, mentor = people.side(m, "mentee"), people.side(m, "mentor")
    matches = f"{API}/stakeholders/{m['mentee']['id']}/matches"

    def score() -> float:
        found = people.get("admin", matches, query_string={
            "pillar": "training", "include_connected": "true", "limit": 100}).get_json()
        return next(x["score"] for x in found if x["candidate"]["id"] == m["mentor"]["id"])

    before = score()
    for who in (mentee, mentor):
        people.act(who, m["id"], "accept")
    people.act("coordinator", m["id"], "start")
    people.act(mentee, m["id"], "check_in", rating=1)
    people.act(mentor, m["id"], "check_in", rating=1)

    assert score() < before


def test_bad_input_is_422_naming_the_field(people):
    programme_id = people.programme()

    assert_error(people.post("coordinator", P, json={**SPRING, "region": "EL99"}), 422, "region")
    assert_error(people.post("coordinator", P, json={**SPRING, "colour": "red"}), 422, "colour")
    assert_error(people.post("coordinator", P, json={**SPRING, "region_level": 7}), 422,
                 "region_level")
    assert_error(people.post("coordinator", P, json={**SPRING, "ends_on": "2026-01-01"}), 422,
                 "ends_on")
    assert_error(people.post("coordinator", P, json={"name": "x"}), 422, "region", "starts_on")
    enrol = f"{P}/{programme_id}/enrolments"
    assert_error(people.post("coordinator", enrol, json={"mentors": [people.ids["bank"]]}),
                 422, "mentors")
    assert_error(people.post("coordinator", enrol, json={"mentors": [
        {"id": people.ids["bank"]}]}), 422, "mentors")
    assert_error(people.post("coordinator", enrol, json={"mentees": ["nobody"]}), 422,
                 "mentees")
    assert_error(people.post("coordinator", enrol, json={"exclude": [
        {"mentee_id": people.ids["ana"]}]}), 422, "exclude")
    assert_error(people.post("coordinator", enrol, json={"mentors": [
        {"id": people.ids["kim"], "capacity": 0}]}), 422, "mentors")
    assert_error(people.post("coordinator", f"{P}/{programme_id}/proposal",
                             json={"method": "random"}), 422, "method")
    assert_error(people.post("coordinator", f"{P}/{programme_id}/proposal/edits",
                             json={"action": "pin", "mentee_id": people.ids["ana"]}), 409,
                 "draft")
    people.post("coordinator", f"{P}/{programme_id}/proposal", json={})
    edits = f"{P}/{programme_id}/proposal/edits"
    assert_error(people.post("coordinator", edits, json={"action": "shuffle",
                                                         "mentee_id": "x"}), 422, "action")
    assert_error(people.post("coordinator", edits, json={"action": "place",
                                                         "mentee_id": people.ids["kim"]}),
                 422, "mentee_id")
    assert_error(people.post("coordinator", edits, json={
        "action": "place", "mentee_id": people.ids["ana"], "mentor_id": people.ids["bank"]}),
        422, "mentor_id")
    assert_error(people.post("coordinator", f"{API}/circles", json={
        "members": [people.ids["ana"], people.ids["bo"]], "min_size": 5, "max_size": 4}), 422,
        "max_size")
    assert_error(people.post("coordinator", f"{API}/circles", json={
        "members": [people.ids["ana"], people.ids["kim"]]}), 422, "members")
    assert_error(people.post("coordinator", f"{API}/circles", json={
        "members": [people.ids["ana"], "nobody"]}), 422, "members")
    assert_error(people.get("coordinator", M, query_string={"state": "asleep"}), 422, "state",
                 location="query")
    for unknown in ("dance", "log_session"):  # a session is logged through …/sessions
        assert_error(people.act("ana", "any-mentorship", unknown), 422, "action")


def test_circles_group_entrepreneurs_and_say_why(app, people):
    api = ApiClient(admin_client(app))
    members = [api.stakeholder("entrepreneur", f"Συνεταιρισμός {i}", discoverable=True,
                               languages=["el"], sectors=[sector], needs=[need],
                               offers=[offer])["id"]
               for i, (sector, need, offer) in enumerate([
                   ("catering_food_services", "training.sales", "training.digital_skills"),
                   ("agrifood", "training.digital_skills", "training.sales"),
                   ("sustainable_tourism", "training.leadership", "training.financial_literacy"),
                   ("culture_arts", "training.financial_literacy", "training.leadership")] * 2)]

    response = people.post("coordinator", f"{API}/circles", json={
        "members": members, "min_size": 4, "max_size": 4, "seed": 7})

    assert response.status_code == 200, response.get_data(as_text=True)
    plan = response.get_json()
    assert sorted(x for c in plan["circles"] for x in c["members"]) == sorted(members)
    assert [len(c["members"]) for c in plan["circles"]] == [4, 4] and plan["unplaced"] == []
    assert all(c["region"] == "EL30" and c["languages"] == ["el"] and c["exchanges"]
               for c in plan["circles"])
    assert_error(people.post("ana", f"{API}/circles", json={"members": members}), 403)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4), max_leaves=10)
FIELDS = ["name", "region", "starts_on", "ends_on", "topics", "shared_language",
          "region_level", "mentees", "mentors", "remove", "method", "candidates", "action",
          "mentee_id", "mentor_id", "other_mentee_id", "members", "min_size", "max_size",
          "seed", "reason", "rating", "on", "notes", "id", "capacity"]
bodies = st.dictionaries(st.sampled_from(FIELDS), json_values | st.sampled_from(
    ["EL30", "2026-01-05", "swap", "place", "pin", "cancel", "check_in", "optimal"]),
    max_size=6)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, which=st.integers(0, 7))
def test_no_body_sent_to_a_mentorship_endpoint_is_a_server_error(people, body, which):
    if not hasattr(people, "fuzz"):
        programme_id, made = people.published()
        people.fuzz = (people.programme(), made[0]["id"])
    programme_id, mentorship_id = people.fuzz
    url = [P, f"{P}/{programme_id}/enrolments", f"{P}/{programme_id}/proposal",
           f"{P}/{programme_id}/proposal/edits", f"{API}/circles",
           f"{M}/{mentorship_id}/actions", f"{M}/{mentorship_id}/sessions",
           f"{P}/{programme_id}/publish"][which]
    for who in ("coordinator", people.side({"mentee": {"id": people.ids["ana"]}}, "mentee")):
        response = people.post(who, url, json=body)
        assert response.status_code < 500, (url, body, response.get_data(as_text=True))
        if response.status_code >= 400:
            assert_error_shape(response)


def test_a_publish_sent_again_with_its_idempotency_key_acts_once(people):
    programme_id = people.programme()
    people.post("coordinator", f"{P}/{programme_id}/proposal", json={})
    key = {"Idempotency-Key": "publish-spring-2026"}

    first = people.post("coordinator", f"{P}/{programme_id}/publish", headers=key)
    again = people.post("coordinator", f"{P}/{programme_id}/publish", headers=key)

    assert first.status_code == again.status_code == 200
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json() == first.get_json()
    assert people.get("coordinator", M, query_string={
        "programme_id": programme_id}).get_json()["total"] == 2


def test_a_change_made_on_a_revision_someone_has_moved_since_is_409_and_writes_nothing(people):
    programme_id = people.programme()
    seen = people.post("coordinator", f"{P}/{programme_id}/proposal", json={}).get_json()
    pair = seen["proposal"]["pairs"][0]
    people.post("admin", f"{P}/{programme_id}/proposal/edits", json={
        "action": "remove", "mentee_id": pair["mentee_id"]})  # another hand, meanwhile

    for url, body in ((f"{P}/{programme_id}/proposal/edits", {
            "action": "pin", "mentee_id": seen["proposal"]["pairs"][1]["mentee_id"]}),
            (f"{P}/{programme_id}/proposal", {}), (f"{P}/{programme_id}/enrolments", {}),
            (f"{P}/{programme_id}/publish", {})):
        stale = people.post("coordinator", url, json={**body, "revision": seen["revision"]})
        assert assert_error(stale, 409, "state")["errors"]["json"]["state"] == ["draft"]
    assert people.get("coordinator", f"{P}/{programme_id}").get_json()["revision"] == (
        seen["revision"] + 1)
    current = people.get("coordinator", f"{P}/{programme_id}").get_json()["revision"]
    published = people.post("coordinator", f"{P}/{programme_id}/publish",
                            json={"revision": current})
    assert published.status_code == 200, published.get_data(as_text=True)

    m = people.get("coordinator", M, query_string={"programme_id": programme_id}).get_json()[
        "items"][0]
    people.act(people.side(m, "mentee"), m["id"], "accept")
    stale = people.act(people.side(m, "mentor"), m["id"], "cancel", reason="declined",
                       revision=m["revision"])
    assert assert_error(stale, 409, "state")["errors"]["json"]["state"] == ["proposed"]
    assert people.get("coordinator", f"{M}/{m['id']}").get_json()["state"] == "proposed"


def test_a_coordinators_export_of_a_stakeholder_never_holds_the_pairs_session_notes(people):
    m, _, mentor = people.started()
    people.post(mentor, f"{M}/{m['id']}/sessions",
                json={"on": "2026-01-10", "notes": "ιδιωτικό"})

    record = people.get("coordinator", f"{API}/stakeholders/{m['mentee']['id']}/export")

    assert record.status_code == 200
    assert [s["notes"] for s in record.get_json()["sessions"]] == [""]


def test_an_export_shows_each_reader_the_ratings_the_mentorship_shows_it(people):
    """A side reads only its own ratings (so that each rates the fit freely): its
    stakeholder's export must not hand it the other side's."""
    m, mentee, mentor = people.started()
    people.act(mentee, m["id"], "check_in", rating=2)
    people.act(mentor, m["id"], "complete", rating=4)

    def exported(who: str, side: str) -> list:
        record = people.get(who, f"{API}/stakeholders/{m[side]['id']}/export")
        assert record.status_code == 200, record.get_data(as_text=True)
        return next(x["ratings"] for x in record.get_json()["mentorships"] if x["id"] == m["id"])

    for who, side in ((mentee, "mentee"), (mentor, "mentor"), ("coordinator", "mentee"),
                      ("admin", "mentor")):
        assert exported(who, side) == people.get(who, f"{M}/{m['id']}").get_json()["ratings"]
    assert [r["score"] for r in exported(mentee, "mentee")] == [2]
    assert [r["score"] for r in exported(mentor, "mentor")] == [4]
