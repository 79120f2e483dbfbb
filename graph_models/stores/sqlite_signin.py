"""The SQLite store's sign-in sessions and login attempts.

A mixin of :class:`~graph_models.stores.sqlite.SqliteStore`: it uses the store's transactions,
and its tables are part of the store's schema. A session's foreign key cascades, so deleting a
user deletes its sessions. Times are kept as ISO text in UTC, so that text order is time order.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from graph_models.accounts import LoginAttempts, LoginSession
from graph_models.errors import NotFound

SIGNIN_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS login_sessions (
        digest TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_digest TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS login_sessions_by_user ON login_sessions (user_id)",
    "CREATE INDEX IF NOT EXISTS login_sessions_by_end ON login_sessions (expires_at)",
    "CREATE INDEX IF NOT EXISTS login_sessions_by_use ON login_sessions (last_seen_at)",
    """CREATE TABLE IF NOT EXISTS login_attempts (
        key TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        last_at TEXT NOT NULL) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS login_attempts_by_time ON login_attempts (last_at)",
)


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _session(row: sqlite3.Row) -> LoginSession:
    return LoginSession(row["digest"], row["user_id"], row["csrf_digest"],
                        created_at=datetime.fromisoformat(row["created_at"]),
                        last_seen_at=datetime.fromisoformat(row["last_seen_at"]),
                        expires_at=datetime.fromisoformat(row["expires_at"]))


class SqliteSignIn:
    """Sign-in sessions: see :class:`~graph_models.stores.base.GraphStore`."""

    def create_session(self, session: LoginSession, *, idle_before: datetime) -> None:
        with self._transaction(write=True, graph=False) as db:
            db.execute("DELETE FROM login_sessions WHERE expires_at <= ? OR last_seen_at < ?",
                       (_utc(session.created_at), _utc(idle_before)))
            try:
                db.execute("INSERT INTO login_sessions VALUES (?,?,?,?,?,?)",
                           (session.digest, session.user_id, session.csrf_digest,
                            _utc(session.created_at), _utc(session.last_seen_at),
                            _utc(session.expires_at)))
            except sqlite3.IntegrityError as error:
                raise NotFound(f"no user with id {session.user_id}") from error

    def get_session(self, digest: str) -> LoginSession:
        row = self._connection().execute("SELECT * FROM login_sessions WHERE digest = ?",
                                          (digest,)).fetchone()
        if row is None:
            raise NotFound("no such session")
        return _session(row)

    def touch_session(self, digest: str, at: datetime) -> None:
        with self._transaction(write=True, graph=False) as db:
            db.execute("UPDATE login_sessions SET last_seen_at = ? WHERE digest = ?",
                       (_utc(at), digest))

    def delete_session(self, digest: str) -> None:
        with self._transaction(write=True, graph=False) as db:
            db.execute("DELETE FROM login_sessions WHERE digest = ?", (digest,))

    @staticmethod
    def _end_sessions_of(db: sqlite3.Connection, user_id: str) -> None:
        db.execute("DELETE FROM login_sessions WHERE user_id = ?", (user_id,))

    # -- login attempts ---------------------------------------------------------------------

    def record_login_attempt(self, key: str, at: datetime, *,
                             forget_before: datetime) -> LoginAttempts:
        with self._transaction(write=True, graph=False) as db:
            db.execute("DELETE FROM login_attempts WHERE last_at < ?", (_utc(forget_before),))
            # fetchall: the statement must be done before the transaction commits.
            row = db.execute(
                "INSERT INTO login_attempts VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE "
                "SET count = count + 1, last_at = excluded.last_at RETURNING count, last_at",
                (key, _utc(at))).fetchall()[0]
        return LoginAttempts(key, row["count"], datetime.fromisoformat(row["last_at"]))

    def login_attempts(self, key: str) -> LoginAttempts | None:
        row = self._connection().execute("SELECT * FROM login_attempts WHERE key = ?",
                                          (key,)).fetchone()
        return row and LoginAttempts(key, row["count"], datetime.fromisoformat(row["last_at"]))

    def clear_login_attempts(self, key: str) -> None:
        with self._transaction(write=True, graph=False) as db:
            db.execute("DELETE FROM login_attempts WHERE key = ?", (key,))
