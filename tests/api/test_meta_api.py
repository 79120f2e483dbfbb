"""GET /health and GET /vocabularies."""

from __future__ import annotations

import pytest

from tests.api.conftest import UNKNOWN_TOKEN, bearer_client, build_app, close_app, sqlite_url
from tests.api.helpers import API, assert_error


def test_health_says_only_ok_and_that_it_needs_no_token(app, api):
    response = app.test_client().get(f"{API}/health")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_health_of_a_store_that_cannot_be_opened_says_only_unavailable_and_logs_why(
        tmp_path, caplog):
    (tmp_path / "a-file").write_text("")
    app = build_app(sqlite_url(tmp_path / "a-file"))
    try:
        response = app.test_client().get(f"{API}/health")
    finally:
        close_app(app)

    assert_error(response, 503)
    assert response.get_json()["message"] == "unavailable"
    assert str(tmp_path) not in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0
    assert str(tmp_path) in caplog.text  # the operator still learns why


@pytest.mark.neo4j
@pytest.mark.slow  # the driver retries the dead server for a few seconds
def test_health_of_an_unreachable_neo4j_names_no_url_address_or_driver_error(caplog):
    app = build_app("bolt://127.0.0.1:1", SYNDESMOS_NEO4J_USER="neo4j",
                    SYNDESMOS_NEO4J_PASSWORD="not-a-real-password")
    try:
        response = app.test_client().get(f"{API}/health")
    finally:
        close_app(app)

    assert_error(response, 503)
    body = response.get_data(as_text=True)
    assert response.get_json()["message"] == "unavailable"
    for detail in ("bolt", "127.0.0.1", ":1", "resolved", "connect", "Neo4j"):
        assert detail not in body, detail
    assert "127.0.0.1:1" in caplog.text
    assert "not-a-real-password" not in caplog.text


def test_no_503_of_any_endpoint_names_where_the_store_is(tmp_path):
    (tmp_path / "a-file").write_text("")
    app = build_app(sqlite_url(tmp_path / "a-file"))
    try:
        client = bearer_client(app, UNKNOWN_TOKEN)
        answers = [client.get(f"{API}/stakeholders"), client.post(f"{API}/auth/login", json={
            "username": "maria", "password": "a long enough passphrase"})]
    finally:
        close_app(app)

    for response in answers:
        assert_error(response, 503)
        assert str(tmp_path) not in response.get_data(as_text=True)


def test_the_vocabularies_list_the_four_pillars_with_greek_names(client):
    response = client.get(f"{API}/vocabularies")

    assert response.status_code == 200
    pillars = {p["code"]: p for p in response.get_json()["pillars"]}
    assert set(pillars) == {"consulting", "training", "networking", "financing"}
    assert pillars["financing"]["name_el"] == "Χρηματοδότηση"


def test_the_vocabularies_hold_the_topic_financing_loan_and_every_topic_names_its_pillar(client):
    body = client.get(f"{API}/vocabularies").get_json()

    topics = {t["code"]: t for t in body["topics"]}
    assert "financing.loan" in topics
    assert topics["financing.loan"]["name_en"] and topics["financing.loan"]["name_el"]
    pillars = {p["code"] for p in body["pillars"]}
    assert {code.split(".", 1)[0] for code in topics} == pillars


def test_the_vocabularies_hold_attica_el30_with_its_greek_name_and_its_parent(client):
    regions = {r["code"]: r for r in client.get(f"{API}/vocabularies").get_json()["regions"]}

    assert regions["EL30"]["name_el"] == "Αττική"
    assert (regions["EL30"]["level"], regions["EL30"]["parent"]) == (2, "EL3")
    assert regions["EL303"]["parent"] == "EL30"


def test_the_greek_names_are_sent_as_utf8_not_escaped(client):
    raw = client.get(f"{API}/vocabularies").get_data()

    assert "Αττική".encode() in raw


def test_every_code_in_the_vocabularies_is_accepted_by_the_api(api, client):
    body = client.get(f"{API}/vocabularies").get_json()

    created = api.stakeholder(
        "entrepreneur", region=body["regions"][-1]["code"],
        sectors=[s["code"] for s in body["sectors"]][:50],
        needs=[t["code"] for t in body["topics"]][:50],
        languages=[lang["code"] for lang in body["languages"]][:50])

    assert len(created["needs"]) == min(50, len(body["topics"]))
