"""A read-only networkx projection of the store, rebuilt only when the store's version moves.

The graph is a frozen ``nx.MultiGraph``: one node per stakeholder, one edge per tie keyed by the
tie's id. It is undirected because most algorithms (proximity, paths, communities) treat ties as
mutual; each edge keeps the direction it was recorded with in ``source``/``target``. Nodes carry
what the algorithms need: contact details never enter the snapshot; needs do, flagged by
``needs_private``, so that the algorithms can leave private ones out for whoever may not see them.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph_models.domain.interchange import GraphExport
from graph_models.domain.stakeholders import Stakeholder, Tie

NODE_FIELDS = ("kind", "name", "region", "municipality", "sectors", "languages", "needs",
               "needs_private", "offers", "capacity", "discoverable", "legal_form",
               "koinsep_category", "stage", "members", "funding_sought", "instruments",
               "ticket_min", "ticket_max", "organisation_type", "level", "jurisdiction",
               "policy_areas", "created_at")
EDGE_FIELDS = ("type", "source", "target", "since", "weight", "strength", "amount",
               "instrument", "topic", "via")


@dataclass(frozen=True)
class Snapshot:
    """The graph at one store version."""

    version: int
    graph: nx.MultiGraph


def node_attributes(s: Stakeholder) -> dict:
    return {name: getattr(s, name) for name in NODE_FIELDS}


def edge_attributes(t: Tie) -> dict:
    return {name: getattr(t, name) for name in EDGE_FIELDS}


def build_snapshot(export: GraphExport) -> Snapshot:
    """Project an export onto a frozen multigraph.

    Examples
    --------
    >>> from datetime import date
    >>> from graph_models.domain.stakeholders import Kind, Stakeholder, Tie, TieType
    >>> people = [Stakeholder(id=i, kind=Kind.ENTREPRENEUR, name=i, region="EL30") for i in "ab"]
    >>> knows = Tie(id="t", type=TieType.KNOWS, source="a", target="b", since=date(2024, 1, 1))
    >>> snapshot = build_snapshot(GraphExport(version=3, stakeholders=people, ties=[knows]))
    >>> snapshot.version, sorted(snapshot.graph.edges(keys=True))
    (3, [('a', 'b', 't')])
    """
    graph = nx.MultiGraph()
    graph.add_nodes_from((s.id, node_attributes(s)) for s in export.stakeholders)
    graph.add_edges_from((t.source, t.target, t.id, edge_attributes(t)) for t in export.ties)
    return Snapshot(version=export.version, graph=nx.freeze(graph))


