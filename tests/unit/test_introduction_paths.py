"""Warm paths on tiny hand-built graphs with hand-computed answers, and against an independent
reference that enumerates every simple path with networkx and scores it with exact fractions."""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import pairwise

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_models.demo import generate_ecosystem
from graph_models.domain.errors import InvalidInput, NotFound
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.introductions import DEFAULT_TRUST, MAX_HOPS, Hop, WarmPath, warm_paths
from tests.builders import stakeholder, tie

KNOWS, PARTNERS, MENTORS, INTRODUCED, FUNDED, SUPPORTED = (
    "KNOWS", "PARTNERS_WITH", "MENTORS", "INTRODUCED", "FUNDED", "SUPPORTED")


def network(*ties, hidden=(), nodes=()):
    """A snapshot-like multigraph from ``(u, v, type[, strength])`` ties keyed t1, t2, …;
    everyone discoverable except ``hidden``."""
    G = nx.MultiGraph()
    G.add_nodes_from(nodes, discoverable=True)
    for number, (u, v, kind, *strength) in enumerate(ties, 1):
        for n in (u, v):
            if n not in G:
                G.add_node(n, discoverable=True)
        G.add_edge(u, v, key=f"t{number}", type=kind, source=u, target=v,
                   strength=strength[0] if strength else None)
    for n in hidden:
        G.nodes[n]["discoverable"] = False
    return nx.freeze(G)


def summary(found):
    return [(p.broker, p.path, p.score) for p in found]


def test_the_strongest_short_path_wins():
    G = network(("r", "weak", KNOWS, 2), ("weak", "t", KNOWS, 5),
                ("r", "strong", KNOWS, 5), ("strong", "t", PARTNERS))

    assert summary(warm_paths(G, "r", "t")) == [
        ("strong", ("r", "strong", "t"), 0.9),
        ("weak", ("r", "weak", "t"), 0.4),
    ]


def test_a_shorter_path_beats_a_longer_stronger_one():
    G = network(("r", "b", KNOWS, 1), ("b", "t", KNOWS, 1),
                ("r", "a", KNOWS, 5), ("a", "c", KNOWS, 5), ("c", "t", KNOWS, 5))

    found = warm_paths(G, "r", "t")

    assert summary(found) == [("b", ("r", "b", "t"), 0.04), ("c", ("r", "a", "c", "t"), 1.0)]
    assert [p.length for p in found] == [2, 3]


def test_among_three_hop_paths_the_strongest_wins_then_the_lowest_first_intermediate():
    G = network(("r", "a2", KNOWS, 5), ("a2", "b", KNOWS, 5), ("b", "t", KNOWS, 5),
                ("r", "a1", KNOWS, 5), ("a1", "b", KNOWS, 5),
                ("r", "a0", KNOWS, 4), ("a0", "b", KNOWS, 5))

    assert summary(warm_paths(G, "r", "t")) == [("b", ("r", "a1", "b", "t"), 1.0)]


def test_a_non_discoverable_stakeholder_is_never_a_broker():
    G = network(("r", "hidden", KNOWS, 5), ("hidden", "t", KNOWS, 5),
                ("r", "open", KNOWS, 1), ("open", "t", KNOWS, 1), hidden=["hidden"])

    assert [p.broker for p in warm_paths(G, "r", "t")] == ["open"]


def test_a_non_discoverable_stakeholder_is_never_a_first_intermediate():
    G = network(("r", "hidden", KNOWS, 5), ("hidden", "b", KNOWS, 5), ("b", "t", KNOWS, 5),
                hidden=["hidden"])

    assert warm_paths(G, "r", "t") == []


def test_the_requester_and_the_target_themselves_need_not_be_discoverable():
    G = network(("r", "b", KNOWS, 3), ("b", "t", KNOWS, 3), hidden=["r", "t"])

    assert [p.broker for p in warm_paths(G, "r", "t")] == ["b"]


def test_the_requester_and_the_target_are_never_intermediates():
    # r – t – b – t and r – b – r – t are walks, not paths; only the 2-hop path through b counts.
    G = network(("r", "t", KNOWS, 5), ("t", "b", KNOWS, 5), ("r", "b", KNOWS, 1),
                ("r", "c", KNOWS, 5), ("c", "r", PARTNERS))

    found = warm_paths(G, "r", "t", limit=10)

    assert summary(found) == [("b", ("r", "b", "t"), 0.2)]


def test_a_direct_tie_is_not_an_introduction():
    G = network(("r", "t", KNOWS, 5))

    assert warm_paths(G, "r", "t") == []


@pytest.mark.parametrize("ties", [
    [],
    [("r", "a", KNOWS, 5), ("b", "t", KNOWS, 5)],
    [("r", "a", KNOWS, 5), ("a", "b", KNOWS, 5), ("b", "c", KNOWS, 5), ("c", "t", KNOWS, 5)],
], ids=["isolated", "two components", "four hops away"])
def test_no_warm_path_gives_an_empty_list(ties):
    G = network(*ties, nodes=["r", "t"])

    assert warm_paths(G, "r", "t") == []


def test_ties_outside_the_trust_table_carry_no_path():
    G = network(("r", "b", KNOWS, 5), ("b", "t", FUNDED))

    assert warm_paths(G, "r", "t", trust={"KNOWS": 1.0}) == []
    assert warm_paths(G, "r", "t", trust={"KNOWS": 1.0, "FUNDED": 0.0}) == []
    assert summary(warm_paths(G, "r", "t", trust={"KNOWS": 1.0, "FUNDED": 0.25})) == [
        ("b", ("r", "b", "t"), 0.25)]


def test_each_tie_type_has_its_documented_trust():
    kinds = [(KNOWS, 1), (KNOWS, 2), (KNOWS, 3), (KNOWS, 4), (KNOWS, 5), (KNOWS, None),
             (PARTNERS, None), (MENTORS, None), (INTRODUCED, None), (FUNDED, None),
             (SUPPORTED, None)]
    trusts = []
    for kind, strength in kinds:
        G = network(("r", "b", KNOWS, 5), ("b", "t", kind, strength))
        (path,) = warm_paths(G, "r", "t")
        trusts.append(path.hops[1].trust)

    assert trusts == [0.2, 0.4, 0.6, 0.8, 1.0, 0.6, 0.9, 0.9, 0.9, 0.6, 0.6]
    assert {TieType(k) for k in DEFAULT_TRUST} == set(TieType)


def test_each_broker_is_proposed_once_with_its_best_path():
    # b is reachable in 2 hops and in two ways in 3; c only in 3, through the same a.
    G = network(("r", "b", KNOWS, 1), ("b", "t", KNOWS, 5),
                ("r", "a", KNOWS, 5), ("a", "b", KNOWS, 5), ("a", "c", KNOWS, 5),
                ("r", "a2", KNOWS, 5), ("a2", "b", KNOWS, 5), ("c", "t", KNOWS, 5))

    found = warm_paths(G, "r", "t", limit=10)

    assert summary(found) == [("b", ("r", "b", "t"), 0.2), ("c", ("r", "a", "c", "t"), 1.0)]
    assert len({p.broker for p in found}) == len(found)


def test_only_the_limit_is_returned_best_first():
    G = network(*[tie_ for i in range(1, 6)
                  for tie_ in (("r", f"b{i}", KNOWS, i), (f"b{i}", "t", KNOWS, 5))])

    assert [p.broker for p in warm_paths(G, "r", "t")] == ["b5", "b4", "b3"]
    assert [p.broker for p in warm_paths(G, "r", "t", limit=1)] == ["b5"]


def test_parallel_ties_between_a_pair_take_the_strongest():
    G = network(("r", "b", KNOWS, 2), ("r", "b", PARTNERS), ("r", "b", FUNDED),
                ("b", "t", SUPPORTED), ("b", "t", KNOWS, 4), ("b", "t", KNOWS, 1))

    (path,) = warm_paths(G, "r", "t")

    assert path.hops == (
        Hop(source="r", target="b", tie_id="t2", type=TieType.PARTNERS_WITH, strength=None,
            trust=0.9),
        Hop(source="b", target="t", tie_id="t5", type=TieType.KNOWS, strength=4, trust=0.8),
    )
    assert path.score == 0.72


def test_among_equally_strong_parallel_ties_the_lowest_id_carries_the_hop():
    G = network(("r", "b", PARTNERS), ("r", "b", MENTORS), ("b", "t", INTRODUCED))
    G2 = network(("r", "b", MENTORS), ("r", "b", PARTNERS), ("b", "t", INTRODUCED))

    assert warm_paths(G, "r", "t")[0].hops[0].type == TieType.PARTNERS_WITH
    assert warm_paths(G2, "r", "t")[0].hops[0].type == TieType.MENTORS
    assert warm_paths(G, "r", "t")[0].hops[0].tie_id == "t1"


def test_hops_follow_the_path_whatever_direction_the_tie_was_recorded_in():
    G = network(("b", "r", MENTORS), ("t", "b", FUNDED))

    (path,) = warm_paths(G, "r", "t")

    assert [(h.source, h.target) for h in path.hops] == [("r", "b"), ("b", "t")]


def test_equal_scores_made_of_different_trusts_are_equal_and_broken_by_broker_id():
    # 0.4 × 0.9 and 0.6 × 0.6 differ in floating point; both are 0.36.
    G = network(("r", "z", KNOWS, 2), ("z", "t", PARTNERS),
                ("r", "y", KNOWS, 3), ("y", "t", KNOWS, 3),
                ("r", "x", KNOWS, 3), ("x", "t", FUNDED))

    assert summary(warm_paths(G, "r", "t")) == [
        ("x", ("r", "x", "t"), 0.36), ("y", ("r", "y", "t"), 0.36),
        ("z", ("r", "z", "t"), 0.36)]


def test_the_answer_does_not_depend_on_the_order_the_graph_was_built_in():
    rng = random.Random(3)
    ties = [("r", f"a{i}", KNOWS, rng.randint(1, 5)) for i in range(8)]
    ties += [(f"a{i}", f"b{j}", rng.choice([KNOWS, PARTNERS, MENTORS]), 3)
             for i in range(8) for j in range(8) if rng.random() < 0.3]
    ties += [(f"b{j}", "t", rng.choice([FUNDED, SUPPORTED, KNOWS]), 2) for j in range(8)]
    first = summary(warm_paths(network(*ties), "r", "t", limit=10))
    for _ in range(5):
        shuffled = ties[:]
        rng.shuffle(shuffled)
        G = network(*shuffled)

        assert summary(warm_paths(G, "r", "t", limit=10)) == first
    assert len(first) == 8


def test_max_hops_two_proposes_only_brokers_the_requester_trusts():
    G = network(("r", "b", KNOWS, 1), ("b", "t", KNOWS, 1),
                ("r", "a", KNOWS, 5), ("a", "c", KNOWS, 5), ("c", "t", KNOWS, 5))

    assert [p.broker for p in warm_paths(G, "r", "t", max_hops=2)] == ["b"]
    assert MAX_HOPS == 3


def test_the_search_does_not_change_the_graph():
    G = network(("r", "a", KNOWS, 5), ("a", "b", KNOWS, 5), ("b", "t", KNOWS, 5)).copy()
    before = (list(G.nodes(data=True)), list(G.edges(keys=True, data=True)))

    warm_paths(G, "r", "t")

    assert (list(G.nodes(data=True)), list(G.edges(keys=True, data=True))) == before


def test_a_snapshot_of_domain_objects_is_searched_like_a_hand_built_graph():
    r, b, a, c = (stakeholder(Kind.ENTREPRENEUR) for _ in range(4))
    fund = stakeholder(Kind.INVESTOR)
    hidden = stakeholder(Kind.SUPPORT_ORGANISATION, discoverable=False, discoverable_at=None)
    ties = [tie(TieType.KNOWS, r, b, strength=4), tie(TieType.FUNDED, fund, b),
            tie(TieType.PARTNERS_WITH, r, a), tie(TieType.KNOWS, a, c, strength=None),
            tie(TieType.FUNDED, fund, c),
            tie(TieType.SUPPORTED, hidden, r), tie(TieType.SUPPORTED, hidden, a)]
    G = build_snapshot(GraphExport(version=1, stakeholders=[r, b, a, c, fund, hidden],
                                   ties=ties)).graph

    found = warm_paths(G, r.id, fund.id)

    assert summary(found) == [(b.id, (r.id, b.id, fund.id), 0.48),
                              (c.id, (r.id, a.id, c.id, fund.id), 0.324)]
    assert found[1].hops[1] == Hop(source=a.id, target=c.id, tie_id=ties[3].id,
                                   type=TieType.KNOWS, strength=None, trust=0.6)
    assert isinstance(found[0], WarmPath)


@pytest.mark.parametrize("arguments, field", [
    (dict(requester="r", target="r"), "target"),
    (dict(requester=["r"]), "requester"),
    (dict(target=None), "target"),
    (dict(limit=0), "limit"),
    (dict(limit=11), "limit"),
    (dict(limit=2.0), "limit"),
    (dict(limit=True), "limit"),
    (dict(max_hops=1), "max_hops"),
    (dict(max_hops=4), "max_hops"),
    (dict(trust={"LIKES": 1.0}), "trust"),
    (dict(trust={"KNOWS": 1.5}), "trust"),
    (dict(trust={"KNOWS": -0.1}), "trust"),
    (dict(trust={"KNOWS": 0.123}), "trust"),
    (dict(trust={"KNOWS": "high"}), "trust"),
    (dict(trust=[("KNOWS", 1.0)]), "trust"),
])
def test_bad_arguments_are_rejected_with_the_field_named(arguments, field):
    G = network(("r", "b", KNOWS, 5), ("b", "t", KNOWS, 5))
    call = dict(requester="r", target="t") | arguments

    with pytest.raises(InvalidInput) as error:
        warm_paths(G, call.pop("requester"), call.pop("target"), **call)

    assert set(error.value.errors) == {field}


@pytest.mark.parametrize("requester, target", [("nobody", "t"), ("r", "nobody")])
def test_an_unknown_stakeholder_is_not_found(requester, target):
    with pytest.raises(NotFound):
        warm_paths(network(("r", "b", KNOWS, 5), ("b", "t", KNOWS, 5)), requester, target)


@pytest.mark.parametrize("graph_class", [nx.Graph, nx.DiGraph, nx.MultiDiGraph])
def test_graphs_other_than_an_undirected_multigraph_are_refused(graph_class):
    G = graph_class([("r", "b"), ("b", "t")])

    with pytest.raises(nx.NetworkXNotImplemented):
        warm_paths(G, "r", "t")


# --- against an independent reference ----------------------------------------------------------

def reference_trust(data: dict, table) -> Fraction:
    """A tie's trust as the module docstring defines it, in exact fractions."""
    weights = {TieType(k).value: Fraction(str(v)) for k, v in table.items()}
    weight = weights.get(data["type"], Fraction(0))
    if data["type"] == KNOWS:
        strength = data.get("strength")
        strength = strength if strength in range(1, 6) else 3
        # Rounded to hundredths, as documented; s/5 of a two-decimal weight never ends in 5.
        weight = Fraction(round(weight * strength / 5 * 100), 100)
    return weight


def reference_warm_paths(G, requester, target, *, limit=3, max_hops=3, trust=DEFAULT_TRUST):
    """Every simple path of 2 to ``max_hops`` hops, filtered and scored by the documented rules,
    the best one kept per broker; brute force with ``nx.all_simple_paths``."""
    candidates = []
    for path in {tuple(p) for p in nx.all_simple_paths(G, requester, target, cutoff=max_hops)}:
        if len(path) < 3 or not all(G.nodes[n].get("discoverable") for n in path[1:-1]):
            continue
        score, hops = Fraction(1), []
        for u, v in pairwise(path):
            key, weight = min(((k, reference_trust(d, trust)) for k, d in G[u][v].items()),
                              key=lambda kw: (-kw[1], kw[0]))
            score *= weight
            hops.append((key, weight))
        if score > 0:
            candidates.append((len(path), -score, path[-2], path, hops))
    candidates.sort()
    chosen, brokers = [], set()
    for _, negated, broker, path, hops in candidates:
        if broker not in brokers:
            brokers.add(broker)
            chosen.append((broker, path, float(-negated), hops))
    return chosen[:limit]


def as_reference(found):
    return [(p.broker, p.path, p.score, [(h.tie_id, Fraction(str(h.trust))) for h in p.hops])
            for p in found]


tie_kinds = st.sampled_from([KNOWS, PARTNERS, MENTORS, INTRODUCED, FUNDED, SUPPORTED])
hundredths = st.integers(0, 100).map(lambda n: n / 100)


@st.composite
def small_networks(draw):
    """A random multigraph on up to 9 stakeholders with parallel ties, hidden stakeholders and
    zero-trust types, its requester and target, and a trust table."""
    n = draw(st.integers(4, 9))
    names = [f"s{i}" for i in range(n)]
    pairs = st.tuples(st.sampled_from(names), st.sampled_from(names)).filter(
        lambda p: p[0] != p[1])
    # Dense enough that most cases have paths, several brokers and both lengths.
    ties = draw(st.lists(st.tuples(pairs, tie_kinds, st.sampled_from([1, 2, 3, 4, 5, None])),
                         min_size=2 * n, max_size=5 * n))
    hidden = draw(st.sets(st.sampled_from(names), max_size=n // 3))
    G = network(*[(u, v, kind, strength) for (u, v), kind, strength in ties],
                nodes=names, hidden=hidden)
    requester, target = draw(pairs)
    trust = draw(st.one_of(st.just(DEFAULT_TRUST), st.dictionaries(
        tie_kinds, st.one_of(st.just(0.0), hundredths, st.sampled_from([0.3, 0.6, 0.9])),
        min_size=4)))
    return G, requester, target, trust


@settings(max_examples=400, deadline=None)
@given(small_networks(), st.integers(1, 5), st.sampled_from([2, 3]))
def test_warm_paths_agree_with_brute_force_over_all_simple_paths(case, limit, max_hops):
    G, requester, target, trust = case

    found = warm_paths(G, requester, target, limit=limit, max_hops=max_hops, trust=trust)

    assert as_reference(found) == reference_warm_paths(G, requester, target, limit=limit,
                                                       max_hops=max_hops, trust=trust)


@pytest.mark.parametrize("hub", ["requester", "target", "both"])
def test_a_hub_on_either_end_gives_the_brute_force_answer(hub):
    # The 3-hop search starts from whichever side is cheaper; both sides must agree.
    rng = random.Random(11)
    ties = []
    for i in range(40):
        if hub in ("requester", "both"):
            ties.append(("r", f"a{i}", KNOWS, rng.randint(1, 5)))
        if hub in ("target", "both"):
            ties.append((f"b{i}", "t", rng.choice([FUNDED, SUPPORTED, KNOWS]), 4))
    ties += [("r", "a0", KNOWS, 2), ("b0", "t", PARTNERS)]
    ties += [(f"a{i}", f"b{j}", rng.choice([KNOWS, PARTNERS]), rng.randint(1, 5))
             for i in range(40) for j in range(40) if rng.random() < 0.05]
    G = network(*ties, hidden=["a3", "b5"])

    found = warm_paths(G, "r", "t", limit=10)

    assert found
    assert as_reference(found) == reference_warm_paths(G, "r", "t", limit=10)


def test_on_a_demo_ecosystem_warm_paths_agree_with_brute_force():
    eco = generate_ecosystem(300, ties=1_800, seed=4)
    G = build_snapshot(GraphExport(version=1, stakeholders=eco.stakeholders,
                                   ties=eco.ties)).graph
    ids = sorted(G)
    rng = random.Random(2)
    answered = 0
    for _ in range(60):
        requester, target = rng.sample(ids, 2)
        found = warm_paths(G, requester, target, limit=5)
        answered += bool(found)

        assert [(p.broker, p.path, p.score) for p in found] == [
            (broker, path, score) for broker, path, score, _ in
            reference_warm_paths(G, requester, target, limit=5)]
    assert answered > 10
