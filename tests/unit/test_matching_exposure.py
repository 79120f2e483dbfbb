"""Exposure-aware re-ranking and the inclusion report, on tiny lists and the example graph."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binom

from graph_models.domain.errors import InvalidInput
from graph_models.matching import recommend
from graph_models.matching.config import DEFAULT_WEIGHTS, MatchWeights
from graph_models.matching.examples import example_graph
from graph_models.matching.exposure import fair_minimums, rerank
from graph_models.matching.inclusion import gini, inclusion_report
from graph_models.matching.index import MatchIndex
from graph_models.use_cases.common import summary_of
from graph_models.use_cases.matches import RankedMatch
from service.api.match_schemas import MatchSchema, match_answers
from service.i18n.phrases import render


def exposure_on(bound: float, share: float = 0.95, small: int = 0) -> MatchWeights:
    return DEFAULT_WEIGHTS.with_terms({}, exposure_bound=bound, exposure_share=share,
                                      exposure_small_degree=small)


def test_the_fair_table_is_the_binomial_quantile_of_each_prefix():
    for share in (0.1, 0.3, 0.5, 0.7):
        expected = tuple(int(binom.ppf(0.1, n, share)) for n in range(1, 31))
        assert fair_minimums(30, share) == expected


@pytest.mark.parametrize("seed", range(20))
def test_no_place_loses_more_than_the_bound(seed):
    rng = np.random.default_rng(seed)
    scores = sorted(rng.uniform(20, 100, 40).round(1).tolist(), reverse=True)
    protected = (rng.random(40) < 0.3).tolist()
    bound = float(rng.choice([0.05, 0.1, 0.3]))
    placed = rerank(scores, protected, 10, bound=bound, share=0.6)
    assert len({p.position for p in placed}) == 10
    for place, p in enumerate(placed):
        assert scores[p.position] >= (1 - bound) * scores[place] - 1e-9
    gains = [1 / math.log2(2 + i) for i in range(10)]
    dcg = sum(g * scores[p.position] for g, p in zip(gains, placed, strict=True))
    assert dcg >= (1 - bound) * sum(g * s for g, s in zip(gains, scores, strict=False))


def test_an_underexposed_candidate_within_the_bound_is_promoted_and_one_outside_is_not():
    # share 0.95: the first place already asks for one protected candidate (0.05 < 0.1).
    scores, protected = [80.0, 79.0, 70.0], [False, False, True]
    within = rerank(scores, protected, 2, bound=0.15, share=0.95)  # 70 >= 0.85 * 80 = 68
    assert [(p.position, p.passed) for p in within] == [(2, 0), (0, None)]
    outside = rerank(scores, protected, 2, bound=0.1, share=0.95)  # 70 < 0.9 * 79 = 71.1
    assert [(p.position, p.passed) for p in outside] == [(0, None), (1, None)]


def test_groups_keep_their_order_by_score_and_the_table_is_not_exceeded():
    scores = [90.0, 89.0, 88.0, 87.0, 86.0, 85.0]
    protected = [False, False, False, False, True, True]
    # share 0.5: the table asks for 1 protected by place 4, and none more before place 7.
    placed = rerank(scores, protected, 5, bound=0.1, share=0.5)
    assert [p.position for p in placed] == [0, 1, 2, 4, 3]


def test_recommend_promotes_the_newcomer_investor_only_within_the_bound():
    G = example_graph()  # for ent: inv 99.5, inv2 (no ties) 75.0; 75 / 99.5 = 0.754
    plain = recommend(G, "ent", kind="investor", limit=2)
    assert [m.candidate_id for m in plain] == ["inv", "inv2"]
    assert all(m.promotion is None for m in plain)
    near = recommend(G, "ent", kind="investor", limit=2, weights=exposure_on(0.3))
    assert [(m.candidate_id, m.score) for m in near] == [("inv2", 75.0), ("inv", 99.5)]
    assert str(near[0].promotion).startswith(
        "moved up from place 2 to 1 to give newcomers a chance: it has no ties yet")
    assert "within 30%" in str(near[0].promotion) and near[1].promotion is None
    far = recommend(G, "ent", kind="investor", limit=2, weights=exposure_on(0.2))
    assert [m.candidate_id for m in far] == ["inv", "inv2"]
    assert all(m.promotion is None for m in far)


def test_a_promotion_reaches_past_the_limit():
    G = example_graph()
    near = recommend(G, "ent", kind="investor", limit=1, weights=exposure_on(0.3))
    assert [m.candidate_id for m in near] == ["inv2"]


def test_exposure_settings_are_checked_and_named():
    with pytest.raises(InvalidInput) as error:
        MatchWeights.from_mapping({"exposure_bound": 1.0, "exposure_share": 0,
                                   "exposure_small_degree": -1})
    assert set(error.value.errors) == {"exposure_bound", "exposure_share",
                                       "exposure_small_degree"}


def gini_by_pairs(values) -> float:
    """Mean absolute difference over twice the mean: the textbook definition."""
    x = np.asarray(values, dtype=float)
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean()))


def test_gini_by_hand_and_by_the_pairwise_definition():
    assert gini([0, 0, 0, 1]) == pytest.approx(0.75)  # 6 / (2 * 16 * 0.25)
    assert gini([5, 5]) == 0 and gini([]) == 0 and gini([0, 0]) == 0
    rng = np.random.default_rng(3)
    for _ in range(10):
        values = rng.exponential(size=int(rng.integers(2, 30)))
        assert gini(values) == pytest.approx(gini_by_pairs(values))


def test_the_inclusion_report_of_the_example_graph_by_hand():
    index = MatchIndex.of(example_graph())
    # ent: inv (rank 1), inv2 (rank 2); ent2 (already funded by inv): inv2 (rank 1).
    third = 1 / math.log2(3)
    before = inclusion_report(index, kind="investor", weights=exposure_on(0.2), min_matches=2)
    assert (before.seekers, before.providers, before.newcomers) == (2, 2, 1)
    assert before.before.gini == pytest.approx(gini_by_pairs([1, third + 1]))
    assert before.after == before.before and before.ndcg == 1 and before.promoted == 0
    after = inclusion_report(index, kind="investor", weights=exposure_on(0.3), min_matches=2)
    # ent's list becomes inv2, inv: inv2 has 1 + 1, inv 1 / log2(3).
    assert after.after.gini == pytest.approx(gini_by_pairs([third, 2]))
    assert after.promoted == 0.5
    assert after.ndcg == pytest.approx(((75 + 99.5 * third) / (99.5 + 75 * third) + 1) / 2,
                                       abs=1e-3)
    ent2 = recommend(index, "ent2", kind="investor")[0]
    seen = 1.0 if ent2.score >= 50 else 0.0  # inv2 is in both lists
    assert after.after.newcomers_seen == after.before.newcomers_seen == seen


def test_the_answer_with_a_promotion_is_what_the_schema_dumps_in_both_languages():
    G = example_graph()
    index = MatchIndex.of(G)
    found = [RankedMatch(summary_of(index.stakeholders[index.row[m.candidate_id]]), m)
             for m in recommend(G, "ent", kind="investor", weights=exposure_on(0.3))]
    answer = match_answers(found)
    assert answer == MatchSchema(many=True).dump(found)
    assert answer[0]["promotion"].startswith("moved up") and answer[1]["promotion"] is None
    assert render(found[0].match.promotion, locale="el").startswith("ανέβηκε")


def test_a_promotion_is_reproducible():
    G = example_graph()
    runs = [[(m.candidate_id, str(m.promotion)) for m in
             recommend(G, "ent", kind="investor", weights=exposure_on(0.3))] for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
