"""A read-only networkx projection of the store, brought forward from the change feed.

The graph is a frozen ``nx.MultiGraph``: one node per stakeholder, one edge per tie keyed by the
tie's id. It is undirected because most algorithms (proximity, paths, communities) treat ties as
mutual; each edge keeps the direction it was recorded with in ``source``/``target``. Nodes carry
what the algorithms need: contact details never enter the snapshot; needs do, flagged by
``needs_private``, so that the algorithms can leave private ones out for whoever may not see them.

A :class:`Replica` keeps one mutable multigraph equal to the store's graph and brings it forward
by the feed's answers (:class:`~graph_models.domain.changes.GraphChanges`); at each version it
reaches it hands out a new frozen view of it (O(1), nothing copied). A new graph object per
version keeps every cache keyed on the graph object (report frames, reports, match indexes)
from answering for a version it was not computed at.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph_models.domain.changes import GraphChanges
from graph_models.domain.errors import InvalidInput
from graph_models.domain.interchange import GraphExport
from graph_models.domain.stakeholders import Stakeholder, Tie, TieType

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
    attributes = {name: getattr(t, name) for name in EDGE_FIELDS}
    if t.type == TieType.FUNDED:
        # Its external_id tells a FUNDED tie's channel (graph_models.domain.funding). Only
        # those carry it: an eleventh key doubles a dict's table, 190 bytes more on each of a
        # million ties.
        attributes["external_id"] = t.external_id
    return attributes


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
    return Snapshot(version=export.version, graph=nx.freeze(_multigraph(export)))


def _multigraph(export: GraphExport) -> nx.MultiGraph:
    graph = nx.MultiGraph()
    graph.add_nodes_from((s.id, node_attributes(s)) for s in export.stakeholders)
    graph.add_edges_from((t.source, t.target, t.id, edge_attributes(t)) for t in export.ties)
    return graph


class Replica:
    """The store's graph at one version as a multigraph that changes apply to in place.

    :attr:`snapshot` is a frozen view of the graph at :attr:`version`. :meth:`forward` changes
    the graph under every view handed out before, so whoever holds one must be done with it
    first (:class:`~graph_models.use_cases.snapshots.SnapshotCache` sees to that).

    Examples
    --------
    >>> from graph_models.domain.stakeholders import Kind, Stakeholder
    >>> ana = Stakeholder(id="a", kind=Kind.ENTREPRENEUR, name="Ana", region="EL30")
    >>> replica = Replica(GraphExport(version=1, stakeholders=[ana], ties=[]))
    >>> before = replica.snapshot
    >>> after = replica.forward(GraphChanges(since=1, version=2, deleted_stakeholders=("a",)))
    >>> after.version, list(after.graph), after.graph is before.graph
    (2, [], False)
    """

    def __init__(self, export: GraphExport):
        self._graph = _multigraph(export)
        # A deleted tie comes as an id only: its edge's attributes say where it lies.
        self._ties: dict[str, dict] = {
            key: data for _, _, key, data in self._graph.edges(keys=True, data=True)}
        self.snapshot = self._view(export.version)

    @property
    def version(self) -> int:
        """The store version the graph is at."""
        return self.snapshot.version

    def forward(self, changes: GraphChanges) -> Snapshot:
        """Apply the changes since :attr:`version` and return the new :attr:`snapshot`.

        Raises InvalidInput, leaving the graph as it was, when they cannot apply: they start
        at another version, or a tie would join a stakeholder the graph does not hold.
        """
        self._check(changes)
        graph, ties = self._graph, self._ties
        for tie_id in changes.deleted_ties:
            self._remove_tie(tie_id)
        for stakeholder_id in changes.deleted_stakeholders:
            if stakeholder_id in graph:
                for _, _, tie_id in list(graph.edges(stakeholder_id, keys=True)):
                    self._remove_tie(tie_id)
                graph.remove_node(stakeholder_id)
        for s in changes.stakeholders:
            graph.add_node(s.id, **node_attributes(s))  # replaces every field
        for t in changes.ties:
            old = ties.get(t.id)
            if old is not None and {old["source"], old["target"]} != {t.source, t.target}:
                self._remove_tie(t.id)  # a tie keeps its ends; should one move, follow it
            graph.add_edge(t.source, t.target, key=t.id, **edge_attributes(t))
            ties[t.id] = graph[t.source][t.target][t.id]
        self.snapshot = self._view(changes.version)
        return self.snapshot

    def _check(self, changes: GraphChanges) -> None:
        if changes.since != self.version:
            raise InvalidInput(f"the changes start at version {changes.since}, the graph is "
                               f"at {self.version}")
        gone = set(changes.deleted_stakeholders)
        written = {s.id for s in changes.stakeholders}
        ends = {end for t in changes.ties for end in (t.source, t.target)}
        unknown = sorted(end for end in ends
                         if end not in written and (end in gone or end not in self._graph))
        if unknown:
            raise InvalidInput("a tie joins a stakeholder not in the graph",
                               errors={"ties": [f"unknown stakeholder: {s}" for s in unknown]})

    def _remove_tie(self, tie_id: str) -> None:
        data = self._ties.pop(tie_id, None)
        if data is not None:  # None: created and deleted since the graph's version
            self._graph.remove_edge(data["source"], data["target"], key=tie_id)

    def _view(self, version: int) -> Snapshot:
        return Snapshot(version=version, graph=self._graph.copy(as_view=True))


