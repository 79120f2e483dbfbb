"""Public pledgers' e-mail addresses: erased on request, and cleared once kept long enough
(see :mod:`graph_models.domain.pledger_privacy`). Run by the system (the ``syndesmos pledgers``
commands) or an admin; the audit trail names neither the address nor its key.

Examples
--------
>>> import tempfile
>>> from graph_models.stores import open_store
>>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/pledgers.db")
>>> store.ensure_schema()
>>> addresses = PledgerAddresses(store)
>>> addresses.forget("nobody@example.org"), addresses.expire()
(0, 0)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.campaigns import email_pledger
from graph_models.domain.errors import Forbidden, InvalidInput
from graph_models.domain.pledger_privacy import DEFAULT_RULES, PledgerRules
from graph_models.domain.stakeholders import now
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import audit


class PledgerAddresses:
    """Erasure and retention of the addresses public pledgers gave, over one store."""

    def __init__(self, store: GraphStore, *, rules: PledgerRules = DEFAULT_RULES,
                 clock: Callable[[], datetime] = now):
        self.store = store
        self.rules = rules
        self._clock = clock

    def forget(self, email: str, *, actor: User | None = None) -> int:
        """Erase an address from every pledge made with it and every pledge waiting to be
        confirmed from it, at once (an erasure request from someone without an account); how
        many pledges it was cleared from."""
        self._require(actor)
        if not email.strip():
            raise InvalidInput("must not be blank", errors={"email": ["must not be blank"]})
        return self.store.forget_pledger(email_pledger(email), audit=audit(
            actor, "pledger.forget", "pledger", ""))

    def expire(self, *, days: int | None = None, actor: User | None = None) -> int:
        """Clear the addresses of the pledges to campaigns closed more than ``days`` ago (the
        rules' default) and delete the public pledges whose link ran out; how many pledges
        were cleared. Run it daily."""
        self._require(actor)
        days = self.rules.address_days if days is None else days
        if days < 0:
            raise InvalidInput("days must not be negative", errors={
                "days": ["days must not be negative"]})
        at = self._clock()
        return self.store.forget_pledger_addresses(at - timedelta(days=days), at, audit=audit(
            actor, "pledger.expire", "pledger", "", fields=(f"days:{days}",)))

    @staticmethod
    def _require(actor: User | None) -> None:
        if not policy.sees_everything(actor):
            raise Forbidden("only an admin erases the addresses of pledgers")
