"""The contract every store keeps: one interface, two engines (SQLite and Neo4j).

Stores persist domain objects exactly as given (the use cases validate them and stamp ids and
times first) and enforce what only the store can: unique ids, one external id per kind, one tie
per natural key, ties only between existing stakeholders, and a version that every committed
write bumps by one. Each method is one transaction.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from graph_models.accounts import ApiToken, AuditEntry, User
from graph_models.domain import Kind, Stakeholder, Tie, TieType
from graph_models.errors import Conflict, InvalidInput
from graph_models.introductions.model import (
    Block,
    Introduction,
    IntroductionEvent,
    Notification,
    State,
)
from graph_models.records import fingerprint
from graph_models.stores.mentorship_contract import MentorshipStore

T = TypeVar("T")

LINE_KEY = re.compile(r"line (\d+)\b")

MAX_PAGE_SIZE = 100


class StakeholderOrder(StrEnum):
    """Sort keys for stakeholder lists: the only names a store puts into ORDER BY."""

    NAME = "name"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"


class Direction(StrEnum):
    """Which ties of a stakeholder: where it is the source, the target, or either."""

    OUT = "out"
    IN = "in"
    BOTH = "both"


@dataclass(frozen=True)
class StakeholderQuery:
    """Filters for a stakeholder search. Every filter given must hold (AND).

    ``region`` matches the region and all its sub-regions; ``text`` is folded (case and accents
    ignored) and matched as a substring of name, description, municipality and external id.
    ``discoverable_only`` keeps the stakeholders who consent to be seen, and also those whose
    id is in ``also_ids`` or whose region lies in one of ``also_regions`` (what a member or a
    coordinator may see besides).
    """

    kind: Kind | None = None
    region: str | None = None
    sector: str | None = None
    need: str | None = None
    offer: str | None = None
    language: str | None = None
    text: str | None = None
    discoverable_only: bool = False
    also_ids: tuple[str, ...] = ()
    also_regions: tuple[str, ...] = ()
    order: StakeholderOrder = StakeholderOrder.NAME
    page: int = 1
    page_size: int = 20

    def __post_init__(self):
        if self.page < 1 or not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise ValueError("page must be ≥ 1 and page_size between 1 and 100")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class AuditQuery:
    """Filters for the audit trail, newest first. ``regions`` (when given) keeps the entries
    whose region lies in one of them."""

    object_ids: tuple[str, ...] = ()
    actor_id: str | None = None
    regions: tuple[str, ...] | None = None
    page: int = 1
    page_size: int = 50

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class IntroductionQuery:
    """Filters for introduction requests, newest change first; every filter given must hold.

    Each id filter keeps the requests whose requester, broker or target is one of those ids;
    ``regions`` keeps those whose region lies in one of them; ``changed_before`` those that have
    not moved since then (how long they have waited); ``forwarded_only`` those that reached
    their target.
    """

    requester_ids: tuple[str, ...] | None = None
    broker_ids: tuple[str, ...] | None = None
    target_ids: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    states: tuple[State, ...] | None = None
    changed_before: datetime | None = None
    forwarded_only: bool = False
    page: int = 1
    page_size: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class IdempotentResponse:
    """The answer given to a write sent with an ``Idempotency-Key``: kept so that the same
    request sent again gets the same answer instead of acting twice. ``status`` is None while
    the first request is still being answered."""

    key: str
    user_id: str
    request_hash: str
    created_at: datetime
    status: int | None = None
    body: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class StakeholderRef:
    """A stakeholder named, in an import file, by its id or by its kind and external id."""

    id: str | None = None
    kind: Kind | None = None
    external_id: str | None = None

    def __str__(self) -> str:
        return self.id or f"{self.kind.value} with external_id {self.external_id}"


@dataclass(frozen=True)
class StakeholderImport:
    """A stakeholder to upsert, with the line of the file it came from (for error messages)."""

    stakeholder: Stakeholder
    line: int | None = None


@dataclass(frozen=True)
class TieImport:
    """A tie to upsert whose ends are named by :class:`StakeholderRef`.

    ``tie.source`` and ``tie.target`` are ignored; the store resolves the refs inside the
    import's transaction.
    """

    tie: Tie
    source: StakeholderRef
    target: StakeholderRef
    line: int | None = None


@dataclass
class ImportResult:
    stakeholders_created: int = 0
    stakeholders_updated: int = 0
    stakeholders_unchanged: int = 0
    ties_created: int = 0
    ties_updated: int = 0
    ties_unchanged: int = 0


@dataclass(frozen=True)
class GraphExport:
    """Everything in the store at one version, read in one transaction."""

    version: int
    stakeholders: list[Stakeholder]
    ties: list[Tie]


class GraphStore(MentorshipStore, Protocol):
    """What the use cases need from a store. See the module docstring for the guarantees.

    Every write of the graph takes an optional audit entry, written in the same transaction.
    Deleting a stakeholder also ends every membership in it.
    """

    def ensure_schema(self) -> None:
        """Create tables/constraints/indexes if missing. Idempotent."""

    def ping(self) -> None:
        """Raise :class:`~graph_models.errors.StoreUnavailable` if the store cannot answer."""

    def close(self) -> None: ...

    def version(self) -> int:
        """The number of committed writes so far."""

    def create_stakeholder(self, stakeholder: Stakeholder, *,
                           audit: AuditEntry | None = None) -> Stakeholder:
        """Insert; Conflict if the id or (kind, external_id) is taken."""

    def get_stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """NotFound if absent."""

    def get_stakeholders(self, stakeholder_ids: list[str]) -> dict[str, Stakeholder]:
        """The stakeholders of these ids that exist, by id."""

    def update_stakeholder(self, stakeholder: Stakeholder, *,
                           expected_updated_at: datetime | None = None,
                           audit: AuditEntry | None = None) -> Stakeholder:
        """Replace every field (the kind never changes); NotFound / Conflict. With
        ``expected_updated_at``, Conflict (naming ``updated_at``) if the stored one differs:
        someone changed it since it was read."""

    def delete_stakeholder(self, stakeholder_id: str, *, audit: AuditEntry | None = None) -> None:
        """Delete it, all its ties, every introduction request and block it is part of (as
        requester, broker or target), and every mentorship it is part of with its sessions;
        NotFound if absent."""

    def find_stakeholders(self, query: StakeholderQuery) -> Page[Stakeholder]: ...

    def create_tie(self, tie: Tie, *, audit: AuditEntry | None = None) -> Tie:
        """Insert; Conflict if an end is missing or the natural key is taken."""

    def get_tie(self, tie_id: str) -> Tie: ...

    def update_tie(self, tie: Tie, *, expected_updated_at: datetime | None = None,
                   audit: AuditEntry | None = None) -> Tie:
        """Replace the tie's attributes (type and ends never change); NotFound / Conflict;
        ``expected_updated_at`` as for update_stakeholder."""

    def delete_tie(self, tie_id: str, *, audit: AuditEntry | None = None) -> None: ...

    def ties_of(self, stakeholder_id: str, *, direction: Direction = Direction.BOTH,
                types: frozenset[TieType] | None = None) -> list[Tie]:
        """The ties at a stakeholder, ordered by id; NotFound if the stakeholder is absent."""

    def bulk_upsert(self, stakeholders: list[StakeholderImport], ties: list[TieImport], *,
                    audit: AuditEntry | None = None) -> ImportResult:
        """Upsert stakeholders and ties, all or nothing.

        A stakeholder whose id exists replaces that one; else one whose (kind, external_id)
        exists replaces that one, keeping its id; else it is created. Replacing keeps
        created_at. Ties are upserted by natural key. Raises InvalidInput, naming each bad item
        by its line, when a ref matches no stakeholder or an id belongs to another kind;
        nothing is written then.
        """

    # -- accounts and audit (they do not move the graph's version) -------------------------

    def create_user(self, user: User, *, audit: AuditEntry | None = None) -> User:
        """Insert; Conflict if the username (case-insensitively) or id is taken, or a
        membership names a missing stakeholder."""

    def get_user(self, user_id: str) -> User: ...

    def get_user_by_username(self, username: str) -> User:
        """Case-insensitive; NotFound if absent."""

    def list_users(self) -> list[User]:
        """Every user, ordered by username."""

    def update_user(self, user: User, *, audit: AuditEntry | None = None) -> User:
        """Replace every field, memberships included; NotFound / Conflict."""

    def record_login(self, user_id: str, *, failed_logins: int,
                     locked_until: datetime | None) -> None:
        """Keep the count of failed logins and any lockout; no audit, no version."""

    def delete_user(self, user_id: str, *, audit: AuditEntry | None = None) -> None:
        """Delete the user and its tokens; NotFound if absent."""

    def create_token(self, token: ApiToken, *, audit: AuditEntry | None = None) -> ApiToken: ...

    def get_token(self, token_id: str) -> ApiToken: ...

    def list_tokens(self, user_id: str) -> list[ApiToken]:
        """The user's tokens, newest first."""

    def revoke_token(self, token_id: str, at: datetime, *,
                     audit: AuditEntry | None = None) -> ApiToken:
        """Mark revoked (idempotent: the first revocation time stays); NotFound if absent."""

    def touch_token(self, token_id: str, at: datetime) -> None:
        """Record the token's last use; no audit, no version."""

    def find_audit(self, query: AuditQuery) -> Page[AuditEntry]: ...

    # -- introductions (moving the graph's version only when one creates a tie) -------------

    def create_introduction(self, introduction: Introduction, *, max_open: int,
                            event: IntroductionEvent | None = None,
                            audit: AuditEntry | None = None,
                            notifications: list[Notification] = ()) -> Introduction:
        """Insert a new request with its first event and notifications. Conflict (naming the
        field) if either end is missing, the target blocks the requester, the pair already has
        an open request, or the requester has ``max_open`` open requests already. The checks
        and the insert are one transaction, so concurrent requests cannot pass the limits
        together."""

    def get_introduction(self, introduction_id: str) -> Introduction: ...

    def find_introductions(self, query: IntroductionQuery) -> Page[Introduction]: ...

    def introduction_events(self, introduction_id: str) -> list[IntroductionEvent]:
        """A request's history, oldest first (by revision); empty for an unknown request."""

    def transition_introduction(self, introduction: Introduction, *,
                                event: IntroductionEvent | None = None,
                                audit: AuditEntry | None = None,
                                notifications: list[Notification] = (),
                                tie: Tie | None = None,
                                block: Block | None = None) -> Introduction:
        """Write a transition computed from revision ``introduction.revision - 1``.

        Conflict (with the stored state under ``errors["state"]``) if the stored revision is
        another: someone moved the request meanwhile, and nothing is written. The ``event``,
        ``audit`` entry and ``notifications`` are written with it, or not at all. ``tie`` (the
        INTRODUCED tie of a completed request) is created unless the pair has one already;
        the stored request keeps the id of the pair's tie either way. ``block`` (a target
        declining and blocking the requester) is recorded with it, an existing one kept."""

    def create_block(self, block: Block, *, audit: AuditEntry | None = None) -> Block:
        """Record a block (idempotent: an existing one is kept); Conflict if an end is
        missing."""

    def delete_block(self, target_id: str, requester_id: str, *,
                     audit: AuditEntry | None = None) -> None:
        """NotFound if there is no such block."""

    def find_blocks(self, stakeholder_id: str | None) -> list[Block]:
        """The blocks where the stakeholder is either end (None: every block), oldest
        first."""

    def find_notifications(self, recipient_id: str | None, *, pending_only: bool = False,
                           limit: int = 100) -> list[Notification]:
        """A user's notifications newest first, or (``recipient_id`` None) the oldest pending
        ones of everyone: what a mail sender drains."""

    def record_delivery(self, notification: Notification) -> None:
        """Store a notification's new state, attempts and sent_at (a mail sender's report)."""

    # -- idempotency keys (no version, no audit) ---------------------------------------------

    def claim_idempotency_key(self, claim: IdempotentResponse, *,
                              expired_before: datetime) -> IdempotentResponse | None:
        """Claim (key, user) for a request, or return the claim that holds it. A claim made
        before ``expired_before`` no longer holds and is replaced."""

    def finish_idempotency_key(self, key: str, user_id: str, *, status: int,
                               body: str) -> None:
        """Keep the answer of the request that holds the claim."""

    def release_idempotency_key(self, key: str, user_id: str) -> None:
        """Drop an unanswered claim (the request failed), so the client may try again."""

    def known_stakeholders(self) -> list[KnownStakeholder]:
        """What an import needs to match its lines to stored stakeholders (see plan_upsert)."""

    def export(self) -> GraphExport:
        """Every stakeholder and tie, ordered by id, with the version they were read at."""


@dataclass(frozen=True)
class KnownStakeholder:
    """What an import needs to know of a stakeholder already in the store."""

    id: str
    kind: str
    external_id: str | None
    created_at: datetime
    fingerprint: str
    discoverable_at: datetime | None = None
    contact_sharing_at: datetime | None = None


@dataclass(frozen=True)
class UpsertPlan:
    created: list[Stakeholder]
    replaced: list[Stakeholder]
    unchanged: int
    ties: list[Tie]


def plan_upsert(stakeholders: list[StakeholderImport], ties: list[TieImport],
                known: list[KnownStakeholder]) -> UpsertPlan:
    """Decide, inside an import's transaction, what each item creates or replaces.

    Shared by the stores so that both match items the same way (see
    :meth:`GraphStore.bulk_upsert`). A stakeholder whose fingerprint is the stored one is left
    alone; a replaced one keeps its id, created_at and the times of consents it still gives.
    Raises InvalidInput naming every item that cannot be placed.
    """
    by_id = {k.id: k for k in known}
    by_external_id = {(k.kind, k.external_id): k for k in known if k.external_id is not None}
    created, replaced, unchanged, errors = [], [], 0, {}
    ids_by_external_id = {key: k.id for key, k in by_external_id.items()}
    for number, item in enumerate(stakeholders, start=1):
        s = item.stakeholder
        match = by_id.get(s.id) or by_external_id.get((s.kind.value, s.external_id))
        if match is None:
            created.append(s)
        elif match.kind != s.kind.value:
            errors.setdefault(f"{_where(item.line, 'stakeholder', number)}.kind", []).append(
                f"stakeholder {match.id} is a {match.kind}; a kind never changes")
        elif match.fingerprint == fingerprint(s):
            unchanged += 1
        else:
            replaced.append(dataclasses.replace(
                s, id=match.id, created_at=match.created_at,
                discoverable_at=_consent_time(s.discoverable, match.discoverable_at,
                                              s.discoverable_at),
                contact_sharing_at=_consent_time(s.contact_sharing, match.contact_sharing_at,
                                                 s.contact_sharing_at)))
        if s.external_id is not None:
            ids_by_external_id[(s.kind.value, s.external_id)] = (match or s).id
    existing_ids = set(by_id) | {s.id for s in created}
    resolved = []
    for number, item in enumerate(ties, start=1):
        ends = {}
        for end in ("source", "target"):
            ref = getattr(item, end)
            if ref.id is not None:
                ends[end] = ref.id if ref.id in existing_ids else None
            else:
                ends[end] = ids_by_external_id.get((ref.kind.value, ref.external_id))
            if ends[end] is None:
                errors.setdefault(f"{_where(item.line, 'tie', number)}.{end}", []).append(
                    f"no stakeholder {ref}")
        if None not in ends.values():
            resolved.append(dataclasses.replace(item.tie, **ends))
    if errors:
        raise InvalidInput("the import names stakeholders it cannot place; nothing was written",
                           errors=in_line_order(errors))
    return UpsertPlan(created=created, replaced=replaced, unchanged=unchanged, ties=resolved)


def changed_meanwhile(what: str) -> Conflict:
    """The Conflict of an update whose object changed since it was read."""
    return Conflict(f"the {what} changed since it was read; read it again and retry",
                    errors={"updated_at": ["changed meanwhile"]})


def _consent_time(given: bool, stored: datetime | None, new: datetime | None):
    """A consent still given keeps the time it was first given."""
    return (stored or new) if given else None


def in_line_order(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """An import's problems ordered by their line number, the others first as they came.

    >>> list(in_line_order({"line 10.name": [], "line 2": [], "body": [], "line 2.id": []}))
    ['body', 'line 2', 'line 2.id', 'line 10.name']
    """
    def line_of(name: str) -> int:
        found = LINE_KEY.match(name)
        return int(found.group(1)) if found else 0

    return dict(sorted(errors.items(), key=lambda item: line_of(item[0])))


def _where(line: int | None, what: str, number: int) -> str:
    return f"line {line}" if line else f"{what} {number}"


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
