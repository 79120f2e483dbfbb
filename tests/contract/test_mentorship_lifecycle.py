"""The mentorship lifecycle on each store: every (state, party, action), many people acting at
once, sessions whose notes only the pair reads, the MENTORS tie of a completion, and erasure.

Allowed steps write exactly one audit entry (and, but for a first acceptance, a check-in, a
rating or a session, change the state); refused ones answer Forbidden (403) or Conflict (409,
naming the state) — or, for anyone who is no party, NotFound — and change nothing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph_models.domain.mentorships import CancelReason, Mentorship, Step
from graph_models.domain.mentorships import MentorshipState as State
from graph_models.domain.programmes import Programme
from graph_models.domain.queries import AuditQuery
from graph_models.domain.stakeholders import Kind, TieType, new_id
from graph_models.use_cases.mentorships import Mentorships
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders
from tests.builders import FIXED_TIME
from tests.races import race

DAY = FIXED_TIME.date()
# How to bring a mentorship to each state, as (who acts, step) from "proposed".
PATHS_TO = {
    State.PROPOSED: [],
    State.ACCEPTED: [("mentee", Step.ACCEPT), ("mentor", Step.ACCEPT)],
    State.ACTIVE: [("mentee", Step.ACCEPT), ("mentor", Step.ACCEPT),
                   ("coordinator", Step.START)],
    State.COMPLETED: [("mentee", Step.ACCEPT), ("mentor", Step.ACCEPT),
                      ("coordinator", Step.START), ("coordinator", Step.COMPLETE)],
    State.CANCELLED: [("mentee", Step.CANCEL)],
}
# The expected outcome, written out by hand: (state, who, step) -> new state. Anything else is
# refused. Who: a member of the mentee, of the mentor, a coordinator of the programme's region,
# an admin, a coordinator elsewhere and a member of neither.
ALLOWED = {
    (State.PROPOSED, "mentee", Step.ACCEPT): State.PROPOSED,  # the mentor has yet to
    (State.PROPOSED, "mentor", Step.ACCEPT): State.PROPOSED,
    **{(State.PROPOSED, who, Step.CANCEL): State.CANCELLED
       for who in ("mentee", "mentor", "coordinator", "admin")},
    **{(State.ACCEPTED, who, step): to
       for who in ("mentee", "mentor", "coordinator", "admin")
       for step, to in ((Step.START, State.ACTIVE), (Step.CANCEL, State.CANCELLED))},
    **{(State.ACTIVE, who, step): State.ACTIVE
       for who in ("mentee", "mentor") for step in (Step.CHECK_IN, Step.LOG_SESSION)},
    **{(State.ACTIVE, who, step): to
       for who in ("mentee", "mentor", "coordinator", "admin")
       for step, to in ((Step.COMPLETE, State.COMPLETED), (Step.CANCEL, State.CANCELLED))},
    (State.COMPLETED, "mentee", Step.RATE): State.COMPLETED,
    (State.COMPLETED, "mentor", Step.RATE): State.COMPLETED,
}
ACTORS = ("mentee", "mentor", "coordinator", "admin", "elsewhere", "stranger")
NEVER_A_PARTY = ("elsewhere", "stranger")


@dataclass
class World:
    desk: Mentorships
    store: object
    users: dict[str, User]
    ids: dict[str, str]

    def mentorship(self) -> str:
        """A new programme of EL30 published with the one pair (mentee, mentor)."""
        programme = Programme(id=new_id(), name="Άνοιξη", region="EL30", starts_on=DAY,
                              created_at=FIXED_TIME, updated_at=FIXED_TIME,
                              mentee_ids=(self.ids["mentee"],))
        self.store.create_programme(programme)
        m = Mentorship(id=new_id(), programme_id=programme.id, mentee_id=self.ids["mentee"],
                       mentor_id=self.ids["mentor"], region="EL30", created_at=FIXED_TIME,
                       state_changed_at=FIXED_TIME, score=70.0)
        self.store.publish_programme(programme.changed(FIXED_TIME), [m])
        return m.id

    def act(self, who: str, mentorship_id: str, step: Step):
        actor = self.users[who]
        if step == Step.LOG_SESSION:
            return self.desk.log_session(mentorship_id, DAY, topics=["training.mentoring"],
                                         notes=f"{who}'s notes", actor=actor)
        rating = 2 if step in (Step.CHECK_IN, Step.RATE) else None
        reason = CancelReason.NO_TIME if step == Step.CANCEL else None
        return self.desk.act(mentorship_id, step, reason=reason, rating=rating, actor=actor)


_worlds = itertools.count(1)


def build_world(store) -> World:
    eco = Stakeholders(store, SnapshotCache(store), clock=lambda: FIXED_TIME)
    number = next(_worlds)
    ids = {
        "mentee": eco.create_stakeholder({
            "kind": Kind.ENTREPRENEUR, "name": f"mentee {number}", "region": "EL303",
            "discoverable": True, "languages": ["el"], "needs": ["training.mentoring"]}).id,
        "mentor": eco.create_stakeholder({
            "kind": Kind.SUPPORT_ORGANISATION, "name": f"mentor {number}", "region": "EL303",
            "discoverable": True, "languages": ["el"], "offers": ["training.mentoring"],
            "capacity": 5}).id,
    }
    users = {
        "mentee": _user(store, "mentee", number, Role.MEMBER, memberships=(ids["mentee"],)),
        "mentor": _user(store, "mentor", number, Role.MEMBER, memberships=(ids["mentor"],)),
        "coordinator": _user(store, "coordinator", number, Role.COORDINATOR,
                             regions=("EL30",)),
        "admin": _user(store, "admin", number, Role.ADMIN),
        "elsewhere": _user(store, "elsewhere", number, Role.COORDINATOR, regions=("EL52",)),
        "stranger": _user(store, "stranger", number, Role.MEMBER),
    }
    return World(Mentorships(store, clock=lambda: FIXED_TIME), store, users, ids)


def _user(store, who: str, number: int, role: Role, **fields) -> User:
    return store.create_user(User(id=new_id(), username=f"{who}-{number}-{new_id()[:6]}",
                                  role=role, created_at=FIXED_TIME, updated_at=FIXED_TIME,
                                  **fields))


def _audit_count(store, mentorship_id: str) -> int:
    return store.find_audit(AuditQuery(object_ids=(mentorship_id,))).total


@pytest.mark.parametrize("state", list(State))
def test_every_party_and_action_from_every_state_does_what_the_table_says(store, state):
    world = build_world(store)
    for who, step in itertools.product(ACTORS, Step):
        mentorship_id = world.mentorship()
        for actor, earlier in PATHS_TO[state]:
            world.act(actor, mentorship_id, earlier)
        before = store.get_mentorship(mentorship_id)
        audit_before = _audit_count(store, mentorship_id)
        expected = ALLOWED.get((state, who, step))
        if expected is not None:
            world.act(who, mentorship_id, step)
            after = store.get_mentorship(mentorship_id)
            assert after.state == expected, (state, who, step)
            assert _audit_count(store, mentorship_id) == audit_before + 1
            if step == Step.LOG_SESSION:
                assert after == before and len(store.mentorship_sessions(mentorship_id)) == 1
            else:
                assert after.revision == before.revision + 1
            continue
        with pytest.raises((Forbidden, Conflict, NotFound)) as raised:
            world.act(who, mentorship_id, step)
        if who in NEVER_A_PARTY:
            assert raised.type is NotFound, (state, who, step)
        elif isinstance(raised.value, Conflict):
            assert raised.value.errors["state"] == [state.value], (state, who, step)
        assert store.get_mentorship(mentorship_id) == before, (state, who, step)
        assert _audit_count(store, mentorship_id) == audit_before, (state, who, step)
        assert store.mentorship_sessions(mentorship_id) == []


def test_the_coordinator_may_never_accept_rate_or_log_for_the_pair(store):
    world = build_world(store)
    mentorship_id = world.mentorship()
    for step in (Step.ACCEPT, Step.CHECK_IN, Step.LOG_SESSION, Step.RATE):
        with pytest.raises(Forbidden):
            world.act("coordinator", mentorship_id, step)


def test_both_sides_must_accept_and_neither_twice(store):
    world = build_world(store)
    mentorship_id = world.mentorship()

    half = world.act("mentor", mentorship_id, Step.ACCEPT).mentorship
    assert half.state == State.PROPOSED and half.mentor_accepted_at is not None
    assert half.accepted_on is None
    with pytest.raises(Conflict) as twice:
        world.act("mentor", mentorship_id, Step.ACCEPT)
    assert twice.value.errors["state"] == ["proposed"]
    both = world.act("mentee", mentorship_id, Step.ACCEPT).mentorship

    assert both.state == State.ACCEPTED and both.accepted_on == DAY
    assert store.get_mentorship(mentorship_id) == both


def test_a_user_of_both_sides_accepts_for_both_at_once(store):
    world = build_world(store)
    both = _user(store, "both", 0, Role.MEMBER,
                 memberships=(world.ids["mentee"], world.ids["mentor"]))
    mentorship_id = world.mentorship()

    view = world.desk.act(mentorship_id, Step.ACCEPT, actor=both)

    assert view.mentorship.state == State.ACCEPTED


def test_a_cancellation_keeps_its_reason_and_who_cancelled(store):
    world = build_world(store)
    mentorship_id = world.mentorship()

    with pytest.raises(InvalidInput) as no_reason:
        world.desk.act(mentorship_id, Step.CANCEL, actor=world.users["mentor"])
    assert "reason" in no_reason.value.errors
    view = world.desk.act(mentorship_id, Step.CANCEL, reason=CancelReason.DECLINED,
                          actor=world.users["mentor"])

    stored = store.get_mentorship(mentorship_id)
    assert stored == view.mentorship
    assert (stored.state, stored.cancel_reason, stored.cancelled_by.value, stored.ended_on) == (
        State.CANCELLED, CancelReason.DECLINED, "mentor", DAY)
    assert view.steps == []


def test_ratings_are_kept_by_side_and_moment_and_a_completion_is_rated_once(store):
    world = build_world(store)
    mentorship_id = world.mentorship()
    for who, step in PATHS_TO[State.ACTIVE]:
        world.act(who, mentorship_id, step)
    with pytest.raises(InvalidInput) as bad:
        world.desk.act(mentorship_id, Step.CHECK_IN, rating=6, actor=world.users["mentee"])
    assert "rating" in bad.value.errors
    world.desk.act(mentorship_id, Step.CHECK_IN, rating=4, actor=world.users["mentee"])
    with pytest.raises(Forbidden):
        world.desk.act(mentorship_id, Step.COMPLETE, rating=3, actor=world.users["admin"])
    world.desk.act(mentorship_id, Step.COMPLETE, rating=5, actor=world.users["mentor"])
    world.desk.act(mentorship_id, Step.RATE, rating=1, actor=world.users["mentee"])

    with pytest.raises(Conflict):
        world.desk.act(mentorship_id, Step.RATE, rating=3, actor=world.users["mentor"])
    ratings = store.get_mentorship(mentorship_id).ratings
    assert [(r.by, r.score, r.moment.value) for r in ratings] == [
        (world.ids["mentee"], 4, "check_in"), (world.ids["mentor"], 5, "completion"),
        (world.ids["mentee"], 1, "completion")]
    seen = {who: [r.score for r in world.desk.get(mentorship_id, actor=world.users[who]).ratings]
            for who in ("mentee", "mentor", "coordinator")}
    assert seen == {"mentee": [4, 1], "mentor": [5], "coordinator": [4, 5, 1]}


def test_completion_creates_a_mentors_tie_unless_the_pair_has_one(store):
    world = build_world(store)
    first, second = world.mentorship(), world.mentorship()
    for mentorship_id in (first, second):
        for who, step in PATHS_TO[State.COMPLETED]:
            world.act(who, mentorship_id, step)

    ties = store.ties_of(world.ids["mentee"], types=frozenset({TieType.MENTORS}))
    assert [(t.source, t.target) for t in ties] == [(world.ids["mentor"], world.ids["mentee"])]
    assert store.get_mentorship(first).tie_id == store.get_mentorship(second).tie_id == ties[0].id


def test_the_pair_reads_session_notes_and_the_coordinator_only_that_sessions_took_place(store):
    world = build_world(store)
    mentorship_id = world.mentorship()
    for who, step in PATHS_TO[State.ACTIVE]:
        world.act(who, mentorship_id, step)
    world.desk.log_session(mentorship_id, date(2026, 1, 10), topics=["training.mentoring"],
                           notes="Σχέδιο χρηματοδότησης", actor=world.users["mentee"])
    world.desk.log_session(mentorship_id, date(2026, 1, 3), notes="πρώτη",
                           actor=world.users["mentor"])

    for who in ("mentee", "mentor"):
        seen = world.desk.sessions(mentorship_id, actor=world.users[who])
        assert [(s.session.on, s.notes) for s in seen] == [
            (date(2026, 1, 3), "πρώτη"), (date(2026, 1, 10), "Σχέδιο χρηματοδότησης")]
    for who in ("coordinator", "admin"):
        seen = world.desk.sessions(mentorship_id, actor=world.users[who])
        assert [(s.session.on, s.session.topics, s.notes, s.session.notes) for s in seen] == [
            (date(2026, 1, 3), (), None, ""),
            (date(2026, 1, 10), ("training.mentoring",), None, "")]
    for who in NEVER_A_PARTY:
        with pytest.raises(NotFound):
            world.desk.sessions(mentorship_id, actor=world.users[who])
    with pytest.raises(InvalidInput) as future:
        world.desk.log_session(mentorship_id, date(2026, 2, 1), actor=world.users["mentee"])
    assert "on" in future.value.errors


def test_erasing_a_stakeholder_erases_its_mentorships_and_their_sessions(store):
    world = build_world(store)
    mentorship_id = world.mentorship()
    for who, step in PATHS_TO[State.ACTIVE]:
        world.act(who, mentorship_id, step)
    world.act("mentee", mentorship_id, Step.LOG_SESSION)

    store.delete_stakeholder(world.ids["mentee"])

    with pytest.raises(NotFound):
        store.get_mentorship(mentorship_id)
    assert store.mentorship_sessions(mentorship_id) == []


def test_of_twenty_people_acting_at_once_exactly_one_wins(store):
    world = build_world(store)
    mentorship_id = world.mentorship()
    for who, step in PATHS_TO[State.ACTIVE]:
        world.act(who, mentorship_id, step)
    # Whichever wins, none of the others may follow it: a loser may not win later either.
    attempts = ([("mentee", Step.COMPLETE), ("mentor", Step.CANCEL),
                 ("coordinator", Step.COMPLETE), ("admin", Step.CANCEL)] * 5)[:20]
    outcome = race(attempts, lambda who, step: world.act(
        who, mentorship_id, step).mentorship.state)
    won, lost, failed = outcome.won, outcome.lost, outcome.failed

    assert failed == []
    assert len(won) == 1 and len(lost) == 19
    stored = store.get_mentorship(mentorship_id)
    assert stored.state == won[0] and stored.revision == 4
    audit = store.find_audit(AuditQuery(object_ids=(mentorship_id,))).items
    assert sorted((a.from_state, a.to_state) for a in audit) == sorted([
        ("proposed", "proposed"), ("proposed", "accepted"), ("accepted", "active"),
        ("active", stored.state.value)])


def test_a_session_logged_as_an_action_is_invalid_input_naming_the_action(store):
    world = build_world(store)
    mentorship_id = world.mentorship()

    with pytest.raises(InvalidInput) as logged:
        world.desk.act(mentorship_id, Step.LOG_SESSION, actor=world.users["mentee"])

    assert "action" in logged.value.errors
