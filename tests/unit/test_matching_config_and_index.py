"""Match weights as configuration, the index's encodings, the evaluation harness's metrics,
and the examples in the matching package's docstrings."""

from __future__ import annotations

from datetime import date

import networkx as nx
import numpy as np
import pytest

from graph_models.demo import generate_ecosystem
from graph_models.domain.errors import InvalidInput
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.matching import DEFAULT_WEIGHTS, MatchIndex, MatchWeights
from graph_models.matching.config import TERM_NAMES
from graph_models.matching.evaluation import Scores, evaluate, markdown, temporal_split
from tests.builders import stakeholder, tie


def test_the_default_positive_weights_sum_to_one():
    assert sum(getattr(DEFAULT_WEIGHTS, t) for t in TERM_NAMES) == pytest.approx(1.0)


def test_weights_from_a_mapping_override_the_defaults_and_keep_the_rest():
    w = MatchWeights.from_mapping({"proximity": 0.5, "tie_weights": {"MENTORS": 4}})
    assert (w.proximity, w.need_offer, w.tie_weight("MENTORS"), w.tie_weight("FUNDED")) == (
        0.5, 0.25, 4, 2.0)


@pytest.mark.parametrize(("mapping", "field"), [
    ({"popularity": 1.0}, "popularity"),
    ({"proximity": -0.1}, "proximity"),
    ({"proximity": "high"}, "proximity"),
    ({"feedback": 1.5}, "feedback"),
    ({"walk_steps": 9}, "walk_steps"),
    ({"walk_restart": 1.0}, "walk_restart"),
    ({"region_levels": [1, 0.5, 0.2, 0]}, "region_levels"),
    ({"tie_weights": {"LIKES": 1.0}}, "tie_weights"),
    ({t: 0.0 for t in TERM_NAMES}, "weights"),
])
def test_unknown_keys_and_bad_values_are_rejected_with_the_field_named(mapping, field):
    with pytest.raises(InvalidInput) as error:
        MatchWeights.from_mapping(mapping)
    assert field in error.value.errors


def test_the_index_orders_rows_by_id_and_encodes_attributes():
    people = [stakeholder(Kind.INVESTOR, id="b", sectors=("agrifood",), ticket_min=1_000,
                          ticket_max=None),
              stakeholder(Kind.ENTREPRENEUR, id="a", needs=("financing.loan",),
                          languages=("el",), region="EL522", capacity=None)]
    index = MatchIndex.from_graph(build_snapshot(GraphExport(1, people, [])).graph)
    assert index.ids == ("a", "b")
    assert index.topics.decode(index.needs[0]) == ("financing.loan",)
    assert index.sector_vocab.decode(index.sectors[1]) == ("agrifood",)
    assert index.ticket_min[1] == 1_000 and np.isnan(index.ticket_max[1])
    assert index.place_codes[index.place[0]] == "EL522"
    assert not index.needs.flags.writeable  # the arrays are read-only


def test_the_index_sums_parallel_ties_and_weights_knows_by_strength():
    people = [stakeholder(Kind.INVESTOR, id="i"), stakeholder(Kind.ENTREPRENEUR, id="e")]
    ties = [tie(TieType.FUNDED, "i", "e", external_id="x1"),
            tie(TieType.FUNDED, "i", "e", external_id="x2", weight=0.5),
            tie(TieType.KNOWS, "i", "e", strength=3)]
    index = MatchIndex.from_graph(build_snapshot(GraphExport(1, people, ties)).graph)
    walk = index.walk(DEFAULT_WEIGHTS)
    # FUNDED 2 · (1 + 0.5) + KNOWS 1 · 3/3 = 4 on the one neighbour pair.
    assert walk.strength.tolist() == [4.0, 4.0]
    assert index.degree.tolist() == [1, 1]


def test_the_index_accepts_a_plain_hand_built_multigraph():
    G = nx.MultiGraph()
    G.add_node("a", kind="entrepreneur", region="EL303", discoverable=True)
    G.add_node("b", kind="investor", region="EL303", discoverable=True)
    G.add_edge("a", "b", type="KNOWS", since=date(2025, 1, 1))
    index = MatchIndex.from_graph(G)
    assert index.degree.tolist() == [1, 1]
    assert index.as_of == date(2025, 1, 1)


@pytest.mark.parametrize("ends", [("i", "nobody"), ("nobody", "e"), ("a", "e"), ("z", "e")])
def test_a_tie_to_a_stakeholder_not_in_the_graph_is_named(ends):
    people = [stakeholder(Kind.INVESTOR, id="i"), stakeholder(Kind.ENTREPRENEUR, id="e")]
    with pytest.raises(InvalidInput) as raised:
        MatchIndex.build(people, [tie(TieType.FUNDED, *ends)])
    unknown = next(end for end in ends if end not in ("i", "e"))
    assert raised.value.errors == {"ties": [f"unknown stakeholder {unknown}"]}


def test_ties_find_their_ends_among_ids_of_any_length():
    people = [stakeholder(Kind.INVESTOR, id="i-long-id"), stakeholder(Kind.ENTREPRENEUR, id="e"),
              stakeholder(Kind.INVESTOR, id="f")]
    index = MatchIndex.build(people, [tie(TieType.FUNDED, "i-long-id", "e"),
                                      tie(TieType.FUNDED, "f", "i-long-id")])
    assert index.ids == ("e", "f", "i-long-id") and index.degree.tolist() == [1, 1, 2]


def test_a_directed_graph_is_rejected():
    with pytest.raises(InvalidInput):
        MatchIndex.from_graph(nx.DiGraph())


def test_recall_and_reciprocal_rank_on_a_hand_made_ranking():
    scores = Scores()
    scores.add([5, 3, 9], {3, 7})
    scores.add([1, 2], {8})
    summary = scores.summary()
    assert summary["recall@10"] == pytest.approx((0.5 + 0) / 2)
    assert summary["MRR"] == pytest.approx((1 / 2 + 0) / 2)
    assert summary["seekers"] == 2


def test_the_evaluation_runs_on_a_small_demo_and_beats_random():
    eco = generate_ecosystem(500, seed=2)
    split = temporal_split(eco.stakeholders, eco.ties, test_share=0.25)
    assert all(t.since >= split.cutoff for t in split.test_ties)
    assert all(t.since < split.cutoff for t in split.train.ties)
    results = evaluate(split, max_seekers=60)
    table = markdown(results)
    assert table.count("\n") > 10
    peers = results["entrepreneur → peer (KNOWS, PARTNERS_WITH)"]
    assert peers["syndesmos (default weights)"]["recall@20"] > peers["random"]["recall@20"]
