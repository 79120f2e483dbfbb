"""Opening a participatory budget from the pages, without a browser: the form of a new
process and the import of a pabulib file, in Greek and English, refused for members, and
refused forms that say what is wrong next to each field and write nothing."""

from __future__ import annotations

import io
import re

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.budgets import BallotRules, BallotType, OutcomeRule, Phase
from graph_models.domain.stakeholders import Kind
from tests.api.conftest import make_user, use_cases
from tests.web.conftest import PASSWORD, form_token, sign_in, text_of

PB_FILE = (b"META\nkey;value\ndescription;Wieliczka test\nnum_projects;2\nnum_votes;2\n"
           b"budget;100\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n1;50;Park\n"
           b"2;60;Library\nVOTES\nvoter_id;vote\nv1;1,2\nv2;2\n")


@pytest.fixture
def fund(app, maria) -> str:
    """The municipality of Athens, a policymaker of Maria's Attica."""
    return use_cases(app).stakeholders.create_stakeholder({
        "kind": Kind.POLICYMAKER, "name": "Δήμος Αθηναίων", "region": "EL303"}).id


def browser(app, username: str, language: str = "en"):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    assert sign_in(client, username, language=language).status_code == 303
    return client


def send(client, url: str, data: dict, **kwargs):
    return client.post(url, data={"csrf_token": form_token(client.get(url)), **data}, **kwargs)


def errors_of(response) -> dict[str, str]:
    """The error shown next to each field, by the field's id."""
    page = response.get_data(as_text=True)
    return dict(re.findall(r'<p class="field-error" id="([\w-]+)-error">([^<]*)</p>', page))


WORDS = {
    "en": {"created": "The participatory budget is open and takes proposals.",
           "rule": "Method of Equal Shares", "why": "a majority cannot take all of it",
           "imported": "The election is imported"},
    "el": {"created": "Ο συμμετοχικός προϋπολογισμός άνοιξε και δέχεται προτάσεις.",
           "rule": "Μέθοδος Ίσων Μεριδίων", "why": "η πλειοψηφία δεν μπορεί να τα πάρει όλα",
           "imported": "Η ψηφοφορία εισήχθη"},
}


@pytest.mark.parametrize("language", ["en", "el"])
def test_a_coordinator_opens_a_process_of_a_sub_district_and_finds_it_listed(app, fund,
                                                                             language):
    maria = browser(app, "maria", language)
    listed = maria.get("/budgets")
    assert 'href="/budgets/new"' in listed.get_data(as_text=True)
    form = maria.get("/budgets/new")
    assert form.status_code == 200
    shown = text_of(form)
    assert "Δήμος Αθηναίων" in shown  # the fund, by name
    assert WORDS[language]["rule"] in shown and WORDS[language]["why"] in shown
    sub_districts = re.search(r'<select id="sub_district".*?</select>',
                              form.get_data(as_text=True), re.S).group(0)
    assert 'value="EL303"' in sub_districts and 'value="EL30"' not in sub_districts

    made = send(maria, "/budgets/new", {
        "name": "Πλατείες 2027", "region": "EL30", "sub_district": "EL303", "budget": "5000",
        "fund_id": fund, "ballot_type": "approval", "max_projects": "3", "max_cost": "4000",
        "rule": "equal_shares"})

    assert made.status_code == 303, errors_of(made)
    (process,) = use_cases(app).budgets.list_processes()
    assert (process.name, process.region, process.budget, process.fund_id) == (
        "Πλατείες 2027", "EL303", 5000, fund)
    assert (process.ballot_type, process.rule, process.phase) == (
        BallotType.APPROVAL, OutcomeRule.EQUAL_SHARES, Phase.PROPOSALS)
    assert process.rules == BallotRules(max_projects=3, max_cost=4000)
    assert made.headers["Location"].startswith(f"/budgets/{process.id}")
    assert WORDS[language]["created"] in text_of(maria.get(made.headers["Location"]))
    assert "Πλατείες 2027" in text_of(maria.get("/budgets"))


def test_a_member_without_the_coordinator_role_may_not_open_a_process(app, fund):
    venture = use_cases(app).stakeholders.create_stakeholder({
        "kind": Kind.ENTREPRENEUR, "name": "Κοιν.Σ.Επ. Ήλιος", "region": "EL303"}).id
    make_user(app, "ana", Role.MEMBER, memberships=[venture], password=PASSWORD)
    ana = browser(app, "ana")

    assert 'href="/budgets/new"' not in ana.get("/budgets").get_data(as_text=True)
    assert ana.get("/budgets/new").status_code == 403
    assert ana.get("/budgets/import").status_code == 403
    token = form_token(ana.get("/budgets"))
    refused = ana.post("/budgets/new", data={
        "csrf_token": token, "name": "x", "region": "EL30", "budget": "100", "fund_id": fund})
    assert refused.status_code == 403
    assert use_cases(app).budgets.list_processes() == []


def test_a_form_without_its_csrf_token_is_refused(app, fund):
    maria = browser(app, "maria")
    refused = maria.post("/budgets/new", data={
        "name": "x", "region": "EL30", "budget": "100", "fund_id": fund})
    assert refused.status_code == 403
    assert use_cases(app).budgets.list_processes() == []


@pytest.mark.parametrize(("data", "expected"), [
    ({"name": "", "budget": "0", "region": ""},
     {"name": "Missing data for required field.", "budget": "Must be greater than or equal "
      "to 1 and less than or equal to 1000000000000.", "region": "Missing data for required "
      "field."}),
    ({"sub_district": "EL522"},
     {"sub_district": "Choose a sub-district that lies within the territory chosen."}),
    ({"region": "EL52"}, {"region": "outside your territories"}),
    ({"ballot_type": "cumulative", "max_cost": "100"},
     {"max_cost": "a cost limit is for approval ballots",
      "max_points": "cumulative ballots need it"}),
    ({"min_projects": "3", "max_projects": "2"}, {"min_projects": "more than max_projects"}),
    ({"rule": "phragmen", "ballot_type": "cumulative", "max_points": "10"},
     {"rule": "Phragmén counts approval ballots only"}),
])
def test_a_refused_process_shows_each_error_next_to_its_field_and_writes_nothing(
        app, fund, data, expected):
    maria = browser(app, "maria")
    refused = send(maria, "/budgets/new", {
        "name": "Πλατείες", "region": "EL30", "budget": "1000", "fund_id": fund, **data})
    assert refused.status_code == 422
    assert errors_of(refused) == expected
    assert use_cases(app).budgets.list_processes() == []


def test_the_fund_must_be_a_policymaker_said_next_to_it_in_greek(app, fund):
    bank = use_cases(app).stakeholders.create_stakeholder({
        "kind": Kind.INVESTOR, "name": "Ηθική Τράπεζα", "region": "EL303"}).id
    maria = browser(app, "maria", "el")
    refused = send(maria, "/budgets/new", {
        "name": "Πλατείες", "region": "EL30", "budget": "1000", "fund_id": bank})
    assert refused.status_code == 422
    assert set(errors_of(refused)) == {"fund_id"}
    assert errors_of(refused)["fund_id"] != "not a policymaker"  # said in Greek
    assert use_cases(app).budgets.list_processes() == []


@pytest.mark.parametrize("language", ["en", "el"])
def test_a_pabulib_file_becomes_a_process_in_its_voting_phase(app, fund, language):
    maria = browser(app, "maria", language)
    made = send(maria, "/budgets/import", {
        "region": "EL303", "fund_id": fund, "rule": "greedy",
        "file": (io.BytesIO(PB_FILE), "wieliczka.pb")},
        content_type="multipart/form-data")
    assert made.status_code == 303, errors_of(made)
    (process,) = use_cases(app).budgets.list_processes()
    assert (process.name, process.phase, process.rule, process.budget) == (
        "Wieliczka test", Phase.VOTING, OutcomeRule.GREEDY, 100)
    assert len(use_cases(app).store.budget_ballots(process.id)) == 2
    assert WORDS[language]["imported"] in text_of(maria.get(made.headers["Location"]))


@pytest.mark.parametrize(("file", "field", "words"), [
    (None, "file", "Choose a .pb file to import."),
    (b"not a pabulib file", "file", "This is not a pabulib election this service can take:"),
    (b"\xff\xfe\x00broken", "file", "The file is not UTF-8 text"),
    (PB_FILE.replace(b"budget;100", b"budget;100.5"), "file", "budget: not whole euros"),
])
def test_a_refused_import_names_each_error_next_to_its_field_and_writes_nothing(
        app, fund, file, field, words):
    maria = browser(app, "maria")
    sent = {} if file is None else {"file": (io.BytesIO(file), "x.pb")}
    refused = send(maria, "/budgets/import", {"region": "EL303", "fund_id": fund, **sent},
                   content_type="multipart/form-data")
    assert refused.status_code == 422
    assert words in errors_of(refused)[field]
    assert use_cases(app).budgets.list_processes() == []


def test_an_import_outside_ones_territories_is_refused_next_to_the_territory(app, fund):
    maria = browser(app, "maria")
    refused = send(maria, "/budgets/import", {
        "region": "EL52", "fund_id": fund,
        "file": (io.BytesIO(PB_FILE), "x.pb")},
        content_type="multipart/form-data")
    assert refused.status_code == 422
    assert errors_of(refused) == {"region": "outside your territories"}
