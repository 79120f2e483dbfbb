"""The use cases of participatory budgets: a coordinator runs a process for its territory
phase by phase, members propose projects for their stakeholders, a coordinator who proposed
nothing reviews them, verified voters cast one secret ballot each, and the results, computed
and explained by :mod:`graph_models.budgeting`, become FUNDED ties from the process's fund to
each winner's proposer, in the transaction that records them.

A voter is verified by territory: a signed-in person who is a member of a stakeholder whose
region lies within the process's territory.

Examples
--------
>>> import tempfile
>>> from graph_models.stores import open_store
>>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/budgets.db")
>>> store.ensure_schema()
>>> Budgets(store).list_processes()
[]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from graph_models.budgeting import (
    Ballot,
    BallotKind,
    BallotLimits,
    Election,
    Outcome,
    Project,
    equal_shares,
    greedy_by_votes,
    sequential_phragmen,
    validate_ballot,
)
from graph_models.budgeting.wording import why, your_share
from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.budgets import (
    BallotRules,
    BallotType,
    BudgetBallot,
    BudgetProcess,
    BudgetProject,
    Execution,
    OutcomeRule,
    Phase,
    Results,
    Review,
    Share,
    Verdict,
    not_in_phase,
    process_problems,
    project_problems,
    proposer_barriers,
)
from graph_models.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    moved_meanwhile,
)
from graph_models.domain.phrases import Phrase
from graph_models.domain.policy import Action, Resource
from graph_models.domain.stakeholders import (
    Instrument,
    Kind,
    Stakeholder,
    Tie,
    TieType,
    new_id,
    now,
)
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import audit

RULES: dict[OutcomeRule, Callable[[Election], Outcome]] = {
    OutcomeRule.EQUAL_SHARES: equal_shares,
    OutcomeRule.GREEDY: greedy_by_votes,
    OutcomeRule.PHRAGMEN: sequential_phragmen,
}


def _invalid(problems: dict[str, list[str]], what: str) -> None:
    if problems:
        raise InvalidInput(f"the {what} is not valid", errors=problems)


def _current(revision: int | None, stored: int, what: str, state: str) -> None:
    """Refuse a change computed from ``revision`` when ``what`` has moved on since."""
    if revision is not None and revision != stored:
        raise moved_meanwhile(what, state)


def _exact(amount: int | None) -> Fraction | None:
    return None if amount is None else Fraction(amount)


def _points(points: tuple[int, ...] | None) -> tuple[Fraction, ...] | None:
    return None if points is None else tuple(Fraction(p) for p in points)


def election_of(process: BudgetProcess, projects: Sequence[BudgetProject],
                ballots: Sequence[BudgetBallot] = ()) -> Election:
    """The election a process holds: its eligible projects, its budget, ballot kind and
    limits, and ``ballots``."""
    r = process.rules
    limits = BallotLimits(min_length=r.min_projects, max_length=r.max_projects,
                          max_sum_cost=_exact(r.max_cost),
                          max_points=_exact(r.max_points_per_project),
                          max_sum_points=_exact(r.max_points))
    return Election(
        tuple(Project(p.id, Fraction(p.cost), name=p.title, categories=frozenset(p.categories),
                      targets=frozenset(p.targets))
              for p in projects if p.review is Review.ELIGIBLE),
        budget=Fraction(process.budget), kind=BallotKind(process.ballot_type.value),
        limits=limits,
        ballots=tuple(Ballot(b.voter_id, b.projects, points=_points(b.points))
                      for b in ballots),
        meta={"description": process.name, "unit": process.region, "currency": "EUR",
              # pabulib's name for how ordinal ballots are scored, which readers of an
              # export need; the rules count Borda scores only.
              **({"scoring_fn": "Borda"} if process.ballot_type is BallotType.ORDINAL else {})})


def results_of(outcome: Outcome, at: datetime) -> Results:
    """The results to keep from a rule's outcome."""
    return Results(
        rule=OutcomeRule(outcome.rule.value), funded=outcome.funded, cost=int(outcome.cost),
        voters=len(outcome.voters), computed_at=at,
        verdicts=outcome.projects,
        shares=tuple(Share(v.voter_id, float(v.share), float(v.paid), v.funded)
                     for v in outcome.voters))


@dataclass(frozen=True)
class ExplainedVerdict:
    """A project's verdict with the project and the words that say why."""

    verdict: Verdict
    project: BudgetProject
    why: Phrase


@dataclass(frozen=True)
class ExplainedResults:
    """A process's results as one reader reads them: the verdicts ranked as the rule ranked
    them, each explained, and the reader's own share with its words (None if they did not
    vote)."""

    process: BudgetProcess
    results: Results
    verdicts: tuple[ExplainedVerdict, ...]
    my_share: Share | None
    my_share_words: Phrase | None


class Budgets:
    """Participatory budgets over one store."""

    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = now):
        self.store = store
        self._clock = clock

    # -- processes --------------------------------------------------------------------------

    def create_process(self, fields: dict, *, actor: User | None = None) -> BudgetProcess:
        """A new process in its proposals phase. ``fields``: name, region, budget, fund_id
        (a policymaker stakeholder), and optionally description, ballot_type, rule, rules."""
        policy.require_some(actor, Resource.BUDGET, Action.CREATE)
        region = fields["region"]
        if not policy.coordinates(actor, region):
            raise InvalidInput("you run processes of your territories only",
                               errors={"region": ["outside your territories"]})
        self._fund(fields["fund_id"])
        at = self._clock()
        process = BudgetProcess(
            id=new_id(), name=fields["name"], region=region, budget=fields["budget"],
            fund_id=fields["fund_id"], created_at=at, description=fields.get("description", ""),
            ballot_type=BallotType(fields.get("ballot_type", BallotType.APPROVAL)),
            rule=OutcomeRule(fields.get("rule", OutcomeRule.EQUAL_SHARES)),
            rules=BallotRules(**fields.get("rules", {})), phase_dates={Phase.PROPOSALS: at},
            created_by=actor.id if actor else None)
        _invalid(process_problems(process), "process")
        return self.store.create_budget_process(process, audit=audit(
            actor, "budget.create", "budget", process.id, region=region))

    def _fund(self, fund_id: str) -> Stakeholder:
        try:
            fund = self.store.get_stakeholder(fund_id)
        except NotFound:
            raise InvalidInput("no such fund", errors={"fund_id": ["no such stakeholder"]}) \
                from None
        if fund.kind is not Kind.POLICYMAKER:
            raise InvalidInput("the fund is a municipality's or a region's",
                               errors={"fund_id": ["not a policymaker"]})
        return fund

    def list_processes(self, *, phase: Phase | None = None, region: str | None = None,
                       actor: User | None = None) -> list[BudgetProcess]:
        """Every process, newest first, or those in ``phase`` and of territories within
        ``region`` (a NUTS code or its parent): they are public to whoever is signed in."""
        policy.require_some(actor, Resource.BUDGET, Action.LIST)
        return [p for p in self.store.list_budget_processes()
                if (phase is None or p.phase is phase)
                and (region is None or p.region.startswith(region))]

    def get_process(self, process_id: str, *, actor: User | None = None) -> BudgetProcess:
        """One process, with its results once computed (each voter's share is for the
        voter only: see :meth:`my_share`)."""
        policy.require_some(actor, Resource.BUDGET, Action.READ)
        return self.store.get_budget_process(process_id)

    def _run(self, process_id: str, actor: User | None,
             action: Action = Action.UPDATE) -> BudgetProcess:
        """The process, if ``actor`` runs it (a coordinator of its territory, an admin)."""
        policy.require_some(actor, Resource.BUDGET, action)
        process = self.store.get_budget_process(process_id)
        if not policy.coordinates(actor, process.region):
            raise Forbidden("only the coordinators of its territory run a process")
        return process

    def open_phase(self, process_id: str, phase: Phase, *, revision: int | None = None,
                   actor: User | None = None) -> BudgetProcess:
        """Open the phase after the current one, recording when. Voting opens once every
        project is reviewed; opening the results computes them and writes, in one
        transaction, the results, the funded projects and their FUNDED ties. ``revision``,
        when given, is the revision the actor saw (Conflict if it has moved on)."""
        process = self._run(process_id, actor)
        _current(revision, process.revision, "process", process.phase.value)
        if phase != process.next_phase():
            raise Conflict(f"the next phase is {process.next_phase()}",
                           errors={"phase": [f"not next after {process.phase.value}"]})
        entry = audit(actor, "budget.open_phase", "budget", process.id, region=process.region,
                      from_state=process.phase.value, to_state=phase.value)
        opened = process.opened(phase, self._clock())
        projects = self.store.budget_projects(process.id)
        if phase is Phase.VOTING:
            waiting = [p.id for p in projects if p.review is Review.PROPOSED]
            if waiting:
                raise Conflict("every project must be reviewed before voting",
                               errors={"projects": [f"{len(waiting)} not reviewed"]})
            if not any(p.review is Review.ELIGIBLE for p in projects):
                raise Conflict("no project is eligible", errors={"projects": ["none eligible"]})
        if phase is not Phase.RESULTS:
            return self.store.update_budget_process(opened, audit=entry)
        return self._record_results(opened, projects, entry)

    def _record_results(self, opened: BudgetProcess, projects: list[BudgetProject],
                        entry) -> BudgetProcess:
        ballots = self.store.budget_ballots(opened.id)
        at = self._clock()
        results = results_of(RULES[opened.rule](election_of(opened, projects, ballots)), at)
        funded, ties = [], []
        for project in projects:
            if project.id not in results.funded:
                continue
            tie = None if project.proposer_id is None else Tie(
                id=new_id(), type=TieType.FUNDED, source=opened.fund_id,
                target=project.proposer_id, since=at.date(), amount=float(project.cost),
                instrument=Instrument.GRANT, external_id=f"budget:{opened.id}:{project.id}",
                created_at=at, updated_at=at)
            if tie is not None:
                ties.append(tie)
            funded.append(dataclasses.replace(
                project, funded=True, tie_id=tie.id if tie else None,
                execution=Execution.NOT_STARTED, revision=project.revision + 1))
        return self.store.record_budget_results(
            dataclasses.replace(opened, results=results), funded, ties, audit=entry)

    # -- projects ---------------------------------------------------------------------------

    def projects(self, process_id: str, *, actor: User | None = None) -> list[BudgetProject]:
        """The process's projects with their review, oldest first: public, as the process."""
        self.get_process(process_id, actor=actor)
        return self.store.budget_projects(process_id)

    def to_review(self, process_id: str, *, actor: User | None = None) -> list[BudgetProject]:
        """The process's projects, for whoever runs it to review (Forbidden to anyone else)."""
        process = self._run(process_id, actor)
        return self.store.budget_projects(process.id)

    def runs(self, process: BudgetProcess, actor: User | None) -> bool:
        """Whether ``actor`` runs ``process``: a coordinator of its territory, an admin."""
        return policy.coordinates(actor, process.region)

    def proposers_for(self, process: BudgetProcess, actor: User | None) -> list[Stakeholder]:
        """The stakeholders ``actor`` may propose for in ``process``: the entrepreneurs of its
        territory that ``actor`` is a member of, by name."""
        found = []
        for stakeholder_id in actor.memberships if actor else ():
            try:
                found.append(self._proposer(stakeholder_id, process, actor))
            except (NotFound, Forbidden, InvalidInput):
                continue
        return sorted(found, key=lambda s: (s.name, s.id))

    def proposer_names(self, projects: Sequence[BudgetProject]) -> dict[str, str]:
        """The names of the projects' proposers (who proposed is public, as the project)."""
        names = {}
        for project in projects:
            if project.proposer_id and project.proposer_id not in names:
                try:
                    names[project.proposer_id] = self.store.get_stakeholder(
                        project.proposer_id).name
                except NotFound:
                    continue
        return names

    def get_project(self, project_id: str, *, actor: User | None = None) -> BudgetProject:
        """One project with its review: public, as its process."""
        policy.require_some(actor, Resource.BUDGET, Action.READ)
        return self.store.get_budget_project(project_id)

    def propose(self, process_id: str, fields: dict, *,
                actor: User | None = None) -> BudgetProject:
        """A project proposed for stakeholder ``fields["proposer_id"]``, of which ``actor``
        is a member: an entrepreneur (a social enterprise, a cooperative, a community group)
        of the process's territory. ``fields``: title, cost, description, categories,
        targets."""
        policy.require_some(actor, Resource.BUDGET_PROJECT, Action.CREATE)
        process = self.store.get_budget_process(process_id)
        proposer = self._proposer(fields["proposer_id"], process, actor)
        project = BudgetProject(
            id=new_id(), process_id=process.id, title=fields["title"], cost=fields["cost"],
            created_at=self._clock(), description=fields.get("description", ""),
            categories=tuple(fields.get("categories", ())),
            targets=tuple(fields.get("targets", ())), proposer_id=proposer.id,
            proposed_by=actor.id if actor else None)
        _invalid(project_problems(project), "project")
        if project.cost > process.budget:
            raise InvalidInput("the project costs more than the budget",
                               errors={"cost": ["more than the budget"]})
        return self.store.create_budget_project(project, audit=audit(
            actor, "budget.propose", "budget", process.id, region=process.region))

    def _proposer(self, stakeholder_id: str, process: BudgetProcess,
                  actor: User | None) -> Stakeholder:
        try:
            proposer = self.store.get_stakeholder(stakeholder_id)
        except NotFound:
            raise InvalidInput("no such stakeholder",
                               errors={"proposer_id": ["no such stakeholder"]}) from None
        if actor is not None and not actor.is_member_of(proposer.id):
            raise Forbidden("you propose for a stakeholder you are a member of")
        barriers = proposer_barriers(process, proposer.kind, proposer.region)
        if "kind" in barriers:
            raise InvalidInput("projects are proposed by entrepreneurs and community groups",
                               errors={"proposer_id": ["not an entrepreneur"]})
        if "territory" in barriers:
            raise InvalidInput("the proposer is outside the process's territory",
                               errors={"proposer_id": ["outside the territory"]})
        return proposer

    def review(self, project_id: str, eligible: bool, reason: str, *,
               revision: int | None = None, actor: User | None = None) -> BudgetProject:
        """Declare a project eligible or not (a reason is needed for "not"), during the
        review; never by whoever proposed it or a member of its proposer. ``revision``: as
        for :meth:`open_phase`, of the project."""
        project = self.store.get_budget_project(project_id)
        process = self._run(project.process_id, actor)
        if actor is not None and (actor.id == project.proposed_by or (
                project.proposer_id is not None and actor.is_member_of(project.proposer_id))):
            raise Forbidden("nobody reviews a project of their own")
        if process.phase is not Phase.REVIEW:
            raise not_in_phase(process.phase, Phase.REVIEW)
        _current(revision, project.revision, "project", project.review.value)
        if not eligible and not reason.strip():
            raise InvalidInput("say why it is not eligible", errors={"reason": ["required"]})
        if len(reason) > 2000:
            raise InvalidInput("the reason is too long", errors={"reason": ["at most 2000"]})
        reviewed = dataclasses.replace(
            project, review=Review.ELIGIBLE if eligible else Review.INELIGIBLE,
            review_reason=reason.strip(), reviewed_by=actor.id if actor else None,
            revision=project.revision + 1)
        return self.store.update_budget_project(reviewed, audit=audit(
            actor, "budget.review", "budget", process.id, region=process.region,
            to_state=reviewed.review.value))

    def track(self, project_id: str, fields: dict, *, revision: int | None = None,
              actor: User | None = None) -> BudgetProject:
        """Record how a funded project is carried out (``execution``, ``progress``,
        ``notes``): by the process's coordinators or the proposer's members. ``revision``:
        as for :meth:`review`."""
        policy.require_some(actor, Resource.BUDGET_PROJECT, Action.UPDATE)
        project = self.store.get_budget_project(project_id)
        process = self.store.get_budget_process(project.process_id)
        if actor is not None and not policy.coordinates(actor, process.region) and not (
                project.proposer_id and actor.is_member_of(project.proposer_id)):
            raise Forbidden("the coordinators and the proposer track a project")
        if process.phase is not Phase.EXECUTION:
            raise not_in_phase(process.phase, Phase.EXECUTION)
        if not project.funded:
            raise Conflict("only funded projects are carried out",
                           errors={"project": ["not funded"]})
        _current(revision, project.revision, "project",
                 (project.execution or Execution.NOT_STARTED).value)
        tracked = dataclasses.replace(
            project, execution=Execution(fields.get("execution", project.execution)
                                         or Execution.NOT_STARTED),
            progress=fields.get("progress", project.progress),
            notes=fields.get("notes", project.notes), revision=project.revision + 1)
        if tracked.execution is Execution.COMPLETED:
            tracked = dataclasses.replace(tracked, progress=100)
        _invalid(project_problems(tracked), "project")
        return self.store.update_budget_project(tracked, audit=audit(
            actor, "budget.track", "budget", process.id, region=process.region,
            to_state=tracked.execution.value if tracked.execution else None))

    # -- ballots ----------------------------------------------------------------------------

    def may_vote(self, process: BudgetProcess, actor: User | None) -> bool:
        """Whether ``actor`` is a verified voter of the process: a member of a stakeholder
        of its territory."""
        if actor is None:
            return False
        for stakeholder_id in actor.memberships:
            try:
                if self.store.get_stakeholder(stakeholder_id).region.startswith(process.region):
                    return True
            except NotFound:
                continue
        return False

    def cast(self, process_id: str, projects: Sequence[str],
             points: Sequence[int] | None = None, *, actor: User) -> BudgetBallot:
        """Cast ``actor``'s one ballot, checked against the process's limits (the field at
        fault named); Conflict if they voted already or voting is not open."""
        policy.require_some(actor, Resource.BALLOT, Action.CREATE)
        process = self.store.get_budget_process(process_id)
        if not self.may_vote(process, actor):
            raise Forbidden("you vote where a stakeholder you are a member of lies")
        if process.phase is not Phase.VOTING:
            raise not_in_phase(process.phase, Phase.VOTING)
        ballot = BudgetBallot(process.id, actor.id, tuple(projects), self._clock(),
                              points=None if points is None else tuple(points))
        election = election_of(process, self.store.budget_projects(process.id))
        if (process.ballot_type is BallotType.CUMULATIVE) != (points is not None):
            raise InvalidInput("the ballot does not fit the process", errors={
                "points": ["needed" if points is None else
                           "not on ordinal ballots" if process.ballot_type is BallotType.ORDINAL
                           else "not on approval ballots"]})
        validate_ballot(election, Ballot(actor.id, ballot.projects,
                                         points=_points(ballot.points)))
        return self.store.cast_budget_ballot(ballot, audit=audit(
            actor, "budget.vote", "budget", process.id, region=process.region))

    def my_ballot(self, process_id: str, *, actor: User) -> BudgetBallot:
        """``actor``'s own ballot (nobody reads another's); NotFound if none."""
        policy.require_some(actor, Resource.BALLOT, Action.READ)
        return self.store.budget_ballot(process_id, actor.id)

    def my_share(self, process: BudgetProcess, actor: User | None) -> Share | None:
        """``actor``'s own share of the results, if they voted and results are out."""
        if actor is None or process.results is None:
            return None
        return process.results.share_of(actor.id)

    def explained_results(self, process_id: str, *,
                          actor: User | None = None) -> ExplainedResults | None:
        """The results of a process, each verdict worded, with ``actor``'s own share; None
        before they are out."""
        process = self.get_process(process_id, actor=actor)
        if process.results is None:
            return None
        projects = {p.id: p for p in self.store.budget_projects(process.id)}
        verdicts = tuple(
            ExplainedVerdict(v, projects[v.project_id],
                             why(v, cost=projects[v.project_id].cost,
                                 ordinal=process.ballot_type is BallotType.ORDINAL))
            for v in sorted(process.results.verdicts, key=lambda v: (v.rank, v.project_id))
            if v.project_id in projects)
        share = self.my_share(process, actor)
        return ExplainedResults(process, process.results, verdicts, share,
                                None if share is None else your_share(share))
