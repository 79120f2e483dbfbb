"""The SQLite store's introduction requests, their events, and blocks.

Foreign keys cascade, so erasing a stakeholder erases the requests and blocks it is part of,
and with a request its events and notifications.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Sequence

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import (
    blocked_request,
    duplicate_request,
    ends_missing,
    no_such,
    not_found,
    too_many_requests,
)
from graph_models.domain.introductions import OPEN_STATES, Block, Introduction, IntroductionEvent
from graph_models.domain.notifications import Notification, NotificationState
from graph_models.domain.queries import IntroductionQuery, Page
from graph_models.domain.records import from_record, to_record
from graph_models.domain.stakeholders import Tie
from graph_models.stores.sqlite.connection import SqliteConnection, check_revision
from graph_models.stores.sqlite.notifications import insert_notifications
from graph_models.stores.sqlite.stakeholders import existing_ids
from graph_models.stores.sqlite.ties import insert_tie_unless_known

# The open states as SQL literals: fixed values of the domain's enum.
OPEN_STATES_IN_SQL = ", ".join(f"'{state.value}'" for state in sorted(OPEN_STATES))


def _introduction_row(i: Introduction) -> tuple[object, ...]:
    return (i.id, i.requester_id, i.target_id, i.broker_id, i.region, i.state.value,
            i.revision, i.state_changed_at.isoformat(),
            json.dumps(to_record(i), ensure_ascii=False))


def introduction_of(row: sqlite3.Row) -> Introduction:
    """The request a row of ``introductions`` holds."""
    return from_record(Introduction, json.loads(row["record"]))


def introductions_where(query: IntroductionQuery) -> tuple[str, list[str | int]]:
    """The WHERE condition (made of fixed fragments only) that keeps the requests passing
    ``query``'s filters, and its values."""
    clauses: list[str] = []
    values: list[str | int] = []
    for column, ids in (("requester_id", query.requester_ids),
                        ("broker_id", query.broker_ids), ("target_id", query.target_ids)):
        if ids is not None:
            clauses.append(f"{column} IN ({','.join('?' * len(ids))})")
            values += ids
    if query.regions is not None:
        regions = ["substr(region, 1, ?) = ?" for _ in query.regions] or ["0"]
        clauses.append(f"({' OR '.join(regions)})")
        for region in query.regions:
            values += [len(region), region]
    if query.states is not None:
        clauses.append(f"state IN ({','.join('?' * len(query.states))})")
        values += [state.value for state in query.states]
    if query.changed_before is not None:
        clauses.append("state_changed_at < ?")
        values.append(query.changed_before.isoformat())
    if query.forwarded_only:
        clauses.append("json_extract(record, '$.forwarded_at') IS NOT NULL")
    return " AND ".join(clauses) or "1 = 1", values


# A page of requests, newest change first, once its WHERE condition is filled in.
INTRODUCTIONS_PAGE = ("SELECT record FROM introductions WHERE {} "
                      "ORDER BY state_changed_at DESC, id LIMIT ? OFFSET ?")
# Every block, or those of one end through the index on each end (testing the id for null as
# well would scan every block).
BLOCKS = "SELECT record FROM blocks {} ORDER BY created_at, target_id, requester_id"
BLOCKS_OF = "WHERE target_id = :id OR requester_id = :id"


def blocks_of(db: sqlite3.Connection, stakeholder_id: str | None) -> list[Block]:
    """The blocks where the stakeholder is either end (None: every block), oldest first."""
    rows = db.execute(BLOCKS.format("" if stakeholder_id is None else BLOCKS_OF),
                      {"id": stakeholder_id}).fetchall()
    return [from_record(Block, json.loads(row["record"])) for row in rows]


def _insert_event(db: sqlite3.Connection, event: IntroductionEvent | None) -> None:
    if event is not None:
        db.execute("INSERT INTO introduction_events VALUES (?,?,?)",
                   (event.introduction_id, event.revision,
                    json.dumps(to_record(event), ensure_ascii=False)))


def _insert_block(db: sqlite3.Connection, block: Block) -> None:
    """Insert the block; an existing one for the pair is kept."""
    db.execute("INSERT OR IGNORE INTO blocks VALUES (?,?,?,?)",
               (block.target_id, block.requester_id, block.created_at.isoformat(),
                json.dumps(to_record(block))))


class SqliteIntroductions(SqliteConnection):
    """Introductions and blocks; see
    :class:`~graph_models.stores.contracts.introductions.IntroductionStore`."""

    def create_introduction(self, introduction: Introduction, *, max_open: int,
                            event: IntroductionEvent | None = None,
                            audit: AuditEntry | None = None,
                            notifications: Sequence[Notification] = ()) -> Introduction:
        i = introduction
        with self._transaction(write=True, graph=False, audit=audit) as db:
            ends = [i.requester_id, i.target_id, *([i.broker_id] if i.broker_id else [])]
            missing = set(ends) - existing_ids(db, ends)
            if missing:
                field = next(name for name, value in (("requester_id", i.requester_id),
                                                      ("target_id", i.target_id),
                                                      ("broker_id", i.broker_id))
                             if value in missing)
                raise ends_missing("request", field)
            if db.execute("SELECT 1 FROM blocks WHERE target_id = ? AND requester_id = ?",
                          (i.target_id, i.requester_id)).fetchone():
                raise blocked_request()
            if db.execute(f"SELECT 1 FROM introductions WHERE requester_id = ? "  # noqa: S608 - fixed states
                          f"AND target_id = ? AND state IN ({OPEN_STATES_IN_SQL})",
                          (i.requester_id, i.target_id)).fetchone():
                raise duplicate_request()
            open_now = db.execute(f"SELECT count(*) FROM introductions "  # noqa: S608
                                  f"WHERE requester_id = ? AND state IN ({OPEN_STATES_IN_SQL})",
                                  (i.requester_id,)).fetchone()[0]
            if open_now >= max_open:
                raise too_many_requests(max_open)
            db.execute("INSERT INTO introductions VALUES (?,?,?,?,?,?,?,?,?)",
                       _introduction_row(i))
            _insert_event(db, event)
            insert_notifications(db, notifications)
        return introduction

    def introduction_events(self, introduction_id: str) -> list[IntroductionEvent]:
        rows = self._connection().execute(
            "SELECT record FROM introduction_events WHERE introduction_id = ? ORDER BY revision",
            (introduction_id,)).fetchall()
        return [from_record(IntroductionEvent, json.loads(row["record"])) for row in rows]

    def get_introduction(self, introduction_id: str) -> Introduction:
        return self._read_one("SELECT record FROM introductions WHERE id = ?", introduction_of,
                              not_found("introduction request", introduction_id),
                              introduction_id)

    def find_introductions(self, query: IntroductionQuery) -> Page[Introduction]:
        where, values = introductions_where(query)
        return self._read_page(
            f"SELECT count(*) FROM introductions WHERE {where}",  # noqa: S608 - fixed fragments
            INTRODUCTIONS_PAGE.format(where), values, query, introduction_of)

    def transition_introduction(self, introduction: Introduction, *,
                                event: IntroductionEvent | None = None,
                                audit: AuditEntry | None = None,
                                notifications: Sequence[Notification] = (),
                                tie: Tie | None = None,
                                block: Block | None = None) -> Introduction:
        i = introduction
        with self._transaction(write=True, graph=tie is not None, audit=audit) as db:
            check_revision(db, "SELECT state, revision FROM introductions WHERE id = ?", i.id,
                           i.revision, "introduction request")
            if tie is not None:
                i = dataclasses.replace(i, tie_id=insert_tie_unless_known(db, tie))
            db.execute("UPDATE introductions SET state = ?, revision = ?, broker_id = ?, "
                       "state_changed_at = ?, record = ? WHERE id = ?",
                       (i.state.value, i.revision, i.broker_id, i.state_changed_at.isoformat(),
                        _introduction_row(i)[-1], i.id))
            _insert_event(db, event)
            db.execute("UPDATE notifications SET state = ?1, record = json_set(record, "
                       "'$.state', ?1) WHERE introduction_id = ?2 AND state = ?3",
                       (NotificationState.OBSOLETE.value, i.id,
                        NotificationState.PENDING.value))
            insert_notifications(db, notifications)
            if block is not None:
                _insert_block(db, block)
        return i

    # -- blocks -----------------------------------------------------------------------------

    def create_block(self, block: Block, *, audit: AuditEntry | None = None) -> Block:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            ends = [block.target_id, block.requester_id]
            missing = set(ends) - existing_ids(db, ends)
            if missing:
                field = "target_id" if block.target_id in missing else "requester_id"
                raise ends_missing("block", field)
            _insert_block(db, block)
            row = db.execute("SELECT record FROM blocks WHERE target_id = ? AND requester_id = ?",
                             (block.target_id, block.requester_id)).fetchone()
        return from_record(Block, json.loads(row["record"]))

    def delete_block(self, target_id: str, requester_id: str, *,
                     audit: AuditEntry | None = None) -> None:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            if db.execute("DELETE FROM blocks WHERE target_id = ? AND requester_id = ?",
                          (target_id, requester_id)).rowcount == 0:
                raise no_such("block")

    def find_blocks(self, stakeholder_id: str | None) -> list[Block]:
        return blocks_of(self._connection(), stakeholder_id)
