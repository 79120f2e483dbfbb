"""The store contract's audit part: reading the audit log.

Entries are written by the writes they describe (each write's ``audit`` argument), in the
same transaction; they do not move the graph's version.
"""

from __future__ import annotations

from typing import Protocol

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.queries import AuditQuery, Page


class AuditStore(Protocol):
    """The audit log, as written by every other part."""

    def find_audit(self, query: AuditQuery) -> Page[AuditEntry]: ...
