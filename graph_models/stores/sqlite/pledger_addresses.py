"""The SQLite store's part for public pledgers' addresses (see
:class:`~graph_models.stores.contracts.pledger_addresses.PledgerAddressStore`): clearing them
from pledges, deleting waiting public pledges, and counting the links mailed to an address
(:func:`count_pledge_mail`, in the transaction that keeps a public pledge)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.campaign_records import campaign_from_json
from graph_models.domain.campaigns import email_pledger
from graph_models.domain.pledger_privacy import (
    MAIL_WINDOW,
    closed_at,
    erased_pledger,
    mail_window_open,
    too_many_mails,
)
from graph_models.stores.sqlite.connection import SqliteConnection


def count_pledge_mail(db: sqlite3.Connection, request_email: str, at: datetime,
                      limit: int) -> None:
    """Count one more link mailed to the address, in the caller's transaction; TooManyRequests
    (nothing counted) when its day's ``limit`` is reached. A limit of 0 counts nothing."""
    if limit <= 0:
        return
    key = email_pledger(request_email)
    row = db.execute("SELECT started, count FROM pledge_mail_counts WHERE recipient = ?",
                     (key,)).fetchone()
    if row is not None and mail_window_open(datetime.fromisoformat(row[0]), at):
        if row[1] >= limit:
            raise too_many_mails(datetime.fromisoformat(row[0]), at)
        db.execute("UPDATE pledge_mail_counts SET count = count + 1 WHERE recipient = ?",
                   (key,))
        return
    db.execute("INSERT INTO pledge_mail_counts VALUES (?, ?, 1) ON CONFLICT (recipient) "
               "DO UPDATE SET started = excluded.started, count = 1", (key, at.isoformat()))


def _clear_pledges(db: sqlite3.Connection, pledge_ids: list[str]) -> int:
    """Clear the address and pledger key of these pledges and of their matches."""
    rows = [(erased_pledger(pledge_id), pledge_id) for pledge_id in pledge_ids]
    db.executemany("UPDATE pledges SET email = NULL, pledger = ? WHERE id = ?", rows)
    db.executemany("UPDATE pool_matches SET pledger = ? WHERE pledge_id = ?", rows)
    return len(rows)


def forget_pledger_in_campaigns(db: sqlite3.Connection, pledger: str) -> int:
    """Clear the pledger's address from its pledges and delete its waiting public pledges and
    its count of mails, in the caller's transaction (erasing a person or an address)."""
    ids = [row[0] for row in db.execute("SELECT id FROM pledges WHERE pledger = ?", (pledger,))]
    # Waiting pledges keep the address as typed; the key is made from it here.
    asked = [(row[0], row[2] is None) for row in db.execute(
        "SELECT id, email, confirmed_at FROM public_pledges") if email_pledger(row[1]) == pledger]
    db.executemany("DELETE FROM public_pledges WHERE id = ?", [(i,) for i, _ in asked])
    db.execute("DELETE FROM pledge_mail_counts WHERE recipient = ?", (pledger,))
    return _clear_pledges(db, ids) + sum(waiting for _, waiting in asked)


class SqlitePledgerAddresses(SqliteConnection):
    """See :class:`~graph_models.stores.contracts.pledger_addresses.PledgerAddressStore`."""

    def forget_pledger(self, pledger: str, *, audit: AuditEntry | None = None) -> int:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            forgotten = forget_pledger_in_campaigns(db, pledger)
        # As an erasure: the old pages leave the write-ahead log.
        self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return forgotten

    def forget_pledger_addresses(self, closed_before: datetime, at: datetime, *,
                                 audit: AuditEntry | None = None) -> int:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            closed = [c.id for c in (campaign_from_json(row[0]) for row in db.execute(
                "SELECT record FROM campaigns")) if closed_at(c) < closed_before]
            ids = [row[0] for row in db.execute(
                "SELECT id FROM pledges WHERE email IS NOT NULL AND campaign_id IN "
                "(SELECT value FROM json_each(?)) ORDER BY id", (json.dumps(closed),))]
            cleared = _clear_pledges(db, ids)
            expired = [row[0] for row in db.execute("SELECT id, expires_at FROM public_pledges")
                       if datetime.fromisoformat(row[1]) <= at]
            db.executemany("DELETE FROM public_pledges WHERE id = ?", [(i,) for i in expired])
            db.execute("DELETE FROM pledge_mail_counts WHERE started <= ?",
                       ((at - MAIL_WINDOW).isoformat(),))
        self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return cleared

