"""Compact arrays of a snapshot as of a date, and of one scope within it.

The whole-graph metrics of a report run on numpy arrays and a scipy CSR adjacency rather than on
the networkx graph: at 10⁵ stakeholders / 10⁶ ties networkx's dict-of-dicts is 10–100× slower
(see DESIGN.md, "Performance facts"). A :class:`Frame` is the snapshot as of a date (stakeholders
created by then, ties begun by then between two of them), read once and cached while the frozen
graph lives. Its ties come from :mod:`graph_models.reports.edges` (from the export the graph
was built from, or a Python pass over its edges); the frame of a snapshot brought forward by the
change feed (see :func:`follow`) is the previous one's, with the changes applied to its arrays,
instead. A :class:`ScopeGraph` is the part of a frame inside a scope,
with its ties reduced to *distinct pairs*: the snapshot is a multigraph (a KNOWS and a FUNDED tie
between the same two stakeholders are two ties), but density, degree, clustering, brokerage and
communities are about who is connected to whom, so each connected pair counts once there.
Counts by tie type keep every tie.

Rows are in stakeholder id order, so that "ties broken by id" is "ties broken by row".

Examples
--------
>>> from graph_models.reports.examples import example_graph
>>> frame = frame_of(example_graph())
>>> len(frame.ids), len(frame.tie_u)
(8, 9)
>>> scope = select(frame, region="EL30")
>>> [frame.ids[r] for r in scope.rows]
['coop1', 'coop2', 'coop3', 'inv1', 'sup1']
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import date

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph_models.domain import vocabularies
from graph_models.domain.changes import GraphChanges
from graph_models.domain.snapshot import node_attributes
from graph_models.domain.stakeholders import Kind, Stakeholder, Tie, TieType
from graph_models.reports.edges import TYPE_CODE, day_number, edge_columns

KINDS = tuple(Kind)
KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending, as ``np.unique`` gives them, by a sort: numpy 2.3 on
    hashes plain values instead, ~15× slower on 10⁶ scattered int64 keys (numpy#31969).

    >>> sorted_distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    ordered = np.sort(values)
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])] if len(ordered) \
        else ordered


@dataclass(frozen=True, eq=False)
class Frame:
    """The snapshot as of ``as_of`` (None: everything) as arrays indexed by row."""

    as_of: date | None
    ids: tuple[str, ...]
    names: tuple[str, ...]
    kind: np.ndarray  # int8 code into KINDS
    region: tuple[str, ...]
    legal_form: tuple[str, ...]  # "" for none (and for every kind but entrepreneurs)
    sectors: tuple[tuple[str, ...], ...]
    needs: tuple[tuple[str, ...], ...]
    offers: tuple[tuple[str, ...], ...]
    created: np.ndarray  # int64 proleptic ordinal of the creation day; UNKNOWN_DAY if unknown
    discoverable: np.ndarray  # bool
    tie_u: np.ndarray  # int64 rows; one entry per tie (a multigraph)
    tie_v: np.ndarray
    tie_type: np.ndarray  # int8 code into TIE_TYPES
    tie_since: np.ndarray  # int64 ordinal day
    tie_ids: tuple[str, ...]

    @property
    def n(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, eq=False)
class ScopeGraph:
    """The stakeholders of a scope (``rows`` of the frame, ascending) and the ties among them.

    ``adjacency`` is the binary symmetric CSR matrix of distinct connected pairs, indexed by
    position in ``rows``; ``pair_u < pair_v`` lists each pair once. The ``tie_*`` arrays keep
    every tie inside the scope (positions too). ``external_ties`` counts the ties with exactly
    one end in the scope.
    """

    frame: Frame
    rows: np.ndarray
    adjacency: sp.csr_matrix
    pair_u: np.ndarray
    pair_v: np.ndarray
    tie_u: np.ndarray
    tie_v: np.ndarray
    tie_type: np.ndarray
    tie_since: np.ndarray
    external_ties: int

    @property
    def n(self) -> int:
        return len(self.rows)

    @property
    def degree(self) -> np.ndarray:
        """Distinct neighbours of each stakeholder in the scope."""
        return np.diff(self.adjacency.indptr)

    def ids(self) -> list[str]:
        return [self.frame.ids[r] for r in self.rows]


def frame_of(G: nx.Graph, as_of: date | None = None) -> Frame:
    """The snapshot ``G`` as of a date, as arrays; cached while a frozen ``G`` lives, and
    brought forward from an earlier graph's when :func:`follow` says how.

    Stakeholders count from the day of their ``created_at``; ties from their ``since``, and
    only between two stakeholders that existed by then.
    """
    if not nx.is_frozen(G):
        return _build_frame(G, as_of)
    with _FRAMES_LOCK:
        by_date = _FRAMES.setdefault(G, {})
        frame = by_date.get(as_of)
    if frame is None:
        with _FRAMES_LOCK:
            pending = _PENDING.get(G) if as_of is None else None
        frame = _build_frame(G, as_of) if pending is None else _forwarded(*pending)
        with _FRAMES_LOCK:
            if as_of is None:
                _PENDING.pop(G, None)  # lets the earlier frame go
            if len(by_date) >= _FRAMES_PER_GRAPH:
                by_date.pop(next(iter(by_date)))
            frame = by_date.setdefault(as_of, frame)
    return frame


_FRAMES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_FRAMES_LOCK = threading.Lock()
_FRAMES_PER_GRAPH = 4  # a report and its comparison need two dates; keep a few more
# A graph's frame to come: an earlier graph's frame and the changes since, merged.
_PENDING: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
FORWARD_AT_MOST = 100_000  # changed stakeholders and ties; past that, read the graph afresh


def follow(before: nx.Graph, after: nx.Graph, changes: GraphChanges) -> None:
    """Note that the frozen graph ``after`` is ``before`` with ``changes`` applied, so that its
    frame (of everything, no date) comes from ``before``'s, when ``before`` has one (or can
    come from an earlier one), rather than from a pass over ``after``.

    Examples
    --------
    >>> from graph_models.reports.examples import example_graph
    >>> before = example_graph()
    >>> frame_of(before).n
    8
    >>> after = nx.MultiGraph(before)
    >>> after.remove_node("coop3")
    >>> gone = GraphChanges(since=1, version=2, deleted_stakeholders=("coop3",))
    >>> follow(before, nx.freeze(after), gone)
    >>> frame_of(after).n, "coop3" in frame_of(after).ids
    (7, False)
    """
    with _FRAMES_LOCK:
        frame = _FRAMES.get(before, {}).get(None)
        if frame is not None:
            pending = (frame, _Merged().add(changes))
        elif before in _PENDING:
            frame, merged = _PENDING[before]
            pending = (frame, merged.copy().add(changes))
        else:
            return
        if pending[1].size <= FORWARD_AT_MOST:
            _PENDING[after] = pending


class _Merged:
    """Successive changes as one: each stakeholder and tie as last written, or deleted."""

    def __init__(self) -> None:
        self.stakeholders: dict[str, Stakeholder | None] = {}
        self.ties: dict[str, Tie | None] = {}

    @property
    def size(self) -> int:
        return len(self.stakeholders) + len(self.ties)

    def copy(self) -> _Merged:
        merged = _Merged()
        merged.stakeholders, merged.ties = dict(self.stakeholders), dict(self.ties)
        return merged

    def add(self, changes: GraphChanges) -> _Merged:
        self.stakeholders.update(dict.fromkeys(changes.deleted_stakeholders))
        self.stakeholders.update((s.id, s) for s in changes.stakeholders)
        self.ties.update(dict.fromkeys(changes.deleted_ties))
        self.ties.update((t.id, t) for t in changes.ties)
        return self


def _forwarded(frame: Frame, merged: _Merged) -> Frame:
    """The frame of everything after the changes: rows in id order again, the ties of deleted
    stakeholders and the deleted or rewritten ties dropped, the written ones appended.

    A profile edit, the common write, keeps every row where it was and every tie: then only
    its rows are read again, and the tie arrays are shared with the previous frame."""
    written = {k: s for k, s in merged.stakeholders.items() if s is not None}
    old_row = {node: row for row, node in enumerate(frame.ids)}
    same_rows = len(written) == len(merged.stakeholders) and written.keys() <= old_row.keys()
    if same_rows:
        ids, row, source = frame.ids, old_row, np.arange(frame.n, dtype=np.int64)
    else:
        ids = tuple(sorted({node for node in frame.ids if node not in merged.stakeholders}
                           | written.keys()))
        row = {node: i for i, node in enumerate(ids)}
        source = np.fromiter((old_row.get(node, -1) for node in ids), dtype=np.int64,
                             count=len(ids))
    fresh = {row[node]: node_attributes(s) for node, s in written.items()}

    def column(old: tuple, value) -> tuple:
        values = list(old) if same_rows else [old[r] for r in source]
        for i, data in fresh.items():
            values[i] = value(data)
        return tuple(values)

    def array(old: np.ndarray, value, dtype) -> np.ndarray:
        new = old[np.maximum(source, 0)] if len(old) else np.zeros(len(ids), dtype=dtype)
        for i, data in fresh.items():
            new[i] = value(data)
        return new

    moved = source if same_rows else np.fromiter(
        (row.get(node, -1) for node in frame.ids), dtype=np.int64, count=frame.n)
    ties = _ties_forwarded(frame, merged, moved, row) if merged.ties or not same_rows else (
        frame.tie_u, frame.tie_v, frame.tie_type, frame.tie_since, frame.tie_ids)
    return Frame(
        as_of=None, ids=ids, names=column(frame.names, _name),
        kind=array(frame.kind, _kind, np.int8), region=column(frame.region, _region),
        legal_form=column(frame.legal_form, _legal_form),
        sectors=column(frame.sectors, _sectors), needs=column(frame.needs, _needs),
        offers=column(frame.offers, _offers),
        created=array(frame.created, _created, np.int64),
        discoverable=array(frame.discoverable, _discoverable, bool),
        tie_u=ties[0], tie_v=ties[1], tie_type=ties[2], tie_since=ties[3], tie_ids=ties[4])


def _ties_forwarded(frame: Frame, merged: _Merged, moved: np.ndarray, row: dict) -> tuple:
    """The tie arrays (u, v, type, since, ids) after the changes: the old ties neither
    deleted nor rewritten, moved to their ends' new rows; then the written ones; each only
    while both its ends are there."""
    keep = np.fromiter((t not in merged.ties for t in frame.tie_ids), dtype=bool,
                       count=len(frame.tie_ids))
    new_ties = [t for t in merged.ties.values() if t is not None]
    count = len(new_ties)
    tie_u = np.concatenate([moved[frame.tie_u[keep]], np.fromiter(
        (row.get(t.source, -1) for t in new_ties), dtype=np.int64, count=count)])
    tie_v = np.concatenate([moved[frame.tie_v[keep]], np.fromiter(
        (row.get(t.target, -1) for t in new_ties), dtype=np.int64, count=count)])
    tie_type = np.concatenate([frame.tie_type[keep], np.fromiter(
        (TYPE_CODE[TieType(t.type)] for t in new_ties), dtype=np.int8, count=count)])
    tie_since = np.concatenate([frame.tie_since[keep], np.fromiter(
        (day_number(t.since) for t in new_ties), dtype=np.int64, count=count)])
    tie_ids = np.array([*frame.tie_ids, *(t.id for t in new_ties)], dtype=object)
    tie_ids = tie_ids[np.concatenate([keep, np.ones(count, dtype=bool)])]
    alive = (tie_u >= 0) & (tie_v >= 0)
    return (tie_u[alive], tie_v[alive], tie_type[alive], tie_since[alive],
            tuple(tie_ids[alive]))


def _name(d: dict) -> str:
    return str(d.get("name") or "")


def _kind(d: dict) -> int:
    return KIND_CODE[Kind(d["kind"])]


def _region(d: dict) -> str:
    return d.get("region") or ""


def _legal_form(d: dict) -> str:
    return str(d.get("legal_form") or "")


def _sectors(d: dict) -> tuple[str, ...]:
    return tuple(d.get("sectors") or ())


def _needs(d: dict) -> tuple[str, ...]:
    return tuple(d.get("needs") or ())


def _offers(d: dict) -> tuple[str, ...]:
    return tuple(d.get("offers") or ())


def _created(d: dict) -> int:
    return day_number(d.get("created_at"))


def _discoverable(d: dict) -> bool:
    return bool(d.get("discoverable"))


def _build_frame(G: nx.Graph, as_of: date | None) -> Frame:
    limit = as_of.toordinal() if as_of is not None else None
    nodes = G.nodes
    everyone = sorted(nodes)
    created = np.fromiter((day_number(nodes[node].get("created_at")) for node in everyone),
                          dtype=np.int64, count=len(everyone))
    kept = np.flatnonzero(created <= limit) if limit is not None else np.arange(len(everyone))
    ids = [everyone[i] for i in kept]
    data = [nodes[node] for node in ids]
    row = np.full(len(everyone), -1, dtype=np.int64)
    row[kept] = np.arange(len(kept))
    edges = edge_columns(G, everyone)
    tie_u, tie_v = row[edges.u], row[edges.v]
    keep = (tie_u >= 0) & (tie_v >= 0)
    if limit is not None:
        keep &= edges.since <= limit
    return Frame(
        as_of=as_of, ids=tuple(ids), names=tuple(_name(d) for d in data),
        kind=np.fromiter((_kind(d) for d in data), dtype=np.int8, count=len(data)),
        region=tuple(_region(d) for d in data),
        legal_form=tuple(_legal_form(d) for d in data),
        sectors=tuple(_sectors(d) for d in data), needs=tuple(_needs(d) for d in data),
        offers=tuple(_offers(d) for d in data), created=created[kept],
        discoverable=np.fromiter((_discoverable(d) for d in data), dtype=bool,
                                 count=len(data)),
        tie_u=tie_u[keep], tie_v=tie_v[keep], tie_type=edges.type[keep],
        tie_since=edges.since[keep], tie_ids=tuple(edges.ids[keep]))


def scope_mask(frame: Frame, *, region: str | None = None, sector: str | None = None,
               kind: str | None = None) -> np.ndarray:
    """Which rows lie in the scope: a region (with its sub-regions), a sector, a kind."""
    mask = np.ones(frame.n, dtype=bool)
    if region is not None:
        mask &= np.fromiter((vocabularies.region_contains(region, r) for r in frame.region),
                            dtype=bool, count=frame.n)
    if sector is not None:
        mask &= np.fromiter((sector in s for s in frame.sectors), dtype=bool, count=frame.n)
    if kind is not None:
        mask &= frame.kind == KIND_CODE[Kind(kind)]
    return mask


def select(frame: Frame, *, region: str | None = None, sector: str | None = None,
           kind: str | None = None) -> ScopeGraph:
    """The part of ``frame`` in a scope: its stakeholders and the ties among them."""
    return restrict(frame, scope_mask(frame, region=region, sector=sector, kind=kind))


def restrict(frame: Frame, mask: np.ndarray) -> ScopeGraph:
    """The scope of the rows where ``mask`` holds."""
    rows = np.flatnonzero(mask)
    position = np.full(frame.n, -1, dtype=np.int64)
    position[rows] = np.arange(len(rows))
    u, v = position[frame.tie_u], position[frame.tie_v]
    inside = (u >= 0) & (v >= 0)
    external = int(np.count_nonzero((u >= 0) ^ (v >= 0)))
    u, v = u[inside], v[inside]
    n = len(rows)
    low, high = np.minimum(u, v), np.maximum(u, v)
    keys = sorted_distinct(low * max(n, 1) + high)
    pair_u, pair_v = keys // max(n, 1), keys % max(n, 1)
    ones = np.ones(2 * len(keys), dtype=np.float64)
    adjacency = sp.csr_matrix((ones, (np.concatenate([pair_u, pair_v]),
                                      np.concatenate([pair_v, pair_u]))), shape=(n, n))
    adjacency.sort_indices()
    return ScopeGraph(frame=frame, rows=rows, adjacency=adjacency, pair_u=pair_u,
                      pair_v=pair_v, tie_u=u, tie_v=v, tie_type=frame.tie_type[inside],
                      tie_since=frame.tie_since[inside], external_ties=external)


def simple_graph_frame(G: nx.Graph) -> ScopeGraph:
    """Any networkx graph as a scope of itself: used by the metric functions' graph forms.

    Nodes need no attributes; every node is an entrepreneur unless it has a ``kind``.
    """
    ids = sorted(G.nodes)
    row = {node: i for i, node in enumerate(ids)}
    edges = [(row[u], row[v]) for u, v in G.edges() if u != v]
    tie_u = np.array([e[0] for e in edges], dtype=np.int64)
    tie_v = np.array([e[1] for e in edges], dtype=np.int64)
    frame = Frame(
        as_of=None, ids=tuple(ids), names=tuple(str(i) for i in ids),
        kind=np.array([KIND_CODE[Kind(G.nodes[i].get("kind", Kind.ENTREPRENEUR))]
                       for i in ids], dtype=np.int8),
        region=tuple(G.nodes[i].get("region", "") for i in ids),
        legal_form=tuple("" for _ in ids),
        sectors=tuple(tuple(G.nodes[i].get("sectors", ())) for i in ids),
        needs=tuple(() for _ in ids), offers=tuple(() for _ in ids),
        created=np.zeros(len(ids), dtype=np.int64),
        discoverable=np.ones(len(ids), dtype=bool), tie_u=tie_u, tie_v=tie_v,
        tie_type=np.zeros(len(edges), dtype=np.int8),
        tie_since=np.zeros(len(edges), dtype=np.int64),
        tie_ids=tuple(str(i) for i in range(len(edges))))
    return restrict(frame, np.ones(len(ids), dtype=bool))
