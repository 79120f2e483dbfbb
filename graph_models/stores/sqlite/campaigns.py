"""The SQLite store's matchfunding: campaigns and pools as JSON records, pledges and matches as
rows whose sums (in whole cents) the arithmetic reads. ``BEGIN IMMEDIATE`` makes writers queue,
so a pledge's transaction sees every pool as the last committed one left it."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

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
    funded_ties,
    outcome,
    plan_matches,
    settled_match_state,
    settled_pledge_state,
)
from graph_models.domain.stakeholders import Kind
from graph_models.stores.sqlite.connection import SqliteConnection
from graph_models.stores.sqlite.pledger_addresses import count_pledge_mail
from graph_models.stores.sqlite.ties import insert_tie_unless_known

LIVE_MATCH_STATES = (MatchState.ACTIVE.value, MatchState.COMMITTED.value)


def _pledge(row: sqlite3.Row) -> Pledge:
    return Pledge(row["id"], row["campaign_id"], euros(row["cents"]),
                  datetime.fromisoformat(row["at"]), row["pledger"], PledgeState(row["state"]),
                  row["stakeholder_id"], row["user_id"], row["email"],
                  row["ended_at"] and datetime.fromisoformat(row["ended_at"]))


def _match(row: sqlite3.Row) -> Match:
    return Match(row["id"], row["pledge_id"], row["pool_id"], row["campaign_id"],
                 euros(row["cents"]), datetime.fromisoformat(row["at"]), MatchState(row["state"]))


def _campaign(db: sqlite3.Connection, campaign_id: str) -> Campaign:
    row = db.execute("SELECT record FROM campaigns WHERE id = ?", (campaign_id,)).fetchone()
    if row is None:
        raise not_found("campaign", campaign_id)
    return campaign_from_json(row["record"])


def _uses(db: sqlite3.Connection, campaign_id: str, pledger: str) -> list[PoolUse]:
    """Every pool with its live totals, as a pledge of ``pledger`` to the campaign finds them."""
    rows = db.execute(
        "SELECT p.record, p.used_cents AS used, t.cents AS here,"
        " EXISTS (SELECT 1 FROM pool_matches WHERE campaign_id = ? AND pledger = ?"
        "  AND pool_id = p.id AND state IN (?, ?)) AS matched "
        "FROM match_pools p LEFT JOIN pool_campaign_totals t"
        " ON t.pool_id = p.id AND t.campaign_id = ?",
        (campaign_id, pledger, *LIVE_MATCH_STATES, campaign_id)).fetchall()
    return [PoolUse(pool_from_json(row["record"]), euros(row["used"]), euros(row["here"]),
                    bool(row["matched"])) for row in rows]


def _totals(db: sqlite3.Connection, campaign_id: str) -> CampaignTotals:
    row = db.execute("SELECT pledged_cents, matched_cents, pledges FROM campaigns WHERE id = ?",
                     (campaign_id,)).fetchone()
    if row is None:
        return CampaignTotals()
    return CampaignTotals(euros(row[0]), euros(row[1]), row[2])


def _count(db: sqlite3.Connection, campaign_id: str, pledged: int, pledges: int,
           matches: list[tuple[str, int]]) -> None:
    """Add to the live sums a campaign's change: cents pledged, pledges, and cents matched by
    each pool (negative numbers take away)."""
    db.execute("UPDATE campaigns SET pledged_cents = pledged_cents + ?, pledges = pledges + ?,"
               " matched_cents = matched_cents + ? WHERE id = ?",
               (pledged, pledges, sum(c for _, c in matches), campaign_id))
    db.executemany("UPDATE match_pools SET used_cents = used_cents + ? WHERE id = ?",
                   [(c, pool_id) for pool_id, c in matches])
    db.executemany("INSERT INTO pool_campaign_totals VALUES (?, ?, ?) ON CONFLICT"
                   " (pool_id, campaign_id) DO UPDATE SET cents = cents + excluded.cents",
                   [(pool_id, campaign_id, c) for pool_id, c in matches])


ACTIVE_MATCHES_OF = {
    "pledge_id": "SELECT pool_id, cents FROM pool_matches WHERE pledge_id = ? AND state = ?",
    "campaign_id": "SELECT pool_id, cents FROM pool_matches WHERE campaign_id = ? AND state = ?",
}


def _active_matches(db: sqlite3.Connection, of: str, value: str) -> list[tuple[str, int]]:
    """The (pool, cents taken away) of the active matches of a pledge or a campaign (``of``:
    ``pledge_id`` or ``campaign_id``), to take away from the live sums."""
    return [(row[0], -row[1])
            for row in db.execute(ACTIVE_MATCHES_OF[of], (value, MatchState.ACTIVE.value))]


def _insert_pledge(db: sqlite3.Connection, pledge: Pledge) -> PledgeResult:
    """Insert the pledge and the matches the pools give it (the caller holds the write lock)."""
    campaign = _campaign(db, pledge.campaign_id)
    state = campaign.state_at(pledge.at)
    if state != CampaignState.OPEN:
        raise wrong_state("campaign", state.value, "pledged to")
    planned = plan_matches(campaign, pledge.amount, _uses(db, campaign.id, pledge.pledger),
                           raised=_totals(db, campaign.id).raised, at=pledge.at)
    try:
        db.execute("INSERT INTO pledges VALUES (?,?,?,?,?,?,?,?,?,?)",
                   (pledge.id, pledge.campaign_id, cents(pledge.amount), pledge.at.isoformat(),
                    pledge.pledger, pledge.state.value, pledge.stakeholder_id, pledge.user_id,
                    pledge.email, None))
    except sqlite3.IntegrityError as error:
        raise Conflict("a pledge with this id exists", errors={"id": ["taken"]}) from error
    matches = tuple(Match(f"{pledge.id}-{n}", pledge.id, pool_id, campaign.id, amount, pledge.at)
                    for n, (pool_id, amount) in enumerate(planned))
    db.executemany("INSERT INTO pool_matches VALUES (?,?,?,?,?,?,?,?)",
                   [(m.id, m.pledge_id, m.pool_id, m.campaign_id, pledge.pledger,
                     cents(m.amount), m.at.isoformat(), m.state.value) for m in matches])
    _count(db, campaign.id, cents(pledge.amount), 1,
           [(m.pool_id, cents(m.amount)) for m in matches])
    return PledgeResult(pledge, matches)


class SqliteCampaigns(SqliteConnection):
    """Matchfunding; see :class:`~graph_models.stores.contracts.campaigns.CampaignStore`."""

    def create_campaign(self, campaign: Campaign, *,
                        audit: AuditEntry | None = None) -> Campaign:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            try:
                db.execute("INSERT INTO campaigns (id, stakeholder_id, created_at, record) "
                           "VALUES (?,?,?,?)",
                           (campaign.id, campaign.stakeholder_id,
                            campaign.created_at.isoformat(), campaign_json(campaign)))
            except sqlite3.IntegrityError as error:
                raise Conflict("a campaign with this id exists",
                               errors={"id": ["taken"]}) from error
        return campaign

    def get_campaign(self, campaign_id: str) -> Campaign:
        return _campaign(self._connection(), campaign_id)

    def list_campaigns(self) -> list[Campaign]:
        rows = self._connection().execute(
            "SELECT record FROM campaigns ORDER BY created_at DESC, id").fetchall()
        return [campaign_from_json(row["record"]) for row in rows]

    def campaign_totals(self, campaign_ids: Sequence[str]) -> dict[str, CampaignTotals]:
        with self._transaction(write=False) as db:
            return {campaign_id: _totals(db, campaign_id) for campaign_id in campaign_ids}

    def create_pool(self, pool: Pool, *, audit: AuditEntry | None = None) -> Pool:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            try:
                db.execute("INSERT INTO match_pools (id, owner_id, created_at, record) "
                           "VALUES (?,?,?,?)",
                           (pool.id, pool.owner_id, pool.created_at.isoformat(),
                            pool_json(pool)))
            except sqlite3.IntegrityError as error:
                raise Conflict("a pool with this id exists",
                               errors={"id": ["taken"]}) from error
        return pool

    def get_pool(self, pool_id: str) -> Pool:
        return self._read_one("SELECT record FROM match_pools WHERE id = ?",
                              lambda row: pool_from_json(row["record"]),
                              not_found("pool", pool_id), pool_id)

    def list_pools(self) -> list[Pool]:
        rows = self._connection().execute(
            "SELECT record FROM match_pools ORDER BY created_at DESC, id").fetchall()
        return [pool_from_json(row["record"]) for row in rows]

    def pool_used(self, pool_ids: Sequence[str]) -> dict[str, Decimal]:
        with self._transaction(write=False) as db:
            return {pool_id: euros((db.execute(
                "SELECT used_cents FROM match_pools WHERE id = ?", (pool_id,)).fetchone()
                or (0,))[0]) for pool_id in pool_ids}

    def add_pledge(self, pledge: Pledge, *, audit: AuditEntry | None = None) -> PledgeResult:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            return _insert_pledge(db, pledge)

    def create_public_pledge(self, request: PublicPledge, *, mails_per_day: int = 0,
                             audit: AuditEntry | None = None) -> PublicPledge:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            _campaign(db, request.campaign_id)
            count_pledge_mail(db, request.email, request.created_at, mails_per_day)
            db.execute("INSERT INTO public_pledges VALUES (?,?,?,?,?,?,?,?)",
                       (request.id, request.campaign_id, request.digest, request.email,
                        cents(request.amount), request.created_at.isoformat(),
                        request.expires_at.isoformat(), None))
        return request

    def confirm_public_pledge(self, digest: str, pledge_id: str, at: datetime, *,
                              audit: AuditEntry | None = None) -> PledgeResult:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            row = db.execute("SELECT * FROM public_pledges WHERE digest = ?",
                             (digest,)).fetchone()
            if row is None:
                raise no_such("public pledge")
            if row["confirmed_at"] is not None:
                raise link_used_up("confirmed")
            if at >= datetime.fromisoformat(row["expires_at"]):
                raise link_used_up("expired")
            db.execute("UPDATE public_pledges SET confirmed_at = ? WHERE id = ?",
                       (at.isoformat(), row["id"]))
            return _insert_pledge(db, Pledge(pledge_id, row["campaign_id"],
                                             euros(row["cents"]), at,
                                             email_pledger(row["email"]), email=row["email"]))

    def get_pledge(self, pledge_id: str) -> PledgeResult:
        with self._transaction(write=False) as db:
            row = db.execute("SELECT * FROM pledges WHERE id = ?",
                             (pledge_id,)).fetchone()
            if row is None:
                raise not_found("pledge", pledge_id)
            matches = db.execute("SELECT * FROM pool_matches "
                                 "WHERE pledge_id = ? ORDER BY id", (pledge_id,)).fetchall()
        return PledgeResult(_pledge(row), tuple(_match(m) for m in matches))

    def list_pledges(self, *, campaign_id: str | None = None,
                     stakeholder_id: str | None = None,
                     pledger: str | None = None) -> list[Pledge]:
        rows = self._connection().execute(
            "SELECT * FROM pledges WHERE "
            "(?1 IS NULL OR campaign_id = ?1) AND (?2 IS NULL OR stakeholder_id = ?2) AND "
            "(?3 IS NULL OR pledger = ?3) ORDER BY at DESC, id",
            (campaign_id, stakeholder_id, pledger)).fetchall()
        return [_pledge(row) for row in rows]

    def list_matches(self, *, campaign_id: str | None = None,
                     pool_id: str | None = None) -> list[Match]:
        rows = self._connection().execute(
            "SELECT * FROM pool_matches WHERE "
            "(?1 IS NULL OR campaign_id = ?1) AND (?2 IS NULL OR pool_id = ?2) "
            "ORDER BY at DESC, id", (campaign_id, pool_id)).fetchall()
        return [_match(row) for row in rows]

    def withdraw_pledge(self, pledge_id: str, at: datetime, *,
                        audit: AuditEntry | None = None) -> Pledge:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            row = db.execute("SELECT * FROM pledges WHERE id = ?",
                             (pledge_id,)).fetchone()
            if row is None:
                raise not_found("pledge", pledge_id)
            pledge = _pledge(row)
            if pledge.state != PledgeState.ACTIVE:
                raise wrong_state("pledge", pledge.state.value, "withdrawn")
            state = _campaign(db, pledge.campaign_id).state_at(at)
            if state != CampaignState.OPEN:
                raise wrong_state("campaign", state.value, "withdrawn from")
            _count(db, pledge.campaign_id, -cents(pledge.amount), -1,
                   _active_matches(db, "pledge_id", pledge_id))
            db.execute("UPDATE pledges SET state = ?, ended_at = ? WHERE id = ?",
                       (PledgeState.WITHDRAWN.value, at.isoformat(), pledge_id))
            db.execute("UPDATE pool_matches SET state = ? WHERE pledge_id = ? AND state = ?",
                       (MatchState.RELEASED.value, pledge_id, MatchState.ACTIVE.value))
        return self.get_pledge(pledge_id).pledge

    def settle_campaign(self, campaign_id: str, at: datetime, *,
                        audit: AuditEntry | None = None) -> Campaign:
        with self._transaction(write=True, audit=audit) as db:
            campaign = _campaign(db, campaign_id)
            state = campaign.state_at(at)
            if state != CampaignState.CLOSING:
                raise wrong_state("campaign", state.value, "settled")
            totals = _totals(db, campaign_id)
            result = outcome(campaign, totals.raised)
            if result == CampaignState.FAILED:  # every live pledge and match is active still
                _count(db, campaign_id, -cents(totals.pledged), -totals.pledges,
                       _active_matches(db, "campaign_id", campaign_id))
            db.execute("UPDATE pledges SET state = ?, ended_at = ? WHERE campaign_id = ? "
                       "AND state = ?", (settled_pledge_state(result).value, at.isoformat(),
                                         campaign_id, PledgeState.ACTIVE.value))
            db.execute("UPDATE pool_matches SET state = ? WHERE campaign_id = ? AND state = ?",
                       (settled_match_state(result).value, campaign_id,
                        MatchState.ACTIVE.value))
            settled = dataclasses.replace(campaign, settled=result, settled_at=at)
            db.execute("UPDATE campaigns SET record = ? WHERE id = ?",
                       (campaign_json(settled), campaign_id))
            if result == CampaignState.FUNDED:
                self._write_funded_ties(db, settled, at)
        return settled

    def _write_funded_ties(self, db: sqlite3.Connection, campaign: Campaign,
                           at: datetime) -> None:
        pledges = [_pledge(row) for row in db.execute(
            "SELECT * FROM pledges WHERE campaign_id = ?",
            (campaign.id,))]
        matches = [_match(row) for row in db.execute(
            "SELECT * FROM pool_matches WHERE campaign_id = ?",
            (campaign.id,))]
        pools = {row["id"]: pool_from_json(row["record"]) for row in db.execute(
            "SELECT id, record FROM match_pools WHERE id IN "
            "(SELECT pool_id FROM pool_matches WHERE campaign_id = ?)", (campaign.id,))}
        ids = {campaign.stakeholder_id, *(p.owner_id for p in pools.values()),
               *(p.stakeholder_id for p in pledges if p.stakeholder_id)}
        kinds = {row["id"]: Kind(row["kind"]) for row in db.execute(
            "SELECT id, kind FROM stakeholders WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(ids)),))}
        for tie in funded_ties(campaign, pledges, matches, pools, kinds, at=at):
            insert_tie_unless_known(db, tie)

