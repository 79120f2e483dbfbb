"""The store contract's sign-in part: sign-in sessions and login attempts per username.

No version, no audit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from graph_models.domain.accounts import LoginAttempts, LoginSession


class SignInStore(Protocol):
    """Sign-in sessions and the login attempts counted per username."""

    def create_session(self, session: LoginSession, *, idle_before: datetime,
                       password_hash: str) -> None:
        """Insert; NotFound if the user is missing. Unauthenticated, writing nothing, if the
        user's password hash is no longer ``password_hash`` (the one the login checked) or the
        user is disabled: checked in the transaction that inserts, so a password changed
        during the check ends every session. Also deletes every session that has ended by
        ``session.created_at`` or was last seen before ``idle_before``."""

    def get_session(self, digest: str) -> LoginSession:
        """NotFound if absent."""

    def touch_session(self, digest: str, at: datetime) -> None:
        """Record the session's last use."""

    def delete_session(self, digest: str) -> None:
        """Delete it (idempotent: an absent one is no error)."""

    def record_login_attempt(self, key: str, at: datetime, *, forget_before: datetime,
                             lock_after: int, locked_until: datetime) -> LoginAttempts:
        """Count one more attempt under ``key`` at ``at``, atomically (concurrent attempts are
        all counted), and return the count. The attempt that brings the count to
        ``lock_after`` locks the key until ``locked_until``; later ones leave that time alone.
        Forgotten first, under every key: unlocked counts last tried before
        ``forget_before``, and locks that have ended by ``at``; such a count starts again
        from 1."""

    def login_attempts(self, key: str) -> LoginAttempts | None:
        """The attempts counted under ``key``, if any."""

    def clear_login_attempts(self, key: str) -> None:
        """Forget the attempts under ``key`` (a success, or a new password)."""
