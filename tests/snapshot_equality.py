"""Whether two snapshots hold the same graph: the check that a snapshot brought forward by
changes equals one built from scratch."""

from __future__ import annotations

import networkx as nx

from graph_models.domain.snapshot import Snapshot


def assert_same_snapshot(got: Snapshot, expected: Snapshot) -> None:
    """Same version, same nodes with the same attributes, same edges by tie id with the same
    ends and attributes; and frozen."""
    assert got.version == expected.version
    assert nx.is_frozen(got.graph)
    assert dict(got.graph.nodes(data=True)) == dict(expected.graph.nodes(data=True))
    assert _edges(got.graph) == _edges(expected.graph)


def _edges(graph: nx.MultiGraph) -> dict[str, tuple[frozenset, dict]]:
    edges = {key: (frozenset((u, v)), data)
             for u, v, key, data in graph.edges(keys=True, data=True)}
    assert len(edges) == graph.number_of_edges(), "a tie id keys two edges"
    return edges
