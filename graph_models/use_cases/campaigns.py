"""The use cases of matchfunding: campaigns launched by a stakeholder's members, pools defined
by an investor's members, pledges by stakeholders and by the public (an e-mail address proven
by a one-time link), and the settling of a campaign at its deadline.

Campaigns, pools and their totals are public; a pledge is seen by whoever made it (the members
of its stakeholder), by the coordinators of the campaign's region and by admins. The service
records pledges and commitments only: the money moves outside it.

Examples
--------
>>> import tempfile
>>> from datetime import timedelta
>>> from graph_models.stores import open_store
>>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/campaigns.db")
>>> store.ensure_schema()
>>> from graph_models.use_cases.common import new_stakeholder
>>> coop = store.create_stakeholder(new_stakeholder(
...     {"kind": "entrepreneur", "name": "Κοιν.Σ.Επ. Ήλιος", "region": "EL522"}, now()))
>>> bank = store.create_stakeholder(new_stakeholder(
...     {"kind": "investor", "name": "Ηθική Τράπεζα", "region": "EL30"}, now()))
>>> desk = Campaigns(store)
>>> deadline = now() + timedelta(days=30)
>>> campaign = desk.launch(coop.id, {"title": "Φούρνος", "minimum": Decimal(1000),
...                                  "optimum": Decimal(1500), "deadline": deadline})
>>> pool = desk.define_pool(bank.id, {"name": "1:1", "cap": Decimal(5000),
...                                   "deadline": deadline, "per_pledge_cap": Decimal(100)})
>>> [m.amount for m in desk.pledge(campaign.id, bank.id, Decimal(250)).matches]
[Decimal('100.00')]
>>> desk.campaign(campaign.id).totals.raised
Decimal('350.00')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.campaigns import (
    CENT,
    Campaign,
    CampaignState,
    CampaignTotals,
    IssuedPublicPledge,
    Pledge,
    PledgeResult,
    Pool,
    Reward,
    amount_problem,
    ask_public_pledge,
    campaign_problems,
    pool_problems,
    public_pledge_digest,
    stakeholder_pledger,
    wrong_state,
)
from graph_models.domain.errors import Forbidden, InvalidInput, NotFound
from graph_models.domain.matchfunding import eligible, match_order
from graph_models.domain.pledger_privacy import DEFAULT_RULES, PledgerRules
from graph_models.domain.policy import Action, Relation, Resource
from graph_models.domain.stakeholders import Instrument, Kind, LegalForm, Stakeholder, new_id, now
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import audit

CAMPAIGN_FIELDS = ("title", "description", "minimum", "optimum", "deadline", "rewards")
POOL_FIELDS = ("name", "cap", "deadline", "ratio", "per_pledge_cap", "per_project_cap",
               "target_share", "once_per_pledger", "regions", "sectors", "legal_forms",
               "instrument")


@dataclass(frozen=True)
class CampaignView:
    """A campaign as anyone may read it: whose it is, where it stands, its public totals."""

    campaign: Campaign
    stakeholder_name: str
    state: CampaignState
    totals: CampaignTotals


@dataclass(frozen=True)
class PoolView:
    """A pool as anyone may read it: whose it is and how much of it is spoken for."""

    pool: Pool
    owner_name: str
    used: Decimal

    @property
    def left(self) -> Decimal:
        return self.pool.cap - self.used


def _problems(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise InvalidInput(message, errors=errors)


class Campaigns:
    """Matchfunding over one store."""

    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = now,
                 pledger_rules: PledgerRules = DEFAULT_RULES):
        self.store = store
        self._clock = clock
        self._mails_per_day = pledger_rules.mails_per_day
        # A campaign's stakeholder and region never change: a pledge reads them from here
        # rather than in a transaction of its own (the store checks the rest as it writes).
        self._owners: dict[str, tuple[str, str]] = {}

    # -- campaigns ------------------------------------------------------------------------------

    def launch(self, stakeholder_id: str, fields: dict, *,
               actor: User | None = None) -> Campaign:
        """Launch a campaign of an entrepreneur (the FUNDED ties it may bring go to one); its
        region, sectors and legal form are the stakeholder's now, for the pools to judge."""
        stakeholder = self._stakeholder(stakeholder_id, "stakeholder_id")
        policy.require(actor, Resource.CAMPAIGN, Action.CREATE, stakeholder)
        if stakeholder.kind != Kind.ENTREPRENEUR:
            raise InvalidInput("a campaign is an entrepreneur's", errors={
                "stakeholder_id": ["not an entrepreneur"]})
        at = self._clock()
        rewards = tuple(Reward(r["minimum"], r["description"]) for r in fields.get("rewards", ()))
        campaign = Campaign(
            new_id(), stakeholder.id, fields["title"], fields["minimum"], fields["optimum"],
            fields["deadline"], stakeholder.region, at, fields.get("description", ""),
            stakeholder.sectors, stakeholder.legal_form, rewards,
            created_by=actor.id if actor else None)
        _problems(campaign_problems(campaign), "the campaign breaks a rule")
        campaign = dataclasses.replace(
            campaign, minimum=campaign.minimum.quantize(CENT),
            optimum=campaign.optimum.quantize(CENT), rewards=tuple(
                Reward(r.minimum.quantize(CENT), r.description) for r in campaign.rewards))
        return self.store.create_campaign(campaign, audit=audit(
            actor, "campaign.launch", "campaign", campaign.id, region=campaign.region,
            fields=tuple(fields)))

    def list_campaigns(self) -> list[CampaignView]:
        """Every campaign, newest first, with its public totals."""
        campaigns = self.store.list_campaigns()
        return self._views(campaigns)

    def campaign(self, campaign_id: str) -> CampaignView:
        """One campaign with its public totals; NotFound if absent."""
        return self._views([self.store.get_campaign(campaign_id)])[0]

    def _views(self, campaigns: list[Campaign]) -> list[CampaignView]:
        totals = self.store.campaign_totals([c.id for c in campaigns])
        names = self._names({c.stakeholder_id for c in campaigns})
        at = self._clock()
        return [CampaignView(c, names.get(c.stakeholder_id, ""), c.state_at(at), totals[c.id])
                for c in campaigns]

    def settle(self, campaign_id: str, *, actor: User | None = None) -> CampaignView:
        """Settle a campaign whose deadline has passed: funded (committed, FUNDED ties
        written) or failed (refunded, released). Its members, its region's coordinators,
        admins, or the system."""
        campaign = self.store.get_campaign(campaign_id)
        self._require_campaign(actor, campaign, Action.UPDATE)
        settled = self.store.settle_campaign(campaign_id, self._clock(), audit=audit(
            actor, "campaign.settle", "campaign", campaign_id, region=campaign.region))
        return self._views([settled])[0]

    def campaign_pledges(self, campaign_id: str, *, actor: User | None = None) -> list[Pledge]:
        """Every pledge of a campaign, for those who oversee it: the coordinators of its
        region and admins (its own members read its totals, like everyone)."""
        campaign = self.store.get_campaign(campaign_id)
        self._require_campaign(actor, campaign, Action.READ_PRIVATE)
        return self.store.list_pledges(campaign_id=campaign_id)

    def _require_campaign(self, actor: User | None, campaign: Campaign, action: Action) -> None:
        if actor is None:
            return
        relation = policy.relation(actor, campaign.stakeholder_id, campaign.region, True)
        if not policy.allows(actor, Resource.CAMPAIGN, action, relation):
            raise Forbidden(f"you may not {action.value} this {Resource.CAMPAIGN.value}")

    # -- pools ----------------------------------------------------------------------------------

    def define_pool(self, owner_id: str, fields: dict, *, actor: User | None = None) -> Pool:
        """Define a matching pool of an investor (an ethical bank, a public fund) by its rules
        (see :class:`~graph_models.domain.campaigns.Pool`)."""
        owner = self._stakeholder(owner_id, "owner_id")
        policy.require(actor, Resource.POOL, Action.CREATE, owner)
        if owner.kind != Kind.INVESTOR:
            raise InvalidInput("a pool is an investor's", errors={
                "owner_id": ["not an investor"]})
        values = {name: fields[name] for name in POOL_FIELDS if fields.get(name) is not None}
        values["regions"] = tuple(values.get("regions", ()))
        values["sectors"] = tuple(values.get("sectors", ()))
        values["legal_forms"] = tuple(LegalForm(f) for f in values.get("legal_forms", ()))
        values["instrument"] = Instrument(values.get("instrument", Instrument.GRANT))
        pool = Pool(id=new_id(), owner_id=owner.id, created_at=self._clock(),
                    created_by=actor.id if actor else None, **values)
        _problems(pool_problems(pool), "the pool breaks a rule")
        pool = dataclasses.replace(pool, **{name: getattr(pool, name).quantize(CENT) for name in (
            "cap", "per_pledge_cap", "per_project_cap") if getattr(pool, name) is not None})
        return self.store.create_pool(pool, audit=audit(
            actor, "pool.define", "pool", pool.id, region=owner.region, fields=tuple(fields)))

    def list_pools(self) -> list[PoolView]:
        """Every pool, newest first, with what is spoken for."""
        pools = self.store.list_pools()
        used = self.store.pool_used([p.id for p in pools])
        names = self._names({p.owner_id for p in pools})
        return [PoolView(p, names.get(p.owner_id, ""), used[p.id]) for p in pools]

    def pools_for(self, campaign: Campaign) -> list[PoolView]:
        """The pools that would match a pledge to ``campaign`` now, in the order they match."""
        at = self._clock()
        found = [view for view in self.list_pools() if eligible(view.pool, campaign, at)]
        return sorted(found, key=lambda view: match_order(view.pool))

    # -- pledges --------------------------------------------------------------------------------

    def pledge(self, campaign_id: str, stakeholder_id: str, amount: Decimal, *,
               actor: User | None = None) -> PledgeResult:
        """Pledge ``amount`` euros to a campaign for one's stakeholder; the eligible pools
        match it at once. Conflict unless the campaign is open."""
        pledger = self._stakeholder(stakeholder_id, "stakeholder_id")
        policy.require(actor, Resource.PLEDGE, Action.CREATE, pledger)
        owner, region = self._owner(campaign_id)
        self._check_amount(amount)
        if owner == pledger.id:
            raise InvalidInput("a campaign's own stakeholder does not pledge to it",
                               errors={"stakeholder_id": ["the campaign's own stakeholder"]})
        pledge = Pledge(new_id(), campaign_id, amount.quantize(CENT), self._clock(),
                        stakeholder_pledger(pledger.id), stakeholder_id=pledger.id,
                        user_id=actor.id if actor else None)
        return self.store.add_pledge(pledge, audit=audit(
            actor, "pledge.make", "campaign", campaign_id, region=region))

    def _owner(self, campaign_id: str) -> tuple[str, str]:
        """The stakeholder and region of a campaign; NotFound if there is none."""
        found = self._owners.get(campaign_id)
        if found is None:
            campaign = self.store.get_campaign(campaign_id)
            found = self._owners[campaign_id] = (campaign.stakeholder_id, campaign.region)
        return found

    def ask_public_pledge(self, campaign_id: str, email: str,
                          amount: Decimal) -> IssuedPublicPledge:
        """A pledge by e-mail, to be confirmed through the link mailed to that address (no
        account needed); it counts once confirmed. Conflict unless the campaign is open;
        TooManyRequests once the address had its day's links (whoever asked for them)."""
        campaign = self.store.get_campaign(campaign_id)
        self._check_amount(amount)
        at = self._clock()
        state = campaign.state_at(at)
        if state != CampaignState.OPEN:
            raise wrong_state("campaign", state.value, "pledged to")
        issued = ask_public_pledge(campaign_id, email, amount.quantize(CENT), at=at)
        self.store.create_public_pledge(
            issued.request, mails_per_day=self._mails_per_day, audit=audit(
                None, "pledge.ask_public", "campaign", campaign_id, region=campaign.region))
        return issued

    def confirm_public_pledge(self, secret: str) -> PledgeResult:
        """Confirm a public pledge with its link's secret (the link is the proof of the
        address): it counts, and the pools match it now. Gone once used or run out."""
        return self.store.confirm_public_pledge(public_pledge_digest(secret), new_id(),
                                                self._clock())

    def my_pledges(self, *, actor: User) -> list[Pledge]:
        """The pledges of the actor's stakeholders, newest first."""
        policy.require_some(actor, Resource.PLEDGE, Action.LIST)
        found = {p.id: p for stakeholder_id in actor.memberships
                 for p in self.store.list_pledges(stakeholder_id=stakeholder_id)}
        return sorted(found.values(), key=lambda p: (p.at, p.id), reverse=True)

    def pledge_of(self, pledge_id: str, *, actor: User | None = None) -> PledgeResult:
        """One pledge with its matches: for its pledger, the campaign's overseers, admins."""
        result = self.store.get_pledge(pledge_id)
        if not self._may_see(actor, result.pledge):
            raise NotFound(f"no pledge with id {pledge_id}")
        return result

    def withdraw(self, pledge_id: str, *, actor: User | None = None) -> Pledge:
        """Withdraw one's pledge while the campaign is open; its matches go back to the
        pools."""
        pledge = self.store.get_pledge(pledge_id).pledge
        campaign = self.store.get_campaign(pledge.campaign_id)
        if actor is not None:
            mine = pledge.stakeholder_id is not None and actor.is_member_of(pledge.stakeholder_id)
            relation = Relation.OWN if mine else (
                Relation.IN_SCOPE if policy.coordinates(actor, campaign.region)
                else Relation.HIDDEN)
            if not policy.allows(actor, Resource.PLEDGE, Action.UPDATE, relation):
                if self._may_see(actor, pledge):
                    raise Forbidden(f"you may not {Action.UPDATE.value} this "
                                    f"{Resource.PLEDGE.value}")
                raise NotFound(f"no pledge with id {pledge_id}")
        return self.store.withdraw_pledge(pledge_id, self._clock(), audit=audit(
            actor, "pledge.withdraw", "campaign", campaign.id, region=campaign.region))

    def _may_see(self, actor: User | None, pledge: Pledge) -> bool:
        if actor is None or (pledge.stakeholder_id and actor.is_member_of(pledge.stakeholder_id)):
            return True
        campaign = self.store.get_campaign(pledge.campaign_id)
        relation = policy.relation(actor, campaign.stakeholder_id, campaign.region, True)
        return policy.allows(actor, Resource.CAMPAIGN, Action.READ_PRIVATE, relation)

    # -- shared ---------------------------------------------------------------------------------

    def _stakeholder(self, stakeholder_id: str, field: str) -> Stakeholder:
        try:
            return self.store.get_stakeholder(stakeholder_id)
        except NotFound:
            raise InvalidInput("no such stakeholder", errors={
                field: [f"no stakeholder with id {stakeholder_id}"]}) from None

    @staticmethod
    def _check_amount(amount: Decimal) -> None:
        problem = amount_problem(amount)
        if problem:
            raise InvalidInput("the amount breaks a rule", errors={"amount": [problem]})

    def stakeholders_of(self, actor: User | None, kind: Kind) -> list[Stakeholder]:
        """The actor's stakeholders of ``kind`` (those it may pledge for, launch a campaign
        or define a pool of), by name."""
        if actor is None or not actor.memberships:
            return []
        found = self.store.get_stakeholders(list(actor.memberships)).values()
        return sorted((s for s in found if s.kind == kind), key=lambda s: (s.name, s.id))

    def _names(self, ids: set[str]) -> dict[str, str]:
        return {s.id: s.name for s in self.store.get_stakeholders(sorted(ids)).values()}
