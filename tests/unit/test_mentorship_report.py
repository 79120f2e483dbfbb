"""Programme report computations and rating feedback, on hand-built records."""

from __future__ import annotations

from datetime import date

import pytest

from graph_models.demo import generate_ecosystem
from graph_models.domain.errors import InvalidInput
from graph_models.domain.interchange import GraphExport
from graph_models.domain.mentorships import MentorshipRecord, MentorshipState, Rating, RatingMoment
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind
from graph_models.matching import DEFAULT_WEIGHTS
from graph_models.mentorship import (
    candidate_scores,
    mentees_of,
    mentor_load,
    mentors_of,
    programme_report,
    rating_feedback,
)

D1, D2, D3 = date(2027, 1, 10), date(2027, 3, 1), date(2027, 6, 30)
ST = MentorshipState
CHECK, DONE = RatingMoment.CHECK_IN, RatingMoment.COMPLETION


def record(n, mentee, mentor, state, accepted=None, ratings=(), reason=None):
    return MentorshipRecord(f"m{n}", mentee, mentor, state, D1, accepted_on=accepted,
                            ended_on=D3 if state in (ST.COMPLETED, ST.CANCELLED) else None,
                            cancel_reason=reason, ratings=tuple(ratings))


@pytest.fixture
def cohort():
    return [
        record(1, "ana", "kim", ST.COMPLETED, D1, [Rating("ana", 5, CHECK, D2),
                                                   Rating("ana", 4, DONE, D3),
                                                   Rating("kim", 5, DONE, D3)]),
        record(2, "bo", "kim", ST.ACTIVE, D1, [Rating("bo", 3, CHECK, D2)]),
        record(3, "cy", "lee", ST.CANCELLED, None, reason="declined by the mentor"),
        record(4, "cy", "max", ST.ACCEPTED, D2),
        record(5, "dee", "lee", ST.CANCELLED, D1, [Rating("lee", 1, CHECK, D2)],
               reason="moved away"),
        record(6, "eve", "max", ST.PROPOSED),
    ]


def test_the_report_counts_placements_states_and_rates(cohort):
    report = programme_report(cohort, mentees=["ana", "bo", "cy", "dee", "eve", "fay"])
    # Placed: ana, bo, cy (accepted with max), dee (accepted, then cancelled).
    assert (report.mentees, report.placed, report.placement_rate) == (6, 4, 0.6667)
    assert dict(report.states) == {"proposed": 1, "accepted": 1, "active": 1, "completed": 1,
                                   "cancelled": 2}
    # Answered: 4 accepted (1, 2, 4, 5) and 1 declined (3); eve's is still proposed.
    assert report.acceptance_rate == 0.8
    # Of the accepted that ended, 1 completed and 1 cancelled.
    assert report.completion_rate == 0.5


def test_the_report_averages_ratings_by_side_and_moment(cohort):
    report = programme_report(cohort)
    assert report.ratings == 5
    assert report.average_rating == pytest.approx((5 + 4 + 5 + 3 + 1) / 5)
    assert dict(report.average_by_side) == {"mentee": 4.0, "mentor": 3.0}
    assert dict(report.average_by_moment) == {"check_in": 3.0, "completion": 4.5}


def test_new_ties_are_accepted_pairs_not_tied_before(cohort):
    report = programme_report(cohort, tied_before=[("kim", "ana"), ("cy", "lee")])
    # Accepted pairs: ana–kim (tied before), bo–kim, cy–max, dee–lee.
    assert report.new_ties == 3


def test_the_mentor_load_counts_accepted_and_active_against_capacity(cohort):
    load = mentor_load(cohort, {"kim": 1, "lee": 2, "max": 2, "ned": 1})
    assert load.mentors == 4 and load.max == 1
    assert load.histogram == ((0, 2), (1, 2))  # kim: bo; max: cy; lee and ned: none
    assert load.utilisation == pytest.approx(2 / 6, abs=1e-4)
    assert load.over_capacity == ()
    assert mentor_load(cohort).mentors == 3


def test_an_empty_programme_has_no_rates():
    report = programme_report([])
    assert (report.placement_rate, report.acceptance_rate, report.completion_rate,
            report.average_rating) == (None, None, None, None)
    assert report.mentor_load.histogram == ()


def test_a_rating_by_a_stranger_or_out_of_range_is_refused():
    bad = record(1, "ana", "kim", ST.ACTIVE, D1, [Rating("zoe", 3, CHECK, D2)])
    with pytest.raises(InvalidInput):
        programme_report([bad])
    with pytest.raises(InvalidInput):
        rating_feedback([record(1, "ana", "kim", ST.ACTIVE, D1, [Rating("ana", 6, CHECK, D2)])])


def test_ratings_become_penalties_from_each_sides_latest_rating(cohort):
    feedback = rating_feedback(cohort)
    # ana–kim rated 4 and 5: a good fit, no penalty. bo–kim: 3 → 1/3. dee–lee: 1 → 1.
    assert feedback == {("bo", "kim"): 0.3333, ("dee", "lee"): 1.0}


def test_the_feedback_lowers_the_pair_score_as_matching_documents():
    eco = generate_ecosystem(300, seed=4)
    G = build_snapshot(GraphExport(version=1, stakeholders=eco.stakeholders,
                                   ties=eco.ties)).graph
    mentees = mentees_of(G, sorted(n for n in G if G.nodes[n]["kind"] == Kind.ENTREPRENEUR)[:5])
    mentors = mentors_of(G)
    before = candidate_scores(G, mentees, mentors, k=3)
    (e, t), score = next(iter(before.items()))
    records = [record(1, e, t, ST.COMPLETED, D1, [Rating(e, 2, DONE, D3)])]
    feedback = rating_feedback(records)
    after = candidate_scores(G, mentees, mentors, k=100, feedback=feedback)
    assert after[(e, t)] == pytest.approx(score * (1 - DEFAULT_WEIGHTS.feedback * 2 / 3),
                                          abs=2e-3)
