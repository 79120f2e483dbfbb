"""The introduction state machine, every (state, party, step) combination against a table
written out by hand here, independently of the one in the module."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from graph_models.domain.errors import Conflict, Forbidden
from graph_models.domain.introductions import (
    Introduction,
    Party,
    State,
    Step,
    next_state,
    steps_for,
)

AT = datetime(2026, 11, 1, tzinfo=UTC)

# (state, step, party) -> the state it leads to; every combination not listed is refused.
ALLOWED = {
    (State.REQUESTED, Step.FORWARD, Party.BROKER): State.FORWARDED,
    (State.REQUESTED, Step.FORWARD, Party.MEDIATOR): State.FORWARDED,
    (State.REQUESTED, Step.DECLINE, Party.BROKER): State.DECLINED,
    (State.REQUESTED, Step.DECLINE, Party.MEDIATOR): State.DECLINED,
    (State.REQUESTED, Step.WITHDRAW, Party.REQUESTER): State.WITHDRAWN,
    (State.REQUESTED, Step.EXPIRE, Party.SYSTEM): State.EXPIRED,
    (State.FORWARDED, Step.ACCEPT, Party.TARGET): State.ACCEPTED,
    (State.FORWARDED, Step.DECLINE, Party.TARGET): State.DECLINED,
    (State.FORWARDED, Step.WITHDRAW, Party.REQUESTER): State.WITHDRAWN,
    (State.FORWARDED, Step.EXPIRE, Party.SYSTEM): State.EXPIRED,
    (State.ACCEPTED, Step.COMPLETE, Party.REQUESTER): State.COMPLETED,
    (State.ACCEPTED, Step.WITHDRAW, Party.REQUESTER): State.WITHDRAWN,
    (State.ACCEPTED, Step.EXPIRE, Party.SYSTEM): State.EXPIRED,
}
# Which steps each party may take in some state: refusing any other is Forbidden, not Conflict.
EVER = {party: {step for (_, step, p) in ALLOWED if p == party} for party in Party}


def request(state: State) -> Introduction:
    return Introduction(id="i", requester_id="a", target_id="c", purpose="financing",
                        message="", region="EL30", requested_by="u", created_at=AT,
                        state_changed_at=AT, state=state, broker_id="b")


@pytest.mark.parametrize("state,step,party", list(itertools.product(State, Step, Party)))
def test_each_party_may_take_exactly_the_steps_of_the_table(state, step, party):
    expected = ALLOWED.get((state, step, party))
    if expected is not None:
        assert next_state(request(state), step, frozenset({party})) == expected
    elif step in EVER[party]:
        with pytest.raises(Conflict) as raised:
            next_state(request(state), step, frozenset({party}))
        assert raised.value.errors["state"] == [state.value]
    else:
        with pytest.raises(Forbidden):
            next_state(request(state), step, frozenset({party}))


def test_a_user_standing_in_two_ways_may_take_the_steps_of_either():
    both = frozenset({Party.BROKER, Party.TARGET})
    assert next_state(request(State.REQUESTED), Step.FORWARD, both) == State.FORWARDED
    assert next_state(request(State.FORWARDED), Step.ACCEPT, both) == State.ACCEPTED


def test_no_one_stands_in_no_way():
    with pytest.raises(Forbidden):
        next_state(request(State.REQUESTED), Step.WITHDRAW, frozenset())


@pytest.mark.parametrize("state", [State.COMPLETED, State.DECLINED, State.WITHDRAWN,
                                   State.EXPIRED])
def test_an_ended_request_offers_no_step_to_anyone(state):
    assert steps_for(request(state), frozenset(Party)) == []
    assert not state.open


def test_the_steps_offered_are_the_allowed_ones():
    for state, party in itertools.product(State, Party):
        offered = steps_for(request(state), frozenset({party}))
        assert set(offered) == {step for (s, step, p) in ALLOWED if s == state and p == party}
