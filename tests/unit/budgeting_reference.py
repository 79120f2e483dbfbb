"""The same elections counted by pabutools, the reference library, to compare outcomes with.

Each election goes to pabutools as the ``.pb`` text :func:`write_pabulib` writes, read by
pabutools' own parser, so the export is checked on the way.
"""

from __future__ import annotations

from pabutools.election import (
    AdditiveSatisfaction,
    Cardinality_Sat,
    Cost_Sat,
)
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.election.satisfaction import Additive_Borda_Sat, Additive_Cardinal_Sat
from pabutools.election.satisfaction.positionalsatisfaction import (
    PositionalSatisfaction,
    borda_sat_func,
)
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
    sequential_phragmen,
)
from pabutools.tiebreaking import TieBreakingRule, lexico_tie_breaking

from graph_models.budgeting import (
    BallotKind,
    Completion,
    Election,
    TieBreaking,
    Utility,
    write_pabulib,
)


class _PointsTimesCost(AdditiveSatisfaction):
    """Points × cost: greedy by total points, as the greedy density is satisfaction / cost."""

    def __init__(self, instance, profile, ballot):
        super().__init__(instance, profile, ballot,
                         lambda inst, prof, b, project, pre: b.get(project, 0) * project.cost)


class _BordaTimesCost(PositionalSatisfaction):
    """pabutools' Borda score × cost: greedy by total Borda score, the density being
    satisfaction / cost."""

    def __init__(self, instance, profile, ballot):
        super().__init__(instance, profile, ballot,
                         lambda b, project: borda_sat_func(b, project) * project.cost, sum)


def _tie_breaking(election: Election, tie_breaking: TieBreaking) -> TieBreakingRule:
    if tie_breaking is TieBreaking.ID:
        return lexico_tie_breaking
    votes: dict[str, int] = {}
    for ballot in election.ballots:
        for project in ballot.support():
            votes[project] = votes.get(project, 0) + 1
    return TieBreakingRule(lambda inst, prof, p: (p.cost, -votes.get(p.name, 0), p.name))


def _parse(election: Election):
    return parse_pabulib_from_string(write_pabulib(election))


def _greedy_sat(election: Election):
    return {BallotKind.CUMULATIVE: _PointsTimesCost,
            BallotKind.ORDINAL: _BordaTimesCost}.get(election.kind, Cost_Sat)


def reference_greedy(election: Election, tie_breaking: TieBreaking = TieBreaking.ID
                     ) -> list[str]:
    """pabutools' greedy rule by votes (approvals, points on cumulative ballots, Borda scores
    on ordinal ones)."""
    instance, profile = _parse(election)
    outcome = greedy_utilitarian_welfare(instance, profile, sat_class=_greedy_sat(election),
                                         tie_breaking=_tie_breaking(election, tie_breaking))
    return [project.name for project in outcome]


_SATISFACTION = {Utility.COST: Cost_Sat, Utility.ONE: Cardinality_Sat,
                 Utility.POINTS: Additive_Cardinal_Sat, Utility.BORDA: Additive_Borda_Sat}


def reference_equal_shares(election: Election, utility: Utility,
                           completion: Completion = Completion.ADD_ONE_THEN_GREEDY,
                           tie_breaking: TieBreaking = TieBreaking.ID) -> list[str]:
    """pabutools' method of equal shares, completed as ``completion`` says."""
    instance, profile = _parse(election)
    rule = _tie_breaking(election, tie_breaking)
    mes = {"sat_class": _SATISFACTION[utility], "tie_breaking": rule}
    if completion is not Completion.NONE:
        mes["voter_budget_increment"] = 1
    if completion is Completion.ADD_ONE_THEN_GREEDY:
        outcome = completion_by_rule_combination(
            instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
            [mes, {"sat_class": _greedy_sat(election), "tie_breaking": rule}])
    else:
        outcome = method_of_equal_shares(instance, profile, **mes)
    return [project.name for project in outcome]


def reference_phragmen(election: Election, tie_breaking: TieBreaking = TieBreaking.ID
                       ) -> list[str]:
    """pabutools' sequential Phragmén."""
    instance, profile = _parse(election)
    outcome = sequential_phragmen(instance, profile,
                                  tie_breaking=_tie_breaking(election, tie_breaking))
    return [project.name for project in outcome]
