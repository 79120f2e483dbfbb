"""What every user may change of their own account through the API: their name and language
(``PATCH /me``) and their password (``PUT /me/password``), never their role or scope."""

from __future__ import annotations

import pytest

from graph_models.domain.accounts import Role
from tests.api.conftest import bearer_client, make_user, use_cases
from tests.api.helpers import API, assert_error

PASSWORD = "the first passphrase"
NEW_PASSWORD = "a second, longer passphrase"


@pytest.fixture
def nikos(app):
    """A member with a password and a token: (user, token client)."""
    user, secret = make_user(app, "nikos", Role.MEMBER, password=PASSWORD)
    return user, bearer_client(app, secret)


def login(app, password):
    return app.test_client().post(f"{API}/auth/login",
                                  json={"username": "nikos", "password": password})


def test_a_user_changes_their_own_name_and_language_and_nothing_else(app, nikos):
    _, client = nikos
    changed = client.patch(f"{API}/me", json={"display_name": "Νίκος Π."})
    assert changed.status_code == 200
    assert changed.get_json()["display_name"] == "Νίκος Π."
    assert_error(client.patch(f"{API}/me", json={"role": "admin"}), 422, "role")
    assert client.get(f"{API}/me").get_json()["role"] == "member"


def test_a_name_longer_than_the_limit_is_refused_naming_it(app, nikos):
    _, client = nikos
    assert_error(client.patch(f"{API}/me", json={"display_name": "x" * 201}), 422,
                 "display_name")


def test_a_user_changes_their_password_giving_the_current_one(app, nikos):
    _, client = nikos
    answer = client.put(f"{API}/me/password", json={"current_password": PASSWORD,
                                                    "new_password": NEW_PASSWORD})
    assert answer.status_code == 204
    assert login(app, PASSWORD).status_code == 401
    assert login(app, NEW_PASSWORD).status_code == 200
    assert client.get(f"{API}/me").status_code == 200  # tokens keep working


@pytest.mark.parametrize(("current", "new", "named"), [
    ("not the password", NEW_PASSWORD, "current_password"),
    (PASSWORD, "short", "new_password"),
    (PASSWORD, "aaaaaaaaaaaaaaaa", "new_password"),
])
def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(app, nikos, current, new,
                                                                    named):
    _, client = nikos
    refused = client.put(f"{API}/me/password",
                         json={"current_password": current, "new_password": new})
    assert_error(refused, 422, named)
    assert login(app, PASSWORD).status_code == 200


def test_a_wrong_current_password_counts_towards_the_lockout(app, nikos):
    _, client = nikos
    rules = use_cases(app).accounts.rules
    for _ in range(rules.lockout_after):
        client.put(f"{API}/me/password", json={"current_password": "guess",
                                                "new_password": NEW_PASSWORD})
    assert login(app, PASSWORD).status_code == 429


def test_a_new_password_ends_the_sessions_of_the_account(app, nikos):
    _, client = nikos
    browser = app.test_client()
    assert browser.post(f"{API}/auth/login", json={"username": "nikos",
                                                   "password": PASSWORD}).status_code == 200
    client.put(f"{API}/me/password", json={"current_password": PASSWORD,
                                           "new_password": NEW_PASSWORD})
    assert_error(browser.get(f"{API}/me"), 401)
