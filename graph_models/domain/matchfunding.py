"""The arithmetic of matchfunding: which pools match a pledge and by how much, what a deadline
settles, and the FUNDED ties a funded campaign leaves in the graph.

Pure functions of plain values; the stores call them inside the transaction that writes the
pledge, with the pools' totals read (and locked) there, so that two pledges at once cannot
both spend a pool's last euros.

The rules, in the order they apply to one pledge of ``amount``:

1. A pool matches only while the campaign is open, before the pool's own deadline, and when
   the campaign is eligible (region under one of its NUTS prefixes, a shared sector, one of its
   legal forms; an empty list admits all).
2. Pools are applied **earliest deadline first** (then the older pool, then the smaller id):
   money that runs out soonest is used first, and the order is the same in every store.
3. Each pool adds ``ratio × amount`` (rounded down to the cent), lowered to its per-pledge cap,
   to what is left of its per-project cap (and of ``target_share × optimum``), to what is left
   of its whole cap; nothing if ``once_per_pledger`` and this pledger has a live match from it
   on this campaign.
4. Matching never takes a campaign past its optimum: pledges, and matches until the optimum.

A match is live while ACTIVE or COMMITTED; releasing it (a withdrawn pledge, a failed
campaign) gives its money back to the pool. At the deadline a campaign whose live pledges and
matches reach its minimum is FUNDED (all or nothing), else FAILED.

Examples
--------
>>> from datetime import UTC, datetime
>>> at = datetime(2026, 3, 1, tzinfo=UTC)
>>> later = datetime(2026, 6, 1, tzinfo=UTC)
>>> c = Campaign("c", "s", "Roof", minimum=Decimal(1000), optimum=Decimal(2000),
...              deadline=later, region="EL303", created_at=at)
>>> p = Pool("p", "bank", "City fund", cap=Decimal(500), deadline=later, created_at=at,
...          per_pledge_cap=Decimal(100))
>>> plan_matches(c, Decimal(150), [PoolUse(p, used=Decimal(450))], raised=Decimal(0), at=at)
[('p', Decimal('50.00'))]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from graph_models.domain.campaigns import (
    CENT,
    Campaign,
    CampaignState,
    Match,
    MatchState,
    Pledge,
    PledgeState,
    Pool,
)
from graph_models.domain.stakeholders import Instrument, Kind, LegalForm, Tie, TieType

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class PoolUse:
    """A pool as a pledge finds it: ``used`` is its live matches everywhere, ``here`` those
    on the pledge's campaign, ``pledger_matched`` whether this pledger has one of them."""

    pool: Pool
    used: Decimal = ZERO
    here: Decimal = ZERO
    pledger_matched: bool = False


def eligible(pool: Pool, campaign: Campaign, at: datetime) -> bool:
    """Whether ``pool`` matches pledges to ``campaign`` made at ``at`` (rule 1)."""
    if at >= pool.deadline or campaign.state_at(at) != CampaignState.OPEN:
        return False
    return not unmet_rules(pool, campaign.region, campaign.sectors, campaign.legal_form)


def unmet_rules(pool: Pool, region: str, sectors: Iterable[str],
                legal_form: LegalForm | None) -> tuple[str, ...]:
    """The eligibility rules of ``pool`` that a campaign from ``region`` with ``sectors`` and
    ``legal_form`` breaks, named by the pool's fields (``regions``, ``sectors``,
    ``legal_forms``): rule 1 without the dates; empty when the campaign is eligible.

    >>> from datetime import UTC, datetime
    >>> t = datetime(2026, 1, 1, tzinfo=UTC)
    >>> pool = Pool("p", "o", "x", Decimal(9000), t, t, regions=("EL3",),
    ...             legal_forms=(LegalForm.KOINSEP,))
    >>> unmet_rules(pool, "EL303", (), LegalForm.KOINSEP), unmet_rules(pool, "EL43", (), None)
    ((), ('regions', 'legal_forms'))
    """
    unmet = []
    if pool.regions and not any(region.startswith(prefix) for prefix in pool.regions):
        unmet.append("regions")
    if pool.sectors and not set(pool.sectors) & set(sectors):
        unmet.append("sectors")
    if pool.legal_forms and legal_form not in pool.legal_forms:
        unmet.append("legal_forms")
    return tuple(unmet)


def open_pools(uses: Iterable[PoolUse], at: datetime) -> list[PoolUse]:
    """The pools of ``uses`` that may still match a pledge made at ``at`` (before their
    deadline, with money left), in the order they match (rule 2)."""
    return sorted((use for use in uses if at < use.pool.deadline and use.used < use.pool.cap),
                  key=lambda use: match_order(use.pool))


def match_order(pool: Pool) -> tuple[datetime, datetime, str]:
    """The order pools match one pledge in (rule 2): earliest deadline, then oldest, then id."""
    return (pool.deadline, pool.created_at, pool.id)


def project_cap(pool: Pool, campaign: Campaign) -> Decimal | None:
    """The most ``pool`` gives ``campaign`` in all, or None for no limit.

    >>> from datetime import UTC, datetime
    >>> t = datetime(2026, 1, 1, tzinfo=UTC)
    >>> c = Campaign("c", "s", "x", Decimal(500), Decimal(1000), t, "EL3", t)
    >>> project_cap(Pool("p", "o", "x", Decimal(9000), t, t, target_share=Decimal("0.25"),
    ...                  per_project_cap=Decimal(400)), c)
    Decimal('250.00')
    """
    caps = [cap for cap in (pool.per_project_cap,) if cap is not None]
    if pool.target_share is not None:
        caps.append((pool.target_share * campaign.optimum).quantize(CENT, ROUND_DOWN))
    return min(caps) if caps else None


def pool_match(use: PoolUse, campaign: Campaign, amount: Decimal) -> Decimal:
    """What one pool adds to a pledge of ``amount`` (rule 3), before the optimum's limit."""
    pool = use.pool
    if pool.once_per_pledger and use.pledger_matched:
        return ZERO
    limits = [(pool.ratio * amount).quantize(CENT, ROUND_DOWN), pool.cap - use.used]
    if pool.per_pledge_cap is not None:
        limits.append(pool.per_pledge_cap)
    cap = project_cap(pool, campaign)
    if cap is not None:
        limits.append(cap - use.here)
    return max(ZERO, min(limits)).quantize(CENT)


def plan_matches(campaign: Campaign, amount: Decimal, uses: Iterable[PoolUse], *,
                 raised: Decimal, at: datetime) -> list[tuple[str, Decimal]]:
    """The matches of a pledge of ``amount`` to ``campaign`` at ``at``: (pool id, euros) in
    the order applied, none of zero. ``raised`` is the campaign's live pledges and matches
    before this pledge; ``uses`` the pools as the pledge finds them."""
    room = max(ZERO, campaign.optimum - raised - amount)
    planned = []
    for use in sorted(uses, key=lambda u: match_order(u.pool)):
        if room <= 0:
            break
        if not eligible(use.pool, campaign, at):
            continue
        euros = min(pool_match(use, campaign, amount), room)
        if euros > 0:
            planned.append((use.pool.id, euros))
            room -= euros
    return planned


def outcome(campaign: Campaign, raised: Decimal) -> CampaignState:
    """FUNDED when the live pledges and matches ``raised`` reach the minimum, else FAILED."""
    return CampaignState.FUNDED if raised >= campaign.minimum else CampaignState.FAILED


def settled_pledge_state(state: CampaignState) -> PledgeState:
    """What an active pledge becomes when its campaign settles as ``state``."""
    return PledgeState.COMMITTED if state == CampaignState.FUNDED else PledgeState.REFUNDED


def settled_match_state(state: CampaignState) -> MatchState:
    """What an active match becomes when its campaign settles as ``state``."""
    return MatchState.COMMITTED if state == CampaignState.FUNDED else MatchState.RELEASED


def funded_ties(campaign: Campaign, pledges: Iterable[Pledge], matches: Iterable[Match],
                pools: Mapping[str, Pool], kinds: Mapping[str, Kind], *,
                at: datetime) -> list[Tie]:
    """The FUNDED ties of a funded campaign: each pool's owner and each pledging stakeholder
    to the campaign's stakeholder, with the committed euros; the pools' instruments, and
    crowdfunding for pledges. The graph's FUNDED joins an investor to an entrepreneur, so
    only the pairs of those kinds (``kinds``, by id) become ties; public pledges name nobody.
    Each tie's external id names the campaign and the funder, so writing them twice does not
    double them."""
    given: dict[tuple[str, Instrument], Decimal] = defaultdict(Decimal)
    for match in matches:
        if match.state == MatchState.COMMITTED:
            pool = pools[match.pool_id]
            given[(pool.owner_id, pool.instrument)] += match.amount
    for pledge in pledges:
        if pledge.state == PledgeState.COMMITTED and pledge.stakeholder_id is not None:
            given[(pledge.stakeholder_id, Instrument.CROWDFUNDING)] += pledge.amount
    target = campaign.stakeholder_id
    return [Tie(id=f"{campaign.id}-{funder}-{instrument.value}", type=TieType.FUNDED,
                source=funder, target=target, since=at.date(), amount=float(euros),
                instrument=instrument,
                external_id=f"campaign:{campaign.id}:{funder}:{instrument.value}",
                created_at=at, updated_at=at)
            for (funder, instrument), euros in sorted(given.items())
            if funder != target and funder in kinds and target in kinds
            and TieType.FUNDED.allows(kinds[funder], kinds[target])]
