"""Participatory budgets on both stores: the store's guarantees (one ballot per voter, even
when two are cast at once; results and their FUNDED ties in one transaction) and the use cases
over it (who proposes, reviews, votes and tracks; results computed and explained)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from graph_models.budgeting import greedy_by_votes, read_pabulib
from graph_models.budgeting.wording import why, your_share
from graph_models.domain.accounts import Role, User
from graph_models.domain.budgets import Execution, OutcomeRule, Phase, Review
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph_models.domain.stakeholders import Kind, Tie, TieType
from graph_models.use_cases.budget_files import BudgetFiles
from graph_models.use_cases.budgets import Budgets, election_of
from tests.builders import stakeholder
from tests.races import race

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@dataclasses.dataclass
class Town:
    budgets: Budgets
    fund: str
    coop: str
    group: str
    coordinator: User
    proposer: User
    voters: list[User]
    stranger: User


@pytest.fixture
def town(store) -> Town:
    fund = store.create_stakeholder(stakeholder(Kind.POLICYMAKER, name="Δήμος"))
    coop = store.create_stakeholder(stakeholder())
    group = store.create_stakeholder(stakeholder())
    far = store.create_stakeholder(stakeholder(region="EL522"))

    def user(name, role=Role.MEMBER, **fields):
        return store.create_user(User(id=f"u-{name}", username=name, role=role, created_at=T0,
                                      updated_at=T0, **fields))

    return Town(
        Budgets(store, clock=lambda: T0), fund.id, coop.id, group.id,
        user("coordinator", Role.COORDINATOR, regions=("EL30",)),
        user("proposer", memberships=(coop.id,)),
        [user(f"voter{i}", memberships=(group.id,)) for i in range(4)],
        user("stranger", memberships=(far.id,)))


def new_process(town: Town, **fields):
    return town.budgets.create_process({
        "name": "Γειτονιές 2026", "region": "EL303", "budget": 1000, "fund_id": town.fund,
        **fields}, actor=town.coordinator)


def propose(town: Town, process, title, cost, proposer=None):
    return town.budgets.propose(process.id, {
        "title": title, "cost": cost, "proposer_id": town.coop, "categories": ["πράσινο"]},
        actor=proposer or town.proposer)


def to_voting(town: Town, process, *costs):
    projects = [propose(town, process, f"έργο {i}", cost) for i, cost in enumerate(costs)]
    process = town.budgets.open_phase(process.id, Phase.REVIEW, actor=town.coordinator)
    for project in projects:
        town.budgets.review(project.id, True, "", actor=town.coordinator)
    return town.budgets.open_phase(process.id, Phase.VOTING, actor=town.coordinator), projects


def test_a_process_is_kept_as_written_and_moves_only_from_the_revision_it_was_read_at(store,
                                                                                       town):
    process = new_process(town, rule="greedy", rules={"max_projects": 2, "max_cost": 900})

    assert store.get_budget_process(process.id) == process
    assert store.list_budget_processes() == [process]
    opened = process.opened(Phase.REVIEW, T0)
    store.update_budget_process(opened)
    with pytest.raises(Conflict):
        store.update_budget_process(opened)
    assert store.get_budget_process(process.id).phase_dates == {Phase.PROPOSALS: T0,
                                                                Phase.REVIEW: T0}


def test_members_propose_only_for_their_own_stakeholder_and_only_while_proposals_are_open(town):
    process = new_process(town)
    with pytest.raises(Forbidden):
        town.budgets.propose(process.id, {"title": "x", "cost": 10, "proposer_id": town.coop},
                             actor=town.voters[0])
    with pytest.raises(InvalidInput) as error:
        propose(town, process, "x", 2000)
    assert error.value.errors == {"cost": ["more than the budget"]}
    town.budgets.open_phase(process.id, Phase.REVIEW, actor=town.coordinator)
    with pytest.raises(Conflict) as late:
        propose(town, process, "late", 10)
    assert late.value.errors == {"phase": ["review"]}


def test_a_proposer_never_reviews_its_own_project_and_a_refusal_needs_a_reason(store, town):
    process = new_process(town)
    own = propose(town, process, "η πλατεία μας", 300)
    town.budgets.open_phase(process.id, Phase.REVIEW, actor=town.coordinator)
    member_coordinator = store.create_user(User(
        id="u-mc", username="mc", role=Role.COORDINATOR, regions=("EL30",),
        memberships=(town.coop,), created_at=T0, updated_at=T0))

    with pytest.raises(Forbidden):
        town.budgets.review(own.id, True, "", actor=member_coordinator)
    with pytest.raises(InvalidInput) as error:
        town.budgets.review(own.id, False, " ", actor=town.coordinator)
    assert error.value.errors == {"reason": ["required"]}
    refused = town.budgets.review(own.id, False, "εκτός αρμοδιότητας", actor=town.coordinator)
    assert (refused.review, refused.review_reason) == (Review.INELIGIBLE, "εκτός αρμοδιότητας")


def test_voters_are_verified_by_territory_cast_one_ballot_and_read_only_their_own(store, town):
    process, (a, b) = to_voting(town, new_process(town, rules={"max_projects": 1}), 600, 500)

    with pytest.raises(Forbidden):
        town.budgets.cast(process.id, [a.id], actor=town.stranger)
    with pytest.raises(InvalidInput) as error:
        town.budgets.cast(process.id, [a.id, b.id], actor=town.voters[0])
    assert set(error.value.errors) == {"projects"}
    town.budgets.cast(process.id, [a.id], actor=town.voters[0])
    with pytest.raises(Conflict) as twice:
        town.budgets.cast(process.id, [b.id], actor=town.voters[0])
    assert twice.value.errors == {"voter": ["has voted already"]}
    assert town.budgets.my_ballot(process.id, actor=town.voters[0]).projects == (a.id,)
    with pytest.raises(NotFound):
        town.budgets.my_ballot(process.id, actor=town.voters[1])
    assert len(store.budget_ballots(process.id)) == 1


def test_of_two_ballots_of_one_voter_cast_at_once_exactly_one_is_stored(store, town):
    process, (a, b) = to_voting(town, new_process(town), 600, 500)

    outcome = race([([a.id],), ([b.id],), ([a.id, b.id],)],
                   lambda projects: town.budgets.cast(process.id, projects,
                                                      actor=town.voters[0]))

    assert (len(outcome.won), len(outcome.lost), outcome.failed) == (1, 2, [])
    assert [b.voter_id for b in store.budget_ballots(process.id)] == [town.voters[0].id]


def test_results_are_computed_explained_and_become_funded_ties_in_one_write(store, town):
    # Greedy by votes, by hand: A (600 €) has 3 votes, C (400 €) 2, B (500 €) 1. A fits
    # (400 € left), C fits (0 € left), B does not.
    process, (a, b, c) = to_voting(town, new_process(town, rule="greedy"), 600, 500, 400)
    for voter, chosen in zip(town.voters, ([a, c], [a], [b, c], [a]), strict=True):
        town.budgets.cast(process.id, [p.id for p in chosen], actor=voter)
    version = store.version()

    done = town.budgets.open_phase(process.id, Phase.RESULTS, actor=town.coordinator)

    assert done.results.funded == (a.id, c.id) and done.results.cost == 1000
    verdicts = {v.project_id: v for v in done.results.verdicts}
    assert str(why(verdicts[b.id], cost=500)) == (
        "not funded: ranked 3 by votes, it cost €500 but only €0 were left")
    assert str(why(verdicts[a.id], cost=600)).startswith("funded: ranked 1 by votes")
    share = town.budgets.my_share(done, town.voters[0])
    assert str(your_share(share)) == "2 of the projects you voted for were funded."
    funded = [store.get_budget_project(p.id) for p in (a, b, c)]
    assert [p.funded for p in funded] == [True, False, True]
    assert funded[0].execution is Execution.NOT_STARTED
    tie = store.get_tie(funded[0].tie_id)
    assert (tie.type, tie.source, tie.target, tie.amount) == (TieType.FUNDED, town.fund,
                                                              town.coop, 600.0)
    assert store.version() == version + 1


def test_results_with_a_tie_to_a_missing_stakeholder_write_nothing(store, town):
    process, (a,) = to_voting(town, new_process(town, rule="greedy"), 600)
    opened = store.get_budget_process(process.id).opened(Phase.RESULTS, T0)
    stray = Tie(id="t-stray", type=TieType.FUNDED, source=town.fund, target="nobody",
                since=T0.date(), amount=1.0, created_at=T0, updated_at=T0)
    funded = dataclasses.replace(a, funded=True, revision=a.revision + 2)

    with pytest.raises(Conflict):
        store.record_budget_results(opened, [funded], [stray])

    assert store.get_budget_process(process.id).phase is Phase.VOTING
    assert store.get_budget_project(a.id).funded is False


def test_equal_shares_is_the_default_rule_and_its_outcome_is_the_packages(store, town):
    process, projects = to_voting(town, new_process(town), 600, 500, 400)
    for voter, chosen in zip(town.voters, ([0, 2], [0], [1, 2], [0]), strict=True):
        town.budgets.cast(process.id, [projects[i].id for i in chosen], actor=voter)

    done = town.budgets.open_phase(process.id, Phase.RESULTS, actor=town.coordinator)

    assert done.rule is OutcomeRule.EQUAL_SHARES and done.results.rule is OutcomeRule.EQUAL_SHARES
    assert done.results.funded[0] == projects[0].id
    assert {s.voter_id for s in done.results.shares} == {v.id for v in town.voters}
    share = town.budgets.my_share(done, town.voters[1])
    assert share.share > 0 and str(your_share(share)).startswith("Your equal share")


def test_execution_is_tracked_by_the_coordinators_and_the_proposer_to_completion(store, town):
    process, (a, b) = to_voting(town, new_process(town, rule="greedy"), 600, 500)
    town.budgets.cast(process.id, [a.id], actor=town.voters[0])
    town.budgets.open_phase(process.id, Phase.RESULTS, actor=town.coordinator)
    with pytest.raises(Conflict):
        town.budgets.track(a.id, {"progress": 10}, actor=town.proposer)
    town.budgets.open_phase(process.id, Phase.EXECUTION, actor=town.coordinator)

    halfway = town.budgets.track(a.id, {"execution": "in_progress", "progress": 50,
                                        "notes": "ξεκίνησαν οι εργασίες"}, actor=town.proposer)
    with pytest.raises(Forbidden):
        town.budgets.track(a.id, {"progress": 60}, actor=town.voters[1])
    with pytest.raises(Conflict):
        town.budgets.track(b.id, {"progress": 60}, actor=town.coordinator)
    done = town.budgets.track(a.id, {"execution": "completed"}, actor=town.coordinator)

    assert (halfway.progress, done.execution, done.progress) == (50, Execution.COMPLETED, 100)


def test_an_exported_election_imports_back_with_the_same_outcome_and_pseudonymous_voters(
        store, town):
    process, (a, b, c) = to_voting(town, new_process(town, rule="greedy"), 600, 500, 400)
    for voter, chosen in zip(town.voters, ([a, c], [a], [b, c], [a]), strict=True):
        town.budgets.cast(process.id, [p.id for p in chosen], actor=voter)
    town.budgets.open_phase(process.id, Phase.RESULTS, actor=town.coordinator)
    files = BudgetFiles(store, clock=lambda: T0)

    text = files.export_file(process.id, actor=town.coordinator)

    assert not any(v.id in text for v in town.voters)
    votes = text.split("VOTES\n", 1)[1].splitlines()[1:]
    assert sorted(line.split(";")[0] for line in votes) == ["v1", "v2", "v3", "v4"]
    assert greedy_by_votes(read_pabulib(text)).funded == (a.id, c.id)
    copy = files.import_file(text, {"region": "EL303", "fund_id": town.fund, "rule": "greedy"},
                             actor=town.coordinator)
    assert copy.phase is Phase.VOTING and len(store.budget_ballots(copy.id)) == 4
    replayed = town.budgets.open_phase(copy.id, Phase.RESULTS, actor=town.coordinator)
    titles = {p.id: p.title for p in store.budget_projects(copy.id)}
    assert [titles[i] for i in replayed.results.funded] == ["έργο 0", "έργο 2"]
    assert election_of(copy, store.budget_projects(copy.id)).budget == 1000


def test_an_import_outside_ones_territory_or_of_a_broken_file_writes_nothing(store, town):
    files = BudgetFiles(store)
    with pytest.raises(InvalidInput) as broken:
        files.import_file("META\nkey;value\n", {"region": "EL303", "fund_id": town.fund},
                          actor=town.coordinator)
    assert set(broken.value.errors) == {"file"}
    with pytest.raises(InvalidInput) as elsewhere:
        files.import_file("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\n"
                          "project_id;cost\np1;10\nVOTES\nvoter_id;vote\nv1;p1\n",
                          {"region": "EL522", "fund_id": town.fund}, actor=town.coordinator)
    assert elsewhere.value.errors == {"region": ["outside your territories"]}
    assert store.list_budget_processes() == []
