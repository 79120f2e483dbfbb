"""Mentorship: who can mentor, cohorts assigned optimally or stably, peer-learning circles,
programme reports, and the feedback ratings give back to matching.
"""

from graph_models.mentorship.assignment import assign
from graph_models.mentorship.candidates import (
    candidate_scores,
    explain,
    mentees_of,
    mentors_of,
)
from graph_models.mentorship.circles import (
    DEFAULT_CIRCLE_WEIGHTS,
    Circle,
    CirclePlan,
    CircleWeights,
    Exchange,
    peer_circles,
)
from graph_models.mentorship.model import (
    Constraints,
    Mentee,
    Mentor,
    MentorEnrolment,
    Placement,
    Proposal,
    Unplaced,
    UnplacedReason,
)
from graph_models.mentorship.report import (
    LoadDistribution,
    MentorshipRecord,
    MentorshipState,
    ProgrammeReport,
    Rating,
    RatingMoment,
    mentor_load,
    programme_report,
    rating_feedback,
)

__all__ = [
    "DEFAULT_CIRCLE_WEIGHTS",
    "Circle",
    "CirclePlan",
    "CircleWeights",
    "Constraints",
    "Exchange",
    "LoadDistribution",
    "Mentee",
    "Mentor",
    "MentorEnrolment",
    "MentorshipRecord",
    "MentorshipState",
    "Placement",
    "ProgrammeReport",
    "Proposal",
    "Rating",
    "RatingMoment",
    "Unplaced",
    "UnplacedReason",
    "assign",
    "candidate_scores",
    "explain",
    "mentees_of",
    "mentor_load",
    "mentors_of",
    "peer_circles",
    "programme_report",
    "rating_feedback",
]
