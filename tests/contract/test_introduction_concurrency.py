"""Introduction requests under concurrent writers, on both stores: the limits hold and a
transition is a compare-and-set, however many people act at the same moment."""

from __future__ import annotations

import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from graph_models.domain.accounts import audit_entry
from graph_models.domain.errors import Conflict
from graph_models.domain.idempotency import IdempotentResponse
from graph_models.domain.introductions import Introduction, IntroductionEvent, Purpose, State
from graph_models.domain.queries import AuditQuery, IntroductionQuery
from graph_models.domain.stakeholders import Kind, TieType, new_id
from tests.builders import FIXED_TIME, stakeholder, tie

THREADS = 10


def at_once(work, arguments) -> list:
    """Run ``work(argument)`` for each argument in its own thread, all released together;
    each result, or the Conflict it raised, in argument order."""
    barrier = threading.Barrier(len(arguments))

    def run(argument):
        barrier.wait()
        try:
            return work(argument)
        except Conflict as conflict:
            return conflict

    with ThreadPoolExecutor(len(arguments)) as pool:
        return list(pool.map(run, arguments))


def conflicts(results: list) -> list[Conflict]:
    return [r for r in results if isinstance(r, Conflict)]


def created(store, kind: Kind = Kind.ENTREPRENEUR):
    return store.create_stakeholder(stakeholder(kind, region="EL522"))


def request(requester, target) -> Introduction:
    return Introduction(id=new_id(), requester_id=requester.id, target_id=target.id,
                        purpose=Purpose.NETWORKING, message="Θα θέλαμε να γνωριστούμε",
                        region=target.region, requested_by="u1", created_at=FIXED_TIME,
                        state_changed_at=FIXED_TIME)


def test_of_ten_simultaneous_requests_for_one_pair_exactly_one_is_written(store):
    requester, target = created(store), created(store, Kind.INVESTOR)

    results = at_once(lambda _: store.create_introduction(request(requester, target),
                                                          max_open=THREADS),
                      range(THREADS))

    assert len(conflicts(results)) == THREADS - 1
    assert all("target_id" in c.errors for c in conflicts(results))
    assert store.find_introductions(IntroductionQuery()).total == 1


def test_simultaneous_requests_of_one_requester_stop_at_its_limit(store):
    requester = created(store)
    targets = [created(store, Kind.INVESTOR) for _ in range(THREADS)]

    results = at_once(lambda target: store.create_introduction(request(requester, target),
                                                               max_open=3),
                      targets)

    assert len(conflicts(results)) == THREADS - 3
    assert all("requester_id" in c.errors for c in conflicts(results))
    assert store.find_introductions(IntroductionQuery()).total == 3


def test_of_ten_simultaneous_transitions_from_one_revision_exactly_one_wins(store):
    requester, target = created(store), created(store, Kind.INVESTOR)
    first = store.create_introduction(request(requester, target), max_open=5)
    states = [State.WITHDRAWN if n % 2 else State.DECLINED for n in range(THREADS)]

    def move(n: int) -> Introduction:
        moved = dataclasses.replace(first, state=states[n], revision=1,
                                    state_changed_at=FIXED_TIME + timedelta(minutes=n))
        step = IntroductionEvent(id=new_id(), introduction_id=first.id, revision=1,
                                 at=moved.state_changed_at, actor_id=f"u{n}", step=f"step{n}",
                                 to_state=moved.state, from_state=State.REQUESTED)
        return store.transition_introduction(
            moved, event=step, audit=audit_entry(None, f"introduction.step{n}", "introduction",
                                                 first.id))

    results = at_once(move, range(THREADS))

    [winner] = [r for r in results if isinstance(r, Introduction)]
    assert store.get_introduction(first.id) == winner
    assert all(c.errors["state"] == [winner.state.value] for c in conflicts(results))
    assert [e.to_state for e in store.introduction_events(first.id)] == [winner.state]
    assert store.find_audit(AuditQuery(object_ids=(first.id,))).total == 1


def test_of_ten_simultaneous_completions_one_creates_the_tie_and_moves_the_version_once(store):
    requester, broker = created(store), created(store, Kind.SUPPORT_ORGANISATION)
    target = created(store, Kind.INVESTOR)
    first = store.create_introduction(dataclasses.replace(request(requester, target),
                                                          broker_id=broker.id), max_open=5)
    version = store.version()

    def complete(_) -> Introduction:
        done = dataclasses.replace(first, state=State.COMPLETED, revision=1)
        return store.transition_introduction(
            done, tie=tie(TieType.INTRODUCED, requester, target, via=broker.id))

    results = at_once(complete, range(THREADS))

    [winner] = [r for r in results if isinstance(r, Introduction)]
    assert [t.id for t in store.ties_of(requester.id)] == [winner.tie_id]
    assert store.get_introduction(first.id).tie_id == winner.tie_id
    assert store.version() == version + 1


def test_a_request_racing_the_erasure_of_its_target_never_outlives_it(store):
    target = created(store, Kind.INVESTOR)
    requesters = [created(store) for _ in range(THREADS - 1)]

    def act(requester):
        if requester is None:
            return store.delete_stakeholder(target.id)
        return store.create_introduction(request(requester, target), max_open=5)

    results = at_once(act, [*requesters, None])

    assert all(c.errors == {"target_id": ["no such stakeholder"]} for c in conflicts(results))
    assert store.find_introductions(IntroductionQuery()).total == 0


@pytest.mark.parametrize("expired", [False, True], ids=["fresh", "expired"])
def test_of_ten_simultaneous_claims_of_one_idempotency_key_exactly_one_holds_it(store,
                                                                                 expired):
    if expired:
        store.claim_idempotency_key(
            IdempotentResponse(key="k", user_id="u1", request_hash="old",
                               created_at=FIXED_TIME - timedelta(days=2)),
            expired_before=FIXED_TIME - timedelta(days=3),
            abandoned_before=FIXED_TIME - timedelta(days=3))
    claims = [IdempotentResponse(key="k", user_id="u1", request_hash=f"h{n}",
                                 created_at=FIXED_TIME) for n in range(THREADS)]

    results = at_once(lambda claim: store.claim_idempotency_key(
        claim, expired_before=FIXED_TIME - timedelta(days=1),
        abandoned_before=FIXED_TIME - timedelta(minutes=1)), claims)

    [winner] = [claim for claim, held in zip(claims, results, strict=True) if held is None]
    assert all(held == winner for held in results if held is not None)
