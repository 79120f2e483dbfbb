"""``Idempotency-Key``: a write sent again with the same key acts once.

A client that lost an answer (a timeout, a dropped connection) sends the same write again with
the same key and gets the first answer back — marked ``Idempotent-Replayed: true`` — instead
of a second request, introduction or tie. Keys are per user and remembered for
``SYNDESMOS_IDEMPOTENCY_HOURS``. The same key with another request is a 422; the same key
while the first request is still being answered is a 409. Answers of 5xx are not kept, so
the client may retry. Writes on public endpoints (sign-in) take no key.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import Flask, Response, current_app, g, request

from graph_models.domain import now
from graph_models.errors import Conflict, InvalidInput
from graph_models.stores.base import IdempotentResponse
from service.auth import SAFE_METHODS
from service.extensions import ecosystem

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def _request_hash() -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.query_string.decode("latin-1")):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _claim() -> Response | None:
    key = request.headers.get(HEADER)
    if key is None or request.method in SAFE_METHODS or g.get("actor") is None:
        return None
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise InvalidInput(f"a bad {HEADER}", errors={
            HEADER: [f"1–{MAX_KEY_LENGTH} printable ASCII characters"]})
    at = now()
    claim = IdempotentResponse(key=key, user_id=g.actor.id, request_hash=_request_hash(),
                               created_at=at)
    hours = int(current_app.config["SYNDESMOS_IDEMPOTENCY_HOURS"])
    held = ecosystem().store.claim_idempotency_key(
        claim, expired_before=at - timedelta(hours=hours))
    if held is None:
        g.idempotency_claim = claim
        return None
    if held.request_hash != claim.request_hash:
        raise InvalidInput(f"this {HEADER} was used for another request", errors={
            HEADER: ["already used for another request; use a new key"]})
    if held.status is None:
        raise Conflict(f"a request with this {HEADER} is still being answered; retry later",
                       errors={HEADER: ["in progress"]})
    response = current_app.response_class(held.body, status=held.status,
                                          mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _keep(response: Response) -> Response:
    claim = g.pop("idempotency_claim", None)
    if claim is None:
        return response
    store = ecosystem().store
    if response.status_code >= 500:
        store.release_idempotency_key(claim.key, claim.user_id)
    else:
        store.finish_idempotency_key(claim.key, claim.user_id, status=response.status_code,
                                     body=response.get_data(as_text=True))
    return response


def _release_on_failure(error: BaseException | None) -> None:
    claim = g.pop("idempotency_claim", None)
    if claim is not None:
        ecosystem().store.release_idempotency_key(claim.key, claim.user_id)


def register_idempotency(app: Flask) -> None:
    """Claim keys after authentication (it runs first: it is registered first)."""
    app.before_request(_claim)
    app.after_request(_keep)
    app.teardown_request(_release_on_failure)
