"""The SQLite store's connections and transactions, and what every write does in its own.

WAL mode lets readers go on while one writer writes; every write takes the write lock up front
(``BEGIN IMMEDIATE``) and waits for it up to the busy timeout, so concurrent writers from
threads and processes queue instead of failing. Each thread of each process has its own
connection. Within a write's transaction, a write to the graph first bumps the version (so
that the change feed's triggers record what it touches under the version it makes) and trims
the feed; a write made for an Idempotency-Key claim then records its effect on the claim, and
the write's audit entry comes last, so that all of them commit together or not at all.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import (
    NotFound,
    StoreUnavailable,
    changed_meanwhile,
    moved_meanwhile,
    not_found,
)
from graph_models.domain.idempotency import (
    IdempotentResponse,
    claim_effect,
    claim_taken_over,
    current_claim,
)
from graph_models.domain.queries import Page, Paging
from graph_models.domain.records import to_record
from graph_models.stores.contracts.changes import FeedLimits

T = TypeVar("T")

# Enough '?' marks per statement for any SQLite (the oldest allow 999).
MARKS_PER_STATEMENT = 900


def rows_in(db: sqlite3.Connection, query: str,
            values: Sequence[str] | Sequence[tuple[str, ...]]) -> Iterator[sqlite3.Row]:
    """The rows of ``query`` whose ``{}`` stands for a list of ``values`` (each a value or a
    tuple of them), asked in chunks small enough for any SQLite."""
    width = len(values[0]) if values and isinstance(values[0], tuple) else 1
    mark = "?" if width == 1 else "(" + ",".join("?" * width) + ")"
    size = MARKS_PER_STATEMENT // width
    for start in range(0, len(values), size):
        chunk = values[start:start + size]
        flat = [v for value in chunk for v in value] if width > 1 else chunk
        yield from db.execute(query.format(",".join([mark] * len(chunk))), flat)


AUDIT_COLUMNS = ("id", "at", "actor_id", "action", "object_type", "object_id", "region",
                 "from_state", "to_state", "fields")
INSERT_AUDIT = f"INSERT INTO audit VALUES ({','.join('?' * len(AUDIT_COLUMNS))})"  # noqa: S608


def insert_audit(db: sqlite3.Connection, entries: Iterable[AuditEntry]) -> None:
    """Write audit entries: a write's own, or those an import's review gives."""
    db.executemany(INSERT_AUDIT, map(_audit_row, entries))


def _audit_row(entry: AuditEntry) -> tuple[object, ...]:
    record = to_record(entry)
    return (*(record[name] for name in AUDIT_COLUMNS[:-1]), json.dumps(record["fields"]))


def held_by(claim: IdempotentResponse) -> tuple[str, str, str]:
    """Who holds a claim: the values its statements end with."""
    return claim.user_id, claim.key, claim.request_id


RECORD_EFFECT = ("UPDATE idempotency_claims SET effect = coalesce(effect, ?) "
                 "WHERE user_id = ? AND key = ? AND request_id = ? AND status IS NULL")


def record_effect(db: sqlite3.Connection, claim: IdempotentResponse,
                  audit: AuditEntry | None) -> None:
    """Record a write's effect on the claim it is made for, in the write's transaction;
    Conflict if the claim no longer holds its key (a retry took it over)."""
    if db.execute(RECORD_EFFECT, (claim_effect(audit), *held_by(claim))).rowcount == 0:
        raise claim_taken_over()


READ_VERSION = "SELECT value FROM meta WHERE key = 'version'"


def read_version(db: sqlite3.Connection) -> int:
    """The number of committed writes to the graph."""
    version: int = db.execute(READ_VERSION).fetchone()[0]
    return version


def bump_version(db: sqlite3.Connection, feed: FeedLimits) -> None:
    """Count one more write to the graph, and trim the change feed to the newest versions.

    The feed's floor (``changes_from``) moves first: a reader behind it is told to rebuild.
    Only the versions that fell behind it are deleted, through the feed's index on version.
    """
    db.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
    floor = read_version(db) - feed.keep_versions
    if db.execute("UPDATE meta SET value = ?1 WHERE key = 'changes_from' AND value < ?1",
                  (floor,)).rowcount:
        db.execute("DELETE FROM change_feed WHERE version <= ?", (floor,))


def check_unchanged(db: sqlite3.Connection, query: str, object_id: str, expected: datetime,
                    what: str) -> None:
    """Conflict unless the ``updated_at`` that ``query`` reads for ``object_id`` is
    ``expected`` (an absent object passes: the write then reports it missing)."""
    # The write lock is held (BEGIN IMMEDIATE): nobody can change it between check and write.
    row = db.execute(query, (object_id,)).fetchone()
    if row is not None and datetime.fromisoformat(row[0]) != expected:
        raise changed_meanwhile(what)


def check_revision(db: sqlite3.Connection, query: str, object_id: str, revision: int,
                   what: str) -> None:
    """Compare-and-set: raise unless the object (its state and revision read by ``query``)
    is at ``revision - 1`` (NotFound, or the Conflict naming its stored state). The write
    lock is held, as above."""
    row = db.execute(query, (object_id,)).fetchone()
    if row is None:
        raise not_found(what, object_id)
    if row["revision"] != revision - 1:
        raise moved_meanwhile(what, row["state"])


# The kinds of the change feed's rows: a stakeholder, a tie, or a write to be read whole.
STAKEHOLDER_CHANGE, TIE_CHANGE, REBUILD_MARKER = "stakeholder", "tie", "rebuild"


def record_rebuild(db: sqlite3.Connection) -> None:
    """Record that the write in progress is to be read whole, not replayed: readers behind it
    rebuild, and the triggers record nothing more for its version."""
    db.execute("INSERT OR IGNORE INTO change_feed (version, kind, id) "
               "SELECT value, ?, '' FROM meta WHERE key = 'version'", (REBUILD_MARKER,))


class SqliteConnection:
    """The connection of each thread, its transactions and the version: what every part of
    :class:`~graph_models.stores.sqlite.SqliteStore` runs its SQL through."""

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout_ms: int = 30_000,
                 feed: FeedLimits | None = None):
        self.path = Path(path)
        self.feed = feed or FeedLimits()
        self._busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None and self._local.pid == os.getpid():
            return connection
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, isolation_level=None,
                                         timeout=self._busy_timeout_ms / 1000)
            connection.row_factory = sqlite3.Row
            connection.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA synchronous = NORMAL")
            # Deleted content is overwritten, so an erased person leaves no trace in the file.
            connection.execute("PRAGMA secure_delete = ON")
        except (sqlite3.Error, OSError) as error:
            raise StoreUnavailable("cannot open the SQLite store",
                                   detail=f"{self.path}: {error}") from error
        self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    @contextmanager
    def _transaction(self, *, write: bool, graph: bool = True, audit: AuditEntry | None = None,
                     for_claim: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction. A write takes the lock at once; a write to the ``graph`` bumps
        the version first; an ``audit`` entry is written with it, or not at all. A write made
        ``for_claim`` records the current Idempotency-Key claim (see ``writing_for``)."""
        connection = self._connection()
        try:
            connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.OperationalError as error:
            raise StoreUnavailable("the SQLite store is busy", retry_after=1,
                                   detail=f"{self.path}: {error}") from error
        try:
            if write and graph:
                bump_version(connection, self.feed)
            claim = current_claim() if write and for_claim else None
            if claim is not None:
                record_effect(connection, claim, audit)
            yield connection
            if write and audit is not None:
                insert_audit(connection, [audit])
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def _read_one(self, query: str, convert: Callable[[sqlite3.Row], T], missing: NotFound,
                  *parameters: object) -> T:
        """The one row ``query`` finds, converted; ``missing`` raised when it finds none."""
        row = self._connection().execute(query, parameters).fetchone()
        if row is None:
            raise missing
        return convert(row)

    def _read_page(self, count: str, select: str, values: Sequence[object], query: Paging,
                   convert: Callable[[sqlite3.Row], T]) -> Page[T]:
        """The page of ``query`` that ``select`` (ending in ``LIMIT ? OFFSET ?``) reads, each
        row converted, and the total that ``count`` counts: both over ``values``, in one read
        transaction."""
        with self._transaction(write=False) as db:
            total = db.execute(count, values).fetchone()[0]
            rows = db.execute(select, [*values, query.page_size, query.offset]).fetchall()
        return Page([convert(row) for row in rows], total, query.page, query.page_size)

    def ping(self) -> None:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error as error:
            raise StoreUnavailable("the SQLite store does not answer",
                                   detail=f"{self.path}: {error}") from error

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    def version(self) -> int:
        return read_version(self._connection())

    def lineage(self) -> str:
        row = self._connection().execute("SELECT value FROM meta WHERE key = 'lineage'").fetchone()
        return "" if row is None else format(row[0], "x")
