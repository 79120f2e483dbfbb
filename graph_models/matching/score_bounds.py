"""Bounds on each entrepreneur's best score in a coordinator query, without the network walk.

A pair's score is its attribute terms plus its proximity term, and proximity lies in [0, 1] for
an eligible candidate (it is normalised by the best eligible candidate's walk mass). So an
entrepreneur's best attribute score bounds its best score from below, and the same plus its
proximity points from above — without the sparse walk, the costly part of scoring.
:func:`rows_to_score` uses the bounds to choose the entrepreneurs that
:func:`~graph_models.matching.coordinator.coordinator_matches` must score in full, and
:class:`KeptPairs` tells, as pairs are scored, when the others can no longer reach the pairs
kept. The bounds are computed in float32, well within :data:`SLACK` of the float64 scores.
"""

from __future__ import annotations

import numpy as np

from graph_models.domain.stakeholders import Kind, Pillar
from graph_models.matching.config import OPTIONAL_TERMS, MatchWeights
from graph_models.matching.index import MatchIndex
from graph_models.matching.roles import ROLE_SPECS, Role
from graph_models.matching.scoring import effective_weights, neighbours_of_kind
from graph_models.matching.terms import (
    capacity,
    inclusion,
    language,
    reciprocal,
    region,
    sector,
    stage,
    topic_scope,
)

SLACK = 0.01  # points
BOUND_BLOCK = 1 << 17  # float32 elements per block of bounds (about L2-sized)
FAR = np.float32(1e6)  # taken off invalid pairs' bounds: far below any score (0 to 100)


def rows_to_score(index: MatchIndex, entrepreneurs, providers, pillar, weights, threshold,
                  limit, served, penalties, never, include_connected):
    """Which entrepreneurs (positions) may need scoring in full, and in what order.

    Returns the queue (by upper bound, best first), every entrepreneur's upper bound, and which
    must be scored whatever the pairs kept: those whose lower bound may leave them unmet (and
    are not served), and those with feedback on a pair. The others are queued only while their
    upper bound reaches the ``limit``-th best lower bound (each lower bound is the score of a
    real pair, one per entrepreneur, so the ``limit``-th pair kept scores at least that).
    """
    n = len(entrepreneurs)
    lower = np.full(n, -np.inf)
    upper = np.full(n, -np.inf)
    for kind, role, subset, cands in providers:
        best, reach = best_attribute_scores(index, entrepreneurs, kind, role, pillar, weights,
                                            cands[subset], never, include_connected)
        np.maximum(lower, best, out=lower)
        np.maximum(upper, best + reach, out=upper)
    reached = np.sort(lower[np.isfinite(lower)])
    floor = reached[-limit] if len(reached) >= limit else -np.inf
    must = (lower < threshold + SLACK) & ~served
    if len(penalties.a):
        must |= np.isin(entrepreneurs, penalties.a) | np.isin(entrepreneurs, penalties.b)
    queue = np.flatnonzero(must | (upper >= floor - SLACK))
    queue = queue[np.argsort(-upper[queue], kind="stable")]
    return queue, upper, must


class KeptPairs:
    """The keys of the best pairs scored so far, at most ``per_entrepreneur`` each, of which
    the ``limit``-th best bounds from below the ``limit``-th pair of the report."""

    def __init__(self, limit: int, per_entrepreneur: int):
        self.limit, self.per_entrepreneur = limit, per_entrepreneur
        self.keys = np.zeros(0)

    def add(self, owners: np.ndarray, keys: np.ndarray) -> None:
        """All the pairs kept of some entrepreneurs (``owners``), of every kind."""
        order = np.lexsort((-keys, owners))
        owners, keys = owners[order], keys[order]
        rank = np.arange(len(owners)) - np.searchsorted(owners, owners)
        keys = np.concatenate([self.keys, keys[(rank < self.per_entrepreneur)
                                               & np.isfinite(keys)]])
        if len(keys) > self.limit:
            keys = np.partition(keys, len(keys) - self.limit)[-self.limit:]
        self.keys = keys

    def floor(self) -> float:
        """The ``limit``-th best key kept (-inf until there are ``limit``)."""
        return float(self.keys.min()) if len(self.keys) == self.limit else -np.inf


def _distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a representative position of each distinct row of ``keys``, each row's distinct number)."""
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    return first, inverse.reshape(-1)


def best_attribute_scores(index: MatchIndex, seekers: np.ndarray, kind: Kind, role: Role,
                          pillar: Pillar | None, weights: MatchWeights, cols: np.ndarray,
                          never, include_connected: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each seeker's best score over the valid pairs with ``cols`` (candidate rows of ``kind``)
    without the proximity term (-inf when none is valid), and its proximity points.

    The terms are those of :func:`~.scoring.score_block`, made by the same functions: for one
    representative of each distinct seeker sector set, place, language set and (funding, stage),
    then gathered per seeker; seekers that share tie status, place and languages share the
    terms that depend on the candidate alone. Feedback is not applied (the caller scores those
    seekers in full); blocked and connected pairs are left out as
    :func:`~.scoring.score_block` does.
    """
    spec = ROLE_SPECS[role]
    terms = spec.terms
    n, C = len(seekers), len(cols)
    best = np.full(n, -np.inf)
    reach = np.zeros(n)
    if n == 0 or C == 0 or "need_offer" not in terms:
        return best, reach
    f32 = np.float32
    scope = topic_scope(index, spec, pillar)
    no_ties = index.degree[seekers] == 0
    points = {flag: {t: 100.0 * w for t, w in effective_weights(
        spec, weights.for_cold() if flag else weights, without=("proximity",) if flag else ()
    ).items()} for flag in (0, 1)}

    def table(keys, make):
        reps, inverse = _distinct(keys)
        out = np.empty((len(reps), C), dtype=f32)
        for start in range(0, len(reps), 256):  # float64 pieces, not one big (reps, C) block
            some = seekers[reps[start:start + 256]]
            out[start:start + 256] = make(some, np.ones(len(some)))
        return out, inverse

    tables = {}
    if "sector" in terms:
        tables["sector"] = table(index.sector_set[seekers][:, None],
                                 lambda s, w: sector(index, role, spec, s, cols, w))
    if "stage" in terms:
        tables["stage"] = table(np.stack([index.funding[seekers].view(np.int64),
                                                   index.stage[seekers].astype(np.int64)], 1),
                                lambda s, w: stage(index, spec, s, cols, w))
    grouping = [no_ties.astype(np.int64)]
    if "region" in terms:
        tables["region"] = table(index.place[seekers][:, None].astype(np.int64),
                                 lambda s, w: region(index, role, s, cols, weights, w))
        grouping.append(tables["region"][1])
    if "language" in terms:
        tables["language"] = table(index.language_set[seekers][:, None],
                                   lambda s, w: language(index, s, cols, w))
        grouping.append(tables["language"][1])
    per_candidate = {}
    if "inclusion" in terms:
        per_candidate["inclusion"] = inclusion(index, cols, weights)[0]
    if "capacity" in terms:
        per_candidate["capacity"] = capacity(index, cols)[0]

    # needs_met as a sum of rows: the candidates offering each topic, one row per seeker need.
    topics = len(index.topics.codes)
    offering = np.zeros((topics + 1, C), dtype=np.uint8)  # the last row, for padding, is empty
    offering[:topics] = _bits(index.offers[cols], topics).T
    needs = _bits(index.needs[seekers] & scope, topics)
    share = reciprocal(needs.sum(axis=1))
    who, topic = np.nonzero(needs)
    slot = np.arange(len(who)) - np.searchsorted(who, who)
    needed = np.full((n, max(1, int(slot.max(initial=0)) + 1)), topics, dtype=np.int64)
    needed[who, slot] = topic
    column_of = np.full(len(index.rows_of_kind(kind)), -1, dtype=np.int64)
    column_of[index.kind_pos[cols]] = np.arange(C)

    _, group = _distinct(np.stack(grouping, axis=1))
    order = np.argsort(group, kind="stable")
    edges = np.flatnonzero(np.diff(group[order])) + 1
    step = max(1, BOUND_BLOCK // C)
    for members in np.split(order, edges):
        first = members[0]
        p = points[int(no_ties[first])]
        # The behaviour terms (each in [0, 1]) are not bounded term by term: their points
        # widen the upper bound as proximity's do.
        reach[members] = p.get("proximity", 0.0) + sum(p.get(t, 0.0) for t in OPTIONAL_TERMS)
        common = np.zeros(C)
        for term in ("region", "language"):
            if term in terms:
                values, inverse = tables[term]
                common += p[term] * values[inverse[first]]
        for term, values in per_candidate.items():
            common += p[term] * values
        common = common.astype(f32)
        for start in range(0, len(members), step):
            at = members[start:start + step]
            out = np.empty((len(at), C), dtype=f32)
            out[:] = common
            for term in ("sector", "stage"):
                if term in terms:
                    values, inverse = tables[term]
                    part = values[inverse[at]]
                    part *= f32(p[term])
                    out += part
            slots = needed[at]
            met = offering[slots[:, 0]]
            for j in range(1, slots.shape[1]):
                met += offering[slots[:, j]]
            out += met * (p["need_offer"] * share[at]).astype(f32)[:, None]
            out -= (met == 0) * FAR  # arithmetic, not a masked store: ~25 times faster here
            for rows, others in _excluded(index, seekers[at], kind, never, include_connected):
                c = column_of[index.kind_pos[others]]
                out[rows[c >= 0], c[c >= 0]] = -np.inf
            best[at] = out.max(axis=1)
    best[best < -FAR / 2] = -np.inf
    return best, reach


def _bits(words: np.ndarray, count: int) -> np.ndarray:
    """(rows, count) booleans of the first ``count`` bits of rows of uint64 words."""
    shifts = np.arange(64, dtype=np.uint64)
    bits = ((words[:, :, None] >> shifts) & np.uint64(1)).astype(bool)
    return bits.reshape(len(words), -1)[:, :count]


def _excluded(index: MatchIndex, seekers, kind, never, include_connected):
    """(block rows, candidate rows) pairs that :func:`~.scoring.score_block` makes ineligible."""
    if not include_connected:
        yield neighbours_of_kind(index, seekers, kind)
    if never is not None and len(never.a):
        rows, others, _ = never.for_block(index, seekers, kind)
        yield rows, others
