"""The matchfunding endpoints: launching, pooling, pledging (as a member and by e-mail),
withdrawing and settling; every refusal names its field; others' pledges stay private."""

from __future__ import annotations

from datetime import timedelta
from email.header import decode_header, make_header

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import now
from tests.api.conftest import admin_client, bearer_client, build_app, close_app, make_user
from tests.api.conftest import use_cases as use_cases_of
from tests.api.helpers import API, assert_error
from tests.smtp_server import SmtpServer


def soon(days=30) -> str:
    return (now() + timedelta(days=days)).isoformat()


@pytest.fixture
def world(app):
    facades = use_cases_of(app)
    eco = facades.stakeholders
    coop = eco.create_stakeholder({"kind": "entrepreneur", "name": "Κοιν.Σ.Επ. Φούρνος",
                                   "region": "EL303", "sectors": ["agrifood"]})
    bank = eco.create_stakeholder({"kind": "investor", "name": "Συνεταιριστική Τράπεζα",
                                   "region": "EL30"})
    other = eco.create_stakeholder({"kind": "investor", "name": "Άλλος", "region": "EL52"})
    team = bearer_client(app, make_user(app, "team", Role.MEMBER, memberships=[coop.id])[1])
    banker = bearer_client(app, make_user(app, "banker", Role.MEMBER,
                                          memberships=[bank.id])[1])
    stranger = bearer_client(app, make_user(app, "stranger", Role.MEMBER,
                                            memberships=[other.id])[1])
    return {"coop": coop, "bank": bank, "other": other, "team": team, "banker": banker,
            "stranger": stranger}


def launch(world, **fields):
    answer = world["team"].post(f"{API}/campaigns", json={
        "stakeholder_id": world["coop"].id, "title": "Ο φούρνος της γειτονιάς",
        "minimum": 1000, "optimum": "1500.00", "deadline": soon(),
        "rewards": [{"minimum": 20, "description": "ένα καρβέλι"}], **fields})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_a_member_pledge_is_matched_and_the_totals_are_public(app, world):
    campaign = launch(world)
    pool = world["banker"].post(f"{API}/pools", json={
        "owner_id": world["bank"].id, "name": "1:1 Αττική", "cap": 5000, "deadline": soon(40),
        "per_pledge_cap": 100, "regions": ["EL3"], "sectors": ["agrifood"]})
    assert pool.status_code == 201, pool.get_json()
    pledged = world["stranger"].post(f"{API}/campaigns/{campaign['id']}/pledges", json={
        "stakeholder_id": world["other"].id, "amount": "250.50"})
    assert pledged.status_code == 201, pledged.get_json()
    assert [m["amount"] for m in pledged.get_json()["matches"]] == ["100.00"]
    public = app.test_client().get(f"{API}/campaigns/{campaign['id']}").get_json()
    assert public["totals"] == {"pledged": "250.50", "matched": "100.00", "raised": "350.50",
                                "pledges": 1}
    assert app.test_client().get(f"{API}/pools").get_json()[0]["left"] == "4900.00"


def test_others_pledges_are_private(app, world):
    campaign = launch(world)
    pledge = world["stranger"].post(f"{API}/campaigns/{campaign['id']}/pledges", json={
        "stakeholder_id": world["other"].id, "amount": 10}).get_json()
    assert world["stranger"].get(f"{API}/pledges/{pledge['id']}").status_code == 200
    assert world["team"].get(f"{API}/pledges/{pledge['id']}").status_code == 404
    assert world["team"].get(f"{API}/pledges").get_json() == []
    assert world["team"].get(f"{API}/campaigns/{campaign['id']}/pledges").status_code == 403
    assert world["team"].post(f"{API}/pledges/{pledge['id']}/withdraw").status_code == 404
    assert admin_client(app).get(f"{API}/campaigns/{campaign['id']}/pledges").status_code == 200
    withdrawn = world["stranger"].post(f"{API}/pledges/{pledge['id']}/withdraw")
    assert withdrawn.get_json()["state"] == "withdrawn"
    assert world["stranger"].post(f"{API}/pledges/{pledge['id']}/withdraw").status_code == 409


@pytest.mark.parametrize(("body", "field"), [
    ({"amount": "10.001"}, "amount"), ({"amount": 0}, "amount"), ({"amount": "NaN"}, "amount"),
    ({"amount": "ten"}, "amount"), ({"stakeholder_id": "nope"}, "stakeholder_id"),
    ({"extra": 1}, "extra")])
def test_a_bad_pledge_is_refused_naming_the_field(app, world, body, field):
    campaign = launch(world)
    sent = {"stakeholder_id": world["other"].id, "amount": 5} | body
    answer = world["stranger"].post(f"{API}/campaigns/{campaign['id']}/pledges", json=sent)
    assert answer.status_code == 422
    assert field in str(answer.get_json()["errors"])
    assert app.test_client().get(f"{API}/campaigns/{campaign['id']}").get_json()[
        "totals"]["pledges"] == 0


def test_launching_and_pooling_refuse_what_breaks_a_rule(app, world):
    answer = world["team"].post(f"{API}/campaigns", json={
        "stakeholder_id": world["coop"].id, "title": "x", "minimum": 500, "optimum": 400,
        "deadline": soon()})
    assert_error(answer, 422, "optimum")
    late = world["team"].post(f"{API}/campaigns", json={
        "stakeholder_id": world["coop"].id, "title": "x", "minimum": 5, "optimum": 9,
        "deadline": soon(-1)})
    assert_error(late, 422, "deadline")
    not_investor = world["team"].post(f"{API}/pools", json={
        "owner_id": world["coop"].id, "name": "x", "cap": 10, "deadline": soon()})
    assert_error(not_investor, 422, "owner_id")
    not_mine = world["team"].post(f"{API}/pools", json={
        "owner_id": world["bank"].id, "name": "x", "cap": 10, "deadline": soon()})
    assert not_mine.status_code == 404  # another's investor, not discoverable: not shown
    naive = world["banker"].post(f"{API}/pools", json={
        "owner_id": world["bank"].id, "name": "x", "cap": 10, "deadline": "2030-01-01T00:00"})
    assert_error(naive, 422, "deadline")


def test_a_public_pledge_counts_once_its_link_is_used(tmp_path):
    with SmtpServer() as server:
        app = build_app(f"sqlite:///{tmp_path}/mail.db", SYNDESMOS_SMTP_HOST="127.0.0.1",
                        SYNDESMOS_SMTP_PORT=str(server.port), SYNDESMOS_SMTP_STARTTLS="false",
                        SYNDESMOS_MAIL_FROM="syndesmos@city.example")
        try:
            coop = use_cases_of(app).stakeholders.create_stakeholder(
                {"kind": "entrepreneur", "name": "Φούρνος", "region": "EL303"})
            team = bearer_client(app, make_user(app, "team", Role.MEMBER,
                                                memberships=[coop.id])[1])
            campaign = team.post(f"{API}/campaigns", json={
                "stakeholder_id": coop.id, "title": "Φούρνος", "minimum": 10, "optimum": 20,
                "deadline": soon()}).get_json()
            anonymous = app.test_client()
            asked = anonymous.post(f"{API}/campaigns/{campaign['id']}/public-pledges",
                                   json={"email": "maria@example.org", "amount": 15},
                                   headers={"Accept-Language": "el"})
            assert asked.status_code == 202 and asked.get_json()["emailed"] is True
            assert anonymous.get(f"{API}/campaigns/{campaign['id']}").get_json()[
                "totals"]["pledges"] == 0
            (message,) = server.received
            assert message["To"] == "maria@example.org"
            subject = str(make_header(decode_header(message["Subject"])))
            assert subject == "Επιβεβαιώστε τη δέσμευσή σας"
            body = message.get_payload(decode=True).decode()
            token = body.split("/pledges/confirm/")[1].split()[0]
            confirmed = anonymous.post(f"{API}/public-pledges/confirm", json={"token": token})
            assert confirmed.status_code == 201
            assert "email" not in confirmed.get_json()
            again = anonymous.post(f"{API}/public-pledges/confirm", json={"token": token})
            assert_error(again, 410)
            totals = anonymous.get(f"{API}/campaigns/{campaign['id']}").get_json()["totals"]
            assert totals["pledged"] == "15.00"
            assert_error(anonymous.post(f"{API}/campaigns/{campaign['id']}/public-pledges",
                                        json={"email": "not an address", "amount": 5}),
                         422, "email")
        finally:
            close_app(app)


def test_settling_before_the_deadline_is_a_conflict(app, world):
    campaign = launch(world)
    assert_error(world["team"].post(f"{API}/campaigns/{campaign['id']}/settle"), 409)
