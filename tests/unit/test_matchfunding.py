"""The matchfunding arithmetic on hand-computed cases, and its invariants under any sequence of
pledges, withdrawals and a deadline (hypothesis, driving the reference ledger)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_models.domain.campaigns import (
    LIVE_MATCHES,
    Campaign,
    CampaignState,
    Match,
    MatchState,
    Pledge,
    PledgeState,
    Pool,
    campaign_problems,
    email_pledger,
    pool_problems,
)
from graph_models.domain.errors import Conflict
from graph_models.domain.matchfunding import (
    PoolUse,
    eligible,
    funded_ties,
    outcome,
    plan_matches,
    project_cap,
)
from graph_models.domain.stakeholders import Instrument, Kind, LegalForm, TieType
from tests.matchfunding_model import Ledger

T0 = datetime(2026, 3, 1, tzinfo=UTC)
END = T0 + timedelta(days=30)
D = Decimal


def campaign(minimum=1000, optimum=2000, **fields) -> Campaign:
    values = {"region": "EL303", "sectors": ("food",), "legal_form": LegalForm.KOINSEP} | fields
    return Campaign("c", "s", "Roof", minimum=D(minimum), optimum=D(optimum), deadline=END,
                    created_at=T0, **values)


def pool(pool_id="p", cap=10_000, **fields) -> Pool:
    values = {"deadline": END + timedelta(days=10)} | fields
    return Pool(pool_id, "bank", "Fund " + pool_id, cap=D(cap), created_at=T0, **values)


def planned(c, amount, *uses, raised=0, at=T0):
    return plan_matches(c, D(amount), uses, raised=D(raised), at=at)


def test_one_to_one_is_lowered_to_the_per_pledge_cap_and_to_what_is_left_of_the_pool():
    p = pool(cap=500, per_pledge_cap=D(100))
    assert planned(campaign(), 150, PoolUse(p)) == [("p", D("100.00"))]
    assert planned(campaign(), 150, PoolUse(p, used=D(450))) == [("p", D("50.00"))]
    assert planned(campaign(), 150, PoolUse(p, used=D(500))) == []


def test_a_ratio_multiplies_the_pledge_and_rounds_down_to_the_cent():
    assert planned(campaign(), 30, PoolUse(pool(ratio=D(2)))) == [("p", D("60.00"))]
    assert planned(campaign(), "0.05", PoolUse(pool(ratio=D("0.5")))) == [("p", D("0.02"))]


def test_the_per_project_cap_and_the_share_of_the_optimum_limit_what_a_campaign_receives():
    p = pool(per_project_cap=D(250))
    assert planned(campaign(), 100, PoolUse(p, here=D(200))) == [("p", D("50.00"))]
    assert planned(campaign(), 100, PoolUse(p, here=D(250))) == []
    share = pool(target_share=D("0.1"))  # 10% of an optimum of 2000
    assert project_cap(share, campaign()) == D(200)
    assert planned(campaign(), 500, PoolUse(share)) == [("p", D("200.00"))]


def test_a_pool_matching_once_per_pledger_skips_a_pledger_it_has_matched_already():
    p = pool(once_per_pledger=True)
    assert planned(campaign(), 10, PoolUse(p, pledger_matched=True)) == []
    assert planned(campaign(), 10, PoolUse(p)) == [("p", D("10.00"))]


def test_pools_apply_earliest_deadline_first_and_stop_at_the_optimum():
    late = pool("a", deadline=END + timedelta(days=20))
    early = pool("b", deadline=END + timedelta(days=5))
    assert planned(campaign(optimum=300), 100, PoolUse(late), PoolUse(early)) == [
        ("b", D("100.00")), ("a", D("100.00"))]
    assert planned(campaign(optimum=250), 100, PoolUse(late), PoolUse(early)) == [
        ("b", D("100.00")), ("a", D("50.00"))]
    # already at the optimum: the pledge counts, nothing is matched
    assert planned(campaign(optimum=250), 100, PoolUse(early), raised=250) == []


def test_eligibility_by_region_prefix_sector_legal_form_and_dates():
    c = campaign()
    assert eligible(pool(regions=("EL3",)), c, T0)
    assert not eligible(pool(regions=("EL5", "EL4")), c, T0)
    assert not eligible(pool(sectors=("energy",)), c, T0)
    assert eligible(pool(sectors=("energy", "food")), c, T0)
    assert not eligible(pool(legal_forms=(LegalForm.WORKERS_COOPERATIVE,)), c, T0)
    assert not eligible(pool(deadline=T0 + timedelta(days=1)), c, T0 + timedelta(days=1))
    assert not eligible(pool(), c, END)  # the campaign's deadline has passed


def test_all_or_nothing_counts_pledges_and_matches_against_the_minimum():
    assert outcome(campaign(), D("1000.00")) == CampaignState.FUNDED
    assert outcome(campaign(), D("999.99")) == CampaignState.FAILED


def test_a_funded_campaign_leaves_funded_ties_from_pool_owners_and_investors_only():
    c = campaign()
    pools = {"p": pool(), "q": Pool("q", "bank", "Loans", D(900), END, T0,
                                    instrument=Instrument.LOAN)}
    pledges = [Pledge("1", "c", D(300), T0, "stakeholder:angel", PledgeState.COMMITTED, "angel"),
               Pledge("2", "c", D(50), T0, "stakeholder:coop", PledgeState.COMMITTED, "coop"),
               Pledge("3", "c", D(70), T0, email_pledger("a@b.gr"), PledgeState.COMMITTED),
               Pledge("4", "c", D(99), T0, "stakeholder:angel", PledgeState.WITHDRAWN, "angel")]
    matches = [Match("m1", "1", "p", "c", D(300), T0, MatchState.COMMITTED),
               Match("m2", "2", "p", "c", D(50), T0, MatchState.COMMITTED),
               Match("m3", "3", "q", "c", D(70), T0, MatchState.COMMITTED),
               Match("m4", "4", "q", "c", D(99), T0, MatchState.RELEASED)]
    kinds = {"s": Kind.ENTREPRENEUR, "bank": Kind.INVESTOR, "angel": Kind.INVESTOR,
             "coop": Kind.ENTREPRENEUR}
    ties = funded_ties(c, pledges, matches, pools, kinds, at=END)
    assert [(t.source, t.target, t.amount, t.instrument) for t in ties] == [
        ("angel", "s", 300.0, Instrument.CROWDFUNDING),
        ("bank", "s", 350.0, Instrument.GRANT),
        ("bank", "s", 70.0, Instrument.LOAN)]
    assert {t.type for t in ties} == {TieType.FUNDED}


def test_the_rules_of_a_campaign_and_a_pool_name_the_field():
    assert campaign_problems(campaign(minimum=D("10.001"))) == {
        "minimum": ["at most two decimals"]}
    assert campaign_problems(campaign(minimum=500, optimum=400)) == {
        "optimum": ["must not be below the minimum"]}
    assert set(pool_problems(pool(ratio=D(0), regions=("EL999", "x")))) == {"ratio", "regions"}


# -- properties ------------------------------------------------------------------------------

euros = st.integers(min_value=1, max_value=50_000).map(lambda cents: D(cents) / 100)
caps = st.none() | st.integers(min_value=1, max_value=600).map(D)
pools = st.builds(
    lambda n, cap, ratio, per_pledge, per_project, share, once, late: pool(
        f"p{n}", cap=cap, ratio=ratio, per_pledge_cap=per_pledge, per_project_cap=per_project,
        target_share=share, once_per_pledger=once,
        deadline=T0 + timedelta(days=late)),
    st.integers(0, 99), st.integers(1, 900), st.sampled_from([D(1), D(2), D("0.5"), D("1.25")]),
    caps, caps, st.none() | st.sampled_from([D("0.1"), D("0.5"), D(1)]), st.booleans(),
    st.integers(1, 40))
steps = st.lists(st.one_of(
    st.tuples(st.just("pledge"), st.integers(0, 3), euros, st.integers(0, 35)),
    st.tuples(st.just("withdraw"), st.integers(0, 30), st.integers(0, 29))), max_size=25)


def run(ledger: Ledger, plan) -> None:
    """Apply the steps in time order, then the deadline; check the invariants each time."""
    count = 0
    for step in sorted(plan, key=lambda s: s[-1]):
        at = T0 + timedelta(days=step[-1])
        try:
            if step[0] == "pledge":
                before = ledger.raised("c")
                made = ledger.pledge(Pledge(f"x{count}", "c", step[2], at,
                                            f"stakeholder:{step[1]}"))
                count += 1
                after = before + step[2] + sum((m.amount for m in made), D(0))
                assert ledger.raised("c") == after
                # matching stops at the optimum: pledges alone may pass it
                assert not made or after <= ledger.campaigns["c"].optimum
            elif ledger.pledges:
                ledger.withdraw(list(ledger.pledges)[step[1] % len(ledger.pledges)], at)
        except Conflict:  # a pledge after the deadline, or a withdrawal of an ended pledge
            pass
        check(ledger)
    ledger.settle("c", END)
    check(ledger)


def check(ledger: Ledger) -> None:
    c = ledger.campaigns["c"]
    for p in ledger.pools.values():
        assert ledger.pool_used(p.id) <= p.cap
        cap = project_cap(p, c)
        assert cap is None or ledger.matched("c", p.id) <= cap
    pledge_of = ledger.pledges
    for m in ledger.matches.values():
        p = ledger.pools[m.pool_id]
        assert 0 < m.amount <= p.ratio * pledge_of[m.pledge_id].amount
        assert p.per_pledge_cap is None or m.amount <= p.per_pledge_cap
        assert (m.state in LIVE_MATCHES) == (pledge_of[m.pledge_id].state in {
            PledgeState.ACTIVE, PledgeState.COMMITTED})
    pledged = sum((p.amount for p in pledge_of.values()
                   if p.state in {PledgeState.ACTIVE, PledgeState.COMMITTED}), D(0))
    matched = ledger.matched("c")
    assert ledger.raised("c") == pledged + matched
    assert sum((ledger.matched("c", pid) for pid in ledger.pools), D(0)) == matched


@settings(max_examples=300, deadline=None)
@given(st.lists(pools, min_size=1, max_size=4, unique_by=lambda p: p.id), steps,
       st.integers(1, 3000), st.integers(0, 3000))
def test_no_sequence_breaks_a_cap_the_ratio_or_the_ledger_sums(pool_list, plan, minimum, more):
    ledger = Ledger(campaigns={"c": campaign(minimum, minimum + more)},
                    pools={p.id: p for p in pool_list})
    run(ledger, plan)
    state = ledger.campaigns["c"].settled
    if state == CampaignState.FAILED:
        assert ledger.raised("c") == 0
        assert all(m.state == MatchState.RELEASED for m in ledger.matches.values())
        assert all(p.state in {PledgeState.REFUNDED, PledgeState.WITHDRAWN}
                   for p in ledger.pledges.values())
        assert all(ledger.pool_used(p) == 0 for p in ledger.pools)
    else:
        assert state == CampaignState.FUNDED
        assert ledger.raised("c") >= ledger.campaigns["c"].minimum
        assert all(m.state != MatchState.ACTIVE for m in ledger.matches.values())


@pytest.mark.parametrize("amount", ["0", "-1", "0.001", "NaN", "10000000.01"])
def test_a_pledge_amount_must_be_positive_whole_cents_and_bounded(amount):
    from graph_models.domain.campaigns import amount_problem

    assert amount_problem(D(amount)) is not None
