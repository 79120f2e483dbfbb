"""What a rule decided and why, as facts to be worded later (in Greek or English) by whoever
shows them: each project's verdict with its reason code and the numbers behind it, and each
voter's share of the money."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from graph_models.domain.budgets import Reason, Verdict

__all__ = ["Outcome", "ProjectResult", "Reason", "Rule", "VoterShare"]


class Rule(StrEnum):
    """The outcome rules offered (see docs/participatory-budgeting.md)."""

    GREEDY = "greedy"  # by votes, skipping what no longer fits (Decidim, Consul)
    EQUAL_SHARES = "equal_shares"  # the Method of Equal Shares, with its completion
    PHRAGMEN = "phragmen"  # sequential Phragmén (approval ballots)


# A project's verdict is the domain's, kept as it is in a process's results.
ProjectResult = Verdict


@dataclass(frozen=True)
class VoterShare:
    """One voter's share: ``share`` is the money the rule gave each voter to spend (under equal
    shares, the budget divided by the number of voters, raised by the completion), ``paid`` what
    was spent on projects this voter supported (equal shares and Phragmén's loads; 0 under the
    greedy rule, which shares nothing), ``funded`` how many of this voter's projects won."""

    voter_id: str
    share: float
    paid: float
    funded: int


@dataclass(frozen=True)
class Outcome:
    """A rule's decision: the funded projects in the order they were chosen, what they cost,
    every project's verdict (in the election's order) and every voter's share (in the ballots'
    order). ``per_voter_budget`` and ``increments`` say how far the completion of equal shares
    raised each voter's money (``increments`` steps of ``increment``)."""

    rule: Rule
    funded: tuple[str, ...]
    cost: Fraction
    budget: Fraction
    projects: tuple[ProjectResult, ...]
    voters: tuple[VoterShare, ...]
    per_voter_budget: Fraction | None = None
    increments: int = 0

    def result(self, project_id: str) -> ProjectResult:
        """The verdict on one project."""
        for result in self.projects:
            if result.project_id == project_id:
                return result
        raise KeyError(project_id)
