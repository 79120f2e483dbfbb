"""The Neo4j store's introductions, blocks, notification outbox and idempotency keys.

A mixin of :class:`~graph_models.stores.neo4j_store.Neo4jStore`: it runs its Cypher through the
store's managed transactions, and its constraints and indexes are part of the store's schema.

Requests, their events, blocks, notifications and idempotency keys are ``:Introduction``,
``:IntroductionEvent``, ``:Block``, ``:Notification`` and ``:IdempotencyKey`` nodes whose
properties are their fields. They name the
stakeholders and users they concern by id, through no relationship, so no tie query (they all
match the ``TieType`` relationship types only) can ever see them. What SQLite's foreign keys do
is done here explicitly: erasing a stakeholder erases the requests and blocks it is part of and
the requests' events and notifications (:meth:`Neo4jIntroductions._erase_introductions_of`),
and erasing a user its notifications (:meth:`Neo4jIntroductions._erase_notifications_to`) and
idempotency keys; erasing either drops the kept idempotent answers that name it
(:meth:`Neo4jIntroductions._erase_answers_naming`). All in the same transaction as the erasure.

Concurrency. Neo4j reads are read-committed: a check in one statement may be outdated by the
time a later statement writes. So every check that must not race another writer first takes a
write lock by setting and removing a property (:func:`_lock`: the Neo4j manual's way to lock a
node from Cypher, see "Concurrent data access: lost updates"; it changes nothing) and reads in
a *following* statement, which sees everything committed before the lock was granted:

- a new request locks its requester, target and broker (in id order), so "one open request per
  pair" and "at most ``max_open`` open per requester" are counted with no other request of the
  requester in flight, and no end can be erased meanwhile; a uniqueness constraint on
  ``open_pair`` (set while a request is open) backs the first rule up;
- a transition locks its request, then compares the stored revision (compare-and-set);
- a block locks both its ends; erasing a stakeholder or a user locks it before collecting what
  goes with it, so nothing can be added to it meanwhile;
- an idempotency key is merged under a uniqueness constraint on (user_id, key) and locked before
  it is read; so does a write made for a claim (``writing_for``) before it checks that its
  request still holds the key, and an erasure, last, with every key it may change.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import neo4j
from neo4j.exceptions import ConstraintError

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import (
    Conflict,
    NotFound,
    blocked_request,
    duplicate_request,
    moved_meanwhile,
    too_many_requests,
)
from graph_models.domain.idempotency import (
    IdempotentResponse,
    answer_names,
    claim_effect,
    claim_taken_over,
    named_in_answer,
)
from graph_models.domain.introductions import OPEN_STATES, Block, Introduction, IntroductionEvent
from graph_models.domain.notifications import Notification, NotificationState
from graph_models.domain.queries import IntroductionQuery, Page
from graph_models.domain.records import from_record
from graph_models.domain.stakeholders import Tie
from graph_models.stores.neo4j_cypher import (
    _as_datetime,
    _fields,
    _read_columns,
    _record,
    _row,
    _send_datetime,
    _set_columns,
)

INTRODUCTION_SCHEMA = (
    "CREATE CONSTRAINT introduction_id IF NOT EXISTS "
    "FOR (i:Introduction) REQUIRE i.id IS UNIQUE",
    # "requester|target" while the request is open, absent once closed: at most one open
    # request per pair, as SQLite's partial unique index keeps it.
    "CREATE CONSTRAINT introduction_open_pair IF NOT EXISTS "
    "FOR (i:Introduction) REQUIRE i.open_pair IS UNIQUE",
    "CREATE INDEX introduction_requester IF NOT EXISTS FOR (i:Introduction) ON (i.requester_id)",
    "CREATE INDEX introduction_target IF NOT EXISTS FOR (i:Introduction) ON (i.target_id)",
    "CREATE INDEX introduction_broker IF NOT EXISTS FOR (i:Introduction) ON (i.broker_id)",
    "CREATE INDEX introduction_state_changed_at IF NOT EXISTS "
    "FOR (i:Introduction) ON (i.state_changed_at)",
    "CREATE CONSTRAINT introduction_event_revision IF NOT EXISTS "
    "FOR (e:IntroductionEvent) REQUIRE (e.introduction_id, e.revision) IS UNIQUE",
    "CREATE CONSTRAINT block_pair IF NOT EXISTS "
    "FOR (b:Block) REQUIRE (b.target_id, b.requester_id) IS UNIQUE",
    "CREATE INDEX block_requester IF NOT EXISTS FOR (b:Block) ON (b.requester_id)",
    "CREATE CONSTRAINT notification_id IF NOT EXISTS "
    "FOR (n:Notification) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX notification_recipient IF NOT EXISTS "
    "FOR (n:Notification) ON (n.recipient_id, n.created_at)",
    "CREATE INDEX notification_introduction IF NOT EXISTS "
    "FOR (n:Notification) ON (n.introduction_id)",
    "CREATE INDEX notification_state IF NOT EXISTS FOR (n:Notification) ON (n.state, n.created_at)",
    "CREATE CONSTRAINT idempotency_key IF NOT EXISTS "
    "FOR (k:IdempotencyKey) REQUIRE (k.user_id, k.key) IS UNIQUE",
    "CREATE INDEX idempotency_key_age IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.created_at)",
    # Keys kept before claims had request ids held secrets and erased data in their answers.
    "MATCH (k:IdempotencyKey) WHERE k.request_id IS NULL DELETE k",
)


def _lock(variable: str) -> str:
    """``SET``/``REMOVE`` items that take ``variable``'s write lock and change nothing."""
    return "SET " + variable + "._LOCK_ = true REMOVE " + variable + "._LOCK_"


OPEN = sorted(state.value for state in OPEN_STATES)
LOCK_STAKEHOLDERS = "UNWIND $ids AS id MATCH (s:Stakeholder {id: id}) " + _lock("s")
LOCK_USERS = "UNWIND $ids AS id MATCH (u:User {id: id}) " + _lock("u")
EXISTING_STAKEHOLDERS = "MATCH (s:Stakeholder) WHERE s.id IN $ids RETURN s.id AS id"

# -- introductions ------------------------------------------------------------------------------
INTRODUCTION_FIELDS = _fields(Introduction)
INTRODUCTION_COLUMNS = (*INTRODUCTION_FIELDS, "open_pair")
INTRODUCTION = _read_columns("i", INTRODUCTION_FIELDS) + " AS i"
CREATE_INTRODUCTION = ("WITH $row AS row CREATE (i:Introduction) SET "
                       + _set_columns("i", INTRODUCTION_COLUMNS))
# Every column but the id: a transition writes the whole request, as SQLite's record.
REPLACE_INTRODUCTION = ("WITH $row AS row MATCH (i:Introduction {id: row[0]}) SET "
                        + _set_columns("i", INTRODUCTION_COLUMNS, skip=1))
GET_INTRODUCTION = "MATCH (i:Introduction {id: $id}) RETURN " + INTRODUCTION
# Read under the requester's lock (see create_introduction).
REQUEST_LIMITS = (
    "RETURN EXISTS { MATCH (b:Block {target_id: $target_id, requester_id: $requester_id}) } "
    "AS blocked, "
    "EXISTS { MATCH (i:Introduction {requester_id: $requester_id, target_id: $target_id}) "
    "WHERE i.state IN $open } AS duplicate, "
    "COUNT { MATCH (i:Introduction {requester_id: $requester_id}) WHERE i.state IN $open } "
    "AS open_now")
LOCK_INTRODUCTION = "MATCH (i:Introduction {id: $id}) " + _lock("i")
REVISION = "MATCH (i:Introduction {id: $id}) RETURN i.state AS state, i.revision AS revision"
# find_introductions assembles its WHERE clause from these fixed fragments only.
INTRODUCTION_FILTERS = {
    "requester_ids": "i.requester_id IN $requester_ids",
    "broker_ids": "i.broker_id IN $broker_ids",
    "target_ids": "i.target_id IN $target_ids",
    "regions": "any(region IN $regions WHERE i.region STARTS WITH region)",
    "states": "i.state IN $states",
    "changed_before": "i.state_changed_at < " + _as_datetime("$changed_before"),
    "forwarded_only": "i.forwarded_at IS NOT NULL",
}
# The requests a stakeholder is part of, each once; through the three indexes.
INTRODUCTIONS_OF = ("CALL () { MATCH (i:Introduction {requester_id: $id}) RETURN i "
                    "UNION MATCH (i:Introduction {target_id: $id}) RETURN i "
                    "UNION MATCH (i:Introduction {broker_id: $id}) RETURN i } ")
LOCK_INTRODUCTIONS_OF = INTRODUCTIONS_OF + _lock("i") + " RETURN collect(i.id) AS ids"
DELETE_NOTIFICATIONS_ABOUT = ("MATCH (n:Notification) WHERE n.introduction_id IN $ids "
                              "DELETE n")
DELETE_INTRODUCTIONS = "MATCH (i:Introduction) WHERE i.id IN $ids DELETE i"
EVENT_FIELDS = _fields(IntroductionEvent)
CREATE_EVENT = ("WITH $row AS row CREATE (e:IntroductionEvent) SET "
                + _set_columns("e", EVENT_FIELDS))
INTRODUCTION_EVENTS = ("MATCH (e:IntroductionEvent {introduction_id: $id}) "
                       "WITH e ORDER BY e.revision RETURN " + _read_columns("e", EVENT_FIELDS)
                       + " AS e")
DELETE_EVENTS_OF = "MATCH (e:IntroductionEvent) WHERE e.introduction_id IN $ids DELETE e"

# -- blocks -------------------------------------------------------------------------------------
BLOCK_FIELDS = _fields(Block)
BLOCK = _read_columns("b", BLOCK_FIELDS) + " AS b"
# The uniqueness constraint on the pair makes MERGE insert-if-absent; an existing block stays.
MERGE_BLOCK = ("WITH $row AS row MERGE (b:Block {target_id: row[0], requester_id: row[1]}) "
               "ON CREATE SET " + _set_columns("b", BLOCK_FIELDS, skip=2) + " RETURN " + BLOCK)
DELETE_BLOCK = ("MATCH (b:Block {target_id: $target_id, requester_id: $requester_id}) "
                "DELETE b RETURN count(*) AS deleted")
BLOCKS_OF = ("CALL () { MATCH (b:Block {target_id: $id}) RETURN b "
             "UNION MATCH (b:Block {requester_id: $id}) RETURN b } ")
BLOCK_ORDER = "WITH b ORDER BY b.created_at, b.target_id, b.requester_id RETURN " + BLOCK
FIND_BLOCKS = BLOCKS_OF + BLOCK_ORDER
ALL_BLOCKS = "MATCH (b:Block) " + BLOCK_ORDER
DELETE_BLOCKS_OF = BLOCKS_OF + "DELETE b"

# -- notifications ------------------------------------------------------------------------------
NOTIFICATION_FIELDS = _fields(Notification)
NOTIFICATION = _read_columns("n", NOTIFICATION_FIELDS) + " AS n"
RECIPIENT_COLUMN = str(NOTIFICATION_FIELDS.index("recipient_id"))
# Run after LOCK_USERS: a recipient erased meanwhile is not matched, and gets nothing (its
# notifications would have gone with it).
CREATE_NOTIFICATIONS = ("UNWIND $rows AS row MATCH (u:User {id: row[" + RECIPIENT_COLUMN
                        + "]}) CREATE (n:Notification) SET "
                        + _set_columns("n", NOTIFICATION_FIELDS))
PENDING_NOTIFICATIONS = ("MATCH (n:Notification {state: $state}) "
                         "WITH n ORDER BY n.created_at, n.id LIMIT $limit RETURN " + NOTIFICATION)
NOTIFICATIONS_TO = ("MATCH (n:Notification {recipient_id: $recipient_id}) "
                    "WHERE $state IS NULL OR n.state = $state "
                    "WITH n ORDER BY n.created_at DESC, n.id LIMIT $limit RETURN " + NOTIFICATION)
LOCK_NOTIFICATION = "MATCH (n:Notification {id: $id}) " + _lock("n")
# Run after LOCK_NOTIFICATION, so that a retirement committed meanwhile is seen.
RECORD_DELIVERY = ("WITH $row AS row MATCH (n:Notification {id: row[0]}) "
                   "WHERE n.state <> $obsolete OR row[" + str(NOTIFICATION_FIELDS.index("state"))
                   + "] = $sent SET " + _set_columns("n", NOTIFICATION_FIELDS, skip=1))
LOCK_NOTIFICATIONS_ABOUT = "MATCH (n:Notification {introduction_id: $id}) " + _lock("n")
# Run after LOCK_NOTIFICATIONS_ABOUT, so that a delivery recorded meanwhile is seen.
RETIRE_NOTIFICATIONS_ABOUT = ("MATCH (n:Notification {introduction_id: $id, state: $pending}) "
                              "SET n.state = $obsolete")
DELETE_NOTIFICATIONS_TO = "MATCH (n:Notification {recipient_id: $id}) DELETE n"

# -- idempotency keys ---------------------------------------------------------------------------
KEY_FIELDS = _fields(IdempotentResponse)
KEY = _read_columns("k", KEY_FIELDS) + " AS k"
# Insert-if-absent under the (user_id, key) constraint, locking the node either way: a second
# claim of the same key waits here until the first commits. `new` tells which happened.
MERGE_KEY = ("MERGE (k:IdempotencyKey {user_id: $user_id, key: $key}) "
             "ON CREATE SET k._NEW_ = true ON MATCH SET k._LOCK_ = true "
             "WITH k, coalesce(k._NEW_, false) AS new REMOVE k._NEW_, k._LOCK_ RETURN new")
GET_KEY = "MATCH (k:IdempotencyKey {user_id: $user_id, key: $key}) RETURN " + KEY
SET_KEY = ("WITH $row AS row MATCH (k:IdempotencyKey {user_id: $user_id, key: $key}) SET "
           + _set_columns("k", KEY_FIELDS))
LOCK_KEY = "MATCH (k:IdempotencyKey {user_id: $user_id, key: $key}) " + _lock("k")
FINISH_KEY = ("MATCH (k:IdempotencyKey {user_id: $user_id, key: $key}) "
              "SET k.status = $status, k.body = $body, k.erased = $erased")
# Each runs after LOCK_KEY, so that it sees the claim as last committed: the request that
# holds it (HELD) is the one with its request id, while unanswered.
HELD = ("MATCH (k:IdempotencyKey {user_id: $user_id, key: $key}) "
        "WHERE k.request_id = $request_id AND k.status IS NULL ")
RECORD_EFFECT = HELD + "SET k.effect = coalesce(k.effect, $effect) RETURN count(k) AS held"
RELEASE_KEY = HELD + "AND k.effect IS NULL DELETE k"
MARK_RELEASED = HELD + "SET k.released = true"
# An erasure locks the keys it may change first: the answers being made now (a request that
# wrote before the erasure may keep its answer after it) and those that name the object.
LOCK_KEYS_NAMING = ("MATCH (k:IdempotencyKey) WHERE k.status IS NULL OR k.body CONTAINS $named "
                    + _lock("k"))
ERASE_ANSWERS_NAMING = ("MATCH (k:IdempotencyKey) WHERE k.body CONTAINS $named "
                        "SET k.body = null, k.erased = true")
NOTE_ERASURE = ("MATCH (k:IdempotencyKey) WHERE k.status IS NULL "
                "SET k.erased_meanwhile = k.erased_meanwhile + $id")
DELETE_KEYS_OF = "MATCH (k:IdempotencyKey {user_id: $id}) DELETE k"
# Expired keys go a bounded batch at a time, oldest first: concurrent claims then lock them in
# the same order, and each claim's transaction stays small.
FORGET_EXPIRED_KEYS = ("MATCH (k:IdempotencyKey) WHERE k.created_at < "
                       + _as_datetime("$expired_before")
                       + " WITH k ORDER BY k.created_at LIMIT 100 DELETE k")


def _held_claim(tx: neo4j.ManagedTransaction, names: dict) -> IdempotentResponse | None:
    """The claim of a (user, key), as last committed; None if there is none."""
    record = tx.run(GET_KEY, names).single()
    return None if record is None else from_record(IdempotentResponse,
                                                   _record(KEY_FIELDS, record["k"]))


def _introduction_row(i: Introduction) -> list[Any]:
    """A row in INTRODUCTION_COLUMNS order."""
    open_pair = i.requester_id + "|" + i.target_id if i.state.open else None
    return [*_row(i, INTRODUCTION_FIELDS), open_pair]


def _introduction(values: list[Any]) -> Introduction:
    return from_record(Introduction, _record(INTRODUCTION_FIELDS, values))


def _request_conflict(error: ConstraintError) -> Conflict:
    if "open_pair" in (error.message or ""):
        return duplicate_request()
    return Conflict("an introduction request, event or notification with this id exists",
                    errors={"id": ["taken"]})


def _lock_stakeholders(tx: neo4j.ManagedTransaction, ids: list[str]) -> set[str]:
    """Lock the stakeholders of these ids; the ids that exist once the locks are held.

    In id order, so that two requests over overlapping ends do not deadlock (a deadlock that
    Neo4j does detect is a transient error, which the driver retries)."""
    ids = sorted(set(ids))
    tx.run(LOCK_STAKEHOLDERS, ids=ids).consume()
    return {record["id"] for record in tx.run(EXISTING_STAKEHOLDERS, ids=ids)}


def _create_event(tx: neo4j.ManagedTransaction, event: IntroductionEvent | None) -> None:
    if event is not None:
        tx.run(CREATE_EVENT, row=_row(event, EVENT_FIELDS)).consume()


def _create_notifications(tx: neo4j.ManagedTransaction,
                          notifications: list[Notification]) -> None:
    if not notifications:
        return
    tx.run(LOCK_USERS, ids=sorted({n.recipient_id for n in notifications})).consume()
    tx.run(CREATE_NOTIFICATIONS,
           rows=[_row(n, NOTIFICATION_FIELDS) for n in notifications]).consume()


class Neo4jIntroductions:
    """Introductions and their companions; see :class:`~graph_models.stores.base.GraphStore`."""

    # -- introductions ------------------------------------------------------------------------

    def create_introduction(self, introduction: Introduction, *, max_open: int,
                            event: IntroductionEvent | None = None,
                            audit: AuditEntry | None = None,
                            notifications: list[Notification] = ()) -> Introduction:
        """Insert with its first event and notifications; Conflict if an end is missing, the
        target blocks the requester, the pair has an open request or the requester
        ``max_open`` of them."""
        i = introduction

        def create(tx: neo4j.ManagedTransaction) -> None:
            ends = (("requester_id", i.requester_id), ("target_id", i.target_id),
                    ("broker_id", i.broker_id))
            found = _lock_stakeholders(tx, [value for _, value in ends if value is not None])
            for field, value in ends:
                if value is not None and value not in found:
                    raise Conflict("a request must name existing stakeholders",
                                   errors={field: ["no such stakeholder"]})
            # The requester is locked: no other request of theirs can be counted or written
            # until this transaction ends.
            limits = tx.run(REQUEST_LIMITS, requester_id=i.requester_id,
                            target_id=i.target_id, open=OPEN).single()
            if limits["blocked"]:
                raise blocked_request()
            if limits["duplicate"]:
                raise duplicate_request()
            if limits["open_now"] >= max_open:
                raise too_many_requests(max_open)
            tx.run(CREATE_INTRODUCTION, row=_introduction_row(i)).consume()
            _create_event(tx, event)
            _create_notifications(tx, list(notifications))

        self._write(create, graph=False, audit=audit, conflict=_request_conflict)
        return introduction

    def get_introduction(self, introduction_id: str) -> Introduction:
        """The request with this id; NotFound if absent."""

        return self._read_one(GET_INTRODUCTION, "i", _introduction,
                              f"no introduction request with id {introduction_id}",
                              id=introduction_id)

    def find_introductions(self, query: IntroductionQuery) -> Page[Introduction]:
        """One page of the requests that pass every filter given, newest change first."""
        values = {
            "requester_ids": query.requester_ids, "broker_ids": query.broker_ids,
            "target_ids": query.target_ids, "regions": query.regions,
            "states": None if query.states is None else [s.value for s in query.states],
            "changed_before": _send_datetime(query.changed_before),
            "forwarded_only": query.forwarded_only or None,
        }
        parameters = {name: list(value) if isinstance(value, tuple) else value
                      for name, value in values.items() if value is not None}
        # The WHERE clause is made of the fixed INTRODUCTION_FILTERS fragments only.
        match = ("MATCH (i:Introduction) WHERE "
                 + (" AND ".join(INTRODUCTION_FILTERS[name] for name in parameters) or "true"))
        count_query = match + " RETURN count(i) AS total"
        page_query = (match + " WITH i ORDER BY i.state_changed_at DESC, i.id "
                      "SKIP $skip LIMIT $limit RETURN " + INTRODUCTION)

        def read(tx: neo4j.ManagedTransaction) -> tuple[int, list[Introduction]]:
            total = tx.run(count_query, parameters).single()["total"]
            items = [_introduction(record["i"]) for record in
                     tx.run(page_query, parameters, skip=query.offset, limit=query.page_size)]
            return total, items

        total, items = self._read(read)
        return Page(items, total, query.page, query.page_size)

    def introduction_events(self, introduction_id: str) -> list[IntroductionEvent]:
        """A request's history, oldest first (by revision); empty for an unknown request."""

        def read(tx: neo4j.ManagedTransaction) -> list[IntroductionEvent]:
            return [from_record(IntroductionEvent, _record(EVENT_FIELDS, record["e"]))
                    for record in tx.run(INTRODUCTION_EVENTS, id=introduction_id)]

        return self._read(read)

    def transition_introduction(self, introduction: Introduction, *,
                                event: IntroductionEvent | None = None,
                                audit: AuditEntry | None = None,
                                notifications: list[Notification] = (),
                                tie: Tie | None = None,
                                block: Block | None = None) -> Introduction:
        """Write a transition computed from revision ``introduction.revision - 1``;
        Conflict naming the stored state if the stored revision is another."""

        def transition(tx: neo4j.ManagedTransaction) -> Introduction:
            # Compare-and-set: lock the request, then read its revision in a later statement,
            # which sees any transition committed before the lock was granted.
            tx.run(LOCK_INTRODUCTION, id=introduction.id).consume()
            stored = tx.run(REVISION, id=introduction.id).single()
            if stored is None:
                raise NotFound(f"no introduction request with id {introduction.id}")
            if stored["revision"] != introduction.revision - 1:
                raise moved_meanwhile("introduction request", stored["state"])
            i = introduction
            if tie is not None:
                i = dataclasses.replace(i, tie_id=self._create_tie_unless_known(tx, tie))
            tx.run(REPLACE_INTRODUCTION, row=_introduction_row(i)).consume()
            _create_event(tx, event)
            tx.run(LOCK_NOTIFICATIONS_ABOUT, id=i.id).consume()
            tx.run(RETIRE_NOTIFICATIONS_ABOUT, id=i.id, pending=NotificationState.PENDING.value,
                   obsolete=NotificationState.OBSOLETE.value).consume()
            _create_notifications(tx, list(notifications))
            if block is not None:
                tx.run(MERGE_BLOCK, row=_row(block, BLOCK_FIELDS)).consume()
            return i

        # Only a completion that brings a tie writes to the graph (and moves its version).
        return self._write(transition, graph=tie is not None, audit=audit,
                           conflict=_request_conflict)

    # -- blocks -------------------------------------------------------------------------------

    def create_block(self, block: Block, *, audit: AuditEntry | None = None) -> Block:
        """Record a block (an existing one is kept); Conflict if an end is missing."""

        def create(tx: neo4j.ManagedTransaction) -> Block:
            found = _lock_stakeholders(tx, [block.target_id, block.requester_id])
            for field in ("target_id", "requester_id"):
                if getattr(block, field) not in found:
                    raise Conflict("a block must name existing stakeholders",
                                   errors={field: ["no such stakeholder"]})
            record = tx.run(MERGE_BLOCK, row=_row(block, BLOCK_FIELDS)).single()
            return from_record(Block, _record(BLOCK_FIELDS, record["b"]))

        return self._write(create, graph=False, audit=audit)

    def delete_block(self, target_id: str, requester_id: str, *,
                     audit: AuditEntry | None = None) -> None:
        """Lift a block; NotFound if there is none."""

        def delete(tx: neo4j.ManagedTransaction) -> None:
            record = tx.run(DELETE_BLOCK, target_id=target_id, requester_id=requester_id)
            if record.single()["deleted"] == 0:
                raise NotFound("no such block")

        self._write(delete, graph=False, audit=audit)

    def find_blocks(self, stakeholder_id: str | None) -> list[Block]:
        """The blocks where the stakeholder is either end (None: all), oldest first."""

        def read(tx: neo4j.ManagedTransaction) -> list[Block]:
            return [from_record(Block, _record(BLOCK_FIELDS, record["b"]))
                    for record in (tx.run(ALL_BLOCKS) if stakeholder_id is None
                                   else tx.run(FIND_BLOCKS, id=stakeholder_id))]

        return self._read(read)

    # -- notifications ------------------------------------------------------------------------

    def find_notifications(self, recipient_id: str | None, *, pending_only: bool = False,
                           limit: int = 100) -> list[Notification]:
        """A user's notifications newest first, or (``recipient_id`` None) the oldest pending
        ones of everyone."""
        pending = NotificationState.PENDING.value
        if recipient_id is None:
            query, parameters = PENDING_NOTIFICATIONS, {"state": pending}
        else:
            query = NOTIFICATIONS_TO
            parameters = {"recipient_id": recipient_id, "state": pending if pending_only else None}

        def read(tx: neo4j.ManagedTransaction) -> list[Notification]:
            return [from_record(Notification, _record(NOTIFICATION_FIELDS, record["n"]))
                    for record in tx.run(query, parameters, limit=limit)]

        return self._read(read)

    def record_delivery(self, notification: Notification) -> None:
        """Store a notification's new state, attempts and sent_at; one retired meanwhile
        stays obsolete unless it was sent."""

        def record(tx: neo4j.ManagedTransaction) -> None:
            tx.run(LOCK_NOTIFICATION, id=notification.id).consume()
            tx.run(RECORD_DELIVERY, row=_row(notification, NOTIFICATION_FIELDS),
                   obsolete=NotificationState.OBSOLETE.value,
                   sent=NotificationState.SENT.value).consume()

        self._write(record, graph=False)

    # -- idempotency keys ---------------------------------------------------------------------

    def claim_idempotency_key(self, claim: IdempotentResponse, *, expired_before: datetime,
                              abandoned_before: datetime) -> IdempotentResponse | None:
        """Claim (key, user) for a request (None), or return the claim that holds it; one
        that is ``replaceable`` is replaced."""
        names = {"user_id": claim.user_id, "key": claim.key}

        def forget_expired(tx: neo4j.ManagedTransaction) -> None:
            tx.run(FORGET_EXPIRED_KEYS, expired_before=_send_datetime(expired_before)).consume()

        def take(tx: neo4j.ManagedTransaction) -> IdempotentResponse | None:
            if not tx.run(MERGE_KEY, names).single()["new"]:
                # Locked now, so this read sees the claim as its holder last committed it.
                held = _held_claim(tx, names)
                if held is None:  # released while this waited for the lock: merge afresh
                    return take(tx)
                if not held.replaceable(expired_before=expired_before,
                                        abandoned_before=abandoned_before):
                    return held
            tx.run(SET_KEY, names, row=_row(claim, KEY_FIELDS)).consume()
            return None

        self._write(forget_expired, graph=False, for_claim=False)
        return self._write(take, graph=False, for_claim=False)

    def finish_idempotency_key(self, claim: IdempotentResponse, *, status: int,
                               body: str) -> None:
        """Keep the answer of the request that holds the claim (if it still does); one that
        names what was erased meanwhile is kept ``erased``, without its body."""
        names = {"user_id": claim.user_id, "key": claim.key}

        def finish(tx: neo4j.ManagedTransaction) -> None:
            tx.run(LOCK_KEY, names).consume()
            held = _held_claim(tx, names)
            if held is None or held.request_id != claim.request_id or held.status is not None:
                return
            erased = answer_names(body, held.erased_meanwhile)
            tx.run(FINISH_KEY, names, status=status, body=None if erased else body,
                   erased=erased).consume()

        self._write(finish, graph=False, for_claim=False)

    def release_idempotency_key(self, claim: IdempotentResponse) -> None:
        """Drop an unanswered claim whose request wrote nothing, so the client may try again;
        mark one whose write took effect ``released``."""
        names = {"user_id": claim.user_id, "key": claim.key, "request_id": claim.request_id}

        def release(tx: neo4j.ManagedTransaction) -> None:
            tx.run(LOCK_KEY, names).consume()
            tx.run(RELEASE_KEY, names).consume()
            tx.run(MARK_RELEASED, names).consume()

        self._write(release, graph=False, for_claim=False)

    @staticmethod
    def _record_effect(tx: neo4j.ManagedTransaction, claim: IdempotentResponse,
                       audit: AuditEntry | None) -> None:
        """Record a write's effect on the claim it is made for, in the write's transaction;
        Conflict if the claim no longer holds its key (a retry took it over)."""
        names = {"user_id": claim.user_id, "key": claim.key, "request_id": claim.request_id}
        tx.run(LOCK_KEY, names).consume()
        if tx.run(RECORD_EFFECT, names, effect=claim_effect(audit)).single()["held"] == 0:
            raise claim_taken_over()

    # -- what goes with an erased stakeholder or user (called inside their deletion) ----------

    @staticmethod
    def _erase_introductions_of(tx: neo4j.ManagedTransaction, stakeholder_id: str) -> None:
        """Delete the requests the stakeholder is part of, their events and notifications,
        and its blocks. The stakeholder is locked first, so no request or block of it can be created
        meanwhile; so are the requests, so no transition adds a notification meanwhile."""
        tx.run(LOCK_STAKEHOLDERS, ids=[stakeholder_id]).consume()
        ids = tx.run(LOCK_INTRODUCTIONS_OF, id=stakeholder_id).single()["ids"]
        if ids:
            tx.run(DELETE_NOTIFICATIONS_ABOUT, ids=ids).consume()
            tx.run(DELETE_EVENTS_OF, ids=ids).consume()
            tx.run(DELETE_INTRODUCTIONS, ids=ids).consume()
        tx.run(DELETE_BLOCKS_OF, id=stakeholder_id).consume()

    @staticmethod
    def _erase_notifications_to(tx: neo4j.ManagedTransaction, user_id: str) -> None:
        """Delete the user's notifications, the user locked first so none is added meanwhile."""
        tx.run(LOCK_USERS, ids=[user_id]).consume()
        tx.run(DELETE_NOTIFICATIONS_TO, id=user_id).consume()

    @staticmethod
    def _erase_keys_of(tx: neo4j.ManagedTransaction, user_id: str) -> None:
        """Delete the user's idempotency keys."""
        tx.run(DELETE_KEYS_OF, id=user_id).consume()

    @staticmethod
    def _erase_answers_naming(tx: neo4j.ManagedTransaction, object_id: str) -> None:
        """Drop the kept answers that name an erased object, and have the answers still being
        made checked for it when they are kept. Run last in the erasure, once every object
        a concurrent write could reach it through is locked."""
        named = named_in_answer(object_id)
        tx.run(LOCK_KEYS_NAMING, named=named).consume()
        tx.run(ERASE_ANSWERS_NAMING, named=named).consume()
        tx.run(NOTE_ERASURE, id=[object_id]).consume()
