"""The behaviour terms (what providers did) on tiny graphs, with values computed by hand, their
reasons in words, and weights fitted on a history."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from graph_models.domain.stakeholders import Kind, TieType
from graph_models.matching import DEFAULT_WEIGHTS, MatchIndex, MatchWeights, recommend
from graph_models.matching.behaviour import first_ties, relation_ties
from graph_models.matching.behaviour_terms import (
    activity,
    portfolio_region,
    portfolio_sector,
    segment,
)
from graph_models.matching.calibration import MIN_VENTURES, fit_weights
from tests.builders import stakeholder, tie

DAY = date(2025, 3, 1)


def ecosystem():
    """``food`` funded two agrifood ventures in Central Macedonia, ``crafts`` two crafts
    ventures in Central Athens (one of them two half-lives ago), ``idle`` nobody; ``me`` is an
    agrifood venture in Central Athens."""
    me = stakeholder(id="me", sectors=("agrifood",), region="EL303",
                     needs=("financing.loan",))
    food = stakeholder(Kind.INVESTOR, id="food", offers=("financing.loan",), region="EL303")
    crafts = stakeholder(Kind.INVESTOR, id="crafts", offers=("financing.loan",),
                         region="EL303")
    idle = stakeholder(Kind.INVESTOR, id="idle", offers=("financing.loan",), region="EL303")
    ventures = [stakeholder(id=f"a{i}", sectors=("agrifood",), region="EL522")
                for i in range(2)] + [stakeholder(id=f"c{i}", sectors=("crafts",),
                                                  region="EL303") for i in range(2)]
    ties = [tie(TieType.FUNDED, food, "a0", since=DAY), tie(TieType.FUNDED, food, "a1", since=DAY),
            tie(TieType.FUNDED, crafts, "c0", since=DAY),
            tie(TieType.FUNDED, crafts, "c1", since=DAY - timedelta(days=1460))]
    return [me, food, crafts, idle, *ventures], ties


def test_each_behaviour_term_is_the_log_scaled_count_of_its_definition():
    people, ties = ecosystem()
    index = MatchIndex.build(people, ties)
    rows = np.array([index.row[i] for i in ("food", "crafts", "idle")])
    me = np.array([index.row["me"]])
    top = np.log1p(2.0)  # food's two ties of this year
    assert activity(index, rows)[0] == pytest.approx([1.0, np.log1p(1.25) / top, 0.0])
    assert portfolio_sector(index, me, rows, np.ones(1))[0] == pytest.approx([1.0, 0.0, 0.0])
    # Same NUTS-3 counts 1, same country 0.25 (the region term's levels).
    assert portfolio_region(index, me, rows, DEFAULT_WEIGHTS, np.ones(1))[0] == pytest.approx(
        [np.log1p(0.5) / top, np.log1p(1.25) / top, 0.0])


def test_segment_popularity_is_the_share_of_the_sector_plus_the_shares_of_the_region():
    people, ties = ecosystem()
    # crafts funds an agrifood venture of Central Macedonia as well, this year.
    ties.append(tie(TieType.FUNDED, "crafts", "a0", since=DAY))
    index = MatchIndex.build(people, ties)
    rows = np.array([index.row[i] for i in ("food", "crafts", "idle")])
    me = np.array([index.row["me"]])
    # Agrifood: food 2, crafts 1 of 3 ties (shares 2/3, 1/3). Each level of Central Athens
    # (EL3, EL30, EL303) holds crafts's two ventures there, 1 + 0.25 (one tie two half-lives
    # ago) of 1.25: share 1 three times; food's are in EL52. Sums 2/3, 10/3, 0; the best is 1.
    assert segment(index, me, rows, np.ones(1))[0] == pytest.approx(
        [0.2, 1.0, 0.0])
    found = recommend(index, "me", kind="investor",
                      weights=MatchWeights.from_mapping({"segment": 1.0, "inclusion": 0.0}))
    assert [m.candidate_id for m in found] == ["crafts", "food", "idle"]
    # The three levels hold the same places here, so the reason names the region once.
    assert str(found[0].term("segment").reason) == (
        "accounts for 33% of the recent funding, support and mentoring of ventures of your "
        "sector (agrifood) and, of that near you, 100% in EL3")


def test_the_segment_counts_a_provider_at_every_level_its_ventures_share_with_the_seeker():
    me = stakeholder(id="me", sectors=("crafts",), region="EL522",
                     needs=("financing.loan",))
    providers = [stakeholder(Kind.INVESTOR, id=p, offers=("financing.loan",), region="EL303")
                 for p in ("town", "area", "north")]
    # town funds a venture of me's NUTS-3 region, area one of its NUTS-2 region only (EL52),
    # north one of its NUTS-1 region only (EL5); none of them of me's sector.
    ventures = [stakeholder(id=v, sectors=("agrifood",), region=code)
                for v, code in (("v1", "EL522"), ("v2", "EL521"), ("v3", "EL531"))]
    ties = [tie(TieType.FUNDED, p, v, since=DAY)
            for p, v in (("town", "v1"), ("area", "v2"), ("north", "v3"))]
    index = MatchIndex.build([me, *providers, *ventures], ties)
    rows = np.array([index.row[p] for p in ("town", "area", "north")])
    # EL5: a third each; EL52: town and area half each; EL522: town all. Sums 11/6, 5/6, 1/3.
    value = segment(index, np.array([index.row["me"]]), rows, np.ones(1))[0]
    assert value == pytest.approx([1.0, 5 / 11, 2 / 11])
    found = recommend(index, "me", kind="investor",
                      weights=MatchWeights.from_mapping({"segment": 1.0, "inclusion": 0.0}))
    assert [m.candidate_id for m in found] == ["town", "area", "north"]
    assert str(found[1].term("segment").reason) == (
        "accounts for 0.0% of the recent funding, support and mentoring of ventures of your "
        "sector (crafts) and, of that near you, 33% in EL5, 50% in EL52, 0.0% in EL522")


def test_a_seeker_with_a_country_code_alone_has_the_country_as_its_region():
    people, ties = ecosystem()
    people[0] = stakeholder(id="me", sectors=("agrifood",), region="EL",
                            needs=("financing.loan",))
    index = MatchIndex.build(people, ties)
    rows = np.array([index.row[i] for i in ("food", "crafts", "idle")])
    # Every venture is in Greece: food 2 of 3.25, crafts 1.25 of 3.25; agrifood: food's 2.
    value = segment(index, np.array([index.row["me"]]), rows, np.ones(1))[0]
    best = 1 + 2 / 3.25
    assert value == pytest.approx([1.0, 1.25 / 3.25 / best, 0.0])


def test_weighted_behaviour_terms_rank_and_explain_the_providers():
    people, ties = ecosystem()
    weights = MatchWeights.from_mapping({"portfolio_sector": 1.0, "inclusion": 0.0})
    found = recommend(MatchIndex.build(people, ties), "me", kind="investor", weights=weights)
    assert [m.candidate_id for m in found] == ["food", "crafts", "idle"]
    assert str(found[0].term("portfolio_sector").reason) == (
        "tied with 2 ventures of your sector (agrifood) in the last two years")
    by_region = recommend(MatchIndex.build(people, ties), "me", kind="investor",
                          weights=MatchWeights.from_mapping({"portfolio_region": 1.0}))
    assert [m.candidate_id for m in by_region][:2] == ["crafts", "food"]


def test_the_default_weights_leave_the_behaviour_terms_out():
    people, ties = ecosystem()
    found = recommend(MatchIndex.build(people, ties), "me", kind="investor")
    assert {t.name for t in found[0].terms}.isdisjoint(
        {"activity", "portfolio_sector", "portfolio_region"})


def test_calibration_without_history_keeps_the_hand_weights():
    people, ties = ecosystem()
    fit = fit_weights(people, [])
    assert (fit.fitted, fit.weights) == (False, DEFAULT_WEIGHTS)
    thin = fit_weights(people, ties)
    assert thin.ventures < MIN_VENTURES and thin.weights == DEFAULT_WEIGHTS


def test_calibration_learns_that_providers_keep_to_their_sector():
    """Two investors, each funding only its own sector, year after year: the weights fitted
    for new ventures rank each one's investor first, the hand weights cannot tell them
    apart."""
    sectors = ("agrifood", "crafts")
    people = [stakeholder(Kind.INVESTOR, id=f"inv-{s}", offers=("financing.loan",),
                          region="EL303") for s in sectors]
    ties = []
    for year in range(3):
        for n in range(2 * MIN_VENTURES if year == 2 else 10):
            s = sectors[n % 2]
            people.append(stakeholder(id=f"v{year}-{n}", sectors=(s,), region="EL303",
                                      needs=("financing.loan",)))
            ties.append(tie(TieType.FUNDED, f"inv-{s}", f"v{year}-{n}",
                            since=date(2022 + year, 6, 1)))
    fit = fit_weights(people, ties)
    assert fit.fitted and fit.ventures == 2 * MIN_VENTURES
    # The new ventures had no tie before: they are cold start, fitted apart.
    assert fit.cold_ventures == 2 * MIN_VENTURES and fit.weights.for_cold() != fit.weights
    cold = dict(fit.weights.cold_terms)
    assert cold["portfolio_sector"] + cold["segment"] > 0
    assert fit.cold_after[1] == 1.0 and fit.cold_before[1] == pytest.approx(0.75)


def test_a_coordinator_query_with_behaviour_weights_equals_scoring_everyone():
    from graph_models.matching import coordinator_matches

    people, ties = ecosystem()
    index = MatchIndex.build(people, ties)
    weights = MatchWeights.from_mapping({"portfolio_sector": 2.0, "activity": 1.0})
    pruned = coordinator_matches(index, pillar="financing", weights=weights, threshold=60)
    full = coordinator_matches(index, pillar="financing", weights=weights, threshold=60,
                               exhaustive=True)
    assert pruned.pairs == full.pairs and pruned.unmet_needs == full.unmet_needs


def test_the_further_starts_of_the_ascent_are_the_terms_that_rank_best_alone():
    """Two ventures, three candidates each: the second term alone puts the true one first,
    the first term puts it last."""
    from graph_models.matching.calibration import _best_alone, _figures, _Sample

    values = np.array([[[1.0, 0.0], [0.5, 0.2], [0.0, 0.9]]] * 2)
    truth = np.array([[False, False, True]] * 2)
    sample = _Sample(("first", "second"), values, truth, np.array([1, 1]))
    assert [start.tolist() for start in _best_alone(sample)] == [[0.0, 1.0], [1.0, 0.0]]
    assert _figures(sample, np.array([0.0, 1.0])) == (1.0, 1.0)
    assert _figures(sample, np.array([1.0, 0.0]))[1] == pytest.approx(1 / 3)


def test_first_backers_count_only_the_ties_that_gave_a_venture_its_first_backing():
    me = stakeholder(id="me", sectors=("crafts",), region="EL303", needs=("financing.loan",))
    investors = [stakeholder(Kind.INVESTOR, id=i, offers=("financing.loan",), region="EL303")
                 for i in ("seed", "late", "pair")]
    ventures = [stakeholder(id=v, sectors=("crafts",), region="EL303") for v in ("v1", "v2")]
    # seed funds v1 first and late follows a year on; late and pair fund v2 on one day; an
    # undated tie of pair with v1 is nobody's first.
    ties = [tie(TieType.FUNDED, "seed", "v1", since=DAY - timedelta(days=365)),
            tie(TieType.FUNDED, "late", "v1", since=DAY),
            tie(TieType.FUNDED, "late", "v2", since=DAY),
            tie(TieType.FUNDED, "pair", "v2", since=DAY),
            tie(TieType.FUNDED, "pair", "v1", since=None)]
    index = MatchIndex.build([me, *investors, *ventures], ties)
    provider, venture, _ = relation_ties(index)
    firsts = {(index.ids[p], index.ids[v]) for p, v, first
              in zip(provider, venture, first_ties(index), strict=True) if first}
    assert firsts == {("seed", "v1"), ("late", "v2"), ("pair", "v2")}
    rows = np.array([index.row[i] for i in ("seed", "late", "pair")])
    # The first ties weigh 2^-0.5 (seed's, a year old) and 1, 1: the sector's total and each
    # level's is 2 + 2^-0.5; every share counts four times (sector and three levels).
    total = 2 + 2 ** -0.5
    shares = np.array([2 ** -0.5, 1.0, 1.0]) / total
    value = segment(index, np.array([index.row["me"]]), rows, np.ones(1), first=True)[0]
    assert value == pytest.approx(shares / shares.max())
    weights = MatchWeights.from_mapping({"first_backers": 1.0, "inclusion": 0.0})
    found = {m.candidate_id: m for m in recommend(index, "me", kind="investor", weights=weights)}
    assert str(found["seed"].term("first_backers").reason) == (
        "accounts for 26% of the recent ties that gave ventures of your sector (crafts) their "
        "first funding, support or mentoring and, of those near you, 26% in EL3")
