"""The one error shape: malformed bodies, wrong JSON types, oversize bodies, a store that is down,
and text no store can hold."""

from __future__ import annotations

import pytest

from tests.api.conftest import (
    UNKNOWN_TOKEN,
    admin_client,
    bearer_client,
    build_app,
    close_app,
    sqlite_url,
)
from tests.api.helpers import API, NDJSON, assert_error

STAKEHOLDERS = f"{API}/stakeholders"


@pytest.fixture
def targets(api):
    """Every endpoint that takes a JSON body, as (method, path), on objects that exist."""
    coop, bank = api.stakeholder("entrepreneur"), api.stakeholder("investor")
    tie = api.tie("FUNDED", bank, coop)
    return [("post", STAKEHOLDERS), ("patch", f"{STAKEHOLDERS}/{coop['id']}"),
            ("post", f"{API}/ties"), ("patch", f"{API}/ties/{tie['id']}")]


def send(client, method, path, body: str | bytes, content_type="application/json"):
    return getattr(client, method)(path, data=body, content_type=content_type)


@pytest.mark.parametrize("body", ['{"kind": "entrepreneur",', "{'kind': 1}", "nul", "{}}"])
def test_a_malformed_json_body_is_a_400_in_the_error_shape(client, targets, body):
    for method, path in targets:
        assert_error(send(client, method, path, body), 400)


@pytest.mark.parametrize("body", ["[]", '[{"kind": "entrepreneur"}]', '"entrepreneur"', "42",
                                  "true", "null"])
def test_a_json_value_that_is_not_an_object_is_a_422_in_the_error_shape(client, targets, body):
    for method, path in targets:
        assert_error(send(client, method, path, body), 422)


def test_a_field_error_names_the_field_under_json(client):
    body = assert_error(client.post(STAKEHOLDERS, json={"kind": "entrepreneur", "name": "Α"}),
                        422, "region")

    assert body["errors"]["json"]["region"] and all(
        isinstance(m, str) for m in body["errors"]["json"]["region"])


def test_an_unknown_url_and_a_wrong_method_answer_in_the_error_shape(api, client):
    coop = api.stakeholder()

    assert_error(client.get(f"{API}/nothing-here"), 404)
    assert_error(client.put(f"{STAKEHOLDERS}/{coop['id']}", json={}), 405)
    assert_error(client.delete(STAKEHOLDERS), 405)


# -- oversize bodies ----------------------------------------------------------------------------

@pytest.fixture
def small_client(tmp_path):
    """A client of an app that takes request bodies of at most 1 KiB."""
    app = build_app(sqlite_url(tmp_path), SYNDESMOS_MAX_CONTENT_LENGTH="1024")
    yield admin_client(app)
    close_app(app)


def test_a_body_over_the_configured_limit_is_a_413_in_the_error_shape(small_client):
    big = {"kind": "entrepreneur", "name": "Α", "region": "EL303", "description": "α" * 2000}

    assert_error(small_client.post(STAKEHOLDERS, json=big), 413)
    assert_error(small_client.post(f"{API}/ties", json={"type": "KNOWS", "source": "x" * 2000,
                                                         "target": "y"}), 413)
    assert_error(small_client.post(f"{API}/import", data=b'{"record": "tie"}\n' * 100,
                                   content_type=NDJSON), 413)
    assert small_client.get(STAKEHOLDERS).get_json()["total"] == 0


def test_a_body_under_the_configured_limit_is_served(small_client):
    response = small_client.post(STAKEHOLDERS, json={"kind": "entrepreneur", "name": "Α",
                                                     "region": "EL303"})

    assert response.status_code == 201


# -- the store is down --------------------------------------------------------------------------

def assert_unavailable(response) -> None:
    assert_error(response, 503)
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.slow  # the driver retries the dead server for a few seconds on each request
def test_an_unreachable_neo4j_answers_503_with_retry_after_for_reads_and_writes():
    app = build_app("bolt://127.0.0.1:1")
    try:
        client = bearer_client(app, UNKNOWN_TOKEN)
        assert_unavailable(client.get(STAKEHOLDERS))
        assert_unavailable(client.post(STAKEHOLDERS, json={"kind": "entrepreneur", "name": "Α",
                                                           "region": "EL303"}))
    finally:
        close_app(app)


@pytest.fixture
def unopenable_client(tmp_path):
    """A client of an app whose SQLite file cannot be opened: its parent is a regular file."""
    (tmp_path / "not-a-directory").write_text("I am a file")
    app = build_app(sqlite_url(tmp_path / "not-a-directory"), SYNDESMOS_RETRY_AFTER="17")
    yield bearer_client(app, UNKNOWN_TOKEN)
    close_app(app)


def test_an_sqlite_store_that_cannot_be_opened_answers_503_with_retry_after(unopenable_client):
    for response in (
        unopenable_client.get(STAKEHOLDERS),
        unopenable_client.post(STAKEHOLDERS, json={"kind": "entrepreneur", "name": "Α",
                                                   "region": "EL303"}),
        unopenable_client.get(f"{API}/health"),
        unopenable_client.get(f"{API}/export"),
    ):
        assert_unavailable(response)
        assert response.headers["Retry-After"] == "17"


def test_while_the_store_is_down_even_bad_input_waits_because_the_caller_cannot_be_checked(
        unopenable_client):
    assert_unavailable(unopenable_client.get(STAKEHOLDERS, query_string={"page_size": 0}))


def test_the_vocabularies_are_served_while_the_store_is_down(unopenable_client):
    assert unopenable_client.get(f"{API}/vocabularies").status_code == 200


# -- text that no store can hold ----------------------------------------------------------------



@pytest.mark.parametrize("body", [
    '{"kind": "entrepreneur", "name": "Α\\ud800", "region": "EL303"}',
    '{"kind": "entrepreneur", "name": "Α", "region": "EL303", "description": "\\udfff"}',
], ids=["name", "description"])
def test_a_lone_surrogate_in_a_stakeholders_text_is_a_422_not_a_500(client, body):
    assert_error(send(client, "post", STAKEHOLDERS, body), 422)
    assert client.get(STAKEHOLDERS).get_json()["total"] == 0


def test_a_lone_surrogate_in_a_patch_is_a_422_not_a_500(api, client):
    coop = api.stakeholder()

    response = send(client, "patch", f"{STAKEHOLDERS}/{coop['id']}",
                    '{"municipality": "Αθήνα\\ud800"}')

    assert_error(response, 422, "municipality")
    assert client.get(f"{STAKEHOLDERS}/{coop['id']}").get_json() == coop


@pytest.mark.parametrize("body", [
    '{"kind": "entrepreneur", "name": "Α", "region": "\\ud800"}',
    '{"\\ud800": 1}',
], ids=["invalid value echoed", "unknown key echoed"])
def test_an_error_that_echoes_a_lone_surrogate_is_still_a_json_422(client, body):
    assert_error(send(client, "post", STAKEHOLDERS, body), 422)


def test_a_lone_surrogate_in_an_import_line_is_named_by_its_line(api):
    line = '{"record": "stakeholder", "kind": "entrepreneur", "name": "\\ud800", "region": "EL30"}'

    body = assert_error(api.import_file(line.encode()), 422)

    assert any(key.startswith("line 1") for key in body["errors"]["json"])


def test_json_nested_deeper_than_the_parser_can_follow_is_a_400_not_a_500(client):
    deep = "[" * 100_000 + "]" * 100_000

    assert_error(send(client, "post", STAKEHOLDERS, deep), 400)
