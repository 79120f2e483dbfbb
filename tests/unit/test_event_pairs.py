"""Pair scores for networking events agree with matching's own recommendations."""

from __future__ import annotations

from graph_models.matching import recommend
from graph_models.matching.event_pairs import pair_scores
from graph_models.matching.examples import example_graph


def recommended(G, seeker, candidate):
    kind = G.nodes[candidate]["kind"]
    found = {m.candidate_id: m.score for m in recommend(G, seeker, kind=kind, limit=100,
                                                         include_connected=True)}
    return found.get(candidate)


def test_a_pair_scores_what_the_better_side_of_it_is_recommended_at():
    G = example_graph()
    for a, b in [("ent", "ent2"), ("ent", "inv"), ("ent2", "sup")]:
        sides = [s for s in (recommended(G, a, b), recommended(G, b, a)) if s is not None]
        assert pair_scores(G, [(a, b)])[(a, b)] == round(max(sides), 1)


def test_kinds_that_matching_does_not_pair_and_unknown_people_score_none():
    scores = pair_scores(example_graph(), [("inv", "inv2"), ("ent", "nobody"), ("ent", "ent")])
    assert scores == {("inv", "inv2"): None, ("ent", "nobody"): None, ("ent", "ent"): None}


def test_a_penalty_lowers_a_pair_score():
    G = example_graph()
    plain = pair_scores(G, [("ent", "ent2")])[("ent", "ent2")]
    lowered = pair_scores(G, [("ent", "ent2")], feedback={("ent", "ent2"): 1.0,
                                                          ("ent2", "ent"): 1.0})
    assert lowered[("ent", "ent2")] < plain
