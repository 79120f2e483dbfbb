"""The store contract's accounts part: users and their API tokens.

They do not move the graph's version.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from graph_models.domain.accounts import ApiToken, AuditEntry, User


class AccountStore(Protocol):
    """Users, their memberships and their tokens."""

    def create_user(self, user: User, *, audit: AuditEntry | None = None) -> User:
        """Insert; Conflict if the username (case-insensitively) or id is taken, or a
        membership names a missing stakeholder."""

    def get_user(self, user_id: str) -> User: ...

    def get_user_by_username(self, username: str) -> User:
        """Case-insensitive; NotFound if absent."""

    def list_users(self) -> list[User]:
        """Every user, ordered by username."""

    def update_user(self, user: User, *, audit: AuditEntry | None = None,
                    end_sessions: bool = False) -> User:
        """Replace every field, memberships included; NotFound / Conflict. With
        ``end_sessions``, every sign-in session of the user is deleted in the same
        transaction."""

    def delete_user(self, user_id: str, *, audit: AuditEntry | None = None) -> None:
        """Delete the user, its tokens, its sign-in sessions and its idempotency keys, and
        drop every kept idempotent answer that names it (they stay, ``erased``); NotFound if
        absent."""

    def create_token(self, token: ApiToken, *, audit: AuditEntry | None = None) -> ApiToken: ...

    def get_token(self, token_id: str) -> ApiToken: ...

    def token_and_user(self, token_id: str) -> tuple[ApiToken, User]:
        """The token with this id and its user, read in one transaction: what checking a bearer
        token on each request takes. NotFound if the token is absent (none outlives its user:
        deleting a user deletes its tokens)."""

    def list_tokens(self, user_id: str) -> list[ApiToken]:
        """The user's tokens, newest first."""

    def revoke_token(self, token_id: str, at: datetime, *,
                     audit: AuditEntry | None = None) -> ApiToken:
        """Mark revoked (idempotent: the first revocation time stays); NotFound if absent."""

    def touch_token(self, token_id: str, at: datetime) -> None:
        """Record the token's last use; no audit, no version."""
