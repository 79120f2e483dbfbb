"""Bringing the walk operator forward with its index, row by row.

When ties change, only the rows of their ends change in ``P = D⁻¹A`` (a row's strength is the sum
of its own entries): :func:`updated_walk` computes those rows again and splices them into copies
of the old matrices — ``P``, its columns of each kind and the candidate columns of each role —
with the rows and columns renumbered when stakeholders come or go or candidates stop or start
being eligible (:func:`splice`). Each changed row is computed by the same element-wise arithmetic
as a new walk, and summed in the same order, so the result equals a walk built from scratch to
the last bit. Everything else is copied, never computed again.

Examples
--------
>>> import numpy as np
>>> import scipy.sparse as sp
>>> from graph_models.matching.rows import RowEdit
>>> M = sp.csr_matrix(np.array([[0, 1.0, 2.0], [3.0, 0, 0]]))
>>> spliced = splice(M, np.array([1]), RowEdit(2, np.zeros(0), np.array([0])), None, 3,
...                  np.array([0, 2]), np.array([2, 0]), np.array([5.0, 4.0]))
>>> spliced.toarray().tolist()
[[0.0, 0.0, 5.0], [0.0, 1.0, 2.0], [4.0, 0.0, 0.0]]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from graph_models.matching.adjacency import entry_positions
from graph_models.matching.encoding import KINDS
from graph_models.matching.rows import RowEdit, spans
from graph_models.matching.walk import Walk, entry_weights, reciprocal

if TYPE_CHECKING:
    from graph_models.matching.index import MatchIndex


def splice(matrix: sp.csr_matrix, drop: np.ndarray, edit: RowEdit,
           column_map: np.ndarray | None, width: int, rows: np.ndarray, cols: np.ndarray,
           values: np.ndarray) -> sp.csr_matrix:
    """A new CSR matrix: ``matrix`` without the entries of the rows ``drop`` (old numbers,
    ascending; every removed row among them), its rows renumbered by ``edit``, its columns by
    ``column_map`` (-1: the column leaves; None: they stay), ``width`` columns wide, with the
    entries ``(rows, cols, values)`` (new numbers, sorted by row then column) put in.

    The rows that get entries are made whole on their own (what they keep, and what they get,
    in column order), then every row is laid out in one copy of the untouched rows around them.
    """
    indptr, data = matrix.indptr, matrix.data
    indices = matrix.indices if column_map is None else column_map[matrix.indices]
    o2n = edit.old_to_new()
    made = np.unique(rows)
    before = edit.new_to_old()[made]
    kept = before[(before >= 0) & ~np.isin(before, drop)]
    length = indptr[kept + 1] - indptr[kept]
    at = spans(indptr[kept], length)
    made_rows = np.concatenate([o2n[np.repeat(kept, length)], rows])
    made_cols = np.concatenate([indices[at], cols]).astype(np.int64)
    made_values = np.concatenate([data[at], values])
    order = np.lexsort((made_cols, made_rows))
    order = order[made_cols[order] >= 0]
    made_rows, made_cols, made_values = made_rows[order], made_cols[order], made_values[order]

    counts = np.diff(indptr).astype(np.int64)
    replaced = np.union1d(drop, kept)
    counts[replaced] = 0
    counts = edit.column(counts, np.zeros(len(edit.inserted), dtype=np.int64))
    counts += np.bincount(made_rows, minlength=len(counts))
    # Each made row goes where the first old row that comes after it starts.
    placed = made if edit.identity else np.searchsorted(edit.following(), made, side="left")
    where = indptr[np.minimum(placed, len(indptr) - 1)]
    bounds = np.searchsorted(made_rows, made)
    ends = np.append(bounds[1:], len(made_rows))[:len(made)]
    events = sorted([(int(indptr[r]), 1, int(indptr[r + 1]), 0) for r in replaced]
                    + [(int(w), 0, int(b), int(e)) for w, b, e in zip(where, bounds, ends,
                                                                        strict=True)])
    index_pieces, value_pieces, previous = [], [], 0
    for position, kind, first, last in events:
        index_pieces.append(indices[previous:position])
        value_pieces.append(data[previous:position])
        if kind:  # a row cut out: skip its entries
            previous = max(previous, first)
        else:
            index_pieces.append(made_cols[first:last])
            value_pieces.append(made_values[first:last])
            previous = max(previous, position)
    index_pieces.append(indices[previous:])
    value_pieces.append(data[previous:])
    indices = np.concatenate(index_pieces)
    data = np.concatenate(value_pieces)
    if column_map is not None:
        leaving = indices < 0  # columns gone from rows left untouched
        if leaving.any():
            bounds = np.concatenate([[0], np.cumsum(counts)])
            owner = np.searchsorted(bounds, np.flatnonzero(leaving), side="right") - 1
            counts -= np.bincount(owner, minlength=len(counts))
            indices, data = indices[~leaving], data[~leaving]
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(matrix.indptr.dtype)
    return sp.csr_matrix((data, indices.astype(matrix.indices.dtype, copy=False), indptr),
                         shape=(edit.n_new, width))


def updated_walk(before: Walk, old: MatchIndex, new: MatchIndex, edit: RowEdit,
                 changed: np.ndarray) -> Walk:
    """The walk of ``new`` from the walk ``before`` of ``old``.

    ``changed`` are the rows (new numbers, ascending) whose ties changed, the inserted rows
    among them; the other rows keep their ties, renumbered by ``edit``. The kinds of the rows
    that stay must not have changed. The candidate columns ``before`` holds are brought forward
    too (a query asking for a pillar after a write need not slice them again).
    """
    o2n = edit.old_to_new()
    n2o = edit.new_to_old()
    drop = np.union1d(edit.removed, n2o[changed][n2o[changed] >= 0])
    length = new.indptr[changed + 1] - new.indptr[changed]
    at = spans(new.indptr[changed], length)
    rows, cols = np.repeat(changed, length), new.indices[at].astype(np.int64)
    data = entry_weights(new.type_weights[at], before.tie_weights)
    strength = edit.column(before.strength, np.zeros(len(edit.inserted)))
    strength[changed] = np.bincount(np.repeat(np.arange(len(changed)), length), weights=data,
                                    minlength=len(changed))
    values = data * reciprocal(strength)[rows]
    P = splice(before.P, drop, edit, o2n if not edit.identity else None, new.n, rows, cols,
               values)

    by_kind, kind_maps = {}, {}
    for code, kind in enumerate(KINDS):
        kind_maps[kind] = _kind_map(old, new, o2n, kind) if not edit.identity else None
        mine = new.kind[cols] == code
        by_kind[kind] = splice(before.by_kind[kind], drop, edit, kind_maps[kind],
                               len(new.rows_of_kind(kind)), rows[mine],
                               new.kind_pos[cols[mine]], values[mine])
    walk = Walk.of(before.tie_weights, P, strength, by_kind)
    _carry_columns(before, walk, old, new, edit, drop, kind_maps, (rows, cols, values))
    return walk


def carried_walk(before: Walk, old: MatchIndex, new: MatchIndex) -> Walk:
    """The walk of ``new``, whose rows, ties and kinds are ``old``'s: the operator and its
    kind columns shared, the candidate columns brought forward (candidates may have changed)."""
    walk = Walk.of(before.tie_weights, before.P, before.strength, before.by_kind)
    walk._penalties = dict(before._penalties)
    nothing = np.zeros(0, dtype=np.int64)
    identity = RowEdit(old.n, nothing, nothing)
    _carry_columns(before, walk, old, new, identity, nothing, dict.fromkeys(KINDS),
                   (nothing, nothing, np.zeros(0)))
    return walk


def _kind_map(old: MatchIndex, new: MatchIndex, o2n: np.ndarray, kind) -> np.ndarray | None:
    """Old position among the rows of ``kind`` → new position (-1: gone); None when the same."""
    rows = old.rows_of_kind(kind)
    renumbered = o2n[rows]
    if len(rows) == len(new.rows_of_kind(kind)) and (renumbered >= 0).all():
        return None
    return _gather(new.kind_pos, renumbered)


def _gather(values: np.ndarray, at: np.ndarray) -> np.ndarray:
    """``values[at]``, and -1 where ``at`` is -1."""
    out = np.full(len(at), -1, dtype=np.int64)
    out[at >= 0] = values[at[at >= 0]]
    return out


def _carry_columns(before: Walk, walk: Walk, old: MatchIndex, new: MatchIndex, edit: RowEdit,
                   drop: np.ndarray, kind_maps: dict, entries: tuple) -> None:
    """Bring the candidate columns of each role (and pillar) forward into ``walk``."""
    from graph_models.matching.scoring import eligible_positions

    rows, cols, values = entries
    for (kind, key), columns in list(before._sliced.items()):
        role, pillar = key
        was = before._positions.get((kind, key))
        if was is None:
            continue
        now = eligible_positions(new, kind, role, pillar)
        known = walk.known(kind, now)
        if known is not None:
            walk.keep(kind, key, now, known)
            continue
        column_of = np.full(len(new.rows_of_kind(kind)), -1, dtype=np.int64)
        column_of[now] = np.arange(len(now))
        kind_map = kind_maps[kind]
        moved = was if kind_map is None else _gather(kind_map, was)
        column_map = _gather(column_of, moved)
        same = len(was) == len(now) and np.array_equal(column_map, np.arange(len(now)))
        if same and not len(drop) and edit.identity:
            walk.keep(kind, key, now, columns)
            continue
        code = KINDS.index(kind)
        mine = new.kind[cols] == code
        mine[mine] = column_of[new.kind_pos[cols[mine]]] >= 0
        add_rows, add_cols = rows[mine], column_of[new.kind_pos[cols[mine]]]
        add_values = values[mine]
        # Candidates that became eligible: their column, from every row not already spliced.
        reached = np.zeros(len(now), dtype=bool)
        reached[column_map[column_map >= 0]] = True
        arriving = np.flatnonzero(~reached)
        if len(arriving):
            extra = _column_entries(walk.P, new, new.rows_of_kind(kind)[now[arriving]],
                                    arriving, rows)
            add_rows, add_cols, add_values = (np.concatenate([a, b]) for a, b in zip(
                (add_rows, add_cols, add_values), extra, strict=True))
            order = np.lexsort((add_cols, add_rows))
            add_rows, add_cols, add_values = add_rows[order], add_cols[order], add_values[order]
        walk.keep(kind, key, now, splice(columns, drop, edit, None if same else column_map,
                                         len(now), add_rows, add_cols, add_values))


def _column_entries(P: sp.csr_matrix, new: MatchIndex, candidates: np.ndarray,
                    columns: np.ndarray, spliced_rows: np.ndarray):
    """The entries of ``P`` in the columns of ``candidates`` (rows), as (rows, ``columns``,
    values), leaving out the rows already spliced."""
    length = new.indptr[candidates + 1] - new.indptr[candidates]
    neighbours = new.indices[spans(new.indptr[candidates], length)].astype(np.int64)
    column = np.repeat(columns, length)
    candidate = np.repeat(candidates, length)
    keep = ~np.isin(neighbours, spliced_rows)
    neighbours, column, candidate = neighbours[keep], column[keep], candidate[keep]
    at, found = entry_positions(P.indptr, P.indices, neighbours, candidate)
    assert found.all(), "the adjacency is symmetric"
    return neighbours, column, P.data[at]

