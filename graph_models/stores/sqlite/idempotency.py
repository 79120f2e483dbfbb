"""The SQLite store's Idempotency-Key claims and the answers kept for them.

A write made for a claim records its effect on it in the write's own transaction
(:func:`~graph_models.stores.sqlite.connection.record_effect`); erasing a stakeholder or a user
drops the kept answers that name it (:func:`erase_answers_naming`).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from graph_models.domain.idempotency import IdempotentResponse, answer_names, named_in_answer
from graph_models.stores.sqlite.connection import SqliteConnection, held_by


def _claim_row(c: IdempotentResponse) -> tuple[object, ...]:
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


def erase_answers_naming(db: sqlite3.Connection, object_id: str) -> None:
    """Drop the kept answers that name an erased object, and have the answers still being
    made checked for it when they are kept."""
    db.execute("UPDATE idempotency_claims SET body = NULL, erased = 1 "
               "WHERE instr(body, ?) > 0", (named_in_answer(object_id),))
    db.execute("UPDATE idempotency_claims SET erased_meanwhile = "
               "json_insert(erased_meanwhile, '$[#]', ?) WHERE status IS NULL", (object_id,))


class SqliteIdempotency(SqliteConnection):
    """Idempotency-Key claims; see
    :class:`~graph_models.stores.contracts.idempotency.IdempotencyStore`."""

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
            db.execute("INSERT OR REPLACE INTO idempotency_claims VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       _claim_row(claim))
        return None

    def finish_idempotency_key(self, claim: IdempotentResponse, *, status: int,
                               body: str) -> None:
        # Here and in release_idempotency_key, each statement touches the claim only while the
        # request holds it (its request id, unanswered): held_by(claim) are its last values.
        with self._transaction(write=True, graph=False, for_claim=False) as db:
            row = db.execute("SELECT erased_meanwhile FROM idempotency_claims WHERE user_id = ? "
                             "AND key = ? AND request_id = ? AND status IS NULL",
                             held_by(claim)).fetchone()
            if row is None:
                return
            erased = answer_names(body, json.loads(row["erased_meanwhile"]))
            db.execute("UPDATE idempotency_claims SET status = ?, body = ?, erased = ? "
                       "WHERE user_id = ? AND key = ? AND request_id = ? AND status IS NULL",
                       (status, None if erased else body, int(erased), *held_by(claim)))

    def release_idempotency_key(self, claim: IdempotentResponse) -> None:
        with self._transaction(write=True, graph=False, for_claim=False) as db:
            db.execute("DELETE FROM idempotency_claims WHERE effect IS NULL "
                       "AND user_id = ? AND key = ? AND request_id = ? AND status IS NULL",
                       held_by(claim))
            db.execute("UPDATE idempotency_claims SET released = 1 "
                       "WHERE user_id = ? AND key = ? AND request_id = ? AND status IS NULL",
                       held_by(claim))
