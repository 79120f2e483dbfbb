"""The introduction's state machine: which party may move a request from which state to which.

The one table below is the whole workflow::

    requested ──forward──▶ forwarded ──accept──▶ accepted ──complete──▶ completed
        │  (broker or mediator)  │   (target)        │  (requester)
        ├─decline──▶ declined ◀──┤ decline (target)  │
        └── withdraw (requester) / expire (system) ──┴──▶ withdrawn / expired

Double opt-in: the requester opted in by asking, but sees whether the target accepts before it
confirms (``complete``); only then are contacts shared. A coordinator of the target's region
(the mediator) may forward or decline any request there, so that a broker who never answers
does not leave it stuck.

A party that may never take an action on this request is refused (Forbidden); a party that
may take it, but not from the current state, gets a Conflict naming the state.
"""

from __future__ import annotations

from enum import StrEnum

from graph_models.introductions.model import Introduction, State
from graph_models.transitions import Rule, allowed_rule, rule


class Party(StrEnum):
    """How an actor stands to one request (a user may stand in several ways at once)."""

    REQUESTER = "requester"
    BROKER = "broker"
    TARGET = "target"
    MEDIATOR = "mediator"
    SYSTEM = "system"


class Step(StrEnum):
    FORWARD = "forward"
    ACCEPT = "accept"
    DECLINE = "decline"
    WITHDRAW = "withdraw"
    COMPLETE = "complete"
    EXPIRE = "expire"


_OPEN_ENDINGS = {
    Step.WITHDRAW: rule(State.WITHDRAWN, Party.REQUESTER),
    Step.EXPIRE: rule(State.EXPIRED, Party.SYSTEM),
}

TRANSITIONS: dict[State, dict[Step, Rule]] = {
    State.REQUESTED: {
        Step.FORWARD: rule(State.FORWARDED, Party.BROKER, Party.MEDIATOR),
        Step.DECLINE: rule(State.DECLINED, Party.BROKER, Party.MEDIATOR),
        **_OPEN_ENDINGS,
    },
    State.FORWARDED: {
        Step.ACCEPT: rule(State.ACCEPTED, Party.TARGET),
        Step.DECLINE: rule(State.DECLINED, Party.TARGET),
        **_OPEN_ENDINGS,
    },
    State.ACCEPTED: {
        Step.COMPLETE: rule(State.COMPLETED, Party.REQUESTER),
        **_OPEN_ENDINGS,
    },
    State.COMPLETED: {},
    State.DECLINED: {},
    State.WITHDRAWN: {},
    State.EXPIRED: {},
}


def next_state(introduction: Introduction, step: Step, parties: frozenset[Party]) -> State:
    """The state ``step`` leads to when taken by someone standing as ``parties``.

    Raises Forbidden when none of ``parties`` may ever take ``step``, and Conflict (with the
    current state under ``errors["state"]``) when they may, but not from this state.

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> at = datetime(2026, 11, 1, tzinfo=UTC)
    >>> request = Introduction(id="i", requester_id="a", target_id="c", purpose="financing",
    ...                        message="", region="EL30", requested_by="u", created_at=at,
    ...                        state_changed_at=at, broker_id="b")
    >>> next_state(request, Step.FORWARD, frozenset({Party.BROKER})).value
    'forwarded'
    >>> next_state(request, Step.ACCEPT, frozenset({Party.TARGET}))
    Traceback (most recent call last):
    ...
    graph_models.errors.Conflict: the request is requested; it cannot be accepted now
    """
    return allowed_rule(TRANSITIONS, introduction.state, step, parties, what="request",
                        past=_past(step)).to


def steps_for(introduction: Introduction, parties: frozenset[Party]) -> list[Step]:
    """The steps ``parties`` may take now, in the table's order (what a client can offer)."""
    return [step for step, rule in TRANSITIONS[introduction.state].items()
            if rule.parties & parties]


def _past(step: Step) -> str:
    return {Step.FORWARD: "forwarded", Step.ACCEPT: "accepted", Step.DECLINE: "declined",
            Step.WITHDRAW: "withdrawn", Step.COMPLETE: "completed",
            Step.EXPIRE: "expired"}[step]
