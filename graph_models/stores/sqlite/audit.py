"""The SQLite store's audit log, as read; every write writes its own entry
(:func:`~graph_models.stores.sqlite.connection.insert_audit`)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.queries import AuditQuery, Page
from graph_models.domain.records import from_record
from graph_models.stores.sqlite.connection import SqliteConnection


def _audit_from_row(row: sqlite3.Row) -> AuditEntry:
    return from_record(AuditEntry, {**dict(row), "fields": json.loads(row["fields"])})


class SqliteAudit(SqliteConnection):
    """The audit log; see :class:`~graph_models.stores.contracts.audit.AuditStore`."""

    def find_audit(self, query: AuditQuery) -> Page[AuditEntry]:
        clauses: list[str] = []
        values: list[str | int] = []
        if query.object_ids:
            clauses.append(f"object_id IN ({','.join('?' * len(query.object_ids))})")
            values += query.object_ids
        if query.actor_id is not None:
            clauses.append("actor_id = ?")
            values.append(query.actor_id)
        if query.regions is not None:
            regions = [f"substr(region, 1, {len(r)}) = ?" for r in query.regions] or ["0"]
            clauses.append(f"({' OR '.join(regions)})")
            values += query.regions
        if query.action is not None:
            clauses.append("action = ?")
            values.append(query.action)
        # Times are kept as ISO text in UTC, so that text order is time order.
        for bound, operator in ((query.since, ">="), (query.before, "<")):
            if bound is not None:
                clauses.append(f"at {operator} ?")
                values.append(bound.astimezone(UTC).isoformat())
        where = " AND ".join(clauses) or "1 = 1"
        return self._read_page(f"SELECT count(*) FROM audit WHERE {where}",  # noqa: S608
                               f"SELECT * FROM audit WHERE {where} "  # noqa: S608
                               "ORDER BY at DESC, id LIMIT ? OFFSET ?", values, query,
                               _audit_from_row)
