"""Cohort assignment: optimal against brute force, stable without blocking pairs, constraints,
capacities and pins always respected, and why each unplaced mentee is unplaced."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_models.domain.errors import InvalidInput
from graph_models.domain.programmes import Constraints, Mentee, Mentor, UnplacedReason
from graph_models.mentorship import assign
from graph_models.mentorship.assignment import SCALE

LANGS = st.sampled_from([frozenset(), frozenset({"el"}), frozenset({"el"}), frozenset({"en"}),
                         frozenset({"el", "en"}), frozenset({"fr"})])
REGIONS = st.sampled_from(["EL301", "EL302", "EL52", "EL521", None])


@st.composite
def instances(draw, max_mentees=5, max_mentors=3):
    """A small cohort: mentees, mentors, sparse scores, constraints and valid pins."""
    n = draw(st.integers(1, max_mentees))
    m = draw(st.integers(1, max_mentors))
    mentees = [Mentee(f"e{i}", draw(LANGS), draw(REGIONS)) for i in range(n)]
    mentors = [Mentor(f"m{j}", draw(st.sampled_from([0, 1, 1, 2, 2, 3])), languages=draw(LANGS),
                      region=draw(REGIONS)) for j in range(m)]
    pairs = [(e.id, t.id) for e in mentees for t in mentors]
    scored = [p for p in pairs if draw(st.integers(0, 9)) < 7]  # dense: most pairs are scored
    # Coarse scores make ties (the hard case for optimality); some with decimals.
    scores = {p: draw(st.sampled_from([0.0, 10.0, 10.0, 25.5, 50.0, 72.25, 100.0]))
              for p in scored}
    excluded = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3)) if pairs else []
    constraints = Constraints.of(shared_language=draw(st.booleans()),
                                 region_level=draw(st.sampled_from([None, None, None, 1, 2])),
                                 excluded=excluded)
    by_id = {t.id: t for t in mentors}
    pins, left = [], {t.id: t.capacity for t in mentors}
    for e in mentees:
        if draw(st.integers(0, 4)) == 0:
            t = by_id[draw(st.sampled_from(sorted(by_id)))]
            if left[t.id] > 0 and constraints.allows(e, t):
                pins.append((e.id, t.id))
                left[t.id] -= 1
    return mentees, mentors, scores, constraints, pins


def feasible(mentees, mentors, scores, constraints, pins):
    """Each free mentee's options: the mentors it may be given (scored, allowed)."""
    pinned = {e for e, _ in pins}
    return {e.id: [t.id for t in mentors if (e.id, t.id) in scores
                   and constraints.allows(e, t)]
            for e in mentees if e.id not in pinned}


def brute_force(mentees, mentors, scores, constraints, pins):
    """The best (placed, quality) over every assignment of the free mentees."""
    left = {t.id: t.capacity for t in mentors}
    for _, t in pins:
        left[t] -= 1
    options = feasible(mentees, mentors, scores, constraints, pins)
    free = sorted(options)
    best = (0, 0)
    for choice in itertools.product(*[[None, *options[e]] for e in free]):
        used: dict[str, int] = {}
        for t in choice:
            if t is not None:
                used[t] = used.get(t, 0) + 1
        if any(used[t] > left[t] for t in used):
            continue
        value = (sum(t is not None for t in choice),
                 sum(round(scores[(e, t)] * SCALE) for e, t in zip(free, choice, strict=True)
                     if t is not None))
        best = max(best, value)
    return best


def objective(proposal, pins):
    free = [p for p in proposal.placements if not p.pinned]
    return len(free), sum(round(p.score * SCALE) for p in free)


def assert_respects_everything(proposal, mentees, mentors, scores, constraints, pins):
    mentee = {e.id: e for e in mentees}
    mentor = {t.id: t for t in mentors}
    placed = [p.mentee_id for p in proposal.placements]
    assert len(placed) == len(set(placed)), "a mentee has two mentors"
    assert set(placed) | {u.mentee_id for u in proposal.unplaced} == set(mentee)
    assert not set(placed) & {u.mentee_id for u in proposal.unplaced}
    for t, load in proposal.load().items():
        assert load <= mentor[t].capacity, "a mentor is over capacity"
    for p in proposal.placements:
        assert constraints.allows(mentee[p.mentee_id], mentor[p.mentor_id])
        assert p.pinned == ((p.mentee_id, p.mentor_id) in pins)
        if not p.pinned:
            assert (p.mentee_id, p.mentor_id) in scores
    for pin in pins:
        assert proposal.mentor_of(pin[0]) == pin[1], "a pin was not kept"


@settings(max_examples=300, deadline=None)
@given(instances())
def test_the_optimal_assignment_matches_brute_force_with_both_solvers(instance):
    best = brute_force(*instance)
    for solver in ("sparse", "network_simplex"):
        proposal = assign(*instance[:3], constraints=instance[3], pins=instance[4],
                          solver=solver)
        assert_respects_everything(proposal, *instance)
        assert objective(proposal, instance[4]) == best


@settings(max_examples=300, deadline=None)
@given(instances(max_mentees=6, max_mentors=4))
def test_the_stable_assignment_has_no_blocking_pair_and_respects_everything(instance):
    mentees, mentors, scores, constraints, pins = instance
    proposal = assign(mentees, mentors, scores, constraints=constraints, pins=pins,
                      method="stable")
    assert_respects_everything(proposal, *instance)
    q = {pair: round(s * SCALE) for pair, s in scores.items()}
    got = {p.mentee_id: p.mentor_id for p in proposal.placements if not p.pinned}
    pinned_load = {t: sum(1 for _, x in pins if x == t) for _, t in pins}
    takes = {t.id: [e for e, x in got.items() if x == t.id] for t in mentors}
    options = feasible(*instance)
    for e, acceptable in options.items():
        for t in acceptable:
            if got.get(e) == t:
                continue
            mentee_wants = e not in got or (-q[(e, t)], t) < (-q[(e, got[e])], got[e])
            cap = next(m.capacity for m in mentors if m.id == t) - pinned_load.get(t, 0)
            worst = max(((-q[(x, t)], x) for x in takes[t]), default=None)
            mentor_wants = len(takes[t]) < cap or (worst is not None
                                                   and (-q[(e, t)], e) < worst)
            assert not (mentee_wants and mentor_wants), f"({e}, {t}) blocks"


@settings(max_examples=200, deadline=None)
@given(instances())
def test_everyone_is_placed_whenever_a_complete_assignment_exists(instance):
    mentees, mentors, scores, constraints, pins = instance
    placed, _ = brute_force(*instance)
    proposal = assign(mentees, mentors, scores, constraints=constraints, pins=pins)
    if placed == len(mentees) - len(pins):
        assert not proposal.unplaced
    assert len(proposal.placements) == placed + len(pins)


@settings(max_examples=100, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_the_proposal_does_not_depend_on_input_order(instance, rnd):
    mentees, mentors, scores, constraints, pins = instance
    first = assign(mentees, mentors, scores, constraints=constraints, pins=pins)
    shuffled = list(scores.items())
    rnd.shuffle(shuffled)
    again = assign(rnd.sample(mentees, len(mentees)), rnd.sample(mentors, len(mentors)),
                   dict(shuffled), constraints=constraints, pins=list(reversed(pins)))
    assert again == first


# -- hand-built cases ------------------------------------------------------------------------

EL, EN = frozenset({"el"}), frozenset({"en"})


def test_placing_one_more_mentee_beats_any_gain_in_quality():
    # Giving kim to ana scores 100 but leaves bo out; two placements at 2 points win.
    mentees = [Mentee("ana", EL), Mentee("bo", EL)]
    mentors = [Mentor("kim", 1, languages=EL), Mentor("lee", 1, languages=EL)]
    scores = {("ana", "kim"): 100.0, ("ana", "lee"): 1.0, ("bo", "kim"): 1.0}
    proposal = assign(mentees, mentors, scores)
    assert [(p.mentee_id, p.mentor_id) for p in proposal.placements] == [
        ("ana", "lee"), ("bo", "kim")]
    assert proposal.quality == 2.0


def test_the_stable_assignment_can_place_fewer_than_the_optimal_one():
    mentees = [Mentee("ana", EL), Mentee("bo", EL)]
    mentors = [Mentor("kim", 1, languages=EL), Mentor("lee", 1, languages=EL)]
    scores = {("ana", "kim"): 100.0, ("ana", "lee"): 1.0, ("bo", "kim"): 1.0}
    stable = assign(mentees, mentors, scores, method="stable")
    assert [(p.mentee_id, p.mentor_id) for p in stable.placements] == [("ana", "kim")]
    assert stable.unplaced[0].reason == UnplacedReason.ALL_FULL


def test_each_unplaced_mentee_gets_the_first_reason_that_applies():
    mentees = [Mentee("fr", frozenset({"fr"}), "EL301"),
               Mentee("far", EL, "EL52"),
               Mentee("excl", EL, "EL301"),
               Mentee("unscored", EL, "EL301"),
               Mentee("late", EL, "EL301"),
               Mentee("first", EL, "EL301")]
    mentors = [Mentor("kim", 1, languages=EL, region="EL302")]
    scores = {("late", "kim"): 50.0, ("first", "kim"): 60.0, ("fr", "kim"): 99.0}
    constraints = Constraints.of(region_level=1, excluded=[("excl", "kim")])
    proposal = assign(mentees, mentors, scores, constraints=constraints)
    assert proposal.mentor_of("first") == "kim"
    reasons = {u.mentee_id: u.reason for u in proposal.unplaced}
    assert reasons == {"fr": UnplacedReason.NO_SHARED_LANGUAGE,
                       "far": UnplacedReason.OTHER_REGION,
                       "excl": UnplacedReason.EXCLUDED,
                       "unscored": UnplacedReason.NO_CANDIDATE,
                       "late": UnplacedReason.ALL_FULL}
    assert "fr" in proposal.unplaced[[u.mentee_id for u in proposal.unplaced].index("fr")].detail


def test_a_side_with_no_language_stated_does_not_fail_the_language_constraint():
    proposal = assign([Mentee("ana")], [Mentor("kim", 1, languages=EN)], {("ana", "kim"): 5.0})
    assert proposal.mentor_of("ana") == "kim"


def test_pins_count_against_capacity_and_keep_their_score():
    mentees = [Mentee("ana", EL), Mentee("bo", EL), Mentee("cy", EL)]
    mentors = [Mentor("kim", 2, languages=EL)]
    scores = {("ana", "kim"): 10.0, ("bo", "kim"): 90.0, ("cy", "kim"): 80.0}
    proposal = assign(mentees, mentors, scores, pins=[("ana", "kim")])
    assert [(p.mentee_id, p.pinned) for p in proposal.placements] == [("ana", True),
                                                                      ("bo", False)]
    assert proposal.quality == 100.0
    assert [u.mentee_id for u in proposal.unplaced] == ["cy"]


def test_a_pin_without_a_score_is_kept_with_no_score():
    proposal = assign([Mentee("ana", EL)], [Mentor("kim", 1, languages=EL)], {},
                      pins=[("ana", "kim")])
    assert proposal.placements[0].score is None and proposal.quality == 0.0


@pytest.mark.parametrize("pins, message", [
    ([("ana", "nobody")], "not an enrolled mentee and mentor"),
    ([("ana", "kim"), ("ana", "lee")], "pinned twice"),
    ([("ana", "lee")], "breaks the constraints"),
    ([("ana", "kim"), ("bo", "kim")], "no capacity left"),
])
def test_an_impossible_pin_is_refused_with_the_field_named(pins, message):
    mentees = [Mentee("ana", EL), Mentee("bo", EL)]
    mentors = [Mentor("kim", 1, languages=EL), Mentor("lee", 1, languages=EN)]
    with pytest.raises(InvalidInput) as caught:
        assign(mentees, mentors, {}, pins=pins)
    assert any(message in text for text in caught.value.errors["pins"])


@pytest.mark.parametrize("kwargs, field", [
    (dict(method="hungarian"), "method"),
    (dict(solver="magic"), "solver"),
    (dict(scores={("ana", "kim"): float("nan")}), "scores"),
    (dict(scores={("ana", "kim"): -1.0}), "scores"),
    (dict(mentors=[Mentor("kim", -1)]), "mentors"),
    (dict(mentors=[Mentor("kim", 1), Mentor("kim", 2)]), "mentors"),
    (dict(mentees=[Mentee("ana"), Mentee("ana")]), "mentees"),
])
def test_bad_input_is_refused_with_the_field_named(kwargs, field):
    args = dict(mentees=[Mentee("ana")], mentors=[Mentor("kim", 1)], scores={})
    args.update(kwargs)
    with pytest.raises(InvalidInput) as caught:
        assign(args.pop("mentees"), args.pop("mentors"), args.pop("scores"), **args)
    assert field in caught.value.errors


def test_an_empty_cohort_gives_an_empty_proposal():
    proposal = assign([], [Mentor("kim", 3)], {})
    assert proposal.placements == () and proposal.unplaced == () and proposal.quality == 0.0
