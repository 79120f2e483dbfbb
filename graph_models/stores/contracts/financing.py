"""The store contract's financing part: what is open to proposals and pledges now, read at
once for a stakeholder's financing opportunities (issue #17, point 4)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from graph_models.domain.budgets import BudgetProcess
from graph_models.domain.matchfunding import PoolUse


class FinancingStore(Protocol):
    """Open calls and active pools, in one read."""

    def open_financing(self, at: datetime) -> tuple[list[BudgetProcess], list[PoolUse]]:
        """The participatory budget processes in their proposals phase, newest first, and
        the matching pools that may still match a pledge made at ``at`` (before their
        deadline, with money left), each with its live matches as ``used``, earliest deadline
        first (the order they match in); both read in one transaction."""
