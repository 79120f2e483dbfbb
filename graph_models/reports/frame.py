"""Compact arrays of a snapshot as of a date, and of one scope within it.

The whole-graph metrics of a report run on numpy arrays and a scipy CSR adjacency rather than on
the networkx graph: at 10⁵ stakeholders / 10⁶ ties networkx's dict-of-dicts is 10–100× slower
(see DESIGN.md, "Performance facts"). A :class:`Frame` is the snapshot as of a date (stakeholders
created by then, ties begun by then between two of them), read once and cached while the frozen
graph lives; a :class:`ScopeGraph` is the part of a frame inside a scope, with its ties reduced
to *distinct pairs*: the snapshot is a multigraph (a KNOWS and a FUNDED tie between the same two
stakeholders are two ties), but density, degree, clustering, brokerage and communities are about
who is connected to whom, so each connected pair counts once there. Counts by tie type keep
every tie.

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
from datetime import date, datetime

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph_models.domain import vocabularies
from graph_models.domain.stakeholders import Kind, TieType

KINDS = tuple(Kind)
TIE_TYPES = tuple(TieType)
KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}
TYPE_CODE = {tie_type: code for code, tie_type in enumerate(TIE_TYPES)}
UNKNOWN_DAY = 0  # a stakeholder without a creation stamp has always been there


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


def _day(value) -> int:
    if value is None:
        return UNKNOWN_DAY
    if isinstance(value, datetime):
        return value.date().toordinal()
    return value.toordinal()


def frame_of(G: nx.Graph, as_of: date | None = None) -> Frame:
    """The snapshot ``G`` as of a date, as arrays; cached while a frozen ``G`` lives.

    Stakeholders count from the day of their ``created_at``; ties from their ``since``, and
    only between two stakeholders that existed by then.
    """
    if not nx.is_frozen(G):
        return _build_frame(G, as_of)
    with _FRAMES_LOCK:
        by_date = _FRAMES.setdefault(G, {})
        frame = by_date.get(as_of)
    if frame is None:
        frame = _build_frame(G, as_of)
        with _FRAMES_LOCK:
            if len(by_date) >= _FRAMES_PER_GRAPH:
                by_date.pop(next(iter(by_date)))
            frame = by_date.setdefault(as_of, frame)
    return frame


_FRAMES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_FRAMES_LOCK = threading.Lock()
_FRAMES_PER_GRAPH = 4  # a report and its comparison need two dates; keep a few more


def _build_frame(G: nx.Graph, as_of: date | None) -> Frame:
    limit = as_of.toordinal() if as_of is not None else None
    nodes = G.nodes
    ids = []
    for node in sorted(nodes):
        created = _day(nodes[node].get("created_at"))
        if limit is None or created <= limit:
            ids.append(node)
    row = {node: i for i, node in enumerate(ids)}
    data = [nodes[node] for node in ids]
    us, vs, types, days = [], [], [], []
    for u, v, attributes in G.edges(data=True):
        us.append(u)
        vs.append(v)
        types.append(attributes["type"])
        days.append(attributes["since"])
    tie_u = np.fromiter((row.get(u, -1) for u in us), dtype=np.int64, count=len(us))
    tie_v = np.fromiter((row.get(v, -1) for v in vs), dtype=np.int64, count=len(vs))
    tie_type = np.fromiter((TYPE_CODE[TieType(t)] for t in types), dtype=np.int8,
                           count=len(types))
    tie_since = np.fromiter((_day(d) for d in days), dtype=np.int64, count=len(days))
    keep = (tie_u >= 0) & (tie_v >= 0)
    if limit is not None:
        keep &= tie_since <= limit
    return Frame(
        as_of=as_of, ids=tuple(ids),
        names=tuple(str(d.get("name") or "") for d in data),
        kind=np.fromiter((KIND_CODE[Kind(d["kind"])] for d in data), dtype=np.int8,
                         count=len(data)),
        region=tuple(d.get("region") or "" for d in data),
        legal_form=tuple(str(d.get("legal_form") or "") for d in data),
        sectors=tuple(tuple(d.get("sectors") or ()) for d in data),
        needs=tuple(tuple(d.get("needs") or ()) for d in data),
        offers=tuple(tuple(d.get("offers") or ()) for d in data),
        created=np.fromiter((_day(d.get("created_at")) for d in data), dtype=np.int64,
                            count=len(data)),
        discoverable=np.fromiter((bool(d.get("discoverable")) for d in data), dtype=bool,
                                 count=len(data)),
        tie_u=tie_u[keep], tie_v=tie_v[keep], tie_type=tie_type[keep],
        tie_since=tie_since[keep])


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
    keys = np.unique(low * max(n, 1) + high)
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
        tie_since=np.zeros(len(edges), dtype=np.int64))
    return restrict(frame, np.ones(len(ids), dtype=bool))
