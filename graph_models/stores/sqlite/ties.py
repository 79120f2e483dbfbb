"""The SQLite store's ties: one row each, its natural key unique."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import not_found, tie_ends_missing, tie_exists, tie_id_taken
from graph_models.domain.queries import Direction
from graph_models.domain.records import fingerprint
from graph_models.domain.stakeholders import Instrument, Tie, TieType
from graph_models.stores.sqlite.connection import SqliteConnection, check_unchanged
from graph_models.stores.sqlite.stakeholders import existing_ids, stamped

TIE_COLUMNS = ("id", "type", "source", "target", "natural_key", "since", "weight", "external_id",
               "strength", "amount", "instrument", "topic", "via", "created_at", "updated_at",
               "fingerprint")


def _tie_row(t: Tie) -> tuple[object, ...]:
    return (t.id, t.type.value, t.source, t.target, t.key, t.since.isoformat(), t.weight,
            t.external_id, t.strength, t.amount, t.instrument and t.instrument.value, t.topic,
            t.via, stamped(t.created_at), stamped(t.updated_at), fingerprint(t))


def tie_from_row(row: sqlite3.Row) -> Tie:
    """The tie a row of the ties table holds."""
    # Built field by field: exports read a million of these, and the generic reader is slower.
    instrument = row["instrument"]
    return Tie(id=row["id"], type=TieType(row["type"]), source=row["source"],
               target=row["target"], since=date.fromisoformat(row["since"]),
               weight=row["weight"], external_id=row["external_id"], strength=row["strength"],
               amount=row["amount"], instrument=instrument and Instrument(instrument),
               topic=row["topic"], via=row["via"],
               created_at=datetime.fromisoformat(row["created_at"]),
               updated_at=datetime.fromisoformat(row["updated_at"]))


INSERT_TIE = f"INSERT INTO ties VALUES ({','.join('?' * len(TIE_COLUMNS))})"  # noqa: S608


def insert_ties(db: sqlite3.Connection, ties: Iterable[Tie]) -> None:
    """Insert new ties; Conflict if a tie's id is taken (an import's plan has checked their
    natural keys)."""
    try:
        db.executemany(INSERT_TIE, map(_tie_row, ties))
    except sqlite3.IntegrityError as error:
        raise tie_id_taken() from error


def insert_tie_unless_known(db: sqlite3.Connection, tie: Tie) -> str:
    """Insert the tie unless its natural key is taken; the id of the pair's tie."""
    db.execute(INSERT_TIE + " ON CONFLICT (natural_key) DO NOTHING", _tie_row(tie))
    tie_id: str = db.execute("SELECT id FROM ties WHERE natural_key = ?",
                             (tie.key,)).fetchone()[0]
    return tie_id


# Type, ends, id and created_at never change.
UPDATE_TIE = """UPDATE ties SET natural_key = ?, since = ?, weight = ?, external_id = ?,
    strength = ?, amount = ?, instrument = ?, topic = ?, via = ?, updated_at = ?,
    fingerprint = ? WHERE id = ?"""


def _tie_update_row(t: Tie) -> tuple[object, ...]:
    """The values of UPDATE_TIE."""
    row = _tie_row(t)
    return (*row[4:13], *row[14:], t.id)


def update_ties(db: sqlite3.Connection, ties: Iterable[Tie]) -> None:
    """Replace the attributes of stored ties."""
    db.executemany(UPDATE_TIE, map(_tie_update_row, ties))


class SqliteTies(SqliteConnection):
    """Ties; see :class:`~graph_models.stores.contracts.stakeholders.StakeholderStore`."""

    def create_tie(self, tie: Tie,
                   *, audit: AuditEntry | None = None) -> Tie:
        with self._transaction(write=True, audit=audit) as db:
            missing = {tie.source, tie.target} - existing_ids(db, [tie.source, tie.target])
            if missing:
                raise tie_ends_missing("source" if tie.source in missing else "target")
            try:
                db.execute(INSERT_TIE, _tie_row(tie))
            except sqlite3.IntegrityError as error:
                raise tie_exists("type") from error
        return tie

    def get_tie(self, tie_id: str) -> Tie:
        return self._read_one("SELECT * FROM ties WHERE id = ?", tie_from_row,
                              not_found("tie", tie_id), tie_id)

    def update_tie(self, tie: Tie, *, expected_updated_at: datetime | None = None,
                   audit: AuditEntry | None = None) -> Tie:
        with self._transaction(write=True, audit=audit) as db:
            if expected_updated_at is not None:
                check_unchanged(db, "SELECT updated_at FROM ties WHERE id = ?", tie.id,
                                expected_updated_at, "tie")
            try:
                cursor = db.execute(UPDATE_TIE, _tie_update_row(tie))
            except sqlite3.IntegrityError as error:
                raise tie_exists("since") from error
            if cursor.rowcount == 0:
                raise not_found("tie", tie.id)
        return tie

    def delete_tie(self, tie_id: str,
                   *, audit: AuditEntry | None = None) -> None:
        with self._transaction(write=True, audit=audit) as db:
            if db.execute("DELETE FROM ties WHERE id = ?", (tie_id,)).rowcount == 0:
                raise not_found("tie", tie_id)

    def ties_of(self, stakeholder_id: str, *, direction: Direction = Direction.BOTH,
                types: frozenset[TieType] | None = None) -> list[Tie]:
        ends = {Direction.OUT: "source = ?", Direction.IN: "target = ?",
                Direction.BOTH: "(source = ? OR target = ?)"}[direction]
        values = [stakeholder_id] * (2 if direction == Direction.BOTH else 1)
        with self._transaction(write=False) as db:
            if not existing_ids(db, [stakeholder_id]):
                raise not_found("stakeholder", stakeholder_id)
            rows = db.execute(f"SELECT * FROM ties WHERE {ends} ORDER BY id",  # noqa: S608
                              values).fetchall()
        ties = [tie_from_row(row) for row in rows]
        return [t for t in ties if types is None or t.type in types]
