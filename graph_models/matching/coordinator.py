"""Coordinator queries: the best (entrepreneur, provider) pairs in a scope, and the gaps.

A coordinator asks, say, "who can help the cooperatives in Attica that need a loan?". The scope is
the discoverable entrepreneurs of a region and sector who need a topic of the asked need or
pillar; the providers are the discoverable investors and support organisations, with capacity
left, that offer a topic of the scope. Each pair is scored exactly as the entrepreneur's own
:func:`~graph_models.matching.recommend` would score that provider (same kind, same pillar), and
is kept only when the provider covers at least one of the entrepreneur's needs. The
entrepreneurs whose best pair stays below the threshold are the *unmet needs* — unless a
FUNDED, SUPPORTED or MENTORS tie already links them to someone offering one of those needs
(served, not a gap); the *gaps* count them by topic beside the providers that offer it (see
:mod:`~graph_models.matching.unmet_needs`).

Entrepreneurs are scored in blocks (see :mod:`~.scoring`), so a region of 10⁴ entrepreneurs
costs vectorised blocks, not 10⁴ separate queries. Most of them need not be scored in full at all:
a pair's score is its attribute terms plus a proximity term between 0 and its weight, so each
entrepreneur's best attribute score, computed without the network walk (the costly part), bounds
its best score on both sides. Only those whose upper bound can reach the pairs kept, or whose
lower bound leaves them possibly unmet, are then scored exactly (see
:mod:`~graph_models.matching.score_bounds`); the report is identical to scoring everyone
(``exhaustive=True``, which the tests compare it with).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from graph_models.domain import vocabularies
from graph_models.domain.errors import InvalidInput
from graph_models.domain.matches import CoordinatorReport, Pair
from graph_models.domain.stakeholders import Kind, Pillar
from graph_models.matching.config import DEFAULT_WEIGHTS, MAX_LIMIT, MatchWeights
from graph_models.matching.explain import Explainer
from graph_models.matching.index import MatchIndex
from graph_models.matching.inputs import (
    as_index,
    blocked_table,
    check_int,
    check_weights,
    feedback_table,
)
from graph_models.matching.roles import Role, parse_pillar
from graph_models.matching.score_bounds import SLACK, KeptPairs, rows_to_score
from graph_models.matching.scoring import eligible_positions, score_block
from graph_models.matching.terms import bit_count
from graph_models.matching.unmet_needs import gaps_by_topic, served, unmet_needs
from graph_models.matching.walk import WalkState

PROVIDERS = ((Kind.INVESTOR, Role.FUNDER), (Kind.SUPPORT_ORGANISATION, Role.PROVIDER))
MAX_PER_ENTREPRENEUR = 10
DEFAULT_CHUNK = 64


def coordinator_matches(index_or_graph, *, pillar=None, need: str | None = None,
                        region: str | None = None, sector: str | None = None,
                        threshold: float = 50.0, limit: int = 20, per_entrepreneur: int = 1,
                        weights: MatchWeights = DEFAULT_WEIGHTS,
                        feedback: Mapping[tuple[str, str], float] | None = None,
                        blocked: Iterable[tuple[str, str]] = frozenset(),
                        include_connected: bool = False,
                        chunk_size: int = DEFAULT_CHUNK,
                        exhaustive: bool = False) -> CoordinatorReport:
    """The best (entrepreneur, provider) pairs in a scope, and who is left unmet.

    Parameters
    ----------
    index_or_graph : MatchIndex, Snapshot or networkx.MultiGraph
        The snapshot.
    pillar : Pillar or str, optional
        Entrepreneurs with a need of this pillar, providers offering one; pairs are scored on
        this pillar's topics.
    need : str, optional
        One topic (``pillar.topic``): entrepreneurs who need it, providers who offer it.
    region : str, optional
        A NUTS code: entrepreneurs in it or below it. Providers may be anywhere.
    sector : str, optional
        Entrepreneurs working in this sector.
    threshold : float
        An entrepreneur whose best pair scores below this (0–100) is unmet.
    limit : int
        How many pairs, 1 to 100, best first (then by entrepreneur id, provider id).
    per_entrepreneur : int
        At most this many pairs per entrepreneur, 1 to 10.
    weights, feedback, blocked, include_connected
        As for :func:`~graph_models.matching.recommend`.
    chunk_size : int
        Entrepreneurs scored per block (memory against speed; results do not depend on it).
    exhaustive : bool
        Score every entrepreneur in full, even those whose bounds show they can neither reach
        the pairs kept nor be unmet (the report is the same; for checking the bounds).

    Returns
    -------
    CoordinatorReport
        ``pairs`` (explained), ``unmet_needs`` (all of them, lowest best score first), ``gaps``
        by topic (most unmet first), and the sizes of the scope.

    Raises
    ------
    InvalidInput
        For an unknown pillar, need, region or sector, a need outside the pillar, or a
        threshold, limit or per_entrepreneur out of range (the field is named).

    Examples
    --------
    >>> from graph_models.matching.examples import example_graph
    >>> report = coordinator_matches(example_graph(), pillar="financing", region="EL3",
    ...                              threshold=100)
    >>> [(p.entrepreneur_id, p.match.candidate_id, p.match.score) for p in report.pairs]
    [('ent', 'inv', 99.5), ('ent2', 'inv2', 75.0)]

    ``ent2`` scores below the threshold but is already funded by ``inv``, which lends: served.

    >>> [(u.entrepreneur_id, u.best_provider_id, u.best_score) for u in report.unmet_needs]
    [('ent', 'inv', 99.5)]
    >>> report.gaps[0]
    Gap(topic='financing.loan', entrepreneurs=2, unmet=1, providers=2)
    """
    index = as_index(index_or_graph)
    errors: dict[str, list[str]] = {}
    try:
        wanted = parse_pillar(pillar)
    except InvalidInput as error:
        wanted = None
        errors.update(error.errors)
    if need is not None and (not isinstance(need, str) or need not in index.topics.bit):
        errors["need"] = ["unknown topic"]
    elif need is not None and wanted is not None and vocabularies.pillar_of(need) != wanted:
        errors["need"] = [f"is not a topic of the {wanted.value} pillar"]
    if region is not None and not (isinstance(region, str) and vocabularies.is_region(region)):
        errors["region"] = ["unknown NUTS region code"]
    if sector is not None and (not isinstance(sector, str)
                               or sector not in index.sector_vocab.bit):
        errors["sector"] = ["unknown sector"]
    if (not isinstance(threshold, int | float) or isinstance(threshold, bool)
            or not 0 <= threshold <= 100):
        errors["threshold"] = ["must be a number from 0 to 100"]
    check_int(errors, "limit", limit, 1, MAX_LIMIT)
    check_int(errors, "per_entrepreneur", per_entrepreneur, 1, MAX_PER_ENTREPRENEUR)
    check_int(errors, "chunk_size", chunk_size, 1, 1 << 16)
    check_weights(errors, weights)
    penalties = feedback_table(index, feedback, errors)
    never = blocked_table(index, blocked, errors)
    if errors:
        raise InvalidInput("invalid coordinator query", errors=errors)

    scoring_pillar = wanted or (Pillar(vocabularies.pillar_of(need)) if need else None)
    scope = _scope(index, wanted, need)
    entrepreneurs = _entrepreneurs(index, scope, region, sector)
    providers = []
    for kind, role in PROVIDERS:
        # The columns of this kind's blocks, and those that offer a topic of the scope.
        cands = index.rows_of_kind(kind)[eligible_positions(index, kind, role, scoring_pillar)]
        subset = bit_count(index.offers[cands] & scope) > 0
        if subset.any():
            providers.append((kind, role, subset, cands))

    already_served = served(index, entrepreneurs, scope)
    n = len(entrepreneurs)
    if exhaustive:
        queue, upper, must = np.arange(n), np.full(n, np.inf), np.ones(n, dtype=bool)
    else:
        queue, upper, must = rows_to_score(index, entrepreneurs, providers, scoring_pillar,
                                           weights, threshold, limit, already_served, penalties,
                                           never, include_connected)
    # An entrepreneur never scored is met (its bound says so) and cannot reach the pairs kept.
    best_key = np.full(n, np.inf)
    best_key[queue] = -np.inf
    best_row = np.full(n, -1, dtype=np.int64)
    found = []  # arrays of (-key, entrepreneur row, provider row, provider kind number)
    kept = KeptPairs(limit, per_entrepreneur)
    done = 0
    while done < len(queue):
        # The queue runs by upper bound, best first: once the pairs kept so far would beat an
        # upper bound, only the entrepreneurs that may be unmet still need scoring.
        below = upper[queue[done:]] < kept.floor() / 1e6 - SLACK
        if below.any():
            rest = queue[done:]
            queue = np.concatenate([queue[:done], rest[~below | must[rest]]])
            best_key[rest[below & ~must[rest]]] = np.inf
        positions = queue[done:done + chunk_size]
        done += len(positions)
        if not len(positions):
            break
        seekers = entrepreneurs[positions]
        walk = WalkState(index, seekers, weights)
        owners, scores = [], []
        for number, (kind, role, subset, _) in enumerate(providers):
            block = score_block(index, walk, kind, role, scoring_pillar, weights,
                                include_connected=include_connected, feedback=penalties,
                                blocked=never)
            # Providers play FUNDER or PROVIDER, roles that score need_offer.
            assert block.needs_met is not None
            valid = block.eligible & subset[None, :] & (block.needs_met > 0)
            masked = np.where(valid, block.score, -np.inf)
            rows, cols, keys = _top_per_row(masked, per_entrepreneur)
            found.append((-keys, seekers[rows], block.cands[cols], np.full(len(rows), number)))
            owners.append(rows)
            scores.append(keys)
            # Each row's best of this kind is its first kept pair; keep the best across kinds.
            first = np.ones(len(rows), dtype=bool)
            first[1:] = rows[1:] != rows[:-1]
            at = positions[rows[first]]
            key, row = keys[first], block.cands[cols[first]]
            better = (key > best_key[at]) | ((key == best_key[at]) & (row < best_row[at]))
            best_key[at[better]] = key[better]
            best_row[at[better]] = row[better]
        if owners:  # no provider offers a topic of the scope: nothing to keep
            kept.add(np.concatenate(owners), np.concatenate(scores))

    pairs = _explain_pairs(index, found, providers, limit, per_entrepreneur, scoring_pillar,
                           weights, penalties, never, include_connected)
    unmet_mask = (best_key < threshold * 1e6) & ~already_served  # keys: scores in millionths
    unmet = unmet_needs(index, scope, entrepreneurs[unmet_mask], best_key[unmet_mask],
                        best_row[unmet_mask])
    offered = [cands[subset] for _, _, subset, cands in providers]
    provider_rows = np.concatenate(offered) if offered else np.zeros(0, np.int64)
    gaps = gaps_by_topic(index, scope, entrepreneurs, entrepreneurs[unmet_mask], provider_rows)
    return CoordinatorReport(pairs=tuple(pairs), unmet_needs=tuple(unmet), gaps=tuple(gaps),
                             entrepreneurs_in_scope=len(entrepreneurs),
                             providers_in_scope=len(provider_rows), threshold=float(threshold))


def _scope(index: MatchIndex, pillar: Pillar | None, need: str | None) -> np.ndarray:
    if need is not None:
        return index.topics.mask([need])
    if pillar is not None:
        return index.pillar_masks.get(pillar.value, np.zeros(index.topics.words, np.uint64))
    return index.topics.mask(index.topics.codes)


def _entrepreneurs(index: MatchIndex, scope, region, sector) -> np.ndarray:
    rows = index.rows_of_kind(Kind.ENTREPRENEUR)
    ok = index.discoverable[rows] & (bit_count(index.needs[rows] & scope) > 0)
    if region is not None:
        inside = np.array([vocabularies.region_contains(region, code)
                           for code in index.place_codes], dtype=bool)
        ok &= inside[index.place[rows]] if len(inside) else False
    if sector is not None:
        ok &= bit_count(index.sectors[rows] & index.sector_vocab.mask([sector])) > 0
    return rows[ok]


def _top_per_row(masked: np.ndarray, k: int):
    """Each row's ``k`` best finite scores as (rows, columns, keys), rows ascending, then by
    key descending and column (id) ascending — the order :func:`recommend` ranks in.

    Keys (scores rounded to 1e-6) are computed only for the scores that could tie with a
    row's k-th best, which saves full passes over the block.
    """
    B, C = masked.shape
    if C == 0 or B == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0)
    k = min(k, C)
    kth = masked.max(axis=1) if k == 1 else -np.partition(-masked, k - 1, axis=1)[:, k - 1]
    near = masked >= (kth - 1e-6)[:, None]
    near &= masked > -np.inf  # invalid pairs, in rows with nothing valid, are no ties
    rows, cols = np.nonzero(near)
    keys = np.rint(masked[rows, cols] * 1e6)
    order = np.lexsort((cols, -keys, rows))
    rows, cols, keys = rows[order], cols[order], keys[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    keep = rank < k
    return rows[keep], cols[keep], keys[keep]


def _explain_pairs(index, found, providers, limit, per_entrepreneur, pillar, weights,
                   penalties, never, include_connected) -> list[Pair]:
    if not found:
        return []
    keys, seekers, cands, kinds = (np.concatenate(parts) for parts in zip(*found, strict=True))
    order = np.lexsort((cands, seekers, keys))
    # Each kind gave its best per entrepreneur: keep the best ``per_entrepreneur`` across kinds.
    taken: dict[int, int] = {}
    chosen = []
    for i in order:
        e = int(seekers[i])
        if taken.get(e, 0) < per_entrepreneur:
            taken[e] = taken.get(e, 0) + 1
            chosen.append(i)
            if len(chosen) == limit:
                break
    pairs = []
    explainers: dict[tuple[int, int], Explainer] = {}
    for i in chosen:
        e, p, number = int(seekers[i]), int(cands[i]), int(kinds[i])
        kind, role, _, _ = providers[number]
        explainer = explainers.get((e, number))
        if explainer is None:
            # Scored again alone: the same arithmetic as in the block, so the same score.
            walk = WalkState(index, np.array([e]), weights)
            block = score_block(index, walk, kind, role, pillar, weights,
                                include_connected=include_connected, feedback=penalties,
                                blocked=never)
            explainer = explainers[(e, number)] = Explainer(block, weights, weights.walk_steps)
        match = explainer.match(0, explainer.block.column(p))
        pairs.append(Pair(entrepreneur_id=index.ids[e], match=match))
    return pairs


__all__ = ["coordinator_matches"]
