"""The domain's errors: one shallow hierarchy that the service maps to HTTP in one table."""

from __future__ import annotations

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

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
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
    return Conflict("the target takes no introduction requests from this requester",
                    errors={"target_id": ["does not take requests from this requester"]})


def duplicate_request() -> Conflict:
    return Conflict("this pair already has an open introduction request",
                    errors={"target_id": ["an open request to this stakeholder exists"]})


def too_many_requests(max_open: int) -> Conflict:
    return Conflict(f"the requester has {max_open} open requests, the most allowed; wait "
                    "for an answer or withdraw one",
                    errors={"requester_id": [f"at most {max_open} open requests"]})


def moved_meanwhile(what: str, state: str) -> Conflict:
    """The Conflict of a write computed from a revision of ``what`` (a request, a programme, a
    mentorship) that is no longer the stored one."""
    return Conflict(f"the {what} is {state} now; someone changed it meanwhile",
                    errors={"state": [state]})
