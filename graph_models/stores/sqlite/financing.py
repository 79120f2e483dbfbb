"""The SQLite store's financing read: the processes open to proposals and the pools open to
pledges, from the tables of participatory budgets and matchfunding, in one transaction."""

from __future__ import annotations

import json
from datetime import datetime

from graph_models.domain.budgets import BudgetProcess, Phase, process_from_record
from graph_models.domain.campaign_records import euros, pool_from_json
from graph_models.domain.matchfunding import PoolUse, open_pools
from graph_models.stores.sqlite.connection import SqliteConnection


class SqliteFinancing(SqliteConnection):
    """See :class:`~graph_models.stores.contracts.financing.FinancingStore`."""

    def open_financing(self, at: datetime) -> tuple[list[BudgetProcess], list[PoolUse]]:
        with self._transaction(write=False) as db:
            processes = db.execute(
                "SELECT record FROM budget_processes WHERE phase = ? "
                "ORDER BY created_at DESC, id", (Phase.PROPOSALS.value,)).fetchall()
            pools = db.execute("SELECT record, used_cents FROM match_pools").fetchall()
        # A pool's deadline and cap live in its JSON record: judged as the arithmetic judges
        # them (pools are few beside the graph).
        return ([process_from_record(json.loads(row["record"])) for row in processes],
                open_pools((PoolUse(pool_from_json(row["record"]), used=euros(row["used_cents"]))
                            for row in pools), at))
