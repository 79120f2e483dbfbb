"""Notifications: what a person is told about an introduction or a mentorship, queued
for the mailer.

What a notification says is a :class:`Notice`: a subject and a body as phrases
(:mod:`graph_models.domain.phrases`), so that the service tells each recipient in their own
language, with the labels of the codes it names. A notification keeps its notice as JSON
text (``wording``: a text every store holds as it is), and its English words, codes as codes,
as ``subject`` and ``body`` for logs and programs.

Examples
--------
>>> from datetime import datetime, UTC
>>> from graph_models.domain.phrases import Codes, Phrase
>>> notice = Notice(Phrase("Your request to meet {target} was declined", target="Ταμείο"),
...                 Phrase("The request was declined ({why}).",
...                        why=Codes("decline_reason", ("not_now",))))
>>> n = notify("n1", "u1", notice, datetime(2026, 3, 5, tzinfo=UTC), introduction_id="i1")
>>> n.body
'The request was declined (not_now).'
>>> notice_of(n) == notice
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from graph_models.domain.phrases import Joined, Phrase, from_plain, to_plain


class NotificationState(StrEnum):
    """``obsolete``: its request moved on before it was sent (its recipient acted on it, or
    a later step told of the new state), so it is no longer sent."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    OBSOLETE = "obsolete"


@dataclass(frozen=True, slots=True)
class Notification:
    """A message waiting in the outbox for a mail sender (or read in the service).

    ``introduction_id`` or ``programme_id`` says what it is about (neither: nothing one can
    open)."""

    id: str
    recipient_id: str
    subject: str
    body: str
    created_at: datetime
    introduction_id: str | None = None
    state: NotificationState = NotificationState.PENDING
    attempts: int = 0
    sent_at: datetime | None = None
    programme_id: str | None = None
    wording: str | None = None


@dataclass(frozen=True)
class Notice:
    """What a notification says, in phrases a reader's language can render."""

    subject: Phrase
    body: Phrase | Joined


def notify(notification_id: str, recipient_id: str, notice: Notice, at: datetime, *,
           introduction_id: str | None = None,
           programme_id: str | None = None) -> Notification:
    """A pending notification telling ``notice`` to its recipient."""
    wording = json.dumps({"subject": to_plain(notice.subject), "body": to_plain(notice.body)},
                         ensure_ascii=False)
    return Notification(notification_id, recipient_id, str(notice.subject), str(notice.body),
                        at, introduction_id=introduction_id, programme_id=programme_id,
                        wording=wording)


def notice_of(notification: Notification) -> Notice:
    """What ``notification`` says. One written before notices were kept says its English
    words, as they are."""
    if notification.wording is None:
        return Notice(Phrase("{words}", words=notification.subject),
                      Phrase("{words}", words=notification.body))
    plain = json.loads(notification.wording)
    subject, body = from_plain(plain["subject"]), from_plain(plain["body"])
    assert isinstance(subject, Phrase) and isinstance(body, Phrase | Joined)
    return Notice(subject, body)
