"""The needs-assessment journey in a browser, in Greek and English: a coordinator drafts an
assessment for the policymakers of its region, opens it and sends it, and sees the links made;
two respondents answer on a phone through their own links, one consenting to its profile
being updated and one not; the coordinator's needs map then counts them both."""

from __future__ import annotations

import re

import pytest

from graph_models.domain.assessments import LinkState
from tests.api.conftest import use_cases
from tests.browser.tabs import PHONE


def links_shown(page) -> dict[str, str]:
    """The links just made, shown once on the assessment's page: by stakeholder name, each
    as a path on the service."""
    rows = page.locator("section.sent tbody tr")
    return {rows.nth(i).locator("td").first.inner_text():
            "/q/" + rows.nth(i).locator("code.link").inner_text().split("/q/", 1)[1]
            for i in range(rows.count())}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["el", "en"])
def test_a_coordinator_sends_an_assessment_and_answers_on_a_phone_make_its_needs_map(
        site, tab_in, language):
    eco = use_cases(site.app)
    tab = tab_in(language)
    tab.open("/assessments")
    tab.sign_in()
    page = tab.page
    assert page.locator("html").get_attribute("lang") == language
    tab.check(f"assessments-{language}")

    page.locator("#title").fill("Ανάγκες των δήμων 2026")
    page.locator("#region").select_option(site.demo.region)
    page.locator("input[name=kinds][value=policymaker]").check()
    page.locator("input[name=needs_pillars][value=financing]").check()
    page.locator("input[name=offers_pillars][value=training]").check()
    page.locator("#rating_prompt").fill("Πόσο πιεστικές είναι οι ανάγκες σας;")
    page.locator("form[action$='#new'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/assessments/\w+"))
    (made,) = eco.store.list_assessments()
    assert f"/assessments/{made.id}" in page.url
    assert [q.kind.value for q in made.questions] == ["needs", "offers", "rating"]
    tab.check(f"assessment-draft-{language}")

    page.locator("button[value=open]").click()
    assert page.locator(".notice").is_visible()
    page.locator("button[value=send]").click()
    links = links_shown(page)
    scope = {s.id: s for s in eco.assessments.scope(eco.store.get_assessment(made.id))}
    assert sorted(links) == sorted(s.name for s in scope.values()) and len(links) > 1
    assert len(eco.store.links_of(made.id)) == len(scope)
    tab.check(f"assessment-sent-{language}")

    (agreeing, agreed_path), (declining, declined_path) = sorted(links.items())[:2]
    phone = tab_in(language, PHONE)
    phone.open(agreed_path)
    assert agreeing in phone.page.locator("p.lead").inner_text()
    assert phone.fits_the_width()
    phone.check(f"questionnaire-{language}")
    picked = phone.page.locator("input[name=q1]").first.get_attribute("value")
    phone.page.locator(f"input[name=q1][value='{picked}']").check()
    phone.page.locator("#q3").select_option("4")
    phone.page.locator("input[name=consent][value=yes]").check()
    phone.page.locator("form.questionnaire button[type=submit]").click()
    assert phone.page.locator("form.questionnaire").count() == 0
    assert phone.fits_the_width()
    phone.check(f"questionnaire-thanks-{language}")

    other = tab_in(language, PHONE)
    other.open(declined_path)
    other.page.locator("input[name=q1]").nth(1).check()
    other.page.locator("form.questionnaire button[type=submit]").click()
    assert other.page.locator("form.questionnaire").count() == 0
    other.open(declined_path)  # a link works once
    assert other.page.locator("form.questionnaire").count() == 0

    by_name = {s.name: s for s in scope.values()}
    assert picked in eco.store.get_stakeholder(by_name[agreeing].id).needs
    assert eco.store.get_stakeholder(by_name[declining].id).needs == by_name[declining].needs
    tab.open(f"/assessments/{made.id}")  # not a reload: that would send the step again
    results = eco.assessments.results(made.id)
    assert (results.map.respondents, results.map.sent) == (2, len(scope))
    assert sorted(row.state for row in results.links).count(LinkState.ANSWERED) == 2
    figure = page.locator("p.figure").inner_text()
    assert "2" in figure and str(len(scope)) in figure
    assert page.locator("table.needs-map meter").count() > 0
    assert page.locator("table.needs-map").first.is_visible()
    tab.check(f"needs-map-{language}")
