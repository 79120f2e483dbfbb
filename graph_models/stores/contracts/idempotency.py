"""The store contract's idempotency part: Idempotency-Key claims and their kept answers.

No version, no audit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from graph_models.domain.idempotency import IdempotentResponse


class IdempotencyStore(Protocol):
    """Claims of Idempotency-Keys, per user, and the answers kept for them."""

    def claim_idempotency_key(self, claim: IdempotentResponse, *, expired_before: datetime,
                              abandoned_before: datetime) -> IdempotentResponse | None:
        """Claim (key, user) for a request (None), or return the claim that holds it.

        A held claim that is :meth:`~IdempotentResponse.replaceable` is replaced by this one.
        Every key of anyone created before ``expired_before`` is deleted with what it kept, so
        that answers (personal data among them) are remembered for that long only.
        """

    def finish_idempotency_key(self, claim: IdempotentResponse, *, status: int,
                               body: str) -> None:
        """Keep the answer of the request that holds ``claim`` (nothing if it no longer does).
        An answer naming something erased while the request was in flight is kept
        ``erased``, without its body."""

    def release_idempotency_key(self, claim: IdempotentResponse) -> None:
        """The request that holds ``claim`` ended without an answer to keep (it failed). Its
        claim is dropped, so the client may try again, unless its write took effect: then it
        is kept, ``released``, so that a retry does not act twice."""
