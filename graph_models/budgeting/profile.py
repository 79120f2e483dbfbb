"""An election turned into arrays for the rules: identical ballots merged into weighted groups,
each project's supporters and their utilities, and the order that breaks ties.

The rules compute in floating point; two quantities within :data:`RELATIVE_TOLERANCE` of each
other count as equal (a tie), which is how exact ties of pabutools' rational arithmetic show up
in floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import sparse

from graph_models.budgeting.election import BallotKind, Election
from graph_models.domain.errors import InvalidInput

RELATIVE_TOLERANCE = 1e-9


class TieBreaking(StrEnum):
    """How tied projects are ordered.

    ``ID`` — by project id as text (``"10"`` before ``"9"``): pabutools' default
    (``lexico_tie_breaking``), so outcomes are identical to it by default.
    ``COST_VOTES_ID`` — the cheaper first, then the one with more supporters, then by id.
    """

    ID = "id"
    COST_VOTES_ID = "cost_votes_id"


class Utility(StrEnum):
    """What a supporter gains from a project, for equal shares: its ``COST`` (pabutools'
    ``Cost_Sat``), ``ONE`` for every approved project (``Cardinality_Sat``), the ``POINTS``
    given (cumulative ballots, ``Additive_Cardinal_Sat``) or its ``BORDA`` score (ordinal
    ballots, ``Additive_Borda_Sat``: see :func:`borda`)."""

    COST = "cost"
    ONE = "one"
    POINTS = "points"
    BORDA = "borda"


# The scoring_fn of a pabulib file that the rules count on ordinal ballots (absent means it).
BORDA_SCORING = "borda"


def borda(length: int, position: int) -> int:
    """The Borda score of the project at ``position`` (0 for the first) of a ranking of
    ``length`` projects, as pabutools' ``Additive_Borda_Sat`` counts it: the number of projects
    ranked below it, so the last one scores nothing.

    >>> [borda(3, position) for position in range(3)]
    [2, 1, 0]
    """
    return length - position - 1


@dataclass(frozen=True)
class Profile:
    """The arrays: ``weights[g]`` voters cast ballot group ``g``; ``group_of[v]`` is voter
    ``v``'s group; ``points`` (projects × groups, sparse) holds each group's points per project
    (1 for an approval, the Borda score on an ordinal ballot); ``named`` (projects × groups)
    is 1 where the group's ballot names the project; ``votes`` counts the ballots naming each
    project and ``score`` its points; ``tie_rank[p]`` is project ``p``'s place in the
    tie-breaking order."""

    election: Election
    cost: np.ndarray
    weights: np.ndarray
    group_of: np.ndarray
    points: sparse.csr_matrix
    named: sparse.csr_matrix
    votes: np.ndarray
    score: np.ndarray
    tie_rank: np.ndarray

    @property
    def ids(self) -> list[str]:
        return [project.id for project in self.election.projects]

    def supporters(self, project: int) -> tuple[np.ndarray, np.ndarray]:
        """The groups supporting ``project`` and their points for it."""
        start, end = self.points.indptr[project], self.points.indptr[project + 1]
        return self.points.indices[start:end], self.points.data[start:end]

    def utilities(self, utility: Utility) -> sparse.csr_matrix:
        """Each group's utility per project (projects × groups)."""
        if utility in (Utility.POINTS, Utility.BORDA):
            return self.points
        ones = self.points.copy()
        ones.data = np.ones_like(ones.data)
        if utility is Utility.ONE:
            return ones
        return sparse.csr_matrix(sparse.diags(self.cost) @ ones)

    def ranked(self) -> list[int]:
        """Projects by score, the highest first, ties broken by the tie-breaking order."""
        return sorted(range(len(self.cost)), key=lambda p: (-self.score[p], self.tie_rank[p]))


def build_profile(election: Election, tie_breaking: TieBreaking = TieBreaking.ID) -> Profile:
    """The arrays of ``election``; ordinal ballots are counted by their Borda scores.

    >>> from graph_models.budgeting.election import Ballot, Project
    >>> election = Election((Project("a", 5), Project("b", 5)), 10, BallotKind.APPROVAL,
    ...                     (Ballot("1", ("a",)), Ballot("2", ("a",)), Ballot("3", ("b",))))
    >>> profile = build_profile(election)
    >>> profile.weights.tolist(), profile.votes.tolist()
    ([2, 1], [2, 1])
    """
    ordinal = election.kind is BallotKind.ORDINAL
    if ordinal:
        _check_scoring(election)
    index = {project.id: i for i, project in enumerate(election.projects)}
    groups: dict[tuple, int] = {}
    group_of = np.empty(len(election.ballots), dtype=np.int64)
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for voter, ballot in enumerate(election.ballots):
        # A ranking's order matters, not only its scores: (a, b) and (a, c) score alike.
        support: tuple = (tuple(index[p] for p in ballot.projects) if ordinal else
                          tuple(sorted((index[p], points)
                                       for p, points in ballot.support().items())))
        group = groups.get(support)
        if group is None:
            group = groups[support] = len(groups)
            scored = ([(project, borda(len(support), position))
                       for position, project in enumerate(support)] if ordinal else support)
            for project, points in scored:
                rows.append(project)
                columns.append(group)
                values.append(float(points))
        group_of[voter] = group
    count = len(election.projects)
    weights = np.bincount(group_of, minlength=len(groups)).astype(np.int64)
    named = sparse.csr_matrix((np.ones(len(values)), (rows, columns)),
                              shape=(count, len(groups)))
    # A last place scores nothing: it stays named on the ballot but supports no purchase.
    points = sparse.csr_matrix((values, (rows, columns)), shape=(count, len(groups)))
    points.eliminate_zeros()
    points.sort_indices()
    votes = np.rint(named @ weights).astype(np.int64)
    score = points @ weights.astype(float)
    cost = np.array([float(project.cost) for project in election.projects])
    if tie_breaking is TieBreaking.ID:
        order = sorted(range(count), key=lambda p: election.projects[p].id)
    else:
        order = sorted(range(count), key=lambda p: (election.projects[p].cost, -votes[p],
                                                    election.projects[p].id))
    tie_rank = np.empty(count, dtype=np.int64)
    tie_rank[order] = np.arange(count)
    return Profile(election, cost, weights, group_of, points, named, votes, score, tie_rank)


def _check_scoring(election: Election) -> None:
    scoring = (election.meta.get("scoring_fn") or BORDA_SCORING).strip().lower()
    if scoring != BORDA_SCORING:
        raise InvalidInput("ordinal ballots are counted by Borda scores only",
                           errors={"scoring_fn": ["only Borda is counted"]})


def same(a: float, b: float) -> bool:
    """Whether two non-negative quantities count as equal (see :data:`RELATIVE_TOLERANCE`)."""
    if a == b:
        return True
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b))
