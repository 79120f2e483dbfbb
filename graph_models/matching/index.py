"""The fast structures matching needs, built from the graph's stakeholders and ties.

:class:`MatchIndex` keeps, as read-only numpy arrays:

- rows ordered by stakeholder id (so that "ties broken by id" is "ties broken by row"), and the
  stakeholders themselves by row (what explanations quote);
- the ties by pair (:class:`~graph_models.matching.tie_table.TieTable`) and the adjacency as CSR
  arrays with each neighbour pair's tie weight split by tie type
  (:class:`~graph_models.matching.adjacency.Adjacency`), from which the random-walk operator
  (:class:`~graph_models.matching.walk.Walk`) is made for any tie-type weights (and cached);
- per-kind candidate rows, discoverability, degrees;
- attribute encodings (see :mod:`~graph_models.matching.columns`): needs, offers, sectors and
  languages as bitmasks (and the rows that keep their needs private); regions and jurisdictions
  as codes with a table of how deep two codes agree along the NUTS hierarchy; stage ranks,
  funding sought, ticket ranges, instruments; capacity and current load;
- a sector affinity learned from PARTNERS_WITH ties (see
  :mod:`~graph_models.matching.tie_counts`, which also defines current load).

Build it from domain values (:meth:`MatchIndex.build`, :meth:`MatchIndex.from_export`,
:meth:`MatchIndex.from_matching_export`) or from a snapshot graph (:meth:`MatchIndex.from_graph`,
which reads the graph back into the same values); bring it forward with
:meth:`MatchIndex.updated`, which returns a new index and leaves this one answering. Matching
never needs the networkx graph.

Examples
--------
>>> from graph_models.matching.examples import example_stakeholders, example_ties
>>> index = MatchIndex.build(example_stakeholders(), example_ties())
>>> index.n, [index.ids[r] for r in index.rows_of_kind("investor")]
(5, ['inv', 'inv2'])
>>> index.strongest_tie(index.row["inv"], index.row["ent2"])
('FUNDED', 'inv')
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from datetime import date

import networkx as nx
import numpy as np

from graph_models.domain import vocabularies
from graph_models.domain.changes import GraphChanges
from graph_models.domain.collector import collector_paused
from graph_models.domain.errors import InvalidInput
from graph_models.domain.interchange import GraphExport, MatchingExport
from graph_models.domain.policy import Reach
from graph_models.domain.stakeholders import Kind, Stakeholder, Tie
from graph_models.matching import behaviour, tie_counts
from graph_models.matching import columns as col
from graph_models.matching.adjacency import Adjacency
from graph_models.matching.config import DEFAULT_WEIGHTS, MatchWeights
from graph_models.matching.encoding import TIE_TYPES, place_tables
from graph_models.matching.graph_records import stakeholders_of, tie_records_of
from graph_models.matching.rows import RowIndex
from graph_models.matching.tie_table import TieRecords, TieTable
from graph_models.matching.walk import Walk

# What strongest_tie ranks tie types by, per type code: read once, not per call.
_DEFAULT_TYPE_WEIGHTS = tuple(dict(DEFAULT_WEIGHTS.tie_weights).get(t.value, 0.0)
                              for t in TIE_TYPES)
_TIE_TYPE_NAMES = tuple(t.value for t in TIE_TYPES)

_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()




class MatchIndex:
    """Fast, read-only structures over one graph for vectorised matching.

    Build it with :meth:`build`, :meth:`from_export` or :meth:`from_graph` (or get a cached one
    with :meth:`of`). Rows are stakeholders in id order; ``ids[row]`` and ``row[id]`` translate.
    """

    ids: tuple
    row: RowIndex
    n: int
    stakeholders: tuple[Stakeholder, ...]
    names: tuple[str, ...]
    # The columns (see graph_models.matching.columns.COLUMNS), a row each.
    kind: np.ndarray
    discoverable: np.ndarray
    needs_private: np.ndarray
    needs: np.ndarray
    offers: np.ndarray
    sectors: np.ndarray
    languages: np.ndarray
    place: np.ndarray
    jurisdiction: np.ndarray
    stage: np.ndarray
    funding: np.ndarray
    ticket_min: np.ndarray
    ticket_max: np.ndarray
    capacity: np.ndarray
    instruments: np.ndarray
    ties: TieTable
    adjacency: Adjacency
    as_of: date | None
    load: np.ndarray
    load_window_days: int
    # What providers did (see graph_models.matching.behaviour.COLUMNS).
    activity: np.ndarray
    sector_profile: np.ndarray
    place_indptr: np.ndarray
    place_indices: np.ndarray
    place_weight: np.ndarray

    def __init__(self) -> None:  # use build, from_export or from_graph
        self._lock = threading.Lock()
        self._walks: dict[tuple, Walk] = {}
        self._columns: dict[tuple, np.ndarray] = {}  # seeker-independent eligible candidates
        self._as_of_given = False

    def __getstate__(self) -> dict:
        """What a pickle keeps (see :mod:`graph_models.use_cases.saved_index`): everything
        but the lock, the walks and candidate columns made so far included."""
        state = vars(self).copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state)
        self._lock = threading.Lock()
        self._freeze()  # a pickle keeps no array read-only
        for columns in self._columns.values():
            columns.flags.writeable = False

    # -- building --------------------------------------------------------------------------

    @classmethod
    def build(cls, stakeholders: Iterable[Stakeholder], ties: Iterable[Tie] | TieRecords, *,
              as_of: date | None = None, load_window_days: int = 365) -> MatchIndex:
        """Build the index of some stakeholders and the ties between them.

        Parameters
        ----------
        stakeholders : iterable of Stakeholder
            Every stakeholder of the graph (contact details are not read).
        ties : iterable of Tie, or TieRecords
            Every tie; each must join two of ``stakeholders``.
        as_of : date, optional
            The date current load is counted back from; default the latest tie's ``since``.
        load_window_days : int
            How far back a MENTORS or SUPPORTED tie still occupies its mentor or supporter.

        Raises
        ------
        InvalidInput
            When a tie joins a stakeholder that is not among ``stakeholders``.

        Examples
        --------
        >>> from graph_models.matching.examples import example_stakeholders
        >>> MatchIndex.build(example_stakeholders(), []).degree.tolist()
        [0, 0, 0, 0, 0]
        """
        with collector_paused():
            return cls._build(stakeholders, ties, as_of, load_window_days)

    @classmethod
    def _build(cls, stakeholders, ties, as_of, load_window_days) -> MatchIndex:
        records = ties if isinstance(ties, TieRecords) else TieRecords.of(ties)
        people = sorted(stakeholders, key=lambda s: str(s.id))
        self = cls()
        self._as_of_given = as_of is not None
        self.as_of = as_of
        self.load_window_days = load_window_days
        self.set_stakeholders(tuple(people))
        codes = col.Codes.of(people)
        self.set_codes(codes)
        self.set_columns(col.encode(people, codes))
        self.derive_from_columns()
        row_of = {node: r for r, node in enumerate(self.ids)}
        table = TieTable.of_rows(records, _rows_of(row_of, records.sources),
                                 _rows_of(row_of, records.targets))
        self.set_ties(table, Adjacency.build(table, self.n))
        self.load = tie_counts.load(table, self.n, self.as_of, load_window_days)
        self.set_partnerships(tie_counts.partnerships(table, self.kind, self.sectors,
                                                      len(self.sector_vocab.codes)))
        behaviour.attach(self)
        self.finish()
        return self

    @classmethod
    def from_export(cls, export: GraphExport, *, as_of: date | None = None,
                    load_window_days: int = 365) -> MatchIndex:
        """Build the index of a store's export (see :meth:`build`)."""
        return cls.build(export.stakeholders, export.ties, as_of=as_of,
                         load_window_days=load_window_days)

    @classmethod
    def from_matching_export(cls, export: MatchingExport, *, as_of: date | None = None,
                             load_window_days: int = 365) -> MatchIndex:
        """Build the index of a store's export for matching, its ties read as columns (see
        :meth:`build`): the same index as :meth:`from_export` of the same version, sooner."""
        ties = export.ties
        records = TieRecords(ids=ties.ids, sources=ties.sources, targets=ties.targets,
                             types=ties.types, weights=ties.weights, strengths=ties.strengths,
                             since=ties.since)
        return cls.build(export.stakeholders, records, as_of=as_of,
                         load_window_days=load_window_days)

    @classmethod
    def from_graph(cls, G: nx.Graph, *, as_of: date | None = None,
                   load_window_days: int = 365) -> MatchIndex:
        """Build the index of a snapshot graph (not modified), read back as stakeholders and
        ties (see :mod:`~graph_models.matching.graph_records`).

        Parameters
        ----------
        G : networkx.MultiGraph or networkx.Graph
            Nodes with the attributes of :data:`graph_models.domain.snapshot.NODE_FIELDS`,
            edges with those of :data:`graph_models.domain.snapshot.EDGE_FIELDS`.
        as_of, load_window_days
            As for :meth:`build`.

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
        with collector_paused():
            return cls._build(stakeholders_of(G), tie_records_of(G), as_of, load_window_days)

    def updated(self, changes: GraphChanges) -> MatchIndex:
        """A new index with ``changes`` applied; this one is left as it was, still answering.

        Costs about what the changes touch, plus vectorised copies of the arrays they change
        (see :mod:`~graph_models.matching.updates`); arrays they leave alone are shared.

        Examples
        --------
        >>> from dataclasses import replace
        >>> from graph_models.domain.changes import GraphChanges
        >>> from graph_models.matching.examples import example_stakeholders, example_ties
        >>> people, ties = example_stakeholders(), example_ties()
        >>> index = MatchIndex.build(people, ties)
        >>> hidden = replace(people[3], discoverable=False)
        >>> later = index.updated(GraphChanges(1, 2, stakeholders=(hidden,),
        ...                                     deleted_ties=("t3",)))
        >>> later.discoverable.tolist(), later.degree.tolist(), index.degree.tolist()
        ([True, True, False, True, True], [1, 1, 0, 0, 2], [1, 2, 1, 0, 2])
        """
        from graph_models.matching.updates import apply_changes

        return apply_changes(self, changes)

    # The steps of building, shared with updates.

    def set_stakeholders(self, people: tuple[Stakeholder, ...]) -> None:
        """Take the stakeholders, in id order, as the rows."""
        self.stakeholders = people
        self.ids = tuple(s.id for s in people)
        self.row = RowIndex(self.ids)
        self.n = len(people)
        self.names = tuple(str(s.name or "") for s in people)

    def set_codes(self, codes: col.Codes) -> None:
        """Take the code tables, and what derives from them alone."""
        self.codes = codes
        self.topics, self.sector_vocab = codes.topics, codes.sectors
        self.language_vocab, self.place_codes = codes.languages, codes.places
        self.pillar_masks = col.pillar_masks(codes.topics)
        self.mentoring_mask = codes.topics.mask(["training.mentoring"])
        self.place_level, self.place_contains = place_tables(list(codes.places))

    def set_columns(self, columns: dict[str, np.ndarray]) -> None:
        """Take the :data:`~graph_models.matching.columns.COLUMNS`."""
        for name in col.COLUMNS:
            setattr(self, name, columns[name])

    def derive_from_columns(self) -> None:
        """Derive the rows of each kind, the padded and distinct sets from the columns."""
        self._by_kind, self.kind_pos = col.kind_rows(self.kind)
        self.private_need_rows = np.flatnonzero(self.needs_private)
        self.sector_pad = col.bit_positions(self.sectors, col.pad_width(self.sectors))
        self.sector_set, self.sector_sets = col.distinct(self.sectors)
        self.sector_set_pad = col.bit_positions(self.sector_sets, self.sector_pad.shape[1])
        self.language_set, self.language_sets = col.distinct(self.languages)

    def set_ties(self, table: TieTable, adjacency: Adjacency) -> None:
        """Take the ties and their adjacency (and, unless given, date the load from them)."""
        self.ties, self.adjacency = table, adjacency
        self.degree = adjacency.degree
        if not self._as_of_given:
            self.as_of = tie_counts.latest_since(table)

    def set_partnerships(self, counts: np.ndarray) -> None:
        """Take the sector partnership counts, and the affinity learned from them."""
        self.sector_partnerships = counts
        self.sector_affinity = tie_counts.sector_affinity(counts)

    def finish(self) -> None:
        """Make every array read-only, and build the default walk and its candidate columns."""
        self._freeze()
        self.walk(DEFAULT_WEIGHTS)  # the default operator is part of building…
        from graph_models.matching.scoring import warm

        warm(self, DEFAULT_WEIGHTS)  # …and so are its columns for each role, without a pillar

    def _freeze(self) -> None:
        for value in (*vars(self).values(), *vars(self.ties).values(),
                      *vars(self.adjacency).values(), *self._by_kind.values(),
                      *self.pillar_masks.values()):
            if isinstance(value, np.ndarray):
                value.flags.writeable = False

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

    @property
    def indptr(self) -> np.ndarray:
        """The CSR row pointers of the adjacency."""
        return self.adjacency.indptr

    @property
    def indices(self) -> np.ndarray:
        """The CSR neighbour rows of the adjacency."""
        return self.adjacency.indices

    @property
    def type_weights(self) -> np.ndarray:
        """Each adjacency entry's tie weights by tie type (parallel ties summed)."""
        return self.adjacency.type_weights

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

    def strongest_tie(self, a: int, b: int) -> tuple[str, str | None]:
        """The heaviest tie type between two rows (by its walk weight under the default
        weights; the first by id among equals) and the id of the stakeholder it was recorded
        from; ``("", None)`` when they have no tie."""
        start, end = self.ties.pair_range(min(a, b), max(a, b))
        best, best_key = None, None
        for at in range(start, end):
            code = int(self.ties.type[at])
            key = (_DEFAULT_TYPE_WEIGHTS[code] * (float(self.ties.weight[at]) or 1.0), -code)
            if best_key is None or key > best_key:
                best, best_key = at, key
        if best is None:
            return "", None
        source = max(a, b) if self.ties.source_hi[best] else min(a, b)
        return _TIE_TYPE_NAMES[int(self.ties.type[best])], self.ids[source]



def _rows_of(row_of: dict[str, int], ends: list) -> np.ndarray:
    """The rows of the stakeholders ``ends`` name, looked up in ``row_of`` by a loop in C
    (``map`` into ``np.fromiter``). A binary search over a numpy array of the ids' strings cost
    more, most of it in making that array: 0.7 s more of the build at 10⁶ ties. InvalidInput
    names a stakeholder that is not among them."""
    try:
        return np.fromiter(map(row_of.__getitem__, ends), dtype=np.int64, count=len(ends))
    except KeyError as error:
        raise InvalidInput("a tie joins a stakeholder not in the graph",
                           errors={"ties": [f"unknown stakeholder {error.args[0]}"]}) from None
