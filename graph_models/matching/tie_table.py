"""The ties of the match index as columns, in pair order, with a lookup by tie id.

A :class:`TieTable` holds one entry per tie the walk can use (a known type between two
different stakeholders): its pair of rows as one sorted key, its type, weights, direction, date
and id. Sorted by pair then id, the ties of a pair are a contiguous range (what explanations
read for the strongest tie between two stakeholders); ``by_id`` orders them by id, for the
changes that name a tie by id. A new table is made by :meth:`TieTable.edited` with vectorised
deletes and inserts, sharing nothing mutable with the old one.

Examples
--------
>>> from graph_models.matching.examples import example_ties
>>> records = TieRecords.of(example_ties())
>>> row = {"ent": 0, "ent2": 1, "inv": 2, "inv2": 3, "sup": 4}
>>> table = TieTable.of_rows(records, np.array([row[s] for s in records.sources]),
...                          np.array([row[t] for t in records.targets]))
>>> [(int(lo), int(hi)) for lo, hi in zip(*table.ends(), strict=True)]
[(0, 4), (1, 2), (1, 4)]
>>> table.find(np.array([b"t3", b"t9"])).tolist()
[1, -1]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date
from itertools import repeat

import numpy as np

from graph_models.domain.stakeholders import Tie, TieType
from graph_models.matching.encoding import TIE_TYPES
from graph_models.matching.rows import RowEdit, drop, put, spans

SHIFT = np.int64(32)  # a pair's key is lo << 32 | hi
LOW = np.int64((1 << 32) - 1)
_TYPE_CODE = {t.value: i for i, t in enumerate(TIE_TYPES)}
KNOWS = _TYPE_CODE[TieType.KNOWS.value]


def pair_key(lo, hi) -> np.ndarray:
    """The sort key of pairs of rows (lo < hi), for arrays or single rows."""
    return (np.asarray(lo, dtype=np.int64) << SHIFT) | np.asarray(hi, dtype=np.int64)


@dataclass(frozen=True)
class TieRecords:
    """Ties as the index reads them: one list per field, the ends as stakeholder ids."""

    ids: list
    sources: list
    targets: list
    types: list
    weights: list
    strengths: list
    since: list

    @classmethod
    def of(cls, ties: Iterable[Tie]) -> TieRecords:
        """The records of domain ties."""
        columns: tuple[list, ...] = tuple([] for _ in range(7))
        ids, sources, targets, types, weights, strengths, since = columns
        for t in ties:
            ids.append(t.id)
            sources.append(t.source)
            targets.append(t.target)
            types.append(t.type)
            weights.append(t.weight)
            strengths.append(t.strength)
            since.append(t.since)
        return cls(*columns)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, eq=False)
class TieTable:
    """Ties in (pair, id) order; see the module's docstring."""

    key: np.ndarray  # int64, lo << 32 | hi
    id: np.ndarray  # bytes (UTF-8), unique
    type: np.ndarray  # int8, position in TIE_TYPES
    weight: np.ndarray  # float64, the tie's own weight (1 when unstated)
    walk_weight: np.ndarray  # float64, its weight in the walk (KNOWS scaled by strength / 3)
    source_hi: np.ndarray  # bool, whether the tie was recorded from its higher row
    since: np.ndarray  # int64 date ordinal, -1 when unknown
    by_id: np.ndarray  # int64, positions in id order

    @classmethod
    def of_rows(cls, records: TieRecords, source: np.ndarray, target: np.ndarray) -> TieTable:
        """The table of ``records`` whose ends are at rows ``source`` and ``target`` (ties of
        an unknown type and self-loops are left out: no walk goes through them)."""
        # A TieType hashes and compares as its value: one lookup serves enums and strings.
        code = np.array(list(map(_TYPE_CODE.get, records.types, repeat(-1, len(records)))),
                        dtype=np.int64)
        weight = np.array([1.0 if w is None else float(w) for w in records.weights],
                          dtype=np.float64)
        strength = np.array([s or 0 for s in records.strengths], dtype=np.float64)
        walk_weight = np.where((code == KNOWS) & (strength > 0), weight * (strength / 3.0),
                               weight)
        since = np.array([s.toordinal() if isinstance(s, date) else -1 for s in records.since],
                         dtype=np.int64)
        ids = _bytes(records.ids)
        keep = (code >= 0) & (source != target)
        lo, hi = np.minimum(source, target), np.maximum(source, target)
        columns = dict(key=pair_key(lo, hi), id=ids, type=code.astype(np.int8), weight=weight,
                       walk_weight=walk_weight, source_hi=source > target, since=since)
        if not keep.all():
            columns = {name: values[keep] for name, values in columns.items()}
        order = _pair_order(columns["key"], columns["id"])
        columns = {name: values[order] for name, values in columns.items()}
        return cls(**columns, by_id=np.argsort(columns["id"], kind="stable"))

    def __len__(self) -> int:
        return len(self.key)

    def ends(self) -> tuple[np.ndarray, np.ndarray]:
        """The lower and higher row of each tie."""
        return self.key >> SHIFT, self.key & LOW

    def sources(self) -> np.ndarray:
        """The row each tie was recorded from."""
        lo, hi = self.ends()
        return np.where(self.source_hi, hi, lo)

    def pair_range(self, lo: int, hi: int) -> tuple[int, int]:
        """The positions of the ties between rows ``lo < hi``."""
        # Python integers and the array's own method: explanations ask this for a few
        # pairs at a time, where numpy's function wrappers would cost more than the search.
        key = (int(lo) << int(SHIFT)) | int(hi)
        return int(self.key.searchsorted(key, "left")), int(self.key.searchsorted(key, "right"))

    def at_pairs(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ties of the pairs ``keys``: (the number of each one's pair in ``keys``, its
        position), in table order."""
        start = np.searchsorted(self.key, keys, "left")
        length = np.searchsorted(self.key, keys, "right") - start
        return np.repeat(np.arange(len(keys)), length), spans(start, length)

    def renumbered(self, renumber: np.ndarray) -> TieTable:
        """The table with its rows renumbered (``renumber`` is increasing on the rows used)."""
        lo, hi = self.ends()
        return replace(self, key=pair_key(renumber[lo], renumber[hi]))

    def find(self, ids: np.ndarray) -> np.ndarray:
        """The position of each id (bytes), -1 when absent: a binary search over ``by_id``
        for all the ids at once."""
        ids = np.asarray(ids, dtype=np.bytes_)
        lo = _ranks(self.id, self.by_id, ids)
        found = np.full(len(ids), -1, dtype=np.int64)
        inside = lo < len(self.by_id)
        at = self.by_id[lo[inside]]
        hit = self.id[at] == ids[inside]
        found[np.flatnonzero(inside)[hit]] = at[hit]
        return found

    def take(self, positions: np.ndarray) -> TieTable:
        """The ties at ``positions`` as a table of their own (``by_id`` left empty)."""
        columns = {f.name: getattr(self, f.name)[positions] for f in fields(self)
                   if f.name != "by_id"}
        return TieTable(**columns, by_id=np.zeros(0, dtype=np.int64))

    def edited(self, removed: np.ndarray, edit: RowEdit, added: TieTable) -> TieTable:
        """A new table without the ties at positions ``removed``, its rows renumbered by
        ``edit`` (no tie may be left at a removed row), with the ties of ``added`` (already in
        new rows, and in (pair, id) order)."""
        table = self
        if len(removed):
            removed = np.unique(removed)
            kept = drop(self.by_id, np.sort(_positions_of(self.by_id, removed)))
            columns = {f.name: drop(getattr(self, f.name), removed)
                       for f in fields(self) if f.name != "by_id"}
            table = TieTable(**columns, by_id=kept - np.searchsorted(removed, kept))
        if not edit.identity:
            table = table.renumbered(edit.old_to_new())
        if not len(added):
            return table
        return table._inserted(added)

    def _inserted(self, added: TieTable) -> TieTable:
        # Where each added tie goes in (pair, id) order: after the ties of lower pairs, and
        # among those of its own pair by id (a pair has few ties).
        at = np.searchsorted(self.key, added.key, "left")
        end = np.searchsorted(self.key, added.key, "right")
        for i in np.flatnonzero(end > at):
            at[i] += int(np.searchsorted(self.id[at[i]:end[i]], added.id[i]))
        columns = {f.name: put(getattr(self, f.name), at, getattr(added, f.name))
                   for f in fields(self) if f.name != "by_id"}
        final = at + np.arange(len(added))  # each goes before the old entry at ``at``
        by_id = self.by_id + np.searchsorted(at, self.by_id, side="right")
        order = np.argsort(added.id, kind="stable")
        ranks = _ranks(self.id, self.by_id, added.id[order])
        return TieTable(**columns, by_id=put(by_id, ranks, final[order]))


def _pair_order(key: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The order of ties by pair, then id: a sort of the keys, then of the ids within the few
    pairs that hold several ties."""
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    parallel = np.flatnonzero(sorted_key[1:] == sorted_key[:-1])
    if len(parallel):
        within = np.unique(np.concatenate([parallel, parallel + 1]))
        order[within] = order[within][np.lexsort((ids[order[within]], sorted_key[within]))]
    return order


def _bytes(ids: list) -> np.ndarray:
    """Ids as a bytes column (UTF-8, which sorts as the strings do)."""
    try:
        return np.array(ids, dtype=object).astype(np.bytes_)  # ASCII ids, converted in C
    except UnicodeEncodeError:
        return np.array([str(i).encode() for i in ids], dtype=np.bytes_)


def _positions_of(by_id: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Where the (sorted) ``positions`` stand in ``by_id``."""
    inverse = np.empty(len(by_id), dtype=np.int64)
    inverse[by_id] = np.arange(len(by_id))
    return inverse[positions]


def _ranks(ids: np.ndarray, by_id: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """How many of ``ids`` sort below each of ``wanted``: a binary search over ``by_id``."""
    lo = np.zeros(len(wanted), dtype=np.int64)
    hi = np.full(len(wanted), len(by_id), dtype=np.int64)
    while True:
        active = np.flatnonzero(lo < hi)
        if not len(active):
            return lo
        mid = (lo[active] + hi[active]) // 2
        below = ids[by_id[mid]] < wanted[active]
        lo[active[below]] = mid[below] + 1
        hi[active[~below]] = mid[~below]
