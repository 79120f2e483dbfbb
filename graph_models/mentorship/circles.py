"""Peer-learning circles: entrepreneurs split into small groups that can talk, differ usefully,
and do not know each other yet.

The heuristic
-------------
1. **Pools.** Members are bucketed by region at ``region_level`` (NUTS-2 by default). A bucket
   of at least ``min_size`` is a pool. The others' members are bucketed by language (each under
   the language most of them speak, then by code); a bucket of at least ``min_size`` is a pool
   too. Whoever is left joins the pool where most members share a language with it (then the
   pool in the same NUTS-1 region, then the pool's key); with no pool at all, everyone forms one
   mixed pool. Circles never cross pools, so a circle shares its pool's region or language
   except for the members who joined it last.
2. **Sizes.** A pool of ``n`` makes ``k = ceil(n / max_size)`` circles of balanced sizes when
   ``k · min_size ≤ n``. When no ``k`` fits (possible only if ``max_size < 2 · min_size - 1``),
   it makes ``n // min_size`` circles of ``max_size`` and the rest stay unplaced. Fewer than
   ``min_size`` members in all: nobody is placed.
3. **Objective.** A circle's score is the sum over its pairs of

   ``w_sector · (1 - Jaccard of their sectors)`` (0.5 when one states none: complementary
   sectors), ``+ w_exchange · min(1, (a's needs b offers + b's needs a offers) / 2)``
   (offers ↔ needs), ``+ w_language · [a shared language]``, ``- w_connected · [already tied]``.

   The plan maximises the total over all circles.
4. **Search.** Circles are seeded greedily (members in a seeded random order, each to the
   circle it adds most to among those below their target size; ties to the first circle), then
   improved by local search: for each member in turn, the best swap with a member of another
   circle of its pool, or the best move to a circle with room (keeping sizes within bounds),
   is applied when it raises the total; passes repeat until one improves nothing (at most
   ``max_passes``). The same ``seed`` always gives the same circles.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

from graph_models.domain.errors import InvalidInput, NotFound
from graph_models.domain.stakeholders import Kind

MAX_CIRCLE = 50
DEFAULT_MAX_PASSES = 50
_EPS = 1e-9


@dataclass(frozen=True)
class CircleWeights:
    """The weights of a circle's pair score (see :mod:`~graph_models.mentorship.circles`)."""

    sector: float = 1.0
    exchange: float = 1.0
    language: float = 2.0
    connected: float = 1.5


DEFAULT_CIRCLE_WEIGHTS = CircleWeights()


@dataclass(frozen=True)
class Exchange:
    """One thing a member can learn from another in the circle: ``topic`` that ``needer``
    needs and ``offerer`` offers."""

    offerer: str
    needer: str
    topic: str


@dataclass(frozen=True)
class Circle:
    """A peer-learning circle and why it holds together.

    ``region`` is the region code (cut at the plan's level) every member shares, or None;
    ``languages`` the languages every member speaks; ``sectors`` those the members cover;
    ``exchanges`` the offers ↔ needs between members; ``connected_pairs`` how many of its
    ``pairs`` already have a tie; ``score`` its share of the objective.
    """

    members: tuple[str, ...]
    region: str | None
    languages: tuple[str, ...]
    sectors: tuple[str, ...]
    exchanges: tuple[Exchange, ...]
    connected_pairs: int
    pairs: int
    score: float


@dataclass(frozen=True)
class CirclePlan:
    """The circles (by their first member's id), the members left out, and the objective."""

    circles: tuple[Circle, ...]
    unplaced: tuple[str, ...]
    objective: float


class _Members:
    """The members' attributes as 0/1 matrices, and their ties among themselves."""

    def __init__(self, G: nx.Graph, ids: list[str]):
        self.ids = ids
        data = [G.nodes[i] for i in ids]
        self.regions = [d.get("region") or None for d in data]
        self.sector_sets = [frozenset(d.get("sectors") or ()) for d in data]
        self.language_sets = [frozenset(d.get("languages") or ()) for d in data]
        self.need_sets = [frozenset(d.get("needs") or ()) for d in data]
        self.offer_sets = [frozenset(d.get("offers") or ()) for d in data]
        self.S = _matrix(self.sector_sets)
        self.L = _matrix(self.language_sets)
        topics = sorted(set().union(*self.need_sets, *self.offer_sets))
        self.N = _matrix(self.need_sets, topics)
        self.O = _matrix(self.offer_sets, topics)
        where = {node: r for r, node in enumerate(ids)}
        self.A = np.zeros((len(ids), len(ids)), dtype=bool)
        for r, node in enumerate(ids):
            for other in G.adj[node]:
                c = where.get(other)
                if c is not None and c != r:
                    self.A[r, c] = True

    def values(self, rows: np.ndarray, w: CircleWeights) -> np.ndarray:
        """The pair scores among ``rows`` (zero diagonal)."""
        S = self.S[rows]
        inter = S @ S.T
        size = S.sum(axis=1)
        union = size[:, None] + size[None, :] - inter
        with np.errstate(divide="ignore", invalid="ignore"):
            diversity = np.where(union > 0, 1.0 - inter / union, 0.5)
        diversity[(size[:, None] == 0) | (size[None, :] == 0)] = 0.5
        met = self.N[rows] @ self.O[rows].T
        exchange = np.minimum(1.0, (met + met.T) / 2.0)
        speak = (self.L[rows] @ self.L[rows].T) > 0
        V = (w.sector * diversity + w.exchange * exchange + w.language * speak
             - w.connected * self.A[np.ix_(rows, rows)])
        np.fill_diagonal(V, 0.0)
        return V


def _matrix(sets: list[frozenset], vocabulary: list[str] | None = None) -> np.ndarray:
    codes = vocabulary if vocabulary is not None else sorted(set().union(*sets))
    bit = {c: i for i, c in enumerate(codes)}
    out = np.zeros((len(sets), len(codes)), dtype=np.float64)
    for r, s in enumerate(sets):
        for c in s:
            out[r, bit[c]] = 1.0
    return out


def _pools(m: _Members, min_size: int, width: int) -> list[tuple[str, list[int]]]:
    """(key, member rows) of each pool, by key; see step 1 of the module notes."""
    by_region: dict[str, list[int]] = {}
    for r, region in enumerate(m.regions):
        if region and len(region) >= width:
            by_region.setdefault(region[:width], []).append(r)
    pools = {f"region:{k}": rows for k, rows in by_region.items() if len(rows) >= min_size}
    pooled = {r for rows in pools.values() for r in rows}
    rest = [r for r in range(len(m.ids)) if r not in pooled]
    spoken = Counter(lang for r in rest for lang in m.language_sets[r])
    by_language: dict[str, list[int]] = {}
    for r in rest:
        if m.language_sets[r]:
            lang = min(m.language_sets[r], key=lambda x: (-spoken[x], x))
            by_language.setdefault(lang, []).append(r)
    for lang, rows in by_language.items():
        if len(rows) >= min_size:
            pools[f"language:{lang}"] = rows
    pooled = {r for rows in pools.values() for r in rows}
    rest = [r for r in range(len(m.ids)) if r not in pooled]
    if not pools:
        return [("mixed", rest)] if len(rest) >= min_size else []
    keys = sorted(pools)
    for r in rest:
        def fit(key, r=r):
            rows = pools[key]
            talk = sum(1 for x in rows if m.language_sets[x] & m.language_sets[r])
            near = key.startswith("region:") and bool(m.regions[r]) and \
                key[len("region:"):][:3] == m.regions[r][:3]
            return (-talk, not near, key)
        best = min(keys, key=fit)
        pools[best] = [*pools[best], r]
    return [(k, sorted(pools[k])) for k in keys]


def _sizes(n: int, min_size: int, max_size: int) -> list[int]:
    k = math.ceil(n / max_size)
    if k * min_size <= n:
        return [n // k + (1 if i < n % k else 0) for i in range(k)]
    return [max_size] * (n // min_size)


def _solve_pool(V: np.ndarray, sizes: list[int], min_size: int, max_size: int,
                rng: random.Random, max_passes: int) -> list[list[int]]:
    """Pool positions grouped into circles of the given target sizes (see steps 3–4)."""
    n, k = len(V), len(sizes)
    order = list(range(n))
    rng.shuffle(order)
    circle = np.full(n, -1, dtype=np.int64)
    A = np.zeros((n, k))  # A[x, c]: what x adds to circle c
    count = [0] * k
    for x in order:
        if all(count[c] >= sizes[c] for c in range(k)):
            break  # no room: x stays out (a pool too large for the size bounds)
        open_ = [c for c in range(k) if count[c] < sizes[c]]
        c = max(open_, key=lambda c: (A[x, c], -c))
        circle[x] = c
        count[c] += 1
        A[:, c] += V[:, x]
    placed = np.flatnonzero(circle >= 0)
    if k > 1:
        for _ in range(max_passes):
            improved = False
            for x in order:
                if circle[x] < 0:
                    continue
                cx = circle[x]
                others = placed[circle[placed] != cx]
                # Swap x with y: x leaves cx for cy, y leaves cy for cx.
                cy = circle[others]
                gain = (A[others, cx] - A[x, cx] + A[x, cy] - A[others, cy]
                        - 2 * V[x, others])
                best_swap = int(np.argmax(gain)) if len(others) else -1
                best_move, move_gain = -1, _EPS
                if count[cx] > min_size:
                    for c in range(k):
                        if c != cx and count[c] < max_size and A[x, c] - A[x, cx] > move_gain:
                            best_move, move_gain = c, A[x, c] - A[x, cx]
                if best_swap >= 0 and gain[best_swap] > max(move_gain, _EPS):
                    y = int(others[best_swap])
                    c2 = circle[y]
                    A[:, cx] += V[:, y] - V[:, x]
                    A[:, c2] += V[:, x] - V[:, y]
                    circle[x], circle[y] = c2, cx
                    improved = True
                elif best_move >= 0:
                    A[:, cx] -= V[:, x]
                    A[:, best_move] += V[:, x]
                    count[cx] -= 1
                    count[best_move] += 1
                    circle[x] = best_move
                    improved = True
            if not improved:
                break
    return [sorted(np.flatnonzero(circle == c).tolist()) for c in range(k)]


def _explain(m: _Members, rows: list[int], weights: CircleWeights, width: int) -> Circle:
    V = m.values(np.asarray(rows, dtype=np.int64), weights)
    ids = [m.ids[r] for r in rows]
    regions = {(m.regions[r] or "")[:width] for r in rows}
    region = next(iter(regions)) if len(regions) == 1 and "" not in regions else None
    languages = frozenset.intersection(*(m.language_sets[r] for r in rows))
    sectors = frozenset().union(*(m.sector_sets[r] for r in rows))
    exchanges = sorted((Exchange(m.ids[a], m.ids[b], topic)
                        for a in rows for b in rows if a != b
                        for topic in m.offer_sets[a] & m.need_sets[b]),
                       key=lambda e: (e.needer, e.topic, e.offerer))
    pairs = [(i, j) for i in range(len(rows)) for j in range(i + 1, len(rows))]
    return Circle(members=tuple(sorted(ids)), region=region, languages=tuple(sorted(languages)),
                  sectors=tuple(sorted(sectors)),
                  exchanges=tuple(exchanges),
                  connected_pairs=int(sum(m.A[rows[i], rows[j]] for i, j in pairs)),
                  pairs=len(pairs),
                  score=round(float(sum(V[i, j] for i, j in pairs)), 6))


def peer_circles(G, members: Sequence[str], *, min_size: int = 4, max_size: int = 8,
                 region_level: int = 2, weights: CircleWeights = DEFAULT_CIRCLE_WEIGHTS,
                 seed: int = 0, max_passes: int = DEFAULT_MAX_PASSES) -> CirclePlan:
    """Split entrepreneurs into peer-learning circles of ``min_size`` to ``max_size``.

    Parameters
    ----------
    G : networkx.MultiGraph or Snapshot
        The snapshot: members' region, languages, sectors, needs and offers, and their ties.
    members : sequence of str
        Entrepreneurs' ids.
    min_size, max_size : int
        Circle sizes, 2 ≤ min_size ≤ max_size ≤ 50.
    region_level : int
        The NUTS level circles are pooled by (0 country … 3 NUTS-3; default 2).
    weights : CircleWeights
        The pair score's weights.
    seed : int
        The seed of the greedy order; the same seed gives the same plan.
    max_passes : int
        The local search stops after this many passes at most.

    Returns
    -------
    CirclePlan
        With ``max_size ≥ 2 · min_size - 1`` (4–8, say) everyone is placed once there are at
        least ``min_size`` members.

    Raises
    ------
    NotFound
        For an id not in the snapshot.
    InvalidInput
        For a member who is not an entrepreneur, a member listed twice, or bad sizes, level,
        weights or passes (the field is named).

    Examples
    --------
    >>> from graph_models.matching.examples import example_graph
    >>> plan = peer_circles(example_graph(), ["ent", "ent2"], min_size=2, max_size=3)
    >>> c = plan.circles[0]
    >>> c.members, c.region, c.languages, c.connected_pairs, plan.unplaced
    (('ent', 'ent2'), 'EL30', ('el',), 0, ())
    """
    G = G if isinstance(G, nx.Graph) else getattr(G, "graph", G)
    errors: dict[str, list[str]] = {}
    for name, value in (("min_size", min_size), ("max_size", max_size)):
        if not isinstance(value, int) or isinstance(value, bool) or not 2 <= value <= MAX_CIRCLE:
            errors[name] = [f"must be an integer from 2 to {MAX_CIRCLE}"]
    if not errors and min_size > max_size:
        errors["max_size"] = ["must be at least min_size"]
    if region_level not in (0, 1, 2, 3):
        errors["region_level"] = ["must be 0, 1, 2 or 3"]
    if not isinstance(weights, CircleWeights) or not all(
            isinstance(v, int | float) and math.isfinite(v) and v >= 0
            for v in vars(weights).values()):
        errors["weights"] = ["must be a CircleWeights of finite numbers ≥ 0"]
    if not isinstance(max_passes, int) or max_passes < 0:
        errors["max_passes"] = ["must be an integer ≥ 0"]
    if isinstance(members, str) or len(set(members)) != len(members):
        errors["members"] = ["must be a list of distinct ids"]
    if errors:
        raise InvalidInput("invalid circle request", errors=errors)
    for node in members:
        if node not in G:
            raise NotFound(f"no stakeholder {node} in the snapshot")
    wrong = [n for n in members if getattr(G.nodes[n].get("kind"), "value",
                                           G.nodes[n].get("kind")) != Kind.ENTREPRENEUR.value]
    if wrong:
        raise InvalidInput("only entrepreneurs join peer circles",
                           errors={"members": [f"not an entrepreneur: {', '.join(wrong[:5])}"]})

    m = _Members(G, sorted(members))
    width = 2 + region_level
    rng = random.Random(seed)
    circles: list[Circle] = []
    placed: set[int] = set()
    for _, rows in _pools(m, min_size, width):
        rows_arr = np.asarray(rows, dtype=np.int64)
        V = m.values(rows_arr, weights)
        sizes = _sizes(len(rows), min_size, max_size)
        for group in _solve_pool(V, sizes, min_size, max_size, rng, max_passes):
            circles.append(_explain(m, rows_arr[group].tolist(), weights, width))
            placed.update(rows_arr[group].tolist())
    circles.sort(key=lambda c: c.members)
    unplaced = tuple(m.ids[r] for r in range(len(m.ids)) if r not in placed)
    return CirclePlan(circles=tuple(circles), unplaced=unplaced,
                      objective=round(sum(c.score for c in circles), 6))


__all__ = ["DEFAULT_CIRCLE_WEIGHTS", "Circle", "CirclePlan", "CircleWeights", "Exchange",
           "peer_circles"]
