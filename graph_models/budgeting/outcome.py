"""What a rule decided and why, as facts to be worded later (in Greek or English) by whoever
shows them: each project's verdict with its reason code and the numbers behind it, and each
voter's share of the money."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Rule(StrEnum):
    """The outcome rules offered (see docs/participatory-budgeting.md)."""

    GREEDY = "greedy"  # by votes, skipping what no longer fits (Decidim, Consul)
    EQUAL_SHARES = "equal_shares"  # the Method of Equal Shares, with its completion
    PHRAGMEN = "phragmen"  # sequential Phragmén (approval ballots)


class Reason(StrEnum):
    """Why a project was funded or not; the fields of :class:`ProjectResult` it relies on are
    named beside each."""

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
class ProjectResult:
    """One project's verdict. ``votes`` counts its supporters, ``score`` their points (the
    votes again on approval ballots); ``rank`` is its place by score, ties broken as the rule
    breaks them; the other numbers are those its :class:`Reason` names, ``None`` otherwise."""

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
