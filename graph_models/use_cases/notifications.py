"""The notification use cases: a user reads their own notifications; the mail sender drains
the outbox and reports each delivery.

Notifications are written by the introduction and mentorship workflows, with the step that
causes them. A notification that meets a passing error (the mail server hangs up) stays
pending for the next run, up to ``MAX_ATTEMPTS`` attempts; one refused is failed at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from graph_models.domain.accounts import User
from graph_models.domain.notifications import Notification, NotificationState
from graph_models.domain.stakeholders import now
from graph_models.stores.base import GraphStore

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Outgoing:
    """A pending notification, the e-mail address of its recipient (None: it has none) and
    the language they chose (None: the deployment's)."""

    notification: Notification
    address: str | None
    locale: str | None = None


class Notifications:
    """The outbox over one store.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/outbox.db")
    >>> store.ensure_schema()
    >>> Notifications(store).outbox()
    []
    """

    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = now):
        self.store = store
        self._clock = clock

    def mine(self, *, pending_only: bool = False, limit: int = 100,
             actor: User) -> list[Notification]:
        """The signed-in user's own notifications, newest first."""
        return self.store.find_notifications(actor.id, pending_only=pending_only, limit=limit)

    def outbox(self, *, limit: int = 500) -> list[Outgoing]:
        """Up to ``limit`` pending notifications, oldest first, each with where to send it."""
        pending = self.store.find_notifications(None, limit=limit)
        if not pending:
            return []
        users = {u.id: u for u in self.store.list_users()}
        return [Outgoing(n, users[n.recipient_id].email, users[n.recipient_id].locale)
                if n.recipient_id in users else Outgoing(n, None) for n in pending]

    def mark_sent(self, notification: Notification) -> None:
        """Record that the notification went out."""
        self._record(notification, NotificationState.SENT)

    def mark_failed(self, notification: Notification) -> None:
        """Record that the notification cannot be delivered (no address, or refused)."""
        self._record(notification, NotificationState.FAILED)

    def mark_interrupted(self, notification: Notification) -> bool:
        """Record an attempt cut short by a passing error: the notification stays pending,
        unless this was its last attempt and it fails. Whether it will be tried again."""
        retry = notification.attempts + 1 < MAX_ATTEMPTS
        self._record(notification, NotificationState.PENDING if retry
                     else NotificationState.FAILED)
        return retry

    def _record(self, notification: Notification, state: NotificationState) -> None:
        self.store.record_delivery(dataclasses.replace(
            notification, state=state, attempts=notification.attempts + 1,
            sent_at=self._clock() if state == NotificationState.SENT else None))
