"""The links mailed to one address are bounded per day: past the limit a public pledge is
refused with 429 naming `email`, the same answer whether or not the address ever pledged, on
the API and on the campaign's page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import now
from tests.api.conftest import bearer_client, build_app, close_app, make_user
from tests.api.conftest import use_cases as use_cases_of
from tests.api.helpers import API, assert_error


@pytest.fixture
def limited(tmp_path):
    app = build_app(f"sqlite:///{tmp_path}/limit.db", SYNDESMOS_PLEDGE_MAILS_PER_DAY="2")
    coop = use_cases_of(app).stakeholders.create_stakeholder(
        {"kind": "entrepreneur", "name": "Φούρνος", "region": "EL303"})
    team = bearer_client(app, make_user(app, "team", Role.MEMBER, memberships=[coop.id])[1])
    campaign = team.post(f"{API}/campaigns", json={
        "stakeholder_id": coop.id, "title": "Φούρνος", "minimum": 10, "optimum": 20,
        "deadline": (now() + timedelta(days=30)).isoformat()}).get_json()
    yield app, campaign["id"]
    close_app(app)


def ask(app, campaign_id, email, language="en"):
    return app.test_client().post(f"{API}/campaigns/{campaign_id}/public-pledges",
                                  json={"email": email, "amount": 5},
                                  headers={"Accept-Language": language})


def test_an_address_gets_its_days_links_then_a_429_naming_the_email(limited):
    app, campaign_id = limited
    assert ask(app, campaign_id, "maria@example.org").status_code == 202
    assert ask(app, campaign_id, "Maria@Example.org").status_code == 202  # the same address
    refused = ask(app, campaign_id, "MARIA@example.org")
    body = assert_error(refused, 429, "email")
    assert 0 < int(refused.headers["Retry-After"]) <= 24 * 3600
    assert "today" in body["message"]
    greek = assert_error(ask(app, campaign_id, "maria@example.org", "el"), 429, "email")
    assert greek["message"].startswith("στάλθηκαν ήδη πολλοί σύνδεσμοι")
    assert ask(app, campaign_id, "eleni@example.org").status_code == 202


def test_the_refusal_does_not_tell_whether_the_address_pledged(limited):
    app, campaign_id = limited
    use_cases_of(app).campaigns.confirm_public_pledge(
        use_cases_of(app).campaigns.ask_public_pledge(campaign_id, "pledged@example.org",
                                                      Decimal(5)).secret)
    ask(app, campaign_id, "pledged@example.org")
    for _ in range(2):
        ask(app, campaign_id, "never@example.org")
    one = ask(app, campaign_id, "pledged@example.org")
    other = ask(app, campaign_id, "never@example.org")
    assert one.status_code == other.status_code == 429
    assert one.get_json() == other.get_json()


def test_the_pledge_page_shows_the_refusal_next_to_the_address(limited):
    app, campaign_id = limited
    for _ in range(2):
        ask(app, campaign_id, "maria@example.org")
    client = app.test_client()
    page = client.get(f"/campaigns/{campaign_id}")
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    refused = client.post(f"/campaigns/{campaign_id}/public-pledge", data={
        "csrf_token": token, "email": "maria@example.org", "amount": "5"})
    assert refused.status_code == 429
    assert "too many links today" in refused.get_data(as_text=True)
