"""Whether two match indexes hold the same thing, array for array: the check that an index
brought forward by changes equals one built from scratch.

Every attribute of an index must be compared here, or named as not mattering: an attribute
added to MatchIndex fails the check until it is.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import scipy.sparse as sp

from graph_models.matching import DEFAULT_WEIGHTS, MatchIndex

# Attributes that hold no graph data: a lock, and whether as_of was given.
NOT_DATA = frozenset({"_lock", "_as_of_given"})
# Compared through the objects they come from (codes) or by their own rule below.
BY_RULE = frozenset({"codes", "topics", "sector_vocab", "language_vocab", "place_codes",
                     "row", "ties", "adjacency", "_walks", "_columns", "_by_kind",
                     "pillar_masks"})


def same_array(name: str, a: np.ndarray, b: np.ndarray, *, exact_dtype: bool = True) -> None:
    assert a.shape == b.shape, f"{name}: shape {a.shape} != {b.shape}"
    if exact_dtype:
        assert a.dtype == b.dtype, f"{name}: dtype {a.dtype} != {b.dtype}"
    nan = a.dtype.kind == "f"
    assert np.array_equal(a, b, equal_nan=nan), f"{name} differs"


def same_csr(name: str, a: sp.csr_matrix, b: sp.csr_matrix) -> None:
    assert a.shape == b.shape, f"{name}: shape"
    for part in ("data", "indices", "indptr"):
        same_array(f"{name}.{part}", getattr(a, part), getattr(b, part), exact_dtype=False)


def assert_same_index(a: MatchIndex, b: MatchIndex, *, ignore: frozenset[str] = frozenset()
                      ) -> None:
    """Every array and every cache that matters of ``a`` equals ``b``'s (but the attributes
    named in ``ignore``)."""
    assert set(vars(a)) == set(vars(b)), set(vars(a)) ^ set(vars(b))
    for name, value in vars(a).items():
        if name in NOT_DATA or name in BY_RULE or name in ignore:
            continue
        other = getattr(b, name)
        if isinstance(value, np.ndarray):
            same_array(name, value, other)
            assert not value.flags.writeable, f"{name} is writeable"
        else:
            assert value == other, f"{name} differs"
    assert list(a.row.items()) == list(b.row.items())
    for name in ("topics", "sector_vocab", "language_vocab"):
        assert getattr(a, name).codes == getattr(b, name).codes, name
    assert a.place_codes == b.place_codes
    for name in ("_by_kind", "pillar_masks"):
        mine, theirs = getattr(a, name), getattr(b, name)
        assert mine.keys() == theirs.keys(), name
        for key in mine:
            same_array(f"{name}[{key}]", mine[key], theirs[key])
    for f in fields(a.ties):
        same_array(f"ties.{f.name}", getattr(a.ties, f.name), getattr(b.ties, f.name),
                   exact_dtype=f.name != "id")
    for f in fields(a.adjacency):
        same_array(f"adjacency.{f.name}", getattr(a.adjacency, f.name),
                   getattr(b.adjacency, f.name))
    _same_caches(a, b)


def _same_caches(a: MatchIndex, b: MatchIndex) -> None:
    """The default walk, its kind slices, the warm candidate columns (pillar None) and any
    other candidate columns both hold."""
    key = DEFAULT_WEIGHTS.tie_weights
    assert key in a._walks and key in b._walks
    mine, theirs = a._walks[key], b._walks[key]
    same_csr("walk.P", mine.P, theirs.P)
    same_array("walk.strength", mine.strength, theirs.strength)
    assert mine.by_kind.keys() == theirs.by_kind.keys()
    for kind in mine.by_kind:
        same_csr(f"walk.by_kind[{kind}]", mine.by_kind[kind], theirs.by_kind[kind])
    warm = {k for k in theirs._sliced if k[1][1] is None}
    assert warm <= set(mine._sliced), "a warm column slice is missing"
    for k in set(mine._sliced) & set(theirs._sliced):
        same_csr(f"walk.columns{k}", mine._sliced[k], theirs._sliced[k])
    assert {k for k in b._columns if k[2] is None} <= set(a._columns)
    for k in set(a._columns) & set(b._columns):
        same_array(f"columns{k}", a._columns[k], b._columns[k])
