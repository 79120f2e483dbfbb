"""Signing in and out through the pages: the same sessions, lockout and rate limits as the
API's login, errors shown next to their field in the page's language, and CSRF on every form."""

from __future__ import annotations

import math
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from graph_models.domain.accounts import Role
from service.auth import CSRF_COOKIE, SESSION_COOKIE
from service.headers import WEB_POLICY
from tests.api.conftest import build_app, close_app, make_user, sqlite_url
from tests.api.helpers import API, assert_error
from tests.web.conftest import PASSWORD, form_token, sign_in, text_of


def error_of(page, field: str) -> str:
    """The error shown next to ``field``, checked to be tied to it for assistive technology."""
    html = page.get_data(as_text=True)
    control = re.search(rf'<input id="{field}"[^>]*>', html)
    assert control, f"no {field} field"
    assert 'aria-invalid="true"' in control.group(0)
    assert f'aria-describedby="{field}-error"' in control.group(0)
    shown = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', html)
    assert shown, f"no error next to {field}"
    return shown.group(1)


def test_a_page_asked_for_without_signing_in_sends_to_sign_in_and_back_afterwards(app, maria):
    client = app.test_client()
    asked = client.get("/?from=mail")

    assert asked.status_code == 303
    assert asked.headers["Location"] == "/sign-in?next=/?from%3Dmail"
    answer = sign_in(client, "maria", next_page="/?from=mail")
    assert (answer.status_code, answer.headers["Location"]) == (303, "/?from=mail")
    assert client.get("/").status_code == 200


def test_the_api_still_answers_json_401_to_whoever_is_not_signed_in(app):
    response = app.test_client().get(f"{API}/me")

    assert_error(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="syndesmos"'


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "The username or the password is wrong."),
    ("el", "Το όνομα χρήστη ή ο κωδικός πρόσβασης είναι λάθος."),
])
def test_a_wrong_password_is_shown_next_to_the_password_in_the_pages_language(
        app, maria, language, expected):
    page = sign_in(app.test_client(), "maria", "not the password", language=language)

    assert page.status_code == 422
    assert error_of(page, "password") == expected
    assert f'<html lang="{language}">' in page.get_data(as_text=True)
    assert 'value="maria"' in page.get_data(as_text=True)  # the username is kept
    assert SESSION_COOKIE not in page.headers.get("Set-Cookie", "")


def test_an_unknown_username_gets_the_same_answer_as_a_wrong_password(app, maria):
    wrong = sign_in(app.test_client(), "maria", "not the password")
    unknown = sign_in(app.test_client(), "nobody", "not the password")

    assert (unknown.status_code, error_of(unknown, "password")) == (
        wrong.status_code, error_of(wrong, "password"))


def test_each_empty_field_is_named_next_to_it(app):
    page = sign_in(app.test_client(), "", "", language="el")

    assert page.status_code == 422
    assert error_of(page, "username") == "Συμπληρώστε το όνομα χρήστη σας."
    assert error_of(page, "password") == "Συμπληρώστε τον κωδικό πρόσβασής σας."


def test_the_right_password_opens_a_session_that_the_api_knows_too(app, maria):
    client = app.test_client()
    answer = sign_in(client, "maria")

    assert answer.status_code == 303
    cookies = {cookie.key for cookie in client._cookies.values()}
    assert {SESSION_COOKIE, CSRF_COOKIE} <= cookies
    assert client.get(f"{API}/me").get_json()["username"] == "maria"


def test_a_sign_in_form_without_this_browsers_token_is_refused_and_signs_no_one_in(app, maria):
    client = app.test_client()
    client.get("/sign-in")  # the browser has a token of its own
    other = app.test_client()
    forged = form_token(other.get("/sign-in"))  # a token, but another browser's

    for token in ("", forged):
        answer = client.post("/sign-in", data={"csrf_token": token, "username": "maria",
                                               "password": PASSWORD})
        assert answer.status_code == 403
        assert answer.mimetype == "text/html"
    assert_error(client.get(f"{API}/me"), 401)


def test_a_sign_in_from_a_browser_that_kept_no_cookie_is_refused(app, maria):
    token = form_token(app.test_client().get("/sign-in"))
    answer = app.test_client().post("/sign-in", data={
        "csrf_token": token, "username": "maria", "password": PASSWORD})

    assert answer.status_code == 403


def test_signing_out_needs_the_sessions_token_and_ends_the_session(app, maria):
    client = app.test_client()
    sign_in(client, "maria")
    secret = client.get_cookie(SESSION_COOKIE).value

    refused = client.post("/sign-out", data={"csrf_token": "guessed"})
    assert refused.status_code == 403
    assert client.get("/").status_code == 200  # still signed in

    home = client.get("/")
    answer = client.post("/sign-out", data={"csrf_token": form_token(home)})
    assert (answer.status_code, answer.headers["Location"]) == (303, "/sign-in?signed_out=1")
    assert client.get_cookie(SESSION_COOKIE) is None
    copy = app.test_client()
    copy.set_cookie(SESSION_COOKIE, secret)
    assert_error(copy.get(f"{API}/me"), 401)
    assert "You have signed out." in text_of(client.get(answer.headers["Location"]))


def test_an_ended_sessions_cookie_is_forgotten_on_the_way_to_sign_in(app, maria):
    client = app.test_client()
    sign_in(client, "maria")
    stale = app.test_client()
    stale.set_cookie(SESSION_COOKIE, client.get_cookie(SESSION_COOKIE).value)
    client.post("/sign-out", data={"csrf_token": form_token(client.get("/"))})

    answer = stale.get("/")

    assert answer.status_code == 303 and answer.headers["Location"].startswith("/sign-in")
    assert stale.get_cookie(SESSION_COOKIE) is None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "/\t/evil.example", "javascript:alert(1)"])
def test_sign_in_never_sends_anyone_to_another_site(app, maria, target):
    answer = sign_in(app.test_client(), "maria", next_page=target)

    assert (answer.status_code, answer.headers["Location"]) == (303, "/")


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Too many attempts to sign in. Try again in 15 minutes."),
    ("el", "Έγιναν πάρα πολλές προσπάθειες σύνδεσης. Δοκιμάστε ξανά σε 15 λεπτά."),
])
def test_repeated_failures_lock_the_username_as_the_apis_login_does(app, maria, language,
                                                                   expected):
    lockout_after = int(app.config["SYNDESMOS_LOCKOUT_AFTER"])
    for _ in range(lockout_after):
        locking = time.monotonic()
        assert sign_in(app.test_client(), "maria", "wrong", language=language).status_code == 422

    locked = sign_in(app.test_client(), "maria", language=language)  # even the right password

    assert locked.status_code == 429
    # The lock runs from the failure that set it: what is left of it, to the second.
    waited = math.ceil(time.monotonic() - locking)
    lockout = int(app.config["SYNDESMOS_LOCKOUT_SECONDS"])
    assert lockout - waited <= int(locked.headers["Retry-After"]) <= lockout
    assert error_of(locked, "password") == expected


def test_sign_in_attempts_from_one_address_share_the_apis_limit(tmp_path):
    app = build_app(sqlite_url(tmp_path), SYNDESMOS_LOGINS_PER_MINUTE="3")
    make_user(app, "maria", Role.MEMBER, password=PASSWORD)
    client = app.test_client()
    client.post(f"{API}/auth/login", json={"username": "maria", "password": "wrong"})
    for _ in range(2):
        assert sign_in(client, "maria", "wrong").status_code == 422

    limited = sign_in(client, "maria")

    assert limited.status_code == 429 and "Retry-After" in limited.headers
    assert error_of(limited, "password") == "Too many attempts to sign in. Try again in 1 minute."
    close_app(app)


def test_every_page_and_error_page_gets_the_pages_content_security_policy(app, maria):
    client = app.test_client()
    pages = [client.get("/sign-in"), sign_in(client, "maria", "wrong"),
             client.post("/sign-in", data={})]
    sign_in(client, "maria")
    pages.append(client.get("/"))

    for page in pages:
        assert page.mimetype == "text/html"
        assert page.headers["Content-Security-Policy"] == WEB_POLICY
        assert page.headers["Cache-Control"] == "no-store"
    with client.get("/static/site.css") as style:
        assert style.headers["Content-Security-Policy"] == (
            "default-src 'none'; frame-ancestors 'none'")
        assert "no-store" not in style.headers.get("Cache-Control", "")


def test_an_api_link_opened_in_a_browser_asks_to_sign_in_then_leads_back(app, maria):
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    client = app.test_client()

    opened = client.get(f"{API}/stakeholders?kind=investor", headers=browser)
    programs = [client.get(f"{API}/stakeholders", headers={"Accept": accept})
                for accept in ("application/json", "*/*")]

    assert opened.status_code == 303
    target = urlsplit(opened.headers["Location"])
    assert target.path == "/sign-in"
    assert parse_qs(target.query) == {"next": [f"{API}/stakeholders?kind=investor"]}
    assert [answer.status_code for answer in programs] == [401, 401]
    signed_in = sign_in(client, "maria", next_page=f"{API}/stakeholders?kind=investor")
    assert signed_in.headers["Location"] == f"{API}/stakeholders?kind=investor"
    assert client.get(f"{API}/stakeholders?kind=investor", headers=browser).status_code == 200
