"""Benchmark a networking event's meeting schedule, against an upper bound of its optimum.

Not a test: it prints timings and asserts nothing about them. It draws ``--attendees`` people,
each wishing to meet ``--wishes`` others (a seeded sample, weighted so that wishes cluster and
some are returned), keeps the mutual pairs with weights 1–100, makes each person available in
each slot with probability ``--available``, then times :func:`schedule_meetings` (slot by slot
alone, and with exchanges) and compares the total with the optimum of the linear relaxation
(HiGHS through scipy: each pair at most once, each person at most once a slot, at most
``tables`` a slot), which no schedule can beat.

    python scripts/bench_event_schedule.py
    python scripts/bench_event_schedule.py --attendees 300 --slots 12 --tables 60
"""

from __future__ import annotations

import argparse
import random

import numpy as np
from benchlib import timed
from scipy.optimize import linprog
from scipy.sparse import coo_array

from graph_models.events.schedule import mutual_pairs, schedule_meetings, total_weight


def draw_event(attendees: int, wishes: int, slots: int, available: float, seed: int):
    """Mutual pairs with weights, and availability, of a seeded random event."""
    rng = random.Random(seed)
    names = [f"a{i:04d}" for i in range(attendees)]
    # Wishes go mostly to people "near" in a ring (a sector, a town), so many are returned.
    wanted: dict[str, dict[str, int]] = {}
    for i, name in enumerate(names):
        near = [names[(i + d) % attendees] for d in range(-wishes, wishes + 1) if d]
        wanted[name] = {other: rng.randint(1, 3) for other in rng.sample(near, wishes)}
    pairs = {p: float(rng.randint(1, 100)) for p in mutual_pairs(wanted)}
    free = {n: {s for s in range(slots) if rng.random() < available} for n in names}
    return pairs, free


def relaxation_bound(pairs, free, slots: int, tables: int) -> float:
    """The optimum of the linear relaxation: an upper bound of any schedule's total."""
    variables = [(p, s) for p in sorted(pairs) for s in range(slots)
                 if s in free[p[0]] and s in free[p[1]]]
    if not variables:
        return 0.0
    rows, cols = [], []
    pair_row = {p: i for i, p in enumerate(sorted(pairs))}
    seat_row: dict[tuple[str, int], int] = {}
    base = len(pair_row)
    for j, (p, s) in enumerate(variables):
        rows.append(pair_row[p])
        cols.append(j)
        for person in p:
            rows.append(seat_row.setdefault((person, s), base + len(seat_row)))
            cols.append(j)
    slot_base = base + len(seat_row)
    for j, (_, s) in enumerate(variables):
        rows.append(slot_base + s)
        cols.append(j)
    a = coo_array((np.ones(len(rows)), (rows, cols)),
                  shape=(slot_base + slots, len(variables))).tocsr()
    b = np.concatenate([np.ones(slot_base), np.full(slots, tables)])
    c = -np.array([pairs[p] for p, _ in variables])
    result = linprog(c, A_ub=a, b_ub=b, bounds=(0, 1), method="highs")
    return -result.fun


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=200)
    parser.add_argument("--slots", type=int, default=8)
    parser.add_argument("--tables", type=int, default=40)
    parser.add_argument("--wishes", type=int, default=12)
    parser.add_argument("--available", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pairs, free = draw_event(args.attendees, args.wishes, args.slots, args.available, args.seed)
    print(f"{args.attendees} attendees, {args.slots} slots × {args.tables} tables, "
          f"{len(pairs)} mutual pairs")
    plain, plain_s = timed(lambda: schedule_meetings(pairs, free, slots=args.slots,
                                                     tables=args.tables, max_passes=0))
    full, full_s = timed(lambda: schedule_meetings(pairs, free, slots=args.slots,
                                                   tables=args.tables))
    bound, bound_s = timed(lambda: relaxation_bound(pairs, free, args.slots, args.tables))
    print(f"slot by slot:    {len(plain):5d} meetings, total {total_weight(plain):9.0f}, "
          f"{plain_s:6.2f} s")
    print(f"with exchanges:  {len(full):5d} meetings, total {total_weight(full):9.0f}, "
          f"{full_s:6.2f} s")
    print(f"upper bound (LP relaxation): {bound:9.0f} ({bound_s:.2f} s); the schedule reaches "
          f"{100 * total_weight(full) / bound:.1f}% of it")


if __name__ == "__main__":
    main()
