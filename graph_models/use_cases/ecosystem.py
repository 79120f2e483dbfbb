"""The use cases: the one façade that a request, a CLI command or a script calls.

It takes primitives (dicts of plain field values, ids), checks the domain's rules, stamps ids
and times, and hands sound domain objects to the store. Errors come out as the domain's own
(:mod:`graph_models.domain.errors`), never as a driver's or networkx's.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from graph_models.domain import policy
from graph_models.domain.accounts import AuditEntry, Role, User
from graph_models.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    StoreUnavailable,
    with_note,
)
from graph_models.domain.interchange import (
    IMPORT_REFUSED,
    Change,
    GraphExport,
    ImportResult,
    PlannedStakeholder,
    PlannedTie,
    StakeholderImport,
    StakeholderRef,
    TieImport,
    UpsertPlan,
    in_line_order,
)
from graph_models.domain.introductions import Block, Introduction
from graph_models.domain.matches import CoordinatorReport, Match
from graph_models.domain.mentorships import (
    Mentorship,
    MentorshipSession,
    parties_of,
    ratings_seen,
    reads_notes,
)
from graph_models.domain.policy import Action, Resource
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
from graph_models.domain.snapshot import Snapshot
from graph_models.domain.stakeholders import (
    Stakeholder,
    Tie,
    TieType,
    new_id,
    now,
    with_consent_times,
)
from graph_models.matching import DEFAULT_WEIGHTS, MatchWeights, coordinator_matches, recommend
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import (
    SYSTEM_FIELDS,
    StakeholderSummary,
    as_seen_by,
    audit,
    audit_of,
    changed_fields,
    checked_stakeholder,
    checked_tie,
    client_fields,
    new_stakeholder,
    readable_stakeholder,
    territory_asked,
    tie_write_refused,
)
from graph_models.use_cases.feedback import match_feedback
from graph_models.use_cases.snapshots import SnapshotCache

TIE_FIXED_FIELDS = frozenset({"type", "source", "target"})
MAX_NEIGHBOURHOOD_DEPTH = 3


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
class RankedMatch:
    """A match with who the candidate is."""

    candidate: StakeholderSummary
    match: Match


@dataclass(frozen=True)
class ScopeMatches:
    """A coordinator query's answer: the best pairs, who is unmet (with the best provider
    there was and its score), and the figures of the underlying report."""

    pairs: list[tuple[StakeholderSummary, RankedMatch]]
    unmet: list[tuple[StakeholderSummary, tuple[str, ...], StakeholderSummary | None, float]]
    report: CoordinatorReport


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


@dataclass(frozen=True)
class ImportLine:
    """One line of an import file, already parsed into plain fields."""

    line: int
    fields: dict


class Ecosystem:
    """The use cases over one store.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> eco = Ecosystem(open_store("sqlite:///" + tempfile.mkdtemp() + "/eco.db"))
    >>> eco.store.ensure_schema()
    >>> coop = eco.create_stakeholder({"kind": "entrepreneur", "name": "Κοιν.Σ.Επ. Ήλιος",
    ...                                "region": "EL522", "discoverable": True})
    >>> eco.get_stakeholder(coop.id).discoverable_at is not None
    True
    """

    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = now,
                 match_weights: MatchWeights = DEFAULT_WEIGHTS):
        self.store = store
        self.match_weights = match_weights
        self._clock = clock
        self._snapshots = SnapshotCache(store)

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
                           actor: User | None = None) -> Stakeholder:
        """Change the fields given (a partial update); the kind never changes."""
        old = readable_stakeholder(self.store, actor, stakeholder_id)
        policy.require(actor, Resource.STAKEHOLDER, Action.UPDATE, old)
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
        fields)."""
        policy.require_some(actor, Resource.STAKEHOLDER, Action.LIST)
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
            stakeholder_ids=(stakeholder_id,), page_size=10_000)).items
            if (parties := parties_of(actor, m))]
        audit = self.store.findaudit_of(AuditQuery(
            object_ids=(stakeholder_id, *(t.id for t in ties), *(m.id for m, _ in mentorships)),
            page_size=10_000)).items
        requests = {i.id: i for query in (
            IntroductionQuery(requester_ids=(stakeholder_id,), page_size=10_000),
            IntroductionQuery(broker_ids=(stakeholder_id,), page_size=10_000),
            IntroductionQuery(target_ids=(stakeholder_id,), forwarded_only=True,
                              page_size=10_000))
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
        missing = {end: ["no such stakeholder"] for end in ("source", "target", "via")
                   if getattr(tie, end) is not None and getattr(tie, end) not in ends}
        if missing:
            raise Conflict("a tie must join two existing stakeholders", errors=missing)
        self._check_kinds(tie, ends[tie.source].kind, ends[tie.target].kind)
        self._require_tie_write(actor, Action.CREATE, ends[tie.source], ends[tie.target])
        return self.store.create_tie(tie, audit=audit_of(actor, "tie.create", tie,
                                                       region=ends[tie.source].region))

    @staticmethod
    def _require_tie_write(actor: User | None, action: Action, *ends: Stakeholder) -> None:
        if not any(policy.may(actor, Resource.TIE, action, end) for end in ends):
            raise Forbidden(tie_write_refused(action))

    @staticmethod
    def _check_kinds(tie: Tie, source_kind, target_kind) -> None:
        if not tie.type.allows(source_kind, target_kind):
            raise Conflict(
                f"a {tie.type.value} tie cannot go from {source_kind.value} "
                f"to {target_kind.value}",
                errors={"type": [f"not allowed from {source_kind.value} to {target_kind.value}"]})

    def _readable_tie(self, actor: User | None, tie_id: str) -> tuple[Tie, list[Stakeholder]]:
        tie = self.store.get_tie(tie_id)
        ends = self.store.get_stakeholders([tie.source, tie.target])
        if not all(policy.may(actor, Resource.TIE, Action.READ, s) for s in ends.values()):
            raise NotFound(f"no tie with id {tie_id}")
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
        self._require_tie_write(actor, Action.UPDATE, *ends)
        record = {**tie_to_record(old), **client_fields(changes),
                  "updated_at": self._clock()}
        new = checked_tie(tie_from_record(record))
        changed = tuple(name for name in changes if getattr(old, name) != getattr(new, name))
        return self.store.update_tie(new, expected_updated_at=old.updated_at,
                                     audit=audit_of(actor, "tie.update", new,
                                                  region=ends[0].region, fields=changed))

    def delete_tie(self, tie_id: str, *, actor: User | None = None) -> None:
        old, ends = self._readable_tie(actor, tie_id)
        self._require_tie_write(actor, Action.DELETE, *ends)
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

    def neighbourhood(self, stakeholder_id: str, *, depth: int = 1, limit: int = 200,
                      actor: User | None = None) -> Neighbourhood:
        """Stakeholders within ``depth`` ties, breadth first, at most ``limit`` of them, through
        and among those ``actor`` may see."""
        readable_stakeholder(self.store, actor, stakeholder_id)
        graph = self.snapshot().graph
        if stakeholder_id not in graph:
            raise NotFound(f"no stakeholder with id {stakeholder_id}")
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

    # -- matches ----------------------------------------------------------------------------

    def matches(self, stakeholder_id: str, *, kind: str | None = None,
                pillar: str | None = None, limit: int = 10, include_connected: bool = False,
                actor: User | None = None) -> list[RankedMatch]:
        """Explained recommendations for a stakeholder: for its members, admins and its
        region's coordinators. Candidates that are not discoverable never appear; a
        candidate's private needs count only when ``actor`` may read them (else the score
        would tell them)."""
        seeker = readable_stakeholder(self.store, actor, stakeholder_id)
        policy.require(actor, Resource.STAKEHOLDER, Action.MATCH, seeker)
        graph = self.snapshot().graph
        if stakeholder_id not in graph:  # created after the snapshot was taken
            raise NotFound(f"no stakeholder with id {stakeholder_id}")
        feedback = match_feedback(self.store, stakeholder_id)
        found = recommend(graph, stakeholder_id, kind=kind, pillar=pillar, limit=limit,
                          weights=self.match_weights, include_connected=include_connected,
                          feedback=feedback.penalties, blocked=feedback.blocked,
                          private_needs=policy.reach(actor, Resource.STAKEHOLDER,
                                                     Action.READ_PRIVATE))
        return [RankedMatch(_summary(graph, m.candidate_id), m) for m in found]

    def coordinator_matches(self, *, pillar: str | None = None, need: str | None = None,
                            region: str | None = None, sector: str | None = None,
                            threshold: float = 50.0, limit: int = 20,
                            actor: User | None = None) -> ScopeMatches:
        """The best (entrepreneur, provider) pairs of a territory and its unmet needs. A
        coordinator asks about its own territories (the only one, when it names none), so it
        may read the private needs of every entrepreneur in scope: they all count."""
        policy.require_some(actor, Resource.GRAPH, Action.MATCH)
        region = territory_asked(actor, region)
        graph = self.snapshot().graph
        feedback = match_feedback(self.store, None)
        report = coordinator_matches(graph, pillar=pillar, need=need, region=region,
                                     sector=sector, threshold=threshold, limit=limit,
                                     weights=self.match_weights, feedback=feedback.penalties,
                                     blocked=feedback.blocked)
        return ScopeMatches(
            pairs=[(_summary(graph, p.entrepreneur_id),
                    RankedMatch(_summary(graph, p.match.candidate_id), p.match))
                   for p in report.pairs],
            unmet=[(_summary(graph, u.entrepreneur_id), u.needs,
                    u.best_provider_id and _summary(graph, u.best_provider_id), u.best_score)
                   for u in report.unmet_needs],
            report=report)

    # -- bulk import and export -------------------------------------------------------------

    def import_lines(self, stakeholders: Iterable[ImportLine], ties: Iterable[ImportLine], *,
                     parse_errors: dict | None = None,
                     actor: User | None = None) -> ImportResult:
        """Upsert a whole file, or nothing if any line breaks a rule.

        Stakeholder lines are matched by ``id`` or by (kind, external_id) and may carry their
        history (``created_at``, consent times) so that an export restores faithfully; tie lines
        name their ends as ``{"id": …}`` or ``{"kind": …, "external_id": …}``. InvalidInput
        lists every bad line, as ``line N.field`` in line order, together with
        ``parse_errors`` found before; a file without a line to import is InvalidInput naming
        its ``body``. Each line obeys the rules of the single-object use cases for ``actor``
        (see :meth:`_review_import`), and each object written gets its own audit entry.
        """
        policy.require_some(actor, Resource.GRAPH, Action.IMPORT)
        stakeholders, ties = list(stakeholders), list(ties)
        if not (stakeholders or ties or parse_errors):
            raise InvalidInput("the import holds no line to import: send one stakeholder or "
                               "tie per line", errors={"body": ["no stakeholder or tie line"]})
        errors: dict[str, list[str]] = {name: list(messages)
                                        for name, messages in (parse_errors or {}).items()}
        stakeholder_items, tie_items = [], []
        for item in stakeholders:
            try:
                history = {name: item.fields.get(name) for name in SYSTEM_FIELDS}
                stakeholder_items.append(StakeholderImport(
                    new_stakeholder(item.fields, self._clock(), history=history),
                    line=item.line))
            except InvalidInput as error:
                _collect(errors, item.line, error.errors)
        for item in ties:
            try:
                tie_items.append(self._import_tie(item))
            except InvalidInput as error:
                _collect(errors, item.line, error.errors)
        lines_with_id = frozenset(item.line for item in stakeholders if item.fields.get("id"))
        review = functools.partial(self._review_import, actor, lines_with_id)
        if errors:
            # Report what the store would refuse too, so that one run lists it all.
            try:
                review(self.store.plan_import(stakeholder_items, tie_items))
            except InvalidInput as error:
                for name, messages in error.errors.items():
                    errors.setdefault(name, []).extend(messages)
            raise InvalidInput(IMPORT_REFUSED, errors=in_line_order(errors))
        summary = audit(actor, "graph.import", "graph", "import",
                        to_state=f"{len(stakeholder_items)} stakeholders, "
                                 f"{len(tie_items)} ties")
        try:
            return self.store.bulk_upsert(stakeholder_items, tie_items, review=review,
                                          audit=summary)
        except StoreUnavailable as error:  # OutcomeUnknown included
            # A key whose request wrote something answers 409 to a retry: hence a new one.
            raise with_note(error, "sending the same import again is safe (under a new "
                                   "Idempotency-Key, if it had one): an import writes nothing "
                                   "twice") from error

    def _import_tie(self, item: ImportLine) -> TieImport:
        """Check one tie line's own fields; the store's plan checks what its ends allow."""
        at = self._clock()
        fields = dict(item.fields)
        refs = {end: StakeholderRef(**fields.pop(end)) for end in ("source", "target")}
        # The ends stand as their refs until the store resolves them, so that a tie naming
        # the same stakeholder twice fails the self-tie rule here.
        created_at = fields.get("created_at") or at
        tie = checked_tie(tie_from_record({
            "since": at.date(), **client_fields(fields), "id": new_id(),
            "source": str(refs["source"]), "target": str(refs["target"]),
            "created_at": created_at, "updated_at": fields.get("updated_at") or created_at}))
        return TieImport(tie, refs["source"], refs["target"], line=item.line)

    def _review_import(self, actor: User | None, lines_with_id: frozenset[int],
                       plan: UpsertPlan) -> list[AuditEntry]:
        """Refuse the plan (InvalidInput, every problem by line) unless ``actor`` may write each
        object as the single-object use cases allow; else the audit entries of what it writes.

        A stakeholder or tie end that ``actor`` may not see is answered as an unknown one, so
        that an import tells nothing about it (not even its kind); a coordinator names by id
        only stakeholders it may update, since only an admin may give a new one its id.
        """
        errors: dict[str, list[str]] = {}
        entries = []
        for s in plan.stakeholders:
            problems = _stakeholder_line_problems(actor, s, s.line in lines_with_id)
            if problems:
                _collect_at(errors, s.where, problems)
            elif s.change == Change.CREATED:
                entries.append(audit_of(actor, "stakeholder.create", s.new))
            elif s.change == Change.UPDATED:
                entries.append(audit_of(actor, "stakeholder.update", s.new,
                                      fields=changed_fields(s.old, s.new)))
        for t in plan.ties:
            problems = _tie_line_problems(actor, t, plan.known)
            if problems:
                _collect_at(errors, t.where, problems)
            elif t.change != Change.UNCHANGED:
                entries.append(audit_of(
                    actor, f"tie.{'create' if t.change == Change.CREATED else 'update'}", t.new,
                    region=plan.known[t.new.source].region,
                    fields=changed_fields(t.old, t.new) if t.old else ()))
        if errors:
            raise InvalidInput(IMPORT_REFUSED, errors=in_line_order(errors))
        return entries

    def export(self, *, actor: User | None = None) -> GraphExport:
        """Everything in the store, read at one version (private fields included: admins
        only)."""
        policy.require_some(actor, Resource.GRAPH, Action.EXPORT)
        return self.store.export()

    def snapshot(self) -> Snapshot:
        """The graph at the store's current version (cached until the next write)."""
        return self._snapshots.get()


def _summary(graph, stakeholder_id: str) -> StakeholderSummary:
    data = graph.nodes[stakeholder_id]
    return StakeholderSummary(stakeholder_id, data["kind"].value, data["name"], data["region"])


def _collect(errors: dict, line: int, problems: dict) -> None:
    _collect_at(errors, f"line {line}", problems)


def _collect_at(errors: dict, where: str, problems: dict) -> None:
    for name, messages in problems.items():
        errors.setdefault(f"{where}.{name}", []).extend(messages)


def _stakeholder_line_problems(actor: User | None, planned: PlannedStakeholder,
                               id_given: bool) -> dict[str, list[str]]:
    """What keeps ``actor`` from writing a stakeholder line, as update_stakeholder and
    create_stakeholder would judge it."""
    old, new = planned.old, planned.new
    unknown_id = {"id": [f"no stakeholder with id {new.id}"]}
    if old is None:
        if id_given and not policy.sees_everything(actor):
            return unknown_id
        if not planned.problems and not policy.may(actor, Resource.STAKEHOLDER,
                                                   Action.CREATE, new):
            return {"region": ["outside your territories"]}
        return planned.problems
    named_by = "id" if planned.by_id else "external_id"
    if not policy.may(actor, Resource.STAKEHOLDER, Action.READ, old):
        # As POST /stakeholders answers a taken external id it may not see.
        return unknown_id if planned.by_id else {"external_id": ["already taken for this kind"]}
    if planned.problems:
        return planned.problems
    if not policy.may(actor, Resource.STAKEHOLDER, Action.UPDATE, old):
        return {named_by: ["names a stakeholder outside your territories"]}
    if not policy.may(actor, Resource.STAKEHOLDER, Action.UPDATE, new):
        return {"region": ["outside your territories"]}
    return {}


def _tie_line_problems(actor: User | None, planned: PlannedTie,
                       known: dict[str, Stakeholder]) -> dict[str, list[str]]:
    """What keeps ``actor`` from writing a tie line, as create_tie and update_tie would judge
    it: ends it may not see are no stakeholders, and it must be allowed a tie of one end."""
    tie = planned.new
    unseen = {end: [f"no stakeholder {ref}"] for end, ref in planned.refs.items()
              if end in planned.unplaced
              or not policy.may(actor, Resource.STAKEHOLDER, Action.READ, known[getattr(tie, end)])}
    if unseen:
        return unseen
    if tie.via is not None and not policy.sees_everything(actor) and (
            tie.via not in known
            or not policy.may(actor, Resource.STAKEHOLDER, Action.READ, known[tie.via])):
        return {"via": [f"no stakeholder {tie.via}"]}
    if planned.problems:
        return planned.problems
    action = Action.CREATE if planned.old is None else Action.UPDATE
    if not any(policy.may(actor, Resource.TIE, action, known[end])
               for end in (tie.source, tie.target)):
        return {"source": [tie_write_refused(action)]}
    return {}
