"""Participatory budgeting: elections, ballots and their limits, the outcome rules (greedy by
votes, the Method of Equal Shares with completion, sequential Phragmén) with their explanations,
and pabulib ``.pb`` files. Pure functions over values; see docs/participatory-budgeting.md."""

from graph_models.budgeting.election import (
    Ballot,
    BallotKind,
    BallotLimits,
    Election,
    Project,
    money,
    validate_ballot,
)
from graph_models.budgeting.equal_shares import Completion, equal_shares
from graph_models.budgeting.greedy import greedy_by_votes
from graph_models.budgeting.outcome import Outcome, ProjectResult, Reason, Rule, VoterShare
from graph_models.budgeting.pabulib import read_pabulib, write_pabulib
from graph_models.budgeting.phragmen import sequential_phragmen
from graph_models.budgeting.profile import TieBreaking, Utility

__all__ = [
    "Ballot", "BallotKind", "BallotLimits", "Completion", "Election", "Outcome", "Project",
    "ProjectResult", "Reason", "Rule", "TieBreaking", "Utility", "VoterShare", "equal_shares",
    "greedy_by_votes", "money", "read_pabulib", "sequential_phragmen", "validate_ballot",
    "write_pabulib",
]
