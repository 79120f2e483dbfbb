"""What every form of the pages carries (a CSRF token, where to go once it is sent), and how a
form sent is read: through a marshmallow schema, its errors shown next to their fields.

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
from collections.abc import Iterable, Mapping

from flask import Response, after_this_request, current_app, g, request
from marshmallow import Schema, ValidationError

from graph_models.domain.errors import Forbidden
from service.auth import CSRF_COOKIE, CSRF_FIELD
from service.i18n.messages import translate_message

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


def field_errors(messages: Mapping[str, object]) -> dict[str, str]:
    """The message to show next to each field, in the page's language, from a marshmallow
    ``ValidationError.messages`` or an :class:`InvalidInput`'s ``errors``: the first message
    of each field; a nested field's (a list item's, a sub-object's) under ``field.key``."""
    shown: dict[str, str] = {}
    for field, found in messages.items():
        if isinstance(found, Mapping):
            for inner, message in field_errors(found).items():
                shown.setdefault(f"{field}.{inner}", message)
        elif isinstance(found, list | tuple) and found:
            shown[str(field)] = translate_message(str(found[0]))
        else:
            shown[str(field)] = translate_message(str(found))
    return shown


def read_form(schema: Schema, *, lists: Iterable[str] = ()) -> tuple[dict | None, dict[str, str]]:
    """The posted form loaded by ``schema``: ``(data, {})``, or ``(None, errors by field)``.
    A field left empty counts as not sent; the fields named in ``lists`` (checkboxes,
    multiple choices) are read as lists of every value sent."""
    many = set(lists)
    raw: dict[str, object] = {}
    for field in request.form:
        if field == CSRF_FIELD:
            continue
        if field in many:
            raw[field] = [value for value in request.form.getlist(field) if value != ""]
        elif (value := request.form.get(field, "").strip()) != "":
            raw[field] = value
    try:
        return schema.load(raw), {}
    except ValidationError as error:
        return None, field_errors(error.normalized_messages())


def read_query(schema: Schema, names: Iterable[str] | None = None, *,
               lists: Iterable[str] = ()) -> tuple[dict, dict[str, str]]:
    """The query string's parameters ``names`` (by default every field of ``schema``) loaded
    by ``schema``: ``(data, {})``, or ``({}, errors by field)``. A parameter left empty counts
    as not sent, one the schema does not know is ignored; those named in ``lists`` are read
    as lists of every value sent."""
    many = set(lists)
    raw: dict[str, object] = {}
    for name in schema.fields if names is None else names:
        if name not in schema.fields:
            continue
        if name in many:
            if values := [v for v in request.args.getlist(name) if v.strip()]:
                raw[name] = values
        elif value := request.args.get(name, "").strip():
            raw[name] = value
    try:
        return schema.load(raw), {}
    except ValidationError as error:
        return {}, field_errors(error.normalized_messages())
