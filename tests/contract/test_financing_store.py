"""The financing read on both stores: the processes open to proposals and the pools open to
pledges, each pool with its live matches, in the order pools match."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from graph_models.domain.budgets import BudgetProcess, Phase
from graph_models.domain.campaigns import Campaign, Pledge, Pool, stakeholder_pledger
from graph_models.domain.stakeholders import Kind
from tests.builders import stakeholder

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
D = Decimal


def a_process(process_id: str, phase: Phase, *, hours: int = 0) -> BudgetProcess:
    at = T0 + timedelta(hours=hours)
    return BudgetProcess(id=process_id, name="Γειτονιές " + process_id, region="EL303",
                         budget=1000, fund_id="dimos", created_at=at, phase=phase,
                         phase_dates={Phase.PROPOSALS: at})


def a_pool(owner: str, pool_id: str, *, days: int, cap: int = 500, hours: int = 0) -> Pool:
    return Pool(pool_id, owner, "Ταμείο " + pool_id, cap=D(cap),
                deadline=T0 + timedelta(days=days), created_at=T0 + timedelta(hours=hours))


def test_only_processes_in_their_proposals_phase_are_open_newest_first(store):
    for process in (a_process("old", Phase.PROPOSALS), a_process("voting", Phase.VOTING, hours=1),
                    a_process("new", Phase.PROPOSALS, hours=2)):
        store.create_budget_process(process)
    processes, pools = store.open_financing(T0)
    assert [p.id for p in processes] == ["new", "old"]
    assert processes[1] == a_process("old", Phase.PROPOSALS)
    assert pools == []


def test_pools_past_their_deadline_or_spent_are_left_out_and_the_rest_come_in_match_order(store):
    coop = store.create_stakeholder(stakeholder())
    bank = store.create_stakeholder(stakeholder(Kind.INVESTOR))
    store.create_campaign(Campaign("c1", coop.id, "Κουζίνα", D(1000), D(5000),
                                   T0 + timedelta(days=60), "EL303", T0))
    store.create_pool(a_pool(bank.id, "late", days=40))
    store.create_pool(a_pool(bank.id, "soon", days=20, hours=1))
    store.create_pool(a_pool(bank.id, "spent", days=30, cap=100))
    store.create_pool(a_pool(bank.id, "closed", days=5))
    store.add_pledge(Pledge("x1", "c1", D(300), T0 + timedelta(days=1),
                            stakeholder_pledger(bank.id), stakeholder_id=bank.id))
    # The pledge of 300 € on day 1 is matched by every pool, earliest deadline first: "closed"
    # 300, "soon" 300, "spent" its whole 100, "late" 300 (the optimum leaves room for all).
    _, uses = store.open_financing(T0 + timedelta(days=10))
    assert [(use.pool.id, use.used) for use in uses] == [("soon", D(300)), ("late", D(300))]
    assert uses[0].pool == a_pool(bank.id, "soon", days=20, hours=1)
    # Before "closed" closes it is open again, and first in the order.
    _, uses = store.open_financing(T0 + timedelta(days=4))
    assert [use.pool.id for use in uses] == ["closed", "soon", "late"]
