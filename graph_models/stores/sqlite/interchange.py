"""The SQLite store's bulk upserts and export: any import is one transaction.

An import that writes more stakeholders and ties than the change feed replays records a
rebuild marker in their stead.
"""

from __future__ import annotations

import sqlite3

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.interchange import (
    Change,
    GraphExport,
    ImportResult,
    ImportReview,
    MatchingExport,
    StakeholderImport,
    TieColumns,
    TieImport,
    UpsertPlan,
    named_in_import,
    plan_upsert,
    refuse_problems,
)
from graph_models.domain.stakeholders import Stakeholder, Tie
from graph_models.stores.sqlite.connection import (
    SqliteConnection,
    insert_audit,
    read_version,
    record_rebuild,
    rows_in,
)
from graph_models.stores.sqlite.stakeholders import (
    insert_stakeholders,
    replace_stakeholders,
    stakeholder_from_row,
)
from graph_models.stores.sqlite.ties import insert_ties, tie_from_row, update_ties


def _plan(db: sqlite3.Connection, stakeholders: list[StakeholderImport],
          ties: list[TieImport]) -> UpsertPlan:
    """The import's plan, from the stored stakeholders and ties it names."""
    ids, pairs = named_in_import(stakeholders, ties)
    stored = [stakeholder_from_row(row) for row in (
        *rows_in(db, "SELECT record FROM stakeholders WHERE id IN ({})", ids),
        *rows_in(db, "SELECT record FROM stakeholders WHERE (kind, external_id) IN "
                     "(VALUES {})", [(kind.value, external_id)
                                     for kind, external_id in pairs]))]

    def stored_ties(keys: list[str]) -> dict[str, Tie]:
        return {row["natural_key"]: tie_from_row(row) for row in rows_in(
            db, "SELECT * FROM ties WHERE natural_key IN ({})", keys)}

    return plan_upsert(stakeholders, ties, stored, stored_ties)


class SqliteInterchange(SqliteConnection):
    """Imports and exports; see
    :class:`~graph_models.stores.contracts.interchange.InterchangeStore`."""

    def plan_import(self, stakeholders: list[StakeholderImport],
                    ties: list[TieImport]) -> UpsertPlan:
        with self._transaction(write=False) as db:
            return _plan(db, stakeholders, ties)

    def bulk_upsert(self, stakeholders: list[StakeholderImport], ties: list[TieImport], *,
                    review: ImportReview | None = None,
                    audit: AuditEntry | None = None) -> ImportResult:
        with self._transaction(write=True, audit=audit) as db:
            plan = _plan(db, stakeholders, ties)
            entries = (review or refuse_problems)(plan)
            if plan.result().written > self.feed.replay_at_most:
                record_rebuild(db)
            insert_stakeholders(db, plan.stakeholders_to(Change.CREATED))
            replace_stakeholders(db, plan.stakeholders_to(Change.UPDATED))
            insert_ties(db, plan.ties_to(Change.CREATED))
            update_ties(db, plan.ties_to(Change.UPDATED))
            insert_audit(db, entries)
        return plan.result()

    def export(self) -> GraphExport:
        with self._transaction(write=False) as db:
            version = read_version(db)
            stakeholders = _all_stakeholders(db)
            ties = [tie_from_row(row) for row in db.execute("SELECT * FROM ties ORDER BY id")]
        return GraphExport(version=version, stakeholders=stakeholders, ties=ties)

    def export_for_matching(self) -> MatchingExport:
        with self._transaction(write=False) as db:
            version = read_version(db)
            stakeholders = _all_stakeholders(db)
            ties = db.cursor()
            ties.row_factory = None  # plain tuples: a million sqlite3.Row would cost seconds
            rows = ties.execute(READ_TIE_COLUMNS).fetchall()
        return MatchingExport(version, stakeholders, TieColumns.of_rows(rows))


READ_TIE_COLUMNS = "SELECT id, source, target, type, weight, strength, since FROM ties"


def _all_stakeholders(db: sqlite3.Connection) -> list[Stakeholder]:
    """Every stakeholder, by id: what both exports read first."""
    return [stakeholder_from_row(row)
            for row in db.execute("SELECT record FROM stakeholders ORDER BY id")]
