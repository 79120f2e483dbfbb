"""The store contract's notifications part: the outbox a mail sender drains.

Notifications are written by the introduction and mentorship writes that bring them, in the
same transaction; these two methods read them and record their delivery.
"""

from __future__ import annotations

from typing import Protocol

from graph_models.domain.notifications import Notification


class NotificationStore(Protocol):
    """The notification outbox."""

    def find_notifications(self, recipient_id: str | None, *, pending_only: bool = False,
                           limit: int = 100) -> list[Notification]:
        """A user's notifications newest first, or (``recipient_id`` None) the oldest pending
        ones of everyone: what a mail sender drains."""

    def record_delivery(self, notification: Notification) -> None:
        """Store a notification's new state, attempts and sent_at (a mail sender's report).
        One made obsolete since the sender read it stays so, unless the report says it was
        sent: a retry must not bring it back."""
