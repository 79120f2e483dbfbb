"""An in-memory ledger of campaigns, pools, pledges and matches: the reference model that the
property tests drive with the domain's arithmetic, and that the stores' contract tests compare
their answers with."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from graph_models.domain.campaigns import (
    LIVE_MATCHES,
    LIVE_PLEDGES,
    Campaign,
    CampaignState,
    Match,
    MatchState,
    Pledge,
    PledgeState,
    Pool,
)
from graph_models.domain.errors import Conflict
from graph_models.domain.matchfunding import (
    ZERO,
    PoolUse,
    outcome,
    plan_matches,
    settled_match_state,
    settled_pledge_state,
)


@dataclass
class Ledger:
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    pools: dict[str, Pool] = field(default_factory=dict)
    pledges: dict[str, Pledge] = field(default_factory=dict)
    matches: dict[str, Match] = field(default_factory=dict)

    def raised(self, campaign_id: str) -> Decimal:
        pledged = sum((p.amount for p in self.pledges.values()
                       if p.campaign_id == campaign_id and p.state in LIVE_PLEDGES), ZERO)
        return pledged + self.matched(campaign_id)

    def matched(self, campaign_id: str, pool_id: str | None = None) -> Decimal:
        return sum((m.amount for m in self.matches.values() if m.campaign_id == campaign_id
                    and m.state in LIVE_MATCHES and pool_id in (None, m.pool_id)), ZERO)

    def pool_used(self, pool_id: str) -> Decimal:
        return sum((m.amount for m in self.matches.values()
                    if m.pool_id == pool_id and m.state in LIVE_MATCHES), ZERO)

    def uses(self, campaign_id: str, pledger: str) -> list[PoolUse]:
        matched_pools = {m.pool_id for m in self.matches.values()
                         if m.campaign_id == campaign_id and m.state in LIVE_MATCHES
                         and self.pledges[m.pledge_id].pledger == pledger}
        return [PoolUse(pool, self.pool_used(pool.id), self.matched(campaign_id, pool.id),
                        pool.id in matched_pools) for pool in self.pools.values()]

    def pledge(self, pledge: Pledge) -> list[Match]:
        campaign = self.campaigns[pledge.campaign_id]
        if campaign.state_at(pledge.at) != CampaignState.OPEN:
            raise Conflict("closed")
        planned = plan_matches(campaign, pledge.amount, self.uses(campaign.id, pledge.pledger),
                               raised=self.raised(campaign.id), at=pledge.at)
        self.pledges[pledge.id] = pledge
        made = [Match(f"{pledge.id}-{n}", pledge.id, pool_id, campaign.id, euros, pledge.at)
                for n, (pool_id, euros) in enumerate(planned)]
        self.matches.update((m.id, m) for m in made)
        return made

    def withdraw(self, pledge_id: str, at: datetime) -> None:
        pledge = self.pledges[pledge_id]
        campaign = self.campaigns[pledge.campaign_id]
        if pledge.state != PledgeState.ACTIVE or campaign.state_at(at) != CampaignState.OPEN:
            raise Conflict("not active")
        self.pledges[pledge_id] = dataclasses.replace(pledge, state=PledgeState.WITHDRAWN,
                                                      ended_at=at)
        self._end_matches(lambda m: m.pledge_id == pledge_id, MatchState.RELEASED)

    def settle(self, campaign_id: str, at: datetime) -> CampaignState:
        campaign = self.campaigns[campaign_id]
        if campaign.state_at(at) != CampaignState.CLOSING:
            raise Conflict("not closing")
        state = outcome(campaign, self.raised(campaign_id))
        for key, pledge in list(self.pledges.items()):
            if pledge.campaign_id == campaign_id and pledge.state == PledgeState.ACTIVE:
                self.pledges[key] = dataclasses.replace(
                    pledge, state=settled_pledge_state(state), ended_at=at)
        self._end_matches(lambda m: m.campaign_id == campaign_id, settled_match_state(state))
        self.campaigns[campaign_id] = dataclasses.replace(campaign, settled=state,
                                                          settled_at=at)
        return state

    def _end_matches(self, which, state: MatchState) -> None:
        for key, match in list(self.matches.items()):
            if which(match) and match.state == MatchState.ACTIVE:
                self.matches[key] = dataclasses.replace(match, state=state)
