"""The store contract for idempotency keys: claims, answers, abandoned claims taken over, writes
that record their claim in their own transaction, and erasure of kept answers. The same tests
on SQLite and on a real Neo4j."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest

from graph_models.domain.accounts import Role, User, audit_entry
from graph_models.domain.errors import Conflict
from graph_models.domain.idempotency import IdempotentResponse, writing_for
from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.stakeholders import Kind, new_id
from tests.builders import FIXED_TIME, stakeholder

DAY = timedelta(days=1)
CLAIM_TIME = timedelta(seconds=60)


def claim_of(key: str = "k1", user_id: str = "u1", request_hash: str = "h",
             at=FIXED_TIME) -> IdempotentResponse:
    return IdempotentResponse(key=key, user_id=user_id, request_hash=request_hash,
                              created_at=at)


def claim(store, new: IdempotentResponse) -> IdempotentResponse | None:
    """Claim as the service does at the claim's time: keys kept a day, claims held a minute."""
    return store.claim_idempotency_key(new, expired_before=new.created_at - DAY,
                                       abandoned_before=new.created_at - CLAIM_TIME)


def create_for(store, held: IdempotentResponse, **fields):
    """Create a stakeholder as a request holding ``held`` does."""
    person = stakeholder(Kind.ENTREPRENEUR, **fields)
    with writing_for(held):
        store.create_stakeholder(person, audit=audit_entry(
            "u1", "stakeholder.create", "stakeholder", person.id))
    return person


def answer(person) -> str:
    return json.dumps({"id": person.id, "name": person.name, "email": person.email},
                      ensure_ascii=False)


def stakeholders(store) -> int:
    return store.find_stakeholders(StakeholderQuery()).total


def test_an_idempotency_key_is_claimed_once_answered_and_released_only_unanswered(store):
    first = claim_of()
    assert claim(store, first) is None
    assert claim(store, claim_of()) == first
    # Another user's key of the same name is another key.
    other = claim_of(user_id="u2")
    assert claim(store, other) is None
    store.finish_idempotency_key(first, status=201, body='{"id": "x"}')
    store.release_idempotency_key(first)  # answered: stays
    held = claim(store, claim_of())
    assert (held.status, held.body) == (201, '{"id": "x"}')
    store.release_idempotency_key(other)
    assert claim(store, claim_of(user_id="u2")) is None


def test_an_expired_idempotency_key_is_claimed_afresh(store):
    first = claim_of()
    claim(store, first)
    store.finish_idempotency_key(first, status=201, body="{}")
    later = claim_of(request_hash="h2", at=FIXED_TIME + 2 * DAY)
    held = store.claim_idempotency_key(later, expired_before=FIXED_TIME,
                                       abandoned_before=FIXED_TIME)
    assert (held.request_hash, held.status) == ("h", 201)
    assert claim(store, later) is None
    assert claim(store, claim_of(at=later.created_at)) == later


def test_a_claim_of_any_key_forgets_every_expired_key_and_the_answer_it_kept(store):
    old = claim_of(key="old")
    claim(store, old)
    store.finish_idempotency_key(old, status=201, body='{"email": "old@example.org"}')

    claim(store, claim_of(key="new", user_id="u2", at=FIXED_TIME + 2 * DAY))

    # Asked as if keys never expired, the old key is not there any more: it was deleted.
    remembered_forever = FIXED_TIME - 100 * DAY
    assert store.claim_idempotency_key(
        claim_of(key="old", request_hash="h2", at=FIXED_TIME + 2 * DAY),
        expired_before=remembered_forever, abandoned_before=remembered_forever) is None


def test_a_write_made_for_a_claim_records_its_effect_in_its_own_transaction(store):
    held = claim_of()
    claim(store, held)

    person = create_for(store, held)

    assert claim(store, claim_of()).effect == f"stakeholder.create stakeholder {person.id}"


def test_a_write_that_fails_records_no_effect(store):
    held = claim_of()
    claim(store, held)
    store.create_stakeholder(stakeholder(Kind.ENTREPRENEUR, id="same-id"))

    with pytest.raises(Conflict), writing_for(held):
        store.create_stakeholder(stakeholder(Kind.ENTREPRENEUR, id="same-id"))

    assert claim(store, claim_of()).effect is None


def test_a_fresh_claim_holds_its_key_until_the_claim_time_has_passed(store):
    held = claim_of()
    claim(store, held)

    assert claim(store, claim_of(at=FIXED_TIME + CLAIM_TIME)) == held
    retry = claim_of(at=FIXED_TIME + CLAIM_TIME + timedelta(seconds=1))
    assert claim(store, retry) is None
    assert claim(store, claim_of(at=retry.created_at)) == retry


def test_a_claim_whose_write_took_effect_is_never_taken_over_before_it_expires(store):
    held = claim_of()
    claim(store, held)
    create_for(store, held)  # … and the request dies before its answer is kept

    late = claim(store, claim_of(at=FIXED_TIME + DAY - timedelta(seconds=1)))

    assert late.request_id == held.request_id and late.status is None
    assert late.abandoned(FIXED_TIME + DAY - timedelta(seconds=1) - CLAIM_TIME)
    assert stakeholders(store) == 1


def test_a_write_for_a_claim_taken_over_is_refused_and_writes_nothing(store):
    slow = claim_of()
    claim(store, slow)
    retry = claim_of(at=FIXED_TIME + 2 * CLAIM_TIME)
    assert claim(store, retry) is None

    with pytest.raises(Conflict) as refused:
        create_for(store, slow)

    assert refused.value.errors == {"Idempotency-Key": ["taken over by a retry"]}
    assert stakeholders(store) == 0
    create_for(store, retry)
    assert stakeholders(store) == 1


def test_only_the_request_holding_a_claim_may_answer_or_release_it(store):
    slow = claim_of()
    claim(store, slow)
    retry = claim_of(at=FIXED_TIME + 2 * CLAIM_TIME)
    claim(store, retry)

    store.finish_idempotency_key(slow, status=409, body="{}")
    store.release_idempotency_key(slow)

    assert claim(store, claim_of(at=retry.created_at)) == retry


def test_releasing_drops_a_claim_that_wrote_nothing_and_keeps_one_that_did_released(store):
    idle, wrote = claim_of(key="idle"), claim_of(key="wrote")
    claim(store, idle)
    claim(store, wrote)
    create_for(store, wrote)

    store.release_idempotency_key(idle)
    store.release_idempotency_key(wrote)

    assert claim(store, claim_of(key="idle")) is None
    kept = claim(store, claim_of(key="wrote"))
    assert kept.released and kept.effect is not None and kept.status is None
    assert kept.abandoned(FIXED_TIME)


def test_erasing_a_stakeholder_erases_every_kept_answer_that_names_it(store):
    held, bystander = claim_of(), claim_of(key="k2")
    claim(store, held)
    claim(store, bystander)
    person = create_for(store, held, email="zoi@example.org")
    other = create_for(store, bystander)
    store.finish_idempotency_key(held, status=201, body=answer(person))
    store.finish_idempotency_key(bystander, status=201, body=answer(other))

    store.delete_stakeholder(person.id)

    erased = claim(store, claim_of())
    assert erased.erased and erased.body is None and erased.status == 201
    assert claim(store, claim_of(key="k2")).body == answer(other)


def test_an_answer_kept_after_an_erasure_of_what_it_names_is_kept_erased(store):
    person = store.create_stakeholder(stakeholder(Kind.ENTREPRENEUR))
    in_flight = claim_of()
    claim(store, in_flight)

    store.delete_stakeholder(person.id)
    store.finish_idempotency_key(in_flight, status=200, body=answer(person))

    kept = claim(store, claim_of())
    assert kept.erased and kept.body is None


def test_deleting_a_user_drops_its_keys_and_erases_the_answers_that_name_it(store):
    user = store.create_user(User(id=new_id(), username="maria", display_name="Μαρία",
                                  email="maria@example.org", role=Role.MEMBER,
                                  created_at=FIXED_TIME, updated_at=FIXED_TIME))
    made_by_admin = claim_of(user_id="admin")
    claim(store, made_by_admin)
    store.finish_idempotency_key(made_by_admin, status=201, body=json.dumps(
        {"id": user.id, "email": user.email}))
    own = claim_of(user_id=user.id)
    claim(store, own)

    store.delete_user(user.id)

    assert claim(store, claim_of(user_id="admin")).erased
    assert claim(store, dataclasses.replace(own, request_hash="another")) is None
