"""Participatory budgets through the API, on both stores: a process from proposals to
execution, its results explained in the request's language, and every refusal writing
nothing."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest

from graph_models.domain.accounts import Role
from tests.api.conftest import admin_client, bearer_client, make_user, use_cases
from tests.api.helpers import API, ApiClient, assert_error

B = f"{API}/budgets"
SQUARES = {"name": "Πλατείες 2026", "region": "EL303", "budget": 1000,
           "rules": {"max_projects": 2}}


@dataclass
class Town:
    """A municipality's fund, three entrepreneurs of Attica (ana, bo, cy) and one of Central
    Macedonia (far); a member of each, a coordinator of Attica and the admin."""

    ids: dict[str, str]
    clients: dict[str, object]

    def post(self, who, url, **kwargs):
        return self.clients[who].post(url, **kwargs)

    def get(self, who, url, **kwargs):
        return self.clients[who].get(url, **kwargs)

    def process(self, **fields) -> dict:
        made = self.post("coordinator", B, json={**SQUARES, "fund_id": self.ids["fund"],
                                                 **fields})
        assert made.status_code == 201, made.get_data(as_text=True)
        return made.get_json()

    def propose(self, process_id: str, who: str, title: str, cost: int):
        return self.post(who, f"{B}/{process_id}/projects", json={
            "proposer_id": self.ids[who], "title": title, "cost": cost})

    def phase(self, process_id: str, phase: str, **fields):
        opened = self.post("coordinator", f"{B}/{process_id}/phase",
                           json={"phase": phase, **fields})
        assert opened.status_code == 200, opened.get_data(as_text=True)
        return opened.get_json()

    def voting(self) -> tuple[str, dict[str, str]]:
        """A process in its voting phase with three eligible projects: ana's park (600),
        bo's library (500) and cy's bench (300)."""
        process_id = self.process()["id"]
        projects = {}
        for who, title, cost in (("ana", "Πάρκο", 600), ("bo", "Βιβλιοθήκη", 500),
                                 ("cy", "Παγκάκι", 300)):
            made = self.propose(process_id, who, title, cost)
            assert made.status_code == 201, made.get_data(as_text=True)
            projects[who] = made.get_json()["id"]
        self.phase(process_id, "review")
        for project_id in projects.values():
            reviewed = self.post("coordinator", f"{B}/projects/{project_id}/review",
                                 json={"eligible": True, "reason": "σύμφωνο"})
            assert reviewed.status_code == 200, reviewed.get_data(as_text=True)
        self.phase(process_id, "voting")
        return process_id, projects


@pytest.fixture
def town(engine_app) -> Town:
    api = ApiClient(admin_client(engine_app))
    ids = {"fund": api.stakeholder("policymaker", "Δήμος Αθηναίων")["id"]}
    for name in ("ana", "bo", "cy"):
        ids[name] = api.stakeholder("entrepreneur", f"Κοιν.Σ.Επ. {name}")["id"]
    ids["far"] = api.stakeholder("entrepreneur", "Μακεδονία", region="EL522")["id"]
    clients = {"admin": api.client}
    for name in ("ana", "bo", "cy", "far"):
        clients[name] = bearer_client(engine_app, make_user(
            engine_app, f"member-{name}", Role.MEMBER, memberships=[ids[name]])[1])
    clients["coordinator"] = bearer_client(engine_app, make_user(
        engine_app, "coordinator", Role.COORDINATOR, regions=["EL30"])[1])
    town = Town(ids, clients)
    town.app, town.store = engine_app, use_cases(engine_app).store
    return town


def test_a_process_goes_from_proposals_to_results_explained_and_funded_ties(town):
    process_id, projects = town.voting()
    for who, chosen in (("ana", ["ana"]), ("bo", ["bo", "cy"]), ("cy", ["cy"])):
        cast = town.post(who, f"{B}/{process_id}/ballot",
                         json={"projects": [projects[p] for p in chosen]})
        assert cast.status_code == 201, cast.get_data(as_text=True)
    assert town.get("bo", f"{B}/{process_id}/ballot").get_json()["projects"] == [
        projects["bo"], projects["cy"]]

    town.phase(process_id, "results")
    results = town.get("cy", f"{B}/{process_id}/results", headers={"Accept-Language": "en"})
    assert results.status_code == 200, results.get_data(as_text=True)
    body = results.get_json()
    # Equal shares: 3 voters, €333⅓ each. The bench (2 supporters, €300) is bought first,
    # €150 each; the park (€600) and the library (€500) cost more than their lone
    # supporter's share, and of the €700 left only one of them fits.
    assert body["funded"][0] == projects["cy"]
    assert body["cost"] <= 1000 and len(body["funded"]) == 2
    by_id = {p["project_id"]: p for p in body["projects"]}
    bench = by_id[projects["cy"]]
    assert bench["funded"] and bench["votes"] == 2 and bench["reason"] == "bought"
    assert bench["explanation"].startswith("funded in round 1: its 2 supporters")
    assert all(p["explanation"] for p in body["projects"])
    assert body["my_share"]["funded"] == 1
    assert body["my_share"]["explanation"].startswith("Your equal share of the budget was")
    greek = town.get("cy", f"{B}/{process_id}/results", headers={"Accept-Language": "el"})
    assert greek.get_json()["projects"][0]["explanation"] != bench["explanation"]
    # The coordinator did not vote: no share of theirs to read.
    assert town.get("coordinator", f"{B}/{process_id}/results").get_json()["my_share"] is None

    funded = [t for t in town.store.ties_of(town.ids["fund"]) if t.type.value == "FUNDED"]
    assert {t.target for t in funded} == {town.ids[w] for w, p in projects.items()
                                         if p in body["funded"]}


def test_execution_is_tracked_by_the_proposer_and_a_stale_revision_is_refused(town):
    process_id, projects = town.voting()
    town.post("cy", f"{B}/{process_id}/ballot", json={"projects": [projects["cy"]]})
    town.phase(process_id, "results")
    town.phase(process_id, "execution")
    url = f"{B}/projects/{projects['cy']}/execution"
    stale = town.get("cy", f"{B}/projects/{projects['cy']}").get_json()["revision"]
    moved = town.post("cy", url, json={"execution": "in_progress", "progress": 40})
    assert moved.status_code == 200, moved.get_data(as_text=True)
    assert moved.get_json()["progress"] == 40
    assert_error(town.post("cy", url, json={"execution": "completed", "revision": stale}),
                 409, "state")
    done = town.post("coordinator", url, json={"execution": "completed",
                                               "revision": stale + 1})
    assert done.get_json()["progress"] == 100
    assert_error(town.post("far", url, json={"progress": 50}), 403)


def test_a_second_ballot_is_refused_and_the_first_kept(town):
    process_id, projects = town.voting()
    assert town.post("ana", f"{B}/{process_id}/ballot",
                     json={"projects": [projects["ana"]]}).status_code == 201
    assert_error(town.post("ana", f"{B}/{process_id}/ballot",
                           json={"projects": [projects["bo"]]}), 409, "voter")
    assert town.get("ana", f"{B}/{process_id}/ballot").get_json()["projects"] == [
        projects["ana"]]


def test_a_voter_outside_the_territory_is_refused_and_nothing_is_written(town):
    process_id, projects = town.voting()
    assert_error(town.post("far", f"{B}/{process_id}/ballot",
                           json={"projects": [projects["ana"]]}), 403)
    assert_error(town.post("coordinator", f"{B}/{process_id}/ballot",
                           json={"projects": [projects["ana"]]}), 403)
    assert town.store.budget_ballots(process_id) == []


@pytest.mark.parametrize(("ballot", "field"), [
    ({"projects": ["a", "b", "c"]}, "projects"),       # more than max_projects
    ({"projects": "a"}, "projects"),                   # not a list
    ({"projects": [], "points": [1]}, "points"),       # points on an approval ballot
    ({"projects": [], "colour": "red"}, "colour"),     # unknown field
])
def test_a_bad_ballot_names_the_field_and_writes_nothing(town, ballot, field):
    process_id, projects = town.voting()
    ids = list(projects.values())
    if isinstance(ballot["projects"], list) and len(ballot["projects"]) == 3:
        ballot = {**ballot, "projects": ids}
    assert_error(town.post("ana", f"{B}/{process_id}/ballot", json=ballot), 422, field)
    assert town.store.budget_ballots(process_id) == []


def test_a_ballot_over_the_cost_limit_names_the_cost(town):
    process_id = town.process(rules={"max_cost": 700})["id"]
    ids = [town.propose(process_id, w, w, c).get_json()["id"]
           for w, c in (("ana", 600), ("bo", 500))]
    town.phase(process_id, "review")
    for project_id in ids:
        town.post("coordinator", f"{B}/projects/{project_id}/review", json={"eligible": True})
    town.phase(process_id, "voting")
    assert_error(town.post("ana", f"{B}/{process_id}/ballot", json={"projects": ids}),
                 422, "cost")
    assert town.store.budget_ballots(process_id) == []


def test_nobody_reviews_a_project_of_their_own(town):
    """An admin is a member of ana's stakeholder here: it runs every process, but may not
    review what it proposed for."""
    admin_ana = bearer_client(town.app, make_user(town.app, "admin-ana", Role.ADMIN,
                                                  memberships=[town.ids["ana"]])[1])
    process_id = town.process()["id"]
    project = admin_ana.post(f"{B}/{process_id}/projects", json={
        "proposer_id": town.ids["ana"], "title": "Δικό μου", "cost": 100}).get_json()
    town.phase(process_id, "review")
    assert_error(admin_ana.post(f"{B}/projects/{project['id']}/review",
                                json={"eligible": True}), 403)
    assert town.store.get_budget_project(project["id"]).review.value == "proposed"
    # A member may not review at all; a coordinator must say why "not".
    assert_error(town.post("bo", f"{B}/projects/{project['id']}/review",
                           json={"eligible": True}), 403)
    assert_error(town.post("coordinator", f"{B}/projects/{project['id']}/review",
                           json={"eligible": False}), 422, "reason")


def test_proposals_are_for_ones_own_stakeholder_within_the_territory(town):
    process_id = town.process()["id"]
    assert_error(town.post("ana", f"{B}/{process_id}/projects", json={
        "proposer_id": town.ids["bo"], "title": "x", "cost": 10}), 403)
    assert_error(town.propose(process_id, "far", "μακριά", 10), 422, "proposer_id")
    assert_error(town.propose(process_id, "ana", "ακριβό", 5000), 422, "cost")
    assert_error(town.post("ana", f"{B}/{process_id}/projects", json={
        "proposer_id": town.ids["ana"], "title": "", "cost": 0}), 422, "title", "cost")
    assert town.store.budget_projects(process_id) == []


def test_phases_open_in_order_and_a_stale_revision_is_a_conflict(town):
    process = town.process()
    url = f"{B}/{process['id']}/phase"
    assert_error(town.post("coordinator", url, json={"phase": "voting"}), 409, "phase")
    assert_error(town.post("coordinator", url, json={"phase": "someday"}), 422, "phase")
    assert_error(town.post("ana", url, json={"phase": "review"}), 403)
    town.phase(process["id"], "review", revision=process["revision"])
    assert_error(town.post("coordinator", url, json={"phase": "voting",
                                                     "revision": process["revision"]}),
                 409, "state")
    assert town.store.get_budget_process(process["id"]).phase.value == "review"


def test_processes_are_created_in_ones_territory_and_listed_with_filters(town):
    assert_error(town.post("coordinator", B, json={**SQUARES, "region": "EL522",
                                                   "fund_id": town.ids["fund"]}),
                 422, "region")
    assert_error(town.post("coordinator", B, json={**SQUARES, "fund_id": town.ids["ana"]}),
                 422, "fund_id")
    assert_error(town.post("coordinator", B, json={**SQUARES, "budget": -1,
                                                   "fund_id": town.ids["fund"]}), 422, "budget")
    assert_error(town.post("ana", B, json={**SQUARES, "fund_id": town.ids["fund"]}), 403)
    first = town.process()
    town.process(name="Σχολεία")
    town.phase(first["id"], "review")
    listed = town.get("far", B).get_json()
    assert listed["total"] == 2
    review = town.get("far", B, query_string={"phase": "review"}).get_json()
    assert [p["id"] for p in review["items"]] == [first["id"]]
    assert town.get("far", B, query_string={"region": "EL52"}).get_json()["total"] == 0
    assert_error(town.get("far", B, query_string={"phase": "later"}), 422, "phase",
                 location="query")


def test_the_results_are_not_out_before_their_phase(town):
    process_id, _ = town.voting()
    assert_error(town.get("ana", f"{B}/{process_id}/results"), 404)
    assert_error(town.get("ana", f"{B}/{process_id}/ballot"), 404)


def test_an_election_goes_out_and_comes_back_as_a_pabulib_file(town):
    process_id, projects = town.voting()
    town.post("ana", f"{B}/{process_id}/ballot", json={"projects": [projects["ana"]]})
    assert_error(town.get("ana", f"{B}/{process_id}/export.pb"), 403)
    exported = town.get("coordinator", f"{B}/{process_id}/export.pb")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["Content-Disposition"]
    text = exported.get_data()
    assert b"META" in text and town.ids["ana"].encode() not in text
    imported = town.post("coordinator", f"{B}/import", data={
        "region": "EL303", "fund_id": town.ids["fund"], "rule": "greedy",
        "file": (io.BytesIO(text), "budget.pb")}, content_type="multipart/form-data")
    assert imported.status_code == 201, imported.get_data(as_text=True)
    copy = imported.get_json()
    assert copy["phase"] == "voting" and copy["rule"] == "greedy"
    assert len(town.store.budget_ballots(copy["id"])) == 1


def test_an_import_names_the_field_at_fault_and_writes_nothing(town):
    before = len(town.store.list_budget_processes())

    def send(**data):
        return town.post("coordinator", f"{B}/import", data={
            "region": "EL303", "fund_id": town.ids["fund"], **data},
            content_type="multipart/form-data")

    assert_error(send(file=(io.BytesIO(b"not pabulib"), "x.pb")), 422, "file")
    assert_error(send(file=(io.BytesIO(b"\xff\xfe\x00"), "x.pb")), 422, "file")
    assert_error(send(), 422, "file", location="files")
    assert_error(send(region="EL999", file=(io.BytesIO(b"x"), "x.pb")), 422, "region",
                 location="form")
    assert_error(send(region="EL522", file=(io.BytesIO(b"x"), "x.pb")), 422)
    assert len(town.store.list_budget_processes()) == before
