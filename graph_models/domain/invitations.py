"""Invitations: a one-time link that lets a person whose account was made for them set its
password, so that nobody needs a command line to let brokers and targets in.

An invitation names one account. Its secret is in the link and nowhere else: only its SHA-256
digest is kept (a secret of 256 random bits, like a token's, needs no slow hash). It can be
used once, until it expires or is revoked.

Examples
--------
>>> from graph_models.domain.stakeholders import now
>>> at = now()
>>> issued = issue_invitation("u1", invited_by="admin", at=at, days=7)
>>> issued.invitation.digest == invitation_digest(issued.secret)
True
>>> issued.invitation.state(at), issued.invitation.state(at + timedelta(days=8))
(<InvitationState.PENDING: 'pending'>, <InvitationState.EXPIRED: 'expired'>)
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from graph_models.domain.errors import Gone
from graph_models.domain.stakeholders import new_id

DEFAULT_DAYS = 7


class InvitationState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Invitation:
    """A one-time invitation to set the password of account ``user_id``, made by
    ``invited_by`` (None: the system)."""

    id: str
    user_id: str
    digest: str = field(repr=False)
    created_at: datetime
    expires_at: datetime
    invited_by: str | None = None
    accepted_at: datetime | None = None
    revoked_at: datetime | None = None

    def state(self, at: datetime) -> InvitationState:
        """Where it stands at ``at``: used, revoked, run out or still waiting."""
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if at >= self.expires_at:
            return InvitationState.EXPIRED
        return InvitationState.PENDING


@dataclass(frozen=True)
class IssuedInvitation:
    """An invitation just made, with its secret: shown (or sent) once, never stored."""

    invitation: Invitation
    secret: str


def invitation_digest(secret: str) -> str:
    """The digest an invitation is kept under, from the secret its link carries."""
    return hashlib.sha256(("invitation:" + secret).encode("utf-8")).hexdigest()


def issue_invitation(user_id: str, *, invited_by: str | None, at: datetime,
                     days: int = DEFAULT_DAYS) -> IssuedInvitation:
    """A new invitation for ``user_id`` that runs out ``days`` after ``at``."""
    secret = secrets.token_urlsafe(32)
    invitation = Invitation(new_id(), user_id, invitation_digest(secret), created_at=at,
                            expires_at=at + timedelta(days=days), invited_by=invited_by)
    return IssuedInvitation(invitation, secret)


def unusable(state: InvitationState) -> Gone:
    """The Gone of an invitation that can no longer be used, naming its ``state``.

    >>> unusable(InvitationState.EXPIRED).errors
    {'state': ['expired']}
    """
    return Gone(f"the invitation is {state.value}: ask for a new one",
                errors={"state": [state.value]})
