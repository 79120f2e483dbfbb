"""The SQLite store's sign-in sessions and login attempts.

A session's foreign key cascades, so deleting a user deletes its sessions. Times are kept as
ISO text in UTC, so that text order is time order.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from graph_models.domain.accounts import LoginAttempts, LoginSession, refuse_stale_sign_in
from graph_models.domain.errors import no_such, not_found
from graph_models.stores.sqlite.connection import SqliteConnection


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _attempts(row: sqlite3.Row) -> LoginAttempts:
    locked_until = row["locked_until"]
    return LoginAttempts(row["key"], row["count"], datetime.fromisoformat(row["last_at"]),
                         locked_until and datetime.fromisoformat(locked_until))


def _session(row: sqlite3.Row) -> LoginSession:
    return LoginSession(row["digest"], row["user_id"], row["csrf_digest"],
                        created_at=datetime.fromisoformat(row["created_at"]),
                        last_seen_at=datetime.fromisoformat(row["last_seen_at"]),
                        expires_at=datetime.fromisoformat(row["expires_at"]))


def end_sessions_of(db: sqlite3.Connection, user_id: str) -> None:
    """Delete every session of the user, inside the transaction that changes it."""
    db.execute("DELETE FROM login_sessions WHERE user_id = ?", (user_id,))


class SqliteSignIn(SqliteConnection):
    """Sign-in sessions and login attempts; see
    :class:`~graph_models.stores.contracts.signin.SignInStore`."""

    def create_session(self, session: LoginSession, *, idle_before: datetime,
                       password_hash: str) -> None:
        with self._transaction(write=True, graph=False) as db:
            row = db.execute("SELECT record FROM users WHERE id = ?",
                             (session.user_id,)).fetchone()
            if row is None:
                raise not_found("user", session.user_id)
            user = json.loads(row["record"])
            refuse_stale_sign_in(disabled=bool(user.get("disabled")),
                                 password_hash=user.get("password_hash"),
                                 checked_hash=password_hash)
            db.execute("DELETE FROM login_sessions WHERE expires_at <= ? OR last_seen_at < ?",
                       (_utc(session.created_at), _utc(idle_before)))
            try:
                db.execute("INSERT INTO login_sessions VALUES (?,?,?,?,?,?)",
                           (session.digest, session.user_id, session.csrf_digest,
                            _utc(session.created_at), _utc(session.last_seen_at),
                            _utc(session.expires_at)))
            except sqlite3.IntegrityError as error:
                raise not_found("user", session.user_id) from error

    def get_session(self, digest: str) -> LoginSession:
        return self._read_one("SELECT * FROM login_sessions WHERE digest = ?", _session,
                              no_such("session"), digest)

    def touch_session(self, digest: str, at: datetime) -> None:
        with self._transaction(write=True, graph=False) as db:
            db.execute("UPDATE login_sessions SET last_seen_at = ? WHERE digest = ?",
                       (_utc(at), digest))

    def delete_session(self, digest: str) -> None:
        with self._transaction(write=True, graph=False) as db:
            db.execute("DELETE FROM login_sessions WHERE digest = ?", (digest,))

    # -- login attempts ---------------------------------------------------------------------

    def record_login_attempt(self, key: str, at: datetime, *, forget_before: datetime,
                             lock_after: int, locked_until: datetime) -> LoginAttempts:
        with self._transaction(write=True, graph=False) as db:
            db.execute("DELETE FROM username_attempts WHERE locked_until <= ? OR "
                       "(locked_until IS NULL AND last_at < ?)",
                       (_utc(at), _utc(forget_before)))
            # In SET, count is the value before this attempt; fetchall: the statement must be
            # done before the transaction commits.
            row = db.execute(
                "INSERT INTO username_attempts VALUES (:key, 1, :at, CASE WHEN :limit <= 1 "
                "THEN :until END) ON CONFLICT (key) DO UPDATE SET count = count + 1, "
                "last_at = excluded.last_at, locked_until = CASE WHEN locked_until IS NULL "
                "AND count + 1 >= :limit THEN :until ELSE locked_until END RETURNING *",
                {"key": key, "at": _utc(at), "limit": lock_after,
                 "until": _utc(locked_until)}).fetchall()[0]
        return _attempts(row)

    def login_attempts(self, key: str) -> LoginAttempts | None:
        row = self._connection().execute("SELECT * FROM username_attempts WHERE key = ?",
                                          (key,)).fetchone()
        return row and _attempts(row)

    def clear_login_attempts(self, key: str) -> None:
        with self._transaction(write=True, graph=False) as db:
            db.execute("DELETE FROM username_attempts WHERE key = ?", (key,))
