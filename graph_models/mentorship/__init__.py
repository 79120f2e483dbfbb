"""Mentorship: who can mentor, cohorts assigned optimally or stably, peer-learning circles,
programme reports, and the feedback ratings give back to matching.

Pure functions over a snapshot graph or over plain records; nothing here reads a store.

Public API
----------
mentors_of(G, enrolments=None, *, start=None) -> list[Mentor]
mentees_of(G, ids) -> list[Mentee]
candidate_scores(G, mentees, mentors, *, k, constraints, pins, weights, feedback, blocked,
                 include_connected, private_needs) -> dict[(mentee id, mentor id), float]
assign(mentees, mentors, scores, *, constraints, pins, method, solver) -> Proposal
explain(G, proposal, *, weights, feedback, blocked, include_connected, private_needs)
    -> Proposal
peer_circles(G, members, *, min_size, max_size, region_level, weights, seed, max_passes)
    -> CirclePlan
programme_report(records, *, mentees, capacities, tied_before) -> ProgrammeReport
mentor_load(records, capacities=None) -> LoadDistribution
rating_feedback(records) -> dict[(mentee id, mentor id), penalty]
Circle, CirclePlan, CircleWeights, Exchange, ProgrammeReport, LoadDistribution
(The programme's values, enrolments, constraints and proposals, are in
:mod:`graph_models.domain.programmes`; the mentorship records in
:mod:`graph_models.domain.mentorships`.)

A cohort is made in three steps: the programme's people (:func:`mentors_of`,
:func:`mentees_of`), their candidate pairs scored by matching (:func:`candidate_scores`), and
the assignment (:func:`assign`), explained on demand (:func:`explain`). How each step decides
is documented in :mod:`~.candidates`, :mod:`~.assignment`, :mod:`~.circles` and
:mod:`~.outcomes`.
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
from graph_models.mentorship.outcomes import (
    LoadDistribution,
    ProgrammeReport,
    mentor_load,
    programme_report,
    rating_feedback,
)

__all__ = [
    "DEFAULT_CIRCLE_WEIGHTS",
    "Circle",
    "CirclePlan",
    "CircleWeights",
    "Exchange",
    "LoadDistribution",
    "ProgrammeReport",
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
