"""The Neo4j store's Local Action Plans and their revisions.

A plan is a ``:Plan`` node carrying the fields it is found and ordered by and its whole plain
record as JSON text in ``record`` (goals, actions and indicators are lists of records, which
Neo4j properties cannot hold). Each revision is a ``:PlanRevision`` node, created in the same
transaction as the plan's write. A plan names stakeholders by id, through no relationship, so
no tie query ever sees it.

Concurrency. As for programmes (:mod:`~graph_models.stores.neo4j.mentorship`), a
compare-and-set first takes the plan's write lock and reads its revision in a following
statement; the stakeholders the actions name are locked too, so that none can be erased
between the check that they exist and the commit.
"""

from __future__ import annotations

import json
from typing import Any

import neo4j
from neo4j.exceptions import ConstraintError

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
from graph_models.stores.neo4j.connection import Neo4jConnection, check_revision
from graph_models.stores.neo4j.cypher import lock
from graph_models.stores.neo4j.stakeholders import existing_ids, lock_stakeholders


def _json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def _plan(record: str) -> Plan:
    return plan_from_record(json.loads(record))


def _parameters(plan: Plan) -> dict[str, Any]:
    return {"id": plan.id, "territory": plan.territory, "state": plan.state.value,
            "revision": plan.revision, "created_at": plan.created_at.isoformat(),
            "record": _json(plan_to_record(plan))}


def _taken(error: ConstraintError) -> Conflict:
    return Conflict("a plan with this id exists", errors={"id": ["taken"]})


def _check_responsible(tx: neo4j.ManagedTransaction, plan: Plan) -> None:
    named = sorted({a.responsible_id for a in plan.actions if a.responsible_id})
    if not named:
        return
    lock_stakeholders(tx, named)
    missing = set(named) - existing_ids(tx, named)
    if missing:
        raise responsible_missing(missing)


CREATE_REVISION = ("CREATE (r:PlanRevision {plan_id: $plan_id, revision: $revision, "
                   "record: $record})")


def _create_revision(tx: neo4j.ManagedTransaction, revision: PlanRevision) -> None:
    tx.run(CREATE_REVISION, plan_id=revision.plan_id, revision=revision.revision,
           record=_json(revision_to_record(revision))).consume()


def forget_in_plans(tx: neo4j.ManagedTransaction, stakeholder_id: str) -> None:
    """Take an erased stakeholder out of every plan that names it and out of their history,
    in the erasure's transaction: the plans are locked, then read in a later statement so
    that an edit committed meanwhile is seen (a scan of plans: they are few, erasures rare)."""
    tx.run("MATCH (p:Plan) WHERE p.record CONTAINS $id " + lock("p"),
           id=stakeholder_id).consume()
    for found in list(tx.run("MATCH (p:Plan) WHERE p.record CONTAINS $id "
                             "RETURN p.record AS record", id=stakeholder_id)):
        plan = _plan(found["record"])
        kept = plan.without(stakeholder_id)
        if kept is not plan:
            tx.run("MATCH (p:Plan {id: $id}) SET p.record = $record", id=kept.id,
                   record=_json(plan_to_record(kept))).consume()
    for found in list(tx.run("MATCH (r:PlanRevision) WHERE r.record CONTAINS $id "
                             "RETURN r.record AS record", id=stakeholder_id)):
        revision = revision_from_record(json.loads(found["record"]))
        kept_revision = revision_without(revision, stakeholder_id)
        if kept_revision is not revision:
            tx.run("MATCH (r:PlanRevision {plan_id: $plan_id, revision: $revision}) "
                   "SET r.record = $record", plan_id=revision.plan_id,
                   revision=revision.revision,
                   record=_json(revision_to_record(kept_revision))).consume()


# Every filter of a PlanQuery, each passing when its parameter is null. Plans are few (one per
# territory and period): a scan of them costs less than choosing among fixed queries.
PLANS_MATCH = (
    "MATCH (p:Plan) WHERE ($territory IS NULL OR p.territory STARTS WITH $territory) "
    "AND ($states IS NULL OR p.state IN $states) "
    "AND ($drafts_in IS NULL OR p.state <> 'draft' "
    "OR any(region IN $drafts_in WHERE p.territory STARTS WITH region)) ")


class Neo4jPlans(Neo4jConnection):
    """Plans and their history; see :class:`~graph_models.stores.contracts.plans.PlanStore`."""

    def create_plan(self, plan: Plan, revision: PlanRevision, *,
                    audit: AuditEntry | None = None) -> Plan:
        """Insert a new plan and its first revision."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            _check_responsible(tx, plan)
            tx.run("CREATE (p:Plan {id: $id, territory: $territory, state: $state, "
                   "revision: $revision, created_at: $created_at, record: $record})",
                   _parameters(plan)).consume()
            _create_revision(tx, revision)

        self._write(create, graph=False, audit=audit, conflict=_taken)
        return plan

    def get_plan(self, plan_id: str) -> Plan:
        """The plan with this id; NotFound if absent."""
        return self._read_one("MATCH (p:Plan {id: $id}) RETURN p.record AS record", "record",
                              _plan, not_found("plan", plan_id), id=plan_id)

    def find_plans(self, query: PlanQuery) -> Page[Plan]:
        """One page of the plans passing every filter, newest first."""
        parameters = {
            "territory": query.territory,
            "states": None if query.states is None else [s.value for s in query.states],
            "drafts_in": None if query.drafts_in is None else list(query.drafts_in)}
        return self._read_page(PLANS_MATCH + "RETURN count(p) AS total",
                               PLANS_MATCH + "WITH p ORDER BY p.created_at DESC, p.id "
                               "SKIP $skip LIMIT $limit RETURN p.record AS record",
                               parameters, "record", _plan, query)

    def update_plan(self, plan: Plan, revision: PlanRevision, *,
                    audit: AuditEntry | None = None) -> Plan:
        """Write a change computed from revision ``plan.revision - 1``, and its revision."""

        def update(tx: neo4j.ManagedTransaction) -> None:
            check_revision(tx, "MATCH (n:Plan {id: $id})", plan.id, plan.revision, "plan")
            _check_responsible(tx, plan)
            p = _parameters(plan)
            tx.run("MATCH (p:Plan {id: $id}) SET p.territory = $territory, p.state = $state, "
                   "p.revision = $revision, p.record = $record", id=p["id"],
                   territory=p["territory"], state=p["state"], revision=p["revision"],
                   record=p["record"]).consume()
            _create_revision(tx, revision)

        self._write(update, graph=False, audit=audit, conflict=_taken)
        return plan

    def plan_history(self, plan_id: str) -> list[PlanRevision]:
        """A plan's revisions, oldest first."""

        def read(tx: neo4j.ManagedTransaction) -> list[str] | None:
            if tx.run("MATCH (p:Plan {id: $id}) RETURN 1 AS found", id=plan_id).single() is None:
                return None
            return [r["record"] for r in tx.run(
                "MATCH (r:PlanRevision {plan_id: $id}) RETURN r.record AS record "
                "ORDER BY r.revision", id=plan_id)]

        records = self._read(read)
        if records is None:
            raise not_found("plan", plan_id)
        return [revision_from_record(json.loads(record)) for record in records]
