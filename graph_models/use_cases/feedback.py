"""What past introductions, mentorships and event meetings tell the matcher: the one place
matching's feedback comes from.

The introduction workflow writes declined requests and blocks, the mentorship workflow writes
ratings, networking events write whether each meeting was useful; all are read here, from the
store, for the matches, the mentorship and the activity use cases alike. It imports no other use
case, so that the workflows can use it without a loop. How a decline, a rating or a meeting
becomes a penalty is :func:`~graph_models.introductions.feedback.decline_penalties`,
:func:`~graph_models.mentorship.outcomes.rating_feedback` and
:func:`~graph_models.events.feedback.meeting_penalties`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph_models.domain.queries import MentorshipQuery
from graph_models.events.feedback import meeting_penalties
from graph_models.introductions.feedback import blocked_pairs, decline_penalties
from graph_models.mentorship.outcomes import rating_feedback
from graph_models.stores.base import GraphStore

# The most recent declined requests and rated mentorships of a stakeholder that feed its match
# scores; and of everyone, for a coordinator's query.
STAKEHOLDER_HISTORY = 1000
SCOPE_HISTORY = 100_000
# The mentorships of a programme's people read at once for their ratings.
RATINGS_HISTORY = 100_000

Penalties = dict[tuple[str, str], float]


@dataclass(frozen=True)
class MatchFeedback:
    """The hooks of :func:`graph_models.matching.recommend`: the penalty of each pair that was
    declined or rated badly, and the pairs never to propose (each block, as (target,
    requester))."""

    penalties: Penalties
    blocked: set[tuple[str, str]]


def match_feedback(store: GraphStore, stakeholder_id: str | None) -> MatchFeedback:
    """What the introductions, mentorships and event meetings that ``stakeholder_id`` (None:
    anyone) was part of tell the matcher. A pair with several keeps the strongest penalty.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/feedback.db")
    >>> store.ensure_schema()
    >>> match_feedback(store, "nobody")
    MatchFeedback(penalties={}, blocked=set())
    """
    limit = SCOPE_HISTORY if stakeholder_id is None else STAKEHOLDER_HISTORY
    history = store.match_history(stakeholder_id, limit=limit)
    penalties = decline_penalties(history.declined)
    rated = rating_feedback(m.record() for m in history.mentorships)
    met = meeting_penalties(history.meetings)
    for pair, penalty in (*rated.items(), *met.items()):
        penalties[pair] = max(penalties.get(pair, 0.0), penalty)
    return MatchFeedback(penalties, blocked_pairs(history.blocks))


def rating_penalties(store: GraphStore, stakeholder_ids: Iterable[str]) -> Penalties:
    """The rating penalties of every (mentee, mentor) pair the given stakeholders were part
    of: what a programme's proposal weighs."""
    ids = tuple(sorted(set(stakeholder_ids)))
    if not ids:
        return {}
    found = store.find_mentorships(MentorshipQuery(stakeholder_ids=ids,
                                                   page_size=RATINGS_HISTORY))
    return rating_feedback(m.record() for m in found.items)
