"""Rows of the match index: stakeholders in id order, and how rows move when some come and go.

Ranking ties are broken by row, so rows stay in stakeholder-id order: a stakeholder created or
deleted shifts the rows after it. :class:`RowIndex` finds an id's row by binary search over the
ids (nothing per id to rebuild when rows shift); :class:`RowEdit` says which rows leave and
which arrive, and applies that to a column with vectorised deletes and inserts, or maps old row
numbers to new ones.

Examples
--------
>>> rows = RowIndex(("a", "c", "d"))
>>> rows["c"], rows.get("b")
(1, None)
>>> edit = RowEdit(3, removed=np.array([1]), inserted=np.array([1, 3]))
>>> edit.n_new, edit.old_to_new().tolist()
(4, [0, -1, 2])
>>> edit.column(np.array([10, 30, 40]), np.array([20, 50])).tolist()
[10, 20, 40, 50]
>>> edit.sequence(["a", "c", "d"], ["b", "e"])
['a', 'b', 'd', 'e']
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property

import numpy as np


class RowIndex(Mapping):
    """The row of each id, for ids in row order (sorted as strings)."""

    __slots__ = ("_ids",)

    def __init__(self, ids: Sequence):
        self._ids = ids

    def __getitem__(self, key) -> int:
        ids = self._ids
        at = bisect_left(ids, str(key), key=str)
        if at < len(ids) and ids[at] == key:
            return at
        raise KeyError(key)

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator:
        return iter(self._ids)


class RowEdit:
    """Rows leaving (``removed``, old numbers) and arriving (``inserted``, new numbers), both
    ascending; every other row keeps its order."""

    def __init__(self, n_old: int, removed: np.ndarray, inserted: np.ndarray):
        self.n_old = n_old
        self.removed = np.asarray(removed, dtype=np.int64)
        self.inserted = np.asarray(inserted, dtype=np.int64)
        self.n_new = n_old - len(self.removed) + len(self.inserted)

    @property
    def identity(self) -> bool:
        """Whether every row keeps its number."""
        return not len(self.removed) and not len(self.inserted)

    @cached_property
    def _insert_before(self) -> np.ndarray:
        """Where each arriving row goes among the rows that stay (np.insert's positions)."""
        return self.inserted - np.arange(len(self.inserted))

    def old_to_new(self) -> np.ndarray:
        """Each old row's new number, -1 for a removed row (read-only, made once)."""
        return self._old_to_new

    def following(self) -> np.ndarray:
        """For each old row, the new number of the last row up to it that stays (-1 for
        none): non-decreasing, so that a binary search finds where a new row goes among the
        old ones."""
        return self._following

    @cached_property
    def _following(self) -> np.ndarray:
        out = np.maximum.accumulate(self.old_to_new()) if self.n_old else self.old_to_new()
        out.flags.writeable = False
        return out

    def new_to_old(self) -> np.ndarray:
        """Each new row's old number, -1 for an inserted row (read-only, made once)."""
        return self._new_to_old

    @cached_property
    def _new_to_old(self) -> np.ndarray:
        old_to_new = self.old_to_new()
        out = np.full(self.n_new, -1, dtype=np.int64)
        out[old_to_new[old_to_new >= 0]] = np.flatnonzero(old_to_new >= 0)
        out.flags.writeable = False
        return out

    @cached_property
    def _old_to_new(self) -> np.ndarray:
        old = np.arange(self.n_old, dtype=np.int64)
        if not self.identity:
            staying = old - np.searchsorted(self.removed, old)
            old = staying + np.searchsorted(self._insert_before, staying, side="right")
            old[self.removed] = -1
        old.flags.writeable = False
        return old

    def column(self, values: np.ndarray, arriving: np.ndarray) -> np.ndarray:
        """A new array: ``values`` (old rows first, along axis 0) without the removed rows and
        with ``arriving`` at the inserted rows."""
        out = drop(values, self.removed) if len(self.removed) else values
        if len(self.inserted):
            out = put(out, self._insert_before, arriving)
        return out.copy() if out is values else out

    def sequence(self, values: Sequence, arriving: Sequence) -> list:
        """:meth:`column` for Python objects, as a list."""
        if len(self.removed) + len(self.inserted) > FEW:
            return self.column(objects(values), objects(arriving)).tolist()
        out = list(values)
        for r in self.removed[::-1].tolist():
            del out[r]
        for at, value in zip(self.inserted.tolist(), arriving, strict=True):
            out.insert(at, value)  # ascending: each lands at its final place
        return out


# Below this many, a delete or insert copies the pieces between the places one by one (one pass,
# no mask); above, it goes through a mask (a few vectorised passes).
FEW = 64


def drop(values: np.ndarray, at: np.ndarray) -> np.ndarray:
    """``np.delete(values, at, axis=0)`` for ``at`` ascending and distinct: a new array."""
    if len(at) > FEW:
        return np.delete(values, at, axis=0)
    pieces, previous = [], 0
    for a in np.asarray(at).tolist():
        pieces.append(values[previous:a])
        previous = a + 1
    pieces.append(values[previous:])
    return np.concatenate(pieces)


def put(values: np.ndarray, at: np.ndarray, arriving: np.ndarray) -> np.ndarray:
    """``np.insert(values, at, arriving, axis=0)`` for ``at`` ascending: a new array of
    ``values``' type (a bytes column widens for longer values rather than cut them)."""
    arriving = np.asarray(arriving)
    dtype = np.result_type(values, arriving) if values.dtype.kind == "S" else values.dtype
    k = len(at)
    out = np.empty((len(values) + k, *values.shape[1:]), dtype=dtype)
    if k > FEW:
        new = np.asarray(at) + np.arange(k)
        old = np.ones(len(out), dtype=bool)
        old[new] = False
        out[new], out[old] = arriving, values
        return out
    previous = 0
    for i, a in enumerate(np.asarray(at).tolist()):
        out[previous + i:a + i] = values[previous:a]
        out[a + i] = arriving[i]
        previous = a
    out[previous + k:] = values[previous:]
    return out


def objects(values: Sequence) -> np.ndarray:
    """A 1-d object array of ``values`` (never a 2-d one, whatever the values are)."""
    return np.fromiter(values, dtype=object, count=len(values))


def spans(start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """The positions ``start[i], …, start[i] + length[i] - 1`` of every span, in order."""
    length = np.asarray(length, dtype=np.int64)
    offsets = np.repeat(np.asarray(start, dtype=np.int64) - np.cumsum(length) + length, length)
    return offsets + np.arange(int(length.sum()))
