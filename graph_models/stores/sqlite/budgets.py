"""The SQLite store's participatory budgets: a row per process, project and ballot, each with
its plain record as JSON beside the columns it is found by. A ballot's primary key is its
process and voter, so that a voter has one; every write takes the write lock up front
(``BEGIN IMMEDIATE``), so that a ballot and a change of phase happen one after the other."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

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
from graph_models.domain.errors import Conflict, not_found, tie_ends_missing
from graph_models.domain.stakeholders import Tie
from graph_models.stores.sqlite.connection import SqliteConnection, check_revision
from graph_models.stores.sqlite.ties import insert_tie_unless_known


def _json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def _process_phase(db: sqlite3.Connection, process_id: str) -> Phase:
    row = db.execute("SELECT phase FROM budget_processes WHERE id = ?", (process_id,)).fetchone()
    if row is None:
        raise not_found("process", process_id)
    return Phase(row[0])


def _insert_project(db: sqlite3.Connection, p: BudgetProject) -> None:
    db.execute("INSERT INTO budget_projects VALUES (?,?,?,?,?,?)",
               (p.id, p.process_id, p.review.value, p.revision, p.created_at.isoformat(),
                _json(project_to_record(p))))


def _insert_ballot(db: sqlite3.Connection, b: BudgetBallot) -> None:
    db.execute("INSERT INTO budget_ballots VALUES (?,?,?)",
               (b.process_id, b.voter_id, _json(ballot_to_record(b))))


def _replace_process(db: sqlite3.Connection, p: BudgetProcess) -> None:
    check_revision(db, "SELECT phase AS state, revision FROM budget_processes WHERE id = ?",
                   p.id, p.revision, "process")
    db.execute("UPDATE budget_processes SET phase = ?, revision = ?, record = ? WHERE id = ?",
               (p.phase.value, p.revision, _json(process_to_record(p)), p.id))


def _replace_project(db: sqlite3.Connection, p: BudgetProject) -> None:
    check_revision(db, "SELECT review AS state, revision FROM budget_projects WHERE id = ?",
                   p.id, p.revision, "project")
    db.execute("UPDATE budget_projects SET review = ?, revision = ?, record = ? WHERE id = ?",
               (p.review.value, p.revision, _json(project_to_record(p)), p.id))


class SqliteBudgets(SqliteConnection):
    """Participatory budgets; see :class:`~graph_models.stores.contracts.budgets.BudgetStore`."""

    def create_budget_process(self, process: BudgetProcess, *,
                              projects: Sequence[BudgetProject] = (),
                              ballots: Sequence[BudgetBallot] = (),
                              audit: AuditEntry | None = None) -> BudgetProcess:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            try:
                db.execute("INSERT INTO budget_processes VALUES (?,?,?,?,?,?)",
                           (process.id, process.region, process.phase.value, process.revision,
                            process.created_at.isoformat(), _json(process_to_record(process))))
                for project in projects:
                    _insert_project(db, project)
                for ballot in ballots:
                    _insert_ballot(db, ballot)
            except sqlite3.IntegrityError as error:
                raise Conflict("an id is taken or a voter is repeated",
                               errors={"id": ["taken"]}) from error
        return process

    def get_budget_process(self, process_id: str) -> BudgetProcess:
        return self._read_one("SELECT record FROM budget_processes WHERE id = ?",
                              lambda row: process_from_record(json.loads(row["record"])),
                              not_found("process", process_id), process_id)

    def list_budget_processes(self) -> list[BudgetProcess]:
        rows = self._connection().execute(
            "SELECT record FROM budget_processes ORDER BY created_at DESC, id").fetchall()
        return [process_from_record(json.loads(row["record"])) for row in rows]

    def update_budget_process(self, process: BudgetProcess, *,
                              audit: AuditEntry | None = None) -> BudgetProcess:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            _replace_process(db, process)
        return process

    def create_budget_project(self, project: BudgetProject, *,
                              audit: AuditEntry | None = None) -> BudgetProject:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            phase = _process_phase(db, project.process_id)
            if phase is not Phase.PROPOSALS:
                raise not_in_phase(phase, Phase.PROPOSALS)
            try:
                _insert_project(db, project)
            except sqlite3.IntegrityError as error:
                raise Conflict("a project with this id exists", errors={"id": ["taken"]}) \
                    from error
        return project

    def get_budget_project(self, project_id: str) -> BudgetProject:
        return self._read_one("SELECT record FROM budget_projects WHERE id = ?",
                              lambda row: project_from_record(json.loads(row["record"])),
                              not_found("project", project_id), project_id)

    def budget_projects(self, process_id: str) -> list[BudgetProject]:
        rows = self._connection().execute(
            "SELECT record FROM budget_projects WHERE process_id = ? ORDER BY created_at, id",
            (process_id,)).fetchall()
        return [project_from_record(json.loads(row["record"])) for row in rows]

    def update_budget_project(self, project: BudgetProject, *,
                              audit: AuditEntry | None = None) -> BudgetProject:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            _replace_project(db, project)
        return project

    def cast_budget_ballot(self, ballot: BudgetBallot, *,
                           audit: AuditEntry | None = None) -> BudgetBallot:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            phase = _process_phase(db, ballot.process_id)
            if phase is not Phase.VOTING:
                raise not_in_phase(phase, Phase.VOTING)
            try:
                _insert_ballot(db, ballot)
            except sqlite3.IntegrityError as error:
                raise voted_already() from error
        return ballot

    def budget_ballot(self, process_id: str, voter_id: str) -> BudgetBallot:
        return self._read_one(
            "SELECT record FROM budget_ballots WHERE process_id = ? AND voter_id = ?",
            lambda row: ballot_from_record(json.loads(row["record"])),
            not_found("ballot", voter_id), process_id, voter_id)

    def budget_ballots(self, process_id: str) -> list[BudgetBallot]:
        rows = self._connection().execute(
            "SELECT record FROM budget_ballots WHERE process_id = ? ORDER BY voter_id",
            (process_id,)).fetchall()
        return [ballot_from_record(json.loads(row["record"])) for row in rows]

    def record_budget_results(self, process: BudgetProcess, projects: Sequence[BudgetProject],
                              ties: Sequence[Tie], *,
                              audit: AuditEntry | None = None) -> BudgetProcess:
        # A write to the graph (its ties): the version moves and the change feed records them.
        with self._transaction(write=True, graph=bool(ties), audit=audit) as db:
            _replace_process(db, process)
            for project in projects:
                _replace_project(db, project)
            for tie in ties:
                try:
                    insert_tie_unless_known(db, tie)
                except sqlite3.IntegrityError as error:
                    raise tie_ends_missing("source", "target") from error
        return process


def erase_person_in_budgets(db: sqlite3.Connection, user_id: str) -> None:
    """Delete the person's ballots, take their share out of every process's results and their
    name out of the processes they created and the projects they proposed or reviewed, in the
    caller's transaction (erasing a person)."""
    db.execute("DELETE FROM budget_ballots WHERE voter_id = ?", (user_id,))
    named = db.execute("SELECT record FROM budget_processes WHERE instr(record, ?) > 0",
                       (user_id,)).fetchall()
    for (record,) in named:
        process = process_from_record(json.loads(record))
        kept = without_person(process, user_id)
        if kept is not process:
            db.execute("UPDATE budget_processes SET record = ? WHERE id = ?",
                       (_json(process_to_record(kept)), kept.id))
    named = db.execute("SELECT record FROM budget_projects WHERE instr(record, ?) > 0",
                       (user_id,)).fetchall()
    for (record,) in named:
        project = project_from_record(json.loads(record))
        kept_project = project_without_person(project, user_id)
        if kept_project is not project:
            _replace_project(db, kept_project)
