"""The networkx snapshot: a faithful, frozen, private-free projection rebuilt per version."""

from __future__ import annotations

import networkx as nx
import pytest

from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.stores.sqlite import SqliteStore
from graph_models.use_cases.snapshots import SnapshotCache
from tests.builders import stakeholder, tie


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


def test_the_cache_rebuilds_only_when_the_store_version_moves(tmp_path):
    store = CountingStore(tmp_path / "cache.db")
    store.ensure_schema()
    cache = SnapshotCache(store)
    first = cache.get()
    assert cache.get() is first
    assert store.exports == 1
    store.create_stakeholder(stakeholder())
    second = cache.get()
    assert (second.version, second.graph.number_of_nodes()) == (1, 1)
    assert cache.get() is second
    assert store.exports == 2
