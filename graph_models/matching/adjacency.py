"""The adjacency the walk runs on: CSR arrays over rows, each neighbour pair's tie weights by
tie type (parallel ties summed), both directions.

:meth:`Adjacency.build` makes it from a :class:`~graph_models.matching.tie_table.TieTable`;
:meth:`Adjacency.edited` brings it forward after a change, touching only the pairs whose ties
changed (and renumbering rows with vectorised copies when stakeholders come or go). Each pair's
weights are summed over its ties in table order both ways, so an edited adjacency equals a
built one to the last bit.

Examples
--------
>>> from graph_models.matching.examples import example_ties
>>> from graph_models.matching.tie_table import TieRecords, TieTable
>>> import numpy as np
>>> records = TieRecords.of(example_ties())
>>> row = {"ent": 0, "ent2": 1, "inv": 2, "inv2": 3, "sup": 4}
>>> table = TieTable.of_rows(records, np.array([row[s] for s in records.sources]),
...                          np.array([row[t] for t in records.targets]))
>>> adjacency = Adjacency.build(table, 5)
>>> adjacency.indptr.tolist(), adjacency.indices.tolist()
([0, 1, 3, 4, 4, 6], [4, 2, 4, 1, 0, 1])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graph_models.matching.encoding import TIE_TYPES
from graph_models.matching.rows import RowEdit, drop, put, spans
from graph_models.matching.tie_table import LOW, SHIFT, TieTable, pair_key

TYPES = len(TIE_TYPES)


def pair_weights(table: TieTable, keys: np.ndarray) -> np.ndarray:
    """(len(keys), TYPES): the walk weights of the ties of each pair ``keys`` (sorted, unique),
    summed by type in table order."""
    owner, at = table.at_pairs(keys)
    cells = owner * TYPES + table.type[at].astype(np.int64)
    sums = np.bincount(cells, weights=table.walk_weight[at], minlength=len(keys) * TYPES)
    return np.asarray(sums, dtype=np.float64).reshape(len(keys), TYPES)  # (none: integers)


def entry_positions(indptr: np.ndarray, indices: np.ndarray, rows: np.ndarray,
                    cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each entry (row, col) is in a CSR structure, or would be inserted, and whether
    it is there: a binary search within every row at once."""
    lo = indptr[rows].astype(np.int64)
    end = indptr[rows + 1].astype(np.int64)
    hi = end.copy()
    while True:
        active = np.flatnonzero(lo < hi)
        if not len(active):
            break
        mid = (lo[active] + hi[active]) // 2
        below = indices[mid] < cols[active]
        lo[active[below]] = mid[below] + 1
        hi[active[~below]] = mid[~below]
    found = lo < end
    found[found] = indices[lo[found]] == cols[found]
    return lo, found


def _both_ways(lo: np.ndarray, hi: np.ndarray, *values: np.ndarray):
    """Entries (lo, hi) and (hi, lo) of pairs sorted by (lo, hi), sorted by row then column,
    with their values."""
    backwards = np.argsort(pair_key(hi, lo))
    keys = np.concatenate([pair_key(lo, hi), pair_key(hi[backwards], lo[backwards])])
    order = np.argsort(keys, kind="stable")  # two sorted runs: one merge
    rows, cols = keys[order] >> SHIFT, keys[order] & LOW
    return (rows, cols, *(np.concatenate([v, v[backwards]])[order] for v in values))


@dataclass(frozen=True, eq=False)
class Adjacency:
    """CSR arrays: ``indptr`` (n + 1), ``indices`` (neighbour rows, ascending per row) and
    ``type_weights`` (one row of TYPES weights per entry)."""

    indptr: np.ndarray
    indices: np.ndarray
    type_weights: np.ndarray

    @classmethod
    def build(cls, table: TieTable, n: int) -> Adjacency:
        """The adjacency of the ties of ``table`` over ``n`` rows."""
        keys = table.key[np.flatnonzero(np.diff(table.key, prepend=-1))]  # sorted: unique
        rows, cols, weights = _both_ways(keys >> SHIFT, keys & LOW, pair_weights(table, keys))
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
        return cls(indptr.astype(np.int64), cols.astype(np.int32), weights)

    @property
    def degree(self) -> np.ndarray:
        """Distinct neighbours per row."""
        return np.diff(self.indptr).astype(np.int32)

    def pairs_of(self, rows: np.ndarray) -> np.ndarray:
        """The keys (sorted) of every pair joining one of ``rows`` to a neighbour."""
        start = self.indptr[rows]
        length = self.indptr[np.asarray(rows) + 1] - start
        owner = np.repeat(np.asarray(rows, dtype=np.int64), length)
        other = self.indices[spans(start, length)].astype(np.int64)
        return np.unique(pair_key(np.minimum(owner, other), np.maximum(owner, other)))

    def edited(self, edit: RowEdit, gone: np.ndarray, table: TieTable,
               touched: np.ndarray) -> Adjacency:
        """The adjacency after a change.

        Parameters
        ----------
        edit : RowEdit
            How rows moved.
        gone : numpy.ndarray
            Pair keys, in the old rows, of the pairs left without a tie (among them every pair
            of a removed row).
        table : TieTable
            The ties after the change.
        touched : numpy.ndarray
            Pair keys, in the new rows, of the pairs whose ties changed and that still have one.
        """
        indices, weights, counts = self.indices, self.type_weights, np.diff(self.indptr)
        if len(gone):
            rows, cols = _both_ways(gone >> SHIFT, gone & LOW)
            at, found = entry_positions(self.indptr, indices, rows, cols)
            assert found.all(), "a pair left without ties was not in the adjacency"
            indices, weights = drop(indices, at), drop(weights, at)
            counts = counts - np.bincount(rows, minlength=len(counts))
        if not edit.identity:
            indices = edit.old_to_new()[indices].astype(np.int32)
            counts = edit.column(counts, np.zeros(len(edit.inserted), dtype=counts.dtype))
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        if len(touched):
            keys = np.unique(touched)
            rows, cols, values = _both_ways(keys >> SHIFT, keys & LOW, pair_weights(table, keys))
            at, found = entry_positions(indptr, indices, rows, cols)
            if found.any():
                weights = weights.copy() if weights is self.type_weights else weights
                weights[at[found]] = values[found]
            new = ~found
            if new.any():
                indices = put(indices, at[new], cols[new])
                weights = put(weights, at[new], values[new])
                counts = counts + np.bincount(rows[new], minlength=len(counts))
                indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        if indices is self.indices and weights is self.type_weights:
            return self
        return Adjacency(indptr, indices, weights)
