"""The mail sender: drains the notification outbox over SMTP, when SMTP is configured.

Off by default (no ``SYNDESMOS_SMTP_HOST``): notifications then stay in the service, where
``GET /api/v1/me/notifications`` shows them. A notification whose recipient has no e-mail
address, or whose address the server refuses, is marked failed at once; one that meets a
passing error (the server hangs up) stays pending for the next run, up to three attempts.
"""

from __future__ import annotations

import dataclasses
import smtplib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from graph_models.domain.notifications import Notification, NotificationState
from graph_models.domain.stakeholders import now
from graph_models.stores.base import GraphStore

MAX_ATTEMPTS = 3
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


def send_pending(store: GraphStore, settings: MailSettings, *, limit: int = 500,
                 clock: Callable[[], datetime] = now) -> Delivery:
    """Send up to ``limit`` pending notifications, oldest first, over one SMTP connection.
    Raises OSError / smtplib.SMTPException when the server cannot be reached or refuses the
    sign-in: nothing is marked then."""
    pending = store.find_notifications(None, limit=limit)
    delivery = Delivery()
    if not pending:
        return delivery
    addresses = {u.id: u.email for u in store.list_users()}
    with smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if settings.starttls:
            smtp.starttls()
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        for notification in pending:
            address = addresses.get(notification.recipient_id)
            if not address:
                _record(store, notification, NotificationState.FAILED, clock)
                delivery.failed += 1
                continue
            try:
                smtp.send_message(_message(notification, settings.sender, address))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                    smtplib.SMTPDataError):
                _record(store, notification, NotificationState.FAILED, clock)
                delivery.failed += 1
            except smtplib.SMTPServerDisconnected:
                gave_up = notification.attempts + 1 >= MAX_ATTEMPTS
                _record(store, notification, NotificationState.FAILED if gave_up
                        else NotificationState.PENDING, clock)
                delivery.failed += gave_up
                delivery.retry += not gave_up
                break  # the connection is gone: the rest wait for the next run
            else:
                _record(store, notification, NotificationState.SENT, clock)
                delivery.sent += 1
    return delivery


def _message(notification: Notification, sender: str, address: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = address
    message["Subject"] = notification.subject
    message.set_content(notification.body)
    return message


def _record(store: GraphStore, notification: Notification, state: NotificationState,
            clock: Callable[[], datetime]) -> None:
    store.record_delivery(dataclasses.replace(
        notification, state=state, attempts=notification.attempts + 1,
        sent_at=clock() if state == NotificationState.SENT else None))
