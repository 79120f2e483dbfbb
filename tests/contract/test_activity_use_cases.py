"""The activity and matchmaking use cases on both stores: who may do what, the journey of a
networking event (register, wish, schedule, adjust, publish, agenda, answers, ties), and the
feedback that meetings give matching."""

from __future__ import annotations

from datetime import date

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.activities import ScheduleState, TieSource
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.use_cases.activities import Activities
from graph_models.use_cases.event_meetings import EventMeetings, pair_weight
from graph_models.use_cases.feedback import match_feedback
from graph_models.use_cases.snapshots import SnapshotCache
from tests.builders import stakeholder

ADMIN = User(id="admin", username="admin", role=Role.ADMIN)
ATTICA = User(id="c1", username="attica", role=Role.COORDINATOR, regions=("EL30",))
CRETE = User(id="c2", username="crete", role=Role.COORDINATOR, regions=("EL43",))


def member(*stakeholders) -> User:
    return User(id="m-" + stakeholders[0].id, username="m" + stakeholders[0].id,
                role=Role.MEMBER, memberships=tuple(s.id for s in stakeholders))


@pytest.fixture
def desk(store):
    activities = Activities(store)
    return activities, EventMeetings(store, SnapshotCache(store), activities)


@pytest.fixture
def town(store):
    """An organiser and four cooperatives of Athens."""
    org = store.create_stakeholder(stakeholder(Kind.SUPPORT_ORGANISATION, region="EL303"))
    coops = [store.create_stakeholder(stakeholder(region="EL303")) for _ in range(4)]
    return org, coops


def networking(activities, org, actor=ATTICA, **overrides):
    fields = dict(title="Γνωριμίες ΚοινΣΕπ", kind="networking", starts_on=date(2027, 4, 2),
                  region="EL303", pillar="networking", capacity=10, organiser_id=org.id,
                  slots=["10:00", "10:20", "10:40"], tables=2)
    fields.update(overrides)
    return activities.create(actor=actor, **fields)


def test_only_coordinators_of_the_region_and_admins_open_and_run_activities(desk, town):
    activities, _ = desk
    org, (coop, *_) = town
    with pytest.raises(Forbidden):
        networking(activities, org, actor=CRETE)
    with pytest.raises(Forbidden):
        networking(activities, org, actor=member(coop))
    fair = networking(activities, org)
    assert networking(activities, org, actor=ADMIN).region == "EL303"
    with pytest.raises(Forbidden):
        activities.update(fair.id, {"capacity": 20}, actor=CRETE)
    assert activities.update(fair.id, {"capacity": 20}, actor=ATTICA).capacity == 20


@pytest.mark.parametrize("change, field", [
    ({"title": " "}, "title"), ({"region": "EL99"}, "region"), ({"capacity": 0}, "capacity"),
    ({"topics": ["no.such"]}, "topics"), ({"ends_on": date(2027, 1, 1)}, "ends_on"),
    ({"kind": "workshop"}, "kind"), ({"tables": -1}, "tables"), ({"kind": "party"}, "kind"),
])
def test_a_bad_activity_is_refused_naming_the_field(desk, town, change, field):
    activities, _ = desk
    with pytest.raises(InvalidInput) as refused:
        networking(activities, town[0], **change)
    assert field in refused.value.errors


def test_members_register_their_own_stakeholder_only(desk, town):
    activities, _ = desk
    org, (a, b, *_) = town
    fair = networking(activities, org)
    with pytest.raises(Forbidden):
        activities.register(fair.id, b.id, actor=member(a))
    assert activities.register(fair.id, a.id, actor=member(a)).stakeholder_id == a.id
    assert activities.register(fair.id, b.id, actor=ATTICA).registered_by == ATTICA.id
    with pytest.raises(Forbidden):
        activities.register(fair.id, org.id, actor=CRETE)
    with pytest.raises(Forbidden):
        activities.cancel(fair.id, b.id, actor=member(a))


def test_registrants_are_shown_to_coordinators_and_registrants_only(desk, town):
    activities, _ = desk
    org, (a, _b, c, _d) = town
    fair = networking(activities, org)
    activities.register(fair.id, a.id, actor=member(a))
    assert [r.stakeholder.name for r in activities.registrants(fair.id, actor=member(a))] == [
        a.name]
    with pytest.raises(Forbidden):
        activities.registrants(fair.id, actor=member(c))
    assert len(activities.registrants(fair.id, actor=ATTICA)) == 1


def test_attendance_forms_ties_with_the_organiser_only_with_consent(desk, town, store):
    activities, _ = desk
    org, (a, b, c, _) = town
    fair = networking(activities, org)
    activities.register(fair.id, a.id, ties_consent=True, actor=member(a))
    activities.register(fair.id, b.id, actor=member(b))
    activities.register(fair.id, c.id, ties_consent=True, actor=member(c))
    with pytest.raises(InvalidInput) as stranger:
        activities.record_attendance(fair.id, [a.id, org.id], actor=ATTICA)
    assert "attended" in stranger.value.errors
    with pytest.raises(Forbidden):
        activities.record_attendance(fair.id, [a.id], actor=member(a))
    formed = activities.record_attendance(fair.id, [a.id, b.id], actor=ATTICA)
    assert [(f.source, f.target, f.via) for f in formed] == [(a.id, org.id,
                                                             TieSource.ATTENDANCE)]
    assert [t.type for t in store.ties_of(a.id)] == [TieType.KNOWS]
    assert store.ties_of(b.id) == [] and store.ties_of(c.id) == []
    (record,) = activities.records(region="EL30", starts_from=date(2027, 1, 1),
                                   starts_until=date(2027, 12, 31), actor=ATTICA)
    assert (record.registered, record.attended, len(record.ties)) == (3, 2, 1)
    with pytest.raises(Forbidden):
        activities.records(region="EL43", starts_from=date(2027, 1, 1),
                           starts_until=date(2027, 12, 31), actor=ATTICA)


def wish_all(events, fair, people, *, available=(0, 1, 2)):
    for p in people:
        events.state_wishes(fair.id, p.id, wishes={q.id: 1 for q in people if q != p},
                            available=list(available), actor=member(p))


def test_wishes_name_other_registrants_with_priorities_in_free_rounds(desk, town):
    activities, events = desk
    org, (a, b, c, _) = town
    fair = networking(activities, org)
    for p in (a, b):
        activities.register(fair.id, p.id, actor=member(p))
    for wishes, available, field in (({c.id: 1}, [0], "wishes"), ({a.id: 1}, [0], "wishes"),
                                     ({b.id: 4}, [0], "wishes"), ({b.id: 1}, [3], "available")):
        with pytest.raises(InvalidInput) as refused:
            events.state_wishes(fair.id, a.id, wishes=wishes, available=available,
                                actor=member(a))
        assert field in refused.value.errors
    with pytest.raises(Forbidden):
        events.state_wishes(fair.id, a.id, wishes={b.id: 1}, available=[0], actor=member(b))
    saved = events.state_wishes(fair.id, a.id, wishes={b.id: 3}, available=[2, 0],
                                actor=member(a))
    assert (saved.wished(), saved.available) == ({b.id: 3}, (0, 2))


def test_the_schedule_meets_only_mutual_pairs_within_availability(desk, town):
    activities, events = desk
    org, (a, b, c, d) = town
    fair = networking(activities, org, tables=1)
    for p in (a, b, c, d):
        activities.register(fair.id, p.id, ties_consent=True, actor=member(p))
    wish_all(events, fair, [a, b, c])
    events.state_wishes(fair.id, d.id, wishes={a.id: 3}, available=[0, 1, 2],
                        actor=member(d))  # one-sided: a does not wish d
    events.state_wishes(fair.id, c.id, wishes={a.id: 1, b.id: 1}, available=[2],
                        actor=member(c))
    with pytest.raises(Forbidden):
        events.generate(fair.id, actor=member(a))
    view = events.generate(fair.id, actor=ATTICA)
    pairs = {frozenset((m.meeting.a, m.meeting.b)) for m in view.meetings}
    assert pairs <= {frozenset((a.id, b.id)), frozenset((a.id, c.id)),
                     frozenset((b.id, c.id))}
    assert all(m.meeting.slot == 2 for m in view.meetings if c.id in (m.meeting.a, m.meeting.b))
    # One table: c can meet only once (round 2), a–b in another round: two meetings.
    assert len(view.meetings) == 2
    assert (view.mutual_pairs, view.one_sided_wishes) == (3, 1)
    assert view.activity.schedule == ScheduleState.DRAFT


def test_a_coordinator_adjusts_and_publishes_then_attendees_read_their_agenda(desk, town):
    activities, events = desk
    org, (a, b, c, _) = town
    fair = networking(activities, org)
    for p in (a, b, c):
        activities.register(fair.id, p.id, ties_consent=True, actor=member(p))
    wish_all(events, fair, [a, b, c])
    view = events.generate(fair.id, actor=ATTICA)
    assert len(view.meetings) == 3
    assert events.agenda(fair.id, a.id, actor=member(a)).items == []  # not published yet
    first, second = view.meetings[0].meeting, view.meetings[1].meeting
    swapped = events.swap_meetings(fair.id, first.id, second.id, actor=ATTICA)
    moved = {m.meeting.id: m.meeting.slot for m in swapped.meetings}
    assert (moved[first.id], moved[second.id]) == (second.slot, first.slot)
    removed = events.remove_meeting(fair.id, first.id, actor=ATTICA)
    assert first.id not in {m.meeting.id for m in removed.meetings}
    events.publish(fair.id, actor=ATTICA)
    with pytest.raises(Conflict):
        events.remove_meeting(fair.id, second.id, actor=ATTICA)
    agenda = events.agenda(fair.id, a.id, actor=member(a))
    assert agenda.published and all(i.other.id in (b.id, c.id) for i in agenda.items)
    assert [i.slot_label for i in agenda.items] == sorted(i.slot_label for i in agenda.items)
    with pytest.raises(Forbidden):
        events.agenda(fair.id, a.id, actor=member(b))


def test_a_swap_that_double_books_someone_is_refused(desk, town):
    activities, events = desk
    org, (a, b, c, d) = town
    fair = networking(activities, org, slots=["10:00", "10:20"], tables=2)
    for p in (a, b, c, d):
        activities.register(fair.id, p.id, actor=member(p))
    wish_all(events, fair, [a, b, c, d], available=(0, 1))
    meetings = [m.meeting for m in events.generate(fair.id, actor=ATTICA).meetings]
    # Four people, two rounds of two tables: everyone meets in both rounds, so moving a
    # meeting to the other round puts one of its people in two meetings there.
    assert len(meetings) == 4
    one = meetings[0]
    clash = next(m for m in meetings
                 if m.slot != one.slot and len({m.a, m.b} & {one.a, one.b}) == 1)
    with pytest.raises(Conflict) as refused:
        events.swap_meetings(fair.id, one.id, clash.id, actor=ATTICA)
    assert "other_id" in refused.value.errors


def test_meetings_held_by_both_become_ties_and_not_useful_ones_lower_the_score(desk, town,
                                                                           store):
    activities, events = desk
    org, (a, b, *_) = town
    fair = networking(activities, org)
    for p in (a, b):
        activities.register(fair.id, p.id, ties_consent=True, actor=member(p))
    wish_all(events, fair, [a, b])
    events.generate(fair.id, actor=ATTICA)
    with pytest.raises(Conflict):
        events.answer(fair.id, "x", a.id, held=True, actor=member(a))
    (meeting,) = [m.meeting for m in events.publish(fair.id, actor=ATTICA).meetings]
    with pytest.raises(InvalidInput):
        events.answer(fair.id, meeting.id, a.id, held=False, useful=True, actor=member(a))
    with pytest.raises(Forbidden):
        events.answer(fair.id, meeting.id, a.id, held=True, actor=member(b))
    events.answer(fair.id, meeting.id, a.id, held=True, useful=False, actor=member(a))
    assert store.ties_of(a.id) == []  # only one side has said it was held
    done = events.answer(fair.id, meeting.id, b.id, held=True, useful=False, actor=member(b))
    assert done.tie_id is not None
    assert [f.via for f in store.activity_ties(fair.id)] == [TieSource.MEETING]
    assert match_feedback(store, a.id).penalties[(meeting.a, meeting.b)] == 1.0
    with pytest.raises(Conflict):
        events.generate(fair.id, actor=ATTICA)  # answered: the schedule is final


def test_a_pair_weight_grows_with_both_priorities():
    assert pair_weight(60.0, (1, 1)) < pair_weight(60.0, (1, 3)) < pair_weight(60.0, (3, 3))


def test_an_activity_that_is_not_a_networking_event_has_no_schedule(desk, town):
    activities, events = desk
    workshop = activities.create(title="Εργαστήρι", kind="workshop", starts_on=date(2027, 5, 1),
                                 region="EL303", pillar="training", capacity=5,
                                 organiser_id=town[0].id, actor=ATTICA)
    with pytest.raises(Conflict):
        events.generate(workshop.id, actor=ATTICA)
    with pytest.raises(NotFound):
        events.schedule("nothing", actor=ATTICA)
