"""The terms of a match score: each a value in [0, 1], for a block of pairs at once.

:func:`~graph_models.matching.scoring.score_block` adds them up, weighted, for a block of
seekers against the candidates of one kind; :func:`~graph_models.matching.scoring.term_values`
recomputes one pair's values with the same functions, so an explanation always matches its
score. Most take seeker rows (B) and candidate rows (C) of a
:class:`~graph_models.matching.index.MatchIndex` and return a (B, C) block, already multiplied
by the per-seeker weights ``w`` when they take them; the terms that depend on the candidate
alone return a (1, C) row.

The terms (their weights are in :class:`~graph_models.matching.config.MatchWeights`)
--------------------------------------------------------------------------------------
need_offer
    ``|N ∩ O| / |N|``: N the needer's needs within the topic scope (the asked pillar's topics,
    else the role's: financing for investors, training for mentors, networking and training for
    peers, all for support organisations), O the provider's offers. 0 when N is empty.
sector
    ``|S_e ∩ S_x| / |S_e|``: the share of the entrepreneur's sectors that the other side covers
    (an investor's focus, a policymaker's policy areas…). For peers, the affinity
    ``max A[a, b]`` over the seeker's sectors ``a`` and the candidate's ``b``, where ``A`` is
    learned from PARTNERS_WITH ties between entrepreneurs (row-normalised so the most common
    partner sector of ``a`` scores 1; with no partnerships, ``A`` is the identity). 0.5 when
    either side states no sector.
region
    ``region_levels`` at the deepest NUTS level the two places share (a policymaker's place is
    its jurisdiction); 0 across countries.
language
    1 when they share a language, 0 when not, 0.5 when either states none.
stage
    Financing: the mean of the ticket fit (1 inside ``[ticket_min, ticket_max]``, else
    ``sought / ticket_min`` below it or ``ticket_max / sought`` above it) and the instrument fit
    (1 when one of the investor's instruments suits the venture's stage, per
    :data:`~graph_models.matching.config.INSTRUMENT_STAGES`). Mentors: 1 for a mentor at a
    later stage, 0.25 at the same, 0 at an earlier one. Peers: ``1 - |Δ stage| / 3``. Unknown
    parts count 0.5.
proximity
    ``raw = strength(c) ** -beta * Σ_{k=1..K} (1 - alpha) ** k * (e_s P^k)[c]``: the walk with
    restart from the seeker truncated at ``K = walk_steps`` steps (personalised PageRank without
    its tail), ``P = D⁻¹A`` on the tie-type-weighted adjacency, each candidate's mass divided by
    its weighted degree to the power ``beta`` (see :mod:`~graph_models.matching.walk`). Per
    query it is normalised as ``sqrt(raw / max raw)`` over the eligible candidates of the kind
    (the closest scores 1; the square root spreads the heavy tail of walk probabilities).
inclusion
    ``h / (h + degree)``, degree = number of distinct neighbours, ``h = inclusion_half_degree``.
capacity
    ``(capacity - load) / capacity``, 1 when no capacity is stated.

Examples
--------
>>> import numpy as np
>>> ticket_fit(np.array([50_000.0, 200_000.0]), np.array([100_000.0]), np.array([150_000.0]))
array([0.5 , 0.75])
>>> proximity(np.array([[0.04, 0.01, 0.0]]), np.array([0.04])).round(2).tolist()
[[1.0, 0.5, 0.0]]
"""

from __future__ import annotations

import numpy as np

from graph_models.domain.stakeholders import Pillar
from graph_models.matching.config import MatchWeights
from graph_models.matching.encoding import STAGE_INSTRUMENTS
from graph_models.matching.index import MatchIndex
from graph_models.matching.roles import SEEKER, Role, RoleSpec

PROXIMITY_EXPONENT = 0.5


def topic_scope(index: MatchIndex, spec: RoleSpec, pillar: Pillar | None) -> np.ndarray:
    """The topics that count for the need↔offer term, as a bitmask row."""
    pillars = (pillar.value,) if pillar is not None else spec.scope
    scope = np.zeros(index.topics.words, dtype=np.uint64)
    for p in pillars:
        if p in index.pillar_masks:
            scope |= index.pillar_masks[p]
    return scope


def bit_count(bits: np.ndarray) -> np.ndarray:
    """Set bits per row of an (n, words) array."""
    return np.bitwise_count(bits).sum(axis=-1, dtype=np.int64)


def shared_bits(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(B, C) counts of the bits shared by each row of ``x`` (B, W) and of ``y`` (C, W)."""
    out = np.bitwise_count(x[:, None, 0] & y[None, :, 0])
    for w in range(1, x.shape[1]):
        out = out + np.bitwise_count(x[:, None, w] & y[None, :, w])
    return out


def reciprocal(counts: np.ndarray) -> np.ndarray:
    """``1 / counts``, and 0 where a count is 0."""
    with np.errstate(divide="ignore"):
        return np.where(counts > 0, 1.0 / np.maximum(counts, 1), 0.0)


def needs_of(index: MatchIndex, rows, hidden: np.ndarray | None) -> np.ndarray:
    """The needs of ``rows`` as bitmask rows: none for a row whose needs are ``hidden`` (see
    :meth:`~graph_models.matching.index.MatchIndex.hidden_needs`)."""
    needs = index.needs[rows]
    if hidden is None:
        return needs
    return np.where(hidden[rows][..., None], np.uint64(0), needs)


def needs_met(index: MatchIndex, spec: RoleSpec, seekers, cands, scope,
              hidden: np.ndarray | None = None) -> np.ndarray:
    """(B, C) counts of the needer's needs in scope that the other side offers."""
    if spec.needer == SEEKER:
        return shared_bits(needs_of(index, seekers, hidden) & scope, index.offers[cands])
    return shared_bits(index.offers[seekers], needs_of(index, cands, hidden) & scope)


def need_offer(index: MatchIndex, spec: RoleSpec, seekers, cands, scope, w, met=None,
               hidden: np.ndarray | None = None):
    """``w`` times the share of the needer's needs in scope that the provider offers."""
    met = needs_met(index, spec, seekers, cands, scope, hidden) if met is None else met
    if spec.needer == SEEKER:
        return met * (reciprocal(bit_count(needs_of(index, seekers, hidden) & scope)) * w)[:, None]
    return met * reciprocal(bit_count(needs_of(index, cands, hidden) & scope))[None, :] * w[:, None]


# Set-valued attributes take few distinct values (sector sets, language sets, places, stages):
# each term is computed once per (seeker, distinct value), weighted there, and gathered per
# candidate in one pass.

def sector(index: MatchIndex, role: Role, spec: RoleSpec, seekers, cands, w,
           sets_of_cands: np.ndarray | None = None) -> np.ndarray:
    """``w`` times the sector term: the entrepreneur's sectors covered, or a peer's affinity.
    ``sets_of_cands``: ``index.sector_set[cands]`` when already gathered."""
    mine = index.sectors[seekers]
    sets = index.sector_sets
    mine_count, set_count = bit_count(mine), bit_count(sets)
    if role == Role.PEER:
        affinity = np.vstack([index.sector_affinity, np.zeros((1, len(index.sector_affinity)))])
        pad_s = index.sector_pad[seekers]
        best = affinity[pad_s[:, 0]]
        for j in range(1, pad_s.shape[1]):
            best = np.maximum(best, affinity[pad_s[:, j]])
        best = np.hstack([best, np.zeros((len(seekers), 1))])
        pad = np.where(index.sector_set_pad < 0, best.shape[1] - 1, index.sector_set_pad)
        table = best[:, pad[:, 0]]
        for j in range(1, pad.shape[1]):
            table = np.maximum(table, best[:, pad[:, j]])
    elif spec.entrepreneur == SEEKER:
        table = shared_bits(mine, sets) * reciprocal(mine_count)[:, None]
    else:
        table = shared_bits(mine, sets) * reciprocal(set_count)[None, :]
    table[mine_count == 0, :] = 0.5
    table[:, set_count == 0] = 0.5
    if sets_of_cands is None:
        sets_of_cands = index.sector_set[cands]
    return (table * w[:, None])[:, sets_of_cands]


def language(index: MatchIndex, seekers, cands, w,
             sets_of_cands: np.ndarray | None = None) -> np.ndarray:
    """``w`` times the language term: 1 for a shared language, 0.5 when either states none.
    ``sets_of_cands``: ``index.language_set[cands]`` when already gathered."""
    mine, sets = index.languages[seekers], index.language_sets
    table = (shared_bits(mine, sets) > 0).astype(np.float64)
    table[bit_count(mine) == 0, :] = 0.5
    table[:, bit_count(sets) == 0] = 0.5
    if sets_of_cands is None:
        sets_of_cands = index.language_set[cands]
    return (table * w[:, None])[:, sets_of_cands]


def candidate_places(index: MatchIndex, role: Role, cands) -> np.ndarray:
    """Where each candidate is for the region term: a policymaker is where its jurisdiction is."""
    if role == Role.POLICYMAKER:
        j = index.jurisdiction[cands]
        return np.where(j >= 0, j, index.place[cands])
    return index.place[cands]


def region(index: MatchIndex, role: Role, seekers, cands, weights: MatchWeights, w,
           places_of_cands: np.ndarray | None = None):
    """``w`` times the region term: ``region_levels`` at the deepest NUTS level shared.
    ``places_of_cands``: :func:`candidate_places` when already found."""
    table = np.array([0.0, *weights.region_levels, weights.region_levels[-1]])
    values = table[index.place_level.astype(np.int64) + 1]
    if places_of_cands is None:
        places_of_cands = candidate_places(index, role, cands)
    return (values[index.place[seekers]] * w[:, None])[:, places_of_cands]


def ticket_fit(sought, low, high) -> np.ndarray:
    """1 inside the ticket range, the ratio outside it, 0.5 when unknown (broadcasts)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        below = np.where(low > 0, 1.0 / low, np.inf)  # NaN compares False: no minimum
        above = np.where(sought > 0, 1.0 / sought, np.nan)
        fit = np.minimum(sought * below, np.where(np.isnan(high), np.inf, high) * above)
    np.minimum(fit, 1.0, out=fit)
    unknown = ~(sought > 0) | (np.isnan(low) & np.isnan(high))
    return np.where(unknown, 0.5, fit)


# Instrument fit by (stage + 1, instrument bitmask): 0.5 when either is unknown.
_INSTRUMENT_FIT = np.array(
    [[0.5] * 64] + [[0.5 if m == 0 else float(bool(STAGE_INSTRUMENTS[s] & m)) for m in range(64)]
                    for s in range(len(STAGE_INSTRUMENTS))])


def instrument_fit(stage, instruments) -> np.ndarray:
    """1 when an instrument suits the stage, 0 when none does, 0.5 when unknown (broadcasts)."""
    return _INSTRUMENT_FIT[np.asarray(stage, dtype=np.int64) + 1,
                           np.asarray(instruments, dtype=np.int64) & 63]


# Mentor seniority and peer similarity by (seeker stage + 1, candidate stage + 1).
_RANKS = np.arange(-1, 4)
_SENIORITY = np.where(_RANKS[None, :] > _RANKS[:, None], 1.0,
                      np.where(_RANKS[None, :] == _RANKS[:, None], 0.25, 0.0))
_SIMILAR = 1.0 - np.abs(_RANKS[None, :] - _RANKS[:, None]) / 3.0
for _table in (_SENIORITY, _SIMILAR):
    _table[0, :] = _table[:, 0] = 0.5


def stage(index: MatchIndex, spec: RoleSpec, seekers, cands, w,
          stages_of_cands: np.ndarray | None = None) -> np.ndarray:
    """``w`` times the stage term of the role: financing fit, seniority or similarity.
    ``stages_of_cands``: :func:`stage_codes` of ``cands`` when already found (the financing
    fit reads other columns)."""
    if spec.stage == "financing":
        half = (0.5 * w)[:, None]
        if spec.entrepreneur == SEEKER:
            e, i = seekers, cands
            fit = ticket_fit(index.funding[e][:, None], index.ticket_min[i][None, :],
                             index.ticket_max[i][None, :])
            fit += _INSTRUMENT_FIT[index.stage[e].astype(np.int64) + 1][
                :, index.instruments[i].astype(np.int64) & 63]
        else:
            e, i = cands, seekers
            fit = ticket_fit(index.funding[e][None, :], index.ticket_min[i][:, None],
                             index.ticket_max[i][:, None])
            fit += _INSTRUMENT_FIT[:, index.instruments[i].astype(np.int64) & 63].T[
                :, index.stage[e].astype(np.int64) + 1]
        fit *= half
        return fit
    table = _SENIORITY if spec.stage == "seniority" else _SIMILAR
    if stages_of_cands is None:
        stages_of_cands = stage_codes(index, cands)
    return (table[stage_codes(index, seekers)] * w[:, None])[:, stages_of_cands]


def stage_codes(index: MatchIndex, rows) -> np.ndarray:
    """The rows' stages as positions in the stage tables (0: not stated)."""
    return index.stage[rows].astype(np.int64) + 1


def inclusion(index: MatchIndex, cands, weights: MatchWeights) -> np.ndarray:
    """The inclusion term ``h / (h + degree)`` of each candidate, as a (1, C) row."""
    h = weights.inclusion_half_degree
    return (h / (h + index.degree[cands].astype(np.float64)))[None, :]


def capacity_left(index: MatchIndex, cands) -> np.ndarray:
    """Share of capacity left per candidate (1 without a stated capacity; may be ≤ 0)."""
    cap = index.capacity[cands]
    with np.errstate(divide="ignore", invalid="ignore"):
        left = np.where(cap > 0, (cap - index.load[cands]) / cap, 0.0)
    return np.where(np.isnan(cap), 1.0, left)


def capacity(index: MatchIndex, cands) -> np.ndarray:
    """The capacity term: the share of capacity left, clipped to [0, 1], as a (1, C) row."""
    return np.clip(capacity_left(index, cands), 0.0, 1.0)[None, :]


def proximity(raw: np.ndarray, raw_max: np.ndarray) -> np.ndarray:
    """Raw walk mass normalised per row: ``(raw / max) ** PROXIMITY_EXPONENT`` (0 when no
    eligible candidate is reached). Above 1 only for ineligible candidates, never shown."""
    with np.errstate(divide="ignore"):
        inverse = np.where(raw_max > 0, 1.0 / raw_max, 0.0)
    value = raw * inverse[:, None]
    if PROXIMITY_EXPONENT == 0.5:
        return np.sqrt(value, out=value)
    return value ** PROXIMITY_EXPONENT
