"""The ties being made: columns of integers while the processes add to them, domain objects only
at the end (millions of small objects would cost more memory and time than the columns).

The processes that add ties are in :mod:`~graph_models.demo.social_ties` and
:mod:`~graph_models.demo.helping_ties`; each makes up to a quota of ties and gives up after a
bounded number of draws, so that a crowded small ecosystem cannot loop for ever.

Examples
--------
>>> import random
>>> from graph_models.demo.population import draft_stakeholders
>>> from graph_models.demo.world import world
>>> drafts = draft_stakeholders(random.Random(1), 10, world(), 737000, 739000)
>>> maker = TieMaker(random.Random(2), drafts, 739000)
>>> maker.add(KNOWS, 0, 1, 737500, 3), maker.add(KNOWS, 1, 0, 737600, 2), len(maker)
(True, False, 1)
"""

from __future__ import annotations

import math
import random
from array import array
from bisect import bisect_right
from datetime import UTC, date, datetime
from functools import cache
from itertools import accumulate

from graph_models.demo.drafts import Draft
from graph_models.demo.draws import Weighted, uuid4_hex
from graph_models.demo.tables import tables
from graph_models.domain.stakeholders import Tie, TieType

KNOWS, PARTNERS, MENTORS, FUNDED, SUPPORTED = range(5)
_TIE_TYPES = (TieType.KNOWS, TieType.PARTNERS_WITH, TieType.MENTORS, TieType.FUNDED,
              TieType.SUPPORTED)


class TieMaker:
    """The ties made so far, the pools the processes draw ends from, and the rules every tie
    follows (no loop, no duplicate, no start before both ends joined or after ``end``)."""

    def __init__(self, rng: random.Random, drafts: list[Draft], end: int):
        self.rng = rng
        self.drafts = drafts
        self.n = len(drafts)
        self.end = end
        self.join = [d.join for d in drafts]
        self.types = array("b")
        self.sources = array("l")
        self.targets = array("l")
        self.since = array("l")
        self.extras: list = []
        self.keys: set[int] = set()
        self.degree = array("l", [0]) * self.n
        self.active = [i for i, d in enumerate(drafts) if not d.newcomer]
        self.everyone = self.pool(self.active)
        self.community = [d.community for d in drafts]
        by_community: dict[int, list[int]] = {}
        by_region: dict[str, list[int]] = {}
        for i in self.active:
            by_community.setdefault(self.community[i], []).append(i)
            by_region.setdefault(drafts[i].nuts2, []).append(i)
        self.in_community = {c: self.pool(m) for c, m in by_community.items()}
        self.in_region = {r: self.pool(m) for r, m in by_region.items()}
        # Ends of the ties made so far, by community: drawing from it is preferential attachment.
        self.ends: dict[int, list[int]] = {}
        self.wanted = 0
        self.mean_lag = max(1.0, (end - min(self.join, default=end)) * tables().ties.mean_lag_share)

    def __len__(self) -> int:
        return len(self.types)

    def pool(self, members: list[int]) -> Weighted:
        """``members`` drawn by how active they are."""
        return Weighted(members, [self.drafts[i].fitness for i in members])

    def lag(self, after: int, *, censored: bool = True) -> int | None:
        """A start date an exponential delay after ``after``; None when it falls after ``end``.

        A tie that would begin after ``end`` has not happened yet, so the caller draws another
        pair: stakeholders who joined late have had less time to make ties, and the ties do not
        pile up on the last days. Uncensored, the delay is drawn cut off at ``end`` instead.
        """
        rng, mean = self.rng, self.mean_lag
        if censored:
            since = after + int(rng.expovariate(1.0 / mean))
            return since if since <= self.end else None
        room = self.end - after
        if room <= 0:
            return after
        cut = 1.0 - math.exp(-room / mean)
        return after + int(-mean * math.log(1.0 - rng.random() * cut))

    def add(self, code: int, source: int, target: int, since: int | None, extra=None) -> bool:
        """Add a tie unless it is a loop, has no start, or exists already (either way round
        for KNOWS and PARTNERS_WITH); ``extra`` is its strength, (amount, instrument) or topic."""
        if source == target or since is None:
            return False
        low, high = source, target
        if code in (KNOWS, PARTNERS) and low > high:
            low, high = high, low
        key = self.key(code, low, high)
        if key in self.keys:
            return False
        self.keys.add(key)
        self.degree[source] += 1
        self.degree[target] += 1
        self.types.append(code)
        self.sources.append(source)
        self.targets.append(target)
        self.since.append(since)
        self.extras.append(extra)
        return True

    def key(self, code: int, source: int, target: int) -> int:
        """One number for a tie's type and ends."""
        return (code * self.n + source) * self.n + target

    def build(self, ids: list[str], rng: random.Random) -> list[Tie]:
        """The ties as domain objects, in order of ``since`` (then of making)."""
        self.keys = set()  # no longer needed: free it before the objects are made
        types, sources, targets, since, extras = (self.types, self.sources, self.targets,
                                                  self.since, self.extras)
        days: dict[int, tuple[date, datetime]] = {}
        ties = []
        for t in sorted(range(len(types)), key=since.__getitem__):
            day = since[t]
            if day not in days:
                days[day] = _recorded(day)
            when, moment = days[day]
            code, extra = types[t], extras[t]
            strength = amount = instrument = topic = None
            if code == KNOWS:
                strength = extra
            elif code == FUNDED:
                amount, instrument = extra
            elif code == SUPPORTED:
                topic = extra
            ties.append(Tie(id=uuid4_hex(rng), type=_TIE_TYPES[code], source=ids[sources[t]],
                            target=ids[targets[t]], since=when, strength=strength,
                            amount=amount, instrument=instrument, topic=topic,
                            created_at=moment, updated_at=moment))
        return ties


@cache
def strengths(kind: str) -> list[int]:
    """The cumulative weights of KNOWS strengths 1 to 5 for ties of ``kind``: close (inside a
    community), distant (across) or introduced (between two people who met through a third)."""
    return list(accumulate(tables().ties.knows_strengths[kind]))


def strength(rng: random.Random, cumulative: list[int]) -> int:
    """A KNOWS strength drawn with the :func:`strengths` ``cumulative``."""
    return bisect_right(cumulative, rng.random() * cumulative[-1]) + 1


def _recorded(day: int) -> tuple[date, datetime]:
    """A tie's start date, and the afternoon moment it was recorded that day."""
    moment = datetime.fromordinal(day).replace(hour=12 + day % 8, minute=(day * 7) % 60,
                                               tzinfo=UTC)
    return moment.date(), moment
