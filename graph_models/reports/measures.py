"""The network measures of a report, on a scope's CSR adjacency of distinct pairs.

Each measure has a networkx-style form that takes any simple graph (``density(G)``,
``degree_centralization(G)``, ``ei_index(G, attribute)``, ``attribute_assortativity(G,
attribute)``, ``constraint(G)``, ``effective_size(G)``; ``betweenness(G, k=, seed=)`` is in
:mod:`~graph_models.reports.centrality`), used by
the tests to check each against hand-computed values and against networkx, and an array form
that the report uses on a :class:`~graph_models.reports.frame.ScopeGraph`.

Examples
--------
>>> import networkx as nx
>>> G = nx.karate_club_graph()
>>> round(density(G), 3), round(degree_centralization(G), 3)
(0.139, 0.4)
>>> round(ei_index(G, "club"), 3), round(attribute_assortativity(G, "club"), 3)
(-0.718, 0.718)
"""

from __future__ import annotations

import itertools
import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import igraph
import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from graph_models.reports.frame import ScopeGraph, simple_graph_frame, sorted_distinct

# Row blocks of the masked sparse products are sized so that one block makes at most this many
# intermediate entries (memory stays bounded next to a hub of degree 10⁴).
BLOCK_ENTRIES = 8_000_000


# -- distinct values ---------------------------------------------------------------------------

def codes_of(values: np.ndarray) -> np.ndarray:
    """Each value's rank among the distinct values (``np.unique``'s inverse, by a sort).

    >>> codes_of(np.array(["b", "a", "b", "c"])).tolist()
    [1, 0, 1, 2]
    """
    codes = np.zeros(len(values), dtype=np.int64)
    if len(values):
        order = np.argsort(values, kind="stable")
        ordered = values[order]
        codes[order[1:]] = np.cumsum(ordered[1:] != ordered[:-1])
    return codes


# -- density, degree, centralization, components --------------------------------------------

def pair_density(pairs: int, n: int) -> float | None:
    """Connected pairs over the n(n−1)/2 possible ones (None below two stakeholders).

    >>> pair_density(3, 4), pair_density(0, 1)
    (0.5, None)
    """
    possible = n * (n - 1) // 2
    return pairs / possible if possible else None


def freeman_centralization(degree: np.ndarray) -> float | None:
    """Freeman's degree centralization: Σ(max − dᵢ) / ((n−1)(n−2)); 1 for a star, 0 for a
    regular graph; None below three stakeholders.

    >>> freeman_centralization(np.array([3, 1, 1, 1])), freeman_centralization(np.array([1, 1]))
    (1.0, None)
    """
    n = len(degree)
    if n < 3:
        return None
    return float((degree.max() * n - degree.sum()) / ((n - 1) * (n - 2)))


def density(G: nx.Graph) -> float | None:
    """Distinct connected pairs over n(n−1)/2, for any graph (multi-edges count once); None
    below two nodes.

    >>> density(nx.MultiGraph([(0, 1), (0, 1), (1, 2)]))
    0.6666666666666666
    """
    scope = simple_graph_frame(G)
    return pair_density(len(scope.pair_u), scope.n)


def degree_centralization(G: nx.Graph) -> float | None:
    """Freeman's degree centralization of any graph.

    >>> degree_centralization(nx.star_graph(4)), degree_centralization(nx.cycle_graph(5))
    (1.0, 0.0)
    """
    return freeman_centralization(simple_graph_frame(G).degree)


@dataclass(frozen=True)
class ComponentSummary:
    count: int
    sizes: np.ndarray  # per component
    labels: np.ndarray  # per stakeholder


def components_of(adjacency: sp.csr_matrix) -> ComponentSummary:
    """Connected components of a symmetric adjacency: how many, their sizes, each label.

    >>> found = components_of(sp.csr_matrix(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]])))
    >>> found.count, found.sizes.tolist(), found.labels.tolist()
    (2, [2, 1], [0, 0, 1])
    """
    count, labels = connected_components(adjacency, directed=False)
    return ComponentSummary(int(count), np.bincount(labels, minlength=count), labels)


# -- triangles, clustering, constraint, effective size ---------------------------------------

@dataclass(frozen=True)
class LocalStructure:
    """Per stakeholder: triangles through it, Burt's constraint, effective size (NaN for an
    isolate, as in networkx)."""

    triangles: np.ndarray
    constraint: np.ndarray
    effective_size: np.ndarray


def _oriented_ties(adjacency: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Each tie once, from its end of lower (degree, row) to its end of higher: a CSR matrix
    whose data numbers the ties 1…m in CSR order, and the ties' two ends in that order.

    Pointing ties up the degrees leaves every stakeholder few ties out (at most √(2m)), so
    the paths a → b → c that could close a triangle are few even next to a hub.
    """
    if not adjacency.has_sorted_indices:
        adjacency = adjacency.sorted_indices()
    n = adjacency.shape[0]
    degree = np.diff(adjacency.indptr)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), degree))] = np.arange(n)
    rows = np.repeat(np.arange(n), degree)
    up = rank[rows] < rank[adjacency.indices]
    low, high = rows[up], adjacency.indices[up].astype(np.int64)  # by low, then high
    indptr = np.concatenate([[0], np.cumsum(np.bincount(low, minlength=n))])
    number = np.int32 if len(low) < 2**31 else np.int64  # int32: less to copy per slice
    ties = sp.csr_matrix((np.arange(1, len(low) + 1, dtype=number), high, indptr),
                         shape=(n, n))
    return ties, low, high


def _tie_blocks(cost: np.ndarray):
    """Ranges of ties whose summed ``cost`` stays under BLOCK_ENTRIES (one tie at least)."""
    total = np.cumsum(cost)
    cuts = np.searchsorted(total, np.arange(BLOCK_ENTRIES, total[-1] if len(total) else 0,
                                            BLOCK_ENTRIES), side="right")
    return itertools.pairwise(sorted_distinct(np.concatenate([[0], cuts, [len(cost)]])))


def _triangles(ties: sp.csr_matrix, low: np.ndarray, high: np.ndarray):
    """Every triangle once, as the ids (0…m−1) of its ties a → b, b → c and a → c.

    For each tie a → b, the ties out of b whose far end is also a neighbour of a: the ties
    out of b masked by those out of a (a sorted merge of the two rows), block by block.
    """
    out = np.diff(ties.indptr)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start, stop in _tie_blocks(out[low] + out[high]):
        onward = ties[high[start:stop]]  # row i: the ties out of the far end of tie start+i
        around = ties[low[start:stop]]  # row i: the ties out of its near end
        around.data[:] = 1
        closed = onward.multiply(around).tocsr()
        if not closed.nnz:
            continue
        first = start + np.repeat(np.arange(stop - start), np.diff(closed.indptr))
        closing = np.asarray(ties[low[first], closed.indices]).ravel() - 1
        found.append((first, closed.data - 1, closing))
    if not found:
        return (np.zeros(0, dtype=np.int64),) * 3
    ab, bc, ac = (np.concatenate(parts) for parts in zip(*found, strict=True))
    return ab, bc, ac


def local_structure(adjacency: sp.csr_matrix) -> LocalStructure:
    """Triangles, Burt's constraint and effective size of every stakeholder, sparsely.

    For an unweighted undirected graph, with pᵥⱼ = 1/deg(v) for each neighbour j:

    - constraint(v) = Σⱼ (pᵥⱼ + Σ_q pᵥq p_qj)² = Σⱼ (1 + Mᵥⱼ)² / deg(v)², where
      Mᵥⱼ = Σ_q∈N(v)∩N(j) 1/deg(q), q the third corner of each triangle on the tie vj;
    - effective size(v) = deg(v) − 2·t(v)/deg(v) (Borgatti), t(v) the ties among its
      neighbours, i.e. the triangles through v.

    Both come from the list of triangles (each once, found along ties pointed up the
    degrees), summed per tie and then per stakeholder: work in the number of paths a → b → c
    along those ties rather than in Σ deg². networkx computes the same values per node in
    Python (and ``effective_size`` allocates a dense n×n matrix).
    """
    n = adjacency.shape[0]
    degree = np.diff(adjacency.indptr).astype(np.float64)
    inverse = np.divide(1.0, degree, out=np.zeros(n), where=degree > 0)
    ties, low, high = _oriented_ties(adjacency)
    m = len(low)
    ab, bc, ac = _triangles(ties, low, high)
    on_tie = np.bincount(np.concatenate([ab, bc, ac]), minlength=m)
    third = (np.bincount(ab, weights=inverse[high[bc]], minlength=m)
             + np.bincount(bc, weights=inverse[low[ab]], minlength=m)
             + np.bincount(ac, weights=inverse[high[ab]], minlength=m))
    triangles = (np.bincount(low, weights=on_tie, minlength=n)
                 + np.bincount(high, weights=on_tie, minlength=n)) / 2
    spread = (1 + third) ** 2
    squares = (np.bincount(low, weights=spread, minlength=n)
               + np.bincount(high, weights=spread, minlength=n))  # Σⱼ (1 + Mᵥⱼ)²
    with np.errstate(invalid="ignore", divide="ignore"):
        constraint = np.where(degree > 0, squares * inverse ** 2, np.nan)
        effective = np.where(degree > 0, degree - 2 * triangles * inverse, np.nan)
    return LocalStructure(triangles, constraint, effective)


def clustering_of(degree: np.ndarray, triangles: np.ndarray) -> tuple[float | None,
                                                                       float | None]:
    """(average clustering, transitivity) as networkx defines them: the average counts a
    stakeholder with fewer than two neighbours as 0; transitivity is 3 × triangles over
    connected triples."""
    if len(degree) == 0:
        return None, None
    wedges = degree * (degree - 1) / 2.0
    local = np.divide(triangles, wedges, out=np.zeros(len(degree)), where=wedges > 0)
    total_wedges = wedges.sum()
    transitivity = float(triangles.sum() / total_wedges) if total_wedges else 0.0
    return float(local.mean()), transitivity


def _by_node(G: nx.Graph, values: np.ndarray) -> dict:
    scope = simple_graph_frame(G)
    return {scope.frame.ids[r]: float(values[i]) for i, r in enumerate(scope.rows)}


def constraint(G: nx.Graph) -> dict:
    """Burt's constraint of every node of an unweighted graph (NaN for isolates), as
    ``nx.constraint`` gives it.

    >>> G = nx.Graph([("ego", "a"), ("ego", "b"), ("ego", "c"), ("a", "b")])
    >>> round(constraint(G)["ego"], 4)
    0.6111
    """
    return _by_node(G, local_structure(simple_graph_frame(G).adjacency).constraint)


def effective_size(G: nx.Graph) -> dict:
    """Burt's effective size of every node of an unweighted graph (NaN for isolates), as
    ``nx.effective_size`` gives it.

    >>> G = nx.Graph([("ego", "a"), ("ego", "b"), ("ego", "c"), ("a", "b")])
    >>> round(effective_size(G)["ego"], 4)
    2.3333
    """
    return _by_node(G, local_structure(simple_graph_frame(G).adjacency).effective_size)


# -- mixing: matrix, E-I index, assortativity ------------------------------------------------

def membership(labels: Sequence[Sequence[str]], categories: Sequence[str]) -> sp.csr_matrix:
    """Stakeholder × category matrix: 1/len(labels) in each of a stakeholder's categories
    (a stakeholder in two sectors counts half in each); a row of zeros for none. Labels
    outside ``categories`` are left out, and a label given twice counts once.

    >>> membership([("a", "b"), ("b", "b"), ("z",)], ["a", "b"]).toarray().tolist()
    [[0.5, 0.5], [0.0, 1.0], [0.0, 0.0]]
    """
    n, width = len(labels), max(len(categories), 1)
    column = {c: i for i, c in enumerate(categories)}
    lengths = np.fromiter(map(len, labels), dtype=np.int64, count=n)
    codes = np.fromiter(map(column.get, itertools.chain.from_iterable(labels),
                            itertools.repeat(-1)), dtype=np.int64, count=int(lengths.sum()))
    rows = np.repeat(np.arange(n), lengths)
    known = codes >= 0
    keys = sorted_distinct(rows[known] * width + codes[known])
    rows, cols = keys // width, keys % width
    weights = 1.0 / np.bincount(rows, minlength=n)[rows]
    return sp.csr_matrix((weights, (rows, cols)), shape=(n, len(categories)))


def mixing_counts(scope: ScopeGraph, members: sp.csr_matrix) -> np.ndarray:
    """Symmetric category × category matrix of connected pairs: [a, b] the pairs between a
    and b (fractions for several labels), [a, a] the pairs within a."""
    return _symmetric((members[scope.pair_u].T @ members[scope.pair_v]).toarray())


def category_mixing(scope: ScopeGraph, codes: np.ndarray, width: int) -> np.ndarray:
    """:func:`mixing_counts` when each stakeholder is in one category, ``codes`` into
    ``width`` of them: the pairs counted by the categories of their ends."""
    codes = codes.astype(np.int64)
    between = np.bincount(codes[scope.pair_u] * width + codes[scope.pair_v],
                          minlength=width * width)
    return _symmetric(between.reshape(width, width).astype(np.float64))


def _symmetric(between: np.ndarray) -> np.ndarray:
    symmetric = between + between.T
    symmetric[np.diag_indices_from(symmetric)] /= 2
    return symmetric


def ei_of(matrix: np.ndarray) -> float | None:
    """Krackhardt's E-I index of a mixing matrix: (external − internal) / all pairs."""
    internal = float(np.trace(matrix))
    total = float(np.triu(matrix).sum())
    return (total - 2 * internal) / total if total else None


def assortativity_of(matrix: np.ndarray) -> float | None:
    """Newman's attribute assortativity r = (Σeᵢᵢ − Σaᵢ²) / (1 − Σaᵢ²) of a mixing matrix,
    each pair counted in both directions (as networkx does for undirected graphs)."""
    both = matrix + np.diag(np.diag(matrix))  # a pair within a category counts twice there
    total = both.sum()
    if not total:
        return None
    e = both / total
    a = e.sum(axis=1)
    expected = float((a * a).sum())
    if expected >= 1.0:
        return None  # everyone in one category: undefined
    return (float(np.trace(e)) - expected) / (1.0 - expected)


def _attribute_mixing(G: nx.Graph, attribute: str) -> np.ndarray:
    scope = simple_graph_frame(G)
    values = [G.nodes[scope.frame.ids[r]].get(attribute) for r in scope.rows]
    labels = [tuple(v) if isinstance(v, list | tuple | set | frozenset) else
              (() if v is None else (str(v),)) for v in values]
    categories = sorted({label for own in labels for label in own})
    return mixing_counts(scope, membership(labels, categories))


def ei_index(G: nx.Graph, attribute: str) -> float | None:
    """Krackhardt's E-I index of a node attribute: −1 all ties within groups, +1 all across.

    >>> G = nx.Graph([(0, 1), (1, 2)])
    >>> nx.set_node_attributes(G, {0: "a", 1: "a", 2: "b"}, "group")
    >>> ei_index(G, "group")
    0.0
    """
    return ei_of(_attribute_mixing(G, attribute))


def attribute_assortativity(G: nx.Graph, attribute: str) -> float | None:
    """Newman's assortativity by a node attribute (each connected pair once), as
    ``nx.attribute_assortativity_coefficient`` on the simple graph."""
    return assortativity_of(_attribute_mixing(G, attribute))


# -- communities -----------------------------------------------------------------------------

def louvain_labels(scope: ScopeGraph, *, seed: int) -> np.ndarray:
    """Louvain communities (seeded) as one label per stakeholder: 0 for the largest
    community, then by size, ties by smallest id.

    The Louvain method is igraph's ``community_multilevel`` (Blondel et al. 2008, in C):
    ``nx.community.louvain_communities`` finds partitions of the same modularity (the tests
    compare them) but takes 10× as long — 70% of a whole report at 10⁴ stakeholders. igraph
    draws its random node order from one process-wide generator, so each call seeds it and
    holds a lock while it runs.
    """
    G = igraph.Graph(n=scope.n, edges=zip(scope.pair_u.tolist(), scope.pair_v.tolist(),
                                          strict=True))
    with _IGRAPH_RANDOM:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            # GraphBase's method gives the membership list without building a
            # VertexClustering around it (0.2 s at 10⁵ stakeholders).
            membership = igraph.GraphBase.community_multilevel(G, return_levels=False)
        finally:
            igraph.set_random_number_generator(random)
    found = np.asarray(membership, dtype=np.int64)
    sizes = np.bincount(found)
    first = np.full(len(sizes), scope.n, dtype=np.int64)
    np.minimum.at(first, found, np.arange(scope.n))
    order = np.lexsort((first, -sizes))  # by size, then by smallest member
    relabel = np.empty(len(sizes), dtype=np.int64)
    relabel[order] = np.arange(len(sizes))
    return relabel[found]


_IGRAPH_RANDOM = threading.Lock()


def modularity_of(scope: ScopeGraph, labels: np.ndarray) -> float | None:
    """Newman's modularity Σ_c [L_c/m − (d_c/2m)²] of a partition of the distinct pairs."""
    m = len(scope.pair_u)
    if m == 0:
        return None
    inside = np.bincount(labels[scope.pair_u][labels[scope.pair_u] == labels[scope.pair_v]],
                         minlength=labels.max() + 1)
    degrees = np.bincount(labels, weights=scope.degree, minlength=labels.max() + 1)
    return float((inside / m - (degrees / (2 * m)) ** 2).sum())


def normalized_mutual_information(a: np.ndarray, b: np.ndarray) -> float | None:
    """NMI of two labellings, 2·I(a; b) / (H(a) + H(b)); 1 when they agree up to names.

    >>> normalized_mutual_information(np.array([0, 0, 1, 1]), np.array([5, 5, 7, 7]))
    1.0
    """
    n = len(a)
    if n == 0:
        return None
    a_codes, b_codes = codes_of(a), codes_of(b)
    joint = sp.csr_matrix((np.ones(n), (a_codes, b_codes))).toarray() / n
    pa, pb = joint.sum(axis=1), joint.sum(axis=0)
    h_a = -float((pa[pa > 0] * np.log(pa[pa > 0])).sum())
    h_b = -float((pb[pb > 0] * np.log(pb[pb > 0])).sum())
    if h_a + h_b == 0:
        return 1.0
    nz = joint > 0
    mutual = float((joint[nz] * np.log(joint[nz] / np.outer(pa, pb)[nz])).sum())
    return 2 * mutual / (h_a + h_b)
