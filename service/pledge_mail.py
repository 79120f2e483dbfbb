"""The e-mail that brings a public pledge's link to confirm it, in the language of the request.

Sent at once over SMTP, never through the notification outbox, which keeps what it sends: the
link is a secret, and the store keeps only its digest.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping

from graph_models.domain.campaigns import PublicPledge
from service.i18n.catalogues import translations
from service.i18n.formats import format_moment, format_money
from service.i18n.locale import N_, current_locale
from service.mail import MailSettings, connect, message_to

log = logging.getLogger(__name__)

SUBJECT = N_("Confirm your pledge")
BODY = N_("Hello,\n\nSomeone (we hope you) pledged %(amount)s with this address to the "
          "campaign \"%(title)s\" on Syndesmos. Open this link to confirm the pledge:\n\n"
          "%(link)s\n\nThe link works once, until %(until)s. Nothing is paid now: if the "
          "campaign reaches its minimum by its deadline, its team asks you to pay what you "
          "pledged, outside Syndesmos; if not, the pledge lapses. If you did not pledge, "
          "ignore this e-mail.")


def send_pledge_link(config: Mapping, request: PublicPledge, link: str, title: str) -> bool:
    """E-mail ``link`` to the pledge's address, if mail is configured: whether it was handed
    to the mail server (a failure is logged without the address, not raised)."""
    settings = MailSettings.from_config(config)
    if settings is None:
        return False
    locale = current_locale()
    texts = translations(locale)
    body = texts.gettext(BODY) % {"amount": format_money(request.amount, locale=locale),
                                  "title": title, "link": link,
                                  "until": format_moment(request.expires_at, locale=locale)}
    try:
        with connect(settings) as smtp:
            smtp.send_message(message_to(request.email, texts.gettext(SUBJECT), body,
                                         sender=settings.sender, locale=locale))
    except (OSError, smtplib.SMTPException) as error:
        # The error's text may hold the address: its kind only.
        log.warning("the link of public pledge %s was not mailed: %s", request.id,
                    type(error).__name__)
        return False
    return True
