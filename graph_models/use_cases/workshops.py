"""The use cases of co-creation workshops: a coordinator records one held in its territories,
with its participants (named only with their consent), and the insights and actions it
produced; it reads, changes and deletes those of its territories. Anyone else is told they do
not exist.

Examples
--------
>>> import tempfile
>>> from datetime import date
>>> from graph_models.stores import open_store
>>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/workshops.db")
>>> store.ensure_schema()
>>> desk = Workshops(store)
>>> w = desk.create({"title": "Ψηφιακά εργαλεία", "held_on": date(2026, 3, 1),
...                  "place": "Δημαρχείο", "region": "EL303", "pillar": "training",
...                  "insights": [{"text": "Λείπει η εκπαίδευση", "topics": []}]})
>>> [i.text for i in desk.get(w.id).insights]
['Λείπει η εκπαίδευση']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.errors import Forbidden, InvalidInput, NotFound
from graph_models.domain.policy import Action, Resource, coordinates
from graph_models.domain.queries import MAX_PAGE_SIZE, StakeholderQuery
from graph_models.domain.stakeholders import new_id, now
from graph_models.domain.workshops import (
    Insight,
    Participant,
    Workshop,
    WorkshopAction,
    workshop_problems,
)
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import StakeholderSummary, audit, summary_of


def _item(item: dict) -> dict[str, Any]:
    return {k: tuple(v) if k == "topics" else v for k, v in item.items()}


def _values(fields: dict) -> dict:
    """Workshop fields from plain ones: nested lists become their records."""
    values = dict(fields)
    for name, cls in (("participants", Participant), ("insights", Insight),
                      ("actions", WorkshopAction)):
        if name in values:
            values[name] = tuple(cls(**_item(item)) for item in values[name])
    if "topics" in values:
        values["topics"] = tuple(values["topics"])
    for name in ("title", "place"):
        if name in values:
            values[name] = values[name].strip()
    return values


class Workshops:
    """Co-creation workshops over one store."""

    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = now):
        self.store = store
        self._clock = clock

    def _checked(self, w: Workshop, actor: User | None) -> Workshop:
        problems = workshop_problems(w)
        if problems:
            raise InvalidInput("the workshop breaks the domain's rules", errors=problems)
        if not coordinates(actor, w.region):
            raise Forbidden("the workshop's region is outside your territories",
                            errors={"region": ["outside your territories"]})
        ids = [p.stakeholder_id for p in w.participants]
        missing = sorted(set(ids) - set(self.store.get_stakeholders(ids)))
        if missing:
            raise InvalidInput("a participant names no stakeholder", errors={
                "participants": [f"no stakeholder with id {sid}" for sid in missing]})
        return w

    def create(self, fields: dict, *, actor: User | None = None) -> Workshop:
        """Record a workshop from plain fields; InvalidInput names each broken rule,
        Forbidden a region outside ``actor``'s territories."""
        policy.require_some(actor, Resource.WORKSHOP, Action.CREATE)
        at = self._clock()
        workshop = self._checked(Workshop(id=new_id(), created_at=at, updated_at=at,
                                          created_by=actor.id if actor else None,
                                          **_values(fields)), actor)
        return self.store.create_workshop(workshop, audit=audit(
            actor, "workshop.create", "workshop", workshop.id, region=workshop.region))

    def get(self, workshop_id: str, *, actor: User | None = None,
            action: Action = Action.READ) -> Workshop:
        """The workshop, once ``actor`` coordinates its region; NotFound otherwise."""
        policy.require_some(actor, Resource.WORKSHOP, action)
        workshop = self.store.get_workshop(workshop_id)
        if not coordinates(actor, workshop.region):
            raise NotFound(f"no workshop with id {workshop_id}")
        return workshop

    def list_workshops(self, *, actor: User | None = None) -> list[Workshop]:
        """The workshops of ``actor``'s territories (all, for an admin), latest first."""
        policy.require_some(actor, Resource.WORKSHOP, Action.LIST)
        return [w for w in self.store.list_workshops() if coordinates(actor, w.region)]

    def update(self, workshop_id: str, changes: dict, *,
               actor: User | None = None) -> Workshop:
        """Change the fields given (nested lists are replaced whole)."""
        old = self.get(workshop_id, actor=actor, action=Action.UPDATE)
        new = self._checked(dataclasses.replace(old, **_values(changes),
                                                updated_at=self._clock()), actor)
        return self.store.save_workshop(new, expected_updated_at=old.updated_at, audit=audit(
            actor, "workshop.update", "workshop", new.id, region=new.region,
            fields=tuple(changes)))

    def delete(self, workshop_id: str, *, actor: User | None = None) -> None:
        """Delete a workshop's record."""
        old = self.get(workshop_id, actor=actor, action=Action.DELETE)
        self.store.delete_workshop(workshop_id, audit=audit(
            actor, "workshop.delete", "workshop", old.id, region=old.region))

    def participants(self, workshop: Workshop) -> list[StakeholderSummary]:
        """The participants who consented to being named, by name (erased ones left out)."""
        found = self.store.get_stakeholders(list(workshop.listed()))
        return sorted((summary_of(s) for s in found.values()), key=lambda s: (s.name, s.id))

    def candidates(self, *, actor: User | None = None) -> list[StakeholderSummary]:
        """The stakeholders a workshop of ``actor``'s territories may name, by name: up to
        the first 100 of each territory (a form's list; the API takes any)."""
        policy.require_some(actor, Resource.WORKSHOP, Action.CREATE)
        regions = actor.regions if actor is not None and actor.regions else (None,)
        found = {s.id: s for region in regions for s in self.store.find_stakeholders(
            StakeholderQuery(region=region, page_size=MAX_PAGE_SIZE)).items}
        return sorted((summary_of(s) for s in found.values()), key=lambda s: (s.name, s.id))
