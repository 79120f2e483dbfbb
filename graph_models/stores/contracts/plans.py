"""The store contract's plans part: Local Action Plans and the history of their revisions.

None of these writes moves the graph's version: a plan names stakeholders by id, through no
tie.
"""

from __future__ import annotations

from typing import Protocol

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.plan_history import PlanRevision
from graph_models.domain.plans import Plan, PlanQuery
from graph_models.domain.queries import Page


class PlanStore(Protocol):
    """Plans, each write of one kept as a revision in the same transaction."""

    def create_plan(self, plan: Plan, revision: PlanRevision, *,
                    audit: AuditEntry | None = None) -> Plan:
        """Insert a new plan and its first revision; Conflict naming ``id`` if taken, and
        naming ``responsible_id`` if an action names a stakeholder that does not exist."""

    def get_plan(self, plan_id: str) -> Plan:
        """NotFound if absent."""

    def find_plans(self, query: PlanQuery) -> Page[Plan]:
        """A Page of the plans that pass every filter, newest first (then by id)."""

    def update_plan(self, plan: Plan, revision: PlanRevision, *,
                    audit: AuditEntry | None = None) -> Plan:
        """Write a change computed from revision ``plan.revision - 1``, and its revision.

        Conflict (naming the stored state under ``errors["state"]``) if the stored revision
        is another: someone changed it meanwhile, and nothing is written. Conflict naming
        ``responsible_id`` if an action names a stakeholder that no longer exists."""

    def plan_history(self, plan_id: str) -> list[PlanRevision]:
        """A plan's revisions, oldest first; NotFound if there is no such plan."""
