"""Ordinal ballots counted by Borda scores, as pabutools' ``Additive_Borda_Sat`` counts them
(the project ranked ``i``-th of ``n`` scores ``n - i``, the last nothing), on a small election
worked out by hand; pabutools' agreement on random ones is in
tests/unit/test_budgeting_against_pabutools.py."""

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
    Utility,
    equal_shares,
    greedy_by_votes,
    read_pabulib,
    sequential_phragmen,
    validate_ballot,
    write_pabulib,
)
from graph_models.budgeting.election import BallotLimits
from graph_models.domain.errors import InvalidInput
from tests.unit.budgeting_reference import reference_equal_shares, reference_greedy


def ranked(*rankings, meta=None, limits=None) -> Election:
    """a costs 6, b and c cost 4, the budget is 10."""
    return Election((Project("a", 6), Project("b", 4), Project("c", 4)), 10,
                    BallotKind.ORDINAL,
                    tuple(Ballot(f"v{n}", tuple(r)) for n, r in enumerate(rankings, start=1)),
                    limits or BallotLimits(), meta or {})


# Borda scores: v1 a2 b1 c0; v2 a1 c0; v3 b2 c1 a0; v4 c1 b0 — a 3, b 3, c 2.
ELECTION = ranked("abc", "ac", "bca", "cb")


def test_the_greedy_rule_goes_by_total_borda_score_ties_by_id():
    outcome = greedy_by_votes(ELECTION)
    assert outcome.funded == ("a", "b")
    assert [(r.project_id, r.score, r.votes, r.rank) for r in outcome.projects] == [
        ("a", 3.0, 3, 1), ("b", 3.0, 3, 2), ("c", 2.0, 4, 3)]
    assert outcome.result("c").reason is Reason.DID_NOT_FIT
    assert outcome.result("c").remaining_budget == 0
    assert outcome.funded == tuple(reference_greedy(ELECTION))


def test_equal_shares_alone_buys_what_the_borda_supporters_can_pay():
    # Each voter has 2.5. b: v1 pays ρ·1 and v3 ρ·2, v3 capped at 2.5, so ρ = 1.5; c: v3 and
    # v4 pay ρ each, ρ = 2; a: its supporters (v1, v2) have 5 < 6. b is bought; then a has
    # 1 + 2.5 and c 0 + 2.5 behind them, too little.
    outcome = equal_shares(ELECTION, completion=Completion.NONE)
    assert outcome.funded == ("b",)
    bought = outcome.result("b")
    assert (bought.reason, bought.price, bought.max_payment, bought.exhausted) == (
        Reason.BOUGHT, 1.5, 2.5, 1)
    assert outcome.result("a").supporters_money == pytest.approx(3.5)
    assert outcome.result("c").supporters_money == pytest.approx(2.5)
    assert [v.paid for v in outcome.voters] == pytest.approx([1.5, 0, 2.5, 0])


def test_the_completion_raises_the_shares_by_one_and_then_c_is_bought_too():
    # With 3.5 each: b at ρ = 4/3 (v1 pays 4/3, v3 8/3); then c: v3 gives its last 5/6 and v4
    # the remaining 19/6; a, 6, no longer fits in the 2 left, so the outcome is exhaustive.
    outcome = equal_shares(ELECTION)
    assert outcome.funded == ("b", "c")
    assert outcome.per_voter_budget == Fraction(7, 2) and outcome.increments == 1
    assert outcome.result("c").price == pytest.approx(19 / 6)
    assert outcome.result("a").reason is Reason.UNAFFORDABLE
    # v2 ranked c last: it counts among v2's funded projects, but v2 paid nothing for it.
    v2 = outcome.voters[1]
    assert (v2.funded, v2.paid) == (1, 0.0)
    assert list(outcome.funded) == reference_equal_shares(ELECTION, Utility.BORDA)


def test_a_project_only_ever_ranked_last_has_no_support_under_equal_shares():
    outcome = equal_shares(ranked("ab", "ab"), completion=Completion.NONE)
    assert outcome.result("b").reason is Reason.NO_SUPPORT
    assert (outcome.result("b").votes, outcome.result("b").score) == (2, 0.0)


def test_ordinal_ballots_take_only_borda_utility_and_no_phragmen():
    with pytest.raises(InvalidInput) as error:
        equal_shares(ELECTION, utility=Utility.COST)
    assert "utility" in error.value.errors
    with pytest.raises(InvalidInput) as error:
        sequential_phragmen(ELECTION)
    assert "kind" in error.value.errors


def test_a_scoring_function_other_than_borda_is_refused_by_name():
    assert greedy_by_votes(ranked("ab", meta={"scoring_fn": "Borda"})).funded
    with pytest.raises(InvalidInput) as error:
        equal_shares(ranked("ab", meta={"scoring_fn": "dowdall"}))
    assert "scoring_fn" in error.value.errors


def test_a_ranking_is_checked_against_its_lengths():
    election = ranked(limits=BallotLimits(min_length=2, max_length=2))
    validate_ballot(election, Ballot("v", ("c", "a")))
    for ranking in (("a",), ("a", "b", "c"), ("a", "a"), ("a", "z")):
        with pytest.raises(InvalidInput) as error:
            validate_ballot(election, Ballot("v", ranking))
        assert list(error.value.errors) == ["projects"]


def test_an_ordinal_file_round_trips_with_its_lengths_and_scoring_function():
    text = ("META\nkey;value\nbudget;10\nvote_type;ordinal\nmin_length;1\nmax_length;3\n"
            "scoring_fn;Borda\nPROJECTS\nproject_id;cost\na;6\nb;4\nc;4\n"
            "VOTES\nvoter_id;vote\nv1;c,a,b\nv2;b\n")
    election = read_pabulib(text)
    assert election.kind is BallotKind.ORDINAL
    assert (election.limits.min_length, election.limits.max_length) == (1, 3)
    assert election.meta["scoring_fn"] == "Borda"
    assert election.ballots[0].projects == ("c", "a", "b")
    again = read_pabulib(write_pabulib(election))
    assert again == election
    assert "scoring_fn;Borda" in write_pabulib(election).splitlines()
