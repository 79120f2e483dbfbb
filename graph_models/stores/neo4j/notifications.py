"""The Neo4j store's notification outbox: ``:Notification`` nodes whose properties are their
fields.

They name their recipient and request by id, through no relationship; what SQLite's foreign
keys do is done here explicitly: erasing a user erases its notifications
(:func:`erase_notifications_to`), erasing a request those about it
(:func:`erase_notifications_about`).
"""

from __future__ import annotations

from collections.abc import Sequence

import neo4j

from graph_models.domain.notifications import Notification, NotificationState
from graph_models.domain.records import from_record
from graph_models.stores.neo4j.connection import Neo4jConnection
from graph_models.stores.neo4j.cypher import (
    field_names,
    lock,
    read_columns,
    record_of,
    row_of,
    set_columns,
)

NOTIFICATION_FIELDS = field_names(Notification)
NOTIFICATION = read_columns("n", NOTIFICATION_FIELDS) + " AS n"
LOCK_USERS = "UNWIND $ids AS id MATCH (u:User {id: id}) " + lock("u")
RECIPIENT_COLUMN = str(NOTIFICATION_FIELDS.index("recipient_id"))
# Run after LOCK_USERS: a recipient erased meanwhile is not matched, and gets nothing (its
# notifications would have gone with it).
CREATE_NOTIFICATIONS = ("UNWIND $rows AS row MATCH (u:User {id: row[" + RECIPIENT_COLUMN
                        + "]}) CREATE (n:Notification) SET "
                        + set_columns("n", NOTIFICATION_FIELDS))


def create_notifications(tx: neo4j.ManagedTransaction,
                         notifications: Sequence[Notification]) -> None:
    """Queue notifications, in the transaction of the step that brings them."""
    if not notifications:
        return
    tx.run(LOCK_USERS, ids=sorted({n.recipient_id for n in notifications})).consume()
    tx.run(CREATE_NOTIFICATIONS,
           rows=[row_of(n, NOTIFICATION_FIELDS) for n in notifications]).consume()


def retire_notifications_about(tx: neo4j.ManagedTransaction, introduction_id: str) -> None:
    """Make the request's pending notifications obsolete (a new step tells where it stands)."""
    tx.run("MATCH (n:Notification {introduction_id: $id}) " + lock("n"),
           id=introduction_id).consume()
    # After the lock, so that a delivery recorded meanwhile is seen.
    tx.run("MATCH (n:Notification {introduction_id: $id, state: $pending}) "
           "SET n.state = $obsolete", id=introduction_id,
           pending=NotificationState.PENDING.value,
           obsolete=NotificationState.OBSOLETE.value).consume()


def erase_notifications_about(tx: neo4j.ManagedTransaction, introduction_ids: list[str]) -> None:
    """Delete the notifications about these requests, which are being erased."""
    tx.run("MATCH (n:Notification) WHERE n.introduction_id IN $ids DELETE n",
           ids=introduction_ids).consume()


def erase_notifications_to(tx: neo4j.ManagedTransaction, user_id: str) -> None:
    """Delete the user's notifications, the user locked first so none is added meanwhile."""
    tx.run(LOCK_USERS, ids=[user_id]).consume()
    tx.run("MATCH (n:Notification {recipient_id: $id}) DELETE n", id=user_id).consume()


# Run after locking the notification, so that a retirement committed meanwhile is seen.
RECORD_DELIVERY = ("WITH $row AS row MATCH (n:Notification {id: row[0]}) "
                   "WHERE n.state <> $obsolete OR row[" + str(NOTIFICATION_FIELDS.index("state"))
                   + "] = $sent SET " + set_columns("n", NOTIFICATION_FIELDS, skip=1))


class Neo4jNotifications(Neo4jConnection):
    """The outbox; see :class:`~graph_models.stores.contracts.notifications.NotificationStore`."""

    def find_notifications(self, recipient_id: str | None, *, pending_only: bool = False,
                           limit: int = 100) -> list[Notification]:
        """A user's notifications newest first, or (``recipient_id`` None) the oldest pending
        ones of everyone."""
        pending = NotificationState.PENDING.value
        parameters: dict[str, str | None]
        if recipient_id is None:
            query = ("MATCH (n:Notification {state: $state}) "
                     "WITH n ORDER BY n.created_at, n.id LIMIT $limit RETURN " + NOTIFICATION)
            parameters = {"state": pending}
        else:
            query = ("MATCH (n:Notification {recipient_id: $recipient_id}) "
                     "WHERE $state IS NULL OR n.state = $state "
                     "WITH n ORDER BY n.created_at DESC, n.id LIMIT $limit RETURN " + NOTIFICATION)
            parameters = {"recipient_id": recipient_id,
                          "state": pending if pending_only else None}

        def read(tx: neo4j.ManagedTransaction) -> list[Notification]:
            return [from_record(Notification, record_of(NOTIFICATION_FIELDS, record["n"]))
                    for record in tx.run(query, parameters, limit=limit)]

        return self._read(read)

    def record_delivery(self, notification: Notification) -> None:
        """Store a notification's new state, attempts and sent_at; one retired meanwhile
        stays obsolete unless it was sent."""

        def record(tx: neo4j.ManagedTransaction) -> None:
            tx.run("MATCH (n:Notification {id: $id}) " + lock("n"),
                   id=notification.id).consume()
            tx.run(RECORD_DELIVERY, row=row_of(notification, NOTIFICATION_FIELDS),
                   obsolete=NotificationState.OBSOLETE.value,
                   sent=NotificationState.SENT.value).consume()

        self._write(record, graph=False)
