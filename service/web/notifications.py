"""My notifications: what the service told the signed-in user about their introductions and
mentorships, newest first, in the page's language, each leading to what it is about.

Notifications have no "read" mark in the use case (they are e-mailed or waiting to be, or no
longer needed): the page shows that state instead, and greys the ones a later step replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, url_for

from graph_models.domain.accounts import Role, User
from graph_models.domain.notifications import Notification, NotificationState
from service.auth import current_actor
from service.extensions import notifications
from service.i18n.formats import format_moment
from service.i18n.labels import label
from service.i18n.locale import gettext
from service.i18n.notices import told
from service.web.site import blp

SHOWN = 100


@dataclass(frozen=True)
class Shown:
    """One notification as the page shows it."""

    subject: str
    body: str
    when: str
    state: str
    current: bool  # not replaced by a later step
    link: str | None
    link_text: str | None


def _link(notification: Notification, user: User) -> tuple[str | None, str | None]:
    """Where a notification leads: its request, or the mentorships (for a coordinator, the
    programme) it is about; nowhere for one about nothing one can open."""
    if notification.introduction_id:
        return (url_for("web.introduction", introduction_id=notification.introduction_id),
                gettext("Open the introduction request"))
    if notification.programme_id:
        if user.role in (Role.COORDINATOR, Role.ADMIN):
            return (url_for("web.programme", programme_id=notification.programme_id),
                    gettext("Open the programme"))
        return url_for("web.mentorships"), gettext("Open my mentorships")
    return None, None


def _shown(notification: Notification, user: User) -> Shown:
    words = told(notification)
    return Shown(words.subject, words.body, format_moment(notification.created_at),
                 label("notification_state", notification.state),
                 notification.state != NotificationState.OBSOLETE, *_link(notification, user))


@blp.get("/notifications", endpoint="notifications")
def notifications_page():
    user = current_actor()
    found = notifications().mine(limit=SHOWN, actor=user)
    return render_template("notifications.html", shown=[_shown(n, user) for n in found],
                           limit=SHOWN)
