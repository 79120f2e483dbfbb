"""The meeting schedule of a networking event: hand-computed cases, the optimum of brute force on
small random instances, and the constraints on any instance (property tests)."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_models.domain.errors import InvalidInput
from graph_models.events.schedule import mutual_pairs, schedule_meetings, total_weight


def brute_force(pairs, free, slots, tables):
    """The best total weight of any feasible schedule, by trying every slot (or none) for every
    pair: an independent check, exponential, for a handful of pairs."""
    edges = sorted(pairs)
    options = [[None] + [s for s in range(slots) if s in free[a] and s in free[b]]
               for a, b in edges]
    best = 0.0

    def search(i, busy, count, total):
        nonlocal best
        if total + sum(pairs[e] for e in edges[i:]) <= best:
            return
        if i == len(edges):
            best = total
            return
        a, b = edges[i]
        for slot in options[i]:
            if slot is None:
                search(i + 1, busy, count, total)
            elif (a, slot) not in busy and (b, slot) not in busy and count[slot] < tables:
                busy |= {(a, slot), (b, slot)}
                count[slot] += 1
                search(i + 1, busy, count, total + pairs[edges[i]])
                count[slot] -= 1
                busy -= {(a, slot), (b, slot)}

    search(0, set(), [0] * slots, 0.0)
    return best


def random_instance(rng, people, slots, density):
    names = [f"p{i}" for i in range(people)]
    pairs = {(a, b): float(rng.randint(1, 100)) for i, a in enumerate(names)
             for b in names[i + 1:] if rng.random() < density}
    free = {n: {s for s in range(slots) if rng.random() < 0.75} for n in names}
    return pairs, free


def check_constraints(meetings, pairs, free, slots, tables):
    met = [(m.a, m.b) for m in meetings]
    assert len(met) == len(set(met)), "a pair met twice"
    for m in meetings:
        assert (m.a, m.b) in pairs and m.a < m.b
        assert m.weight == pairs[(m.a, m.b)]
        assert 0 <= m.slot < slots and 0 <= m.table < tables
        assert m.slot in free[m.a] and m.slot in free[m.b], "outside availability"
    per_slot = Counter(m.slot for m in meetings)
    assert all(n <= tables for n in per_slot.values())
    seats = Counter((x, m.slot) for m in meetings for x in (m.a, m.b))
    assert all(n == 1 for n in seats.values()), "someone has two meetings in a slot"
    tables_used = Counter((m.slot, m.table) for m in meetings)
    assert all(n == 1 for n in tables_used.values())


def test_the_heaviest_pair_meets_first_and_a_triangle_needs_three_rounds():
    pairs = {("a", "b"): 3.0, ("a", "c"): 2.0, ("b", "c"): 1.0}
    free = {x: {0, 1, 2} for x in "abc"}
    meetings = schedule_meetings(pairs, free, slots=3, tables=5)
    assert sorted((m.a, m.b) for m in meetings) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert len({m.slot for m in meetings}) == 3


def test_a_pair_free_only_in_a_crowded_slot_is_not_crowded_out():
    # By hand: x–y can only meet in slot 0; a–b could meet in either. One table each.
    pairs = {("a", "b"): 5.0, ("x", "y"): 4.0}
    free = {"a": {0, 1}, "b": {0, 1}, "x": {0}, "y": {0}}
    meetings = schedule_meetings(pairs, free, slots=2, tables=1)
    assert {(m.slot, m.a, m.b) for m in meetings} == {(0, "x", "y"), (1, "a", "b")}


def test_a_full_slot_keeps_the_heavier_meetings():
    # Four disjoint pairs, one slot, two tables: the two heaviest, 9 + 7.
    pairs = {("a", "b"): 9.0, ("c", "d"): 1.0, ("e", "f"): 7.0, ("g", "h"): 3.0}
    free = {x: {0} for x in "abcdefgh"}
    assert total_weight(schedule_meetings(pairs, free, slots=1, tables=2)) == 16.0


def test_a_slot_with_one_table_takes_its_heaviest_pair_not_a_matching_cut_short():
    # By hand: the best matching is a–b and c–d (3 + 3), but one table holds one of them (3);
    # b–c alone weighs 4.
    pairs = {("a", "b"): 3.0, ("b", "c"): 4.0, ("c", "d"): 3.0}
    free = {x: {0} for x in "abcd"}
    assert [(m.a, m.b) for m in schedule_meetings(pairs, free, slots=1, tables=1,
                                                  max_passes=0)] == [("b", "c")]


def test_nobody_meets_outside_a_common_slot_or_when_absent():
    pairs = {("a", "b"): 1.0, ("a", "c"): 1.0}
    free = {"a": {0}, "b": {1}}
    assert schedule_meetings(pairs, free, slots=2, tables=2) == []


def test_one_sided_wishes_make_no_pair():
    wishes = {"a": {"b": 3, "c": 1}, "b": {"a": 1}, "c": {"b": 2}}
    assert mutual_pairs(wishes) == {("a", "b"): (3, 1)}


@pytest.mark.parametrize("pairs, slots, tables, field", [
    ({("a", "a"): 1.0}, 1, 1, "pairs"),
    ({("a", "b"): 0.0}, 1, 1, "pairs"),
    ({("a", "b"): float("nan")}, 1, 1, "pairs"),
    ({("a", "b"): 1.0, ("b", "a"): 2.0}, 1, 1, "pairs"),
    ({("a", "b"): 1.0}, 0, 1, "slots"),
    ({("a", "b"): 1.0}, 1, 0, "tables"),
])
def test_bad_input_is_refused_naming_the_field(pairs, slots, tables, field):
    with pytest.raises(InvalidInput) as raised:
        schedule_meetings(pairs, {"a": {0}, "b": {0}}, slots=slots, tables=tables)
    assert field in raised.value.errors


def test_a_slot_out_of_range_is_refused_naming_availability():
    with pytest.raises(InvalidInput) as raised:
        schedule_meetings({("a", "b"): 1.0}, {"a": {0, 5}, "b": {0}}, slots=2, tables=1)
    assert "availability" in raised.value.errors


@pytest.mark.parametrize("seed", range(60))
def test_small_random_instances_reach_the_brute_force_optimum(seed):
    rng = random.Random(seed)
    people, slots, tables = rng.randint(3, 7), rng.randint(1, 3), rng.randint(1, 3)
    pairs, free = random_instance(rng, people, slots, density=0.5)
    if len(pairs) > 12:
        pairs = dict(sorted(pairs.items())[:12])
    meetings = schedule_meetings(pairs, free, slots=slots, tables=tables)
    check_constraints(meetings, pairs, free, slots, tables)
    best = brute_force(pairs, free, slots, tables)
    found = total_weight(meetings)
    assert abs(found - best) < 1e-9


def test_across_many_small_instances_the_optimum_is_always_found():
    rng = random.Random(2026)
    exact = total = 0
    for _ in range(200):
        people, slots, tables = rng.randint(3, 7), rng.randint(1, 3), rng.randint(1, 3)
        pairs, free = random_instance(rng, people, slots, density=0.5)
        pairs = dict(sorted(pairs.items())[:12])
        found = total_weight(schedule_meetings(pairs, free, slots=slots, tables=tables))
        exact += abs(found - brute_force(pairs, free, slots, tables)) < 1e-9
        total += 1
    assert exact == total


@st.composite
def instances(draw):
    people = draw(st.integers(2, 12))
    slots = draw(st.integers(1, 5))
    tables = draw(st.integers(1, 4))
    names = [f"p{i:02d}" for i in range(people)]
    all_pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    chosen = draw(st.lists(st.sampled_from(all_pairs), unique=True, max_size=30))
    pairs = {p: draw(st.floats(0.5, 100, allow_nan=False)) for p in chosen}
    free = {n: set(draw(st.lists(st.integers(0, slots - 1), max_size=slots))) for n in names}
    return pairs, free, slots, tables


@settings(max_examples=150, deadline=None)
@given(instances())
def test_any_schedule_keeps_every_constraint(instance):
    pairs, free, slots, tables = instance
    meetings = schedule_meetings(pairs, free, slots=slots, tables=tables)
    check_constraints(meetings, pairs, free, slots, tables)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_exchanges_never_lower_the_total_of_slot_by_slot(instance):
    pairs, free, slots, tables = instance
    plain = total_weight(schedule_meetings(pairs, free, slots=slots, tables=tables,
                                           max_passes=0))
    assert total_weight(schedule_meetings(pairs, free, slots=slots, tables=tables)) >= \
        plain - 1e-9
