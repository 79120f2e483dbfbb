"""The Neo4j store's part for public pledgers' addresses (see
:class:`~graph_models.stores.contracts.pledger_addresses.PledgerAddressStore`): clearing them
from ``:Pledge`` nodes, deleting waiting ``:PublicPledge`` nodes, and counting the links
mailed to an address on a ``:PledgeMailCount`` node per pledger key (:func:`count_pledge_mail`,
in the transaction that keeps a public pledge; the node is merged and locked before it is
read, so that requests at once are counted one after the other)."""

from __future__ import annotations

from datetime import datetime

import neo4j

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.campaign_records import campaign_from_json
from graph_models.domain.campaigns import email_pledger
from graph_models.domain.pledger_privacy import (
    MAIL_WINDOW,
    closed_at,
    erased_pledger,
    mail_window_open,
    too_many_mails,
)
from graph_models.stores.neo4j.connection import Neo4jConnection
from graph_models.stores.neo4j.cypher import as_datetime, lock, read_datetime, send_datetime

CLEAR_PLEDGES = ("UNWIND $rows AS row MATCH (p:Pledge {id: row.id}) "
                 "SET p.email = null, p.pledger = row.key WITH row "
                 "MATCH (m:PoolMatch {pledge_id: row.id}) SET m.pledger = row.key")


def count_pledge_mail(tx: neo4j.ManagedTransaction, request_email: str, at: datetime,
                      limit: int) -> None:
    """Count one more link mailed to the address, in the caller's transaction; TooManyRequests
    (nothing counted) when its day's ``limit`` is reached. A limit of 0 counts nothing."""
    if limit <= 0:
        return
    key = email_pledger(request_email)
    tx.run("MERGE (n:PledgeMailCount {recipient: $key}) " + lock("n"), key=key).consume()
    row = tx.run("MATCH (n:PledgeMailCount {recipient: $key}) "
                 "RETURN toString(n.started) AS started, n.count AS count", key=key).single(
        strict=True)
    started = read_datetime(row["started"])
    if started is not None and mail_window_open(started, at):
        if row["count"] >= limit:
            raise too_many_mails(started, at)
        tx.run("MATCH (n:PledgeMailCount {recipient: $key}) SET n.count = n.count + 1",
               key=key).consume()
        return
    tx.run("MATCH (n:PledgeMailCount {recipient: $key}) SET n.count = 1, n.started = "
           + as_datetime("$at"), key=key, at=send_datetime(at)).consume()


def _clear_pledges(tx: neo4j.ManagedTransaction, pledge_ids: list[str]) -> int:
    """Clear the address and pledger key of these pledges and of their matches."""
    tx.run(CLEAR_PLEDGES, rows=[{"id": i, "key": erased_pledger(i)}
                                for i in pledge_ids]).consume()
    return len(pledge_ids)


def forget_pledger_in_campaigns(tx: neo4j.ManagedTransaction, pledger: str) -> int:
    """Clear the pledger's address from its pledges and delete its waiting public pledges and
    its count of mails, in the caller's transaction (erasing a person or an address)."""
    ids = [r["id"] for r in tx.run("MATCH (p:Pledge {pledger: $key}) RETURN p.id AS id "
                                   "ORDER BY id", key=pledger)]
    # Waiting pledges keep the address as typed; the key is made from it here.
    asked = [(r["id"], r["waiting"]) for r in tx.run(
        "MATCH (r:PublicPledge) RETURN r.id AS id, r.email AS email, "
        "r.confirmed_at IS NULL AS waiting ORDER BY id") if email_pledger(r["email"]) == pledger]
    tx.run("MATCH (r:PublicPledge) WHERE r.id IN $ids DELETE r",
           ids=[i for i, _ in asked]).consume()
    tx.run("MATCH (n:PledgeMailCount {recipient: $key}) DELETE n", key=pledger).consume()
    return _clear_pledges(tx, ids) + sum(waiting for _, waiting in asked)


class Neo4jPledgerAddresses(Neo4jConnection):
    """See :class:`~graph_models.stores.contracts.pledger_addresses.PledgerAddressStore`."""

    def forget_pledger(self, pledger: str, *, audit: AuditEntry | None = None) -> int:
        """Clear an address from the pledges and waiting pledges made with it."""
        return self._write(forget_pledger_in_campaigns, pledger, graph=False, audit=audit)

    def forget_pledger_addresses(self, closed_before: datetime, at: datetime, *,
                                 audit: AuditEntry | None = None) -> int:
        """Clear the addresses kept past their time."""
        def forget(tx: neo4j.ManagedTransaction) -> int:
            closed = [c.id for c in (campaign_from_json(r["record"]) for r in tx.run(
                "MATCH (c:Campaign) RETURN c.record AS record"))
                if closed_at(c) < closed_before]
            ids = [r["id"] for r in tx.run(
                "MATCH (p:Pledge) WHERE p.campaign_id IN $closed AND p.email IS NOT NULL "
                "RETURN p.id AS id ORDER BY id", closed=closed)]
            cleared = _clear_pledges(tx, ids)
            tx.run("MATCH (r:PublicPledge) WHERE r.expires_at <= " + as_datetime("$at")
                   + " DELETE r", at=send_datetime(at)).consume()
            tx.run("MATCH (n:PledgeMailCount) WHERE n.started <= " + as_datetime("$before")
                   + " DELETE n", before=send_datetime(at - MAIL_WINDOW)).consume()
            return cleared

        return self._write(forget, graph=False, audit=audit)
