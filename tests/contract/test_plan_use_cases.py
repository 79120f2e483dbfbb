"""The plan use cases over each store: who may read and change a plan in each state, what an
adopted or closed plan still takes, and the audit entry of each write."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph_models.domain.plans import PlanState
from graph_models.domain.queries import AuditQuery
from graph_models.use_cases.plans import Plans
from tests.builders import stakeholder

T0 = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
START, END = date(2027, 1, 1), date(2029, 12, 31)


def user(name, role, regions=()):
    return User(id=f"u-{name}", username=name, role=role, regions=tuple(regions),
                created_at=T0, updated_at=T0)


ATHENS = user("athens", Role.COORDINATOR, ["EL30"])
SALONICA = user("salonica", Role.COORDINATOR, ["EL52"])
MEMBER = user("member", Role.MEMBER)
VIEWER = user("viewer", Role.VIEWER, ["EL30"])
ADMIN = user("admin", Role.ADMIN)


@pytest.fixture
def desk(store):
    for person in (ATHENS, SALONICA, MEMBER, VIEWER, ADMIN):
        store.create_user(person)
    return Plans(store, clock=lambda: T0)


def ready(desk, actor=ATHENS):
    plan = desk.create_plan("ΣΑΣΟ", "EL303", START, END, actor=actor)
    plan = desk.add_goal(plan.id, plan.revision, pillar="training", title="Σχολή", actor=actor)
    plan = desk.add_action(plan.id, plan.revision, goal_id=plan.goals[0].id, what="Εργαστήρια",
                           actor=actor)
    return desk.add_indicator(plan.id, plan.revision, code="manual", pillar="training",
                              target=10, deadline=END, name="Απόφοιτοι", actor=actor)


def test_a_draft_is_hidden_from_all_but_its_territorys_coordinators_and_admins(desk):
    plan = ready(desk)
    assert desk.get_plan(plan.id, actor=ADMIN) == plan
    for outsider in (SALONICA, MEMBER, VIEWER):
        with pytest.raises(NotFound):
            desk.get_plan(plan.id, actor=outsider)
        with pytest.raises(NotFound):
            desk.history(plan.id, actor=outsider)
        assert desk.plans(actor=outsider).total == 0
    with pytest.raises(NotFound):
        desk.add_goal(plan.id, plan.revision, pillar="training", title="x", actor=SALONICA)
    with pytest.raises(Forbidden):
        desk.create_plan("Άλλο", "EL303", START, END, actor=SALONICA)
    with pytest.raises(Forbidden):
        desk.create_plan("Άλλο", "EL303", START, END, actor=MEMBER)


def test_an_adopted_plan_is_read_by_everyone_and_changed_by_its_coordinators_only(desk):
    plan = desk.adopt(*(lambda p: (p.id, p.revision))(ready(desk)), actor=ATHENS)
    for reader in (SALONICA, MEMBER, VIEWER):
        assert desk.get_plan(plan.id, actor=reader).state == PlanState.ADOPTED
        assert [p.id for p in desk.plans(actor=reader).items] == [plan.id]
    with pytest.raises(Forbidden):
        desk.update_action(plan.id, plan.actions[0].id, plan.revision, progress=10,
                           actor=SALONICA)
    with pytest.raises(Forbidden):
        desk.close(plan.id, plan.revision, actor=MEMBER)


def test_an_adopted_plan_takes_progress_values_and_owners_only_and_a_closed_one_nothing(desk):
    plan = ready(desk)
    plan = desk.adopt(plan.id, plan.revision, actor=ATHENS)
    action = plan.actions[0]
    for refused in (
            lambda: desk.add_goal(plan.id, plan.revision, pillar="financing", title="Ταμείο",
                                  actor=ATHENS),
            lambda: desk.update_action(plan.id, action.id, plan.revision, what="Άλλο",
                                       actor=ATHENS),
            lambda: desk.update_plan(plan.id, plan.revision, title="Άλλο", actor=ATHENS),
            lambda: desk.adopt(plan.id, plan.revision, actor=ATHENS)):
        with pytest.raises(Conflict):
            refused()
    plan = desk.update_action(plan.id, action.id, plan.revision, status="done", progress=100,
                              actor=ATHENS)
    plan = desk.record_value(plan.id, plan.indicators[0].id, plan.revision, on=date(2027, 6, 1),
                             value=4, actor=ATHENS)
    plan = desk.update_plan(plan.id, plan.revision, owners=[ATHENS.id, ADMIN.id], actor=ATHENS)
    plan = desk.close(plan.id, plan.revision, actor=ATHENS)
    with pytest.raises(Conflict):
        desk.update_action(plan.id, action.id, plan.revision, progress=50, actor=ATHENS)
    with pytest.raises(Conflict):
        desk.close(plan.id, plan.revision, actor=ATHENS)
    assert (plan.state, plan.owners, plan.actions[0].progress) == (
        PlanState.CLOSED, (ATHENS.id, ADMIN.id), 100)


def test_owners_are_coordinators_of_the_territory_and_a_draft_needs_an_action_to_adopt(desk):
    with pytest.raises(InvalidInput) as refused:
        desk.create_plan("ΣΑΣΟ", "EL303", START, END, owners=[SALONICA.id, MEMBER.id, "nobody"],
                         actor=ATHENS)
    assert refused.value.errors == {"owners": [
        f"{SALONICA.id}: not a coordinator of the territory",
        f"{MEMBER.id}: not a coordinator of the territory",
        "nobody: not a coordinator of the territory"]}
    plan = desk.create_plan("ΣΑΣΟ", "EL303", START, END, actor=ATHENS)
    assert plan.owners == (ATHENS.id,)
    with pytest.raises(InvalidInput) as refused:
        desk.adopt(plan.id, plan.revision, actor=ATHENS)
    assert set(refused.value.errors) == {"actions", "indicators"}


def test_a_responsible_stakeholder_is_one_the_author_may_read(desk, store):
    seen = store.create_stakeholder(stakeholder(region="EL303", discoverable=False))
    elsewhere = store.create_stakeholder(stakeholder(region="EL522", discoverable=False))
    plan = desk.create_plan("ΣΑΣΟ", "EL303", START, END, actor=ATHENS)
    plan = desk.add_goal(plan.id, plan.revision, pillar="training", title="Σχολή", actor=ATHENS)
    plan = desk.add_action(plan.id, plan.revision, goal_id=plan.goals[0].id, what="Εργαστήρια",
                           responsible_id=seen.id, actor=ATHENS)
    with pytest.raises(InvalidInput) as refused:
        desk.add_action(plan.id, plan.revision, goal_id=plan.goals[0].id, what="Άλλη",
                        responsible_id=elsewhere.id, actor=ATHENS)
    assert refused.value.errors == {"responsible_id": ["no such stakeholder"]}
    assert plan.actions[0].responsible_id == seen.id


def test_every_write_has_its_audit_entry_and_its_revision(desk, store):
    plan = ready(desk)
    plan = desk.adopt(plan.id, plan.revision, actor=ATHENS)
    entries = store.find_audit(AuditQuery(object_ids=(plan.id,), page_size=50)).items
    assert sorted(e.action for e in entries) == sorted([
        "plan.create", "plan.goal.add", "plan.action.add", "plan.indicator.add", "plan.adopt"])
    assert {e.region for e in entries} == {"EL303"}
    assert [v.revision.revision for v in desk.history(plan.id, actor=MEMBER)] == [0, 1, 2, 3, 4]
