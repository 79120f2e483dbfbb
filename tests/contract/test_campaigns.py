"""The store contract for matchfunding, the same tests on both engines: a pledge and its
matches in one transaction, the same numbers as the reference ledger, all or nothing at the
deadline, public pledges confirmed once, and pools never over their caps under races."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from graph_models.domain.campaigns import (
    Campaign,
    CampaignState,
    MatchState,
    Pledge,
    PledgeState,
    Pool,
    ask_public_pledge,
    email_pledger,
    public_pledge_digest,
    stakeholder_pledger,
)
from graph_models.domain.errors import Conflict, Gone, NotFound
from graph_models.domain.stakeholders import Instrument, Kind, TieType
from tests.builders import stakeholder
from tests.matchfunding_model import Ledger
from tests.races import race

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
END = T0 + timedelta(days=30)
D = Decimal


def a_campaign(owner: str, campaign_id: str = "c1", **fields) -> Campaign:
    values = dict(minimum=D(1000), optimum=D(2000), deadline=END, region="EL303",
                  created_at=T0, sectors=("catering_food_services",)) | fields
    return Campaign(campaign_id, owner, "Κοινωνική κουζίνα", **values)


def a_pool(owner: str, pool_id: str = "p1", **fields) -> Pool:
    values = dict(cap=D(500), deadline=END + timedelta(days=5), created_at=T0) | fields
    return Pool(pool_id, owner, "Ταμείο " + pool_id, **values)


def pledge(pledge_id: str, amount, *, by: str = "anna", at=T0, campaign="c1", **fields):
    return Pledge(pledge_id, campaign, D(amount), at, stakeholder_pledger(by), **fields)


@pytest.fixture
def world(store):
    coop = store.create_stakeholder(stakeholder())
    bank = store.create_stakeholder(stakeholder(Kind.INVESTOR))
    angel = store.create_stakeholder(stakeholder(Kind.INVESTOR))
    store.create_campaign(a_campaign(coop.id))
    return coop, bank, angel


def test_campaigns_and_pools_read_back_as_written_newest_first(store, world):
    coop, bank, _ = world
    later = store.create_campaign(a_campaign(coop.id, "c2", created_at=T0 + timedelta(hours=1)))
    pool = store.create_pool(a_pool(bank.id, ratio=D("1.5"), regions=("EL3",),
                                    instrument=Instrument.LOAN))
    assert store.get_pool(pool.id) == pool
    assert [c.id for c in store.list_campaigns()] == [later.id, "c1"]
    assert store.list_pools() == [pool]
    with pytest.raises(Conflict):
        store.create_campaign(later)
    with pytest.raises(NotFound):
        store.get_campaign("nope")


def test_a_pledge_and_its_matches_are_written_together_and_sum_up(store, world):
    _, bank, _ = world
    store.create_pool(a_pool(bank.id, per_pledge_cap=D(100)))
    result = store.add_pledge(pledge("x1", "150.50"))
    assert [(m.pool_id, m.amount) for m in result.matches] == [("p1", D("100.00"))]
    assert store.get_pledge("x1") == result
    totals = store.campaign_totals(["c1"])["c1"]
    assert (totals.pledged, totals.matched, totals.pledges) == (D("150.50"), D("100.00"), 1)
    assert store.pool_used(["p1"]) == {"p1": D("100.00")}
    with pytest.raises(Conflict):  # the same id again writes neither pledge nor match
        store.add_pledge(pledge("x1", 10))
    assert store.campaign_totals(["c1"])["c1"] == totals


def test_a_pledge_to_a_closed_or_missing_campaign_writes_nothing(store, world):
    with pytest.raises(Conflict) as refused:
        store.add_pledge(pledge("late", 10, at=END))
    assert refused.value.errors == {"state": ["closing"]}
    with pytest.raises(NotFound):
        store.add_pledge(pledge("lost", 10, campaign="nope"))
    assert store.list_pledges() == []


def test_the_store_gives_the_reference_ledgers_numbers(store, world):
    _, bank, _ = world
    campaign = store.get_campaign("c1")
    pools = [a_pool(bank.id, "early", cap=D(300), per_pledge_cap=D(80),
                    deadline=END + timedelta(days=1)),
             a_pool(bank.id, "late", ratio=D("0.5"), once_per_pledger=True,
                    per_project_cap=D(120)),
             a_pool(bank.id, "elsewhere", regions=("EL5",))]
    for pool in pools:
        store.create_pool(pool)
    ledger = Ledger(campaigns={"c1": campaign}, pools={p.id: p for p in pools})
    steps = [("x1", "200", "anna"), ("x2", "90.10", "anna"), ("x3", "35", "bo"),
             ("w", "x2"), ("x4", "400", "bo"), ("x5", "0.07", "cy"), ("w", "x5"),
             ("x6", "60", "cy")]
    for n, step in enumerate(steps):
        at = T0 + timedelta(hours=n)
        if step[0] == "w":
            store.withdraw_pledge(step[1], at)
            ledger.withdraw(step[1], at)
        else:
            mine = store.add_pledge(pledge(step[0], step[1], by=step[2], at=at))
            expected = ledger.pledge(pledge(step[0], step[1], by=step[2], at=at))
            assert mine.matches == tuple(expected)
    assert store.campaign_totals(["c1"])["c1"].raised == ledger.raised("c1")
    assert store.pool_used(["early", "late"]) == {p: ledger.pool_used(p)
                                                  for p in ("early", "late")}
    assert sorted(store.list_pledges(campaign_id="c1"), key=lambda p: p.id) == sorted(
        ledger.pledges.values(), key=lambda p: p.id)
    assert sorted(store.list_matches(campaign_id="c1"), key=lambda m: m.id) == sorted(
        ledger.matches.values(), key=lambda m: m.id)


def test_a_withdrawal_releases_the_matches_and_happens_once(store, world):
    _, bank, _ = world
    store.create_pool(a_pool(bank.id))
    store.add_pledge(pledge("x1", 100))
    withdrawn = store.withdraw_pledge("x1", T0 + timedelta(days=1))
    assert withdrawn.state == PledgeState.WITHDRAWN
    assert [m.state for m in store.get_pledge("x1").matches] == [MatchState.RELEASED]
    assert store.pool_used(["p1"]) == {"p1": D("0.00")}
    with pytest.raises(Conflict) as again:
        store.withdraw_pledge("x1", T0 + timedelta(days=2))
    assert again.value.errors == {"state": ["withdrawn"]}


def test_a_funded_campaign_commits_everything_and_writes_funded_ties(store, world):
    coop, bank, angel = world
    store.create_pool(a_pool(bank.id))
    store.add_pledge(pledge("x1", 400, by=angel.id, stakeholder_id=angel.id))
    store.add_pledge(Pledge("x2", "c1", D(100), T0, email_pledger("a@example.org"),
                            email="a@example.org"))
    with pytest.raises(Conflict):
        store.settle_campaign("c1", T0 + timedelta(days=1))
    version = store.version()
    settled = store.settle_campaign("c1", END)
    assert (settled.settled, store.get_campaign("c1").settled) == (CampaignState.FUNDED,) * 2
    assert store.version() == version + 1
    assert {p.state for p in store.list_pledges(campaign_id="c1")} == {PledgeState.COMMITTED}
    assert {m.state for m in store.list_matches(campaign_id="c1")} == {MatchState.COMMITTED}
    funded = sorted((t.source, t.amount, t.instrument) for t in store.ties_of(coop.id)
                    if t.type == TieType.FUNDED)
    assert funded == sorted([(bank.id, 500.0, Instrument.GRANT),
                             (angel.id, 400.0, Instrument.CROWDFUNDING)])
    with pytest.raises(Conflict):
        store.settle_campaign("c1", END)


def test_a_failed_campaign_refunds_every_pledge_and_releases_every_match(store, world):
    _, bank, _ = world
    store.create_pool(a_pool(bank.id))
    store.add_pledge(pledge("x1", 300))
    store.add_pledge(pledge("x2", 100, by="bo"))
    store.withdraw_pledge("x2", T0 + timedelta(days=1))
    assert store.settle_campaign("c1", END).settled == CampaignState.FAILED
    states = {p.id: p.state for p in store.list_pledges(campaign_id="c1")}
    assert states == {"x1": PledgeState.REFUNDED, "x2": PledgeState.WITHDRAWN}
    assert {m.state for m in store.list_matches()} == {MatchState.RELEASED}
    assert store.campaign_totals(["c1"])["c1"].raised == 0
    assert store.pool_used(["p1"]) == {"p1": D("0.00")}


def test_a_public_pledge_counts_once_confirmed_and_its_link_works_once(store, world):
    _, bank, _ = world
    store.create_pool(a_pool(bank.id))
    issued = ask_public_pledge("c1", "Maria@example.org", D(25), at=T0)
    store.create_public_pledge(issued.request)
    assert store.list_pledges() == []
    digest = public_pledge_digest(issued.secret)
    result = store.confirm_public_pledge(digest, "x1", T0 + timedelta(hours=1))
    assert result.pledge.pledger == email_pledger("maria@example.org")
    assert [m.amount for m in result.matches] == [D("25.00")]
    with pytest.raises(Gone) as again:
        store.confirm_public_pledge(digest, "x2", T0 + timedelta(hours=2))
    assert again.value.errors == {"state": ["confirmed"]}
    late = ask_public_pledge("c1", "b@example.org", D(5), at=T0)
    store.create_public_pledge(late.request)
    with pytest.raises(Gone):
        store.confirm_public_pledge(public_pledge_digest(late.secret), "x3", T0 + timedelta(days=3))
    with pytest.raises(NotFound):
        store.confirm_public_pledge("0" * 64, "x4", T0)
    assert [p.id for p in store.list_pledges()] == ["x1"]


def test_pledges_at_once_never_take_a_pool_past_its_cap(store, world):
    coop, bank, _ = world
    store.create_campaign(a_campaign(coop.id, "c2"))
    store.create_pool(a_pool(bank.id, cap=D(100)))
    attempts = [(f"x{n}", "c1" if n % 2 else "c2") for n in range(12)]
    outcome = race(attempts, lambda pledge_id, campaign: store.add_pledge(
        pledge(pledge_id, 15, by=pledge_id, campaign=campaign)))
    assert outcome.failed == [] and outcome.lost == []
    matched = sorted(m.amount for r in outcome.won for m in r.matches)
    assert sum(matched) == D(100)  # 6 full matches of 15, one of 10, the rest nothing
    assert matched == [D(10)] + [D(15)] * 6
    assert store.pool_used(["p1"]) == {"p1": D("100.00")}


def test_withdrawals_and_pledges_at_once_keep_the_ledger_consistent(store, world):
    _, bank, _ = world
    store.create_pool(a_pool(bank.id, cap=D(60)))
    for n in range(4):
        store.add_pledge(pledge(f"old{n}", 15, by=f"o{n}"))
    at = T0 + timedelta(hours=1)
    attempts = [("w", f"old{n}") for n in range(4)] + [("p", f"new{n}") for n in range(4)]
    outcome = race(attempts, lambda act, key: store.withdraw_pledge(key, at) if act == "w"
                   else store.add_pledge(pledge(key, 20, by=key, at=at)))
    assert outcome.failed == []
    live = sum((m.amount for m in store.list_matches() if m.state == MatchState.ACTIVE), D(0))
    assert live == store.pool_used(["p1"])["p1"] <= D(60)
    assert store.campaign_totals(["c1"])["c1"].pledged == D(80)


def test_the_kept_sums_agree_with_the_matches_across_two_campaigns(store, world):
    coop, bank, _ = world
    store.create_campaign(a_campaign(coop.id, "c2", minimum=D(5000)))
    store.create_pool(a_pool(bank.id, cap=D(400), per_project_cap=D(150)))
    at = T0
    for n, campaign in enumerate(["c1", "c2", "c1", "c2", "c1"]):
        store.add_pledge(pledge(f"x{n}", 90, by=f"p{n}", campaign=campaign, at=at))
    store.withdraw_pledge("x2", at + timedelta(hours=1))
    assert store.settle_campaign("c2", END).settled == CampaignState.FAILED
    live = [m for m in store.list_matches() if m.state in (MatchState.ACTIVE,
                                                           MatchState.COMMITTED)]
    # By hand: x0 90, x1 90, x2 60 and x3 60 (each campaign's cap of 150), x4 nothing; x2's
    # withdrawal and c2's failure release 60 + 150, leaving x0's 90.
    assert store.pool_used(["p1"])["p1"] == sum((m.amount for m in live), D(0)) == D(90)
    totals = store.campaign_totals(["c1", "c2"])
    assert (totals["c1"].pledged, totals["c1"].matched, totals["c1"].pledges) == (
        D(180), D(90), 2)
    assert totals["c2"].raised == 0
    # what x2 released is c1's room again: the next pledge to c1 is matched whole
    later = store.add_pledge(pledge("x9", 50, by="q", at=at + timedelta(hours=2)))
    assert [m.amount for m in later.matches] == [D(50)]
