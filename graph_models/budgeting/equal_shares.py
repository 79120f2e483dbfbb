"""The Method of Equal Shares (MES), with its completion, explained.

The budget is divided equally among the voters. In each round, for every project still in play,
the rule finds the smallest price ρ per unit of utility such that its supporters can pay its cost,
each paying ρ times their utility or, if they have less left, all they have left; it buys the
project with the smallest ρ (ties broken by :class:`~graph_models.budgeting.profile.TieBreaking`),
its supporters pay, and a project whose supporters have less money left in all than its cost
leaves the game. It stops when no project can be paid for.

Completion (as pabutools computes ``method_of_equal_shares(..., voter_budget_increment=1)``
followed by ``completion_by_rule_combination`` with the greedy rule), by default:

1. ``ADD_ONE``: run MES again with each voter's money raised by one unit of currency, and again,
   until its outcome is exhaustive (no supported project left out would still fit in the real
   budget) — that outcome is kept — or costs more than the real budget — the previous one is kept;
2. ``ADD_ONE_THEN_GREEDY``: then fund, by votes, whatever still fits (:mod:`.greedy`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

import numpy as np

from graph_models.budgeting.election import Amount, BallotKind, Election, money
from graph_models.budgeting.greedy import greedy_fill, voter_shares
from graph_models.budgeting.outcome import Outcome, ProjectResult, Reason, Rule
from graph_models.budgeting.profile import (
    RELATIVE_TOLERANCE,
    Profile,
    TieBreaking,
    Utility,
    build_profile,
    same,
)
from graph_models.domain.errors import InvalidInput


class Completion(StrEnum):
    """How far equal shares is completed (see the module's description)."""

    NONE = "none"
    ADD_ONE = "add_one"
    ADD_ONE_THEN_GREEDY = "add_one_then_greedy"


@dataclass(frozen=True)
class _Purchase:
    project: int
    price: float
    max_payment: float
    exhausted: int


@dataclass(frozen=True)
class _Run:
    per_voter: Fraction
    purchases: tuple[_Purchase, ...]
    budgets: np.ndarray
    cost: Fraction


def equal_shares(election: Election, *, utility: Utility | None = None,
                 completion: Completion = Completion.ADD_ONE_THEN_GREEDY,
                 increment: Amount = 1,
                 tie_breaking: TieBreaking = TieBreaking.ID) -> Outcome:
    """The outcome of equal shares on ``election``, explained.

    ``utility`` defaults to the project's cost on approval ballots (``Utility.COST``), to the
    points on cumulative ones and to the Borda score on ordinal ones (the only utilities those
    two kinds allow); ``increment`` is the raise of each voter's money per completion step.

    >>> from graph_models.budgeting.election import Ballot, Project
    >>> projects = (Project("red", 50), Project("blue", 40), Project("red2", 50))
    >>> ballots = [Ballot(f"r{i}", ("red", "red2")) for i in range(6)]
    >>> ballots += [Ballot(f"b{i}", ("blue",)) for i in range(4)]
    >>> election = Election(projects, 100, BallotKind.APPROVAL, ballots)
    >>> outcome = equal_shares(election, completion=Completion.NONE)
    >>> outcome.funded, outcome.result("blue").max_payment
    (('red', 'blue'), 10.0)
    """
    utility = utility or _DEFAULT_UTILITY[election.kind]
    if utility not in _UTILITIES[election.kind]:
        raise InvalidInput("the utility does not fit the ballots", errors={"utility": [
            "use borda for ordinal ballots" if election.kind is BallotKind.ORDINAL else
            "use points, cost or one for cumulative ballots"
            if election.kind is BallotKind.CUMULATIVE else
            "use cost or one for approval ballots"]})
    if not election.ballots:
        raise InvalidInput("nobody voted", errors={"ballots": ["no ballot was cast"]})
    profile = build_profile(election, tie_breaking)
    step = money(increment)
    if step <= 0:
        raise InvalidInput("the increment must be positive",
                           errors={"increment": ["must be positive"]})
    run = _complete(profile, utility, completion, step)
    verdicts = _verdicts(profile, run)
    funded = [election.projects[purchase.project].id for purchase in run.purchases]
    spent = run.cost
    if completion is Completion.ADD_ONE_THEN_GREEDY:
        verdicts, funded, spent = greedy_fill(profile, verdicts, funded, spent, completing=True)
    per_voter = float(run.per_voter)
    return Outcome(Rule.EQUAL_SHARES, tuple(funded), spent, election.budget,
                   tuple(verdicts[p] for p in range(len(election.projects))),
                   voter_shares(profile, funded, per_voter - run.budgets, per_voter),
                   per_voter_budget=run.per_voter,
                   increments=int((run.per_voter - _start(profile)) / step))


_DEFAULT_UTILITY = {BallotKind.APPROVAL: Utility.COST, BallotKind.CUMULATIVE: Utility.POINTS,
                    BallotKind.ORDINAL: Utility.BORDA}
_UTILITIES = {BallotKind.APPROVAL: (Utility.COST, Utility.ONE),
              BallotKind.CUMULATIVE: (Utility.POINTS, Utility.COST, Utility.ONE),
              BallotKind.ORDINAL: (Utility.BORDA,)}


def _start(profile: Profile) -> Fraction:
    return profile.election.budget / len(profile.election.ballots)


def _complete(profile: Profile, utility: Utility, completion: Completion,
              step: Fraction) -> _Run:
    """Run MES, raising the voters' money while the outcome is neither exhaustive nor over the
    budget (only once without completion)."""
    election = profile.election
    utilities = profile.utilities(utility)
    total = np.asarray(utilities @ profile.weights.astype(float)).ravel()
    candidates = [p for p in range(len(profile.cost)) if total[p] > 0]
    per_voter = _start(profile)
    previous = _Run(per_voter, (), np.full(len(profile.weights), float(per_voter)), Fraction(0))
    while True:
        run = _mes(profile, utilities, total, candidates, per_voter)
        if completion is Completion.NONE:
            return run
        if run.cost > election.budget:
            return previous
        chosen = {purchase.project for purchase in run.purchases}
        left = election.budget - run.cost
        if all(p in chosen or election.projects[p].cost > left for p in candidates):
            return run
        previous = run
        per_voter += step


def _mes(profile: Profile, utilities, total: np.ndarray, candidates: list[int],
         per_voter: Fraction) -> _Run:
    """One run of MES with ``per_voter`` money for each voter."""
    election = profile.election
    weights = profile.weights.astype(float)
    budgets = np.full(len(weights), float(per_voter))
    # Money below this is rounding left over from a voter who paid all they had.
    dust = RELATIVE_TOLERANCE * float(per_voter)
    in_play = list(candidates)
    # The price found for a project in an earlier round: a lower bound of its price now, since
    # the voters' money only shrinks; projects are looked at cheapest bound first.
    bound = {p: profile.cost[p] / total[p] for p in in_play}
    purchases: list[_Purchase] = []
    spent = Fraction(0)
    while in_play:
        best: float = np.inf
        tied: list[int] = []
        for p in sorted(in_play, key=bound.__getitem__):
            start, end = utilities.indptr[p], utilities.indptr[p + 1]
            groups, utility = utilities.indices[start:end], utilities.data[start:end]
            money_left = budgets[groups]
            if weights[groups] @ money_left < profile.cost[p] * (1 - RELATIVE_TOLERANCE):
                in_play.remove(p)
                continue
            if tied and bound[p] > best and not same(bound[p], best):
                break
            price = _price(profile.cost[p], money_left, utility, weights[groups], dust)
            bound[p] = price
            if not tied or (price < best and not same(price, best)):
                best, tied = price, [p]
            elif same(price, best):
                tied.append(p)
        if not tied:
            break
        chosen = min(tied, key=lambda p: profile.tie_rank[p])
        start, end = utilities.indptr[chosen], utilities.indptr[chosen + 1]
        groups, utility = utilities.indices[start:end], utilities.data[start:end]
        full = best * utility
        paid = np.minimum(budgets[groups], full)
        exhausted = int(weights[groups][full > budgets[groups] + dust].sum())
        left = budgets[groups] - paid
        budgets[groups] = np.where(left <= dust, 0.0, left)
        purchases.append(_Purchase(chosen, best, float(paid.max()), exhausted))
        spent += election.projects[chosen].cost
        in_play.remove(chosen)
    return _Run(per_voter, tuple(purchases), budgets, spent)


def _price(cost: float, money_left: np.ndarray, utility: np.ndarray, weights: np.ndarray,
           dust: float) -> float:
    """The smallest ρ such that the supporters, each paying ``min(money left, ρ·utility)``,
    pay ``cost``: with the supporters ordered by money left per unit of utility, the first
    ``k`` pay all they have and the rest share what remains of the cost by utility."""
    order = np.argsort(money_left / utility, kind="stable")
    money_left, utility, weights = money_left[order], utility[order], weights[order]
    paid_before = np.concatenate(([0.0], np.cumsum(weights * money_left)[:-1]))
    utility_from = np.cumsum((weights * utility)[::-1])[::-1]
    prices = (cost - paid_before) / utility_from
    affordable = prices * utility <= money_left + dust
    if not affordable.any():
        return float(prices[-1])
    return float(prices[int(np.argmax(affordable))])


def _verdicts(profile: Profile, run: _Run) -> dict[int, ProjectResult]:
    """Each project's verdict after the run of MES that was kept."""
    election = profile.election
    ranks = {p: place + 1 for place, p in enumerate(profile.ranked())}
    verdicts: dict[int, ProjectResult] = {}
    for round_, purchase in enumerate(run.purchases, start=1):
        p = purchase.project
        verdicts[p] = ProjectResult(
            election.projects[p].id, True, Reason.BOUGHT, election.projects[p].cost,
            int(profile.votes[p]), float(profile.score[p]), ranks[p], round=round_,
            price=purchase.price, max_payment=purchase.max_payment,
            exhausted=purchase.exhausted)
    weights = profile.weights.astype(float)
    for p, project in enumerate(election.projects):
        if p in verdicts:
            continue
        groups, _ = profile.supporters(p)
        if profile.score[p] == 0:  # nobody named it, or only in last place (Borda 0)
            reason, supporters_money = Reason.NO_SUPPORT, None
        else:
            reason = Reason.UNAFFORDABLE
            supporters_money = float(weights[groups] @ run.budgets[groups])
        verdicts[p] = ProjectResult(project.id, False, reason, project.cost,
                                    int(profile.votes[p]), float(profile.score[p]), ranks[p],
                                    supporters_money=supporters_money)
    return verdicts
