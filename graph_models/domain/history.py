"""What matching's feedback reads of the past: a stakeholder's declined requests, mentorships,
blocks and answered event meetings, read together in one go."""

from __future__ import annotations

from dataclasses import dataclass

from graph_models.domain.activities import Meeting
from graph_models.domain.introductions import Block, Introduction, State
from graph_models.domain.mentorships import Mentorship
from graph_models.domain.queries import IntroductionQuery, MentorshipQuery


@dataclass(frozen=True)
class MatchHistory:
    """The past of a stakeholder (or of everyone) that its match scores weigh, up to a limit.

    For a stakeholder: ``declined`` is the declined requests it made (at most the limit,
    newest state change first, then by id) followed by those it received (likewise);
    ``mentorships`` those it is mentee or mentor of (at most the limit, by programme, mentee,
    then id); ``blocks`` every block where it is either end, oldest first; ``meetings`` the
    event meetings it was a side of with a usefulness answer (at most the limit, latest
    activity first, then by id). For everyone: every declined request, mentorship and answered
    meeting, each up to the limit in the same orders, and every block.

    Examples
    --------
    >>> MatchHistory().declined
    ()
    """

    declined: tuple[Introduction, ...] = ()
    mentorships: tuple[Mentorship, ...] = ()
    blocks: tuple[Block, ...] = ()
    meetings: tuple[Meeting, ...] = ()


def declined_queries(stakeholder_id: str | None, limit: int) -> list[IntroductionQuery]:
    """The queries of :attr:`MatchHistory.declined`: the declined requests the stakeholder
    made, then those it received (None: every declined request), each cut at ``limit``.

    Examples
    --------
    >>> [q.target_ids for q in declined_queries("a", 10)]
    [None, ('a',)]
    """
    declined = (State.DECLINED,)
    if stakeholder_id is None:
        return [IntroductionQuery(states=declined, page_size=limit)]
    ids = (stakeholder_id,)
    return [IntroductionQuery(requester_ids=ids, states=declined, page_size=limit),
            IntroductionQuery(target_ids=ids, states=declined, page_size=limit)]


def mentorships_query(stakeholder_id: str | None, limit: int) -> MentorshipQuery:
    """The query of :attr:`MatchHistory.mentorships`: those the stakeholder is part of (None:
    every one), cut at ``limit``."""
    ids = None if stakeholder_id is None else (stakeholder_id,)
    return MentorshipQuery(stakeholder_ids=ids, page_size=limit)
