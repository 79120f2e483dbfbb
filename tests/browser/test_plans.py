"""The Local Action Plan journey in a browser, in Greek and English: a coordinator drafts a
plan, adds a goal, an action and a manual indicator, adopts it, records a value and reads the
plan report (with the network before and after); a member then reads the adopted plan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph_models.domain.plans import PlanState
from tests.api.conftest import use_cases


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_coordinator_drafts_fills_adopts_and_reports_on_a_plan(site, tab_in, language):
    start, end = date.today() - timedelta(days=90), date.today() + timedelta(days=3 * 365)
    tab = tab_in(language)
    tab.open("/plans/new")
    tab.sign_in()
    page = tab.page
    assert page.locator("html").get_attribute("lang") == language
    tab.check(f"plan-new-{language}")
    page.locator("#title").fill("ΣΑΣΟ 2026–2029")
    page.locator("#territory").select_option(site.demo.region)
    page.locator("#starts_on").fill(start.isoformat())
    page.locator("#ends_on").fill(end.isoformat())
    page.locator("#vision").fill("Περισσότερες ΚοινΣΕπ που ζουν από τη δουλειά τους")
    page.locator("form.plan-form button[type=submit]").click()
    plan_id = page.url.rsplit("/", 1)[1]

    page.locator("#goal-pillar").select_option("training")
    page.locator("#goal-title").fill("Σχολή ΚοινΣΕπ")
    page.locator("form#goal button[type=submit]").click()
    page.locator("#action-goal").select_option(index=1)
    page.locator("#action-what").fill("Δέκα εργαστήρια")
    page.locator("#action-responsible").fill(site.venture)
    page.locator("#action-budget").fill("1500")
    page.locator("form#action button[type=submit]").click()
    page.locator("#indicator-name").fill("Απόφοιτοι")
    page.locator("#indicator-pillar").select_option("training")
    page.locator("#indicator-baseline").fill("0")
    page.locator("#indicator-target").fill("40")
    page.locator("#indicator-deadline").fill(end.isoformat())
    page.locator("form#indicator button[type=submit]").click()
    tab.check(f"plan-draft-{language}")
    page.locator("form#state button[type=submit]").click()
    page.locator("#value-on-1").fill(date.today().isoformat())
    page.locator("#value-value-1").fill("12")
    page.locator("form#value-1 button[type=submit]").click()
    plan = use_cases(site.app).plans.get_plan(plan_id)
    assert plan.state == PlanState.ADOPTED
    assert [v.value for v in plan.indicators[0].values] == [12.0]
    assert page.locator("#indicators tbody tr").count() == 1
    tab.check(f"plan-adopted-{language}")

    page.locator(f'a[href="/plans/{plan_id}/report"]').click()
    assert page.locator("main.plan-report h2").count() == 3
    assert page.locator("main.plan-report table").count() == 3
    tab.check(f"plan-report-{language}")
    page.emulate_media(media="print")
    assert not page.locator("header").first.is_visible()
    assert page.locator("main.plan-report table").first.is_visible()

    reader = tab_in(language)
    reader.open(f"/plans/{plan_id}")
    reader.sign_in(username="nikos")
    assert reader.page.locator("h1").inner_text() == "ΣΑΣΟ 2026–2029"
    assert reader.page.locator("form#state").count() == 0
