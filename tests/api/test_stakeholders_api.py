"""POST/GET /stakeholders and GET/PATCH/DELETE /stakeholders/{id}."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.api.helpers import API, assert_error

STAKEHOLDERS = f"{API}/stakeholders"


# -- create -------------------------------------------------------------------------------------

def test_creating_a_stakeholder_answers_201_with_an_id_the_fields_given_and_the_defaults(client):
    response = client.post(STAKEHOLDERS, json={
        "kind": "entrepreneur", "name": "Κοινωνική Κουζίνα «Ο Άλλος Άνθρωπος»",
        "region": "EL303", "municipality": "Αθήνα", "sectors": ["catering_food_services"],
        "needs": ["financing.loan"], "languages": ["el"], "legal_form": "koinsep",
        "koinsep_category": "collective_social_benefit", "members": 7})

    assert response.status_code == 201
    body = response.get_json()
    assert isinstance(body["id"], str) and body["id"]
    assert body["name"] == "Κοινωνική Κουζίνα «Ο Άλλος Άνθρωπος»"
    assert (body["kind"], body["region"], body["municipality"]) == ("entrepreneur", "EL303",
                                                                    "Αθήνα")
    assert (body["sectors"], body["needs"], body["languages"]) == (
        ["catering_food_services"], ["financing.loan"], ["el"])
    assert (body["legal_form"], body["koinsep_category"], body["members"]) == (
        "koinsep", "collective_social_benefit", 7)
    assert body["discoverable"] is False and body["discoverable_at"] is None
    assert body["description"] == "" and body["offers"] == []
    assert body["created_at"] == body["updated_at"]
    assert datetime.fromisoformat(body["created_at"]).tzinfo is not None


def test_a_created_stakeholder_reads_back_exactly_as_the_create_answered(api, client):
    created = api.stakeholder("investor", "Συνεταιριστική Τράπεζα Χανίων", "EL434",
                              instruments=["loan", "microcredit"], ticket_min=1_000,
                              ticket_max=50_000, organisation_type="cooperative_bank",
                              offers=["financing.loan"])

    response = client.get(f"{STAKEHOLDERS}/{created['id']}")

    assert response.status_code == 200
    assert response.get_json() == created


def test_creating_a_stakeholder_without_kind_name_or_region_names_each_missing_field(client):
    response = client.post(STAKEHOLDERS, json={})

    assert_error(response, 422, "kind", "name", "region")


def test_creating_a_stakeholder_with_an_unknown_field_names_that_field(client):
    response = client.post(STAKEHOLDERS, json={
        "kind": "entrepreneur", "name": "Α", "region": "EL303", "colour": "red"})

    assert_error(response, 422, "colour")


@pytest.mark.parametrize("field", ["id", "created_at", "updated_at", "discoverable_at"])
def test_a_client_cannot_set_a_system_field_on_create(client, field):
    response = client.post(STAKEHOLDERS, json={
        "kind": "entrepreneur", "name": "Α", "region": "EL303",
        field: "2020-01-01T00:00:00+00:00"})

    assert_error(response, 422, field)


@pytest.mark.parametrize(("field", "value"), [
    ("region", "EL99"), ("region", "el303"), ("kind", "bank"), ("name", ""),
    ("sectors", ["rocket_science"]), ("needs", ["financing"]), ("languages", ["greek"]),
    ("email", "not-an-email"), ("website", "ftp://example.org"), ("capacity", -1),
])
def test_creating_a_stakeholder_with_an_invalid_value_names_the_field(client, field, value):
    fields = {"kind": "entrepreneur", "name": "Α", "region": "EL303", field: value}

    assert_error(client.post(STAKEHOLDERS, json=fields), 422, field)


def test_a_field_of_another_kind_is_refused_and_named(client):
    response = client.post(STAKEHOLDERS, json={
        "kind": "investor", "name": "Ταμείο", "region": "EL30", "legal_form": "koinsep"})

    assert_error(response, 422, "legal_form")


def test_a_koinsep_without_its_category_is_refused_naming_the_category(client):
    response = client.post(STAKEHOLDERS, json={
        "kind": "entrepreneur", "name": "ΚοινΣΕπ", "region": "EL30", "legal_form": "koinsep"})

    assert_error(response, 422, "koinsep_category")


def test_a_second_stakeholder_of_the_same_kind_and_external_id_is_a_409_naming_it(api, client):
    api.stakeholder(external_id="GEMI-123")

    response = client.post(STAKEHOLDERS, json={
        "kind": "entrepreneur", "name": "Άλλος", "region": "EL303", "external_id": "GEMI-123"})

    assert_error(response, 409, "external_id")


def test_the_same_external_id_may_belong_to_stakeholders_of_different_kinds(api):
    first = api.stakeholder("entrepreneur", external_id="094012345")
    second = api.stakeholder("investor", external_id="094012345")

    assert first["id"] != second["id"]


def test_consenting_to_be_discoverable_stamps_the_time_of_consent(api):
    created = api.stakeholder(discoverable=True)

    assert created["discoverable"] is True
    assert created["discoverable_at"] == created["created_at"]


def test_patching_changes_only_the_fields_given(api, client):
    created = api.stakeholder(municipality="Αθήνα", description="Κουζίνα",
                              sectors=["catering_food_services"], needs=["financing.loan"])

    response = client.patch(f"{STAKEHOLDERS}/{created['id']}",
                            json={"name": "Νέο όνομα", "needs": ["training.mentoring"]})

    assert response.status_code == 200
    patched = response.get_json()
    assert (patched["name"], patched["needs"]) == ("Νέο όνομα", ["training.mentoring"])
    # The labels follow the codes: those of the needs change with them, the others stay.
    assert patched["labels"]["needs"].keys() == {"training.mentoring"}
    assert ({**patched["labels"], "needs": None} == {**created["labels"], "needs": None})
    unchanged = {k: v for k, v in created.items()
                 if k not in {"name", "needs", "updated_at", "labels"}}
    assert {k: patched[k] for k in unchanged} == unchanged
    assert (datetime.fromisoformat(patched["updated_at"])
            > datetime.fromisoformat(created["updated_at"]))
    assert client.get(f"{STAKEHOLDERS}/{created['id']}").get_json() == patched


def test_patching_null_empties_a_nullable_optional_field(api, client):
    created = api.stakeholder(municipality="Αθήνα", email="info@koinsep.gr", members=5,
                              external_id="GEMI-9")

    response = client.patch(f"{STAKEHOLDERS}/{created['id']}", json={
        "municipality": None, "email": None, "members": None, "external_id": None})

    assert response.status_code == 200
    body = response.get_json()
    assert [body[k] for k in ("municipality", "email", "members", "external_id")] == [None] * 4
    assert body["name"] == created["name"]


def test_patching_null_empties_the_optional_text_and_list_fields_too(api, client):
    created = api.stakeholder(description="Κουζίνα", sectors=["catering_food_services"],
                              languages=["el"], needs=["financing.loan"],
                              offers=["training.mentoring"])

    response = client.patch(f"{STAKEHOLDERS}/{created['id']}", json={
        "description": None, "sectors": None, "languages": None, "needs": None,
        "offers": None})

    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["description"] == ""
    assert [body[k] for k in ("sectors", "languages", "needs", "offers")] == [[]] * 4


def test_patching_a_required_field_to_null_is_refused_and_named(api, client):
    created = api.stakeholder()

    response = client.patch(f"{STAKEHOLDERS}/{created['id']}", json={"name": None})

    assert_error(response, 422, "name")


def test_changing_a_stakeholders_kind_is_a_422_naming_kind(api, client):
    created = api.stakeholder("entrepreneur")

    response = client.patch(f"{STAKEHOLDERS}/{created['id']}", json={"kind": "investor"})

    assert_error(response, 422, "kind")
    assert client.get(f"{STAKEHOLDERS}/{created['id']}").get_json()["kind"] == "entrepreneur"


def test_patching_the_kind_to_the_one_it_has_is_allowed(api, client):
    created = api.stakeholder("entrepreneur")

    response = client.patch(f"{STAKEHOLDERS}/{created['id']}", json={"kind": "entrepreneur"})

    assert response.status_code == 200


def test_patching_an_unknown_field_names_that_field_and_changes_nothing(api, client):
    created = api.stakeholder()

    response = client.patch(f"{STAKEHOLDERS}/{created['id']}",
                            json={"name": "Άλλο", "favourite_colour": "red"})

    assert_error(response, 422, "favourite_colour")
    assert client.get(f"{STAKEHOLDERS}/{created['id']}").get_json() == created


@pytest.mark.parametrize(("field", "value"), [
    ("region", "EL99"), ("name", ""), ("needs", ["nonsense"]), ("ticket_min", 5)])
def test_patching_an_invalid_value_names_the_field_and_changes_nothing(api, client, field, value):
    created = api.stakeholder("entrepreneur")

    response = client.patch(f"{STAKEHOLDERS}/{created['id']}", json={field: value})

    assert_error(response, 422, field)
    assert client.get(f"{STAKEHOLDERS}/{created['id']}").get_json() == created


def test_patching_an_external_id_another_stakeholder_of_the_kind_has_is_a_409(api, client):
    api.stakeholder(external_id="GEMI-1")
    other = api.stakeholder(external_id="GEMI-2")

    response = client.patch(f"{STAKEHOLDERS}/{other['id']}", json={"external_id": "GEMI-1"})

    assert_error(response, 409, "external_id")


def test_withdrawing_consent_clears_its_time(api, client):
    created = api.stakeholder(discoverable=True)

    withdrawn = client.patch(f"{STAKEHOLDERS}/{created['id']}", json={"discoverable": False})

    assert withdrawn.status_code == 200
    assert withdrawn.get_json()["discoverable_at"] is None


def test_patching_an_unknown_stakeholder_is_a_404(client):
    assert_error(client.patch(f"{STAKEHOLDERS}/no-such-id", json={"name": "Α"}), 404)


def test_deleting_a_stakeholder_answers_204_and_it_is_gone(api, client):
    created = api.stakeholder()

    response = client.delete(f"{STAKEHOLDERS}/{created['id']}")

    assert response.status_code == 204
    assert response.get_data() == b""
    assert_error(client.get(f"{STAKEHOLDERS}/{created['id']}"), 404)
    assert_error(client.delete(f"{STAKEHOLDERS}/{created['id']}"), 404)


def test_deleting_a_stakeholder_deletes_its_ties_and_only_its_ties(api, client):
    gone, investor, other = (api.stakeholder("entrepreneur"), api.stakeholder("investor"),
                             api.stakeholder("entrepreneur"))
    funded = api.tie("FUNDED", investor, gone)
    knows = api.tie("KNOWS", gone, other)
    kept = api.tie("KNOWS", investor, other)

    assert client.delete(f"{STAKEHOLDERS}/{gone['id']}").status_code == 204

    for tie in (funded, knows):
        assert_error(client.get(f"{API}/ties/{tie['id']}"), 404)
    assert client.get(f"{API}/ties/{kept['id']}").get_json() == kept
    remaining = client.get(f"{STAKEHOLDERS}/{investor['id']}/ties").get_json()
    assert [t["id"] for t in remaining] == [kept["id"]]


def test_deleting_an_unknown_stakeholder_is_a_404(client):
    assert_error(client.delete(f"{STAKEHOLDERS}/no-such-id"), 404)
