"""The rules on tiny elections whose outcomes and explanations are computed by hand, ties
included."""

from __future__ import annotations

from fractions import Fraction

import pytest

from graph_models.budgeting import (
    Ballot,
    BallotKind,
    Completion,
    Election,
    Project,
    Reason,
    TieBreaking,
    Utility,
    equal_shares,
    greedy_by_votes,
    sequential_phragmen,
)
from graph_models.domain.errors import InvalidInput


def approval(projects, budget, *ballots):
    return Election(tuple(Project(i, c) for i, c in projects), budget, BallotKind.APPROVAL,
                    tuple(Ballot(f"v{n}", tuple(b)) for n, b in enumerate(ballots)))


def test_greedy_skips_what_no_longer_fits_and_goes_on_to_cheaper_projects():
    # votes: a 3, b 2, c 1; budget 10: a (7) fits, b (6) does not, c (3) does.
    election = approval([("a", 7), ("b", 6), ("c", 3)], 10,
                        "ab", "ab", "a", "c")
    outcome = greedy_by_votes(election)
    assert outcome.funded == ("a", "c")
    b = outcome.result("b")
    assert (b.funded, b.reason, b.rank, b.votes, b.remaining_budget) == (
        False, Reason.DID_NOT_FIT, 2, 2, Fraction(3))
    c = outcome.result("c")
    assert (c.reason, c.round, c.remaining_budget) == (Reason.FITTED, 2, Fraction(3))


def test_greedy_breaks_a_tie_in_votes_by_id_as_text_by_default():
    # "10" and "9" have one vote each and only one fits: "10" < "9" as text.
    election = approval([("9", 5), ("10", 5)], 5, ["9"], ["10"])
    assert greedy_by_votes(election).funded == ("10",)


def test_greedy_can_break_ties_by_cost_then_votes_then_id():
    election = approval([("a", 5), ("b", 4)], 5, "a", "b")
    assert greedy_by_votes(election).funded == ("a",)
    assert greedy_by_votes(election, tie_breaking=TieBreaking.COST_VOTES_ID).funded == ("b",)


def test_a_majority_takes_everything_under_greedy_but_not_under_equal_shares():
    # 6 voters want red projects, 4 want blue ones; the budget pays for 4 of the 8.
    projects = [(f"r{i}", 10) for i in range(4)] + [(f"b{i}", 10) for i in range(4)]
    ballots = [["r0", "r1", "r2", "r3"]] * 6 + [["b0", "b1", "b2", "b3"]] * 4
    election = approval(projects, 40, *ballots)
    assert greedy_by_votes(election).funded == ("r0", "r1", "r2", "r3")
    # Each voter has 4: a red project costs each red voter 10/6, a blue one each blue voter
    # 10/4. Two red projects leave the red voters 2/3 each (4 in all, too little for a third);
    # one blue project leaves the blue voters 1.5 each (6 in all, too little for a second).
    outcome = equal_shares(election, completion=Completion.NONE)
    assert outcome.funded == ("r0", "r1", "b0")
    assert outcome.result("b0").max_payment == 2.5
    assert outcome.result("r2").supporters_money == pytest.approx(4.0)
    assert outcome.result("b1").supporters_money == pytest.approx(6.0)


def test_equal_shares_explains_the_round_the_price_and_who_ran_out():
    # Budget 30, 3 voters with 10 each. x (cost 12) is approved by all three: 4 each.
    # y (cost 12) by v0 and v1 only, who have 6 left each: 6 each, all they have.
    # z (cost 9) by v2 alone, who has 6 left: unaffordable.
    election = approval([("x", 12), ("y", 12), ("z", 9)], 30, "xy", "xy", "xz")
    outcome = equal_shares(election, utility=Utility.ONE, completion=Completion.NONE)
    assert outcome.funded == ("x", "y")
    x, y, z = (outcome.result(p) for p in "xyz")
    assert (x.reason, x.round, x.max_payment, x.exhausted) == (Reason.BOUGHT, 1, 4.0, 0)
    assert (y.round, y.max_payment, y.price) == (2, 6.0, 6.0)
    assert (z.reason, z.supporters_money) == (Reason.UNAFFORDABLE, 6.0)
    assert [v.paid for v in outcome.voters] == [10.0, 10.0, 4.0]
    assert [v.funded for v in outcome.voters] == [2, 2, 1]
    assert outcome.per_voter_budget == 10


def test_a_supporter_with_too_little_left_pays_all_of_it_and_the_others_share_the_rest():
    # 4 voters, budget 40: 10 each. a (cost 14) by v0, v1: 7 each, bought first (b's price
    # starts at 22/3). b (cost 22) by v0, v2, v3: v0 has 3 left and pays it; v2 and v3 pay
    # (22 - 3) / 2 = 9.5 each.
    election = approval([("a", 14), ("b", 22)], 40, "ab", "a", "b", "b")
    outcome = equal_shares(election, utility=Utility.ONE, completion=Completion.NONE)
    assert outcome.funded == ("a", "b")
    b = outcome.result("b")
    assert (b.price, b.max_payment, b.exhausted) == (9.5, 9.5, 1)
    assert [v.paid for v in outcome.voters] == [10.0, 7.0, 9.5, 9.5]


def test_equal_shares_breaks_a_tie_in_price_by_the_tie_breaking_order():
    # 5 voters with 2 each: a (cost 6) by three of them and b (cost 4) by the other two both
    # cost 2 per supporter. By id a goes first; cheaper first, b does.
    election = approval([("a", 6), ("b", 4)], 10, "a", "a", "a", "b", "b")
    by_id = equal_shares(election, utility=Utility.ONE, completion=Completion.NONE)
    assert by_id.funded == ("a", "b")
    cheaper_first = equal_shares(election, utility=Utility.ONE, completion=Completion.NONE,
                                 tie_breaking=TieBreaking.COST_VOTES_ID)
    assert cheaper_first.funded == ("b", "a")


def test_the_completion_raises_each_voters_money_then_fills_greedily():
    # Budget 10, 2 voters with 5 each; p (cost 6) by v0 alone is unaffordable until v0 has 6.
    election = approval([("p", 6), ("q", 4)], 10, "p", "q")
    assert equal_shares(election, completion=Completion.NONE).funded == ("q",)
    # With 6 each, p and q cost 1 per unit of cost utility: a tie, p first by id.
    outcome = equal_shares(election, completion=Completion.ADD_ONE)
    assert (outcome.funded, outcome.increments, outcome.per_voter_budget) == (("p", "q"), 1, 6)


def test_projects_left_after_the_raise_are_funded_by_the_greedy_completion():
    # Budget 10, one voter approving c (cost 8) and d (cost 2); e (cost 9) nobody wants.
    election = approval([("c", 8), ("d", 2), ("e", 9)], 10, "cd", "")
    # d is bought with 5 each; c only when the raise gives v0 10, tied with d (price 1 per
    # unit of cost): c first by id. Nothing is left for e.
    outcome = equal_shares(election)
    assert outcome.funded == ("c", "d")
    assert outcome.increments == 5
    assert outcome.result("e").reason is Reason.NO_SUPPORT


def test_sequential_phragmen_explains_loads_and_where_it_stopped():
    # a (cost 2) by v0 and v1: load 1 each; b (cost 3) by v1, v2: (1 + 0 + 3) / 2 = 2;
    # c (cost 4) by v2 alone: (2 + 4) = 6 > budget left: stops.
    election = approval([("a", 2), ("b", 3), ("c", 4)], 6, "a", "ab", "bc")
    outcome = sequential_phragmen(election)
    assert outcome.funded == ("a", "b")
    assert (outcome.result("a").price, outcome.result("b").price) == (1.0, 2.0)
    assert outcome.result("c").reason is Reason.STOPPED
    assert [v.paid for v in outcome.voters] == [1.0, 2.0, 2.0]


def test_rules_refuse_what_they_cannot_count():
    ordinal = Election((Project("a", 1),), 1, BallotKind.ORDINAL, (Ballot("v", ("a",)),))
    with pytest.raises(InvalidInput) as error:
        sequential_phragmen(ordinal)
    assert "kind" in error.value.errors
    cumulative = Election((Project("a", 1),), 1, BallotKind.CUMULATIVE,
                          (Ballot("v", ("a",), (2,)),))
    with pytest.raises(InvalidInput):
        sequential_phragmen(cumulative)
    with pytest.raises(InvalidInput) as error:
        equal_shares(approval([("a", 1)], 1, "a"), utility=Utility.POINTS)
    assert "utility" in error.value.errors
