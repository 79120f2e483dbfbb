"""What every use case shares: reading a stakeholder as an actor may see it, who a stakeholder
is in brief, and the audit entry of a write."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import networkx as nx

from graph_models.domain import policy
from graph_models.domain.accounts import AuditEntry, User, audit_entry
from graph_models.domain.policy import Action, Resource
from graph_models.domain.stakeholders import Kind, Stakeholder
from graph_models.stores.base import GraphStore


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
    return audit_entry(actor and actor.id, action, object_type, object_id, region=region,
                       from_state=from_state, to_state=to_state, fields=fields)


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
