"""The participatory budget pages without a browser: a process from a proposal to its results
explained, in Greek and English, and refused forms that write nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.budgets import Phase
from graph_models.domain.stakeholders import Kind
from tests.api.conftest import make_user, use_cases
from tests.web.conftest import PASSWORD, form_token, sign_in, text_of


@dataclass
class Town:
    """A municipality's fund and two entrepreneurs of Attica, ana's and bo's (each with a
    member of the same name), a budget of €1,000 taking proposals (at most two projects on a
    ballot), and Maria, who coordinates Attica."""

    app: object
    ids: dict[str, str]
    process_id: str

    def browser(self, username: str, language: str):
        client = self.app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        assert sign_in(client, username, language=language).status_code == 303
        return client

    def post(self, client, url: str, data: dict, *, page: str):
        return client.post(url, data={"csrf_token": form_token(client.get(page)), **data})


@pytest.fixture
def town(app, maria) -> Town:
    eco = use_cases(app)
    ids = {"fund": eco.stakeholders.create_stakeholder({
        "kind": Kind.POLICYMAKER, "name": "Δήμος Αθηναίων", "region": "EL303"}).id}
    for name in ("ana", "bo"):
        ids[name] = eco.stakeholders.create_stakeholder({
            "kind": Kind.ENTREPRENEUR, "name": f"Κοιν.Σ.Επ. {name}", "region": "EL303"}).id
        make_user(app, name, Role.MEMBER, memberships=[ids[name]], password=PASSWORD)
    process = eco.budgets.create_process({
        "name": "Πλατείες 2026", "region": "EL303", "budget": 1000, "fund_id": ids["fund"],
        "rules": {"max_projects": 2}})
    return Town(app, ids, process.id)


WORDS = {
    "en": {"proposed": "Your project is proposed.", "voted": "Your ballot is cast.",
           "why": "funded in round 1: its 2 supporters could pay its cost",
           "share": "Your equal share of the budget was €500"},
    "el": {"proposed": "Η πρότασή σας υποβλήθηκε.", "voted": "Η ψήφος σας καταχωρίστηκε.",
           "why": "χρηματοδοτείται στον γύρο 1: οι 2 υποστηρικτές",
           "share": "Το ίσο μερίδιό σας στον προϋπολογισμό ήταν 500"},
}


@pytest.mark.parametrize("language", ["en", "el"])
def test_a_project_goes_from_its_proposal_to_its_results_explained(town, language):
    base = f"/budgets/{town.process_id}"
    ana, bo = town.browser("ana", language), town.browser("bo", language)
    maria = town.browser("maria", language)

    proposed = town.post(ana, f"{base}/propose", {
        "proposer_id": town.ids["ana"], "title": "Πάρκο", "cost": "400",
        "categories": "πράσινο, παιδιά"}, page=f"{base}/propose")
    assert proposed.status_code == 303
    assert WORDS[language]["proposed"] in text_of(ana.get(proposed.headers["Location"]))
    project = use_cases(town.app).budgets.projects(town.process_id)[0]
    assert project.categories == ("πράσινο", "παιδιά")

    assert town.post(maria, f"{base}/phase", {"phase": "review"}, page=base).status_code == 303
    assert town.post(maria, f"{base}/projects/{project.id}/review", {"eligible": "true"},
                     page=f"{base}/review").status_code == 303
    assert town.post(maria, f"{base}/phase", {"phase": "voting"}, page=base).status_code == 303

    for voter in (ana, bo):
        voted = town.post(voter, f"{base}/ballot", {"projects": project.id},
                          page=f"{base}/ballot")
        assert voted.status_code == 303
    assert WORDS[language]["voted"] in text_of(ana.get(voted.headers["Location"]))
    again = town.post(ana, f"{base}/ballot", {"projects": project.id}, page=base)
    assert again.status_code == 409
    assert len(use_cases(town.app).store.budget_ballots(town.process_id)) == 2

    assert town.post(maria, f"{base}/phase", {"phase": "results"}, page=base).status_code == 303
    results = text_of(ana.get(f"{base}/results"))
    assert WORDS[language]["why"] in results
    assert WORDS[language]["share"] in results
    # The coordinator did not vote: no share of theirs to read.
    assert 'id="my-share"' not in maria.get(f"{base}/results").get_data(as_text=True)


def test_a_ballot_over_its_limit_is_refused_saying_so_and_nothing_is_written(town):
    budgets = use_cases(town.app).budgets
    ids = [budgets.propose(town.process_id, {"proposer_id": town.ids["ana"], "title": t,
                                             "cost": 100}).id for t in ("α", "β", "γ")]
    budgets.open_phase(town.process_id, Phase.REVIEW)
    for project_id in ids:
        budgets.review(project_id, True, "")
    budgets.open_phase(town.process_id, Phase.VOTING)
    ana = town.browser("ana", "en")
    base = f"/budgets/{town.process_id}"

    refused = town.post(ana, f"{base}/ballot", {"projects": ids}, page=f"{base}/ballot")

    assert refused.status_code == 422
    assert "Choose at most 2 projects." in text_of(refused)
    assert 'class="field-error refusal"' in refused.get_data(as_text=True)
    assert budgets.store.budget_ballots(town.process_id) == []


def test_only_the_coordinators_of_the_territory_open_its_review_page(town):
    base = f"/budgets/{town.process_id}"
    assert town.browser("ana", "en").get(f"{base}/review").status_code == 403
    make_user(town.app, "giorgos", Role.COORDINATOR, regions=["EL52"], password=PASSWORD)
    assert town.browser("giorgos", "en").get(f"{base}/review").status_code == 403
    assert town.browser("maria", "en").get(f"{base}/review").status_code == 200


def test_a_cumulative_ballot_keeps_each_projects_points_to_its_own_row(town):
    budgets = use_cases(town.app).budgets
    process = budgets.create_process({
        "name": "Σχολεία", "region": "EL303", "budget": 1000, "fund_id": town.ids["fund"],
        "ballot_type": "cumulative", "rules": {"max_points": 10}})
    ids = [budgets.propose(process.id, {"proposer_id": town.ids["bo"], "title": t,
                                        "cost": 100}).id for t in ("α", "β")]
    budgets.open_phase(process.id, Phase.REVIEW)
    for project_id in ids:
        budgets.review(project_id, True, "")
    budgets.open_phase(process.id, Phase.VOTING)
    ana = town.browser("ana", "en")
    page = f"/budgets/{process.id}/ballot"

    blank = town.post(ana, page, {"projects": ids, "points": ["", "3"]}, page=page)
    assert blank.status_code == 422
    assert "Give each project a number of points: 0 for none." in text_of(blank)
    assert budgets.store.budget_ballots(process.id) == []

    cast = town.post(ana, page, {"projects": ids, "points": ["0", "3"]}, page=page)
    assert cast.status_code == 303
    ballot = budgets.store.budget_ballot(process.id, budgets.store.get_user_by_username(
        "ana").id)
    assert (ballot.projects, ballot.points) == ((ids[1],), (3,))
