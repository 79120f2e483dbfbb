"""Activities of the training and networking pillars — workshops, courses, mentoring sessions,
networking events — with their registrations, attendance and, for a networking event, the
one-to-one meetings of its matchmaking.

An activity is run by the coordinators of its region (NUTS) for an organiser (a stakeholder).
Stakeholders register while seats are left (``capacity``: the store refuses the registration
past it, atomically); after the activity, attendance is recorded. A registrant says whether it
consents to ties: only then does attending make a KNOWS tie between it and the organiser, and
a meeting both sides say was held a KNOWS tie between them (:class:`ActivityTie` records that
the tie came from this activity).

A networking event has ``slots`` (labels of its rounds, e.g. "10:00") and ``tables``. Each
registrant names whom it wants to meet (other registrants, each with a priority 1–3) and the
slots it is free in; the schedule (:class:`Meeting`\\s) is a draft until published. After the
event each side marks its meetings held or not and says whether each was useful.

Examples
--------
>>> from datetime import date, datetime, UTC
>>> at = datetime(2027, 3, 1, tzinfo=UTC)
>>> fair = Activity("a1", "Γνωριμίες ΚοινΣΕπ", ActivityKind.NETWORKING, date(2027, 4, 2),
...                 "EL30", Pillar.NETWORKING, 40, "org", created_at=at, updated_at=at,
...                 slots=("10:00", "10:20"), tables=10)
>>> fair.matchmaking, fair.schedule.value
(True, 'none')
>>> r = Registration("a1", "coop", at, wishes=("bank",), priorities=(3,), available=(1,))
>>> r.wished()
{'bank': 3}
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum

from graph_models.domain.stakeholders import Pillar, Tie

MAX_TITLE = 200
MAX_PLACE = 200
MAX_SLOTS = 24
MAX_TABLES = 500
MAX_CAPACITY = 10_000
MAX_WISHES = 50
PRIORITIES = (1, 2, 3)  # 1 would like to, 3 must meet


class ActivityKind(StrEnum):
    WORKSHOP = "workshop"
    COURSE = "course"
    MENTORING = "mentoring"
    NETWORKING = "networking"


class ScheduleState(StrEnum):
    NONE = "none"
    DRAFT = "draft"
    PUBLISHED = "published"


@dataclass(frozen=True, slots=True)
class Activity:
    """An activity on ``starts_on`` (to ``ends_on`` for a course) in ``region``, of a pillar,
    about ``topics``, for at most ``capacity`` registrants, organised by the stakeholder
    ``organiser_id``. ``slots`` and ``tables`` make a networking event's meeting rounds;
    ``plan_id`` is the local action plan it belongs to, if any (kept as given)."""

    id: str
    title: str
    kind: ActivityKind
    starts_on: date
    region: str
    pillar: Pillar
    capacity: int
    organiser_id: str
    created_at: datetime
    updated_at: datetime
    created_by: str | None = None
    ends_on: date | None = None
    place: str = ""
    topics: tuple[str, ...] = ()
    slots: tuple[str, ...] = ()
    tables: int = 0
    plan_id: str | None = None
    schedule: ScheduleState = ScheduleState.NONE
    attendance_recorded_at: datetime | None = None

    @property
    def matchmaking(self) -> bool:
        """Whether it has meeting rounds: a networking event with slots and tables."""
        return self.kind == ActivityKind.NETWORKING and bool(self.slots) and self.tables > 0

    def changed(self, at: datetime, **fields) -> Activity:
        """A copy with ``fields`` changed, updated at ``at``."""
        return replace(self, updated_at=at, **fields)


@dataclass(frozen=True, slots=True)
class Registration:
    """Stakeholder ``stakeholder_id``'s seat at activity ``activity_id``.

    ``ties_consent``: attending (and meetings held) may become ties. ``wishes`` are the
    registrants it wants to meet, with ``priorities`` (1–3) in the same order; ``available``
    the slots (numbered from 0) it is free in. ``attended`` is None until recorded.
    """

    activity_id: str
    stakeholder_id: str
    registered_at: datetime
    registered_by: str | None = None
    ties_consent: bool = False
    wishes: tuple[str, ...] = ()
    priorities: tuple[int, ...] = ()
    available: tuple[int, ...] = ()
    attended: bool | None = None

    def wished(self) -> dict[str, int]:
        """Whom it wants to meet, to the priority."""
        return dict(zip(self.wishes, self.priorities, strict=True))


@dataclass(frozen=True, slots=True)
class Meeting:
    """A one-to-one meeting of a networking event: ``a`` and ``b`` (a < b) in round ``slot`` at
    ``table``, scheduled for its ``score``. Each side's answers after the event: held or not
    (``held_a``, ``held_b``) and useful or not (``useful_a``, ``useful_b``); None: not said."""

    id: str
    activity_id: str
    slot: int
    table: int
    a: str
    b: str
    score: float
    held_a: bool | None = None
    held_b: bool | None = None
    useful_a: bool | None = None
    useful_b: bool | None = None
    tie_id: str | None = None

    def side(self, stakeholder_id: str) -> str | None:
        """"a" or "b" for a side of the meeting, else None."""
        return "a" if stakeholder_id == self.a else "b" if stakeholder_id == self.b else None

    def other(self, stakeholder_id: str) -> str:
        """The other side."""
        return self.b if stakeholder_id == self.a else self.a

    @property
    def held(self) -> bool:
        """Both sides say it was held."""
        return bool(self.held_a and self.held_b)


class TieSource(StrEnum):
    ATTENDANCE = "attendance"  # an attendee and the organiser
    MEETING = "meeting"  # the two sides of a meeting held


@dataclass(frozen=True, slots=True)
class ActivityTie:
    """A tie that an activity formed (it did not exist before): its id, ends and how."""

    activity_id: str
    tie_id: str
    source: str
    target: str
    via: TieSource
    formed_at: datetime


def formed_at(tie: Tie) -> datetime:
    """When a tie an activity makes was formed: its creation time (the use cases stamp it),
    else midnight UTC of its ``since`` day."""
    if tie.created_at is not None:
        return tie.created_at
    return datetime.combine(tie.since, datetime.min.time(), tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """What an activity amounted to: its registrants, attendees and the ties it formed."""

    activity: Activity
    registered: int
    attended: int
    ties: tuple[ActivityTie, ...]


@dataclass(frozen=True, slots=True)
class ActivityQuery:
    """Filters of a list of activities: in ``regions`` (NUTS prefixes; None: anywhere), of a
    ``kind``, of a ``plan_id``, starting between ``starts_from`` and ``starts_until``
    (inclusive); a page of them, soonest first."""

    regions: tuple[str, ...] | None = None
    kind: ActivityKind | None = None
    plan_id: str | None = None
    starts_from: date | None = None
    starts_until: date | None = None
    page: int = 1
    page_size: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size
