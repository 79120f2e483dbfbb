"""POST /import and GET /export: JSON Lines, idempotent, all or nothing, a faithful round trip."""

from __future__ import annotations

import json

import pytest

from graph_models.domain.accounts import Role
from tests.api.conftest import (
    admin_client,
    bearer_client,
    build_app,
    close_app,
    make_user,
    sqlite_url,
    use_cases,
)
from tests.api.helpers import API, NDJSON, ApiClient, assert_error, counts, ndjson
from tests.conftest import NEO4J_URL, wipe_neo4j
from tests.faults import CommitDroppingProxy

COOP = {"record": "stakeholder", "kind": "entrepreneur", "name": "ΚοινΣΕπ Ήλιος",
        "region": "EL522", "external_id": "GEMI-100", "legal_form": "koinsep",
        "koinsep_category": "collective_social_benefit", "needs": ["financing.loan"],
        "discoverable": True}
BANK = {"record": "stakeholder", "kind": "investor", "name": "Συνεταιριστική Τράπεζα",
        "region": "EL30", "external_id": "BANK-7", "offers": ["financing.loan"]}
FUNDED = {"record": "tie", "type": "FUNDED",
          "source": {"kind": "investor", "external_id": "BANK-7"},
          "target": {"kind": "entrepreneur", "external_id": "GEMI-100"},
          "since": "2024-05-01", "amount": 15000, "instrument": "loan"}
KNOWS = {"record": "tie", "type": "KNOWS",
         "source": {"kind": "entrepreneur", "external_id": "GEMI-100"},
         "target": {"kind": "investor", "external_id": "BANK-7"},
         "since": "2023-01-20", "strength": 4}
FILE = ndjson(COOP, BANK, FUNDED, KNOWS)


def test_an_import_creates_its_stakeholders_and_ties_and_counts_them(api):
    response = api.import_file(FILE)

    assert response.status_code == 200
    assert response.get_json() == counts(created=(2, 2))


def test_imported_ties_join_the_stakeholders_their_external_ids_name(api, client):
    api.import_file(FILE)

    coop = client.get(f"{API}/stakeholders", query_string={"q": "ηλιος"}).get_json()["items"][0]
    ties = client.get(f"{API}/stakeholders/{coop['id']}/ties?type=FUNDED").get_json()

    assert coop["external_id"] == "GEMI-100" and coop["discoverable"] is True
    assert [(t["since"], t["amount"], t["instrument"]) for t in ties] == [
        ("2024-05-01", 15000, "loan")]
    bank = client.get(f"{API}/stakeholders/{ties[0]['source']}").get_json()
    assert bank["external_id"] == "BANK-7"


def test_importing_the_same_file_again_changes_nothing_and_counts_it_unchanged(api):
    api.import_file(FILE)
    before = api.export()

    again = api.import_file(FILE)

    assert again.status_code == 200
    assert again.get_json() == counts(unchanged=(2, 2))
    assert api.export() == before


def test_a_file_with_several_bad_lines_lists_each_as_line_and_field_and_writes_nothing(api):
    api.import_file(ndjson(BANK))
    before = api.export()
    bad_file = b"\n".join([
        json.dumps(COOP).encode(),
        b'{"record": "stakeholder", "kind": ',
        json.dumps({"record": "partnership", "name": "?"}).encode(),
        json.dumps({**COOP, "external_id": "GEMI-4", "colour": "red"}).encode(),
        json.dumps({**KNOWS, "target": {"kind": "investor", "external_id": "NO-SUCH"}}).encode(),
        json.dumps({**COOP, "external_id": "GEMI-6", "region": "EL99"}).encode(),
    ])

    body = assert_error(api.import_file(bad_file), 422)

    assert set(body["errors"]["json"]) == {
        "line 2", "line 3.record", "line 4.colour", "line 5.target", "line 6.region"}
    assert api.export() == before


def test_a_tie_to_an_unknown_external_id_is_named_by_its_line_and_end(api):
    api.import_file(ndjson(BANK))
    before = api.export()
    orphan = {**FUNDED, "target": {"kind": "entrepreneur", "external_id": "NO-SUCH"}}

    body = assert_error(api.import_file(ndjson(COOP, orphan)), 422)

    assert set(body["errors"]["json"]) == {"line 2.target"}
    assert api.export() == before


@pytest.mark.parametrize(("line", "field"), [
    ({**FUNDED, "source": FUNDED["target"], "target": FUNDED["source"]}, "type"),
    ({**KNOWS, "target": KNOWS["source"]}, "target"),
    ({**KNOWS, "strength": 9}, "strength"),
    ({**COOP, "record": "stakeholder", "name": "Αντίγραφο"}, "external_id"),
    ({**COOP, "external_id": "GEMI-5", "legal_form": None}, "koinsep_category"),
    ({**KNOWS, "source": {"external_id": "GEMI-100"}}, "source"),
])
def test_a_line_breaking_a_domain_rule_is_named_and_nothing_is_written(api, line, field):
    body = assert_error(api.import_file(ndjson(COOP, BANK, line)), 422)

    assert f"line 3.{field}" in body["errors"]["json"], body["errors"]
    assert api.export() == b""


def test_a_failed_import_leaves_the_store_version_alone(api, client):
    api.import_file(FILE)
    version = client.get(f"{API}/export").headers["X-Syndesmos-Version"]

    assert_error(api.import_file(ndjson(COOP, {"record": "nonsense"})), 422)

    assert client.get(f"{API}/export").headers["X-Syndesmos-Version"] == version


def test_an_import_updates_a_stakeholder_created_through_the_api_matched_by_external_id(api,
                                                                                       client):
    created = api.stakeholder("entrepreneur", "Παλιό όνομα", "EL522", external_id="GEMI-100",
                              legal_form="koinsep",
                              koinsep_category="collective_social_benefit")

    result = api.import_file(ndjson(COOP)).get_json()

    assert (result["stakeholders_created"], result["stakeholders_updated"]) == (0, 1)
    now = client.get(f"{API}/stakeholders/{created['id']}").get_json()
    assert (now["name"], now["created_at"]) == (COOP["name"], created["created_at"])


def test_an_import_line_may_not_change_the_kind_of_an_existing_stakeholder(api):
    created = api.stakeholder("entrepreneur")
    before = api.export()

    line = {**BANK, "id": created["id"]}
    body = assert_error(api.import_file(ndjson(line)), 422)

    assert "line 1.kind" in body["errors"]["json"]
    assert api.export() == before


def test_a_tie_line_may_name_an_existing_stakeholder_by_id(api, client):
    investor = api.stakeholder("investor", "Ταμείο")
    tie = {**FUNDED, "source": {"id": investor["id"]}}

    result = api.import_file(ndjson(COOP, tie))

    assert result.status_code == 200, result.get_data(as_text=True)
    assert [t["type"] for t in client.get(
        f"{API}/stakeholders/{investor['id']}/ties").get_json()] == ["FUNDED"]


def test_blank_lines_are_ignored(api):
    assert api.import_file(b"\n" + ndjson(COOP) + b"\n\n").get_json()["stakeholders_created"] == 1


@pytest.mark.parametrize("body", [None, b"", b"\n \n\n"], ids=["no body", "empty", "blank"])
def test_an_import_without_a_line_to_import_is_a_422_naming_the_body(client, body):
    response = client.post(f"{API}/import", data=body, content_type=NDJSON if body else None)

    assert_error(response, 422, "body")
    assert client.get(f"{API}/export").get_data() == b""


def test_the_export_is_json_lines_stakeholders_first_with_the_store_version(api, client):
    api.import_file(FILE)

    response = client.get(f"{API}/export")

    assert response.status_code == 200
    assert response.mimetype == NDJSON
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [r["record"] for r in records] == ["stakeholder"] * 2 + ["tie"] * 2
    assert {r["name"] for r in records[:2]} == {COOP["name"], BANK["name"]}
    assert response.headers["X-Syndesmos-Version"] == str(
        use_cases(client.application).store.version())


def test_the_export_version_moves_with_each_write(api, client):
    first = int(client.get(f"{API}/export").headers["X-Syndesmos-Version"])
    api.stakeholder()

    assert int(client.get(f"{API}/export").headers["X-Syndesmos-Version"]) == first + 1


def test_an_empty_store_exports_an_empty_body(api):
    assert api.export() == b""


def test_an_export_imported_into_a_fresh_app_reproduces_the_same_export(api, tmp_path):
    api.import_file(FILE)
    coop = api.search(kind="entrepreneur").get_json()["items"][0]
    centre = api.stakeholder("support_organisation", "Κέντρο", contact_sharing=True,
                             email="info@kentro.gr", organisation_type="incubator")
    api.tie("SUPPORTED", centre, coop, topic="consulting.legal_form", weight=0.5)
    exported = api.export()

    fresh_app = build_app(sqlite_url(tmp_path / "fresh"))
    try:
        fresh = ApiClient(admin_client(fresh_app))
        result = fresh.import_file(exported)
        assert result.status_code == 200, result.get_data(as_text=True)
        assert result.get_json() == counts(created=(3, 3))
        assert fresh.export() == exported
    finally:
        close_app(fresh_app)


def test_a_json_array_sent_to_import_is_one_bad_line(api):
    body = assert_error(api.import_file(json.dumps([COOP]).encode()), 422)

    assert set(body["errors"]["json"]) == {"line 1.record"}


def test_two_stakeholder_lines_with_the_same_id_name_the_id_of_the_second(api):
    line = {"record": "stakeholder", "id": "registry-1", "kind": "entrepreneur",
            "name": "Διπλή", "region": "EL30"}

    body = assert_error(api.import_file(ndjson(line, line)), 422)

    assert set(body["errors"]["json"]) == {"line 2.id"}


def test_a_tie_line_with_an_id_is_rejected_because_ties_are_known_by_their_natural_key(api):
    a, b = (api.stakeholder(name=n) for n in ("Α", "Β"))
    before = api.export()

    body = assert_error(api.import_file(ndjson(
        {"record": "tie", "id": "my-own-id", "type": "KNOWS", "source": {"id": a["id"]},
         "target": {"id": b["id"]}})), 422)

    assert set(body["errors"]["json"]) == {"line 1.id"}
    assert api.export() == before




def test_the_problems_of_a_bad_import_are_listed_in_line_order_not_string_order(api):
    orphan = {**FUNDED, "target": {"kind": "entrepreneur", "external_id": "NO-SUCH"}}
    # Blank lines count but are ignored: they put the bad lines at 2, 10 and 10250.
    body = (ndjson(BANK, orphan) + b"\n" * 7 + b"not json\n" + b"\n" * 10239
            + ndjson({"record": "nonsense"}))

    errors = assert_error(api.import_file(body), 422)["errors"]["json"]

    assert list(errors) == ["line 2.target", "line 10", "line 10250.record"]


@pytest.mark.neo4j
def test_an_import_whose_commit_answer_is_lost_says_the_outcome_is_unknown_and_retrying_is_safe(
        neo4j_store):
    wipe_neo4j(neo4j_store)
    proxy = CommitDroppingProxy(NEO4J_URL)
    app = build_app(proxy.url)
    try:
        api = ApiClient(admin_client(app))
        proxy.arm(b"graph.import")

        response = api.import_file(FILE)

        body = assert_error(response, 503)
        assert proxy.dropped.is_set()
        assert "may or may not have been saved" in body["message"], body
        assert "sending the same import again is safe" in body["message"], body
        assert int(response.headers["Retry-After"]) > 0
        assert api.import_file(FILE).get_json() == counts(unchanged=(2, 2))
    finally:
        close_app(app)
        proxy.close()


def test_a_coordinator_cannot_overwrite_a_stakeholder_of_another_region_by_its_id(app, api):
    elsewhere = api.stakeholder("entrepreneur", "Κοιν.Σ.Επ. Πάτρας", "EL522",
                                email="info@patra.example.org")
    before = api.export()
    _, secret = make_user(app, "attica", Role.COORDINATOR, regions=["EL30"])
    coordinator = ApiClient(bearer_client(app, secret))

    response = coordinator.import_file(ndjson({
        "record": "stakeholder", "id": elsewhere["id"], "kind": "entrepreneur",
        "name": "Κατειλημμένη", "region": "EL303", "email": "me@attica.example.org"}))

    assert set(assert_error(response, 422)["errors"]["json"]) == {"line 1.id"}
    assert api.export() == before


def test_an_import_sent_with_an_idempotency_key_is_read_whole_and_acts_once(client):
    headers = {"Idempotency-Key": "import-1"}

    first = client.post(f"{API}/import", data=FILE, content_type=NDJSON, headers=headers)
    again = client.post(f"{API}/import", data=FILE, content_type=NDJSON, headers=headers)

    assert first.get_json() == counts(created=(2, 2))
    assert (again.get_json(), again.headers["Idempotent-Replayed"]) == (counts(created=(2, 2)),
                                                                        "true")
