"""The e-mail that brings an invitation's link, in the invitee's language.

It is sent at once, over SMTP, when the invitation is made and mail is configured — never
through the notification outbox, which keeps what it sends: the link is a secret, and the
store keeps only its digest.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping
from datetime import datetime

from graph_models.domain.accounts import User
from service.i18n.catalogues import translations
from service.i18n.formats import format_moment
from service.i18n.locale import N_, default_locale
from service.mail import MailSettings, connect, message_to

log = logging.getLogger(__name__)

SUBJECT = N_("Your invitation to Syndesmos")
BODY = N_("Hello %(name)s,\n\nYou have been invited to Syndesmos, the network of the Social and "
          "Solidarity Economy, as %(username)s. Open this link to choose your password and "
          "sign in:\n\n%(link)s\n\nThe link works once, until %(until)s. If you did not expect "
          "this invitation, ignore this e-mail.")


def send_invitation(config: Mapping, user: User, link: str, until: datetime) -> bool:
    """E-mail ``link`` to ``user`` in their language, if mail is configured and they have an
    address: whether it was handed to the mail server (a failure is logged, not raised: the
    link is still shown to whoever invited)."""
    settings = MailSettings.from_config(config)
    if settings is None or not user.email:
        return False
    locale = user.locale or default_locale()
    texts = translations(locale)
    body = texts.gettext(BODY) % {"name": user.display_name or user.username,
                                  "username": user.username, "link": link,
                                  "until": format_moment(until, locale=locale)}
    try:
        with connect(settings) as smtp:
            smtp.send_message(message_to(user.email, texts.gettext(SUBJECT), body,
                                         sender=settings.sender, locale=locale))
    except (OSError, smtplib.SMTPException) as error:
        log.warning("the invitation e-mail to user %s was not sent: %s", user.id, error)
        return False
    return True
