"""Who joins the ecosystem, and when: the drafts of every stakeholder, kind by kind.

Entrepreneurs join at a growing rate, a few of them only lately (the newcomers, who have no ties
yet); the institutions were there early, and the national hubs from the start.

Examples
--------
>>> import random
>>> from graph_models.demo.world import world
>>> drafts = draft_stakeholders(random.Random(1), 100, world(), 737000, 739000)
>>> len(drafts), sum(d.hub for d in drafts), drafts[0].kind.value
(100, 1, 'entrepreneur')
"""

from __future__ import annotations

import math
import random

from graph_models.demo.drafts import Draft
from graph_models.demo.entrepreneurs import draft_entrepreneur
from graph_models.demo.organisations import (
    draft_investor,
    draft_policymaker,
    draft_support_organisation,
)
from graph_models.demo.tables import tables
from graph_models.demo.world import World
from graph_models.domain.stakeholders import Kind


def draft_stakeholders(rng: random.Random, size: int, world: World, start: int,
                       end: int) -> list[Draft]:
    """``size`` drafts joining between the days ``start`` and ``end``: entrepreneurs (newcomers
    first), investors, policymakers, then support organisations (hubs first)."""
    counts = _counts(size)
    calendar = _Calendar(rng, start, end)
    drafts = _entrepreneurs(rng, world, calendar, counts[Kind.ENTREPRENEUR])
    drafts += [draft_investor(rng, world, calendar.institution(Kind.INVESTOR))
               for _ in range(counts[Kind.INVESTOR])]
    drafts += [draft_policymaker(rng, world, calendar.institution(Kind.POLICYMAKER))
               for _ in range(counts[Kind.POLICYMAKER])]
    drafts += _support_organisations(rng, world, calendar, counts[Kind.SUPPORT_ORGANISATION],
                                     _hubs(size, counts[Kind.SUPPORT_ORGANISATION]))
    for draft in drafts:
        draft.community = world.community(draft.nuts2, draft.sectors[0])
    return drafts


def _counts(size: int) -> dict[Kind, int]:
    """How many of each kind: at least one of each institution from four stakeholders on."""
    counts = {kind: (max(1, round(shape.share * size)) if size >= 4 else 0)
              for kind, shape in tables().ecosystem.kinds.items() if shape.share}
    counts[Kind.ENTREPRENEUR] = size - sum(counts.values())
    return counts


def _hubs(size: int, support_organisations: int) -> int:
    hubs = tables().ecosystem.hubs
    if size < hubs["min_size"]:
        return 0
    return max(1, round(hubs["share"] * support_organisations))


def _entrepreneurs(rng: random.Random, world: World, calendar: _Calendar,
                   count: int) -> list[Draft]:
    newcomers = round(tables().ecosystem.newcomers["share"] * count)
    drafts = []
    for n in range(count):
        newcomer = n < newcomers
        join = calendar.newcomer() if newcomer else calendar.founded()
        drafts.append(draft_entrepreneur(rng, world, join, calendar.progress(join), newcomer))
    return drafts


def _support_organisations(rng: random.Random, world: World, calendar: _Calendar, count: int,
                           hubs: int) -> list[Draft]:
    drafts = []
    for n in range(count):
        hub = n < hubs
        join = calendar.hub() if hub else calendar.institution(Kind.SUPPORT_ORGANISATION)
        drafts.append(draft_support_organisation(rng, world, join, hub=hub))
    return drafts


class _Calendar:
    """Joining days between ``start`` and ``end``, as ordinals."""

    def __init__(self, rng: random.Random, start: int, end: int):
        self.rng, self.start, self.end = rng, start, end
        self.span = end - start
        window = int(tables().ecosystem.newcomers["window_days"])
        self.newcomer_window = max(0, min(window, self.span // 10))

    def founded(self) -> int:
        """Entrepreneurs arrive at a rate growing linearly from 1 to 1 + growth (inverse CDF)."""
        growth = tables().ecosystem.growth
        u = self.rng.random()
        if growth > 0:
            u = (math.sqrt(1 + growth * (2 + growth) * u) - 1) / growth
        return self.start + int(self.span * u)

    def newcomer(self) -> int:
        """One of the last days."""
        return self.end - int(self.newcomer_window * self.rng.random())

    def institution(self, kind: Kind) -> int:
        """Institutions (early above 1) were there early."""
        early = tables().ecosystem.kinds[kind].early
        return self.start + int(self.span * self.rng.random() ** early)

    def hub(self) -> int:
        """National hubs were there from the start."""
        window = tables().ecosystem.hubs["join_window"]
        return self.start + int(self.span * window * self.rng.random())

    def progress(self, day: int) -> float:
        """How far into the period ``day`` is, from 0 to 1."""
        return (day - self.start) / max(1, self.span)
