"""Vectorised scoring: a block of seekers against every candidate of one kind, at once.

One function, :func:`score_block`, serves both a single seeker (a block of one row) and a
coordinator's thousands (blocks of a few hundred rows). Every pair's score is computed by the
same element-wise operations whatever the block, so a pair scores exactly the same in a
coordinator report as in the seeker's own recommendations.

Terms (each in [0, 1]; see :class:`~graph_models.matching.config.MatchWeights`)
--------------------------------------------------------------------------------
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
    its weighted degree to the power ``beta``. Per query it is normalised as
    ``sqrt(raw / max raw)`` over the eligible candidates of the kind (the closest scores 1; the
    square root spreads the heavy tail of walk probabilities).
inclusion
    ``h / (h + degree)``, degree = number of distinct neighbours, ``h = inclusion_half_degree``.
capacity
    ``(capacity - load) / capacity``, 1 when no capacity is stated.

The score is ``100 * Σ w_t v_t`` with the weights of the role's terms renormalised to sum to 1.
For a seeker with no tie at all (cold start) proximity does not apply: its weight is spread over
the other terms, so that a newcomer's perfect fit scores 100 and a coordinator does not mistake
"new" for "unserved".

Needs kept private count only for whoever may read them: a query names whose it may use, and
the others' count as none (in the term, its reason and the filters below).

Hard filters: the candidate is discoverable, is not the seeker, is not blocked with the seeker,
is not already tied to the seeker (unless asked), has capacity left (roles where the candidate
takes the seeker on: investor, support organisation, mentor), offers (or needs) a topic of the
asked pillar, offers training.mentoring (mentors), holds or is held by the jurisdiction
(policymakers), and — for a support organisation seeking clients — serves at least one need.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from graph_models.domain.stakeholders import Kind, Pillar
from graph_models.matching.config import TERM_NAMES, MatchWeights
from graph_models.matching.index import KINDS, STAGE_INSTRUMENTS, MatchIndex
from graph_models.matching.roles import CANDIDATE, ROLE_SPECS, SEEKER, SEEKS, Role, RoleSpec

PROXIMITY_EXPONENT = 0.5
KEY_DECIMALS = 6  # scores are ranked rounded to this, so equal scores tie exactly


@dataclass
class PairTable:
    """Pairs of rows with a value (feedback penalties, or 1 for blocked pairs), unordered."""

    a: np.ndarray
    b: np.ndarray
    value: np.ndarray

    @classmethod
    def empty(cls) -> PairTable:
        nothing = np.zeros(0, dtype=np.int64)
        return cls(nothing, nothing, np.zeros(0))

    def for_block(self, index: MatchIndex, seekers: np.ndarray, kind: Kind) -> tuple:
        """(block rows, candidate rows, values) of the pairs joining seekers to ``kind``."""
        if not len(self.a):
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
        where = np.full(index.n, -1, dtype=np.int64)
        where[seekers] = np.arange(len(seekers))
        code = KINDS.index(kind)
        rows, cols, values = [], [], []
        for x, y in ((self.a, self.b), (self.b, self.a)):
            b = where[x]
            ok = (b >= 0) & (index.kind[y] == code)
            rows.append(b[ok])
            cols.append(y[ok])
            values.append(self.value[ok])
        return np.concatenate(rows), np.concatenate(cols), np.concatenate(values)


class WalkState:
    """The walk from a block of seekers, up to the last step, shared by every candidate kind.

    By linearity, ``Σ_k c_k e_s P^k`` restricted to a kind's columns is
    ``(Σ_k c_k e_s P^(k-1)) @ P[:, kind]``: the mixture of the first ``K - 1`` steps is made
    once (``mixture``) and each kind costs one sparse product.
    """

    def __init__(self, index: MatchIndex, seekers: np.ndarray, weights: MatchWeights):
        self.index = index
        self.walk = index.walk(weights)
        self.seekers = seekers
        self.weights = weights
        transition = self.walk.P
        decay = 1.0 - weights.walk_restart
        n, B = index.n, len(seekers)
        start = sp.csr_matrix((np.full(B, decay), (np.arange(B), seekers)), shape=(B, n))
        self.steps = [transition[seekers]]  # rows of P^1, …, P^(K-1) for the seekers
        mixture = start
        for k in range(2, weights.walk_steps + 1):
            if k > 2:
                self.steps.append(self.steps[-1] @ transition)
            mixture = mixture + self.steps[k - 2] * decay ** k
        self.mixture = mixture.tocsr()

    def row(self, step: int, b: int) -> np.ndarray:
        """Seeker ``b``'s dense row of ``P^step``."""
        while len(self.steps) < step:
            self.steps.append(self.steps[-1] @ self.walk.P)
        matrix = self.steps[step - 1]
        dense = np.zeros(self.index.n)
        lo, hi = matrix.indptr[b], matrix.indptr[b + 1]
        np.add.at(dense, matrix.indices[lo:hi], matrix.data[lo:hi])
        return dense

    def to_kind(self, kind: Kind, key=None, positions: np.ndarray | None = None) -> np.ndarray:
        """Raw proximity (B, C) to the candidates of ``kind`` (all, or those at ``positions``
        among the kind's rows, cached under ``key``), degree penalty included."""
        penalty = self.walk.penalty(self.index, kind, self.weights.degree_exponent)
        if positions is None:
            columns = self.walk.by_kind[kind]
        else:
            columns = self.walk.columns(kind, key, positions)
            penalty = penalty[positions]
        raw = (self.mixture @ columns).toarray()
        raw *= penalty[None, :]
        return raw


@dataclass
class Block:
    """Scores of ``seekers`` (B rows) against the candidates of ``kind`` that pass the
    seeker-independent filters (C columns, in id order).

    Only the scores are kept for the whole block; :func:`term_values` recomputes one pair's
    term values, with the same functions, for the pairs that are explained.
    """

    index: MatchIndex
    walk: WalkState
    seekers: np.ndarray
    kind: Kind
    role: Role
    spec: RoleSpec
    pillar: Pillar | None
    weights_config: MatchWeights
    cands: np.ndarray
    scope: np.ndarray
    weights: dict[str, np.ndarray]  # each term's effective weight, per seeker row
    needs_met: np.ndarray | None  # (B, C) counts of the needer's needs the provider offers
    raw: np.ndarray
    raw_max: np.ndarray
    eligible: np.ndarray
    penalty: np.ndarray | None
    score: np.ndarray
    hidden_needs: np.ndarray | None = None  # rows whose needs count as none (private)

    def key(self) -> np.ndarray:
        """Scores rounded for ranking (to 1e-6), so that mathematically equal scores tie."""
        return np.rint(self.score * 1e6)

    def column(self, row: int) -> int:
        """The block column of a candidate row (-1 when it is not a column)."""
        c = int(np.searchsorted(self.cands, row))
        return c if c < len(self.cands) and self.cands[c] == row else -1


def topic_scope(index: MatchIndex, spec: RoleSpec, pillar: Pillar | None) -> np.ndarray:
    """The topics that count for the need↔offer term, as a bitmask row."""
    pillars = (pillar.value,) if pillar is not None else spec.scope
    scope = np.zeros(index.topics.words, dtype=np.uint64)
    for p in pillars:
        if p in index.pillar_masks:
            scope |= index.pillar_masks[p]
    return scope


def _count(bits: np.ndarray) -> np.ndarray:
    """Set bits per row of an (n, words) array."""
    return np.bitwise_count(bits).sum(axis=-1, dtype=np.int64)


def _common(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(B, C) counts of the bits shared by each row of ``x`` (B, W) and of ``y`` (C, W)."""
    out = np.bitwise_count(x[:, None, 0] & y[None, :, 0])
    for w in range(1, x.shape[1]):
        out = out + np.bitwise_count(x[:, None, w] & y[None, :, w])
    return out


def _inverse(counts: np.ndarray) -> np.ndarray:
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
        return _common(needs_of(index, seekers, hidden) & scope, index.offers[cands])
    return _common(index.offers[seekers], needs_of(index, cands, hidden) & scope)


def need_offer(index: MatchIndex, spec: RoleSpec, seekers, cands, scope, w, met=None,
               hidden: np.ndarray | None = None):
    """``w`` times the share of the needer's needs in scope that the provider offers."""
    met = needs_met(index, spec, seekers, cands, scope, hidden) if met is None else met
    if spec.needer == SEEKER:
        return met * (_inverse(_count(needs_of(index, seekers, hidden) & scope)) * w)[:, None]
    return met * _inverse(_count(needs_of(index, cands, hidden) & scope))[None, :] * w[:, None]


# Set-valued attributes take few distinct values (sector sets, language sets, places, stages):
# each term is computed once per (seeker, distinct value), weighted there, and gathered per
# candidate in one pass.

def sector(index: MatchIndex, role: Role, spec: RoleSpec, seekers, cands, w) -> np.ndarray:
    mine = index.sectors[seekers]
    sets = index.sector_sets
    mine_count, set_count = _count(mine), _count(sets)
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
        table = _common(mine, sets) * _inverse(mine_count)[:, None]
    else:
        table = _common(mine, sets) * _inverse(set_count)[None, :]
    table[mine_count == 0, :] = 0.5
    table[:, set_count == 0] = 0.5
    return (table * w[:, None])[:, index.sector_set[cands]]


def language(index: MatchIndex, seekers, cands, w) -> np.ndarray:
    mine, sets = index.languages[seekers], index.language_sets
    table = (_common(mine, sets) > 0).astype(np.float64)
    table[_count(mine) == 0, :] = 0.5
    table[:, _count(sets) == 0] = 0.5
    return (table * w[:, None])[:, index.language_set[cands]]


def candidate_places(index: MatchIndex, role: Role, cands) -> np.ndarray:
    """Where each candidate is for the region term: a policymaker is where its jurisdiction is."""
    if role == Role.POLICYMAKER:
        j = index.jurisdiction[cands]
        return np.where(j >= 0, j, index.place[cands])
    return index.place[cands]


def region(index: MatchIndex, role: Role, seekers, cands, weights: MatchWeights, w):
    table = np.array([0.0, *weights.region_levels, weights.region_levels[-1]])
    values = table[index.place_level.astype(np.int64) + 1]
    return (values[index.place[seekers]] * w[:, None])[:, candidate_places(index, role, cands)]


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


def stage(index: MatchIndex, spec: RoleSpec, seekers, cands, w) -> np.ndarray:
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
    return (table[index.stage[seekers].astype(np.int64) + 1] * w[:, None])[
        :, index.stage[cands].astype(np.int64) + 1]


def inclusion(index: MatchIndex, cands, weights: MatchWeights) -> np.ndarray:
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


def base_eligible(index: MatchIndex, kind: Kind, role: Role, pillar: Pillar | None,
                  cands: np.ndarray) -> np.ndarray:
    """The seeker-independent filters on the candidates of one kind: (C,) booleans."""
    spec = ROLE_SPECS[role]
    ok = index.discoverable[cands].copy()
    if "capacity" in spec.terms:
        ok &= capacity_left(index, cands) > 0
    if pillar is not None and pillar.value in index.pillar_masks:
        mask = index.pillar_masks[pillar.value]
        if spec.provides:
            ok &= (_count(index.offers[cands] & mask) > 0)
        if spec.needs:
            ok &= (_count(index.needs[cands] & mask) > 0)
    if spec.mentoring:
        ok &= _count(index.offers[cands] & index.mentoring_mask) > 0
    return ok


def eligible_positions(index: MatchIndex, kind: Kind, role: Role,
                       pillar: Pillar | None) -> np.ndarray:
    """Positions, among the rows of ``kind``, of the candidates that pass
    :func:`base_eligible` (cached per index)."""
    key = (kind, role, pillar)
    cached = index._columns.get(key)
    if cached is None:
        cached = np.flatnonzero(base_eligible(index, kind, role, pillar,
                                              index.rows_of_kind(kind)))
        cached.flags.writeable = False
        index._columns[key] = cached
    return cached


def warm(index: MatchIndex, weights: MatchWeights) -> None:
    """Prepare the candidate columns of every role without a pillar, so that no query pays
    for slicing the walk operator."""
    walk = index.walk(weights)
    for by_kind in SEEKS.values():
        for kind, role in by_kind.items():
            for r in {role, Role.MENTOR} if role == Role.PEER else {role}:
                walk.columns(kind, (r, None), eligible_positions(index, kind, r, None))


def effective_weights(spec: RoleSpec, weights: MatchWeights,
                      without: tuple[str, ...] = ()) -> dict[str, float]:
    """The weights of the role's terms, renormalised to sum to 1 (all 0 if they sum to 0)."""
    names = [t for t in TERM_NAMES if t in spec.terms and t not in without]
    total = sum(weights.term_weight(t) for t in names)
    return {t: (weights.term_weight(t) / total if total > 0 else 0.0) for t in names}


def score_block(index: MatchIndex, walk: WalkState, kind: Kind, role: Role,
                pillar: Pillar | None, weights: MatchWeights, *, include_connected: bool = False,
                feedback: PairTable | None = None, blocked: PairTable | None = None,
                hidden_needs: np.ndarray | None = None) -> Block:
    """Score every seeker of ``walk`` against the eligible candidates of ``kind`` in ``role``.

    Each term adds ``100 · weight · value`` to the score in as few passes over the (B, C)
    block as it can; the same functions give one pair's values in :func:`term_values`.
    The rows of ``hidden_needs`` count as stating no need (see
    :meth:`~graph_models.matching.index.MatchIndex.hidden_needs`).
    """
    spec = ROLE_SPECS[role]
    seekers = walk.seekers
    positions = eligible_positions(index, kind, role, pillar)
    cands = index.rows_of_kind(kind)[positions]
    B, C = len(seekers), len(cands)
    scope = topic_scope(index, spec, pillar)
    terms = spec.terms

    # A seeker with no tie at all gets no network evidence: proximity does not apply to it.
    effective = effective_weights(spec, weights)
    alone = effective_weights(spec, weights, without=("proximity",))
    no_ties = index.degree[seekers] == 0
    by_row = {name: np.where(no_ties, alone.get(name, 0.0), w) for name, w in effective.items()}
    points = {name: 100.0 * w for name, w in by_row.items()}

    met = (needs_met(index, spec, seekers, cands, scope, hidden_needs)
           if "need_offer" in terms else None)
    score = (need_offer(index, spec, seekers, cands, scope, points["need_offer"], met)
             if met is not None else np.zeros((B, C)))
    if "sector" in terms:
        score += sector(index, role, spec, seekers, cands, points["sector"])
    if "region" in terms:
        score += region(index, role, seekers, cands, weights, points["region"])
    if "language" in terms:
        score += language(index, seekers, cands, points["language"])
    if "stage" in terms:
        score += stage(index, spec, seekers, cands, points["stage"])
    for name, values in (("inclusion", lambda: inclusion(index, cands, weights)),
                         ("capacity", lambda: capacity(index, cands))):
        if name in terms:
            if no_ties.any():
                score += points[name][:, None] * values()
            else:  # one weight for every row: one pass over the block
                score += points[name][0] * values()

    # Pair filters; a candidate row maps to its column through its position among the kind.
    column_of = np.full(len(index.rows_of_kind(kind)), -1, dtype=np.int64)
    column_of[positions] = np.arange(C)
    eligible = np.ones((B, C), dtype=bool)

    def drop(block_rows, rows):
        cols = column_of[index.kind_pos[rows]]
        keep = cols >= 0
        eligible[block_rows[keep], cols[keep]] = False

    same_kind = index.kind[seekers] == KINDS.index(kind)
    drop(np.flatnonzero(same_kind), seekers[same_kind])
    if not include_connected:
        drop(*_neighbours(index, seekers, kind))
    if blocked is not None and len(blocked.a):
        rows, others, _ = blocked.for_block(index, seekers, kind)
        drop(rows, others)
    if spec.jurisdiction == CANDIDATE:
        j = index.jurisdiction[cands]
        holds = index.place_contains[:, index.place[seekers]].T[:, np.maximum(j, 0)]
        eligible &= holds & (j >= 0)[None, :]
    elif spec.jurisdiction == SEEKER:
        j = index.jurisdiction[seekers]
        holds = index.place_contains[np.maximum(j, 0)][:, index.place[cands]]
        eligible &= holds & (j >= 0)[:, None]
    if spec.must_cover:
        assert met is not None, "a role that must cover needs scores need_offer"
        eligible &= met > 0
    if hidden_needs is not None and spec.needs and pillar is not None \
            and pillar.value in index.pillar_masks:
        # base_eligible kept those needing a topic of the pillar; a hidden need is no need.
        eligible &= ~hidden_needs[cands][None, :]

    raw = walk.to_kind(kind, (role, pillar), positions)
    raw_max = np.max(raw, axis=1, where=eligible, initial=0.0) if C else np.zeros(B)
    if "proximity" in points and points["proximity"].any():
        score += proximity(raw, raw_max) * points["proximity"][:, None]

    penalty = None
    if feedback is not None and len(feedback.a):
        rows, others, p = feedback.for_block(index, seekers, kind)
        cols = column_of[index.kind_pos[others]]
        keep = cols >= 0
        if keep.any():
            penalty = np.zeros((B, C))
            np.maximum.at(penalty, (rows[keep], cols[keep]), p[keep])
            score *= 1.0 - weights.feedback * penalty
    return Block(index=index, walk=walk, seekers=seekers, kind=kind, role=role, spec=spec,
                 pillar=pillar, weights_config=weights, cands=cands, scope=scope,
                 weights=by_row, needs_met=met, raw=raw, raw_max=raw_max, eligible=eligible,
                 penalty=penalty, score=score, hidden_needs=hidden_needs)


def proximity(raw: np.ndarray, raw_max: np.ndarray) -> np.ndarray:
    """Raw walk mass normalised per row: ``(raw / max) ** PROXIMITY_EXPONENT`` (0 when no
    eligible candidate is reached). Above 1 only for ineligible candidates, never shown."""
    with np.errstate(divide="ignore"):
        inverse = np.where(raw_max > 0, 1.0 / raw_max, 0.0)
    value = raw * inverse[:, None]
    if PROXIMITY_EXPONENT == 0.5:
        return np.sqrt(value, out=value)
    return value ** PROXIMITY_EXPONENT


def term_values(block: Block, b: int, c: int) -> dict[str, float]:
    """Each applicable term's value in [0, 1] for one pair of a block, by the functions that
    scored the block (so that the explanation matches the score)."""
    index, spec, role = block.index, block.spec, block.role
    weights = block.weights_config
    seekers, cands, one = block.seekers[b:b + 1], block.cands[c:c + 1], np.ones(1)
    values: dict[str, float] = {}
    for name in block.weights:
        if name == "need_offer":
            value = need_offer(index, spec, seekers, cands, block.scope, one,
                               hidden=block.hidden_needs)
        elif name == "sector":
            value = sector(index, role, spec, seekers, cands, one)
        elif name == "region":
            value = region(index, role, seekers, cands, weights, one)
        elif name == "language":
            value = language(index, seekers, cands, one)
        elif name == "stage":
            value = stage(index, spec, seekers, cands, one)
        elif name == "inclusion":
            value = inclusion(index, cands, weights)
        elif name == "capacity":
            value = capacity(index, cands)
        else:
            value = proximity(block.raw[b:b + 1, c:c + 1], block.raw_max[b:b + 1])
        values[name] = min(1.0, float(np.asarray(value).reshape(-1)[0]))
    return values


def _neighbours(index: MatchIndex, seekers: np.ndarray, kind: Kind):
    """(block rows, neighbour rows of ``kind``) of every tie of the seekers, whatever its
    type and walk weight."""
    starts, ends = index.indptr[seekers], index.indptr[seekers + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    block_rows = np.repeat(np.arange(len(seekers)), lengths)
    offsets = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    neighbours = index.indices[np.repeat(starts, lengths) + offsets].astype(np.int64)
    mine = index.kind[neighbours] == KINDS.index(kind)
    return block_rows[mine], neighbours[mine]


def top_positions(key: np.ndarray, eligible: np.ndarray, limit: int) -> np.ndarray:
    """Up to ``limit`` eligible positions of one row, by key descending then position (id)."""
    idx = np.flatnonzero(eligible)
    if len(idx) > limit:
        k = key[idx]
        threshold = k[np.argpartition(-k, limit - 1)[:limit]].min()
        idx = idx[k >= threshold]
    order = np.lexsort((idx, -key[idx]))
    return idx[order][:limit]
