"""Matches through the API: who may ask, what never appears, and bad input."""

from __future__ import annotations

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import Kind
from tests.api.conftest import bearer_client, make_user, use_cases
from tests.api.helpers import API, assert_error

EQUITY = "Equity and quasi-equity investment"  # the label of financing.equity


@pytest.fixture
def world(engine_app):
    """A KoinSEp in Athens that needs a loan, two banks that lend (one hidden), a support
    centre, and a member and a coordinator of Attica with their tokens."""
    stakeholders = use_cases(engine_app).stakeholders

    def add(**fields):
        return stakeholders.create_stakeholder(fields).id

    coop = add(kind=Kind.ENTREPRENEUR, name="Κοιν.Σ.Επ. Κουζίνα", region="EL303",
               needs=["financing.loan", "consulting.business_plan"], stage="operating",
               funding_sought=20_000, languages=["el"], discoverable=True)
    bank = add(kind=Kind.INVESTOR, name="Ηθική Τράπεζα", region="EL303", instruments=["loan"],
               offers=["financing.loan"], ticket_min=5_000, ticket_max=50_000,
               languages=["el"], discoverable=True)
    hidden = add(kind=Kind.INVESTOR, name="Κρυφό Ταμείο", region="EL303", instruments=["loan"],
                 offers=["financing.loan"], ticket_min=5_000, ticket_max=50_000,
                 languages=["el"], discoverable=False)
    centre = add(kind=Kind.SUPPORT_ORGANISATION, name="Κέντρο Στήριξης", region="EL303",
                 offers=["consulting.business_plan"], languages=["el"], discoverable=True)
    other = add(kind=Kind.ENTREPRENEUR, name="Άλλη ομάδα", region="EL522",
                needs=["financing.loan"], discoverable=True)
    _, member = make_user(engine_app, "member", Role.MEMBER, memberships=[coop])
    _, coordinator = make_user(engine_app, "coord", Role.COORDINATOR, regions=["EL30"])
    return {"app": engine_app, "coop": coop, "bank": bank, "hidden": hidden, "centre": centre,
            "other": other, "member": bearer_client(engine_app, member),
            "coordinator": bearer_client(engine_app, coordinator)}


def matches(client, stakeholder_id, **query):
    return client.get(f"{API}/stakeholders/{stakeholder_id}/matches", query_string=query)


def test_a_member_gets_explained_matches_for_its_own_stakeholder(world):
    found = matches(world["member"], world["coop"], pillar="financing")
    assert found.status_code == 200
    first = found.get_json()[0]
    candidate = first["candidate"]
    assert candidate.pop("labels").keys() == {"kind", "region"}  # see test_workflow_labels_api
    assert candidate == {"id": world["bank"], "kind": "investor", "name": "Ηθική Τράπεζα",
                         "region": "EL303"}
    assert 0 < first["score"] <= 100
    assert {"need_offer", "region", "stage"} <= {t["name"] for t in first["terms"]}
    assert sum(t["points"] for t in first["terms"]) == pytest.approx(first["score"], abs=0.5)
    assert any("Loans (commercial, cooperative and ethical banks)" in t["reason"]
               for t in first["terms"])  # a topic's label, not its code


def test_explanations_come_in_the_language_asked_with_labels_for_codes(world):
    def reasons(language: str) -> dict[str, str]:
        answer = world["member"].get(f"{API}/stakeholders/{world['coop']}/matches",
                                     query_string={"pillar": "financing"},
                                     headers={"Accept-Language": language})
        assert answer.headers["Content-Language"] == language
        return {t["name"]: t["reason"] for t in answer.get_json()[0]["terms"]}

    greek, english = reasons("el"), reasons("en")
    assert greek["need_offer"] == ("προσφέρει ό,τι χρειάζεστε: Δάνεια (εμπορικές, "
                                   "συνεταιριστικές και ηθικές τράπεζες) (1 από 1)")
    assert english["need_offer"] == ("offers Loans (commercial, cooperative and ethical banks) "
                                     "that you need (1 of 1)")
    assert greek["region"].startswith("ίδια περιοχή: Κεντρικός Τομέας Αθηνών")
    assert greek.keys() == english.keys()
    for text in greek.values():
        assert not any(code in text for code in ("financing.", "EL303", "{", "%("))


def test_a_stakeholder_that_is_not_discoverable_never_appears(world):
    for client in (world["member"], world["coordinator"]):
        for pillar in (None, "financing"):
            query = {"limit": 100, **({"pillar": pillar} if pillar else {})}
            ids = {m["candidate"]["id"] for m in matches(client, world["coop"],
                                                          **query).get_json()}
            assert world["hidden"] not in ids
            assert world["bank"] in ids


def test_the_same_question_gets_the_same_ranking(world):
    first = matches(world["member"], world["coop"], limit=20).get_json()
    assert matches(world["member"], world["coop"], limit=20).get_json() == first


def test_a_member_may_not_ask_for_someone_elses_matches(world):
    assert_error(matches(world["member"], world["other"]), 403)
    assert_error(matches(world["member"], world["hidden"]), 404)


def test_a_coordinator_asks_within_its_region_only(world):
    assert matches(world["coordinator"], world["coop"]).status_code == 200
    assert_error(matches(world["coordinator"], world["other"]), 403)


@pytest.mark.parametrize(("query", "field"), [
    ({"kind": "dragon"}, "kind"), ({"pillar": "fun"}, "pillar"), ({"limit": 0}, "limit"),
    ({"limit": 101}, "limit"), ({"colour": "red"}, "colour")])
def test_bad_questions_are_422_naming_the_parameter(world, query, field):
    assert_error(matches(world["member"], world["coop"], **query), 422, field,
                 location="query")


def test_a_kind_the_seeker_cannot_seek_is_422_naming_kind(world, engine_app):
    _, admin = make_user(engine_app, "admin", Role.ADMIN)
    assert_error(matches(bearer_client(engine_app, admin), world["bank"], kind="investor"), 422,
                 "kind")


def test_matches_of_nobody_are_404(world):
    assert_error(matches(world["coordinator"], "nobody"), 404)


def test_a_coordinator_sees_its_territorys_pairs_and_unmet_needs(world):
    answer = world["coordinator"].get(f"{API}/matches", query_string={
        "pillar": "financing", "threshold": 99})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["entrepreneurs_in_scope"] == 1  # its only territory, EL30, by default
    assert body["pairs"][0]["entrepreneur"]["id"] == world["coop"]
    assert body["pairs"][0]["match"]["candidate"]["id"] == world["bank"]
    assert [u["entrepreneur"]["id"] for u in body["unmet_needs"]] == [world["coop"]]
    assert body["unmet_needs"][0]["best_provider"]["id"] == world["bank"]
    assert any(g["topic"] == "financing.loan" for g in body["gaps"])


@pytest.mark.parametrize("region", ["EL30", "el30", "Αττική", "attiki", "Attica"])
def test_a_territory_is_named_as_people_write_it(world, region):
    """Αττική is EL3 and EL30: the broadest, EL3, which holds EL30's stakeholders too."""
    answer = world["coordinator"].get(f"{API}/matches", query_string={
        "pillar": "financing", "threshold": 99, "region": region})
    assert answer.status_code == (200 if region.upper() == "EL30" else 403)
    admin = bearer_client(world["app"], make_user(world["app"], "admin", Role.ADMIN)[1])
    found = admin.get(f"{API}/matches", query_string={
        "pillar": "financing", "threshold": 99, "region": region})
    assert found.status_code == 200 and found.get_json()["entrepreneurs_in_scope"] == 1


def test_a_territory_that_names_no_region_is_a_422_naming_it(world):
    assert_error(world["coordinator"].get(f"{API}/matches", query_string={"region": "Atlantis"}),
                 422, "region", location="query")


def test_a_coordinator_may_not_ask_about_another_territory(world):
    assert_error(world["coordinator"].get(f"{API}/matches", query_string={"region": "EL52"}),
                 403, "region")


def test_a_member_may_not_query_a_territory(world):
    assert_error(world["member"].get(f"{API}/matches"), 403)


def test_a_private_need_scores_and_shows_only_to_whoever_may_read_it(world):
    """An investor's member must not learn from its deal flow what a venture keeps private,
    from the reasons or from the score; the venture's coordinators keep the full picture."""
    app = world["app"]
    stakeholders = use_cases(app).stakeholders
    twin = dict(kind=Kind.ENTREPRENEUR, region="EL303", needs=["financing.equity"],
                stage="operating", funding_sought=30_000, languages=["el"], discoverable=True)
    open_ = stakeholders.create_stakeholder({**twin, "name": "Ανοιχτή"}).id
    secret = stakeholders.create_stakeholder(
        {**twin, "name": "Διακριτική", "needs_private": True}).id
    fund = stakeholders.create_stakeholder({
        "kind": Kind.INVESTOR, "name": "Ταμείο Συμμετοχών", "region": "EL303",
        "instruments": ["equity"], "offers": ["financing.equity"], "ticket_min": 10_000,
        "ticket_max": 100_000, "languages": ["el"], "discoverable": True}).id
    _, secret_of_fund = make_user(app, "fund-member", Role.MEMBER, memberships=[fund])
    fund_member = bearer_client(app, secret_of_fund)

    def found(client, **query) -> dict:
        answer = matches(client, fund, limit=100, **query)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        return {m["candidate"]["id"]: m for m in answer.get_json()}

    def need_offer(match) -> dict:
        return next(t for t in match["terms"] if t["name"] == "need_offer")

    mine = found(fund_member)
    assert EQUITY in need_offer(mine[open_])["reason"]
    assert EQUITY not in str(mine[secret]) and "financing.equity" not in str(mine[secret])
    assert need_offer(mine[secret])["value"] == 0
    assert mine[secret]["score"] < mine[open_]["score"]
    assert secret not in found(fund_member, pillar="financing")

    theirs = found(world["coordinator"])  # Attica's coordinator may read the venture's needs
    assert theirs[secret]["score"] == theirs[open_]["score"]
    assert EQUITY in need_offer(theirs[secret])["reason"]
    assert secret in found(world["coordinator"], pillar="financing")
