"""The scheduler's commands: expire unanswered introduction requests, e-mail notifications."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph_models.domain.accounts import Role
from graph_models.domain.introductions import Purpose, State, Step
from graph_models.domain.notifications import NotificationState
from service import create_app
from service.cli import main
from service.extensions import EXTENSION_KEY
from tests.smtp_server import SmtpServer


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("SYNDESMOS_STORE", url)
    return url


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def seed_request(store_url: str, *, email: str | None) -> tuple[object, str]:
    """A coop asks a fund for an introduction through a hub whose member has ``email``."""
    app = create_app({"SYNDESMOS_STORE": store_url})
    holder = app.extensions[EXTENSION_KEY]
    use_cases = holder.use_cases()
    eco, identity, desk = use_cases.stakeholders, use_cases.accounts, use_cases.introductions
    ids = {name: eco.create_stakeholder({"kind": kind, "name": name, "region": "EL303",
                                         "discoverable": True}).id
           for name, kind in (("coop", "entrepreneur"), ("hub", "support_organisation"),
                              ("fund", "investor"))}
    eco.create_tie({"type": "KNOWS", "source": ids["coop"], "target": ids["hub"]})
    eco.create_tie({"type": "KNOWS", "source": ids["hub"], "target": ids["fund"]})
    identity.create_user({"username": "hub-member", "role": Role.MEMBER, "email": email,
                          "memberships": [ids["hub"]]})
    request = desk.request(ids["coop"], ids["fund"], Purpose.FINANCING, broker_id=ids["hub"])
    return holder, request.introduction.id


def test_expire_ends_the_requests_unanswered_for_the_given_days(store_url):
    holder, request_id = seed_request(store_url, email=None)

    assert "expired 0" in invoke("introductions", "expire").output  # 30 days by default
    assert "expired 1" in invoke("introductions", "expire", "--days", "0").output

    assert holder.use_cases().store.get_introduction(request_id).state == State.EXPIRED
    assert "expired 0" in invoke("introductions", "expire", "--days", "0").output


def test_without_smtp_notifications_stay_in_the_service(store_url):
    holder, _ = seed_request(store_url, email="hub@example.org")
    result = invoke("notifications", "send")
    assert result.exit_code == 0 and "SYNDESMOS_SMTP_HOST is not set" in result.output
    assert len(holder.use_cases().store.find_notifications(None)) == 1


@pytest.mark.parametrize("email,state,subject_seen", [
    ("hub@example.org", NotificationState.SENT, True),
    ("refused@example.org", NotificationState.FAILED, False),
    (None, NotificationState.FAILED, False),
])
def test_send_mails_each_pending_notification_once(store_url, monkeypatch, email, state,
                                                   subject_seen):
    holder, _ = seed_request(store_url, email=email)
    with SmtpServer() as server:
        monkeypatch.setenv("SYNDESMOS_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SYNDESMOS_SMTP_PORT", str(server.port))
        monkeypatch.setenv("SYNDESMOS_SMTP_STARTTLS", "false")
        monkeypatch.setenv("SYNDESMOS_MAIL_FROM", "syndesmos@city.example")
        first = invoke("notifications", "send")
        second = invoke("notifications", "send")

    assert first.exit_code == 0 and second.exit_code == 0
    (notification,) = holder.use_cases().store.find_notifications(
        holder.use_cases().store.list_users()[0].id)
    assert notification.state == state and notification.attempts == 1
    assert [m["To"] for m in server.received] == ([email] if subject_seen else [])
    if subject_seen:
        assert server.received[0]["Subject"] == notification.subject
        assert server.received[0]["From"] == "syndesmos@city.example"


def test_an_unreachable_mail_server_fails_the_command_and_marks_nothing(store_url, monkeypatch):
    holder, _ = seed_request(store_url, email="hub@example.org")
    with SmtpServer() as server:
        port = server.port  # closed once the block ends: nobody listens there any more
    monkeypatch.setenv("SYNDESMOS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SYNDESMOS_SMTP_PORT", str(port))
    monkeypatch.setenv("SYNDESMOS_SMTP_STARTTLS", "false")
    result = CliRunner().invoke(main, ["notifications", "send"])
    assert result.exit_code == 1 and "cannot send" in result.output
    assert len(holder.use_cases().store.find_notifications(None)) == 1


def test_send_does_not_mail_a_notification_its_recipient_already_acted_on(store_url,
                                                                        monkeypatch):
    holder, request_id = seed_request(store_url, email="hub@example.org")
    hub_member = holder.use_cases().store.get_user_by_username("hub-member")
    holder.use_cases().introductions.act(request_id, Step.FORWARD, actor=hub_member)
    with SmtpServer() as server:
        monkeypatch.setenv("SYNDESMOS_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SYNDESMOS_SMTP_PORT", str(server.port))
        monkeypatch.setenv("SYNDESMOS_SMTP_STARTTLS", "false")
        sent = invoke("notifications", "send")

    assert sent.exit_code == 0 and server.received == []
    (notification,) = holder.use_cases().store.find_notifications(hub_member.id)
    assert notification.state == NotificationState.OBSOLETE and notification.attempts == 0
