"""The Neo4j store's Idempotency-Key claims: ``:IdempotencyKey`` nodes whose properties are
their fields.

A key is merged under a uniqueness constraint on (user_id, key) and locked before it is read;
so does a write made for a claim (:mod:`~graph_models.stores.neo4j.connection`) before it
checks that its request still holds the key, and an erasure, last, with every key it may
change (:func:`erase_answers_naming`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import neo4j

from graph_models.domain.idempotency import IdempotentResponse, answer_names, named_in_answer
from graph_models.domain.records import from_record
from graph_models.stores.neo4j.connection import Neo4jConnection, lock_claim
from graph_models.stores.neo4j.cypher import (
    as_datetime,
    field_names,
    lock,
    read_columns,
    record_of,
    row_of,
    send_datetime,
    set_columns,
)

KEY_FIELDS = field_names(IdempotentResponse)


def _held_claim(tx: neo4j.ManagedTransaction, names: dict[str, Any]) -> IdempotentResponse | None:
    """The claim of a (user, key), as last committed; None if there is none."""
    record = tx.run("MATCH (k:IdempotencyKey {user_id: $user_id, key: $key}) RETURN "
                    + read_columns("k", KEY_FIELDS) + " AS k", names).single()
    return None if record is None else from_record(IdempotentResponse,
                                                   record_of(KEY_FIELDS, record["k"]))


def erase_keys_of(tx: neo4j.ManagedTransaction, user_id: str) -> None:
    """Delete the user's idempotency keys."""
    tx.run("MATCH (k:IdempotencyKey {user_id: $id}) DELETE k", id=user_id).consume()


def erase_answers_naming(tx: neo4j.ManagedTransaction, object_id: str) -> None:
    """Drop the kept answers that name an erased object, and have the answers still being
    made checked for it when they are kept. Run last in the erasure, once every object
    a concurrent write could reach it through is locked."""
    named = named_in_answer(object_id)
    # The keys it may change first: the answers being made now (a request that wrote before
    # the erasure may keep its answer after it) and those that name the object.
    tx.run("MATCH (k:IdempotencyKey) WHERE k.status IS NULL OR k.body CONTAINS $named "
           + lock("k"), named=named).consume()
    tx.run("MATCH (k:IdempotencyKey) WHERE k.body CONTAINS $named "
           "SET k.body = null, k.erased = true", named=named).consume()
    tx.run("MATCH (k:IdempotencyKey) WHERE k.status IS NULL "
           "SET k.erased_meanwhile = k.erased_meanwhile + $id", id=[object_id]).consume()


# Insert-if-absent under the (user_id, key) constraint, locking the node either way: a second
# claim of the same key waits here until the first commits. `new` tells which happened.
MERGE_KEY = ("MERGE (k:IdempotencyKey {user_id: $user_id, key: $key}) "
             "ON CREATE SET k._NEW_ = true ON MATCH SET k._LOCK_ = true "
             "WITH k, coalesce(k._NEW_, false) AS new REMOVE k._NEW_, k._LOCK_ RETURN new")
# Expired keys go a bounded batch at a time, oldest first: concurrent claims then lock them in
# the same order, and each claim's transaction stays small.
FORGET_EXPIRED_KEYS = ("MATCH (k:IdempotencyKey) WHERE k.created_at < "
                       + as_datetime("$expired_before")
                       + " WITH k ORDER BY k.created_at LIMIT 100 DELETE k")
# Each runs after lock_claim, so that it sees the claim as last committed: the request that
# holds it (HELD) is the one with its request id, while unanswered.
HELD = ("MATCH (k:IdempotencyKey {user_id: $user_id, key: $key}) "
        "WHERE k.request_id = $request_id AND k.status IS NULL ")


class Neo4jIdempotency(Neo4jConnection):
    """Idempotency-Key claims; see
    :class:`~graph_models.stores.contracts.idempotency.IdempotencyStore`."""

    def claim_idempotency_key(self, claim: IdempotentResponse, *, expired_before: datetime,
                              abandoned_before: datetime) -> IdempotentResponse | None:
        """Claim (key, user) for a request (None), or return the claim that holds it; one
        that is ``replaceable`` is replaced."""
        names = {"user_id": claim.user_id, "key": claim.key}

        def forget_expired(tx: neo4j.ManagedTransaction) -> None:
            tx.run(FORGET_EXPIRED_KEYS, expired_before=send_datetime(expired_before)).consume()

        def take(tx: neo4j.ManagedTransaction) -> IdempotentResponse | None:
            if not tx.run(MERGE_KEY, names).single(strict=True)["new"]:
                # Locked now, so this read sees the claim as its holder last committed it.
                held = _held_claim(tx, names)
                if held is None:  # released while this waited for the lock: merge afresh
                    return take(tx)
                if not held.replaceable(expired_before=expired_before,
                                        abandoned_before=abandoned_before):
                    return held
            tx.run("WITH $row AS row MATCH (k:IdempotencyKey {user_id: $user_id, key: $key}) "
                   "SET " + set_columns("k", KEY_FIELDS), names,
                   row=row_of(claim, KEY_FIELDS)).consume()
            return None

        self._write(forget_expired, graph=False, for_claim=False)
        return self._write(take, graph=False, for_claim=False)

    def finish_idempotency_key(self, claim: IdempotentResponse, *, status: int,
                               body: str) -> None:
        """Keep the answer of the request that holds the claim (if it still does); one that
        names what was erased meanwhile is kept ``erased``, without its body."""
        names = {"user_id": claim.user_id, "key": claim.key}

        def finish(tx: neo4j.ManagedTransaction) -> None:
            lock_claim(tx, claim)
            held = _held_claim(tx, names)
            if held is None or held.request_id != claim.request_id or held.status is not None:
                return
            erased = answer_names(body, held.erased_meanwhile)
            tx.run("MATCH (k:IdempotencyKey {user_id: $user_id, key: $key}) "
                   "SET k.status = $status, k.body = $body, k.erased = $erased", names,
                   status=status, body=None if erased else body, erased=erased).consume()

        self._write(finish, graph=False, for_claim=False)

    def release_idempotency_key(self, claim: IdempotentResponse) -> None:
        """Drop an unanswered claim whose request wrote nothing, so the client may try again;
        mark one whose write took effect ``released``."""
        names = {"user_id": claim.user_id, "key": claim.key, "request_id": claim.request_id}

        def release(tx: neo4j.ManagedTransaction) -> None:
            lock_claim(tx, claim)
            tx.run(HELD + "AND k.effect IS NULL DELETE k", names).consume()
            tx.run(HELD + "SET k.released = true", names).consume()

        self._write(release, graph=False, for_claim=False)
