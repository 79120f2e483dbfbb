"""Coordinator queries: the best pairs in a scope, the unmet needs, the gaps, and bad input."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_models.demo import generate_ecosystem
from graph_models.domain.errors import InvalidInput
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind, Pillar, TieType
from graph_models.matching import (
    DEFAULT_WEIGHTS,
    MatchIndex,
    MatchWeights,
    coordinator_matches,
    recommend,
)
from graph_models.matching.coordinator import PROVIDERS
from graph_models.matching.examples import example_graph
from graph_models.matching.score_bounds import best_attribute_scores
from graph_models.matching.scoring import eligible_positions, score_block
from graph_models.matching.terms import proximity
from graph_models.matching.walk import WalkState
from tests.builders import stakeholder, tie

E, INV, S = Kind.ENTREPRENEUR, Kind.INVESTOR, Kind.SUPPORT_ORGANISATION


def graph(people, ties=()):
    return build_snapshot(GraphExport(version=1, stakeholders=list(people),
                                      ties=list(ties))).graph


@pytest.fixture(scope="module")
def demo():
    eco = generate_ecosystem(600, seed=9)
    G = build_snapshot(GraphExport(version=1, stakeholders=eco.stakeholders,
                                   ties=eco.ties)).graph
    return eco, MatchIndex.from_graph(G)


def gap_example():
    """Athens: two coops need a loan, one needs accounting help; a bank lends; nobody in the
    ecosystem offers accounting. Thessaloniki's coop is out of the Attica scope."""
    people = [
        stakeholder(E, id="loan-1", region="EL303", needs=("financing.loan",)),
        stakeholder(E, id="loan-2", region="EL307", needs=("financing.loan",)),
        stakeholder(E, id="books", region="EL303", needs=("consulting.accounting_tax",)),
        stakeholder(E, id="north", region="EL522", needs=("financing.loan",)),
        stakeholder(E, id="hidden", region="EL303", needs=("financing.loan",),
                    discoverable=False),
        stakeholder(INV, id="bank", region="EL303", offers=("financing.loan",)),
        stakeholder(S, id="centre", region="EL303", offers=("consulting.marketing",)),
    ]
    return graph(people, [tie(TieType.KNOWS, "loan-1", "loan-2")])


def test_pairs_unmet_needs_and_gaps_on_a_small_example():
    report = coordinator_matches(gap_example(), region="EL30", threshold=60, per_entrepreneur=2)
    assert report.entrepreneurs_in_scope == 3  # north is elsewhere, hidden did not consent
    # loan-1 shares the bank's NUTS-3 region, loan-2 only its NUTS-2 region.
    assert [(p.entrepreneur_id, p.match.candidate_id) for p in report.pairs] == [
        ("loan-1", "bank"), ("loan-2", "bank")]
    assert report.pairs[0].match.score > report.pairs[1].match.score
    assert [u.entrepreneur_id for u in report.unmet_needs] == ["books"]
    assert report.unmet_needs[0].needs == ("consulting.accounting_tax",)
    assert report.unmet_needs[0].best_provider_id is None
    gaps = {g.topic: g for g in report.gaps}
    assert (gaps["consulting.accounting_tax"].unmet, gaps["consulting.accounting_tax"].providers) \
        == (1, 0)
    assert (gaps["financing.loan"].entrepreneurs, gaps["financing.loan"].providers) == (2, 1)
    assert report.gaps[0].topic == "consulting.accounting_tax"


def test_a_high_threshold_leaves_everyone_unmet_and_a_need_narrows_the_scope():
    G = gap_example()
    strict = coordinator_matches(G, region="EL30", threshold=100)
    assert {u.entrepreneur_id for u in strict.unmet_needs} == {"loan-1", "loan-2", "books"}
    loans = coordinator_matches(G, need="financing.loan", threshold=0)
    assert loans.entrepreneurs_in_scope == 3  # north included: no region filter
    assert {p.match.candidate_id for p in loans.pairs} == {"bank"}
    assert loans.unmet_needs == ()


def test_a_need_no_provider_offers_leaves_its_entrepreneurs_unmet_without_failing():
    report = coordinator_matches(gap_example(), need="consulting.accounting_tax")
    assert report.pairs == () and report.providers_in_scope == 0
    assert [(u.entrepreneur_id, u.best_provider_id) for u in report.unmet_needs] == [
        ("books", None)]


def test_an_entrepreneur_already_served_by_a_fitting_provider_is_not_a_gap():
    people = [stakeholder(E, id="served", needs=("consulting.marketing",)),
              stakeholder(E, id="known", needs=("consulting.marketing",)),
              stakeholder(E, id="alone", needs=("consulting.marketing",)),
              stakeholder(S, id="agency", offers=("consulting.marketing",), capacity=None)]
    ties = [tie(TieType.SUPPORTED, "agency", "served"), tie(TieType.KNOWS, "agency", "known")]
    report = coordinator_matches(graph(people, ties), threshold=100)
    # Knowing the agency is no service: "known" is unmet, and has no one left to pair with
    # (the agency is already connected); "alone" pairs with the agency, below 100.
    assert [(u.entrepreneur_id, u.best_provider_id) for u in report.unmet_needs] == [
        ("known", None), ("alone", "agency")]


def test_a_pair_scores_exactly_as_the_entrepreneur_s_own_recommendation(demo):
    _, index = demo
    for pillar in (None, "financing", "consulting"):
        report = coordinator_matches(index, pillar=pillar, limit=30, per_entrepreneur=2,
                                     chunk_size=37)
        assert report.pairs
        for pair in report.pairs:
            own = recommend(index, pair.entrepreneur_id, kind=pair.match.kind, pillar=pillar,
                            limit=100)
            match = next(m for m in own if m.candidate_id == pair.match.candidate_id)
            assert match == pair.match


def test_pairs_are_ordered_by_score_and_the_chunk_size_changes_nothing(demo):
    _, index = demo
    one = coordinator_matches(index, pillar="financing", limit=50, chunk_size=1000)
    many = coordinator_matches(index, pillar="financing", limit=50, chunk_size=16)
    assert one == many
    scores = [p.match.score for p in one.pairs]
    assert scores == sorted(scores, reverse=True)
    assert len({p.entrepreneur_id for p in one.pairs}) == len(one.pairs)  # one per entrepreneur


def test_every_entrepreneur_in_scope_is_either_paired_above_threshold_or_unmet(demo):
    eco, index = demo
    report = coordinator_matches(index, pillar="consulting", threshold=70, limit=100)
    people = {s.id: s for s in eco.stakeholders}
    unmet = {u.entrepreneur_id for u in report.unmet_needs}
    for u in report.unmet_needs:
        assert u.best_score < 70
    for p in report.pairs:  # each entrepreneur's best pair
        if p.entrepreneur_id in unmet:
            assert p.match.score <= 70
        else:
            assert p.match.score >= 70
        assert people[p.match.candidate_id].discoverable
        assert people[p.entrepreneur_id].discoverable


@pytest.mark.parametrize(("query", "field"), [
    (dict(pillar="marketing"), "pillar"),
    (dict(need="financing.caviar"), "need"),
    (dict(pillar="consulting", need="financing.loan"), "need"),
    (dict(region="EL99"), "region"),
    (dict(region="attica"), "region"),
    (dict(sector="weapons"), "sector"),
    (dict(threshold=101), "threshold"),
    (dict(threshold="50"), "threshold"),
    (dict(limit=0), "limit"),
    (dict(per_entrepreneur=11), "per_entrepreneur"),
    (dict(feedback={("a", "b"): -1}), "feedback"),
])
def test_bad_input_is_rejected_with_the_field_named(query, field):
    with pytest.raises(InvalidInput) as error:
        coordinator_matches(example_graph(), **query)
    assert field in error.value.errors


def test_blocked_pairs_and_feedback_apply_to_coordinator_pairs_too():
    G = example_graph()
    plain = coordinator_matches(G, pillar="financing")
    assert (plain.pairs[0].entrepreneur_id, plain.pairs[0].match.candidate_id) == ("ent", "inv")
    blocked = coordinator_matches(G, pillar="financing", blocked={("ent", "inv")})
    assert ("ent", "inv") not in [(p.entrepreneur_id, p.match.candidate_id)
                                  for p in blocked.pairs]
    lowered = coordinator_matches(G, pillar="financing", feedback={("ent", "inv"): 1.0})
    # 99.5 halved is 49.8: inv2's 75.0 is now ent's best pair.
    assert [(p.entrepreneur_id, p.match.candidate_id, p.match.score) for p in lowered.pairs] == [
        ("ent", "inv2", 75.0), ("ent2", "inv2", 75.0)]


# Pruning by bounds: the report is the same as when every entrepreneur is scored in full.

def _some_pairs(index, kind, count, seed):
    """``count`` (entrepreneur id, candidate id) pairs drawn from the index, seeded."""
    rng = random.Random(seed)
    people = [index.ids[r] for r in index.rows_of_kind(E)]
    others = [index.ids[r] for r in index.rows_of_kind(kind)]
    return [(rng.choice(people), rng.choice(others)) for _ in range(count)]


@pytest.mark.parametrize("query", [
    {},
    dict(pillar="financing"),
    dict(pillar="consulting", threshold=70, limit=100),
    dict(pillar="training", per_entrepreneur=3, limit=50, threshold=90),
    dict(pillar="networking", limit=1),
    dict(need="financing.loan", threshold=0, limit=100, per_entrepreneur=2),
    dict(region="EL30", threshold=100, limit=5),
    dict(region="EL3", pillar="financing", per_entrepreneur=10, limit=100),
    dict(threshold=0, limit=1),
    dict(threshold=20, limit=3),
    dict(pillar="consulting", threshold=40, limit=10, per_entrepreneur=2),
    dict(include_connected=True, pillar="financing", threshold=80),
    dict(weights=MatchWeights.from_mapping({"proximity": 0.8})),
    dict(weights=MatchWeights.from_mapping({"proximity": 0.0, "walk_steps": 5})),
    dict(weights=MatchWeights.from_mapping({"need_offer": 0.0, "degree_exponent": 0.0})),
])
def test_scoring_only_the_entrepreneurs_the_bounds_keep_gives_the_same_report(demo, query):
    _, index = demo
    fast = coordinator_matches(index, **query)
    assert fast == coordinator_matches(index, exhaustive=True, **query)


def test_pruning_by_sector_and_region_gives_the_same_report(demo):
    eco, index = demo
    people = [s for s in eco.stakeholders if s.kind == E and s.sectors][:5]
    for person in people:
        for query in (dict(sector=person.sectors[0], threshold=30, limit=3),
                      dict(region=person.region[:4], pillar="financing", limit=2)):
            assert coordinator_matches(index, **query) == coordinator_matches(
                index, exhaustive=True, **query)


def test_blocked_pairs_and_feedback_give_the_same_report_with_pruning(demo):
    _, index = demo
    blocked = _some_pairs(index, INV, 200, seed=1) + _some_pairs(index, S, 200, seed=2)
    feedback = {pair: 1.0 for pair in _some_pairs(index, INV, 100, seed=3)}
    for query in (dict(blocked=blocked), dict(feedback=feedback, threshold=70),
                  dict(blocked=blocked, feedback=feedback, pillar="financing", limit=100)):
        assert coordinator_matches(index, **query) == coordinator_matches(
            index, exhaustive=True, **query)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_bounds_enclose_each_entrepreneur_s_best_score(seed):
    """The bound route (float32, no walk) against score_block's own float64 scores."""
    eco = generate_ecosystem(500, seed=seed)
    index = MatchIndex.from_graph(build_snapshot(GraphExport(
        version=1, stakeholders=eco.stakeholders, ties=eco.ties)).graph)
    entrepreneurs = index.rows_of_kind(E)
    walk = WalkState(index, entrepreneurs, DEFAULT_WEIGHTS)
    for pillar in (None, Pillar.FINANCING, Pillar.CONSULTING):
        for kind, role in PROVIDERS:
            cols = index.rows_of_kind(kind)[eligible_positions(index, kind, role, pillar)]
            block = score_block(index, walk, kind, role, pillar, DEFAULT_WEIGHTS)
            valid = block.eligible & (block.needs_met > 0)
            points = block.weights["proximity"][:, None] * 100
            closeness = proximity(block.raw, block.raw_max) * points
            best, attributes = (np.where(valid, score, -np.inf).max(axis=1, initial=-np.inf)
                                for score in (block.score, block.score - closeness))
            lower, reach = best_attribute_scores(index, entrepreneurs, kind, role, pillar,
                                                 DEFAULT_WEIGHTS, cols, None, False)
            assert (np.isfinite(lower) == np.isfinite(best)).all()
            some = np.isfinite(best)
            assert np.abs(lower[some] - attributes[some]).max(initial=0) < 1e-4
            assert (lower[some] <= best[some] + 1e-4).all()
            assert (best[some] <= lower[some] + reach[some] + 1e-4).all()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.fixed_dictionaries({}, optional={
    "pillar": st.sampled_from(["financing", "consulting", "training", "networking"]),
    "region": st.sampled_from(["EL3", "EL30", "EL303", "EL5", "EL52", "EL6"]),
    "threshold": st.sampled_from([0, 25, 50, 60, 75, 90, 100]),
    "limit": st.integers(1, 100),
    "per_entrepreneur": st.integers(1, 10),
    "include_connected": st.booleans(),
    "weights": st.builds(lambda p, k: MatchWeights.from_mapping({"proximity": p, "walk_steps": k}),
                         st.sampled_from([0.0, 0.1, 0.25, 0.6, 1.0]), st.integers(1, 4)),
}))
def test_any_query_gives_the_same_report_with_and_without_pruning(demo, query):
    _, index = demo
    assert coordinator_matches(index, **query) == coordinator_matches(
        index, exhaustive=True, **query)
