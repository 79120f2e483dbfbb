"""The interchange use cases: a bulk import of stakeholders and ties (all or nothing, each line
judged as the single-object use cases would judge it), and the export of the whole graph."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from graph_models.domain import policy
from graph_models.domain.accounts import AuditEntry, User
from graph_models.domain.errors import InvalidInput, StoreUnavailable, with_note
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
from graph_models.domain.policy import Action, Resource
from graph_models.domain.records import tie_from_record
from graph_models.domain.stakeholders import Stakeholder, new_id, now
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import (
    SYSTEM_FIELDS,
    audit,
    audit_of,
    changed_fields,
    checked_tie,
    client_fields,
    new_stakeholder,
    tie_write_refused,
)


@dataclass(frozen=True)
class ImportLine:
    """One line of an import file, already parsed into plain fields."""

    line: int
    fields: dict


class Interchange:
    """Bulk import and export over one store.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/interchange.db")
    >>> store.ensure_schema()
    >>> interchange = Interchange(store)
    >>> interchange.import_lines([ImportLine(1, {"kind": "entrepreneur", "name": "Ήλιος",
    ...                                          "region": "EL522"})], []).stakeholders_created
    1
    >>> len(interchange.export().stakeholders)
    1
    """

    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = now):
        self.store = store
        self._clock = clock

    def import_lines(self, stakeholders: Iterable[ImportLine], ties: Iterable[ImportLine], *,
                     parse_errors: dict | None = None, dry_run: bool = False,
                     actor: User | None = None) -> ImportResult:
        """Upsert a whole file, or nothing if any line breaks a rule.

        Stakeholder lines are matched by ``id`` or by (kind, external_id) and may carry their
        history (``created_at``, consent times) so that an export restores faithfully; tie lines
        name their ends as ``{"id": …}`` or ``{"kind": …, "external_id": …}``. InvalidInput
        lists every bad line, as ``line N.field`` in line order, together with
        ``parse_errors`` found before; a file without a line to import is InvalidInput naming
        its ``body``. Each line obeys the rules of the single-object use cases for ``actor``
        (see :meth:`_review_import`), and each object written gets its own audit entry.
        A ``dry_run`` judges the file the same way and answers what it would write, writing
        nothing (a preview: the store may change before the import itself).
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
        if dry_run:
            plan = self.store.plan_import(stakeholder_items, tie_items)
            review(plan)
            return plan.result()
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
                                        fields=changed_fields(s.old, s.new) if s.old else ()))
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
