"""The random walk with restart that the proximity term measures.

Proximity asks how much of a walk from the seeker, restarting with probability ``walk_restart``
at each step and cut off after ``walk_steps`` steps, ends at each candidate (see
:mod:`~graph_models.matching.terms`). The walk moves along ties, each weighted by its tie
type (:attr:`~graph_models.matching.config.MatchWeights.tie_weights`):

- :class:`Walk` is the transition operator for one table of tie-type weights, built once per
  index and table (see :meth:`~graph_models.matching.index.MatchIndex.walk`);
- :class:`WalkState` is the walk from a block of seekers, its steps shared by every candidate
  kind.

Examples
--------
>>> import numpy as np
>>> from graph_models.matching.config import DEFAULT_WEIGHTS
>>> from graph_models.matching.examples import example_graph
>>> from graph_models.matching.index import MatchIndex
>>> from graph_models.domain.stakeholders import Kind
>>> index = MatchIndex.from_graph(example_graph())
>>> state = WalkState(index, np.array([index.row["ent"]]), DEFAULT_WEIGHTS)
>>> state.to_kind(Kind.INVESTOR).shape
(1, 2)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from graph_models.domain.stakeholders import Kind
from graph_models.matching.config import MatchWeights
from graph_models.matching.encoding import KINDS, TIE_TYPES

if TYPE_CHECKING:
    from graph_models.matching.index import MatchIndex


class Walk:
    """The random-walk operator for one set of tie-type weights.

    ``P`` is the row-stochastic transition matrix ``D⁻¹A`` (CSR); ``by_kind[k]`` its columns of
    kind ``k``; ``strength`` the weighted degrees.
    """

    def __init__(self, index: MatchIndex, tie_weights: tuple):
        data = entry_weights(index.type_weights, tie_weights)
        n = index.n
        rows = np.repeat(np.arange(n), np.diff(index.indptr))
        # (np.asarray: a bincount of no entries comes back as integers.)
        strength = np.asarray(np.bincount(rows, weights=data, minlength=n), dtype=np.float64)
        transition = sp.csr_matrix((data * reciprocal(strength)[rows], index.indices,
                                    index.indptr), shape=(n, n))
        self.tie_weights = tie_weights
        self.P = transition
        self.strength = strength
        self.by_kind = {kind: column_slice(transition, index.kind_pos, index.kind == code,
                                           len(index.rows_of_kind(kind)))
                        for code, kind in enumerate(KINDS)}
        self._penalties: dict[tuple[Kind, float], np.ndarray] = {}
        self._sliced: dict[tuple, sp.csr_matrix] = {}
        self._positions: dict[tuple, np.ndarray] = {}  # the candidates of each slice

    @classmethod
    def of(cls, tie_weights: tuple, P: sp.csr_matrix, strength: np.ndarray,
           by_kind: dict[Kind, sp.csr_matrix]) -> Walk:
        """A walk from its parts (see :mod:`~graph_models.matching.walk_updates`)."""
        walk = object.__new__(cls)
        walk.tie_weights, walk.P, walk.strength, walk.by_kind = tie_weights, P, strength, by_kind
        walk._penalties, walk._sliced, walk._positions = {}, {}, {}
        return walk

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state)
        for cached in self._penalties.values():  # a pickle keeps no array read-only
            cached.flags.writeable = False

    def columns(self, kind: Kind, key, positions: np.ndarray) -> sp.csr_matrix:
        """``P`` restricted to some candidates of ``kind`` (by position), cached under ``key``
        (and shared with any other key of the same candidates: roles often have the same)."""
        cached = self._sliced.get((kind, key))
        if cached is None:
            cached = self.known(kind, positions)
            if cached is None:
                full = self.by_kind[kind]
                column = np.full(full.shape[1], -1, dtype=np.int64)
                column[positions] = np.arange(len(positions))
                cached = column_slice(full, column, column >= 0, len(positions))
            self.keep(kind, key, positions, cached)
        return cached

    def known(self, kind: Kind, positions: np.ndarray) -> sp.csr_matrix | None:
        """The columns of the candidates at ``positions`` among ``kind`` if already made."""
        full = self.by_kind[kind]
        if len(positions) == full.shape[1]:
            return full
        for (other, key), known in self._positions.items():
            if other == kind and np.array_equal(known, positions):
                return self._sliced[(other, key)]
        return None

    def keep(self, kind: Kind, key, positions: np.ndarray, columns: sp.csr_matrix) -> None:
        """Cache the columns of the candidates at ``positions`` under ``(kind, key)``."""
        if len(self._sliced) >= 32:
            self._sliced.clear()  # a handful of (kind, role, pillar) are ever asked for
            self._positions.clear()
        self._sliced[(kind, key)] = columns
        self._positions[(kind, key)] = positions

    def penalty(self, index: MatchIndex, kind: Kind, beta: float) -> np.ndarray:
        """``strength ** -beta`` for the candidates of ``kind`` (0 where the strength is 0)."""
        key = (kind, beta)
        cached = self._penalties.get(key)
        if cached is None:
            s = self.strength[index.rows_of_kind(kind)]
            with np.errstate(divide="ignore"):
                cached = np.where(s > 0, np.power(np.where(s > 0, s, 1.0), -beta), 0.0)
            cached.flags.writeable = False
            self._penalties[key] = cached
        return cached


def entry_weights(type_weights: np.ndarray, tie_weights: tuple) -> np.ndarray:
    """Each adjacency entry's walk weight: its weights by tie type times ``tie_weights``.

    Summed type by type in a fixed order, each entry on its own: an entry's weight is the
    same wherever it sits, so an index brought forward by changes walks exactly as a new one.
    """
    table = dict(tie_weights)
    data = np.zeros(len(type_weights))
    for code, t in enumerate(TIE_TYPES):
        if table.get(t.value, 0.0):
            data += type_weights[:, code] * table[t.value]
    return data


def reciprocal(strength: np.ndarray) -> np.ndarray:
    """``1 / strength``, 0 where the strength is 0."""
    with np.errstate(divide="ignore"):
        return np.where(strength > 0, 1.0 / strength, 0.0)


def column_slice(matrix: sp.csr_matrix, column: np.ndarray, kept: np.ndarray,
                 width: int) -> sp.csr_matrix:
    """The columns ``c`` of ``matrix`` where ``kept[c]``, as columns ``column[c]`` of a CSR
    matrix ``width`` wide (the order of the entries in each row kept)."""
    keep = kept[matrix.indices]
    counts = np.concatenate([[0], np.cumsum(keep)])
    return sp.csr_matrix((matrix.data[keep], column[matrix.indices[keep]],
                          counts[matrix.indptr]), shape=(matrix.shape[0], width))


class WalkState:
    """The walk from a block of seekers, up to the last step, shared by every candidate kind.

    By linearity, ``Σ_k c_k e_s P^k`` restricted to a kind's columns is
    ``(Σ_k c_k e_s P^(k-1)) @ P[:, kind]``: the mixture of the first ``K - 1`` steps is made
    once (``mixture``) and each kind costs one sparse product.
    """

    def __init__(self, index: MatchIndex, seekers: np.ndarray, weights: MatchWeights):
        self.index = index
        self.walk = index.walk(weights)
        self.seekers = seekers
        self.weights = weights
        transition = self.walk.P
        decay = 1.0 - weights.walk_restart
        n, B = index.n, len(seekers)
        start = sp.csr_matrix((np.full(B, decay), (np.arange(B), seekers)), shape=(B, n))
        self.steps = [transition[seekers]]  # rows of P^1, …, P^(K-1) for the seekers
        mixture = start
        for k in range(2, weights.walk_steps + 1):
            if k > 2:
                self.steps.append(self.steps[-1] @ transition)
            mixture = mixture + self.steps[k - 2] * decay ** k
        self.mixture = mixture.tocsr()

    def row(self, step: int, b: int) -> np.ndarray:
        """Seeker ``b``'s dense row of ``P^step``."""
        while len(self.steps) < step:
            self.steps.append(self.steps[-1] @ self.walk.P)
        matrix = self.steps[step - 1]
        dense = np.zeros(self.index.n)
        lo, hi = matrix.indptr[b], matrix.indptr[b + 1]
        np.add.at(dense, matrix.indices[lo:hi], matrix.data[lo:hi])
        return dense

    def to_kind(self, kind: Kind, key=None, positions: np.ndarray | None = None) -> np.ndarray:
        """Raw proximity (B, C) to the candidates of ``kind`` (all, or those at ``positions``
        among the kind's rows, cached under ``key``), degree penalty included."""
        penalty = self.walk.penalty(self.index, kind, self.weights.degree_exponent)
        if positions is None:
            columns = self.walk.by_kind[kind]
        else:
            columns = self.walk.columns(kind, key, positions)
            penalty = penalty[positions]
        raw = (self.mixture @ columns).toarray()
        raw *= penalty[None, :]
        return raw
