"""Sequential Phragmén for approval ballots, as pabutools' ``sequential_phragmen`` computes it.

Voters earn money continuously, all at the same rate, starting from nothing; a project is bought
as soon as its supporters have earned its cost together, and the cost is taken from them so that
all of them are left with the same "load" (money spent). In each round the project whose purchase
would leave its supporters with the smallest load is bought — ``(their loads so far + cost) /
supporters`` — ties broken by :class:`~graph_models.budgeting.profile.TieBreaking`. The rule
stops, without skipping, as soon as that project (or any project tied with it) no longer fits in
the budget; projects nobody supports have an infinite load.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from graph_models.budgeting.election import BallotKind, Election
from graph_models.budgeting.greedy import voter_shares
from graph_models.budgeting.outcome import Outcome, ProjectResult, Reason, Rule
from graph_models.budgeting.profile import TieBreaking, build_profile, same
from graph_models.domain.errors import InvalidInput


def sequential_phragmen(election: Election, *,
                        tie_breaking: TieBreaking = TieBreaking.ID) -> Outcome:
    """The outcome of sequential Phragmén on an approval ``election``, explained.

    >>> from graph_models.budgeting.election import Ballot, Project
    >>> election = Election((Project("a", 2), Project("b", 3), Project("c", 3)), 5,
    ...                     BallotKind.APPROVAL, (Ballot("1", ("a", "b")), Ballot("2", ("b",)),
    ...                                          Ballot("3", ("c",))))
    >>> outcome = sequential_phragmen(election)
    >>> outcome.funded, outcome.result("b").price, outcome.result("c").reason.value
    (('b',), 1.5, 'stopped')
    """
    if election.kind is not BallotKind.APPROVAL:
        raise InvalidInput("sequential Phragmén counts approval ballots only",
                           errors={"kind": ["use approval ballots"]})
    profile = build_profile(election, tie_breaking)
    count = len(election.projects)
    supports = profile.points.copy()
    supports.data = np.ones_like(supports.data)
    weighted = supports.multiply(profile.weights.astype(float)[None, :]).tocsr()
    loads = np.zeros(len(profile.weights))
    in_play = [p for p in range(count) if election.projects[p].cost <= election.budget]
    ranks = {p: place + 1 for place, p in enumerate(profile.ranked())}
    verdicts: dict[int, ProjectResult] = {}
    funded: list[str] = []
    spent = Fraction(0)
    while in_play:
        carried = weighted @ loads
        new_loads = {p: (carried[p] + profile.cost[p]) / profile.votes[p]
                     if profile.votes[p] else np.inf for p in in_play}
        lowest = min(new_loads.values())
        tied = [p for p in in_play if same(new_loads[p], lowest)]
        if any(spent + election.projects[p].cost > election.budget for p in tied):
            break
        chosen = min(tied, key=lambda p: profile.tie_rank[p])
        groups, _ = profile.supporters(chosen)
        loads[groups] = lowest
        project = election.projects[chosen]
        spent += project.cost
        funded.append(project.id)
        verdicts[chosen] = ProjectResult(
            project.id, True, Reason.LOADED, project.cost, int(profile.votes[chosen]),
            float(profile.score[chosen]), ranks[chosen], round=len(funded),
            price=float(lowest), remaining_budget=election.budget - spent + project.cost)
        in_play.remove(chosen)
    for p, project in enumerate(election.projects):
        if p not in verdicts:
            reason = Reason.NO_SUPPORT if profile.votes[p] == 0 else Reason.STOPPED
            verdicts[p] = ProjectResult(project.id, False, reason, project.cost,
                                        int(profile.votes[p]), float(profile.score[p]),
                                        ranks[p], remaining_budget=election.budget - spent)
    return Outcome(Rule.PHRAGMEN, tuple(funded), spent, election.budget,
                   tuple(verdicts[p] for p in range(count)),
                   voter_shares(profile, funded, loads, 0.0))
