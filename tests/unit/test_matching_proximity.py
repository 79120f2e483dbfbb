"""Network proximity: the fast sparse walk against a slow reference that enumerates every walk
on the networkx graph, and the bipartite case where common neighbours see nothing."""

from __future__ import annotations

import random
from datetime import date

import networkx as nx
import numpy as np
import pytest

from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.matching import DEFAULT_WEIGHTS, MatchIndex, MatchWeights, recommend
from graph_models.matching.walk import WalkState
from tests.builders import stakeholder, tie

E, INV, S, P = (Kind.ENTREPRENEUR, Kind.INVESTOR, Kind.SUPPORT_ORGANISATION, Kind.POLICYMAKER)


def graph(people, ties=()):
    return build_snapshot(GraphExport(version=1, stakeholders=list(people),
                                      ties=list(ties))).graph


def reference_proximity(G: nx.MultiGraph, seeker, weights: MatchWeights) -> dict:
    """Σ_k (1-α)^k · (probability that a k-step walk from the seeker ends at c) / strength(c)^β,
    by enumerating every walk on the networkx graph itself."""
    table = dict(weights.tie_weights)
    w: dict = {u: {} for u in G}
    for u, v, d in G.edges(data=True):
        x = table[d["type"]] * (d["weight"] if d["weight"] is not None else 1.0)
        if d["type"] == TieType.KNOWS and d["strength"]:
            x *= d["strength"] / 3
        w[u][v] = w[u].get(v, 0.0) + x
        w[v][u] = w[v].get(u, 0.0) + x
    strength = {u: sum(w[u].values()) for u in G}
    decay = 1 - weights.walk_restart
    total = dict.fromkeys(G, 0.0)

    def walk(node, probability, steps):
        if steps == weights.walk_steps:
            return
        for nxt, x in w[node].items():
            p = probability * x / strength[node]
            total[nxt] += decay ** (steps + 1) * p
            walk(nxt, p, steps + 1)

    walk(seeker, 1.0, 0)
    return {c: (v / strength[c] ** weights.degree_exponent if v else 0.0)
            for c, v in total.items()}


def fast_proximity(G, seeker, weights) -> dict:
    index = MatchIndex.from_graph(G)
    walk = WalkState(index, np.array([index.row[seeker]]), weights)
    out = {}
    for kind in Kind:
        rows = index.rows_of_kind(kind)
        out.update({index.ids[c]: float(v) for c, v in zip(rows, walk.to_kind(kind)[0],
                                                           strict=True)})
    return out


def random_graph(seed: int, n: int = 14, m: int = 30):
    rng = random.Random(seed)
    kinds = [E] * 8 + [INV] * 2 + [S] * 3 + [P]
    people = [stakeholder(kinds[i % len(kinds)], id=f"n{i:02d}") for i in range(n)]
    ties = []
    for _ in range(m):
        a, b = rng.sample(people, 2)
        options = [t for t in TieType if t.allows(a.kind, b.kind) and t != TieType.INTRODUCED]
        kind = rng.choice(options)
        if not kind.allows(a.kind, b.kind) or (kind.directed and not (
                a.kind in (INV, S) or kind == TieType.MENTORS)):
            a, b = b, a
        if not kind.allows(a.kind, b.kind):
            continue
        extra = dict(strength=rng.randint(1, 5)) if kind == TieType.KNOWS else {}
        ties.append(tie(kind, a, b, weight=rng.choice((0.5, 1.0, 2.0)),
                        since=date(2025, rng.randint(1, 12), 1), **extra))
    return graph(people, ties)


@pytest.mark.parametrize("seed", range(6))
def test_the_sparse_walk_equals_an_explicit_enumeration_of_walks(seed):
    G = random_graph(seed)
    for steps, beta in ((3, 0.5), (2, 0.0), (4, 1.0)):
        weights = MatchWeights.from_mapping({"walk_steps": steps, "degree_exponent": beta,
                                             "tie_weights": {"FUNDED": 3.0, "KNOWS": 0.7}})
        for seeker in sorted(G)[::3]:
            assert fast_proximity(G, seeker, weights) == pytest.approx(
                reference_proximity(G, seeker, weights), rel=1e-9, abs=1e-15)


def test_a_long_walk_ranks_like_personalised_pagerank():
    """With many steps the walk is personalised PageRank (networkx) but for its first term."""
    G = random_graph(11, n=14, m=40)
    seeker = sorted(G)[0]
    weights = MatchWeights.from_mapping({"walk_steps": 6, "degree_exponent": 0.0,
                                         "walk_restart": 0.6})
    ours = reference_proximity(G, seeker, weights)
    assert fast_proximity(G, seeker, weights) == pytest.approx(ours, rel=1e-9, abs=1e-15)
    simple = nx.Graph()
    simple.add_nodes_from(G)
    table = dict(weights.tie_weights)
    for u, v, d in G.edges(data=True):
        x = table[d["type"]] * d["weight"] * (d["strength"] / 3 if d["strength"] else 1)
        prior = simple.get_edge_data(u, v, {"w": 0.0})["w"]
        simple.add_edge(u, v, w=prior + x)
    isolated = [u for u in simple if simple.degree(u) == 0]
    simple.remove_nodes_from(isolated)
    ppr = nx.pagerank(simple, alpha=0.4, personalization={seeker: 1.0}, weight="w", tol=1e-14)
    # PPR = α Σ_{k≥0} (1-α)^k e_s P^k: our 6-step sum, divided by α, misses (1-α)^7/α ≈ 0.03.
    for node in simple:
        if node != seeker:
            assert ppr[node] == pytest.approx(0.6 * ours[node], abs=0.02)


def bipartite_example():
    """The seeker and a venture were both supported by one organisation; ``inv-b`` funded that
    venture. ``inv-a`` (first by id) funded a stranger. Neither investor shares a neighbour with
    the seeker, and both fit the seeker's attributes equally."""
    same = dict(sectors=("agrifood",), region="EL303")
    people = [stakeholder(E, id="seeker", **same), stakeholder(E, id="venture", **same),
              stakeholder(E, id="stranger", region="EL431", sectors=("housing",)),
              stakeholder(S, id="centre", **same),
              stakeholder(INV, id="inv-a", **same), stakeholder(INV, id="inv-b", **same)]
    ties = [tie(TieType.SUPPORTED, "centre", "seeker"), tie(TieType.SUPPORTED, "centre", "venture"),
            tie(TieType.FUNDED, "inv-b", "venture"), tie(TieType.FUNDED, "inv-a", "stranger")]
    return graph(people, ties)


def test_common_neighbours_see_nothing_across_the_funding_relation_but_the_walk_does():
    G = bipartite_example()
    simple = nx.Graph(G)
    assert [len(list(nx.common_neighbors(simple, "seeker", x))) for x in ("inv-a", "inv-b")] == [
        0, 0]
    assert [p for _, _, p in nx.adamic_adar_index(simple, [("seeker", "inv-a"),
                                                           ("seeker", "inv-b")])] == [0, 0]
    matches = recommend(G, "seeker", kind="investor")
    assert [m.candidate_id for m in matches] == ["inv-b", "inv-a"]
    assert matches[0].term("proximity").value == 1.0
    assert matches[1].term("proximity").value == 0.0
    assert matches[0].connections[0].via == ("centre", "venture")
    assert str(matches[0].term("proximity").reason).startswith("funded ventures like yours:")


def test_without_the_third_step_the_right_investor_is_not_found():
    two = MatchWeights.from_mapping({"walk_steps": 2})
    matches = recommend(bipartite_example(), "seeker", kind="investor", weights=two)
    assert [m.candidate_id for m in matches] == ["inv-a", "inv-b"]  # a tie, broken by id
    assert matches[0].score == matches[1].score


def test_tie_type_weights_change_the_walk():
    """Two 3-step routes to two investors; the tie-type weights decide which is closer.

    By default (KNOWS 1, FUNDED 2) the funding route carries 2/3 · 1/2 · 1/2 = 1/6 to an investor
    of strength 2, the acquaintance route 1/3 · 1/2 · 1/2 = 1/12 to one of strength 1:
    1/6/√2 > 1/12.
    """
    people = [stakeholder(E, id="me"), stakeholder(E, id="friend"), stakeholder(E, id="x"),
              stakeholder(E, id="funded"), stakeholder(INV, id="via-knows"),
              stakeholder(INV, id="via-funded"), stakeholder(INV, id="mine")]
    ties = [tie(TieType.KNOWS, "me", "friend", strength=3),
            tie(TieType.KNOWS, "friend", "x", strength=3),
            tie(TieType.KNOWS, "x", "via-knows", strength=3),
            tie(TieType.FUNDED, "mine", "me"), tie(TieType.FUNDED, "mine", "funded"),
            tie(TieType.FUNDED, "via-funded", "funded")]
    G = graph(people, ties)
    default = recommend(G, "me", kind="investor")
    knows_heavy = recommend(G, "me", kind="investor", weights=MatchWeights.from_mapping(
        {"tie_weights": {"KNOWS": 10.0, "FUNDED": 0.1}}))
    assert [m.candidate_id for m in default] == ["via-funded", "via-knows"]
    assert default[1].term("proximity").value == pytest.approx(
        ((1 / 12) / ((1 / 6) / 2 ** 0.5)) ** 0.5, abs=1e-3)
    assert [m.candidate_id for m in knows_heavy] == ["via-knows", "via-funded"]


def test_the_walk_is_the_same_for_a_block_of_seekers_as_for_each_alone():
    G = random_graph(3, n=20, m=50)
    index = MatchIndex.from_graph(G)
    rows = np.arange(index.n)
    together = WalkState(index, rows, DEFAULT_WEIGHTS)
    for kind in Kind:
        block = together.to_kind(kind)
        for r in rows:
            alone = WalkState(index, np.array([r]), DEFAULT_WEIGHTS).to_kind(kind)
            assert np.array_equal(block[r], alone[0])
