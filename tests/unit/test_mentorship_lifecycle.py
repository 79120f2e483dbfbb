"""The mentorship state machine, every (state, party, step) against a table written out by hand
here, independently of the one in the module; and records that survive a round trip."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, date, datetime

import pytest

from graph_models.domain.errors import Conflict, Forbidden
from graph_models.domain.mentorships import (
    CancelReason,
    Mentorship,
    MentorshipSession,
    Party,
    Rating,
    RatingMoment,
    Step,
    mentorship_from_record,
    mentorship_to_record,
    next_state,
    steps_for,
)
from graph_models.domain.mentorships import (
    MentorshipState as State,
)
from graph_models.domain.programmes import (
    Draft,
    DraftPair,
    MentorEnrolment,
    Programme,
    Unplaced,
    UnplacedReason,
    programme_from_record,
    programme_to_record,
)

AT = datetime(2027, 1, 10, 9, 30, tzinfo=UTC)
PAIR, ALL = (Party.MENTEE, Party.MENTOR), (Party.MENTEE, Party.MENTOR, Party.COORDINATOR)
# (state, step, party) -> the state it leads to (from a mentorship nobody accepted yet).
ALLOWED = {
    **{(State.PROPOSED, Step.ACCEPT, p): State.PROPOSED for p in PAIR},
    **{(s, Step.CANCEL, p): State.CANCELLED
       for s in (State.PROPOSED, State.ACCEPTED, State.ACTIVE) for p in ALL},
    **{(State.ACCEPTED, Step.START, p): State.ACTIVE for p in ALL},
    **{(State.ACTIVE, step, p): State.ACTIVE for step in (Step.CHECK_IN, Step.LOG_SESSION)
       for p in PAIR},
    **{(State.ACTIVE, Step.COMPLETE, p): State.COMPLETED for p in ALL},
    **{(State.COMPLETED, Step.RATE, p): State.COMPLETED for p in PAIR},
}
EVER = {party: {step for (_, step, p) in ALLOWED if p == party} for party in Party}


def mentorship(state: State = State.PROPOSED, **fields) -> Mentorship:
    return Mentorship("m", "p", "ana", "kim", "EL30", AT, AT, state=state, **fields)


@pytest.mark.parametrize("state,step,party", list(itertools.product(State, Step, Party)))
def test_each_party_may_take_exactly_the_steps_of_the_table(state, step, party):
    expected = ALLOWED.get((state, step, party))
    if expected is not None:
        assert next_state(mentorship(state), step, frozenset({party})) == expected
    elif step in EVER[party]:
        with pytest.raises(Conflict) as raised:
            next_state(mentorship(state), step, frozenset({party}))
        assert raised.value.errors["state"] == [state.value]
    else:
        with pytest.raises(Forbidden):
            next_state(mentorship(state), step, frozenset({party}))


def test_the_second_side_to_accept_makes_it_accepted_and_a_side_accepts_once():
    half = mentorship(mentee_accepted_at=AT)

    assert next_state(half, Step.ACCEPT, frozenset({Party.MENTOR})) == State.ACCEPTED
    with pytest.raises(Conflict):
        next_state(half, Step.ACCEPT, frozenset({Party.MENTEE}))
    assert next_state(mentorship(), Step.ACCEPT, frozenset(PAIR)) == State.ACCEPTED


def test_a_side_rates_a_completion_once():
    rated = mentorship(State.COMPLETED, ratings=(
        Rating("ana", 4, RatingMoment.COMPLETION, AT.date()),))

    with pytest.raises(Conflict):
        next_state(rated, Step.RATE, frozenset({Party.MENTEE}))
    assert next_state(rated, Step.RATE, frozenset({Party.MENTOR})) == State.COMPLETED
    assert steps_for(rated, frozenset({Party.MENTEE})) == []


def test_steps_for_offers_what_each_party_may_do_now():
    active = mentorship(State.ACTIVE)

    assert steps_for(active, frozenset({Party.COORDINATOR})) == [Step.COMPLETE, Step.CANCEL]
    assert steps_for(active, frozenset({Party.MENTEE})) == [
        Step.CHECK_IN, Step.LOG_SESSION, Step.COMPLETE, Step.CANCEL]


def test_a_mentorship_its_programme_and_a_session_survive_their_records():
    m = mentorship(State.CANCELLED, revision=3, score=71.5, mentee_accepted_at=AT,
                   accepted_on=date(2027, 1, 11), ended_on=date(2027, 2, 1),
                   cancel_reason=CancelReason.NO_TIME, cancelled_by=Party.MENTOR,
                   ratings=(Rating("kim", 2, RatingMoment.CHECK_IN, date(2027, 1, 20)),),
                   tie_id="t")
    p = Programme("p", "Άνοιξη", "EL30", date(2027, 3, 1), AT, AT, created_by="u",
                  topics=("training.mentoring",), ends_on=date(2027, 9, 1), region_level=2,
                  mentee_ids=("ana", "bo"), mentors=(MentorEnrolment(
                      "kim", 2, date(2027, 1, 1), None),), excluded=(("bo", "kim"),),
                  draft=Draft("stable", (DraftPair("ana", "kim", 61.2, True),),
                              (Unplaced("bo", UnplacedReason.EXCLUDED, "excluded"),), AT, 2))

    assert mentorship_from_record(mentorship_to_record(m)) == m
    assert programme_from_record(programme_to_record(p)) == p
    assert p.draft.quality == 61.2
    assert dataclasses.asdict(MentorshipSession("s", "m", AT.date(), "u", AT))["notes"] == ""
