"""What an introduction is: the request, its states, and what travels with it.

An introduction request asks that ``requester`` be introduced to ``target`` for one purpose (a
pillar). It goes through a broker (a stakeholder who knows the target) or, with no warm path, a
coordinator of the target's region who mediates. The rules of who moves it from state to state
live in :mod:`graph_models.introductions.workflow`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


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


class NotificationState(StrEnum):
    """``obsolete``: its request moved on before it was sent (its recipient acted on it, or
    a later step told of the new state), so it is no longer sent."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    OBSOLETE = "obsolete"


@dataclass(frozen=True, slots=True)
class Notification:
    """A message waiting in the outbox for a mail sender (or read in the service)."""

    id: str
    recipient_id: str
    subject: str
    body: str
    created_at: datetime
    introduction_id: str | None = None
    state: NotificationState = NotificationState.PENDING
    attempts: int = 0
    sent_at: datetime | None = None
