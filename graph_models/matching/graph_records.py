"""A snapshot graph read back as the match index's inputs: stakeholders and tie records.

The index is built from domain values (:meth:`~graph_models.matching.index.MatchIndex.build`);
a networkx snapshot (:mod:`graph_models.domain.snapshot`), or a graph built by hand in a test,
is read back into the same values so that both routes share one builder. Attributes are taken
as they are (a hand-built graph may hold plain strings where a snapshot holds enums, or leave
fields out); missing names and regions read as empty.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiGraph()
>>> G.add_node("a", kind="entrepreneur", region="EL303")
>>> G.add_edge("b", "a", key="t1", type="KNOWS", source="a", target="b")
't1'
>>> [(s.id, s.kind, s.region) for s in stakeholders_of(G)]
[('a', 'entrepreneur', 'EL303'), ('b', None, '')]
>>> records = tie_records_of(G)
>>> records.ids, records.sources, records.targets
(['t1'], ['a'], ['b'])
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import networkx as nx

from graph_models.domain.snapshot import NODE_FIELDS
from graph_models.domain.stakeholders import Stakeholder
from graph_models.matching.tie_table import TieRecords

# What a stakeholder lacks when a graph leaves it out.
_BLANK: dict[str, Any] = {"kind": None, "name": "", "region": ""}
_EDGE_FIELDS = ("type", "weight", "strength", "since", "source")


def stakeholders_of(G: nx.Graph) -> list[Stakeholder]:
    """One stakeholder per node, in node-id order (as strings), from the node's attributes."""
    people = []
    for node in sorted(G.nodes, key=str):
        data = G.nodes[node]
        fields = {**_BLANK, **{name: data[name] for name in NODE_FIELDS
                               if data.get(name) is not None}}
        people.append(Stakeholder(id=node, **fields))
    return people


def tie_records_of(G: nx.Graph) -> TieRecords:
    """One record per edge, keyed by the edge's key (a snapshot keys edges by tie id), recorded
    from its ``source`` when that is one of its ends, else from the end networkx lists first."""
    records = TieRecords([], [], [], [], [], [], [])
    edges = (G.edges(keys=True, data=True) if G.is_multigraph()
             else ((u, v, None, d) for u, v, d in G.edges(data=True)))
    fields = itemgetter("type", "weight", "strength", "since", "source")
    add_id, add_source, add_target = (records.ids.append, records.sources.append,
                                      records.targets.append)
    add_type, add_weight, add_strength, add_since = (
        records.types.append, records.weights.append, records.strengths.append,
        records.since.append)
    for u, v, key, data in edges:
        try:
            kind, weight, strength, since, source = fields(data)  # a snapshot's edge has all
        except KeyError:
            kind, weight, strength, since, source = (data.get(name) for name in _EDGE_FIELDS)
        add_id(key if isinstance(key, str) else f"{u}|{v}|{key}")
        if source == v and u != v:
            u, v = v, u
        add_source(u)
        add_target(v)
        add_type(kind)
        add_weight(weight)
        add_strength(strength)
        add_since(since)
    return records
