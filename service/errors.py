"""One table from the domain's errors to HTTP, and one JSON shape for every error.

The shape is flask-smorest's: ``{"code", "status", "message", "errors"}``. The message and
the messages under ``errors`` are in the answer's language (:mod:`service.i18n.messages`);
``code``, ``status`` and the field names under ``errors`` are the same in every language.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, current_app, redirect, request, url_for
from werkzeug.exceptions import HTTPException

from graph_models.domain.errors import (
    Conflict,
    Forbidden,
    Gone,
    InvalidInput,
    NotFound,
    OutcomeUnknown,
    StoreUnavailable,
    SyndesmosError,
    TooManyRequests,
    Unauthenticated,
)
from service.i18n.locale import N_
from service.i18n.messages import translate_message, translate_messages

log = logging.getLogger(__name__)

# The message of a request that its schema refused (a domain rule's 422 says which rule).
SCHEMA_REFUSAL = N_("invalid input: `errors` names each field")

STATUS_OF: dict[type[SyndesmosError], HTTPStatus] = {
    Unauthenticated: HTTPStatus.UNAUTHORIZED,
    Forbidden: HTTPStatus.FORBIDDEN,
    TooManyRequests: HTTPStatus.TOO_MANY_REQUESTS,
    NotFound: HTTPStatus.NOT_FOUND,
    Conflict: HTTPStatus.CONFLICT,
    Gone: HTTPStatus.GONE,
    InvalidInput: HTTPStatus.UNPROCESSABLE_ENTITY,
    # Not saved, or saved without the answer getting back: the message says which.
    OutcomeUnknown: HTTPStatus.SERVICE_UNAVAILABLE,
    StoreUnavailable: HTTPStatus.SERVICE_UNAVAILABLE,
}


def status_of(error: SyndesmosError) -> HTTPStatus:
    """The status a refusal for ``error`` answers with, API and pages alike."""
    return next(status for kind, status in STATUS_OF.items() if isinstance(error, kind))


def _encodable(value):
    """``value`` with lone surrogates replaced: an error may echo what a client sent."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {_encodable(k): _encodable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encodable(v) for v in value]
    return value


def error_response(status: HTTPStatus, message: str, errors: dict | None = None):
    """The one error shape, its messages in the answer's language."""
    body = {"code": status.value, "status": status.phrase, "message": translate_message(message)}
    if errors:
        body["errors"] = translate_messages(errors)
    # Not jsonify: it sorts keys, and an import's problems must stay in line order.
    text = current_app.json.dumps(_encodable(body), sort_keys=False)
    return current_app.response_class(text + "\n", status=status.value,
                                      mimetype=current_app.json.mimetype)


def domain_error_response(error: SyndesmosError):
    """The response a domain error gets: its status from the table, in the one shape; but a
    browser that opened an API link and is not signed in is sent to sign in first."""
    if isinstance(error, Unauthenticated) and _browser_navigation():
        return redirect(url_for("web.sign_in", next=request.full_path.removesuffix("?")),
                        HTTPStatus.SEE_OTHER)
    status = status_of(error)
    # Field errors sit under "json", as webargs puts those of a request body.
    errors = {"json": error.errors} if error.errors and status != HTTPStatus.NOT_FOUND else None
    response = error_response(status, error.message, errors)
    if isinstance(error, StoreUnavailable):
        response.headers["Retry-After"] = str(
            current_app.config.get("SYNDESMOS_RETRY_AFTER") or error.retry_after)
        log.warning("store unavailable: %s (%s)", error.message, error.detail)
    elif isinstance(error, TooManyRequests):
        response.headers["Retry-After"] = str(error.retry_after)
    elif isinstance(error, Unauthenticated):
        response.headers["WWW-Authenticate"] = 'Bearer realm="syndesmos"'
    return response


def _browser_navigation() -> bool:
    """Whether a person opened this address in a browser: a GET that prefers a page to JSON
    and carries no token (programs send ``Accept: application/json`` or ``*/*``)."""
    return (request.method == "GET" and "Authorization" not in request.headers
            and request.accept_mimetypes.best_match(["application/json", "text/html"])
            == "text/html")


def _http_error(error: HTTPException):
    status = HTTPStatus(error.code)
    data = getattr(error, "data", {}) or {}
    # webargs puts a request's validation messages, by location and field, under "messages".
    errors = data.get("errors") or data.get("messages")
    message = data.get("message") or (
        SCHEMA_REFUSAL if errors else error.description)
    response = error_response(status, message, errors)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _too_deep(error: RecursionError):
    return error_response(HTTPStatus.BAD_REQUEST, N_("the JSON body is nested too deeply"))


def _unexpected_error(error: Exception):
    log.exception("unexpected error")
    return error_response(HTTPStatus.INTERNAL_SERVER_ERROR,
                          N_("an unexpected error occurred"))


def register_error_handlers(app: Flask) -> None:
    """Answer every error in the one JSON shape; no client input may reach the last one."""
    app.register_error_handler(SyndesmosError, domain_error_response)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(RecursionError, _too_deep)  # json.loads on absurd nesting
    app.register_error_handler(Exception, _unexpected_error)
