"""The store contract's matchfunding part: campaigns, matching pools, pledges and matches.

A pledge and the matches it triggers are one transaction, computed inside it by
:func:`graph_models.domain.matchfunding.plan_matches` from the pools' live totals as that
transaction finds them, so that pledges at once never take a pool past its cap. Only settling
a funded campaign writes the graph (its FUNDED ties) and moves the version.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.campaigns import (
    Campaign,
    CampaignTotals,
    Match,
    Pledge,
    PledgeResult,
    Pool,
    PublicPledge,
)


class CampaignStore(Protocol):
    """Campaigns and pools, and the pledges and matches between them."""

    def create_campaign(self, campaign: Campaign, *,
                        audit: AuditEntry | None = None) -> Campaign:
        """Insert a new campaign; Conflict if its id is taken."""

    def get_campaign(self, campaign_id: str) -> Campaign:
        """NotFound if absent."""

    def list_campaigns(self) -> list[Campaign]:
        """Every campaign, newest first."""

    def campaign_totals(self, campaign_ids: Sequence[str]) -> dict[str, CampaignTotals]:
        """The live sums of each campaign (zero for one without pledges)."""

    def create_pool(self, pool: Pool, *, audit: AuditEntry | None = None) -> Pool:
        """Insert a new pool; Conflict if its id is taken."""

    def get_pool(self, pool_id: str) -> Pool:
        """NotFound if absent."""

    def list_pools(self) -> list[Pool]:
        """Every pool, newest first."""

    def pool_used(self, pool_ids: Sequence[str]) -> dict[str, Decimal]:
        """The live matches of each pool, in euros."""

    def add_pledge(self, pledge: Pledge, *, audit: AuditEntry | None = None) -> PledgeResult:
        """Insert the pledge and the matches the eligible pools give it, in one transaction.
        NotFound if the campaign is absent; Conflict (``errors["state"]``) unless it is open
        at ``pledge.at``; Conflict if the pledge's id is taken."""

    def create_public_pledge(self, request: PublicPledge, *, mails_per_day: int = 0,
                             audit: AuditEntry | None = None) -> PublicPledge:
        """Keep a public pledge waiting for its e-mail to be confirmed, and count its link
        among those mailed to the address in its day; NotFound if its campaign is absent,
        TooManyRequests (``errors["email"]``, nothing written) if the address had
        ``mails_per_day`` links that day already (0: no limit)."""

    def confirm_public_pledge(self, digest: str, pledge_id: str, at: datetime, *,
                              audit: AuditEntry | None = None) -> PledgeResult:
        """In one transaction: mark the request under ``digest`` confirmed and add its pledge
        (id ``pledge_id``, at ``at``) as :meth:`add_pledge` does. NotFound if no request has
        this digest; Gone (``errors["state"]``) if it was confirmed or has run out, so that
        of two uses at once one fails; Conflict as :meth:`add_pledge`."""

    def get_pledge(self, pledge_id: str) -> PledgeResult:
        """The pledge and its matches; NotFound if absent."""

    def list_pledges(self, *, campaign_id: str | None = None,
                     stakeholder_id: str | None = None,
                     pledger: str | None = None) -> list[Pledge]:
        """The pledges that meet every filter given, newest first."""

    def list_matches(self, *, campaign_id: str | None = None,
                     pool_id: str | None = None) -> list[Match]:
        """The matches that meet every filter given, newest first."""

    def withdraw_pledge(self, pledge_id: str, at: datetime, *,
                        audit: AuditEntry | None = None) -> Pledge:
        """Mark the pledge withdrawn and release its matches, in one transaction; NotFound if
        absent; Conflict (``errors["state"]``) unless it is active and its campaign open."""

    def settle_campaign(self, campaign_id: str, at: datetime, *,
                        audit: AuditEntry | None = None) -> Campaign:
        """At or after the deadline, in one transaction: FUNDED if the live pledges and
        matches reach the minimum (pledges and matches committed, the FUNDED ties of
        :func:`~graph_models.domain.matchfunding.funded_ties` written), else FAILED (pledges
        refunded, matches released). NotFound if absent; Conflict (``errors["state"]``)
        unless the campaign is waiting to be settled at ``at``."""
