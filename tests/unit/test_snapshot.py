"""The networkx snapshot: a faithful, frozen, private-free projection, brought forward by the
change feed as if rebuilt at each version."""

from __future__ import annotations

import dataclasses

import networkx as nx
import pytest

from graph_models.domain.changes import GraphChanges
from graph_models.domain.errors import InvalidInput
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import Replica, build_snapshot
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.stores.sqlite import SqliteStore
from graph_models.use_cases.snapshots import SnapshotCache
from tests.builders import stakeholder, tie
from tests.snapshot_equality import assert_same_snapshot


@pytest.fixture
def small_export():
    e, i, s = (stakeholder(Kind.ENTREPRENEUR), stakeholder(Kind.INVESTOR),
               stakeholder(Kind.SUPPORT_ORGANISATION))
    ties = [tie(TieType.FUNDED, i, e), tie(TieType.FUNDED, i, e, external_id="second"),
            tie(TieType.SUPPORTED, s, e)]
    return GraphExport(version=4, stakeholders=[e, i, s], ties=ties)


def test_every_stakeholder_is_a_node_and_every_tie_an_edge_keyed_by_its_id(small_export):
    graph = build_snapshot(small_export).graph
    assert set(graph) == {s.id for s in small_export.stakeholders}
    assert sorted(k for _, _, k in graph.edges(keys=True)) == sorted(
        t.id for t in small_export.ties)


def test_parallel_ties_between_one_pair_stay_apart_with_their_direction(small_export):
    entrepreneur, investor, _ = small_export.stakeholders
    edges = build_snapshot(small_export).graph.get_edge_data(entrepreneur.id, investor.id)
    assert len(edges) == 2
    assert {(d["source"], d["target"], d["type"]) for d in edges.values()} == {
        (investor.id, entrepreneur.id, TieType.FUNDED)}


def test_the_snapshot_is_frozen_and_holds_no_contact_details(small_export):
    snapshot = build_snapshot(small_export)
    assert nx.is_frozen(snapshot.graph)
    with pytest.raises(nx.NetworkXError):
        snapshot.graph.add_node("intruder")
    for _, data in snapshot.graph.nodes(data=True):
        assert not {"email", "phone"} & data.keys()
        assert data["kind"] in set(Kind)


class CountingStore(SqliteStore):
    """An SQLite store that counts its exports: a fake that records, not a mock."""

    exports = 0

    def export(self):
        self.exports += 1
        return super().export()


def test_the_cache_builds_once_and_then_follows_the_change_feed(tmp_path):
    store = CountingStore(tmp_path / "cache.db")
    store.ensure_schema()
    cache = SnapshotCache(store)
    with cache.reading() as first:
        pass
    with cache.reading() as again:
        assert again is first
    store.create_stakeholder(stakeholder())
    with cache.reading() as second:
        assert (second.version, second.graph.number_of_nodes()) == (1, 1)
    with cache.reading() as again:
        assert again is second
    assert store.exports == 1


def test_a_replica_brought_forward_equals_the_graph_built_from_scratch(small_export):
    entrepreneur, investor, support = small_export.stakeholders
    funded, second, supported = small_export.ties
    replica = Replica(small_export)
    newcomer = stakeholder(Kind.INVESTOR)
    renamed = dataclasses.replace(entrepreneur, name="Νέο όνομα", sectors=("education",))
    reweighed = dataclasses.replace(second, weight=3.0, amount=9_000)
    joined = tie(TieType.FUNDED, newcomer, renamed)
    changes = GraphChanges(since=4, version=9, stakeholders=(renamed, newcomer),
                           ties=(reweighed, joined), deleted_stakeholders=(support.id,),
                           deleted_ties=(funded.id, supported.id))
    assert_same_snapshot(replica.forward(changes), build_snapshot(GraphExport(
        version=9, stakeholders=[renamed, investor, newcomer], ties=[reweighed, joined])))


def test_each_version_of_a_replica_is_a_new_frozen_graph_object(small_export):
    replica = Replica(small_export)
    before = replica.snapshot
    after = replica.forward(GraphChanges(since=4, version=5))
    assert after.graph is not before.graph
    assert nx.is_frozen(after.graph)
    with pytest.raises(nx.NetworkXError):
        after.graph.add_node("intruder")


@pytest.mark.parametrize("changes", [
    GraphChanges(since=3, version=5),
    GraphChanges(since=4, version=5, ties=(tie(TieType.KNOWS, "nobody", "no-one"),)),
], ids=["from another version", "a tie to an unknown stakeholder"])
def test_changes_that_cannot_apply_leave_the_replica_as_it_was(small_export, changes):
    replica = Replica(small_export)
    with pytest.raises(InvalidInput):
        replica.forward(changes)
    assert_same_snapshot(replica.snapshot, build_snapshot(small_export))


def test_a_tie_to_a_stakeholder_deleted_in_the_same_changes_cannot_apply(small_export):
    entrepreneur, investor, _ = small_export.stakeholders
    replica = Replica(small_export)
    with pytest.raises(InvalidInput):
        replica.forward(GraphChanges(since=4, version=5, deleted_stakeholders=(investor.id,),
                                     ties=(tie(TieType.KNOWS, investor, entrepreneur),)))
    assert_same_snapshot(replica.snapshot, build_snapshot(small_export))


def test_a_tie_whose_ends_moved_is_followed_defensively(small_export):
    support = small_export.stakeholders[2]
    funded = small_export.ties[0]
    moved = dataclasses.replace(funded, source=support.id)
    replica = Replica(small_export)
    forwarded = replica.forward(GraphChanges(since=4, version=5, ties=(moved,)))
    assert_same_snapshot(forwarded, build_snapshot(GraphExport(
        version=5, stakeholders=small_export.stakeholders,
        ties=[moved, *small_export.ties[1:]])))
