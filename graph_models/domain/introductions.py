"""What an introduction is: the request, its states, and what travels with it.

An introduction request asks that ``requester`` be introduced to ``target`` for one purpose (a
pillar). It goes through a broker (a stakeholder who knows the target) or, with no warm path, a
coordinator of the target's region who mediates. The rules of who moves it from state to state
live in :mod:`graph_models.domain.introductions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from graph_models.domain.transitions import Rule, allowed_rule, rule


class State(StrEnum):
    REQUESTED = "requested"
    FORWARDED = "forwarded"
    ACCEPTED = "accepted"
    COMPLETED = "completed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"

    @property
    def open(self) -> bool:
        """Still waiting for someone: it counts against the requester's limit and blocks a
        second request for the same pair."""
        return self in OPEN_STATES


OPEN_STATES = frozenset({State.REQUESTED, State.FORWARDED, State.ACCEPTED})


class DeclineReason(StrEnum):
    """Why a broker or a target said no: a list, so that reports can count them."""

    NOT_RELEVANT = "not_relevant"
    NO_CAPACITY = "no_capacity"
    NOT_NOW = "not_now"
    DO_NOT_KNOW_REQUESTER = "do_not_know_requester"
    ALREADY_IN_CONTACT = "already_in_contact"
    OTHER = "other"


class Purpose(StrEnum):
    """The pillar of the Local Action Plan that the introduction serves."""

    CONSULTING = "consulting"
    TRAINING = "training"
    NETWORKING = "networking"
    FINANCING = "financing"


@dataclass(frozen=True, slots=True)
class Introduction:
    """One request and where it stands.

    ``broker_id`` is None when a coordinator of ``region`` (the target's region) mediates.
    ``revision`` counts the transitions: a store writes a transition only over the revision it
    was computed from, so that of two people acting at once exactly one wins.
    ``forwarded_at`` is set once the request reaches the target: before that the target is not
    told of it, and never is if the broker declines.
    ``contacts_shared_by`` holds the ends that agreed, as they opted in (the target accepting,
    the requester completing), to show their contacts to the other end of this request only.
    """

    id: str
    requester_id: str
    target_id: str
    purpose: Purpose
    message: str
    region: str
    requested_by: str
    created_at: datetime
    state_changed_at: datetime
    state: State = State.REQUESTED
    broker_id: str | None = None
    revision: int = 0
    decline_reason: DeclineReason | None = None
    tie_id: str | None = None
    forwarded_at: datetime | None = None
    contacts_shared_by: tuple[str, ...] = ()

    @property
    def mediated(self) -> bool:
        return self.broker_id is None


@dataclass(frozen=True, slots=True)
class IntroductionEvent:
    """One step in a request's history: who took it, when, from which state to which, with
    the note they left. ``revision`` is the request's revision after the step (0 for the
    request itself), so a history without gaps counts 0, 1, 2, … ``shares_contacts`` is the
    answer an end gave, at its accept or complete, to sharing its contacts (None: not asked):
    the record of that consent.

    Notes are free text for the parties, so they live here and not in the audit trail, which
    names no values.
    """

    id: str
    introduction_id: str
    revision: int
    at: datetime
    actor_id: str | None
    step: str
    to_state: State
    from_state: State | None = None
    note: str | None = None
    reason: DeclineReason | None = None
    shares_contacts: bool | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """``target_id`` takes no more introduction requests from ``requester_id``."""

    target_id: str
    requester_id: str
    created_at: datetime
    created_by: str | None = None


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


TRANSITIONS: dict[State, dict[Step, Rule[State]]] = {
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
    graph_models.domain.errors.Conflict: the request is requested; it cannot be accepted now
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
