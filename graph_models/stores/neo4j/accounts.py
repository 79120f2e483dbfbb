"""The Neo4j store's users and API tokens: ``:User`` and ``:ApiToken`` nodes whose properties
are their fields.

A membership is a ``MEMBER_OF`` relationship from the user to the stakeholder, so it cannot
name a missing one and deleting the stakeholder (DETACH DELETE) ends it. Erasing a user is
:mod:`graph_models.stores.neo4j.erasure`'s work.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import neo4j

from graph_models.domain.accounts import ApiToken, AuditEntry, User
from graph_models.domain.errors import (
    membership_missing,
    no_user_named,
    not_found,
    token_user_missing,
    username_taken,
)
from graph_models.domain.records import from_record
from graph_models.stores.neo4j.connection import Neo4jConnection
from graph_models.stores.neo4j.cypher import (
    as_datetime,
    field_names,
    read_columns,
    record_of,
    row_of,
    send_datetime,
    set_columns,
)
from graph_models.stores.neo4j.signin import end_sessions_of

USER_FIELDS = tuple(name for name in field_names(User) if name != "memberships")
SET_USER = "SET " + set_columns("u", USER_FIELDS) + ", u.username_key = $username_key"
USER = ("OPTIONAL MATCH (u)-[:MEMBER_OF]->(s:Stakeholder) WITH u, s ORDER BY s.id "
        "WITH u, collect(s.id) AS memberships ORDER BY u.username_key RETURN "
        + read_columns("u", USER_FIELDS) + " AS u, memberships")
# Run by get_user, and by update_user to check that the user exists.
USER_BY_ID = "MATCH (u:User {id: $id}) " + USER


ADD_MEMBERSHIPS = ("MATCH (u:User {id: $id}) UNWIND $memberships AS member "
                   "MATCH (s:Stakeholder {id: member}) CREATE (u)-[:MEMBER_OF]->(s) "
                   "RETURN count(*) AS added")


def _add_memberships(tx: neo4j.ManagedTransaction, user: User) -> None:
    """Join the user to its stakeholders; Conflict if one is missing (or named twice, which
    SQLite's key refuses alike)."""
    if not user.memberships:
        return
    added = tx.run(ADD_MEMBERSHIPS, id=user.id,
                   memberships=list(user.memberships)).single(strict=True)
    if added["added"] != len(user.memberships) or len(set(user.memberships)) != len(
            user.memberships):
        raise membership_missing()


def insert_user(tx: neo4j.ManagedTransaction, user: User) -> None:
    """Create ``user`` and its memberships in ``tx``; Conflict if its id or username
    (case-insensitively) is taken or a membership names a missing stakeholder."""
    key = user.username.casefold()
    clashes = tx.run("RETURN EXISTS { MATCH (u:User {id: $id}) } "
                     "OR EXISTS { MATCH (u:User {username_key: $username_key}) } "
                     "AS taken", id=user.id, username_key=key).single(strict=True)
    if clashes["taken"]:
        raise username_taken()
    tx.run("WITH $row AS row CREATE (u:User) " + SET_USER,
           row=row_of(user, USER_FIELDS), username_key=key).consume()
    _add_memberships(tx, user)


def user_of(record: Any) -> User:
    """The user a record read with :data:`USER` holds."""
    return from_record(User, {**record_of(USER_FIELDS, record["u"]),
                              "memberships": record["memberships"]})


TOKEN_FIELDS = field_names(ApiToken)
TOKEN = read_columns("t", TOKEN_FIELDS) + " AS t"
# A bearer token and its user with memberships: one statement per request's token check.
TOKEN_AND_USER = ("MATCH (t:ApiToken {id: $id}) MATCH (u:User {id: t.user_id}) "
                  "CALL (u) { OPTIONAL MATCH (u)-[:MEMBER_OF]->(s:Stakeholder) "
                  "WITH s ORDER BY s.id RETURN collect(s.id) AS memberships } "
                  "RETURN " + TOKEN + ", " + read_columns("u", USER_FIELDS) + " AS u, memberships")


def _token(values: list[Any]) -> ApiToken:
    return from_record(ApiToken, record_of(TOKEN_FIELDS, values))


class Neo4jAccounts(Neo4jConnection):
    """Users and tokens (they do not move the graph's version); see
    :class:`~graph_models.stores.contracts.accounts.AccountStore`."""

    def create_user(self, user: User, *, audit: AuditEntry | None = None) -> User:
        """Insert; Conflict if the id or username (case-insensitively) is taken, or a
        membership names a missing stakeholder."""

        self._write(insert_user, user, graph=False, audit=audit,
                    conflict=lambda error: username_taken())
        return user

    def _users(self, query: str, **parameters: Any) -> list[User]:
        def read(tx: neo4j.ManagedTransaction) -> list[User]:
            return [user_of(record) for record in tx.run(query, parameters)]

        return self._read(read)

    def get_user(self, user_id: str) -> User:
        """The user with this id; NotFound if absent."""
        found = self._users(USER_BY_ID, id=user_id)
        if not found:
            raise not_found("user", user_id)
        return found[0]

    def get_user_by_username(self, username: str) -> User:
        """The user with this username, case-insensitively; NotFound if absent."""
        found = self._users("MATCH (u:User {username_key: $username_key}) " + USER,
                            username_key=username.casefold())
        if not found:
            raise no_user_named(username)
        return found[0]

    def list_users(self) -> list[User]:
        """Every user, ordered by username (case-folded)."""
        return self._users("MATCH (u:User) " + USER)

    def update_user(self, user: User, *, audit: AuditEntry | None = None,
                    end_sessions: bool = False) -> User:
        """Replace every field, memberships included; NotFound / Conflict. With
        ``end_sessions``, delete the user's sign-in sessions too."""

        def replace(tx: neo4j.ManagedTransaction) -> None:
            key = user.username.casefold()
            if tx.run(USER_BY_ID, id=user.id).single() is None:
                raise not_found("user", user.id)
            taken = tx.run("RETURN EXISTS { MATCH (u:User {username_key: $username_key}) "
                           "WHERE u.id <> $id } AS taken",
                           id=user.id, username_key=key).single(strict=True)
            if taken["taken"]:
                raise username_taken()
            tx.run("WITH $row AS row MATCH (u:User {id: $id}) " + SET_USER
                   + " WITH u OPTIONAL MATCH (u)-[m:MEMBER_OF]->() DELETE m",
                   id=user.id, row=row_of(user, USER_FIELDS), username_key=key).consume()
            _add_memberships(tx, user)
            if end_sessions:
                end_sessions_of(tx, user.id)

        self._write(replace, graph=False, audit=audit, conflict=lambda error: username_taken())
        return user

    def create_token(self, token: ApiToken, *, audit: AuditEntry | None = None) -> ApiToken:
        """Insert; Conflict if the user is missing or the token id is taken."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            clashes = tx.run("RETURN EXISTS { MATCH (u:User {id: $user_id}) } AS user_exists, "
                             "EXISTS { MATCH (t:ApiToken {id: $id}) } AS id_taken",
                             id=token.id, user_id=token.user_id).single(strict=True)
            if clashes["id_taken"] or not clashes["user_exists"]:
                raise token_user_missing()
            tx.run("WITH $row AS row CREATE (t:ApiToken) SET " + set_columns("t", TOKEN_FIELDS),
                   row=row_of(token, TOKEN_FIELDS)).consume()

        self._write(create, graph=False, audit=audit, conflict=lambda error: token_user_missing())
        return token

    def get_token(self, token_id: str) -> ApiToken:
        """The token with this id; NotFound if absent."""

        return self._read_one("MATCH (t:ApiToken {id: $id}) RETURN " + TOKEN, "t", _token,
                              not_found("token", token_id), id=token_id)

    def token_and_user(self, token_id: str) -> tuple[ApiToken, User]:
        """The token and its user in one statement; NotFound if absent."""

        def read(tx: neo4j.ManagedTransaction) -> tuple[ApiToken, User] | None:
            record = tx.run(TOKEN_AND_USER, id=token_id).single()
            if record is None:
                return None
            return _token(record["t"]), from_record(User, {
                **record_of(USER_FIELDS, record["u"]), "memberships": record["memberships"]})

        found = self._read(read)
        if found is None:
            raise not_found("token", token_id)
        return found

    def list_tokens(self, user_id: str) -> list[ApiToken]:
        """The user's tokens, newest first."""

        def read(tx: neo4j.ManagedTransaction) -> list[ApiToken]:
            return [_token(record["t"]) for record in tx.run(
                "MATCH (t:ApiToken {user_id: $user_id}) WITH t ORDER BY t.created_at DESC, t.id "
                "RETURN " + TOKEN, user_id=user_id)]

        return self._read(read)

    def revoke_token(self, token_id: str, at: datetime, *,
                     audit: AuditEntry | None = None) -> ApiToken:
        """Mark revoked (idempotent: the first revocation time stays); NotFound if absent."""

        def revoke(tx: neo4j.ManagedTransaction) -> ApiToken:
            # The first revocation time stays: revoking twice changes nothing.
            record = tx.run("MATCH (t:ApiToken {id: $id}) SET t.revoked_at = coalesce("
                            "t.revoked_at, " + as_datetime("$at") + ") RETURN " + TOKEN,
                            id=token_id, at=send_datetime(at)).single()
            if record is None:
                raise not_found("token", token_id)
            return _token(record["t"])

        return self._write(revoke, graph=False, audit=audit)

    def touch_token(self, token_id: str, at: datetime) -> None:
        """Record the token's last use; no audit, no version."""

        def touch(tx: neo4j.ManagedTransaction) -> None:
            tx.run("MATCH (t:ApiToken {id: $id}) SET t.last_used_at = " + as_datetime("$at"),
                   id=token_id, at=send_datetime(at)).consume()

        self._write(touch, graph=False)
