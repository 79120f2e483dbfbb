"""The mentorship use cases: read a mentorship, list those one stands to, move one through its
lifecycle (accept, start, check in, complete, rate, cancel), and log its sessions.

A mentorship is made by publishing a programme (:mod:`graph_models.use_cases.programmes`).
It is acted on by its parties (:mod:`~graph_models.domain.mentorships`): the members of the
mentee, the members of the mentor, and the programme's coordinators. Anyone else is told it
does not exist. A session's notes are the pair's: the coordinator sees that a session took
place, on which day and on which topics, never its notes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from graph_models.domain import policy, vocabularies
from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import Forbidden, InvalidInput, moved_meanwhile, not_found
from graph_models.domain.mentorships import (
    SIDES,
    CancelReason,
    Mentorship,
    MentorshipSession,
    MentorshipState,
    Party,
    Rating,
    RatingMoment,
    Step,
    next_state,
    parties_of,
    rated,
    ratings_seen,
    reads_notes,
    steps_for,
)
from graph_models.domain.policy import Action, Resource, sees_everything
from graph_models.domain.queries import MentorshipQuery, Page
from graph_models.domain.stakeholders import Stakeholder, Tie, TieType, new_id, now
from graph_models.mentorship.notices import notices_for
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import StakeholderSummary, audit, summary_of

MAX_NOTES_LENGTH = 5000
MAX_RATING = 5


@dataclass(frozen=True)
class MentorshipView:
    """A mentorship as one user sees it: how they stand to it and what they may do now."""

    mentorship: Mentorship
    programme_name: str
    mentee: StakeholderSummary
    mentor: StakeholderSummary
    parties: frozenset[Party]
    steps: list[Step]

    @property
    def ratings(self) -> tuple[Rating, ...]:
        """The ratings this user may read (see
        :func:`~graph_models.domain.mentorships.ratings_seen`)."""
        return ratings_seen(self.mentorship, self.parties)


@dataclass(frozen=True)
class SessionView:
    """A session; ``notes`` is None for whoever is not of the pair."""

    session: MentorshipSession
    notes: str | None


class Mentorships:
    """The mentorship use cases over one store.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/mentorships.db")
    >>> store.ensure_schema()
    >>> Mentorships(store).mentorships().total
    0
    """

    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = now):
        self.store = store
        self._clock = clock

    # -- reading -----------------------------------------------------------------------------

    def get(self, mentorship_id: str, *, actor: User | None = None) -> MentorshipView:
        """A mentorship as ``actor`` sees it; NotFound when ``actor`` is none of its parties."""
        mentorship = self.store.get_mentorship(mentorship_id)
        return self._view(mentorship, self._parties(actor, mentorship))

    def _parties(self, actor: User | None, mentorship: Mentorship) -> frozenset[Party]:
        policy.require_some(actor, Resource.MENTORSHIP, Action.READ)
        parties = parties_of(actor, mentorship)
        if not parties:
            raise not_found("mentorship", mentorship.id)
        return parties

    def _view(self, m: Mentorship, parties: frozenset[Party],
              names: dict[str, str] | None = None) -> MentorshipView:
        if names is None:
            names = {m.programme_id: self.store.get_programme(m.programme_id).name}
        found = self.store.get_stakeholders([m.mentee_id, m.mentor_id])
        return MentorshipView(m, names.get(m.programme_id, ""),
                              _summary_or_id(found, m.mentee_id),
                              _summary_or_id(found, m.mentor_id), parties,
                              steps_for(m, parties))

    def mentorships(self, *, programme_id: str | None = None,
                    states: tuple[MentorshipState, ...] | None = None, page: int = 1,
                    page_size: int = 20, actor: User | None = None) -> Page[MentorshipView]:
        """The mentorships ``actor`` stands to: an admin's, all; a coordinator's, those of
        its territories; a member's, those of its stakeholders. ``programme_id`` narrows to
        one programme (that ``actor`` coordinates, or any for a member)."""
        policy.require_some(actor, Resource.MENTORSHIP, Action.LIST)
        scope: dict[str, tuple[str, ...]] = {}
        if actor is not None and not sees_everything(actor):
            scope = ({"regions": actor.regions} if actor.role == Role.COORDINATOR
                     else {"stakeholder_ids": actor.memberships})
        found = self.store.find_mentorships(MentorshipQuery(
            programme_id=programme_id, states=states, page=page, page_size=page_size, **scope))
        names: dict[str, str] = {}
        for m in found.items:
            if m.programme_id not in names:
                names[m.programme_id] = self.store.get_programme(m.programme_id).name
        return Page([self._view(m, parties_of(actor, m), names) for m in found.items],
                    found.total, found.page, found.page_size)

    # -- moving ------------------------------------------------------------------------------

    def act(self, mentorship_id: str, step: Step, *, reason: CancelReason | None = None,
            rating: int | None = None, revision: int | None = None,
            actor: User | None = None) -> MentorshipView:
        """Take a step of the lifecycle. ``cancel`` needs a ``reason``; ``check_in`` and
        ``rate`` need a ``rating`` (1–5) from the mentee's or the mentor's side, which
        ``complete`` takes too. ``revision``, when given, is the revision the actor saw: a
        step taken on what someone has changed since is a Conflict. Of several people acting
        at once exactly one wins; the others get a Conflict naming the state it left."""
        if step == Step.LOG_SESSION:
            raise InvalidInput("sessions are logged on their own",
                               errors={"action": ["log a session through its sessions"]})
        old = self.store.get_mentorship(mentorship_id)
        parties = self._parties(actor, old)
        if revision is not None and revision != old.revision:
            raise moved_meanwhile("mentorship", old.state.value)
        to = next_state(old, step, parties)
        if step == Step.CANCEL and reason is None:
            raise InvalidInput("say why you cancel", errors={"reason": ["required to cancel"]})
        if step != Step.CANCEL and reason is not None:
            raise InvalidInput("a reason goes with a cancellation only",
                               errors={"reason": ["only when cancelling"]})
        sides = [s for s in SIDES if s in parties]
        _check_rating(step, rating, sides)
        at = self._clock()
        new = _moved(old, step, to, at=at, sides=sides, parties=parties, reason=reason,
                     rating=rating)
        completes = to == MentorshipState.COMPLETED and old.state != to
        tie = self._mentors_tie(new, at) if completes else None
        stored = self.store.transition_mentorship(
            new, audit=audit(actor, f"mentorship.{step.value}", "mentorship", new.id,
                             region=new.region, from_state=old.state.value,
                             to_state=new.state.value,
                             fields=("rating",) if rating is not None else ()),
            notifications=notices_for(new, old.state, self.store.list_users(),
                                      self.store.get_programme(new.programme_id).name, at=at,
                                      actor_id=actor.id if actor else None),
            tie=tie)
        return self._view(stored, parties)

    @staticmethod
    def _mentors_tie(m: Mentorship, at: datetime) -> Tie:
        return Tie(id=new_id(), type=TieType.MENTORS, source=m.mentor_id, target=m.mentee_id,
                   since=at.date(), created_at=at, updated_at=at)

    # -- sessions ----------------------------------------------------------------------------

    def log_session(self, mentorship_id: str, on: date, *, topics: Sequence[str] = (),
                    notes: str = "", actor: User | None = None) -> SessionView:
        """Log a session of an active mentorship held ``on`` a day (not in the future), about
        ``topics`` (topic codes), with ``notes`` for the pair alone. The pair only."""
        mentorship = self.store.get_mentorship(mentorship_id)
        parties = self._parties(actor, mentorship)
        next_state(mentorship, Step.LOG_SESSION, parties)
        topics, notes = tuple(topics), notes.strip()
        at = self._clock()
        if on > at.date():
            raise InvalidInput("a session is logged once it took place",
                               errors={"on": ["not in the future"]})
        unknown = [t for t in topics if not vocabularies.is_topic(t)]
        if unknown:
            raise InvalidInput("unknown topics", errors={"topics": [
                f"unknown topic: {t}" for t in unknown]})
        if len(notes) > MAX_NOTES_LENGTH:
            raise InvalidInput("the notes are too long", errors={"notes": [
                f"at most {MAX_NOTES_LENGTH} characters"]})
        session = MentorshipSession(new_id(), mentorship.id, on, actor.id if actor else None,
                                    at, topics, notes)
        self.store.add_mentorship_session(
            session, state=mentorship.state, audit=audit(
                actor, "mentorship.log_session", "mentorship", mentorship.id,
                region=mentorship.region, fields=("on", "topics", "notes")))
        return SessionView(session, notes)

    def sessions(self, mentorship_id: str, *, actor: User | None = None) -> list[SessionView]:
        """A mentorship's sessions, by day; their notes for the pair only."""
        mentorship = self.store.get_mentorship(mentorship_id)
        parties = self._parties(actor, mentorship)
        of_pair = reads_notes(parties)
        # The notes leave the use case only for the pair: not even inside the session record.
        return [SessionView(s, s.notes) if of_pair
                else SessionView(dataclasses.replace(s, notes=""), None)
                for s in self.store.mentorship_sessions(mentorship.id)]


def _check_rating(step: Step, rating: int | None, sides: list[Party]) -> None:
    """A rating is required to check in or rate, allowed to complete, given by a side of the
    pair, from 1 to ``MAX_RATING``."""
    if step in (Step.CHECK_IN, Step.RATE) and rating is None:
        raise InvalidInput("give a rating from 1 to 5", errors={"rating": ["required"]})
    if rating is None:
        return
    if step not in (Step.CHECK_IN, Step.RATE, Step.COMPLETE):
        raise InvalidInput("a rating goes with a check-in or a completion",
                           errors={"rating": ["only to check in, complete or rate"]})
    if not sides:
        raise Forbidden("only the pair rates its fit",
                        errors={"rating": ["only the mentee's or mentor's side"]})
    if not 1 <= rating <= MAX_RATING:
        raise InvalidInput("invalid rating", errors={"rating": [f"from 1 to {MAX_RATING}"]})


def _moved(old: Mentorship, step: Step, to: MentorshipState, *, at: datetime, sides: list[Party],
           parties: frozenset[Party], reason: CancelReason | None,
           rating: int | None) -> Mentorship:
    """The mentorship after ``step``, taken at ``at`` by someone standing as ``parties``."""
    today = at.date()
    changes: dict = {"state": to, "revision": old.revision + 1, "state_changed_at": at}
    if step == Step.ACCEPT:
        for side in sides:
            changes["mentee_accepted_at" if side == Party.MENTEE else "mentor_accepted_at"] = at
        if to == MentorshipState.ACCEPTED:
            changes["accepted_on"] = today
    elif step == Step.START:
        changes["started_on"] = today
    elif step == Step.COMPLETE:
        changes["ended_on"] = today
    elif step == Step.CANCEL:
        changes.update(ended_on=today, cancel_reason=reason, cancelled_by=next(
            p for p in (Party.MENTEE, Party.MENTOR, Party.COORDINATOR) if p in parties))
    if rating is not None:
        moment = RatingMoment.CHECK_IN if step == Step.CHECK_IN else RatingMoment.COMPLETION
        changes["ratings"] = old.ratings + tuple(
            Rating(old.side_id(side), rating, moment, today) for side in sides
            if moment == RatingMoment.CHECK_IN or not rated(old, old.side_id(side), moment))
    if to == old.state:
        changes["state_changed_at"] = old.state_changed_at
    return dataclasses.replace(old, **changes)


def _summary_or_id(found: dict[str, Stakeholder], stakeholder_id: str) -> StakeholderSummary:
    """Who an end is in brief; one erased meanwhile shows as its bare id."""
    s = found.get(stakeholder_id)
    return StakeholderSummary(stakeholder_id, "", "", "") if s is None else summary_of(s)
