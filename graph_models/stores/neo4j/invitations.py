"""The Neo4j store's invitations: ``:Invitation`` nodes whose properties are their fields,
unique by id and by the digest of their secret. Erasing an account deletes its invitations
(:mod:`graph_models.stores.neo4j.erasure`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import neo4j

from graph_models.domain.accounts import AuditEntry, User
from graph_models.domain.errors import Conflict, no_such, not_found, username_taken
from graph_models.domain.invitations import Invitation, InvitationState, unusable
from graph_models.domain.records import from_record
from graph_models.stores.neo4j.accounts import USER_BY_ID, insert_user, user_of
from graph_models.stores.neo4j.connection import Neo4jConnection
from graph_models.stores.neo4j.cypher import (
    as_datetime,
    field_names,
    lock,
    read_columns,
    record_of,
    row_of,
    send_datetime,
    set_columns,
)
from graph_models.stores.neo4j.signin import end_sessions_of

FIELDS = field_names(Invitation)
INVITATION = read_columns("i", FIELDS) + " AS i"


def _invitation(values: list[Any]) -> Invitation:
    return from_record(Invitation, record_of(FIELDS, values))


def _locked(tx: neo4j.ManagedTransaction, key: Literal["id", "digest"],
            value: str) -> Invitation | None:
    """The invitation whose ``key`` (a fixed property name) is ``value``, read
    after taking its write lock, so that two writes to it run one after the other."""
    if tx.run("MATCH (i:Invitation {" + key + ": $value}) " + lock("i") + " RETURN count(i) AS n",
              value=value).single(strict=True)["n"] == 0:
        return None
    record = tx.run("MATCH (i:Invitation {" + key + ": $value}) RETURN " + INVITATION,
                    value=value).single(strict=True)
    return _invitation(record["i"])


class Neo4jInvitations(Neo4jConnection):
    """Invitations; see :class:`~graph_models.stores.contracts.invitations.InvitationStore`."""

    def create_invitation(self, invitation: Invitation, *, user: User | None = None,
                          audit: AuditEntry | None = None) -> Invitation:
        """Insert it, and its new account if given, in one transaction."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            if user is not None:
                insert_user(tx, user)
            elif tx.run("MATCH (u:User {id: $id}) RETURN u.id",
                        id=invitation.user_id).single() is None:
                raise not_found("user", invitation.user_id)
            tx.run("WITH $row AS row CREATE (i:Invitation) SET " + set_columns("i", FIELDS),
                   row=row_of(invitation, FIELDS)).consume()

        self._write(create, graph=False, audit=audit, conflict=lambda error: username_taken())
        return invitation

    def get_invitation(self, invitation_id: str) -> Invitation:
        """NotFound if absent."""
        return self._read_one("MATCH (i:Invitation {id: $id}) RETURN " + INVITATION, "i",
                              _invitation, not_found("invitation", invitation_id),
                              id=invitation_id)

    def invitation_by_digest(self, digest: str) -> Invitation:
        """NotFound if absent."""
        return self._read_one("MATCH (i:Invitation {digest: $digest}) RETURN " + INVITATION,
                              "i", _invitation, no_such("invitation"), digest=digest)

    def list_invitations(self) -> list[Invitation]:
        """Every invitation, newest first."""

        def read(tx: neo4j.ManagedTransaction) -> list[Invitation]:
            return [_invitation(record["i"]) for record in tx.run(
                "MATCH (i:Invitation) WITH i ORDER BY i.created_at DESC, i.id RETURN "
                + INVITATION)]

        return self._read(read)

    def revoke_invitation(self, invitation_id: str, at: datetime, *,
                          audit: AuditEntry | None = None) -> Invitation:
        """Mark revoked; Conflict once accepted."""

        def revoke(tx: neo4j.ManagedTransaction) -> Invitation:
            invitation = _locked(tx, "id", invitation_id)
            if invitation is None:
                raise not_found("invitation", invitation_id)
            if invitation.accepted_at is not None:
                raise Conflict("the invitation was accepted already",
                               errors={"state": [InvitationState.ACCEPTED.value]})
            record = tx.run("MATCH (i:Invitation {id: $id}) SET i.revoked_at = coalesce("
                            "i.revoked_at, " + as_datetime("$at") + ") RETURN " + INVITATION,
                            id=invitation_id, at=send_datetime(at)).single(strict=True)
            return _invitation(record["i"])

        return self._write(revoke, graph=False, audit=audit)

    def accept_invitation(self, digest: str, password_hash: str, at: datetime, *,
                          audit: AuditEntry | None = None) -> User:
        """Use it up and set its account's password, or Gone."""

        def accept(tx: neo4j.ManagedTransaction) -> User:
            invitation = _locked(tx, "digest", digest)
            if invitation is None:
                raise no_such("invitation")
            state = invitation.state(at)
            if state != InvitationState.PENDING:
                raise unusable(state)
            tx.run("MATCH (i:Invitation {id: $id}) SET i.accepted_at = " + as_datetime("$at")
                   + " WITH i MATCH (u:User {id: i.user_id}) SET u.password_hash = $hash, "
                   "u.updated_at = " + as_datetime("$at"), id=invitation.id,
                   at=send_datetime(at), hash=password_hash).consume()
            end_sessions_of(tx, invitation.user_id)
            return user_of(tx.run(USER_BY_ID, id=invitation.user_id).single(strict=True))

        return self._write(accept, graph=False, audit=audit)
