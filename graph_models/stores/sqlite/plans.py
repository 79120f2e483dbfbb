"""The SQLite store's Local Action Plans and their revisions.

A plan's row keeps its plain record as JSON beside the columns it is filtered and ordered on;
each revision is a row of ``plan_revisions``, written in the same transaction as the plan.
"""

from __future__ import annotations

import json
import sqlite3

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import Conflict, not_found
from graph_models.domain.plan_edits import responsible_missing
from graph_models.domain.plan_history import (
    PlanRevision,
    revision_from_record,
    revision_to_record,
    revision_without,
)
from graph_models.domain.plans import Plan, PlanQuery, plan_from_record, plan_to_record
from graph_models.domain.queries import Page
from graph_models.stores.sqlite.connection import SqliteConnection, check_revision
from graph_models.stores.sqlite.stakeholders import existing_ids


def _plan(row: sqlite3.Row) -> Plan:
    return plan_from_record(json.loads(row["record"]))


def _record(plan: Plan) -> str:
    return json.dumps(plan_to_record(plan), ensure_ascii=False)


def _check_responsible(db: sqlite3.Connection, plan: Plan) -> None:
    """Conflict unless every stakeholder the plan's actions name exists (the write lock is
    held: none can be erased before the commit)."""
    named = sorted({a.responsible_id for a in plan.actions if a.responsible_id})
    missing = set(named) - existing_ids(db, named) if named else set()
    if missing:
        raise responsible_missing(missing)


def _insert_revision(db: sqlite3.Connection, revision: PlanRevision) -> None:
    db.execute("INSERT INTO plan_revisions VALUES (?,?,?)",
               (revision.plan_id, revision.revision,
                json.dumps(revision_to_record(revision), ensure_ascii=False)))


def _in_regions(column: str, regions: tuple[str, ...], values: list[object]) -> str:
    values += [x for region in regions for x in (len(region), region)]
    return "(" + (" OR ".join(f"substr({column}, 1, ?) = ?" for _ in regions) or "0") + ")"


def plans_where(query: PlanQuery) -> tuple[str, list[object]]:
    """The WHERE condition (made of fixed fragments only) of ``query``'s filters, and its
    values."""
    clauses: list[str] = []
    values: list[object] = []
    if query.territory is not None:
        clauses.append(_in_regions("territory", (query.territory,), values))
    if query.states is not None:
        clauses.append(f"state IN ({','.join('?' * len(query.states))})")
        values += [state.value for state in query.states]
    if query.drafts_in is not None:
        clauses.append(f"(state != 'draft' OR {_in_regions('territory', query.drafts_in, values)})")
    return " AND ".join(clauses) or "1 = 1", values


def forget_in_plans(db: sqlite3.Connection, stakeholder_id: str) -> None:
    """Take an erased stakeholder out of every plan that names it and out of their history,
    in the erasure's transaction (see :meth:`~graph_models.domain.plans.Plan.without`)."""
    for row in db.execute("SELECT record FROM plans WHERE instr(record, ?) > 0",
                          (stakeholder_id,)).fetchall():
        plan = _plan(row)
        kept = plan.without(stakeholder_id)
        if kept is not plan:
            db.execute("UPDATE plans SET record = ? WHERE id = ?", (_record(kept), kept.id))
    for row in db.execute("SELECT record FROM plan_revisions WHERE instr(record, ?) > 0",
                          (stakeholder_id,)).fetchall():
        revision = revision_from_record(json.loads(row["record"]))
        kept_revision = revision_without(revision, stakeholder_id)
        if kept_revision is not revision:
            db.execute("UPDATE plan_revisions SET record = ? WHERE plan_id = ? AND revision = ?",
                       (json.dumps(revision_to_record(kept_revision), ensure_ascii=False),
                        revision.plan_id, revision.revision))


class SqlitePlans(SqliteConnection):
    """Plans and their history; see :class:`~graph_models.stores.contracts.plans.PlanStore`."""

    def create_plan(self, plan: Plan, revision: PlanRevision, *,
                    audit: AuditEntry | None = None) -> Plan:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            _check_responsible(db, plan)
            try:
                db.execute("INSERT INTO plans VALUES (?,?,?,?,?,?)",
                           (plan.id, plan.territory, plan.state.value, plan.revision,
                            plan.created_at.isoformat(), _record(plan)))
            except sqlite3.IntegrityError as error:
                raise Conflict("a plan with this id exists", errors={"id": ["taken"]}) from error
            _insert_revision(db, revision)
        return plan

    def get_plan(self, plan_id: str) -> Plan:
        return self._read_one("SELECT record FROM plans WHERE id = ?", _plan,
                              not_found("plan", plan_id), plan_id)

    def find_plans(self, query: PlanQuery) -> Page[Plan]:
        where, values = plans_where(query)
        return self._read_page(
            f"SELECT count(*) FROM plans WHERE {where}",  # noqa: S608 - fixed fragments
            f"SELECT record FROM plans WHERE {where} "  # noqa: S608
            "ORDER BY created_at DESC, id LIMIT ? OFFSET ?", values, query, _plan)

    def update_plan(self, plan: Plan, revision: PlanRevision, *,
                    audit: AuditEntry | None = None) -> Plan:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            check_revision(db, "SELECT state, revision FROM plans WHERE id = ?", plan.id,
                           plan.revision, "plan")
            _check_responsible(db, plan)
            db.execute("UPDATE plans SET territory = ?, state = ?, revision = ?, record = ? "
                       "WHERE id = ?", (plan.territory, plan.state.value, plan.revision,
                                        _record(plan), plan.id))
            _insert_revision(db, revision)
        return plan

    def plan_history(self, plan_id: str) -> list[PlanRevision]:
        with self._transaction(write=False) as db:
            if db.execute("SELECT 1 FROM plans WHERE id = ?", (plan_id,)).fetchone() is None:
                raise not_found("plan", plan_id)
            rows = db.execute("SELECT record FROM plan_revisions WHERE plan_id = ? "
                              "ORDER BY revision", (plan_id,)).fetchall()
        return [revision_from_record(json.loads(row["record"])) for row in rows]
