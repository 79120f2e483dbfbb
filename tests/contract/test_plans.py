"""The store contract for plans and their history: the same tests on both engines."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from graph_models.domain.accounts import audit_entry
from graph_models.domain.errors import Conflict, NotFound
from graph_models.domain.plan_history import PlanChange, PlanRevision, plan_changes
from graph_models.domain.plans import (
    MANUAL,
    Goal,
    Indicator,
    IndicatorValue,
    Plan,
    PlanAction,
    PlanQuery,
    PlanState,
)
from graph_models.domain.queries import AuditQuery
from tests.builders import stakeholder

T0 = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


def a_plan(plan_id="p1", territory="EL303", at=T0, **fields) -> Plan:
    return Plan(id=plan_id, title="Σχέδιο ΚΑΛΟ", territory=territory, starts_on=date(2027, 1, 1),
                ends_on=date(2029, 12, 31), created_at=at, updated_at=at, **fields)


def first_revision(plan: Plan, actor_id="u1") -> PlanRevision:
    return PlanRevision(plan.id, plan.revision, plan.created_at, actor_id, "plan.create",
                        plan_changes(None, plan))


def next_of(plan: Plan, **fields) -> tuple[Plan, PlanRevision]:
    at = plan.updated_at + timedelta(minutes=1)
    changed = plan.changed(at, **fields)
    return changed, PlanRevision(plan.id, changed.revision, at, "u2", "plan.update",
                                 plan_changes(plan, changed))


def test_a_plan_with_goals_actions_and_indicators_is_read_back_as_written(store):
    coop = store.create_stakeholder(stakeholder())
    plan = a_plan(
        vision="Μια πόλη με ζωντανή ΚΑΛΟ", owners=("u1",),
        goals=(Goal("g1", "training", "Σχολή ΚοινΣΕπ"),),
        actions=(PlanAction("a1", "g1", "Εργαστήρια", coop.id, Decimal("12500.50"),
                            date(2027, 3, 1), date(2027, 6, 30)),),
        indicators=(Indicator("i1", MANUAL, "training", 40.0, date(2028, 12, 31), 5.0,
                              name="Απόφοιτοι", unit="άτομα",
                              values=(IndicatorValue(date(2027, 6, 1), 12.0, "μητρώο"),)),
                    Indicator("i2", "new_entities", "networking", 10.0, date(2029, 12, 31),
                              parameters=(("legal_form", "koinsep"),))))
    store.create_plan(plan, first_revision(plan))
    assert store.get_plan("p1") == plan
    assert store.get_plan("p1").actions[0].budget == Decimal("12500.50")


def test_a_missing_plan_is_not_found_and_so_is_its_history(store):
    with pytest.raises(NotFound):
        store.get_plan("nope")
    with pytest.raises(NotFound):
        store.plan_history("nope")


def test_a_second_plan_with_a_taken_id_is_refused_and_leaves_the_first(store):
    plan = a_plan()
    store.create_plan(plan, first_revision(plan))
    with pytest.raises(Conflict) as refused:
        store.create_plan(dataclasses.replace(plan, title="Άλλο"), first_revision(plan))
    assert refused.value.errors == {"id": ["taken"]}
    assert store.get_plan("p1").title == plan.title
    assert len(store.plan_history("p1")) == 1


def test_each_write_keeps_its_revision_and_the_history_reads_them_in_order(store):
    plan = a_plan()
    store.create_plan(plan, first_revision(plan))
    second, revision = next_of(plan, title="Σχέδιο 2027–2029")
    store.update_plan(second, revision)
    third, revision3 = next_of(second, goals=(Goal("g1", "financing", "Ταμείο"),))
    store.update_plan(third, revision3)
    history = store.plan_history("p1")
    assert [r.revision for r in history] == [0, 1, 2]
    assert [r.action for r in history] == ["plan.create", "plan.update", "plan.update"]
    assert history[1].changes == (PlanChange("title", "Σχέδιο ΚΑΛΟ", "Σχέδιο 2027–2029"),)
    assert history[2].changes == (PlanChange("goal", None, "Ταμείο", "g1"),)
    assert history[2].actor_id == "u2" and history[2].at == third.updated_at


def test_a_write_over_a_stale_revision_is_a_conflict_and_writes_nothing(store):
    plan = a_plan()
    store.create_plan(plan, first_revision(plan))
    mine, my_revision = next_of(plan, title="Το δικό μου")
    theirs, their_revision = next_of(plan, title="Το δικό τους")
    store.update_plan(mine, my_revision)
    with pytest.raises(Conflict) as refused:
        store.update_plan(theirs, their_revision, audit=audit_entry(
            "u2", "plan.update", "plan", "p1", region="EL303"))
    assert refused.value.errors == {"state": ["draft"]}
    assert store.get_plan("p1").title == "Το δικό μου"
    assert len(store.plan_history("p1")) == 2
    assert store.find_audit(AuditQuery(object_ids=("p1",))).total == 0


def test_an_update_of_a_missing_plan_is_not_found(store):
    plan, revision = next_of(a_plan())
    with pytest.raises(NotFound):
        store.update_plan(plan, revision)


def test_an_action_naming_a_missing_stakeholder_is_refused_with_nothing_written(store):
    plan = a_plan(goals=(Goal("g1", "training", "Σχολή"),))
    store.create_plan(plan, first_revision(plan))
    changed, revision = next_of(plan, actions=(PlanAction("a1", "g1", "Εργαστήρια", "ghost"),))
    with pytest.raises(Conflict) as refused:
        store.update_plan(changed, revision, audit=audit_entry(
            "u2", "plan.action.add", "plan", "p1", region="EL303"))
    assert refused.value.errors == {"responsible_id": ["no stakeholder ghost"]}
    assert store.get_plan("p1") == plan
    assert [r.revision for r in store.plan_history("p1")] == [0]
    assert store.find_audit(AuditQuery(object_ids=("p1",))).total == 0
    other = a_plan("p2", actions=changed.actions, goals=plan.goals)
    with pytest.raises(Conflict):
        store.create_plan(other, first_revision(other))
    with pytest.raises(NotFound):
        store.get_plan("p2")


def test_a_write_and_its_audit_entry_commit_together(store):
    plan = a_plan()
    store.create_plan(plan, first_revision(plan), audit=audit_entry(
        "u1", "plan.create", "plan", "p1", region="EL303"))
    changed, revision = next_of(plan, state=PlanState.ADOPTED)
    store.update_plan(changed, revision, audit=audit_entry(
        "u1", "plan.adopt", "plan", "p1", region="EL303", from_state="draft",
        to_state="adopted"))
    actions = [e.action for e in store.find_audit(AuditQuery(object_ids=("p1",))).items]
    assert sorted(actions) == ["plan.adopt", "plan.create"]


def test_plans_are_found_by_territory_state_and_the_drafts_one_may_see(store):
    made = [("athens", "EL303", PlanState.DRAFT), ("piraeus", "EL307", PlanState.ADOPTED),
            ("thessaloniki", "EL522", PlanState.DRAFT), ("crete", "EL43", PlanState.CLOSED)]
    for n, (plan_id, territory, state) in enumerate(made):
        plan = a_plan(plan_id, territory, T0 + timedelta(days=n), state=state)
        store.create_plan(plan, first_revision(plan))

    def ids(**query):
        return [p.id for p in store.find_plans(PlanQuery(**query)).items]

    assert ids() == ["crete", "thessaloniki", "piraeus", "athens"]
    assert ids(territory="EL30") == ["piraeus", "athens"]
    assert ids(states=(PlanState.DRAFT,)) == ["thessaloniki", "athens"]
    assert ids(drafts_in=("EL30",)) == ["crete", "piraeus", "athens"]
    assert ids(drafts_in=()) == ["crete", "piraeus"]
    assert ids(territory="EL5", drafts_in=()) == []
    page = store.find_plans(PlanQuery(page=2, page_size=3))
    assert [p.id for p in page.items] == ["athens"] and page.total == 4


def test_an_erased_stakeholder_leaves_the_plans_and_their_history_without_a_trace(store):
    coop, other = store.create_stakeholder(stakeholder()), store.create_stakeholder(stakeholder())
    plan = a_plan(goals=(Goal("g1", "training", "Σχολή"),))
    store.create_plan(plan, first_revision(plan))
    added, revision = next_of(plan, actions=(PlanAction("a1", "g1", "Εργαστήρια"),
                                             PlanAction("a2", "g1", "Mentoring")))
    store.update_plan(added, revision)
    named, revision = next_of(added, actions=(PlanAction("a1", "g1", "Εργαστήρια", coop.id),
                                              PlanAction("a2", "g1", "Mentoring", other.id)))
    store.update_plan(named, revision)
    store.delete_stakeholder(coop.id)
    kept = store.get_plan("p1")
    assert [a.responsible_id for a in kept.actions] == [None, other.id]
    assert kept.revision == named.revision
    history = store.plan_history("p1")
    assert history[-1].changes == (PlanChange("action.responsible_id", None, None, "a1"),
                                   PlanChange("action.responsible_id", None, other.id, "a2"))
    # The plan still takes writes over the revision its editors saw.
    changed, revision = next_of(kept, title="Μετά τη διαγραφή")
    store.update_plan(changed, revision)
    assert store.get_plan("p1").title == "Μετά τη διαγραφή"
