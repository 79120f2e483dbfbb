"""The main paths through the API on each engine, the real Neo4j server included."""

from __future__ import annotations

import json

from tests.api.helpers import API, assert_error, counts, ndjson


def test_stakeholders_created_are_found_by_greek_text_region_and_kind(engine_api):
    kitchen = engine_api.stakeholder("entrepreneur", "Κοινωνική Κουζίνα", "EL303",
                                     municipality="Αθήνα", needs=["financing.loan"])
    bank = engine_api.stakeholder("investor", "Ηθική Τράπεζα", "EL30",
                                  description="ΓΡΑΦΕΙΑ ΣΤΗΝ ΑΘΗΝΑ", offers=["financing.loan"])
    engine_api.stakeholder("policymaker", "Δήμος Ηρακλείου", "EL431")

    assert engine_api.found_names(q="αθηνα") == [bank["name"], kitchen["name"]]
    assert engine_api.found_names(q="Αθήνα", kind="entrepreneur") == [kitchen["name"]]
    assert engine_api.found_names(region="EL3") == [bank["name"], kitchen["name"]]
    assert engine_api.found_names(need="financing.loan") == [kitchen["name"]]
    page = engine_api.search(page=2, page_size=2).get_json()
    assert (len(page["items"]), page["total"]) == (1, 3)
    read = engine_api.client.get(f"{API}/stakeholders/{kitchen['id']}")
    assert read.get_json() == kitchen


def test_stakeholders_are_patched_and_deleted_with_their_ties(engine_api):
    client = engine_api.client
    coop = engine_api.stakeholder("entrepreneur", "Συνεταιρισμός", external_id="GEMI-1")
    bank = engine_api.stakeholder("investor", "Τράπεζα")
    funded = engine_api.tie("FUNDED", bank, coop, amount=1000)

    patched = client.patch(f"{API}/stakeholders/{coop['id']}",
                           json={"name": "Νέο όνομα", "external_id": None})
    assert patched.status_code == 200
    assert (patched.get_json()["name"], patched.get_json()["external_id"]) == ("Νέο όνομα", None)
    assert_error(client.patch(f"{API}/stakeholders/{coop['id']}", json={"kind": "investor"}),
                 422, "kind")

    assert client.delete(f"{API}/stakeholders/{coop['id']}").status_code == 204
    assert_error(client.get(f"{API}/stakeholders/{coop['id']}"), 404)
    assert_error(client.get(f"{API}/ties/{funded['id']}"), 404)
    assert client.get(f"{API}/stakeholders/{bank['id']}/ties").get_json() == []


def test_ties_are_created_checked_listed_and_seen_in_the_neighbourhood(engine_api):
    client = engine_api.client
    a = engine_api.stakeholder("entrepreneur", "Α")
    b = engine_api.stakeholder("investor", "Β")
    c = engine_api.stakeholder("entrepreneur", "Γ")
    knows = engine_api.tie("KNOWS", a, b, strength=4)
    funded = engine_api.tie("FUNDED", b, c, since="2024-03-01", amount=5000, instrument="loan")

    assert knows["weight"] == 1 and knows["since"]
    assert client.get(f"{API}/ties/{funded['id']}").get_json() == funded
    assert_error(client.post(f"{API}/ties", json={"type": "KNOWS", "source": b["id"],
                                                  "target": a["id"]}), 409)
    assert_error(client.post(f"{API}/ties", json={"type": "FUNDED", "source": c["id"],
                                                  "target": b["id"]}), 409, "type")
    assert_error(client.post(f"{API}/ties", json={"type": "KNOWS", "source": a["id"],
                                                  "target": "nobody"}), 409, "target")
    assert [t["id"] for t in client.get(
        f"{API}/stakeholders/{b['id']}/ties?direction=out").get_json()] == [funded["id"]]

    near = client.get(f"{API}/stakeholders/{a['id']}/neighbourhood?depth=1").get_json()
    far = client.get(f"{API}/stakeholders/{a['id']}/neighbourhood?depth=2").get_json()
    assert [(s["name"], s["distance"]) for s in near["stakeholders"]] == [("Β", 1)]
    assert [(s["name"], s["distance"]) for s in far["stakeholders"]] == [("Β", 1), ("Γ", 2)]
    assert sorted(t["id"] for t in far["ties"]) == sorted([knows["id"], funded["id"]])

    patched = client.patch(f"{API}/ties/{knows['id']}", json={"strength": 2})
    assert patched.get_json()["strength"] == 2
    assert client.delete(f"{API}/ties/{knows['id']}").status_code == 204
    assert client.get(f"{API}/stakeholders/{a['id']}/neighbourhood").get_json()[
        "stakeholders"] == []


IMPORT = ndjson(
    {"record": "stakeholder", "kind": "entrepreneur", "name": "ΚοινΣΕπ Ήλιος",
     "region": "EL522", "external_id": "GEMI-100", "discoverable": True},
    {"record": "stakeholder", "kind": "investor", "name": "Ταμείο", "region": "EL30",
     "external_id": "FUND-1"},
    {"record": "tie", "type": "FUNDED", "source": {"kind": "investor", "external_id": "FUND-1"},
     "target": {"kind": "entrepreneur", "external_id": "GEMI-100"}, "since": "2024-05-01",
     "amount": 2500},
)


def test_an_import_creates_then_updates_and_a_bad_file_writes_nothing(engine_api):
    first = engine_api.import_file(IMPORT)
    again = engine_api.import_file(IMPORT)
    exported = engine_api.export()
    bad = engine_api.import_file(IMPORT + b'{"record": "tie", "type": "KNOWS"}\n')

    assert first.get_json() == counts(created=(2, 1))
    assert again.get_json() == counts(unchanged=(2, 1))
    assert_error(bad, 422)
    assert set(bad.get_json()["errors"]["json"]) == {"line 4.source", "line 4.target"}
    assert engine_api.export() == exported


def test_an_export_imported_into_an_emptied_store_reproduces_the_same_export(engine_api):
    client = engine_api.client
    engine_api.import_file(IMPORT)
    coop = engine_api.search(kind="entrepreneur").get_json()["items"][0]
    mentor = engine_api.stakeholder("support_organisation", "Κέντρο", contact_sharing=True,
                                    organisation_type="incubator")
    engine_api.tie("MENTORS", mentor, coop, weight=2.5)
    exported = engine_api.export()
    response = client.get(f"{API}/export")
    assert response.mimetype == "application/x-ndjson"
    assert int(response.headers["X-Syndesmos-Version"]) > 0

    for line in exported.decode().splitlines():
        record = json.loads(line)
        if record["record"] == "stakeholder":
            assert client.delete(f"{API}/stakeholders/{record['id']}").status_code == 204
    assert engine_api.export() == b""

    restored = engine_api.import_file(exported)
    assert restored.get_json() == counts(created=(3, 2))
    assert engine_api.export() == exported
