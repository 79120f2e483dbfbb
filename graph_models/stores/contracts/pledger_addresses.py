"""The store contract's part for public pledgers' e-mail addresses: erasing one, clearing
those kept past their time (see :mod:`graph_models.domain.pledger_privacy`).

Clearing a pledge's address replaces its pledger key (made from the address) with
:func:`~graph_models.domain.pledger_privacy.erased_pledger`, on the pledge and its matches;
its amount, state and matches stay, and so do its campaign's totals.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from graph_models.domain.accounts import AuditEntry


class PledgerAddressStore(Protocol):
    """Erasure and retention of public pledgers' addresses."""

    def forget_pledger(self, pledger: str, *, audit: AuditEntry | None = None) -> int:
        """In one transaction: clear the address of every pledge of ``pledger`` (an
        :func:`~graph_models.domain.campaigns.email_pledger` key), delete the public pledges
        asked for from the address (confirmed or not) and its count of links mailed. How many
        pledges it cleared, and waiting pledges it deleted."""

    def forget_pledger_addresses(self, closed_before: datetime, at: datetime, *,
                                 audit: AuditEntry | None = None) -> int:
        """In one transaction: clear the address of every pledge of a campaign that closed
        before ``closed_before``, delete the public pledges whose link ran out by ``at`` and
        the counts of links mailed whose day is over. How many pledges it cleared."""
