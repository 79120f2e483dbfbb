"""Our rules give pabutools' outcomes, project for project and in the same order, on random small
elections (small integer costs and few voters, so that ties are common and the tie-breaking is
exercised), and keep their promises: the budget is never exceeded, and under equal shares no
voter pays more than their share."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_models.budgeting import (
    Ballot,
    BallotKind,
    Completion,
    Election,
    Project,
    TieBreaking,
    Utility,
    equal_shares,
    greedy_by_votes,
    sequential_phragmen,
)
from tests.unit.budgeting_reference import (
    reference_equal_shares,
    reference_greedy,
    reference_phragmen,
)

# Ids whose text order differs from their number order ("10" < "9"), as in real files.
IDS = ("1", "2", "3", "9", "10", "11", "a")


@st.composite
def elections(draw, kind: BallotKind = BallotKind.APPROVAL) -> Election:
    ids = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=6, unique=True))
    projects = tuple(Project(i, draw(st.integers(1, 30))) for i in ids)
    budget = draw(st.integers(1, 80))
    ballots = []
    for voter in range(draw(st.integers(1, 12))):
        chosen = draw(st.lists(st.sampled_from(ids), max_size=len(ids), unique=True))
        points = (tuple(draw(st.integers(1, 5)) for _ in chosen)
                  if kind is BallotKind.CUMULATIVE else None)
        ballots.append(Ballot(f"v{voter}", tuple(chosen), points))
    return Election(projects, budget, kind, tuple(ballots))


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
tie_breakings = st.sampled_from(list(TieBreaking))


@FAST
@given(elections(), tie_breakings)
def test_greedy_by_votes_is_pabutools_greedy_with_cost_satisfaction(election, tie_breaking):
    outcome = greedy_by_votes(election, tie_breaking=tie_breaking)
    assert list(outcome.funded) == reference_greedy(election, tie_breaking)
    assert outcome.cost <= election.budget


@FAST
@given(elections(BallotKind.CUMULATIVE), tie_breakings)
def test_greedy_on_cumulative_ballots_goes_by_total_points(election, tie_breaking):
    outcome = greedy_by_votes(election, tie_breaking=tie_breaking)
    assert list(outcome.funded) == reference_greedy(election, tie_breaking)


@FAST
@given(elections(), st.sampled_from([Utility.COST, Utility.ONE]),
       st.sampled_from(list(Completion)), tie_breakings)
def test_equal_shares_is_pabutools_method_of_equal_shares(election, utility, completion,
                                                          tie_breaking):
    outcome = equal_shares(election, utility=utility, completion=completion,
                           tie_breaking=tie_breaking)
    assert list(outcome.funded) == reference_equal_shares(election, utility, completion,
                                                          tie_breaking)
    assert outcome.cost <= election.budget


@FAST
@given(elections(BallotKind.CUMULATIVE), st.sampled_from(list(Completion)), tie_breakings)
def test_equal_shares_on_cumulative_ballots_is_pabutools_with_points(election, completion,
                                                                     tie_breaking):
    outcome = equal_shares(election, completion=completion, tie_breaking=tie_breaking)
    assert list(outcome.funded) == reference_equal_shares(election, Utility.POINTS,
                                                          completion, tie_breaking)


@FAST
@given(elections(BallotKind.ORDINAL), tie_breakings)
def test_greedy_on_ordinal_ballots_goes_by_total_borda_score(election, tie_breaking):
    outcome = greedy_by_votes(election, tie_breaking=tie_breaking)
    assert list(outcome.funded) == reference_greedy(election, tie_breaking)
    assert outcome.cost <= election.budget


@FAST
@given(elections(BallotKind.ORDINAL), st.sampled_from(list(Completion)), tie_breakings)
def test_equal_shares_on_ordinal_ballots_is_pabutools_with_borda_satisfaction(
        election, completion, tie_breaking):
    outcome = equal_shares(election, completion=completion, tie_breaking=tie_breaking)
    assert list(outcome.funded) == reference_equal_shares(election, Utility.BORDA,
                                                          completion, tie_breaking)
    assert outcome.cost <= election.budget


@FAST
@given(elections(), tie_breakings)
def test_sequential_phragmen_funds_what_pabutools_funds(election, tie_breaking):
    outcome = sequential_phragmen(election, tie_breaking=tie_breaking)
    # pabutools returns Phragmén's projects sorted by id, not in the order bought.
    assert sorted(outcome.funded) == reference_phragmen(election, tie_breaking)
    assert outcome.cost <= election.budget


@FAST
@given(elections(), st.sampled_from(list(Completion)))
def test_under_equal_shares_no_voter_pays_more_than_their_share(election, completion):
    outcome = equal_shares(election, completion=completion)
    share = float(outcome.per_voter_budget)
    assert all(0 <= voter.paid <= share * (1 + 1e-9) for voter in outcome.voters)
    # What the voters paid is what the projects bought by equal shares cost.
    bought = sum((r.cost for r in outcome.projects if r.reason.value == "bought"), Fraction(0))
    paid = sum(voter.paid for voter in outcome.voters)
    assert abs(paid - float(bought)) <= 1e-6 * max(1.0, float(bought))


@FAST
@given(elections())
def test_equal_shares_leaves_no_group_without_its_affordable_project(election):
    """A cheap EJR-style check: after equal shares (no completion), no project left out could
    still be paid for by the money its supporters have left."""
    outcome = equal_shares(election, completion=Completion.NONE)
    for result in outcome.projects:
        if not result.funded and result.supporters_money is not None:
            assert result.supporters_money < float(result.cost) * (1 + 1e-9)
