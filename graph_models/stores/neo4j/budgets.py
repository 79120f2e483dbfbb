"""The Neo4j store's participatory budgets: ``:BudgetProcess``, ``:BudgetProject`` and
``:BudgetBallot`` nodes, each with its plain record as JSON (``record``) beside the properties
it is found by; they name stakeholders and voters by id, through no relationship, so no tie
query sees them. A ballot is unique by process and voter (a constraint); every write to a
process's objects first takes the process node's write lock, so that a ballot and a change of
phase happen one after the other."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import neo4j
from neo4j.exceptions import ConstraintError

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.budgets import (
    BudgetBallot,
    BudgetProcess,
    BudgetProject,
    Phase,
    ballot_from_record,
    ballot_to_record,
    not_in_phase,
    process_from_record,
    process_to_record,
    project_from_record,
    project_to_record,
    project_without_person,
    voted_already,
    without_person,
)
from graph_models.domain.errors import Conflict, not_found
from graph_models.domain.stakeholders import Tie
from graph_models.stores.neo4j.connection import Neo4jConnection, check_revision
from graph_models.stores.neo4j.cypher import lock
from graph_models.stores.neo4j.ties import create_tie_unless_known


def _json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def _taken(error: ConstraintError) -> Conflict:
    if "voter_id" in (error.message or ""):
        return voted_already()
    return Conflict("an id is taken or a voter is repeated", errors={"id": ["taken"]})


def _locked_phase(tx: neo4j.ManagedTransaction, process_id: str) -> Phase:
    """The process's phase, read after taking its write lock."""
    if tx.run("MATCH (p:BudgetProcess {id: $id}) " + lock("p") + " RETURN count(p) AS n",
              id=process_id).single(strict=True)["n"] == 0:
        raise not_found("process", process_id)
    return Phase(tx.run("MATCH (p:BudgetProcess {id: $id}) RETURN p.state AS phase",
                        id=process_id).single(strict=True)["phase"])


def _project_parameters(p: BudgetProject) -> dict[str, Any]:
    return {"id": p.id, "process_id": p.process_id, "state": p.review.value,
            "revision": p.revision, "created_at": p.created_at.isoformat(),
            "record": _json(project_to_record(p))}


def _ballot_parameters(b: BudgetBallot) -> dict[str, Any]:
    return {"process_id": b.process_id, "voter_id": b.voter_id,
            "record": _json(ballot_to_record(b))}


CREATE_PROJECTS = ("UNWIND $rows AS row CREATE (p:BudgetProject) SET p = row")
CREATE_BALLOTS = ("UNWIND $rows AS row CREATE (b:BudgetBallot) SET b = row")


def _replace_process(tx: neo4j.ManagedTransaction, p: BudgetProcess) -> None:
    check_revision(tx, "MATCH (n:BudgetProcess {id: $id})", p.id, p.revision, "process")
    tx.run("MATCH (p:BudgetProcess {id: $id}) SET p.state = $state, p.revision = $revision, "
           "p.record = $record", id=p.id, state=p.phase.value, revision=p.revision,
           record=_json(process_to_record(p))).consume()


def _replace_project(tx: neo4j.ManagedTransaction, p: BudgetProject) -> None:
    check_revision(tx, "MATCH (n:BudgetProject {id: $id})", p.id, p.revision, "project")
    tx.run("MATCH (p:BudgetProject {id: $id}) SET p.state = $state, p.revision = $revision, "
           "p.record = $record", id=p.id, state=p.review.value, revision=p.revision,
           record=_json(project_to_record(p))).consume()


class Neo4jBudgets(Neo4jConnection):
    """Participatory budgets; see :class:`~graph_models.stores.contracts.budgets.BudgetStore`."""

    def create_budget_process(self, process: BudgetProcess, *,
                              projects: Sequence[BudgetProject] = (),
                              ballots: Sequence[BudgetBallot] = (),
                              audit: AuditEntry | None = None) -> BudgetProcess:
        """Insert the process with its projects and ballots."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            tx.run("CREATE (p:BudgetProcess {id: $id, region: $region, state: $state, "
                   "revision: $revision, created_at: $created_at, record: $record})",
                   id=process.id, region=process.region, state=process.phase.value,
                   revision=process.revision, created_at=process.created_at.isoformat(),
                   record=_json(process_to_record(process))).consume()
            if projects:
                tx.run(CREATE_PROJECTS, rows=[_project_parameters(p) for p in projects]).consume()
            if ballots:
                tx.run(CREATE_BALLOTS, rows=[_ballot_parameters(b) for b in ballots]).consume()

        self._write(create, graph=False, audit=audit,
                    conflict=lambda error: Conflict("an id is taken or a voter is repeated",
                                                    errors={"id": ["taken"]}))
        return process

    def get_budget_process(self, process_id: str) -> BudgetProcess:
        """NotFound if absent."""
        return self._read_one("MATCH (p:BudgetProcess {id: $id}) RETURN p.record AS record",
                              "record", lambda r: process_from_record(json.loads(r)),
                              not_found("process", process_id), id=process_id)

    def list_budget_processes(self) -> list[BudgetProcess]:
        """Every process, newest first."""

        def read(tx: neo4j.ManagedTransaction) -> list[str]:
            return [r["record"] for r in tx.run(
                "MATCH (p:BudgetProcess) WITH p ORDER BY p.created_at DESC, p.id "
                "RETURN p.record AS record")]

        return [process_from_record(json.loads(r)) for r in self._read(read)]

    def update_budget_process(self, process: BudgetProcess, *,
                              audit: AuditEntry | None = None) -> BudgetProcess:
        """Compare-and-set the process's new revision."""
        self._write(_replace_process, process, graph=False, audit=audit)
        return process

    def create_budget_project(self, project: BudgetProject, *,
                              audit: AuditEntry | None = None) -> BudgetProject:
        """Insert a project while its process takes proposals."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            phase = _locked_phase(tx, project.process_id)
            if phase is not Phase.PROPOSALS:
                raise not_in_phase(phase, Phase.PROPOSALS)
            tx.run(CREATE_PROJECTS, rows=[_project_parameters(project)]).consume()

        self._write(create, graph=False, audit=audit, conflict=_taken)
        return project

    def get_budget_project(self, project_id: str) -> BudgetProject:
        """NotFound if absent."""
        return self._read_one("MATCH (p:BudgetProject {id: $id}) RETURN p.record AS record",
                              "record", lambda r: project_from_record(json.loads(r)),
                              not_found("project", project_id), id=project_id)

    def budget_projects(self, process_id: str) -> list[BudgetProject]:
        """The process's projects, oldest first."""

        def read(tx: neo4j.ManagedTransaction) -> list[str]:
            return [r["record"] for r in tx.run(
                "MATCH (p:BudgetProject {process_id: $id}) WITH p ORDER BY p.created_at, p.id "
                "RETURN p.record AS record", id=process_id)]

        return [project_from_record(json.loads(r)) for r in self._read(read)]

    def update_budget_project(self, project: BudgetProject, *,
                              audit: AuditEntry | None = None) -> BudgetProject:
        """Compare-and-set the project's new revision."""
        self._write(_replace_project, project, graph=False, audit=audit)
        return project

    def cast_budget_ballot(self, ballot: BudgetBallot, *,
                           audit: AuditEntry | None = None) -> BudgetBallot:
        """Store a ballot while its process votes, once per voter."""

        def cast(tx: neo4j.ManagedTransaction) -> None:
            phase = _locked_phase(tx, ballot.process_id)
            if phase is not Phase.VOTING:
                raise not_in_phase(phase, Phase.VOTING)
            if tx.run("MATCH (b:BudgetBallot {process_id: $process_id, voter_id: $voter_id}) "
                      "RETURN count(b) AS n", process_id=ballot.process_id,
                      voter_id=ballot.voter_id).single(strict=True)["n"]:
                raise voted_already()
            tx.run(CREATE_BALLOTS, rows=[_ballot_parameters(ballot)]).consume()

        self._write(cast, graph=False, audit=audit, conflict=_taken)
        return ballot

    def budget_ballot(self, process_id: str, voter_id: str) -> BudgetBallot:
        """The voter's ballot; NotFound if none."""
        return self._read_one(
            "MATCH (b:BudgetBallot {process_id: $process_id, voter_id: $voter_id}) "
            "RETURN b.record AS record", "record", lambda r: ballot_from_record(json.loads(r)),
            not_found("ballot", voter_id), process_id=process_id, voter_id=voter_id)

    def budget_ballots(self, process_id: str) -> list[BudgetBallot]:
        """Every ballot of the process, by voter id."""

        def read(tx: neo4j.ManagedTransaction) -> list[str]:
            return [r["record"] for r in tx.run(
                "MATCH (b:BudgetBallot {process_id: $id}) WITH b ORDER BY b.voter_id "
                "RETURN b.record AS record", id=process_id)]

        return [ballot_from_record(json.loads(r)) for r in self._read(read)]

    def record_budget_results(self, process: BudgetProcess, projects: Sequence[BudgetProject],
                              ties: Sequence[Tie], *,
                              audit: AuditEntry | None = None) -> BudgetProcess:
        """The results, the funded projects and their ties, in one transaction."""

        def record(tx: neo4j.ManagedTransaction) -> None:
            _replace_process(tx, process)
            for project in projects:
                _replace_project(tx, project)
            for tie in ties:
                create_tie_unless_known(tx, tie)

        self._write(record, graph=bool(ties), audit=audit)
        return process


def erase_person_in_budgets(tx: neo4j.ManagedTransaction, user_id: str) -> None:
    """Delete the person's ballots, take their share out of every process's results and their
    name out of the processes they created and the projects they proposed or reviewed, in the
    caller's transaction (erasing a person)."""
    tx.run("MATCH (b:BudgetBallot {voter_id: $id}) DELETE b", id=user_id).consume()
    named = tx.run("MATCH (p:BudgetProcess) WHERE p.record CONTAINS $id "
                   "RETURN p.record AS record", id=user_id).data()
    for row in named:
        process = process_from_record(json.loads(row["record"]))
        kept = without_person(process, user_id)
        if kept is not process:
            tx.run("MATCH (p:BudgetProcess {id: $id}) SET p.record = $record", id=kept.id,
                   record=_json(process_to_record(kept))).consume()
    named = tx.run("MATCH (p:BudgetProject) WHERE p.record CONTAINS $id "
                   "RETURN p.record AS record", id=user_id).data()
    for row in named:
        project = project_from_record(json.loads(row["record"]))
        kept_project = project_without_person(project, user_id)
        if kept_project is not project:
            _replace_project(tx, kept_project)
