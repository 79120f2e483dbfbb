"""The SQLite store's invitations: a row each, its record as JSON, kept by the digest of its
secret. Its account's foreign key cascades, so deleting the account deletes its invitations."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from graph_models.domain.accounts import AuditEntry, User
from graph_models.domain.errors import Conflict, no_such, not_found
from graph_models.domain.invitations import Invitation, InvitationState, unusable
from graph_models.domain.records import from_record, to_record
from graph_models.stores.sqlite.accounts import insert_user, users_in
from graph_models.stores.sqlite.connection import SqliteConnection
from graph_models.stores.sqlite.signin import end_sessions_of


def _invitation(row: sqlite3.Row) -> Invitation:
    return from_record(Invitation, json.loads(row["record"]))


def _record(invitation: Invitation) -> str:
    return json.dumps(to_record(invitation))


class SqliteInvitations(SqliteConnection):
    """Invitations; see :class:`~graph_models.stores.contracts.invitations.InvitationStore`."""

    def create_invitation(self, invitation: Invitation, *, user: User | None = None,
                          audit: AuditEntry | None = None) -> Invitation:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            if user is not None:
                insert_user(db, user)
            try:
                db.execute("INSERT INTO invitations VALUES (?,?,?,?,?)",
                           (invitation.id, invitation.user_id, invitation.digest,
                            invitation.created_at.isoformat(), _record(invitation)))
            except sqlite3.IntegrityError as error:
                raise not_found("user", invitation.user_id) from error
        return invitation

    def get_invitation(self, invitation_id: str) -> Invitation:
        return self._read_one("SELECT record FROM invitations WHERE id = ?", _invitation,
                              not_found("invitation", invitation_id), invitation_id)

    def invitation_by_digest(self, digest: str) -> Invitation:
        return self._read_one("SELECT record FROM invitations WHERE digest = ?", _invitation,
                              no_such("invitation"), digest)

    def list_invitations(self) -> list[Invitation]:
        rows = self._connection().execute(
            "SELECT record FROM invitations ORDER BY created_at DESC, id").fetchall()
        return [_invitation(row) for row in rows]

    def revoke_invitation(self, invitation_id: str, at: datetime, *,
                          audit: AuditEntry | None = None) -> Invitation:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            row = db.execute("SELECT record FROM invitations WHERE id = ?",
                             (invitation_id,)).fetchone()
            if row is None:
                raise not_found("invitation", invitation_id)
            invitation = _invitation(row)
            if invitation.accepted_at is not None:
                raise Conflict("the invitation was accepted already",
                               errors={"state": [InvitationState.ACCEPTED.value]})
            if invitation.revoked_at is None:
                db.execute("UPDATE invitations SET record = json_set(record, '$.revoked_at', ?)"
                           " WHERE id = ?", (at.isoformat(), invitation_id))
        return self.get_invitation(invitation_id)

    def accept_invitation(self, digest: str, password_hash: str, at: datetime, *,
                          audit: AuditEntry | None = None) -> User:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            row = db.execute("SELECT record FROM invitations WHERE digest = ?",
                             (digest,)).fetchone()
            if row is None:
                raise no_such("invitation")
            invitation = _invitation(row)
            state = invitation.state(at)
            if state != InvitationState.PENDING:
                raise unusable(state)
            db.execute("UPDATE invitations SET record = json_set(record, '$.accepted_at', ?) "
                       "WHERE id = ?", (at.isoformat(), invitation.id))
            db.execute("UPDATE users SET record = json_set(record, '$.password_hash', ?, "
                       "'$.updated_at', ?) WHERE id = ?",
                       (password_hash, at.isoformat(), invitation.user_id))
            end_sessions_of(db, invitation.user_id)
            (user,) = users_in(db, "id = ?", (invitation.user_id,))  # cascades keep it
        return user
