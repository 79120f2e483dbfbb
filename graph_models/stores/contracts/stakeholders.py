"""The store contract's graph part: stakeholders and the ties between them.

Each of these writes moves the graph's version by one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.queries import Direction, Page, StakeholderQuery
from graph_models.domain.stakeholders import Stakeholder, Tie, TieType


class StakeholderStore(Protocol):
    """Stakeholders and ties, one at a time."""

    def create_stakeholder(self, stakeholder: Stakeholder, *,
                           audit: AuditEntry | None = None) -> Stakeholder:
        """Insert; Conflict if the id or (kind, external_id) is taken."""

    def get_stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """NotFound if absent."""

    def get_stakeholders(self, stakeholder_ids: list[str]) -> dict[str, Stakeholder]:
        """The stakeholders of these ids that exist, by id."""

    def update_stakeholder(self, stakeholder: Stakeholder, *,
                           expected_updated_at: datetime | None = None,
                           audit: AuditEntry | None = None) -> Stakeholder:
        """Replace every field (the kind never changes); NotFound / Conflict. With
        ``expected_updated_at``, Conflict (naming ``updated_at``) if the stored one differs:
        someone changed it since it was read."""

    def delete_stakeholder(self, stakeholder_id: str, *, audit: AuditEntry | None = None) -> None:
        """Delete it, all its ties, every introduction request and block it is part of (as
        requester, broker or target), and every mentorship it is part of with its sessions;
        drop every kept idempotent answer that names it (they stay, ``erased``); NotFound if
        absent."""

    def find_stakeholders(self, query: StakeholderQuery) -> Page[Stakeholder]: ...

    def create_tie(self, tie: Tie, *, audit: AuditEntry | None = None) -> Tie:
        """Insert; Conflict if an end is missing or the natural key is taken."""

    def get_tie(self, tie_id: str) -> Tie: ...

    def update_tie(self, tie: Tie, *, expected_updated_at: datetime | None = None,
                   audit: AuditEntry | None = None) -> Tie:
        """Replace the tie's attributes (type and ends never change); NotFound / Conflict;
        ``expected_updated_at`` as for update_stakeholder."""

    def delete_tie(self, tie_id: str, *, audit: AuditEntry | None = None) -> None: ...

    def ties_of(self, stakeholder_id: str, *, direction: Direction = Direction.BOTH,
                types: frozenset[TieType] | None = None) -> list[Tie]:
        """The ties at a stakeholder, ordered by id; NotFound if the stakeholder is absent."""
