"""The financing open to a stakeholder: the participatory budget processes it may propose to
and the matching pools its campaign would be matched by, explained
(:mod:`graph_models.matching.financing`). Whoever may read a stakeholder's matches may read
these: its members, the coordinators of its region, admins.

A request costs three reads whatever the size of the graph: the stakeholder, the processes
open to proposals with the pools open to pledges (one read of both), and the names of their
funds and investors.

Examples
--------
>>> import tempfile
>>> from graph_models.stores import open_store
>>> from graph_models.use_cases.common import new_stakeholder
>>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/financing.db")
>>> store.ensure_schema()
>>> coop = store.create_stakeholder(new_stakeholder(
...     {"kind": "entrepreneur", "name": "Κοιν.Σ.Επ. Ήλιος", "region": "EL522"}, now()))
>>> found = Financing(store).opportunities(coop.id)
>>> found.stakeholder.name, found.opportunities.open
('Κοιν.Σ.Επ. Ήλιος', ())
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.opportunities import FinancingOpportunities
from graph_models.domain.policy import Action, Resource
from graph_models.domain.stakeholders import Kind, now
from graph_models.matching.financing import financing_opportunities
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import StakeholderSummary, summary_of


@dataclass(frozen=True)
class FinancingView:
    """The financing open to a stakeholder, with who it is."""

    stakeholder: StakeholderSummary
    opportunities: FinancingOpportunities


class Financing:
    """A stakeholder's financing opportunities over one store."""

    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = now):
        self.store = store
        self._clock = clock

    def opportunities(self, stakeholder_id: str, *, include_closed: bool = True,
                      actor: User | None = None) -> FinancingView:
        """The processes and pools open to the stakeholder now, each with its reasons, and
        (``include_closed``) those one rule keeps from it, with that rule. NotFound for a
        stakeholder ``actor`` may not read, Forbidden for one whose matches it may not read."""
        stakeholder = self.store.get_stakeholder(stakeholder_id)
        policy.require(actor, Resource.STAKEHOLDER, Action.MATCH, stakeholder)
        at = self._clock()
        processes, pools = (self.store.open_financing(at)
                            if stakeholder.kind is Kind.ENTREPRENEUR else ([], []))
        owners = sorted({p.fund_id for p in processes} | {u.pool.owner_id for u in pools})
        names = ({s.id: s.name for s in self.store.get_stakeholders(owners).values()}
                 if owners else {})
        found = financing_opportunities(stakeholder, processes, pools, at=at, names=names)
        if not include_closed:
            found = dataclasses.replace(found, closed=())
        return FinancingView(summary_of(stakeholder), found)
