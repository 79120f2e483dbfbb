"""A real election from pabulib (Warsaw 2017, Wesoła, Plac Wojska Polskiego: 27 voters, 4
projects, 51,195 PLN; source and licence in tests/data/pabulib/README.md): our importer reads it
as the city published it, and outcomes worked out by hand. The comparison of every rule with
pabutools on it, as on the other real files, is in test_budgeting_real_elections.py.

Every project fits in the budget together (44,720 PLN of 51,195), so the complete rules fund all
four and differ only in the order they choose them; equal shares without completion leaves one
out. Nothing ties in this vote, so the tie-breaking options give the same outcomes."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from graph_models.budgeting import (
    BallotKind,
    Completion,
    Election,
    Reason,
    Utility,
    equal_shares,
    greedy_by_votes,
    read_pabulib,
    sequential_phragmen,
    write_pabulib,
)
from graph_models.domain.errors import InvalidInput

FILE = (Path(__file__).resolve().parent.parent / "data" / "pabulib"
        / "poland_warszawa_2017_plac-wojska-polskiego.pb")


@pytest.fixture(scope="module")
def election() -> Election:
    return read_pabulib(FILE.read_text(encoding="utf-8"))


def test_the_real_file_is_read_as_published(election):
    assert (election.kind, election.budget) == (BallotKind.APPROVAL, 51195)
    assert (len(election.ballots), len(election.projects)) == (27, 4)
    assert [p.id for p in election.projects] == ["427", "915", "2567", "1623"]
    assert election.limits.min_length == 1 and election.limits.max_sum_cost == 51195
    assert election.meta["district"] == "Wesoła"
    project = election.project("1623")
    assert project.name == "Życzliwość wobec kobiet w ciąży dla mieszkanek Wesołej."
    assert (project.cost, project.categories) == (2900, {"public space", "health"})
    assert project.targets == {"adults", "people with disabilities"}
    assert election.project("915").targets == frozenset()  # "None" in the file
    first = election.ballots[0]
    assert (first.voter_id, first.projects) == ("5642", ("427",))
    assert dict(first.attributes) == {"age": "33", "sex": "F", "voting_method": "internet"}


def test_the_real_file_written_back_reads_as_the_same_election(election):
    assert read_pabulib(write_pabulib(election)) == election


def test_the_votes_counted_from_the_ballots_are_the_files_votes_column(election):
    counted = {p.id: sum(p.id in b.projects for b in election.ballots)
               for p in election.projects}
    assert counted == {p.id: int(p.attributes["votes"]) for p in election.projects}
    assert counted == {"427": 16, "915": 14, "2567": 12, "1623": 5}


def test_our_greedy_rule_funds_what_the_city_selected(election):
    # The city decided greedily (META rule;greedy). By votes: 427 (16), 915 (14), 2567 (12),
    # 1623 (5); each fits in what is left, so all four are funded, as the file's selected says.
    outcome = greedy_by_votes(election)
    assert outcome.funded == ("427", "915", "2567", "1623")
    assert set(outcome.funded) == {p.id for p in election.projects
                                   if p.attributes["selected"] == "1"}
    assert outcome.cost == 15995 + 5825 + 20000 + 2900


def test_points_are_refused_as_a_utility_of_approval_ballots(election):
    with pytest.raises(InvalidInput, match="does not fit the ballots") as refused:
        equal_shares(election, utility=Utility.POINTS)
    assert "utility" in refused.value.errors


def test_phragmen_by_hand(election):
    outcome = sequential_phragmen(election)
    # By hand: the least load per supporter first. 915: 5825/14 = 416.07; then 1623: (2900 +
    # 4 × 416.07)/5 = 912.86 (four of its five supporters carry 915's load), below 427's
    # (15995 + 7 × 416.07)/16 = 1181.7; then 427 at 1305.9 before 2567 at 2185.7.
    assert outcome.funded == ("915", "1623", "427", "2567")


def test_equal_shares_without_completion_by_hand(election):
    # Each voter has 51195/27 = 1896.11. Priced per unit of cost, 427 costs each of its 16
    # supporters 1/16 of it (999.69), 915 each of its 14 supporters 416.07: both bought. 2567's
    # 12 supporters then have 12 × 1896.11 − 6 × 999.69 − 8 × 416.07 = 13,426.64 < 20,000.
    # 1623's five have 3,817.5: four give all they have left (480.35), voter 47826 the rest
    # (978.59). 2567's supporters are then left with 10,526.64.
    outcome = equal_shares(election, completion=Completion.NONE)
    share = Fraction(51195, 27)
    assert outcome.per_voter_budget == share
    assert outcome.funded == ("427", "915", "1623")
    left_out = outcome.result("2567")
    assert left_out.reason is Reason.UNAFFORDABLE
    paid_427, paid_915 = Fraction(15995, 16), Fraction(5825, 14)
    exhausted = share - paid_427 - paid_915
    expected = 12 * share - 6 * paid_427 - 8 * paid_915 - 4 * exhausted - (2900 - 4 * exhausted)
    assert left_out.supporters_money == pytest.approx(float(expected))
    bought = outcome.result("1623")
    assert (bought.exhausted, bought.max_payment) == (4, pytest.approx(float(2900 - 4 * exhausted)))
