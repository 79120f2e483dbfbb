"""The OpenAPI document and the API agree: what it documents is accepted, what the API refuses
the document refuses too, and it says which operations need no token.

Each test walks the whole document, so a new operation is covered without being listed here.
"""

from __future__ import annotations

import re

import pytest

from service.access import ENDPOINT_RULES, PUBLIC
from tests.api.conftest import admin_client, build_app, close_app, sqlite_url
from tests.api.helpers import API, assert_error

JSON = "application/json"
# A path parameter no object has: the body or query is parsed before the object is looked up.
SOME_ID = "nothing"


@pytest.fixture(scope="module")
def module_app(tmp_path_factory):
    app = build_app(sqlite_url(tmp_path_factory.mktemp("contract")))
    yield app
    close_app(app)


@pytest.fixture(scope="module")
def spec(module_app):
    return module_app.test_client().get(f"{API}/openapi.json").get_json()


@pytest.fixture(scope="module")
def admin(module_app):
    return admin_client(module_app)


def resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rpartition("/")[2]]
    return schema


def operations(spec: dict):
    """Every operation: (method, path as documented, the operation)."""
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield method, path, operation


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", SOME_ID, path)


def json_bodies(spec: dict):
    """Every operation that takes a JSON body: (method, path, body's schema, body required)."""
    for method, path, operation in operations(spec):
        body = operation.get("requestBody")
        if body and JSON in body["content"]:
            yield method, path, resolve(spec, body["content"][JSON]["schema"]), body["required"]


def enum_values(spec: dict):
    """Every documented value of every body field or query parameter with an enum (or an
    array of enum items): (method, path, location, name, value)."""
    for method, path, schema, _ in json_bodies(spec):
        for name, prop in schema.get("properties", {}).items():
            if not prop.get("readOnly"):
                for value in _enum(spec, prop):
                    yield method, path, "json", name, value
    for method, path, operation in operations(spec):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                for value in _enum(spec, parameter["schema"]):
                    yield method, path, "query", parameter["name"], value


def _enum(spec: dict, prop: dict) -> list:
    """The documented values of ``prop`` as sent: one-item lists for an array."""
    prop = resolve(spec, prop)
    if prop.get("type") == "array":
        return [[value] for value in _enum(spec, prop.get("items", {}))]
    return [value for value in prop.get("enum", []) if value is not None]


def send(client, method: str, path: str, location: str, name: str, value):
    if location == "json":
        return getattr(client, method)(concrete(path), json={name: value})
    return getattr(client, method)(concrete(path), query_string={name: value})


def named(response, location: str, name: str) -> bool:
    body = response.get_json(silent=True) or {}
    return name in (body.get("errors") or {}).get(location, {})


def test_every_documented_value_of_an_enum_is_one_the_operation_accepts(spec, admin):
    refused = []
    for method, path, location, name, value in enum_values(spec):
        response = send(admin, method, path, location, name, value)
        if response.status_code == 422 and named(response, location, name):
            refused.append(f"{method.upper()} {path} {name}={value!r}")

    assert refused == []


@pytest.mark.parametrize("number", [2.5, 2.58e-42], ids=["2.5", "2.58e-42"])
def test_every_integer_field_of_a_body_refuses_a_fraction_naming_the_field(spec, admin, number):
    accepted = []
    for method, path, schema, _ in json_bodies(spec):
        for name, prop in schema.get("properties", {}).items():
            if resolve(spec, prop).get("type") == "integer" and not prop.get("readOnly"):
                response = getattr(admin, method)(concrete(path), json={name: number})
                if not (response.status_code == 422 and named(response, "json", name)):
                    accepted.append(f"{method.upper()} {path} {name}")

    assert accepted == []


def test_a_programmes_region_level_of_2_58e_minus_42_is_refused_not_stored_as_0(admin):
    response = admin.post(f"{API}/programmes", json={
        "name": "Άνοιξη", "region": "EL30", "starts_on": "2026-03-01", "region_level": 2.58e-42})

    assert_error(response, 422, "region_level")
    assert admin.get(f"{API}/programmes").get_json()["total"] == 0


def test_a_body_documented_as_required_is_refused_when_missing_and_an_optional_one_is_not(
        spec, admin):
    wrong = []
    for method, path, _, required in json_bodies(spec):
        response = getattr(admin, method)(concrete(path))
        refused = response.status_code in (400, 422)
        if refused != required:
            wrong.append(f"{method.upper()} {path}: documented required={required}, "
                         f"answered {response.status_code}")

    assert wrong == []


def test_a_proposal_may_be_asked_for_without_a_body_as_documented(spec):
    body = spec["paths"][f"{API}/programmes/{{programme_id}}/proposal"]["post"]["requestBody"]

    assert body["required"] is False


def test_an_empty_website_is_refused_by_the_document_and_by_the_api_naming_the_field(
        spec, admin):
    website = spec["components"]["schemas"]["StakeholderInput"]["properties"]["website"]

    response = admin.post(f"{API}/stakeholders", json={
        "kind": "entrepreneur", "name": "Α", "region": "EL303", "website": ""})

    assert_error(response, 422, "website")
    assert website.get("minLength", 0) > 0 or not re.search(website["pattern"], "")


def test_a_documented_website_is_accepted(admin):
    response = admin.post(f"{API}/stakeholders", json={
        "kind": "entrepreneur", "name": "Α", "region": "EL303",
        "website": "https://koinsep.example.org/about?lang=el"})

    assert response.status_code == 201, response.get_data(as_text=True)


@pytest.mark.parametrize("region", ["DE1\n", "EL30\n", "EL99", "el30", ""])
def test_a_region_the_document_refuses_is_refused_naming_the_field(admin, region):
    response = admin.post(f"{API}/stakeholders", json={
        "kind": "entrepreneur", "name": "Α", "region": region})

    assert_error(response, 422, "region")


def public_operations(app) -> set[tuple[str, str]]:
    """(method, path as documented) of each operation that access.py makes PUBLIC."""
    found = set()
    for rule in app.url_map.iter_rules():
        for method, guard in ENDPOINT_RULES.get(rule.endpoint, {}).items():
            if guard == PUBLIC:
                found.add((method.lower(), re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)))
    return found


def test_exactly_the_public_operations_are_documented_as_needing_no_token(module_app, spec):
    documented = {(m, p) for m, p, op in operations(spec) if op.get("security") == []}
    public = public_operations(module_app) & {(m, p) for m, p, _ in operations(spec)}

    assert {("get", f"{API}/health"), ("get", f"{API}/vocabularies"),
            ("post", f"{API}/auth/login"), ("post", f"{API}/auth/logout")} <= public
    assert documented == public
    assert spec["security"] == [{"bearerAuth": []}]  # every other operation needs a token


def test_a_public_operation_documents_no_refusal_of_credentials_it_never_reads(module_app,
                                                                               spec):
    public = public_operations(module_app)
    documented = {(m, p): set(op["responses"]) for m, p, op in operations(spec)
                  if (m, p) in public}

    assert all("403" not in codes for codes in documented.values())
    assert documented[("get", f"{API}/health")] == {"200", "503", "default"}
    # Sign-in answers a wrong password with 401 and too many tries with 429.
    assert {"401", "429"} <= documented[("post", f"{API}/auth/login")]


def test_a_bound_that_a_range_excludes_is_documented_as_excluded(spec, admin):
    weight = spec["components"]["schemas"]["TieInput"]["properties"]["weight"]

    response = admin.patch(f"{API}/ties/{SOME_ID}", json={"weight": 0})

    assert_error(response, 422, "weight")
    assert weight["minimum"] == 0 and weight["exclusiveMinimum"] is True
