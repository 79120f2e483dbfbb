"""The store contract's invitations part: one-time links to set an account's password.

No version (they are not the graph); each write may carry its audit entry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from graph_models.domain.accounts import AuditEntry, User
from graph_models.domain.invitations import Invitation


class InvitationStore(Protocol):
    """Invitations, kept by the digest of their secret."""

    def create_invitation(self, invitation: Invitation, *, user: User | None = None,
                          audit: AuditEntry | None = None) -> Invitation:
        """Insert the invitation and, with ``user``, the new account it is for, in one
        transaction: a Conflict of the account (as :meth:`create_user`'s) writes neither.
        NotFound, writing nothing, if no ``user`` is given and its account is missing."""

    def get_invitation(self, invitation_id: str) -> Invitation:
        """NotFound if absent."""

    def invitation_by_digest(self, digest: str) -> Invitation:
        """The invitation kept under this digest; NotFound if absent."""

    def list_invitations(self) -> list[Invitation]:
        """Every invitation, newest first."""

    def revoke_invitation(self, invitation_id: str, at: datetime, *,
                          audit: AuditEntry | None = None) -> Invitation:
        """Mark revoked (the first revocation time stays); NotFound if absent; Conflict,
        writing nothing, if it was accepted already."""

    def accept_invitation(self, digest: str, password_hash: str, at: datetime, *,
                          audit: AuditEntry | None = None) -> User:
        """In one transaction: mark the invitation accepted at ``at``, give its account
        ``password_hash`` and end the account's sign-in sessions; the account is returned.
        Gone, writing nothing, unless it is pending at ``at`` (used, revoked or run out; its
        state in ``errors["state"]``), so that of two uses at once one fails. NotFound if
        absent."""
