"""Who is asking: tokens (expiry, revocation), passwords (lockout), sessions (CSRF, their end),
and that no secret ever reaches a log or the audit trail. Rate limits: test_rate_limits."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest

from graph_models.domain.accounts import Role, session_digest
from graph_models.domain.stakeholders import now
from graph_models.use_cases.accounts import Accounts
from tests.api.conftest import (
    bearer_client,
    build_app,
    close_app,
    make_user,
    sqlite_url,
    use_cases,
)
from tests.api.helpers import API, assert_error
from tests.builders import FakeClock

PASSWORD = "correct horse battery staple"
NEW = {"kind": "entrepreneur", "name": "Νέα ομάδα", "region": "EL303"}


def accounts(app):
    return use_cases(app).accounts


def test_a_request_without_credentials_is_401_with_a_bearer_challenge(app):
    response = app.test_client().get(f"{API}/stakeholders")
    assert_error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc",
                                    "Bearer sdm_short", "Bearer sdm_0123_wrong-secret"])
def test_malformed_or_unknown_tokens_are_401(app, header):
    make_user(app, "someone")
    client = app.test_client()
    assert_error(client.get(f"{API}/stakeholders", headers={"Authorization": header}), 401)


def test_a_token_with_the_right_id_but_a_wrong_secret_is_401(app):
    _, secret = make_user(app, "maria")
    forged = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    assert_error(bearer_client(app, forged).get(f"{API}/me"), 401)


def test_an_expired_token_is_401(app):
    user, _ = make_user(app, "maria")
    two_days_ago = now() - timedelta(days=2)
    # A token issued two days ago for one day, by accounts whose clock says so.
    past = Accounts(accounts(app).store, clock=lambda: two_days_ago)
    expired = past.issue_token(user.id, name="short", days=1)
    fresh = accounts(app).issue_token(user.id, name="fresh", days=1)
    assert_error(bearer_client(app, expired.secret).get(f"{API}/me"), 401)
    assert bearer_client(app, fresh.secret).get(f"{API}/me").status_code == 200


def test_a_revoked_token_is_401_from_then_on(app):
    _, secret = make_user(app, "maria", Role.MEMBER)
    client = bearer_client(app, secret)
    me = client.get(f"{API}/me").get_json()
    tokens = client.get(f"{API}/users/{me['id']}/tokens").get_json()
    assert client.delete(f"{API}/tokens/{tokens[0]['id']}").status_code == 200
    assert_error(client.get(f"{API}/me"), 401)


def test_a_disabled_account_cannot_use_its_tokens(app, client):
    user, secret = make_user(app, "maria", Role.MEMBER)
    assert client.patch(f"{API}/users/{user.id}", json={"disabled": True}).status_code == 200
    assert_error(bearer_client(app, secret).get(f"{API}/me"), 401)


def test_tokens_are_listed_without_their_secrets(app):
    user, secret = make_user(app, "maria", Role.MEMBER)
    listed = bearer_client(app, secret).get(f"{API}/users/{user.id}/tokens")
    assert secret not in listed.get_data(as_text=True)
    assert set(listed.get_json()[0]) >= {"id", "name", "expires_at", "last_used_at"}


@pytest.fixture
def maria(app):
    user, _ = make_user(app, "maria", Role.COORDINATOR, regions=["EL30"], password=PASSWORD)
    return user


def login(client, password=PASSWORD, username="maria"):
    return client.post(f"{API}/auth/login", json={"username": username, "password": password})


def test_a_password_login_opens_a_session_that_reads_and_writes_with_its_csrf_token(app, maria):
    client = app.test_client()
    answer = login(client)
    assert answer.status_code == 200
    csrf = answer.get_json()["csrf_token"]
    assert "password" not in answer.get_json()["user"]
    assert client.get(f"{API}/me").get_json()["username"] == "maria"
    created = client.post(f"{API}/stakeholders", json=NEW, headers={"X-CSRF-Token": csrf})
    assert created.status_code == 201
    assert client.post(f"{API}/auth/logout").status_code == 204
    assert_error(client.get(f"{API}/me"), 401)


@pytest.mark.parametrize("header", [{}, {"X-CSRF-Token": "guessed"}])
def test_a_session_write_without_its_csrf_token_is_403_and_writes_nothing(app, maria, header):
    client = app.test_client()
    login(client)
    assert_error(client.post(f"{API}/stakeholders", json=NEW, headers=header), 403)
    assert client.get(f"{API}/stakeholders").get_json()["total"] == 0


def test_a_wrong_password_is_401_and_so_is_an_unknown_user(app, maria):
    client = app.test_client()
    assert_error(login(client, "not the password"), 401)
    assert_error(login(client, username="nobody"), 401)


def test_repeated_failed_logins_lock_the_account_even_for_the_right_password(app, maria):
    client = app.test_client()
    for _ in range(5):
        assert_error(login(client, "not the password"), 401)
    locked = login(client)
    assert_error(locked, 429)
    assert 0 < int(locked.headers["Retry-After"]) <= 900


def test_failed_logins_answer_alike_for_an_unknown_username_and_a_real_one_in_every_process(
        clocked_app, clock, clocked_maria):
    # A second process: another app on the same store.
    apps = [clocked_app, build_app(clocked_app.config["SYNDESMOS_STORE"], CLOCK=clock)]
    answers = {}
    for username in ("maria", "nobody"):
        tries = [login(apps[i % 2].test_client(), "not the password", username)
                 for i in range(7)]
        answers[username] = [(t.status_code, t.headers.get("Retry-After")) for t in tries]
    close_app(apps[1])
    assert answers["maria"] == answers["nobody"]
    assert [status for status, _ in answers["nobody"]] == [401] * 5 + [429, 429]
    assert answers["nobody"][-1][1] == "900"


def test_an_unknown_usernames_lock_ends_after_the_lockout_time(clocked_app, clock):
    for _ in range(5):
        login(clocked_app.test_client(), "not the password", "Nobody")
    assert_error(login(clocked_app.test_client(), "not the password", "NOBODY"), 429)
    clock.advance(seconds=901)
    assert_error(login(clocked_app.test_client(), "not the password", "nobody"), 401)


def test_a_lock_lasts_a_fixed_time_however_often_the_locked_username_is_tried(
        clocked_app, clock, clocked_maria):
    client = clocked_app.test_client()
    for _ in range(5):
        login(client, "not the password")
    retry_after = []
    for _ in range(2):
        locked = login(client, "not the password")
        assert_error(locked, 429)
        retry_after.append(locked.headers["Retry-After"])
        clock.advance(minutes=14)
    assert retry_after == ["900", "60"]
    assert_error(login(client, "not the password"), 401)  # 28 minutes after the lock
    clock.advance(minutes=14)
    assert login(client).status_code == 200


def test_a_username_tried_is_not_kept_in_clear(app, tmp_path):
    for _ in range(3):
        login(app.test_client(), "not the password", "zacharias-unknown")
    for path in tmp_path.glob("api.db*"):
        assert b"zacharias-unknown" not in path.read_bytes()


@pytest.mark.parametrize("field", ["username", "password"])
def test_a_login_with_half_a_unicode_pair_is_422_naming_the_field(app, field):
    body = {"username": "maria", "password": PASSWORD}
    body[field] += "\ud800"
    answer = app.test_client().post(f"{API}/auth/login", data=json.dumps(body),
                                    content_type="application/json")
    assert_error(answer, 422, field)


def test_a_success_before_the_limit_starts_the_count_again(app, maria):
    client = app.test_client()
    for _ in range(4):
        login(client, "not the password")
    assert login(client).status_code == 200
    for _ in range(4):
        login(client, "not the password")
    assert login(client).status_code == 200


def test_an_admin_setting_a_new_password_unlocks_the_account(app, client, maria):
    anonymous = app.test_client()
    for _ in range(5):
        login(anonymous, "not the password")
    assert client.patch(f"{API}/users/{maria.id}",
                        json={"password": "a brand new passphrase"}).status_code == 200
    assert login(anonymous, "a brand new passphrase").status_code == 200


def test_no_token_or_password_reaches_the_logs_or_the_audit_trail(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    created = client.post(f"{API}/users", json={"username": "nikos", "role": "member",
                                                "password": PASSWORD}).get_json()
    issued = client.post(f"{API}/users/{created['id']}/tokens", json={"name": "cli"}).get_json()
    anonymous = app.test_client()
    login(anonymous, PASSWORD, "nikos")
    login(anonymous, "a wrong password indeed", "nikos")
    bearer_client(app, issued["secret"]).get(f"{API}/me")
    bearer_client(app, issued["secret"] + "x").get(f"{API}/me")
    trail = client.get(f"{API}/audit", query_string={"page_size": 100}).get_data(as_text=True)
    for secret in (PASSWORD, issued["secret"], "a wrong password indeed"):
        assert secret not in caplog.text
        assert secret not in trail
    user = accounts(app).store.get_user(created["id"])
    assert PASSWORD not in user.password_hash


def test_every_write_leaves_one_audit_entry_naming_the_actor_and_the_changed_fields(app,
                                                                                  client):
    me = client.get(f"{API}/me").get_json()
    created = client.post(f"{API}/stakeholders", json=NEW).get_json()
    client.patch(f"{API}/stakeholders/{created['id']}", json={"name": "Άλλο", "sectors": []})
    client.delete(f"{API}/stakeholders/{created['id']}")
    trail = client.get(f"{API}/audit", query_string={"object_id": created["id"]}).get_json()
    assert [(e["action"], e["actor_id"], e["fields"]) for e in trail["items"]] == [
        ("stakeholder.delete", me["id"], []),
        ("stakeholder.update", me["id"], ["name"]),
        ("stakeholder.create", me["id"], []),
    ]
    assert "Άλλο" not in str(trail) and "Νέα ομάδα" not in str(trail)


def test_code_on_a_public_endpoint_cannot_act_as_the_system_by_accident(app):
    from graph_models.domain.errors import Unauthenticated
    from service.auth import current_actor

    with app.test_request_context(f"{API}/health"), pytest.raises(Unauthenticated):
        current_actor()


def test_one_sessions_csrf_token_does_not_let_another_session_write(app, maria):
    first, second = app.test_client(), app.test_client()
    csrf = login(first).get_json()["csrf_token"]
    login(second)
    assert_error(second.post(f"{API}/stakeholders", json=NEW, headers={"X-CSRF-Token": csrf}),
                 403)
    assert_error(second.post(f"{API}/stakeholders", json=NEW, headers={"X-CSRF-Token": ""}),
                 403)


# -- sessions end: on logout, a new password, a disabled account, idleness, old age ------------

COOKIE = "syndesmos_session"


def saved_cookie(client) -> str:
    """The session cookie's value, as someone who copied it would keep it."""
    return client.get_cookie(COOKIE).value


def cookie_client(app, value: str):
    """A client of another browser that sends a copied session cookie."""
    client = app.test_client()
    client.set_cookie(COOKIE, value)
    return client


def test_a_saved_session_cookie_stops_working_after_logout(engine_app):
    make_user(engine_app, "maria", Role.COORDINATOR, regions=["EL30"], password=PASSWORD)
    client = engine_app.test_client()
    csrf = login(client).get_json()["csrf_token"]
    copy = cookie_client(engine_app, saved_cookie(client))
    assert copy.get(f"{API}/me").status_code == 200
    assert client.post(f"{API}/auth/logout").status_code == 204
    assert_error(copy.get(f"{API}/me"), 401)
    assert_error(copy.post(f"{API}/stakeholders", json=NEW, headers={"X-CSRF-Token": csrf}),
                 401)


def test_a_saved_session_cookie_stops_working_after_an_admin_sets_a_new_password(app, client,
                                                                                maria):
    browsers = [app.test_client(), app.test_client()]
    for browser in browsers:
        login(browser)
    copy = cookie_client(app, saved_cookie(browsers[0]))
    assert client.patch(f"{API}/users/{maria.id}",
                        json={"password": "a brand new passphrase"}).status_code == 200
    for each in (*browsers, copy):
        assert_error(each.get(f"{API}/me"), 401)
    assert login(app.test_client(), "a brand new passphrase").status_code == 200


def test_a_disabled_accounts_sessions_do_not_come_back_when_it_is_enabled_again(app, client,
                                                                               maria):
    browser = app.test_client()
    login(browser)
    for disabled in (True, False):
        assert client.patch(f"{API}/users/{maria.id}",
                            json={"disabled": disabled}).status_code == 200
    assert_error(browser.get(f"{API}/me"), 401)


def test_changing_another_field_of_an_account_keeps_its_sessions(app, client, maria):
    browser = app.test_client()
    login(browser)
    assert client.patch(f"{API}/users/{maria.id}",
                        json={"display_name": "Μαρία"}).status_code == 200
    assert browser.get(f"{API}/me").get_json()["display_name"] == "Μαρία"


def test_a_new_login_in_the_same_browser_ends_its_previous_session(app, maria):
    browser = app.test_client()
    login(browser)
    previous = cookie_client(app, saved_cookie(browser))
    login(browser)
    assert_error(previous.get(f"{API}/me"), 401)
    assert browser.get(f"{API}/me").status_code == 200


def test_the_session_cookie_is_http_only_same_site_and_lasts_the_session_lifetime(app, maria):
    set_cookie = login(app.test_client()).headers["Set-Cookie"]
    assert {"HttpOnly", "SameSite=Lax", "Max-Age=43200"} <= {
        part.strip() for part in set_cookie.split(";")}


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def clocked_app(tmp_path, clock):
    app = build_app(sqlite_url(tmp_path), CLOCK=clock)
    yield app
    close_app(app)


@pytest.fixture
def clocked_maria(clocked_app):
    return make_user(clocked_app, "maria", Role.COORDINATOR, regions=["EL30"],
                     password=PASSWORD)[0]


def test_a_session_left_unused_for_the_idle_time_ends(clocked_app, clock, clocked_maria):
    browser = clocked_app.test_client()
    login(browser)
    for _ in range(3):  # in use, it lives on past the idle time
        clock.advance(minutes=100)
        assert browser.get(f"{API}/me").status_code == 200
    clock.advance(minutes=121)
    assert_error(browser.get(f"{API}/me"), 401)


def test_a_session_in_use_ends_at_its_absolute_lifetime(clocked_app, clock, clocked_maria):
    browser = clocked_app.test_client()
    login(browser)
    for _ in range(7):
        clock.advance(minutes=100)
        assert browser.get(f"{API}/me").status_code == 200
    clock.advance(minutes=21)  # 12 hours and a minute after the login
    assert_error(browser.get(f"{API}/me"), 401)


def test_a_session_records_its_use_at_most_every_five_minutes(clocked_app, clock,
                                                             clocked_maria):
    browser = clocked_app.test_client()
    login(browser)
    store, digest = accounts(clocked_app).store, session_digest(saved_cookie(browser))
    opened_at = clock()
    clock.advance(minutes=4)
    browser.get(f"{API}/me")
    assert store.get_session(digest).last_seen_at == opened_at
    clock.advance(minutes=2)
    browser.get(f"{API}/me")
    assert store.get_session(digest).last_seen_at == clock()
