"""A Local Action Plan: what a territory plans to do over a period under the four pillars, and
how it tracks whether it works.

A plan names its territory (a NUTS code), its period, its title and vision, and its owners (the
coordinators accountable for it). Under each pillar it sets goals; each action serves one goal
and names what is done, the stakeholder responsible, its budget, dates, status and progress.
Indicators say how the plan is judged: a catalogue code (computed from what the service holds)
or ``manual`` (values recorded by hand, each dated), with a baseline, a target and a deadline.

A plan lives ``draft`` → ``adopted`` → ``closed``, never back (:data:`EDITABLE_AFTER_ADOPTION`
says what may still change once adopted). Every write is one revision of the plan, kept in its
history (:mod:`graph_models.domain.plan_history`).

Neither a store nor JSON knows these nested records; :func:`plan_to_record` and
:func:`plan_from_record` turn a plan into plain data and back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

MANUAL = "manual"


class PlanState(StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"
    CLOSED = "closed"


# States in which a plan is a public document: adopted by its council, then closed.
PUBLISHED_STATES = (PlanState.ADOPTED, PlanState.CLOSED)


class ActionStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    DROPPED = "dropped"


# What may still change once a plan is adopted: how its actions are getting on, the values of
# its manual indicators, and who owns it. Everything else is what the council adopted.
EDITABLE_AFTER_ADOPTION = frozenset({"action.status", "action.progress", "indicator.values",
                                     "owners"})


@dataclass(frozen=True)
class Goal:
    """A goal of the plan under one pillar (a pillar code)."""

    id: str
    pillar: str
    title: str


@dataclass(frozen=True)
class PlanAction:
    """An action serving a goal: ``what`` is done, by the stakeholder ``responsible_id``, for
    ``budget`` euros, between ``starts_on`` and ``ends_on``; ``progress`` is 0–100 (%)."""

    id: str
    goal_id: str
    what: str
    responsible_id: str | None = None
    budget: Decimal | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    progress: int = 0


@dataclass(frozen=True)
class IndicatorValue:
    """A manual indicator's value as of a day, with a note (where it comes from)."""

    on: date
    value: float
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    """How the plan is judged under a pillar: ``code`` is a catalogue code (its value is
    computed with ``parameters``) or ``manual`` (its ``values`` recorded by hand, with a
    ``name``); ``baseline`` (None: not known) is its value at the period's start, ``target``
    the value to reach by ``deadline``, in ``unit``."""

    id: str
    code: str
    pillar: str
    target: float
    deadline: date
    baseline: float | None = None
    parameters: tuple[tuple[str, str], ...] = ()
    name: str = ""
    unit: str = ""
    values: tuple[IndicatorValue, ...] = ()

    @property
    def manual(self) -> bool:
        return self.code == MANUAL


@dataclass(frozen=True)
class Plan:
    """A Local Action Plan.

    ``revision`` counts the writes: a store writes a change only over the revision it was
    computed from, so that of two coordinators editing at once exactly one wins.
    """

    id: str
    title: str
    territory: str
    starts_on: date
    ends_on: date
    created_at: datetime
    updated_at: datetime
    created_by: str | None = None
    vision: str = ""
    owners: tuple[str, ...] = ()
    state: PlanState = PlanState.DRAFT
    adopted_at: datetime | None = None
    closed_at: datetime | None = None
    goals: tuple[Goal, ...] = ()
    actions: tuple[PlanAction, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    revision: int = 0

    @property
    def published(self) -> bool:
        """True once adopted: the plan is then a public document."""
        return self.state in PUBLISHED_STATES

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def action(self, action_id: str) -> PlanAction | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def indicator(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def pillar_of(self, action: PlanAction) -> str | None:
        """The pillar of an action: its goal's."""
        goal = self.goal(action.goal_id)
        return None if goal is None else goal.pillar

    def without(self, stakeholder_id: str) -> Plan:
        """The plan with an erased stakeholder gone from its actions (none is responsible for
        them any more); the same plan when it never named it. Not a revision: an erasure
        leaves no trace, in the plan or its history.

        Examples
        --------
        >>> from datetime import UTC
        >>> at = datetime(2027, 1, 1, tzinfo=UTC)
        >>> p = Plan("p", "ΣΑΣΟ", "EL303", date(2027, 1, 1), date(2029, 12, 31), at, at,
        ...          actions=(PlanAction("a", "g", "Εργαστήρια", "coop"),))
        >>> p.without("coop").actions[0].responsible_id is None, p.without("x") is p
        (True, True)
        """
        if all(a.responsible_id != stakeholder_id for a in self.actions):
            return self
        return replace(self, actions=tuple(
            replace(a, responsible_id=None) if a.responsible_id == stakeholder_id else a
            for a in self.actions))

    def changed(self, at: datetime, **fields) -> Plan:
        """The plan with ``fields`` changed, one revision on.

        Examples
        --------
        >>> from datetime import UTC
        >>> at = datetime(2027, 1, 1, tzinfo=UTC)
        >>> p = Plan("p", "Κοινωνική οικονομία Αθήνας", "EL303", date(2027, 1, 1),
        ...          date(2029, 12, 31), at, at)
        >>> p.changed(at, title="ΣΑΣΟ").revision
        1
        """
        return replace(self, updated_at=at, revision=self.revision + 1, **fields)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _datetime(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def plan_to_record(p: Plan) -> dict:
    """Plain, JSON-ready data of a plan (a budget as a string, to keep its cents exact).

    Examples
    --------
    >>> from datetime import UTC
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> p = Plan("p", "ΣΑΣΟ", "EL303", date(2027, 1, 1), date(2029, 12, 31), at, at,
    ...          goals=(Goal("g", "training", "Σχολή ΚοινΣΕπ"),),
    ...          actions=(PlanAction("a", "g", "Εργαστήρια", budget=Decimal("1200.50")),),
    ...          indicators=(Indicator("i", MANUAL, "training", 40, date(2029, 12, 31),
    ...                                values=(IndicatorValue(date(2027, 6, 1), 5.0),)),))
    >>> plan_from_record(plan_to_record(p)) == p
    True
    """
    return {
        "id": p.id, "title": p.title, "territory": p.territory,
        "starts_on": _iso(p.starts_on), "ends_on": _iso(p.ends_on),
        "created_at": _iso(p.created_at), "updated_at": _iso(p.updated_at),
        "created_by": p.created_by, "vision": p.vision, "owners": list(p.owners),
        "state": p.state.value, "adopted_at": _iso(p.adopted_at),
        "closed_at": _iso(p.closed_at), "revision": p.revision,
        "goals": [{"id": g.id, "pillar": g.pillar, "title": g.title} for g in p.goals],
        "actions": [{"id": a.id, "goal_id": a.goal_id, "what": a.what,
                     "responsible_id": a.responsible_id,
                     "budget": None if a.budget is None else str(a.budget),
                     "starts_on": _iso(a.starts_on), "ends_on": _iso(a.ends_on),
                     "status": a.status.value, "progress": a.progress} for a in p.actions],
        "indicators": [{"id": i.id, "code": i.code, "pillar": i.pillar, "target": i.target,
                        "deadline": _iso(i.deadline), "baseline": i.baseline,
                        "parameters": dict(i.parameters), "name": i.name, "unit": i.unit,
                        "values": [{"on": _iso(v.on), "value": v.value, "note": v.note}
                                   for v in i.values]} for i in p.indicators],
    }


def plan_from_record(r: dict) -> Plan:
    """The plan a :func:`plan_to_record` record describes."""
    return Plan(
        id=r["id"], title=r["title"], territory=r["territory"],
        starts_on=date.fromisoformat(r["starts_on"]), ends_on=date.fromisoformat(r["ends_on"]),
        created_at=datetime.fromisoformat(r["created_at"]),
        updated_at=datetime.fromisoformat(r["updated_at"]), created_by=r.get("created_by"),
        vision=r.get("vision", ""), owners=tuple(r.get("owners") or ()),
        state=PlanState(r["state"]), adopted_at=_datetime(r.get("adopted_at")),
        closed_at=_datetime(r.get("closed_at")), revision=r["revision"],
        goals=tuple(Goal(g["id"], g["pillar"], g["title"]) for g in r.get("goals") or ()),
        actions=tuple(PlanAction(
            a["id"], a["goal_id"], a["what"], a.get("responsible_id"),
            None if a.get("budget") is None else Decimal(a["budget"]), _date(a.get("starts_on")),
            _date(a.get("ends_on")), ActionStatus(a["status"]), a["progress"])
            for a in r.get("actions") or ()),
        indicators=tuple(Indicator(
            i["id"], i["code"], i["pillar"], i["target"], date.fromisoformat(i["deadline"]),
            i.get("baseline"), tuple(sorted((i.get("parameters") or {}).items())),
            i.get("name", ""), i.get("unit", ""),
            tuple(IndicatorValue(date.fromisoformat(v["on"]), v["value"], v.get("note", ""))
                  for v in i.get("values") or ())) for i in r.get("indicators") or ()),
    )


@dataclass(frozen=True)
class PlanQuery:
    """Filters for plans, newest first; every filter given must hold. ``territory`` keeps the
    plans whose territory lies in it; ``states`` those in one of them; ``drafts_in`` (None: no
    limit) keeps drafts only when their territory lies in one of these regions — what a
    coordinator may see of plans still in the making."""

    territory: str | None = None
    states: tuple[PlanState, ...] | None = None
    drafts_in: tuple[str, ...] | None = None
    page: int = 1
    page_size: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


__all__ = ["EDITABLE_AFTER_ADOPTION", "MANUAL", "PUBLISHED_STATES", "ActionStatus", "Goal",
           "Indicator", "IndicatorValue", "Plan", "PlanAction", "PlanQuery", "PlanState",
           "plan_from_record", "plan_to_record"]
