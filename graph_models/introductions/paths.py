"""Warm paths: whom a requester can ask to be introduced to a target, through trusted ties.

A warm introduction is forwarded to the target by a **broker**, a stakeholder the target trusts.
The requester either trusts the broker too (``requester – broker – target``, 2 hops) or trusts
someone who trusts the broker (``requester – a – broker – target``, 3 hops). Longer chains are not
searched: a friend of a friend of a friend vouches for no one, and the number of such chains
explodes around hubs. A direct tie between requester and target is not an introduction and is
ignored.

Trust
    Each tie type has a trust in [0, 1] (:data:`DEFAULT_TRUST`), given to two decimals:

    =============  =====  ================================================================
    KNOWS          1.0    at strength 5; strength s (1–5) gives s/5 of it, rounded to two
                          decimals: 0.2, 0.4, 0.6, 0.8, 1.0; strength 3 when not recorded.
    PARTNERS_WITH  0.9    organisations that work together
    MENTORS        0.9    a mentor and a mentee know each other well
    INTRODUCED     0.9    a past introduction that both sides opted in to
    FUNDED         0.6    a funder does know its investee, but as a funder: as much as an
                          average acquaintance (KNOWS 3), less than a partner
    SUPPORTED      0.6    the same for a support organisation and whom it supported
    =============  =====  ================================================================

    A type missing from the table (or with trust 0) is not trusted and carries no path. A tie's
    ``weight`` is not used: it is unbounded and means different things for different types.
    Between two stakeholders joined by several ties the hop takes the strongest (the tie with
    the lowest id among equals).

Score and order
    A path's score is the product of its hops' trusts, computed exactly (in hundredths, as
    integers) so that equal products compare equal whatever their factors. Shorter paths come
    first whatever their scores ("prefer short paths over strong ties"); then higher score; then
    the broker's id. Each broker appears once, with its best path (a 3-hop path's first
    intermediate is the one with the best score, then the lowest id): three paths through one
    broker are one option, not three. Two proposed 3-hop paths may share their first
    intermediate, since it is the broker who forwards.

Who may be on a path
    Every intermediate (the broker included) is discoverable, and is neither the requester nor
    the target. The requester and the target themselves are not checked: whether the target may
    be asked is the caller's rule.

Search
    Bidirectional and bounded, over the networkx adjacency of the snapshot (read, never
    mutated; nothing precomputed). The 2-hop paths are the common neighbours of requester and
    target (a set intersection in C). Only when they give fewer than ``limit`` brokers are
    3-hop paths looked for: the ties between the requester's neighbours and the target's, found
    from whichever end's neighbourhood is cheaper to scan by intersecting each of its
    neighbours' neighbours with the other end's. Trust and discoverability are read only for
    the stakeholders these intersections reach, so a hub at either end costs a scan of its
    neighbour ids, not the reading of every tie it has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from numbers import Real
from types import MappingProxyType

import networkx as nx

from graph_models.domain.errors import InvalidInput, NotFound
from graph_models.domain.stakeholders import TieType

MAX_HOPS = 3
MAX_LIMIT = 10
KNOWS_STRENGTHS = range(1, 6)
UNRECORDED_KNOWS_STRENGTH = 3  # the middle of the 1–5 scale: neither weak nor strong

DEFAULT_TRUST: Mapping[TieType, float] = MappingProxyType({
    TieType.KNOWS: 1.0,
    TieType.PARTNERS_WITH: 0.9,
    TieType.MENTORS: 0.9,
    TieType.INTRODUCED: 0.9,
    TieType.FUNDED: 0.6,
    TieType.SUPPORTED: 0.6,
})

# Scores are products of trusts in hundredths, kept as integers: exact, so "ties broken by id"
# holds even where floating point would make 0.4 × 0.9 differ from 0.6 × 0.6.
SCALE = 100


@dataclass(frozen=True)
class Hop:
    """One hop of a warm path, oriented along the path (from the requester towards the target).

    ``tie_id``, ``type`` and ``strength`` (KNOWS only, else None) are those of the strongest
    tie between ``source`` and ``target``; ``trust`` is that tie's trust in [0, 1].
    """

    source: str
    target: str
    tie_id: str
    type: TieType
    strength: int | None
    trust: float


@dataclass(frozen=True)
class WarmPath:
    """A proposed introduction: the requester, the intermediates, the target, in that order.

    ``broker`` is the intermediate next to the target, who forwards the request; ``score`` is
    the product of the hops' trusts, in (0, 1].
    """

    broker: str
    path: tuple[str, ...]
    hops: tuple[Hop, ...]
    score: float

    @property
    def length(self) -> int:
        """The number of hops: 2 or 3."""
        return len(self.hops)


def warm_paths(G: nx.MultiGraph, requester: str, target: str, *, limit: int = 3,
               max_hops: int = MAX_HOPS,
               trust: Mapping[TieType | str, float] | None = None) -> list[WarmPath]:
    """The best warm paths from a requester to a target, one per broker, best first.

    Parameters
    ----------
    G : networkx.MultiGraph
        The snapshot graph: nodes keyed by stakeholder id with a ``discoverable`` attribute,
        one edge per tie keyed by tie id with ``type`` (and ``strength`` for KNOWS). Read only.
    requester, target : str
        Who asks, and whom they want to meet.
    limit : int
        How many paths (each with a different broker), 1 to 10.
    max_hops : int
        2 for brokers the requester trusts directly only, 3 (the default) to also go through
        one more trusted intermediate.
    trust : mapping of TieType (or its value) to float, optional
        The trust of each tie type in [0, 1], to two decimals; KNOWS is its trust at strength
        5. Types left out are not trusted. :data:`DEFAULT_TRUST` by default.

    Returns
    -------
    list of WarmPath
        Shorter first, then by score descending, then by broker id; empty when there is no
        warm path (the caller may then offer a coordinator's mediation).

    Raises
    ------
    InvalidInput
        When the requester or the target is not an id or the requester is the target, or when
        ``limit``, ``max_hops`` or ``trust`` is out of range (the field is named).
    NotFound
        When the requester or the target is not in the snapshot.
    networkx.NetworkXNotImplemented
        For a graph that is not an undirected multigraph.

    Examples
    --------
    Ana knows Bo well and Cleo slightly; both know the fund, Dora the fund's partner does too
    but only Bo knows her.

    >>> G = nx.MultiGraph()
    >>> G.add_nodes_from(["ana", "bo", "cleo", "dora", "fund"], discoverable=True)
    >>> G.add_edge("ana", "bo", key="t1", type="KNOWS", strength=5)
    't1'
    >>> G.add_edge("ana", "cleo", key="t2", type="KNOWS", strength=2)
    't2'
    >>> G.add_edge("bo", "fund", key="t3", type="KNOWS", strength=4)
    't3'
    >>> G.add_edge("cleo", "fund", key="t4", type="FUNDED")
    't4'
    >>> G.add_edge("bo", "dora", key="t5", type="KNOWS", strength=5)
    't5'
    >>> G.add_edge("dora", "fund", key="t6", type="PARTNERS_WITH")
    't6'
    >>> for p in warm_paths(G, "ana", "fund"):
    ...     print(p.broker, p.path, p.score)
    bo ('ana', 'bo', 'fund') 0.8
    cleo ('ana', 'cleo', 'fund') 0.24
    dora ('ana', 'bo', 'dora', 'fund') 0.9
    >>> cleo = warm_paths(G, "ana", "fund")[1]
    >>> [(h.tie_id, h.type.value, h.strength, h.trust) for h in cleo.hops]
    [('t2', 'KNOWS', 2, 0.4), ('t4', 'FUNDED', None, 0.6)]

    When Bo withdraws his consent to be found, only Cleo is left:

    >>> G.nodes["bo"]["discoverable"] = False
    >>> [p.broker for p in warm_paths(G, "ana", "fund")]
    ['cleo']
    >>> warm_paths(G, "ana", "fund", trust={"KNOWS": 1.0})
    []
    """
    if not G.is_multigraph() or G.is_directed():
        raise nx.NetworkXNotImplemented("warm paths are defined on an undirected multigraph")
    trust_table = _check(requester, target, limit, max_hops, trust)
    for field, node in (("requester", requester), ("target", target)):
        if node not in G:
            raise NotFound(f"no stakeholder {node} in the snapshot", errors={field: ["unknown"]})

    adj = G._adj  # the adjacency dicts themselves: the views cost a call per lookup
    near_requester, near_target = adj[requester], adj[target]
    trusted = _TrustedNeighbours(G, requester, target, trust_table)
    # (hops, -points, broker, path): sorting this tuple is the documented order.
    found: list[tuple[int, int, str, tuple[str, ...]]] = []
    for b in near_requester.keys() & near_target.keys():
        p = trusted.of_requester(b) * trusted.of_target(b)
        if p:
            found.append((2, -p, b, (requester, b, target)))
    if len(found) < limit and max_hops >= 3:
        taken = {b for _, _, b, _ in found}
        for b, (p, a) in _best_three_hop(adj, requester, target, trusted, taken).items():
            found.append((3, -p, b, (requester, a, b, target)))
    found.sort()
    return [_warm_path(adj, path, -negated, trust_table) for _, negated, _, path in found[:limit]]


def _check(requester, target, limit, max_hops, trust) -> _Trust:
    """Check the arguments; the trust table in hundredths."""
    errors: dict[str, list[str]] = {}
    for field, node in (("requester", requester), ("target", target)):
        if not isinstance(node, str):
            errors[field] = ["must be a stakeholder id"]
    if not errors and requester == target:
        errors["target"] = ["must not be the requester"]
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        errors["limit"] = [f"must be an integer from 1 to {MAX_LIMIT}"]
    if isinstance(max_hops, bool) or max_hops not in (2, 3):
        errors["max_hops"] = ["must be 2 or 3"]
    table = DEFAULT_TRUST if trust is None else trust
    points: dict[str, int] = {}
    if not isinstance(table, Mapping):
        errors["trust"] = ["must map tie types to numbers from 0 to 1"]
        table = {}
    for key, value in table.items():
        try:
            kind = TieType(key)
        except ValueError:
            errors.setdefault("trust", []).append(f"unknown tie type: {key}")
            continue
        share = float(value) if isinstance(value, Real) and not isinstance(value, bool) else None
        if share is None or not 0 <= share <= 1 or abs(share * SCALE - round(share * SCALE)) > 1e-9:
            errors.setdefault("trust", []).append(
                f"{kind.value}: must be a number from 0 to 1 with at most two decimals")
            continue
        points[kind.value] = round(share * SCALE)
    if errors:
        raise InvalidInput("invalid warm path query", errors=errors)
    return _Trust(points)


class _Trust:
    """Trust in hundredths, by tie type and, for KNOWS, by strength."""

    def __init__(self, points: dict[str, int]):
        knows = points.pop(TieType.KNOWS.value, 0)
        top = max(KNOWS_STRENGTHS)
        self.knows = {s: round(knows * s / top) for s in KNOWS_STRENGTHS}
        self.knows_unrecorded = self.knows[UNRECORDED_KNOWS_STRENGTH]
        # Keyed by the type's string: a TieType (a StrEnum) finds the same entry.
        self.types = points

    def tie(self, tie: dict) -> int:
        """The trust of one tie."""
        kind = tie.get("type", "")  # an untyped tie earns no trust
        if kind == TieType.KNOWS:
            strength = tie.get("strength")
            if strength is None:
                return self.knows_unrecorded
            return self.knows.get(strength, self.knows_unrecorded)
        return self.types.get(kind, 0)

    def pair(self, ties: dict) -> int:
        """The trust of the strongest of the ties between two stakeholders."""
        return max(map(self.tie, ties.values()))

    def strongest(self, ties: dict) -> tuple[int, str]:
        """The strongest tie's trust and key, the lowest key among equals."""
        return min(((self.tie(t), key) for key, t in ties.items()),
                   key=lambda pk: (-pk[0], pk[1]))


class _TrustedNeighbours:
    """The trust (in hundredths) of the tie between an end and one of its neighbours, 0 when
    that neighbour may not be an intermediate; read once per neighbour, when first asked."""

    def __init__(self, G: nx.MultiGraph, requester: str, target: str, trust: _Trust):
        self._nodes = G._node
        self._ends = (requester, target)
        self._near = (G._adj[requester], G._adj[target])
        self.pair = trust.pair
        self._known: tuple[dict[str, int], dict[str, int]] = ({}, {})

    def _of(self, side: int, n: str) -> int:
        known = self._known[side]
        p = known.get(n)
        if p is None:
            usable = n not in self._ends and self._nodes[n].get("discoverable")
            p = known[n] = self.pair(self._near[side][n]) if usable else 0
        return p

    def of_requester(self, n: str) -> int:
        return self._of(0, n)

    def of_target(self, n: str) -> int:
        return self._of(1, n)


def _best_three_hop(adj, requester: str, target: str, trusted: _TrustedNeighbours,
                    taken: set[str]) -> dict[str, tuple[int, str]]:
    """For each broker not in ``taken`` with a path requester–a–broker–target, ``(points, a)``
    of its best one: the highest product, then the lowest id of ``a``.

    The scan starts from the end whose neighbours' intersections cost less: from each of its
    usable neighbours ("outer"), the outer's neighbours are intersected (in C, over the smaller
    of the two) with the other end's neighbours ("inner"), whose trust is read on demand.
    """
    near_r, near_t = adj[requester], adj[target]
    from_target = sum(min(len(adj[b]), len(near_r)) for b in near_t)
    from_requester = sum(min(len(adj[a]), len(near_t)) for a in near_r)
    pair = trusted.pair
    best: dict[str, tuple[int, str]] = {}
    if from_target <= from_requester:
        inner_keys = near_r.keys()
        for b in near_t:
            pb = 0 if b in taken else trusted.of_target(b)
            if not pb:
                continue
            nbrs = adj[b]
            top = None
            for a in nbrs.keys() & inner_keys:
                pa = trusted.of_requester(a)
                if pa and a != b:
                    p = pa * pair(nbrs[a])
                    if p and (top is None or p > top[0] or (p == top[0] and a < top[1])):
                        top = (p, a)
            if top is not None:
                best[b] = (top[0] * pb, top[1])
    else:
        inner_keys = near_t.keys()
        for a in near_r:
            pa = trusted.of_requester(a)
            if not pa:
                continue
            nbrs = adj[a]
            for b in nbrs.keys() & inner_keys:
                pb = 0 if b in taken else trusted.of_target(b)
                if pb and a != b:
                    p = pa * pair(nbrs[b]) * pb
                    if p:
                        top = best.get(b)
                        if top is None or p > top[0] or (p == top[0] and a < top[1]):
                            best[b] = (p, a)
    return best


def _warm_path(adj, path: tuple[str, ...], product: int, trust: _Trust) -> WarmPath:
    hops = []
    for u, v in pairwise(path):
        p, key = trust.strongest(adj[u][v])
        tie = adj[u][v][key]
        kind = TieType(tie["type"])
        hops.append(Hop(source=u, target=v, tie_id=key, type=kind,
                        strength=tie.get("strength") if kind == TieType.KNOWS else None,
                        trust=p / SCALE))
    return WarmPath(broker=path[-2], path=path, hops=tuple(hops),
                    score=product / SCALE ** len(hops))
