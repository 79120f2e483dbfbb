"""Who knows and partners with whom: mostly inside a (NUTS-2 region, sector) community, with
preferential attachment inside it, triadic closure, an anchor for whoever is left alone, and a
top-up when the other processes fall short.

Examples
--------
>>> from graph_models.demo import generate_ecosystem
>>> from graph_models.domain.stakeholders import TieType
>>> eco = generate_ecosystem(300, seed=2)
>>> knows = [t for t in eco.ties if t.type == TieType.KNOWS]
>>> sorted({t.strength for t in knows})
[1, 2, 3, 4, 5]
"""

from __future__ import annotations

from graph_models.demo.tables import tables
from graph_models.demo.ties import KNOWS, PARTNERS, TieMaker, strength, strengths

# Of the ties a stakeholder makes: the share inside its community, then inside its region; the
# rest go anywhere.
ACQUAINTANCES = (0.72, 0.16)
PARTNERSHIPS = (0.8, 0.14)
# Lists every free pair only of an ecosystem no larger than this.
ENUMERABLE = 2_000


def acquaintances(maker: TieMaker, quota: int) -> None:
    """KNOWS ties, strong inside a community and weaker across."""
    social(maker, quota, KNOWS, *ACQUAINTANCES)


def partnerships(maker: TieMaker, quota: int) -> None:
    """PARTNERS_WITH ties, even more often inside a community."""
    social(maker, quota, PARTNERS, *PARTNERSHIPS)


def social(maker: TieMaker, quota: int, code: int, inside: float, region: float) -> None:
    """Up to ``quota`` ties of ``code`` between a stakeholder drawn by activity and one of its
    community (share ``inside``), of its region (share ``region``) or anyone."""
    rng, join, community, ends = maker.rng, maker.join, maker.community, maker.ends
    close, distant = strengths("close"), strengths("distant")
    preferential = tables().ties.preferential_share
    made = draws = 0
    while made < quota and draws < 5 * quota + 100:
        draws += 1
        u = maker.everyone.draw(rng)
        v = _other_end(maker, u, inside, region, preferential)
        same = community[v] == community[u]
        extra = strength(rng, close if same else distant) if code == KNOWS else None
        if maker.add(code, u, v, maker.lag(max(join[u], join[v])), extra):
            made += 1
            ends.setdefault(community[u], []).append(u)
            ends.setdefault(community[v], []).append(v)


def _other_end(maker: TieMaker, u: int, inside: float, region: float,
               preferential: float) -> int:
    """Someone of ``u``'s community (there, with a chance ``preferential``, the end of a tie
    made already), of its region, or anyone."""
    rng = maker.rng
    r = rng.random()
    c = maker.community[u]
    if r < inside and len(maker.in_community[c]) > 1:
        seen = maker.ends.get(c)
        return (seen[int(rng.random() * len(seen))]
                if seen and rng.random() < preferential
                else maker.in_community[c].draw(rng))
    if r < inside + region:
        return maker.in_region[maker.drafts[u].nuts2].draw(rng)
    return maker.everyone.draw(rng)


def anchors(maker: TieMaker, quota: int) -> None:
    """One KNOWS tie for each stakeholder left without any, so only newcomers are isolated.

    The draws leave a few stakeholders with a low fitness or a late start alone; in a real
    ecosystem whoever registered through a coordinator knows at least that coordinator's
    network. Uncensored, as that first tie is known to exist.
    """
    rng, join = maker.rng, maker.join
    made = 0
    for u in maker.active:
        if made >= quota:
            return
        if maker.degree[u]:
            continue
        for _ in range(10):
            v = _nearest_pool(maker, u).draw(rng)
            if maker.add(KNOWS, u, v, maker.lag(max(join[u], join[v]), censored=False), 2):
                made += 1
                break


def _nearest_pool(maker: TieMaker, u: int):
    c = maker.community[u]
    pool = maker.in_community[c] if len(maker.in_community[c]) > 1 else \
        maker.in_region[maker.drafts[u].nuts2]
    return pool if len(pool) >= 2 else maker.everyone


def closure(maker: TieMaker, quota: int) -> None:
    """KNOWS between two people who share an acquaintance, after both ties began."""
    rng, sources, targets, since = maker.rng, maker.sources, maker.targets, maker.since
    social_ties = [t for t in range(len(maker)) if maker.types[t] in (KNOWS, PARTNERS)]
    if not social_ties:
        return
    introduced = strengths("introduced")
    around: list[list[int]] = [[] for _ in range(maker.n)]
    for t in social_ties:
        around[sources[t]].append(t)
        around[targets[t]].append(t)
    made = draws = 0
    while made < quota and draws < 5 * quota + 100:
        draws += 1
        first = social_ties[int(rng.random() * len(social_ties))]
        a, b = sources[first], targets[first]
        if rng.random() < 0.5:
            a, b = b, a
        near = around[b]
        second = near[int(rng.random() * len(near))]
        c = sources[second] if targets[second] == b else targets[second]
        met = strength(rng, introduced)
        if maker.add(KNOWS, a, c, maker.lag(max(since[first], since[second])), met):
            made += 1


def top_up(maker: TieMaker, wanted: int) -> None:
    """Make up any shortfall with KNOWS ties, then PARTNERS_WITH, drawn or enumerated."""
    if len(maker) >= wanted:
        return
    social(maker, wanted - len(maker), KNOWS, inside=0.5, region=0.2)
    for code in (KNOWS, PARTNERS):
        if len(maker) >= wanted:
            return
        social(maker, wanted - len(maker), code, inside=0.3, region=0.2)
    if len(maker) < wanted and len(maker.active) <= ENUMERABLE:
        _every_free_pair(maker, wanted)


def _every_free_pair(maker: TieMaker, wanted: int) -> None:
    """Small and crowded: list every pair still free, in a seeded order."""
    rng, join, active = maker.rng, maker.join, maker.active
    for code in (KNOWS, PARTNERS):
        free = [(a, b) for x, a in enumerate(active) for b in active[x + 1:]
                if maker.key(code, a, b) not in maker.keys]
        rng.shuffle(free)
        for a, b in free[:wanted - len(maker)]:
            maker.add(code, a, b, maker.lag(max(join[a], join[b]), censored=False),
                      rng.randint(1, 3) if code == KNOWS else None)
