"""How well a ranking predicts who ties with whom next, and the baselines it must beat.

The protocol (temporal hold-out): the ties dated before ``T`` are known; the truth of a venture
is the providers, known before ``T``, that tie with it for the first time in ``[T, T + 1 year)``.
Per venture, recall@k is ``|truth ∩ top k| / |truth|`` and the reciprocal rank ``1 / rank`` of
its first true provider among all the candidates ranked (0 when none is ranked); both are
averaged over the ventures.

The baselines rank every provider known before ``T`` from the known ties alone, each a pure
function of a :class:`History` (a venture × provider matrix of dated ties) returning a score per
provider; a provider already tied with the venture is never ranked.

Examples
--------
>>> recall_at(["a", "b", "c"], {"c", "z"}, 2), recall_at(["a", "b", "c"], {"c", "z"}, 3)
(0.0, 0.5)
>>> reciprocal_rank(["a", "b", "c"], {"c", "z"}), reciprocal_rank(["a"], {"z"})
(0.3333333333333333, 0.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import scipy.sparse as sp

RECENT_DAYS = 730  # "recent activity": rounds in the two years before T


def recall_at(ranked: Sequence[str], truth: set[str], k: int) -> float:
    """The share of ``truth`` among the first ``k`` of ``ranked`` (0 for an empty truth)."""
    if not truth:
        return 0.0
    return len(truth.intersection(ranked[:k])) / len(truth)


def reciprocal_rank(ranked: Sequence[str], truth: set[str]) -> float:
    """``1 / rank`` of the first of ``truth`` in ``ranked`` (ranks from 1), 0 when absent."""
    for position, name in enumerate(ranked, start=1):
        if name in truth:
            return 1.0 / position
    return 0.0


@dataclass(frozen=True)
class Figures:
    """The averages of one method over one case's ventures."""

    ventures: int
    recall_at_10: float
    mrr: float


def figures(rankings: Iterable[tuple[Sequence[str], set[str]]], k: int = 10) -> Figures:
    """Mean recall@k and MRR over (ranking, truth) pairs.

    >>> figures([(["a", "b"], {"a"}), (["b", "a"], {"a", "c"})])
    Figures(ventures=2, recall_at_10=0.75, mrr=0.75)
    """
    recalls, ranks = [], []
    for ranked, truth in rankings:
        recalls.append(recall_at(ranked, truth, k))
        ranks.append(reciprocal_rank(ranked, truth))
    if not recalls:
        return Figures(0, 0.0, 0.0)
    return Figures(len(recalls), float(np.mean(recalls)), float(np.mean(ranks)))


@dataclass(frozen=True)
class History:
    """Known ties as a venture × provider matrix: ``rounds[v, p]`` counts the ties (rounds) of
    provider ``p`` with venture ``v`` dated before ``split``; ``recent[p]`` counts provider
    ``p``'s rounds in the :data:`RECENT_DAYS` before it."""

    ventures: tuple[str, ...]
    providers: tuple[str, ...]
    rounds: sp.csr_matrix
    recent: np.ndarray
    split: date

    @classmethod
    def of(cls, ties: Iterable[tuple[str, str, date]], split: date) -> History:
        """The history of (provider, venture, date) ties dated before ``split``.

        >>> h = History.of([("p", "v", date(2010, 1, 1)), ("q", "v", date(2005, 1, 1)),
        ...                 ("p", "w", date(2012, 1, 1))], date(2011, 1, 1))
        >>> h.providers, h.ventures, h.rounds.toarray().tolist(), h.recent.tolist()
        (('p', 'q'), ('v',), [[1, 1]], [1, 0])
        """
        known = [(p, v, d) for p, v, d in ties if d < split]
        providers = tuple(sorted({p for p, _, _ in known}))
        ventures = tuple(sorted({v for _, v, _ in known}))
        p_at = {p: i for i, p in enumerate(providers)}
        v_at = {v: i for i, v in enumerate(ventures)}
        rows = np.array([v_at[v] for _, v, _ in known], dtype=np.int64)
        cols = np.array([p_at[p] for p, _, _ in known], dtype=np.int64)
        rounds = sp.csr_matrix((np.ones(len(known), dtype=np.int64), (rows, cols)),
                               shape=(len(ventures), len(providers)))
        rounds.sum_duplicates()
        cutoff = split.toordinal() - RECENT_DAYS
        recent = np.bincount(cols[[d.toordinal() >= cutoff for _, _, d in known]],
                             minlength=len(providers)) if known else np.zeros(0, np.int64)
        return cls(ventures, providers, rounds, recent, split)

    def ranking(self, scores: np.ndarray, venture: str | None) -> list[str]:
        """Providers by score descending then name, without those tied to ``venture``."""
        scores = np.asarray(scores, dtype=np.float64).copy()
        order = np.lexsort((np.arange(len(scores)), -scores))
        if venture is not None and venture in self._venture_at:
            tied = set(self.rounds[self._venture_at[venture]].indices.tolist())
            order = np.array([p for p in order if p not in tied], dtype=np.int64)
        return [self.providers[p] for p in order]

    @cached_property
    def _venture_at(self) -> dict[str, int]:
        return {v: i for i, v in enumerate(self.ventures)}

    def venture(self, name: str) -> int | None:
        """The row of a known venture (None for a venture with no tie before the split)."""
        return self._venture_at.get(name)

    @cached_property
    def steps(self) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The walk's transition matrices: venture → provider and provider → venture."""
        funded = self.funded
        out = np.maximum(np.asarray(funded.sum(axis=1)).ravel(), 1)
        into = np.maximum(np.asarray(funded.sum(axis=0)).ravel(), 1)
        return (sp.diags(1.0 / out) @ funded).tocsr(), (sp.diags(1.0 / into) @ funded.T).tocsr()

    @cached_property
    def funded(self) -> sp.csr_matrix:
        """Whether each provider funded each venture (0/1), before the split."""
        return (self.rounds > 0).astype(np.float64).tocsr()


def popularity(history: History) -> np.ndarray:
    """Each provider's rounds before the split."""
    return np.asarray(history.rounds.sum(axis=0)).ravel().astype(np.float64)


def co_investment(history: History, venture: int) -> np.ndarray:
    """For each provider, how many ventures it shares with the venture's providers, summed
    over them (the venture's own providers' shared ventures count too; they are never
    ranked)."""
    funded = history.funded
    mine = funded[venture]
    return np.asarray(((mine @ funded.T) @ funded).todense()).ravel()


def co_investment_activity(history: History, venture: int) -> np.ndarray:
    """``log(1 + co-investment) + log(1 + recent rounds)``."""
    return np.log1p(co_investment(history, venture)) + np.log1p(history.recent)


def walk3(history: History, venture: int) -> np.ndarray:
    """The probability that a random walk venture → provider → venture → provider ends at each
    provider (each step to a uniformly chosen tied neighbour)."""
    to_provider, to_venture = history.steps
    mass = to_provider[venture]
    return np.asarray(((mass @ to_venture) @ to_provider).todense()).ravel()


def segment_counts(history: History, segments: Mapping[str, Sequence[str]]
                   ) -> dict[str, np.ndarray]:
    """For each segment (a category, a region…) the rounds of each provider with the known
    ventures of that segment; ``segments`` names each venture's segments.

    >>> h = History.of([("p", "v", date(2010, 1, 1)), ("q", "w", date(2010, 1, 1))],
    ...                date(2011, 1, 1))
    >>> {s: c.tolist() for s, c in segment_counts(h, {"v": ["food"], "w": ["food"]}).items()}
    {'food': [1.0, 1.0]}
    """
    rows: dict[str, list[int]] = {}
    for i, venture in enumerate(history.ventures):
        for segment in segments.get(venture, ()):
            if segment:
                rows.setdefault(segment, []).append(i)
    funded = history.rounds.tocsr()
    return {segment: np.asarray(funded[at].sum(axis=0), dtype=np.float64).ravel()
            for segment, at in rows.items()}


def segment_popularity(counts: dict[str, np.ndarray], wanted: Sequence[str],
                       providers: int) -> np.ndarray:
    """The sum over the venture's segments (``wanted``: e.g. its category and its region) of
    each provider's share of the segment's rounds, from :func:`segment_counts` (a share, so
    that a large segment does not drown a small one).

    >>> segment_popularity({"a": np.array([3.0, 1.0]), "b": np.array([0.0, 1.0])},
    ...                    ["a", "b", "c"], 2).tolist()
    [0.75, 1.25]
    """
    total = np.zeros(providers)
    for segment in wanted:
        if segment in counts and counts[segment].sum() > 0:
            total += counts[segment] / counts[segment].sum()
    return total
