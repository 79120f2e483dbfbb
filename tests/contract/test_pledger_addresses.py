"""The store contract for public pledgers' addresses, the same tests on both engines: erased on
request or with their user, cleared once their campaign closed long enough (totals kept), and
the links mailed to one address bounded per day, races included."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.campaigns import (
    Campaign,
    CampaignState,
    Pledge,
    Pool,
    ask_public_pledge,
    email_pledger,
    public_pledge_digest,
    stakeholder_pledger,
)
from graph_models.domain.errors import NotFound, TooManyRequests
from graph_models.domain.pledger_privacy import erased_pledger
from graph_models.domain.stakeholders import Kind
from tests.builders import stakeholder
from tests.races import race

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
END = T0 + timedelta(days=30)
D = Decimal


@pytest.fixture
def world(store):
    coop = store.create_stakeholder(stakeholder())
    bank = store.create_stakeholder(stakeholder(Kind.INVESTOR))
    for campaign_id in ("c1", "c2"):
        store.create_campaign(Campaign(campaign_id, coop.id, "Φούρνος", D(1000), D(2000), END,
                                       "EL303", T0))
    store.create_pool(Pool("p1", bank.id, "1:1", D(1000), END + timedelta(days=5), T0,
                           once_per_pledger=True))
    return coop, bank


def public_pledge(store, email: str, pledge_id: str, *, campaign="c1", amount=10, at=T0):
    """A public pledge asked for and confirmed an hour later."""
    issued = ask_public_pledge(campaign, email, D(amount), at=at)
    store.create_public_pledge(issued.request)
    return store.confirm_public_pledge(public_pledge_digest(issued.secret), pledge_id,
                                       at + timedelta(hours=1))


def waiting(store, email: str, *, campaign="c1", at=T0, limit=0):
    """A public pledge asked for and not confirmed: its link's digest."""
    issued = ask_public_pledge(campaign, email, D(5), at=at)
    store.create_public_pledge(issued.request, mails_per_day=limit)
    return public_pledge_digest(issued.secret)


def test_forgetting_an_address_clears_it_from_its_pledges_and_keeps_the_totals(store, world):
    public_pledge(store, "Maria@Example.org", "x1")
    public_pledge(store, "maria@example.org ", "x2", campaign="c2")
    public_pledge(store, "other@example.org", "x3")
    link = waiting(store, " MARIA@example.org")
    before = store.campaign_totals(["c1", "c2"])
    assert store.forget_pledger(email_pledger("maria@example.org")) == 3
    for pledge_id in ("x1", "x2"):
        result = store.get_pledge(pledge_id)
        assert result.pledge.email is None
        assert result.pledge.pledger == erased_pledger(pledge_id)
        assert {m.amount for m in result.matches} == {D(10)}  # matched as before
    assert store.get_pledge("x3").pledge.email == "other@example.org"
    assert store.list_pledges(pledger=email_pledger("maria@example.org")) == []
    assert {m.pledge_id for m in store.list_matches(campaign_id="c1")} == {"x1", "x3"}
    assert store.campaign_totals(["c1", "c2"]) == before
    with pytest.raises(NotFound):  # the waiting pledge went with the address
        store.confirm_public_pledge(link, "x4", T0 + timedelta(hours=2))


def test_an_erased_pledge_is_a_pledger_of_its_own_for_a_pool_matching_once(store, world):
    public_pledge(store, "maria@example.org", "x1")
    store.forget_pledger(email_pledger("maria@example.org"))
    again = public_pledge(store, "maria@example.org", "x2", at=T0 + timedelta(hours=3))
    assert [m.amount for m in again.matches] == [D(10)]


def test_erasing_a_user_clears_its_address_and_its_name_from_pledges(store, world):
    _, bank = world
    store.create_user(User(id="u1", username="maria", role=Role.MEMBER, created_at=T0,
                           updated_at=T0, email="Maria@example.org", memberships=(bank.id,)))
    public_pledge(store, "maria@example.org", "x1")
    store.add_pledge(Pledge("x2", "c1", D(20), T0, stakeholder_pledger(bank.id),
                            stakeholder_id=bank.id, user_id="u1"))
    public_pledge(store, "other@example.org", "x3")
    store.delete_user("u1")
    assert store.get_pledge("x1").pledge.email is None
    kept = store.get_pledge("x2").pledge
    assert (kept.user_id, kept.stakeholder_id, kept.amount) == (None, bank.id, D(20))
    assert store.get_pledge("x3").pledge.email == "other@example.org"
    with pytest.raises(NotFound):
        store.delete_user("u1")


def test_addresses_are_cleared_once_their_campaign_closed_long_enough(store, world):
    public_pledge(store, "a@example.org", "x1")
    public_pledge(store, "b@example.org", "x2", campaign="c2")
    store.settle_campaign("c2", END + timedelta(days=1))  # settled: closed a day later
    late = waiting(store, "c@example.org", at=END - timedelta(hours=1))
    before = store.campaign_totals(["c1", "c2"])
    # c1 closed at its deadline (never settled), c2 the day after: only c1 is old enough.
    assert store.forget_pledger_addresses(END + timedelta(hours=12), T0 + timedelta(days=40)) == 1
    assert store.get_pledge("x1").pledge.email is None
    assert store.get_pledge("x2").pledge.email == "b@example.org"
    assert store.get_pledge("x2").pledge.state.value == "refunded"
    assert store.campaign_totals(["c1", "c2"]) == before
    assert store.get_campaign("c2").settled == CampaignState.FAILED
    with pytest.raises(NotFound):  # its link ran out: the waiting pledge was deleted
        store.confirm_public_pledge(late, "x9", END - timedelta(minutes=30))
    assert store.forget_pledger_addresses(END + timedelta(days=2), END + timedelta(days=2)) == 1
    assert store.get_pledge("x2").pledge.email is None
    assert store.forget_pledger_addresses(END + timedelta(days=2), END + timedelta(days=2)) == 0


def test_a_waiting_pledge_whose_link_still_works_is_kept(store, world):
    link = waiting(store, "a@example.org")
    store.forget_pledger_addresses(T0, T0 + timedelta(hours=47))
    result = store.confirm_public_pledge(link, "x1", T0 + timedelta(hours=47, minutes=30))
    assert result.pledge.email == "a@example.org"


def test_an_address_gets_its_days_links_and_no_more_whoever_asks(store, world):
    for n in range(3):
        waiting(store, "maria@example.org" if n % 2 else "MARIA@example.org ",
                campaign="c1" if n % 2 else "c2", at=T0 + timedelta(hours=n), limit=3)
    refused = ask_public_pledge("c1", "Maria@Example.org", D(5), at=T0 + timedelta(hours=5))
    with pytest.raises(TooManyRequests) as caught:
        store.create_public_pledge(refused.request, mails_per_day=3)
    assert caught.value.errors == {"email": ["too many links today"]}
    assert caught.value.retry_after == 19 * 3600  # the day counted from the first link
    with pytest.raises(NotFound):  # nothing was kept of the refused one
        store.confirm_public_pledge(public_pledge_digest(refused.secret), "x1",
                                    T0 + timedelta(hours=6))
    waiting(store, "other@example.org", at=T0 + timedelta(hours=5), limit=3)
    waiting(store, "maria@example.org", at=T0 + timedelta(hours=24), limit=3)  # a new day
    waiting(store, "maria@example.org", at=T0 + timedelta(hours=25), limit=0)  # no limit


def test_erasing_an_address_forgets_its_count_of_links(store, world):
    for n in range(2):
        waiting(store, "maria@example.org", at=T0 + timedelta(minutes=n), limit=2)
    store.forget_pledger(email_pledger("maria@example.org"))
    waiting(store, "maria@example.org", at=T0 + timedelta(minutes=5), limit=1)
    with pytest.raises(TooManyRequests):
        waiting(store, "maria@example.org", at=T0 + timedelta(minutes=6), limit=1)


def test_links_asked_for_at_once_never_pass_the_days_limit(store, world):
    requests = [ask_public_pledge("c1", "maria@example.org", D(5), at=T0).request
                for _ in range(8)]
    outcome = race([(r,) for r in requests],
                   lambda r: store.create_public_pledge(r, mails_per_day=3))
    assert len(outcome.won) == 3
    assert len(outcome.failed) == 5
    assert all(isinstance(error, TooManyRequests) for error in outcome.failed)


def test_a_refused_link_writes_nothing_even_after_the_campaign_check(store, world):
    waiting(store, "maria@example.org", limit=1)
    second = ask_public_pledge("c1", "maria@example.org", D(5), at=T0)
    second = dataclasses.replace(second.request, id="r2")
    with pytest.raises(TooManyRequests):
        store.create_public_pledge(second, mails_per_day=1)
    with pytest.raises(NotFound):
        store.confirm_public_pledge(second.digest, "x1", T0)
