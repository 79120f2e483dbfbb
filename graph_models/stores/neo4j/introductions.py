"""The Neo4j store's introduction requests, their events, and blocks.

Requests, their events and blocks are ``:Introduction``, ``:IntroductionEvent`` and ``:Block``
nodes whose properties are their fields. They name the stakeholders they concern by id, through
no relationship, so no tie query (they all match the ``TieType`` relationship types only) can
ever see them. What SQLite's foreign keys do is done here explicitly: erasing a stakeholder
erases the requests and blocks it is part of and the requests' events and notifications
(:func:`erase_introductions_of`), in the same transaction as the erasure.

Concurrency. Neo4j reads are read-committed: a check in one statement may be outdated by the
time a later statement writes. So every check that must not race another writer first takes a
write lock (:func:`~graph_models.stores.neo4j.cypher.lock`) and reads in a *following*
statement, which sees everything committed before the lock was granted:

- a new request locks its requester, target and broker (in id order), so "one open request per
  pair" and "at most ``max_open`` open per requester" are counted with no other request of the
  requester in flight, and no end can be erased meanwhile; a uniqueness constraint on
  ``open_pair`` (set while a request is open) backs the first rule up;
- a transition locks its request, then compares the stored revision (compare-and-set);
- a block locks both its ends; erasing a stakeholder locks it before collecting what goes with
  it, so nothing can be added to it meanwhile.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import neo4j
from neo4j.exceptions import ConstraintError

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import (
    Conflict,
    blocked_request,
    duplicate_request,
    ends_missing,
    no_such,
    not_found,
    too_many_requests,
)
from graph_models.domain.introductions import OPEN_STATES, Block, Introduction, IntroductionEvent
from graph_models.domain.notifications import Notification
from graph_models.domain.queries import IntroductionQuery, Page
from graph_models.domain.records import from_record
from graph_models.domain.stakeholders import Tie
from graph_models.stores.neo4j.connection import Neo4jConnection, check_revision
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
from graph_models.stores.neo4j.notifications import (
    create_notifications,
    erase_notifications_about,
    retire_notifications_about,
)
from graph_models.stores.neo4j.stakeholders import existing_ids, lock_stakeholders
from graph_models.stores.neo4j.ties import create_tie_unless_known

OPEN = sorted(state.value for state in OPEN_STATES)
INTRODUCTION_FIELDS = field_names(Introduction)
INTRODUCTION_COLUMNS = (*INTRODUCTION_FIELDS, "open_pair")
INTRODUCTION_ROW = read_columns("i", INTRODUCTION_FIELDS)
INTRODUCTION = INTRODUCTION_ROW + " AS i"
EVENT_FIELDS = field_names(IntroductionEvent)
BLOCK_FIELDS = field_names(Block)
BLOCK_ROW = read_columns("b", BLOCK_FIELDS)
BLOCK = BLOCK_ROW + " AS b"


def _introduction_row(i: Introduction) -> list[Any]:
    """A row in INTRODUCTION_COLUMNS order."""
    open_pair = i.requester_id + "|" + i.target_id if i.state.open else None
    return [*row_of(i, INTRODUCTION_FIELDS), open_pair]


def introduction_of(values: list[Any]) -> Introduction:
    """The request an INTRODUCTION_ROW holds."""
    return from_record(Introduction, record_of(INTRODUCTION_FIELDS, values))


def block_of(values: list[Any]) -> Block:
    """The block a BLOCK_ROW holds."""
    return from_record(Block, record_of(BLOCK_FIELDS, values))


def _request_conflict(error: ConstraintError) -> Conflict:
    if "open_pair" in (error.message or ""):
        return duplicate_request()
    return Conflict("an introduction request, event or notification with this id exists",
                    errors={"id": ["taken"]})


def _create_event(tx: neo4j.ManagedTransaction, event: IntroductionEvent | None) -> None:
    if event is not None:
        tx.run("WITH $row AS row CREATE (e:IntroductionEvent) SET "
               + set_columns("e", EVENT_FIELDS), row=row_of(event, EVENT_FIELDS)).consume()


# The uniqueness constraint on the pair makes MERGE insert-if-absent; an existing block stays.
MERGE_BLOCK = ("WITH $row AS row MERGE (b:Block {target_id: row[0], requester_id: row[1]}) "
               "ON CREATE SET " + set_columns("b", BLOCK_FIELDS, skip=2) + " RETURN " + BLOCK)


def _merge_block(tx: neo4j.ManagedTransaction, block: Block) -> Block:
    """Record the block; an existing one for the pair is kept, and returned."""
    return block_of(tx.run(MERGE_BLOCK, row=row_of(block, BLOCK_FIELDS)).single(strict=True)["b"])


# The requests a stakeholder is part of, each once; through the three indexes.
INTRODUCTIONS_OF = ("CALL () { MATCH (i:Introduction {requester_id: $id}) RETURN i "
                    "UNION MATCH (i:Introduction {target_id: $id}) RETURN i "
                    "UNION MATCH (i:Introduction {broker_id: $id}) RETURN i } ")
BLOCKS_OF = ("CALL () { MATCH (b:Block {target_id: $id}) RETURN b "
             "UNION MATCH (b:Block {requester_id: $id}) RETURN b } ")


def erase_introductions_of(tx: neo4j.ManagedTransaction, stakeholder_id: str) -> None:
    """Delete the requests the stakeholder is part of, their events and notifications,
    and its blocks. The stakeholder is locked first, so no request or block of it can be
    created meanwhile; so are the requests, so no transition adds a notification meanwhile."""
    lock_stakeholders(tx, [stakeholder_id])
    ids = tx.run(INTRODUCTIONS_OF + lock("i") + " RETURN collect(i.id) AS ids",
                 id=stakeholder_id).single(strict=True)["ids"]
    if ids:
        erase_notifications_about(tx, ids)
        tx.run("MATCH (e:IntroductionEvent) WHERE e.introduction_id IN $ids DELETE e",
               ids=ids).consume()
        tx.run("MATCH (i:Introduction) WHERE i.id IN $ids DELETE i", ids=ids).consume()
    tx.run(BLOCKS_OF + "DELETE b", id=stakeholder_id).consume()


# introductions_match assembles its WHERE clause from these fixed fragments only.
INTRODUCTION_FILTERS = {
    "requester_ids": "i.requester_id IN $requester_ids",
    "broker_ids": "i.broker_id IN $broker_ids",
    "target_ids": "i.target_id IN $target_ids",
    "regions": "any(region IN $regions WHERE i.region STARTS WITH region)",
    "states": "i.state IN $states",
    "changed_before": "i.state_changed_at < " + as_datetime("$changed_before"),
    "forwarded_only": "i.forwarded_at IS NOT NULL",
}
# find_introductions' order: newest change first.
INTRODUCTION_ORDER = " WITH i ORDER BY i.state_changed_at DESC, i.id "


def introductions_match(query: IntroductionQuery) -> tuple[str, dict[str, Any]]:
    """The Cypher that finds the requests (``i``) passing ``query``'s filters, and its
    parameters; made of the fixed INTRODUCTION_FILTERS fragments only.

    Examples
    --------
    >>> introductions_match(IntroductionQuery(target_ids=("a",)))
    ('MATCH (i:Introduction) WHERE i.target_id IN $target_ids', {'target_ids': ['a']})
    """
    values: dict[str, object] = {
        "requester_ids": query.requester_ids, "broker_ids": query.broker_ids,
        "target_ids": query.target_ids, "regions": query.regions,
        "states": None if query.states is None else [s.value for s in query.states],
        "changed_before": send_datetime(query.changed_before),
        "forwarded_only": query.forwarded_only or None,
    }
    parameters = {name: list(value) if isinstance(value, tuple) else value
                  for name, value in values.items() if value is not None}
    match = ("MATCH (i:Introduction) WHERE "
             + (" AND ".join(INTRODUCTION_FILTERS[name] for name in parameters) or "true"))
    return match, parameters


class Neo4jIntroductions(Neo4jConnection):
    """Introduction requests and their events; see
    :class:`~graph_models.stores.contracts.introductions.IntroductionStore`."""

    def create_introduction(self, introduction: Introduction, *, max_open: int,
                            event: IntroductionEvent | None = None,
                            audit: AuditEntry | None = None,
                            notifications: Sequence[Notification] = ()) -> Introduction:
        """Insert with its first event and notifications; Conflict if an end is missing, the
        target blocks the requester, the pair has an open request or the requester
        ``max_open`` of them."""
        i = introduction

        def create(tx: neo4j.ManagedTransaction) -> None:
            ends = (("requester_id", i.requester_id), ("target_id", i.target_id),
                    ("broker_id", i.broker_id))
            ids = [value for _, value in ends if value is not None]
            lock_stakeholders(tx, ids)
            found = existing_ids(tx, sorted(set(ids)))
            for field, value in ends:
                if value is not None and value not in found:
                    raise ends_missing("request", field)
            # The requester is locked: no other request of theirs can be counted or written
            # until this transaction ends.
            limits = tx.run(
                "RETURN EXISTS { MATCH (b:Block {target_id: $target_id, "
                "requester_id: $requester_id}) } AS blocked, "
                "EXISTS { MATCH (i:Introduction {requester_id: $requester_id, "
                "target_id: $target_id}) WHERE i.state IN $open } AS duplicate, "
                "COUNT { MATCH (i:Introduction {requester_id: $requester_id}) "
                "WHERE i.state IN $open } AS open_now",
                requester_id=i.requester_id, target_id=i.target_id,
                open=OPEN).single(strict=True)
            if limits["blocked"]:
                raise blocked_request()
            if limits["duplicate"]:
                raise duplicate_request()
            if limits["open_now"] >= max_open:
                raise too_many_requests(max_open)
            tx.run("WITH $row AS row CREATE (i:Introduction) SET "
                   + set_columns("i", INTRODUCTION_COLUMNS),
                   row=_introduction_row(i)).consume()
            _create_event(tx, event)
            create_notifications(tx, notifications)

        self._write(create, graph=False, audit=audit, conflict=_request_conflict)
        return introduction

    def get_introduction(self, introduction_id: str) -> Introduction:
        """The request with this id; NotFound if absent."""

        return self._read_one("MATCH (i:Introduction {id: $id}) RETURN " + INTRODUCTION, "i",
                              introduction_of,
                              not_found("introduction request", introduction_id),
                              id=introduction_id)

    def find_introductions(self, query: IntroductionQuery) -> Page[Introduction]:
        """One page of the requests that pass every filter given, newest change first."""
        match, parameters = introductions_match(query)
        return self._read_page(match + " RETURN count(i) AS total",
                               match + INTRODUCTION_ORDER + "SKIP $skip LIMIT $limit RETURN "
                               + INTRODUCTION, parameters, "i", introduction_of, query)

    def introduction_events(self, introduction_id: str) -> list[IntroductionEvent]:
        """A request's history, oldest first (by revision); empty for an unknown request."""

        def read(tx: neo4j.ManagedTransaction) -> list[IntroductionEvent]:
            return [from_record(IntroductionEvent, record_of(EVENT_FIELDS, record["e"]))
                    for record in tx.run(
                        "MATCH (e:IntroductionEvent {introduction_id: $id}) WITH e ORDER BY "
                        "e.revision RETURN " + read_columns("e", EVENT_FIELDS) + " AS e",
                        id=introduction_id)]

        return self._read(read)

    def transition_introduction(self, introduction: Introduction, *,
                                event: IntroductionEvent | None = None,
                                audit: AuditEntry | None = None,
                                notifications: Sequence[Notification] = (),
                                tie: Tie | None = None,
                                block: Block | None = None) -> Introduction:
        """Write a transition computed from revision ``introduction.revision - 1``;
        Conflict naming the stored state if the stored revision is another."""

        def transition(tx: neo4j.ManagedTransaction) -> Introduction:
            check_revision(tx, "MATCH (n:Introduction {id: $id})", introduction.id,
                           introduction.revision, "introduction request")
            i = introduction
            if tie is not None:
                i = dataclasses.replace(i, tie_id=create_tie_unless_known(tx, tie))
            # Every column but the id: a transition writes the whole request, as SQLite's record.
            tx.run("WITH $row AS row MATCH (i:Introduction {id: row[0]}) SET "
                   + set_columns("i", INTRODUCTION_COLUMNS, skip=1),
                   row=_introduction_row(i)).consume()
            _create_event(tx, event)
            retire_notifications_about(tx, i.id)
            create_notifications(tx, notifications)
            if block is not None:
                _merge_block(tx, block)
            return i

        # Only a completion that brings a tie writes to the graph (and moves its version).
        return self._write(transition, graph=tie is not None, audit=audit,
                           conflict=_request_conflict)


# find_blocks' order, for blocks found in either way.
BLOCK_ORDER = "WITH b ORDER BY b.created_at, b.target_id, b.requester_id "


def blocks_match(stakeholder_id: str | None) -> str:
    """The Cypher that finds the blocks (``b``) where ``$id`` is either end, or every block
    when ``stakeholder_id`` is None."""
    return "MATCH (b:Block) " if stakeholder_id is None else BLOCKS_OF


class Neo4jBlocks(Neo4jConnection):
    """Blocks, which refuse a requester's requests to a target; see
    :class:`~graph_models.stores.contracts.introductions.IntroductionStore`."""

    def create_block(self, block: Block, *, audit: AuditEntry | None = None) -> Block:
        """Record a block (an existing one is kept); Conflict if an end is missing."""

        def create(tx: neo4j.ManagedTransaction) -> Block:
            ends = [block.target_id, block.requester_id]
            lock_stakeholders(tx, ends)
            found = existing_ids(tx, sorted(set(ends)))
            for field in ("target_id", "requester_id"):
                if getattr(block, field) not in found:
                    raise ends_missing("block", field)
            return _merge_block(tx, block)

        return self._write(create, graph=False, audit=audit)

    def delete_block(self, target_id: str, requester_id: str, *,
                     audit: AuditEntry | None = None) -> None:
        """Lift a block; NotFound if there is none."""

        def delete(tx: neo4j.ManagedTransaction) -> None:
            deleted = tx.run("MATCH (b:Block {target_id: $target_id, "
                             "requester_id: $requester_id}) DELETE b RETURN count(*) AS deleted",
                             target_id=target_id,
                             requester_id=requester_id).single(strict=True)["deleted"]
            if deleted == 0:
                raise no_such("block")

        self._write(delete, graph=False, audit=audit)

    def find_blocks(self, stakeholder_id: str | None) -> list[Block]:
        """The blocks where the stakeholder is either end (None: all), oldest first."""

        def read(tx: neo4j.ManagedTransaction) -> list[Block]:
            return [block_of(record["b"]) for record in tx.run(
                blocks_match(stakeholder_id) + BLOCK_ORDER + "RETURN " + BLOCK,
                id=stakeholder_id)]

        return self._read(read)
