"""Every answer carries the browser-hardening headers; each page gets a Content-Security-Policy
that allows exactly what it uses; authenticated answers are never cached."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from graph_models.domain.accounts import Role
from graph_models.reports.page import CSP as REPORT_PAGE_CSP
from tests.api.conftest import bearer_client, build_app, close_app, make_user, sqlite_url
from tests.api.helpers import API

PASSWORD = "a long enough passphrase"
HARDENING = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
             "Referrer-Policy": "no-referrer"}
JSON_POLICY = {"default-src": {"'none'"}, "frame-ancestors": {"'none'"}}


def policy(response) -> dict[str, set[str]]:
    """The response's Content-Security-Policy as {directive: sources}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request.path} has no Content-Security-Policy"
    return {name: set(sources) for name, *sources in
            (part.split() for part in header.split(";") if part.strip())}


@pytest.fixture
def answers(app, api, client):
    """One answer of each kind the service gives: JSON, errors, no content, files, pages."""
    coop = api.stakeholder()
    anonymous = app.test_client()
    answers = {
        "json": client.get(f"{API}/stakeholders"),
        "created": client.post(f"{API}/stakeholders", json={
            "kind": "investor", "name": "Ταμείο", "region": "EL30"}),
        "no content": client.delete(f"{API}/stakeholders/{coop['id']}"),
        "not found": client.get(f"{API}/stakeholders/nobody"),
        "invalid": client.get(f"{API}/stakeholders?page=0"),
        "unknown route": client.get(f"{API}/nothing-here"),
        "anonymous": anonymous.get(f"{API}/stakeholders"),
        "health": anonymous.get(f"{API}/health"),
        "openapi": anonymous.get(f"{API}/openapi.json"),
        "docs page": anonymous.get(f"{API}/docs"),
        "docs script": anonymous.get(f"{API}/docs-assets/swagger-ui-bundle.js"),
        "export": client.get(f"{API}/export"),
        "report page": client.get(f"{API}/reports/ecosystem?format=html"),
    }
    yield answers
    for response in answers.values():
        response.close()


@pytest.mark.parametrize("kind", ["json", "created", "no content", "not found", "invalid",
                                  "unknown route", "anonymous", "health", "openapi",
                                  "docs page", "docs script", "export", "report page"])
def test_every_answer_forbids_sniffing_framing_and_referrers(answers, kind):
    response = answers[kind]

    assert {name: response.headers.get(name) for name in HARDENING} == HARDENING
    assert "frame-ancestors" in policy(response)


@pytest.mark.parametrize("kind", ["json", "created", "no content", "not found", "invalid",
                                  "unknown route", "anonymous", "health", "openapi", "export"])
def test_an_answer_that_is_not_a_page_may_load_nothing_at_all(answers, kind):
    assert policy(answers[kind]) == JSON_POLICY


def test_the_docs_page_may_run_only_its_own_scripts_and_its_one_inline_script(answers):
    page = answers["docs page"]
    rules = policy(page)
    html = page.get_data(as_text=True)
    inline = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
              for s in inline}

    assert inline and hashes <= rules["script-src"]
    assert rules["script-src"] - hashes == {"'self'"}
    assert rules["default-src"] == {"'none'"} and rules["frame-ancestors"] == {"'none'"}
    # It fetches the OpenAPI document (and the "try it out" calls) from this origin only.
    assert rules["connect-src"] == {"'self'"}
    assert "'self'" in rules["style-src"]


def test_the_html_report_gets_its_own_page_policy_and_may_not_be_framed(answers):
    page = answers["report page"]
    own = {name: set(sources) for name, *sources in
           (part.split() for part in REPORT_PAGE_CSP.split(";"))}

    assert page.status_code == 200 and page.mimetype == "text/html"
    assert policy(page) == {**own, "frame-ancestors": {"'none'"}}


@pytest.mark.parametrize("kind", ["json", "created", "no content", "not found", "invalid",
                                  "unknown route", "anonymous", "export", "report page"])
def test_an_answer_of_an_endpoint_that_needs_a_token_is_never_stored_by_a_cache(answers, kind):
    assert answers[kind].headers.get("Cache-Control") == "no-store"


def test_an_answer_to_a_session_and_the_sign_in_itself_are_never_stored(tmp_path):
    app = build_app(sqlite_url(tmp_path))
    try:
        make_user(app, "maria", Role.MEMBER, password=PASSWORD)
        browser = app.test_client()
        signed_in = browser.post(f"{API}/auth/login",
                                 json={"username": "maria", "password": PASSWORD})
        me = browser.get(f"{API}/me")
    finally:
        close_app(app)

    assert signed_in.status_code == 200 and me.status_code == 200
    assert signed_in.headers.get("Cache-Control") == "no-store"
    assert me.headers.get("Cache-Control") == "no-store"


def test_the_401_of_an_unknown_token_is_not_stored_either(app):
    client = bearer_client(app, "sdm_0123456789abcdef_not-a-real-secret")

    response = client.get(f"{API}/me")

    assert response.status_code == 401
    assert response.headers.get("Cache-Control") == "no-store"
