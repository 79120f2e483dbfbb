"""A networking event's one-to-one meetings, in rounds: who meets whom, in which slot, at which
table.

The problem: attendees, ``slots`` rounds and ``tables`` tables; the pairs who both want to meet,
each with a positive weight (its match score); each attendee's available slots. Choose for some
pairs one slot each so that nobody has two meetings in a slot, no slot holds more than
``tables`` meetings, each pair meets in a slot both are available in and at most once, and the
total weight of the pairs that meet is as large as possible.

That is NP-hard in general (it contains edge colouring), so :func:`schedule_meetings` runs a
heuristic in two steps, then, for an event small enough, solves it exactly (3.):

1. *Slot by slot*: each slot takes, among the pairs not met yet who are both available in
   it, the heaviest pairs while they fit (right when the tables bind) or — for a slot of at
   most :data:`MATCHING_LIMIT` candidates, whichever weighs more — a maximum-weight matching
   (:func:`networkx.max_weight_matching`) cut to its ``tables`` heaviest meetings. Slots are
   filled in order of how few pairs could meet in them (the scarcest first, so that a pair
   free only then is not crowded out), ties by slot number.
2. *Exchanges*: each pair still unmet, heaviest first, tries each slot both are available in:
   it displaces what stands in its way there (either person's meeting, or the lightest meeting
   of a full slot), each displaced pair moves to another slot where it fits, or where it can
   displace others in turn (``depth`` levels down), and the
   exchange is kept when the total weight rises; the seats it frees go to the heaviest unmet
   pairs that fit. Passes repeat until none gains (at most ``max_passes``).
3. *Exact*: with at most :data:`~graph_models.events.exact.MAX_VARIABLES` pair-slot choices,
   the integer programme of :mod:`graph_models.events.exact`; its schedule replaces the
   heuristic's when it weighs more (so an optimal heuristic schedule is kept as it is).

The tests compare it with brute force on small random instances; the heuristic's measured gap
on larger ones is in docs/activities.md.

Examples
--------
>>> pairs = {("ana", "bo"): 3.0, ("ana", "cy"): 2.0, ("bo", "cy"): 1.0}
>>> everyone = {"ana": [0, 1], "bo": [0, 1], "cy": [0, 1]}
>>> [(m.slot, m.a, m.b) for m in schedule_meetings(pairs, everyone, slots=2, tables=1)]
[(0, 'ana', 'bo'), (1, 'ana', 'cy')]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from graph_models.domain.errors import InvalidInput
from graph_models.events.exact import optimal_slots

MAX_PASSES = 2
# The most candidate pairs a slot is also matched exactly for (networkx's matching takes
# ~0.1 s at this size, and grows as the cube of the people).
MATCHING_LIMIT = 400
DEPTH = 1
_GAIN = 1e-9  # an exchange must gain more than rounding


@dataclass(frozen=True, order=True, slots=True)
class Meeting:
    """One meeting: pair ``a`` < ``b`` in round ``slot`` at ``table`` (both from 0)."""

    slot: int
    table: int
    a: str
    b: str
    weight: float


Pair = tuple[str, str]


def _checked(pairs: Mapping[Pair, float], availability: Mapping[str, Iterable[int]],
             slots: int, tables: int) -> tuple[dict[Pair, float], dict[str, frozenset[int]]]:
    errors: dict[str, list[str]] = {}
    if not isinstance(slots, int) or slots < 1:
        errors["slots"] = ["must be a positive integer"]
    if not isinstance(tables, int) or tables < 1:
        errors["tables"] = ["must be a positive integer"]
    free: dict[str, frozenset[int]] = {}
    for person, chosen in availability.items():
        free[person] = frozenset(chosen)
        if not errors.get("slots") and any(
                not isinstance(s, int) or not 0 <= s < slots for s in free[person]):
            errors.setdefault("availability", []).append(f"{person}: a slot out of range")
    weights: dict[Pair, float] = {}
    for (a, b), weight in pairs.items():
        if a == b or not isinstance(weight, int | float) or not math.isfinite(weight) \
                or weight <= 0:
            errors.setdefault("pairs", []).append(f"{a}–{b}: must be two people, weight > 0")
            continue
        key = (a, b) if a < b else (b, a)
        if key in weights:
            errors.setdefault("pairs", []).append(f"{a}–{b}: given twice")
        weights[key] = float(weight)
    if errors:
        raise InvalidInput("invalid meeting schedule", errors=errors)
    return weights, free


class _Plan:
    """The meetings placed so far, with who is busy in each slot."""

    def __init__(self, weights: dict[Pair, float], slots: int, tables: int):
        self.weights, self.tables = weights, tables
        self.slot_of: dict[Pair, int] = {}
        self.busy: list[dict[str, Pair]] = [{} for _ in range(slots)]
        self.count = [0] * slots

    def place(self, pair: Pair, slot: int) -> None:
        self.slot_of[pair] = slot
        self.busy[slot][pair[0]] = self.busy[slot][pair[1]] = pair
        self.count[slot] += 1

    def remove(self, pair: Pair) -> int:
        slot = self.slot_of.pop(pair)
        del self.busy[slot][pair[0]], self.busy[slot][pair[1]]
        self.count[slot] -= 1
        return slot

    def fits(self, pair: Pair, slot: int) -> bool:
        busy = self.busy[slot]
        return self.count[slot] < self.tables and pair[0] not in busy and pair[1] not in busy

    def lightest(self, slot: int) -> Pair:
        return min(set(self.busy[slot].values()), key=lambda p: (self.weights[p], p))


def _fill_slot(plan: _Plan, slot: int, candidates: list[Pair]) -> None:
    """Fill ``slot`` with the heavier of two sets of meetings among ``candidates``: the
    heaviest pairs first, each while it fits (quick, and right when the tables bind), and —
    for a slot of at most :data:`MATCHING_LIMIT` candidates — a maximum-weight matching cut to
    the tables' number of heaviest meetings (right when they do not)."""
    by_weight = sorted(candidates, key=lambda p: (-plan.weights[p], p))
    taken: set[str] = set()
    greedy: list[Pair] = []
    for pair in by_weight:
        if len(greedy) < plan.tables and not taken.intersection(pair):
            greedy.append(pair)
            taken.update(pair)
    chosen = greedy
    if len(candidates) <= MATCHING_LIMIT:
        graph = nx.Graph()
        graph.add_weighted_edges_from((a, b, plan.weights[(a, b)]) for a, b in candidates)
        matched = sorted((min(e), max(e)) for e in nx.max_weight_matching(graph))
        matched = sorted(matched, key=lambda p: (-plan.weights[p], p))[:plan.tables]
        if sum(plan.weights[p] for p in matched) > sum(plan.weights[p] for p in greedy):
            chosen = matched
    for pair in chosen:
        plan.place(pair, slot)


def _insert(plan: _Plan, pair: Pair, slot: int, options: dict[Pair, list[int]], depth: int,
            journal: list[tuple[bool, Pair, int]]) -> float:
    """Place ``pair`` in ``slot``, displacing what is in the way and moving each displaced
    pair to another slot (itself displacing others, ``depth`` levels down) when that gains;
    every change is written to ``journal`` for :func:`_undo`. The change of total weight."""
    busy = plan.busy[slot]
    displaced = {busy[x] for x in pair if x in busy}
    if not displaced and plan.count[slot] >= plan.tables:
        displaced = {plan.lightest(slot)}
    change = plan.weights[pair]
    for p in sorted(displaced):
        journal.append((False, p, plan.remove(p)))
        change -= plan.weights[p]
    plan.place(pair, slot)
    journal.append((True, pair, slot))
    for p in sorted(displaced):
        change += _replace(plan, p, slot, options, depth, journal)
    return change


def _replace(plan: _Plan, pair: Pair, left: int, options: dict[Pair, list[int]], depth: int,
             journal: list[tuple[bool, Pair, int]]) -> float:
    """Put a displaced ``pair`` back in a slot other than ``left``: where it fits, else (with
    ``depth`` left) where displacing others gains; the gain, 0 if it stays out."""
    for other in options[pair]:
        if other != left and plan.fits(pair, other):
            plan.place(pair, other)
            journal.append((True, pair, other))
            return plan.weights[pair]
    if depth == 0:
        return 0.0
    for other in options[pair]:
        if other == left:
            continue
        mark = len(journal)
        gain = _insert(plan, pair, other, options, depth - 1, journal)
        if gain > _GAIN:
            return gain
        _undo(plan, journal, mark)
    return 0.0


def _refill(plan: _Plan, journal: list[tuple[bool, Pair, int]],
            pairs_of: dict[str, list[Pair]], options: dict[Pair, list[int]]) -> float:
    """Give the seats an exchange freed to the heaviest unmet pairs that now fit there; the
    weight added."""
    added = 0.0
    for was_added, pair, slot in list(journal):
        if was_added:
            continue
        for person in pair:
            for other in pairs_of.get(person, ()):
                if other not in plan.slot_of and slot in options[other] \
                        and plan.fits(other, slot):
                    plan.place(other, slot)
                    journal.append((True, other, slot))
                    added += plan.weights[other]
                    break
    return added


def _undo(plan: _Plan, journal: list[tuple[bool, Pair, int]], mark: int) -> None:
    while len(journal) > mark:
        added, pair, slot = journal.pop()
        if added:
            plan.remove(pair)
        else:
            plan.place(pair, slot)


def schedule_meetings(pairs: Mapping[Pair, float], availability: Mapping[str, Iterable[int]],
                      *, slots: int, tables: int, max_passes: int = MAX_PASSES,
                      depth: int = DEPTH
                      ) -> list[Meeting]:
    """Schedule one-to-one meetings of mutual pairs in ``slots`` rounds of ``tables`` tables.

    Parameters
    ----------
    pairs : mapping of (str, str) to float
        The pairs who both want to meet (either order, each once), to a weight > 0.
    availability : mapping of str to iterable of int
        Each person's available slots, numbered from 0; someone absent is never available.
    slots, tables : int
        Rounds, and meetings a round can hold (both ≥ 1).
    max_passes : int
        Passes of exchanges at most (0: slot by slot alone).

    Returns
    -------
    list of Meeting
        By slot, then table (numbered heaviest meeting first), each pair once, ``a < b``.

    Raises
    ------
    InvalidInput
        Naming ``slots``, ``tables``, ``availability`` (a slot out of range) or ``pairs`` (a
        person paired with itself, a weight that is not a positive number, a pair twice).

    Examples
    --------
    Two tables, but ``cy`` is only free in slot 1:

    >>> free = {"ana": [0, 1], "bo": [0, 1], "cy": [1], "di": [0, 1]}
    >>> pairs = {("ana", "bo"): 5, ("ana", "cy"): 4, ("bo", "di"): 1, ("cy", "di"): 2}
    >>> for m in schedule_meetings(pairs, free, slots=2, tables=2):
    ...     print(m.slot, m.table, m.a, m.b, m.weight)
    0 0 ana bo 5.0
    1 0 ana cy 4.0
    1 1 bo di 1.0
    """
    weights, free = _checked(pairs, availability, slots, tables)
    empty: frozenset[int] = frozenset()
    options = {p: sorted(free.get(p[0], empty) & free.get(p[1], empty)) for p in weights}
    options = {p: o for p, o in options.items() if o}
    plan = _Plan(weights, slots, tables)
    demand = [0] * slots
    for o in options.values():
        for s in o:
            demand[s] += 1
    for slot in sorted(range(slots), key=lambda s: (demand[s], s)):
        _fill_slot(plan, slot, sorted(p for p, o in options.items()
                                      if slot in o and p not in plan.slot_of))
    by_weight = sorted(options, key=lambda p: (-weights[p], p))
    pairs_of: dict[str, list[Pair]] = {}
    for pair in by_weight:
        for person in pair:
            pairs_of.setdefault(person, []).append(pair)
    # A pass retries a pair only in the slots the previous pass changed: elsewhere nothing
    # it could displace has moved since it last failed there.
    changed = set(range(slots))
    for _ in range(max_passes):
        if not changed:
            break
        changing: set[int] = set()
        for pair in by_weight:
            if pair in plan.slot_of:
                continue
            for slot in options[pair]:
                if slot not in changed:
                    continue
                journal: list[tuple[bool, Pair, int]] = []
                change = _insert(plan, pair, slot, options, depth, journal)
                if change + _refill(plan, journal, pairs_of, options) > _GAIN:
                    changing.update(s for _, _, s in journal)
                    break
                _undo(plan, journal, 0)
        changed = changing
    exact = optimal_slots(weights, options, slots=slots, tables=tables)
    if exact is not None and (sum(weights[p] for p in exact)
                              > sum(weights[p] for p in plan.slot_of) + _GAIN):
        plan = _Plan(weights, slots, tables)
        for pair, slot in exact.items():
            plan.place(pair, slot)
    return _numbered(plan)


def _numbered(plan: _Plan) -> list[Meeting]:
    meetings = []
    for slot in range(len(plan.busy)):
        held = sorted(set(plan.busy[slot].values()), key=lambda p: (-plan.weights[p], p))
        meetings += [Meeting(slot, table, a, b, plan.weights[(a, b)])
                     for table, (a, b) in enumerate(held)]
    return meetings


def total_weight(meetings: Iterable[Meeting]) -> float:
    """The total weight of a schedule's meetings.

    >>> total_weight([Meeting(0, 0, "a", "b", 2.5), Meeting(1, 0, "a", "c", 1.0)])
    3.5
    """
    return sum(m.weight for m in meetings)


def mutual_pairs(wishes: Mapping[str, Mapping[str, int]]) -> dict[Pair, tuple[int, int]]:
    """The pairs where each wants to meet the other, with each side's priority (``a`` < ``b``);
    one-sided wishes are left out.

    >>> mutual_pairs({"ana": {"bo": 2, "cy": 1}, "bo": {"ana": 1}, "cy": {}})
    {('ana', 'bo'): (2, 1)}
    """
    out: dict[Pair, tuple[int, int]] = {}
    for a in sorted(wishes):
        for b, priority in sorted(wishes[a].items()):
            if a < b and a in wishes.get(b, {}):
                out[(a, b)] = (priority, wishes[b][a])
    return out
