"""The matchfunding pages through a browser-like client: the public list and page with their
progress, launching, pledging for one's organisation, pledging by e-mail without an account
(the link mailed, confirmed once), and defining a pool."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import now
from tests.api.conftest import build_app, close_app, make_user, sqlite_url
from tests.api.conftest import use_cases as use_cases_of
from tests.smtp_server import SmtpServer
from tests.web.conftest import PASSWORD, form_token, sign_in, text_of


def seed(app):
    facades = use_cases_of(app)
    eco = facades.stakeholders
    coop = eco.create_stakeholder({"kind": "entrepreneur", "name": "Κοιν.Σ.Επ. Φούρνος",
                                   "region": "EL303"})
    bank = eco.create_stakeholder({"kind": "investor", "name": "Ηθική Τράπεζα",
                                   "region": "EL30"})
    deadline = now() + timedelta(days=20)
    campaign = facades.campaigns.launch(coop.id, {
        "title": "Ο φούρνος της γειτονιάς", "minimum": Decimal(1000),
        "optimum": Decimal(1500), "deadline": deadline})
    facades.campaigns.define_pool(bank.id, {"name": "Ένα προς ένα", "cap": Decimal(300),
                                            "deadline": deadline,
                                            "per_pledge_cap": Decimal(100)})
    return coop, bank, campaign


def test_anyone_reads_the_campaigns_and_their_progress_in_greek(app):
    _, _, campaign = seed(app)
    client = app.test_client()
    listed = client.get("/campaigns", headers={"Accept-Language": "el"})
    assert listed.status_code == 200
    text = text_of(listed)
    assert "Ο φούρνος της γειτονιάς" in text and "δεν διακινεί χρήματα" in text
    page = client.get(f"/campaigns/{campaign.id}", headers={"Accept-Language": "el"})
    assert "Συγκεντρώθηκαν 0,00" in text_of(page)
    assert '<meter min="0" max="1500.00" low="1000.00"' in page.get_data(as_text=True)
    assert "Ένα προς ένα" in text_of(page)  # the pool that matches it now


def test_a_member_pledges_for_its_organisation_and_sees_it_matched(app):
    _, bank, campaign = seed(app)
    make_user(app, "banker", Role.MEMBER, memberships=[bank.id], password=PASSWORD)
    client = app.test_client()
    sign_in(client, "banker")
    page = client.get(f"/campaigns/{campaign.id}")
    refused = client.post(f"/campaigns/{campaign.id}/pledge", data={
        "csrf_token": form_token(page), "stakeholder_id": bank.id, "amount": "1,5"})
    assert refused.status_code == 422 and 'id="pledge-amount-error"' in refused.get_data(
        as_text=True)
    sent = client.post(f"/campaigns/{campaign.id}/pledge", data={
        "csrf_token": form_token(page), "stakeholder_id": bank.id, "amount": "150"})
    assert sent.status_code == 303
    after = text_of(client.get(f"/campaigns/{campaign.id}"))
    assert "€250.00 raised: €150.00 pledged and €100.00 added by matching pools" in after
    assert "Withdraw" in after


def test_a_public_pledge_is_confirmed_through_the_mailed_link_once(tmp_path):
    with SmtpServer() as server:
        app = build_app(sqlite_url(tmp_path), SYNDESMOS_SMTP_HOST="127.0.0.1",
                        SYNDESMOS_SMTP_PORT=str(server.port), SYNDESMOS_SMTP_STARTTLS="false",
                        SYNDESMOS_MAIL_FROM="syndesmos@city.example")
        try:
            _, _, campaign = seed(app)
            client = app.test_client()
            page = client.get(f"/campaigns/{campaign.id}")
            sent = client.post(f"/campaigns/{campaign.id}/public-pledge", data={
                "csrf_token": form_token(page), "email": "eleni@example.org", "amount": "40"})
            assert sent.status_code == 303 and "asked=mailed" in sent.headers["Location"]
            (message,) = server.received
            link = message.get_payload(decode=True).decode().split("http://localhost")[1].split()[0]
            confirm_page = client.get(link)
            assert confirm_page.status_code == 200
            confirmed = client.post(link, data={"csrf_token": form_token(confirm_page),
                                                "confirm": "yes"})
            assert "Matching pools added €40.00" in text_of(confirmed)
            again = client.post(link, data={"csrf_token": form_token(confirm_page),
                                            "confirm": "yes"})
            assert again.status_code == 410
            totals = use_cases_of(app).campaigns.campaign(campaign.id).totals
            assert (totals.pledged, totals.matched) == (Decimal("40.00"), Decimal("40.00"))
        finally:
            close_app(app)


def test_an_investors_member_defines_a_pool_from_the_page(app):
    _, bank, _ = seed(app)
    make_user(app, "banker", Role.MEMBER, memberships=[bank.id], password=PASSWORD)
    client = app.test_client()
    sign_in(client, "banker")
    page = client.get("/pools")
    day = (now() + timedelta(days=40)).date().isoformat()
    refused = client.post("/pools", data={"csrf_token": form_token(page), "owner_id": bank.id,
                                          "name": "Δεύτερο", "cap": "-5", "deadline": day})
    assert refused.status_code == 422 and 'id="cap-error"' in refused.get_data(as_text=True)
    sent = client.post("/pools", data={"csrf_token": form_token(page), "owner_id": bank.id,
                                       "name": "Δεύτερο", "cap": "800", "ratio": "2",
                                       "regions": ["EL30", "EL52"], "deadline": day})
    assert sent.status_code == 303
    assert "Δεύτερο" in text_of(client.get("/pools"))
    assert [p.pool.regions for p in use_cases_of(app).campaigns.list_pools()
            if p.pool.name == "Δεύτερο"] == [("EL30", "EL52")]
