"""A graph's ties as arrays, in the order ``G.edges`` gives them: what a report's frame
(:mod:`graph_models.reports.frame`) is made of.

Reading them is a Python pass over every edge (seconds at 10⁶ ties), unless the graph was just
built from an export and :func:`note_export` was told so: then they come from the export's lists,
in numpy.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import datetime

import networkx as nx
import numpy as np

from graph_models.domain.interchange import GraphExport
from graph_models.domain.stakeholders import TieType

TIE_TYPES = tuple(TieType)
TYPE_CODE = {tie_type: code for code, tie_type in enumerate(TIE_TYPES)}
UNKNOWN_DAY = 0  # a stakeholder without a creation stamp has always been there


def day_number(value) -> int:
    """A day (or the day of a time) as its proleptic ordinal; UNKNOWN_DAY for None."""
    if value is None:
        return UNKNOWN_DAY
    if isinstance(value, datetime):
        return value.date().toordinal()
    return value.toordinal()



@dataclass(frozen=True, eq=False)
class EdgeColumns:
    """A graph's edges in the order ``G.edges`` gives them: ends as positions among the graph's
    nodes sorted by id, type codes, ``since`` days and keys (tie ids, an object array)."""

    u: np.ndarray
    v: np.ndarray
    type: np.ndarray
    since: np.ndarray
    ids: np.ndarray


# A graph's edge columns read from the export it was built from (see note_export).
_EDGES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_EDGES_LOCK = threading.Lock()


def edge_columns(G: nx.Graph, everyone: list[str]) -> EdgeColumns:
    """The edge columns of ``G``, ends as positions in ``everyone`` (its nodes sorted by id):
    those noted from its export, else read by a pass over its edges."""
    with _EDGES_LOCK:
        noted = _EDGES.get(G)
    return noted if noted is not None else _edge_columns(G, everyone)


def _edge_columns(G: nx.Graph, everyone: list[str]) -> EdgeColumns:
    """The edge columns read from the graph: a Python pass over every edge."""
    row = {node: i for i, node in enumerate(everyone)}
    us, vs, keys, types, days = [], [], [], [], []
    for u, v, key, attributes in _edges(G):
        us.append(row[u])
        vs.append(row[v])
        keys.append(key)
        types.append(attributes["type"])
        days.append(attributes["since"])
    return EdgeColumns(u=np.array(us, dtype=np.int64), v=np.array(vs, dtype=np.int64),
                        type=_type_codes(types), since=_days(days),
                        ids=np.array(keys, dtype=object))


def _edges(G: nx.Graph):
    """Each edge with its key (a tie's id; the edge's position in a simple graph)."""
    if G.is_multigraph():
        return G.edges(keys=True, data=True)
    return ((u, v, str(i), data) for i, (u, v, data) in enumerate(G.edges(data=True)))


# Tie types are a handful of values and days a few thousand: each is converted once.
def _type_codes(types: list) -> np.ndarray:
    code = {t: TYPE_CODE[TieType(t)] for t in set(types)}
    return np.fromiter((code[t] for t in types), dtype=np.int8, count=len(types))


def _days(days: list) -> np.ndarray:
    day_of = {d: day_number(d) for d in set(days)}
    return np.fromiter((day_of[d] for d in days), dtype=np.int64, count=len(days))


def note_export(G: nx.Graph, export: GraphExport) -> None:
    """Note that the frozen multigraph ``G`` was just built from ``export`` (stakeholders added
    in the export's order, then ties in theirs, nothing changed since), so that its frames read
    the ties from the export's lists, in numpy, rather than from a pass over ``G``'s edges.

    ``G.edges`` gives each edge from its end added first, the neighbours of a node in the
    order each was first tied to it, and the ties of a pair in their order; the columns are
    sorted so, and equal what a pass over ``G`` would read (Louvain's communities follow
    the order of the edges).

    Examples
    --------
    >>> from datetime import date
    >>> from graph_models.domain.snapshot import build_snapshot
    >>> from graph_models.domain.stakeholders import Kind, Stakeholder, Tie
    >>> people = [Stakeholder(id=i, kind=Kind.ENTREPRENEUR, name=i, region="EL30")
    ...           for i in "cab"]
    >>> ties = [Tie(id=str(n), type=TieType.KNOWS, source=a, target=b, since=date(2024, 1, n))
    ...         for n, (a, b) in enumerate(["ab", "ca", "ba", "bc"], start=1)]
    >>> export = GraphExport(version=1, stakeholders=people, ties=ties)
    >>> G = build_snapshot(export).graph
    >>> note_export(G, export)
    >>> list(edge_columns(G, sorted(G)).ids)
    ['2', '4', '1', '3']
    >>> [key for _, _, key in G.edges(keys=True)]
    ['2', '4', '1', '3']
    """
    people, ties = export.stakeholders, export.ties
    added = {s.id: i for i, s in enumerate(people)}
    by_id = sorted(range(len(people)), key=lambda i: people[i].id)
    position = np.empty(len(people), dtype=np.int64)  # from the order added to sorted by id
    position[by_id] = np.arange(len(people))
    count = len(ties)
    source = np.fromiter((added[t.source] for t in ties), dtype=np.int64, count=count)
    target = np.fromiter((added[t.target] for t in ties), dtype=np.int64, count=count)
    first_end, other_end = np.minimum(source, target), np.maximum(source, target)
    pair = first_end * max(len(people), 1) + other_end
    by_pair = np.argsort(pair, kind="stable")
    starts = np.flatnonzero(np.diff(pair[by_pair], prepend=-1))  # each pair's first, sorted
    first_tie = np.empty(count, dtype=np.int64)  # the tie that made each tie's pair neighbours
    first_tie[by_pair] = np.repeat(by_pair[starts], np.diff(np.r_[starts, count]))
    order = np.lexsort((np.arange(count), first_tie, first_end))
    columns = EdgeColumns(
        u=position[first_end[order]], v=position[other_end[order]],
        type=_type_codes([t.type for t in ties])[order],
        since=_days([t.since for t in ties])[order],
        ids=np.array([t.id for t in ties], dtype=object)[order])
    with _EDGES_LOCK:
        _EDGES[G] = columns
