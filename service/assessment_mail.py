"""The e-mail that brings a stakeholder its personal link to a needs assessment.

Sent at once over SMTP when the assessment is sent and mail is configured, never through the
notification outbox, which keeps what it sends: the link is a secret, and the store keeps only
its digest (as for invitations, :mod:`service.invitation_mail`).
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping
from datetime import datetime

from service.i18n.catalogues import translations
from service.i18n.formats import format_moment
from service.i18n.locale import N_, default_locale
from service.mail import MailSettings, connect, message_to

log = logging.getLogger(__name__)

SUBJECT = N_("A questionnaire for %(name)s: %(title)s")
BODY = N_("Hello,\n\nThe Social and Solidarity Economy office of your area asks %(name)s to "
          "answer a short questionnaire, \"%(title)s\", about what you need and what you can "
          "offer. It takes a few minutes and needs no account:\n\n%(link)s\n\nThe link is "
          "yours alone; it works once, until %(until)s. You choose whether your answers may "
          "update your organisation's profile.")


def send_link(config: Mapping, address: str | None, name: str, title: str, link: str,
              until: datetime) -> bool:
    """E-mail ``link`` to ``address`` in the service's default language, if mail is
    configured and there is an address: whether it was handed to the mail server (a failure
    is logged, not raised: the coordinator is then shown the link to hand over)."""
    settings = MailSettings.from_config(config)
    if settings is None or not address:
        return False
    locale = default_locale()
    texts = translations(locale)
    values = {"name": name, "title": title, "link": link,
              "until": format_moment(until, locale=locale)}
    try:
        with connect(settings) as smtp:
            smtp.send_message(message_to(address, texts.gettext(SUBJECT) % values,
                                         texts.gettext(BODY) % values, sender=settings.sender,
                                         locale=locale))
    except (OSError, smtplib.SMTPException) as error:
        # The error's text may hold the address: its kind only.
        log.warning("the questionnaire e-mail for a stakeholder was not sent: %s",
                    type(error).__name__)
        return False
    return True
