"""The SQLite store's stakeholders: one row each, with the facet rows searches filter on.

Erasing one is :mod:`graph_models.stores.sqlite.erasure`'s work.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import (
    Conflict,
    external_id_taken,
    no_stakeholder_of_kind,
    not_found,
    stakeholder_id_taken,
)
from graph_models.domain.queries import Page, StakeholderOrder, StakeholderQuery
from graph_models.domain.records import fingerprint, stakeholder_from_record, stakeholder_to_record
from graph_models.domain.stakeholders import Stakeholder
from graph_models.domain.text import fold
from graph_models.stores.sqlite.connection import SqliteConnection, check_unchanged

FACETS = ("sectors", "needs", "offers", "languages")


def stamped(moment: datetime | None) -> str:
    """A creation or change time as stored; the use cases stamp every object they write."""
    if moment is None:
        raise ValueError("the store writes only objects stamped with their times")
    return moment.isoformat()


def _stakeholder_row(s: Stakeholder) -> tuple[object, ...]:
    return (s.id, s.kind.value, s.external_id, s.name, fold(s.name), s.region,
            int(s.discoverable), s.search_text, stamped(s.created_at),
            stamped(s.updated_at), fingerprint(s),
            json.dumps(stakeholder_to_record(s), ensure_ascii=False))


def _facet_rows(s: Stakeholder) -> Iterator[tuple[str, str, str]]:
    for facet in FACETS:
        for value in set(getattr(s, facet)):
            yield facet, value, s.id


def stakeholder_from_row(row: sqlite3.Row) -> Stakeholder:
    """The stakeholder a row's ``record`` column keeps."""
    return stakeholder_from_record(json.loads(row["record"]))


def _stakeholder_conflict(error: sqlite3.IntegrityError) -> Conflict:
    if "external_id" in str(error):
        return external_id_taken()
    return stakeholder_id_taken()


def insert_stakeholders(db: sqlite3.Connection, stakeholders: list[Stakeholder]) -> None:
    """Insert new stakeholders with their facets; Conflict if an id or external id is taken."""
    try:
        db.executemany("INSERT INTO stakeholders VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                       [_stakeholder_row(s) for s in stakeholders])
    except sqlite3.IntegrityError as error:
        raise _stakeholder_conflict(error) from error
    db.executemany("INSERT INTO stakeholder_facets VALUES (?,?,?)",
                   [row for s in stakeholders for row in _facet_rows(s)])


def replace_stakeholders(db: sqlite3.Connection, stakeholders: list[Stakeholder]) -> None:
    """Replace stored stakeholders (of the same id and kind) and their facets; NotFound if
    one is missing, Conflict if an external id is taken."""
    rows = [(*_stakeholder_row(s)[2:], s.id, s.kind.value) for s in stakeholders]
    try:
        cursor = db.executemany(
            """UPDATE stakeholders SET external_id = ?, name = ?, sort_name = ?, region = ?,
               discoverable = ?, search_text = ?, created_at = ?, updated_at = ?,
               fingerprint = ?, record = ?
               WHERE id = ? AND kind = ?""", rows)
    except sqlite3.IntegrityError as error:
        raise _stakeholder_conflict(error) from error
    if cursor.rowcount != len(rows):
        raise no_stakeholder_of_kind()
    db.executemany("DELETE FROM stakeholder_facets WHERE stakeholder_id = ?",
                   [(s.id,) for s in stakeholders])
    db.executemany("INSERT INTO stakeholder_facets VALUES (?,?,?)",
                   [row for s in stakeholders for row in _facet_rows(s)])


def existing_ids(db: sqlite3.Connection, ids: list[str]) -> set[str]:
    """Which of these stakeholder ids exist."""
    marks = ",".join("?" * len(ids))
    return {row[0] for row in db.execute(
        f"SELECT id FROM stakeholders WHERE id IN ({marks})", ids)}  # noqa: S608


def _among_clauses(clauses: list[str], ids: tuple[str, ...],
                   regions: tuple[str, ...]) -> list[str | int]:
    """Add to ``clauses`` (to be ORed) the tests "id is one of ``ids``" and "region lies in
    one of ``regions``"; return their values."""
    values: list[str | int] = []
    if ids:
        clauses.append(f"id IN ({','.join('?' * len(ids))})")
        values += ids
    for region in regions:
        clauses.append("substr(region, 1, ?) = ?")
        values += [len(region), region]
    return values


# Column names for ORDER BY come from this table only, keyed by the enum.
ORDER_COLUMNS = {
    StakeholderOrder.NAME: "sort_name",
    StakeholderOrder.CREATED_AT: "created_at",
    StakeholderOrder.UPDATED_AT: "updated_at",
}
QUERY_FACETS = {"sector": "sectors", "need": "needs", "offer": "offers", "language": "languages"}


class SqliteStakeholders(SqliteConnection):
    """Stakeholders; see :class:`~graph_models.stores.contracts.stakeholders.StakeholderStore`."""

    def create_stakeholder(self, stakeholder: Stakeholder,
                           *, audit: AuditEntry | None = None) -> Stakeholder:
        with self._transaction(write=True, audit=audit) as db:
            insert_stakeholders(db, [stakeholder])
        return stakeholder

    def get_stakeholder(self, stakeholder_id: str) -> Stakeholder:
        return self._read_one("SELECT record FROM stakeholders WHERE id = ?",
                              stakeholder_from_row, not_found("stakeholder", stakeholder_id),
                              stakeholder_id)

    def get_stakeholders(self, stakeholder_ids: list[str]) -> dict[str, Stakeholder]:
        found = {}
        db = self._connection()
        for start in range(0, len(stakeholder_ids), 500):
            chunk = stakeholder_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in db.execute(f"SELECT id, record FROM stakeholders WHERE id IN ({marks})",  # noqa: S608 - only '?' marks
                                  chunk):
                found[row["id"]] = stakeholder_from_row(row)
        return found

    def update_stakeholder(self, stakeholder: Stakeholder, *,
                           expected_updated_at: datetime | None = None,
                           audit: AuditEntry | None = None) -> Stakeholder:
        with self._transaction(write=True, audit=audit) as db:
            if expected_updated_at is not None:
                check_unchanged(db, "SELECT updated_at FROM stakeholders WHERE id = ?",
                                stakeholder.id, expected_updated_at, "stakeholder")
            replace_stakeholders(db, [stakeholder])
        return stakeholder

    def find_stakeholders(self, query: StakeholderQuery) -> Page[Stakeholder]:
        # The WHERE clause is assembled from the fixed fragments below; every value is a '?'.
        clauses: list[str] = []
        values: list[str | int] = []
        if query.kind is not None:
            clauses.append("kind = ?")
            values.append(query.kind.value)
        if query.region is not None:
            clauses.append("substr(region, 1, ?) = ?")
            values += [len(query.region), query.region]
        for name, facet in QUERY_FACETS.items():
            value = getattr(query, name)
            if value is not None:
                clauses.append("id IN (SELECT stakeholder_id FROM stakeholder_facets "
                               "WHERE facet = ? AND value = ?)")
                values += [facet, value]
        if query.need is not None and query.public_needs_only:
            # needs_private lives in the record only; read it just for the rows with the need.
            seen = ["coalesce(json_extract(record, '$.needs_private'), 0) = 0"]
            values += _among_clauses(seen, query.private_needs_ids, query.private_needs_regions)
            clauses.append(f"({' OR '.join(seen)})")
        terms = query.text_terms
        if terms is not None:
            # Each term must be found by one of its forms; a text without terms finds nothing.
            clauses += [f"({' OR '.join(['instr(search_text, ?) > 0'] * len(forms))})"
                        for forms in terms] or ["0 = 1"]
            values += [form for forms in terms for form in forms]
        if query.discoverable_only:
            seen = ["discoverable = 1"]
            values += _among_clauses(seen, query.also_ids, query.also_regions)
            clauses.append(f"({' OR '.join(seen)})")
        where = " AND ".join(clauses) or "1 = 1"
        order = ORDER_COLUMNS[query.order]
        return self._read_page(
            f"SELECT count(*) FROM stakeholders WHERE {where}",  # noqa: S608 - fixed fragments
            f"SELECT record FROM stakeholders WHERE {where} "  # noqa: S608
            f"ORDER BY {order}, id LIMIT ? OFFSET ?", values, query, stakeholder_from_row)
