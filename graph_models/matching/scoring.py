"""Vectorised scoring: a block of seekers against every candidate of one kind, at once.

One function, :func:`score_block`, serves both a single seeker (a block of one row) and a
coordinator's thousands (blocks of a few hundred rows). Every pair's score is computed by the
same element-wise operations whatever the block, so a pair scores exactly the same in a
coordinator report as in the seeker's own recommendations.

Each term is a value in [0, 1] (their formulas are in :mod:`~graph_models.matching.terms`).
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

from graph_models.domain.stakeholders import Kind, Pillar
from graph_models.matching import behaviour_terms
from graph_models.matching.config import OPTIONAL_TERMS, TERM_NAMES, MatchWeights
from graph_models.matching.encoding import KINDS
from graph_models.matching.index import MatchIndex
from graph_models.matching.roles import CANDIDATE, ROLE_SPECS, SEEKER, SEEKS, Role, RoleSpec
from graph_models.matching.terms import (
    bit_count,
    candidate_places,
    capacity,
    capacity_left,
    inclusion,
    language,
    need_offer,
    needs_met,
    proximity,
    region,
    sector,
    stage,
    stage_codes,
    topic_scope,
)
from graph_models.matching.walk import WalkState


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


@dataclass
class Block:
    """Scores of ``seekers`` (B rows) against the candidates of ``kind`` that pass the
    seeker-independent filters (C columns, in id order).

    Only the scores are kept for the whole block; :func:`term_values` recomputes the term
    values of the pairs that are explained, with the same functions.
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
            ok &= (bit_count(index.offers[cands] & mask) > 0)
        if spec.needs:
            ok &= (bit_count(index.needs[cands] & mask) > 0)
    if spec.mentoring:
        ok &= bit_count(index.offers[cands] & index.mentoring_mask) > 0
    return ok


def _kept(index: MatchIndex, key: tuple, make) -> np.ndarray:
    """``make()``, made once per index and kept read-only under ``key``: what every query of
    one (kind, role, pillar) computes alike, whoever the seeker."""
    kept = index._columns.get(key)
    if kept is None:
        kept = make()
        kept.flags.writeable = False
        index._columns[key] = kept
    return kept


def eligible_positions(index: MatchIndex, kind: Kind, role: Role,
                       pillar: Pillar | None) -> np.ndarray:
    """Positions, among the rows of ``kind``, of the candidates that pass
    :func:`base_eligible` (cached per index)."""
    return _kept(index, (kind, role, pillar), lambda: np.flatnonzero(
        base_eligible(index, kind, role, pillar, index.rows_of_kind(kind))))


def candidate_rows(index: MatchIndex, kind: Kind, role: Role,
                   pillar: Pillar | None) -> np.ndarray:
    """The rows of the candidates that pass :func:`base_eligible` (cached per index)."""
    return _kept(index, ("rows", kind, role, pillar), lambda: index.rows_of_kind(kind)[
        eligible_positions(index, kind, role, pillar)])


def _column_of(index: MatchIndex, kind: Kind, role: Role, pillar: Pillar | None) -> np.ndarray:
    """The block column of each row of ``kind`` by its position among them (-1: none)."""
    def make():
        positions = eligible_positions(index, kind, role, pillar)
        column_of = np.full(len(index.rows_of_kind(kind)), -1, dtype=np.int64)
        column_of[positions] = np.arange(len(positions))
        return column_of
    return _kept(index, ("column of", kind, role, pillar), make)


def warm(index: MatchIndex, weights: MatchWeights) -> None:
    """Prepare the candidates of every role without a pillar, and their columns of the walk
    operator, so that no query pays for slicing them (and a forked worker shares them)."""
    walk = index.walk(weights)
    for by_kind in SEEKS.values():
        for kind, role in by_kind.items():
            for r in {role, Role.MENTOR} if role == Role.PEER else {role}:
                walk.columns(kind, (r, None), eligible_positions(index, kind, r, None))
                candidate_rows(index, kind, r, None)
                _column_of(index, kind, r, None)


def effective_weights(spec: RoleSpec, weights: MatchWeights,
                      without: tuple[str, ...] = ()) -> dict[str, float]:
    """The weights of the role's terms, renormalised to sum to 1 (all 0 if they sum to 0)."""
    names = [t for t in TERM_NAMES if t in spec.terms and t not in without
             and (t not in OPTIONAL_TERMS or weights.term_weight(t) > 0)]
    total = sum(weights.term_weight(t) for t in names)
    return {t: (weights.term_weight(t) / total if total > 0 else 0.0) for t in names}


def score_block(index: MatchIndex, walk: WalkState, kind: Kind, role: Role,
                pillar: Pillar | None, weights: MatchWeights, *, include_connected: bool = False,
                feedback: PairTable | None = None, blocked: PairTable | None = None,
                hidden_needs: np.ndarray | None = None) -> Block:
    """Score every seeker of ``walk`` against the eligible candidates of ``kind`` in ``role``.

    Each term adds ``100 · weight · value`` to the score in as few passes over the (B, C)
    block as it can; the same functions give the explained pairs' values in
    :func:`term_values`.
    The rows of ``hidden_needs`` count as stating no need (see
    :meth:`~graph_models.matching.index.MatchIndex.hidden_needs`).
    """
    spec = ROLE_SPECS[role]
    seekers = walk.seekers
    positions = eligible_positions(index, kind, role, pillar)
    cands = candidate_rows(index, kind, role, pillar)
    B, C = len(seekers), len(cands)
    scope = topic_scope(index, spec, pillar)
    terms = spec.terms

    # A seeker with no tie at all gets no network evidence: proximity does not apply to it.
    effective = effective_weights(spec, weights)
    alone = effective_weights(spec, weights.for_cold(), without=("proximity",))
    no_ties = index.degree[seekers] == 0
    # A term may weigh only for one of them (a behaviour term fitted for cold start alone).
    by_row = {name: np.where(no_ties, alone.get(name, 0.0), effective.get(name, 0.0))
              for name in TERM_NAMES if name in effective or name in alone}
    points = {name: 100.0 * w for name, w in by_row.items()}

    met = (needs_met(index, spec, seekers, cands, scope, hidden_needs)
           if "need_offer" in terms else None)
    score = (need_offer(index, spec, seekers, cands, scope, points["need_offer"], met)
             if met is not None else np.zeros((B, C)))
    # Each term gathers a table by the candidates' codes, which every seeker shares.
    def codes(name, make):
        return _kept(index, (name, kind, role, pillar), make)

    if "sector" in terms:
        score += sector(index, role, spec, seekers, cands, points["sector"], codes(
            "sector sets", lambda: index.sector_set[cands]))
    if "region" in terms:
        score += region(index, role, seekers, cands, weights, points["region"], codes(
            "places", lambda: candidate_places(index, role, cands)))
    if "language" in terms:
        score += language(index, seekers, cands, points["language"], codes(
            "language sets", lambda: index.language_set[cands]))
    if "stage" in terms:
        score += stage(index, spec, seekers, cands, points["stage"], None if
                       spec.stage == "financing" else codes(
                           "stages", lambda: stage_codes(index, cands)))
    for name, key, make in (
            ("inclusion", (weights.inclusion_half_degree,), lambda: inclusion(index, cands,
                                                                             weights)),
            ("capacity", (), lambda: capacity(index, cands))):
        if name in terms:
            values = _kept(index, (name, kind, role, pillar, *key), make)
            if no_ties.any():
                score += points[name][:, None] * values
            else:  # one weight for every row: one pass over the block
                score += points[name][0] * values
    for name in OPTIONAL_TERMS:
        if name in points:
            score += behaviour_terms.term(name, index, seekers, cands, weights, points[name])

    # Pair filters; a candidate row maps to its column through its position among the kind.
    column_of = _column_of(index, kind, role, pillar)
    eligible = np.ones((B, C), dtype=bool)

    def drop(block_rows, rows):
        cols = column_of[index.kind_pos[rows]]
        keep = cols >= 0
        eligible[block_rows[keep], cols[keep]] = False

    same_kind = index.kind[seekers] == KINDS.index(kind)
    drop(np.flatnonzero(same_kind), seekers[same_kind])
    if not include_connected:
        drop(*neighbours_of_kind(index, seekers, kind))
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


def term_values(block: Block, b: int, columns: np.ndarray) -> dict[str, np.ndarray]:
    """Each applicable term's values in [0, 1] for seeker ``b`` of a block and the candidates
    at ``columns``, by the functions that scored the block (so that the explanation matches
    the score). One call for all the pairs a query explains: each term's table is made once."""
    index, spec, role = block.index, block.spec, block.role
    weights = block.weights_config
    seekers, cands, one = block.seekers[b:b + 1], block.cands[columns], np.ones(1)
    values: dict[str, np.ndarray] = {}
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
        elif name in OPTIONAL_TERMS:
            value = behaviour_terms.term(name, index, seekers, cands, weights, one)
        else:
            value = proximity(block.raw[b:b + 1, columns], block.raw_max[b:b + 1])
        values[name] = np.minimum(1.0, np.broadcast_to(value, (1, len(cands)))[0])
    return values


def neighbours_of_kind(index: MatchIndex, seekers: np.ndarray, kind: Kind):
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
        threshold = np.partition(k, len(k) - limit)[len(k) - limit]  # the limit-th largest
        idx = idx[k >= threshold]
    order = np.lexsort((idx, -key[idx]))
    return idx[order][:limit]
