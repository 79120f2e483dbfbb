"""Pabulib files read, written back unchanged and refused with the line at fault; ballots checked
against the election's limits, each mistake named."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_models.budgeting import (
    Ballot,
    BallotKind,
    BallotLimits,
    Election,
    Project,
    Reason,
    Utility,
    equal_shares,
    read_pabulib,
    validate_ballot,
    write_pabulib,
)
from graph_models.domain.errors import InvalidInput
from tests.unit.budgeting_reference import reference_equal_shares

DATA = Path(__file__).resolve().parent.parent / "data" / "pabulib"


def read(name: str) -> Election:
    return read_pabulib((DATA / name).read_text(encoding="utf-8"))


def test_a_file_is_read_with_its_quoted_fields_lists_and_attributes():
    election = read("ties.pb")
    assert (election.kind, election.budget, election.limits.max_length) == (
        BallotKind.APPROVAL, 10000, 3)
    assert election.project("10").categories == {"environment; circular economy"}
    assert election.project("9").categories == {"environment", "education"}
    assert election.ballots[3].attributes == {}
    assert election.ballots[0].attributes == {"age": "34"}
    assert election.meta["rule"] == "equalshares/add1"
    cumulative = read("cumulative.pb")
    assert cumulative.project("a").name == 'The "big" one'
    assert cumulative.ballots[0].points == (6, 4)
    assert read("ordinal.pb").ballots[0].projects == ("y", "x", "z")


@pytest.mark.parametrize("name", ["ties.pb", "cumulative.pb", "ordinal.pb"])
def test_a_file_written_back_reads_as_the_same_election(name):
    election = read(name)
    assert read_pabulib(write_pabulib(election)) == election


def test_the_shipped_approval_file_counts_as_pabutools_counts_it():
    election = read("ties.pb")
    outcome = equal_shares(election)
    assert list(outcome.funded) == reference_equal_shares(election, Utility.COST)
    # "10" and "9" tie (same cost, same supporters) and only one fits: "10" is first as text.
    assert outcome.funded == ("10", "2")
    assert outcome.result("9").reason is Reason.UNAFFORDABLE


def test_a_project_funded_by_the_greedy_completion_says_so():
    # 10 voters with 1 each. Six want b (cost 3) and c (cost 4), four want a (cost 6). Equal
    # shares buys b; raised to 2 each it would buy all three (13, over the budget), so the
    # outcome with 1 each is kept, and the greedy completion funds c (6 votes) with 7 left;
    # a (4 votes) no longer fits in the 3 then left.
    election = Election((Project("a", 6), Project("b", 3), Project("c", 4)), 10,
                        BallotKind.APPROVAL,
                        tuple(Ballot(f"v{i}", ("a",) if i < 4 else ("b", "c"))
                              for i in range(10)))
    outcome = equal_shares(election)
    assert outcome.funded == ("b", "c")
    assert outcome.increments == 0
    c, a = outcome.result("c"), outcome.result("a")
    assert (c.reason, c.remaining_budget, c.round) == (Reason.COMPLETED, 7, 2)
    assert (a.reason, a.remaining_budget, a.supporters_money) == (Reason.UNAFFORDABLE, 3, 4.0)


@pytest.mark.parametrize(("text", "line", "words"), [
    ("META\nkey;value\nbudget;ten\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
     "VOTES\nvoter_id;vote\n", "line 2", "budget is not a number"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n"
     "1;4\nVOTES\nvoter_id;vote\n", "line 8", "listed twice"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;five\n"
     "VOTES\nvoter_id;vote\n", "line 7", "not a number"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n"
     "VOTES\nvoter_id;vote\nv1;1\n\nv2;1,7\n", "line 12", "unknown projects: 7"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5;x\n"
     "VOTES\nvoter_id;vote\n", "line 7", "expected 2 fields, found 3"),
    ("META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\n"
     "VOTES\nvoter_id;vote;points\nv1;1;2,3\n", "line 10", "1 projects but 2 points"),
    ("META\nkey;value\nbudget;10\nvote_type;scoring\nPROJECTS\nproject_id;cost\n"
     "VOTES\nvoter_id;vote\n", "line 2", "vote_type must be"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n",
     "line 1", "VOTES section is missing"),
    ("hello\nMETA\n", "line 1", "before any data"),
])
def test_a_malformed_file_is_refused_with_the_line_at_fault(text, line, words):
    with pytest.raises(InvalidInput) as error:
        read_pabulib(text)
    assert any(words in message for message in error.value.errors[line]), error.value.errors


names = st.text(st.characters(codec="utf-8", exclude_characters="\r\n\x00,"), min_size=1,
                max_size=8).map(str.strip).filter(lambda s: s and s.lower() != "none")


@settings(max_examples=60, deadline=None)
@given(st.lists(names, min_size=1, max_size=5, unique=True), st.data())
def test_any_election_survives_a_round_trip_through_a_file(ids, data):
    kind = data.draw(st.sampled_from(list(BallotKind)))
    projects = tuple(Project(i, data.draw(st.integers(1, 10**6)) / Fraction(100),
                             name=data.draw(names), categories=data.draw(st.sets(names)))
                     for i in ids)
    ballots = []
    for n in range(data.draw(st.integers(0, 4))):
        chosen = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
        points = (tuple(data.draw(st.integers(1, 9)) for _ in chosen)
                  if kind is BallotKind.CUMULATIVE else None)
        ballots.append(Ballot(f"v{n}", tuple(chosen), points,
                              {"district": data.draw(names)}))
    election = Election(projects, Fraction(12345, 100), kind, tuple(ballots),
                        BallotLimits(max_length=3), {"description": data.draw(names)})
    assert read_pabulib(write_pabulib(election)) == election


LIMITED = Election((Project("a", 500), Project("b", 700), Project("c", 300)), 1000,
                   BallotKind.APPROVAL,
                   limits=BallotLimits(min_length=1, max_length=2, max_sum_cost=Fraction(1000)))


def test_a_ballot_within_the_limits_passes():
    validate_ballot(LIMITED, Ballot("v", ("a", "c")))


@pytest.mark.parametrize(("ballot", "field", "words"), [
    (Ballot("v", ("a", "b", "c")), "projects", "at most 2 projects (chosen: 3)"),
    (Ballot("v", ()), "projects", "at least 1 projects"),
    (Ballot("v", ("a", "b")), "cost", "cost 1200 in all, more than 1000"),
    (Ballot("v", ("a", "x")), "projects", "unknown projects: x"),
    (Ballot("v", ("a", "a")), "projects", "appears twice"),
    (Ballot("v", ("a",), (3,)), "points", "carry no points"),
])
def test_a_ballot_breaking_a_limit_is_refused_naming_what_is_wrong(ballot, field, words):
    with pytest.raises(InvalidInput) as error:
        validate_ballot(LIMITED, ballot)
    assert any(words in message for message in error.value.errors[field]), error.value.errors


def test_a_cumulative_ballot_is_checked_point_by_point_and_in_all():
    election = Election((Project("a", 1), Project("b", 1)), 2, BallotKind.CUMULATIVE,
                        limits=BallotLimits(max_points=Fraction(5),
                                            max_sum_points=Fraction(8)))
    validate_ballot(election, Ballot("v", ("a", "b"), (5, 3)))
    with pytest.raises(InvalidInput) as error:
        validate_ballot(election, Ballot("v", ("a", "b"), (6, 4)))
    assert error.value.errors["points"] == ["a has 6 points, more than 5",
                                            "10 points in all, more than 8"]
    with pytest.raises(InvalidInput) as error:
        validate_ballot(election, Ballot("v", ("a",)))
    assert error.value.errors["points"] == ["each project needs its points"]
