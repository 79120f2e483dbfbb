"""A participatory budget's election as a pabulib ``.pb`` file, both ways: the export of a
process's projects and ballots (numbered in a random order, the winners marked
``selected``), and the import of a real election's file as a new process in its voting
phase, to replay it under the rules offered.

Examples
--------
>>> import tempfile
>>> from graph_models.stores import open_store
>>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/pb.db")
>>> store.ensure_schema()
>>> BudgetFiles(store).import_file("not a pabulib file", {"region": "EL3", "fund_id": "f"})
Traceback (most recent call last):
...
graph_models.domain.errors.InvalidInput: the file is not a pabulib election
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from datetime import datetime

from graph_models.budgeting import Ballot, BallotKind, Election, read_pabulib, write_pabulib
from graph_models.budgeting.profile import BORDA_SCORING
from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.budgets import (
    PHASES,
    BallotRules,
    BallotType,
    BudgetBallot,
    BudgetProcess,
    BudgetProject,
    OutcomeRule,
    Phase,
    Review,
    process_problems,
)
from graph_models.domain.errors import Forbidden, InvalidInput
from graph_models.domain.policy import Action, Resource
from graph_models.domain.stakeholders import new_id, now
from graph_models.stores.base import GraphStore
from graph_models.use_cases.budgets import Budgets, election_of
from graph_models.use_cases.common import audit

# How many projects and ballots one file may bring (a real city's election fits).
MAX_PROJECTS = 1_000
MAX_BALLOTS = 200_000


def _whole(value, field: str) -> int:
    if value.denominator != 1:
        raise InvalidInput("amounts are whole euros", errors={field: ["not whole euros"]})
    return int(value)


class BudgetFiles:
    """Pabulib files of participatory budgets over one store."""

    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = now):
        self.store = store
        self._clock = clock
        self._budgets = Budgets(store, clock=clock)

    def export_file(self, process_id: str, *, actor: User | None = None) -> str:
        """The process's election as pabulib text, for its coordinators: its eligible
        projects (``selected`` 1 for the funded once results are out) and its ballots under
        pseudonyms."""
        policy.require_some(actor, Resource.BUDGET, Action.EXPORT)
        process = self.store.get_budget_process(process_id)
        if not policy.coordinates(actor, process.region):
            raise Forbidden("only the coordinators of its territory export a process")
        election = election_of(process, self.store.budget_projects(process.id),
                               self.store.budget_ballots(process.id))
        funded = set(process.results.funded) if process.results else None
        projects = tuple(dataclasses.replace(p, attributes={
            "selected": "1" if p.id in funded else "0"}) if funded is not None else p
            for p in election.projects)
        # A secret ballot: in an order drawn afresh and numbered, so that neither a name, a
        # digest of one, nor the order of the voters (the store's, by id) tells who cast it.
        cast = list(election.ballots)
        secrets.SystemRandom().shuffle(cast)
        ballots = tuple(Ballot(f"v{number}", b.projects, points=b.points)
                        for number, b in enumerate(cast, start=1))
        meta = {**election.meta, "rule": process.rule.value}
        return write_pabulib(dataclasses.replace(election, projects=projects, ballots=ballots,
                                                 meta=meta))

    def import_file(self, text: str, fields: dict, *,
                    actor: User | None = None) -> BudgetProcess:
        """A new process, in its voting phase, holding the election of pabulib ``text``: its
        projects eligible, its ballots as cast (not held to the limits, as real files break
        them now and then). ``fields``: region, fund_id, and optionally name and rule."""
        policy.require_some(actor, Resource.BUDGET, Action.IMPORT)
        try:
            election = read_pabulib(text)
        except InvalidInput as error:
            raise InvalidInput("the file is not a pabulib election",
                               errors={"file": [f"{k}: {', '.join(v)}" for k, v in
                                                sorted(error.errors.items())]}) from None
        if not policy.coordinates(actor, fields["region"]):
            raise InvalidInput("you run processes of your territories only",
                               errors={"region": ["outside your territories"]})
        self._budgets._fund(fields["fund_id"])
        process, projects, ballots = self._process_of(election, fields, actor)
        return self.store.create_budget_process(
            process, projects=projects, ballots=ballots, audit=audit(
                actor, "budget.import", "budget", process.id, region=process.region))

    def _process_of(self, election: Election, fields: dict, actor: User | None
                    ) -> tuple[BudgetProcess, list[BudgetProject], list[BudgetBallot]]:
        scoring = election.meta.get("scoring_fn")
        if election.kind is BallotKind.ORDINAL and scoring and scoring.lower() != BORDA_SCORING:
            raise InvalidInput("ordinal ballots are counted by Borda scores only",
                               errors={"file": ["only Borda is counted"]})
        if len(election.projects) > MAX_PROJECTS or len(election.ballots) > MAX_BALLOTS:
            raise InvalidInput("the election is too large",
                               errors={"file": [f"at most {MAX_PROJECTS} projects and "
                                                f"{MAX_BALLOTS} ballots"]})
        at = self._clock()
        limits = election.limits

        def whole(value, name):
            return None if value is None else _whole(value, name)

        process = BudgetProcess(
            id=new_id(), name=fields.get("name") or election.meta.get("description")
            or "pabulib", region=fields["region"], budget=_whole(election.budget, "budget"),
            fund_id=fields["fund_id"], created_at=at,
            ballot_type=BallotType(election.kind.value),
            rule=OutcomeRule(fields.get("rule", OutcomeRule.EQUAL_SHARES)),
            rules=BallotRules(min_projects=limits.min_length, max_projects=limits.max_length,
                              max_cost=whole(limits.max_sum_cost, "max_cost"),
                              max_points_per_project=whole(limits.max_points, "max_points"),
                              max_points=whole(limits.max_sum_points, "max_points")),
            phase=Phase.VOTING, created_by=actor.id if actor else None,
            phase_dates={phase: at for phase in PHASES[:PHASES.index(Phase.VOTING) + 1]})
        problems = process_problems(process)
        if problems:
            raise InvalidInput("the process is not valid", errors=problems)
        projects = [BudgetProject(
            id=new_id(), process_id=process.id, title=(p.name or p.id)[:300],
            cost=_whole(p.cost, "cost"), created_at=at, categories=tuple(sorted(p.categories)),
            targets=tuple(sorted(p.targets)), review=Review.ELIGIBLE,
            review_reason=f"pabulib project {p.id}"[:300]) for p in election.projects]
        ids = {p.id: mine.id for p, mine in zip(election.projects, projects, strict=True)}
        ballots = [BudgetBallot(
            process.id, "pb:" + b.voter_id, tuple(ids[p] for p in b.projects), at,
            points=None if b.points is None else tuple(_whole(x, "points") for x in b.points))
            for b in election.ballots]
        return process, projects, ballots
