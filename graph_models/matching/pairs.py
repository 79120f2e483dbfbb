"""Scores of given (seeker, mentor) pairs: the match quality a mentorship cohort is assigned on.

A mentor is scored in the ``mentor`` role (:data:`~graph_models.matching.roles.Role.MENTOR`)
on the training pillar, whatever its kind: for an entrepreneur mentor that is exactly the score
``recommend(G, seeker, kind="entrepreneur", pillar="training")`` gives it; a support
organisation or an investor who offers ``training.mentoring`` is scored by the same terms (its
stage, which it does not have, counts 0.5 in the seniority term).

Each seeker's row is scored against every eligible candidate of the mentor's kind, as
:func:`~graph_models.matching.recommend` does, so that the per-query normalisation of the
proximity term — and therefore the score — is the one a recommendation shows. The asked mentors
are then picked out of those columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from graph_models.domain.errors import InvalidInput, NotFound
from graph_models.domain.matches import Match
from graph_models.domain.policy import Reach
from graph_models.domain.stakeholders import Kind, Pillar
from graph_models.matching.config import DEFAULT_WEIGHTS, MatchWeights
from graph_models.matching.encoding import KINDS
from graph_models.matching.explain import Explainer
from graph_models.matching.inputs import as_index, blocked_table, check_weights, feedback_table
from graph_models.matching.roles import Role
from graph_models.matching.scoring import score_block
from graph_models.matching.walk import WalkState

MENTOR_CHUNK = 256


def _rows(index, ids: Sequence[str], field: str) -> np.ndarray:
    if isinstance(ids, str) or not all(isinstance(i, str) for i in ids):
        raise InvalidInput(f"invalid {field}", errors={field: ["must be a list of ids"]})
    missing = [i for i in ids if i not in index.row]
    if missing:
        raise NotFound(f"no stakeholder {missing[0]} in the snapshot")
    rows = np.array([index.row[i] for i in ids], dtype=np.int64)
    if len(rows) and (index.kind[rows] < 0).any():
        raise InvalidInput(f"invalid {field}", errors={field: ["a stakeholder has no kind"]})
    return rows


def mentor_scores(index_or_graph, seeker_ids: Sequence[str], mentor_ids: Sequence[str], *,
                  weights: MatchWeights = DEFAULT_WEIGHTS,
                  feedback: Mapping[tuple[str, str], float] | None = None,
                  blocked: Iterable[tuple[str, str]] = frozenset(),
                  include_connected: bool = False,
                  chunk_size: int = MENTOR_CHUNK,
                  private_needs: Reach | None = None) -> np.ndarray:
    """The match score (0–100) of each mentor for each seeker, NaN where matching would not
    pair them.

    Parameters
    ----------
    index_or_graph : MatchIndex, Snapshot or networkx.MultiGraph
        The snapshot.
    seeker_ids, mentor_ids : sequence of str
        Stakeholder ids; mentors of any kind.
    weights, feedback, blocked, include_connected, private_needs
        As for :func:`~graph_models.matching.recommend`.
    chunk_size : int
        Seekers scored per block (memory against speed; results do not depend on it).

    Returns
    -------
    numpy.ndarray
        ``(len(seeker_ids), len(mentor_ids))`` floats, rows and columns in the order given.
        NaN marks a pair that fails a hard filter of matching: the mentor is the seeker, is
        not discoverable, has no capacity left, does not offer ``training.mentoring``, is
        blocked with the seeker or already tied to it (unless ``include_connected``).

    Raises
    ------
    NotFound
        For an id not in the snapshot.
    InvalidInput
        For malformed ids, ``weights``, ``feedback`` or ``blocked`` (the field is named).

    Examples
    --------
    >>> from graph_models.matching.examples import example_graph
    >>> mentor_scores(example_graph(), ["ent", "ent2"], ["sup", "inv"]).round(1)
    array([[nan, nan],
           [nan, nan]])

    ``sup`` already supported both (a tie), and ``inv`` offers no mentoring. Asked anyway:

    >>> mentor_scores(example_graph(), ["ent"], ["sup"], include_connected=True).round(1)
    array([[61.2]])
    """
    index = as_index(index_or_graph)
    errors: dict[str, list[str]] = {}
    check_weights(errors, weights)
    penalties = feedback_table(index, feedback, errors)
    never = blocked_table(index, blocked, errors)
    if not isinstance(chunk_size, int) or chunk_size < 1:
        errors["chunk_size"] = ["must be a positive integer"]
    if errors:
        raise InvalidInput("invalid mentor scoring", errors=errors)
    seekers = _rows(index, seeker_ids, "seeker_ids")
    mentors = _rows(index, mentor_ids, "mentor_ids")
    out = np.full((len(seekers), len(mentors)), np.nan)
    if not len(seekers) or not len(mentors):
        return out
    kinds = [KINDS[k] for k in sorted(set(index.kind[mentors].tolist()))]
    hidden = index.hidden_needs(private_needs)
    for start in range(0, len(seekers), chunk_size):
        chunk = seekers[start:start + chunk_size]
        walk = WalkState(index, chunk, weights)
        for kind in kinds:
            block = score_block(index, walk, kind, Role.MENTOR, Pillar.TRAINING, weights,
                                include_connected=include_connected, feedback=penalties,
                                blocked=never, hidden_needs=hidden)
            wanted = np.flatnonzero(index.kind[mentors] == KINDS.index(kind))
            cols = np.searchsorted(block.cands, mentors[wanted])
            cols = np.minimum(cols, max(len(block.cands) - 1, 0))
            present = (block.cands[cols] == mentors[wanted]) if len(block.cands) else \
                np.zeros(len(wanted), dtype=bool)
            wanted, cols = wanted[present], cols[present]
            values = np.where(block.eligible[:, cols], block.score[:, cols], np.nan)
            out[start:start + len(chunk), wanted] = values
    return out


def explain_mentor_pair(index_or_graph, seeker_id: str, mentor_id: str, *,
                        weights: MatchWeights = DEFAULT_WEIGHTS,
                        feedback: Mapping[tuple[str, str], float] | None = None,
                        blocked: Iterable[tuple[str, str]] = frozenset(),
                        include_connected: bool = False,
                        private_needs: Reach | None = None) -> Match | None:
    """The mentor as the seeker's match, its score explained term by term; None when matching
    would not pair them (see :func:`mentor_scores`, which takes the same options).

    Examples
    --------
    >>> from graph_models.matching.examples import example_graph
    >>> m = explain_mentor_pair(example_graph(), "ent", "sup", include_connected=True)
    >>> m.role, m.score, str(m.term("need_offer").reason)
    ('mentor', 61.2, 'you state no need in training')
    >>> explain_mentor_pair(example_graph(), "ent", "sup") is None
    True
    """
    index = as_index(index_or_graph)
    errors: dict[str, list[str]] = {}
    check_weights(errors, weights)
    penalties = feedback_table(index, feedback, errors)
    never = blocked_table(index, blocked, errors)
    if errors:
        raise InvalidInput("invalid mentor scoring", errors=errors)
    seeker = _rows(index, [seeker_id], "seeker_id")
    mentor = int(_rows(index, [mentor_id], "mentor_id")[0])
    walk = WalkState(index, seeker, weights)
    block = score_block(index, walk, Kind(KINDS[index.kind[mentor]]), Role.MENTOR,
                        Pillar.TRAINING, weights, include_connected=include_connected,
                        feedback=penalties, blocked=never,
                        hidden_needs=index.hidden_needs(private_needs))
    c = block.column(mentor)
    if c < 0 or not block.eligible[0, c]:
        return None
    return Explainer(block, weights, weights.walk_steps).match(0, c)


__all__ = ["explain_mentor_pair", "mentor_scores"]
