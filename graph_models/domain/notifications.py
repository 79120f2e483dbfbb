"""Notifications: what a person is told about an introduction or a mentorship, queued
for the mailer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class NotificationState(StrEnum):
    """``obsolete``: its request moved on before it was sent (its recipient acted on it, or
    a later step told of the new state), so it is no longer sent."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    OBSOLETE = "obsolete"


@dataclass(frozen=True, slots=True)
class Notification:
    """A message waiting in the outbox for a mail sender (or read in the service)."""

    id: str
    recipient_id: str
    subject: str
    body: str
    created_at: datetime
    introduction_id: str | None = None
    state: NotificationState = NotificationState.PENDING
    attempts: int = 0
    sent_at: datetime | None = None
