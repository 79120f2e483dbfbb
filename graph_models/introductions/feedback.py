"""What past introductions tell the matcher: a declined request lowers that pair's score, and a
block removes the pair altogether (the hooks of :func:`graph_models.matching.recommend`)."""

from __future__ import annotations

from collections.abc import Iterable

from graph_models.domain.introductions import Block, Introduction, State

# A target who saw the request and said no has spoken about the pair; a broker who declined to
# forward it may have spoken only about the requester, or about its own relation to the target.
DECLINED_BY_TARGET = 1.0
DECLINED_BEFORE_THE_TARGET = 0.5


def decline_penalties(introductions: Iterable[Introduction]) -> dict[tuple[str, str], float]:
    """The penalty (0–1) of each (requester, target) pair with a declined request: the
    strongest one when a pair has several.

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> at = datetime(2026, 11, 1, tzinfo=UTC)
    >>> asked = dict(purpose="financing", message="", region="EL30", requested_by="u",
    ...              created_at=at, state_changed_at=at, state=State.DECLINED)
    >>> decline_penalties([Introduction(id="1", requester_id="a", target_id="b", **asked),
    ...                    Introduction(id="2", requester_id="a", target_id="c",
    ...                                 forwarded_at=at, **asked)])
    {('a', 'b'): 0.5, ('a', 'c'): 1.0}
    """
    penalties: dict[tuple[str, str], float] = {}
    for i in introductions:
        if i.state != State.DECLINED:
            continue
        penalty = DECLINED_BY_TARGET if i.forwarded_at else DECLINED_BEFORE_THE_TARGET
        pair = (i.requester_id, i.target_id)
        penalties[pair] = max(penalties.get(pair, 0.0), penalty)
    return penalties


def blocked_pairs(blocks: Iterable[Block]) -> set[tuple[str, str]]:
    """The pairs never to propose: each block, as (target, requester)."""
    return {(b.target_id, b.requester_id) for b in blocks}
