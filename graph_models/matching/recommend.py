"""Explained recommendations for one stakeholder."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import numpy as np

from graph_models.domain.errors import InvalidInput, NotFound
from graph_models.domain.matches import Match
from graph_models.domain.phrases import Phrase
from graph_models.domain.policy import Reach
from graph_models.matching.config import DEFAULT_WEIGHTS, MAX_LIMIT, MatchWeights
from graph_models.matching.encoding import KINDS
from graph_models.matching.explain import Explainer
from graph_models.matching.exposure import POOL_EXTRA, promoted
from graph_models.matching.index import MatchIndex
from graph_models.matching.inputs import (
    as_index,
    blocked_table,
    check_int,
    check_weights,
    feedback_table,
)
from graph_models.matching.roles import parse_kind, parse_pillar, resolve
from graph_models.matching.scoring import Block, score_block, top_positions
from graph_models.matching.walk import WalkState


def recommend(index_or_graph, seeker_id: str, *, kind=None, pillar=None, limit: int = 10,
              weights: MatchWeights = DEFAULT_WEIGHTS,
              feedback: Mapping[tuple[str, str], float] | None = None,
              blocked: Iterable[tuple[str, str]] = frozenset(),
              include_connected: bool = False,
              private_needs: Reach | None = None) -> list[Match]:
    """Rank the candidates that fit a seeker, best first, each with its score explained.

    Parameters
    ----------
    index_or_graph : MatchIndex, Snapshot or networkx.MultiGraph
        The snapshot to match on. A frozen graph's index is built once and cached.
    seeker_id : str
        Who is looking.
    kind : Kind or str, optional
        The kind of candidate wanted. By default: for an entrepreneur, investors, support
        organisations, peer entrepreneurs and policymakers (fewer when a pillar is asked: see
        :data:`~graph_models.matching.roles.ENTREPRENEUR_DEFAULTS`); entrepreneurs for an investor
        or a support organisation; entrepreneurs and support organisations for a policymaker.
    pillar : Pillar or str, optional
        Restrict the need↔offer fit to this pillar's topics, and keep only candidates that
        offer (or, seeking entrepreneurs, need) one of them. For an entrepreneur seeking
        entrepreneurs, ``training`` asks for mentors (who offer training.mentoring), anything
        else for peers.
    limit : int
        How many matches, 1 to 100.
    weights : MatchWeights
        Term weights and parameters (:data:`~graph_models.matching.config.DEFAULT_WEIGHTS`).
    feedback : mapping of (id, id) to float, optional
        Penalties in [0, 1] by pair (either order), e.g. 1.0 for a declined introduction; a pair
        keeps ``1 - weights.feedback * penalty`` of its score.
    blocked : collection of (id, id)
        Pairs (either order) never to match.
    include_connected : bool
        Also rank candidates the seeker already has a tie with.
    private_needs : Reach, optional
        Whose private needs may count (see :func:`graph_models.domain.policy.reach`): the others'
        neither score nor show in a reason, as if they stated none. By default everyone's.

    Returns
    -------
    list of Match
        By score descending, then by candidate id. Only discoverable candidates appear.

    Raises
    ------
    InvalidInput
        For an unknown ``kind`` or ``pillar``, a kind the seeker may not seek, a ``limit`` out of
        range, or malformed ``weights``, ``feedback`` or ``blocked`` (the field is named).
    NotFound
        When the seeker is not in the snapshot.

    Examples
    --------
    >>> from graph_models.matching.examples import example_graph
    >>> G = example_graph()
    >>> best = recommend(G, "ent", kind="investor", limit=2)
    >>> [(m.candidate_id, m.score) for m in best]
    [('inv', 99.5), ('inv2', 75.0)]
    >>> str(best[0].term("proximity").reason)
    'funded ventures like yours: Ρίζες (via your support organisation Κέντρο Στήριξης)'
    >>> str(best[0].term("need_offer").reason)
    'offers financing.loan that you need (1 of 1)'
    >>> recommend(G, "ent", kind="policymaker")
    []
    >>> recommend(G, "nobody")
    Traceback (most recent call last):
    ...
    graph_models.domain.errors.NotFound: no stakeholder nobody in the snapshot
    """
    index = as_index(index_or_graph)
    errors: dict[str, list[str]] = {}
    try:
        wanted_kind = parse_kind(kind)
    except InvalidInput as error:
        errors.update(error.errors)
    try:
        wanted_pillar = parse_pillar(pillar)
    except InvalidInput as error:
        errors.update(error.errors)
    check_int(errors, "limit", limit, 1, MAX_LIMIT)
    check_weights(errors, weights)
    if not isinstance(seeker_id, str):
        errors["seeker_id"] = ["must be a stakeholder id"]
    penalties = feedback_table(index, feedback, errors)
    never = blocked_table(index, blocked, errors)
    if errors:
        raise InvalidInput("invalid recommendation query", errors=errors)
    row = index.row.get(seeker_id)
    if row is None:
        raise NotFound(f"no stakeholder {seeker_id} in the snapshot")
    if index.kind[row] < 0:
        raise InvalidInput("the seeker has no known kind", errors={"seeker_id": [
            "is not an entrepreneur, investor, policymaker or support organisation"]})
    pairs = resolve(KINDS[index.kind[row]], wanted_kind, wanted_pillar)
    return _recommend_rows(index, np.array([row]), pairs, wanted_pillar, limit, weights,
                           penalties, never, include_connected,
                           index.hidden_needs(private_needs))


def ranked_pool(index: MatchIndex, seekers: np.ndarray, pairs, pillar, size: int, weights,
                penalties, never, include_connected, hidden_needs, *, protected: int = 0
                ) -> tuple[list[tuple[float, int, int, int]], list[Block]]:
    """The best ``size`` candidates of the first seeker row by score, and with ``protected``
    the best that many of those with at most ``weights.exposure_small_degree`` ties too,
    unexplained, as (-rounded key, candidate row, block number, column) by score, and the
    scored blocks."""
    walk = WalkState(index, seekers, weights)
    found = []  # (key, candidate row, block number, column)
    blocks: list[Block] = []
    for kind, role in pairs:
        block = score_block(index, walk, kind, role, pillar, weights,
                            include_connected=include_connected, feedback=penalties,
                            blocked=never, hidden_needs=hidden_needs)
        key = block.key()[0]
        columns = top_positions(key, block.eligible[0], size)
        if protected:
            few = index.degree[block.cands] <= weights.exposure_small_degree
            columns = np.union1d(columns, top_positions(key, block.eligible[0] & few,
                                                        protected))
        for c in columns:
            found.append((-key[c], int(block.cands[c]), len(blocks), int(c)))
        blocks.append(block)
    found.sort()
    if not protected:
        return found[:size], blocks
    small = weights.exposure_small_degree
    return found[:size] + [f for f in found[size:] if index.degree[f[1]] <= small], blocks


def _recommend_rows(index: MatchIndex, seekers: np.ndarray, pairs, pillar, limit, weights,
                    penalties, never, include_connected, hidden_needs) -> list[Match]:
    size = limit + POOL_EXTRA if weights.exposure_bound > 0 else limit
    found, blocks = ranked_pool(index, seekers, pairs, pillar, size, weights, penalties, never,
                                include_connected, hidden_needs,
                                protected=limit if weights.exposure_bound > 0 else 0)
    best, promotions = found[:limit], dict[int, Phrase]()
    if weights.exposure_bound > 0:
        best, promotions = promoted(index, found, blocks, limit, weights)
    explained: dict[tuple[int, int], Match] = {}
    for n, block in enumerate(blocks):
        columns = np.array([c for _, _, number, c in best if number == n], dtype=np.int64)
        if len(columns):
            matches = Explainer(block, weights, weights.walk_steps).matches(0, columns)
            explained.update(zip(((n, int(c)) for c in columns), matches, strict=True))
    return [replace(explained[(n, c)], promotion=promotions[place]) if place in promotions
            else explained[(n, c)] for place, (_, _, n, c) in enumerate(best)]
