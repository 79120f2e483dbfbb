"""The store contract for co-creation workshops, and their use cases over it: the same tests
on both engines."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph_models.domain.workshops import workshop_to_record
from graph_models.use_cases.workshops import Workshops
from tests.builders import FakeClock, stakeholder

T0 = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
COORDINATOR = User(id="c", username="c", role=Role.COORDINATOR, regions=("EL30",))
ELSEWHERE = User(id="e", username="e", role=Role.COORDINATOR, regions=("EL43",))


@pytest.fixture
def desk(store):
    return Workshops(store, clock=FakeClock(T0))


def recorded(desk, store, **fields):
    a, b = (store.create_stakeholder(stakeholder(region="EL303")) for _ in range(2))
    return desk.create({
        "title": "Χρηματοδότηση ΚοινΣΕπ", "held_on": date(2026, 3, 1), "place": "Δημαρχείο",
        "region": "EL303", "pillar": "financing", "topics": ["financing.loan"],
        "participants": [{"stakeholder_id": a.id, "listed": True},
                         {"stakeholder_id": b.id, "listed": False}],
        "insights": [{"text": "Οι τράπεζες ζητούν εγγυήσεις", "topics": ["financing.guarantee"]}],
        "actions": [{"text": "Ταμείο εγγυήσεων", "topics": ["financing.guarantee"]}],
        **fields}, actor=COORDINATOR), a, b


def test_a_workshop_is_written_and_read_back_whole(store, desk):
    workshop, a, _b = recorded(desk, store)
    assert store.get_workshop(workshop.id) == workshop
    assert store.list_workshops() == [workshop]
    assert [s.id for s in desk.participants(workshop)] == [a.id]
    assert workshop.unlisted() == 1


def test_a_workshop_is_saved_only_over_the_version_read_and_deleted(store, desk):
    workshop, _, _ = recorded(desk, store)
    later = dataclasses.replace(workshop, place="Αίθουσα", updated_at=T0 + timedelta(hours=1))
    store.save_workshop(later, expected_updated_at=workshop.updated_at)
    with pytest.raises(Conflict):
        store.save_workshop(dataclasses.replace(later, place="x"),
                            expected_updated_at=workshop.updated_at)
    assert store.get_workshop(workshop.id).place == "Αίθουσα"
    store.delete_workshop(workshop.id)
    with pytest.raises(NotFound):
        store.get_workshop(workshop.id)
    with pytest.raises(NotFound):
        store.delete_workshop(workshop.id)


def test_an_action_links_to_a_plan_action_later(store, desk):
    workshop, _, _ = recorded(desk, store)
    changed = desk.update(workshop.id, {"actions": [
        {"text": "Ταμείο εγγυήσεων", "topics": ["financing.guarantee"],
         "plan_action_id": "action-7"}], "plan_id": "plan-1"}, actor=COORDINATOR)
    assert store.get_workshop(workshop.id).actions[0].plan_action_id == "action-7"
    assert changed.plan_id == "plan-1"


def test_a_broken_workshop_is_refused_naming_its_fields_and_nothing_is_written(store, desk):
    with pytest.raises(InvalidInput) as refused:
        recorded(desk, store, pillar="dancing", insights=[{"text": "", "topics": ["x"]}])
    assert {"pillar", "insights.0.text", "insights.0.topics"} <= set(refused.value.errors)
    with pytest.raises(InvalidInput) as missing:
        desk.create({"title": "t", "held_on": date(2026, 3, 1), "place": "p",
                     "region": "EL303", "pillar": "training",
                     "participants": [{"stakeholder_id": "nobody", "listed": True}]},
                    actor=COORDINATOR)
    assert "participants" in missing.value.errors
    assert store.list_workshops() == []


def test_only_the_coordinators_of_its_region_reach_a_workshop(store, desk):
    workshop, _, _ = recorded(desk, store)
    with pytest.raises(NotFound):
        desk.get(workshop.id, actor=ELSEWHERE)
    with pytest.raises(NotFound):
        desk.delete(workshop.id, actor=ELSEWHERE)
    assert desk.list_workshops(actor=ELSEWHERE) == []
    with pytest.raises(Forbidden):
        recorded(desk, store, region="EL431")


def test_erasing_a_participant_takes_it_out_of_every_workshop_in_the_erasure(store, desk):
    workshop, a, b = recorded(desk, store)
    other = desk.create({"title": "Κατάρτιση", "held_on": date(2026, 4, 1), "place": "ΚΕΚ",
                         "region": "EL303", "pillar": "training",
                         "participants": [{"stakeholder_id": b.id, "listed": True}]},
                        actor=COORDINATOR)

    store.delete_stakeholder(a.id)

    kept = store.get_workshop(workshop.id)
    assert kept.participants == workshop.participants[1:]
    assert a.id not in str(workshop_to_record(kept))
    assert kept.updated_at > workshop.updated_at
    assert store.get_workshop(other.id) == other
    assert store.list_workshops() == [other, kept]
    with pytest.raises(Conflict):  # an edit of the version read before would name it again
        store.save_workshop(dataclasses.replace(workshop, place="Αίθουσα"),
                            expected_updated_at=workshop.updated_at)
    assert desk.update(workshop.id, {"place": "Αίθουσα"}, actor=COORDINATOR).participants == (
        workshop.participants[1:])
    assert store.get_workshop(workshop.id).place == "Αίθουσα"
