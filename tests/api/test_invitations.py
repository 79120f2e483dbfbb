"""The invitations API: inviting returns the one-time link once (and e-mails it, in the
invitee's language, when mail is configured), listing and revoking, and who may."""

from __future__ import annotations

from email.header import decode_header, make_header

from graph_models.domain.accounts import Role
from tests.api.conftest import admin_client, bearer_client, build_app, close_app, make_user
from tests.api.conftest import use_cases as use_cases_of
from tests.api.helpers import API
from tests.smtp_server import SmtpServer
from tests.web.conftest import form_token

PASSWORD = "a long enough passphrase"


def test_an_admin_invites_and_the_link_lets_the_invitee_set_a_password_once(app):
    client = admin_client(app)

    made = client.post(f"{API}/invitations", json={
        "username": "nikos", "role": "member", "display_name": "Νίκος"})

    assert made.status_code == 201
    answer = made.get_json()
    assert answer["invitation"]["state"] == "pending" and answer["emailed"] is False
    assert answer["invitation"]["user"]["username"] == "nikos"
    path = answer["link"].removeprefix("http://localhost")
    assert path.startswith("/invitations/")
    browser = app.test_client()
    page = browser.get(path)
    assert browser.post(path, data={"csrf_token": form_token(page), "password": PASSWORD,
                                    "password_again": PASSWORD}).status_code == 303
    (listed,) = client.get(f"{API}/invitations").get_json()
    assert listed["state"] == "accepted"
    assert "secret" not in str(listed) and path.split("/")[-1] not in str(listed)
    assert use_cases_of(app).accounts.login("nikos", PASSWORD).username == "nikos"


def test_a_bad_invitation_is_refused_by_field_and_makes_no_account(app):
    client = admin_client(app)
    taken = client.post(f"{API}/invitations", json={"username": "admin-x", "role": "member"})
    assert taken.status_code == 201

    for body, field in (({"username": "", "role": "member"}, "username"),
                        ({"username": "x", "role": "boss"}, "role"),
                        ({"username": "y", "role": "member", "password": "chosen by me"},
                         "password"),
                        ({"username": "z", "role": "coordinator"}, "regions")):
        refused = client.post(f"{API}/invitations", json=body)
        assert refused.status_code == 422, body
        assert field in str(refused.get_json()["errors"]), body
    again = client.post(f"{API}/invitations", json={"username": "ADMIN-X", "role": "member"})
    assert again.status_code == 409
    assert [u.username for u in use_cases_of(app).accounts.list_users()].count("admin-x") == 1


def test_revoking_ends_the_link_and_reinviting_gives_a_new_one(app):
    client = admin_client(app)
    first = client.post(f"{API}/invitations", json={"username": "nikos", "role": "member"})
    invitation = first.get_json()["invitation"]

    revoked = client.delete(f"{API}/invitations/{invitation['id']}")

    assert revoked.status_code == 200 and revoked.get_json()["state"] == "revoked"
    assert app.test_client().get(first.get_json()["link"]).status_code == 410
    again = client.post(f"{API}/users/{invitation['user']['id']}/invitations")
    assert again.status_code == 201
    assert app.test_client().get(again.get_json()["link"]).status_code == 200
    assert client.delete(f"{API}/invitations/nobody").status_code == 404


def test_a_coordinator_invites_members_of_its_territory_and_a_member_may_not_invite(app):
    eco = use_cases_of(app).stakeholders
    here = eco.create_stakeholder({"kind": "entrepreneur", "name": "Εδώ", "region": "EL303"})
    there = eco.create_stakeholder({"kind": "entrepreneur", "name": "Εκεί", "region": "EL522"})
    _, secret = make_user(app, "maria", Role.COORDINATOR, regions=["EL30"])
    coordinator = bearer_client(app, secret)

    assert coordinator.post(f"{API}/invitations", json={
        "username": "nikos", "role": "member", "memberships": [here.id]}).status_code == 201
    assert coordinator.post(f"{API}/invitations", json={
        "username": "petros", "role": "member", "memberships": [there.id]}).status_code == 422
    assert coordinator.post(f"{API}/invitations", json={
        "username": "boss", "role": "admin"}).status_code == 403
    member = bearer_client(app, make_user(app, "eleni", Role.MEMBER)[1])
    assert member.post(f"{API}/invitations", json={
        "username": "x", "role": "member"}).status_code == 403
    assert member.get(f"{API}/invitations").status_code == 403
    assert [i["user"]["username"] for i in coordinator.get(f"{API}/invitations").get_json()] == [
        "nikos"]


def test_the_link_is_emailed_in_the_invitees_language_when_mail_is_configured(tmp_path):
    with SmtpServer() as server:
        app = build_app(f"sqlite:///{tmp_path}/mail.db", SYNDESMOS_SMTP_HOST="127.0.0.1",
                        SYNDESMOS_SMTP_PORT=str(server.port), SYNDESMOS_SMTP_STARTTLS="false",
                        SYNDESMOS_MAIL_FROM="syndesmos@city.example")
        try:
            answer = admin_client(app).post(f"{API}/invitations", json={
                "username": "nikos", "role": "member", "email": "nikos@example.org",
                "locale": "el"}).get_json()
        finally:
            close_app(app)
    assert answer["emailed"] is True
    (message,) = server.received
    assert message["To"] == "nikos@example.org"
    assert str(make_header(decode_header(message["Subject"]))) == "Η πρόσκλησή σας στον Σύνδεσμο"
    body = message.get_payload(decode=True).decode()
    assert answer["link"] in body and "Ανοίξτε αυτόν τον σύνδεσμο" in body


def test_only_an_admin_invites_again_someone_who_has_set_a_password(app):
    here = use_cases_of(app).stakeholders.create_stakeholder(
        {"kind": "entrepreneur", "name": "Εδώ", "region": "EL303"})
    coordinator = bearer_client(app, make_user(app, "maria", Role.COORDINATOR,
                                               regions=["EL30"])[1])
    waiting = make_user(app, "nikos", Role.MEMBER, memberships=[here.id])[0]
    using = make_user(app, "eleni", Role.MEMBER, memberships=[here.id], password=PASSWORD)[0]

    assert coordinator.post(f"{API}/users/{waiting.id}/invitations").status_code == 201
    refused = coordinator.post(f"{API}/users/{using.id}/invitations")
    assert refused.status_code == 403
    assert admin_client(app).post(f"{API}/users/{using.id}/invitations").status_code == 201
    assert use_cases_of(app).accounts.login("eleni", PASSWORD).id == using.id
