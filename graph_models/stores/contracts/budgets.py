"""The store contract's participatory-budgets part: processes, their projects and ballots, and
the results written with their FUNDED ties.

A process's writes take its lock, so that a ballot and a change of phase happen one after the
other: a ballot is stored only while its process is voting, and once per voter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.budgets import BudgetBallot, BudgetProcess, BudgetProject
from graph_models.domain.stakeholders import Tie


class BudgetStore(Protocol):
    """Participatory budgets."""

    def create_budget_process(self, process: BudgetProcess, *,
                              projects: Sequence[BudgetProject] = (),
                              ballots: Sequence[BudgetBallot] = (),
                              audit: AuditEntry | None = None) -> BudgetProcess:
        """Insert the process with its projects and ballots (an imported election), in one
        transaction; Conflict, writing nothing, if an id is taken or a voter is repeated."""

    def get_budget_process(self, process_id: str) -> BudgetProcess:
        """NotFound if absent."""

    def list_budget_processes(self) -> list[BudgetProcess]:
        """Every process, newest first."""

    def update_budget_process(self, process: BudgetProcess, *,
                              audit: AuditEntry | None = None) -> BudgetProcess:
        """Write a change computed from revision ``process.revision - 1``: NotFound if
        absent, Conflict (naming its stored phase), writing nothing, if it moved meanwhile."""

    def create_budget_project(self, project: BudgetProject, *,
                              audit: AuditEntry | None = None) -> BudgetProject:
        """Insert a project; NotFound if its process is absent, Conflict if its id is taken
        or its process no longer takes proposals (``errors["phase"]``)."""

    def get_budget_project(self, project_id: str) -> BudgetProject:
        """NotFound if absent."""

    def budget_projects(self, process_id: str) -> list[BudgetProject]:
        """The process's projects, oldest first (then by id)."""

    def update_budget_project(self, project: BudgetProject, *,
                              audit: AuditEntry | None = None) -> BudgetProject:
        """Write a change computed from revision ``project.revision - 1`` (NotFound, or
        Conflict if it moved meanwhile)."""

    def cast_budget_ballot(self, ballot: BudgetBallot, *,
                           audit: AuditEntry | None = None) -> BudgetBallot:
        """Store a ballot. Conflict, writing nothing, if its voter has one in the process
        already (``errors["voter"]``) or the process is not voting (``errors["phase"]``):
        of two ballots of one voter at once, one is stored. NotFound if the process is
        absent."""

    def budget_ballot(self, process_id: str, voter_id: str) -> BudgetBallot:
        """The voter's ballot; NotFound if none."""

    def budget_ballots(self, process_id: str) -> list[BudgetBallot]:
        """Every ballot of the process, by voter id."""

    def record_budget_results(self, process: BudgetProcess, projects: Sequence[BudgetProject],
                              ties: Sequence[Tie], *,
                              audit: AuditEntry | None = None) -> BudgetProcess:
        """In one transaction: the process with its results (compare-and-set, as
        :meth:`update_budget_process`), its funded projects, and their FUNDED ties (a tie
        whose natural key is known is not written again; Conflict, writing nothing, if an end
        is missing)."""
