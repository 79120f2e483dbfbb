"""Financing opportunities: the participatory budget processes a stakeholder may propose to
and the matching pools its campaign would be matched by, each with the reasons in words
(:mod:`graph_models.domain.phrases`), and those just out of its reach with the reason why.

They are found by :func:`graph_models.matching.financing.financing_opportunities`.

Examples
--------
>>> from decimal import Decimal
>>> call = Opportunity(OpportunityKind.BUDGET_PROCESS, "b1", "Πλατείες 2026", "dimos",
...                    "Δήμος", regions=("EL303",), money=Decimal(100_000))
>>> call.kind.value, call.open
('budget_process', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from graph_models.domain.phrases import Phrase


class OpportunityKind(StrEnum):
    """What an opportunity is: a participatory budget's call for projects, or a matching
    pool that would add to the pledges of the stakeholder's campaign."""

    BUDGET_PROCESS = "budget_process"
    POOL = "pool"


@dataclass(frozen=True)
class Opportunity:
    """One call or pool: its id and name, whose money it is (``owner_id``: the process's fund,
    the pool's investor), the territories it is for (``regions``; empty: everywhere), the
    money it has (a process's budget, what is left of a pool), ``since`` (when a process's
    proposals opened) and ``deadline`` (a pool's). ``open`` says whether the stakeholder may
    use it now; ``reasons`` say why, or why not; ``terms`` what it offers."""

    kind: OpportunityKind
    id: str
    name: str
    owner_id: str
    owner_name: str
    regions: tuple[str, ...] = ()
    money: Decimal = Decimal(0)
    since: datetime | None = None
    deadline: datetime | None = None
    open: bool = True
    reasons: tuple[Phrase, ...] = ()
    terms: tuple[Phrase, ...] = ()


@dataclass(frozen=True)
class FinancingOpportunities:
    """What is open to one stakeholder (``open``), what is just out of its reach and why
    (``closed``: those that one rule keeps from it), and a ``note`` when financing of this
    kind is not for stakeholders of its kind."""

    stakeholder_id: str
    open: tuple[Opportunity, ...] = ()
    closed: tuple[Opportunity, ...] = ()
    note: Phrase | None = None
