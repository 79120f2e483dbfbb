"""A plan's history: every write is a revision saying who made it, when, and what changed.

What changed is worked out from the plan before and after (:func:`plan_changes`), field by
field: a plan's own fields, then each goal, action and indicator added, removed or changed (one
change per field that differs). Values are kept as short texts, as they were written, so that
a history reads the same after the plan has moved on.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime

from graph_models.domain.plans import Goal, Indicator, Plan, PlanAction

# The plan's own fields a history follows (its items are followed one by one below).
PLAN_FIELDS = ("title", "vision", "territory", "starts_on", "ends_on", "owners", "state")
# Longest text a change keeps of a value (a vision may be long).
MAX_VALUE = 200


@dataclass(frozen=True)
class PlanChange:
    """One change: ``field`` (``title``; ``goal``, ``action``, ``indicator`` for an item added
    or removed; ``action.status`` for an item's field) of the item ``item_id`` (None: the plan
    itself), from ``before`` to ``after`` (None: absent)."""

    field: str
    before: str | None
    after: str | None
    item_id: str | None = None


@dataclass(frozen=True)
class PlanRevision:
    """The revision ``revision`` of a plan: ``action`` (``plan.create``, ``goal.add`` …) by
    ``actor_id`` (None: the system) at ``at``, and what it changed."""

    plan_id: str
    revision: int
    at: datetime
    actor_id: str | None
    action: str
    changes: tuple[PlanChange, ...] = ()


def _text(value: object) -> str | None:
    if value is None or value == "" or value == ():
        return None
    if isinstance(value, tuple):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE - 1] + "…"


def _title(item: Goal | PlanAction | Indicator) -> str | None:
    if isinstance(item, Goal):
        return _text(item.title)
    if isinstance(item, PlanAction):
        return _text(item.what)
    return _text(item.name or item.code)


def _item_changes(kind: str, before: tuple, after: tuple) -> list[PlanChange]:
    old = {item.id: item for item in before}
    new = {item.id: item for item in after}
    out = [PlanChange(kind, _title(old[i]), None, i) for i in old if i not in new]
    for item_id, item in new.items():
        if item_id not in old:
            out.append(PlanChange(kind, None, _title(item), item_id))
            continue
        for f in fields(item):
            was, now = getattr(old[item_id], f.name), getattr(item, f.name)
            if f.name != "id" and was != now:
                if f.name == "values":
                    was, now = len(was), len(now)
                out.append(PlanChange(f"{kind}.{f.name}", _text(was), _text(now), item_id))
    return out


def plan_changes(before: Plan | None, after: Plan) -> tuple[PlanChange, ...]:
    """What changed from ``before`` (None: nothing, a new plan) to ``after``.

    A manual indicator's recorded values count as one field, ``indicator.values``, whose
    value is how many there are.

    Examples
    --------
    >>> from datetime import UTC, date
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> p = Plan("p", "ΣΑΣΟ", "EL303", date(2027, 1, 1), date(2029, 12, 31), at, at)
    >>> [c.field for c in plan_changes(None, p)]
    ['title', 'territory', 'starts_on', 'ends_on', 'state']
    >>> q = p.changed(at, title="ΣΑΣΟ 2027", goals=(Goal("g", "training", "Σχολή"),))
    >>> plan_changes(p, q)
    (PlanChange(field='title', before='ΣΑΣΟ', after='ΣΑΣΟ 2027', item_id=None), \
PlanChange(field='goal', before=None, after='Σχολή', item_id='g'))
    """
    out = []
    for name in PLAN_FIELDS:
        was = None if before is None else getattr(before, name)
        now = getattr(after, name)
        if was != now and (_text(was) or _text(now)):
            out.append(PlanChange(name, _text(was), _text(now)))
    out += _item_changes("goal", before.goals if before else (), after.goals)
    out += _item_changes("action", before.actions if before else (), after.actions)
    out += _item_changes("indicator", before.indicators if before else (), after.indicators)
    return tuple(out)


def revision_without(revision: PlanRevision, stakeholder_id: str) -> PlanRevision:
    """The revision with an erased stakeholder's id gone from the values of its changes
    (written as absent); the same revision when none holds it."""
    changes = tuple(PlanChange(c.field, None if c.before == stakeholder_id else c.before,
                               None if c.after == stakeholder_id else c.after, c.item_id)
                    for c in revision.changes)
    return revision if changes == revision.changes else replace(revision, changes=changes)


def revision_to_record(r: PlanRevision) -> dict:
    """Plain, JSON-ready data of a revision."""
    return {"plan_id": r.plan_id, "revision": r.revision, "at": r.at.isoformat(),
            "actor_id": r.actor_id, "action": r.action,
            "changes": [[c.field, c.before, c.after, c.item_id] for c in r.changes]}


def revision_from_record(r: dict) -> PlanRevision:
    """The revision a :func:`revision_to_record` record describes.

    Examples
    --------
    >>> from datetime import UTC
    >>> r = PlanRevision("p", 2, datetime(2027, 1, 1, tzinfo=UTC), "u", "goal.add",
    ...                  (PlanChange("goal", None, "Σχολή", "g"),))
    >>> revision_from_record(revision_to_record(r)) == r
    True
    """
    return PlanRevision(r["plan_id"], r["revision"], datetime.fromisoformat(r["at"]),
                        r.get("actor_id"), r["action"],
                        tuple(PlanChange(f, b, a, i) for f, b, a, i in r.get("changes") or ()))


__all__ = ["PlanChange", "PlanRevision", "plan_changes", "revision_from_record",
           "revision_to_record", "revision_without"]
