"""The sections of an ecosystem report, each computed from the graph of its scope.

:func:`~graph_models.reports.report.ecosystem_report` restricts the snapshot to a scope (see
:mod:`~graph_models.reports.frame`) and fills each section of the
:class:`~graph_models.reports.model.Report` with one function here: the counts by kind, region,
sector and tie type; the densities by pair of kinds and by relation; the degree summary; the
components and isolates; the brokers; the mixing by attribute and by group; the communities;
the need coverage; the growth by month. The measures they rest on, which apply to any graph,
are in :mod:`~graph_models.reports.measures`.

Examples
--------
>>> from graph_models.reports.examples import example_graph
>>> from graph_models.reports.frame import frame_of, restrict, scope_mask
>>> frame = frame_of(example_graph())
>>> scope = restrict(frame, scope_mask(frame, region="EL30"))
>>> counts(scope)["by_kind"]
{'entrepreneur': 3, 'investor': 1, 'support_organisation': 1}
>>> components(scope, max_listed=10).isolates
1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date

import numpy as np
import scipy.sparse as sp

from graph_models.domain import vocabularies
from graph_models.domain.stakeholders import Kind, LegalForm
from graph_models.reports import centrality, measures
from graph_models.reports.edges import TIE_TYPES, UNKNOWN_DAY
from graph_models.reports.frame import (
    KIND_CODE,
    KINDS,
    Frame,
    ScopeGraph,
    sorted_distinct,
)
from graph_models.reports.model import (
    AttributeMixing,
    Broker,
    Brokerage,
    Communities,
    Community,
    Components,
    Degree,
    Listed,
    Mixing,
    Month,
    NeedCoverage,
    PairDensity,
    PillarCoverage,
)

LARGEST_COMMUNITIES = 10
EPOCH_DAY = date(1970, 1, 1).toordinal()


def _ranked(counts: Mapping[str, int]) -> dict[str, int | None]:
    """A table of a report, largest count first, ties by name."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return dict(ranked)


def counts(scope: ScopeGraph) -> dict:
    frame = scope.frame
    kinds = np.bincount(frame.kind[scope.rows], minlength=len(KINDS))
    types = np.bincount(scope.tie_type, minlength=len(TIE_TYPES))
    return {
        "by_kind": {k.value: int(c) for k, c in zip(KINDS, kinds, strict=True) if c},
        "by_region": _ranked(Counter(frame.region[r] for r in scope.rows)),
        "by_sector": _ranked(Counter(s for r in scope.rows for s in frame.sectors[r])),
        "ties_by_type": {t.value: int(c) for t, c in zip(TIE_TYPES, types, strict=True) if c},
    }


def _kind_pairs(present: np.ndarray):
    for a in range(len(KINDS)):
        for b in range(a, len(KINDS)):
            if present[a] and present[b]:
                yield a, b


def _possible(sizes: np.ndarray, a: int, b: int) -> int:
    return int(sizes[a] * (sizes[a] - 1) // 2 if a == b else sizes[a] * sizes[b])


def densities(scope: ScopeGraph) -> tuple[tuple[PairDensity, ...], tuple[PairDensity, ...]]:
    """Density per pair of kinds (any tie) and per relation (a tie type between the kinds it
    may join): distinct pairs over n(n−1)/2 within a kind, n₁·n₂ between two."""
    kinds = scope.frame.kind[scope.rows].astype(np.int64)
    sizes = np.bincount(kinds, minlength=len(KINDS))
    k = len(KINDS)

    def pair_key(u, v):
        a, b = kinds[u], kinds[v]
        return np.minimum(a, b) * k + np.maximum(a, b)

    pairs_by_kinds = np.bincount(pair_key(scope.pair_u, scope.pair_v), minlength=k * k)
    n = max(scope.n, 1)
    low, high = np.minimum(scope.tie_u, scope.tie_v), np.maximum(scope.tie_u, scope.tie_v)
    distinct = sorted_distinct((scope.tie_type.astype(np.int64) * n + low) * n + high)
    tie_type = distinct // (n * n)
    ends_low, ends_high = (distinct // n) % n, distinct % n
    by_type = np.bincount(tie_type * k * k + pair_key(ends_low, ends_high),
                          minlength=len(TIE_TYPES) * k * k)
    by_kinds, by_relation = [], []
    for a, b in _kind_pairs(sizes > 0):
        possible = _possible(sizes, a, b)
        names = (KINDS[a].value, KINDS[b].value)
        count = int(pairs_by_kinds[a * k + b])
        by_kinds.append(PairDensity(names, None, count, possible,
                                    count / possible if possible else None))
        for t, tie_type_ in enumerate(TIE_TYPES):
            if not (tie_type_.allows(KINDS[a], KINDS[b]) or tie_type_.allows(KINDS[b],
                                                                              KINDS[a])):
                continue
            count = int(by_type[t * k * k + a * k + b])
            by_relation.append(PairDensity(names, tie_type_.value, count, possible,
                                           count / possible if possible else None))
    return tuple(by_kinds), tuple(by_relation)


def degree_summary(scope: ScopeGraph, degree: np.ndarray) -> Degree:
    if scope.n == 0:
        return Degree(None, None, None, {})
    counts = np.bincount(degree)
    values = np.flatnonzero(counts)
    return Degree(mean=2 * len(scope.pair_u) / scope.n, median=float(np.median(degree)),
                  maximum=int(degree.max()),
                  distribution={int(v): int(counts[v]) for v in values})


def listed(frame: Frame, row: int) -> Listed:
    """The stakeholder of a frame's row as a report lists it (id, name, kind, region)."""
    return Listed(frame.ids[row], frame.names[row], KINDS[frame.kind[row]].value,
                  frame.region[row])


def components(scope: ScopeGraph, max_listed: int) -> Components:
    """Components of the scope's own ties; isolates are the stakeholders of the scope with no
    tie at all (inside the scope or out of it): the people to reach."""
    if scope.n == 0:
        return Components(0, 0, None, 0, (), 0)
    found = measures.components_of(scope.adjacency)
    frame = scope.frame
    tied = np.zeros(frame.n, dtype=bool)
    tied[frame.tie_u] = True
    tied[frame.tie_v] = True
    isolated = scope.rows[~tied[scope.rows]]
    # Newest first (the people most recently arrived and still unconnected), ties by id.
    newest = isolated[np.lexsort((isolated, -frame.created[isolated]))]
    named = tuple(listed(frame, row) for row in newest[:max_listed])
    largest = int(found.sizes.max())
    return Components(found.count, largest, largest / scope.n, len(isolated), named,
                      len(isolated) - len(named))


def _finite_mean(values: np.ndarray) -> float | None:
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if len(finite) else None


def _maybe(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def brokers(scope: ScopeGraph, degree: np.ndarray, local: measures.LocalStructure,
             between: centrality.Betweenness, top: int) -> Brokerage:
    ranked = np.flatnonzero(between.values > 0)
    order = ranked[np.lexsort((ranked, -between.values[ranked]))][:top]
    brokers = tuple(
        Broker(listed(scope.frame, scope.rows[i]), int(degree[i]),
               float(between.values[i]), float(between.standard_error[i]),
               _maybe(local.constraint[i]), _maybe(local.effective_size[i]))
        for i in order)
    return Brokerage(between.exact, between.pivots, brokers, 0,
                     _finite_mean(local.constraint), _finite_mean(local.effective_size))


GROUPS = ([k.value for k in KINDS if k != Kind.ENTREPRENEUR]
          + [f"{Kind.ENTREPRENEUR.value}:{form.value}" for form in LegalForm]
          + [Kind.ENTREPRENEUR.value])  # in the order a report lists them


def _group_codes(scope: ScopeGraph) -> np.ndarray:
    """Each stakeholder's group, an index into GROUPS: its kind, with an entrepreneur's legal
    form when it has one."""
    frame = scope.frame
    code = {name: i for i, name in enumerate(GROUPS)}
    kinds = frame.kind[scope.rows]
    groups = np.array([code[k.value] for k in KINDS], dtype=np.int64)[kinds]
    entrepreneurs = np.flatnonzero(kinds == KIND_CODE[Kind.ENTREPRENEUR])
    forms = (frame.legal_form[r] for r in scope.rows[entrepreneurs])
    groups[entrepreneurs] = np.fromiter(
        (code[f"{Kind.ENTREPRENEUR.value}:{form}" if form else Kind.ENTREPRENEUR.value]
         for form in forms), dtype=np.int64, count=len(entrepreneurs))
    return groups


def _never_meet(names: list[str], sizes: np.ndarray, matrix: np.ndarray) -> tuple:
    """The pairs of groups present, with a pair possible between them, and no tie."""
    return tuple((names[a], names[b]) for a in range(len(names)) for b in range(a, len(names))
                 if sizes[a] and sizes[b] and _possible(sizes, a, b) and matrix[a, b] == 0)


def mixing(scope: ScopeGraph) -> Mixing:
    frame = scope.frame
    kind_names = [k.value for k in KINDS]
    sectors = [frame.sectors[r] for r in scope.rows]
    sector_names = sorted({sector for own in sectors for sector in own})
    regions = np.array([frame.region[r] for r in scope.rows], dtype=str)
    region_count = len(sorted_distinct(regions))
    matrices = {
        "kind": measures.category_mixing(scope, frame.kind[scope.rows], len(KINDS)),
        "sector": measures.mixing_counts(scope, measures.membership(sectors, sector_names)),
        "region": measures.category_mixing(scope, measures.codes_of(regions), region_count),
    }
    by_attribute = []
    for attribute, matrix in matrices.items():
        internal = float(np.trace(matrix))
        by_attribute.append(AttributeMixing(
            attribute, len(matrix), internal, float(np.triu(matrix).sum()) - internal,
            measures.ei_of(matrix), measures.assortativity_of(matrix)))
    kind_matrix = matrices["kind"]
    sizes = np.bincount(frame.kind[scope.rows], minlength=len(KINDS))
    groups = _group_codes(scope)
    every_size = np.bincount(groups, minlength=len(GROUPS))
    present = np.flatnonzero(every_size)
    position = np.zeros(len(GROUPS), dtype=np.int64)
    position[present] = np.arange(len(present))
    group_names = [GROUPS[g] for g in present]
    group_sizes = every_size[present]
    group_matrix = measures.category_mixing(scope, position[groups], len(present))
    return Mixing(tuple(kind_names),
                  tuple(tuple(int(c) for c in row) for row in kind_matrix),
                  _never_meet(kind_names, sizes, kind_matrix), tuple(by_attribute),
                  tuple(group_names),
                  tuple(tuple(int(c) for c in row) for row in group_matrix),
                  _never_meet(group_names, group_sizes, group_matrix))


def _top_share(codes: np.ndarray, names: np.ndarray) -> tuple[str | None, float | None]:
    """The most frequent of ``codes`` (indices into the ascending ``names``), ties by name,
    and its share."""
    if not len(codes):
        return None, None
    counts = np.bincount(codes)
    best = int(np.argmax(counts))  # the first of the largest: the smallest name
    return str(names[best]), float(counts[best] / len(codes))


def communities(scope: ScopeGraph, labels: np.ndarray, seed: int) -> Communities:
    if scope.n == 0:
        return Communities(0, 0, None, seed, None, None, ())
    frame = scope.frame
    sizes = np.bincount(labels)
    grouped = sizes[labels] >= 2
    kinds = frame.kind[scope.rows]
    regions = np.array([frame.region[r] for r in scope.rows], dtype=str)
    primary = np.array([frame.sectors[r][0] if frame.sectors[r] else "" for r in scope.rows],
                       dtype=str)
    region_codes, primary_codes = measures.codes_of(regions), measures.codes_of(primary)
    region_names, primary_names = (sorted_distinct(regions),
                                   sorted_distinct(primary))
    largest = []
    for label in range(min(LARGEST_COMMUNITIES, int((sizes >= 2).sum()))):
        members = np.flatnonzero(labels == label)
        by_kind = np.bincount(kinds[members], minlength=len(KINDS))
        region, region_share = _top_share(region_codes[members], region_names)
        sector, sector_share = _top_share(primary_codes[members][primary[members] != ""],
                                          primary_names)
        largest.append(Community(
            label, int(sizes[label]),
            dict(sorted((KINDS[k].value, int(c)) for k, c in enumerate(by_kind) if c)),
            region, region_share, sector, sector_share))
    return Communities(
        count=len(sizes), singletons=int((sizes == 1).sum()),
        modularity=measures.modularity_of(scope, labels), seed=seed,
        region_alignment=measures.normalized_mutual_information(
            labels[grouped], region_codes[grouped]) if grouped.any() else None,
        sector_alignment=measures.normalized_mutual_information(
            labels[grouped], primary_codes[grouped]) if grouped.any() else None,
        largest=tuple(largest))


def need_coverage(frame: Frame, scope: ScopeGraph) -> NeedCoverage:
    """Each need of an entrepreneur in scope is covered when it has a tie (as of the date, to
    anyone, in the scope or not) to a stakeholder that offers that topic."""
    topics = list(vocabularies.topics())
    entrepreneurs = scope.rows[frame.kind[scope.rows] == KIND_CODE[Kind.ENTREPRENEUR]]
    need_matrix = measures.membership([frame.needs[r] for r in entrepreneurs], topics)
    need_matrix.data[:] = 1.0
    offering = np.flatnonzero([bool(o) for o in frame.offers])
    offer_matrix = measures.membership([frame.offers[r] for r in offering], topics)
    offer_matrix.data[:] = 1.0
    # Ties from each entrepreneur of the scope to each stakeholder that offers something.
    position = np.full(frame.n, -1, dtype=np.int64)
    position[entrepreneurs] = np.arange(len(entrepreneurs))
    offerer = np.full(frame.n, -1, dtype=np.int64)
    offerer[offering] = np.arange(len(offering))
    rows, cols = [], []
    for a, b in ((frame.tie_u, frame.tie_v), (frame.tie_v, frame.tie_u)):
        keep = (position[a] >= 0) & (offerer[b] >= 0)
        rows.append(position[a][keep])
        cols.append(offerer[b][keep])
    ties = sp.csr_matrix((np.ones(sum(len(r) for r in rows)),
                          (np.concatenate(rows), np.concatenate(cols))),
                         shape=(len(entrepreneurs), len(offering)))
    reachable = (ties @ offer_matrix) > 0
    covered = need_matrix.multiply(reachable).tocsr()
    needed = np.asarray(need_matrix.sum(axis=0)).ravel()
    met = np.asarray(covered.sum(axis=0)).ravel()
    by_pillar = []
    pillar_of = np.array([vocabularies.pillar_of(t) for t in topics])
    for pillar in vocabularies.pillars():
        in_pillar = pillar_of == pillar
        total, done = int(needed[in_pillar].sum()), int(met[in_pillar].sum())
        by_pillar.append(PillarCoverage(pillar, total, done, done / total if total else None))
    unmet = needed - met
    unmet_by_topic = {topics[i]: int(unmet[i]) for i in np.flatnonzero(unmet)}
    unmet_per_entrepreneur = (np.asarray(need_matrix.sum(axis=1)).ravel()
                              - np.asarray(covered.sum(axis=1)).ravel())
    by_region: Counter[str] = Counter()
    for i in np.flatnonzero(unmet_per_entrepreneur):
        by_region[frame.region[entrepreneurs[i]]] += int(unmet_per_entrepreneur[i])
    return NeedCoverage(tuple(by_pillar),
                        _ranked(unmet_by_topic),
                        _ranked(by_region), int(np.count_nonzero(unmet_per_entrepreneur)))


def _months(days: np.ndarray) -> np.ndarray:
    return (days - EPOCH_DAY).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def growth(scope: ScopeGraph) -> tuple[Month, ...]:
    created = scope.frame.created[scope.rows]
    known = created != UNKNOWN_DAY
    joined = _months(created[known])
    begun = _months(scope.tie_since[scope.tie_since != UNKNOWN_DAY])
    if not len(joined) and not len(begun):
        return ()
    every = np.concatenate([joined, begun])
    first, last = int(every.min()), int(every.max())
    joined_counts = np.bincount(joined - first, minlength=last - first + 1)
    begun_counts = np.bincount(begun - first, minlength=last - first + 1)
    total_s = int((~known).sum()) + np.cumsum(joined_counts)
    total_t = int((scope.tie_since == UNKNOWN_DAY).sum()) + np.cumsum(begun_counts)
    months = np.arange(first, last + 1).astype("datetime64[M]")
    return tuple(Month(str(m), int(s), int(t), int(ts), int(tt))
                 for m, s, t, ts, tt in zip(months, joined_counts, begun_counts, total_s,
                                            total_t, strict=True))
