"""The meeting schedule solved exactly, as an integer programme, where it is small enough.

Variables ``x[p, s]`` (pair ``p`` meets in slot ``s``, a slot both are free in), maximising
the total weight of the pairs met, subject to: each pair meets at most once; each person has at
most one meeting a slot; each slot holds at most ``tables`` meetings. HiGHS (through
:func:`scipy.optimize.milp`) proves the optimum of a few thousand variables in well under a
second; larger events keep the heuristic's schedule, which the time limit would not beat.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

Pair = tuple[str, str]

# The most pair-slot variables solved exactly, and how long HiGHS may take before the
# heuristic's schedule is kept instead.
MAX_VARIABLES = 5_000
TIME_LIMIT = 1.0


def optimal_slots(weights: Mapping[Pair, float], options: Mapping[Pair, Sequence[int]],
                  *, slots: int, tables: int) -> dict[Pair, int] | None:
    """The slot of each pair that meets in a schedule of the largest total weight, or None
    when the problem is too large or HiGHS proves no optimum in time.

    One table, two slots: the two heaviest pairs meet, one in each slot.

    >>> weights = {("a", "b"): 3.0, ("a", "c"): 2.0, ("b", "c"): 1.0}
    >>> options = {pair: [0, 1] for pair in weights}
    >>> found = optimal_slots(weights, options, slots=2, tables=1)
    >>> sorted(found), sorted(found.values())
    ([('a', 'b'), ('a', 'c')], [0, 1])
    """
    variables = [(pair, slot) for pair in sorted(options) for slot in options[pair]]
    if not variables or len(variables) > MAX_VARIABLES:
        return None
    rows: dict[tuple, int] = {}
    entries_row, entries_column = [], []
    for column, (pair, slot) in enumerate(variables):
        for key in (("pair", pair), ("person", pair[0], slot), ("person", pair[1], slot),
                    ("slot", slot)):
            entries_row.append(rows.setdefault(key, len(rows)))
            entries_column.append(column)
    matrix = sp.csr_array((np.ones(len(entries_row)), (entries_row, entries_column)),
                          shape=(len(rows), len(variables)))
    upper = np.array([tables if key[0] == "slot" else 1 for key in rows], dtype=float)
    gains = np.array([weights[pair] for pair, _ in variables])
    result = milp(-gains, constraints=LinearConstraint(matrix, -np.inf, upper),
                  integrality=np.ones(len(variables)), bounds=Bounds(0, 1),
                  options={"time_limit": TIME_LIMIT})
    if result.status != 0 or result.x is None:
        return None
    return {pair: slot for (pair, slot), x in zip(variables, result.x, strict=True) if x > 0.5}
