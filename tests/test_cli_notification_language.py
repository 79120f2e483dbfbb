"""``syndesmos notifications send`` writes each e-mail in its recipient's language: their own
setting, else the deployment's."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest

from tests.smtp_server import SmtpServer
from tests.test_cli_introductions import invoke, seed_request, store_url  # noqa: F401


@pytest.mark.parametrize("deployment,own,subject,signed", [
    ("el", None, "Αίτημα σύστασης: «coop» ζητά γνωριμία με «fund»", "Σύνδεσμος, "),
    ("en", "el", "Αίτημα σύστασης: «coop» ζητά γνωριμία με «fund»", "Σύνδεσμος, "),
    ("el", "en", "Introduction request: coop would like to meet fund", "Syndesmos, "),
])
def test_each_email_is_written_in_its_recipients_language(store_url, monkeypatch,  # noqa: F811
                                                          deployment, own, subject, signed):
    holder, _ = seed_request(store_url, email="hub@example.org")
    accounts = holder.use_cases().accounts
    (member,) = [u for u in accounts.store.list_users() if u.username == "hub-member"]
    accounts.update_user(member.id, {"locale": own})
    with SmtpServer() as server:
        monkeypatch.setenv("SYNDESMOS_LOCALE", deployment)
        monkeypatch.setenv("SYNDESMOS_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SYNDESMOS_SMTP_PORT", str(server.port))
        monkeypatch.setenv("SYNDESMOS_SMTP_STARTTLS", "false")
        monkeypatch.setenv("SYNDESMOS_MAIL_FROM", "syndesmos@city.example")
        assert invoke("notifications", "send").exit_code == 0

    (mail,) = server.received
    assert str(make_header(decode_header(mail["Subject"]))) == subject
    body = mail.get_payload(decode=True).decode("utf-8")
    assert signed in body and ("Εισαγωγή" if own == "en" else "Introduction") not in body
