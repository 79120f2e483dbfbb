"""The Neo4j store's matchfunding: ``:Campaign`` and ``:MatchPool`` nodes keep their record as
JSON text; ``:Pledge``, ``:PoolMatch`` and ``:PublicPledge`` nodes keep their fields, sums in
whole cents, times as native DateTime.

A pledge locks its campaign, then each pool that may match it in id order, before it reads
their totals: pledges to one campaign, or drawing on one pool, run one after the other, and in
one order, so they cannot deadlock.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import neo4j

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.campaign_records import (
    campaign_from_json,
    campaign_json,
    cents,
    euros,
    pool_from_json,
    pool_json,
)
from graph_models.domain.campaigns import (
    Campaign,
    CampaignState,
    CampaignTotals,
    Match,
    MatchState,
    Pledge,
    PledgeResult,
    PledgeState,
    Pool,
    PublicPledge,
    email_pledger,
    link_used_up,
    wrong_state,
)
from graph_models.domain.errors import Conflict, no_such, not_found
from graph_models.domain.matchfunding import (
    PoolUse,
    eligible,
    funded_ties,
    outcome,
    plan_matches,
    settled_match_state,
    settled_pledge_state,
)
from graph_models.domain.stakeholders import Kind
from graph_models.stores.neo4j.connection import Neo4jConnection
from graph_models.stores.neo4j.cypher import as_datetime, lock, read_datetime, send_datetime
from graph_models.stores.neo4j.pledger_addresses import count_pledge_mail
from graph_models.stores.neo4j.ties import create_tie_unless_known

LIVE_MATCHES = [MatchState.ACTIVE.value, MatchState.COMMITTED.value]
PLEDGE = ("[p.id, p.campaign_id, p.cents, toString(p.at), p.pledger, p.state, p.stakeholder_id, "
          "p.user_id, p.email, toString(p.ended_at)] AS p")
MATCH = ("[m.id, m.pledge_id, m.pool_id, m.campaign_id, m.cents, toString(m.at), m.state] AS m")
CREATE_PLEDGE = ("CREATE (p:Pledge) SET p.id = $id, p.campaign_id = $campaign_id, "
                 "p.cents = $cents, p.at = " + as_datetime("$at") + ", p.pledger = $pledger, "
                 "p.state = $state, p.stakeholder_id = $stakeholder_id, p.user_id = $user_id, "
                 "p.email = $email")
CREATE_MATCHES = ("UNWIND $rows AS row CREATE (m:PoolMatch) SET m.id = row.id, "
                  "m.pledge_id = row.pledge_id, m.pool_id = row.pool_id, "
                  "m.campaign_id = row.campaign_id, m.pledger = row.pledger, "
                  "m.cents = row.cents, m.at = " + as_datetime("row.at") + ", m.state = 'active'")
# The live sums are kept on the campaign and pool nodes, and on a PoolCampaignTotal node per
# pool and campaign, by the writes that change them (see _count): a pledge reads them at once
# however many pledges came before it.
POOL_USES = ("UNWIND $ids AS pid MATCH (p:MatchPool {id: pid}) "
             "OPTIONAL MATCH (t:PoolCampaignTotal {pool_id: pid, campaign_id: $campaign}) "
             "RETURN pid, p.used_cents AS used, t.cents AS here, "
             "EXISTS { MATCH (m:PoolMatch {campaign_id: $campaign, pledger: $pledger}) "
             "WHERE m.pool_id = pid AND m.state IN $live } AS matched")
TOTALS = ("MATCH (c:Campaign {id: $id}) "
          "RETURN c.pledged_cents AS pledged, c.pledges AS n, c.matched_cents AS matched")
COUNT = ("MATCH (c:Campaign {id: $campaign_id}) SET c.pledged_cents = c.pledged_cents + "
         "$pledged, c.pledges = c.pledges + $pledges, c.matched_cents = c.matched_cents + "
         "$matched WITH c UNWIND $changes AS row MATCH (p:MatchPool {id: row.pool}) "
         "SET p.used_cents = p.used_cents + row.cents "
         "MERGE (t:PoolCampaignTotal {pool_id: row.pool, campaign_id: c.id}) "
         "ON CREATE SET t.cents = row.cents ON MATCH SET t.cents = t.cents + row.cents")
ACTIVE_MATCHES_OF = {
    "pledge_id": "MATCH (m:PoolMatch {pledge_id: $id}) WHERE m.state = 'active' "
                 "RETURN m.pool_id AS pool, m.cents AS cents",
    "campaign_id": "MATCH (m:PoolMatch {campaign_id: $id}) WHERE m.state = 'active' "
                   "RETURN m.pool_id AS pool, m.cents AS cents",
}


def _pledge(row: list[Any]) -> Pledge:
    (pledge_id, campaign_id, amount, at, pledger, state, stakeholder_id, user_id, email,
     ended_at) = row
    return Pledge(pledge_id, campaign_id, euros(amount), read_datetime(at), pledger,
                  PledgeState(state), stakeholder_id, user_id, email, read_datetime(ended_at))


def _match(row: list[Any]) -> Match:
    match_id, pledge_id, pool_id, campaign_id, amount, at, state = row
    return Match(match_id, pledge_id, pool_id, campaign_id, euros(amount), read_datetime(at),
                 MatchState(state))


def _locked_campaign(tx: neo4j.ManagedTransaction, campaign_id: str,
                     ) -> tuple[Campaign, CampaignTotals, list[Pool]]:
    """The campaign and its live sums, read after taking its write lock, and every pool (whose
    records never change), by id."""
    tx.run("MATCH (c:Campaign {id: $id}) " + lock("c"), id=campaign_id).consume()
    record = tx.run(TOTALS + ", c.record AS record, COLLECT { MATCH (p:MatchPool) "
                    "RETURN p.record ORDER BY p.id } AS pools", id=campaign_id).single()
    if record is None:
        raise not_found("campaign", campaign_id)
    return campaign_from_json(record["record"]), CampaignTotals(
        euros(record["pledged"]), euros(record["matched"]), record["n"]), [
        pool_from_json(text) for text in record["pools"]]


def _totals(tx: neo4j.ManagedTransaction, campaign_id: str) -> CampaignTotals:
    record = tx.run(TOTALS, id=campaign_id).single()
    if record is None:
        return CampaignTotals()
    return CampaignTotals(euros(record["pledged"]), euros(record["matched"]), record["n"])


def _lock_pools(tx: neo4j.ManagedTransaction, pool_ids: list[str]) -> None:
    """Take the write locks of these pools, in id order (as every write takes them)."""
    tx.run("UNWIND $ids AS id MATCH (p:MatchPool {id: id}) WITH p ORDER BY p.id " + lock("p"),
           ids=sorted(set(pool_ids))).consume()


def _count(tx: neo4j.ManagedTransaction, campaign_id: str, pledged: int, pledges: int,
           matches: list[tuple[str, int]]) -> None:
    """Add a change of the campaign to the live sums: cents pledged, pledges, and cents matched
    by each pool (negative numbers take away). The caller holds the locks of the campaign and
    of the pools."""
    tx.run(COUNT, campaign_id=campaign_id, pledged=pledged, pledges=pledges,
           matched=sum(c for _, c in matches),
           changes=[{"pool": pool_id, "cents": c} for pool_id, c in matches]).consume()


def _active_matches(tx: neo4j.ManagedTransaction, of: str, value: str) -> list[tuple[str, int]]:
    """The (pool, cents taken away) of the active matches of a pledge or a campaign (``of``:
    ``pledge_id`` or ``campaign_id``)."""
    return [(r["pool"], -r["cents"]) for r in tx.run(ACTIVE_MATCHES_OF[of], id=value)]


def _uses(tx: neo4j.ManagedTransaction, campaign: Campaign, pools: list[Pool],
          pledge: Pledge) -> list[PoolUse]:
    """The pools that may match the pledge, locked in id order, with their live totals."""
    pools = [pool for pool in pools if eligible(pool, campaign, pledge.at)]
    _lock_pools(tx, [pool.id for pool in pools])
    totals = {record["pid"]: record for record in tx.run(
        POOL_USES, ids=[pool.id for pool in pools], live=LIVE_MATCHES, campaign=campaign.id,
        pledger=pledge.pledger)}
    return [PoolUse(pool, euros(totals[pool.id]["used"]), euros(totals[pool.id]["here"]),
                    totals[pool.id]["matched"] == 1) for pool in pools]


def _insert_pledge(tx: neo4j.ManagedTransaction, pledge: Pledge) -> PledgeResult:
    campaign, totals, pools = _locked_campaign(tx, pledge.campaign_id)
    state = campaign.state_at(pledge.at)
    if state != CampaignState.OPEN:
        raise wrong_state("campaign", state.value, "pledged to")
    uses = _uses(tx, campaign, pools, pledge)
    planned = plan_matches(campaign, pledge.amount, uses, raised=totals.raised, at=pledge.at)
    matches = tuple(Match(f"{pledge.id}-{n}", pledge.id, pool_id, campaign.id, amount, pledge.at)
                    for n, (pool_id, amount) in enumerate(planned))
    # The pledge, its matches and the sums they change, in one statement.
    changes = [{"pool": m.pool_id, "cents": cents(m.amount)} for m in matches]
    tx.run(CREATE_PLEDGE + " WITH p CALL (p) { " + CREATE_MATCHES + " } WITH count(*) AS done "
           + COUNT, id=pledge.id,
           campaign_id=pledge.campaign_id,
           cents=cents(pledge.amount), at=send_datetime(pledge.at), pledger=pledge.pledger,
           state=pledge.state.value, stakeholder_id=pledge.stakeholder_id,
           user_id=pledge.user_id, email=pledge.email, rows=[
        {"id": m.id, "pledge_id": m.pledge_id, "pool_id": m.pool_id,
         "campaign_id": m.campaign_id, "pledger": pledge.pledger, "cents": cents(m.amount),
         "at": send_datetime(m.at)} for m in matches],
           pledged=cents(pledge.amount), pledges=1, matched=sum(c["cents"] for c in changes),
           changes=changes).consume()
    return PledgeResult(pledge, matches)


def _pledge_taken(error: Exception) -> Conflict:
    return Conflict("a pledge with this id exists", errors={"id": ["taken"]})


def _campaign_taken(error: Exception) -> Conflict:
    return Conflict("a campaign with this id exists", errors={"id": ["taken"]})


def _pool_taken(error: Exception) -> Conflict:
    return Conflict("a pool with this id exists", errors={"id": ["taken"]})


class Neo4jCampaigns(Neo4jConnection):
    """Matchfunding; see :class:`~graph_models.stores.contracts.campaigns.CampaignStore`."""

    def create_campaign(self, campaign: Campaign, *,
                        audit: AuditEntry | None = None) -> Campaign:
        """Insert a new campaign."""
        def create(tx: neo4j.ManagedTransaction) -> None:
            tx.run("CREATE (c:Campaign {id: $id, stakeholder_id: $stakeholder, "
                   "created_at: " + as_datetime("$at") + ", record: $record, "
                   "pledged_cents: 0, matched_cents: 0, pledges: 0})",
                   id=campaign.id, stakeholder=campaign.stakeholder_id,
                   at=send_datetime(campaign.created_at), record=campaign_json(campaign)).consume()

        self._write(create, graph=False, audit=audit, conflict=_campaign_taken)
        return campaign

    def get_campaign(self, campaign_id: str) -> Campaign:
        """NotFound if absent."""
        return self._read_one("MATCH (c:Campaign {id: $id}) RETURN c.record AS record",
                              "record", campaign_from_json, not_found("campaign", campaign_id),
                              id=campaign_id)

    def list_campaigns(self) -> list[Campaign]:
        """Newest first."""
        def read(tx: neo4j.ManagedTransaction) -> list[Campaign]:
            return [campaign_from_json(record["record"]) for record in tx.run(
                "MATCH (c:Campaign) RETURN c.record AS record ORDER BY c.created_at DESC, c.id")]

        return self._read(read)

    def campaign_totals(self, campaign_ids: Sequence[str]) -> dict[str, CampaignTotals]:
        """The live sums of each campaign."""
        def read(tx: neo4j.ManagedTransaction) -> dict[str, CampaignTotals]:
            return {campaign_id: _totals(tx, campaign_id) for campaign_id in campaign_ids}

        return self._read(read)

    def create_pool(self, pool: Pool, *, audit: AuditEntry | None = None) -> Pool:
        """Insert a new pool."""
        def create(tx: neo4j.ManagedTransaction) -> None:
            tx.run("CREATE (p:MatchPool {id: $id, owner_id: $owner, "
                   "created_at: " + as_datetime("$at") + ", record: $record, used_cents: 0})",
                   id=pool.id, owner=pool.owner_id, at=send_datetime(pool.created_at),
                   record=pool_json(pool)).consume()

        self._write(create, graph=False, audit=audit, conflict=_pool_taken)
        return pool

    def get_pool(self, pool_id: str) -> Pool:
        """NotFound if absent."""
        return self._read_one("MATCH (p:MatchPool {id: $id}) RETURN p.record AS record",
                              "record", pool_from_json, not_found("pool", pool_id), id=pool_id)

    def list_pools(self) -> list[Pool]:
        """Newest first."""
        def read(tx: neo4j.ManagedTransaction) -> list[Pool]:
            return [pool_from_json(record["record"]) for record in tx.run(
                "MATCH (p:MatchPool) RETURN p.record AS record ORDER BY p.created_at DESC, p.id")]

        return self._read(read)

    def pool_used(self, pool_ids: Sequence[str]) -> dict[str, Decimal]:
        """The live matches of each pool."""
        def read(tx: neo4j.ManagedTransaction) -> dict[str, Decimal]:
            return {record["id"]: euros(record["used"]) for record in tx.run(
                "MATCH (p:MatchPool) WHERE p.id IN $ids RETURN p.id AS id, "
                "p.used_cents AS used", ids=list(pool_ids))}

        return self._read(read)

    def add_pledge(self, pledge: Pledge, *, audit: AuditEntry | None = None) -> PledgeResult:
        """The pledge and its matches, in one transaction."""
        return self._write(_insert_pledge, pledge, graph=False, audit=audit,
                           conflict=_pledge_taken)

    def create_public_pledge(self, request: PublicPledge, *, mails_per_day: int = 0,
                             audit: AuditEntry | None = None) -> PublicPledge:
        """Keep a public pledge to confirm, its link counted for its address."""
        def create(tx: neo4j.ManagedTransaction) -> None:
            if tx.run("MATCH (c:Campaign {id: $id}) RETURN c.id",
                      id=request.campaign_id).single() is None:
                raise not_found("campaign", request.campaign_id)
            count_pledge_mail(tx, request.email, request.created_at, mails_per_day)
            tx.run("CREATE (r:PublicPledge {id: $id, campaign_id: $campaign, digest: $digest, "
                   "email: $email, cents: $cents, created_at: " + as_datetime("$created")
                   + ", expires_at: " + as_datetime("$expires") + "})",
                   id=request.id, campaign=request.campaign_id, digest=request.digest,
                   email=request.email, cents=cents(request.amount),
                   created=send_datetime(request.created_at),
                   expires=send_datetime(request.expires_at)).consume()

        self._write(create, graph=False, audit=audit)
        return request

    def confirm_public_pledge(self, digest: str, pledge_id: str, at: datetime, *,
                              audit: AuditEntry | None = None) -> PledgeResult:
        """Confirm the request and add its pledge, or Gone."""
        def confirm(tx: neo4j.ManagedTransaction) -> PledgeResult:
            tx.run("MATCH (r:PublicPledge {digest: $digest}) " + lock("r"),
                   digest=digest).consume()
            record = tx.run("MATCH (r:PublicPledge {digest: $digest}) RETURN r.id AS id, "
                            "r.campaign_id AS campaign, r.email AS email, r.cents AS cents, "
                            "r.confirmed_at IS NOT NULL AS used, "
                            "toString(r.expires_at) AS expires", digest=digest).single()
            if record is None:
                raise no_such("public pledge")
            if record["used"]:
                raise link_used_up("confirmed")
            if at >= read_datetime(record["expires"]):
                raise link_used_up("expired")
            tx.run("MATCH (r:PublicPledge {id: $id}) SET r.confirmed_at = "
                   + as_datetime("$at"), id=record["id"], at=send_datetime(at)).consume()
            return _insert_pledge(tx, Pledge(pledge_id, record["campaign"],
                                             euros(record["cents"]), at,
                                             email_pledger(record["email"]),
                                             email=record["email"]))

        return self._write(confirm, graph=False, audit=audit, conflict=_pledge_taken)

    def get_pledge(self, pledge_id: str) -> PledgeResult:
        """The pledge and its matches."""
        def read(tx: neo4j.ManagedTransaction) -> PledgeResult | None:
            record = tx.run("MATCH (p:Pledge {id: $id}) RETURN " + PLEDGE, id=pledge_id).single()
            if record is None:
                return None
            matches = [_match(r["m"]) for r in tx.run(
                "MATCH (m:PoolMatch {pledge_id: $id}) WITH m ORDER BY m.id RETURN " + MATCH,
                id=pledge_id)]
            return PledgeResult(_pledge(record["p"]), tuple(matches))

        found = self._read(read)
        if found is None:
            raise not_found("pledge", pledge_id)
        return found

    def list_pledges(self, *, campaign_id: str | None = None,
                     stakeholder_id: str | None = None,
                     pledger: str | None = None) -> list[Pledge]:
        """Newest first."""
        def read(tx: neo4j.ManagedTransaction) -> list[Pledge]:
            return [_pledge(record["p"]) for record in tx.run(
                "MATCH (p:Pledge) WHERE ($campaign IS NULL OR p.campaign_id = $campaign) "
                "AND ($stakeholder IS NULL OR p.stakeholder_id = $stakeholder) "
                "AND ($pledger IS NULL OR p.pledger = $pledger) "
                "WITH p ORDER BY p.at DESC, p.id RETURN " + PLEDGE, campaign=campaign_id,
                stakeholder=stakeholder_id, pledger=pledger)]

        return self._read(read)

    def list_matches(self, *, campaign_id: str | None = None,
                     pool_id: str | None = None) -> list[Match]:
        """Newest first."""
        def read(tx: neo4j.ManagedTransaction) -> list[Match]:
            return [_match(record["m"]) for record in tx.run(
                "MATCH (m:PoolMatch) WHERE ($campaign IS NULL OR m.campaign_id = $campaign) "
                "AND ($pool IS NULL OR m.pool_id = $pool) "
                "WITH m ORDER BY m.at DESC, m.id RETURN " + MATCH, campaign=campaign_id,
                pool=pool_id)]

        return self._read(read)

    def withdraw_pledge(self, pledge_id: str, at: datetime, *,
                        audit: AuditEntry | None = None) -> Pledge:
        """Withdraw the pledge and release its matches."""
        def withdraw(tx: neo4j.ManagedTransaction) -> Pledge:
            record = tx.run("MATCH (p:Pledge {id: $id}) RETURN p.campaign_id AS campaign",
                            id=pledge_id).single()
            if record is None:
                raise not_found("pledge", pledge_id)
            campaign, _, _ = _locked_campaign(tx, record["campaign"])
            pledge = _pledge(tx.run("MATCH (p:Pledge {id: $id}) RETURN " + PLEDGE,
                                    id=pledge_id).single(strict=True)["p"])
            if pledge.state != PledgeState.ACTIVE:
                raise wrong_state("pledge", pledge.state.value, "withdrawn")
            state = campaign.state_at(at)
            if state != CampaignState.OPEN:
                raise wrong_state("campaign", state.value, "withdrawn from")
            released = _active_matches(tx, "pledge_id", pledge_id)
            _lock_pools(tx, [pool_id for pool_id, _ in released])
            _count(tx, pledge.campaign_id, -cents(pledge.amount), -1, released)
            tx.run("MATCH (p:Pledge {id: $id}) SET p.state = $state, p.ended_at = "
                   + as_datetime("$at") + " WITH p MATCH (m:PoolMatch {pledge_id: p.id}) "
                   "WHERE m.state = 'active' SET m.state = 'released'", id=pledge_id,
                   state=PledgeState.WITHDRAWN.value, at=send_datetime(at)).consume()
            return dataclasses.replace(pledge, state=PledgeState.WITHDRAWN, ended_at=at)

        return self._write(withdraw, graph=False, audit=audit)

    def settle_campaign(self, campaign_id: str, at: datetime, *,
                        audit: AuditEntry | None = None) -> Campaign:
        """Funded or failed, all or nothing; a funded one's FUNDED ties written."""
        def settle(tx: neo4j.ManagedTransaction) -> Campaign:
            campaign, totals, _ = _locked_campaign(tx, campaign_id)
            state = campaign.state_at(at)
            if state != CampaignState.CLOSING:
                raise wrong_state("campaign", state.value, "settled")
            result = outcome(campaign, totals.raised)
            if result == CampaignState.FAILED:  # every live pledge and match is active still
                released = _active_matches(tx, "campaign_id", campaign_id)
                _lock_pools(tx, [pool_id for pool_id, _ in released])
                _count(tx, campaign_id, -cents(totals.pledged), -totals.pledges, released)
            tx.run("MATCH (p:Pledge {campaign_id: $id}) WHERE p.state = 'active' "
                   "SET p.state = $pledge, p.ended_at = " + as_datetime("$at"),
                   id=campaign_id, pledge=settled_pledge_state(result).value,
                   at=send_datetime(at)).consume()
            tx.run("MATCH (m:PoolMatch {campaign_id: $id}) WHERE m.state = 'active' "
                   "SET m.state = $match", id=campaign_id,
                   match=settled_match_state(result).value).consume()
            settled = dataclasses.replace(campaign, settled=result, settled_at=at)
            tx.run("MATCH (c:Campaign {id: $id}) SET c.record = $record", id=campaign_id,
                   record=campaign_json(settled)).consume()
            if result == CampaignState.FUNDED:
                _write_funded_ties(tx, settled, at)
            return settled

        return self._write(settle, audit=audit)


def _write_funded_ties(tx: neo4j.ManagedTransaction, campaign: Campaign, at: datetime) -> None:
    pledges = [_pledge(r["p"]) for r in tx.run(
        "MATCH (p:Pledge {campaign_id: $id}) RETURN " + PLEDGE, id=campaign.id)]
    matches = [_match(r["m"]) for r in tx.run(
        "MATCH (m:PoolMatch {campaign_id: $id}) RETURN " + MATCH, id=campaign.id)]
    pools = {pool.id: pool for pool in (pool_from_json(r["record"]) for r in tx.run(
        "MATCH (p:MatchPool) WHERE p.id IN $ids RETURN p.record AS record",
        ids=sorted({m.pool_id for m in matches})))}
    ids = {campaign.stakeholder_id, *(p.owner_id for p in pools.values()),
           *(p.stakeholder_id for p in pledges if p.stakeholder_id)}
    kinds = {r["id"]: Kind(r["kind"]) for r in tx.run(
        "MATCH (s:Stakeholder) WHERE s.id IN $ids RETURN s.id AS id, s.kind AS kind",
        ids=sorted(ids))}
    for tie in funded_ties(campaign, pledges, matches, pools, kinds, at=at):
        create_tie_unless_known(tx, tie)
