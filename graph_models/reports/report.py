"""Assemble an ecosystem report of a scope at a date, and name only whom a reader may see.

Each section of the report is computed in :mod:`~graph_models.reports.sections`; two reports
are compared in :mod:`~graph_models.reports.comparison`.

Examples
--------
>>> from datetime import date
>>> from graph_models.reports.examples import example_graph
>>> report = ecosystem_report(example_graph(), region="EL30")
>>> report.stakeholders, report.ties, report.pairs, report.external_ties
(5, 5, 4, 1)
>>> report.by_kind
{'entrepreneur': 3, 'investor': 1, 'support_organisation': 1}
>>> [i.id for i in report.components.listed_isolates]
['coop3']
>>> early = ecosystem_report(example_graph(), as_of=date(2020, 12, 31))
>>> early.stakeholders, early.ties
(4, 3)
"""

from __future__ import annotations

import dataclasses
import threading
import time
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date

import networkx as nx
import numpy as np

from graph_models.domain import vocabularies
from graph_models.domain.errors import InvalidInput
from graph_models.domain.stakeholders import Kind, now
from graph_models.reports import centrality, measures, sections
from graph_models.reports.frame import frame_of, restrict, scope_mask
from graph_models.reports.funding import funding, funding_ties
from graph_models.reports.model import Report, Scope

# Betweenness uses every source up to this many stakeholders, and samples PIVOTS above it.
EXACT_BETWEENNESS_UP_TO = 2000
PIVOTS = 128
TOP_BROKERS = 10
MAX_LISTED = 1000  # isolates named at most; the rest are counted


def ecosystem_report(G: nx.Graph, *, region: str | None = None, sector: str | None = None,
                     kind: str | None = None, as_of: date | None = None, seed: int = 0,
                     pivots: int = PIVOTS, exact_up_to: int = EXACT_BETWEENNESS_UP_TO,
                     top: int = TOP_BROKERS, max_listed: int = MAX_LISTED,
                     version: int | None = None,
                     timings: dict[str, float] | None = None) -> Report:
    """The report of a scope of the snapshot ``G`` as of a date.

    Parameters
    ----------
    G : networkx.MultiGraph
        The snapshot graph (see :mod:`graph_models.domain.snapshot`); not changed.
    region, sector, kind : str, optional
        The scope: a NUTS region with its sub-regions, a sector, a kind. None: all.
    as_of : date, optional
        Only stakeholders created by then and ties begun by then (between two of them).
    seed : int
        Seeds Louvain and the betweenness pivots: the same inputs give the same report.
    pivots, exact_up_to : int
        Betweenness is exact up to ``exact_up_to`` stakeholders, estimated from ``pivots``
        sampled sources above (each estimate carries its standard error).
    top, max_listed : int
        How many brokers to list; how many isolates to name at most (newest first).
    version : int, optional
        The store version the snapshot was taken at, recorded in the report.
    timings : dict, optional
        If given, filled with the seconds each part took (for benchmarks).

    Returns
    -------
    Report
        Unsuppressed and unredacted: the use case applies small-cell suppression and
        decides who may be named. The last few reports of a frozen snapshot are kept while it
        lives, so that the same report in another format, or as the "before" of a
        comparison, is not computed again (unless ``timings`` are asked for).

    Raises
    ------
    InvalidInput
        For an unknown region, sector or kind.
    """
    _check_scope(region, sector, kind)
    key = (region, sector, kind, as_of, seed, pivots, exact_up_to, top, max_listed, version)
    cacheable = timings is None and nx.is_frozen(G)
    if cacheable:
        with _REPORTS_LOCK:
            kept = _REPORTS.get(G, {}).get(key)
        if kept is not None:
            return kept
    report = _report(G, region=region, sector=sector, kind=kind, as_of=as_of, seed=seed,
                     pivots=pivots, exact_up_to=exact_up_to, top=top, max_listed=max_listed,
                     version=version, timings=timings)
    if cacheable:
        with _REPORTS_LOCK:
            kept = _REPORTS.setdefault(G, {})
            if len(kept) >= REPORTS_KEPT:
                kept.pop(next(iter(kept)))
            kept[key] = report
    return report


REPORTS_KEPT = 4  # per snapshot; a report of 10⁵ stakeholders holds ~60 MB of arrays
_REPORTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_REPORTS_LOCK = threading.Lock()


def _report(G: nx.Graph, *, region, sector, kind, as_of, seed, pivots, exact_up_to, top,
            max_listed, version, timings) -> Report:
    clock = _Clock(timings)
    with clock("frame"):
        frame = frame_of(G, as_of)
        scope = restrict(frame, scope_mask(frame, region=region, sector=sector, kind=kind))
        degree = scope.degree
    with clock("counts and density"):
        counts = sections.counts(scope)
        by_kinds, by_relation = sections.densities(scope)
        degree_summary = sections.degree_summary(scope, degree)
    with clock("components"):
        components = sections.components(scope, max_listed)
    with clock("clustering, constraint, effective size"):
        local = measures.local_structure(scope.adjacency)
        average_clustering, transitivity = measures.clustering_of(degree, local.triangles)
    with clock("betweenness"):
        between = centrality.betweenness_of(
            scope.adjacency, pivots=None if scope.n <= exact_up_to else pivots, seed=seed)
        brokers = sections.brokers(scope, degree, local, between, top)
    with clock("mixing"):
        mixing = sections.mixing(scope)
    with clock("communities"):
        labels = (measures.louvain_labels(scope, seed=seed) if scope.n
                  else np.zeros(0, dtype=np.int64))
        communities = sections.communities(scope, labels, seed)
    with clock("need coverage"):
        needs = sections.need_coverage(frame, scope)
    with clock("growth"):
        growth = sections.growth(scope)
    with clock("funding flows"):
        flows = funding(scope, funding_ties(G, frame), as_of or now().date(),
                        max_listed=max_listed)
    return Report(
        scope=Scope(region, sector, kind, as_of), version=version, stakeholders=scope.n,
        ties=len(scope.tie_u), pairs=len(scope.pair_u), external_ties=scope.external_ties,
        **counts, density=measures.pair_density(len(scope.pair_u), scope.n),
        density_by_kinds=by_kinds, density_by_relation=by_relation, degree=degree_summary,
        components=components, average_clustering=average_clustering,
        transitivity=transitivity,
        degree_centralization=measures.freeman_centralization(degree) if scope.n else None,
        brokers=brokers, mixing=mixing, communities=communities, needs=needs, growth=growth,
        funding=flows,
        network=scope, community_labels=labels)


class _Clock:
    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings

    @contextmanager
    def __call__(self, name: str):
        start = time.perf_counter()
        yield
        if self.timings is not None:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def _check_scope(region, sector, kind) -> None:
    errors = {}
    if region is not None and not vocabularies.is_region(region):
        errors["region"] = [f"unknown NUTS region code: {region}"]
    if sector is not None and not vocabularies.is_sector(sector):
        errors["sector"] = [f"unknown sector: {sector}"]
    if kind is not None and kind not in {k.value for k in Kind}:
        errors["kind"] = [f"unknown kind: {kind}"]
    if errors:
        raise InvalidInput("the report's scope is not valid", errors=errors)


def named_only(report: Report, may_name: Callable[[str], bool]) -> Report:
    """The report with only the stakeholders ``may_name`` allows named in its lists; the
    others are counted as unlisted.

    >>> from graph_models.reports.examples import example_graph
    >>> shown = named_only(ecosystem_report(example_graph()), lambda node: node != "coop2")
    >>> [b.stakeholder.id for b in shown.brokers.top], shown.brokers.unlisted
    (['coop4', 'coop1'], 1)
    """
    isolates = report.components.listed_isolates
    shown = tuple(s for s in isolates if may_name(s.id))
    unlisted = report.components.unlisted_isolates
    components = dataclasses.replace(
        report.components, listed_isolates=shown,
        # A count suppression hid stays hidden.
        unlisted_isolates=None if unlisted is None else unlisted + len(isolates) - len(shown))
    brokers = tuple(b for b in report.brokers.top if may_name(b.stakeholder.id))
    brokerage = dataclasses.replace(report.brokers, top=brokers,
                                    unlisted=len(report.brokers.top) - len(brokers))
    flows = report.funding
    waiting = tuple(u for u in flows.listed_never_funded if may_name(u.stakeholder.id))
    unfunded = flows.unlisted_never_funded
    flows = dataclasses.replace(
        flows, listed_never_funded=waiting,
        unlisted_never_funded=None if unfunded is None
        else unfunded + len(flows.listed_never_funded) - len(waiting))
    return dataclasses.replace(report, components=components, brokers=brokerage,
                               funding=flows)

