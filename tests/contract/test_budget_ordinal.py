"""Processes with ordinal (ranked) ballots on both stores: which rules they may run, a ranking
kept in its order, refusals that name the field and write nothing, results by Borda score
(by hand for the greedy rule, the package's for equal shares) and a pabulib round trip."""

from __future__ import annotations

import pytest

from graph_models.budgeting import equal_shares, read_pabulib
from graph_models.budgeting.wording import why
from graph_models.domain.budgets import BallotType, Phase
from graph_models.domain.errors import InvalidInput
from graph_models.domain.stakeholders import TieType
from graph_models.use_cases.budget_files import BudgetFiles
from graph_models.use_cases.budgets import election_of
from tests.contract import test_budgets
from tests.contract.test_budgets import T0, Town, new_process, to_voting

town = test_budgets.town  # the fixture: a fund, a cooperative, a group, a coordinator, voters


@pytest.mark.parametrize(("fields", "field"), [
    ({"rule": "phragmen"}, "rule"),
    ({"rules": {"max_cost": 500}}, "max_cost"),
    ({"rules": {"max_points": 10}}, "max_points"),
])
def test_an_ordinal_process_refuses_what_does_not_fit_ranked_ballots(store, town, fields,
                                                                     field):
    with pytest.raises(InvalidInput) as refused:
        new_process(town, ballot_type="ordinal", **fields)
    assert field in refused.value.errors
    assert store.list_budget_processes() == []


def ranked(town: Town, rule: str):
    """a (600 €), b and c (400 € each) ranked by four voters: b a c, a c, b c a, c b a.
    Borda: b 2+2+1 = 5, c 0+0+1+2 = 3, a 1+1+0+0 = 2."""
    process, (a, b, c) = to_voting(
        town, new_process(town, ballot_type="ordinal", rule=rule,
                          rules={"min_projects": 2, "max_projects": 3}), 600, 400, 400)
    for voter, ranking in zip(town.voters, ([b, a, c], [a, c], [b, c, a], [c, b, a]),
                              strict=True):
        town.budgets.cast(process.id, [p.id for p in ranking], actor=voter)
    return process, (a, b, c)


def test_a_ranking_is_kept_in_its_order_and_a_bad_one_is_refused_by_field(store, town):
    process, (a, b, c) = ranked(town, "greedy")
    assert store.budget_ballot(process.id, town.voters[0].id).projects == (b.id, a.id, c.id)
    assert store.budget_ballot(process.id, town.voters[2].id).projects == (b.id, c.id, a.id)
    version = store.version()
    for projects, points, field in (([a.id, a.id], None, "projects"), ([a.id], None, "projects"),
                                    ([a.id, b.id], [1, 2], "points")):
        with pytest.raises(InvalidInput) as refused:
            town.budgets.cast(process.id, projects, points, actor=town.proposer)
        assert field in refused.value.errors
    assert store.version() == version


def test_the_greedy_rule_funds_by_borda_score_and_says_so(store, town):
    # b (5 points) fits, 600 € left; c (3) fits, 200 € left; a (2) costs 600: it does not.
    process, (a, b, c) = ranked(town, "greedy")

    done = town.budgets.open_phase(process.id, Phase.RESULTS, actor=town.coordinator)

    assert done.results.funded == (b.id, c.id)
    verdicts = {v.project_id: v for v in done.results.verdicts}
    assert [verdicts[p.id].score for p in (a, b, c)] == [2.0, 5.0, 3.0]
    assert str(why(verdicts[a.id], cost=600, ordinal=True)) == (
        "not funded: ranked 3 by Borda score (2 points), it cost €600 but only €200 were left")
    tie = store.get_tie(store.get_budget_project(b.id).tie_id)
    assert (tie.type, tie.amount) == (TieType.FUNDED, 400.0)
    share = town.budgets.my_share(done, town.voters[1])
    assert share.funded == 1  # c, which voter 1 ranked last


def test_equal_shares_on_rankings_is_the_packages_outcome(store, town):
    process, _ = ranked(town, "equal_shares")
    election = election_of(process, store.budget_projects(process.id),
                           store.budget_ballots(process.id))

    done = town.budgets.open_phase(process.id, Phase.RESULTS, actor=town.coordinator)

    assert done.results.funded == equal_shares(election).funded
    assert {s.voter_id for s in done.results.shares} == {v.id for v in town.voters}


def test_an_ordinal_election_goes_out_and_comes_back_with_its_rankings(store, town):
    process, (a, b, c) = ranked(town, "greedy")
    files = BudgetFiles(store, clock=lambda: T0)

    text = files.export_file(process.id, actor=town.coordinator)

    lines = text.splitlines()
    assert {"vote_type;ordinal", "scoring_fn;Borda", "min_length;2", "max_length;3"} <= set(lines)
    assert sorted(ballot.projects for ballot in read_pabulib(text).ballots) == sorted(
        tuple(p.id for p in ranking) for ranking in ([b, a, c], [a, c], [b, c, a], [c, b, a]))
    copy = files.import_file(text, {"region": "EL303", "fund_id": town.fund, "rule": "greedy"},
                             actor=town.coordinator)
    assert copy.ballot_type is BallotType.ORDINAL
    replayed = town.budgets.open_phase(copy.id, Phase.RESULTS, actor=town.coordinator)
    titles = {p.id: p.title for p in store.budget_projects(copy.id)}
    assert [titles[i] for i in replayed.results.funded] == ["έργο 1", "έργο 2"]


def test_an_ordinal_file_scored_otherwise_than_by_borda_is_refused(store, town):
    text = ("META\nkey;value\nbudget;100\nvote_type;ordinal\nscoring_fn;Dowdall\nPROJECTS\n"
            "project_id;cost\np1;10\np2;10\nVOTES\nvoter_id;vote\nv1;p1,p2\n")
    with pytest.raises(InvalidInput) as refused:
        BudgetFiles(store).import_file(text, {"region": "EL303", "fund_id": town.fund},
                                       actor=town.coordinator)
    assert set(refused.value.errors) == {"file"}
    assert store.list_budget_processes() == []
