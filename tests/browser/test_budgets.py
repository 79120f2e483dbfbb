"""A participatory budget in a browser, in Greek and English: a member proposes a project for
its organisation, the coordinator reviews it and opens the vote, the member votes once, the
coordinator publishes the results, and the results page says why each project won or lost
and what the voter's own share was."""

from __future__ import annotations

import pytest

from graph_models.domain.stakeholders import Kind
from tests.api.conftest import use_cases


def budget_of(site) -> tuple[str, str]:
    """A budget of €1,000 of the demo's region, taking proposals, with one project of another
    organisation there already: its id and that project's id."""
    eco = use_cases(site.app)
    fund = eco.stakeholders.create_stakeholder({
        "kind": Kind.POLICYMAKER, "name": "Δήμος Δοκιμής", "region": site.demo.region}).id
    process = eco.budgets.create_process({
        "name": "Πλατείες 2026", "region": site.demo.region, "budget": 1000, "fund_id": fund,
        "rules": {"max_projects": 2}}, actor=site.maria)
    other = eco.stakeholders.create_stakeholder({
        "kind": Kind.ENTREPRENEUR, "name": "Συνεταιρισμός Γειτονιάς",
        "region": eco.store.get_stakeholder(site.venture).region}).id
    project = eco.budgets.propose(process.id, {"proposer_id": other, "title": "Βιβλιοθήκη",
                                               "cost": 800})
    return process.id, project.id


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_member_proposes_and_votes_and_the_results_explain_each_project(site, tab_in,
                                                                          language):
    process_id, other_project = budget_of(site)
    eco = use_cases(site.app)
    base = f"/budgets/{process_id}"

    member = tab_in(language)
    member.open("/budgets")
    member.sign_in(username="nikos")
    page = member.page
    assert page.locator("html").get_attribute("lang") == language
    member.check(f"budgets-{language}")
    page.locator(f'a[href="{base}"]').click()
    member.check(f"budget-proposals-{language}")
    page.locator(f'a[href="{base}/propose"]').click()
    page.locator("#title").fill("Πάρκο τσέπης")
    page.locator("#cost").fill("300")
    page.locator("#categories").fill("πράσινο, παιδιά")
    member.check(f"budget-propose-{language}")
    page.locator("form.budget-form button[type=submit]").click()
    assert page.locator(".notice").is_visible()
    mine = next(p for p in eco.budgets.projects(process_id) if p.proposer_id == site.venture)
    assert (mine.title, mine.cost, mine.proposed_by) == ("Πάρκο τσέπης", 300, site.nikos.id)

    coordinator = tab_in(language)
    coordinator.open(base)
    coordinator.sign_in()
    desk = coordinator.page
    desk.locator("form.phase-form button[type=submit]").click()
    assert desk.locator(".notice").is_visible()
    desk.locator(f'a[href="{base}/review"]').click()
    for project_id in (mine.id, other_project):
        desk.locator(f"#eligible-{project_id}").select_option("true")
        desk.locator(f"#project-{project_id} form button[type=submit]").click()
        assert desk.locator(".notice").is_visible()
    coordinator.check(f"budget-review-{language}")
    coordinator.open(base)
    desk.locator("form.phase-form button[type=submit]").click()
    assert eco.budgets.get_process(process_id).phase.value == "voting"

    member.open(f"{base}/ballot")
    page.locator(f'input[name=projects][value="{mine.id}"]').check()
    assert page.locator(".tally").is_visible()  # the counter of chosen count and cost
    assert "300" in page.locator(".tally").inner_text()
    member.check(f"budget-ballot-{language}")
    page.locator("form.ballot button[type=submit]").click()
    assert page.locator(".notice").is_visible()
    assert [b.voter_id for b in eco.store.budget_ballots(process_id)] == [site.nikos.id]
    member.open(f"{base}/ballot")
    assert page.locator("form.ballot").count() == 0  # one ballot each

    coordinator.open(base)
    desk.locator("form.phase-form button[type=submit]").click()
    results = eco.budgets.get_process(process_id).results
    assert results.funded == (mine.id,)

    member.open(f"{base}/results")
    rows = page.locator("table.verdicts tbody tr")
    assert rows.count() == 2
    for row in range(2):
        assert page.locator("td.why").nth(row).inner_text().strip()
    assert page.locator("#my-share").is_visible()
    member.check(f"budget-results-{language}")
