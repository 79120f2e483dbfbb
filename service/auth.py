"""Who is asking, and may their role use this endpoint at all.

Two ways to sign in: a personal API token (``Authorization: Bearer sdm_…``) for programs, and a
password login that opens a session for web pages. A session is a record in the store; its
cookie carries only a random secret, so signing out, a new password or a disabled account ends
it at once, wherever the cookie was copied to. A session-authenticated write must carry the
session's CSRF token in ``X-CSRF-Token`` (a page's form: in its ``csrf_token`` field); a
token-authenticated one need not (no browser sends a bearer token on its own). The token also
goes to the browser in an HttpOnly cookie of its own, from which the pages put it in their forms.
"""

from __future__ import annotations

from flask import Flask, Response, after_this_request, current_app, g, request

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.errors import Forbidden, Unauthenticated
from service import limits
from service.access import ANYONE, ENDPOINT_RULES, EXPENSIVE_READS, PUBLIC, SIGNED_IN
from service.extensions import accounts
from service.i18n.locale import N_

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
CSRF_HEADER = "X-CSRF-Token"
SESSION_COOKIE = "syndesmos_session"
CSRF_FIELD = "csrf_token"
CSRF_COOKIE = "syndesmos_csrf"
SIGN_IN_FIRST = N_("sign in first: send Authorization: Bearer <token>")


def current_actor() -> User:
    """The signed-in user of this request.

    Public endpoints read no credentials, so they have no actor; asking for one there is
    refused rather than answered with ``None``, which the use cases take for the system."""
    actor = g.get("actor")
    if actor is None:
        raise Unauthenticated(SIGN_IN_FIRST)
    return actor


def _credentials_user() -> User | None:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthenticated(N_("use Authorization: Bearer <token>"))
        return accounts().authenticate_token(secret.strip())
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return None
    user, session = accounts().authenticate_session(secret)
    if request.method not in SAFE_METHODS and not session.csrf_matches(_sent_csrf_token()):
        raise Forbidden(f"a session's writes need its CSRF token in {CSRF_HEADER}")
    return user


def _sent_csrf_token() -> str:
    # A form's field is read only from a form: the API's JSON bodies are never parsed here.
    from_form = request.form.get(CSRF_FIELD, "") if request.mimetype in FORM_TYPES else ""
    return request.headers.get(CSRF_HEADER) or from_form


def _guard() -> None:
    if request.endpoint is None or request.method == "OPTIONS":
        return  # routing answers 404/405 itself
    method = "GET" if request.method == "HEAD" else request.method
    rule = ENDPOINT_RULES.get(request.endpoint, {}).get(method)
    if rule is None:
        raise Forbidden("this endpoint has no access rule")
    if rule == PUBLIC:
        return  # no credentials are read, so public pages answer while the store is down
    g.actor = _credentials_user()
    if g.actor is None:
        if rule == ANYONE:
            return
        raise Unauthenticated(SIGN_IN_FIRST)
    # Per user, not per address: many users may share one address (an office behind NAT).
    limits.count(_budget(method), g.actor.id)
    if rule not in (SIGNED_IN, ANYONE):
        policy.require_some(g.actor, *rule)


def _budget(method: str) -> limits.Limit:
    """Which of a user's budgets a request of ``method`` to this endpoint spends."""
    if method not in SAFE_METHODS:
        return limits.WRITES
    return limits.EXPENSIVE_READS if request.endpoint in EXPENSIVE_READS else limits.READS


def start_session(user: User) -> str:
    """Open a session for ``user`` (ending the one this browser had, if any): its secret and
    its CSRF token go out in the answer's cookies; returns its CSRF token."""
    previous = request.cookies.get(SESSION_COOKIE)
    if previous:
        accounts().end_session(previous)
    opened = accounts().open_session(user)

    @after_this_request
    def set_cookies(response: Response) -> Response:
        for name, value in ((SESSION_COOKIE, opened.secret), (CSRF_COOKIE, opened.csrf_token)):
            response.set_cookie(name, value,
                                max_age=int(current_app.config["SYNDESMOS_SESSION_HOURS"]) * 3600,
                                httponly=True, samesite="Lax",
                                secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response

    return opened.csrf_token


def end_session() -> None:
    """End this browser's session, if it has one, and forget its cookies."""
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return

    @after_this_request
    def forget_cookie(response: Response) -> Response:
        # Forgotten even when the store is down: the browser is signed out either way.
        forget_session_cookies(response)
        return response

    accounts().end_session(secret)


def forget_session_cookies(response: Response) -> None:
    """Have the browser drop its session's cookies."""
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, httponly=True, samesite="Lax",
                               secure=current_app.config["SESSION_COOKIE_SECURE"])


def register_authentication(app: Flask) -> None:
    app.before_request(_guard)
