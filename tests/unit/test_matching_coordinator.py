"""Coordinator queries: the best pairs in a scope, the unmet needs, the gaps, and bad input."""

from __future__ import annotations

import pytest

from graph_models.demo import generate_ecosystem
from graph_models.domain import Kind, TieType
from graph_models.errors import InvalidInput
from graph_models.matching import MatchIndex, coordinator_matches, recommend
from graph_models.matching.examples import example_graph
from graph_models.snapshot import build_snapshot
from graph_models.stores.base import GraphExport
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
