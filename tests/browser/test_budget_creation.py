"""Opening a participatory budget in a browser, in Greek and English: the coordinator follows
"New process" from the list, chooses the territory and the fund by name, sends a form that
misses its budget and sees the error beside the field, fills it in, and finds the process
listed; the demo's own budgets are listed beside it."""

from __future__ import annotations

import pytest

from graph_models.domain.budgets import Phase
from tests.api.conftest import use_cases


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_coordinator_opens_a_participatory_budget_and_finds_it_listed(site, tab_in,
                                                                        language):
    eco = use_cases(site.app)
    fund = eco.store.get_stakeholder(eco.budgets.get_process(
        site.demo.financing.results_process_id).fund_id)
    shown = len(eco.budgets.list_processes())
    coordinator = tab_in(language)
    coordinator.open("/budgets")
    coordinator.sign_in()
    page = coordinator.page
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("table tbody tr").count() == shown  # the demo's budgets
    page.locator('a[href="/budgets/new"]').click()
    page.locator("#name").fill("Γειτονιές 2028")
    page.locator("#region").select_option(site.demo.region)
    page.locator("#fund_id").select_option(fund.id)
    assert fund.name in page.locator("#fund_id option:checked").inner_text()
    assert page.locator('input[name=rule][value="equal_shares"]').is_checked()
    page.locator("#max_projects").fill("3")
    coordinator.check(f"budget-new-{language}")
    page.locator("form.new-budget button[type=submit]").click()

    assert page.locator("#budget-error").is_visible()  # the budget was left out
    assert page.locator("#name").input_value() == "Γειτονιές 2028"  # the rest is kept
    assert len(eco.budgets.list_processes()) == shown
    coordinator.check(f"budget-new-refused-{language}")
    page.locator("#budget").fill("40000")
    page.locator("form.new-budget button[type=submit]").click()

    assert page.locator(".notice").is_visible()
    made = next(p for p in eco.budgets.list_processes() if p.name == "Γειτονιές 2028")
    assert (made.region, made.budget, made.fund_id, made.phase, made.rules.max_projects) == (
        site.demo.region, 40000, fund.id, Phase.PROPOSALS, 3)
    coordinator.open("/budgets")
    assert page.locator(f'a[href="/budgets/{made.id}"]').inner_text() == "Γειτονιές 2028"
    coordinator.check(f"budgets-listed-{language}")
