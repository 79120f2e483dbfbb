"""Fitting on other relations, and ``evaluate-history --fit`` measuring through the matches use
case with the model it saved and made active."""

from __future__ import annotations

from datetime import date

import pytest

from graph_models.domain.stakeholders import Kind, TieType
from graph_models.matching.calibration import MIN_VENTURES, fit_weights, relation_for
from graph_models.use_cases.funding_history import parse_rows
from graph_models.use_cases.history_evaluation import evaluate_history
from tests.builders import stakeholder, tie

CATEGORIES = [f"c{n}" for n in range(12)]


def specialised_rows():
    """Twelve investors, each funding two new companies of its own category every year of
    2009–2011: who funds a new company is told by its category alone."""
    return parse_rows({"investor_name": f"fund-{c}", "company_name": f"{c}-{year}-{n}",
                       "funded_when": f"{year}-06-0{n + 1}", "company_category": c}
                      for year in (2009, 2010, 2011) for c in CATEGORIES for n in range(2))


def test_evaluate_history_with_fit_ranks_through_the_saved_active_model():
    """The hand weights cannot tell the twelve investors apart (same place, no declared
    sector); the model fitted on 2010 and made active ranks each new company's investor
    first through the matches use case."""
    hand = evaluate_history(specialised_rows(), date(2011, 1, 1))
    fitted = evaluate_history(specialised_rows(), date(2011, 1, 1), fit_weights=True)

    assert hand.figures[("cold", "syndesmos")].ventures == 2 * len(CATEGORIES)
    assert hand.figures[("cold", "syndesmos")].mrr < 0.5
    assert fitted.figures[("cold", "syndesmos")].mrr == pytest.approx(1.0)


def test_support_is_fitted_like_funding():
    """Support organisations (without a capacity limit) that each support only their own
    sector: SUPPORTED ties are fitted by the same path, and the fitted weights rank each one's
    ventures first."""
    sectors = ("agrifood", "crafts")
    people = [stakeholder(Kind.SUPPORT_ORGANISATION, id=f"sup-{s}", capacity=None,
                          offers=("consulting.business_plan",), region="EL303")
              for s in sectors]
    ties = []
    for year in range(3):
        for s in sectors:
            for n in range(MIN_VENTURES):
                people.append(stakeholder(id=f"v{year}-{s}-{n}", sectors=(s,), region="EL303",
                                          needs=("consulting.business_plan",)))
                ties.append(tie(TieType.SUPPORTED, f"sup-{s}", f"v{year}-{s}-{n}",
                                since=date(2022 + year, 6, 1)))

    fit = fit_weights(people, ties, relation=TieType.SUPPORTED)

    assert fit.fitted and fit.cold_ventures == 2 * MIN_VENTURES
    assert fit.history == len(ties)
    assert fit.cold_after[1] == 1.0 and fit.cold_before[1] < 1.0


def test_each_request_finds_the_relation_it_is_ranked_by():
    assert relation_for("entrepreneur", "investor", "financing") == TieType.FUNDED
    assert relation_for("entrepreneur", "investor", "training") is None
    assert relation_for("entrepreneur", "support_organisation", None) == TieType.SUPPORTED
    assert relation_for("entrepreneur", "entrepreneur", "training") == TieType.MENTORS
    assert relation_for("entrepreneur", "entrepreneur", "networking") is None
    assert relation_for("entrepreneur", None, None) is None
    assert relation_for("support_organisation", "entrepreneur", None) is None
