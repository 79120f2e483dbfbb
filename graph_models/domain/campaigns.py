"""Matchfunding campaigns: a stakeholder asks the public for money, and matching pools add to
each pledge by their rules.

The service records pledges, matches and commitments; the money itself moves outside it (by
bank transfer or a payment provider), once a campaign is funded. Amounts are euros as
:class:`~decimal.Decimal` with two decimals; the stores keep them as whole cents.

The arithmetic (which pools match a pledge, by how much, and what a deadline settles) is
:mod:`graph_models.domain.matchfunding`.

Examples
--------
>>> from datetime import UTC, datetime
>>> at = datetime(2026, 3, 1, tzinfo=UTC)
>>> campaign = Campaign("c1", "s1", "Solar roof", minimum=Decimal("1000"),
...                     optimum=Decimal("1500"), deadline=datetime(2026, 4, 1, tzinfo=UTC),
...                     region="EL303", created_at=at)
>>> campaign_problems(campaign)
{}
>>> campaign.state_at(datetime(2026, 5, 1, tzinfo=UTC))
<CampaignState.CLOSING: 'closing'>
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from graph_models.domain import vocabularies
from graph_models.domain.errors import Conflict, Gone
from graph_models.domain.stakeholders import Instrument, LegalForm, new_id

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("10000000")  # ten million euros: beyond any SSE campaign or pool
MAX_RATIO = Decimal("10")
PUBLIC_PLEDGE_HOURS = 48


class CampaignState(StrEnum):
    """OPEN takes pledges until its deadline; CLOSING has passed it and waits to be settled;
    FUNDED reached its minimum (pledges and matches committed); FAILED did not (all refunded
    and released)."""

    OPEN = "open"
    CLOSING = "closing"
    FUNDED = "funded"
    FAILED = "failed"


class PledgeState(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    COMMITTED = "committed"
    REFUNDED = "refunded"


class MatchState(StrEnum):
    ACTIVE = "active"
    RELEASED = "released"
    COMMITTED = "committed"


LIVE_PLEDGES = frozenset({PledgeState.ACTIVE, PledgeState.COMMITTED})
LIVE_MATCHES = frozenset({MatchState.ACTIVE, MatchState.COMMITTED})


@dataclass(frozen=True, slots=True)
class Reward:
    """What a pledge of at least ``minimum`` euros receives."""

    minimum: Decimal
    description: str


@dataclass(frozen=True, slots=True)
class Campaign:
    """A stakeholder's campaign. ``region``, ``sectors`` and ``legal_form`` are its
    stakeholder's when it was launched: the pools' eligibility is judged on them, so that a
    later edit of the profile does not change which pools match it mid-way."""

    id: str
    stakeholder_id: str
    title: str
    minimum: Decimal
    optimum: Decimal
    deadline: datetime
    region: str
    created_at: datetime
    description: str = ""
    sectors: tuple[str, ...] = ()
    legal_form: LegalForm | None = None
    rewards: tuple[Reward, ...] = ()
    settled: CampaignState | None = None
    settled_at: datetime | None = None
    created_by: str | None = None

    def state_at(self, at: datetime) -> CampaignState:
        """Settled, open or waiting to be settled at ``at``."""
        if self.settled is not None:
            return self.settled
        return CampaignState.OPEN if at < self.deadline else CampaignState.CLOSING


@dataclass(frozen=True, slots=True)
class Pool:
    """A matching pool: ``owner_id`` (an investor: an ethical bank, a public fund) adds
    ``ratio`` euros to each euro pledged to an eligible campaign, until ``deadline``.

    Limits, each optional: ``per_pledge_cap`` on one pledge's match; ``per_project_cap`` on
    what one campaign receives from the pool, and ``target_share`` of the campaign's optimum
    (the lower of the two holds); ``once_per_pledger`` matches one pledge per pledger and
    campaign (Goteo's rule). ``cap`` is the pool's whole money. Eligibility: the campaign's
    region starts with one of ``regions`` (NUTS prefixes), shares a sector with ``sectors``,
    has one of ``legal_forms``; an empty list admits all."""

    id: str
    owner_id: str
    name: str
    cap: Decimal
    deadline: datetime
    created_at: datetime
    ratio: Decimal = Decimal(1)
    per_pledge_cap: Decimal | None = None
    per_project_cap: Decimal | None = None
    target_share: Decimal | None = None
    once_per_pledger: bool = False
    regions: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    legal_forms: tuple[LegalForm, ...] = ()
    instrument: Instrument = Instrument.GRANT
    created_by: str | None = None


@dataclass(frozen=True, slots=True)
class Pledge:
    """A pledge of ``amount`` to a campaign, by a stakeholder (``stakeholder_id``, made by
    the member ``user_id``) or by a member of the public (``email``, verified by a one-time
    link). ``pledger`` is the key that tells pledgers apart (for ``once_per_pledger``)."""

    id: str
    campaign_id: str
    amount: Decimal
    at: datetime
    pledger: str
    state: PledgeState = PledgeState.ACTIVE
    stakeholder_id: str | None = None
    user_id: str | None = None
    email: str | None = field(default=None, repr=False)
    ended_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """What pool ``pool_id`` adds to pledge ``pledge_id``."""

    id: str
    pledge_id: str
    pool_id: str
    campaign_id: str
    amount: Decimal
    at: datetime
    state: MatchState = MatchState.ACTIVE


@dataclass(frozen=True, slots=True)
class PublicPledge:
    """A pledge by e-mail waiting for its address to be confirmed through a one-time link;
    only the digest of the link's secret is kept (as an invitation's)."""

    id: str
    campaign_id: str
    email: str = field(repr=False)
    amount: Decimal
    digest: str = field(repr=False)
    created_at: datetime
    expires_at: datetime
    confirmed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PledgeResult:
    """A pledge and the matches it triggered, written together."""

    pledge: Pledge
    matches: tuple[Match, ...] = ()


@dataclass(frozen=True, slots=True)
class CampaignTotals:
    """What is public of a campaign's pledges: the live sums and how many pledges."""

    pledged: Decimal = Decimal("0.00")
    matched: Decimal = Decimal("0.00")
    pledges: int = 0

    @property
    def raised(self) -> Decimal:
        """Pledged and matched: what counts against the minimum and the optimum."""
        return self.pledged + self.matched


@dataclass(frozen=True)
class IssuedPublicPledge:
    """A public pledge just asked for, with the secret of its link: mailed once, never kept."""

    request: PublicPledge
    secret: str


def stakeholder_pledger(stakeholder_id: str) -> str:
    """The pledger key of a stakeholder."""
    return "stakeholder:" + stakeholder_id


def email_pledger(email: str) -> str:
    """The pledger key of an e-mail address: its digest, so that the key names nobody.

    >>> email_pledger("Ana@Example.org") == email_pledger(" ana@example.org")
    True
    """
    normal = email.strip().casefold()
    return "email:" + hashlib.sha256(("pledger:" + normal).encode("utf-8")).hexdigest()


def public_pledge_digest(secret: str) -> str:
    """The digest a public pledge is kept under, from the secret its link carries."""
    return hashlib.sha256(("public-pledge:" + secret).encode("utf-8")).hexdigest()


def ask_public_pledge(campaign_id: str, email: str, amount: Decimal, *,
                      at: datetime) -> IssuedPublicPledge:
    """A public pledge to confirm within :data:`PUBLIC_PLEDGE_HOURS` of ``at``."""
    secret = secrets.token_urlsafe(32)
    request = PublicPledge(new_id(), campaign_id, email.strip(), amount,
                           public_pledge_digest(secret), created_at=at,
                           expires_at=at + timedelta(hours=PUBLIC_PLEDGE_HOURS))
    return IssuedPublicPledge(request, secret)


def _add(problems: dict[str, list[str]], name: str, message: str) -> None:
    problems.setdefault(name, []).append(message)


def amount_problem(amount: Decimal | None, *, allow_zero: bool = False) -> str | None:
    """What is wrong with a sum of euros, or None.

    >>> amount_problem(Decimal("10.005")), amount_problem(Decimal("0"))
    ('at most two decimals', 'must be more than 0')
    """
    if amount is None:
        return None
    if not amount.is_finite() or amount != amount.quantize(CENT):
        return "at most two decimals"
    if amount < 0 or (amount == 0 and not allow_zero):
        return "must be more than 0"
    if amount > MAX_AMOUNT:
        return "at most 10000000"
    return None


def campaign_problems(campaign: Campaign) -> dict[str, list[str]]:
    """Every rule ``campaign`` breaks, by field; an empty dict when it is sound."""
    problems: dict[str, list[str]] = {}
    if not campaign.title.strip():
        _add(problems, "title", "must not be blank")
    for name in ("minimum", "optimum"):
        problem = amount_problem(getattr(campaign, name))
        if problem:
            _add(problems, name, problem)
    if not problems and campaign.optimum < campaign.minimum:
        _add(problems, "optimum", "must not be below the minimum")
    if campaign.deadline <= campaign.created_at:
        _add(problems, "deadline", "must be in the future")
    for index, reward in enumerate(campaign.rewards):
        problem = amount_problem(reward.minimum)
        if problem or not reward.description.strip():
            _add(problems, "rewards", f"reward {index + 1}: an amount and a description")
    return problems


def pool_problems(pool: Pool) -> dict[str, list[str]]:
    """Every rule ``pool`` breaks, by field; an empty dict when it is sound."""
    problems: dict[str, list[str]] = {}
    if not pool.name.strip():
        _add(problems, "name", "must not be blank")
    for name in ("cap", "per_pledge_cap", "per_project_cap"):
        problem = amount_problem(getattr(pool, name))
        if problem:
            _add(problems, name, problem)
    if not Decimal(0) < pool.ratio <= MAX_RATIO or pool.ratio != pool.ratio.quantize(CENT):
        _add(problems, "ratio", "more than 0, at most 10, two decimals at most")
    if pool.target_share is not None and not Decimal(0) < pool.target_share <= 1:
        _add(problems, "target_share", "more than 0 and at most 1")
    if pool.deadline <= pool.created_at:
        _add(problems, "deadline", "must be in the future")
    unknown = [code for code in pool.regions if not vocabularies.is_region(code)]
    if unknown:
        _add(problems, "regions", f"unknown NUTS region code: {', '.join(unknown)}")
    unknown = [code for code in pool.sectors if not vocabularies.is_sector(code)]
    if unknown:
        _add(problems, "sectors", f"unknown sector: {', '.join(unknown)}")
    return problems


def wrong_state(what: str, state: str, past: str) -> Conflict:
    """The Conflict of a step the ``what`` (a campaign, a pledge) no longer allows in its
    ``state``.

    >>> wrong_state("campaign", "funded", "pledged to").errors
    {'state': ['funded']}
    """
    return Conflict(f"the {what} is {state}; it cannot be {past} now", errors={"state": [state]})


def link_used_up(state: str) -> Gone:
    """The Gone of a public pledge's link that was used (``confirmed``) or ran out
    (``expired``)."""
    return Gone(f"the pledge link is {state}: pledge again", errors={"state": [state]})
