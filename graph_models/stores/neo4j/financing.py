"""The Neo4j store's financing read: the ``:BudgetProcess`` nodes open to proposals and the
``:MatchPool`` nodes open to pledges, in one read transaction."""

from __future__ import annotations

import json
from datetime import datetime

import neo4j

from graph_models.domain.budgets import BudgetProcess, Phase, process_from_record
from graph_models.domain.campaign_records import euros, pool_from_json
from graph_models.domain.matchfunding import PoolUse, open_pools
from graph_models.stores.neo4j.connection import Neo4jConnection


class Neo4jFinancing(Neo4jConnection):
    """See :class:`~graph_models.stores.contracts.financing.FinancingStore`."""

    def open_financing(self, at: datetime) -> tuple[list[BudgetProcess], list[PoolUse]]:
        def read(tx: neo4j.ManagedTransaction) -> tuple[list[BudgetProcess], list[PoolUse]]:
            processes = [process_from_record(json.loads(record["record"])) for record in tx.run(
                "MATCH (p:BudgetProcess {state: $phase}) RETURN p.record AS record "
                "ORDER BY p.created_at DESC, p.id", phase=Phase.PROPOSALS.value)]
            uses = [PoolUse(pool_from_json(record["record"]), used=euros(record["used"]))
                    for record in tx.run("MATCH (p:MatchPool) RETURN p.record AS record, "
                                         "p.used_cents AS used")]
            return processes, uses

        processes, uses = self._read(read)
        # A pool's deadline and cap live in its JSON record: judged as the arithmetic judges
        # them (pools are few beside the graph).
        return processes, open_pools(uses, at)
