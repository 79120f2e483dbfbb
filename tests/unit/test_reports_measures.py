"""The measures of a report against hand-computed values and against networkx."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import networkx as nx
import numpy as np
import pytest

from graph_models.domain.stakeholders import Kind, TieType
from graph_models.reports import (
    attribute_assortativity,
    betweenness,
    constraint,
    degree_centralization,
    density,
    ecosystem_report,
    effective_size,
    ei_index,
    measures,
)
from graph_models.reports.centrality import betweenness_of, pivot_sources
from graph_models.reports.frame import simple_graph_frame
from graph_models.reports.measures import (
    louvain_labels,
    modularity_of,
    normalized_mutual_information,
)


def snapshot_of(G: nx.Graph, *, kind=lambda n: Kind.ENTREPRENEUR, region=lambda n: "EL30",
                tie_type=TieType.KNOWS) -> nx.MultiGraph:
    """A graph dressed as a snapshot: every node a stakeholder, every edge a tie of 2020."""
    snapshot = nx.MultiGraph()
    for node in G.nodes:
        snapshot.add_node(str(node), kind=kind(node), region=region(node), sectors=(),
                          needs=(), offers=(), discoverable=True, name=f"s{node}",
                          created_at=datetime(2020, 1, 1, tzinfo=UTC))
    for i, (u, v) in enumerate(G.edges()):
        snapshot.add_edge(str(u), str(v), key=f"t{i}", type=tie_type, since=date(2020, 1, 1))
    return nx.freeze(snapshot)


# -- Zachary's karate club -------------------------------------------------------------------

def test_the_karate_club_has_the_textbook_density_and_centralization():
    G = nx.karate_club_graph()
    assert round(density(G), 3) == 0.139
    assert round(degree_centralization(G), 3) == 0.400
    # Freeman by hand: max degree 17, Σ degrees 156, n 34: (34·17 − 156) / (33·32).
    assert degree_centralization(G) == pytest.approx((34 * 17 - 156) / (33 * 32))


def test_the_karate_club_splits_by_club_with_the_textbook_e_i_and_assortativity():
    G = nx.karate_club_graph()
    assert round(ei_index(G, "club"), 3) == -0.718
    assert round(attribute_assortativity(G, "club"), 3) == 0.718
    # E-I by hand: 11 of the 78 ties cross the clubs: (11 − 67) / 78.
    crossing = sum(G.nodes[u]["club"] != G.nodes[v]["club"] for u, v in G.edges)
    assert crossing == 11
    assert ei_index(G, "club") == pytest.approx((11 - 67) / 78)
    assert attribute_assortativity(G, "club") == pytest.approx(
        nx.attribute_assortativity_coefficient(G, "club"))


def test_a_full_report_of_the_karate_club_gives_the_same_figures():
    G = nx.karate_club_graph()
    region = {n: "EL30" if G.nodes[n]["club"] == "Mr. Hi" else "EL52" for n in G}
    report = ecosystem_report(snapshot_of(G, region=region.get))
    assert round(report.density, 3) == 0.139
    assert round(report.degree_centralization, 3) == 0.400
    by_region = {m.attribute: m for m in report.mixing.by_attribute}["region"]
    assert round(by_region.e_i, 3) == -0.718
    assert round(by_region.assortativity, 3) == 0.718
    assert report.average_clustering == pytest.approx(nx.average_clustering(G))
    assert report.transitivity == pytest.approx(nx.transitivity(G))
    assert report.degree.mean == pytest.approx(2 * 78 / 34)


# -- per-relation density ----------------------------------------------------------------------

def bipartite_funding() -> nx.MultiGraph:
    """Two investors, three entrepreneurs; i1 funded e1 twice (two dates) and e2, i2 funded
    e1; e1 knows e2."""
    G = nx.MultiGraph()
    for node, kind in [("i1", Kind.INVESTOR), ("i2", Kind.INVESTOR), ("e1", Kind.ENTREPRENEUR),
                       ("e2", Kind.ENTREPRENEUR), ("e3", Kind.ENTREPRENEUR)]:
        G.add_node(node, kind=kind, region="EL30", sectors=(), needs=(), offers=(),
                   discoverable=True, name=node, created_at=None)
    for key, tie_type, u, v, day in [("f1", TieType.FUNDED, "i1", "e1", 1),
                                     ("f2", TieType.FUNDED, "i1", "e1", 2),
                                     ("f3", TieType.FUNDED, "i1", "e2", 3),
                                     ("f4", TieType.FUNDED, "i2", "e1", 4),
                                     ("k1", TieType.KNOWS, "e1", "e2", 5)]:
        G.add_edge(u, v, key=key, type=tie_type, since=date(2024, 1, day))
    return nx.freeze(G)


def test_density_of_a_bipartite_relation_is_over_n1_times_n2_pairs():
    report = ecosystem_report(bipartite_funding())
    funded = {(d.kinds, d.tie_type): d for d in report.density_by_relation}[
        (("entrepreneur", "investor"), "FUNDED")]
    # 3 distinct funding pairs (i1–e1 counts once) of 2 × 3 possible.
    assert (funded.pairs, funded.possible, funded.density) == (3, 6, 0.5)
    within = {d.kinds: d for d in report.density_by_kinds}[("entrepreneur", "entrepreneur")]
    assert (within.pairs, within.possible) == (1, 3)  # 3·2/2 pairs among entrepreneurs
    # nx.density of the mixed graph divides by 5·4/2 = 10 pairs: the wrong number here.
    assert nx.density(nx.Graph(bipartite_funding())) == pytest.approx(0.4)
    assert report.density == pytest.approx(4 / 10)
    assert report.ties == 5 and report.pairs == 4
    assert report.ties_by_type == {"KNOWS": 1, "FUNDED": 4}


# -- constraint and effective size -------------------------------------------------------------

def hand_drawn() -> nx.Graph:
    """ego knows a, b and c; a and b know each other."""
    return nx.Graph([("ego", "a"), ("ego", "b"), ("ego", "c"), ("a", "b")])


def test_constraint_and_effective_size_match_the_hand_computation():
    # ego: pᵢⱼ = 1/3; to a: (1/3 + 1/3·1/2)² = 1/4, to b the same, to c (1/3)² = 1/9.
    # a: to ego (1/2 + 1/2·1/2)² = 9/16, to b (1/2 + 1/2·1/3)² = 4/9.
    expected_constraint = {"ego": 1 / 4 + 1 / 4 + 1 / 9, "a": 9 / 16 + 4 / 9,
                           "b": 9 / 16 + 4 / 9, "c": 1.0}
    # Effective size: degree − 2·(ties among the neighbours)/degree.
    expected_size = {"ego": 3 - 2 * 1 / 3, "a": 2 - 2 * 1 / 2, "b": 1.0, "c": 1.0}
    assert constraint(hand_drawn()) == pytest.approx(expected_constraint)
    assert effective_size(hand_drawn()) == pytest.approx(expected_size)
    assert constraint(hand_drawn()) == pytest.approx(nx.constraint(hand_drawn()))
    assert effective_size(hand_drawn()) == pytest.approx(nx.effective_size(hand_drawn()))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_constraint_effective_size_and_betweenness_agree_with_networkx(seed):
    G = nx.gnm_random_graph(80, 240, seed=seed)
    G.add_node(999)  # an isolate: NaN in both
    ours_c, theirs_c = constraint(G), nx.constraint(G)
    ours_e, theirs_e = effective_size(G), nx.effective_size(G)
    assert math.isnan(ours_c[999]) and math.isnan(theirs_c[999])
    assert math.isnan(ours_e[999]) and math.isnan(theirs_e[999])
    assert ours_c == pytest.approx(theirs_c, nan_ok=True)
    assert ours_e == pytest.approx(theirs_e, nan_ok=True)
    assert betweenness(G) == pytest.approx(nx.betweenness_centrality(G))


def test_triangles_and_constraint_are_the_same_found_in_many_small_blocks(monkeypatch):
    G = nx.powerlaw_cluster_graph(300, 4, 0.5, seed=6)  # hubs and many triangles
    G.add_edge(300, 301)  # and a tie in no triangle
    whole = measures.local_structure(simple_graph_frame(G).adjacency)
    monkeypatch.setattr(measures, "BLOCK_ENTRIES", 7)
    blocks = measures.local_structure(simple_graph_frame(G).adjacency)
    by_row = sorted(G.nodes)
    assert blocks.triangles.tolist() == [nx.triangles(G, v) for v in by_row]
    assert np.array_equal(whole.triangles, blocks.triangles)
    assert blocks.constraint == pytest.approx([nx.constraint(G)[v] for v in by_row])
    assert blocks.effective_size == pytest.approx([nx.effective_size(G)[v] for v in by_row])


def test_sampled_betweenness_is_unbiased_and_its_error_shrinks_with_more_pivots():
    G = nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=4)
    adjacency = simple_graph_frame(G).adjacency
    exact = betweenness_of(adjacency, pivots=None, seed=0)
    assert exact.exact and np.all(exact.standard_error == 0)
    assert np.allclose(exact.values, list(nx.betweenness_centrality(G).values()))
    top = np.argsort(-exact.values)[:20]
    errors, stated = {}, {}
    for pivots in (25, 100, 300):
        runs = [betweenness_of(adjacency, pivots=pivots, seed=seed) for seed in range(20)]
        assert all(not r.exact and r.pivots == pivots for r in runs)
        estimates = np.array([r.values for r in runs])
        errors[pivots] = np.median(np.abs(estimates[:, top] - exact.values[top])
                                   / exact.values[top])
        stated[pivots] = np.median([r.standard_error[top] / exact.values[top] for r in runs])
        # Unbiased: the mean of 20 estimates is near the exact value.
        mean_error = np.abs(estimates.mean(axis=0) - exact.values)[top] / exact.values[top]
        assert np.median(mean_error) < errors[pivots]
    assert errors[25] > errors[100] > errors[300]
    assert stated[25] > stated[100] > stated[300]
    # The stated error is of the size of the real one.
    assert 0.5 < stated[100] / errors[100] < 3


def layered(width: int, depth: int) -> nx.Graph:
    """Layers of ``width`` nodes, each joined to every node of the next: width^depth paths."""
    G = nx.Graph()
    for layer in range(depth - 1):
        G.add_edges_from((layer * width + a, (layer + 1) * width + b)
                         for a in range(width) for b in range(width))
    return G


@pytest.mark.parametrize("G", [nx.connected_watts_strogatz_graph(500, 6, 0.1, seed=3),
                               nx.barabasi_albert_graph(400, 3, seed=2),
                               # 8⁵⁹ shortest paths end to end: beyond float32's range
                               layered(8, 60)],
                         ids=["small world", "scale free", "deep layers"])
def test_sampled_betweenness_is_networkx_dependencies_from_the_same_sources(G):
    n = G.number_of_nodes()
    scope = simple_graph_frame(G)
    ids = [scope.frame.ids[r] for r in scope.rows]
    found = betweenness_of(scope.adjacency, pivots=100, seed=5)
    sources = [ids[i] for i in pivot_sources(n, 100, seed=5)]
    # Undirected subset betweenness counts each source's dependencies half.
    subset = nx.betweenness_centrality_subset(G, sources, list(G), normalized=False)
    expected = [2 * subset[node] * n / 100 / ((n - 1) * (n - 2)) for node in ids]
    assert not found.exact and found.pivots == 100
    assert found.values == pytest.approx(expected, rel=1e-5, abs=1e-12)


def test_betweenness_samples_above_the_exact_size_and_reports_its_error():
    G = nx.connected_watts_strogatz_graph(300, 4, 0.2, seed=1)
    report = ecosystem_report(snapshot_of(G), exact_up_to=100, pivots=50)
    assert not report.brokers.exact and report.brokers.pivots == 50
    assert all(b.betweenness_error > 0 for b in report.brokers.top)
    exact = ecosystem_report(snapshot_of(G))
    assert exact.brokers.exact and all(b.betweenness_error == 0 for b in exact.brokers.top)
    top = exact.brokers.top[0]
    assert top.betweenness == pytest.approx(
        nx.betweenness_centrality(G)[int(top.stakeholder.id)])


# -- communities ---------------------------------------------------------------------------------

def test_louvain_finds_two_joined_cliques_and_modularity_matches_networkx():
    G = nx.barbell_graph(6, 0)
    region = {n: "EL30" if n < 6 else "EL52" for n in G}
    report = ecosystem_report(snapshot_of(G, region=region.get), seed=3)
    assert report.communities.count == 2
    assert [c.size for c in report.communities.largest] == [6, 6]
    halves = [set(range(6)), set(range(6, 12))]
    assert report.communities.modularity == pytest.approx(nx.community.modularity(G, halves))
    assert report.communities.region_alignment == pytest.approx(1.0)
    assert [c.top_region_share for c in report.communities.largest] == [1.0, 1.0]


def test_louvain_is_deterministic_for_a_seed():
    scope = simple_graph_frame(nx.les_miserables_graph())
    first = louvain_labels(scope, seed=5)
    assert np.array_equal(first, louvain_labels(scope, seed=5))
    assert modularity_of(scope, first) == pytest.approx(nx.community.modularity(
        nx.les_miserables_graph(),
        [{scope.frame.ids[i] for i in np.flatnonzero(first == c)} for c in set(first)],
        weight=None))


@pytest.mark.parametrize("name", ["karate", "les miserables", "planted"])
def test_louvain_finds_partitions_as_good_as_networkx_louvain(name):
    G = {"karate": nx.karate_club_graph, "les miserables": nx.les_miserables_graph,
         "planted": lambda: nx.planted_partition_graph(8, 40, 0.3, 0.01, seed=2)}[name]()
    scope = simple_graph_frame(G)
    ours = modularity_of(scope, louvain_labels(scope, seed=1))
    theirs = nx.community.modularity(
        G, nx.community.louvain_communities(G, seed=1, weight=None), weight=None)
    assert ours >= theirs - 0.02
    if name == "planted":  # eight blocks of 40, rarely tied across: found as they are
        planted = np.array([node // 40 for node in scope.frame.ids])
        found = louvain_labels(scope, seed=1)
        assert normalized_mutual_information(found, planted) > 0.95


def test_normalized_mutual_information_by_hand():
    # a = [0,0,1,1], b = [0,0,0,1]: H(a) = ln 2, H(b) = −(¾ln¾ + ¼ln¼),
    # I = Σ p(x,y) ln(p(x,y)/p(x)p(y)) = ½ln(½/(½·¾)) + ¼ln(¼/(½·¾)) + ¼ln(¼/(½·¼)).
    h_a = math.log(2)
    h_b = -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    mutual = 0.5 * math.log(0.5 / 0.375) + 0.25 * math.log(0.25 / 0.375) + 0.25 * math.log(2)
    assert normalized_mutual_information(np.array([0, 0, 1, 1]), np.array([0, 0, 0, 1])) == (
        pytest.approx(2 * mutual / (h_a + h_b)))
