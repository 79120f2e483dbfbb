"""Activities on both stores: registrations within capacity (also when racing for the last
seat), attendance and meetings that form ties in one transaction, the schedule replaced whole,
the records attendance indicators read, and erasure."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from graph_models.domain.accounts import audit_entry
from graph_models.domain.activities import (
    Activity,
    ActivityKind,
    ActivityQuery,
    Meeting,
    Registration,
    ScheduleState,
    TieSource,
)
from graph_models.domain.errors import Conflict, NotFound
from graph_models.domain.queries import AuditQuery
from graph_models.domain.stakeholders import Kind, Pillar, TieType, new_id
from tests.builders import FIXED_TIME, stakeholder, tie
from tests.races import race


def people(store, n, kind=Kind.ENTREPRENEUR, region="EL303"):
    return [store.create_stakeholder(stakeholder(kind, region=region)) for _ in range(n)]


def activity(organiser, **overrides) -> Activity:
    fields = dict(id=new_id(), title="Εργαστήρι επιχειρηματικού σχεδίου",
                  kind=ActivityKind.WORKSHOP, starts_on=date(2027, 3, 10), region="EL303",
                  pillar=Pillar.TRAINING, capacity=3, organiser_id=organiser.id,
                  created_at=FIXED_TIME, updated_at=FIXED_TIME,
                  topics=("consulting.business_plan",))
    fields.update(overrides)
    return Activity(**fields)


def seat(a: Activity, who, **overrides) -> Registration:
    return Registration(a.id, who.id, FIXED_TIME, **overrides)


@pytest.fixture
def organiser(store):
    return store.create_stakeholder(stakeholder(Kind.SUPPORT_ORGANISATION))


def test_an_activity_reads_back_as_written_and_is_found_by_territory_and_dates(store, organiser):
    a = store.create_activity(activity(organiser, plan_id="plan-7"))
    elsewhere = store.create_activity(activity(organiser, region="EL522",
                                               starts_on=date(2027, 5, 1)))
    assert store.get_activity(a.id) == a
    assert [x.id for x in store.find_activities(ActivityQuery(regions=("EL3",))).items] == [a.id]
    assert store.find_activities(ActivityQuery()).total == 2
    later = store.find_activities(ActivityQuery(starts_from=date(2027, 4, 1)))
    assert [x.id for x in later.items] == [elsewhere.id]
    assert [x.id for x in store.find_activities(ActivityQuery(plan_id="plan-7")).items] == [a.id]


def test_an_activity_needs_an_existing_organiser_and_a_free_id(store, organiser):
    with pytest.raises(NotFound):
        store.create_activity(activity(stakeholder()))
    a = store.create_activity(activity(organiser))
    with pytest.raises(Conflict):
        store.create_activity(dataclasses.replace(a, title="Άλλο"))
    assert store.find_activities(ActivityQuery()).total == 1


def test_registrations_stop_at_capacity_and_once_per_stakeholder(store, organiser):
    a = store.create_activity(activity(organiser, capacity=2))
    x, y, z = people(store, 3)
    store.register(seat(a, x), audit=audit_entry("u", "activity.register", "activity", a.id))
    with pytest.raises(Conflict) as twice:
        store.register(seat(a, x))
    assert "stakeholder_id" in twice.value.errors
    store.register(seat(a, y))
    with pytest.raises(Conflict) as full:
        store.register(seat(a, z))
    assert full.value.errors == {"capacity": ["full"]}
    # Registered at the same time: by stakeholder id.
    assert [r.stakeholder_id for r in store.registrations(a.id)] == sorted([x.id, y.id])
    assert store.find_audit(AuditQuery()).total == 1


def test_a_registration_needs_the_activity_and_the_stakeholder(store, organiser):
    a = store.create_activity(activity(organiser))
    with pytest.raises(NotFound):
        store.register(Registration("nothing", organiser.id, FIXED_TIME))
    with pytest.raises(NotFound):
        store.register(Registration(a.id, "nobody", FIXED_TIME))
    assert store.registrations(a.id) == []


def test_of_many_registrations_racing_for_the_last_seat_exactly_one_wins(store, organiser):
    a = store.create_activity(activity(organiser, capacity=2))
    first, *racers = people(store, 7)
    store.register(seat(a, first))
    outcome = race([(r,) for r in racers], lambda r: store.register(seat(a, r)))
    assert outcome.failed == []
    assert len(outcome.won) == 1 and len(outcome.lost) == 5
    assert all(error.errors == {"capacity": ["full"]} for error in outcome.lost)
    assert len(store.registrations(a.id)) == 2


def test_the_capacity_cannot_drop_below_the_seats_taken(store, organiser):
    a = store.create_activity(activity(organiser, capacity=3))
    for p in people(store, 2):
        store.register(seat(a, p))
    with pytest.raises(Conflict) as below:
        store.update_activity(dataclasses.replace(a, capacity=1))
    assert "capacity" in below.value.errors
    assert store.get_activity(a.id).capacity == 3


def test_a_registration_is_updated_and_cancelled(store, organiser):
    a = store.create_activity(activity(organiser))
    x, y = people(store, 2)
    store.register(seat(a, x))
    wished = seat(a, x, wishes=(y.id,), priorities=(2,), available=(0, 1), ties_consent=True)
    store.update_registration(wished)
    assert store.registrations(a.id) == [wished]
    assert store.registrations_of(x.id) == [wished]
    store.cancel_registration(a.id, x.id)
    assert store.registrations(a.id) == []
    with pytest.raises(NotFound):
        store.cancel_registration(a.id, x.id)
    with pytest.raises(NotFound):
        store.update_registration(wished)


def test_attendance_marks_attendees_and_forms_only_new_ties_in_one_write(store, organiser):
    a = store.create_activity(activity(organiser))
    x, y = people(store, 2)
    for p in (x, y):
        store.register(seat(a, p))
    store.create_tie(tie(TieType.KNOWS, y, organiser))  # y knew the organiser already
    version = store.version()
    recorded = a.changed(FIXED_TIME + timedelta(days=60),
                         attendance_recorded_at=FIXED_TIME + timedelta(days=60))
    formed = store.record_attendance(recorded, {x.id: True, y.id: True}, [
        tie(TieType.KNOWS, x, organiser), tie(TieType.KNOWS, y, organiser)])
    assert [(f.source, f.target, f.via) for f in formed] == [
        (x.id, organiser.id, TieSource.ATTENDANCE)]
    assert store.version() == version + 1
    assert store.activity_ties(a.id) == formed
    assert {r.stakeholder_id: r.attended for r in store.registrations(a.id)} == {
        x.id: True, y.id: True}
    assert store.get_activity(a.id).attendance_recorded_at == recorded.attendance_recorded_at


def test_attendance_of_someone_not_registered_writes_nothing(store, organiser):
    a = store.create_activity(activity(organiser))
    x, stranger = people(store, 2)
    store.register(seat(a, x))
    version = store.version()
    with pytest.raises(NotFound):
        store.record_attendance(a, {x.id: True, stranger.id: True},
                                [tie(TieType.KNOWS, x, organiser)])
    assert store.version() == version
    assert store.registrations(a.id)[0].attended is None
    assert store.ties_of(x.id) == []


def meeting(a, slot, table, p, q, score=50.0, **answers) -> Meeting:
    first, second = sorted([p.id, q.id])
    return Meeting(new_id(), a.id, slot, table, first, second, score, **answers)


def test_a_schedule_replaces_the_previous_one_whole(store, organiser):
    a = store.create_activity(activity(organiser, kind=ActivityKind.NETWORKING,
                                       slots=("10:00", "10:30"), tables=2))
    x, y, z = people(store, 3)
    first = [meeting(a, 0, 0, x, y), meeting(a, 1, 0, x, z)]
    store.save_schedule(dataclasses.replace(a, schedule=ScheduleState.DRAFT), first)
    second = [meeting(a, 0, 0, y, z)]
    store.save_schedule(dataclasses.replace(a, schedule=ScheduleState.PUBLISHED), second)
    assert store.meetings(a.id) == second
    assert store.get_activity(a.id).schedule == ScheduleState.PUBLISHED


def test_a_schedule_naming_a_missing_stakeholder_writes_nothing(store, organiser):
    a = store.create_activity(activity(organiser, kind=ActivityKind.NETWORKING,
                                       slots=("10:00",), tables=2))
    x, y = people(store, 2)
    kept = [meeting(a, 0, 0, x, y)]
    store.save_schedule(a, kept)
    ghost = dataclasses.replace(kept[0], id=new_id(), b="zz-nobody")
    with pytest.raises(NotFound):
        store.save_schedule(dataclasses.replace(a, schedule=ScheduleState.DRAFT), [ghost])
    assert store.meetings(a.id) == kept
    assert store.get_activity(a.id).schedule == ScheduleState.NONE


def test_a_meeting_held_forms_a_tie_once_and_answers_feed_matching(store, organiser):
    a = store.create_activity(activity(organiser, kind=ActivityKind.NETWORKING,
                                       slots=("10:00",), tables=2))
    x, y = people(store, 2)
    (m,) = store.save_schedule(a, [meeting(a, 0, 0, x, y)])
    assert store.match_history(None, limit=10).meetings == ()
    answered = dataclasses.replace(m, held_a=True, held_b=True, useful_a=False)
    version = store.version()
    saved = store.update_meeting(answered, tie=tie(TieType.KNOWS, m.a, m.b))
    assert saved.tie_id is not None and store.version() == version + 1
    assert [t.via for t in store.activity_ties(a.id)] == [TieSource.MEETING]
    again = store.update_meeting(dataclasses.replace(saved, useful_b=True),
                                 tie=tie(TieType.KNOWS, m.a, m.b))
    assert again.tie_id == saved.tie_id and len(store.activity_ties(a.id)) == 1
    assert store.match_history(x.id, limit=10).meetings == (again,)
    assert store.match_history(organiser.id, limit=10).meetings == ()
    with pytest.raises(NotFound):
        store.update_meeting(dataclasses.replace(m, id="nothing"))


def test_the_records_of_a_territory_and_period_count_attendance_and_ties(store, organiser):
    inside = store.create_activity(activity(organiser, starts_on=date(2027, 3, 10)))
    store.create_activity(activity(organiser, starts_on=date(2027, 9, 1)))
    store.create_activity(activity(organiser, region="EL522", starts_on=date(2027, 3, 11)))
    x, y = people(store, 2)
    for p in (x, y):
        store.register(seat(inside, p))
    store.record_attendance(inside, {x.id: True, y.id: False},
                            [tie(TieType.KNOWS, x, organiser)])
    (record,) = store.activity_records(("EL30",), date(2027, 1, 1), date(2027, 6, 30))
    assert (record.activity.id, record.registered, record.attended, len(record.ties)) == (
        inside.id, 2, 1, 1)
    assert len(store.activity_records(None, date(2027, 1, 1), date(2027, 12, 31))) == 3


def test_erasing_a_stakeholder_erases_its_registrations_meetings_and_tie_records(store,
                                                                                 organiser):
    a = store.create_activity(activity(organiser, kind=ActivityKind.NETWORKING,
                                       slots=("10:00",), tables=1))
    x, y = people(store, 2)
    for p in (x, y):
        store.register(seat(a, p))
    store.save_schedule(a, [meeting(a, 0, 0, x, y)])
    store.record_attendance(a, {x.id: True}, [tie(TieType.KNOWS, x, organiser)])
    store.delete_stakeholder(x.id)
    assert [r.stakeholder_id for r in store.registrations(a.id)] == [y.id]
    assert store.meetings(a.id) == []
    assert store.activity_ties(a.id) == []
