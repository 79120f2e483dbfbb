"""The stakeholder use cases: stakeholders and their ties, a stakeholder's neighbourhood, and
everything held about one stakeholder (its right of access).

Each takes plain field values and an ``actor`` (``None``: the system itself), checks the
domain's rules and who may act, stamps ids and times, and hands sound domain objects to the
store. Errors come out as the domain's own (:mod:`graph_models.domain.errors`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import networkx as nx

from graph_models.domain import policy, vocabularies
from graph_models.domain.accounts import AuditEntry, Role, User
from graph_models.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    changed_meanwhile,
    not_found,
    tie_ends_missing,
)
from graph_models.domain.introductions import Block, Introduction
from graph_models.domain.mentorships import (
    Mentorship,
    MentorshipSession,
    parties_of,
    ratings_seen,
    reads_notes,
)
from graph_models.domain.policy import Action, Resource, coordinates
from graph_models.domain.queries import (
    AuditQuery,
    Direction,
    IntroductionQuery,
    MentorshipQuery,
    Page,
    StakeholderQuery,
)
from graph_models.domain.records import (
    stakeholder_from_record,
    stakeholder_to_record,
    tie_from_record,
    tie_to_record,
)
from graph_models.domain.stakeholders import (
    Kind,
    Stakeholder,
    Tie,
    TieType,
    new_id,
    now,
    with_consent_times,
)
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import (
    StakeholderSummary,
    as_seen_by,
    audit_of,
    checked_stakeholder,
    checked_tie,
    client_fields,
    new_stakeholder,
    readable_stakeholder,
    summary_in,
    tie_write_refused,
)
from graph_models.use_cases.snapshots import SnapshotCache

TIE_FIXED_FIELDS = frozenset({"type", "source", "target"})
MAX_NEIGHBOURHOOD_DEPTH = 3
# What a right-of-access export reads of each kind of record, at most.
EXPORT_LIMIT = 10_000


@dataclass(frozen=True)
class NeighbourSummary:
    id: str
    kind: str
    name: str
    region: str
    distance: int


@dataclass(frozen=True)
class TieSummary:
    id: str
    type: TieType
    source: str
    target: str
    since: object
    weight: float


@dataclass(frozen=True)
class Neighbourhood:
    """The stakeholders within ``depth`` ties of ``center`` (nearest first), and their ties."""

    center: str
    depth: int
    stakeholders: list[NeighbourSummary]
    ties: list[TieSummary]
    truncated: bool


@dataclass(frozen=True)
class Newcomers:
    """The stakeholders of a coordinator's territories registered lately that have no tie yet:
    how many (``total``) and the newest of them, each with when it was registered."""

    total: int
    newest: list[tuple[StakeholderSummary, datetime]]


@dataclass(frozen=True)
class StakeholderRecord:
    """Everything held about one stakeholder, for its right of access."""

    stakeholder: Stakeholder
    ties: list[Tie]
    members: list[tuple[str, str]]
    audit: list[AuditEntry]
    introductions: list[Introduction]
    blocks: list[Block]
    mentorships: list[Mentorship] = field(default_factory=list)
    sessions: list[MentorshipSession] = field(default_factory=list)


class Stakeholders:
    """The stakeholder and tie use cases over one store.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/stakeholders.db")
    >>> store.ensure_schema()
    >>> stakeholders = Stakeholders(store, SnapshotCache(store))
    >>> coop = stakeholders.create_stakeholder({"kind": "entrepreneur",
    ...                                         "name": "Κοιν.Σ.Επ. Ήλιος", "region": "EL522",
    ...                                         "discoverable": True})
    >>> stakeholders.get_stakeholder(coop.id).discoverable_at is not None
    True
    """

    def __init__(self, store: GraphStore, snapshots: SnapshotCache, *,
                 clock: Callable[[], datetime] = now):
        self.store = store
        self._snapshots = snapshots
        self._clock = clock

    # -- stakeholders -----------------------------------------------------------------------

    def create_stakeholder(self, fields: dict, *, actor: User | None = None) -> Stakeholder:
        """Create a stakeholder from plain fields; InvalidInput names every broken rule."""
        policy.require_some(actor, Resource.STAKEHOLDER, Action.CREATE)
        stakeholder = new_stakeholder(fields, self._clock())
        if not policy.may(actor, Resource.STAKEHOLDER, Action.CREATE, stakeholder):
            raise Forbidden("you may create stakeholders in your own territories only",
                            errors={"region": ["outside your territories"]})
        created = self.store.create_stakeholder(stakeholder, audit=audit_of(
            actor, "stakeholder.create", stakeholder))
        return as_seen_by(actor, created)

    def get_stakeholder(self, stakeholder_id: str, *, actor: User | None = None) -> Stakeholder:
        """Read a stakeholder; NotFound also when ``actor`` may not see it."""
        return as_seen_by(actor, readable_stakeholder(self.store, actor, stakeholder_id))

    def update_stakeholder(self, stakeholder_id: str, changes: dict, *,
                           expected_updated_at: datetime | None = None,
                           actor: User | None = None) -> Stakeholder:
        """Change the fields given (a partial update); the kind never changes.

        With ``expected_updated_at`` (when the changes were made on a copy read then, as a
        web form is), Conflict if the stakeholder was changed since: nothing is written."""
        old = readable_stakeholder(self.store, actor, stakeholder_id)
        policy.require(actor, Resource.STAKEHOLDER, Action.UPDATE, old)
        if expected_updated_at is not None and expected_updated_at != old.updated_at:
            raise changed_meanwhile("stakeholder")
        if "kind" in changes and changes["kind"] != old.kind:
            raise InvalidInput("a stakeholder's kind cannot change",
                               errors={"kind": ["cannot change; create a new stakeholder"]})
        at = self._clock()
        record = {**stakeholder_to_record(old), **client_fields(changes), "updated_at": at}
        new = checked_stakeholder(with_consent_times(stakeholder_from_record(record), old, at))
        if not policy.may(actor, Resource.STAKEHOLDER, Action.UPDATE, new):
            raise Forbidden("you may not move a stakeholder out of your territories",
                            errors={"region": ["outside your territories"]})
        changed = tuple(name for name in changes if getattr(old, name) != getattr(new, name))
        updated = self.store.update_stakeholder(
            new, expected_updated_at=old.updated_at,
            audit=audit_of(actor, "stakeholder.update", new, fields=changed))
        return as_seen_by(actor, updated)

    def delete_stakeholder(self, stakeholder_id: str, *, actor: User | None = None) -> None:
        """Erase a stakeholder: it, its ties and its memberships go; the audit trail keeps
        only its id."""
        old = readable_stakeholder(self.store, actor, stakeholder_id)
        policy.require(actor, Resource.STAKEHOLDER, Action.DELETE, old)
        self.store.delete_stakeholder(stakeholder_id,
                                      audit=audit_of(actor, "stakeholder.delete", old))

    def find_stakeholders(self, query: StakeholderQuery, *,
                          actor: User | None = None) -> Page[Stakeholder]:
        """Search; the results hold only the stakeholders ``actor`` may see, and a need
        matches only where ``actor`` may see it (a private one: if it may read private
        fields). ``region`` may be a region's name or a code in any case
        (:func:`~graph_models.domain.vocabularies.resolve_region`)."""
        policy.require_some(actor, Resource.STAKEHOLDER, Action.LIST)
        if query.region is not None:
            query = dataclasses.replace(query, region=vocabularies.resolve_region(query.region))
        if actor is not None and actor.role != Role.ADMIN and not query.discoverable_only:
            query = dataclasses.replace(
                query, discoverable_only=True, also_ids=actor.memberships,
                also_regions=actor.regions if actor.role == Role.COORDINATOR else ())
        private = policy.reach(actor, Resource.STAKEHOLDER, Action.READ_PRIVATE)
        if query.need is not None and not private.everywhere:
            # In the query, not after it: the total and the pages must not count them either.
            query = dataclasses.replace(query, public_needs_only=True,
                                        private_needs_ids=private.ids,
                                        private_needs_regions=private.regions)
        page = self.store.find_stakeholders(query)
        return dataclasses.replace(page, items=[as_seen_by(actor, s) for s in page.items])

    def export_stakeholder(self, stakeholder_id: str, *,
                           actor: User | None = None) -> StakeholderRecord:
        """Everything held about a stakeholder (its right of access): profile, ties, members,
        audit entries, the introduction requests it is part of, the blocks it made (not
        those against it: a block is the blocker's own business), and its mentorships with
        their sessions — each as the endpoint that shows it shows it to ``actor`` (its ties,
        the mentorships it stands to with the ratings and notes it may read)."""
        stakeholder = readable_stakeholder(self.store, actor, stakeholder_id)
        policy.require(actor, Resource.STAKEHOLDER, Action.EXPORT, stakeholder)
        ties = self.ties_of(stakeholder_id, actor=actor)
        members = [u for u in self.store.list_users() if u.is_member_of(stakeholder_id)]
        mentorships = [(m, parties) for m in self.store.find_mentorships(MentorshipQuery(
            stakeholder_ids=(stakeholder_id,), page_size=EXPORT_LIMIT)).items
            if (parties := parties_of(actor, m))]
        audit = self.store.find_audit(AuditQuery(
            object_ids=(stakeholder_id, *(t.id for t in ties), *(m.id for m, _ in mentorships)),
            page_size=EXPORT_LIMIT)).items
        requests = {i.id: i for query in (
            IntroductionQuery(requester_ids=(stakeholder_id,), page_size=EXPORT_LIMIT),
            IntroductionQuery(broker_ids=(stakeholder_id,), page_size=EXPORT_LIMIT),
            IntroductionQuery(target_ids=(stakeholder_id,), forwarded_only=True,
                              page_size=EXPORT_LIMIT))
            for i in self.store.find_introductions(query).items}
        return StakeholderRecord(stakeholder, ties,
                                 [(u.id, u.username) for u in members], audit,
                                 sorted(requests.values(), key=lambda i: (i.created_at, i.id)),
                                 [b for b in self.store.find_blocks(stakeholder_id)
                                  if b.target_id == stakeholder_id],
                                 [dataclasses.replace(m, ratings=ratings_seen(m, parties))
                                  for m, parties in mentorships],
                                 [s if reads_notes(parties) else dataclasses.replace(s, notes="")
                                  for m, parties in mentorships
                                  for s in self.store.mentorship_sessions(m.id)])

    # -- ties -------------------------------------------------------------------------------

    def create_tie(self, fields: dict, *, actor: User | None = None) -> Tie:
        """Create a tie; Conflict when an end is missing or the type may not join their kinds."""
        policy.require_some(actor, Resource.TIE, Action.CREATE)
        at = self._clock()
        record = {"since": at.date(), **client_fields(fields), "id": new_id(),
                  "created_at": at, "updated_at": at}
        tie = checked_tie(tie_from_record(record))
        wanted = [tie.source, tie.target, *filter(None, [tie.via])]
        ends = {i: s for i, s in self.store.get_stakeholders(wanted).items()
                if policy.may(actor, Resource.STAKEHOLDER, Action.READ, s)}
        missing = [end for end in ("source", "target", "via")
                   if getattr(tie, end) is not None and getattr(tie, end) not in ends]
        if missing:
            raise tie_ends_missing(*missing)
        _check_kinds(tie, ends[tie.source].kind, ends[tie.target].kind)
        _require_tie_write(actor, Action.CREATE, ends[tie.source], ends[tie.target])
        return self.store.create_tie(tie, audit=audit_of(actor, "tie.create", tie,
                                                         region=ends[tie.source].region))

    def _readable_tie(self, actor: User | None, tie_id: str) -> tuple[Tie, list[Stakeholder]]:
        tie = self.store.get_tie(tie_id)
        ends = self.store.get_stakeholders([tie.source, tie.target])
        if not all(policy.may(actor, Resource.TIE, Action.READ, s) for s in ends.values()):
            raise not_found("tie", tie_id)
        return tie, list(ends.values())

    def get_tie(self, tie_id: str, *, actor: User | None = None) -> Tie:
        """Read a tie; NotFound also when ``actor`` may not see both its ends."""
        return self._readable_tie(actor, tie_id)[0]

    def update_tie(self, tie_id: str, changes: dict, *, actor: User | None = None) -> Tie:
        """Change a tie's attributes; its type and ends never change."""
        fixed = sorted(TIE_FIXED_FIELDS & changes.keys())
        if fixed:
            raise InvalidInput("a tie's type and ends cannot change",
                               errors={name: ["cannot change; create a new tie"]
                                       for name in fixed})
        old, ends = self._readable_tie(actor, tie_id)
        _require_tie_write(actor, Action.UPDATE, *ends)
        record = {**tie_to_record(old), **client_fields(changes),
                  "updated_at": self._clock()}
        new = checked_tie(tie_from_record(record))
        changed = tuple(name for name in changes if getattr(old, name) != getattr(new, name))
        return self.store.update_tie(new, expected_updated_at=old.updated_at,
                                     audit=audit_of(actor, "tie.update", new,
                                                    region=ends[0].region, fields=changed))

    def delete_tie(self, tie_id: str, *, actor: User | None = None) -> None:
        """Delete a tie; NotFound when ``actor`` may not see both its ends."""
        old, ends = self._readable_tie(actor, tie_id)
        _require_tie_write(actor, Action.DELETE, *ends)
        self.store.delete_tie(tie_id, audit=audit_of(actor, "tie.delete", old,
                                                     region=ends[0].region))

    def ties_of(self, stakeholder_id: str, *, direction: Direction = Direction.BOTH,
                types: frozenset[TieType] | None = None,
                actor: User | None = None) -> list[Tie]:
        """A stakeholder's ties, leaving out those whose other end ``actor`` may not see."""
        readable_stakeholder(self.store, actor, stakeholder_id)
        ties = self.store.ties_of(stakeholder_id, direction=direction, types=types)
        if actor is None:
            return ties
        others = self.store.get_stakeholders(sorted({t.source for t in ties} |
                                                    {t.target for t in ties}))
        return [t for t in ties if all(
            policy.may(actor, Resource.TIE, Action.READ, others[end])
            for end in (t.source, t.target))]

    # -- neighbourhood ----------------------------------------------------------------------

    def neighbourhood(self, stakeholder_id: str, *, depth: int = 1, limit: int = 200,
                      actor: User | None = None) -> Neighbourhood:
        """Stakeholders within ``depth`` ties, breadth first, at most ``limit`` of them, through
        and among those ``actor`` may see."""
        readable_stakeholder(self.store, actor, stakeholder_id)
        with self._snapshots.reading() as snapshot:
            return _neighbourhood(snapshot.graph, stakeholder_id, depth, limit, actor)


    def newcomers(self, *, days: int, limit: int = 5,
                  actor: User | None = None) -> Newcomers:
        """The stakeholders registered in the last ``days`` days that have no tie yet, in
        ``actor``'s territories (everywhere for an admin or the system): how many, and the
        ``limit`` newest. Forbidden for other roles: this is a coordinator's question.

        >>> import tempfile
        >>> from graph_models.stores import open_store
        >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/newcomers.db")
        >>> store.ensure_schema()
        >>> stakeholders = Stakeholders(store, SnapshotCache(store))
        >>> coop = stakeholders.create_stakeholder({"kind": "entrepreneur",
        ...                                         "name": "Κοιν.Σ.Επ. Ήλιος", "region": "EL522"})
        >>> found = stakeholders.newcomers(days=30)
        >>> found.total, [summary.name for summary, _ in found.newest]
        (1, ['Κοιν.Σ.Επ. Ήλιος'])
        """
        if actor is not None and actor.role not in policy.TERRITORIAL_ROLES:
            raise Forbidden("only coordinators and admins look after newcomers")
        since = self._clock() - timedelta(days=days)
        with self._snapshots.reading() as snapshot:
            graph = snapshot.graph
            # The cheap tests first: most stakeholders are neither new nor untied.
            found = sorted(
                ((data["created_at"], node) for node, data in graph.nodes(data=True)
                 if data["created_at"] is not None and data["created_at"] >= since
                 and not graph.adj[node] and coordinates(actor, data["region"])),
                reverse=True)
            newest = [(summary, at) for at, node in found[:limit]
                      if (summary := summary_in(graph, node)) is not None]
        return Newcomers(len(found), newest)


def _neighbourhood(graph: nx.MultiGraph, stakeholder_id: str, depth: int, limit: int,
                   actor: User | None) -> Neighbourhood:
    if stakeholder_id not in graph:
        raise not_found("stakeholder", stakeholder_id)
    nodes = graph.nodes

    def visible(node: str) -> bool:
        data = nodes[node]
        return actor is None or policy.allows(
            actor, Resource.STAKEHOLDER, Action.READ,
            policy.relation(actor, node, data["region"], data["discoverable"]))

    distances = {stakeholder_id: 0}
    frontier, truncated = [stakeholder_id], False
    for distance in range(1, min(depth, MAX_NEIGHBOURHOOD_DEPTH) + 1):
        reached = sorted({n for node in frontier for n in graph.adj[node]
                          if visible(n)} - distances.keys())
        room = limit - len(distances) + 1
        if len(reached) > room:
            reached, truncated = reached[:room], True
        distances.update((n, distance) for n in reached)
        frontier = reached
        if truncated:
            break
    stakeholders = [
        NeighbourSummary(n, nodes[n]["kind"].value, nodes[n]["name"], nodes[n]["region"], d)
        for n, d in sorted(distances.items(), key=lambda item: (item[1], item[0]))
        if n != stakeholder_id]
    ties = sorted(
        (TieSummary(key, data["type"], data["source"], data["target"], data["since"],
                    data["weight"])
         for u, v, key, data in graph.subgraph(distances).edges(keys=True, data=True)),
        key=lambda t: t.id)
    return Neighbourhood(stakeholder_id, depth, stakeholders, ties, truncated)


def _require_tie_write(actor: User | None, action: Action, *ends: Stakeholder) -> None:
    if not any(policy.may(actor, Resource.TIE, action, end) for end in ends):
        raise Forbidden(tie_write_refused(action))


def _check_kinds(tie: Tie, source_kind: Kind, target_kind: Kind) -> None:
    if not tie.type.allows(source_kind, target_kind):
        raise Conflict(
            f"a {tie.type.value} tie cannot go from {source_kind.value} "
            f"to {target_kind.value}",
            errors={"type": [f"not allowed from {source_kind.value} to {target_kind.value}"]})
