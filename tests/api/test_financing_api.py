"""A stakeholder's financing through the API: an entrepreneur is pointed to the call for
projects of its territory and the pools it would be matched by, in words of the language
asked; who may ask is who may read its matches; bad input names its field."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import now
from tests.api.conftest import admin_client, bearer_client, make_user, use_cases
from tests.api.helpers import API, assert_error


@pytest.fixture
def world(engine_app):
    """A KoinSEp of Central Athens in agrifood, a municipality running a participatory budget
    for Attica, a bank with a pool for Attica's agrifood and one for Crete, an investor, and
    the coop's member, a coordinator of Attica and one of Crete."""
    facades = use_cases(engine_app)
    eco, desk = facades.stakeholders, facades.campaigns

    def add(**fields):
        return eco.create_stakeholder(fields).id

    coop = add(kind="entrepreneur", name="Κοιν.Σ.Επ. Φούρνος", region="EL303",
               sectors=["agrifood"], legal_form="cooperative")
    dimos = add(kind="policymaker", name="Περιφέρεια Αττικής", region="EL30", level="regional",
                jurisdiction="EL30")
    bank = add(kind="investor", name="Συνεταιριστική Τράπεζα", region="EL30")
    process = facades.budgets.create_process({"name": "Γειτονιές 2026", "region": "EL30",
                                              "budget": 80_000, "fund_id": dimos})
    deadline = now() + timedelta(days=40)
    attica = desk.define_pool(bank, {"name": "1:1 Αττική", "cap": Decimal(5000),
                                     "deadline": deadline, "per_pledge_cap": Decimal(100),
                                     "regions": ["EL3"], "sectors": ["agrifood"]})
    crete = desk.define_pool(bank, {"name": "Κρήτη", "cap": Decimal(900),
                                    "deadline": deadline, "regions": ["EL43"]})
    member = bearer_client(engine_app, make_user(engine_app, "member", Role.MEMBER,
                                                 memberships=[coop])[1])
    coordinator = bearer_client(engine_app, make_user(engine_app, "attica", Role.COORDINATOR,
                                                      regions=["EL30"])[1])
    far = bearer_client(engine_app, make_user(engine_app, "crete", Role.COORDINATOR,
                                              regions=["EL43"])[1])
    return {"app": engine_app, "coop": coop, "bank": bank, "process": process.id,
            "attica": attica.id, "crete": crete.id, "member": member,
            "coordinator": coordinator, "far": far}


def financing(client, stakeholder_id, language="en", **query):
    return client.get(f"{API}/stakeholders/{stakeholder_id}/financing", query_string=query,
                      headers={"Accept-Language": language})


def test_an_entrepreneur_is_pointed_to_its_call_for_projects_and_its_pool(world):
    answer = financing(world["member"], world["coop"])
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["stakeholder"]["name"] == "Κοιν.Σ.Επ. Φούρνος"
    assert [(o["kind"], o["id"]) for o in body["open"]] == [
        ("budget_process", world["process"]), ("pool", world["attica"])]
    call, pool = body["open"]
    assert (call["owner_name"], call["money"], call["regions"], call["open"]) == (
        "Περιφέρεια Αττικής", "80000.00", ["EL30"], True)
    assert call["reasons"][0] == "for projects of Attica, where you are (Central Athens)"
    assert call["since"] is not None and call["deadline"] is None
    assert pool["reasons"][:2] == [
        "for campaigns in Attica, where you are (Central Athens)",
        "for the sectors Agriculture and food: yours include Agriculture and food"]
    assert pool["money"] == "5000.00" and pool["owner_name"] == "Συνεταιριστική Τράπεζα"
    assert pool["region_labels"] == {"EL3": "Attica"}
    assert [(o["id"], o["reasons"]) for o in body["closed"]] == [
        (world["crete"], ["only for campaigns in Crete, and you are in Central Athens"])]
    assert body["note"] is None


def test_the_reasons_come_in_greek_with_labels_and_no_codes(world):
    body = financing(world["member"], world["coop"], "el").get_json()
    words = [text for o in body["open"] + body["closed"] for text in o["reasons"] + o["terms"]]
    assert body["closed"][0]["reasons"] == [
        "μόνο για καμπάνιες σε: Κρήτη· εσείς είστε σε: Κεντρικός Τομέας Αθηνών"]
    for text in words:
        assert not any(code in text for code in ("EL3", "EL4", "agrifood", "koinsep", "{"))
    assert financing(world["member"], world["coop"], include_closed="false").get_json()[
        "closed"] == []


def test_who_may_read_its_matches_may_read_its_financing_and_no_one_else(world):
    assert financing(world["coordinator"], world["coop"]).status_code == 200
    assert financing(admin_client(world["app"]), world["coop"]).status_code == 200
    assert_error(financing(world["far"], world["coop"]), 404)
    assert_error(world["app"].test_client().get(
        f"{API}/stakeholders/{world['coop']}/financing"), 401)
    assert_error(financing(world["member"], "no-such-id"), 404)


def test_an_investor_is_told_that_these_finance_entrepreneurs(world):
    body = financing(admin_client(world["app"]), world["bank"]).get_json()
    assert (body["open"], body["closed"]) == ([], [])
    assert body["note"].endswith("this stakeholder is of the kind Investor")


def test_a_bad_query_names_its_field(world):
    assert_error(financing(world["member"], world["coop"], include_closed="maybe"), 422,
                 "include_closed", location="query")
    assert_error(financing(world["member"], world["coop"], colour="red"), 422, "colour",
                 location="query")


def test_matches_on_the_financing_pillar_point_to_the_financing(world):
    link = f'</api/v1/stakeholders/{world["coop"]}/financing>; rel="related"'
    asked = world["member"].get(f"{API}/stakeholders/{world['coop']}/matches",
                                query_string={"pillar": "financing"})
    assert asked.status_code == 200 and asked.headers["Link"] == link
    assert "Link" not in world["member"].get(
        f"{API}/stakeholders/{world['coop']}/matches").headers
