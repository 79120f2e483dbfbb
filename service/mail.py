"""The mail sender: drains the notification outbox over SMTP, when SMTP is configured.

Off by default (no ``SYNDESMOS_SMTP_HOST``): notifications then stay in the service, where
``GET /api/v1/me/notifications`` shows them. A notification whose recipient has no e-mail
address, or whose address the server refuses, is marked failed at once; one that meets a
passing error (the server hangs up) stays pending for the next run, up to three attempts.
"""

from __future__ import annotations

import contextlib
import dataclasses
import smtplib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from email.message import EmailMessage

from graph_models.domain.notifications import Notification
from graph_models.use_cases.notifications import Notifications
from service.i18n.catalogues import SOURCE_LOCALE, translations
from service.i18n.formats import format_moment
from service.i18n.notices import told

SMTP_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = dataclasses.field(default=None, repr=False)
    starttls: bool = True

    @classmethod
    def from_config(cls, config: Mapping) -> MailSettings | None:
        """The settings, or None when no SMTP host is configured (mail is off)."""
        host = config.get("SYNDESMOS_SMTP_HOST")
        if not host:
            return None
        return cls(host=host, port=int(config["SYNDESMOS_SMTP_PORT"]),
                   sender=config["SYNDESMOS_MAIL_FROM"],
                   user=config.get("SYNDESMOS_SMTP_USER") or None,
                   password=config.get("SYNDESMOS_SMTP_PASSWORD") or None,
                   starttls=str(config["SYNDESMOS_SMTP_STARTTLS"]).lower() == "true")


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    retry: int = 0


@contextlib.contextmanager
def connect(settings: MailSettings) -> Iterator[smtplib.SMTP]:
    """A connection to the mail server, signed in as the settings say; OSError /
    smtplib.SMTPException when it cannot be had."""
    with smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if settings.starttls:
            smtp.starttls()
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        yield smtp


def send_pending(notifications: Notifications, settings: MailSettings, *,
                 limit: int = 500, default_locale: str = SOURCE_LOCALE) -> Delivery:
    """Send up to ``limit`` pending notifications, oldest first, over one SMTP connection,
    each in its recipient's language (their setting, else ``default_locale``).
    Raises OSError / smtplib.SMTPException when the server cannot be reached or refuses the
    sign-in: nothing is marked then."""
    outgoing = notifications.outbox(limit=limit)
    delivery = Delivery()
    if not outgoing:
        return delivery
    with connect(settings) as smtp:
        for item in outgoing:
            notification, address = item.notification, item.address
            if not address:
                notifications.mark_failed(notification)
                delivery.failed += 1
                continue
            try:
                smtp.send_message(email_of(notification, sender=settings.sender,
                                           address=address,
                                           locale=item.locale or default_locale))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                    smtplib.SMTPDataError):
                notifications.mark_failed(notification)
                delivery.failed += 1
            except smtplib.SMTPServerDisconnected:
                if notifications.mark_interrupted(notification):
                    delivery.retry += 1
                else:
                    delivery.failed += 1
                break  # the connection is gone: the rest wait for the next run
            else:
                notifications.mark_sent(notification)
                delivery.sent += 1
    return delivery


def email_of(notification: Notification, *, sender: str, address: str,
             locale: str) -> EmailMessage:
    """The e-mail telling ``notification`` in ``locale``: its subject, its body, and when and
    by whom it was sent, the language's way."""
    words = told(notification, locale=locale)
    signature = translations(locale).gettext(
        "Syndesmos, %(moment)s. Your notifications are also under Notifications when you "
        "sign in.") % {"moment": format_moment(notification.created_at, locale=locale)}
    return message_to(address, words.subject, f"{words.body}\n\n-- \n{signature}\n",
                      sender=sender, locale=locale)


def message_to(address: str, subject: str, body: str, *, sender: str,
               locale: str) -> EmailMessage:
    """A plain-text e-mail in ``locale``."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = address
    # A title or a name with a line break in it must not break the header (nor the sending).
    message["Subject"] = " ".join(subject.split())
    message.set_content(body)
    message["Content-Language"] = locale  # after the content, which resets Content-* headers
    return message
