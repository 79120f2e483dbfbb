"""Bringing a match index forward on tiny hand-made graphs: rows shift when stakeholders come
and go, what a change leaves alone is shared, and the old index answers as before."""

from __future__ import annotations

import dataclasses
from datetime import date

import networkx as nx
import numpy as np
import pytest

from graph_models.demo import generate_ecosystem
from graph_models.domain.changes import GraphChanges
from graph_models.domain.errors import InvalidInput
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind, Stakeholder, TieType
from graph_models.matching import DEFAULT_WEIGHTS, MatchIndex, recommend
from graph_models.matching.rows import RowEdit, RowIndex
from tests.builders import stakeholder, tie
from tests.index_equality import assert_same_index


def person(sid: str, kind: Kind = Kind.ENTREPRENEUR, **fields) -> Stakeholder:
    return stakeholder(kind, id=sid, name=sid.upper(), **fields)


@pytest.fixture
def trio():
    """b and d, entrepreneurs who know each other, and c, a support organisation that
    supported d."""
    people = [person("b"), person("c", Kind.SUPPORT_ORGANISATION), person("d")]
    ties = [tie(TieType.KNOWS, "b", "d", id="t1", strength=3),
            tie(TieType.SUPPORTED, "c", "d", id="t2", since=date(2025, 6, 1))]
    return people, ties


def changes(**fields) -> GraphChanges:
    return GraphChanges(since=1, version=2, **fields)


def test_a_row_edit_renumbers_the_rows_that_stay_around_those_that_come_and_go():
    edit = RowEdit(4, removed=np.array([0, 2]), inserted=np.array([0, 1, 4]))
    assert edit.n_new == 5
    assert edit.old_to_new().tolist() == [-1, 2, -1, 3]
    assert edit.sequence(("a", "b", "c", "d"), ["x", "y", "z"]) == ["x", "y", "b", "d", "z"]


def test_a_row_index_finds_ids_by_binary_search():
    rows = RowIndex(("a", "b", "d"))
    assert (rows["a"], rows["d"], rows.get("c"), "b" in rows, len(rows)) == (0, 2, None, True, 3)


def test_a_stakeholder_created_before_the_others_shifts_every_row(trio):
    people, ties = trio
    index = MatchIndex.build(people, ties)
    newcomer, knows = person("a"), tie(TieType.KNOWS, "a", "c", id="t3")
    later = index.updated(changes(stakeholders=(newcomer,), ties=(knows,)))
    assert later.ids == ("a", "b", "c", "d")
    assert later.row["d"] == 3 and index.row["d"] == 2
    assert later.degree.tolist() == [1, 1, 2, 2]
    assert later.load.tolist() == [0, 0, 1, 0]
    assert later.strongest_tie(later.row["c"], later.row["d"]) == ("SUPPORTED", "c")
    assert_same_index(later, MatchIndex.build([newcomer, *people], [*ties, knows]))


def test_a_deleted_stakeholder_takes_its_ties_and_the_rows_after_it_close_up(trio):
    people, ties = trio
    index = MatchIndex.build(people, ties)
    later = index.updated(changes(deleted_stakeholders=("c",), deleted_ties=("t2",)))
    assert later.ids == ("b", "d")
    assert later.degree.tolist() == [1, 1]
    assert later.load.tolist() == [0, 0]
    assert_same_index(later, MatchIndex.build([people[0], people[2]], [ties[0]]))


def test_a_deleted_stakeholder_loses_its_ties_even_when_the_changes_omit_them(trio):
    people, ties = trio
    later = MatchIndex.build(people, ties).updated(changes(deleted_stakeholders=("c",)))
    assert_same_index(later, MatchIndex.build([people[0], people[2]], [ties[0]]))


def test_an_attribute_change_shares_every_array_it_does_not_touch(trio):
    people, ties = trio
    index = MatchIndex.build(people, ties)
    later = index.updated(changes(stakeholders=(dataclasses.replace(
        people[0], needs=("financing.grant",)),)))
    assert later.needs is not index.needs
    assert later.topics.decode(later.needs[0]) == ("financing.grant",)
    for name in ("offers", "sectors", "kind", "place", "load", "degree"):
        assert getattr(later, name) is getattr(index, name), name
    assert later.adjacency is index.adjacency and later.ties is index.ties
    assert later.walk(DEFAULT_WEIGHTS).P is index.walk(DEFAULT_WEIGHTS).P


def test_the_old_index_answers_as_before_after_an_update(trio):
    people, ties = trio
    index = MatchIndex.build(people, ties)
    before = recommend(index, "b", include_connected=True)
    later = index.updated(changes(stakeholders=(dataclasses.replace(people[2],
                                                                    discoverable=False),),
                                  deleted_ties=("t1",)))
    assert recommend(index, "b", include_connected=True) == before
    assert recommend(later, "b", include_connected=True) != before
    assert_same_index(index, MatchIndex.build(people, ties))


def test_a_new_region_widens_the_place_codes_and_an_abandoned_one_leaves_them(trio):
    people, ties = trio
    index = MatchIndex.build(people, ties)
    moved = dataclasses.replace(people[0], region="EL522")
    later = index.updated(changes(stakeholders=(moved,)))
    assert later.place_codes == ("EL303", "EL522")
    assert later.place_codes[later.place[0]] == "EL522"
    back = later.updated(changes(stakeholders=(people[0],)))
    assert back.place_codes == ("EL303",)
    assert_same_index(back, index)


def test_a_topic_no_vocabulary_holds_is_encoded_then_forgotten_with_its_holder(trio):
    people, ties = trio
    index = MatchIndex.build(people, ties)
    odd = dataclasses.replace(people[0], needs=("financing.barter",))
    later = index.updated(changes(stakeholders=(odd,)))
    assert "financing.barter" in later.topics.codes
    assert later.topics.decode(later.needs[0]) == ("financing.barter",)
    assert_same_index(later, MatchIndex.build([odd, *people[1:]], ties))
    gone = later.updated(changes(deleted_stakeholders=("b",), deleted_ties=("t1",)))
    assert "financing.barter" not in gone.topics.codes
    assert_same_index(gone, MatchIndex.build(people[1:], ties[1:]))


def test_a_tie_written_again_with_another_weight_moves_the_walk_strength(trio):
    people, ties = trio
    index = MatchIndex.build(people, ties)
    heavier = dataclasses.replace(ties[0], weight=3.0)
    later = index.updated(changes(ties=(heavier,)))
    walk = later.walk(DEFAULT_WEIGHTS)
    assert walk.strength[later.row["b"]] == 3 * index.walk(DEFAULT_WEIGHTS).strength[0]
    assert_same_index(later, MatchIndex.build(people, [heavier, ties[1]]))


def test_a_later_mentorship_moves_the_day_load_is_counted_from(trio):
    people, ties = trio
    index = MatchIndex.build(people, ties)
    assert index.load[index.row["c"]] == 1
    much_later = tie(TieType.MENTORS, "b", "d", id="t9", since=date(2027, 1, 1))
    later = index.updated(changes(ties=(much_later,)))
    assert later.as_of == date(2027, 1, 1)
    assert later.load.tolist() == [1, 0, 0]  # c's SUPPORTED tie left the window
    assert_same_index(later, MatchIndex.build(people, [*ties, much_later]))


def test_a_tie_to_a_stakeholder_not_in_the_graph_is_rejected(trio):
    people, ties = trio
    index = MatchIndex.build(people, ties)
    with pytest.raises(InvalidInput):
        index.updated(changes(ties=(tie(TieType.KNOWS, "b", "nobody", id="t5"),)))
    with pytest.raises(InvalidInput):
        MatchIndex.build(people, [*ties, tie(TieType.KNOWS, "b", "nobody")])


def test_an_id_both_written_and_deleted_is_taken_as_written(trio):
    people, ties = trio
    index = MatchIndex.build(people, ties)
    later = index.updated(changes(stakeholders=(people[0],), ties=(ties[0],),
                                  deleted_stakeholders=("b",), deleted_ties=("t1",)))
    assert_same_index(later, index)


def test_changes_that_move_nothing_give_back_the_same_index(trio):
    index = MatchIndex.build(*trio)
    assert index.updated(changes()) is index


def test_an_index_from_a_snapshot_graph_equals_one_from_the_export():
    eco = generate_ecosystem(300, seed=5)
    export = GraphExport(version=1, stakeholders=eco.stakeholders, ties=eco.ties)
    graph = build_snapshot(export).graph
    index = MatchIndex.from_graph(graph)
    # The graph keeps only what the algorithms read of each stakeholder (no contact details).
    assert_same_index(index, MatchIndex.from_export(export), ignore=frozenset({"stakeholders"}))
    assert not any(isinstance(value, nx.Graph) for value in vars(index).values())


def test_the_strongest_tie_is_read_from_the_index_and_ties_go_by_id():
    people = [person("a", Kind.INVESTOR), person("b")]
    ties = [tie(TieType.KNOWS, "a", "b", id="k", strength=5),
            tie(TieType.FUNDED, "a", "b", id="f2"),
            tie(TieType.FUNDED, "a", "b", id="f1")]
    index = MatchIndex.build(people, ties)
    assert index.strongest_tie(1, 0) == ("FUNDED", "a")
    assert index.ties.id[slice(*index.ties.pair_range(0, 1))].tolist() == [b"f1", b"f2", b"k"]
    assert MatchIndex.build(people, []).strongest_tie(0, 1) == ("", None)
