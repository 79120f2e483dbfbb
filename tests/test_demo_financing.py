"""The demo's financing, on SQLite: a participatory budget voted to its results (whose FUNDED
ties exist, and where equal shares parts from most votes first), one taking proposals, and a
matchfunding campaign whose pool's arithmetic holds; made once, and the same for one seed."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from click.testing import CliRunner

from graph_models.domain.budgets import Phase, Review
from graph_models.domain.stakeholders import Instrument, Kind, TieType
from service.cli import main
from tests.api.conftest import build_app, close_app, sqlite_url, use_cases

SIZE = 300


def seeded(directory, seed: int = 7):
    app = build_app(sqlite_url(directory))
    return app, use_cases(app).demo.seed(SIZE, seed=seed)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    app, made = seeded(tmp_path_factory.mktemp("financing"))
    yield use_cases(app), made
    close_app(app)


def test_the_voted_budget_s_results_are_recorded_as_funded_ties_from_its_fund(demo):
    eco, made = demo
    process = eco.budgets.get_process(made.financing.results_process_id)
    assert process.phase is Phase.RESULTS and process.region == made.region
    assert eco.store.get_stakeholder(process.fund_id).kind is Kind.POLICYMAKER
    projects = {p.id: p for p in eco.budgets.projects(process.id)}
    funded = [projects[i] for i in process.results.funded]
    assert funded and sum(p.cost for p in funded) <= process.budget
    for project in funded:
        tie = eco.store.get_tie(project.tie_id)
        assert (tie.type, tie.source, tie.target) == (
            TieType.FUNDED, process.fund_id, project.proposer_id)
        assert (tie.amount, tie.instrument) == (project.cost, Instrument.GRANT)
    assert {p.id for p in projects.values() if p.funded} == set(process.results.funded)
    (ineligible,) = [p for p in projects.values() if p.review is Review.INELIGIBLE]
    assert ineligible.review_reason and not ineligible.funded


def test_equal_shares_gives_the_minority_its_project_where_most_votes_first_would_not(demo):
    # Projects of 30,000 € each, a budget of 90,000 €: five members approve A, B and C, a
    # sixth A, B and D, three more D. By hand: most votes first takes A and B (6 votes), C
    # (5) and the budget is spent. With equal shares each voter holds 10,000 €: A costs its
    # six 5,000 € each, then B 5,000 € each (less than D's 8,333 €, the sixth paying
    # 5,000 €), which spends the six; C's five have nothing left, and D's last three pay
    # 10,000 € each.
    eco, made = demo
    process = eco.budgets.get_process(made.financing.results_process_id)
    titles = {p.id: p.title for p in eco.budgets.projects(process.id)}
    funded = {titles[i] for i in process.results.funded}
    assert funded == {"Ανακαίνιση παιδικής χαράς", "Φωτισμός της πλατείας",
                      "Κοινωνικό παντοπωλείο"}
    greedy = {titles[i] for i in made.financing.greedy}
    assert greedy == {"Ανακαίνιση παιδικής χαράς", "Φωτισμός της πλατείας",
                      "Δεντροφύτευση της οδού"}
    assert len(eco.store.budget_ballots(process.id)) == 9


def test_a_second_budget_takes_proposals(demo):
    eco, made = demo
    process = eco.budgets.get_process(made.financing.open_process_id)
    assert process.phase is Phase.PROPOSALS and process.region == made.region
    assert [p.review for p in eco.budgets.projects(process.id)] == [Review.PROPOSED] * 2


def test_the_pool_matches_within_its_rules_and_the_totals_add_up(demo):
    eco, made = demo
    desk = eco.campaigns
    view = desk.campaign(made.financing.campaign_id)
    (pool,) = [v for v in desk.list_pools() if v.pool.id == made.financing.pool_id]
    results = [eco.store.get_pledge(i) for i in made.financing.pledge_ids]
    assert len(results) == 8
    matches = [m for r in results for m in r.matches]
    assert matches  # the pool matched some
    for result in results:
        given = sum((m.amount for m in result.matches), Decimal(0))
        assert given <= min(pool.pool.per_pledge_cap, result.pledge.amount * pool.pool.ratio)
    matched = sum((m.amount for m in matches), Decimal(0))
    assert matched <= pool.pool.per_project_cap and matched <= pool.pool.cap
    assert pool.used == matched and pool.left == pool.pool.cap - matched
    pledged = sum((r.pledge.amount for r in results), Decimal(0))
    assert (view.totals.pledged, view.totals.matched, view.totals.raised) == (
        pledged, matched, pledged + matched)
    assert max(Counter(r.pledge.stakeholder_id for r in results if r.matches).values()) == 1


def test_financing_is_made_once_and_seeding_again_adds_none(demo):
    eco, _ = demo
    before = len(eco.budgets.list_processes()), len(eco.campaigns.list_campaigns())
    again = eco.demo.seed(SIZE)
    assert again.financing is None
    assert (len(eco.budgets.list_processes()), len(eco.campaigns.list_campaigns())) == before


def shape(eco, made) -> tuple:
    """What the financing holds, apart from the new ids its objects are given."""
    def projects(process_id):
        return sorted((p.title, p.cost, p.proposer_id, p.review.value, p.funded)
                      for p in eco.budgets.projects(process_id))
    pledges = sorted((r.pledge.stakeholder_id, r.pledge.amount,
                      tuple(m.amount for m in r.matches))
                     for r in map(eco.store.get_pledge, made.financing.pledge_ids))
    return (projects(made.financing.results_process_id),
            projects(made.financing.open_process_id),
            eco.campaigns.campaign(made.financing.campaign_id).campaign.stakeholder_id, pledges)


def test_one_seed_gives_the_same_financing_and_another_seed_other_pledges(demo, tmp_path):
    eco, made = demo
    app, again = seeded(tmp_path / "again")
    other_app, other = seeded(tmp_path / "other", seed=8)
    try:
        assert shape(use_cases(app), again) == shape(eco, made)
        assert shape(use_cases(other_app), other)[3] != shape(eco, made)[3]
    finally:
        close_app(app)
        close_app(other_app)


def test_the_demo_command_says_where_equal_shares_parts_from_most_votes_first(tmp_path,
                                                                             monkeypatch):
    monkeypatch.setenv("SYNDESMOS_STORE", sqlite_url(tmp_path))
    seeded = CliRunner().invoke(main, ["demo", "--size", str(SIZE)], catch_exceptions=False)
    assert seeded.exit_code == 0, seeded.output
    assert ("financing: a participatory budget with results (3 project(s) funded by the Method "
            "of Equal Shares; most votes first would have funded 2 of the same and 1 other(s)), "
            "one taking proposals, a matchfunding campaign with a pool and 8 pledge(s)"
            ) in seeded.output
