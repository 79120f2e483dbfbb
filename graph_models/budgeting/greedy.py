"""The greedy rule of most city votes (Decidim, Consul): projects by votes, funded while they fit.

The exact variant: projects are taken in order of score (approvals, points on cumulative
ballots, Borda scores on ordinal ones), ties broken by
:class:`~graph_models.budgeting.profile.TieBreaking`; each is funded if its cost is at most the
money still left, and skipped otherwise, the rule going on to the next (so a cheaper project
further down may still be funded). Projects nobody supported come last and are funded
too if money is left, as pabutools' ``greedy_utilitarian_welfare`` does.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np

from graph_models.budgeting.election import Election
from graph_models.budgeting.outcome import Outcome, ProjectResult, Reason, Rule, VoterShare
from graph_models.budgeting.profile import Profile, TieBreaking, build_profile


def greedy_by_votes(election: Election, *,
                    tie_breaking: TieBreaking = TieBreaking.ID) -> Outcome:
    """The greedy outcome of ``election``, explained.

    >>> from graph_models.budgeting.election import Ballot, BallotKind, Project
    >>> election = Election((Project("a", 6), Project("b", 6), Project("c", 4)), 10,
    ...                     BallotKind.APPROVAL, (Ballot("1", ("a", "b")), Ballot("2", ("b",)),
    ...                                          Ballot("3", ("c",)), Ballot("4", ("b",))))
    >>> outcome = greedy_by_votes(election)
    >>> outcome.funded, outcome.result("a").reason.value, outcome.result("a").remaining_budget
    (('b', 'c'), 'did_not_fit', Fraction(4, 1))
    """
    profile = build_profile(election, tie_breaking)
    verdicts, funded, spent = greedy_fill(profile, {}, [], Fraction(0), completing=False)
    return Outcome(Rule.GREEDY, tuple(funded), spent, election.budget,
                   tuple(verdicts[p] for p in range(len(election.projects))),
                   voter_shares(profile, funded, np.zeros(len(profile.weights)), 0.0))


def greedy_fill(profile: Profile, verdicts: dict[int, ProjectResult], funded: list[str],
                spent: Fraction, *, completing: bool
                ) -> tuple[dict[int, ProjectResult], list[str], Fraction]:
    """Go down the projects by score, funding each not yet funded that fits in what is left.

    ``verdicts`` holds the projects already decided (funded ones are passed over); the others'
    verdicts are written (``COMPLETED`` for those funded when ``completing`` another rule).
    """
    election = profile.election
    verdicts = dict(verdicts)
    funded = list(funded)
    ranks = {p: place + 1 for place, p in enumerate(profile.ranked())}
    for p in profile.ranked():
        if p in verdicts and verdicts[p].funded:
            continue
        project = election.projects[p]
        left = election.budget - spent
        fits = project.cost <= left
        if fits:
            funded.append(project.id)
            spent += project.cost
            reason = Reason.COMPLETED if completing else Reason.FITTED
        elif p in verdicts:
            # Keep why the first rule left it out; the completion adds what was left then.
            verdicts[p] = replace(verdicts[p], remaining_budget=left)
            continue
        else:
            reason = Reason.NO_SUPPORT if profile.votes[p] == 0 else Reason.DID_NOT_FIT
        verdicts[p] = ProjectResult(
            project.id, fits, reason, project.cost, int(profile.votes[p]),
            float(profile.score[p]), ranks[p], round=len(funded) if fits else None,
            remaining_budget=left)
    return verdicts, funded, spent


def voter_shares(profile: Profile, funded: list[str], paid_by_group: np.ndarray,
                 share: float) -> tuple[VoterShare, ...]:
    """Each voter's share, what was paid for them, and how many of their projects won."""
    index = {project_id: i for i, project_id in enumerate(profile.ids)}
    chosen = np.zeros(len(profile.cost))
    chosen[[index[project_id] for project_id in funded]] = 1
    won_by_group = np.rint(profile.named.T @ chosen).astype(int)
    return tuple(
        VoterShare(ballot.voter_id, share, float(paid_by_group[group]),
                   int(won_by_group[group]))
        for ballot, group in zip(profile.election.ballots, profile.group_of.tolist(), strict=True))
