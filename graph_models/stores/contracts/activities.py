"""The store contract's activities part: activities, registrations (capacity kept atomically),
attendance, a networking event's meetings, and the ties activities formed.

Writes that form ties (attendance, a meeting held) write to the graph: they bump the version
and record the ties in the change feed; the others leave the graph alone. Each write may carry
its audit entry, written in its transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.activities import (
    Activity,
    ActivityQuery,
    ActivityRecord,
    ActivityTie,
    Meeting,
    Registration,
)
from graph_models.domain.queries import Page
from graph_models.domain.stakeholders import Tie


class ActivityStore(Protocol):
    """Activities and everything that hangs on them."""

    def create_activity(self, activity: Activity, *,
                        audit: AuditEntry | None = None) -> Activity:
        """Insert it; Conflict if its id is taken; NotFound, writing nothing, if its organiser
        is not a stakeholder."""

    def get_activity(self, activity_id: str) -> Activity:
        """NotFound if absent."""

    def find_activities(self, query: ActivityQuery) -> Page[Activity]:
        """A page of the activities passing ``query``, by start date then id."""

    def update_activity(self, activity: Activity, *,
                        audit: AuditEntry | None = None) -> Activity:
        """Replace it; NotFound if absent; Conflict, writing nothing, if the capacity asked is
        below the registrations it holds (``errors["capacity"]``)."""

    def register(self, registration: Registration, *,
                 audit: AuditEntry | None = None) -> Registration:
        """Take a seat, in one transaction that counts the seats taken first, so that of two
        registrations for the last seat one fails: Conflict naming ``capacity`` when the
        activity is full, naming ``stakeholder_id`` when it is registered already; NotFound if
        the activity or the stakeholder is missing. Nothing is written on failure."""

    def update_registration(self, registration: Registration, *,
                            audit: AuditEntry | None = None) -> Registration:
        """Replace a registration's wishes, availability and consent; NotFound if absent."""

    def cancel_registration(self, activity_id: str, stakeholder_id: str, *,
                            audit: AuditEntry | None = None) -> None:
        """Give the seat back; NotFound if absent."""

    def registrations(self, activity_id: str) -> list[Registration]:
        """The activity's registrations, by registration time then stakeholder id."""

    def registrations_of(self, stakeholder_id: str) -> list[Registration]:
        """The stakeholder's registrations, newest first."""

    def record_attendance(self, activity: Activity, attended: Mapping[str, bool],
                          ties: Sequence[Tie], *,
                          audit: AuditEntry | None = None) -> list[ActivityTie]:
        """In one transaction: set ``activity`` (its attendance time), mark each registrant
        in ``attended``, and make each of ``ties`` unless its pair already has one; the ties
        made are recorded as formed by the activity (via attendance) and returned. NotFound,
        writing nothing, if a stakeholder of ``attended`` is not registered."""

    def save_schedule(self, activity: Activity, meetings: Sequence[Meeting], *,
                      audit: AuditEntry | None = None) -> list[Meeting]:
        """Set ``activity`` (its schedule state) and replace all its meetings with
        ``meetings``, in one transaction; NotFound if the activity is absent."""

    def meetings(self, activity_id: str) -> list[Meeting]:
        """The activity's meetings, by slot then table."""

    def update_meeting(self, meeting: Meeting, *, tie: Tie | None = None,
                       audit: AuditEntry | None = None) -> Meeting:
        """Replace a meeting's answers; with ``tie``, make it unless the pair has one, in the
        same transaction, and record it as formed by the activity (via a meeting) when it is
        new; the meeting keeps the pair's tie id. NotFound if absent."""

    def activity_ties(self, activity_id: str) -> list[ActivityTie]:
        """The ties the activity formed, oldest first."""

    def activity_records(self, regions: tuple[str, ...] | None, starts_from: date,
                         starts_until: date) -> list[ActivityRecord]:
        """Each activity of ``regions`` (NUTS prefixes; None: anywhere) starting between the
        two dates (inclusive) with its registrants, attendees and ties formed, by start date
        then id, read in one transaction: what attendance indicators count."""
