"""Term weights fitted on a graph's own dated history, by temporal hold-out.

:func:`fit_weights` hides the relation ties (FUNDED by default) of the last ``window_days``
before the latest tie, builds the index of what came before, and asks, for a sample of the
ventures that got a new provider in the window: which weights would have ranked those
providers highest? Each sampled venture's term values are computed once (by the functions that
score a match) for a pool of candidates — the best of each term and the true ones — and the
weights are chosen by coordinate ascent over a grid, maximising recall@10 plus MRR, for each
``degree_exponent`` of a short list. A ranking does not change when all weights are scaled, so
the fitted weights are scaled to the hand weights' total.

With fewer than :data:`MIN_VENTURES` ventures to learn from, the hand weights stay.

Examples
--------
>>> from graph_models.matching.examples import example_stakeholders, example_ties
>>> fit = fit_weights(example_stakeholders(), example_ties())
>>> fit.fitted, fit.weights == DEFAULT_WEIGHTS, fit.ventures
(False, True, 1)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from graph_models.domain.stakeholders import Kind, Pillar, Stakeholder, Tie, TieType
from graph_models.matching.config import DEFAULT_WEIGHTS, TERM_NAMES, MatchWeights
from graph_models.matching.index import MatchIndex
from graph_models.matching.roles import Role
from graph_models.matching.scoring import score_block, term_values
from graph_models.matching.walk import WalkState

MIN_VENTURES = 20
SAMPLE = 400
# Cold start is fitted for one degree exponent only, so a larger sample costs about as much,
# and its weights vary less from one sample to the next (0.167 to 0.182 recall@10 on the
# 2011 Crunchbase split).
COLD_SAMPLE = 1200
POOL_PER_TERM = 100
BLOCK = 64
GRID = (0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6)
EXPONENTS = (0.0, 0.25, 0.5)
STARTS = 3  # the terms that rank the sample best alone, each a start of the ascent
# Each relation fitted: the candidates' kind, their role and the pillar asked. The provider is
# the tie's source, the venture (an entrepreneur) its target.
RELATIONS = {TieType.FUNDED: (Kind.INVESTOR, Role.FUNDER, Pillar.FINANCING),
             TieType.SUPPORTED: (Kind.SUPPORT_ORGANISATION, Role.PROVIDER, None),
             TieType.MENTORS: (Kind.ENTREPRENEUR, Role.MENTOR, Pillar.TRAINING)}


def relation_for(seeker: str, kind: str | None, pillar: str | None) -> TieType | None:
    """The relation whose fitted weights rank a request: an entrepreneur asking for investors
    (FUNDED; no pillar or financing), support organisations (SUPPORTED) or mentors
    (entrepreneurs for training: MENTORS); None for any other request.

    >>> relation_for("entrepreneur", "investor", None), relation_for("investor", "entrepreneur",
    ...                                                               None)
    (<TieType.FUNDED: 'FUNDED'>, None)
    """
    if seeker != Kind.ENTREPRENEUR or kind is None:
        return None
    if kind == Kind.INVESTOR and pillar in (None, Pillar.FINANCING):
        return TieType.FUNDED
    if kind == Kind.SUPPORT_ORGANISATION:
        return TieType.SUPPORTED
    if kind == Kind.ENTREPRENEUR and pillar == Pillar.TRAINING:
        return TieType.MENTORS
    return None


@dataclass(frozen=True)
class Fit:
    """Fitted weights and what they did on the hold-out (recall@10 and MRR, before with the
    hand weights, after with the fitted ones), for the ventures with ties before the window
    (warm) and apart for those without (cold: their weights are ``weights.cold_terms``)."""

    weights: MatchWeights
    fitted: bool
    ventures: int
    before: tuple[float, float] = (0.0, 0.0)
    after: tuple[float, float] = (0.0, 0.0)
    cold_ventures: int = 0
    cold_before: tuple[float, float] = (0.0, 0.0)
    cold_after: tuple[float, float] = (0.0, 0.0)
    history: int = 0  # the dated ties of the relation fitted on


@dataclass
class _Sample:
    names: tuple[str, ...]
    values: np.ndarray  # (ventures, pool, terms)
    truth: np.ndarray  # (ventures, pool) booleans
    true_count: np.ndarray  # (ventures,) true providers in all


def fit_weights(stakeholders: Sequence[Stakeholder], ties: Iterable[Tie], *,
                relation: TieType = TieType.FUNDED, window_days: int = 365,
                base: MatchWeights = DEFAULT_WEIGHTS) -> Fit:
    """Weights fitted on the ties of ``relation`` of the last ``window_days`` (see the module's
    docstring); ``base`` where the history is too thin."""
    ties = list(ties)
    dated = [t.since for t in ties if t.type == relation and t.since]
    if not dated:
        return Fit(base, False, 0)
    return dataclasses.replace(_fit(stakeholders, ties, relation, max(dated), window_days, base),
                               history=len(dated))


def _fit(stakeholders, ties, relation, latest, window_days, base) -> Fit:
    split = latest - timedelta(days=window_days)
    known = [t for t in ties if t.since and t.since < split]
    index = MatchIndex.build(stakeholders, known)
    tied = {(t.source, t.target) for t in known}
    truth: dict[int, set[int]] = {}
    for t in ties:
        if t.type == relation and t.since and t.since >= split and (t.source, t.target) \
                not in tied and t.source in index.row and t.target in index.row:
            truth.setdefault(index.row[t.target], set()).add(index.row[t.source])
    if len(truth) < MIN_VENTURES:
        return Fit(base, False, len(truth))
    cold = [v for v in sorted(truth) if index.degree[v] == 0]
    warm = [v for v in sorted(truth) if index.degree[v] > 0]
    fitted, before, after = base, (0.0, 0.0), (0.0, 0.0)
    if len(warm) >= MIN_VENTURES:
        fitted, before, after = _fit_group(index, warm, truth, relation, base, EXPONENTS,
                                           SAMPLE)
    cold_before, cold_after = (0.0, 0.0), (0.0, 0.0)
    if len(cold) >= MIN_VENTURES:
        found, cold_before, cold_after = _fit_group(index, cold, truth, relation, base.for_cold(),
                                                    (fitted.degree_exponent,), COLD_SAMPLE)
        fitted = dataclasses.replace(fitted, cold_terms=tuple(
            (name, found.term_weight(name)) for name in TERM_NAMES if name != "proximity"))
    return Fit(fitted, fitted != base, len(truth), before, after, len(cold), cold_before,
               cold_after)


def _fit_group(index, seekers, truth, relation, base: MatchWeights, exponents, size: int
               ) -> tuple[MatchWeights, tuple[float, float], tuple[float, float]]:
    """The weights fitted on ``seekers`` (sampled evenly to ``size``), with the figures of
    ``base`` and of the fitted weights on them."""
    kind, role, pillar = RELATIONS[relation]
    if len(seekers) > size:
        seekers = [seekers[i] for i in np.linspace(0, len(seekers) - 1, size).astype(int)]
    unit = unit_of(base)
    best: tuple[float, MatchWeights] | None = None
    before = (0.0, 0.0)
    for exponent in exponents:
        sample = _values(index, seekers, truth, kind, role, pillar,
                         dataclasses.replace(unit, degree_exponent=exponent))
        start = np.array([base.term_weight(n) for n in sample.names])
        if exponent == base.degree_exponent or len(exponents) == 1:
            before = _figures(sample, start)
        weights = max((_ascend(sample, begin) for begin in (start, *_best_alone(sample))),
                      key=lambda found: sum(_figures(sample, found)))
        objective = sum(_figures(sample, weights))
        if best is None or objective > best[0] + 1e-9:
            total = weights.sum()
            scaled = weights * (base.positive_total / total if total > 0 else 0.0)
            best = (objective, base.with_terms(
                {n: round(float(w), 4) for n, w in zip(sample.names, scaled, strict=True)},
                degree_exponent=exponent))
    assert best is not None
    after = _figures(_values(index, seekers, truth, kind, role, pillar, unit_of(best[1])),
                     np.array([best[1].term_weight(n) for n in TERM_NAMES]))
    return best[1], before, after


def unit_of(weights: MatchWeights) -> MatchWeights:
    """``weights`` with every term weight 1 (its parameters kept)."""
    return weights.with_terms({name: 1.0 for name in TERM_NAMES})


def _values(index, seekers, truth, kind, role, pillar, unit) -> _Sample:
    """Each seeker's term values for its pool of candidates, scored :data:`BLOCK` seekers at
    a time (one pass of each term over a block costs little more than over one seeker)."""
    rows, hits, counts = [], [], []
    for start in range(0, len(seekers), BLOCK):
        chunk = np.array(seekers[start:start + BLOCK], dtype=np.int64)
        block = score_block(index, WalkState(index, chunk, unit), kind, role, pillar, unit)
        for b, seeker in enumerate(chunk.tolist()):
            padded, flags = _pool(block, b, truth[seeker])
            rows.append(padded)
            hits.append(flags)
            counts.append(len(truth[seeker]))
    return _Sample(TERM_NAMES, np.stack(rows), np.stack(hits), np.array(counts))


def _pool(block, b: int, truth: set[int]) -> tuple[np.ndarray, np.ndarray]:
    """The term values of seeker ``b``'s pool (its true providers and the best of each term),
    padded to one length, and which of them are true."""
    columns = np.flatnonzero(block.eligible[b])
    values = term_values(block, b, columns)
    matrix = np.stack([values.get(n, np.zeros(len(columns))) for n in TERM_NAMES], axis=1)
    true = np.isin(block.cands[columns], list(truth))
    pool = set(np.flatnonzero(true).tolist())
    for t in range(matrix.shape[1]):
        top = np.argsort(-matrix[:, t], kind="stable")[:POOL_PER_TERM]
        pool.update(top.tolist())
    chosen = np.array(sorted(pool), dtype=np.int64)
    padded = np.zeros((POOL_PER_TERM * len(TERM_NAMES) + 1000, len(TERM_NAMES)))
    flags = np.zeros(len(padded), dtype=bool)
    take = chosen[:len(padded)]
    padded[:len(take)] = matrix[take]
    flags[:len(take)] = true[take]
    return padded, flags


def _figures(sample: _Sample, weights: np.ndarray) -> tuple[float, float]:
    """Mean recall@10 and MRR of ``weights`` over the sample (pool-padding rows score 0 and
    are never true)."""
    score = sample.values @ weights
    order = np.argsort(-score, axis=1, kind="stable")
    ranked = np.take_along_axis(sample.truth, order, axis=1)
    recall = ranked[:, :10].sum(axis=1) / np.maximum(sample.true_count, 1)
    first = np.argmax(ranked, axis=1)
    rr = np.where(ranked.any(axis=1), 1.0 / (first + 1), 0.0)
    return float(recall.mean()), float(rr.mean())


def _best_alone(sample: _Sample) -> list[np.ndarray]:
    """The weights of each of the :data:`STARTS` terms that rank the sample best alone, best
    first: further starts for the ascent, which from one start can stop short of a strong
    pair (a grid step away from the best single term may be a step down)."""
    alone = np.eye(len(sample.names))
    ranked = sorted(range(len(alone)), key=lambda t: -sum(_figures(sample, alone[t])))
    return [alone[t] for t in ranked[:STARTS]]


def _ascend(sample: _Sample, start: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Coordinate ascent over :data:`GRID` from ``start``."""
    weights = start.astype(np.float64).copy()
    best = sum(_figures(sample, weights))
    for _ in range(rounds):
        moved = False
        for t in range(len(weights)):
            for value in GRID:
                trial = weights.copy()
                trial[t] = value
                if trial.sum() <= 0:
                    continue
                objective = sum(_figures(sample, trial))
                if objective > best + 1e-9:
                    best, weights, moved = objective, trial, True
        if not moved:
            break
    return weights
