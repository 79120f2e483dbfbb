"""The domain's errors: one shallow hierarchy that the service maps to HTTP in one table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar


class SyndesmosError(Exception):
    """Base of every error the domain raises on purpose."""

    def __init__(self, message: str, *, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotFound(SyndesmosError):
    """The object asked for does not exist (or is not visible to the caller)."""


class Conflict(SyndesmosError):
    """The request is well formed but clashes with what the store holds."""


class Gone(SyndesmosError):
    """What was asked for existed once but has been erased for good."""


class InvalidInput(SyndesmosError):
    """The request breaks a domain rule; ``errors`` maps each field (or line) to its messages."""


class Unauthenticated(SyndesmosError):
    """The caller did not say who it is, or what it said does not hold."""


class Forbidden(SyndesmosError):
    """The caller is known but may not do this."""


class TooManyRequests(SyndesmosError):
    """The caller must slow down (rate limit, login lockout) for ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: int, errors: dict | None = None):
        super().__init__(message, errors=errors)
        self.retry_after = retry_after


class StoreUnavailable(SyndesmosError):
    """The store cannot be reached; the caller may try again after ``retry_after`` seconds.

    ``message`` is for the caller and names no host, address or path; ``detail`` (the server,
    file or driver error) is for the operator's log only.
    """

    def __init__(self, message: str, *, retry_after: int = 5, detail: str | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.detail = detail


class OutcomeUnknown(StoreUnavailable):
    """The store stopped answering while a write was being committed: it may or may not have
    been saved. The message says so; whoever knows the write (an import is idempotent, so
    sending it again is safe) adds what the caller may do."""

    def __init__(self, message: str = "the store stopped answering while the write was being "
                                      "committed: it may or may not have been saved",
                 *, retry_after: int = 5, detail: str | None = None):
        super().__init__(message, retry_after=retry_after, detail=detail)


E = TypeVar("E", bound=SyndesmosError)


def with_note(error: E, note: str) -> E:
    """A copy of ``error`` (same class and fields) whose message ends with ``note``.

    >>> with_note(StoreUnavailable("down", retry_after=9), "try again").message
    'down; try again'
    """
    noted = type(error).__new__(type(error))
    noted.__dict__.update(error.__dict__)
    noted.message = f"{error.message}; {note}"
    noted.args = (noted.message,)
    return noted


def changed_meanwhile(what: str) -> Conflict:
    """The Conflict of an update whose object changed since it was read."""
    return Conflict(f"the {what} changed since it was read; read it again and retry",
                    errors={"updated_at": ["changed meanwhile"]})


def blocked_request() -> Conflict:
    """The Conflict of an introduction request to a target that blocked its requester."""
    return Conflict("the target takes no introduction requests from this requester",
                    errors={"target_id": ["does not take requests from this requester"]})


def duplicate_request() -> Conflict:
    """The Conflict of an introduction request for a pair that has an open one already."""
    return Conflict("this pair already has an open introduction request",
                    errors={"target_id": ["an open request to this stakeholder exists"]})


def too_many_requests(max_open: int) -> Conflict:
    """The Conflict of a requester who has ``max_open`` open introduction requests already."""
    return Conflict(f"the requester has {max_open} open requests, the most allowed; wait "
                    "for an answer or withdraw one",
                    errors={"requester_id": [f"at most {max_open} open requests"]})


def moved_meanwhile(what: str, state: str) -> Conflict:
    """The Conflict of a write computed from a revision of ``what`` (a request, a programme, a
    mentorship) that is no longer the stored one."""
    return Conflict(f"the {what} is {state} now; someone changed it meanwhile",
                    errors={"state": [state]})


def not_found(what: str, object_id: str) -> NotFound:
    """The NotFound of a ``what`` (a stakeholder, a tie, a user …) that has no ``object_id``.

    >>> not_found("tie", "t1").message
    'no tie with id t1'
    """
    return NotFound(f"no {what} with id {object_id}")


def no_such(what: str) -> NotFound:
    """The NotFound of a ``what`` (a block, a session) that is looked up by more than an id."""
    return NotFound(f"no such {what}")


def no_user_named(username: str) -> NotFound:
    """The NotFound of a sign-in name that no user has."""
    return NotFound(f"no user {username}")


def no_stakeholder_of_kind() -> NotFound:
    """The NotFound of a replacement whose stakeholder is missing or of another kind."""
    return NotFound("no stakeholder with this id and kind")


_NO_SUCH_STAKEHOLDER = "no such stakeholder"


def stakeholder_id_taken() -> Conflict:
    """The Conflict of a new stakeholder whose id another stakeholder has."""
    return Conflict("a stakeholder with this id already exists", errors={"id": ["taken"]})


def external_id_taken() -> Conflict:
    """The Conflict of a stakeholder whose external_id another of its kind has."""
    return Conflict("a stakeholder of this kind already has this external_id",
                    errors={"external_id": ["already taken for this kind"]})


def tie_ends_missing(*ends: str) -> Conflict:
    """The Conflict of a tie whose ``ends`` (source, target, via) name no stakeholder."""
    return Conflict("a tie must join two existing stakeholders",
                    errors={end: [_NO_SUCH_STAKEHOLDER] for end in ends})


def tie_exists(field: str) -> Conflict:
    """The Conflict of a tie whose natural key another tie has; ``field`` (type on create,
    since on update) is where the clash is reported."""
    return Conflict("such a tie already exists between these stakeholders",
                    errors={field: ["duplicate tie"]})


def tie_id_taken() -> Conflict:
    """The Conflict of a new tie whose id another tie has."""
    return Conflict("a tie's id is already used by another tie",
                    errors={"id": ["taken by another tie"]})


def ends_missing(what: str, field: str) -> Conflict:
    """The Conflict of a ``what`` (a request, a block) whose ``field`` names no stakeholder."""
    return Conflict(f"a {what} must name existing stakeholders",
                    errors={field: [_NO_SUCH_STAKEHOLDER]})


def username_taken() -> Conflict:
    """The Conflict of a user whose username (compared without case) another user has."""
    return Conflict("this username is taken", errors={"username": ["already taken"]})


def membership_missing() -> Conflict:
    """The Conflict of a user whose memberships name a stakeholder that does not exist."""
    return Conflict("a membership names a stakeholder that does not exist",
                    errors={"memberships": [_NO_SUCH_STAKEHOLDER]})


def token_user_missing() -> Conflict:
    """The Conflict of a token whose user does not exist (or, which the stores cannot tell
    apart, whose id is taken)."""
    return Conflict("no such user, or the token id is taken",
                    errors={"user_id": ["no such user"]})


def pair_ends_missing(missing: Iterable[str]) -> Conflict:
    """The Conflict of a programme's pairs that name ``missing`` stakeholders (listed sorted)."""
    return Conflict("a pair names a stakeholder that no longer exists",
                    errors={"pairs": [f"no stakeholder {x}" for x in sorted(missing)]})


def mentee_placed_twice() -> Conflict:
    """The Conflict of a programme that would give a mentee a second mentorship."""
    return Conflict("a mentee of this programme has a mentorship already",
                    errors={"pairs": ["a mentee is placed twice"]})
