"""Fixtures of the pages' tests: an app on a fresh SQLite file, users with passwords, and a
browser-like client that signs in through the sign-in form."""

from __future__ import annotations

import html
import re

import pytest

from graph_models.domain.accounts import Role
from tests.api.conftest import build_app, close_app, make_user, sqlite_url

PASSWORD = "a long enough passphrase"
TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app(tmp_path):
    app = build_app(sqlite_url(tmp_path))
    yield app
    close_app(app)


@pytest.fixture
def maria(app):
    """A coordinator of Attica (EL30) with a password."""
    return make_user(app, "maria", Role.COORDINATOR, display_name="Μαρία Παππά",
                     regions=["EL30"], password=PASSWORD)[0]


def form_token(page) -> str:
    """The CSRF token the forms of ``page`` (a response) carry."""
    tokens = set(TOKEN_FIELD.findall(page.get_data(as_text=True)))
    assert len(tokens) == 1, tokens
    return tokens.pop()


def sign_in(client, username: str, password: str = PASSWORD, *, next_page: str = "/",
            language: str = "en"):
    """Fill in and send the sign-in form as a browser asking for ``language`` would."""
    headers = {"Accept-Language": language}
    page = client.get("/sign-in", query_string={"next": next_page}, headers=headers)
    return client.post("/sign-in", headers=headers, data={
        "csrf_token": form_token(page), "next": next_page, "username": username,
        "password": password})


def text_of(response) -> str:
    """A page's visible text, tags dropped and spaces folded: what a reader sees."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", response.get_data(as_text=True), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
