"""Erasing a person on both stores takes their participatory budget ballots with them, and
their share out of the results, leaving everyone else's as they were."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.budgets import Phase
from graph_models.domain.errors import NotFound
from graph_models.domain.stakeholders import Kind
from graph_models.use_cases.budgets import Budgets
from tests.builders import stakeholder

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_erasing_a_voter_removes_their_ballots_and_their_share_only(store):
    fund = store.create_stakeholder(stakeholder(Kind.POLICYMAKER, name="Δήμος"))
    coop = store.create_stakeholder(stakeholder())
    voters = [store.create_user(User(id=f"u-{name}", username=name, role=Role.MEMBER,
                                     created_at=T0, updated_at=T0, memberships=(coop.id,)))
              for name in ("ana", "bo")]
    budgets = Budgets(store, clock=lambda: T0)
    made = {}
    for name in ("open", "decided"):
        process = budgets.create_process({"name": name, "region": "EL303", "budget": 1000,
                                          "fund_id": fund.id})
        project = budgets.propose(process.id, {"proposer_id": coop.id, "title": "Πάρκο",
                                               "cost": 400})
        budgets.open_phase(process.id, Phase.REVIEW)
        budgets.review(project.id, True, "")
        budgets.open_phase(process.id, Phase.VOTING)
        for voter in voters:
            budgets.cast(process.id, [project.id], actor=voter)
        made[name] = process.id
    budgets.open_phase(made["decided"], Phase.RESULTS)
    before = store.get_budget_process(made["decided"])
    assert {s.voter_id for s in before.results.shares} == {"u-ana", "u-bo"}

    store.delete_user("u-ana")

    for process_id in made.values():
        assert [b.voter_id for b in store.budget_ballots(process_id)] == ["u-bo"]
        with pytest.raises(NotFound):
            store.budget_ballot(process_id, "u-ana")
    after = store.get_budget_process(made["decided"])
    assert [s.voter_id for s in after.results.shares] == ["u-bo"]
    assert after.results.share_of("u-bo") == before.results.share_of("u-bo")
    assert (after.results.funded, after.results.voters, after.revision) == (
        before.results.funded, before.results.voters, before.revision)
