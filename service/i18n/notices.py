"""Notifications in their reader's language: the subject and body of a notification's notice
(:mod:`graph_models.domain.notifications`) rendered with the catalogues, codes as labels,
the e-mail that carries them, dated the language's way.

>>> from datetime import datetime, UTC
>>> from graph_models.domain.notifications import Notice, notify
>>> from graph_models.domain.phrases import Codes, Phrase
>>> n = notify("n1", "u1", Notice(
...     Phrase("Your request to meet {target} was declined", target="Ταμείο"),
...     Phrase("The request was declined ({reason}).",
...            reason=Codes("decline_reason", ("not_now",)))), datetime(2026, 3, 5, tzinfo=UTC))
>>> told(n, locale="en")
Told(subject='Your request to meet Ταμείο was declined', body='The request was declined (Not now).')
>>> told(n, locale="el").body
'Το αίτημα απορρίφθηκε (Όχι τώρα).'
"""

from __future__ import annotations

from typing import NamedTuple

from graph_models.domain.notifications import Notification, notice_of
from service.i18n.phrases import render


class Told(NamedTuple):
    """A notification's words in one language."""

    subject: str
    body: str


def told(notification: Notification, *, locale: str | None = None) -> Told:
    """What ``notification`` says, in ``locale`` (the current request's by default)."""
    notice = notice_of(notification)
    return Told(render(notice.subject, locale=locale), render(notice.body, locale=locale))
