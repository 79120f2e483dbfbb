"""What every form of the pages carries: a CSRF token, and where to go once it is sent.

A signed-in browser's forms carry its session's CSRF token (kept for the pages in a cookie of
its own, :data:`service.auth.CSRF_COOKIE`), which the app checks before any view runs, as it
does the API's ``X-CSRF-Token``. A browser nobody has signed in with yet (the sign-in form, the
language switch) has no session: its forms carry a random token that the same cookie holds
too, and the view compares the two. Another site can neither read that cookie nor make the
browser send it with a form posted from there (``SameSite=Lax``).
"""

from __future__ import annotations

import hmac
import secrets

from flask import Response, after_this_request, current_app, g, request

from graph_models.domain.errors import Forbidden
from service.auth import CSRF_COOKIE, CSRF_FIELD

TOKEN_BYTES = 32


def form_token() -> str:
    """The token this browser's forms carry: its session's, else one made for it now."""
    token = request.cookies.get(CSRF_COOKIE) or g.get("new_form_token")
    if token:
        return token
    g.new_form_token = token = secrets.token_urlsafe(TOKEN_BYTES)

    @after_this_request
    def keep(response: Response) -> Response:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response

    return token


def check_anonymous_form() -> None:
    """Forbidden unless the form posted carries the token of this browser's cookie (for the
    forms of a browser nobody is signed in with; a session's are checked before the view)."""
    kept = request.cookies.get(CSRF_COOKIE, "")
    if not kept or not hmac.compare_digest(kept, request.form.get(CSRF_FIELD, "")):
        raise Forbidden("the form's CSRF token does not match this browser's")


def safe_next(target: str | None, default: str) -> str:
    """``target`` if it is a path of this site, else ``default``: a link to the sign-in page
    must not send whoever signs in to another site.

    >>> safe_next("/?tab=1", "/"), safe_next("//evil.example", "/"), safe_next(None, "/")
    ('/?tab=1', '/', '/')
    """
    # Browsers drop tabs and line breaks from a URL, and read a backslash as a slash.
    if (not target or not target.startswith("/") or "\\" in target
            or any(c.isspace() or not c.isprintable() for c in target)
            or target.startswith("//")):
        return default
    return target
