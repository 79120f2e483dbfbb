"""Exposure-aware re-ranking: under-exposed providers get seen, at a bounded cost in relevance.

Scores rank the candidates; attention falls mostly on the first places, so a ranking by score
alone sends almost all of it to the providers the network already knows (Biega, Gummadi and
Weikum, "Equity of Attention: Amortizing Individual Fairness in Rankings", SIGIR 2018, measure
it as position-weighted exposure). This step re-orders a seeker's top ``k`` after scoring,
without changing any score, so that candidates with few ties (newcomers and small providers)
reach the first places when their scores are close to the ones they pass:

- the **protected group** is the under-exposed candidates: at most
  ``MatchWeights.exposure_small_degree`` ties (0: newcomers, who have none);
- **how many** of them each prefix of the ranking should hold is FA*IR's table (Zehlike et al.,
  "FA*IR: A Fair Top-k Ranking Algorithm", CIKM 2017): at place ``i`` at least
  ``m(i)``, the ``alpha`` quantile of Binomial(``i``, ``p``) with ``p = exposure_share`` and
  ``alpha = 0.1``, i.e. fewer than a fair coin of bias ``p`` would give in 9 rankings of 10;
- **the bound**: a candidate is promoted to place ``i`` only if its score is at least
  ``(1 - exposure_bound)`` times the score of the candidate it passes (the best one left). So the
  score at every place is at least ``(1 - exposure_bound)`` times the score there before (the
  best one left is at least as good as the ``i``-th best), and any position-weighted sum of
  scores (DCG) loses at most that fraction. When no under-exposed candidate is within the bound,
  the table goes unmet: relevance wins.

It needs no state and no randomness: the same snapshot gives the same answer (cacheable). The
candidates looked at are the top ``k + POOL_EXTRA`` by score and the best ``k`` under-exposed
ones of each kind, wherever they rank (the bound decides whether they may be shown). A promoted
match says so in words (:func:`promotion_phrase`).

Examples
--------
>>> fair_minimums(10, 0.5)
(0, 0, 0, 1, 1, 1, 2, 2, 3, 3)
>>> scores = [90.0, 85.0, 84.0, 80.0, 79.0]
>>> protected = [False, False, False, False, True]
>>> [p.position for p in rerank(scores, protected, 4, bound=0.1, share=0.5)]
[0, 1, 2, 4]
>>> rerank(scores, protected, 4, bound=0.1, share=0.5)[3]
Placement(position=4, passed=3)
>>> [p.position for p in rerank(scores, protected, 4, bound=0.01, share=0.5)]
[0, 1, 2, 3]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from graph_models.domain.phrases import Number, Phrase, counted

if TYPE_CHECKING:
    from graph_models.matching.config import MatchWeights
    from graph_models.matching.index import MatchIndex
    from graph_models.matching.scoring import Block

# FA*IR's significance: a prefix may hold fewer protected candidates than p suggests only as
# often as chance would in one ranking of ten.
ALPHA = 0.1
# How far below the k-th place a promoted candidate may come from.
POOL_EXTRA = 20


@dataclass(frozen=True)
class Placement:
    """One place of a re-ranked list: ``position`` in the list by score (0 first), and for a
    promoted candidate the ``passed`` position of the candidate it was put before (None when it
    simply kept its order)."""

    position: int
    passed: int | None = None


@lru_cache(maxsize=64)
def fair_minimums(k: int, share: float, alpha: float = ALPHA) -> tuple[int, ...]:
    """FA*IR's table: the fewest protected candidates each prefix of length 1…``k`` must hold,
    the ``alpha`` quantile of Binomial(prefix length, ``share``).

    >>> fair_minimums(7, 0.3)
    (0, 0, 0, 0, 0, 0, 1)
    """
    minimums = []
    for n in range(1, k + 1):
        cumulative, m = 0.0, 0
        while True:
            cumulative += math.comb(n, m) * share ** m * (1 - share) ** (n - m)
            if cumulative >= alpha or m == n:
                break
            m += 1
        minimums.append(m)
    return tuple(minimums)


def rerank(scores: Sequence[float], protected: Sequence[bool], limit: int, *, bound: float,
           share: float) -> list[Placement]:
    """The first ``limit`` places of a list ranked by score, re-ordered for exposure.

    Parameters
    ----------
    scores : sequence of float
        The candidates' scores, best first (ties already broken).
    protected : sequence of bool
        Which candidates are under-exposed.
    limit : int
        How many places to fill.
    bound : float
        A protected candidate is put before the best unprotected one left only if its score is
        at least ``(1 - bound)`` times that one's.
    share : float
        FA*IR's target share ``p`` of protected candidates (see :func:`fair_minimums`).

    Returns
    -------
    list of Placement
        Up to ``limit`` places, first place first; within each group the order by score is kept.

    Examples
    --------
    >>> [p.position for p in rerank([50.0, 40.0], [False, True], 2, bound=0.5, share=0.95)]
    [1, 0]
    """
    minimums = fair_minimums(limit, share) if limit else ()
    groups: tuple[list[int], list[int]] = ([], [])
    for position in reversed(range(len(scores))):  # reversed: pop() takes the best
        groups[bool(protected[position])].append(position)
    others, under = groups
    placed: list[Placement] = []
    shown = 0
    for place in range(min(limit, len(scores))):
        best_other = others[-1] if others else None
        best_under = under[-1] if under else None
        if best_under is not None and (best_other is None or best_under < best_other):
            placed.append(Placement(under.pop()))
            shown += 1
        elif (best_under is not None and best_other is not None and shown < minimums[place]
              and scores[best_under] >= (1 - bound) * scores[best_other]):
            placed.append(Placement(under.pop(), passed=best_other))
            shown += 1
        else:
            placed.append(Placement(others.pop()))
    return placed


def underexposed(degree: np.ndarray, small_degree: int) -> np.ndarray:
    """Which candidates count as under-exposed: those with at most ``small_degree`` ties.

    >>> underexposed(np.array([0, 3, 2]), 2).tolist()
    [True, False, True]
    """
    return np.asarray(degree) <= small_degree


def promotion_phrase(before: int, after: int, ties: int, bound: float) -> Phrase:
    """Why a match was moved up, in words: from place ``before`` to ``after`` (1 first).

    >>> str(promotion_phrase(12, 7, 0, 0.1)).split(": ")[0]
    'moved up from place 12 to 7 to give newcomers a chance'
    >>> str(promotion_phrase(9, 8, 2, 0.1)).split(": ")[1]
    'it has 2 ties, and its score is within 10% of the match it passes'
    """
    bound_words = Number(bound, percent=True)
    if ties == 0:
        return Phrase("moved up from place {before} to {after} to give newcomers a chance: it "
                      "has no ties yet, and its score is within {bound} of the match it passes",
                      before=before, after=after, bound=bound_words)
    return counted("moved up from place {before} to {after} to give small providers a chance: "
                   "it has {count} tie, and its score is within {bound} of the match it passes",
                   "moved up from place {before} to {after} to give small providers a chance: "
                   "it has {count} ties, and its score is within {bound} of the match it passes",
                   ties, before=before, after=after, bound=bound_words)


def promoted(index: MatchIndex, found: list, blocks: list[Block], limit: int,
             weights: MatchWeights) -> tuple[list, dict[int, Phrase]]:
    """Re-rank a seeker's candidates ``found`` (by score, as
    :func:`~graph_models.matching.recommend.ranked_pool` gives them) with the exposure settings
    of ``weights``: the first ``limit`` of them in their new order, and why each promoted one
    was moved up, by its new place (0 first)."""
    scores = [float(blocks[n].score[0, c]) for _, _, n, c in found]
    ties = index.degree[np.array([row for _, row, _, _ in found], dtype=np.int64)]
    placed = rerank(scores, underexposed(ties, weights.exposure_small_degree).tolist(), limit,
                    bound=weights.exposure_bound, share=weights.exposure_share)
    reasons = {place: promotion_phrase(p.position + 1, place + 1, int(ties[p.position]),
                                       weights.exposure_bound)
               for place, p in enumerate(placed) if p.passed is not None}
    return [found[p.position] for p in placed], reasons
