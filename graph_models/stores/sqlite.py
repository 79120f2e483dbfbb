"""The embedded store: SQLite from the standard library, the zero-set-up default.

WAL mode lets readers go on while one writer writes; every write takes the write lock up front
(``BEGIN IMMEDIATE``) and waits for it up to the busy timeout, so concurrent writers from
threads and processes queue instead of failing. Each thread of each process has its own
connection. A stakeholder is one row with its full record as JSON, plus the indexed columns and
the facet rows (sectors, needs, offers, languages) that searches filter on.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from graph_models.domain.accounts import ApiToken, AuditEntry, User
from graph_models.domain.errors import (
    Conflict,
    NotFound,
    StoreUnavailable,
    changed_meanwhile,
    moved_meanwhile,
)
from graph_models.domain.idempotency import current_claim
from graph_models.domain.interchange import (
    Change,
    GraphExport,
    ImportResult,
    ImportReview,
    StakeholderImport,
    TieImport,
    UpsertPlan,
    named_in_import,
    plan_upsert,
    refuse_problems,
)
from graph_models.domain.queries import (
    AuditQuery,
    Direction,
    Page,
    StakeholderOrder,
    StakeholderQuery,
)
from graph_models.domain.records import (
    fingerprint,
    from_record,
    stakeholder_from_record,
    stakeholder_to_record,
    to_record,
)
from graph_models.domain.stakeholders import Instrument, Stakeholder, Tie, TieType
from graph_models.domain.text import fold
from graph_models.stores.sqlite_introductions import INTRODUCTION_SCHEMA, SqliteIntroductions
from graph_models.stores.sqlite_mentorship import MENTORSHIP_SCHEMA, SqliteMentorship
from graph_models.stores.sqlite_signin import SIGNIN_SCHEMA, SqliteSignIn

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL)""",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('version', 0)",
    """CREATE TABLE IF NOT EXISTS stakeholders (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        external_id TEXT,
        name TEXT NOT NULL,
        sort_name TEXT NOT NULL,
        region TEXT NOT NULL,
        discoverable INTEGER NOT NULL,
        search_text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        record TEXT NOT NULL,
        UNIQUE (kind, external_id))""",
    "CREATE INDEX IF NOT EXISTS stakeholders_by_region ON stakeholders (region)",
    "CREATE INDEX IF NOT EXISTS stakeholders_by_kind_name ON stakeholders (kind, sort_name)",
    "CREATE INDEX IF NOT EXISTS stakeholders_by_name ON stakeholders (sort_name)",
    """CREATE TABLE IF NOT EXISTS stakeholder_facets (
        facet TEXT NOT NULL,
        value TEXT NOT NULL,
        stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        PRIMARY KEY (facet, value, stakeholder_id)) WITHOUT ROWID""",
    """CREATE INDEX IF NOT EXISTS stakeholder_facets_by_stakeholder
        ON stakeholder_facets (stakeholder_id)""",
    """CREATE TABLE IF NOT EXISTS ties (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        source TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        target TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        natural_key TEXT NOT NULL UNIQUE,
        since TEXT NOT NULL,
        weight REAL NOT NULL,
        external_id TEXT,
        strength INTEGER,
        amount REAL,
        instrument TEXT,
        topic TEXT,
        via TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS ties_by_source ON ties (source)",
    "CREATE INDEX IF NOT EXISTS ties_by_target ON ties (target)",
    """CREATE TABLE IF NOT EXISTS users (
        id TEXT PRIMARY KEY,
        username_key TEXT NOT NULL UNIQUE,
        username TEXT NOT NULL,
        record TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS memberships (
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, stakeholder_id)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS memberships_by_stakeholder ON memberships (stakeholder_id)",
    """CREATE TABLE IF NOT EXISTS api_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        record TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS api_tokens_by_user ON api_tokens (user_id, created_at)",
    """CREATE TABLE IF NOT EXISTS audit (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id TEXT,
        action TEXT NOT NULL,
        object_type TEXT NOT NULL,
        object_id TEXT NOT NULL,
        region TEXT,
        from_state TEXT,
        to_state TEXT,
        fields TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS audit_by_object ON audit (object_id, at)",
    "CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at)",
    *INTRODUCTION_SCHEMA,
    *MENTORSHIP_SCHEMA,
    *SIGNIN_SCHEMA,
)
AUDIT_COLUMNS = ("id", "at", "actor_id", "action", "object_type", "object_id", "region",
                 "from_state", "to_state", "fields")
INSERT_AUDIT = f"INSERT INTO audit VALUES ({','.join('?' * len(AUDIT_COLUMNS))})"  # noqa: S608

FACETS = ("sectors", "needs", "offers", "languages")
TIE_COLUMNS = ("id", "type", "source", "target", "natural_key", "since", "weight", "external_id",
               "strength", "amount", "instrument", "topic", "via", "created_at", "updated_at",
               "fingerprint")
# Column names for ORDER BY come from this table only, keyed by the enum.
ORDER_COLUMNS = {
    StakeholderOrder.NAME: "sort_name",
    StakeholderOrder.CREATED_AT: "created_at",
    StakeholderOrder.UPDATED_AT: "updated_at",
}
INSERT_TIE = f"INSERT INTO ties VALUES ({','.join('?' * len(TIE_COLUMNS))})"  # noqa: S608
# Type, ends, id and created_at never change.
UPDATE_TIE = """UPDATE ties SET natural_key = ?, since = ?, weight = ?, external_id = ?,
    strength = ?, amount = ?, instrument = ?, topic = ?, via = ?, updated_at = ?,
    fingerprint = ? WHERE id = ?"""
# Enough '?' marks per statement for any SQLite (the oldest allow 999).
MARKS_PER_STATEMENT = 900
QUERY_FACETS = {"sector": "sectors", "need": "needs", "offer": "offers", "language": "languages"}


def _among_clauses(clauses: list[str], ids: tuple[str, ...],
                   regions: tuple[str, ...]) -> list:
    """Add to ``clauses`` (to be ORed) the tests "id is one of ``ids``" and "region lies in
    one of ``regions``"; return their values."""
    values: list = []
    if ids:
        clauses.append(f"id IN ({','.join('?' * len(ids))})")
        values += ids
    for region in regions:
        clauses.append("substr(region, 1, ?) = ?")
        values += [len(region), region]
    return values


def _stakeholder_row(s: Stakeholder) -> tuple:
    return (s.id, s.kind.value, s.external_id, s.name, fold(s.name), s.region,
            int(s.discoverable), s.search_text, s.created_at.isoformat(),
            s.updated_at.isoformat(), fingerprint(s),
            json.dumps(stakeholder_to_record(s), ensure_ascii=False))


def _facet_rows(s: Stakeholder) -> Iterator[tuple]:
    for facet in FACETS:
        for value in set(getattr(s, facet)):
            yield facet, value, s.id


def _audit_row(entry: AuditEntry) -> tuple:
    record = to_record(entry)
    return (*(record[name] for name in AUDIT_COLUMNS[:-1]), json.dumps(record["fields"]))


def _audit_from_row(row: sqlite3.Row) -> AuditEntry:
    return from_record(AuditEntry, {**dict(row), "fields": json.loads(row["fields"])})


def _user_record(user: User) -> str:
    record = to_record(user)
    del record["memberships"]  # kept in their own table, which foreign keys keep honest
    return json.dumps(record, ensure_ascii=False)


def _tie_row(t: Tie) -> tuple:
    return (t.id, t.type.value, t.source, t.target, t.key, t.since.isoformat(), t.weight,
            t.external_id, t.strength, t.amount, t.instrument and t.instrument.value, t.topic,
            t.via, t.created_at.isoformat(), t.updated_at.isoformat(), fingerprint(t))


def _tie_update_row(t: Tie) -> tuple:
    """The values of UPDATE_TIE."""
    row = _tie_row(t)
    return (*row[4:13], *row[14:], t.id)


def _rows_in(db: sqlite3.Connection, query: str, values: list) -> Iterator[sqlite3.Row]:
    """The rows of ``query`` whose ``{}`` stands for a list of ``values`` (each a value or a
    tuple of them), asked in chunks small enough for any SQLite."""
    width = len(values[0]) if values and isinstance(values[0], tuple) else 1
    mark = "?" if width == 1 else "(" + ",".join("?" * width) + ")"
    size = MARKS_PER_STATEMENT // width
    for start in range(0, len(values), size):
        chunk = values[start:start + size]
        flat = [v for value in chunk for v in value] if width > 1 else chunk
        yield from db.execute(query.format(",".join([mark] * len(chunk))), flat)


def _tie_from_row(row: sqlite3.Row) -> Tie:
    # Built field by field: exports read a million of these, and the generic reader is slower.
    instrument = row["instrument"]
    return Tie(id=row["id"], type=TieType(row["type"]), source=row["source"],
               target=row["target"], since=date.fromisoformat(row["since"]),
               weight=row["weight"], external_id=row["external_id"], strength=row["strength"],
               amount=row["amount"], instrument=instrument and Instrument(instrument),
               topic=row["topic"], via=row["via"],
               created_at=datetime.fromisoformat(row["created_at"]),
               updated_at=datetime.fromisoformat(row["updated_at"]))


class SqliteStore(SqliteIntroductions, SqliteMentorship, SqliteSignIn):
    """A :class:`~graph_models.stores.base.GraphStore` in one SQLite file.

    >>> import tempfile, os
    >>> store = SqliteStore(os.path.join(tempfile.mkdtemp(), "demo.db"))
    >>> store.ensure_schema(); store.version()
    0
    """

    def __init__(self, path: str | os.PathLike, *, busy_timeout_ms: int = 30_000):
        self.path = Path(path)
        self._busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()

    # -- connections and transactions -------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
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
        the version; an ``audit`` entry is written with it, or not at all. A write made
        ``for_claim`` records the current Idempotency-Key claim first (see ``writing_for``)."""
        connection = self._connection()
        try:
            connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.OperationalError as error:
            raise StoreUnavailable("the SQLite store is busy", retry_after=1,
                                   detail=f"{self.path}: {error}") from error
        try:
            claim = current_claim() if write and for_claim else None
            if claim is not None:
                self._record_effect(connection, claim, audit)
            yield connection
            if write and audit is not None:
                connection.execute(INSERT_AUDIT, _audit_row(audit))
            if write and graph:
                connection.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def ensure_schema(self) -> None:
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in SCHEMA:
                connection.execute(statement)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

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
        row = self._connection().execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return row[0]

    # -- stakeholders -----------------------------------------------------------------------

    def create_stakeholder(self, stakeholder: Stakeholder,
                           *, audit: AuditEntry | None = None) -> Stakeholder:
        with self._transaction(write=True, audit=audit) as db:
            self._insert_stakeholders(db, [stakeholder])
        return stakeholder

    def _insert_stakeholders(self, db: sqlite3.Connection, stakeholders: list[Stakeholder]):
        try:
            db.executemany("INSERT INTO stakeholders VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                           [_stakeholder_row(s) for s in stakeholders])
        except sqlite3.IntegrityError as error:
            raise self._stakeholder_conflict(error) from error
        db.executemany("INSERT INTO stakeholder_facets VALUES (?,?,?)",
                       [row for s in stakeholders for row in _facet_rows(s)])

    @staticmethod
    def _stakeholder_conflict(error: sqlite3.IntegrityError) -> Conflict:
        if "external_id" in str(error):
            return Conflict("a stakeholder of this kind already has this external_id",
                            errors={"external_id": ["already taken for this kind"]})
        return Conflict("a stakeholder with this id already exists", errors={"id": ["taken"]})

    def get_stakeholder(self, stakeholder_id: str) -> Stakeholder:
        row = self._connection().execute(
            "SELECT record FROM stakeholders WHERE id = ?", (stakeholder_id,)).fetchone()
        if row is None:
            raise NotFound(f"no stakeholder with id {stakeholder_id}")
        return stakeholder_from_record(json.loads(row["record"]))

    def get_stakeholders(self, stakeholder_ids: list[str]) -> dict[str, Stakeholder]:
        found = {}
        db = self._connection()
        for start in range(0, len(stakeholder_ids), 500):
            chunk = stakeholder_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in db.execute(f"SELECT id, record FROM stakeholders WHERE id IN ({marks})",  # noqa: S608 - only '?' marks
                                  chunk):
                found[row["id"]] = stakeholder_from_record(json.loads(row["record"]))
        return found

    def update_stakeholder(self, stakeholder: Stakeholder, *,
                           expected_updated_at: datetime | None = None,
                           audit: AuditEntry | None = None) -> Stakeholder:
        with self._transaction(write=True, audit=audit) as db:
            if expected_updated_at is not None:
                self._check_unchanged(db, "stakeholders", stakeholder.id, expected_updated_at)
            self._replace_stakeholders(db, [stakeholder])
        return stakeholder

    def _replace_stakeholders(self, db: sqlite3.Connection, stakeholders: list[Stakeholder]):
        rows = [(*_stakeholder_row(s)[2:], s.id, s.kind.value) for s in stakeholders]
        try:
            cursor = db.executemany(
                """UPDATE stakeholders SET external_id = ?, name = ?, sort_name = ?, region = ?,
                   discoverable = ?, search_text = ?, created_at = ?, updated_at = ?,
                   fingerprint = ?, record = ?
                   WHERE id = ? AND kind = ?""", rows)
        except sqlite3.IntegrityError as error:
            raise self._stakeholder_conflict(error) from error
        if cursor.rowcount != len(rows):
            raise NotFound("no stakeholder with this id and kind")
        db.executemany("DELETE FROM stakeholder_facets WHERE stakeholder_id = ?",
                       [(s.id,) for s in stakeholders])
        db.executemany("INSERT INTO stakeholder_facets VALUES (?,?,?)",
                       [row for s in stakeholders for row in _facet_rows(s)])

    @staticmethod
    def _check_unchanged(db: sqlite3.Connection, table: str, object_id: str,
                         expected: datetime) -> None:
        # The write lock is held (BEGIN IMMEDIATE): nobody can change it between check and write.
        query = {"stakeholders": "SELECT updated_at FROM stakeholders WHERE id = ?",
                 "ties": "SELECT updated_at FROM ties WHERE id = ?"}[table]
        row = db.execute(query, (object_id,)).fetchone()
        if row is not None and datetime.fromisoformat(row[0]) != expected:
            raise changed_meanwhile("stakeholder" if table == "stakeholders" else "tie")

    @staticmethod
    def _check_revision(db: sqlite3.Connection, table: str, object_id: str, revision: int,
                        what: str) -> None:
        """Compare-and-set: raise unless the stored object is at ``revision - 1`` (NotFound,
        or the Conflict naming its stored state). The write lock is held, as above."""
        query = {"introductions": "SELECT state, revision FROM introductions WHERE id = ?",
                 "programmes": "SELECT state, revision FROM programmes WHERE id = ?",
                 "mentorships": "SELECT state, revision FROM mentorships WHERE id = ?"}[table]
        row = db.execute(query, (object_id,)).fetchone()
        if row is None:
            raise NotFound(f"no {what} with id {object_id}")
        if row["revision"] != revision - 1:
            raise moved_meanwhile(what, row["state"])

    def delete_stakeholder(self, stakeholder_id: str,
                           *, audit: AuditEntry | None = None) -> None:
        with self._transaction(write=True, audit=audit) as db:
            if db.execute("DELETE FROM stakeholders WHERE id = ?", (stakeholder_id,)).rowcount == 0:
                raise NotFound(f"no stakeholder with id {stakeholder_id}")
            self._forget_in_programmes(db, stakeholder_id)
            self._erase_answers_naming(db, stakeholder_id)
        # The old pages stay in the write-ahead log until a checkpoint copies and truncates it.
        self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def find_stakeholders(self, query: StakeholderQuery) -> Page[Stakeholder]:
        # The WHERE clause is assembled from the fixed fragments below; every value is a '?'.
        clauses, values = [], []
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
        if query.text:
            clauses.append("instr(search_text, ?) > 0")
            values.append(fold(query.text))
        if query.discoverable_only:
            seen = ["discoverable = 1"]
            values += _among_clauses(seen, query.also_ids, query.also_regions)
            clauses.append(f"({' OR '.join(seen)})")
        where = " AND ".join(clauses) or "1 = 1"
        order = ORDER_COLUMNS[query.order]
        with self._transaction(write=False) as db:
            total = db.execute(f"SELECT count(*) FROM stakeholders WHERE {where}",  # noqa: S608
                               values).fetchone()[0]
            rows = db.execute(
                f"SELECT record FROM stakeholders WHERE {where} "  # noqa: S608 - fixed fragments
                f"ORDER BY {order}, id LIMIT ? OFFSET ?",
                [*values, query.page_size, query.offset]).fetchall()
        items = [stakeholder_from_record(json.loads(row["record"])) for row in rows]
        return Page(items=items, total=total, page=query.page, page_size=query.page_size)

    # -- ties -------------------------------------------------------------------------------

    def create_tie(self, tie: Tie,
                   *, audit: AuditEntry | None = None) -> Tie:
        with self._transaction(write=True, audit=audit) as db:
            missing = {tie.source, tie.target} - self._existing_ids(db, [tie.source, tie.target])
            if missing:
                raise Conflict("a tie must join two existing stakeholders",
                               errors={"source" if tie.source in missing else "target":
                                       ["no such stakeholder"]})
            self._insert_tie(db, tie)
        return tie

    @staticmethod
    def _existing_ids(db: sqlite3.Connection, ids: list[str]) -> set[str]:
        marks = ",".join("?" * len(ids))
        return {row[0] for row in db.execute(
            f"SELECT id FROM stakeholders WHERE id IN ({marks})", ids)}  # noqa: S608

    @staticmethod
    def _insert_tie(db: sqlite3.Connection, tie: Tie) -> None:
        try:
            db.execute(INSERT_TIE, _tie_row(tie))
        except sqlite3.IntegrityError as error:
            raise Conflict("such a tie already exists between these stakeholders",
                           errors={"type": ["duplicate tie"]}) from error

    @staticmethod
    def _insert_tie_unless_known(db: sqlite3.Connection, tie: Tie) -> str:
        """Insert the tie unless its natural key is taken; the id of the pair's tie."""
        db.execute(INSERT_TIE + " ON CONFLICT (natural_key) DO NOTHING", _tie_row(tie))
        return db.execute("SELECT id FROM ties WHERE natural_key = ?", (tie.key,)).fetchone()[0]

    def get_tie(self, tie_id: str) -> Tie:
        row = self._connection().execute("SELECT * FROM ties WHERE id = ?", (tie_id,)).fetchone()
        if row is None:
            raise NotFound(f"no tie with id {tie_id}")
        return _tie_from_row(row)

    def update_tie(self, tie: Tie, *, expected_updated_at: datetime | None = None,
                   audit: AuditEntry | None = None) -> Tie:
        with self._transaction(write=True, audit=audit) as db:
            if expected_updated_at is not None:
                self._check_unchanged(db, "ties", tie.id, expected_updated_at)
            try:
                cursor = db.execute(UPDATE_TIE, _tie_update_row(tie))
            except sqlite3.IntegrityError as error:
                raise Conflict("such a tie already exists between these stakeholders",
                               errors={"since": ["duplicate tie"]}) from error
            if cursor.rowcount == 0:
                raise NotFound(f"no tie with id {tie.id}")
        return tie

    def delete_tie(self, tie_id: str,
                   *, audit: AuditEntry | None = None) -> None:
        with self._transaction(write=True, audit=audit) as db:
            if db.execute("DELETE FROM ties WHERE id = ?", (tie_id,)).rowcount == 0:
                raise NotFound(f"no tie with id {tie_id}")

    def ties_of(self, stakeholder_id: str, *, direction: Direction = Direction.BOTH,
                types: frozenset[TieType] | None = None) -> list[Tie]:
        ends = {Direction.OUT: "source = ?", Direction.IN: "target = ?",
                Direction.BOTH: "(source = ? OR target = ?)"}[direction]
        values = [stakeholder_id] * (2 if direction == Direction.BOTH else 1)
        with self._transaction(write=False) as db:
            if not self._existing_ids(db, [stakeholder_id]):
                raise NotFound(f"no stakeholder with id {stakeholder_id}")
            rows = db.execute(f"SELECT * FROM ties WHERE {ends} ORDER BY id",  # noqa: S608
                              values).fetchall()
        ties = [_tie_from_row(row) for row in rows]
        return [t for t in ties if types is None or t.type in types]

    # -- bulk and export --------------------------------------------------------------------

    # -- accounts and audit -----------------------------------------------------------------

    def create_user(self, user: User, *, audit: AuditEntry | None = None) -> User:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            try:
                db.execute("INSERT INTO users VALUES (?,?,?,?)",
                           (user.id, user.username.casefold(), user.username, _user_record(user)))
            except sqlite3.IntegrityError as error:
                raise Conflict("this username is taken",
                               errors={"username": ["already taken"]}) from error
            self._insert_memberships(db, user)
        return user

    @staticmethod
    def _insert_memberships(db: sqlite3.Connection, user: User) -> None:
        try:
            db.executemany("INSERT INTO memberships VALUES (?,?)",
                           [(user.id, stakeholder_id) for stakeholder_id in user.memberships])
        except sqlite3.IntegrityError as error:
            raise Conflict("a membership names a stakeholder that does not exist",
                           errors={"memberships": ["no such stakeholder"]}) from error

    def _users(self, where: str, values: tuple) -> list[User]:
        with self._transaction(write=False) as db:
            rows = db.execute(f"SELECT id, record FROM users WHERE {where} "  # noqa: S608
                              "ORDER BY username_key", values).fetchall()
            # Only the selected users' memberships: a token check reads one user per request.
            members = {}
            for row in db.execute(
                    "SELECT user_id, stakeholder_id FROM memberships WHERE user_id IN "  # noqa: S608 - fixed fragments
                    "(SELECT id FROM users WHERE " + where + ") ORDER BY stakeholder_id",
                    values):
                members.setdefault(row[0], []).append(row[1])
        return [from_record(User, {**json.loads(row["record"]), "memberships": members.get(
            row["id"], [])}) for row in rows]

    def get_user(self, user_id: str) -> User:
        found = self._users("id = ?", (user_id,))
        if not found:
            raise NotFound(f"no user with id {user_id}")
        return found[0]

    def get_user_by_username(self, username: str) -> User:
        found = self._users("username_key = ?", (username.casefold(),))
        if not found:
            raise NotFound(f"no user {username}")
        return found[0]

    def list_users(self) -> list[User]:
        return self._users("1 = 1", ())

    def update_user(self, user: User, *, audit: AuditEntry | None = None,
                    end_sessions: bool = False) -> User:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            try:
                cursor = db.execute(
                    "UPDATE users SET username_key = ?, username = ?, record = ? WHERE id = ?",
                    (user.username.casefold(), user.username, _user_record(user), user.id))
            except sqlite3.IntegrityError as error:
                raise Conflict("this username is taken",
                               errors={"username": ["already taken"]}) from error
            if cursor.rowcount == 0:
                raise NotFound(f"no user with id {user.id}")
            db.execute("DELETE FROM memberships WHERE user_id = ?", (user.id,))
            self._insert_memberships(db, user)
            if end_sessions:
                self._end_sessions_of(db, user.id)
        return user

    def delete_user(self, user_id: str, *, audit: AuditEntry | None = None) -> None:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            if db.execute("DELETE FROM users WHERE id = ?", (user_id,)).rowcount == 0:
                raise NotFound(f"no user with id {user_id}")
            db.execute("DELETE FROM idempotency_claims WHERE user_id = ?", (user_id,))
            self._erase_answers_naming(db, user_id)
        self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def create_token(self, token: ApiToken, *, audit: AuditEntry | None = None) -> ApiToken:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            try:
                db.execute("INSERT INTO api_tokens VALUES (?,?,?,?)",
                           (token.id, token.user_id, token.created_at.isoformat(),
                            json.dumps(to_record(token))))
            except sqlite3.IntegrityError as error:
                raise Conflict("no such user, or the token id is taken",
                               errors={"user_id": ["no such user"]}) from error
        return token

    def get_token(self, token_id: str) -> ApiToken:
        row = self._connection().execute("SELECT record FROM api_tokens WHERE id = ?",
                                          (token_id,)).fetchone()
        if row is None:
            raise NotFound(f"no token with id {token_id}")
        return from_record(ApiToken, json.loads(row["record"]))

    def list_tokens(self, user_id: str) -> list[ApiToken]:
        rows = self._connection().execute(
            "SELECT record FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id",
            (user_id,)).fetchall()
        return [from_record(ApiToken, json.loads(row["record"])) for row in rows]

    def revoke_token(self, token_id: str, at: datetime, *,
                     audit: AuditEntry | None = None) -> ApiToken:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            if db.execute("UPDATE api_tokens SET record = json_set(record, '$.revoked_at', ?) "
                          "WHERE id = ? AND json_extract(record, '$.revoked_at') IS NULL",
                          (at.isoformat(), token_id)).rowcount == 0 and db.execute(
                    "SELECT 1 FROM api_tokens WHERE id = ?", (token_id,)).fetchone() is None:
                raise NotFound(f"no token with id {token_id}")
        return self.get_token(token_id)

    def touch_token(self, token_id: str, at: datetime) -> None:
        with self._transaction(write=True, graph=False) as db:
            db.execute("UPDATE api_tokens SET record = json_set(record, '$.last_used_at', ?) "
                       "WHERE id = ?", (at.isoformat(), token_id))

    def find_audit(self, query: AuditQuery) -> Page[AuditEntry]:
        clauses, values = [], []
        if query.object_ids:
            clauses.append(f"object_id IN ({','.join('?' * len(query.object_ids))})")
            values += query.object_ids
        if query.actor_id is not None:
            clauses.append("actor_id = ?")
            values.append(query.actor_id)
        if query.regions is not None:
            regions = [f"substr(region, 1, {len(r)}) = ?" for r in query.regions] or ["0"]
            clauses.append(f"({' OR '.join(regions)})")
            values += query.regions
        where = " AND ".join(clauses) or "1 = 1"
        with self._transaction(write=False) as db:
            total = db.execute(f"SELECT count(*) FROM audit WHERE {where}",  # noqa: S608
                               values).fetchone()[0]
            rows = db.execute(f"SELECT * FROM audit WHERE {where} "  # noqa: S608
                              "ORDER BY at DESC, id LIMIT ? OFFSET ?",
                              [*values, query.page_size, query.offset]).fetchall()
        return Page([_audit_from_row(row) for row in rows], total, query.page, query.page_size)

    def plan_import(self, stakeholders: list[StakeholderImport],
                    ties: list[TieImport]) -> UpsertPlan:
        with self._transaction(write=False) as db:
            return self._plan(db, stakeholders, ties)

    def _plan(self, db: sqlite3.Connection, stakeholders: list[StakeholderImport],
              ties: list[TieImport]) -> UpsertPlan:
        ids, pairs = named_in_import(stakeholders, ties)
        stored = [stakeholder_from_record(json.loads(row[0])) for row in (
            *_rows_in(db, "SELECT record FROM stakeholders WHERE id IN ({})", ids),
            *_rows_in(db, "SELECT record FROM stakeholders WHERE (kind, external_id) IN "
                          "(VALUES {})", [(kind.value, external_id)
                                          for kind, external_id in pairs]))]

        def stored_ties(keys: list[str]) -> dict[str, Tie]:
            return {row["natural_key"]: _tie_from_row(row) for row in _rows_in(
                db, "SELECT * FROM ties WHERE natural_key IN ({})", keys)}

        return plan_upsert(stakeholders, ties, stored, stored_ties)

    def bulk_upsert(self, stakeholders: list[StakeholderImport], ties: list[TieImport], *,
                    review: ImportReview | None = None,
                    audit: AuditEntry | None = None) -> ImportResult:
        with self._transaction(write=True, audit=audit) as db:
            plan = self._plan(db, stakeholders, ties)
            entries = (review or refuse_problems)(plan)
            self._insert_stakeholders(db, plan.stakeholders_to(Change.CREATED))
            self._replace_stakeholders(db, plan.stakeholders_to(Change.UPDATED))
            try:
                db.executemany(INSERT_TIE, map(_tie_row, plan.ties_to(Change.CREATED)))
            except sqlite3.IntegrityError as error:
                raise Conflict("a tie's id is already used by another tie",
                               errors={"id": ["taken by another tie"]}) from error
            db.executemany(UPDATE_TIE, map(_tie_update_row, plan.ties_to(Change.UPDATED)))
            db.executemany(INSERT_AUDIT, map(_audit_row, entries))
        return plan.result()

    def export(self) -> GraphExport:
        with self._transaction(write=False) as db:
            version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]
            stakeholders = [stakeholder_from_record(json.loads(row[0])) for row in
                            db.execute("SELECT record FROM stakeholders ORDER BY id")]
            ties = [_tie_from_row(row) for row in db.execute("SELECT * FROM ties ORDER BY id")]
        return GraphExport(version=version, stakeholders=stakeholders, ties=ties)

