"""Participatory budgets as a process of the network: a territory's budget, the projects its
stakeholders propose, their review, one secret ballot per verified voter, the results and the
execution of what won (issue #17; the arithmetic is :mod:`graph_models.budgeting`'s).

A process belongs to one territory (a NUTS code); a sub-district runs its own process under its
child NUTS code. Its timeline is a line of phases, each opened by a coordinator of the
territory, who records when: proposals → review → voting → results → execution. Money is whole
euros.

Examples
--------
>>> from graph_models.domain.stakeholders import now
>>> at = now()
>>> process = BudgetProcess(id="b1", name="Πλατείες 2026", region="EL303", budget=100_000,
...                         fund_id="dimos", created_at=at, phase_dates={Phase.PROPOSALS: at})
>>> process.next_phase()
<Phase.REVIEW: 'review'>
>>> process_problems(dataclasses.replace(process, budget=0))
{'budget': ['must be positive']}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from fractions import Fraction
from typing import Any

from graph_models.domain.errors import Conflict
from graph_models.domain.stakeholders import Kind


class Phase(StrEnum):
    """The timeline of a process, in order."""

    PROPOSALS = "proposals"
    REVIEW = "review"
    VOTING = "voting"
    RESULTS = "results"
    EXECUTION = "execution"


PHASES = tuple(Phase)


class BallotType(StrEnum):
    """What a ballot holds: projects approved, points spread over projects, or projects
    ranked (the most preferred first, counted by their Borda scores)."""

    APPROVAL = "approval"
    CUMULATIVE = "cumulative"
    ORDINAL = "ordinal"


class OutcomeRule(StrEnum):
    """How the winners are decided (:mod:`graph_models.budgeting`'s rules)."""

    EQUAL_SHARES = "equal_shares"
    GREEDY = "greedy"
    PHRAGMEN = "phragmen"


class Review(StrEnum):
    """Where a project stands in the eligibility review."""

    PROPOSED = "proposed"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"


class Execution(StrEnum):
    """How a funded project is carried out."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class BallotRules:
    """The limits of a ballot; None is no limit. Counts are projects; ``max_cost`` the
    euros the approved projects may cost in all; points are per project and in all."""

    min_projects: int | None = None
    max_projects: int | None = None
    max_cost: int | None = None
    max_points_per_project: int | None = None
    max_points: int | None = None


class Reason(StrEnum):
    """Why a project was funded or not; the fields of :class:`Verdict` it relies on are named
    beside each."""

    # greedy: reached at ``rank`` with ``remaining_budget`` left, which covered its cost
    FITTED = "fitted"
    # greedy (and the completion of equal shares): ``remaining_budget`` was less than its cost
    DID_NOT_FIT = "did_not_fit"
    # equal shares: bought in ``round`` at ``price`` per unit of utility, ``max_payment`` being
    # the most one supporter paid and ``exhausted`` how many supporters paid all they had left
    BOUGHT = "bought"
    # equal shares: funded afterwards by the greedy completion (``rank``, ``remaining_budget``)
    COMPLETED = "completed"
    # equal shares: its supporters had ``supporters_money`` left in all, less than its cost
    UNAFFORDABLE = "unaffordable"
    # Phragmén: bought in ``round``, its supporters' load rising to ``price``
    LOADED = "loaded"
    # Phragmén: the rule stopped (the next project to buy did not fit) before buying it
    STOPPED = "stopped"
    # nobody supported it
    NO_SUPPORT = "no_support"


@dataclass(frozen=True)
class Verdict:
    """One project's verdict, as a rule of :mod:`graph_models.budgeting` gives it and the
    results keep it. ``votes`` counts its supporters, ``score`` their points (the votes again
    on approval ballots); ``rank`` is its place by score, ties broken as the rule breaks them;
    the other numbers are those its :class:`Reason` names, ``None`` otherwise."""

    project_id: str
    funded: bool
    reason: Reason
    cost: Fraction
    votes: int
    score: float
    rank: int
    round: int | None = None
    price: float | None = None
    max_payment: float | None = None
    exhausted: int | None = None
    remaining_budget: Fraction | None = None
    supporters_money: float | None = None


@dataclass(frozen=True)
class Share:
    """A voter's part of the money: the share the rule gave them, what they paid towards
    projects they supported, and how many of their projects won. Shown to that voter only."""

    voter_id: str
    share: float
    paid: float
    funded: int


@dataclass(frozen=True)
class Results:
    """What the rule decided: the funded projects in the order chosen, their cost in all,
    each project's verdict and each voter's share."""

    rule: OutcomeRule
    funded: tuple[str, ...]
    cost: int
    verdicts: tuple[Verdict, ...]
    shares: tuple[Share, ...]
    voters: int
    computed_at: datetime

    def verdict(self, project_id: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.project_id == project_id), None)

    def share_of(self, voter_id: str) -> Share | None:
        return next((s for s in self.shares if s.voter_id == voter_id), None)


@dataclass(frozen=True)
class BudgetProcess:
    """A participatory budget of territory ``region``: ``budget`` euros from the fund of
    stakeholder ``fund_id`` (the municipality or region: a policymaker), decided by ``rule``
    on ballots of ``ballot_type`` within ``rules``. ``phase_dates`` records when each phase
    was opened; ``revision`` counts its changes (compare-and-set)."""

    id: str
    name: str
    region: str
    budget: int
    fund_id: str
    created_at: datetime
    description: str = ""
    ballot_type: BallotType = BallotType.APPROVAL
    rule: OutcomeRule = OutcomeRule.EQUAL_SHARES
    rules: BallotRules = BallotRules()
    phase: Phase = Phase.PROPOSALS
    phase_dates: Mapping[Phase, datetime] = field(default_factory=dict)
    created_by: str | None = None
    revision: int = 1
    results: Results | None = None

    def next_phase(self) -> Phase | None:
        """The phase that comes after this one; None after execution."""
        index = PHASES.index(self.phase)
        return PHASES[index + 1] if index + 1 < len(PHASES) else None

    def opened(self, phase: Phase, at: datetime) -> BudgetProcess:
        """The process with ``phase`` opened at ``at``."""
        return dataclasses.replace(self, phase=phase, phase_dates={**self.phase_dates,
                                                                   phase: at},
                                   revision=self.revision + 1)


@dataclass(frozen=True)
class BudgetProject:
    """A project proposed to a process by stakeholder ``proposer_id`` (through its member
    ``proposed_by``; both None for a project imported from a pabulib file), costing ``cost``
    euros. The review gives it ``review`` and its ``review_reason``; once funded it names its
    FUNDED tie, and its execution is followed by ``execution``, ``progress`` (per cent) and
    ``notes``."""

    id: str
    process_id: str
    title: str
    cost: int
    created_at: datetime
    description: str = ""
    categories: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    proposer_id: str | None = None
    proposed_by: str | None = None
    review: Review = Review.PROPOSED
    review_reason: str = ""
    reviewed_by: str | None = None
    funded: bool = False
    tie_id: str | None = None
    execution: Execution | None = None
    progress: int = 0
    notes: str = ""
    revision: int = 1


@dataclass(frozen=True)
class BudgetBallot:
    """One voter's ballot: ``projects`` approved, or with ``points`` given to each. Secret:
    only its voter reads it back."""

    process_id: str
    voter_id: str
    projects: tuple[str, ...]
    cast_at: datetime
    points: tuple[int, ...] | None = None


MAX_TEXT = 10_000
MAX_NAME = 300
MAX_LIST = 20


def process_problems(process: BudgetProcess) -> dict[str, list[str]]:
    """What makes a process unsound, by field."""
    problems: dict[str, list[str]] = {}
    if not process.name.strip() or len(process.name) > MAX_NAME:
        problems["name"] = [f"between 1 and {MAX_NAME} characters"]
    if process.budget <= 0:
        problems["budget"] = ["must be positive"]
    if process.rule is OutcomeRule.PHRAGMEN and process.ballot_type is not BallotType.APPROVAL:
        problems["rule"] = ["Phragmén counts approval ballots only"]
    r = process.rules
    for name in ("min_projects", "max_projects", "max_cost", "max_points_per_project",
                 "max_points"):
        value = getattr(r, name)
        if value is not None and value < (0 if name == "min_projects" else 1):
            problems.setdefault(name, []).append("too small")
    if r.min_projects is not None and r.max_projects is not None \
            and r.min_projects > r.max_projects:
        problems.setdefault("min_projects", []).append("more than max_projects")
    points = ("max_points_per_project", "max_points")
    if process.ballot_type is not BallotType.CUMULATIVE and any(getattr(r, n) for n in points):
        problems.setdefault("max_points", []).append(
            "approval ballots carry no points" if process.ballot_type is BallotType.APPROVAL
            else "ordinal ballots carry no points")
    if process.ballot_type is not BallotType.APPROVAL and r.max_cost is not None:
        problems.setdefault("max_cost", []).append("a cost limit is for approval ballots")
    if process.ballot_type is BallotType.CUMULATIVE and r.max_points is None:
        problems.setdefault("max_points", []).append("cumulative ballots need it")
    return problems


def project_problems(project: BudgetProject) -> dict[str, list[str]]:
    """What makes a project unsound, by field."""
    problems: dict[str, list[str]] = {}
    if not project.title.strip() or len(project.title) > MAX_NAME:
        problems["title"] = [f"between 1 and {MAX_NAME} characters"]
    if project.cost <= 0:
        problems["cost"] = ["must be positive"]
    if len(project.description) > MAX_TEXT:
        problems["description"] = [f"at most {MAX_TEXT} characters"]
    for name in ("categories", "targets"):
        values = getattr(project, name)
        if len(values) > MAX_LIST or any(not v.strip() or len(v) > 100 for v in values):
            problems[name] = [f"at most {MAX_LIST} words of up to 100 characters"]
    if not 0 <= project.progress <= 100:
        problems["progress"] = ["between 0 and 100"]
    if len(project.notes) > MAX_TEXT:
        problems["notes"] = [f"at most {MAX_TEXT} characters"]
    return problems


def proposer_barriers(process: BudgetProcess, kind: Kind, region: str) -> tuple[str, ...]:
    """The rules of who proposes to ``process`` that a stakeholder of ``kind`` in ``region``
    breaks: ``kind`` (projects are entrepreneurs', community groups being entrepreneurs) and
    ``territory`` (its region lies outside the process's); empty when it may propose while
    proposals are open.

    >>> at = datetime(2026, 1, 1)
    >>> p = BudgetProcess(id="b", name="x", region="EL303", budget=1, fund_id="f", created_at=at)
    >>> proposer_barriers(p, Kind.ENTREPRENEUR, "EL3031")
    ()
    >>> proposer_barriers(p, Kind.INVESTOR, "EL43")
    ('kind', 'territory')
    """
    barriers = []
    if kind is not Kind.ENTREPRENEUR:
        barriers.append("kind")
    if not region.startswith(process.region):
        barriers.append("territory")
    return tuple(barriers)


def voted_already() -> Conflict:
    """The Conflict of a second ballot of one voter."""
    return Conflict("you have voted in this process already",
                    errors={"voter": ["has voted already"]})


def not_in_phase(phase: Phase, wanted: Phase) -> Conflict:
    """The Conflict of an act that needs phase ``wanted`` while the process is in ``phase``."""
    return Conflict(f"the process is in its {phase.value} phase, not {wanted.value}",
                    errors={"phase": [phase.value]})


def without_share_of(process: BudgetProcess, voter_id: str) -> BudgetProcess:
    """The process with ``voter_id``'s share taken out of its results, for a voter who is
    erased (the results' totals, which name no one, stay as computed)."""
    results = process.results
    if results is None or results.share_of(voter_id) is None:
        return process
    return dataclasses.replace(process, results=dataclasses.replace(
        results, shares=tuple(s for s in results.shares if s.voter_id != voter_id)))


def without_person(process: BudgetProcess, user_id: str) -> BudgetProcess:
    """The process as :func:`without_share_of` leaves it, and no longer naming ``user_id`` as
    its creator, for a person who is erased; the same process when it names them nowhere."""
    kept = without_share_of(process, user_id)
    if kept.created_by != user_id:
        return kept
    return dataclasses.replace(kept, created_by=None)


def project_without_person(project: BudgetProject, user_id: str) -> BudgetProject:
    """The project no longer naming ``user_id`` as the member who proposed or reviewed it,
    for a person who is erased; its proposing stakeholder, review and reason stay. Its
    revision moves, so that a change prepared before the erasure is refused instead of naming
    them again. The same project when it names them nowhere.

    >>> from graph_models.domain.stakeholders import now
    >>> project = BudgetProject(id="p1", process_id="b1", title="Πάρκο", cost=400,
    ...                         created_at=now(), proposer_id="coop", proposed_by="u1",
    ...                         review=Review.ELIGIBLE, reviewed_by="u2")
    >>> kept = project_without_person(project, "u1")
    >>> kept.proposed_by, kept.reviewed_by, kept.revision
    (None, 'u2', 2)
    >>> project_without_person(project, "u9") is project
    True
    """
    if user_id not in (project.proposed_by, project.reviewed_by):
        return project
    return dataclasses.replace(
        project, revision=project.revision + 1,
        proposed_by=None if project.proposed_by == user_id else project.proposed_by,
        reviewed_by=None if project.reviewed_by == user_id else project.reviewed_by)


# -- plain records (JSON) that both stores keep ------------------------------------------------

def _time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def process_to_record(p: BudgetProcess) -> dict[str, Any]:
    """The process as a JSON-ready dict; :func:`process_from_record` reads it back."""
    record = dataclasses.asdict(dataclasses.replace(p, phase_dates={}, results=None))
    record.update(created_at=p.created_at.isoformat(),
                  phase_dates={k.value: v.isoformat() for k, v in p.phase_dates.items()})
    if p.results is not None:
        record["results"] = dataclasses.asdict(p.results) | {
            "computed_at": p.results.computed_at.isoformat(),
            "verdicts": [_verdict_to_record(v) for v in p.results.verdicts]}
    return record


def _verdict_to_record(v: Verdict) -> dict[str, Any]:
    # Exact amounts are kept as text ("17065/9"), as JSON has no fractions.
    remaining = v.remaining_budget
    return dataclasses.asdict(v) | {
        "cost": str(v.cost), "remaining_budget": None if remaining is None else str(remaining)}


def _verdict_from_record(record: dict[str, Any]) -> Verdict:
    remaining = record["remaining_budget"]
    return Verdict(**record | dict(
        reason=Reason(record["reason"]), cost=Fraction(record["cost"]),
        remaining_budget=None if remaining is None else Fraction(remaining)))


def process_from_record(record: dict[str, Any]) -> BudgetProcess:
    """The process of a record :func:`process_to_record` made."""
    r = dict(record)
    results = r.pop("results", None)
    return BudgetProcess(**r | dict(
        created_at=datetime.fromisoformat(r["created_at"]),
        ballot_type=BallotType(r["ballot_type"]), rule=OutcomeRule(r["rule"]),
        rules=BallotRules(**r["rules"]), phase=Phase(r["phase"]),
        phase_dates={Phase(k): datetime.fromisoformat(v) for k, v in r["phase_dates"].items()},
        results=None if results is None else Results(
            rule=OutcomeRule(results["rule"]), funded=tuple(results["funded"]),
            cost=results["cost"], voters=results["voters"],
            verdicts=tuple(_verdict_from_record(v) for v in results["verdicts"]),
            shares=tuple(Share(**s) for s in results["shares"]),
            computed_at=datetime.fromisoformat(results["computed_at"]))))


def project_to_record(p: BudgetProject) -> dict[str, Any]:
    """The project as a JSON-ready dict."""
    return dataclasses.asdict(p) | {"created_at": p.created_at.isoformat()}


def project_from_record(record: dict[str, Any]) -> BudgetProject:
    """The project of a record :func:`project_to_record` made."""
    return BudgetProject(**record | dict(
        created_at=datetime.fromisoformat(record["created_at"]),
        categories=tuple(record["categories"]), targets=tuple(record["targets"]),
        review=Review(record["review"]),
        execution=None if record["execution"] is None else Execution(record["execution"])))


def ballot_to_record(b: BudgetBallot) -> dict[str, Any]:
    """The ballot as a JSON-ready dict."""
    return dataclasses.asdict(b) | {"cast_at": b.cast_at.isoformat()}


def ballot_from_record(record: dict[str, Any]) -> BudgetBallot:
    """The ballot of a record :func:`ballot_to_record` made."""
    points = record["points"]
    return BudgetBallot(**record | dict(
        projects=tuple(record["projects"]), cast_at=datetime.fromisoformat(record["cast_at"]),
        points=None if points is None else tuple(points)))
