"""The story of a demo ecosystem: who joins, who they are, and the ties they make."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from graph_models.demo.helping_ties import funding, hubs, mentoring, support
from graph_models.demo.population import draft_stakeholders
from graph_models.demo.social_ties import acquaintances, anchors, closure, partnerships, top_up
from graph_models.demo.stakeholders import build_stakeholders
from graph_models.demo.tables import tables
from graph_models.demo.ties import TieMaker
from graph_models.demo.world import world
from graph_models.domain.collector import collector_paused
from graph_models.domain.errors import InvalidInput
from graph_models.domain.stakeholders import Stakeholder, Tie

TIES_PER_STAKEHOLDER = 6
# The processes that share out the ties, in the order they run, by their name in the budget.
_TIE_PROCESSES = (("knows", acquaintances), ("partners", partnerships), ("supported", support),
                  ("hubs", hubs), ("funded", funding), ("mentors", mentoring))


@dataclass(frozen=True)
class DemoEcosystem:
    """A generated ecosystem: stakeholders ordered by joining, ties ordered by ``since``."""

    stakeholders: list[Stakeholder]
    ties: list[Tie]


def generate_ecosystem(size: int, *, ties: int | None = None, seed: int = 7,
                       start: date = date(2019, 1, 1),
                       end: date = date(2026, 10, 31)) -> DemoEcosystem:
    """Generate a synthetic Greek SSE ecosystem with planted, learnable structure.

    Parameters
    ----------
    size : int
        The number of stakeholders, exactly.
    ties : int, optional
        The number of ties wanted (default ``6 * size``). When uniqueness makes it unreachable
        (a tiny ecosystem asked for too many), as many as can be made.
    seed : int
        The same ``(size, ties, seed)`` always gives the same ecosystem, ids included.
    start, end : date
        Stakeholders join, and ties begin, within these dates (both included).

    Returns
    -------
    DemoEcosystem
        Stakeholders that pass
        :func:`~graph_models.domain.stakeholders.stakeholder_problems` and ties that pass
        :func:`~graph_models.domain.stakeholders.tie_problems` and :meth:`TieType.allows`, with
        unique natural keys and no INTRODUCED ties.

    Raises
    ------
    InvalidInput
        When ``size`` or ``ties`` is negative, or ``start`` is after ``end``.

    Notes
    -----
    About 75% entrepreneurs (about 6.5% of them recent newcomers without ties), 6% investors,
    7% policymakers and 12% support organisations, of which 0.5% (at least one from 50
    stakeholders on) are national hubs. Ties are about 60% KNOWS, 12% PARTNERS_WITH, 14%
    SUPPORTED, 8% FUNDED and 6% MENTORS, most inside a (NUTS-2 region, sector) community.
    Stakeholders and ties come in order of joining and of ``since``; ids and external ids
    (``DEMO-ENT-000001``, …) follow that order. 10^5 stakeholders with 10^6 ties take about
    15 s and 0.6 GB. The proportions and vocabulary are the tables of
    ``graph_models/data/demo/``.

    Examples
    --------
    >>> eco = generate_ecosystem(200, seed=1)
    >>> len(eco.stakeholders), len(eco.ties)
    (200, 1200)
    >>> eco == generate_ecosystem(200, seed=1)
    True
    >>> from graph_models.domain.stakeholders import stakeholder_problems, tie_problems
    >>> any(stakeholder_problems(s) for s in eco.stakeholders)
    False
    >>> any(tie_problems(t) for t in eco.ties)
    False
    >>> len({t.key for t in eco.ties}) == len(eco.ties)
    True
    """
    _check(size, ties, start, end)
    wanted = TIES_PER_STAKEHOLDER * size if ties is None else ties
    with collector_paused():
        # Separate streams: asking for more ties keeps the same stakeholders.
        people_rng = random.Random(f"syndesmos-demo/{seed}/stakeholders")
        drafts = draft_stakeholders(people_rng, size, world(), start.toordinal(),
                                    end.toordinal())
        stakeholders, ids = build_stakeholders(people_rng, drafts, end)
        maker = TieMaker(random.Random(f"syndesmos-demo/{seed}/ties"), drafts, end.toordinal())
        make_ties(maker, wanted)
        id_rng = random.Random(f"syndesmos-demo/{seed}/tie-ids")
        return DemoEcosystem(stakeholders=stakeholders, ties=maker.build(ids, id_rng))


def make_ties(maker: TieMaker, wanted: int) -> None:
    """Up to ``wanted`` ties: each process makes its share of the budget, then anchors tie in
    whoever is left alone, closure introduces acquaintances, and a top-up makes the rest."""
    maker.wanted = wanted
    if len(maker.active) < 2 or wanted <= 0:
        return
    budget = {name: int(share * wanted) for name, share in tables().ties.budget.items()}
    for name, process in _TIE_PROCESSES:
        process(maker, min(budget[name], wanted - len(maker)))
    anchors(maker, wanted - len(maker))
    closure(maker, min(budget["closure"], wanted - len(maker)))
    top_up(maker, wanted)


def _check(size: int, ties: int | None, start: date, end: date) -> None:
    errors: dict[str, list[str]] = {}
    if not isinstance(size, int) or size < 0:
        errors["size"] = ["must be a non-negative integer"]
    if ties is not None and (not isinstance(ties, int) or ties < 0):
        errors["ties"] = ["must be a non-negative integer"]
    if start > end:
        errors["end"] = ["must not be before start"]
    if errors:
        raise InvalidInput("cannot generate this ecosystem", errors=errors)


