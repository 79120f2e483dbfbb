"""GET /health and GET /vocabularies."""

from __future__ import annotations

from tests.api.helpers import API


def test_health_says_ok_names_the_store_and_gives_its_version(api, client):
    fresh = client.get(f"{API}/health")
    api.stakeholder()
    after_a_write = client.get(f"{API}/health").get_json()

    assert fresh.status_code == 200
    assert fresh.get_json() == {"status": "ok", "store": "SqliteStore", "version": 0}
    assert after_a_write["version"] == 1


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
