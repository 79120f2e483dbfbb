"""The SQLite store's introductions, blocks, notification outbox and idempotency keys.

A mixin of :class:`~graph_models.stores.sqlite.SqliteStore`: it uses the store's transactions,
and its tables are part of the store's schema. Foreign keys cascade, so erasing a stakeholder
erases the requests and blocks it is part of, and erasing a user its notifications. Erasing
either also drops the kept idempotent answers that name it (:meth:`_erase_answers_naming`).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import datetime

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import (
    Conflict,
    NotFound,
    blocked_request,
    duplicate_request,
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
from graph_models.domain.records import from_record, to_record
from graph_models.domain.stakeholders import Tie

_OPEN = ", ".join(f"'{state.value}'" for state in sorted(OPEN_STATES))

INTRODUCTION_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS introductions (
        id TEXT PRIMARY KEY,
        requester_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        target_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        broker_id TEXT REFERENCES stakeholders (id) ON DELETE CASCADE,
        region TEXT NOT NULL,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL,
        state_changed_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    # At most one open request per pair, whoever sends it and however fast.
    f"""CREATE UNIQUE INDEX IF NOT EXISTS introductions_one_open_per_pair
        ON introductions (requester_id, target_id) WHERE state IN ({_OPEN})""",
    "CREATE INDEX IF NOT EXISTS introductions_by_requester ON introductions (requester_id)",
    "CREATE INDEX IF NOT EXISTS introductions_by_target ON introductions (target_id)",
    "CREATE INDEX IF NOT EXISTS introductions_by_broker ON introductions (broker_id)",
    "CREATE INDEX IF NOT EXISTS introductions_by_change ON introductions (state_changed_at)",
    """CREATE TABLE IF NOT EXISTS introduction_events (
        introduction_id TEXT NOT NULL REFERENCES introductions (id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (introduction_id, revision)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS blocks (
        target_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        requester_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (target_id, requester_id)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS blocks_by_requester ON blocks (requester_id)",
    """CREATE TABLE IF NOT EXISTS notifications (
        id TEXT PRIMARY KEY,
        recipient_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        introduction_id TEXT REFERENCES introductions (id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS notifications_by_recipient
        ON notifications (recipient_id, created_at)""",
    "CREATE INDEX IF NOT EXISTS notifications_by_state ON notifications (state, created_at)",
    """CREATE INDEX IF NOT EXISTS notifications_by_introduction
        ON notifications (introduction_id, state)""",
    # The table before claims had request ids kept secrets and erased data in its answers.
    "DROP TABLE IF EXISTS idempotency_keys",
    """CREATE TABLE IF NOT EXISTS idempotency_claims (
        user_id TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status INTEGER,
        body TEXT,
        request_id TEXT NOT NULL,
        effect TEXT,
        released INTEGER NOT NULL,
        erased INTEGER NOT NULL,
        erased_meanwhile TEXT NOT NULL,
        PRIMARY KEY (user_id, key)) WITHOUT ROWID""",
    """CREATE INDEX IF NOT EXISTS idempotency_claims_by_age
        ON idempotency_claims (created_at)""",
)
INSERT_CLAIM = "INSERT OR REPLACE INTO idempotency_claims VALUES (?,?,?,?,?,?,?,?,?,?,?)"
# What the request holding a claim may do to it, while unanswered: each takes the values of
# _held(claim) last.
HELD_CLAIM = ("SELECT erased_meanwhile FROM idempotency_claims "
              "WHERE user_id = ? AND key = ? AND request_id = ? AND status IS NULL")
FINISH_CLAIM = ("UPDATE idempotency_claims SET status = ?, body = ?, erased = ? "
                "WHERE user_id = ? AND key = ? AND request_id = ? AND status IS NULL")
RECORD_EFFECT = ("UPDATE idempotency_claims SET effect = coalesce(effect, ?) "
                 "WHERE user_id = ? AND key = ? AND request_id = ? AND status IS NULL")
DROP_CLAIM = ("DELETE FROM idempotency_claims WHERE effect IS NULL "
              "AND user_id = ? AND key = ? AND request_id = ? AND status IS NULL")
MARK_RELEASED = ("UPDATE idempotency_claims SET released = 1 "
                 "WHERE user_id = ? AND key = ? AND request_id = ? AND status IS NULL")


def _introduction_row(i: Introduction) -> tuple:
    return (i.id, i.requester_id, i.target_id, i.broker_id, i.region, i.state.value,
            i.revision, i.state_changed_at.isoformat(),
            json.dumps(to_record(i), ensure_ascii=False))


def _introduction(row: sqlite3.Row) -> Introduction:
    return from_record(Introduction, json.loads(row["record"]))


def _claim_row(c: IdempotentResponse) -> tuple:
    return (c.user_id, c.key, c.request_hash, c.created_at.isoformat(), c.status, c.body,
            c.request_id, c.effect, int(c.released), int(c.erased),
            json.dumps(c.erased_meanwhile, ensure_ascii=False))


def _claim(row: sqlite3.Row) -> IdempotentResponse:
    return IdempotentResponse(
        key=row["key"], user_id=row["user_id"], request_hash=row["request_hash"],
        created_at=datetime.fromisoformat(row["created_at"]), status=row["status"],
        body=row["body"], request_id=row["request_id"], effect=row["effect"],
        released=bool(row["released"]), erased=bool(row["erased"]),
        erased_meanwhile=tuple(json.loads(row["erased_meanwhile"])))


def _held(c: IdempotentResponse) -> tuple:
    """Who holds a claim: the values its statements end with."""
    return c.user_id, c.key, c.request_id


def _notification_rows(notifications) -> list[tuple]:
    return [(n.id, n.recipient_id, n.introduction_id, n.state.value, n.created_at.isoformat(),
             json.dumps(to_record(n), ensure_ascii=False)) for n in notifications]


class SqliteIntroductions:
    """Introductions and their companions; see :class:`~graph_models.stores.base.GraphStore`."""

    def create_introduction(self, introduction: Introduction, *, max_open: int,
                            event: IntroductionEvent | None = None,
                            audit: AuditEntry | None = None,
                            notifications: list[Notification] = ()) -> Introduction:
        i = introduction
        with self._transaction(write=True, graph=False, audit=audit) as db:
            ends = [i.requester_id, i.target_id, *([i.broker_id] if i.broker_id else [])]
            missing = set(ends) - self._existing_ids(db, ends)
            if missing:
                field = next(name for name, value in (("requester_id", i.requester_id),
                                                      ("target_id", i.target_id),
                                                      ("broker_id", i.broker_id))
                             if value in missing)
                raise Conflict("a request must name existing stakeholders",
                               errors={field: ["no such stakeholder"]})
            if db.execute("SELECT 1 FROM blocks WHERE target_id = ? AND requester_id = ?",
                          (i.target_id, i.requester_id)).fetchone():
                raise blocked_request()
            if db.execute(f"SELECT 1 FROM introductions WHERE requester_id = ? "  # noqa: S608 - fixed states
                          f"AND target_id = ? AND state IN ({_OPEN})",
                          (i.requester_id, i.target_id)).fetchone():
                raise duplicate_request()
            open_now = db.execute(f"SELECT count(*) FROM introductions "  # noqa: S608
                                  f"WHERE requester_id = ? AND state IN ({_OPEN})",
                                  (i.requester_id,)).fetchone()[0]
            if open_now >= max_open:
                raise too_many_requests(max_open)
            db.execute("INSERT INTO introductions VALUES (?,?,?,?,?,?,?,?,?)",
                       _introduction_row(i))
            self._insert_event(db, event)
            self._insert_notifications(db, notifications)
        return introduction

    @staticmethod
    def _insert_event(db: sqlite3.Connection, event: IntroductionEvent | None) -> None:
        if event is not None:
            db.execute("INSERT INTO introduction_events VALUES (?,?,?)",
                       (event.introduction_id, event.revision,
                        json.dumps(to_record(event), ensure_ascii=False)))

    def introduction_events(self, introduction_id: str) -> list[IntroductionEvent]:
        rows = self._connection().execute(
            "SELECT record FROM introduction_events WHERE introduction_id = ? ORDER BY revision",
            (introduction_id,)).fetchall()
        return [from_record(IntroductionEvent, json.loads(row["record"])) for row in rows]

    @staticmethod
    def _insert_notifications(db: sqlite3.Connection, notifications) -> None:
        # A recipient erased a moment ago is skipped, as its cascade would have done.
        db.executemany("INSERT INTO notifications SELECT ?,?,?,?,?,? "
                       "WHERE EXISTS (SELECT 1 FROM users WHERE id = ?2)",
                       _notification_rows(notifications))

    def get_introduction(self, introduction_id: str) -> Introduction:
        row = self._connection().execute("SELECT record FROM introductions WHERE id = ?",
                                          (introduction_id,)).fetchone()
        if row is None:
            raise NotFound(f"no introduction request with id {introduction_id}")
        return _introduction(row)

    def find_introductions(self, query: IntroductionQuery) -> Page[Introduction]:
        clauses, values = [], []
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
        where = " AND ".join(clauses) or "1 = 1"
        with self._transaction(write=False) as db:
            total = db.execute(f"SELECT count(*) FROM introductions WHERE {where}",  # noqa: S608 - fixed fragments
                               values).fetchone()[0]
            rows = db.execute(f"SELECT record FROM introductions WHERE {where} "  # noqa: S608
                              "ORDER BY state_changed_at DESC, id LIMIT ? OFFSET ?",
                              [*values, query.page_size, query.offset]).fetchall()
        return Page([_introduction(row) for row in rows], total, query.page, query.page_size)

    def transition_introduction(self, introduction: Introduction, *,
                                event: IntroductionEvent | None = None,
                                audit: AuditEntry | None = None,
                                notifications: list[Notification] = (),
                                tie: Tie | None = None,
                                block: Block | None = None) -> Introduction:
        i = introduction
        with self._transaction(write=True, graph=tie is not None, audit=audit) as db:
            self._check_revision(db, "introductions", i.id, i.revision,
                                 "introduction request")
            if tie is not None:
                i = dataclasses.replace(i, tie_id=self._insert_tie_unless_known(db, tie))
            db.execute("UPDATE introductions SET state = ?, revision = ?, broker_id = ?, "
                       "state_changed_at = ?, record = ? WHERE id = ?",
                       (i.state.value, i.revision, i.broker_id, i.state_changed_at.isoformat(),
                        _introduction_row(i)[-1], i.id))
            self._insert_event(db, event)
            db.execute("UPDATE notifications SET state = ?1, record = json_set(record, "
                       "'$.state', ?1) WHERE introduction_id = ?2 AND state = ?3",
                       (NotificationState.OBSOLETE.value, i.id,
                        NotificationState.PENDING.value))
            self._insert_notifications(db, notifications)
            if block is not None:
                self._insert_block(db, block)
        return i

    # -- blocks -----------------------------------------------------------------------------

    def create_block(self, block: Block, *, audit: AuditEntry | None = None) -> Block:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            ends = [block.target_id, block.requester_id]
            missing = set(ends) - self._existing_ids(db, ends)
            if missing:
                field = "target_id" if block.target_id in missing else "requester_id"
                raise Conflict("a block must name existing stakeholders",
                               errors={field: ["no such stakeholder"]})
            self._insert_block(db, block)
            row = db.execute("SELECT record FROM blocks WHERE target_id = ? AND requester_id = ?",
                             (block.target_id, block.requester_id)).fetchone()
        return from_record(Block, json.loads(row["record"]))

    @staticmethod
    def _insert_block(db: sqlite3.Connection, block: Block) -> None:
        """Insert the block; an existing one for the pair is kept."""
        db.execute("INSERT OR IGNORE INTO blocks VALUES (?,?,?,?)",
                   (block.target_id, block.requester_id, block.created_at.isoformat(),
                    json.dumps(to_record(block))))

    def delete_block(self, target_id: str, requester_id: str, *,
                     audit: AuditEntry | None = None) -> None:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            if db.execute("DELETE FROM blocks WHERE target_id = ? AND requester_id = ?",
                          (target_id, requester_id)).rowcount == 0:
                raise NotFound("no such block")

    def find_blocks(self, stakeholder_id: str | None) -> list[Block]:
        rows = self._connection().execute(
            "SELECT record FROM blocks WHERE ?1 IS NULL OR target_id = ?1 OR requester_id = ?1 "
            "ORDER BY created_at, target_id, requester_id", (stakeholder_id,)).fetchall()
        return [from_record(Block, json.loads(row["record"])) for row in rows]

    # -- notifications ----------------------------------------------------------------------

    def find_notifications(self, recipient_id: str | None, *, pending_only: bool = False,
                           limit: int = 100) -> list[Notification]:
        if recipient_id is None:
            rows = self._connection().execute(
                "SELECT record FROM notifications WHERE state = ? ORDER BY created_at, id "
                "LIMIT ?", (NotificationState.PENDING.value, limit)).fetchall()
        else:
            pending = " AND state = 'pending'" if pending_only else ""
            rows = self._connection().execute(
                "SELECT record FROM notifications WHERE recipient_id = ?" + pending +  # noqa: S608 - fixed fragment
                " ORDER BY created_at DESC, id LIMIT ?", (recipient_id, limit)).fetchall()
        return [from_record(Notification, json.loads(row["record"])) for row in rows]

    def record_delivery(self, notification: Notification) -> None:
        n = notification
        with self._transaction(write=True, graph=False) as db:
            db.execute("UPDATE notifications SET state = ?1, record = ?2 WHERE id = ?3 "
                       "AND (state != ?4 OR ?1 = ?5)",
                       (n.state.value, json.dumps(to_record(n), ensure_ascii=False), n.id,
                        NotificationState.OBSOLETE.value, NotificationState.SENT.value))

    # -- idempotency keys -------------------------------------------------------------------

    def claim_idempotency_key(self, claim: IdempotentResponse, *, expired_before: datetime,
                              abandoned_before: datetime) -> IdempotentResponse | None:
        with self._transaction(write=True, graph=False, for_claim=False) as db:
            # Keys are remembered for a while only: what they kept goes once they expire.
            db.execute("DELETE FROM idempotency_claims WHERE created_at < ?",
                       (expired_before.isoformat(),))
            row = db.execute("SELECT * FROM idempotency_claims WHERE user_id = ? AND key = ?",
                             (claim.user_id, claim.key)).fetchone()
            if row is not None:
                held = _claim(row)
                if not held.replaceable(expired_before=expired_before,
                                        abandoned_before=abandoned_before):
                    return held
            db.execute(INSERT_CLAIM, _claim_row(claim))
        return None

    def finish_idempotency_key(self, claim: IdempotentResponse, *, status: int,
                               body: str) -> None:
        with self._transaction(write=True, graph=False, for_claim=False) as db:
            row = db.execute(HELD_CLAIM, _held(claim)).fetchone()
            if row is None:
                return
            erased = answer_names(body, json.loads(row["erased_meanwhile"]))
            db.execute(FINISH_CLAIM, (status, None if erased else body, int(erased),
                                      *_held(claim)))

    def release_idempotency_key(self, claim: IdempotentResponse) -> None:
        with self._transaction(write=True, graph=False, for_claim=False) as db:
            db.execute(DROP_CLAIM, _held(claim))
            db.execute(MARK_RELEASED, _held(claim))

    @staticmethod
    def _record_effect(db: sqlite3.Connection, claim: IdempotentResponse,
                       audit: AuditEntry | None) -> None:
        """Record a write's effect on the claim it is made for, in the write's transaction;
        Conflict if the claim no longer holds its key (a retry took it over)."""
        if db.execute(RECORD_EFFECT, (claim_effect(audit), *_held(claim))).rowcount == 0:
            raise claim_taken_over()

    @staticmethod
    def _erase_answers_naming(db: sqlite3.Connection, object_id: str) -> None:
        """Drop the kept answers that name an erased object, and have the answers still being
        made checked for it when they are kept."""
        db.execute("UPDATE idempotency_claims SET body = NULL, erased = 1 "
                   "WHERE instr(body, ?) > 0", (named_in_answer(object_id),))
        db.execute("UPDATE idempotency_claims SET erased_meanwhile = "
                   "json_insert(erased_meanwhile, '$[#]', ?) WHERE status IS NULL", (object_id,))
