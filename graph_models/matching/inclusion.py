"""The inclusion report: how evenly the matches of every seeker of a kind spread attention over
the providers, before and after the exposure-aware re-ranking
(:mod:`~graph_models.matching.exposure`), and what it costs in relevance.

- **Exposure** of a provider: the sum, over the seekers' top-``k`` lists, of ``1 / log2(1 +
  rank)`` (rank 1 first: the position weights of DCG, as Biega et al. 2018 measure attention).
- **Gini** of the exposures of every provider that could be matched (the discoverable
  candidates of the kinds asked that pass the seeker-independent filters), unexposed ones
  included: 0 when all get the same attention, near 1 when a few get all of it.
- **Newcomers**: providers of that population with no ties at all (the snapshot has no join
  date that every store keeps). A newcomer is *seen* when it is among the top ``k`` of at least
  ``min_matches`` seekers with a score of at least ``threshold``.
- **Relevance**: the mean score of the places shown, and the mean over seekers of the DCG of the
  re-ranked list divided by the DCG of the list by score (scores as gains: 1 means no loss).

Examples
--------
>>> gini([1.0, 1.0, 1.0])
0.0
>>> gini([0.0, 0.0, 0.0, 1.0])
0.75
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from graph_models.domain.errors import InvalidInput
from graph_models.matching.config import DEFAULT_WEIGHTS, MatchWeights
from graph_models.matching.exposure import POOL_EXTRA, promoted
from graph_models.matching.index import MatchIndex
from graph_models.matching.recommend import ranked_pool
from graph_models.matching.roles import parse_kind, parse_pillar, resolve
from graph_models.matching.scoring import PairTable, eligible_positions


@dataclass(frozen=True)
class ExposureFigures:
    """The figures of one ranking of every seeker's top ``k``."""

    gini: float
    newcomers_seen: float  # the share of newcomers seen (see the module)
    small_seen: float  # the same share among the under-exposed (few ties) providers
    mean_score: float  # over every place shown


@dataclass(frozen=True)
class InclusionReport:
    """Exposure before and after re-ranking, over ``seekers`` seekers and ``providers``
    providers (``newcomers`` of them without ties, ``small`` with few), with the relevance kept
    (``ndcg``) and the share of lists with a promoted match (``promoted``)."""

    seekers: int
    providers: int
    newcomers: int
    small: int
    before: ExposureFigures
    after: ExposureFigures
    ndcg: float
    promoted: float


def gini(values: Sequence[float] | np.ndarray) -> float:
    """The Gini coefficient of non-negative ``values`` (0 for none or all zero).

    >>> gini([0.0, 2.0, 2.0, 4.0])
    0.375
    """
    x = np.sort(np.asarray(values, dtype=float))
    n, total = len(x), float(x.sum()) if len(x) else 0.0
    if n == 0 or total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float(2 * (ranks * x).sum() / (n * total) - (n + 1) / n)


def position_weights(k: int) -> np.ndarray:
    """The attention a place gets, ``1 / log2(1 + rank)`` for ranks 1…``k``."""
    return 1 / np.log2(np.arange(2, k + 2))


def inclusion_report(index: MatchIndex, *, seekers: str = "entrepreneur", kind=None,
                     pillar=None, weights: MatchWeights = DEFAULT_WEIGHTS, k: int = 10,
                     threshold: float = 50.0, min_matches: int = 5) -> InclusionReport:
    """Exposure of the providers in the top ``k`` of every seeker of kind ``seekers`` asking for
    ``kind`` (default: what the seeker's kind asks for) and ``pillar``, ranked by score alone
    and re-ranked with the exposure settings of ``weights`` (the same when its
    ``exposure_bound`` is 0). No feedback or blocked pair counts: it measures the ranking.

    Examples
    --------
    >>> from graph_models.matching.examples import example_graph
    >>> on = DEFAULT_WEIGHTS.with_terms({}, exposure_bound=0.3, exposure_share=0.95,
    ...                                 exposure_small_degree=0)
    >>> report = inclusion_report(MatchIndex.of(example_graph()), kind="investor", weights=on)
    >>> report.seekers, report.providers, report.newcomers, report.promoted
    (2, 2, 1, 0.5)
    >>> round(report.before.gini, 3), round(report.after.gini, 3), round(report.ndcg, 3)
    (0.12, 0.26, 0.969)
    """
    seeker_kind = parse_kind(seekers)
    if seeker_kind is None:
        raise InvalidInput("no kind of seeker", errors={"seekers": ["must be a kind"]})
    wanted, wanted_pillar = parse_kind(kind), parse_pillar(pillar)
    pairs = resolve(seeker_kind, wanted, wanted_pillar)
    population = _population(index, pairs, wanted_pillar)
    rows = index.rows_of_kind(seeker_kind)
    gains = position_weights(k)
    exposure = np.zeros((2, index.n))
    good = np.zeros((2, index.n), dtype=np.int64)
    shown_scores: tuple[list[float], list[float]] = ([], [])
    ndcgs, promotions = [], 0
    for row in rows:
        found, blocks = ranked_pool(index, np.array([row]), pairs, wanted_pillar,
                                    k + POOL_EXTRA, weights, PairTable.empty(),
                                    PairTable.empty(), False, None,
                                    protected=k if weights.exposure_bound > 0 else 0)
        lists = [found[:k], found[:k]]
        if weights.exposure_bound > 0:
            lists[1], reasons = promoted(index, found, blocks, k, weights)
            promotions += bool(reasons)
        dcg = []
        for when, shown in enumerate(lists):
            scores = np.array([blocks[n].score[0, c] for _, _, n, c in shown], dtype=float)
            places = np.array([r for _, r, _, _ in shown], dtype=np.int64)
            np.add.at(exposure[when], places, gains[:len(places)])
            np.add.at(good[when], places[scores >= threshold], 1)
            shown_scores[when].extend(scores.tolist())
            dcg.append(float((scores * gains[:len(scores)]).sum()))
        if dcg[0] > 0:
            ndcgs.append(dcg[1] / dcg[0])
    newcomers = population[index.degree[population] == 0]
    small = population[index.degree[population] <= weights.exposure_small_degree]
    figures = [ExposureFigures(
        gini=gini(exposure[when][population]),
        newcomers_seen=_share(good[when][newcomers] >= min_matches),
        small_seen=_share(good[when][small] >= min_matches),
        mean_score=float(np.mean(shown_scores[when])) if shown_scores[when] else 0.0)
        for when in (0, 1)]
    return InclusionReport(seekers=len(rows), providers=len(population),
                           newcomers=len(newcomers), small=len(small), before=figures[0],
                           after=figures[1], ndcg=float(np.mean(ndcgs)) if ndcgs else 1.0,
                           promoted=promotions / len(rows) if len(rows) else 0.0)


def _population(index: MatchIndex, pairs, pillar) -> np.ndarray:
    """The rows that could be matched: the candidates of each (kind, role) that pass the
    seeker-independent filters."""
    found = [index.rows_of_kind(kind)[eligible_positions(index, kind, role, pillar)]
             for kind, role in pairs]
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _share(flags: np.ndarray) -> float:
    return float(flags.mean()) if len(flags) else 0.0
