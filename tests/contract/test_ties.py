"""The store contract for ties: the same tests on SQLite and on a real Neo4j."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from graph_models.domain.errors import Conflict, NotFound
from graph_models.domain.queries import Direction
from graph_models.domain.stakeholders import Kind, TieType
from tests.builders import stakeholder, tie


@pytest.fixture
def trio(store):
    """An entrepreneur, an investor and a support organisation."""
    people = (stakeholder(Kind.ENTREPRENEUR), stakeholder(Kind.INVESTOR),
              stakeholder(Kind.SUPPORT_ORGANISATION))
    for person in people:
        store.create_stakeholder(person)
    return people


@pytest.mark.parametrize("tie_type", list(TieType))
def test_a_tie_of_every_type_reads_back_exactly_as_written(store, trio, tie_type):
    entrepreneur, investor, support = trio
    source = {TieType.FUNDED: investor, TieType.SUPPORTED: support}.get(tie_type, support)
    extra = {"via": investor.id} if tie_type == TieType.INTRODUCED else {}
    written = tie(tie_type, source, entrepreneur, weight=2.5, external_id="T-1", **extra)
    store.create_tie(written)
    assert store.get_tie(written.id) == written


def test_a_tie_to_a_missing_stakeholder_is_a_conflict_that_writes_nothing(store, trio):
    version = store.version()
    with pytest.raises(Conflict) as raised:
        store.create_tie(tie(TieType.KNOWS, trio[0], "missing"))
    assert "target" in raised.value.errors
    assert store.version() == version
    assert store.ties_of(trio[0].id) == []


def test_a_second_tie_of_a_one_per_pair_type_is_a_conflict_in_either_direction(store, trio):
    a, b, _ = trio
    store.create_tie(tie(TieType.KNOWS, a, b))
    with pytest.raises(Conflict):
        store.create_tie(tie(TieType.KNOWS, b, a))
    store.create_tie(tie(TieType.PARTNERS_WITH, a, b))  # another type is another tie


def test_funding_events_recur_on_different_dates_but_not_twice_on_one(store, trio):
    entrepreneur, investor, _ = trio
    store.create_tie(tie(TieType.FUNDED, investor, entrepreneur, since=date(2024, 1, 1)))
    store.create_tie(tie(TieType.FUNDED, investor, entrepreneur, since=date(2025, 1, 1)))
    with pytest.raises(Conflict):
        store.create_tie(tie(TieType.FUNDED, investor, entrepreneur, since=date(2025, 1, 1)))
    store.create_tie(tie(TieType.FUNDED, investor, entrepreneur, since=date(2025, 1, 1),
                         external_id="second-tranche"))
    assert len(store.ties_of(entrepreneur.id, types=frozenset({TieType.FUNDED}))) == 3


def test_ties_of_a_stakeholder_by_direction_and_type_ordered_by_id(store, trio):
    entrepreneur, investor, support = trio
    funded = store.create_tie(tie(TieType.FUNDED, investor, entrepreneur))
    supported = store.create_tie(tie(TieType.SUPPORTED, support, entrepreneur))
    knows = store.create_tie(tie(TieType.KNOWS, entrepreneur, support))
    assert store.ties_of(entrepreneur.id) == sorted([funded, supported, knows], key=lambda t: t.id)
    assert store.ties_of(entrepreneur.id, direction=Direction.OUT) == [knows]
    assert store.ties_of(entrepreneur.id, direction=Direction.IN) == sorted(
        [funded, supported], key=lambda t: t.id)
    assert store.ties_of(entrepreneur.id, types=frozenset({TieType.SUPPORTED})) == [supported]
    assert store.ties_of(investor.id) == [funded]


def test_ties_of_a_missing_stakeholder_is_not_found(store):
    with pytest.raises(NotFound):
        store.ties_of("missing")


def test_updating_a_tie_changes_its_attributes(store, trio):
    entrepreneur, _, support = trio
    original = store.create_tie(tie(TieType.KNOWS, support, entrepreneur, strength=2))
    changed = dataclasses.replace(original, strength=5, weight=3.0, since=date(2020, 5, 5),
                                  external_id=None,
                                  updated_at=original.updated_at + timedelta(days=1))
    store.update_tie(changed)
    assert store.get_tie(original.id) == changed


def test_updating_an_event_onto_another_events_key_is_a_conflict(store, trio):
    entrepreneur, investor, _ = trio
    store.create_tie(tie(TieType.FUNDED, investor, entrepreneur, since=date(2024, 1, 1)))
    second = store.create_tie(tie(TieType.FUNDED, investor, entrepreneur, since=date(2025, 1, 1)))
    with pytest.raises(Conflict):
        store.update_tie(dataclasses.replace(second, since=date(2024, 1, 1)))
    assert store.get_tie(second.id) == second


def test_missing_ties_are_not_found_for_get_update_and_delete(store, trio):
    ghost = tie(TieType.KNOWS, trio[0], trio[1])
    for action in (lambda: store.get_tie(ghost.id), lambda: store.update_tie(ghost),
                   lambda: store.delete_tie(ghost.id)):
        with pytest.raises(NotFound):
            action()


def test_deleting_a_tie_leaves_its_ends(store, trio):
    entrepreneur, investor, _ = trio
    funded = store.create_tie(tie(TieType.FUNDED, investor, entrepreneur))
    store.delete_tie(funded.id)
    with pytest.raises(NotFound):
        store.get_tie(funded.id)
    assert store.get_stakeholder(investor.id) == investor


def test_deleting_a_stakeholder_deletes_its_ties_and_only_those(store, trio):
    entrepreneur, investor, support = trio
    gone = store.create_tie(tie(TieType.FUNDED, investor, entrepreneur))
    kept = store.create_tie(tie(TieType.SUPPORTED, support, entrepreneur))
    store.delete_stakeholder(investor.id)
    with pytest.raises(NotFound):
        store.get_tie(gone.id)
    assert store.ties_of(entrepreneur.id) == [kept]


def test_export_holds_everything_ordered_by_id_with_its_version(store, trio):
    entrepreneur, investor, support = trio
    ties = [store.create_tie(tie(TieType.FUNDED, investor, entrepreneur)),
            store.create_tie(tie(TieType.KNOWS, support, investor))]
    export = store.export()
    assert export.version == store.version()
    assert export.stakeholders == sorted(trio, key=lambda s: s.id)
    assert export.ties == sorted(ties, key=lambda t: t.id)


def test_a_tie_update_based_on_a_stale_read_is_a_conflict(store, trio):
    entrepreneur, _, support = trio
    original = store.create_tie(tie(TieType.KNOWS, support, entrepreneur))
    first = dataclasses.replace(original, strength=5,
                                updated_at=original.updated_at + timedelta(seconds=1))
    store.update_tie(first, expected_updated_at=original.updated_at)
    with pytest.raises(Conflict):
        store.update_tie(dataclasses.replace(original, weight=9.0),
                         expected_updated_at=original.updated_at)
    assert store.get_tie(original.id) == first
