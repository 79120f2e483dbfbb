"""Ordinal (ranked) ballots through the API, on both stores: a process that refuses the rule
ranked ballots cannot run, rankings cast and read back in order, bad ones refused by field
with nothing written, and results by Borda points worded in the request's language."""

from __future__ import annotations

import pytest

from tests.api import test_budgets_api
from tests.api.helpers import assert_error
from tests.api.test_budgets_api import B, Town

town = test_budgets_api.town  # the fixture: a fund, four entrepreneurs, members, a coordinator


def ranked_voting(town: Town) -> tuple[str, dict[str, str]]:
    """An ordinal process (at most two ranks) voting on ana's park (600), bo's library (500)
    and cy's bench (300)."""
    process_id = town.process(ballot_type="ordinal")["id"]
    projects = {}
    for who, title, cost in (("ana", "Πάρκο", 600), ("bo", "Βιβλιοθήκη", 500),
                             ("cy", "Παγκάκι", 300)):
        projects[who] = town.propose(process_id, who, title, cost).get_json()["id"]
    town.phase(process_id, "review")
    for project_id in projects.values():
        assert town.post("coordinator", f"{B}/projects/{project_id}/review",
                         json={"eligible": True}).status_code == 200
    town.phase(process_id, "voting")
    return process_id, projects


def test_an_ordinal_process_refuses_phragmen_naming_the_rule(town):
    made = town.post("coordinator", B, json={
        "name": "Κατάταξη", "region": "EL303", "budget": 1000, "fund_id": town.ids["fund"],
        "ballot_type": "ordinal", "rule": "phragmen"})
    assert_error(made, 422, "rule")
    assert town.store.list_budget_processes() == []


def test_rankings_are_counted_by_borda_points_and_explained(town):
    process_id, p = ranked_voting(town)
    for who, ranking in (("ana", ["ana", "cy"]), ("bo", ["bo", "cy"]), ("cy", ["cy", "ana"])):
        cast = town.post(who, f"{B}/{process_id}/ballot",
                         json={"projects": [p[w] for w in ranking]})
        assert cast.status_code == 201, cast.get_data(as_text=True)
    assert town.get("cy", f"{B}/{process_id}/ballot").get_json()["projects"] == [
        p["cy"], p["ana"]]

    town.phase(process_id, "results")
    body = town.get("cy", f"{B}/{process_id}/results",
                    headers={"Accept-Language": "en"}).get_json()

    # Borda points: each voter's first choice 1, the second 0. Equal shares, €333⅓ each:
    # only the bench's lone supporter (cy) can pay for it; raised to €500 each, bo pays for
    # the library too, and the €200 left cannot buy the park (ana has €500 for €600).
    assert body["funded"] == [p["cy"], p["bo"]]
    by_id = {v["project_id"]: v for v in body["projects"]}
    assert [(by_id[p[w]]["votes"], by_id[p[w]]["score"]) for w in ("ana", "bo", "cy")] == [
        (2, 1.0), (1, 1.0), (3, 1.0)]
    assert by_id[p["cy"]]["explanation"].startswith(
        "funded in round 1: the voters who ranked it could pay its cost")
    assert by_id[p["ana"]]["reason"] == "unaffordable"
    greek = town.get("cy", f"{B}/{process_id}/results", headers={"Accept-Language": "el"})
    assert {v["project_id"]: v for v in greek.get_json()["projects"]}[p["cy"]][
        "explanation"].startswith("χρηματοδοτείται στον γύρο 1: όσοι το κατέταξαν")


@pytest.mark.parametrize(("ranking", "extra", "field"), [
    (["ana", "ana"], {}, "projects"),                   # a project ranked twice
    (["ana", "bo", "cy"], {}, "projects"),              # more than two ranks
    (["ana", "bo"], {"points": [2, 1]}, "points"),      # points on a ranked ballot
])
def test_a_bad_ranking_names_the_field_and_writes_nothing(town, ranking, extra, field):
    process_id, p = ranked_voting(town)
    refused = town.post("ana", f"{B}/{process_id}/ballot",
                        json={"projects": [p[w] for w in ranking], **extra})
    assert_error(refused, 422, field)
    assert town.store.budget_ballots(process_id) == []
