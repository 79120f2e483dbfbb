"""Who is asking, and may their role use this endpoint at all.

Two ways to sign in: a personal API token (``Authorization: Bearer sdm_…``) for programs, and a
password login that opens a session cookie for web pages. A session-authenticated write must
carry the session's CSRF token in ``X-CSRF-Token``; a token-authenticated one need not (no
browser sends a bearer token on its own).
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, current_app, g, request, session

from graph_models import policy
from graph_models.accounts import User
from graph_models.errors import Forbidden, Unauthenticated
from service.access import ENDPOINT_RULES, PUBLIC, SIGNED_IN
from service.extensions import identity

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"


def current_actor() -> User:
    """The signed-in user of this request.

    Public endpoints read no credentials, so they have no actor; asking for one there is
    refused rather than answered with ``None``, which the use cases take for the system."""
    actor = g.get("actor")
    if actor is None:
        raise Unauthenticated("sign in first: send Authorization: Bearer <token>")
    return actor


def _credentials_user() -> User | None:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthenticated("use Authorization: Bearer <token>")
        return identity().authenticate_token(secret.strip())
    user_id = session.get("user_id")
    if user_id is None:
        return None
    user = identity().get_active_user(user_id)
    expected = session.get("csrf")
    if request.method not in SAFE_METHODS and not (expected and hmac.compare_digest(
            request.headers.get(CSRF_HEADER, ""), expected)):
        raise Forbidden(f"a session's writes need its CSRF token in {CSRF_HEADER}")
    return user


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
        raise Unauthenticated("sign in first: send Authorization: Bearer <token>")
    if method not in SAFE_METHODS:
        limits = current_app.extensions["syndesmos_limits"]
        limit = int(current_app.config["SYNDESMOS_WRITES_PER_MINUTE"])
        limits.hit("writes-by-user", g.actor.id, limit)
        limits.hit("writes-by-address", request.remote_addr or "", limit)
    if rule != SIGNED_IN:
        policy.require_some(g.actor, *rule)


def start_session(user: User) -> str:
    """Open a session for ``user``; returns its CSRF token."""
    session.clear()
    session["user_id"] = user.id
    session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def register_authentication(app: Flask) -> None:
    app.before_request(_guard)
