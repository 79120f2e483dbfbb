"""Imports and exports of the graph: the lines of a file, the plan that decides what each
creates or replaces, and what the import did."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import InvalidInput
from graph_models.domain.records import fingerprint
from graph_models.domain.stakeholders import Kind, Stakeholder, Tie, tie_problems

LINE_KEY = re.compile(r"line (\d+)\b")


@dataclass(frozen=True)
class StakeholderRef:
    """A stakeholder named, in an import file, by its id or by its kind and external id."""

    id: str | None = None
    kind: Kind | None = None
    external_id: str | None = None

    def __str__(self) -> str:
        kind = self.kind.value if self.kind else "stakeholder"
        return self.id or f"{kind} with external_id {self.external_id}"


@dataclass(frozen=True)
class StakeholderImport:
    """A stakeholder to upsert, with the line of the file it came from (for error messages)."""

    stakeholder: Stakeholder
    line: int | None = None


@dataclass(frozen=True)
class TieImport:
    """A tie to upsert whose ends are named by :class:`StakeholderRef`.

    ``tie.source`` and ``tie.target`` are ignored; the store resolves the refs inside the
    import's transaction.
    """

    tie: Tie
    source: StakeholderRef
    target: StakeholderRef
    line: int | None = None


@dataclass
class ImportResult:
    stakeholders_created: int = 0
    stakeholders_updated: int = 0
    stakeholders_unchanged: int = 0
    ties_created: int = 0
    ties_updated: int = 0
    ties_unchanged: int = 0

    @property
    def written(self) -> int:
        """How many stakeholders and ties the import creates or replaces."""
        return (self.stakeholders_created + self.stakeholders_updated + self.ties_created
                + self.ties_updated)

    def __add__(self, other: ImportResult) -> ImportResult:
        return ImportResult(*(getattr(self, f.name) + getattr(other, f.name)
                              for f in dataclasses.fields(self)))


@dataclass(frozen=True)
class GraphExport:
    """Everything in the store at one version, read in one transaction."""

    version: int
    stakeholders: list[Stakeholder]
    ties: list[Tie]


@dataclass(frozen=True)
class TieColumns:
    """Ties as one list per field, position by position: what matching reads of them, read in
    bulk without making a :class:`Tie` of each (a million of them at 10⁵ stakeholders).
    ``types`` are TieType values; ``weights`` and ``strengths`` may hold None."""

    ids: list[str]
    sources: list[str]
    targets: list[str]
    types: list[str]
    weights: list[float | None]
    strengths: list[int | None]
    since: list[date]

    @classmethod
    def of_rows(cls, rows: list) -> TieColumns:
        """The columns of rows that each hold the fields in this class's order, ``since`` as
        an ISO date."""
        if not rows:
            return cls([], [], [], [], [], [], [])
        ids, sources, targets, types, weights, strengths, since = map(list, zip(*rows,
                                                                                strict=True))
        return cls(ids, sources, targets, types, weights, strengths,
                   list(map(date.fromisoformat, since)))


@dataclass(frozen=True)
class MatchingExport:
    """What a match index is built from, read in one transaction at one version: every
    stakeholder, ordered by id, and every tie as columns, in no particular order."""

    version: int
    stakeholders: list[Stakeholder]
    ties: TieColumns


class Change(StrEnum):
    """What an import does with an object."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class PlannedStakeholder:
    """What an import does with one stakeholder: ``new`` as it will be stored, ``old`` as it is
    stored (None: it is created), matched ``by_id`` or else by kind and external id.
    ``problems`` (by field) keep it from being written."""

    where: str
    line: int | None
    new: Stakeholder
    old: Stakeholder | None
    by_id: bool
    change: Change
    problems: dict[str, list[str]]


@dataclass(frozen=True)
class PlannedTie:
    """What an import does with one tie: ``new`` with the ends its refs name (the ``unplaced``
    ends name no stakeholder and stay as the refs), ``old`` as stored under its natural key."""

    where: str
    line: int | None
    refs: dict[str, StakeholderRef]
    new: Tie
    old: Tie | None
    change: Change
    problems: dict[str, list[str]]
    unplaced: tuple[str, ...] = ()


@dataclass(frozen=True)
class UpsertPlan:
    """An import decided item by item; ``known`` holds every stakeholder it names, by id, as
    the import leaves it."""

    stakeholders: list[PlannedStakeholder]
    ties: list[PlannedTie]
    known: dict[str, Stakeholder]

    @property
    def errors(self) -> dict[str, list[str]]:
        """Every item's problems as ``line N.field``, in line order."""
        items: list[PlannedStakeholder | PlannedTie] = [*self.stakeholders, *self.ties]
        return in_line_order({f"{item.where}.{name}": messages for item in items
                              for name, messages in item.problems.items()})

    def stakeholders_to(self, change: Change) -> list[Stakeholder]:
        return [item.new for item in self.stakeholders if item.change == change]

    def ties_to(self, change: Change) -> list[Tie]:
        return [item.new for item in self.ties if item.change == change]

    def result(self) -> ImportResult:
        return ImportResult(**{
            f"{what}_{change.value}": sum(item.change == change for item in items)
            for what, items in (("stakeholders", self.stakeholders), ("ties", self.ties))
            for change in Change})


# Reviews a plan inside the import's transaction: raises to refuse it, or returns the audit
# entries to write with it.
ImportReview = Callable[[UpsertPlan], list[AuditEntry]]


IMPORT_REFUSED = "the import has invalid lines; nothing was written"


def refuse_problems(plan: UpsertPlan) -> list[AuditEntry]:
    """The review of an import with no actor to check: only the plan's own problems."""
    if plan.errors:
        raise InvalidInput(IMPORT_REFUSED, errors=plan.errors)
    return []


def named_in_import(stakeholders: list[StakeholderImport],
                    ties: list[TieImport]) -> tuple[list[str], list[tuple[Kind, str]]]:
    """The ids and the (kind, external id) pairs an import names: what :func:`plan_upsert`
    needs to know of the store, which reads just these through its unique indexes."""
    ids: set[str] = set()
    pairs: set[tuple[Kind, str]] = set()
    for item in stakeholders:
        ids.add(item.stakeholder.id)
        if item.stakeholder.external_id is not None:
            pairs.add((item.stakeholder.kind, item.stakeholder.external_id))
    for tie_item in ties:
        ids.update(filter(None, [tie_item.tie.via]))
        for ref in (tie_item.source, tie_item.target):
            if ref.id is not None:
                ids.add(ref.id)
            elif ref.kind is not None and ref.external_id is not None:
                pairs.add((ref.kind, ref.external_id))
    return sorted(ids), sorted(pairs)


def plan_upsert(stakeholders: list[StakeholderImport], ties: list[TieImport],
                stored: Iterable[Stakeholder],
                stored_ties: Callable[[list[str]], dict[str, Tie]]) -> UpsertPlan:
    """Decide, inside an import's transaction, what each item creates, replaces or leaves.

    Shared by the stores so that both match items the same way. ``stored`` holds (at least)
    the stored stakeholders the import names (see :func:`named_in_import`); ``stored_ties``
    reads the stored ties of some natural keys. A stakeholder line replaces the one of its id,
    else the one of its kind and external id, keeping that one's id, created_at and the times
    of the consents it still gives; a tie line replaces the tie of its natural key, keeping its
    id and created_at. One whose content is the stored one's is left alone. Problems: an item
    named twice, a kind that would change, a ref that names no stakeholder, a tie its ends'
    kinds do not allow, an external id that names a tie between other stakeholders.
    """
    by_id = {s.id: s for s in stored}
    by_external_id = {(s.kind, s.external_id): s for s in by_id.values()
                      if s.external_id is not None}
    planned = _plan_stakeholders(stakeholders, by_id, by_external_id)
    known = dict(by_id)
    for item in planned:
        # An item with problems (named twice, say) does not hide the one it clashes with.
        settle = dict.setdefault if item.problems else dict.__setitem__
        settle(known, item.new.id, item.new)
        if item.new.external_id is not None:
            settle(by_external_id, (item.new.kind, item.new.external_id), item.new)
    return UpsertPlan(planned, _plan_ties(ties, known, by_external_id, stored_ties), known)


def _plan_stakeholders(stakeholders: list[StakeholderImport], by_id: dict[str, Stakeholder],
                       by_external_id: dict) -> list[PlannedStakeholder]:
    planned: list[PlannedStakeholder] = []
    seen: dict[tuple, str] = {}
    for number, item in enumerate(stakeholders, start=1):
        s, where = item.stakeholder, _where(item.line, "stakeholder", number)
        problems: dict[str, list[str]] = {}
        old = by_id.get(s.id)
        matched_by_id = old is not None
        if old is None and s.external_id is not None:
            old = by_external_id.get((s.kind, s.external_id))
        names: list[tuple[str, tuple]] = [("id", ("id", s.id))]
        if s.external_id is not None:
            names.append(("external_id", ("external_id", s.kind, s.external_id)))
        for name, key in names:
            if key in seen:
                problems.setdefault(name, []).append(f"repeats {seen[key]}")
        if old is not None and not problems and ("placed", old.id) in seen:
            problems["id" if matched_by_id else "external_id"] = [
                f"names the same stakeholder as {seen['placed', old.id]}"]
        for _, key in [*names, (None, ("placed", (old or s).id))]:
            seen.setdefault(key, where)
        if old is None:
            planned.append(PlannedStakeholder(where, item.line, s, None, False, Change.CREATED,
                                              problems))
            continue
        if old.kind != s.kind:
            problems.setdefault("kind", []).append(
                f"stakeholder {old.id} is a {old.kind.value}; a kind never changes")
        new = dataclasses.replace(
            s, id=old.id, created_at=old.created_at,
            discoverable_at=_consent_time(s.discoverable, old.discoverable_at,
                                          s.discoverable_at),
            contact_sharing_at=_consent_time(s.contact_sharing, old.contact_sharing_at,
                                             s.contact_sharing_at))
        change = Change.UNCHANGED if fingerprint(old) == fingerprint(s) else Change.UPDATED
        planned.append(PlannedStakeholder(where, item.line, new, old, matched_by_id, change,
                                          problems))
    return planned


def _plan_ties(ties: list[TieImport], known: dict[str, Stakeholder], by_external_id: dict,
               stored_ties: Callable[[list[str]], dict[str, Tie]]) -> list[PlannedTie]:
    placed = []
    for number, item in enumerate(ties, start=1):
        refs = {"source": item.source, "target": item.target}
        ends: dict[str, str] = {}
        unplaced: tuple[str, ...] = ()
        for end, ref in refs.items():
            found = known.get(ref.id) if ref.id is not None else by_external_id.get(
                (ref.kind, ref.external_id))
            if found is None:
                unplaced += (end,)
            ends[end] = str(ref) if found is None else found.id
        tie = dataclasses.replace(item.tie, source=ends["source"], target=ends["target"])
        problems = {end: [f"no stakeholder {refs[end]}"] for end in unplaced}
        if not unplaced:
            if tie.source == tie.target or tie.via in (tie.source, tie.target):
                # Rules on the ends that refs of two forms (an id, an external id) can hide.
                problems.update(tie_problems(tie))
            kinds = (known[tie.source].kind, known[tie.target].kind)
            if not tie.type.allows(*kinds):
                problems.setdefault("type", []).append(
                    f"not allowed from {kinds[0].value} to {kinds[1].value}")
        placed.append((_where(item.line, "tie", number), item, refs, tie, problems, unplaced))
    stored = stored_ties(sorted({tie.key for *_, tie, _, unplaced in placed if not unplaced}))
    planned: list[PlannedTie] = []
    seen: dict[str, str] = {}
    for where, item, refs, tie, problems, unplaced in placed:
        old = None if unplaced else stored.get(tie.key)
        if not unplaced:
            earlier = seen.setdefault(tie.key, where)
            if earlier != where:
                problems.setdefault("type", []).append(f"the same tie as {earlier}")
        if old is not None and not _same_ends(old, tie):
            problems.setdefault("external_id", []).append(
                "names a tie between other stakeholders")
        if old is None:
            new, change = tie, Change.CREATED
        else:
            new = dataclasses.replace(tie, id=old.id, created_at=old.created_at)
            change = Change.UNCHANGED if fingerprint(old) == fingerprint(tie) else Change.UPDATED
        planned.append(PlannedTie(where, item.line, refs, new, old, change, problems, unplaced))
    return planned


def _same_ends(a: Tie, b: Tie) -> bool:
    if a.type.directed:
        return (a.source, a.target) == (b.source, b.target)
    return {a.source, a.target} == {b.source, b.target}


def _consent_time(given: bool, stored: datetime | None, new: datetime | None):
    """A consent still given keeps the time it was first given."""
    return (stored or new) if given else None


def in_line_order(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """An import's problems ordered by their line number, the others first as they came.

    >>> list(in_line_order({"line 10.name": [], "line 2": [], "body": [], "line 2.id": []}))
    ['body', 'line 2', 'line 2.id', 'line 10.name']
    """
    def line_of(name: str) -> int:
        found = LINE_KEY.match(name)
        return int(found.group(1)) if found else 0

    return dict(sorted(errors.items(), key=lambda item: line_of(item[0])))


def _where(line: int | None, what: str, number: int) -> str:
    return f"line {line}" if line else f"{what} {number}"
