"""Helpers of the API suite: create things through the API, and check the one error shape."""

from __future__ import annotations

import json
from http import HTTPStatus

API = "/api/v1"
NDJSON = "application/x-ndjson"


def assert_error(response, status: int, *fields: str, location: str = "json") -> dict:
    """Assert ``response`` is an error of ``status`` in the one shape, naming each of ``fields``.

    Returns the body. ``fields`` are looked for under ``errors[location]``.
    """
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    body = assert_error_shape(response)
    if fields:
        assert "errors" in body, body
        named = body["errors"].get(location, {})
        for name in fields:
            assert name in named, f"{name!r} not named in {body['errors']}"
    return body


def assert_error_shape(response) -> dict:
    """Assert an error response is JSON with ``code``, ``status`` and ``message`` that agree."""
    assert response.is_json, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert isinstance(body, dict), body
    assert body["code"] == response.status_code
    assert body["status"] == HTTPStatus(response.status_code).phrase
    assert isinstance(body["message"], str) and body["message"]
    if "errors" in body:
        assert isinstance(body["errors"], dict) and body["errors"], body
    return body


def ndjson(*records: dict) -> bytes:
    """A JSON Lines file of ``records``."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


class ApiClient:
    """A Flask test client with short ways to create stakeholders and ties through the API."""

    def __init__(self, client):
        self.client = client

    def stakeholder(self, kind: str = "entrepreneur", name: str = "Κοινωνική Κουζίνα",
                    region: str = "EL303", **fields) -> dict:
        """Create a stakeholder; return its JSON."""
        response = self.client.post(f"{API}/stakeholders",
                                    json={"kind": kind, "name": name, "region": region, **fields})
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()

    def tie(self, type: str, source: dict | str, target: dict | str, **fields) -> dict:
        """Create a tie between two stakeholders (their JSON or ids); return its JSON."""
        response = self.client.post(f"{API}/ties", json={
            "type": type, "source": _id(source), "target": _id(target), **fields})
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()

    def search(self, **query):
        return self.client.get(f"{API}/stakeholders", query_string=query)

    def found_names(self, **query) -> list[str]:
        """The names on the first page of a search, in the order given."""
        response = self.search(**query)
        assert response.status_code == 200, response.get_data(as_text=True)
        return [item["name"] for item in response.get_json()["items"]]

    def import_file(self, body: bytes):
        return self.client.post(f"{API}/import", data=body, content_type=NDJSON)

    def export(self) -> bytes:
        response = self.client.get(f"{API}/export")
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_data()


def _id(end: dict | str) -> str:
    return end["id"] if isinstance(end, dict) else end


def counts(created=(0, 0), updated=(0, 0), unchanged=(0, 0)) -> dict:
    """An import's answer: (stakeholders, ties) created, updated and left unchanged."""
    return {f"{what}_{verb}": pair[index]
            for verb, pair in (("created", created), ("updated", updated),
                               ("unchanged", unchanged))
            for index, what in enumerate(("stakeholders", "ties"))}
