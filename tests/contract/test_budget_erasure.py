"""Erasing a person on both stores takes their participatory budget ballots with them, their
share out of the results and their name off the processes they created and the projects they
proposed or reviewed, leaving everyone else's as they were."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.budgets import Phase, Review
from graph_models.domain.errors import Conflict, NotFound
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


def test_erasing_a_person_takes_their_name_off_what_they_created_proposed_and_reviewed(store):
    fund = store.create_stakeholder(stakeholder(Kind.POLICYMAKER, name="Δήμος"))
    coop = store.create_stakeholder(stakeholder())

    def user(name, role=Role.MEMBER, **fields):
        return store.create_user(User(id=f"u-{name}", username=name, role=role, created_at=T0,
                                      updated_at=T0, **fields))

    coordinator = user("coord", Role.COORDINATOR, regions=("EL30",))
    ana, bo = (user(name, memberships=(coop.id,)) for name in ("ana", "bo"))
    budgets = Budgets(store, clock=lambda: T0)
    process = budgets.create_process({"name": "Πλατείες", "region": "EL303", "budget": 1000,
                                      "fund_id": fund.id}, actor=coordinator)
    by_ana, by_bo = (budgets.propose(process.id, {"proposer_id": coop.id, "title": title,
                                                  "cost": 400}, actor=actor)
                     for title, actor in (("Πάρκο", ana), ("Παγκάκια", bo)))
    budgets.open_phase(process.id, Phase.REVIEW, actor=coordinator)
    reviewed = budgets.review(by_ana.id, False, "εκτός ορίων", actor=coordinator)
    stale = dataclasses.replace(reviewed, notes="γραμμένο πριν τη διαγραφή",
                                revision=reviewed.revision + 1)

    store.delete_user("u-ana")

    erased = store.get_budget_project(by_ana.id)
    assert (erased.proposed_by, erased.reviewed_by) == (None, "u-coord")
    assert (erased.proposer_id, erased.review, erased.review_reason) == (
        coop.id, Review.INELIGIBLE, "εκτός ορίων")
    assert erased.revision == reviewed.revision + 1
    assert store.get_budget_project(by_bo.id) == by_bo
    # A change prepared before the erasure cannot write their name back.
    with pytest.raises(Conflict):
        store.update_budget_project(stale)

    store.delete_user("u-coord")

    assert store.get_budget_project(by_ana.id).reviewed_by is None
    assert store.get_budget_process(process.id).created_by is None
    assert store.get_budget_project(by_bo.id).proposed_by == "u-bo"
