"""The fast structures matching needs, built once per snapshot beside the networkx graph.

:class:`MatchIndex` reads the frozen ``nx.MultiGraph`` of a snapshot once and keeps:

- rows ordered by stakeholder id (so that "ties broken by id" is "ties broken by row");
- the adjacency as CSR arrays, with each neighbour pair's tie weight split by tie type, from which
  the random-walk operator (:class:`~graph_models.matching.walk.Walk`) is made for any tie-type
  weights (and cached);
- per-kind candidate rows, discoverability, degrees;
- attribute encodings as numpy arrays (see :mod:`~graph_models.matching.encoding`): needs,
  offers, sectors and languages as bitmasks (and the rows that keep their needs private);
  regions and jurisdictions as codes with a table of how deep two codes agree along the NUTS
  hierarchy; stage ranks, funding sought, ticket ranges, instruments; capacity and current load;
- a sector affinity learned from PARTNERS_WITH ties (which sectors partner with which).

Current load
    The number of MENTORS and SUPPORTED ties a stakeholder started as mentor or supporter in the
    ``load_window_days`` (default 365) before ``as_of`` — the latest ``since`` in the snapshot
    unless given — counted per tie (two SUPPORTED events with one entrepreneur count twice).
    A mentorship is taken to occupy its mentor for a year because ties carry no end date yet.

Nothing here mutates the graph; the arrays are made read-only.

Examples
--------
>>> from graph_models.matching.examples import example_graph
>>> index = MatchIndex.from_graph(example_graph())
>>> index.n, [index.ids[r] for r in index.rows_of_kind("investor")]
(5, ['inv', 'inv2'])
"""

from __future__ import annotations

import gc
import threading
import weakref
from datetime import date, timedelta
from operator import itemgetter

import networkx as nx
import numpy as np

from graph_models.domain import vocabularies
from graph_models.domain.errors import InvalidInput
from graph_models.domain.policy import Reach
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.matching.config import DEFAULT_WEIGHTS, MatchWeights
from graph_models.matching.encoding import (
    INSTRUMENTS,
    KINDS,
    STAGES,
    TIE_TYPES,
    Vocabulary,
    place_tables,
)
from graph_models.matching.walk import Walk

SECTOR_AFFINITY_PRIOR = 5.0  # pseudo-partnerships of each sector with itself
LOAD_TYPES = (TieType.MENTORS, TieType.SUPPORTED)


def _value(v):
    return getattr(v, "value", v)


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


class MatchIndex:
    """Fast, read-only structures over one snapshot graph for vectorised matching.

    Build it with :meth:`from_graph` (or get a cached one with :meth:`of`). Rows are stakeholders
    in id order; ``ids[row]`` and ``row[id]`` translate.
    """

    graph: nx.Graph
    ids: tuple[str, ...]
    row: dict[str, int]
    n: int

    def __init__(self):  # use from_graph
        self._lock = threading.Lock()
        self._walks: dict[tuple, Walk] = {}
        self._columns: dict[tuple, np.ndarray] = {}  # seeker-independent eligible candidates

    # -- building --------------------------------------------------------------------------

    @classmethod
    def from_graph(cls, G: nx.Graph, *, as_of: date | None = None,
                   load_window_days: int = 365) -> MatchIndex:
        """Build the index of a snapshot graph (not modified).

        Parameters
        ----------
        G : networkx.MultiGraph or networkx.Graph
            Nodes with the attributes of :data:`graph_models.domain.snapshot.NODE_FIELDS`,
            edges with those of :data:`graph_models.domain.snapshot.EDGE_FIELDS`.
        as_of : date, optional
            The date current load is counted back from; default the latest tie's ``since``.
        load_window_days : int
            How far back a MENTORS or SUPPORTED tie still occupies its mentor or supporter.

        Examples
        --------
        >>> import networkx as nx
        >>> G = nx.MultiGraph()
        >>> G.add_node("a", kind="entrepreneur", region="EL303", discoverable=True)
        >>> MatchIndex.from_graph(G).n
        1
        """
        if G.is_directed():
            raise InvalidInput("matching needs the undirected snapshot graph",
                               errors={"graph": ["must be undirected"]})
        self = cls()
        self.graph = G
        ids = sorted(G.nodes, key=str)
        self.ids = tuple(ids)
        self.row = {node: r for r, node in enumerate(ids)}
        self.n = len(ids)
        data = [G.nodes[node] for node in ids]
        # Building makes millions of small objects and no cycles; the cyclic collector would
        # rescan the whole graph again and again (half the build time at 10^6 ties).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._nodes(data)
            self._edges(G, as_of, load_window_days)
        finally:
            if collecting:
                gc.enable()
        for value in vars(self).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
        self.walk(DEFAULT_WEIGHTS)  # the default operator is part of building…
        from graph_models.matching.scoring import warm

        warm(self, DEFAULT_WEIGHTS)  # …and so are its columns for each role, without a pillar
        return self

    def _nodes(self, data: list[dict]) -> None:
        n = len(data)
        kind_code = {k.value: i for i, k in enumerate(KINDS)}
        self.kind = np.array([kind_code.get(_value(d.get("kind")), -1) for d in data],
                             dtype=np.int8)
        self._by_kind = {k: np.flatnonzero(self.kind == i) for i, k in enumerate(KINDS)}
        # Each row's position among the rows of its kind: a candidate's column in a score block.
        self.kind_pos = np.zeros(n, dtype=np.int64)
        for rows in self._by_kind.values():
            self.kind_pos[rows] = np.arange(len(rows))
        self.discoverable = np.array([bool(d.get("discoverable")) for d in data], dtype=bool)
        self.names = tuple(str(d.get("name") or "") for d in data)

        needs = [tuple(d.get("needs") or ()) for d in data]
        offers = [tuple(d.get("offers") or ()) for d in data]
        self.topics = Vocabulary([*vocabularies.topics(), *(c for s in needs for c in s),
                                  *(c for s in offers for c in s)])
        self.needs = self.topics.encode(needs)
        self.offers = self.topics.encode(offers)
        self.private_need_rows = np.flatnonzero([bool(d.get("needs_private")) for d in data])
        self.pillar_masks = {
            p: self.topics.mask(c for c in self.topics.codes if vocabularies.pillar_of(c) == p)
            for p in {vocabularies.pillar_of(c) for c in self.topics.codes}}
        self.mentoring_mask = self.topics.mask(["training.mentoring"])

        # A policymaker's policy areas are the sectors it matches on.
        sectors = [tuple(dict.fromkeys((*(d.get("sectors") or ()),
                                        *(d.get("policy_areas") or ())))) for d in data]
        self.sector_vocab = Vocabulary([*vocabularies.sectors(), *(c for s in sectors for c in s)])
        self.sectors = self.sector_vocab.encode(sectors)
        width = max((len(s) for s in sectors), default=0) or 1
        pad = np.full((n, width), -1, dtype=np.int32)
        for r, codes in enumerate(sectors):
            for j, code in enumerate(codes):
                pad[r, j] = self.sector_vocab.bit[code]
        self.sector_pad = pad
        # Distinct sector sets: a peer's sector affinity is computed once per set, then gathered.
        _, first, inverse = np.unique(self.sectors, axis=0, return_index=True,
                                      return_inverse=True)
        self.sector_set = inverse.reshape(-1).astype(np.int64)
        self.sector_set_pad = pad[first]
        self.sector_sets = self.sectors[first]

        languages = [tuple(d.get("languages") or ()) for d in data]
        self.language_vocab = Vocabulary(c for s in languages for c in s)
        self.languages = self.language_vocab.encode(languages)
        _, first, inverse = np.unique(self.languages, axis=0, return_index=True,
                                      return_inverse=True)
        self.language_set = inverse.reshape(-1).astype(np.int64)
        self.language_sets = self.languages[first]

        regions = [str(d.get("region") or "") for d in data]
        jurisdictions = [d.get("jurisdiction") for d in data]
        places = sorted({*regions, *(j for j in jurisdictions if j)})
        self.place_codes = tuple(places)
        place_id = {code: i for i, code in enumerate(places)}
        self.place = np.array([place_id[r] for r in regions], dtype=np.int32)
        self.jurisdiction = np.array([place_id[j] if j else -1 for j in jurisdictions],
                                     dtype=np.int32)
        self.place_level, self.place_contains = place_tables(places)

        stage_rank = {s.value: i for i, s in enumerate(STAGES)}
        self.stage = np.array([stage_rank.get(_value(d.get("stage")), -1) for d in data],
                              dtype=np.int8)
        self.funding = self._floats(data, "funding_sought")
        self.ticket_min = self._floats(data, "ticket_min")
        self.ticket_max = self._floats(data, "ticket_max")
        self.capacity = self._floats(data, "capacity")
        bit = {ins.value: 1 << i for i, ins in enumerate(INSTRUMENTS)}
        self.instruments = np.array(
            [sum(bit.get(_value(i), 0) for i in set(map(_value, d.get("instruments") or ())))
             for d in data], dtype=np.uint8)

    @staticmethod
    def _floats(data: list[dict], name: str) -> np.ndarray:
        return np.array([np.nan if d.get(name) is None else float(d[name]) for d in data],
                        dtype=np.float64)

    def _edges(self, G: nx.Graph, as_of: date | None, window: int) -> None:
        n, row = self.n, self.row
        type_code = {t.value: i for i, t in enumerate(TIE_TYPES)}
        us, vs, types, weights, sources, since = [], [], [], [], [], []
        knows = type_code[TieType.KNOWS.value]
        edges = G.edges(data=True)
        fields = itemgetter("type", "weight", "strength", "source", "since")
        for u, v, d in edges:
            try:
                tie_type, w, strength, src, s = fields(d)  # one call for a snapshot's edge
            except KeyError:
                tie_type, w, strength, src, s = (d.get("type"), d.get("weight"),
                                                 d.get("strength"), d.get("source"),
                                                 d.get("since"))
            code = type_code.get(tie_type, -1)  # a StrEnum hashes and compares as its value
            if code < 0 or u == v:
                continue  # an unknown type, or a self-loop: no path to anyone
            w = 1.0 if w is None else float(w)
            if code == knows and strength:
                w *= strength / 3.0
            ru = row[u]
            us.append(ru)
            vs.append(row[v])
            types.append(code)
            weights.append(w)
            sources.append(ru if src is None else row.get(src, ru))
            since.append(s.toordinal() if isinstance(s, date) else -1)
        u = np.asarray(us, dtype=np.int64)
        v = np.asarray(vs, dtype=np.int64)
        t = np.asarray(types, dtype=np.int64)
        w = np.asarray(weights, dtype=np.float64)
        since_arr = np.asarray(since, dtype=np.int64)

        # Both directions, parallel ties summed per (pair, type): one CSR structure for all types.
        keys = np.concatenate([u * n + v, v * n + u])
        unique, inverse = np.unique(keys, return_inverse=True)
        types2 = np.concatenate([t, t])
        weights2 = np.concatenate([w, w])
        tw = np.zeros((len(unique), len(TIE_TYPES)), dtype=np.float64)
        for code in range(len(TIE_TYPES)):
            of_type = types2 == code
            if of_type.any():
                tw[:, code] = np.bincount(inverse[of_type], weights=weights2[of_type],
                                          minlength=len(unique))
        rows = unique // n if n else unique
        self.indices = (unique % n).astype(np.int32) if n else unique.astype(np.int32)
        self.indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))]).astype(
            np.int64)
        self._type_weights = tw
        self.degree = np.diff(self.indptr).astype(np.int32)

        # Current load: MENTORS and SUPPORTED ties started, as mentor or supporter, in the window.
        valid = since_arr[since_arr >= 0]
        if as_of is None and len(valid):
            as_of = date.fromordinal(int(valid.max()))
        self.as_of = as_of
        load = np.zeros(n, dtype=np.int32)
        if as_of is not None and len(t):
            start = (as_of - timedelta(days=window)).toordinal()
            load_codes = [type_code[x.value] for x in LOAD_TYPES]
            counted = (np.isin(t, load_codes) & (since_arr > start)
                       & (since_arr <= as_of.toordinal()))
            src = np.asarray(sources, dtype=np.int64)[counted]
            load = np.bincount(src, minlength=n).astype(np.int32)
        self.load = load
        self.load_window_days = window

        # Sector affinity from partnerships between entrepreneurs.
        s = len(self.sector_vocab.codes)
        counts = np.zeros((s, s), dtype=np.float64)
        e_code = KINDS.index(Kind.ENTREPRENEUR)
        partners = (t == type_code[TieType.PARTNERS_WITH.value]) & (self.kind[u] == e_code) & (
            self.kind[v] == e_code) if len(t) else np.zeros(0, dtype=bool)
        pu, pv = u[partners], v[partners]
        pad = self.sector_pad
        for i in range(pad.shape[1]):
            for j in range(pad.shape[1]):
                a, b = pad[pu, i], pad[pv, j]
                ok = (a >= 0) & (b >= 0)
                np.add.at(counts, (a[ok], b[ok]), 1.0)
                np.add.at(counts, (b[ok], a[ok]), 1.0)
        counts += SECTOR_AFFINITY_PRIOR * np.eye(s)
        self.sector_partnerships = counts - SECTOR_AFFINITY_PRIOR * np.eye(s)
        self.sector_affinity = counts / counts.max(axis=1, keepdims=True) if s else counts

    # -- access ----------------------------------------------------------------------------

    @classmethod
    def of(cls, G: nx.Graph) -> MatchIndex:
        """The index of a frozen graph, built once and kept while the graph lives.

        An unfrozen graph gets a fresh index each time, since it may have changed since.
        """
        if not nx.is_frozen(G):
            return cls.from_graph(G)
        with _INDEXES_LOCK:
            index = _INDEXES.get(G)
        if index is None:
            index = cls.from_graph(G)
            with _INDEXES_LOCK:
                index = _INDEXES.setdefault(G, index)
        return index

    def hidden_needs(self, private_needs: Reach | None) -> np.ndarray | None:
        """Which rows' needs a query must leave out, as (n,) booleans: the private ones, but
        for those of the stakeholders ``private_needs`` names (None, or everywhere: none left
        out). None when no row's needs are left out.

        The rule is per query and the flag per row, so nothing is rebuilt: the cost is the
        number of stakeholders with private needs.

        Examples
        --------
        >>> import networkx as nx
        >>> from graph_models.domain.policy import Reach
        >>> G = nx.MultiGraph()
        >>> G.add_node("a", kind="entrepreneur", region="EL303", needs_private=True)
        >>> G.add_node("b", kind="entrepreneur", region="EL522", needs_private=True)
        >>> index = MatchIndex.from_graph(G)
        >>> index.hidden_needs(Reach(regions=("EL30",))).tolist()
        [False, True]
        >>> index.hidden_needs(Reach(ids=("b",), regions=("EL30",))) is None
        True
        """
        if private_needs is None or private_needs.everywhere or not len(self.private_need_rows):
            return None
        rows = self.private_need_rows
        readable = np.isin(rows, [self.row[i] for i in private_needs.ids if i in self.row])
        if private_needs.regions:
            inside = np.array([any(vocabularies.region_contains(r, code)
                                   for r in private_needs.regions)
                               for code in self.place_codes], dtype=bool)
            readable |= inside[self.place[rows]]
        if readable.all():
            return None
        hidden = np.zeros(self.n, dtype=bool)
        hidden[rows[~readable]] = True
        return hidden

    def rows_of_kind(self, kind) -> np.ndarray:
        """The rows of one kind, in id order."""
        return self._by_kind[Kind(kind)]

    def walk(self, weights: MatchWeights) -> Walk:
        """The walk operator for ``weights.tie_weights``, built once per distinct table."""
        key = weights.tie_weights
        walk = self._walks.get(key)
        if walk is None:
            with self._lock:
                walk = self._walks.get(key)
                if walk is None:
                    walk = self._walks[key] = Walk(self, key)
        return walk

    def node(self, row: int) -> dict:
        """The snapshot attributes of the stakeholder at ``row``."""
        return self.graph.nodes[self.ids[row]]

    def strongest_tie(self, a: int, b: int) -> tuple[str, str | None]:
        """The heaviest tie type between two rows (by its walk weight) and its source id."""
        best, best_key = None, None
        table = dict(DEFAULT_WEIGHTS.tie_weights)
        for data in self._edge_data(self.ids[a], self.ids[b]):
            t = _value(data.get("type"))
            key = (table.get(t, 0.0) * float(data.get("weight") or 1.0),
                   -TIE_TYPES.index(TieType(t)))
            if best_key is None or key > best_key:
                best, best_key = (t, data.get("source")), key
        return best or ("", None)

    def _edge_data(self, u, v) -> list[dict]:
        data = self.graph.get_edge_data(u, v)
        if data is None:
            return []
        return list(data.values()) if self.graph.is_multigraph() else [data]
