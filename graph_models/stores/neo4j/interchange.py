"""The Neo4j store's bulk upserts and export.

An import is planned, reviewed and written in one transaction when it fits one; a larger one is
checked whole first, then written in several (see ``IMPORT_BATCH_ITEMS``). Within a
transaction, stakeholders are written per kind and ties per type, in batches of rows. Each
transaction records what it wrote in the change feed, or a rebuild marker if it wrote more than
the feed replays.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import ConstraintError

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import (
    Conflict,
    SyndesmosError,
    no_stakeholder_of_kind,
    tie_ends_missing,
    tie_id_taken,
    with_note,
)
from graph_models.domain.interchange import (
    Change,
    GraphExport,
    ImportResult,
    ImportReview,
    MatchingExport,
    StakeholderImport,
    TieColumns,
    TieImport,
    UpsertPlan,
    named_in_import,
    plan_upsert,
    refuse_problems,
)
from graph_models.domain.records import fingerprint
from graph_models.domain.stakeholders import Kind, Stakeholder, Tie, TieType
from graph_models.stores.neo4j.connection import (
    AUDIT_FIELDS,
    Neo4jConnection,
    read_version,
    record_changes,
    record_rebuild,
)
from graph_models.stores.neo4j.cypher import row_of, set_columns
from graph_models.stores.neo4j.stakeholders import (
    STAKEHOLDER,
    insert_stakeholders,
    read_stakeholders,
    replace_stakeholders,
    stakeholder_conflict,
    stakeholder_from_values,
    stakeholder_row,
)
from graph_models.stores.neo4j.ties import (
    TIE,
    TIE_PATTERN,
    TIE_TYPES,
    UPDATE_COLUMNS,
    create_ties,
    new_tie_row,
    tie_from_row,
    update_row,
)

T = TypeVar("T")

BATCH_SIZE = 10_000
# A transaction holds what it writes in the server's heap until it commits (all transactions
# together at most 70% of the heap: ~700 MiB on the default 1 GiB, which one 50 MB import
# overflowed). A larger import is written in several transactions of at most so many items,
# or characters of text, each: ~210 MiB at most for a 50 MB file. No transaction being too
# large on its own, a MemoryPoolOutOfMemoryError means others hold the memory for now, which
# the driver's retries may wait out.
IMPORT_BATCH_ITEMS = 5_000
IMPORT_BATCH_CHARACTERS = 10_000_000


def _batches(items: list[T], size: int = BATCH_SIZE) -> Iterable[list[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _import_conflict(error: ConstraintError) -> Conflict:
    # An import updates the ties whose natural key exists, so a tie can only clash by its id.
    if (error.message or "").startswith("Relationship"):
        return tie_id_taken()
    return stakeholder_conflict(error)


def _import_batches(stakeholders: list[StakeholderImport], ties: list[TieImport],
                    ) -> list[tuple[list[StakeholderImport], list[TieImport]]]:
    """The import cut into transactions: stakeholders first, each within the limits above."""
    batches: list[tuple[list[StakeholderImport], list[TieImport]]] = [([], [])]
    items = characters = 0

    def batch_with_room(size: int) -> tuple[list[StakeholderImport], list[TieImport]]:
        nonlocal items, characters
        if items and (items == IMPORT_BATCH_ITEMS
                      or characters + size > IMPORT_BATCH_CHARACTERS):
            batches.append(([], []))
            items = characters = 0
        items, characters = items + 1, characters + size
        return batches[-1]

    for stakeholder in stakeholders:
        batch_with_room(_text_size(stakeholder))[0].append(stakeholder)
    for tie in ties:
        batch_with_room(_text_size(tie))[1].append(tie)
    return batches


def _text_size(item: StakeholderImport | TieImport) -> int:
    """Roughly how many characters an item writes: a stakeholder's description is held up to
    four times (as itself, and in three forms in search_text)."""
    if isinstance(item, TieImport):
        return 300
    return 1_000 + 4 * len(item.stakeholder.description)


STAKEHOLDERS_BY_EXTERNAL_ID = ("UNWIND $pairs AS pair MATCH (s:Stakeholder {kind: pair[0], "
                               "external_id: pair[1]}) RETURN " + STAKEHOLDER)
TIES_BY_KEY = {
    t: "UNWIND $keys AS key MATCH (a)-[r:" + t.value + " {natural_key: key}]->(b) RETURN " + TIE
    for t in TieType
}


def _plan(tx: neo4j.ManagedTransaction, stakeholders: list[StakeholderImport],
          ties: list[TieImport]) -> UpsertPlan:
    """The import's plan, from the stored stakeholders and ties it names (read through the
    unique indexes: the cost is the import's size, not the store's)."""
    ids, pairs = named_in_import(stakeholders, ties)
    stored = [*read_stakeholders(tx, ids),
              *(stakeholder_from_values(record["s"]) for record in tx.run(
                  STAKEHOLDERS_BY_EXTERNAL_ID, pairs=[[k.value, e] for k, e in pairs]))]

    def stored_ties(keys: list[str]) -> dict[str, Tie]:
        by_type: dict[TieType, list[str]] = {}
        for key in keys:  # a natural key starts with its type's name
            by_type.setdefault(TIE_TYPES[key.partition("|")[0]], []).append(key)
        return {tie.key: tie for tie_type, some in by_type.items()
                for record in tx.run(TIES_BY_KEY[tie_type], keys=some)
                for tie in [tie_from_row(record["t"])]}

    return plan_upsert(stakeholders, ties, stored, stored_ties)


CREATE_AUDITS = "UNWIND $rows AS row CREATE (a:AuditEntry) SET " + set_columns("a", AUDIT_FIELDS)


def _write_plan(tx: neo4j.ManagedTransaction, plan: UpsertPlan, entries: list[AuditEntry],
                replay_at_most: int) -> None:
    """Write what the plan creates and replaces, the audit entries, and the change feed's
    record of them: a rebuild marker if they are more than ``replay_at_most``."""
    by_kind: dict[Kind, list[list[Any]]] = {}
    for s in plan.stakeholders_to(Change.CREATED):
        by_kind.setdefault(s.kind, []).append(stakeholder_row(s))
    for kind, rows in by_kind.items():
        for batch in _batches(rows):
            insert_stakeholders(tx, kind, batch)
    for batch in _batches([stakeholder_row(s) for s in plan.stakeholders_to(Change.UPDATED)]):
        if replace_stakeholders(tx, batch) != len(batch):
            raise no_stakeholder_of_kind()
    for change, write in ((Change.CREATED, _create_ties), (Change.UPDATED, _update_ties)):
        by_type: dict[TieType, list[Tie]] = {}
        for t in plan.ties_to(change):
            by_type.setdefault(t.type, []).append(t)
        for tie_type, same_type in by_type.items():
            for some_ties in _batches(same_type):
                write(tx, tie_type, some_ties)
    for audit_rows in _batches([row_of(entry, AUDIT_FIELDS) for entry in entries]):
        tx.run(CREATE_AUDITS, rows=audit_rows).consume()
    written = (Change.CREATED, Change.UPDATED)
    if plan.result().written > replay_at_most:
        record_rebuild(tx)
    else:
        record_changes(tx, stakeholders=[s.id for change in written
                                         for s in plan.stakeholders_to(change)],
                       ties=[(t.type.value, t.id) for change in written
                             for t in plan.ties_to(change)])


TIE_IDS_TAKEN = ("UNWIND $ids AS id WITH id WHERE "
                 + " OR ".join("EXISTS { MATCH ()-[:" + t.value + " {id: id}]->() }"
                               for t in TieType)
                 + " RETURN id LIMIT 1")


def _create_ties(tx: neo4j.ManagedTransaction, tie_type: TieType, ties: list[Tie]) -> None:
    rows = [new_tie_row(t, fingerprint(t)) for t in ties]
    # Constraints keep tie ids unique per type only; SQLite's are unique across types.
    if tx.run(TIE_IDS_TAKEN, ids=[row[2] for row in rows]).single():
        raise tie_id_taken()
    if create_ties(tx, tie_type, rows) != len(rows):
        # The plan placed every end, and graph writers queue: only a bug gets here.
        raise tie_ends_missing("target")


UPDATE_TIES = {
    t: "UNWIND $rows AS row MATCH ()-[r:" + t.value + " {natural_key: row[0]}]->() SET "
       + set_columns("r", UPDATE_COLUMNS, skip=1) + " RETURN count(r) AS written"
    for t in TieType
}


def _update_ties(tx: neo4j.ManagedTransaction, tie_type: TieType, ties: list[Tie]) -> None:
    tx.run(UPDATE_TIES[tie_type], rows=[update_row(t, fingerprint(t)) for t in ties]).consume()


def _by_id(item: Stakeholder | Tie) -> str:
    return item.id


class Neo4jInterchange(Neo4jConnection):
    """Imports and exports; see
    :class:`~graph_models.stores.contracts.interchange.InterchangeStore`."""

    def plan_import(self, stakeholders: list[StakeholderImport],
                    ties: list[TieImport]) -> UpsertPlan:
        """What :meth:`bulk_upsert` would do now, read without writing anything."""
        return self._read(_plan, stakeholders, ties)

    def bulk_upsert(self, stakeholders: list[StakeholderImport], ties: list[TieImport], *,
                    review: ImportReview | None = None,
                    audit: AuditEntry | None = None) -> ImportResult:
        """Upsert stakeholders and ties: all or nothing when they fit one transaction.

        A transaction plans its items (:func:`~graph_models.domain.interchange.plan_upsert`), has
        ``review`` refuse them or give their audit entries, and writes stakeholders per kind
        and ties per type. An import larger than one transaction holds (see
        ``IMPORT_BATCH_ITEMS``) is first planned and reviewed whole in a read transaction, so
        that a bad line still writes nothing; it is then written in several transactions,
        stakeholders first. Should one of them fail, those before it stay written and the
        error says how far it got: sending the same import again completes it, since an
        import writes nothing twice.
        """
        check = review or refuse_problems
        batches = _import_batches(stakeholders, ties)
        if len(batches) > 1:
            self._read(lambda tx: check(_plan(tx, stakeholders, ties)))

        def upsert(tx: neo4j.ManagedTransaction, some_stakeholders: list[StakeholderImport],
                   some_ties: list[TieImport]) -> ImportResult:
            plan = _plan(tx, some_stakeholders, some_ties)
            _write_plan(tx, plan, check(plan), self.feed.replay_at_most)
            return plan.result()

        result, written, total = ImportResult(), 0, len(stakeholders) + len(ties)
        for number, (some_stakeholders, some_ties) in enumerate(batches, start=1):
            try:
                # A long import legitimately outlasts the single-write timeout: none here.
                result += self._write(upsert, some_stakeholders, some_ties, timeout=None,
                                      audit=audit if number == len(batches) else None,
                                      conflict=_import_conflict)
            except SyndesmosError as error:
                if not written:
                    raise
                raise with_note(error, f"but {written} of the import's {total} lines had "
                                       "been written before, in transactions of their own"
                                ) from error
            written += len(some_stakeholders) + len(some_ties)
        return result

    def export(self) -> GraphExport:
        """Every stakeholder and tie, ordered by id, with the version they were read at."""

        def read(tx: neo4j.ManagedTransaction) -> GraphExport:
            version = read_version(tx)
            stakeholders = _all_stakeholders(tx)
            ties = [tie_from_row(r["t"]) for r in tx.run(
                "MATCH (a:Stakeholder)-[r" + TIE_PATTERN + "]->(b:Stakeholder) RETURN " + TIE)]
            return GraphExport(version=version, stakeholders=stakeholders, ties=ties)

        export = self._read(read)
        # Sorted here, not by the server: Python orders str by code point, as Neo4j and SQLite
        # do, and a million-row ORDER BY would have to fit in the server's heap.
        export.stakeholders.sort(key=_by_id)
        export.ties.sort(key=_by_id)
        return export

    def export_for_matching(self) -> MatchingExport:
        def read(tx: neo4j.ManagedTransaction) -> MatchingExport:
            version = read_version(tx)
            stakeholders = _all_stakeholders(tx)
            return MatchingExport(version, stakeholders, _tie_columns(tx))

        export = self._read(read)
        export.stakeholders.sort(key=_by_id)  # as in export()
        return export


def _all_stakeholders(tx: neo4j.ManagedTransaction) -> list[Stakeholder]:
    """Every stakeholder, unordered: what both exports read first."""
    return [stakeholder_from_values(r["s"])
            for r in tx.run("MATCH (s:Stakeholder) RETURN " + STAKEHOLDER)]


# The ties by source, each field as one list: the driver decodes lists in its Rust extension, so
# a record per stakeholder costs far less than one per tie, and no record holds every tie (the
# server's heap). A list drops nulls, so an absent weight or strength comes as 0, which neither
# may be (validate_tie).
READ_TIES_BY_SOURCE = (
    "MATCH (a:Stakeholder)-[r" + TIE_PATTERN + "]->(b:Stakeholder) "
    "WITH a.id AS source, collect(r.id) AS ids, collect(b.id) AS targets, "
    "collect(type(r)) AS types, collect(coalesce(r.weight, 0.0)) AS weights, "
    "collect(coalesce(r.strength, 0)) AS strengths, collect(toString(r.since)) AS since "
    "RETURN source, ids, targets, types, weights, strengths, since")


def _tie_columns(tx: neo4j.ManagedTransaction) -> TieColumns:
    """Every tie as columns, read by source (see READ_TIES_BY_SOURCE)."""
    columns = TieColumns([], [], [], [], [], [], [])
    since: list[str] = []
    for source, ids, targets, types, weights, strengths, days in tx.run(READ_TIES_BY_SOURCE):
        columns.ids.extend(ids)
        columns.sources.extend([source] * len(ids))
        columns.targets.extend(targets)
        columns.types.extend(types)
        columns.weights.extend(weight or None for weight in weights)
        columns.strengths.extend(strength or None for strength in strengths)
        since.extend(days)
    columns.since.extend(map(date.fromisoformat, since))
    return columns
