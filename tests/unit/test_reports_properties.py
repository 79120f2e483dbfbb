"""Properties of reports on random small ecosystems, against networkx on the same graphs:
whatever the graph, the figures agree with a second implementation, as-of filtering keeps
exactly what existed, a comparison is after minus before, and nothing is NaN."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import warnings
from datetime import UTC, date, datetime, timedelta

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_models.domain.stakeholders import Kind, TieType
from graph_models.reports import compare, ecosystem_report, headline, suppress

KINDS = list(Kind)
TYPES = [TieType.KNOWS, TieType.PARTNERS_WITH, TieType.INTRODUCED]
START = date(2020, 1, 1)


@st.composite
def ecosystems(draw) -> nx.MultiGraph:
    """Up to 25 stakeholders of random kinds, regions and joining days, and up to 60 ties
    (repeats between a pair allowed) of random types and days."""
    n = draw(st.integers(0, 25))
    G = nx.MultiGraph()
    for i in range(n):
        G.add_node(f"s{i:02d}", kind=draw(st.sampled_from(KINDS)),
                   region=draw(st.sampled_from(["EL301", "EL303", "EL522"])),
                   sectors=tuple(draw(st.lists(st.sampled_from(["agrifood", "crafts"]),
                                               max_size=2, unique=True))),
                   needs=(), offers=(), discoverable=True, name=f"s{i}",
                   created_at=datetime.combine(START + timedelta(days=draw(st.integers(0, 900))),
                                               datetime.min.time(), tzinfo=UTC))
    if n >= 2:
        for t in range(draw(st.integers(0, 60))):
            u, v = draw(st.sampled_from([(a, b) for a in range(n) for b in range(n) if a != b]))
            G.add_edge(f"s{u:02d}", f"s{v:02d}", key=f"t{t}", type=draw(st.sampled_from(TYPES)),
                       since=START + timedelta(days=draw(st.integers(0, 900))))
    return nx.freeze(G)


def existing(G: nx.MultiGraph, day: date) -> nx.Graph:
    """By hand: the simple graph of what existed on ``day``."""
    nodes = [n for n, d in G.nodes(data=True) if d["created_at"].date() <= day]
    simple = nx.Graph()
    simple.add_nodes_from((n, G.nodes[n]) for n in nodes)
    simple.add_edges_from((u, v) for u, v, d in G.edges(data=True)
                          if d["since"] <= day and u in simple and v in simple)
    return simple


def same(ours, theirs) -> bool:
    if ours is None:
        return theirs is None or (isinstance(theirs, float) and math.isnan(theirs))
    return ours == pytest.approx(theirs, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(G=ecosystems(), offset=st.integers(0, 1000))
def test_a_report_agrees_with_networkx_on_what_existed_as_of_its_date(G, offset):
    day = START + timedelta(days=offset)
    report = ecosystem_report(G, as_of=day)
    simple = existing(G, day)
    n = simple.number_of_nodes()
    assert report.stakeholders == n and report.pairs == simple.number_of_edges()
    assert report.ties == sum(1 for u, v, d in G.edges(data=True)
                              if d["since"] <= day and u in simple and v in simple)
    if n == 0:
        return
    assert report.components.count == nx.number_connected_components(simple)
    assert report.components.isolates == nx.number_of_isolates(simple)
    if n >= 2:
        assert same(report.density, nx.density(simple))
    assert same(report.average_clustering, nx.average_clustering(simple))
    assert same(report.transitivity, nx.transitivity(simple))
    brokers = nx.betweenness_centrality(simple)
    for broker in report.brokers.top:
        assert same(broker.betweenness, brokers[broker.stakeholder.id])
        assert same(broker.constraint, nx.constraint(simple)[broker.stakeholder.id])
    by_kind = {m.attribute: m for m in report.mixing.by_attribute}["kind"]
    if simple.number_of_edges():
        with_kinds = nx.Graph(simple)
        nx.set_node_attributes(with_kinds, {v: str(d["kind"]) for v, d in simple.nodes(
            data=True)}, "kind")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # networkx's 0/0 when undefined
            expected = nx.attribute_assortativity_coefficient(with_kinds, "kind")
        assert same(by_kind.assortativity, expected)


@settings(max_examples=40, deadline=None)
@given(G=ecosystems(), first=st.integers(0, 900), later=st.integers(1, 400))
def test_a_comparison_is_after_minus_before_and_a_report_never_holds_nan(G, first, later):
    before = ecosystem_report(G, as_of=START + timedelta(days=first))
    after = ecosystem_report(G, as_of=START + timedelta(days=first + later))
    assert after.stakeholders >= before.stakeholders and after.ties >= before.ties
    comparison = compare(before, after)
    for name, change in comparison.changes.items():
        old, new = headline(before)[name], headline(after)[name]
        assert change == (None if old is None or new is None else new - old)
    for report in (before, after):
        plain = {f.name: getattr(report, f.name) for f in dataclasses.fields(report)
                 if f.name not in ("network", "community_labels")}
        json.dumps(plain, default=lambda o: dataclasses.asdict(o)
                   if dataclasses.is_dataclass(o) else str(o), allow_nan=False)


def what_totals_tell(counts: list[int], shown: list, totals: list, scope_total: int,
                     min_count: int) -> list[str]:
    """The stretches of hidden months that two totals a reader has (none before the first
    month, the scope's after the last) pin down: one hidden month alone, or several whose sum
    is their least or greatest (all 1, all ``min_count`` − 1) with none hidden to cover."""
    known = [0] + [i + 1 for i, t in enumerate(totals) if t is not None] + [len(counts)]
    told = []
    for a, b in itertools.pairwise(known):
        hidden = [counts[i] for i in range(a, b) if shown[i] is None]
        covering = any(c == 0 or c >= min_count for c in hidden)
        k = len(hidden)
        if k and not (k >= 2 and (covering or k < sum(hidden) < k * (min_count - 1))):
            told.append(f"months {a}–{b - 1}: {hidden}")
    return told


@settings(max_examples=80, deadline=None)
@given(G=ecosystems(), offset=st.integers(0, 1000), min_count=st.integers(3, 6))
def test_suppressed_growth_shows_each_small_month_by_no_difference_of_totals(G, offset,
                                                                           min_count):
    plain = ecosystem_report(G, as_of=START + timedelta(days=offset))
    report = suppress(plain, min_count)
    for new, total, scope_total in (("stakeholders", "total_stakeholders", report.stakeholders),
                                    ("ties", "total_ties", report.ties)):
        counts = [getattr(m, new) for m in plain.growth]
        shown = [getattr(m, new) for m in report.growth]
        totals = [getattr(m, total) for m in report.growth]
        assert all(s is None or s == c for s, c in zip(shown, counts, strict=True))
        assert all(t is None or t == getattr(m, total)
                   for t, m in zip(totals, plain.growth, strict=True))
        # Below min_count in all, or with every month hidden, the scope's total (shown by
        # design) is the only one there is: nothing left to hide it with.
        if sum(counts) >= min_count and any(s is not None for s in shown):
            assert what_totals_tell(counts, shown, totals, scope_total, min_count) == []


@settings(max_examples=80, deadline=None)
@given(G=ecosystems(), offset=st.integers(0, 1000), min_count=st.integers(3, 6))
def test_no_hidden_count_can_be_worked_out_from_the_total_of_its_table(G, offset, min_count):
    plain = ecosystem_report(G, as_of=START + timedelta(days=offset))
    report = suppress(plain, min_count)
    def upper(matrix) -> dict:
        return {(a, b): matrix[a][b] for a in range(len(matrix)) for b in range(a, len(matrix))
                if plain.mixing.matrix[a][b]}

    for table, total in (("by_kind", plain.stakeholders), ("by_region", plain.stakeholders),
                         ("ties_by_type", plain.ties), ("mixing", plain.pairs)):
        if table == "mixing":
            counts, shown = upper(plain.mixing.matrix), upper(report.mixing.matrix)
        else:
            counts, shown = getattr(plain, table), getattr(report, table)
        assert sum(counts.values()) == total
        hidden = [counts[key] for key, value in shown.items() if value is None]
        covering = any(c >= min_count for c in hidden)
        k = len(hidden)
        # With every cell hidden, the total (shown by design) is all that is left to tell.
        if any(value is not None for value in shown.values()):
            assert not hidden or (k >= 2 and (covering or k < sum(hidden) < k * (min_count - 1))), (
                table, counts, shown)
