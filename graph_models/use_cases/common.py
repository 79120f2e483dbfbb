"""What every use case shares: reading a stakeholder as an actor may see it, who a stakeholder
is in brief, the region a territorial question is about, the audit entry of a write, and how
a client's plain fields become a checked stakeholder or tie."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

import networkx as nx

from graph_models.domain import policy, vocabularies
from graph_models.domain.accounts import AuditEntry, Role, User, audit_entry
from graph_models.domain.errors import Forbidden, InvalidInput
from graph_models.domain.policy import Action, Resource
from graph_models.domain.records import stakeholder_from_record
from graph_models.domain.stakeholders import (
    Kind,
    Stakeholder,
    Tie,
    new_id,
    stakeholder_problems,
    tie_problems,
    with_consent_times,
)
from graph_models.stores.base import GraphStore

# Fields a client never sets: the system stamps them.
SYSTEM_FIELDS = frozenset({"id", "created_at", "updated_at", "discoverable_at",
                           "contact_sharing_at"})
# What ``None`` from a client stands for, by field: its empty value ("" or ()).
EMPTY_VALUES = {f.name: f.default for cls in (Stakeholder, Tie)
                for f in dataclasses.fields(cls) if f.default not in (None, dataclasses.MISSING)
                and not isinstance(f.default, bool | int | float)}


@dataclass(frozen=True)
class StakeholderSummary:
    id: str
    kind: str
    name: str
    region: str


def summary_of(stakeholder: Stakeholder) -> StakeholderSummary:
    """Who a stored stakeholder is, in brief."""
    return StakeholderSummary(stakeholder.id, stakeholder.kind.value, stakeholder.name,
                              stakeholder.region)


def summary_in(graph: nx.MultiDiGraph, stakeholder_id: str) -> StakeholderSummary | None:
    """Who a stakeholder of the snapshot graph is, in brief; ``None`` if it is not there."""
    node = graph.nodes.get(stakeholder_id)
    if node is None:
        return None
    return StakeholderSummary(stakeholder_id, Kind(node["kind"]).value, node["name"],
                              node["region"])


def audit(actor: User | None, action: str, object_type: str, object_id: str, *,
          region: str | None = None, from_state: str | None = None,
          to_state: str | None = None, fields: tuple[str, ...] = ()) -> AuditEntry:
    """The audit entry of a use case's write, by ``actor`` (``None``: the system)."""
    return audit_entry(actor.id if actor is not None else None, action, object_type, object_id,
                       region=region, from_state=from_state, to_state=to_state, fields=fields)


def audit_of(actor: User | None, action: str, obj: Stakeholder | Tie, *,
             region: str | None = None, fields: tuple[str, ...] = ()) -> AuditEntry:
    """The audit entry of a write to a stakeholder (of its region) or a tie (of ``region``)."""
    if isinstance(obj, Stakeholder):
        return audit(actor, action, "stakeholder", obj.id, region=region or obj.region,
                     fields=fields)
    return audit(actor, action, "tie", obj.id, region=region, fields=fields)


def readable_stakeholder(store: GraphStore, actor: User | None,
                         stakeholder_id: str) -> Stakeholder:
    """The stored stakeholder, whole; NotFound also when ``actor`` may not see it."""
    stakeholder = store.get_stakeholder(stakeholder_id)
    policy.require(actor, Resource.STAKEHOLDER, Action.READ, stakeholder)
    return stakeholder


def as_seen_by(actor: User | None, stakeholder: Stakeholder) -> Stakeholder:
    """The stakeholder as ``actor`` may see it: private fields only to those allowed."""
    if policy.may(actor, Resource.STAKEHOLDER, Action.READ_PRIVATE, stakeholder):
        return stakeholder
    return dataclasses.replace(
        stakeholder, email=None, phone=None,
        needs=() if stakeholder.needs_private else stakeholder.needs)


def territory_asked(actor: User | None, region: str | None) -> str | None:
    """The region a question about a territory (a report, a coordinator's matches) is about:
    any, or none, for admins and the system; for others one of their territories — their only
    one when they name none. Forbidden otherwise. The region may be named as people write it
    (:func:`~graph_models.domain.vocabularies.resolve_region`: ``attiki``, ``el303``);
    InvalidInput if it names none."""
    if region is not None:
        region = vocabularies.resolve_region(region)
    if actor is None or actor.role == Role.ADMIN:
        return region
    if region is None and len(actor.regions) == 1:
        region = actor.regions[0]
    if region is None or not actor.covers(region):
        raise Forbidden("name one of your territories as the region",
                        errors={"region": [f"one of: {', '.join(actor.regions) or 'none'}"]})
    return region


def client_fields(fields: dict) -> dict:
    """The fields a client may set; ``None`` stands for a field's empty value ("" or ())."""
    return {name: EMPTY_VALUES.get(name) if value is None else value
            for name, value in fields.items() if name not in SYSTEM_FIELDS}


def new_stakeholder(fields: dict, at: datetime, *, history: dict | None = None) -> Stakeholder:
    """A checked new stakeholder made at ``at`` from a client's fields; ``history`` may carry
    an import's id and stamps. InvalidInput names every broken rule."""
    record = {**client_fields(fields), "id": new_id(), "created_at": at, "updated_at": at}
    new = with_consent_times(stakeholder_from_record(record), None, at)
    if history:
        stamps = {name: value for name, value in history.items() if value is not None}
        stamps.setdefault("updated_at", stamps.get("created_at", at))
        new = dataclasses.replace(new, **stamps)
        new = with_consent_times(new, new, at)  # keeps given stamps, clears withdrawn ones
    return checked_stakeholder(new)


def checked_stakeholder(s: Stakeholder) -> Stakeholder:
    """``s``, if it keeps the domain's rules; else InvalidInput naming each broken one."""
    problems = stakeholder_problems(s)
    if problems:
        raise InvalidInput("the stakeholder breaks the domain's rules", errors=problems)
    return s


def checked_tie(t: Tie) -> Tie:
    """``t``, if it keeps the domain's rules; else InvalidInput naming each broken one."""
    problems = tie_problems(t)
    if problems:
        raise InvalidInput("the tie breaks the domain's rules", errors=problems)
    return t


def changed_fields(old: Stakeholder | Tie, new: Stakeholder | Tie) -> tuple[str, ...]:
    """The fields a client sets whose values differ."""
    return tuple(f.name for f in dataclasses.fields(old)
                 if f.name not in SYSTEM_FIELDS and getattr(old, f.name) != getattr(new, f.name))


def tie_write_refused(action: Action) -> str:
    """Why an actor may not write a tie none of whose ends it may write ties of."""
    return f"you may {action.value} ties of your own or your territories' stakeholders only"
