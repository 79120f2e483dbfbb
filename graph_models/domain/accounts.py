"""People who use Syndesmos, their roles, API tokens and the audit trail of what they did.

Roles:

* ``admin`` may do everything;
* ``coordinator`` works for one or more territories (NUTS codes; each covers its sub-regions)
  and sees and changes what lies in them;
* ``member`` acts for the stakeholders it is a member of (any user may also be a member);
* ``viewer`` reads aggregate reports of its territories only.

Secrets never leave this module in clear except once, when a token or a sign-in session is
made: passwords are kept as argon2 hashes, tokens and sessions as SHA-256 digests of their random
secret (a token is 256 random bits, so a fast hash is safe; a password is not, so it gets a slow
one).

Examples
--------
>>> user = User(id="u1", username="maria", role=Role.COORDINATOR, regions=("EL30",))
>>> user.covers("EL303"), user.covers("EL52")
(True, False)
>>> issued = issue_token("u1", name="laptop", at=now(), days=30)
>>> issued.token.verify(issued.secret)
True
>>> parse_token(issued.secret) == issued.token.id
True
>>> opened = open_session("u1", at=now(), hours=12)
>>> opened.session.digest == session_digest(opened.secret), opened.session.csrf_matches("x")
(True, False)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph_models.domain import vocabularies
from graph_models.domain.errors import Unauthenticated
from graph_models.domain.stakeholders import new_id, now

TOKEN_PREFIX = "sdm"
# The languages a person may read the service in; a user's ``locale`` is one of them or None
# (none: as the browser or the deployment asks).
LOCALES = ("el", "en")
MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    MEMBER = "member"
    VIEWER = "viewer"


@dataclass(frozen=True, slots=True)
class User:
    """A person with an account. ``regions`` scope a coordinator or viewer; ``memberships``
    are the ids of the stakeholders the user acts for; ``locale`` is the language (one of
    :data:`LOCALES`) the user chose to read the service in, if any."""

    id: str
    username: str
    role: Role
    display_name: str = ""
    email: str | None = None
    locale: str | None = None
    regions: tuple[str, ...] = ()
    memberships: tuple[str, ...] = ()
    password_hash: str | None = field(default=None, repr=False)
    disabled: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def covers(self, region: str | None) -> bool:
        """Whether ``region`` lies in this user's territories."""
        return region is not None and any(vocabularies.region_contains(r, region)
                                          for r in self.regions)

    def is_member_of(self, stakeholder_id: str) -> bool:
        return stakeholder_id in self.memberships


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A personal API token. Only the digest of its secret is kept."""

    id: str
    user_id: str
    name: str
    digest: str = field(repr=False)
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    def verify(self, secret: str) -> bool:
        return hmac.compare_digest(self.digest, _digest(secret))

    def usable(self, at: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or at < self.expires_at)


@dataclass(frozen=True, slots=True)
class LoginSession:
    """A browser signed in with a password. Its cookie carries a random secret; only the
    secret's digest is kept, and the digest of the CSRF token its writes must send."""

    digest: str = field(repr=False)
    user_id: str
    csrf_digest: str = field(repr=False)
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime

    def csrf_matches(self, token: str) -> bool:
        return hmac.compare_digest(self.csrf_digest, _digest(token))

    def usable(self, at: datetime, idle: timedelta) -> bool:
        """Whether it has neither reached its end nor been left unused for ``idle``."""
        return at < self.expires_at and at - self.last_seen_at < idle


@dataclass(frozen=True)
class OpenedSession:
    """A session just opened, with its secrets: the cookie's value and the CSRF token, given
    to the browser once and never stored."""

    session: LoginSession
    secret: str
    csrf_token: str


@dataclass(frozen=True, slots=True)
class LoginAttempts:
    """Logins tried with one username since its last success, whether or not anyone has that
    username: kept under the username's :func:`login_key`, never the name itself. Once the
    count reaches the limit, the username is locked until ``locked_until``, a time that later
    attempts do not move."""

    key: str
    count: int
    last_at: datetime
    locked_until: datetime | None = None


@dataclass(frozen=True)
class IssuedToken:
    """A token just made, with its secret: shown once, never stored."""

    token: ApiToken
    secret: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One write: who did what to which object, when, and from which state to which.

    It names fields, never their values, so it holds no personal data and no secrets.
    """

    id: str
    at: datetime
    actor_id: str | None
    action: str
    object_type: str
    object_id: str
    region: str | None = None
    from_state: str | None = None
    to_state: str | None = None
    fields: tuple[str, ...] = ()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(user_id: str, *, name: str, at: datetime, days: int | None) -> IssuedToken:
    """A new token for ``user_id`` that expires after ``days`` (None: never)."""
    token_id = secrets.token_hex(8)
    secret = f"{TOKEN_PREFIX}_{token_id}_{secrets.token_urlsafe(32)}"
    expires_at = at + timedelta(days=days) if days else None
    return IssuedToken(ApiToken(token_id, user_id, name, _digest(secret), at, expires_at), secret)


def open_session(user_id: str, *, at: datetime, hours: int) -> OpenedSession:
    """A new session for ``user_id`` that ends ``hours`` after ``at`` whatever its use."""
    secret, csrf_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session = LoginSession(_digest(secret), user_id, _digest(csrf_token), created_at=at,
                           last_seen_at=at, expires_at=at + timedelta(hours=hours))
    return OpenedSession(session, secret, csrf_token)


def refuse_stale_sign_in(*, disabled: bool, password_hash: str | None,
                         checked_hash: str) -> None:
    """Unauthenticated unless a login checked against ``checked_hash`` may still open a
    session for a user who now has ``password_hash`` and ``disabled``.

    >>> refuse_stale_sign_in(disabled=False, password_hash="$argon2$a", checked_hash="$argon2$a")
    >>> refuse_stale_sign_in(disabled=False, password_hash="$argon2$b", checked_hash="$argon2$a")
    Traceback (most recent call last):
    graph_models.domain.errors.Unauthenticated: the password changed: sign in again
    """
    if disabled:
        raise Unauthenticated("the account is disabled")
    if password_hash is None or not hmac.compare_digest(password_hash, checked_hash):
        raise Unauthenticated("the password changed: sign in again")


def session_digest(secret: str) -> str:
    """The digest a session is kept under, from the secret its cookie carries."""
    return _digest(secret)


def login_key(username: str) -> str:
    """The key logins tried with ``username`` are counted under: the same for every case of
    it, as usernames are unique whatever their case.

    >>> login_key("Maria") == login_key("MARIA") != login_key("maria2")
    True
    """
    return _digest("login:" + username.casefold())


def parse_token(secret: str) -> str | None:
    """The token id a secret names, or None if it is not shaped like one of ours."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1].isalnum():
        return None
    return parts[1]


def hash_password(password: str) -> str:
    """An argon2 hash of ``password``."""
    return _hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; False for a user without a password."""
    if password_hash is None:
        # Spend the same time as a real check, so timing does not tell which users exist.
        _hasher.hash(password)
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problems(password: str) -> list[str]:
    """Why ``password`` is too weak, if it is."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(set(password)) < 5:
        problems.append("must use at least 5 different characters")
    return problems


def audit_entry(actor_id: str | None, action: str, object_type: str, object_id: str, *,
                region: str | None = None, from_state: str | None = None,
                to_state: str | None = None, fields: tuple[str, ...] = ()) -> AuditEntry:
    """A new audit entry stamped now."""
    return AuditEntry(new_id(), now(), actor_id, action, object_type, object_id, region,
                      from_state, to_state, tuple(sorted(fields)))
