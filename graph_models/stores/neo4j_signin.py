"""The Neo4j store's sign-in sessions and login attempts.

A mixin of :class:`~graph_models.stores.neo4j_store.Neo4jStore`. A session is a
``:LoginSession`` node, the attempts of a username a ``:LoginAttempts`` node, with their fields
as properties and times as native DateTime. Opening a session locks its user first, as changing
or deleting the user does (the user's node is written first), so a session opened while the
password changes either is deleted with the others or waits and is then refused, its login
having checked the old password: none outlives the change. An attempt is merged under a
uniqueness constraint and locked before it is counted in a following statement, so concurrent
attempts are all counted.
"""

from __future__ import annotations

from datetime import datetime

import neo4j

from graph_models.domain.accounts import LoginAttempts, LoginSession, refuse_stale_sign_in
from graph_models.domain.errors import NotFound
from graph_models.domain.records import from_record
from graph_models.stores.neo4j_cypher import (
    _as_datetime,
    _datetime,
    _fields,
    _read_columns,
    _record,
    _row,
    _send_datetime,
    _set_columns,
)

SIGNIN_SCHEMA = (
    "CREATE CONSTRAINT login_session_digest IF NOT EXISTS "
    "FOR (s:LoginSession) REQUIRE s.digest IS UNIQUE",
    "CREATE INDEX login_session_user IF NOT EXISTS FOR (s:LoginSession) ON (s.user_id)",
    "CREATE INDEX login_session_end IF NOT EXISTS FOR (s:LoginSession) ON (s.expires_at)",
    "CREATE INDEX login_session_use IF NOT EXISTS FOR (s:LoginSession) ON (s.last_seen_at)",
    "CREATE CONSTRAINT login_attempts_key IF NOT EXISTS "
    "FOR (a:LoginAttempts) REQUIRE a.key IS UNIQUE",
    "CREATE INDEX login_attempts_time IF NOT EXISTS FOR (a:LoginAttempts) ON (a.last_at)",
    "CREATE INDEX login_attempts_lock IF NOT EXISTS FOR (a:LoginAttempts) ON (a.locked_until)",
)
SESSION_FIELDS = _fields(LoginSession)
SESSION = _read_columns("s", SESSION_FIELDS) + " AS s"
LOCK_USER = ("MATCH (u:User {id: $user_id}) SET u._LOCK_ = true REMOVE u._LOCK_ "
             "RETURN coalesce(u.disabled, false) AS disabled, u.password_hash AS password_hash")
PURGE_SESSIONS = ("MATCH (s:LoginSession) WHERE s.expires_at <= " + _as_datetime("$at")
                  + " OR s.last_seen_at < " + _as_datetime("$idle_before") + " DELETE s")
CREATE_SESSION = ("WITH $row AS row CREATE (s:LoginSession) SET "
                  + _set_columns("s", SESSION_FIELDS))
GET_SESSION = "MATCH (s:LoginSession {digest: $digest}) RETURN " + SESSION
TOUCH_SESSION = ("MATCH (s:LoginSession {digest: $digest}) SET s.last_seen_at = "
                 + _as_datetime("$at"))
DELETE_SESSION = "MATCH (s:LoginSession {digest: $digest}) DELETE s"
DELETE_SESSIONS_OF = "MATCH (s:LoginSession {user_id: $user_id}) DELETE s"
ATTEMPTS = "[a.key, a.count, toString(a.last_at), toString(a.locked_until)] AS a"
FORGET_ATTEMPTS = ("MATCH (a:LoginAttempts) WHERE a.locked_until <= " + _as_datetime("$at")
                   + " OR (a.locked_until IS NULL AND a.last_at < "
                   + _as_datetime("$forget_before") + ") DELETE a")
MERGE_ATTEMPTS = ("MERGE (a:LoginAttempts {key: $key}) ON CREATE SET a.count = 0 "
                  "ON MATCH SET a._LOCK_ = true WITH a REMOVE a._LOCK_")
COUNT_ATTEMPT = ("MATCH (a:LoginAttempts {key: $key}) WITH a, a.count + 1 AS count "
                 "SET a.count = count, a.last_at = " + _as_datetime("$at") + ", a.locked_until = "
                 "CASE WHEN a.locked_until IS NULL AND count >= $lock_after THEN "
                 + _as_datetime("$locked_until") + " ELSE a.locked_until END RETURN " + ATTEMPTS)
GET_ATTEMPTS = "MATCH (a:LoginAttempts {key: $key}) RETURN " + ATTEMPTS
CLEAR_ATTEMPTS = "MATCH (a:LoginAttempts {key: $key}) DELETE a"


def _session(values: list) -> LoginSession:
    return from_record(LoginSession, _record(SESSION_FIELDS, values))


def _attempts(values: list) -> LoginAttempts:
    key, count, last_at, locked_until = values
    return LoginAttempts(key, count, _datetime(last_at), _datetime(locked_until))


class Neo4jSignIn:
    """Sign-in sessions: see :class:`~graph_models.stores.base.GraphStore`."""

    def create_session(self, session: LoginSession, *, idle_before: datetime,
                       password_hash: str) -> None:
        """Insert; NotFound if the user is missing, Unauthenticated if its password is no
        longer ``password_hash`` or it is disabled. Deletes the sessions that have ended."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            user = tx.run(LOCK_USER, user_id=session.user_id).single()
            if user is None:
                raise NotFound(f"no user with id {session.user_id}")
            refuse_stale_sign_in(disabled=user["disabled"], password_hash=user["password_hash"],
                                 checked_hash=password_hash)
            tx.run(PURGE_SESSIONS, at=_send_datetime(session.created_at),
                   idle_before=_send_datetime(idle_before)).consume()
            tx.run(CREATE_SESSION, row=_row(session, SESSION_FIELDS)).consume()

        self._write(create, graph=False)

    def get_session(self, digest: str) -> LoginSession:
        """The session kept under ``digest``; NotFound if absent."""
        return self._read_one(GET_SESSION, "s", _session, "no such session", digest=digest)

    def touch_session(self, digest: str, at: datetime) -> None:
        """Record the session's last use."""

        def touch(tx: neo4j.ManagedTransaction) -> None:
            tx.run(TOUCH_SESSION, digest=digest, at=_send_datetime(at)).consume()

        self._write(touch, graph=False)

    def delete_session(self, digest: str) -> None:
        """Delete it; an absent one is no error."""

        def delete(tx: neo4j.ManagedTransaction) -> None:
            tx.run(DELETE_SESSION, digest=digest).consume()

        self._write(delete, graph=False)

    @staticmethod
    def _end_sessions_of(tx: neo4j.ManagedTransaction, user_id: str) -> None:
        """Delete every session of the user, inside the transaction that changes it."""
        tx.run(DELETE_SESSIONS_OF, user_id=user_id).consume()

    # -- login attempts -----------------------------------------------------------------------

    def record_login_attempt(self, key: str, at: datetime, *, forget_before: datetime,
                             lock_after: int, locked_until: datetime) -> LoginAttempts:
        """Count one more attempt under ``key``, locking it once the count reaches
        ``lock_after``; ended counts and locks forgotten first."""

        def count(tx: neo4j.ManagedTransaction) -> LoginAttempts:
            tx.run(FORGET_ATTEMPTS, at=_send_datetime(at),
                   forget_before=_send_datetime(forget_before)).consume()
            tx.run(MERGE_ATTEMPTS, key=key).consume()
            return _attempts(tx.run(
                COUNT_ATTEMPT, key=key, at=_send_datetime(at), lock_after=lock_after,
                locked_until=_send_datetime(locked_until)).single()["a"])

        return self._write(count, graph=False)

    def login_attempts(self, key: str) -> LoginAttempts | None:
        """The attempts counted under ``key``, if any."""

        def read(tx: neo4j.ManagedTransaction) -> LoginAttempts | None:
            record = tx.run(GET_ATTEMPTS, key=key).single()
            return record and _attempts(record["a"])

        return self._read(read)

    def clear_login_attempts(self, key: str) -> None:
        """Forget the attempts under ``key``."""

        def clear(tx: neo4j.ManagedTransaction) -> None:
            tx.run(CLEAR_ATTEMPTS, key=key).consume()

        self._write(clear, graph=False)
