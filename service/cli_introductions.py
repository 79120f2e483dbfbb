"""``syndesmos introductions …`` and ``syndesmos notifications …``: what a scheduler runs.

    syndesmos introductions expire [--days 30]    end the requests nobody answered in time
    syndesmos notifications send [--limit 500]    e-mail the pending notifications (SMTP)
"""

from __future__ import annotations

import smtplib
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from service.extensions import introductions, notifications
from service.i18n.locale import default_locale
from service.mail import MailSettings, send_pending


@click.group("introductions", cls=AppGroup)
def introductions_group() -> None:
    """Introduction requests."""


@introductions_group.command("expire")
@click.option("--days", type=click.IntRange(0), default=None,
              help="unanswered for this many days (default SYNDESMOS_INTRODUCTION_EXPIRY_DAYS)")
def expire_command(days: int | None) -> None:
    """Expire the open requests that nobody moved for too long (run it daily)."""
    expired = introductions().expire(older_than_days=days)
    click.echo(f"expired {len(expired)} introduction request(s)")


@click.group("notifications", cls=AppGroup)
def notifications_group() -> None:
    """The notification outbox."""


@notifications_group.command("send")
@click.option("--limit", type=click.IntRange(1), default=500, show_default=True)
def send_command(limit: int) -> None:
    """E-mail the pending notifications over SMTP (run it every few minutes)."""
    settings = MailSettings.from_config(current_app.config)
    if settings is None:
        click.echo("SYNDESMOS_SMTP_HOST is not set: notifications stay in the service")
        return
    try:
        delivery = send_pending(notifications(), settings, limit=limit,
                                default_locale=default_locale())
    except (OSError, smtplib.SMTPException) as error:
        click.secho(f"error: cannot send through {settings.host}:{settings.port}: {error}",
                    fg="red", err=True)
        sys.exit(1)
    click.echo(f"sent {delivery.sent}, failed {delivery.failed}, to retry {delivery.retry}")
