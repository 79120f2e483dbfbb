"""POST /ties and GET/PATCH/DELETE /ties/{id}."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.api.helpers import API, assert_error

TIES = f"{API}/ties"


@pytest.fixture
def cast(api):
    """One stakeholder of each kind, by kind."""
    return {kind: api.stakeholder(kind, name) for kind, name in (
        ("entrepreneur", "Κοινωνική Κουζίνα"), ("investor", "Ηθική Τράπεζα"),
        ("policymaker", "Δήμος Αθηναίων"), ("support_organisation", "Κέντρο Στήριξης"))}


def post_tie(client, type, source, target, **fields):
    return client.post(TIES, json={"type": type, "source": source["id"],
                                   "target": target["id"], **fields})


# -- create -------------------------------------------------------------------------------------

def test_creating_a_tie_answers_201_with_since_today_and_weight_one_by_default(client, cast):
    before = datetime.now(UTC).date()
    response = post_tie(client, "FUNDED", cast["investor"], cast["entrepreneur"],
                        amount=20_000, instrument="loan")
    after = datetime.now(UTC).date()

    assert response.status_code == 201
    tie = response.get_json()
    assert isinstance(tie["id"], str) and tie["id"]
    assert (tie["type"], tie["source"], tie["target"]) == (
        "FUNDED", cast["investor"]["id"], cast["entrepreneur"]["id"])
    assert tie["since"] in {before.isoformat(), after.isoformat()}
    assert tie["weight"] == 1
    assert (tie["amount"], tie["instrument"], tie["strength"]) == (20_000, "loan", None)


def test_a_created_tie_reads_back_exactly_as_the_create_answered(api, client, cast):
    tie = api.tie("KNOWS", cast["entrepreneur"], cast["policymaker"], since="2023-04-01",
                  weight=2.5, strength=4)

    response = client.get(f"{TIES}/{tie['id']}")

    assert response.status_code == 200
    assert response.get_json() == tie
    assert (tie["since"], tie["weight"], tie["strength"]) == ("2023-04-01", 2.5, 4)


@pytest.mark.parametrize(("type", "source", "target"), [
    ("FUNDED", "entrepreneur", "investor"),
    ("FUNDED", "investor", "investor"),
    ("SUPPORTED", "entrepreneur", "support_organisation"),
    ("MENTORS", "policymaker", "entrepreneur"),
    ("MENTORS", "entrepreneur", "investor"),
])
def test_a_tie_between_kinds_its_type_does_not_allow_is_a_409_naming_type(api, client, cast,
                                                                         type, source, target):
    other = api.stakeholder(target, "Δεύτερο") if source == target else cast[target]

    response = post_tie(client, type, cast[source], other)

    assert_error(response, 409, "type")


@pytest.mark.parametrize("missing", ["source", "target"])
def test_a_tie_to_a_missing_stakeholder_is_a_409_naming_the_missing_end(client, cast, missing):
    ends = {"source": cast["investor"]["id"], "target": cast["entrepreneur"]["id"],
            missing: "no-such-stakeholder"}

    body = assert_error(client.post(TIES, json={"type": "KNOWS", **ends}), 409, missing)

    assert set(body["errors"]["json"]) == {missing}


def test_a_tie_with_both_ends_missing_names_both(client):
    response = client.post(TIES, json={"type": "KNOWS", "source": "nobody", "target": "noone"})

    assert_error(response, 409, "source", "target")


@pytest.mark.parametrize("reverse", [False, True], ids=["same direction", "other direction"])
def test_a_second_knows_tie_between_the_same_pair_is_a_409(api, client, cast, reverse):
    a, b = cast["entrepreneur"], cast["investor"]
    api.tie("KNOWS", a, b)

    response = post_tie(client, "KNOWS", *((b, a) if reverse else (a, b)))

    assert_error(response, 409)
    assert len(client.get(f"{API}/stakeholders/{a['id']}/ties").get_json()) == 1


def test_funding_events_between_the_same_pair_on_different_days_are_separate_ties(api, cast):
    first = api.tie("FUNDED", cast["investor"], cast["entrepreneur"], since="2024-01-10")
    second = api.tie("FUNDED", cast["investor"], cast["entrepreneur"], since="2024-06-10")

    assert first["id"] != second["id"]


def test_a_tie_from_a_stakeholder_to_itself_is_a_422(client, cast):
    response = post_tie(client, "KNOWS", cast["entrepreneur"], cast["entrepreneur"])

    assert_error(response, 422)
    assert set(response.get_json()["errors"]["json"]) & {"source", "target"}


@pytest.mark.parametrize(("type", "source", "target", "field", "value"), [
    ("FUNDED", "investor", "entrepreneur", "strength", 3),
    ("KNOWS", "investor", "entrepreneur", "amount", 100),
    ("KNOWS", "investor", "entrepreneur", "instrument", "loan"),
    ("PARTNERS_WITH", "investor", "entrepreneur", "topic", "financing.loan"),
    ("KNOWS", "investor", "entrepreneur", "via", "someone"),
])
def test_an_attribute_the_tie_type_does_not_carry_is_a_422_naming_it(client, cast, type, source,
                                                                     target, field, value):
    response = post_tie(client, type, cast[source], cast[target], **{field: value})

    assert_error(response, 422, field)


@pytest.mark.parametrize(("field", "value"), [
    ("strength", 6), ("strength", 0), ("weight", 0), ("weight", -1), ("since", "yesterday"),
    ("since", "2024-02-30"), ("type", "LIKES"), ("type", "knows"), ("source", ""),
    ("target", 42), ("colour", "red"), ("id", "my-own-id"),
])
def test_an_invalid_tie_field_is_a_422_naming_it(client, cast, field, value):
    fields = {"type": "KNOWS", "source": cast["entrepreneur"]["id"],
              "target": cast["investor"]["id"], field: value}

    assert_error(client.post(TIES, json=fields), 422, field)


def test_a_tie_without_type_source_or_target_names_each(client):
    assert_error(client.post(TIES, json={}), 422, "type", "source", "target")


# -- read, update, delete -----------------------------------------------------------------------

def test_reading_an_unknown_tie_is_a_404(client):
    assert_error(client.get(f"{TIES}/no-such-tie"), 404)


def test_patching_a_tie_changes_only_the_attributes_given(api, client, cast):
    tie = api.tie("KNOWS", cast["entrepreneur"], cast["investor"], since="2022-05-01",
                  strength=2)

    response = client.patch(f"{TIES}/{tie['id']}", json={"strength": 5, "weight": 3})

    assert response.status_code == 200
    patched = response.get_json()
    assert (patched["strength"], patched["weight"]) == (5, 3)
    unchanged = {k: v for k, v in tie.items() if k not in {"strength", "weight", "updated_at"}}
    assert {k: patched[k] for k in unchanged} == unchanged
    assert client.get(f"{TIES}/{tie['id']}").get_json() == patched


def test_patching_null_empties_an_optional_tie_attribute(api, client, cast):
    tie = api.tie("FUNDED", cast["investor"], cast["entrepreneur"], amount=500, instrument="grant")

    response = client.patch(f"{TIES}/{tie['id']}", json={"amount": None, "instrument": None})

    assert response.status_code == 200
    assert (response.get_json()["amount"], response.get_json()["instrument"]) == (None, None)


@pytest.mark.parametrize("field", ["type", "source", "target"])
def test_changing_a_ties_type_or_ends_is_a_422_naming_the_field(api, client, cast, field):
    tie = api.tie("KNOWS", cast["entrepreneur"], cast["investor"])
    value = {"type": "PARTNERS_WITH", "source": cast["policymaker"]["id"],
             "target": cast["policymaker"]["id"]}[field]

    response = client.patch(f"{TIES}/{tie['id']}", json={field: value})

    assert_error(response, 422, field)
    assert client.get(f"{TIES}/{tie['id']}").get_json() == tie


@pytest.mark.parametrize(("field", "value"), [
    ("strength", 6), ("weight", 0), ("since", None), ("amount", 5), ("colour", "red")])
def test_patching_an_invalid_tie_attribute_names_it_and_changes_nothing(api, client, cast, field,
                                                                        value):
    tie = api.tie("KNOWS", cast["entrepreneur"], cast["investor"])

    response = client.patch(f"{TIES}/{tie['id']}", json={field: value})

    assert_error(response, 422, field)
    assert client.get(f"{TIES}/{tie['id']}").get_json() == tie


def test_moving_a_funding_event_onto_the_day_of_another_is_a_409(api, client, cast):
    api.tie("FUNDED", cast["investor"], cast["entrepreneur"], since="2024-01-10")
    second = api.tie("FUNDED", cast["investor"], cast["entrepreneur"], since="2024-06-10")

    response = client.patch(f"{TIES}/{second['id']}", json={"since": "2024-01-10"})

    assert_error(response, 409, "since")


def test_patching_an_unknown_tie_is_a_404(client):
    assert_error(client.patch(f"{TIES}/no-such-tie", json={"weight": 2}), 404)


def test_deleting_a_tie_answers_204_and_leaves_its_ends(api, client, cast):
    tie = api.tie("KNOWS", cast["entrepreneur"], cast["investor"])

    response = client.delete(f"{TIES}/{tie['id']}")

    assert response.status_code == 204
    assert_error(client.get(f"{TIES}/{tie['id']}"), 404)
    assert client.get(f"{API}/stakeholders/{cast['investor']['id']}").status_code == 200
    assert client.get(f"{API}/stakeholders/{cast['investor']['id']}/ties").get_json() == []


def test_deleting_an_unknown_tie_is_a_404(client):
    assert_error(client.delete(f"{TIES}/no-such-tie"), 404)


def test_an_introduction_via_a_broker_who_does_not_exist_is_a_409_naming_via(client, cast):
    response = post_tie(client, "INTRODUCED", cast["entrepreneur"], cast["investor"],
                        via="no-such-broker")

    assert_error(response, 409, "via")


def test_an_introduction_via_an_existing_broker_is_created(client, cast):
    response = post_tie(client, "INTRODUCED", cast["entrepreneur"], cast["investor"],
                        via=cast["support_organisation"]["id"])

    assert response.status_code == 201
    assert response.get_json()["via"] == cast["support_organisation"]["id"]
