"""A mentorship after publishing, and its state machine: who may move it from which state to
which.

The one table below is the whole lifecycle::

    proposed ──accept (mentee side and mentor side, both needed)──▶ accepted ──start──▶ active
       │                                                              │                  │
       └──────────────── cancel (anyone of the three, with a reason) ─┴──────────────────┤
                                                                                          │
    active ──check_in (a side rates 1–5) / log a session (the pair)──▶ active             │
    active ──complete (anyone of the three; the pair may rate)──▶ completed ◀─────────────┘
    completed ──rate (a side that has not rated its completion yet)──▶ completed

The parties are the mentee's side (members of the mentee), the mentor's side (members of the
mentor) and the programme's coordinator (a coordinator whose territories hold the programme's
region, or an admin). Both sides must accept: nobody accepts for the other, the coordinator
included. Only the pair rates and logs sessions; session notes are the pair's alone.

A party that may never take a step is refused (Forbidden); a party that may take it, but not
from the current state, gets a Conflict naming the state; anyone else is told the mentorship
does not exist (NotFound, by the use cases).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from graph_models.domain.accounts import User
from graph_models.domain.errors import Conflict, Forbidden
from graph_models.domain.policy import coordinates
from graph_models.domain.records import from_record, to_record
from graph_models.domain.transitions import Rule, allowed_rule, rule


class MentorshipState(StrEnum):
    """proposed → accepted (by both) → active → completed, or cancelled from any of the first
    three."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class RatingMoment(StrEnum):
    CHECK_IN = "check_in"
    COMPLETION = "completion"


@dataclass(frozen=True)
class Rating:
    """How well one side (``by``, a stakeholder id) rates the fit, 1 to 5, at a moment."""

    by: str
    score: int
    moment: RatingMoment
    on: date


@dataclass(frozen=True)
class MentorshipRecord:
    """What a report needs of one mentorship. ``accepted_on`` is when the second side
    accepted; ``ended_on`` when it was completed or cancelled."""

    id: str
    mentee_id: str
    mentor_id: str
    state: MentorshipState
    proposed_on: date
    accepted_on: date | None = None
    started_on: date | None = None
    ended_on: date | None = None
    cancel_reason: str | None = None
    ratings: tuple[Rating, ...] = ()

    @property
    def was_accepted(self) -> bool:
        """Accepted by both at some point (whatever happened next)."""
        return self.state in (MentorshipState.ACCEPTED, MentorshipState.ACTIVE,
                              MentorshipState.COMPLETED) or self.accepted_on is not None


class Party(StrEnum):
    """How an actor stands to one mentorship (a user may stand in several ways at once)."""

    MENTEE = "mentee"
    MENTOR = "mentor"
    COORDINATOR = "coordinator"


SIDES = (Party.MENTEE, Party.MENTOR)


class Step(StrEnum):
    ACCEPT = "accept"
    START = "start"
    CHECK_IN = "check_in"
    LOG_SESSION = "log_session"
    COMPLETE = "complete"
    RATE = "rate"
    CANCEL = "cancel"


class CancelReason(StrEnum):
    """Why a mentorship was cancelled: a list, so that reports can count them."""

    DECLINED = "declined"  # a side does not want this pairing
    NOT_A_FIT = "not_a_fit"
    NO_TIME = "no_time"
    NO_SHOW = "no_show"
    GOALS_CHANGED = "goals_changed"
    OTHER = "other"


_ANYONE = (Party.MENTEE, Party.MENTOR, Party.COORDINATOR)
_CANCEL = {Step.CANCEL: rule(MentorshipState.CANCELLED, *_ANYONE)}

TRANSITIONS: dict[MentorshipState, dict[Step, Rule[MentorshipState]]] = {
    MentorshipState.PROPOSED: {
        # Leads to ACCEPTED once both sides have accepted; until then it stays PROPOSED.
        Step.ACCEPT: rule(MentorshipState.ACCEPTED, *SIDES),
        **_CANCEL,
    },
    MentorshipState.ACCEPTED: {
        Step.START: rule(MentorshipState.ACTIVE, *_ANYONE),
        **_CANCEL,
    },
    MentorshipState.ACTIVE: {
        Step.CHECK_IN: rule(MentorshipState.ACTIVE, *SIDES),
        Step.LOG_SESSION: rule(MentorshipState.ACTIVE, *SIDES),
        Step.COMPLETE: rule(MentorshipState.COMPLETED, *_ANYONE),
        **_CANCEL,
    },
    MentorshipState.COMPLETED: {
        Step.RATE: rule(MentorshipState.COMPLETED, *SIDES),
    },
    MentorshipState.CANCELLED: {},
}


@dataclass(frozen=True)
class Mentorship:
    """One mentee and its mentor in a published programme, and where they stand.

    ``region`` is the programme's (its coordinators act on it). ``mentee_accepted_at`` and
    ``mentor_accepted_at`` record each side's acceptance; ``accepted_on`` is the day the second
    side accepted. ``revision`` counts the transitions: a store writes a transition only over
    the revision it was computed from, so that of two people acting at once exactly one wins.
    ``tie_id`` is the MENTORS tie of a completed mentorship.
    """

    id: str
    programme_id: str
    mentee_id: str
    mentor_id: str
    region: str
    created_at: datetime
    state_changed_at: datetime
    state: MentorshipState = MentorshipState.PROPOSED
    revision: int = 0
    score: float | None = None
    mentee_accepted_at: datetime | None = None
    mentor_accepted_at: datetime | None = None
    accepted_on: date | None = None
    started_on: date | None = None
    ended_on: date | None = None
    cancel_reason: CancelReason | None = None
    cancelled_by: Party | None = None
    ratings: tuple[Rating, ...] = ()
    tie_id: str | None = None

    def accepted_by(self, side: Party) -> bool:
        return (self.mentee_accepted_at if side == Party.MENTEE
                else self.mentor_accepted_at) is not None

    def side_id(self, side: Party) -> str:
        """The stakeholder id of a side."""
        return self.mentee_id if side == Party.MENTEE else self.mentor_id

    def record(self) -> MentorshipRecord:
        """What the programme report and the rating feedback need of it."""
        return MentorshipRecord(
            id=self.id, mentee_id=self.mentee_id, mentor_id=self.mentor_id, state=self.state,
            proposed_on=self.created_at.date(), accepted_on=self.accepted_on,
            started_on=self.started_on, ended_on=self.ended_on,
            cancel_reason=self.cancel_reason and self.cancel_reason.value, ratings=self.ratings)


@dataclass(frozen=True)
class MentorshipSession:
    """A meeting of the pair: its day, the topics covered and notes for the pair alone."""

    id: str
    mentorship_id: str
    on: date
    logged_by: str | None
    logged_at: datetime
    topics: tuple[str, ...] = ()
    notes: str = ""


def next_state(mentorship: Mentorship, step: Step, parties: frozenset[Party]) -> MentorshipState:
    """The state ``step`` leads to when taken by someone standing as ``parties``.

    An acceptance leads to ``accepted`` only when it completes both sides' acceptance.

    Raises Forbidden when none of ``parties`` may ever take ``step``, and Conflict (with the
    current state under ``errors["state"]``) when they may, but not from this state — or, for
    an acceptance or a completion rating, when their side has given it already.

    Examples
    --------
    >>> from datetime import UTC
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> m = Mentorship("m", "p", "ana", "kim", "EL30", at, at)
    >>> next_state(m, Step.ACCEPT, frozenset({Party.MENTEE})).value
    'proposed'
    >>> next_state(m, Step.START, frozenset({Party.COORDINATOR}))
    Traceback (most recent call last):
    ...
    graph_models.domain.errors.Conflict: the mentorship is proposed; it cannot be started now
    >>> next_state(m, Step.ACCEPT, frozenset({Party.COORDINATOR}))
    Traceback (most recent call last):
    ...
    graph_models.domain.errors.Forbidden: you may not accept this mentorship
    """
    found = allowed_rule(TRANSITIONS, mentorship.state, step, parties, what="mentorship",
                         past=_PAST[step])
    sides = [side for side in SIDES if side in parties]
    if step == Step.ACCEPT:
        if all(mentorship.accepted_by(side) for side in sides):
            raise Conflict("your side has accepted already; waiting for the other",
                           errors={"state": [mentorship.state.value]})
        both = all(mentorship.accepted_by(side) or side in parties for side in SIDES)
        return MentorshipState.ACCEPTED if both else MentorshipState.PROPOSED
    if step == Step.RATE and all(rated(mentorship, mentorship.side_id(side),
                                       RatingMoment.COMPLETION) for side in sides):
        raise Conflict("your side has rated the completion already",
                       errors={"state": [mentorship.state.value]})
    return found.to


def rated(mentorship: Mentorship, stakeholder_id: str, moment: RatingMoment) -> bool:
    """Whether ``stakeholder_id`` has rated the mentorship at ``moment``.

    Examples
    --------
    >>> from datetime import UTC
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> m = Mentorship("m", "p", "ana", "kim", "EL30", at, at, ratings=(
    ...     Rating("ana", 4, RatingMoment.CHECK_IN, date(2027, 2, 1)),))
    >>> rated(m, "ana", RatingMoment.CHECK_IN), rated(m, "ana", RatingMoment.COMPLETION)
    (True, False)
    """
    return any(r.by == stakeholder_id and r.moment == moment for r in mentorship.ratings)


def steps_for(mentorship: Mentorship, parties: frozenset[Party]) -> list[Step]:
    """The steps ``parties`` may take now, in the table's order (what a client can offer).

    Examples
    --------
    >>> from datetime import UTC
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> m = Mentorship("m", "p", "ana", "kim", "EL30", at, at, state=MentorshipState.ACTIVE)
    >>> [s.value for s in steps_for(m, frozenset({Party.COORDINATOR}))]
    ['complete', 'cancel']
    >>> [s.value for s in steps_for(m, frozenset({Party.MENTEE}))]
    ['check_in', 'log_session', 'complete', 'cancel']
    """
    out = []
    for step in TRANSITIONS[mentorship.state]:
        try:
            next_state(mentorship, step, parties)
        except (Conflict, Forbidden):
            continue
        out.append(step)
    return out


def mentorship_to_record(m: Mentorship) -> dict:
    """Plain, JSON-ready data of a mentorship (its ratings as plain data too).

    Examples
    --------
    >>> from datetime import UTC
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> m = Mentorship("m", "p", "ana", "kim", "EL30", at, at, ratings=(
    ...     Rating("ana", 4, RatingMoment.CHECK_IN, date(2027, 2, 1)),))
    >>> mentorship_from_record(mentorship_to_record(m)) == m
    True
    """
    record = to_record(replace(m, ratings=()))
    record["ratings"] = [to_record(r) for r in m.ratings]
    return record


def mentorship_from_record(record: dict) -> Mentorship:
    """The mentorship a :func:`mentorship_to_record` record describes."""
    ratings = tuple(from_record(Rating, r) for r in record.get("ratings") or ())
    return replace(from_record(Mentorship, {**record, "ratings": []}), ratings=ratings)


def parties_of(actor: User | None, mentorship: Mentorship) -> frozenset[Party]:
    """How ``actor`` stands to a mentorship (the system stands as its coordinator).

    Examples
    --------
    >>> from datetime import UTC
    >>> from graph_models.domain.accounts import Role
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> m = Mentorship("m", "p", "ana", "kim", "EL303", at, at)
    >>> both = User(id="u", username="u", role=Role.COORDINATOR, regions=("EL30",),
    ...             memberships=("kim",))
    >>> sorted(p.value for p in parties_of(both, m))
    ['coordinator', 'mentor']
    >>> parties_of(User(id="v", username="v", role=Role.MEMBER), m)
    frozenset()
    """
    parties = set()
    if actor is not None and actor.is_member_of(mentorship.mentee_id):
        parties.add(Party.MENTEE)
    if actor is not None and actor.is_member_of(mentorship.mentor_id):
        parties.add(Party.MENTOR)
    if coordinates(actor, mentorship.region):
        parties.add(Party.COORDINATOR)
    return frozenset(parties)


def ratings_seen(mentorship: Mentorship, parties: frozenset[Party]) -> tuple[Rating, ...]:
    """The ratings ``parties`` may read: every one for the programme's coordinators, its own
    side's for each side of the pair (so that each rates the fit freely).

    >>> from datetime import UTC
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> m = Mentorship("m", "p", "ana", "kim", "EL303", at, at, ratings=(
    ...     Rating("ana", 4, RatingMoment.CHECK_IN, at.date()),
    ...     Rating("kim", 2, RatingMoment.CHECK_IN, at.date())))
    >>> [r.by for r in ratings_seen(m, frozenset({Party.MENTOR}))]
    ['kim']
    """
    if Party.COORDINATOR in parties:
        return mentorship.ratings
    own = {mentorship.side_id(side) for side in SIDES if side in parties}
    return tuple(r for r in mentorship.ratings if r.by in own)


def reads_notes(parties: frozenset[Party]) -> bool:
    """Whether ``parties`` may read the notes of the pair's sessions: the pair's alone."""
    return any(side in parties for side in SIDES)


_PAST = {Step.ACCEPT: "accepted", Step.START: "started", Step.CHECK_IN: "checked in",
         Step.LOG_SESSION: "given a session", Step.COMPLETE: "completed", Step.RATE: "rated",
         Step.CANCEL: "cancelled"}


__all__ = [
    "SIDES",
    "TRANSITIONS",
    "CancelReason",
    "Mentorship",
    "MentorshipRecord",
    "MentorshipSession",
    "MentorshipState",
    "Party",
    "Rating",
    "RatingMoment",
    "Step",
    "mentorship_from_record",
    "mentorship_to_record",
    "next_state",
    "parties_of",
    "rated",
    "ratings_seen",
    "reads_notes",
    "steps_for",
]
