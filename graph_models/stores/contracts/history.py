"""The store contract's match-history part: what matching's feedback reads, in one read."""

from __future__ import annotations

from typing import Protocol

from graph_models.domain.history import MatchHistory


class MatchHistoryStore(Protocol):
    """The past introductions, mentorships, blocks and meetings that a match request
    weighs."""

    def match_history(self, stakeholder_id: str | None, *, limit: int) -> MatchHistory:
        """What ``find_introductions`` (the declined requests ``stakeholder_id`` made, then
        those it received), ``find_mentorships`` (those it is part of) and ``find_blocks``
        return for it, the first two cut at ``limit`` each, in the same orders, and its latest
        ``limit`` meetings with a usefulness answer (see :class:`MatchHistory`); None: every
        declined request, mentorship, block and answered meeting. All of it is read in one
        read transaction, each part through its stakeholder's indexes, so that a match request
        pays one round trip for its feedback whatever the size of the store; an unknown
        stakeholder has an empty history."""
