"""Betweenness of a scope's stakeholders: exact, or estimated from sampled sources with each
value's standard error, on the CSR adjacency of distinct pairs (see
:mod:`~graph_models.reports.measures` for the other measures of a report).

Examples
--------
>>> import networkx as nx
>>> round(betweenness(nx.path_graph(3))[1], 3)
1.0
>>> found = betweenness_of(simple_graph_frame(nx.star_graph(4)).adjacency, pivots=None, seed=0)
>>> found.exact, found.values.round(3).tolist()
(True, [1.0, 0.0, 0.0, 0.0, 0.0])
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph_models.reports.frame import simple_graph_frame, sorted_distinct

# Sources per batch of the level-synchronous search: n × batch dense float arrays.
BETWEENNESS_BATCH = 32


@dataclass(frozen=True)
class Betweenness:
    """Normalised betweenness (as ``nx.betweenness_centrality(normalized=True)``) and, when
    estimated from ``pivots`` sampled sources, each value's standard error."""

    values: np.ndarray
    standard_error: np.ndarray
    pivots: int
    exact: bool


def pivot_sources(n: int, pivots: int | None, seed: int) -> np.ndarray:
    """The sources of a betweenness computation: every node (``pivots`` None or ≥ n), or
    ``pivots`` of them drawn without replacement (seeded), ascending.

    >>> pivot_sources(4, None, seed=0).tolist(), len(pivot_sources(10, 3, seed=0))
    ([0, 1, 2, 3], 3)
    """
    if pivots is None or pivots >= n:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=pivots, replace=False))


def _block_product(adjacency: sp.csr_matrix, values: np.ndarray, rows_out: np.ndarray,
                   rows_in: np.ndarray) -> np.ndarray:
    """``(adjacency @ values)[rows_out]`` for ``values`` that vanish outside ``rows_in``.

    Only the rows asked for are multiplied, and only the columns of ``rows_in`` when they
    are few: a breadth-first level touches a small part of the graph at its start and end.
    Each entry sums the same terms in the same order as the full product, less zeros.
    """
    block = adjacency[rows_out]
    if 2 * len(rows_in) < adjacency.shape[0]:
        return block[:, rows_in] @ values[rows_in]
    return block @ values


def _dependencies(adjacency: sp.csr_matrix, sources: np.ndarray) -> np.ndarray:
    """Brandes' dependency δₛ(v) of every node on each source in ``sources`` (n × len), in
    the adjacency's float type.

    Level-synchronous: breadth-first levels for all sources of the batch at once, path counts
    σ pushed along A, then dependencies pulled back level by level — two sparse × dense
    products per level instead of a Python loop over edges. Each level multiplies only the
    rows it reaches from (those with a source still unreached, or at the level below) and
    the rows it reaches through.
    """
    n, b = adjacency.shape[0], len(sources)
    dtype = adjacency.dtype
    columns = np.arange(b)
    sigma = np.zeros((n, b), dtype=dtype)
    sigma[sources, columns] = 1
    reached_from = np.bincount(sources, minlength=n)  # sources that reached each row
    rows = sorted_distinct(sources)
    levels = [(rows, sigma[rows] > 0)]  # per depth: the rows there for some source, and which
    frontier = np.zeros((n, b), dtype=dtype)
    frontier[rows] = sigma[rows]
    while True:
        open_rows = np.flatnonzero(reached_from < b)
        reach = _block_product(adjacency, frontier, open_rows, rows)
        frontier[rows] = 0
        new = (reach > 0) & (sigma[open_rows] == 0)
        found = new.any(axis=1)
        if not found.any():
            break
        rows, new = open_rows[found], new[found]
        counts = np.where(new, reach[found], 0)
        frontier[rows] = counts
        sigma[rows] += counts
        reached_from[rows] += new.sum(axis=1)
        levels.append((rows, new))
    if dtype != np.float64 and not np.isfinite(sigma).all():
        # Path counts beyond the narrow type's range (long chains of wide layers).
        return _dependencies(adjacency.astype(np.float64), sources)
    delta = np.zeros((n, b), dtype=dtype)
    pushed = np.zeros((n, b), dtype=dtype)
    for depth in range(len(levels) - 1, 0, -1):
        rows, here = levels[depth]
        share = (1 + delta[rows]) / np.where(here, sigma[rows], 1)
        share *= here
        pushed[rows] = share
        below, there = levels[depth - 1]
        pulled = _block_product(adjacency, pushed, below, rows)
        pushed[rows] = 0
        pulled *= sigma[below]
        pulled *= there
        delta[below] += pulled
    delta[sources, columns] = 0
    return delta


def betweenness_of(adjacency: sp.csr_matrix, *, pivots: int | None, seed: int,
                   batch: int = BETWEENNESS_BATCH) -> Betweenness:
    """Betweenness from every source (``pivots`` None or ≥ n) or from ``pivots`` sources drawn
    without replacement (seeded, :func:`pivot_sources`), scaled by n/k as networkx does.

    The estimate of each node is n/k × the sum of its k per-source dependencies, so its
    standard error is n × s/√k × √((n−k)/(n−1)), with s the sample deviation of those
    dependencies (the finite-population factor makes it 0 when every source is used).
    Exact betweenness is computed in float64, as networkx does; an estimate in float32, whose
    products move half the bytes and whose rounding (~10⁻⁶ relative) is lost in the sampling
    error.
    """
    n = adjacency.shape[0]
    sources = pivot_sources(n, pivots, seed)
    k = len(sources)
    exact = k == n
    typed = adjacency.astype(np.float64 if exact else np.float32, copy=False)
    total = np.zeros(n)
    squares = np.zeros(n)
    for start in range(0, k, batch):
        delta = _dependencies(typed, sources[start:start + batch])
        total += delta.sum(axis=1, dtype=np.float64)
        squares += np.square(delta, dtype=np.float64).sum(axis=1)
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    values = total * scale * (n / k if k else 0.0)
    if exact or k < 2:
        error = np.zeros(n)
    else:
        mean = total / k
        deviation = np.sqrt(np.maximum(squares / k - mean ** 2, 0.0) * k / (k - 1))
        error = scale * n * deviation / math.sqrt(k) * math.sqrt((n - k) / (n - 1))
    return Betweenness(values, error, k, exact)


def betweenness(G: nx.Graph, k: int | None = None, *, seed: int = 0) -> dict:
    """Normalised betweenness of every node, exact or from ``k`` seeded pivots.

    >>> round(betweenness(nx.path_graph(3))[1], 3)
    1.0
    """
    scope = simple_graph_frame(G)
    found = betweenness_of(scope.adjacency, pivots=k, seed=seed)
    return {scope.frame.ids[r]: float(found.values[i]) for i, r in enumerate(scope.rows)}
