"""A participatory budgeting election as plain values: projects, a budget, ballots and their limits.

Money is kept as exact fractions (:func:`money` reads ints, decimal strings and ``Decimal``), so
that the budget constraint is checked exactly whatever the rules compute with.

Examples
--------
>>> park = Project("p1", 600, name="Park")
>>> election = Election((park, Project("p2", 800)), budget=1000, kind=BallotKind.APPROVAL,
...                     ballots=(Ballot("v1", ("p1",)), Ballot("v2", ("p1", "p2"))),
...                     limits=BallotLimits(max_length=2))
>>> election.project("p1").name, election.budget
('Park', Fraction(1000, 1))
>>> validate_ballot(election, Ballot("v3", ("p1", "p9")))
Traceback (most recent call last):
...
graph_models.domain.errors.InvalidInput: the ballot of v3 is not valid
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from graph_models.domain.errors import InvalidInput

Amount = int | str | Decimal | Fraction


def money(value: Amount) -> Fraction:
    """``value`` as an exact fraction; a decimal string may use a comma as its decimal mark.

    >>> money("1250,50"), money(3)
    (Fraction(2501, 2), Fraction(3, 1))
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, float)):
        raise ValueError(f"not an exact amount: {value!r}")
    if isinstance(value, str):
        try:
            value = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
    return Fraction(value)


class BallotKind(StrEnum):
    """How a voter expresses support (the ``vote_type`` of a pabulib file)."""

    APPROVAL = "approval"  # a set of projects
    CUMULATIVE = "cumulative"  # points spread over projects
    ORDINAL = "ordinal"  # projects ranked, the most preferred first


@dataclass(frozen=True)
class Project:
    """A proposed project: its id, cost, and what it is about; ``attributes`` keeps whatever
    else is known of it (a pabulib file's other columns: district, proposer, …)."""

    id: str
    cost: Fraction
    name: str = ""
    categories: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    attributes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cost", money(self.cost))
        object.__setattr__(self, "categories", frozenset(self.categories))
        object.__setattr__(self, "targets", frozenset(self.targets))
        object.__setattr__(self, "attributes", MappingProxyType(dict(self.attributes)))


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot.

    ``projects`` are the approved projects (approval), the ranking with the most preferred first
    (ordinal) or the projects given points (cumulative), ``points`` then holding each one's
    points in the same order. ``attributes`` are what is known of the voter (age, district, …).
    """

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[Fraction, ...] | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "projects", tuple(self.projects))
        if self.points is not None:
            object.__setattr__(self, "points", tuple(money(p) for p in self.points))
        object.__setattr__(self, "attributes", MappingProxyType(dict(self.attributes)))

    def support(self) -> dict[str, Fraction]:
        """Each supported project with the voter's points for it (1 for an approval or a rank)."""
        if self.points is None:
            return {project: Fraction(1) for project in self.projects}
        return {project: points for project, points in zip(self.projects, self.points, strict=True)
                if points > 0}


@dataclass(frozen=True)
class BallotLimits:
    """What a valid ballot must respect; ``None`` is no limit.

    Lengths count projects; costs sum the chosen projects' costs (approval); points are per
    project (``min_points``, ``max_points``) and in all (``max_sum_points``) on cumulative ballots.
    """

    min_length: int | None = None
    max_length: int | None = None
    min_sum_cost: Fraction | None = None
    max_sum_cost: Fraction | None = None
    min_points: Fraction | None = None
    max_points: Fraction | None = None
    max_sum_points: Fraction | None = None


@dataclass(frozen=True)
class Election:
    """Projects, a budget, the kind of ballot, its limits and the ballots cast."""

    projects: tuple[Project, ...]
    budget: Fraction
    kind: BallotKind
    ballots: tuple[Ballot, ...] = ()
    limits: BallotLimits = BallotLimits()
    meta: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "projects", tuple(self.projects))
        object.__setattr__(self, "ballots", tuple(self.ballots))
        object.__setattr__(self, "budget", money(self.budget))
        object.__setattr__(self, "kind", BallotKind(self.kind))
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))
        errors: dict[str, list[str]] = {}
        ids = [project.id for project in self.projects]
        if len(set(ids)) != len(ids):
            errors["projects"] = ["two projects have the same id"]
        # A free project would be funded or ignored depending on the rule's quirks (pabulib
        # files give such projects a cost of 1 for that reason): costs must be positive.
        if any(project.cost <= 0 for project in self.projects):
            errors.setdefault("projects", []).append("a project's cost must be positive")
        if self.budget <= 0:
            errors["budget"] = ["the budget must be positive"]
        voters = [ballot.voter_id for ballot in self.ballots]
        if len(set(voters)) != len(voters):
            errors["ballots"] = ["a voter cast two ballots"]
        known = set(ids)
        for ballot in self.ballots:
            problems = _shape_problems(self.kind, ballot, known)
            if problems:
                errors[f"ballot {ballot.voter_id}"] = problems
        if errors:
            raise InvalidInput("the election is not valid", errors=errors)
        object.__setattr__(self, "_by_id", {project.id: project for project in self.projects})

    def project(self, project_id: str) -> Project:
        """The project with this id (``KeyError`` if there is none)."""
        return self._by_id[project_id]  # type: ignore[attr-defined]


def _shape_problems(kind: BallotKind, ballot: Ballot, known: set[str]) -> list[str]:
    """What makes a ballot unreadable whatever the limits: unknown or repeated projects, points
    missing or given where none belong."""
    problems = []
    unknown = sorted(set(ballot.projects) - known)
    if unknown:
        problems.append(f"unknown projects: {', '.join(unknown)}")
    if len(set(ballot.projects)) != len(ballot.projects):
        problems.append("a project appears twice")
    if kind is BallotKind.CUMULATIVE:
        if ballot.points is None or len(ballot.points) != len(ballot.projects):
            problems.append("each project needs its points")
        elif any(points < 0 for points in ballot.points):
            problems.append("points cannot be negative")
    elif ballot.points is not None:
        problems.append(f"{kind.value} ballots carry no points")
    return problems


def validate_ballot(election: Election, ballot: Ballot) -> None:
    """Raise :class:`InvalidInput` naming each way ``ballot`` breaks the election's rules.

    ``errors`` maps ``projects`` (unknown or repeated projects, too few or too many), ``cost``
    (the chosen projects cost too little or too much in all) and ``points`` (missing, negative,
    too many for a project or in all) to their messages.
    """
    limits = election.limits
    known = {project.id for project in election.projects}
    errors: dict[str, list[str]] = {}
    for problem in _shape_problems(election.kind, ballot, known):
        errors.setdefault("points" if "points" in problem else "projects", []).append(problem)
    if errors:
        raise InvalidInput(f"the ballot of {ballot.voter_id} is not valid", errors=errors)
    count = len(ballot.projects)
    if limits.min_length is not None and count < limits.min_length:
        errors.setdefault("projects", []).append(
            f"choose at least {limits.min_length} projects (chosen: {count})")
    if limits.max_length is not None and count > limits.max_length:
        errors.setdefault("projects", []).append(
            f"choose at most {limits.max_length} projects (chosen: {count})")
    if election.kind is BallotKind.APPROVAL:
        cost = sum((election.project(p).cost for p in ballot.projects), Fraction(0))
        if limits.max_sum_cost is not None and cost > limits.max_sum_cost:
            errors.setdefault("cost", []).append(
                f"the chosen projects cost {cost} in all, more than {limits.max_sum_cost}")
        if limits.min_sum_cost is not None and cost < limits.min_sum_cost:
            errors.setdefault("cost", []).append(
                f"the chosen projects cost {cost} in all, less than {limits.min_sum_cost}")
    if election.kind is BallotKind.CUMULATIVE and ballot.points is not None:
        points = dict(zip(ballot.projects, ballot.points, strict=True))
        for project, given in points.items():
            if limits.max_points is not None and given > limits.max_points:
                errors.setdefault("points", []).append(
                    f"{project} has {given} points, more than {limits.max_points}")
            if limits.min_points is not None and given < limits.min_points:
                errors.setdefault("points", []).append(
                    f"{project} has {given} points, fewer than {limits.min_points}")
        total = sum(points.values(), Fraction(0))
        if limits.max_sum_points is not None and total > limits.max_sum_points:
            errors.setdefault("points", []).append(
                f"{total} points in all, more than {limits.max_sum_points}")
    if errors:
        raise InvalidInput(f"the ballot of {ballot.voter_id} is not valid", errors=errors)
