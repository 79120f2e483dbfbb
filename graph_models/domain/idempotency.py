"""Idempotency claims: a write sent twice with one key takes effect once, and the second
sender hears the first answer."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import Conflict
from graph_models.domain.stakeholders import new_id


@dataclass(frozen=True)
class IdempotentResponse:
    """A claim on an ``Idempotency-Key``, then the answer given to the write sent with it: kept
    so that the same request sent again gets the same answer instead of acting twice.

    ``status`` is None while the claim's request is still being answered. ``request_id`` tells
    the claim from any later one of the same key: only the request that holds it may write,
    answer or release. ``effect`` is what the request's write did (say ``stakeholder.create
    stakeholder 1f…``), recorded by that write's own transaction (see :func:`writing_for`), so
    a retry can tell a request that died before writing from one that died after. ``released``
    marks a claim whose request ended without an answer after its write took effect.
    ``erased`` marks an answer dropped because it held what an erasure removed;
    ``erased_meanwhile`` names what was erased while the request was in flight, so that its
    answer is checked for it when kept.
    """

    key: str
    user_id: str
    request_hash: str
    created_at: datetime
    status: int | None = None
    body: str | None = None
    request_id: str = dataclasses.field(default_factory=new_id)
    effect: str | None = None
    released: bool = False
    erased: bool = False
    erased_meanwhile: tuple[str, ...] = ()

    def abandoned(self, before: datetime) -> bool:
        """Unanswered, and its request gave up or has said nothing since ``before``."""
        return self.status is None and (self.released or self.created_at < before)

    def replaceable(self, *, expired_before: datetime, abandoned_before: datetime) -> bool:
        """Whether a new claim of the key may take this one's place: once it has expired, or
        once it is abandoned with nothing written (a request that wrote must not act twice)."""
        return self.created_at < expired_before or (
            self.effect is None and self.abandoned(abandoned_before))


def answer_names(body: str | None, object_ids: Iterable[str]) -> bool:
    """Whether a kept answer names one of these objects: holds its id as a JSON string, as
    every object in an answer carries its id.

    >>> answer_names('{"id": "1f2e", "name": "Ήλιος"}', ["1f2e"])
    True
    """
    return body is not None and any(named_in_answer(object_id) in body
                                    for object_id in object_ids)


def named_in_answer(object_id: str) -> str:
    """How an object's id appears in a JSON answer: what an erasure looks for in kept ones.

    >>> named_in_answer("1f2e")
    '"1f2e"'
    """
    return json.dumps(object_id, ensure_ascii=False)


_WRITING_FOR: ContextVar[IdempotentResponse | None] = ContextVar("syndesmos_writing_for",
                                                                 default=None)


@contextmanager
def writing_for(claim: IdempotentResponse) -> Iterator[None]:
    """Make every store write inside record ``claim`` in its own transaction.

    Each write first checks that ``claim`` still holds its key (Conflict, with nothing written,
    if a retry took the key over) and sets the claim's ``effect``. So whether the write
    committed is known from the claim alone, even when the answer is never kept.

    >>> claim = IdempotentResponse("k", "u1", "h", created_at=datetime(2026, 1, 1))
    >>> with writing_for(claim):
    ...     current_claim() is claim
    True
    >>> current_claim() is None
    True
    """
    token = _WRITING_FOR.set(claim)
    try:
        yield
    finally:
        _WRITING_FOR.reset(token)


def current_claim() -> IdempotentResponse | None:
    """The claim that writes made now record (see :func:`writing_for`), if any."""
    return _WRITING_FOR.get()


def claim_effect(audit: AuditEntry | None) -> str:
    """What a write for a claim records as its effect: its audit entry's action and object."""
    if audit is None:
        return "a write"
    return f"{audit.action} {audit.object_type} {audit.object_id}"


def claim_taken_over() -> Conflict:
    """The Conflict of a write whose request no longer holds its Idempotency-Key."""
    return Conflict("a retry with the same Idempotency-Key took over this request (it had "
                    "taken too long); nothing was written",
                    errors={"Idempotency-Key": ["taken over by a retry"]})
