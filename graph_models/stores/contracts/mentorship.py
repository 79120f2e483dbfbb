"""The store contract's mentorship part: programmes, mentorships and their sessions.

None of these writes moves the graph's version, except a completion that brings a MENTORS
tie.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.mentorships import Mentorship, MentorshipSession, MentorshipState
from graph_models.domain.notifications import Notification
from graph_models.domain.programmes import Programme
from graph_models.domain.queries import MentorshipQuery, Page, ProgrammeQuery
from graph_models.domain.stakeholders import Tie


class MentorshipStore(Protocol):
    """Programmes, the mentorships they publish, and the sessions logged in them."""

    def create_programme(self, programme: Programme, *,
                         audit: AuditEntry | None = None) -> Programme:
        """Insert a new programme."""

    def get_programme(self, programme_id: str) -> Programme:
        """NotFound if absent."""

    def find_programmes(self, query: ProgrammeQuery) -> Page[Programme]:
        """A Page of programmes, newest first."""

    def update_programme(self, programme: Programme, *,
                         audit: AuditEntry | None = None) -> Programme:
        """Write a change computed from revision ``programme.revision - 1``; Conflict (naming
        the stored state under ``errors["state"]``) if the stored revision is another."""

    def publish_programme(self, programme: Programme, mentorships: list[Mentorship], *,
                          audit: AuditEntry | None = None,
                          notifications: Sequence[Notification] = ()) -> Programme:
        """As update_programme, inserting the mentorships (and the notifications) in the same
        transaction: all of them or none. Conflict naming the field if a pair's stakeholder no
        longer exists."""

    def get_mentorship(self, mentorship_id: str) -> Mentorship:
        """NotFound if absent."""

    def find_mentorships(self, query: MentorshipQuery) -> Page[Mentorship]:
        """A Page of the mentorships that pass every filter given."""

    def transition_mentorship(self, mentorship: Mentorship, *, audit: AuditEntry | None = None,
                              notifications: Sequence[Notification] = (),
                              tie: Tie | None = None) -> Mentorship:
        """Write a transition computed from revision ``mentorship.revision - 1``.

        Conflict (with the stored state under ``errors["state"]``) if the stored revision is
        another: someone moved it meanwhile, and nothing is written (the ``notifications``
        neither). ``tie`` (the MENTORS tie
        of a completed mentorship) is created unless the pair has one already; the stored
        mentorship keeps the id of the pair's tie either way."""

    def add_mentorship_session(self, session: MentorshipSession, *, state: MentorshipState,
                               audit: AuditEntry | None = None) -> MentorshipSession:
        """Insert a session if the mentorship is (still) in ``state``; Conflict naming the
        stored state if not, NotFound if it is gone."""

    def mentorship_sessions(self, mentorship_id: str) -> list[MentorshipSession]:
        """A mentorship's sessions by day, then when logged."""
