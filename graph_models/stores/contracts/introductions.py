"""The store contract's introductions part: requests, their events, and blocks.

They move the graph's version only when a completed request creates a tie.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.introductions import Block, Introduction, IntroductionEvent
from graph_models.domain.notifications import Notification
from graph_models.domain.queries import IntroductionQuery, Page
from graph_models.domain.stakeholders import Tie


class IntroductionStore(Protocol):
    """Introduction requests with their history, and the blocks that refuse them."""

    def create_introduction(self, introduction: Introduction, *, max_open: int,
                            event: IntroductionEvent | None = None,
                            audit: AuditEntry | None = None,
                            notifications: Sequence[Notification] = ()) -> Introduction:
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
                                notifications: Sequence[Notification] = (),
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
