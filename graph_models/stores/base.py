"""The contract every store keeps: one interface, two engines (SQLite and Neo4j).

Stores persist domain objects exactly as given (the use cases validate them and stamp ids and
times first) and enforce what only the store can: unique ids, one external id per kind, one tie
per natural key, ties only between existing stakeholders, and a version that every committed
write bumps by one. Each method is one transaction.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from graph_models.accounts import ApiToken, AuditEntry, LoginAttempts, LoginSession, User
from graph_models.domain import Kind, Stakeholder, Tie, TieType, new_id, tie_problems
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
    coordinator may see besides). ``public_needs_only`` makes ``need`` match only the needs not
    kept private, and the private ones of the stakeholders whose id is in ``private_needs_ids``
    or whose region lies in one of ``private_needs_regions`` (whose private fields the
    searcher may read).
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
    public_needs_only: bool = False
    private_needs_ids: tuple[str, ...] = ()
    private_needs_regions: tuple[str, ...] = ()
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
    """A claim on an ``Idempotency-Key``, then the answer given to the write sent with it: kept
    so that the same request sent again gets the same answer instead of acting twice.

    ``status`` is None while the claim's request is still being answered. ``request_id`` tells
    the claim from any later one of the same key: only the request that holds it may write,
    answer or release. ``effect`` is what the request's write did (say ``stakeholder.create
    stakeholder 1f…``), recorded by that write's own transaction (see :func:`writing_for`), so
    a retry can tell a request that died before writing from one that died after. ``released``
    marks a claim whose request ended without an answer after its write took effect.
    ``erased`` marks an answer dropped because it held what an erasure removed;
    ``erased_meanwhile`` names what was erased while the request was in flight, so that its
    answer is checked for it when kept.
    """

    key: str
    user_id: str
    request_hash: str
    created_at: datetime
    status: int | None = None
    body: str | None = None
    request_id: str = dataclasses.field(default_factory=new_id)
    effect: str | None = None
    released: bool = False
    erased: bool = False
    erased_meanwhile: tuple[str, ...] = ()

    def abandoned(self, before: datetime) -> bool:
        """Unanswered, and its request gave up or has said nothing since ``before``."""
        return self.status is None and (self.released or self.created_at < before)

    def replaceable(self, *, expired_before: datetime, abandoned_before: datetime) -> bool:
        """Whether a new claim of the key may take this one's place: once it has expired, or
        once it is abandoned with nothing written (a request that wrote must not act twice)."""
        return self.created_at < expired_before or (
            self.effect is None and self.abandoned(abandoned_before))


def answer_names(body: str | None, object_ids: Iterable[str]) -> bool:
    """Whether a kept answer names one of these objects: holds its id as a JSON string, as
    every object in an answer carries its id.

    >>> answer_names('{"id": "1f2e", "name": "Ήλιος"}', ["1f2e"])
    True
    """
    return body is not None and any(named_in_answer(object_id) in body
                                    for object_id in object_ids)


def named_in_answer(object_id: str) -> str:
    """How an object's id appears in a JSON answer: what an erasure looks for in kept ones.

    >>> named_in_answer("1f2e")
    '"1f2e"'
    """
    return json.dumps(object_id, ensure_ascii=False)


_WRITING_FOR: ContextVar[IdempotentResponse | None] = ContextVar("syndesmos_writing_for",
                                                                 default=None)


@contextmanager
def writing_for(claim: IdempotentResponse) -> Iterator[None]:
    """Make every store write inside record ``claim`` in its own transaction.

    Each write first checks that ``claim`` still holds its key (Conflict, with nothing written,
    if a retry took the key over) and sets the claim's ``effect``. So whether the write
    committed is known from the claim alone, even when the answer is never kept.

    >>> claim = IdempotentResponse("k", "u1", "h", created_at=datetime(2026, 1, 1))
    >>> with writing_for(claim):
    ...     current_claim() is claim
    True
    >>> current_claim() is None
    True
    """
    token = _WRITING_FOR.set(claim)
    try:
        yield
    finally:
        _WRITING_FOR.reset(token)


def current_claim() -> IdempotentResponse | None:
    """The claim that writes made now record (see :func:`writing_for`), if any."""
    return _WRITING_FOR.get()


def claim_effect(audit: AuditEntry | None) -> str:
    """What a write for a claim records as its effect: its audit entry's action and object."""
    if audit is None:
        return "a write"
    return f"{audit.action} {audit.object_type} {audit.object_id}"


def claim_taken_over() -> Conflict:
    """The Conflict of a write whose request no longer holds its Idempotency-Key."""
    return Conflict("a retry with the same Idempotency-Key took over this request (it had "
                    "taken too long); nothing was written",
                    errors={"Idempotency-Key": ["taken over by a retry"]})


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

    def __add__(self, other: ImportResult) -> ImportResult:
        return ImportResult(*(getattr(self, f.name) + getattr(other, f.name)
                              for f in dataclasses.fields(self)))


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
        drop every kept idempotent answer that names it (they stay, ``erased``); NotFound if
        absent."""

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
                    review: ImportReview | None = None,
                    audit: AuditEntry | None = None) -> ImportResult:
        """Upsert stakeholders and ties as :func:`plan_upsert` plans it, all or nothing.

        The plan is made in the write's transaction and handed to ``review`` there, which
        raises to refuse it (nothing is written then) or returns the audit entries to write
        with it; without a review, a plan with problems raises InvalidInput naming each bad
        item by its line. ``audit`` (one entry for the whole import) is written too. A store
        may plan and review more than once (a retried transaction): ``review`` must not act.
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

    def list_tokens(self, user_id: str) -> list[ApiToken]:
        """The user's tokens, newest first."""

    def revoke_token(self, token_id: str, at: datetime, *,
                     audit: AuditEntry | None = None) -> ApiToken:
        """Mark revoked (idempotent: the first revocation time stays); NotFound if absent."""

    def touch_token(self, token_id: str, at: datetime) -> None:
        """Record the token's last use; no audit, no version."""

    def find_audit(self, query: AuditQuery) -> Page[AuditEntry]: ...

    # -- sign-in sessions (no version, no audit) ---------------------------------------------

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

    # -- login attempts per username (no version, no audit) ---------------------------------

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
        ``audit`` entry and ``notifications`` are written with it, or not at all; the
        request's notifications still pending become obsolete first (the step's own tell
        where it stands now), in the same transaction. ``tie`` (the
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
        """Store a notification's new state, attempts and sent_at (a mail sender's report).
        One made obsolete since the sender read it stays so, unless the report says it was
        sent: a retry must not bring it back."""

    # -- idempotency keys (no version, no audit) ---------------------------------------------

    def claim_idempotency_key(self, claim: IdempotentResponse, *, expired_before: datetime,
                              abandoned_before: datetime) -> IdempotentResponse | None:
        """Claim (key, user) for a request (None), or return the claim that holds it.

        A held claim that is :meth:`~IdempotentResponse.replaceable` is replaced by this one.
        Every key of anyone created before ``expired_before`` is deleted with what it kept, so
        that answers (personal data among them) are remembered for that long only.
        """

    def finish_idempotency_key(self, claim: IdempotentResponse, *, status: int,
                               body: str) -> None:
        """Keep the answer of the request that holds ``claim`` (nothing if it no longer does).
        An answer naming something erased while the request was in flight is kept
        ``erased``, without its body."""

    def release_idempotency_key(self, claim: IdempotentResponse) -> None:
        """The request that holds ``claim`` ended without an answer to keep (it failed). Its
        claim is dropped, so the client may try again, unless its write took effect: then it
        is kept, ``released``, so that a retry does not act twice."""

    def plan_import(self, stakeholders: list[StakeholderImport],
                    ties: list[TieImport]) -> UpsertPlan:
        """What :meth:`bulk_upsert` would do now, read without writing anything."""

    def export(self) -> GraphExport:
        """Every stakeholder and tie, ordered by id, with the version they were read at."""


class Change(StrEnum):
    """What an import does with an object."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class PlannedStakeholder:
    """What an import does with one stakeholder: ``new`` as it will be stored, ``old`` as it is
    stored (None: it is created), matched ``by_id`` or else by kind and external id.
    ``problems`` (by field) keep it from being written."""

    where: str
    line: int | None
    new: Stakeholder
    old: Stakeholder | None
    by_id: bool
    change: Change
    problems: dict[str, list[str]]


@dataclass(frozen=True)
class PlannedTie:
    """What an import does with one tie: ``new`` with the ends its refs name (the ``unplaced``
    ends name no stakeholder and stay as the refs), ``old`` as stored under its natural key."""

    where: str
    line: int | None
    refs: dict[str, StakeholderRef]
    new: Tie
    old: Tie | None
    change: Change
    problems: dict[str, list[str]]
    unplaced: tuple[str, ...] = ()


@dataclass(frozen=True)
class UpsertPlan:
    """An import decided item by item; ``known`` holds every stakeholder it names, by id, as
    the import leaves it."""

    stakeholders: list[PlannedStakeholder]
    ties: list[PlannedTie]
    known: dict[str, Stakeholder]

    @property
    def errors(self) -> dict[str, list[str]]:
        """Every item's problems as ``line N.field``, in line order."""
        return in_line_order({f"{item.where}.{name}": messages
                              for item in (*self.stakeholders, *self.ties)
                              for name, messages in item.problems.items()})

    def stakeholders_to(self, change: Change) -> list[Stakeholder]:
        return [item.new for item in self.stakeholders if item.change == change]

    def ties_to(self, change: Change) -> list[Tie]:
        return [item.new for item in self.ties if item.change == change]

    def result(self) -> ImportResult:
        return ImportResult(**{
            f"{what}_{change.value}": sum(item.change == change for item in items)
            for what, items in (("stakeholders", self.stakeholders), ("ties", self.ties))
            for change in Change})


# Reviews a plan inside the import's transaction: raises to refuse it, or returns the audit
# entries to write with it.
ImportReview = Callable[[UpsertPlan], list[AuditEntry]]
IMPORT_REFUSED = "the import has invalid lines; nothing was written"


def refuse_problems(plan: UpsertPlan) -> list[AuditEntry]:
    """The review of an import with no actor to check: only the plan's own problems."""
    if plan.errors:
        raise InvalidInput(IMPORT_REFUSED, errors=plan.errors)
    return []


def named_in_import(stakeholders: list[StakeholderImport],
                    ties: list[TieImport]) -> tuple[list[str], list[tuple[Kind, str]]]:
    """The ids and the (kind, external id) pairs an import names: what :func:`plan_upsert`
    needs to know of the store, which reads just these through its unique indexes."""
    ids: set[str] = set()
    pairs: set[tuple[Kind, str]] = set()
    for item in stakeholders:
        ids.add(item.stakeholder.id)
        if item.stakeholder.external_id is not None:
            pairs.add((item.stakeholder.kind, item.stakeholder.external_id))
    for tie_item in ties:
        ids.update(filter(None, [tie_item.tie.via]))
        for ref in (tie_item.source, tie_item.target):
            if ref.id is not None:
                ids.add(ref.id)
            elif ref.kind is not None and ref.external_id is not None:
                pairs.add((ref.kind, ref.external_id))
    return sorted(ids), sorted(pairs)


def plan_upsert(stakeholders: list[StakeholderImport], ties: list[TieImport],
                stored: Iterable[Stakeholder],
                stored_ties: Callable[[list[str]], dict[str, Tie]]) -> UpsertPlan:
    """Decide, inside an import's transaction, what each item creates, replaces or leaves.

    Shared by the stores so that both match items the same way. ``stored`` holds (at least)
    the stored stakeholders the import names (see :func:`named_in_import`); ``stored_ties``
    reads the stored ties of some natural keys. A stakeholder line replaces the one of its id,
    else the one of its kind and external id, keeping that one's id, created_at and the times
    of the consents it still gives; a tie line replaces the tie of its natural key, keeping its
    id and created_at. One whose content is the stored one's is left alone. Problems: an item
    named twice, a kind that would change, a ref that names no stakeholder, a tie its ends'
    kinds do not allow, an external id that names a tie between other stakeholders.
    """
    by_id = {s.id: s for s in stored}
    by_external_id = {(s.kind, s.external_id): s for s in by_id.values()
                      if s.external_id is not None}
    planned = _plan_stakeholders(stakeholders, by_id, by_external_id)
    known = dict(by_id)
    for item in planned:
        # An item with problems (named twice, say) does not hide the one it clashes with.
        settle = dict.setdefault if item.problems else dict.__setitem__
        settle(known, item.new.id, item.new)
        if item.new.external_id is not None:
            settle(by_external_id, (item.new.kind, item.new.external_id), item.new)
    return UpsertPlan(planned, _plan_ties(ties, known, by_external_id, stored_ties), known)


def _plan_stakeholders(stakeholders: list[StakeholderImport], by_id: dict[str, Stakeholder],
                       by_external_id: dict) -> list[PlannedStakeholder]:
    planned, seen = [], {}
    for number, item in enumerate(stakeholders, start=1):
        s, where = item.stakeholder, _where(item.line, "stakeholder", number)
        problems: dict[str, list[str]] = {}
        old = by_id.get(s.id)
        matched_by_id = old is not None
        if old is None and s.external_id is not None:
            old = by_external_id.get((s.kind, s.external_id))
        names = [("id", ("id", s.id))]
        if s.external_id is not None:
            names.append(("external_id", ("external_id", s.kind, s.external_id)))
        for name, key in names:
            if key in seen:
                problems.setdefault(name, []).append(f"repeats {seen[key]}")
        if old is not None and not problems and ("placed", old.id) in seen:
            problems["id" if matched_by_id else "external_id"] = [
                f"names the same stakeholder as {seen['placed', old.id]}"]
        for _, key in [*names, (None, ("placed", (old or s).id))]:
            seen.setdefault(key, where)
        if old is None:
            planned.append(PlannedStakeholder(where, item.line, s, None, False, Change.CREATED,
                                              problems))
            continue
        if old.kind != s.kind:
            problems.setdefault("kind", []).append(
                f"stakeholder {old.id} is a {old.kind.value}; a kind never changes")
        new = dataclasses.replace(
            s, id=old.id, created_at=old.created_at,
            discoverable_at=_consent_time(s.discoverable, old.discoverable_at,
                                          s.discoverable_at),
            contact_sharing_at=_consent_time(s.contact_sharing, old.contact_sharing_at,
                                             s.contact_sharing_at))
        change = Change.UNCHANGED if fingerprint(old) == fingerprint(s) else Change.UPDATED
        planned.append(PlannedStakeholder(where, item.line, new, old, matched_by_id, change,
                                          problems))
    return planned


def _plan_ties(ties: list[TieImport], known: dict[str, Stakeholder], by_external_id: dict,
               stored_ties: Callable[[list[str]], dict[str, Tie]]) -> list[PlannedTie]:
    placed = []
    for number, item in enumerate(ties, start=1):
        refs = {"source": item.source, "target": item.target}
        ends: dict[str, str] = {}
        unplaced: tuple[str, ...] = ()
        for end, ref in refs.items():
            found = known.get(ref.id) if ref.id is not None else by_external_id.get(
                (ref.kind, ref.external_id))
            if found is None:
                unplaced += (end,)
            ends[end] = str(ref) if found is None else found.id
        tie = dataclasses.replace(item.tie, **ends)
        problems = {end: [f"no stakeholder {refs[end]}"] for end in unplaced}
        if not unplaced:
            if tie.source == tie.target or tie.via in (tie.source, tie.target):
                # Rules on the ends that refs of two forms (an id, an external id) can hide.
                problems.update(tie_problems(tie))
            kinds = (known[tie.source].kind, known[tie.target].kind)
            if not tie.type.allows(*kinds):
                problems.setdefault("type", []).append(
                    f"not allowed from {kinds[0].value} to {kinds[1].value}")
        placed.append((_where(item.line, "tie", number), item, refs, tie, problems, unplaced))
    stored = stored_ties(sorted({tie.key for *_, tie, _, unplaced in placed if not unplaced}))
    planned, seen = [], {}
    for where, item, refs, tie, problems, unplaced in placed:
        old = None if unplaced else stored.get(tie.key)
        if not unplaced:
            earlier = seen.setdefault(tie.key, where)
            if earlier != where:
                problems.setdefault("type", []).append(f"the same tie as {earlier}")
        if old is not None and not _same_ends(old, tie):
            problems.setdefault("external_id", []).append(
                "names a tie between other stakeholders")
        if old is None:
            new, change = tie, Change.CREATED
        else:
            new = dataclasses.replace(tie, id=old.id, created_at=old.created_at)
            change = Change.UNCHANGED if fingerprint(old) == fingerprint(tie) else Change.UPDATED
        planned.append(PlannedTie(where, item.line, refs, new, old, change, problems, unplaced))
    return planned


def _same_ends(a: Tie, b: Tie) -> bool:
    if a.type.directed:
        return (a.source, a.target) == (b.source, b.target)
    return {a.source, a.target} == {b.source, b.target}


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
