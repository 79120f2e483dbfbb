"""The SQLite store's notification outbox.

Notifications are written with the introduction and mentorship steps that bring them
(:func:`insert_notifications`); a recipient's foreign key cascades, so erasing a user erases
its notifications, and erasing a request those about it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from graph_models.domain.notifications import Notification, NotificationState
from graph_models.domain.records import from_record, to_record
from graph_models.stores.sqlite.connection import SqliteConnection


def _notification_rows(notifications: Iterable[Notification]) -> list[tuple[object, ...]]:
    return [(n.id, n.recipient_id, n.introduction_id, n.state.value, n.created_at.isoformat(),
             json.dumps(to_record(n), ensure_ascii=False)) for n in notifications]


def insert_notifications(db: sqlite3.Connection, notifications: Iterable[Notification]) -> None:
    """Queue notifications, in the transaction of the step that brings them."""
    # A recipient erased a moment ago is skipped, as its cascade would have done.
    db.executemany("INSERT INTO notifications SELECT ?,?,?,?,?,? "
                   "WHERE EXISTS (SELECT 1 FROM users WHERE id = ?2)",
                   _notification_rows(notifications))


class SqliteNotifications(SqliteConnection):
    """The outbox; see :class:`~graph_models.stores.contracts.notifications.NotificationStore`."""

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
