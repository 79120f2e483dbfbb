"""The store contract's interchange part: importing and exporting the graph whole."""

from __future__ import annotations

from typing import Protocol

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.interchange import (
    GraphExport,
    ImportResult,
    ImportReview,
    MatchingExport,
    StakeholderImport,
    TieImport,
    UpsertPlan,
)


class InterchangeStore(Protocol):
    """Bulk upserts, their plans, and the export."""

    def bulk_upsert(self, stakeholders: list[StakeholderImport], ties: list[TieImport], *,
                    review: ImportReview | None = None,
                    audit: AuditEntry | None = None) -> ImportResult:
        """Upsert stakeholders and ties as :func:`plan_upsert` plans it, all or nothing.

        The plan is made in the write's transaction and handed to ``review`` there, which
        raises to refuse it (nothing is written then) or returns the audit entries to write
        with it; without a review, a plan with problems raises InvalidInput naming each bad
        item by its line. ``audit`` (one entry for the whole import) is written too. A store
        may plan and review more than once (a retried transaction): ``review`` must not act.
        """

    def plan_import(self, stakeholders: list[StakeholderImport],
                    ties: list[TieImport]) -> UpsertPlan:
        """What :meth:`bulk_upsert` would do now, read without writing anything."""

    def export(self) -> GraphExport:
        """Every stakeholder and tie, ordered by id, with the version they were read at."""

    def export_for_matching(self) -> MatchingExport:
        """What :meth:`export` holds, the ties as columns of what matching reads: every
        stakeholder ordered by id, every tie's id, ends, type, weight, strength and date."""
