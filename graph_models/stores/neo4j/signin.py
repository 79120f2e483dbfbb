"""The Neo4j store's sign-in sessions and login attempts.

A session is a ``:LoginSession`` node, the attempts of a username a ``:LoginAttempts`` node,
with their fields as properties and times as native DateTime. Opening a session locks its user
first, as changing or deleting the user does (the user's node is written first), so a session
opened while the password changes either is deleted with the others or waits and is then
refused, its login having checked the old password: none outlives the change. An attempt is
merged under a uniqueness constraint and locked before it is counted in a following statement,
so concurrent attempts are all counted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import neo4j

from graph_models.domain.accounts import LoginAttempts, LoginSession, refuse_stale_sign_in
from graph_models.domain.errors import no_such, not_found
from graph_models.domain.records import from_record
from graph_models.stores.neo4j.connection import Neo4jConnection
from graph_models.stores.neo4j.cypher import (
    as_datetime,
    field_names,
    read_columns,
    read_datetime,
    record_of,
    row_of,
    send_datetime,
    set_columns,
)

SESSION_FIELDS = field_names(LoginSession)
ATTEMPTS = "[a.key, a.count, toString(a.last_at), toString(a.locked_until)] AS a"


def _session(values: list[Any]) -> LoginSession:
    return from_record(LoginSession, record_of(SESSION_FIELDS, values))


def _attempts(values: list[Any]) -> LoginAttempts:
    key, count, last_at, locked_until = values
    return LoginAttempts(key, count, read_datetime(last_at), read_datetime(locked_until))


def end_sessions_of(tx: neo4j.ManagedTransaction, user_id: str) -> None:
    """Delete every session of the user, inside the transaction that changes it."""
    tx.run("MATCH (s:LoginSession {user_id: $user_id}) DELETE s", user_id=user_id).consume()


class Neo4jSignIn(Neo4jConnection):
    """Sign-in sessions and login attempts; see
    :class:`~graph_models.stores.contracts.signin.SignInStore`."""

    def create_session(self, session: LoginSession, *, idle_before: datetime,
                       password_hash: str) -> None:
        """Insert; NotFound if the user is missing, Unauthenticated if its password is no
        longer ``password_hash`` or it is disabled. Deletes the sessions that have ended."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            user = tx.run("MATCH (u:User {id: $user_id}) SET u._LOCK_ = true REMOVE u._LOCK_ "
                          "RETURN coalesce(u.disabled, false) AS disabled, "
                          "u.password_hash AS password_hash", user_id=session.user_id).single()
            if user is None:
                raise not_found("user", session.user_id)
            refuse_stale_sign_in(disabled=user["disabled"], password_hash=user["password_hash"],
                                 checked_hash=password_hash)
            tx.run("MATCH (s:LoginSession) WHERE s.expires_at <= " + as_datetime("$at")
                   + " OR s.last_seen_at < " + as_datetime("$idle_before") + " DELETE s",
                   at=send_datetime(session.created_at),
                   idle_before=send_datetime(idle_before)).consume()
            tx.run("WITH $row AS row CREATE (s:LoginSession) SET "
                   + set_columns("s", SESSION_FIELDS),
                   row=row_of(session, SESSION_FIELDS)).consume()

        self._write(create, graph=False)

    def get_session(self, digest: str) -> LoginSession:
        """The session kept under ``digest``; NotFound if absent."""
        return self._read_one("MATCH (s:LoginSession {digest: $digest}) RETURN "
                              + read_columns("s", SESSION_FIELDS) + " AS s",
                              "s", _session, no_such("session"), digest=digest)

    def touch_session(self, digest: str, at: datetime) -> None:
        """Record the session's last use."""

        def touch(tx: neo4j.ManagedTransaction) -> None:
            tx.run("MATCH (s:LoginSession {digest: $digest}) SET s.last_seen_at = "
                   + as_datetime("$at"), digest=digest, at=send_datetime(at)).consume()

        self._write(touch, graph=False)

    def delete_session(self, digest: str) -> None:
        """Delete it; an absent one is no error."""

        def delete(tx: neo4j.ManagedTransaction) -> None:
            tx.run("MATCH (s:LoginSession {digest: $digest}) DELETE s", digest=digest).consume()

        self._write(delete, graph=False)

    # -- login attempts -----------------------------------------------------------------------

    def record_login_attempt(self, key: str, at: datetime, *, forget_before: datetime,
                             lock_after: int, locked_until: datetime) -> LoginAttempts:
        """Count one more attempt under ``key``, locking it once the count reaches
        ``lock_after``; ended counts and locks forgotten first."""

        def count(tx: neo4j.ManagedTransaction) -> LoginAttempts:
            tx.run("MATCH (a:LoginAttempts) WHERE a.locked_until <= " + as_datetime("$at")
                   + " OR (a.locked_until IS NULL AND a.last_at < "
                   + as_datetime("$forget_before") + ") DELETE a",
                   at=send_datetime(at), forget_before=send_datetime(forget_before)).consume()
            tx.run("MERGE (a:LoginAttempts {key: $key}) ON CREATE SET a.count = 0 "
                   "ON MATCH SET a._LOCK_ = true WITH a REMOVE a._LOCK_", key=key).consume()
            counted = tx.run(
                "MATCH (a:LoginAttempts {key: $key}) WITH a, a.count + 1 AS count "
                "SET a.count = count, a.last_at = " + as_datetime("$at") + ", a.locked_until = "
                "CASE WHEN a.locked_until IS NULL AND count >= $lock_after THEN "
                + as_datetime("$locked_until") + " ELSE a.locked_until END RETURN " + ATTEMPTS,
                key=key, at=send_datetime(at), lock_after=lock_after,
                locked_until=send_datetime(locked_until)).single(strict=True)
            return _attempts(counted["a"])

        return self._write(count, graph=False)

    def login_attempts(self, key: str) -> LoginAttempts | None:
        """The attempts counted under ``key``, if any."""

        def read(tx: neo4j.ManagedTransaction) -> LoginAttempts | None:
            record = tx.run("MATCH (a:LoginAttempts {key: $key}) RETURN " + ATTEMPTS,
                            key=key).single()
            return None if record is None else _attempts(record["a"])

        return self._read(read)

    def clear_login_attempts(self, key: str) -> None:
        """Forget the attempts under ``key``."""

        def clear(tx: neo4j.ManagedTransaction) -> None:
            tx.run("MATCH (a:LoginAttempts {key: $key}) DELETE a", key=key).consume()

        self._write(clear, graph=False)
