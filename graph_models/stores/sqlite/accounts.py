"""The SQLite store's users, their memberships and API tokens.

A user is a row with its record as JSON, but for its memberships: those are rows of their own,
which foreign keys keep honest. Erasing a user is :mod:`graph_models.stores.sqlite.erasure`'s
work.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from graph_models.domain.accounts import ApiToken, AuditEntry, User
from graph_models.domain.errors import (
    membership_missing,
    no_user_named,
    not_found,
    token_user_missing,
    username_taken,
)
from graph_models.domain.records import from_record, to_record
from graph_models.stores.sqlite.connection import SqliteConnection
from graph_models.stores.sqlite.signin import end_sessions_of


def _user_record(user: User) -> str:
    record = to_record(user)
    del record["memberships"]  # kept in their own table, which foreign keys keep honest
    return json.dumps(record, ensure_ascii=False)


def _insert_memberships(db: sqlite3.Connection, user: User) -> None:
    try:
        db.executemany("INSERT INTO memberships VALUES (?,?)",
                       [(user.id, stakeholder_id) for stakeholder_id in user.memberships])
    except sqlite3.IntegrityError as error:
        raise membership_missing() from error


def insert_user(db: sqlite3.Connection, user: User) -> None:
    """Insert ``user`` and its memberships through ``db``; Conflict if its username is taken
    or a membership names a missing stakeholder."""
    try:
        db.execute("INSERT INTO users VALUES (?,?,?,?)",
                   (user.id, user.username.casefold(), user.username, _user_record(user)))
    except sqlite3.IntegrityError as error:
        raise username_taken() from error
    _insert_memberships(db, user)


def _token(row: sqlite3.Row) -> ApiToken:
    return from_record(ApiToken, json.loads(row["record"]))


def users_in(db: sqlite3.Connection, where: str, values: tuple[str, ...]) -> list[User]:
    """The users ``where`` (a fixed fragment) selects, ordered by username, read through
    ``db``."""
    rows = db.execute(f"SELECT id, record FROM users WHERE {where} "  # noqa: S608
                      "ORDER BY username_key", values).fetchall()
    # Only the selected users' memberships: a token check reads one user per request.
    members: dict[str, list[str]] = {}
    for row in db.execute(
            "SELECT user_id, stakeholder_id FROM memberships WHERE user_id IN "  # noqa: S608 - fixed fragments
            "(SELECT id FROM users WHERE " + where + ") ORDER BY stakeholder_id", values):
        members.setdefault(row[0], []).append(row[1])
    return [from_record(User, {**json.loads(row["record"]), "memberships": members.get(
        row["id"], [])}) for row in rows]


class SqliteAccounts(SqliteConnection):
    """Users and tokens; see :class:`~graph_models.stores.contracts.accounts.AccountStore`."""

    def create_user(self, user: User, *, audit: AuditEntry | None = None) -> User:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            insert_user(db, user)
        return user

    def _users(self, where: str, values: tuple[str, ...]) -> list[User]:
        """The users ``where`` (a fixed fragment) selects, ordered by username."""
        with self._transaction(write=False) as db:
            return users_in(db, where, values)

    def get_user(self, user_id: str) -> User:
        found = self._users("id = ?", (user_id,))
        if not found:
            raise not_found("user", user_id)
        return found[0]

    def get_user_by_username(self, username: str) -> User:
        found = self._users("username_key = ?", (username.casefold(),))
        if not found:
            raise no_user_named(username)
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
                raise username_taken() from error
            if cursor.rowcount == 0:
                raise not_found("user", user.id)
            db.execute("DELETE FROM memberships WHERE user_id = ?", (user.id,))
            _insert_memberships(db, user)
            if end_sessions:
                end_sessions_of(db, user.id)
        return user

    def create_token(self, token: ApiToken, *, audit: AuditEntry | None = None) -> ApiToken:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            try:
                db.execute("INSERT INTO api_tokens VALUES (?,?,?,?)",
                           (token.id, token.user_id, token.created_at.isoformat(),
                            json.dumps(to_record(token))))
            except sqlite3.IntegrityError as error:
                raise token_user_missing() from error
        return token

    def get_token(self, token_id: str) -> ApiToken:
        return self._read_one("SELECT record FROM api_tokens WHERE id = ?", _token,
                              not_found("token", token_id), token_id)

    def token_and_user(self, token_id: str) -> tuple[ApiToken, User]:
        with self._transaction(write=False) as db:
            row = db.execute("SELECT record FROM api_tokens WHERE id = ?",
                             (token_id,)).fetchone()
            if row is None:
                raise not_found("token", token_id)
            token = _token(row)
            (user,) = users_in(db, "id = ?", (token.user_id,))  # a token's user exists (FK)
        return token, user

    def list_tokens(self, user_id: str) -> list[ApiToken]:
        rows = self._connection().execute(
            "SELECT record FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id",
            (user_id,)).fetchall()
        return [_token(row) for row in rows]

    def revoke_token(self, token_id: str, at: datetime, *,
                     audit: AuditEntry | None = None) -> ApiToken:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            if db.execute("UPDATE api_tokens SET record = json_set(record, '$.revoked_at', ?) "
                          "WHERE id = ? AND json_extract(record, '$.revoked_at') IS NULL",
                          (at.isoformat(), token_id)).rowcount == 0 and db.execute(
                    "SELECT 1 FROM api_tokens WHERE id = ?", (token_id,)).fetchone() is None:
                raise not_found("token", token_id)
        return self.get_token(token_id)

    def touch_token(self, token_id: str, at: datetime) -> None:
        with self._transaction(write=True, graph=False) as db:
            db.execute("UPDATE api_tokens SET record = json_set(record, '$.last_used_at', ?) "
                       "WHERE id = ?", (at.isoformat(), token_id))
