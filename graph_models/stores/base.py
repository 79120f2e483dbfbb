"""The contract every store keeps: one interface, two engines (SQLite and Neo4j).

Stores persist domain objects exactly as given (the use cases validate them and stamp ids and
times first) and enforce what only the store can: unique ids, one external id per kind, one tie
per natural key, ties only between existing stakeholders, and a version that every committed
write bumps by one. Each method is one transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from graph_models.domain.accounts import ApiToken, AuditEntry, LoginAttempts, LoginSession, User
from graph_models.domain.idempotency import IdempotentResponse
from graph_models.domain.interchange import (
    GraphExport,
    ImportResult,
    ImportReview,
    StakeholderImport,
    TieImport,
    UpsertPlan,
)
from graph_models.domain.introductions import Block, Introduction, IntroductionEvent
from graph_models.domain.notifications import Notification
from graph_models.domain.queries import (
    AuditQuery,
    Direction,
    IntroductionQuery,
    Page,
    StakeholderQuery,
)
from graph_models.domain.stakeholders import Stakeholder, Tie, TieType
from graph_models.stores.mentorship_contract import MentorshipStore


class GraphStore(MentorshipStore, Protocol):
    """What the use cases need from a store. See the module docstring for the guarantees.

    Every write of the graph takes an optional audit entry, written in the same transaction.
    Deleting a stakeholder also ends every membership in it.
    """

    def ensure_schema(self) -> None:
        """Create tables/constraints/indexes if missing. Idempotent."""

    def ping(self) -> None:
        """Raise :class:`~graph_models.domain.errors.StoreUnavailable` if it cannot answer."""

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


