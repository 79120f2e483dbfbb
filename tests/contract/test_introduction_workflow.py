"""The introduction workflow on each store: every (state, party, action), and many people
acting on one request at once.

Allowed steps change the state and write exactly one audit entry and one history event;
refused ones answer Forbidden (403) or Conflict (409, naming the state) — or, for a target the
request has not reached, NotFound — and change nothing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph_models.domain.introductions import DeclineReason, Purpose, State, Step
from graph_models.domain.notifications import NotificationState
from graph_models.domain.queries import AuditQuery
from graph_models.domain.stakeholders import Kind, TieType, new_id
from graph_models.use_cases.introductions import IntroductionRules, Introductions
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders
from tests.builders import FIXED_TIME
from tests.races import race

# How to bring a request to each state, as (who acts, step) from "requested".
PATHS_TO = {
    State.REQUESTED: [],
    State.FORWARDED: [("broker", Step.FORWARD)],
    State.ACCEPTED: [("broker", Step.FORWARD), ("target", Step.ACCEPT)],
    State.COMPLETED: [("broker", Step.FORWARD), ("target", Step.ACCEPT),
                      ("requester", Step.COMPLETE)],
    State.DECLINED: [("broker", Step.DECLINE)],
    State.WITHDRAWN: [("requester", Step.WITHDRAW)],
    State.EXPIRED: [("system", Step.EXPIRE)],
}
# The expected outcome, written out by hand: (state, who, step) -> new state. Anything else is
# refused; who: the member of each end, the coordinator of the target's region, the system.
ALLOWED = {
    (State.REQUESTED, "broker", Step.FORWARD): State.FORWARDED,
    (State.REQUESTED, "coordinator", Step.FORWARD): State.FORWARDED,
    (State.REQUESTED, "broker", Step.DECLINE): State.DECLINED,
    (State.REQUESTED, "coordinator", Step.DECLINE): State.DECLINED,
    (State.REQUESTED, "requester", Step.WITHDRAW): State.WITHDRAWN,
    (State.REQUESTED, "system", Step.EXPIRE): State.EXPIRED,
    (State.FORWARDED, "target", Step.ACCEPT): State.ACCEPTED,
    (State.FORWARDED, "target", Step.DECLINE): State.DECLINED,
    (State.FORWARDED, "requester", Step.WITHDRAW): State.WITHDRAWN,
    (State.FORWARDED, "system", Step.EXPIRE): State.EXPIRED,
    (State.ACCEPTED, "requester", Step.COMPLETE): State.COMPLETED,
    (State.ACCEPTED, "requester", Step.WITHDRAW): State.WITHDRAWN,
    (State.ACCEPTED, "system", Step.EXPIRE): State.EXPIRED,
}
ACTORS = ("requester", "broker", "target", "coordinator", "system", "stranger")


@dataclass
class World:
    desk: Introductions
    users: dict[str, User | None]
    ids: dict[str, str]
    number: int

    def request(self) -> str:
        return self.desk.request(
            self.ids["requester"], self.ids["target"], Purpose.FINANCING, message="Γεια σας",
            broker_id=self.ids["broker"], actor=self.users["requester"]).introduction.id

    def act(self, who: str, introduction_id: str, step: Step, revision: int | None = None):
        reason = DeclineReason.NOT_NOW if step == Step.DECLINE else None
        return self.desk.act(introduction_id, step, reason=reason, note=f"{who} {step}",
                             revision=revision, actor=self.users[who])


def build_world(store) -> World:
    eco = Stakeholders(store, SnapshotCache(store), clock=lambda: FIXED_TIME)
    number = next(_worlds)
    ids = {}
    for role, kind, region in (("requester", Kind.ENTREPRENEUR, "EL303"),
                               ("broker", Kind.SUPPORT_ORGANISATION, "EL303"),
                               ("target", Kind.INVESTOR, "EL522")):
        ids[role] = eco.create_stakeholder({"kind": kind, "name": f"{role} {number}",
                                            "region": region, "discoverable": True,
                                            "email": f"{role}{number}@example.org"}).id
    eco.create_tie({"type": TieType.KNOWS, "source": ids["requester"],
                    "target": ids["broker"], "strength": 4})
    eco.create_tie({"type": TieType.PARTNERS_WITH, "source": ids["broker"],
                    "target": ids["target"]})
    users: dict[str, User | None] = {"system": None}
    for who in ("requester", "broker", "target", "stranger"):
        users[who] = _user(store, who, number, Role.MEMBER,
                           memberships=(ids[who],) if who in ids else ())
    users["coordinator"] = _user(store, "coordinator", number, Role.COORDINATOR,
                                 regions=("EL52",))
    desk = Introductions(store, SnapshotCache(store), rules=IntroductionRules(max_open=1000),
                         clock=lambda: FIXED_TIME)
    return World(desk, users, ids, number)


_worlds = itertools.count(1)


def _user(store, who: str, number: int, role: Role, **fields) -> User:
    return store.create_user(User(id=new_id(), username=f"{who}-{number}-{new_id()[:6]}",
                                  role=role, created_at=FIXED_TIME, updated_at=FIXED_TIME,
                                  **fields))


@pytest.mark.parametrize("state", list(State))
def test_every_party_and_action_from_every_state_does_what_the_table_says(store, state):
    world = build_world(store)
    for who, step in itertools.product(ACTORS, Step):
        introduction_id = world.request()
        check_one(store, world, introduction_id, state, who, step)
        if store.get_introduction(introduction_id).state.open:  # free the pair for the next
            world.act("system", introduction_id, Step.EXPIRE)


def check_one(store, world: World, introduction_id: str, state: State, who: str,
              step: Step) -> None:
    for actor, earlier in PATHS_TO[state]:
        world.act(actor, introduction_id, earlier)
    before = store.get_introduction(introduction_id)
    audit_before = store.find_audit(AuditQuery(object_ids=(introduction_id,))).total
    expected = ALLOWED.get((state, who, step))
    if expected is not None:
        view = world.act(who, introduction_id, step)
        assert view.introduction.state == expected
        assert store.get_introduction(introduction_id).revision == before.revision + 1
        assert store.find_audit(AuditQuery(
            object_ids=(introduction_id,))).total == audit_before + 1
        assert [e.revision for e in store.introduction_events(introduction_id)] == list(
            range(before.revision + 2))
        return
    with pytest.raises((Forbidden, Conflict, NotFound)) as raised:
        world.act(who, introduction_id, step)
    if who == "stranger" or (who == "target" and before.forwarded_at is None):
        assert raised.type is NotFound, (state, who, step)
    elif isinstance(raised.value, Conflict):
        assert raised.value.errors["state"] == [state.value]
    assert store.get_introduction(introduction_id) == before, (state, who, step)
    assert store.find_audit(AuditQuery(
        object_ids=(introduction_id,))).total == audit_before


def test_a_step_on_a_revision_that_moved_is_a_conflict_naming_the_state(store):
    world = build_world(store)
    introduction_id = world.request()
    world.act("broker", introduction_id, Step.FORWARD, revision=0)
    with pytest.raises(Conflict) as raised:
        world.act("requester", introduction_id, Step.WITHDRAW, revision=0)
    assert raised.value.errors["state"] == ["forwarded"]
    assert store.get_introduction(introduction_id).state == State.FORWARDED


def test_of_twenty_people_acting_at_once_exactly_one_wins_and_the_history_has_no_gaps(store):
    world = build_world(store)
    introduction_id = world.request()
    world.act("broker", introduction_id, Step.FORWARD)
    attempts = [("target", Step.ACCEPT), ("target", Step.DECLINE),
                ("requester", Step.WITHDRAW)] * 7
    attempts = attempts[:20]
    # Each acts on what it saw (revision 1, forwarded): a withdrawal must not undo an acceptance
    # it never saw, so none of them may follow another.
    outcome = race(attempts, lambda who, step: world.act(
        who, introduction_id, step, revision=1).introduction.state)
    won, lost, failed = outcome.won, outcome.lost, outcome.failed

    assert failed == []
    assert len(won) == 1 and len(lost) == 19
    stored = store.get_introduction(introduction_id)
    assert stored.state == won[0] and stored.revision == 2
    events = store.introduction_events(introduction_id)
    assert [e.revision for e in events] == [0, 1, 2]
    assert [(e.from_state, e.to_state) for e in events] == [
        (None, State.REQUESTED), (State.REQUESTED, State.FORWARDED),
        (State.FORWARDED, stored.state)]
    audit = store.find_audit(AuditQuery(object_ids=(introduction_id,))).items
    assert sorted((a.from_state or "", a.to_state) for a in audit) == sorted([
        ("", "requested"), ("requested", "forwarded"), ("forwarded", stored.state.value)])


# -- consent to share contacts, asked of each end as it opts in ------------------------------

def brought_to_completion(world: World, *, target_shares: bool, requester_shares: bool) -> str:
    introduction_id = world.request()
    world.act("broker", introduction_id, Step.FORWARD)
    world.desk.act(introduction_id, Step.ACCEPT, share_contacts=target_shares,
                   actor=world.users["target"])
    world.desk.act(introduction_id, Step.COMPLETE, share_contacts=requester_shares,
                   actor=world.users["requester"])
    return introduction_id


def contacts_seen_by(world: World, who: str, introduction_id: str) -> str | None:
    contacts = world.desk.get(introduction_id, actor=world.users[who]).contacts
    return contacts and contacts.email


@pytest.mark.parametrize("target_shares, requester_shares",
                         list(itertools.product([True, False], repeat=2)))
def test_each_end_shows_its_contacts_to_the_other_only_if_it_consented_as_it_opted_in(
        store, target_shares, requester_shares):
    world = build_world(store)  # neither end shares its contacts by its profile
    introduction_id = brought_to_completion(world, target_shares=target_shares,
                                            requester_shares=requester_shares)

    email = {who: store.get_stakeholder(world.ids[who]).email for who in ("requester", "target")}
    assert contacts_seen_by(world, "requester", introduction_id) == (
        email["target"] if target_shares else None)
    assert contacts_seen_by(world, "target", introduction_id) == (
        email["requester"] if requester_shares else None)
    stored = store.get_introduction(introduction_id)
    assert set(stored.contacts_shared_by) == {world.ids[who] for who, shares in (
        ("target", target_shares), ("requester", requester_shares)) if shares}
    # The history shows when each end gave (or did not give) its consent.
    assert [(e.step, e.shares_contacts) for e in store.introduction_events(introduction_id)] == [
        ("request", None), ("forward", None), ("accept", target_shares),
        ("complete", requester_shares)]


def test_consent_to_share_contacts_holds_for_that_introduction_only(store):
    world = build_world(store)
    first = brought_to_completion(world, target_shares=True, requester_shares=True)
    second = brought_to_completion(world, target_shares=False, requester_shares=False)

    assert contacts_seen_by(world, "requester", first) is not None
    assert contacts_seen_by(world, "requester", second) is None
    assert contacts_seen_by(world, "target", second) is None
    assert not store.get_stakeholder(world.ids["target"]).contact_sharing


def test_a_standing_consent_to_share_contacts_needs_no_consent_per_introduction(store):
    world = build_world(store)
    eco = Stakeholders(store, SnapshotCache(store), clock=lambda: FIXED_TIME)
    eco.update_stakeholder(world.ids["target"], {"contact_sharing": True})
    introduction_id = brought_to_completion(world, target_shares=False, requester_shares=False)

    assert contacts_seen_by(world, "requester", introduction_id) == store.get_stakeholder(
        world.ids["target"]).email
    assert contacts_seen_by(world, "target", introduction_id) is None


@pytest.mark.parametrize("who, step", [("broker", Step.FORWARD), ("requester", Step.WITHDRAW),
                                       ("target", Step.DECLINE)])
def test_contacts_are_shared_only_by_accepting_or_completing(store, who, step):
    world = build_world(store)
    introduction_id = world.request()
    if who == "target":
        world.act("broker", introduction_id, Step.FORWARD)
    before = store.get_introduction(introduction_id)
    with pytest.raises(InvalidInput) as raised:
        world.desk.act(introduction_id, step, share_contacts=True, actor=world.users[who],
                       reason=DeclineReason.NOT_NOW if step == Step.DECLINE else None)
    assert "share_contacts" in raised.value.errors
    assert store.get_introduction(introduction_id) == before


def told(store, world: World, who: str, subject: str) -> str:
    """The body of the one notification to ``who`` whose subject starts with ``subject``."""
    (body,) = [n.body for n in store.find_notifications(world.users[who].id)
               if n.subject.startswith(subject)]
    return body


@pytest.mark.parametrize("target_shares, requester_shares, to_target, to_broker", [
    (True, True, "You exchanged contacts", "Both ends shared their contacts"),
    (True, False, "Your contacts were shared with them; they did not share theirs",
     "The target shared its contacts; the requester did not"),
    (False, True, "They shared their contacts with you; yours were not shared",
     "The requester shared its contacts; the target did not"),
    (False, False, "No contacts were shared", "Neither end shared its contacts"),
])
def test_the_completion_notices_say_truthfully_who_shared_contacts(
        store, target_shares, requester_shares, to_target, to_broker):
    world = build_world(store)
    brought_to_completion(world, target_shares=target_shares, requester_shares=requester_shares)
    assert to_target in told(store, world, "target", "Introduction completed")
    to_the_broker = told(store, world, "broker", "Introduction completed")
    assert to_broker in to_the_broker
    # The broker is told who shared by role: no contact detail ever travels in a notice.
    assert "@" not in to_the_broker


@pytest.mark.parametrize("target_shares, phrase", [
    (True, "its contacts will be shared with you once you complete it"),
    (False, "did not agree to share its contacts"),
])
def test_the_acceptance_notice_says_whether_the_target_shares_its_contacts(
        store, target_shares, phrase):
    world = build_world(store)
    introduction_id = world.request()
    world.act("broker", introduction_id, Step.FORWARD)
    assert "say whether you share your contacts" in told(store, world, "target",
                                                        "Introduction: ")
    world.desk.act(introduction_id, Step.ACCEPT, share_contacts=target_shares,
                   actor=world.users["target"])
    assert phrase in told(store, world, "requester", f"target {world.number} accepted")


# -- notifications retire once the request moves on ---------------------------------------------

def pending(store, world: World, who: str) -> list[str]:
    return [n.subject for n in store.find_notifications(world.users[who].id, pending_only=True)]


def test_a_notice_stops_being_pending_once_its_request_moves_on(store):
    world = build_world(store)
    introduction_id = world.request()
    assert len(pending(store, world, "broker")) == 1

    world.act("broker", introduction_id, Step.FORWARD)
    assert pending(store, world, "broker") == []  # it did what it was asked
    (asked,) = pending(store, world, "target")
    world.desk.act(introduction_id, Step.ACCEPT, actor=world.users["target"])
    assert pending(store, world, "target") == []
    assert pending(store, world, "requester") == [
        f"target {world.number} accepted your request"]
    world.act("requester", introduction_id, Step.COMPLETE)
    assert pending(store, world, "requester") == []
    # Listed still, as done with: the mail sender sends only what is pending.
    states = {n.subject: n.state for n in store.find_notifications(world.users["target"].id)}
    assert states[asked] == NotificationState.OBSOLETE
    assert all(n.introduction_id != introduction_id or n.subject.startswith("Introduction "
                                                                            "completed")
               for n in store.find_notifications(None))


def test_a_withdrawn_request_retires_what_was_asked_of_the_broker(store):
    world = build_world(store)
    introduction_id = world.request()
    world.act("requester", introduction_id, Step.WITHDRAW)
    assert [s.startswith("Request withdrawn") for s in pending(store, world, "broker")] == [True]
    assert len(store.find_notifications(world.users["broker"].id)) == 2
