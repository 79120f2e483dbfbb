"""The ``Idempotency-Key`` use cases: claim a key for a request, keep its answer, or release it
when there is none to keep (see :mod:`graph_models.domain.idempotency` for what a claim
records, and ``service.idempotency`` for what a key answers)."""

from __future__ import annotations

from datetime import datetime

from graph_models.domain.idempotency import IdempotentResponse
from graph_models.stores.base import GraphStore


class IdempotencyKeys:
    """The claims of (key, user) pairs in one store.

    >>> import tempfile
    >>> from datetime import UTC, datetime
    >>> from graph_models.stores import open_store
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/keys.db")
    >>> store.ensure_schema()
    >>> keys, at = IdempotencyKeys(store), datetime(2026, 3, 1, tzinfo=UTC)
    >>> claim = IdempotentResponse(key="k", user_id="u", request_hash="h", created_at=at)
    >>> keys.claim(claim, expired_before=at, abandoned_before=at) is None
    True
    >>> keys.claim(claim, expired_before=at, abandoned_before=at).status is None
    True
    """

    def __init__(self, store: GraphStore):
        self.store = store

    def claim(self, claim: IdempotentResponse, *, expired_before: datetime,
              abandoned_before: datetime) -> IdempotentResponse | None:
        """Claim the key for a request (None), or the claim that holds it already. A claim
        left unanswered since before ``abandoned_before`` may be taken over; keys of before
        ``expired_before`` are forgotten with what they kept."""
        return self.store.claim_idempotency_key(claim, expired_before=expired_before,
                                                abandoned_before=abandoned_before)

    def keep_answer(self, claim: IdempotentResponse, *, status: int, body: str) -> None:
        """Keep the answer of the request that holds ``claim``, for its replays."""
        self.store.finish_idempotency_key(claim, status=status, body=body)

    def release(self, claim: IdempotentResponse) -> None:
        """The request that holds ``claim`` ended without an answer to keep: a retry may act,
        unless its write took effect."""
        self.store.release_idempotency_key(claim)
