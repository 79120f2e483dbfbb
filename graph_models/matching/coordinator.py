"""Coordinator queries: the best (entrepreneur, provider) pairs in a scope, and the gaps.

A coordinator asks, say, "who can help the cooperatives in Attica that need a loan?". The scope is
the discoverable entrepreneurs of a region and sector who need a topic of the asked need or
pillar; the providers are the discoverable investors and support organisations, with capacity
left, that offer a topic of the scope. Each pair is scored exactly as the entrepreneur's own
:func:`~graph_models.matching.recommend` would score that provider (same kind, same pillar), and
is kept only when the provider covers at least one of the entrepreneur's needs. The
entrepreneurs whose best pair stays below the threshold are the *unmet needs* — unless a
FUNDED, SUPPORTED or MENTORS tie already links them to someone offering one of those needs
(served, not a gap); the *gaps* count them by topic beside the providers that offer it.

Entrepreneurs are scored in blocks (see :mod:`~.scoring`), so a region of 10⁴ entrepreneurs
costs vectorised blocks, not 10⁴ separate queries. Most of them need not be scored in full at all:
a pair's score is its attribute terms plus a proximity term between 0 and its weight, so each
entrepreneur's best attribute score, computed without the network walk (the costly part), bounds
its best score on both sides. Only those whose upper bound can reach the pairs kept, or whose
lower bound leaves them possibly unmet, are then scored exactly; the report is identical to
scoring everyone (``exhaustive=True``, which the tests compare it with).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from graph_models.domain import vocabularies
from graph_models.domain.errors import InvalidInput
from graph_models.domain.matches import CoordinatorReport, Gap, Pair, UnmetNeed
from graph_models.domain.stakeholders import Kind, Pillar, TieType
from graph_models.matching.config import DEFAULT_WEIGHTS, MAX_LIMIT, MatchWeights
from graph_models.matching.explain import Explainer
from graph_models.matching.index import TIE_TYPES, MatchIndex
from graph_models.matching.inputs import (
    as_index,
    blocked_table,
    check_int,
    check_weights,
    feedback_table,
)
from graph_models.matching.roles import ROLE_SPECS, Role, parse_pillar
from graph_models.matching.scoring import (
    WalkState,
    _count,
    _inverse,
    _neighbours,
    capacity,
    effective_weights,
    eligible_positions,
    inclusion,
    language,
    region,
    score_block,
    sector,
    stage,
    topic_scope,
)

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
        subset = _count(index.offers[cands] & scope) > 0
        if subset.any():
            providers.append((kind, role, subset, cands))

    served = _served(index, entrepreneurs, scope)
    n = len(entrepreneurs)
    if exhaustive:
        queue, upper, must = np.arange(n), np.full(n, np.inf), np.ones(n, dtype=bool)
    else:
        queue, upper, must = _rows_to_score(index, entrepreneurs, providers, scoring_pillar,
                                            weights, threshold, limit, served, penalties, never,
                                            include_connected)
    # An entrepreneur never scored is met (its bound says so) and cannot reach the pairs kept.
    best_key = np.full(n, np.inf)
    best_key[queue] = -np.inf
    best_row = np.full(n, -1, dtype=np.int64)
    found = []  # arrays of (-key, entrepreneur row, provider row, provider kind number)
    kept = _Kept(limit, per_entrepreneur)
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
        kept.add(np.concatenate(owners), np.concatenate(scores))

    pairs = _explain_pairs(index, found, providers, limit, per_entrepreneur, scoring_pillar,
                           weights, penalties, never, include_connected)
    unmet_mask = (best_key < threshold * 1e6) & ~served  # keys are scores in millionths
    unmet = [UnmetNeed(entrepreneur_id=index.ids[e],
                       needs=index.topics.decode(index.needs[e] & scope),
                       best_provider_id=index.ids[r] if r >= 0 else None,
                       best_score=round(float(k) / 1e6, 1) if np.isfinite(k) else 0.0)
             for e, k, r in zip(entrepreneurs[unmet_mask], best_key[unmet_mask],
                                best_row[unmet_mask], strict=True)]
    unmet.sort(key=lambda u: (u.best_score, u.entrepreneur_id))
    offered = [cands[subset] for _, _, subset, cands in providers]
    provider_rows = np.concatenate(offered) if offered else np.zeros(0, np.int64)
    gaps = _gaps(index, scope, entrepreneurs, entrepreneurs[unmet_mask], provider_rows)
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
    ok = index.discoverable[rows] & (_count(index.needs[rows] & scope) > 0)
    if region is not None:
        inside = np.array([vocabularies.region_contains(region, code)
                           for code in index.place_codes], dtype=bool)
        ok &= inside[index.place[rows]] if len(inside) else False
    if sector is not None:
        ok &= _count(index.sectors[rows] & index.sector_vocab.mask([sector])) > 0
    return rows[ok]


# A pair's score is its attribute terms plus its proximity term, and proximity lies in [0, 1]
# for an eligible candidate (it is normalised by the best eligible candidate's walk mass). So an
# entrepreneur's best attribute score bounds its best score from below, and the same plus its
# proximity points from above — without the sparse walk, the costly part of scoring. The bounds
# are computed in float32, well within SLACK of the float64 scores.
SLACK = 0.01  # points
BOUND_BLOCK = 1 << 17  # float32 elements per block of bounds (about L2-sized)
FAR = np.float32(1e6)  # taken off invalid pairs' bounds: far below any score (0 to 100)


def _rows_to_score(index: MatchIndex, entrepreneurs, providers, pillar, weights, threshold,
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
        best, reach = _best_attribute_scores(index, entrepreneurs, kind, role, pillar, weights,
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


class _Kept:
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


def _best_attribute_scores(index: MatchIndex, seekers: np.ndarray, kind: Kind, role: Role,
                           pillar: Pillar | None, weights: MatchWeights, cols: np.ndarray,
                           never, include_connected: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each seeker's best score over the valid pairs with ``cols`` (candidate rows of ``kind``)
    without the proximity term (-inf when none is valid), and its proximity points.

    The terms are those of :func:`~.scoring.score_block`, made by the same functions: for one
    representative of each distinct seeker sector set, place, language set and (funding, stage),
    then gathered per seeker; seekers that share tie status, place and languages share the
    terms that depend on the candidate alone. Feedback is not applied (the caller scores those
    seekers in full); blocked and connected pairs are left out as :func:`score_block` does.
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
        spec, weights, without=("proximity",) if flag else ()).items()} for flag in (0, 1)}

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
    share = _inverse(needs.sum(axis=1))
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
        reach[members] = p.get("proximity", 0.0)
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
    """(block rows, candidate rows) pairs that :func:`score_block` makes ineligible."""
    if not include_connected:
        yield _neighbours(index, seekers, kind)
    if never is not None and len(never.a):
        rows, others, _ = never.for_block(index, seekers, kind)
        yield rows, others


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


SERVICE_TIES = (TieType.FUNDED, TieType.SUPPORTED, TieType.MENTORS)


def _served(index: MatchIndex, entrepreneurs: np.ndarray, scope: np.ndarray) -> np.ndarray:
    """Entrepreneurs already funded, supported or mentored by someone who offers one of their
    needs in scope: their need is met by a tie, not a gap (their pairs exclude that provider
    unless asked, since they are already connected)."""
    starts = index.indptr[entrepreneurs]
    lengths = index.indptr[entrepreneurs + 1] - starts
    owner = np.repeat(np.arange(len(entrepreneurs)), lengths)
    at = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    codes = [TIE_TYPES.index(t) for t in SERVICE_TIES]
    service = (index._type_weights[at][:, codes] > 0).any(axis=1)
    owner, other = owner[service], index.indices[at[service]].astype(np.int64)
    needs = index.needs[entrepreneurs[owner]] & scope
    helps = _count(needs & index.offers[other]) > 0
    served = np.zeros(len(entrepreneurs), dtype=bool)
    served[owner[helps]] = True
    return served


def _gaps(index: MatchIndex, scope, entrepreneurs, unmet, providers) -> list[Gap]:
    gaps = []
    for topic in index.topics.decode(scope):
        bit = index.topics.mask([topic])
        needing = int((_count(index.needs[entrepreneurs] & bit) > 0).sum())
        if not needing:
            continue
        gaps.append(Gap(topic=topic, entrepreneurs=needing,
                        unmet=int((_count(index.needs[unmet] & bit) > 0).sum()),
                        providers=int((_count(index.offers[providers] & bit) > 0).sum())))
    gaps.sort(key=lambda g: (-g.unmet, -g.entrepreneurs, g.topic))
    return gaps


__all__ = ["coordinator_matches"]
