"""``Idempotency-Key``: a write sent again with the same key acts once.

A client that lost an answer (a timeout, a dropped connection) sends the same write again with
the same key and gets the first answer back — marked ``Idempotent-Replayed: true`` — instead
of a second request, introduction or tie. Keys are per user and remembered for
``SYNDESMOS_IDEMPOTENCY_HOURS``. Writes on public endpoints (sign-in) take no key.

The first request *claims* the key; each of its writes records the claim in the write's own
transaction (:func:`~graph_models.domain.idempotency.writing_for`), so whether it took effect
is known even if its answer is never kept. The same key then answers:

- sent with another request: 422;
- while the first request is still being answered: 409. A claim left unanswered (its request
  died, or the store failed before the answer was kept) is abandoned after
  ``SYNDESMOS_IDEMPOTENCY_CLAIM_SECONDS``: a retry then takes it over and acts — unless the
  first request's write took effect, when a 409 says so and nothing is done twice;
- otherwise the first answer again. Answers of 5xx are not kept (the claim is released, so a
  retry acts, or hears that the write took effect). An answer that carries a secret shown only
  once (a new API token) is never kept: its key keeps, and replays, the 409 that
  :func:`secret_shown_once` words instead. An answer that named what was erased since (a
  deleted stakeholder or account) is dropped with it, and its key answers 410 Gone.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from apispec import BasePlugin
from flask import Flask, Response, current_app, g, request

from graph_models.domain.errors import Conflict, Gone, InvalidInput, StoreUnavailable
from graph_models.domain.idempotency import IdempotentResponse, writing_for
from graph_models.domain.stakeholders import now
from service.access import is_public
from service.auth import SAFE_METHODS
from service.errors import domain_error_response
from service.extensions import idempotency_keys

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
# Fields of a body that are never part of a request's fingerprint (see _fingerprinted_body).
SECRET_FIELDS = frozenset({"password"})
MAX_KEY_LENGTH = 255
EXTENSION_KEY = "syndesmos_idempotency"


@dataclass
class KeyRules:
    """How long a key is remembered, how long its claim may go unanswered, and the clock."""

    remembered: timedelta
    claim_time: timedelta
    clock: Callable[[], datetime] = now


def _request_hash() -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.query_string.decode("latin-1")):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(_fingerprinted_body())
    return digest.hexdigest()


def _fingerprinted_body() -> bytes:
    """The body as a request's fingerprint takes it: a JSON object without its secret fields.

    The fingerprint is a fast hash kept for a day; taken over a password, it would let whoever
    copies the database test guesses of that password at the speed of SHA-256, undoing the
    slow hash it is stored under. So the same key sent twice with only another password is
    the same request (the second is not done again)."""
    body = request.get_data(cache=True)
    if not request.is_json:
        return body
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if not isinstance(data, dict) or not SECRET_FIELDS & data.keys():
        return body
    kept = {name: value for name, value in data.items() if name not in SECRET_FIELDS}
    return b"secret fields left out\0" + json.dumps(kept, sort_keys=True).encode()


def _claim() -> Response | None:
    key = request.headers.get(HEADER)
    if key is None or request.method in SAFE_METHODS or g.get("actor") is None:
        return None
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise InvalidInput(f"a bad {HEADER}", errors={
            HEADER: [f"1–{MAX_KEY_LENGTH} printable ASCII characters"]})
    rules: KeyRules = current_app.extensions[EXTENSION_KEY]
    at = rules.clock()
    claim = IdempotentResponse(key=key, user_id=g.actor.id, request_hash=_request_hash(),
                               created_at=at)
    held = idempotency_keys().claim(claim, expired_before=at - rules.remembered,
                                    abandoned_before=at - rules.claim_time)
    if held is not None:
        return _answer_held(held, claim, abandoned_before=at - rules.claim_time)
    g.idempotency_claim = claim
    g.idempotency_writes = ExitStack()
    g.idempotency_writes.enter_context(writing_for(claim))
    return None


def _answer_held(held: IdempotentResponse, claim: IdempotentResponse, *,
                 abandoned_before: datetime) -> Response:
    """What a key already claimed answers ``claim``: the kept answer, or why there is none."""
    if held.request_hash != claim.request_hash:
        raise InvalidInput(f"this {HEADER} was used for another request", errors={
            HEADER: ["already used for another request; use a new key"]})
    if held.erased:
        raise Gone(f"what the first request with this {HEADER} answered has since been "
                   "erased; it is not done again", errors={HEADER: ["its answer was erased"]})
    if held.status is None and held.effect is not None and held.abandoned(abandoned_before):
        raise Conflict(f"the first request with this {HEADER} took effect ({held.effect}) but "
                       "its answer was lost; it is not done again: read what it made or "
                       "changed instead", errors={HEADER: ["took effect; its answer was lost"]})
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
    if response.status_code < 500:
        kept = _kept_answer(response)
        try:
            idempotency_keys().keep_answer(claim, status=kept.status_code,
                                           body=kept.get_data(as_text=True))
            return response
        except StoreUnavailable as error:
            # The client still gets its answer; a retry learns what happened from the claim.
            log.warning("the answer to an %s could not be kept: %s", HEADER, error.message)
    _release(claim)
    return response


def _kept_answer(response: Response) -> Response:
    """What the key keeps (and a replay answers): the answer, or what stands in for a secret."""
    instead = g.pop("idempotency_instead", None)
    if instead is None or response.status_code >= 300:
        return response
    return domain_error_response(instead)


def _release(claim: IdempotentResponse) -> None:
    try:
        idempotency_keys().release(claim)
    except StoreUnavailable as error:
        log.warning("an %s claim could not be released (%s); a retry may take it over after "
                    "SYNDESMOS_IDEMPOTENCY_CLAIM_SECONDS", HEADER, error.message)


def _end_claim(error: BaseException | None) -> None:
    claim = g.pop("idempotency_claim", None)
    if claim is not None:  # no answer went through _keep: an error escaped every handler
        _release(claim)
    writes = g.pop("idempotency_writes", None)
    if writes is not None:
        writes.close()


def secret_shown_once(instead: Callable[[Any], Conflict]):
    """Decorate a view whose answer carries a secret that is shown only once.

    Its ``Idempotency-Key`` keeps — and a replay answers — the Conflict that ``instead(result)``
    makes (say, naming the token made, to be revoked and issued again), so the secret is kept
    nowhere. Put it below the flask-smorest decorators: it sees the view's own result.
    """
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            result = view(*args, **kwargs)
            g.idempotency_instead = instead(result)
            return result
        return wrapper
    return decorate


KEY_PARAMETER = {
    "in": "header", "name": HEADER, "required": False,
    "description": "Send the write again with the same key and it acts once: the first "
                   "answer comes back, marked `Idempotent-Replayed: true`. Per user; "
                   "remembered for SYNDESMOS_IDEMPOTENCY_HOURS.",
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH,
               # Printable ASCII; no space at either end, which HTTP would strip.
               "pattern": "^[!-~]([ -~]*[!-~])?$"},
}
KEY_ANSWERS = {
    409: f"A request with this {HEADER} is still being answered, or took effect but its "
         "answer was lost (it is not done again).",
    410: f"What the first request with this {HEADER} answered has since been erased; it is "
         "not done again.",
    422: f"The {HEADER} is malformed, or was used for another request.",
}


class IdempotencyKeyDocs(BasePlugin):
    """Documents the ``Idempotency-Key`` header, and the answers it adds, on every write that
    takes one (every write but the public ones)."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        rule = kwargs.get("rule")
        for method, operation in (operations or {}).items():
            if method.upper() in SAFE_METHODS or (rule is not None
                                                  and is_public(rule.endpoint, method)):
                continue
            operation.setdefault("parameters", []).append(KEY_PARAMETER)
            responses = operation.setdefault("responses", {})
            for code, description in KEY_ANSWERS.items():
                documented = responses.get(code) or responses.get(str(code))
                if documented is None:
                    responses[code] = {"description": description,
                                       "content": {"application/json": {"schema": "Error"}}}
                else:
                    documented["description"] += " Or: " + description


def register_idempotency(app: Flask) -> None:
    """Claim keys after authentication (it runs first: it is registered first)."""
    app.extensions[EXTENSION_KEY] = KeyRules(
        remembered=timedelta(hours=int(app.config["SYNDESMOS_IDEMPOTENCY_HOURS"])),
        claim_time=timedelta(seconds=int(app.config["SYNDESMOS_IDEMPOTENCY_CLAIM_SECONDS"])))
    app.before_request(_claim)
    app.after_request(_keep)
    app.teardown_request(_end_claim)
