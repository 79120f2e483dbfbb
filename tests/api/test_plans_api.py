"""Local Action Plans through the API: a plan from draft to adopted to closed, its goals,
actions and indicators, the history, who sees and changes what, and bad input named."""

from __future__ import annotations

import pytest

from graph_models.domain.accounts import Role
from tests.api.conftest import admin_client, bearer_client, make_user
from tests.api.helpers import API, ApiClient, assert_error

P = f"{API}/plans"
PLAN = {"title": "ΣΑΣΟ Αθήνας 2027–2029", "territory": "EL303", "starts_on": "2027-01-01",
        "ends_on": "2029-12-31", "vision": "Περισσότερες ΚοινΣΕπ που ζουν από τη δουλειά τους"}


class People:
    """A coordinator of Attica (EL30) and one of Central Macedonia (EL52), a member, a viewer
    of EL52, an admin; and a discoverable cooperative in Attica."""

    def __init__(self, app):
        admin = ApiClient(admin_client(app))
        self.coop = admin.stakeholder("entrepreneur", "Κοιν.Σ.Επ. Ήλιος", discoverable=True)
        self.hidden = admin.stakeholder("entrepreneur", "Αθέατη", region="EL522")
        self.clients = {"admin": admin.client}
        for name, fields in (("coordinator", {"role": Role.COORDINATOR, "regions": ["EL30"]}),
                             ("elsewhere", {"role": Role.COORDINATOR, "regions": ["EL52"]}),
                             ("viewer", {"role": Role.VIEWER, "regions": ["EL52"]}),
                             ("member", {"role": Role.MEMBER})):
            user, secret = make_user(app, f"user-{name}", **fields)
            self.clients[name] = bearer_client(app, secret)
            setattr(self, f"{name}_id", user.id)

    def call(self, who, method, url, **kwargs):
        return getattr(self.clients[who], method)(url, **kwargs)


@pytest.fixture
def people(app) -> People:
    return People(app)


def draft(people) -> dict:
    made = people.call("coordinator", "post", P, json=PLAN)
    assert made.status_code == 201, made.get_data(as_text=True)
    return made.get_json()


def test_a_plan_is_drafted_filled_adopted_tracked_and_closed(people):
    plan = draft(people)
    assert (plan["state"], plan["revision"], plan["owners"]) == ("draft", 0,
                                                                [people.coordinator_id])
    url = f"{P}/{plan['id']}"
    plan = people.call("coordinator", "post", f"{url}/goals", json={
        "revision": 0, "pillar": "training", "title": "Σχολή ΚοινΣΕπ"}).get_json()
    goal_id = plan["goals"][0]["id"]
    added = people.call("coordinator", "post", f"{url}/actions", json={
        "revision": plan["revision"], "goal_id": goal_id, "what": "Δέκα εργαστήρια",
        "responsible_id": people.coop["id"], "budget": "12500.50", "starts_on": "2027-03-01",
        "ends_on": "2027-06-30"})
    assert added.status_code == 201, added.get_data(as_text=True)
    plan = added.get_json()
    assert plan["actions"][0]["budget"] == "12500.50"
    plan = people.call("coordinator", "post", f"{url}/indicators", json={
        "revision": plan["revision"], "code": "manual", "pillar": "training", "name":
        "Απόφοιτοι", "unit": "άτομα", "baseline": 0, "target": 40,
        "deadline": "2028-12-31"}).get_json()
    indicator_id = plan["indicators"][0]["id"]
    plan = people.call("coordinator", "post", f"{url}/adopt",
                       json={"revision": plan["revision"]}).get_json()
    assert plan["state"] == "adopted" and plan["adopted_at"]
    # Adopted: the structure is fixed, progress and values still move.
    assert_error(people.call("coordinator", "post", f"{url}/goals", json={
        "revision": plan["revision"], "pillar": "financing", "title": "Ταμείο"}), 409, "state")
    moved = people.call("coordinator", "patch", f"{url}/actions/{plan['actions'][0]['id']}",
                        json={"revision": plan["revision"], "status": "ongoing", "progress": 40})
    assert moved.status_code == 200, moved.get_data(as_text=True)
    plan = people.call("coordinator", "post", f"{url}/indicators/{indicator_id}/values", json={
        "revision": moved.get_json()["revision"], "on": "2027-07-01", "value": 12,
        "note": "μητρώο αποφοίτων"}).get_json()
    assert plan["indicators"][0]["values"] == [
        {"on": "2027-07-01", "value": 12.0, "note": "μητρώο αποφοίτων"}]
    plan = people.call("coordinator", "post", f"{url}/close",
                       json={"revision": plan["revision"]}).get_json()
    assert plan["state"] == "closed"
    history = people.call("member", "get", f"{url}/history").get_json()["items"]
    assert [h["action"] for h in history] == [
        "plan.create", "plan.goal.add", "plan.action.add", "plan.indicator.add", "plan.adopt",
        "plan.action.update", "plan.indicator.value", "plan.close"]
    assert history[5]["changes"] == [
        {"field": "action.status", "item_id": plan["actions"][0]["id"], "before": "planned",
         "after": "ongoing"},
        {"field": "action.progress", "item_id": plan["actions"][0]["id"], "before": "0",
         "after": "40"}]
    assert {h["actor_name"] for h in history} == {"user-coordinator"}


def test_a_change_over_a_stale_revision_is_a_409_and_changes_nothing(people):
    plan = draft(people)
    url = f"{P}/{plan['id']}"
    assert people.call("coordinator", "patch", url, json={
        "revision": 0, "title": "Πρώτη αλλαγή"}).status_code == 200
    stale = people.call("admin", "patch", url, json={"revision": 0, "title": "Δεύτερη"})
    assert assert_error(stale, 409, "state")["errors"]["json"]["state"] == ["draft"]
    assert people.call("coordinator", "get", url).get_json()["title"] == "Πρώτη αλλαγή"


@pytest.mark.parametrize(("body", "fields"), [
    ({}, ("title", "territory", "starts_on", "ends_on")),
    ({**PLAN, "territory": "EL99"}, ("territory",)),
    ({**PLAN, "ends_on": "2026-01-01"}, ("ends_on",)),
    ({**PLAN, "owners": ["nobody"]}, ("owners",)),
    ({**PLAN, "colour": "red"}, ("colour",)),
])
def test_a_bad_plan_is_refused_naming_each_field(people, body, fields):
    assert_error(people.call("coordinator", "post", P, json=body), 422, *fields)


def test_bad_items_are_refused_naming_each_field(people):
    plan = draft(people)
    url = f"{P}/{plan['id']}"
    assert_error(people.call("coordinator", "post", f"{url}/goals", json={
        "revision": 0, "pillar": "dancing", "title": ""}), 422, "pillar", "title")
    assert_error(people.call("coordinator", "post", f"{url}/goals", json={
        "pillar": "training", "title": "x"}), 422, "revision")
    plan = people.call("coordinator", "post", f"{url}/goals", json={
        "revision": 0, "pillar": "training", "title": "Σχολή"}).get_json()
    goal = plan["goals"][0]["id"]
    for body, named in (
            ({"goal_id": "nope", "what": "x"}, ("goal_id",)),
            ({"goal_id": goal, "what": "x", "budget": "-1"}, ("budget",)),
            ({"goal_id": goal, "what": "x", "budget": "1.001"}, ("budget",)),
            ({"goal_id": goal, "what": "x", "starts_on": "2026-12-31"}, ("starts_on",)),
            ({"goal_id": goal, "what": "x", "progress": 101, "status": "lost"},
             ("progress", "status")),
            ({"goal_id": goal, "what": "x", "responsible_id": people.hidden["id"]},
             ("responsible_id",)),
            ({"goal_id": goal, "what": "x", "responsible_id": "ghost"}, ("responsible_id",))):
        assert_error(people.call("coordinator", "post", f"{url}/actions",
                                 json={"revision": 1, **body}), 422, *named)
    for body, named in (
            ({"code": "Bad Code", "pillar": "training", "target": 1, "deadline": "2028-01-01"},
             ("code",)),
            ({"code": "manual", "pillar": "training", "target": 1, "deadline": "2031-01-01"},
             ("deadline", "name")),
            ({"code": "new_entities", "pillar": "training", "target": "lots",
              "deadline": "2028-01-01"}, ("target",)),
            # A parameter's name is the domain's rule, checked once the fields are well formed.
            ({"code": "new_entities", "pillar": "training", "target": 1,
              "deadline": "2028-01-01", "parameters": {"Bad Key": "x"}}, ("parameters",)),
            # The catalogue itself: a code it does not hold, parameters it does not take.
            ({"code": "entities.new", "pillar": "training", "target": 1,
              "deadline": "2028-01-01"}, ("code",)),
            ({"code": "new_entities", "pillar": "training", "target": 1,
              "deadline": "2028-01-01", "parameters": {"legal_form": "guild"}},
             ("parameters",)),
            ({"code": "connected_pairs", "pillar": "networking", "target": 1,
              "deadline": "2028-01-01", "parameters": {"group_a": "investor"}},
             ("parameters",))):
        assert_error(people.call("coordinator", "post", f"{url}/indicators",
                                 json={"revision": 1, **body}), 422, *named)
    assert_error(people.call("coordinator", "post", f"{url}/adopt", json={"revision": 1}),
                 422, "actions", "indicators")
    assert people.call("coordinator", "get", url).get_json()["revision"] == 1


def test_a_coordinator_sees_and_edits_its_territorys_plans_only(people):
    plan = draft(people)
    url = f"{P}/{plan['id']}"
    for who in ("elsewhere", "member", "viewer"):
        assert_error(people.call(who, "get", url), 404)
        assert people.call(who, "get", P).get_json()["total"] == 0
    assert_error(people.call("elsewhere", "patch", url, json={"revision": 0, "title": "x"}), 404)
    assert_error(people.call("member", "patch", url, json={"revision": 0, "title": "x"}), 403)
    assert_error(people.call("elsewhere", "post", P, json=PLAN), 403, "territory")
    # Adopted, it is a public document: read by all, changed by its coordinators only.
    url_goal = f"{url}/goals"
    plan = people.call("coordinator", "post", url_goal, json={
        "revision": 0, "pillar": "training", "title": "Σχολή"}).get_json()
    plan = people.call("coordinator", "post", f"{url}/actions", json={
        "revision": 1, "goal_id": plan["goals"][0]["id"], "what": "Εργαστήρια"}).get_json()
    plan = people.call("coordinator", "post", f"{url}/indicators", json={
        "revision": 2, "code": "new_entities", "pillar": "networking", "target": 10,
        "deadline": "2029-12-31", "parameters": {"legal_form": "koinsep"}}).get_json()
    assert plan["indicators"][0]["parameters"] == {"legal_form": "koinsep"}
    people.call("coordinator", "post", f"{url}/adopt", json={"revision": 3})
    for who in ("elsewhere", "member", "viewer"):
        assert people.call(who, "get", url).status_code == 200
        assert [p["id"] for p in people.call(who, "get", P).get_json()["items"]] == [plan["id"]]
    assert_error(people.call("elsewhere", "post", f"{url}/close", json={"revision": 4}), 403)


def test_plans_are_listed_by_territory_and_state(people):
    athens = draft(people)
    people.call("admin", "post", P, json={**PLAN, "territory": "EL522"})
    def ids(**query):
        return [p["id"] for p in people.call("admin", "get", P, query_string=query)
                .get_json()["items"]]
    assert ids(territory="EL30") == [athens["id"]]
    assert ids(state="adopted") == []
    assert len(ids(state="draft")) == 2
    assert_error(people.call("admin", "get", P, query_string={"state": "lost"}), 422, "state",
                 location="query")


def test_a_catalogue_indicator_changed_to_what_the_catalogue_refuses_is_a_422(people):
    plan = draft(people)
    url = f"{P}/{plan['id']}"
    plan = people.call("coordinator", "post", f"{url}/indicators", json={
        "revision": 0, "code": "connected_pairs", "pillar": "networking", "target": 5,
        "deadline": "2028-12-31", "parameters": {"group_a": "investor",
                                                 "group_b": "entrepreneur:koinsep"}}).get_json()
    indicator = f"{url}/indicators/{plan['indicators'][0]['id']}"
    assert_error(people.call("coordinator", "patch", indicator, json={
        "revision": 1, "parameters": {"group_a": "entrepreneur",
                                      "group_b": "entrepreneur:koinsep"}}), 422, "parameters")
    assert_error(people.call("coordinator", "patch", indicator, json={
        "revision": 1, "code": "pairs"}), 422, "code")
    moved = people.call("coordinator", "patch", indicator, json={
        "revision": 1, "code": "pair_density"})
    assert moved.status_code == 200, moved.get_data(as_text=True)
    assert moved.get_json()["indicators"][0]["code"] == "pair_density"


def test_a_plan_read_shows_each_catalogue_indicator_computed_with_its_status(people):
    # A period around today (the series' ten years at most): the cooperative, created now,
    # is the territory's one entrepreneur, then one of five; on the eve of the period, none.
    plan = people.call("coordinator", "post", P, json={
        **PLAN, "starts_on": "2025-01-01", "ends_on": "2034-06-30"}).get_json()
    url = f"{P}/{plan['id']}"
    for revision, target in ((0, 1), (1, 10000)):
        people.call("coordinator", "post", f"{url}/indicators", json={
            "revision": revision, "code": "stakeholders", "pillar": "networking",
            "target": target, "deadline": "2034-06-30",
            "parameters": {"kind": "entrepreneur"}})
    people.call("coordinator", "post", f"{url}/indicators", json={
        "revision": 2, "code": "manual", "pillar": "training", "name": "Απόφοιτοι",
        "target": 5, "deadline": "2034-06-30"})
    # One entrepreneur is a count small enough to point at it: hidden, as reports hide it.
    met, behind, manual = people.call("coordinator", "get", url).get_json()["indicators"]
    for hidden in (met, behind):
        assert (hidden["current"]["value"], hidden["current"]["status"],
                hidden["current"]["track"]) == (None, "no_data", "unknown")
        assert hidden["current"]["sentence"] == (
            "hidden: it counts fewer than 5, and could point at someone")
        assert not hidden["current"]["explanation"]
    admin = ApiClient(people.clients["admin"])
    for n in range(4):
        admin.stakeholder("entrepreneur", f"Κοιν.Σ.Επ. {n}")
    met, behind, manual = people.call("coordinator", "get", url).get_json()["indicators"]
    assert (met["current"]["value"], met["current"]["status"], met["current"]["track"]) == (
        5, "met", "on_track")
    assert met["current"]["sentence"] == "met: 5, with a target of 1"
    assert (behind["current"]["value"], behind["current"]["status"]) == (5, "off_track")
    assert behind["current"]["expected"] > 5 and behind["current"]["explanation"]
    assert (manual["current"]["value"], manual["current"]["status"]) == (None, "no_data")
