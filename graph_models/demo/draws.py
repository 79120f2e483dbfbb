"""The seeded draws the demo is made of: weighted picks, shares, spans and ids.

Each takes the ``random.Random`` stream to draw from. The number and order of the draws is part
of the demo's output: the same calls in the same order give the same ecosystem for a seed.

Examples
--------
>>> import random
>>> rng = random.Random(1)
>>> Weighted(["a", "b"], [1, 0]).draw(rng)
'a'
>>> by_share(rng, {"idea": 1.0, "forming": 0.0})
'idea'
>>> len(uuid4_hex(rng))
32
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from itertools import accumulate

from graph_models.demo.tables import Names

# uuid.UUID(int=..., version=4) clears these bits and sets the RFC 4122 variant and version 4.
_UUID_KEEP = ~((0xC000 << 48) | (0xF000 << 64))
_UUID_SET = (0x8000 << 48) | (4 << 76)


class Weighted:
    """Items drawn with fixed weights: a bisection on the cumulative weights."""

    __slots__ = ("cumulative", "items", "total")

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1] if self.cumulative else 0.0

    def __len__(self) -> int:
        return len(self.items)

    def draw(self, rng: random.Random):
        """One item, drawn with its weight."""
        index = bisect_right(self.cumulative, rng.random() * self.total)
        # random() * total can round up to total itself.
        return self.items[min(index, len(self.items) - 1)]


def choice(rng: random.Random, weighted: dict):
    """One key of ``weighted``, drawn with its weight."""
    keys = list(weighted)
    return rng.choices(keys, weights=[weighted[k] for k in keys])[0]


def distinct(rng: random.Random, weighted: dict[str, float], k: int) -> list[str]:
    """Up to ``k`` distinct keys drawn with their weights (Efraimidis–Spirakis keys)."""
    keyed = sorted(weighted, key=lambda code: rng.random() ** (1.0 / weighted[code]), reverse=True)
    return keyed[:k]


def by_share(rng: random.Random, shares: dict):
    """One key of ``shares``: the first whose running total exceeds one uniform draw, else the
    last (so ``{a: p, b: 1 - p}`` is ``a if rng.random() < p else b``)."""
    draw, total = rng.random(), 0.0
    for key, share in shares.items():
        total += share
        if draw < total:
            return key
    return key


def template(rng: random.Random, names: Names) -> str:
    """One name template: by share from a mapping, uniformly from a list (no draw for one)."""
    if isinstance(names, dict):
        return by_share(rng, names)
    return names[0] if len(names) == 1 else rng.choice(names)


def log_uniform(rng: random.Random, low: float, high: float) -> float:
    """A number between ``low`` and ``high`` whose logarithm is uniform."""
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def round_to(value: float, step: int) -> int:
    """``value`` rounded to a whole number of ``step``."""
    return round(value / step) * step


def pareto_fitness(rng: random.Random) -> float:
    """How active a stakeholder is: heavy-tailed (exponent 2.5), capped so that one stakeholder
    cannot swallow a small ecosystem."""
    return min(60.0, (1.0 - rng.random()) ** (-1 / 1.5))


def uuid4_hex(rng: random.Random) -> str:
    """``uuid.UUID(int=rng.getrandbits(128), version=4).hex``, four times faster."""
    return "%032x" % (rng.getrandbits(128) & _UUID_KEEP | _UUID_SET)
