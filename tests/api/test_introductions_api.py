"""Introductions through the API: warm paths, the double opt-in from request to contacts,
mediation, inboxes, limits, blocks, Idempotency-Key, and what a decline does to matches."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from graph_models.domain.accounts import Role
from tests.api.conftest import (
    admin_client,
    bearer_client,
    build_app,
    close_app,
    make_user,
    sqlite_url,
)
from tests.api.helpers import API, ApiClient, assert_error

I = f"{API}/introductions"  # noqa: E741 - like the API's other bases


@dataclass
class People:
    """An entrepreneur (coop) who knows a support centre (hub) that partners with a fund; a
    second fund nobody knows; a member for each, a coordinator of the funds' region (EL52)
    and a stranger."""

    app: object
    admin: object
    ids: dict[str, str]
    clients: dict[str, object]
    user_ids: dict[str, str]

    def post(self, who: str, url: str, **kwargs):
        return self.clients[who].post(url, **kwargs)

    def get(self, who: str, url: str, **kwargs):
        return self.clients[who].get(url, **kwargs)

    def act(self, who: str, introduction_id: str, action: str, **fields):
        return self.post(who, f"{I}/{introduction_id}/actions", json={"action": action,
                                                                       **fields})

    def request(self, target="fund", **fields):
        """The coop's member asks to meet ``target``."""
        return self.post("coop", I, json={"requester_id": self.ids["coop"],
                                          "target_id": self.ids[target], "purpose": "financing",
                                          **fields})


def build_people(app) -> People:
    admin = admin_client(app)
    api = ApiClient(admin)
    ids = {
        "coop": api.stakeholder("entrepreneur", "Κοιν.Σ.Επ. Ήλιος", discoverable=True,
                                contact_sharing=True, email="ilios@example.org",
                                phone="+30 210 1111111",
                                needs=["financing.loan"])["id"],
        "hub": api.stakeholder("support_organisation", "Κέντρο Στήριξης", discoverable=True,
                               email="hub@example.org")["id"],
        "fund": api.stakeholder("investor", "Ηθικό Ταμείο", region="EL522", discoverable=True,
                                contact_sharing=True, email="fund@example.org",
                                phone="+30 2310 222222",
                                offers=["financing.loan"], instruments=["loan"])["id"],
        "lonely": api.stakeholder("investor", "Μακρινό Ταμείο", region="EL522",
                                  discoverable=True, email="far@example.org",
                                  offers=["financing.loan"], instruments=["loan"])["id"],
    }
    api.tie("KNOWS", ids["coop"], ids["hub"], strength=4)
    api.tie("PARTNERS_WITH", ids["hub"], ids["fund"])
    clients, user_ids = {"admin": admin}, {}
    for who in ("coop", "hub", "fund", "lonely"):
        user, secret = make_user(app, f"member-{who}", Role.MEMBER, memberships=[ids[who]])
        clients[who], user_ids[who] = bearer_client(app, secret), user.id
    for who, fields in (("coordinator", {"role": Role.COORDINATOR, "regions": ["EL52"]}),
                        ("stranger", {"role": Role.MEMBER})):
        user, secret = make_user(app, f"user-{who}", **fields)
        clients[who], user_ids[who] = bearer_client(app, secret), user.id
    return People(app, admin, ids, clients, user_ids)


@pytest.fixture
def people(app):
    return build_people(app)


def test_warm_paths_name_the_broker_and_the_ties_it_stands_on(people):
    response = people.get("coop", f"{I}/paths", query_string={
        "requester_id": people.ids["coop"], "target_id": people.ids["fund"]})

    assert response.status_code == 200
    body = response.get_json()
    assert [p["broker"] for p in body["paths"]] == [people.ids["hub"]]
    assert body["paths"][0]["path"] == [people.ids[w] for w in ("coop", "hub", "fund")]
    assert [h["type"] for h in body["paths"][0]["hops"]] == ["KNOWS", "PARTNERS_WITH"]
    assert body["names"][people.ids["hub"]] == "Κέντρο Στήριξης"
    assert body["mediators"] == 1


def test_with_no_warm_path_a_coordinator_of_the_targets_region_is_offered(people):
    body = people.get("coop", f"{I}/paths", query_string={
        "requester_id": people.ids["coop"], "target_id": people.ids["lonely"]}).get_json()
    assert body["paths"] == [] and body["mediators"] == 1


def test_the_double_opt_in_from_request_to_contacts_and_an_introduced_tie(people):
    asked = people.request(broker_id=people.ids["hub"], message="Χρειαζόμαστε δάνειο 20.000€")
    assert asked.status_code == 201, asked.get_data(as_text=True)
    request_id = asked.get_json()["id"]
    assert asked.get_json()["your_actions"] == ["withdraw"]
    # The target is not told before the broker forwards.
    assert people.get("fund", f"{I}/{request_id}").status_code == 404
    assert people.get("fund", I, query_string={"box": "to_me"}).get_json()["total"] == 0
    waiting = people.get("hub", I, query_string={"box": "to_broker"}).get_json()
    assert [r["id"] for r in waiting["items"]] == [request_id]
    assert waiting["items"][0]["your_actions"] == ["forward", "decline"]

    forwarded = people.act("hub", request_id, "forward", note="Τους ξέρω, αξίζει")
    assert forwarded.status_code == 200 and forwarded.get_json()["state"] == "forwarded"
    inbox = people.get("fund", I, query_string={"box": "to_me"}).get_json()
    assert [r["id"] for r in inbox["items"]] == [request_id]
    assert inbox["items"][0]["your_actions"] == ["accept", "decline"]

    accepted = people.act("fund", request_id, "accept")
    assert accepted.get_json()["state"] == "accepted"
    assert accepted.get_json()["contacts"] is None
    assert "ilios@example.org" not in accepted.get_data(as_text=True)
    assert people.get("coop", f"{I}/{request_id}").get_json()["contacts"] is None

    completed = people.act("coop", request_id, "complete")
    body = completed.get_json()
    assert body["state"] == "completed"
    assert body["contacts"] == {"stakeholder_id": people.ids["fund"], "email": "fund@example.org",
                                "phone": "+30 2310 222222", "website": None}
    for_target = people.get("fund", f"{I}/{request_id}").get_json()["contacts"]
    assert for_target["email"] == "ilios@example.org"
    # The broker, the coordinator and the admin see the request, never the contacts.
    for third in ("hub", "coordinator", "admin"):
        seen = people.get(third, f"{I}/{request_id}")
        assert seen.status_code == 200 and seen.get_json()["contacts"] is None
        assert "ilios@example.org" not in seen.get_data(as_text=True)
    assert people.get("stranger", f"{I}/{request_id}").status_code == 404
    assert [(e["step"], e["note"]) for e in body["history"]] == [
        ("request", "Χρειαζόμαστε δάνειο 20.000€"), ("forward", "Τους ξέρω, αξίζει"),
        ("accept", None), ("complete", None)]
    tie = people.get("admin", f"{API}/ties/{body['tie_id']}").get_json()
    assert (tie["type"], tie["source"], tie["target"], tie["via"]) == (
        "INTRODUCED", people.ids["coop"], people.ids["fund"], people.ids["hub"])


def test_an_end_that_does_not_share_contacts_is_introduced_by_name_only(people):
    request_id = people.request(target="lonely").get_json()["id"]
    people.act("coordinator", request_id, "forward")
    people.act("lonely", request_id, "accept")
    completed = people.act("coop", request_id, "complete").get_json()

    assert completed["state"] == "completed" and completed["contacts"] is None
    assert "far@example.org" not in str(completed)
    assert people.get("lonely", f"{I}/{request_id}").get_json()["contacts"]["email"] == \
        "ilios@example.org"


def test_each_step_tells_the_one_who_must_act_next(people):
    request_id = people.request(broker_id=people.ids["hub"]).get_json()["id"]

    def subjects(who):
        return [n["subject"] for n in people.get(who, f"{API}/me/notifications").get_json()]

    assert len(subjects("hub")) == 1 and subjects("fund") == [] and subjects("coop") == []
    people.act("hub", request_id, "forward")
    assert len(subjects("fund")) == 1 and len(subjects("coop")) == 1
    people.act("fund", request_id, "decline", reason="no_capacity", note="Όχι φέτος")
    assert "declined" in subjects("coop")[0]
    assert subjects("stranger") == []


def test_a_coordinator_mediates_a_request_without_a_broker(people):
    request_id = people.request(target="lonely").get_json()["id"]
    region = people.get("coordinator", I, query_string={"box": "region"}).get_json()
    assert [r["id"] for r in region["items"]] == [request_id]
    assert region["items"][0]["mediated"] is True
    forwarded = people.act("coordinator", request_id, "forward", note="Σας φέρνω σε επαφή")
    assert forwarded.get_json()["state"] == "forwarded"
    assert people.act("lonely", request_id, "accept").get_json()["state"] == "accepted"


def test_where_no_coordinator_covers_the_target_the_admins_are_told_to_mediate(people):
    elsewhere = ApiClient(people.admin).stakeholder("investor", "Νησιώτικο Ταμείο",
                                                    region="EL422", discoverable=True)["id"]
    people.ids["elsewhere"] = elsewhere
    request_id = people.request(target="elsewhere").get_json()["id"]

    told = people.get("admin", f"{API}/me/notifications").get_json()
    assert [n["introduction_id"] for n in told] == [request_id]
    assert people.get("coordinator", f"{API}/me/notifications").get_json() == []
    assert people.act("admin", request_id, "forward").get_json()["state"] == "forwarded"


def test_a_target_who_declines_may_block_the_requester(people):
    request_id = people.request(broker_id=people.ids["hub"]).get_json()["id"]
    people.act("hub", request_id, "forward")
    declined = people.act("fund", request_id, "decline", reason="not_relevant", block=True)
    assert declined.get_json()["decline_reason"] == "not_relevant"
    blocks = people.get("fund", f"{API}/stakeholders/{people.ids['fund']}/blocks").get_json()
    assert [b["requester_id"] for b in blocks] == [people.ids["coop"]]
    assert_error(people.request(broker_id=people.ids["hub"]), 409, "target_id")
    lifted = people.clients["fund"].delete(
        f"{API}/stakeholders/{people.ids['fund']}/blocks/{people.ids['coop']}")
    assert lifted.status_code == 204
    assert people.request(broker_id=people.ids["hub"]).status_code == 201


def test_one_open_request_per_pair_and_a_limit_of_open_requests(tmp_path):
    app = build_app(sqlite_url(tmp_path), SYNDESMOS_INTRODUCTION_MAX_OPEN="1")
    people = build_people(app)
    first = people.request(broker_id=people.ids["hub"])
    assert first.status_code == 201
    assert_error(people.request(broker_id=people.ids["hub"]), 409, "target_id")
    assert_error(people.request(target="lonely"), 409, "requester_id")
    people.act("coop", first.get_json()["id"], "withdraw")
    assert people.request(target="lonely").status_code == 201
    close_app(app)


@pytest.mark.parametrize("fields,named", [
    ({"purpose": "fun"}, "purpose"),
    ({"message": "α" * 2001}, "message"),
    ({"broker_id": "somebody"}, "broker_id"),
    ({"colour": "red"}, "colour"),
])
def test_a_bad_request_is_a_422_naming_the_field_and_writes_nothing(people, fields, named):
    assert_error(people.request(**fields), 422, named)
    assert people.get("coop", I).get_json()["total"] == 0


def test_a_target_that_is_itself_or_hidden_is_refused(people):
    hidden = ApiClient(people.admin).stakeholder("investor", "Κρυφό", region="EL522")["id"]
    assert_error(people.post("coop", I, json={"requester_id": people.ids["coop"],
                                              "target_id": hidden, "purpose": "financing"}),
                 422, "target_id")
    assert_error(people.request(target="coop"), 422, "target_id")


def test_a_member_asks_only_for_its_own_stakeholder(people):
    response = people.post("stranger", I, json={"requester_id": people.ids["coop"],
                                                "target_id": people.ids["fund"],
                                                "purpose": "financing"})
    assert response.status_code == 403


@pytest.mark.parametrize("fields,named", [
    ({"action": "teleport"}, "action"),
    ({"action": "expire"}, "action"),
    ({"action": "decline"}, "reason"),
    ({"action": "forward", "reason": "not_now"}, "reason"),
    ({"action": "forward", "note": "α" * 2001}, "note"),
])
def test_a_bad_action_is_a_422_naming_the_field(people, fields, named):
    request_id = people.request(broker_id=people.ids["hub"]).get_json()["id"]
    assert_error(people.post("hub", f"{I}/{request_id}/actions", json=fields), 422, named)
    assert people.get("hub", f"{I}/{request_id}").get_json()["state"] == "requested"


def test_an_action_out_of_turn_is_a_409_naming_the_state(people):
    request_id = people.request(broker_id=people.ids["hub"]).get_json()["id"]
    people.act("coop", request_id, "withdraw")
    body = assert_error(people.act("coop", request_id, "withdraw"), 409, "state")
    assert body["errors"]["json"]["state"] == ["withdrawn"]
    assert people.act("hub", request_id, "accept").status_code == 403


def test_the_same_idempotency_key_acts_once_and_answers_the_same(people):
    headers = {"Idempotency-Key": "req-2026-11-30-001"}
    body = {"requester_id": people.ids["coop"], "target_id": people.ids["fund"],
            "purpose": "financing", "broker_id": people.ids["hub"]}
    first = people.post("coop", I, headers=headers, json=body)
    again = people.post("coop", I, headers=headers, json=body)

    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert people.get("coop", I).get_json()["total"] == 1
    other = people.post("coop", I, headers=headers, json={
        "requester_id": people.ids["coop"], "target_id": people.ids["lonely"],
        "purpose": "financing"})
    assert_error(other, 422, "Idempotency-Key")
    # Another user's key of the same name is theirs alone.
    block = people.post("fund", f"{API}/stakeholders/{people.ids['fund']}/blocks",
                        headers=headers, json={"requester_id": people.ids["hub"]})
    assert block.status_code == 201


def test_an_idempotent_retry_of_an_action_does_not_move_the_request_twice(people):
    request_id = people.request(broker_id=people.ids["hub"]).get_json()["id"]
    headers = {"Idempotency-Key": "forward-once"}
    first = people.post("hub", f"{I}/{request_id}/actions", headers=headers,
                        json={"action": "forward"})
    again = people.post("hub", f"{I}/{request_id}/actions", headers=headers,
                        json={"action": "forward"})
    assert first.status_code == again.status_code == 200
    assert again.get_json()["revision"] == first.get_json()["revision"] == 1
    without_key = people.act("hub", request_id, "forward")
    assert without_key.status_code == 409


@pytest.mark.parametrize("key", ["", "x" * 256, "κλειδί", "tab\there"])
def test_a_malformed_idempotency_key_is_a_422(people, key):
    response = people.post("coop", I, headers={"Idempotency-Key": key}, json={
        "requester_id": people.ids["coop"], "target_id": people.ids["fund"],
        "purpose": "financing"})
    assert_error(response, 422)
    assert people.get("coop", I).get_json()["total"] == 0


def test_a_declined_introduction_lowers_that_pairs_match_score(people):
    def fund_score():
        matches = people.get("coop", f"{API}/stakeholders/{people.ids['coop']}/matches",
                             query_string={"kind": "investor", "limit": 10}).get_json()
        return {m["candidate"]["id"]: m for m in matches}[people.ids["fund"]]

    before = fund_score()
    request_id = people.request(broker_id=people.ids["hub"]).get_json()["id"]
    people.act("hub", request_id, "forward")
    people.act("fund", request_id, "decline", reason="not_relevant")
    after = fund_score()

    assert after["score"] < before["score"]
    assert "feedback" in [t["name"] for t in after["terms"]]


def test_a_blocked_pair_is_never_matched(people):
    people.post("fund", f"{API}/stakeholders/{people.ids['fund']}/blocks",
                json={"requester_id": people.ids["coop"]})
    matches = people.get("coop", f"{API}/stakeholders/{people.ids['coop']}/matches",
                         query_string={"kind": "investor"}).get_json()
    assert people.ids["fund"] not in [m["candidate"]["id"] for m in matches]
    assert people.ids["lonely"] in [m["candidate"]["id"] for m in matches]


def test_inboxes_filter_by_state_and_waiting_time(people):
    request_id = people.request(broker_id=people.ids["hub"]).get_json()["id"]
    people.request(target="lonely")
    sent = people.get("coop", I, query_string={"box": "sent", "state": "requested"}).get_json()
    assert sent["total"] == 2
    assert people.get("coop", I, query_string={"box": "sent", "waiting_days": 1}).get_json()[
        "total"] == 0
    people.act("coop", request_id, "withdraw")
    withdrawn = people.get("coop", I, query_string={"box": "sent", "state": "withdrawn"})
    assert [r["id"] for r in withdrawn.get_json()["items"]] == [request_id]
    assert_error(people.get("coop", I, query_string={"box": "region"}), 403)
    assert_error(people.get("coop", I, query_string={"state": "lost"}), 422, "state",
                 location="query")


def test_a_stakeholders_export_holds_the_requests_it_is_part_of_and_its_blocks(people):
    request_id = people.request(broker_id=people.ids["hub"]).get_json()["id"]
    people.post("hub", f"{API}/stakeholders/{people.ids['hub']}/blocks",
                json={"requester_id": people.ids["fund"]})

    def exported(who):
        return people.get(who, f"{API}/stakeholders/{people.ids[who]}/export").get_json()

    assert [i["id"] for i in exported("coop")["introductions"]] == [request_id]
    assert [i["id"] for i in exported("hub")["introductions"]] == [request_id]
    assert [b["requester_id"] for b in exported("hub")["blocks"]] == [people.ids["fund"]]
    assert exported("fund")["introductions"] == []  # not forwarded: not the fund's to know
    assert exported("fund")["blocks"] == []  # who blocks the fund is not the fund's to know
    people.act("hub", request_id, "forward")
    assert [i["id"] for i in exported("fund")["introductions"]] == [request_id]


def coops_pair_in_a_coordinators_query(people) -> str:
    """The provider a territory query pairs the coop with (one pair per entrepreneur)."""
    body = people.get("admin", f"{API}/matches", query_string={
        "region": "EL30", "pillar": "financing", "threshold": 0}).get_json()
    (provider,) = [p["match"]["candidate"]["id"] for p in body["pairs"]
                   if p["entrepreneur"]["id"] == people.ids["coop"]]
    return provider


def test_a_declined_pair_sinks_in_a_coordinators_query(people):
    assert coops_pair_in_a_coordinators_query(people) == people.ids["fund"]
    request_id = people.request(broker_id=people.ids["hub"]).get_json()["id"]
    people.act("hub", request_id, "forward")
    people.act("fund", request_id, "decline", reason="not_now")
    assert coops_pair_in_a_coordinators_query(people) == people.ids["lonely"]


def test_a_blocked_pair_is_never_proposed_by_a_coordinators_query(people):
    assert coops_pair_in_a_coordinators_query(people) == people.ids["fund"]
    people.post("fund", f"{API}/stakeholders/{people.ids['fund']}/blocks",
                json={"requester_id": people.ids["coop"]})
    assert coops_pair_in_a_coordinators_query(people) == people.ids["lonely"]


def test_each_end_shares_its_contacts_by_saying_so_as_it_accepts_or_completes(people):
    # "lonely" shares no contacts by its profile: it is asked as it accepts.
    request_id = people.request(target="lonely").get_json()["id"]
    people.act("coordinator", request_id, "forward")
    accepted = people.act("lonely", request_id, "accept", share_contacts=True)
    assert accepted.status_code == 200, accepted.get_data(as_text=True)
    assert accepted.get_json()["contacts_shared_by"] == [people.ids["lonely"]]
    (told,) = [n for n in people.get("coop", f"{API}/me/notifications").get_json()
               if n["subject"].endswith("accepted your request")]
    assert "its contacts will be shared with you once you complete it" in told["body"]

    completed = people.act("coop", request_id, "complete", share_contacts=False).get_json()
    assert completed["contacts"]["email"] == "far@example.org"
    assert [(e["step"], e["shares_contacts"]) for e in completed["history"]][2:] == [
        ("accept", True), ("complete", False)]
    # The coop shares its contacts by its profile, so the fund sees them all the same.
    assert people.get("lonely", f"{I}/{request_id}").get_json()["contacts"]["email"] == \
        "ilios@example.org"
    (done,) = [n for n in people.get("lonely", f"{API}/me/notifications").get_json()
               if n["subject"].startswith("Introduction completed")]
    assert "You exchanged contacts" in done["body"]


@pytest.mark.parametrize("fields", [
    {"action": "forward", "share_contacts": True},
    {"action": "forward", "share_contacts": "perhaps"},
])
def test_share_contacts_is_a_boolean_that_goes_with_accept_or_complete_only(people, fields):
    request_id = people.request(broker_id=people.ids["hub"]).get_json()["id"]
    assert_error(people.post("hub", f"{I}/{request_id}/actions", json=fields), 422,
                 "share_contacts")
    assert people.get("hub", f"{I}/{request_id}").get_json()["state"] == "requested"


def test_a_notification_is_no_longer_pending_once_its_recipient_acted_on_it(people):
    request_id = people.request(broker_id=people.ids["hub"]).get_json()["id"]

    def pending(who):
        return people.get(who, f"{API}/me/notifications",
                          query_string={"pending_only": "true"}).get_json()

    assert len(pending("hub")) == 1
    people.act("hub", request_id, "forward")
    assert pending("hub") == []
    (done,) = people.get("hub", f"{API}/me/notifications").get_json()
    assert done["state"] == "obsolete"
