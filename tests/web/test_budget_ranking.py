"""A ranked (ordinal) ballot's page without a browser: a rank chosen per project, read back
in rank order, refused when a rank is given twice or a limit broken (nothing written), and the
results worded by Borda points in Greek and English."""

from __future__ import annotations

import pytest

from graph_models.domain.budgets import Phase
from tests.api.conftest import use_cases
from tests.web import test_budgets
from tests.web.conftest import text_of
from tests.web.test_budgets import Town

town = test_budgets.town  # the fixture: a town with a fund, two entrepreneurs and a coordinator

WORDS = {
    "en": {"lead": "Rank the projects you would like the budget to fund",
           "bought": "the voters who ranked it could pay its cost",
           "last": "it was only ever ranked last, which scores no Borda points",
           "column": "Borda points"},
    "el": {"lead": "Κατατάξτε τα έργα που θα θέλατε να χρηματοδοτηθούν",
           "bought": "όσοι το κατέταξαν μπορούσαν να καλύψουν το κόστος του",
           "last": "κατατάχθηκε μόνο τελευταίο, θέση που δεν παίρνει πόντους Borda",
           "column": "Πόντοι Borda"},
}


def ranked_process(town: Town) -> tuple[str, list[str]]:
    """An ordinal process of €1,000 voting on α (€400), β (€400) and γ (€300), two ranks at
    most."""
    budgets = use_cases(town.app).budgets
    process = budgets.create_process({
        "name": "Γειτονιές", "region": "EL303", "budget": 1000, "fund_id": town.ids["fund"],
        "ballot_type": "ordinal", "rules": {"max_projects": 2}})
    ids = [budgets.propose(process.id, {"proposer_id": town.ids["bo"], "title": title,
                                        "cost": cost}).id
           for title, cost in (("α", 400), ("β", 400), ("γ", 300))]
    budgets.open_phase(process.id, Phase.REVIEW)
    for project_id in ids:
        budgets.review(project_id, True, "")
    budgets.open_phase(process.id, Phase.VOTING)
    return process.id, ids


def test_a_ranked_ballot_is_read_in_rank_order(town):
    process_id, (alpha, beta, gamma) = ranked_process(town)
    ana = town.browser("ana", "en")
    page = f"/budgets/{process_id}/ballot"
    form = ana.get(page).get_data(as_text=True)
    assert f'<select id="rank-{alpha}" name="ranks" class="rank">' in form

    cast = town.post(ana, page, {"projects": [alpha, beta, gamma], "ranks": ["2", "1", "0"]},
                     page=page)

    assert cast.status_code == 303
    store = use_cases(town.app).store
    ballot = store.budget_ballot(process_id, store.get_user_by_username("ana").id)
    assert (ballot.projects, ballot.points) == ((beta, alpha), None)


@pytest.mark.parametrize(("ranks", "words"), [
    (["1", "1", "0"], "Give each rank to one project only: 1 given twice."),
    (["1", "2", "3"], "Choose at most 2 projects."),
])
def test_a_ranking_breaking_the_rules_is_refused_and_nothing_is_written(town, ranks, words):
    process_id, ids = ranked_process(town)
    ana = town.browser("ana", "en")
    page = f"/budgets/{process_id}/ballot"

    refused = town.post(ana, page, {"projects": ids, "ranks": ranks}, page=page)

    assert refused.status_code == 422
    assert words in text_of(refused)
    # The ranks given are shown again, to be corrected.
    assert f'<option value="{ranks[0]}" selected>' in refused.get_data(as_text=True)
    assert use_cases(town.app).store.budget_ballots(process_id) == []


@pytest.mark.parametrize("language", ["en", "el"])
def test_the_results_of_ranked_ballots_are_explained_by_borda_points(town, language):
    process_id, (alpha, beta, gamma) = ranked_process(town)
    page = f"/budgets/{process_id}/ballot"
    ana, bo = town.browser("ana", language), town.browser("bo", language)
    assert WORDS[language]["lead"] in text_of(ana.get(page))
    # Borda points: ana ranks β then α (β 1, α 0), bo β then γ (β 1, γ 0). Equal shares buys
    # β; α and γ, only ever ranked last, support nothing, and the greedy completion funds the
    # one of them that comes first by id and still fits.
    for voter, ranks in ((ana, ["2", "1", "0"]), (bo, ["0", "1", "2"])):
        assert town.post(voter, page, {"projects": [alpha, beta, gamma], "ranks": ranks},
                         page=page).status_code == 303
    use_cases(town.app).budgets.open_phase(process_id, Phase.RESULTS)

    results = text_of(ana.get(f"/budgets/{process_id}/results"))

    assert WORDS[language]["bought"] in results
    assert WORDS[language]["last"] in results
    assert WORDS[language]["column"] in results
    outcome = use_cases(town.app).budgets.get_process(process_id).results
    assert outcome.funded[0] == beta and len(outcome.funded) == 2
