"""A ranked (ordinal) budget in a browser, in Greek and English: the member ranks projects
with one select per project (a rank taken from another project moves that one to the rank
given up, and the order so far is spelled out), casts the ballot, and the results show each
project's Borda points and why it won or lost."""

from __future__ import annotations

import pytest

from graph_models.domain.budgets import Phase
from graph_models.domain.stakeholders import Kind
from tests.api.conftest import use_cases


def ranked_budget(site) -> tuple[str, list[str]]:
    """An ordinal budget of €1,000 of the demo's region, voting on three projects of an
    organisation there (€400, €400, €300): its id and the projects' ids."""
    eco = use_cases(site.app)
    fund = eco.stakeholders.create_stakeholder({
        "kind": Kind.POLICYMAKER, "name": "Δήμος Δοκιμής", "region": site.demo.region}).id
    process = eco.budgets.create_process({
        "name": "Γειτονιές 2026", "region": site.demo.region, "budget": 1000, "fund_id": fund,
        "ballot_type": "ordinal", "rules": {"max_projects": 3}}, actor=site.maria)
    other = eco.stakeholders.create_stakeholder({
        "kind": Kind.ENTREPRENEUR, "name": "Συνεταιρισμός Γειτονιάς",
        "region": eco.store.get_stakeholder(site.venture).region}).id
    ids = [eco.budgets.propose(process.id, {"proposer_id": other, "title": title,
                                            "cost": cost}).id
           for title, cost in (("Πάρκο", 400), ("Βιβλιοθήκη", 400), ("Παγκάκια", 300))]
    eco.budgets.open_phase(process.id, Phase.REVIEW)
    for project_id in ids:
        eco.budgets.review(project_id, True, "")
    eco.budgets.open_phase(process.id, Phase.VOTING)
    return process.id, ids


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_member_ranks_projects_and_the_results_count_borda_points(site, tab_in, language):
    process_id, (park, library, benches) = ranked_budget(site)
    eco = use_cases(site.app)
    base = f"/budgets/{process_id}"

    member = tab_in(language)
    member.open(f"{base}/ballot")
    member.sign_in(username="nikos")
    page = member.page
    assert page.locator("html").get_attribute("lang") == language
    order = page.locator(".order")
    order.wait_for(state="visible")  # budgets.js shows it once the page is ready
    page.locator(f"#rank-{library}").select_option("1")
    page.locator(f"#rank-{park}").select_option("2")
    assert "Βιβλιοθήκη, Πάρκο" in order.inner_text()
    # Giving the park rank 1 moves the library to the park's old rank, 2.
    page.locator(f"#rank-{park}").select_option("1")
    assert page.locator(f"#rank-{library}").input_value() == "2"
    assert "Πάρκο, Βιβλιοθήκη" in order.inner_text()
    member.check(f"budget-ranking-{language}")
    page.locator("form.ballot button[type=submit]").click()
    assert page.locator(".notice").is_visible()
    assert eco.store.budget_ballot(process_id, site.nikos.id).projects == (park, library)

    eco.budgets.open_phase(process_id, Phase.RESULTS)
    member.open(f"{base}/results")
    rows = page.locator("table.verdicts tbody tr")
    assert rows.count() == 3
    # Borda points: the park 1, the library (ranked last) 0, the benches (unranked) 0.
    assert page.locator(f"#project-{park} td").nth(3).inner_text().strip() == "1"
    assert [page.locator(f"#project-{benches} td").nth(column).inner_text().strip()
            for column in (2, 3)] == ["0", "0"]
    for row in range(3):
        assert page.locator("td.why").nth(row).inner_text().strip()
    member.check(f"budget-ranked-results-{language}")
