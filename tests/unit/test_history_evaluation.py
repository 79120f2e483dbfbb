"""The evaluation on a funding history: its arithmetic, its baselines and the whole command
path (import through the use case, matches through the use case) on a tiny history whose
figures are computed by hand."""

from __future__ import annotations

from datetime import date

import pytest

from graph_models.matching import history_metrics as hm
from graph_models.use_cases.funding_history import parse_rows, region_codes
from graph_models.use_cases.history_evaluation import cases, evaluate_history

SPLIT = date(2011, 1, 1)
# A funded v and w, B co-funded w, C funded three ventures of category x; in 2011 B funds v
# (warm), C funds the new z (cold), and D, unknown before, funds v (not counted).
TIES = [("A", "v", "2010-01-01", ""), ("A", "w", "2010-02-01", ""), ("B", "w", "2010-02-01", ""),
        ("C", "p", "2010-03-01", "x"), ("C", "q", "2010-04-01", "x"),
        ("C", "r", "2010-05-01", "x"), ("B", "v", "2011-03-01", ""),
        ("C", "z", "2011-04-01", "x"), ("D", "v", "2011-05-01", "")]


def history_rows():
    return parse_rows({"investor_name": i, "company_name": c, "funded_when": d,
                       "company_category": k} for i, c, d, k in TIES)


def test_recall_and_reciprocal_rank_are_averaged_over_ventures():
    result = hm.figures([(["a", "b", "c"], {"b", "z"}), (["c"], {"a"}), (["a"], {"a"})], k=2)
    assert result.ventures == 3
    assert result.recall_at_10 == pytest.approx((0.5 + 0 + 1) / 3)
    assert result.mrr == pytest.approx((0.5 + 0 + 1) / 3)


def test_the_cases_follow_the_protocol():
    warm, cold = cases(history_rows(), SPLIT)
    assert warm.truth == {"v": {"B"}}  # D was unknown before the split
    assert cold.truth == {"z": {"C"}}


def test_the_baselines_rank_as_their_definitions_say():
    history = hm.History.of(((r.investor, r.company, r.when) for r in history_rows()), SPLIT)
    assert history.providers == ("A", "B", "C")
    v = history.venture("v")
    assert hm.popularity(history).tolist() == [2, 1, 3]
    assert hm.co_investment(history, v).tolist() == [2, 1, 0]  # A: v and w; B: w
    assert history.ranking(hm.co_investment(history, v), "v") == ["B", "C"]  # A is tied
    # v → A (1) → v or w (½ each) → from v: A; from w: A or B (¼ each).
    assert hm.walk3(history, v).tolist() == pytest.approx([0.75, 0.25, 0.0])


def test_region_codes_nest_as_the_places_do_and_keep_places_apart():
    places = [("USA", "CA", "SF Bay", "San Jose"), ("USA", "CA", "SF Bay"), ("USA", "CA"),
              ("Greece",), *[("USA", "NY", f"metro {n}") for n in range(40)]]
    codes = region_codes(places)
    city = codes[places[0]]
    assert city.startswith(codes[places[1]]) and codes[places[1]].startswith(codes[places[2]])
    assert codes[places[2]].startswith("US") and len(city) == 5
    assert codes[("Greece",)] != "EL"  # a Greek code must be a real NUTS code
    # 40 metros of one state: the 35 first apart, the rarest 5 share the last character.
    metros = [codes[p] for p in places[4:]]
    assert len(set(metros)) == 36 and len({m[:3] for m in metros}) == 1


def test_the_command_path_measures_syndesmos_and_the_baselines_by_hand():
    result = evaluate_history(history_rows(), SPLIT)
    assert (result.investors, result.companies, result.ties) == (3, 3 + 6, 6)
    got = {key: (f.ventures, round(f.recall_at_10, 3), round(f.mrr, 3))
           for key, f in result.figures.items()}
    # Warm v: B is reached through w, C is not: B first. Popularity puts C (3 rounds) first.
    assert got[("warm", "syndesmos")] == (1, 1.0, 1.0)
    assert got[("warm", "popularity")] == (1, 1.0, 0.5)
    assert got[("warm", "co-investment")] == (1, 1.0, 1.0)
    # Cold z: the hand weights' inclusion term puts the least tied first: B, A, then C.
    assert got[("cold", "syndesmos")] == (1, 1.0, 0.333)
    assert got[("cold", "category + region popularity")] == (1, 1.0, 1.0)
