"""``Idempotency-Key`` on each engine, the real Neo4j server included: no secret and no erased
data kept in an answer, and a key never stuck, nor a write done twice, when the store fails
between claiming the key and keeping the answer."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from graph_models.domain.errors import StoreUnavailable
from service.access import ENDPOINT_RULES, PUBLIC
from service.idempotency import EXTENSION_KEY as KEYS
from tests.api.conftest import use_cases
from tests.api.helpers import API, assert_error
from tests.builders import FIXED_TIME
from tests.conftest import NEO4J_URL

S = f"{API}/stakeholders"
NEW = {"kind": "entrepreneur", "name": "Ζωή Παπαδοπούλου", "region": "EL303",
       "email": "zoi.idempotent@example.org"}


def stored(app) -> str:
    """Everything the app's store holds: every byte of the SQLite files, or every property of
    every Neo4j node and relationship."""
    url = app.config["SYNDESMOS_STORE"]
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return b"".join(file.read_bytes() for file in path.parent.glob(path.name + "*")
                        ).decode("utf-8", "replace")
    import neo4j

    with neo4j.GraphDatabase.driver(NEO4J_URL, auth=None) as driver:
        nodes, _, _ = driver.execute_query("MATCH (n) RETURN properties(n) AS p",
                                           database_="neo4j")
        ties, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN properties(r) AS p",
                                          database_="neo4j")
    return json.dumps([r["p"] for r in [*nodes, *ties]], ensure_ascii=False, default=str)


def key(name: str) -> dict:
    return {"Idempotency-Key": name}


def test_a_token_made_again_with_its_key_names_the_token_and_its_secret_is_kept_nowhere(
        engine_app, engine_api):
    client = engine_api.client
    me = client.get(f"{API}/me").get_json()["id"]
    made = client.post(f"{API}/users/{me}/tokens", headers=key("token-1"),
                       json={"name": "reporting script"})
    assert made.status_code == 201
    token, secret = made.get_json()["token"], made.get_json()["secret"]

    again = client.post(f"{API}/users/{me}/tokens", headers=key("token-1"),
                        json={"name": "reporting script"})

    body = assert_error(again, 409, "Idempotency-Key")
    assert again.headers["Idempotent-Replayed"] == "true"
    assert token["id"] in body["message"] and "shown only once" in body["message"]
    assert secret not in again.get_data(as_text=True)
    assert secret not in stored(engine_app)
    assert [t["id"] for t in client.get(f"{API}/users/{me}/tokens").get_json()].count(
        token["id"]) == 1


def test_a_stakeholders_creation_replayed_after_its_erasure_answers_410_and_makes_nothing(
        engine_app, engine_api):
    client = engine_api.client
    created = client.post(S, headers=key("create-zoi"), json=NEW)
    assert created.status_code == 201
    assert client.delete(f"{S}/{created.get_json()['id']}").status_code == 204

    again = client.post(S, headers=key("create-zoi"), json=NEW)

    assert_error(again, 410, "Idempotency-Key")
    assert client.get(S).get_json()["total"] == 0
    assert NEW["email"] not in stored(engine_app)


def test_an_accounts_creation_replayed_after_its_deletion_answers_410_and_makes_nothing(
        engine_app, engine_api):
    client = engine_api.client
    account = {"username": "maria", "role": "member", "email": "maria.idempotent@example.org"}
    created = client.post(f"{API}/users", headers=key("create-maria"), json=account)
    assert created.status_code == 201
    assert client.delete(f"{API}/users/{created.get_json()['id']}").status_code == 204

    again = client.post(f"{API}/users", headers=key("create-maria"), json=account)

    assert_error(again, 410, "Idempotency-Key")
    assert "maria" not in [u["username"] for u in client.get(f"{API}/users").get_json()]
    assert account["email"] not in stored(engine_app)


def test_a_password_sent_with_a_key_leaves_no_fast_hash_to_test_guesses_against(
        engine_app, engine_api):
    client = engine_api.client
    maria = client.post(f"{API}/users", json={"username": "maria", "role": "member"})
    path = f"{API}/users/{maria.get_json()['id']}"
    body = json.dumps({"password": "correct horse battery staple"}).encode()

    changed = client.patch(path, data=body, content_type="application/json",
                           headers=key("new-password"))
    again = client.patch(path, json={"password": "another long passphrase"},
                         headers=key("new-password"))

    assert changed.status_code == 200
    # What a thief of the database would try each guess against: a hash of the request.
    request_hash = hashlib.sha256(b"PATCH\0" + path.encode() + b"\0\0" + body).hexdigest()
    assert request_hash not in stored(engine_app)
    # Only the password differs, so it is the same request: answered again, not done again.
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == changed.get_json()


# -- the store failing between claiming a key and keeping the answer -----------------------------

class Outage:
    """The app's real store, which cannot be reached from the moment the first call of method
    ``after`` has run (that call failing too when ``failing``, as a commit cut off does) until
    ``end``."""

    def __init__(self, store, after: str, *, failing: bool):
        self._store, self._after, self._failing = store, after, failing
        self.down = False

    def __getattr__(self, name):
        method = getattr(self._store, name)
        if not callable(method):
            return method

        def call(*args, **kwargs):
            if self.down:
                raise StoreUnavailable("the store cannot be reached (an outage of the test)")
            result = method(*args, **kwargs)
            if name == self._after:
                self._after, self.down = None, True
                if self._failing:
                    raise StoreUnavailable("the connection dropped as the write committed")
            return result

        return call

    def end(self) -> None:
        self.down = False


class Clock:
    def __init__(self):
        self.at = FIXED_TIME

    def __call__(self):
        return self.at


@pytest.fixture
def clock(engine_app):
    """The clock of the app's Idempotency-Key claims, moved by hand."""
    engine_app.extensions[KEYS].clock = clock = Clock()
    return clock


def outage(engine_app, monkeypatch, after: str, *, failing: bool = False) -> Outage:
    """The store of the Idempotency-Key claims and of the stakeholders, down after ``after``."""
    facades = use_cases(engine_app)
    down = Outage(facades.store, after, failing=failing)
    for facade in (facades.idempotency, facades.stakeholders):
        monkeypatch.setattr(facade, "store", down)
    return down


FAULTS = {
    # name: (the call after which the store is down, does it fail too, what the first request
    #        answers, what a retry answers once the claim time has passed)
    "after the claim, before the write": ("claim_idempotency_key", False, 503, 201),
    "as the write commits": ("create_stakeholder", True, 503, 409),
    "after the write, before the answer is kept": ("create_stakeholder", False, 201, 409),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_retry_after_the_store_failed_mid_request_acts_exactly_once_and_answers_no_5xx(
        engine_app, engine_api, clock, monkeypatch, fault):
    after, failing, first_status, final_status = FAULTS[fault]
    client = engine_api.client
    down = outage(engine_app, monkeypatch, after, failing=failing)

    first = client.post(S, headers=key("create-zoi"), json=NEW)
    down.end()
    fresh = client.post(S, headers=key("create-zoi"), json=NEW)
    clock.at += engine_app.extensions[KEYS].claim_time + timedelta(seconds=1)
    retry = client.post(S, headers=key("create-zoi"), json=NEW)
    again = client.post(S, headers=key("create-zoi"), json=NEW)

    assert first.status_code == first_status
    assert_error(fresh, 409, "Idempotency-Key")  # the claim is fresh: still being answered
    assert retry.status_code == final_status, retry.get_data(as_text=True)
    [made] = client.get(S).get_json()["items"]
    if final_status == 409:
        assert made["id"] in assert_error(retry, 409, "Idempotency-Key")["message"]
    else:
        assert retry.get_json()["id"] == made["id"]
    assert (again.status_code, again.get_json()) == (retry.status_code, retry.get_json())


# -- the OpenAPI document ------------------------------------------------------------------------

def test_every_write_but_the_public_ones_documents_the_key_and_what_it_may_answer(app, client):
    spec = client.get(f"{API}/openapi.json").get_json()
    endpoints = {re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule): rule.endpoint
                 for rule in app.url_map.iter_rules()}
    writes = [(path, method, operation) for path, item in spec["paths"].items()
              for method, operation in item.items() if method in {"post", "patch", "delete"}]
    keyed = [(path, method, operation) for path, method, operation in writes
             if ENDPOINT_RULES[endpoints[path]][method.upper()] != PUBLIC]

    # Keys are remembered per user: the writes of no one signed in take none.
    assert {(method, path) for path, method, _ in writes} - {
        (method, path) for path, method, _ in keyed} == {
        ("post", f"{API}/auth/login"), ("post", f"{API}/auth/logout"),
        ("post", f"{API}/campaigns/{{campaign_id}}/public-pledges"),
        ("post", f"{API}/public-pledges/confirm")}
    for path, method, operation in keyed:
        headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert headers == ["Idempotency-Key"], (method, path)
        assert {"409", "410", "422"} <= set(operation["responses"]), (method, path)
