"""Co-creation workshops: a meeting of a territory's stakeholders, recorded with its date,
place, pillar and topics, who took part, and the insights and actions it produced.

A participant is named only if it consented to being listed; the others are counted. An action
may later name the plan action it became (``plan_action_id``, a plain id that the plans link).

Examples
--------
>>> from datetime import date
>>> from graph_models.domain.stakeholders import now
>>> w = Workshop("w", "Χρηματοδότηση", date(2026, 3, 1), "Δημαρχείο", "EL303", "financing",
...              now(), now(), participants=(Participant("s1", True), Participant("s2", False)))
>>> w.listed(), w.unlisted()
(('s1',), 1)
>>> workshop_from_record(workshop_to_record(w)) == w
True
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from graph_models.domain import vocabularies
from graph_models.domain.records import from_record, to_record

MAX_TEXT = 2000
MAX_ITEMS = 50
MAX_PARTICIPANTS = 500


@dataclass(frozen=True)
class Participant:
    """A stakeholder that took part; ``listed`` is its consent to being named."""

    stakeholder_id: str
    listed: bool = False


@dataclass(frozen=True)
class Insight:
    """What the workshop found out, about ``topics``."""

    text: str
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorkshopAction:
    """What the workshop proposed doing, about ``topics``; ``plan_action_id`` names the plan
    action it became, once one does."""

    text: str
    topics: tuple[str, ...] = ()
    plan_action_id: str | None = None


@dataclass(frozen=True)
class Workshop:
    id: str
    title: str
    held_on: date
    place: str
    region: str
    pillar: str
    created_at: datetime
    updated_at: datetime
    created_by: str | None = None
    topics: tuple[str, ...] = ()
    participants: tuple[Participant, ...] = ()
    insights: tuple[Insight, ...] = ()
    actions: tuple[WorkshopAction, ...] = ()
    plan_id: str | None = None

    def listed(self) -> tuple[str, ...]:
        """The ids of the participants who consented to being named."""
        return tuple(p.stakeholder_id for p in self.participants if p.listed)

    def unlisted(self) -> int:
        """How many participants are not named."""
        return sum(1 for p in self.participants if not p.listed)

    def without(self, stakeholder_id: str) -> Workshop:
        """The workshop with an erased stakeholder gone from its participants: the same
        workshop when it never named it; else one microsecond on, so that an edit of the
        version read before the erasure is refused as changed meanwhile instead of naming
        the stakeholder again.

        >>> from graph_models.domain.stakeholders import now
        >>> w = Workshop("w", "t", date(2026, 3, 1), "p", "EL303", "financing", now(), now(),
        ...              participants=(Participant("s1", True), Participant("s2")))
        >>> kept = w.without("s1")
        >>> kept.participants, kept.updated_at > w.updated_at, w.without("s9") is w
        ((Participant(stakeholder_id='s2', listed=False),), True, True)
        """
        kept = tuple(p for p in self.participants if p.stakeholder_id != stakeholder_id)
        if len(kept) == len(self.participants):
            return self
        return replace(self, participants=kept,
                       updated_at=self.updated_at + timedelta(microseconds=1))


def _add(problems: dict[str, list[str]], name: str, message: str) -> None:
    problems.setdefault(name, []).append(message)


def _text(problems: dict[str, list[str]], name: str, text: str, limit: int) -> None:
    if not text.strip():
        _add(problems, name, "must not be empty")
    if len(text) > limit:
        _add(problems, name, f"at most {limit} characters")
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        _add(problems, name, "must not hold control characters")


def _topics(problems: dict[str, list[str]], name: str, topics: tuple[str, ...]) -> None:
    for topic in topics:
        if not vocabularies.is_topic(topic):
            _add(problems, name, f"unknown topic {topic!r}")


def workshop_problems(w: Workshop) -> dict[str, list[str]]:
    """Every rule ``w`` breaks, by field (empty when sound).

    >>> from graph_models.domain.stakeholders import now
    >>> w = Workshop("w", "t", date(2026, 3, 1), "", "EL30", "dancing", now(), now(),
    ...              insights=(Insight("x", ("nope",)),))
    >>> sorted(workshop_problems(w))
    ['insights.0.topics', 'pillar', 'place']
    """
    problems: dict[str, list[str]] = {}
    _text(problems, "title", w.title, 200)
    _text(problems, "place", w.place, 200)
    if not vocabularies.is_region(w.region):
        _add(problems, "region", f"unknown region {w.region!r}")
    if w.pillar not in vocabularies.pillars():
        _add(problems, "pillar", f"unknown pillar {w.pillar!r}")
    _topics(problems, "topics", w.topics)
    if len(w.participants) > MAX_PARTICIPANTS:
        _add(problems, "participants", f"at most {MAX_PARTICIPANTS}")
    if len({p.stakeholder_id for p in w.participants}) != len(w.participants):
        _add(problems, "participants", "each stakeholder once")
    sections: tuple[tuple[str, tuple[Insight | WorkshopAction, ...]], ...] = (
        ("insights", w.insights), ("actions", w.actions))
    for name, items in sections:
        if len(items) > MAX_ITEMS:
            _add(problems, name, f"at most {MAX_ITEMS}")
        for index, item in enumerate(items):
            _text(problems, f"{name}.{index}.text", item.text, MAX_TEXT)
            _topics(problems, f"{name}.{index}.topics", item.topics)
    if w.plan_id is not None and not 0 < len(w.plan_id) <= 100:
        _add(problems, "plan_id", "between 1 and 100 characters")
    return problems


NESTED = {"participants": Participant, "insights": Insight, "actions": WorkshopAction}


def workshop_to_record(w: Workshop) -> dict:
    """A JSON-ready dict of ``w``, its participants, insights and actions included."""
    return {**to_record(w), **{name: [to_record(item) for item in getattr(w, name)]
                               for name in NESTED}}


def workshop_from_record(record: dict) -> Workshop:
    """The workshop :func:`workshop_to_record` made ``record`` of."""
    flat = from_record(Workshop, {**record, **{name: () for name in NESTED}})
    return replace(flat, **{name: tuple(from_record(cls, item) for item in record[name])
                            for name, cls in NESTED.items()})
