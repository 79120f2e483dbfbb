"""The use cases of accounts: who someone is (tokens, passwords), their users and tokens, and the
audit trail. Like every use case, they take plain values and an ``actor`` (``None``: the system
itself) and raise the domain's errors.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from graph_models.domain import policy, vocabularies
from graph_models.domain.accounts import (
    LOCALES,
    ApiToken,
    AuditEntry,
    IssuedToken,
    LoginSession,
    OpenedSession,
    Role,
    User,
    hash_password,
    issue_token,
    login_key,
    open_session,
    parse_token,
    password_matches,
    password_problems,
    session_digest,
)
from graph_models.domain.errors import InvalidInput, NotFound, TooManyRequests, Unauthenticated
from graph_models.domain.policy import Action, Resource
from graph_models.domain.queries import AuditQuery, Page
from graph_models.domain.records import from_record, to_record
from graph_models.domain.stakeholders import new_id, now
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import audit

USER_FIELDS = frozenset({"username", "display_name", "email", "locale", "role", "regions",
                         "memberships", "disabled"})
# What every user may change of their own account: their settings, never their role or scope.
SETTINGS_FIELDS = frozenset({"locale", "display_name"})
MAX_DISPLAY_NAME_LENGTH = 200
# Recording every use of a token or a session would make each read a write; once in a while
# is enough.
TOUCH_INTERVAL = timedelta(minutes=5)


@dataclass(frozen=True)
class LoginRules:
    """How many failed logins lock an account, for how long; how long tokens live; how long a
    sign-in session may stay unused, and how long it lasts at most."""

    lockout_after: int = 5
    lockout_seconds: int = 900
    token_days: int = 90
    session_idle_minutes: int = 120
    session_hours: int = 12

    @property
    def session_idle(self) -> timedelta:
        return timedelta(minutes=self.session_idle_minutes)


class Accounts:
    """Accounts over one store."""

    def __init__(self, store: GraphStore, *, rules: LoginRules = LoginRules(),
                 clock: Callable[[], datetime] = now):
        self.store = store
        self.rules = rules
        self._clock = clock

    # -- who is asking ----------------------------------------------------------------------

    def authenticate_token(self, secret: str) -> User:
        """The user a bearer token stands for; Unauthenticated for anything wrong with it."""
        token_id = parse_token(secret)
        try:
            token, user = self.store.token_and_user(token_id) if token_id else (None, None)
        except NotFound:
            token = user = None
        at = self._clock()
        if token is None or not token.verify(secret) or not token.usable(at):
            raise Unauthenticated("the token is unknown, expired or revoked")
        user = _active(user)
        if token.last_used_at is None or at - token.last_used_at > TOUCH_INTERVAL:
            self.store.touch_token(token.id, at)
        return user

    def _active_user(self, user_id: str) -> User:
        try:
            user = self.store.get_user(user_id)
        except NotFound:
            user = None
        return _active(user)

    def login(self, username: str, password: str) -> User:
        """Check a password. The ``lockout_after``-th failure in a row locks a username for
        ``lockout_seconds``; attempts while it is locked are refused and do not lengthen the
        lock, so nobody can keep an account locked by trying it now and then.

        A username nobody has is counted and locked exactly like a real one, in the same time
        and with the same answers, so that they do not tell which usernames exist. Each attempt
        is counted before the password is checked, so attempts sent at once from many
        processes cannot together check more passwords than the limit."""
        at = self._clock()
        key = login_key(username)
        lockout = timedelta(seconds=self.rules.lockout_seconds)
        attempts = self.store.record_login_attempt(
            key, at, forget_before=at - lockout, lock_after=self.rules.lockout_after,
            locked_until=at + lockout)
        if attempts.count > self.rules.lockout_after:
            remaining = (attempts.locked_until or at + lockout) - at
            raise TooManyRequests("too many failed logins; try again later",
                                  retry_after=max(1, math.ceil(remaining.total_seconds())))
        try:
            user = self.store.get_user_by_username(username)
        except NotFound:
            user = None
        # A missing user's check hashes the password all the same: it takes as long.
        if not password_matches(user.password_hash if user is not None else None,
                                password) or (
                user is None or user.disabled):
            raise Unauthenticated("wrong username or password")
        self.store.clear_login_attempts(key)
        return user

    # -- sign-in sessions -------------------------------------------------------------------

    def open_session(self, user: User) -> OpenedSession:
        """A new session for a user who just signed in; its secrets are in the answer only.

        Unauthenticated if the password that :meth:`login` checked (``user``'s) has changed
        since, or the account was disabled: the check is slow, and a change made meanwhile
        must not be outlived by a session opened with the old password."""
        at = self._clock()
        opened = open_session(user.id, at=at, hours=self.rules.session_hours)
        self.store.create_session(opened.session, idle_before=at - self.rules.session_idle,
                                  password_hash=user.password_hash or "")
        return opened

    def authenticate_session(self, secret: str) -> tuple[User, LoginSession]:
        """The user a session cookie stands for, and its session; Unauthenticated once it
        was ended, has run out, or its user may no longer act."""
        digest = session_digest(secret)
        try:
            session = self.store.get_session(digest)
        except NotFound:
            session = None
        at = self._clock()
        if session is None or not session.usable(at, self.rules.session_idle):
            raise Unauthenticated("the session has ended: sign in again")
        user = self._active_user(session.user_id)
        # Often enough that a session in use never looks idle, however short the idle time.
        if at - session.last_seen_at > min(TOUCH_INTERVAL, self.rules.session_idle / 2):
            self.store.touch_session(digest, at)
        return user, session

    def end_session(self, secret: str) -> None:
        """Sign out: the session's cookie no longer works, wherever it was kept."""
        self.store.delete_session(session_digest(secret))

    # -- users ------------------------------------------------------------------------------

    def create_user(self, fields: dict, *, actor: User | None = None) -> User:
        """Create an account; ``password`` (optional) is kept as an argon2 hash only."""
        policy.require_some(actor, Resource.USER, Action.CREATE)
        user = self.new_user(fields)
        return self.store.create_user(user, audit=audit(actor, "user.create", "user", user.id,
                                                        fields=tuple(fields)))

    def new_user(self, fields: dict) -> User:
        """The account ``fields`` describe, with a new id, checked (InvalidInput) but not
        stored: for the writes that store it together with something else."""
        at = self._clock()
        record = {name: value for name, value in fields.items() if name in USER_FIELDS}
        user = from_record(User, {"display_name": "", **record, "id": new_id(),
                                  "created_at": at, "updated_at": at})
        user = self._with_password(user, fields.get("password"))
        self._check(user)
        return user

    def _with_password(self, user: User, password: str | None) -> User:
        if password is None:
            return user
        problems = password_problems(password)
        if problems:
            raise InvalidInput("the password is too weak", errors={"password": problems})
        return dataclasses.replace(user, password_hash=hash_password(password))

    def _check(self, user: User) -> None:
        problems: dict[str, list[str]] = {}
        if not user.username.strip() or len(user.username) > 100:
            problems["username"] = ["must have 1 to 100 characters"]
        unknown = [r for r in user.regions if not vocabularies.is_region(r)]
        if unknown:
            problems["regions"] = [f"unknown NUTS region code: {', '.join(unknown)}"]
        if user.role in (Role.COORDINATOR, Role.VIEWER) and not user.regions:
            problems["regions"] = [f"a {user.role.value} needs at least one territory"]
        if len(user.display_name) > MAX_DISPLAY_NAME_LENGTH:
            problems["display_name"] = [f"longer than {MAX_DISPLAY_NAME_LENGTH} characters"]
        if user.locale is not None and user.locale not in LOCALES:
            problems["locale"] = [f"not a language of the service: {', '.join(LOCALES)}"]
        if problems:
            raise InvalidInput("the account breaks a rule", errors=problems)

    def get_user(self, user_id: str, *, actor: User | None = None) -> User:
        policy.require_own_or_admin(actor, Resource.USER, Action.READ, owner_id=user_id)
        return self.store.get_user(user_id)

    def get_user_by_username(self, username: str, *, actor: User | None = None) -> User:
        """The account of this username (yours, or anyone's for an admin); NotFound else."""
        user = self.store.get_user_by_username(username)
        policy.require_own_or_admin(actor, Resource.USER, Action.READ, owner_id=user.id)
        return user

    def list_users(self, *, actor: User | None = None) -> list[User]:
        policy.require_some(actor, Resource.USER, Action.LIST)
        return self.store.list_users()

    def update_user(self, user_id: str, changes: dict, *, actor: User | None = None) -> User:
        """Change an account; a new ``password`` replaces the old one and unlocks it."""
        policy.require_own_or_admin(actor, Resource.USER, Action.UPDATE, owner_id=user_id)
        return self._update(user_id, changes, actor)

    def change_own_settings(self, changes: dict, *, actor: User) -> User:
        """Change the ``actor``'s own settings (``locale``, ``display_name``): every user may,
        whatever their role, since they change how the service speaks to them and names
        them, and nothing else."""
        unknown = sorted(set(changes) - SETTINGS_FIELDS)
        if unknown:
            raise InvalidInput("only settings may be changed here",
                               errors={name: ["not a setting"] for name in unknown})
        return self._update(actor.id, changes, actor)

    def change_own_password(self, current: str, new: str, *, actor: User) -> User:
        """Change the ``actor``'s own password, given the current one, which is checked as a
        sign-in is (a wrong one counts towards the username's lockout). As every new password
        does, it ends the account's sessions. InvalidInput names ``current_password`` and
        ``new_password`` for what is wrong with each."""
        problems: dict[str, list[str]] = {}
        if weak := password_problems(new):
            problems["new_password"] = weak
        try:
            self.login(actor.username, current)
        except Unauthenticated:
            problems["current_password"] = ["is not your current password"]
        if problems:
            raise InvalidInput("the password was not changed", errors=problems)
        return self._update(actor.id, {"password": new}, actor)

    def _update(self, user_id: str, changes: dict, actor: User | None) -> User:
        old = self.store.get_user(user_id)
        record = {**to_record(old),
                  **{name: value for name, value in changes.items() if name in USER_FIELDS},
                  "updated_at": self._clock()}
        user = self._with_password(from_record(User, record), changes.get("password"))
        self._check(user)
        # Whoever holds a session of a disabled account, or knew the old password, is out.
        updated = self.store.update_user(
            user, audit=audit(actor, "user.update", "user", user.id, fields=tuple(changes)),
            end_sessions="password" in changes or user.disabled)
        if "password" in changes:  # a new password also unlocks the account
            for username in {old.username, user.username}:
                self.store.clear_login_attempts(login_key(username))
        return updated

    def delete_user(self, user_id: str, *, actor: User | None = None) -> None:
        policy.require_own_or_admin(actor, Resource.USER, Action.DELETE, owner_id=user_id)
        user = self.store.get_user(user_id)
        self.store.delete_user(user_id, audit=audit(actor, "user.delete", "user", user.id))

    # -- tokens -----------------------------------------------------------------------------

    def issue_token(self, user_id: str, *, name: str, days: int | None = None,
                    actor: User | None = None) -> IssuedToken:
        """A new token for a user (your own, or anyone's for an admin). Its secret is in the
        answer and nowhere else."""
        policy.require_own_or_admin(actor, Resource.TOKEN, Action.CREATE, owner_id=user_id)
        user = self.store.get_user(user_id)
        issued = issue_token(user.id, name=name, at=self._clock(),
                             days=self.rules.token_days if days is None else days)
        self.store.create_token(issued.token,
                                audit=audit(actor, "token.create", "token", issued.token.id))
        return issued

    def list_tokens(self, user_id: str, *, actor: User | None = None) -> list[ApiToken]:
        policy.require_own_or_admin(actor, Resource.TOKEN, Action.LIST, owner_id=user_id)
        return self.store.list_tokens(user_id)

    def revoke_token(self, token_id: str, *, actor: User | None = None) -> ApiToken:
        """Revoke a token (yours, or anyone's for an admin); revoking twice is harmless."""
        token = self.store.get_token(token_id)
        policy.require_own_or_admin(actor, Resource.TOKEN, Action.DELETE, owner_id=token.user_id)
        return self.store.revoke_token(token_id, self._clock(),
                                       audit=audit(actor, "token.revoke", "token", token_id))

    # -- audit ------------------------------------------------------------------------------

    def find_audit(self, *, object_id: str | None = None, actor_id: str | None = None,
                   action: str | None = None, since: datetime | None = None,
                   before: datetime | None = None, page: int = 1, page_size: int = 50,
                   actor: User | None = None) -> Page[AuditEntry]:
        """The audit trail, newest first: all of it for an admin, a coordinator's
        territories for a coordinator; of one object, actor or action, between two times,
        when asked."""
        policy.require_some(actor, Resource.AUDIT, Action.LIST)
        regions = actor.regions if actor is not None and actor.role != Role.ADMIN else None
        return self.store.find_audit(AuditQuery(
            object_ids=(object_id,) if object_id else (), actor_id=actor_id, regions=regions,
            action=action, since=since, before=before, page=page, page_size=page_size))


def _active(user: User | None) -> User:
    """The user, if it still exists and is not disabled; else Unauthenticated."""
    if user is None:
        raise Unauthenticated("the account no longer exists")
    if user.disabled:
        raise Unauthenticated("the account is disabled")
    return user
