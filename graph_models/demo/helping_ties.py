"""Ties of help: support on a topic, the national hubs' reach, funding and mentoring.

Examples
--------
>>> from graph_models.demo import generate_ecosystem
>>> from graph_models.domain.stakeholders import TieType
>>> eco = generate_ecosystem(300, seed=2)
>>> people = {s.id: s for s in eco.stakeholders}
>>> all(t.topic in people[t.source].offers and t.topic in people[t.target].needs
...     for t in eco.ties if t.type == TieType.SUPPORTED)
True
"""

from __future__ import annotations

import random

from graph_models.demo.drafts import MENTORING, Draft
from graph_models.demo.draws import Weighted, round_to
from graph_models.demo.tables import tables
from graph_models.demo.ties import FUNDED, KNOWS, MENTORS, SUPPORTED, TieMaker
from graph_models.domain.stakeholders import Instrument, Kind, Stage

# Where an entrepreneur looks for support: the shares of its municipality and its region (the
# rest: anywhere in the country).
SUPPORT_NEARBY = (0.55, 0.85)
HUB_SUPPORT_SHARE = 0.6  # of a hub's ties with an entrepreneur it can help
# How heavily a mentee is drawn by stage (scaling entrepreneurs seek no mentor), and where it
# looks for one: the shares of its community and its region (the rest: its sector).
MENTEE_WEIGHTS = {Stage.IDEA: 3, Stage.FORMING: 3, Stage.OPERATING: 1, Stage.SCALING: 0}
MENTOR_NEARBY = (0.55, 0.8)
STAGE_RANK = {stage: rank for rank, stage in enumerate(Stage)}


def support(maker: TieMaker, quota: int) -> None:
    """Support organisations help entrepreneurs with a topic they need, mostly nearby."""
    rng, drafts, join = maker.rng, maker.drafts, maker.join
    pools = _support_pools(maker)
    offered = {topic for _, topic in pools}
    seekers = [i for i in maker.active if drafts[i].kind == Kind.ENTREPRENEUR
               and any(t in offered for t in drafts[i].needs)]
    if not seekers:
        return
    seeker = maker.pool(seekers)
    made = draws = 0
    while made < quota and draws < 5 * quota + 100:
        draws += 1
        e = seeker.draw(rng)
        d = drafts[e]
        topic = rng.choice([t for t in d.needs if t in offered])
        r = rng.random()
        place = d.region if r < SUPPORT_NEARBY[0] else d.nuts2 if r < SUPPORT_NEARBY[1] else ""
        pool = pools.get((place, topic)) or pools.get((d.nuts2, topic)) or pools[("", topic)]
        org = pool.draw(rng)
        if maker.add(SUPPORTED, org, e, maker.lag(max(join[org], join[e])), topic):
            made += 1


def _support_pools(maker: TieMaker) -> dict[tuple[str, str], Weighted]:
    """The organisations (hubs aside) that offer each topic, by municipality, region and
    country (``""``)."""
    by_place: dict[tuple[str, str], list[int]] = {}
    for i in maker.active:
        d = maker.drafts[i]
        if d.kind == Kind.SUPPORT_ORGANISATION and not d.hub:
            for topic in d.offers:
                for place in (d.region, d.nuts2, ""):
                    by_place.setdefault((place, topic), []).append(i)
    return {key: maker.pool(members) for key, members in by_place.items()}


def hubs(maker: TieMaker, quota: int) -> None:
    """National hubs support and know stakeholders all over the country."""
    rng, drafts, join = maker.rng, maker.drafts, maker.join
    national = [i for i in maker.active if drafts[i].hub]
    if not national:
        return
    each = max(tables().ties.hub_min_ties, quota // len(national))
    for h in national:
        offers = set(drafts[h].offers)
        made = draws = 0
        while made < each and draws < 5 * each + 100 and len(maker) < maker.wanted:
            draws += 1
            v = maker.everyone.draw(rng)
            d = drafts[v]
            topics = [t for t in d.needs if t in offers] if d.kind == Kind.ENTREPRENEUR else []
            since = maker.lag(max(join[h], join[v]))
            if topics and rng.random() < HUB_SUPPORT_SHARE:
                made += maker.add(SUPPORTED, h, v, since, rng.choice(topics))
            else:
                made += maker.add(KNOWS, h, v, since, rng.choices((1, 2, 3), (3, 2, 1))[0])


def funding(maker: TieMaker, quota: int) -> None:
    """Investors fund ventures that fit their focus, and what their co-investors fund.

    Three habits make funding predictable: an investor's deal flow is the ventures of its
    sectors, stages (those its instruments suit) and region; ventures that others funded
    draw more money (syndicates); and an investor follows its co-investors, funding what
    they funded (the investor → venture ← co-investor → venture path closes).
    """
    rng, drafts, join = maker.rng, maker.drafts, maker.join
    by_focus = _fundable(maker)
    flows = _deal_flows(maker, by_focus)
    if not flows:
        return
    activity = maker.pool(list(flows))
    book = _Deals()
    shares = tables().ties
    made = draws = 0
    while made < quota and draws < 6 * quota + 100:
        draws += 1
        investor = activity.draw(rng)
        key = None
        venture, floor = (book.follow(maker, investor)
                          if investor in book.deals and rng.random() < shares.co_investment_share
                          else (-1, 0))
        if venture < 0:
            key = flows[investor].draw(rng)
            popular = book.funded_in.get(key)
            pool = (popular if popular and rng.random() < shares.syndicate_share
                    else by_focus[key])
            venture = pool[int(rng.random() * len(pool))]
        terms = _terms(rng, drafts[investor], drafts[venture])
        start = maker.lag(max(join[investor], join[venture], floor))
        if maker.add(FUNDED, investor, venture, start, terms):
            made += 1
            book.record(investor, venture, len(maker) - 1, key)


def _fundable(maker: TieMaker) -> dict[tuple, list[int]]:
    """Entrepreneurs seeking funding, by (region, sector, stage), region ``None`` for all."""
    by_focus: dict[tuple, list[int]] = {}
    for i in maker.active:
        d = maker.drafts[i]
        if d.kind == Kind.ENTREPRENEUR and d.funding is not None:
            for sector in d.sectors:
                by_focus.setdefault((None, sector, d.stage), []).append(i)
                by_focus.setdefault((d.nuts2, sector, d.stage), []).append(i)
    return by_focus


def _deal_flows(maker: TieMaker, by_focus: dict[tuple, list[int]]) -> dict[int, Weighted]:
    """For each investor with any, the keys of its deal flow, drawn by how many ventures each
    holds."""
    flows = {}
    for i in maker.active:
        d = maker.drafts[i]
        if d.kind != Kind.INVESTOR:
            continue
        keys = [key for s in d.sectors for stage in d.investor_stages
                if (key := (d.focus_nuts2, s, stage)) in by_focus]
        if keys:
            flows[i] = Weighted(keys, [len(by_focus[key]) for key in keys])
    return flows


class _Deals:
    """The deals made so far: by investor, by venture, and by deal-flow key."""

    def __init__(self):
        self.deals: dict[int, list[tuple[int, int]]] = {}  # investor -> (venture, tie)
        self.backers: dict[int, list[tuple[int, int]]] = {}  # venture -> (investor, tie)
        self.funded_in: dict[tuple, list[int]] = {}  # deal-flow key -> a venture for each deal

    def record(self, investor: int, venture: int, tie: int, key: tuple | None) -> None:
        self.deals.setdefault(investor, []).append((venture, tie))
        self.backers.setdefault(venture, []).append((investor, tie))
        if key is not None:
            self.funded_in.setdefault(key, []).append(venture)

    def follow(self, maker: TieMaker, investor: int) -> tuple[int, int]:
        """A venture a co-investor funded, at a stage the investor funds, and the day from which
        the path to it exists; ``(-1, 0)`` after four tries without one."""
        rng, since = maker.rng, maker.since
        stages = maker.drafts[investor].investor_stages
        own = self.deals[investor]
        for _ in range(4):
            known, t1 = own[int(rng.random() * len(own))]
            others = self.backers[known]
            co, t2 = others[int(rng.random() * len(others))]
            if co == investor:
                continue
            their = self.deals[co]
            candidate, t3 = their[int(rng.random() * len(their))]
            if maker.drafts[candidate].stage in stages:
                return candidate, max(since[t1], since[t2], since[t3])
        return -1, 0


def _terms(rng: random.Random, investor: Draft, venture: Draft) -> tuple[float, Instrument]:
    """An amount within the investor's tickets near what the venture asked, in an instrument
    the venture needs if the investor has one."""
    wanted = [i for i in investor.instruments if f"financing.{i.value}" in venture.needs]
    instrument = rng.choice(wanted or investor.instruments)
    low, high = investor.tickets
    asked = (venture.funding or low) * rng.uniform(0.4, 1.0)
    return float(min(high, max(low, round_to(asked, 500)))), instrument


def mentoring(maker: TieMaker, quota: int) -> None:
    """Experienced stakeholders mentor newer entrepreneurs of their sector or region."""
    rng, drafts, join = maker.rng, maker.drafts, maker.join
    pools = _mentor_pools(maker)
    mentees = [i for i in maker.active if drafts[i].kind == Kind.ENTREPRENEUR
               and drafts[i].stage != Stage.SCALING]
    if not pools or not mentees:
        return
    mentee_draw = Weighted(mentees, [drafts[i].fitness * MENTEE_WEIGHTS[_stage(drafts[i])]
                                     for i in mentees])
    made = draws = 0
    while made < quota and draws < 5 * quota + 100:
        draws += 1
        e = mentee_draw.draw(rng)
        d = drafts[e]
        r = rng.random()
        key = (maker.community[e] if r < MENTOR_NEARBY[0] else d.nuts2 if r < MENTOR_NEARBY[1]
               else d.sectors[0])
        pool = pools.get(key) or pools.get(d.nuts2) or pools.get(d.sectors[0])
        if not pool:
            continue
        m = pool[int(rng.random() * len(pool))]
        if (drafts[m].kind == Kind.ENTREPRENEUR
                and STAGE_RANK[_stage(drafts[m])] <= STAGE_RANK[_stage(d)]):
            continue
        if maker.add(MENTORS, m, e, maker.lag(max(join[m], join[e]))):
            made += 1


def _stage(entrepreneur: Draft) -> Stage:
    """An entrepreneur's stage, which drafting always sets."""
    if entrepreneur.stage is None:
        raise ValueError("an entrepreneur was drafted without a stage")
    return entrepreneur.stage


def _mentor_pools(maker: TieMaker) -> dict[object, list[int]]:
    """Mentors by community, region and sector; listing a mentor more than once makes it more
    likely to be drawn (going concerns that offer mentoring most, other going concerns least)."""
    pools: dict[object, list[int]] = {}
    for i in maker.active:
        d = maker.drafts[i]
        copies = _mentor_copies(d)
        if copies:
            for key in (maker.community[i], d.nuts2, d.sectors[0]):
                pools.setdefault(key, []).extend([i] * copies)
    return pools


def _mentor_copies(d: Draft) -> int:
    mentoring = MENTORING in d.offers
    if d.kind == Kind.ENTREPRENEUR:
        if d.stage not in (Stage.OPERATING, Stage.SCALING):
            return 0
        return 3 if mentoring else 1
    if d.kind in (Kind.SUPPORT_ORGANISATION, Kind.INVESTOR) and mentoring:
        return 2
    return 0
