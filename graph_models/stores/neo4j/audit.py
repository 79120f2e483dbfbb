"""The Neo4j store's audit log, as read: ``:AuditEntry`` nodes whose properties are their
fields, each written by the write it describes (see
:mod:`~graph_models.stores.neo4j.connection`)."""

from __future__ import annotations

from typing import Any

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.queries import AuditQuery, Page
from graph_models.domain.records import from_record
from graph_models.stores.neo4j.connection import AUDIT_FIELDS, Neo4jConnection
from graph_models.stores.neo4j.cypher import read_columns, record_of, send_datetime

# find_audit assembles its WHERE clause from these fixed fragments only.
AUDIT_FILTERS = {
    "object_ids": "a.object_id IN $object_ids",
    "actor_id": "a.actor_id = $actor_id",
    "regions": "any(region IN $regions WHERE a.region STARTS WITH region)",
    "action": "a.action = $action",
    "since": "a.at >= datetime($since)",
    "before": "a.at < datetime($before)",
}


def _audit_entry(values: list[Any]) -> AuditEntry:
    return from_record(AuditEntry, record_of(AUDIT_FIELDS, values))


class Neo4jAudit(Neo4jConnection):
    """The audit log; see :class:`~graph_models.stores.contracts.audit.AuditStore`."""

    def find_audit(self, query: AuditQuery) -> Page[AuditEntry]:
        """One page of the audit entries that pass every filter given, newest first."""
        values: dict[str, object] = {
            "object_ids": list(query.object_ids) or None, "actor_id": query.actor_id,
            "regions": None if query.regions is None else list(query.regions),
            "action": query.action, "since": send_datetime(query.since),
            "before": send_datetime(query.before)}
        parameters = {name: value for name, value in values.items() if value is not None}
        # The WHERE clause is made of the fixed AUDIT_FILTERS fragments only.
        match = ("MATCH (a:AuditEntry) WHERE "
                 + (" AND ".join(AUDIT_FILTERS[name] for name in parameters) or "true"))
        return self._read_page(match + " RETURN count(a) AS total",
                               match + " WITH a ORDER BY a.at DESC, a.id SKIP $skip LIMIT $limit "
                               "RETURN " + read_columns("a", AUDIT_FIELDS) + " AS a",
                               parameters, "a", _audit_entry, query)
