"""GET /indicators (the catalogue) and GET /indicators/{code} (a series): the happy paths in
both languages, the errors naming their field, and who may ask about which territory."""

from __future__ import annotations

import pytest

from graph_models.domain.accounts import Role
from tests.api.conftest import bearer_client, build_app, close_app, make_user, sqlite_url
from tests.api.helpers import API, ApiClient, assert_error, ndjson
from tests.unit import indicator_world as world

CATALOGUE = f"{API}/indicators"
PERIOD = {"region": "EL52", "from": "2026-01-01", "to": "2026-04-30"}


def world_lines() -> bytes:
    """The hand-counted world (tests/unit/indicator_world.py) as import lines."""
    kinds = {s.id: s.kind.value for s in world.stakeholders()}
    lines = []
    for s in world.stakeholders():
        line = {"record": "stakeholder", "kind": s.kind.value, "external_id": s.id,
                "name": s.name, "region": s.region, "discoverable": True,
                "created_at": s.created_at.isoformat(), "needs": list(s.needs),
                "offers": list(s.offers)}
        if s.legal_form:
            line["legal_form"] = s.legal_form.value
            if s.legal_form.value == "koinsep":
                line["koinsep_category"] = "collective_social_benefit"
        lines.append(line)
    for t in world.ties():
        line = {"record": "tie", "type": t.type.value, "since": t.since.isoformat(),
                "source": {"kind": kinds[t.source], "external_id": t.source},
                "target": {"kind": kinds[t.target], "external_id": t.target}}
        if t.amount is not None:
            line |= {"amount": t.amount, "instrument": t.instrument.value}
        lines.append(line)
    return ndjson(*lines)


@pytest.fixture(scope="module")
def world_app(tmp_path_factory):
    app = build_app(sqlite_url(tmp_path_factory.mktemp("indicators")))
    _, secret = make_user(app, "root")
    response = ApiClient(bearer_client(app, secret)).import_file(world_lines())
    assert response.status_code == 200, response.get_data(as_text=True)
    yield app
    close_app(app)


_users = iter(range(1, 10_000))


def client_of(app, role: Role, **fields):
    return bearer_client(app, make_user(app, f"{role.value}-{next(_users)}", role, **fields)[1])


def test_the_catalogue_names_each_indicator_and_its_parameters_in_the_reader_s_language(
        world_app):
    admin = client_of(world_app, Role.ADMIN)
    english = admin.get(CATALOGUE).get_json()
    greek = admin.get(CATALOGUE, headers={"Accept-Language": "el"}).get_json()
    new = next(i for i in english if i["code"] == "new_entities")
    assert (new["label"], new["unit"], new["pillar"], new["flow"]) == (
        "New social cooperatives and other SSE entities", "count", "networking", True)
    legal_form = new["parameters"][0]
    assert legal_form["name"] == "legal_form" and not legal_form["required"]
    assert {"code": "koinsep", "label": "Social Cooperative Enterprise (KoinSEp)"} in \
        legal_form["values"]
    greek_new = next(i for i in greek if i["code"] == "new_entities")
    assert greek_new["label"] == "Νέες ΚοινΣΕπ και άλλοι φορείς ΚΑλΟ"
    assert {"code": "entrepreneur:koinsep",
            "label": "Κοινωνική Συνεταιριστική Επιχείρηση (ΚοινΣΕπ)"} in next(
        i for i in greek if i["code"] == "connected_pairs")["parameters"][0]["values"]
    assert [i["code"] for i in english] == [i["code"] for i in greek]


def test_a_series_gives_each_month_end_s_hand_counted_value_explained_and_assessed(world_app):
    admin = client_of(world_app, Role.ADMIN)
    response = admin.get(f"{CATALOGUE}/new_entities", query_string={
        **PERIOD, "param": "legal_form:koinsep", "target": "2", "deadline": "2026-12-31"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["code"], body["region"], body["parameters"]) == (
        "new_entities", "EL52", {"legal_form": "koinsep"})
    assert (body["from"], body["to"], body["baseline"], body["target"]) == (
        "2026-01-01", "2026-04-30", 0, 2)
    points = body["points"]
    assert [p["day"] for p in points] == [d.isoformat() for d in world.DAYS]
    assert [p["value"] for p in points] == [0, 1, 1, 1]
    assert points[1]["explanation"] == (
        "1 new SSE entity (Social Cooperative Enterprise (KoinSEp)) in Central Macedonia from "
        "2026-01-01 to 2026-02-28")
    assert [p["assessment"]["status"] for p in points] == [
        "off_track", "on_track", "on_track", "on_track"]
    greek = admin.get(f"{CATALOGUE}/new_entities", headers={"Accept-Language": "el"},
                      query_string={**PERIOD, "param": "legal_form:koinsep"}).get_json()
    assert greek["points"][1]["explanation"] == (
        "1 νέος φορέας ΚΑλΟ (Κοινωνική Συνεταιριστική Επιχείρηση (ΚοινΣΕπ)) — Κεντρική "
        "Μακεδονία, από 2026-01-01 έως 2026-02-28")
    assert greek["points"][1]["assessment"] is None


def test_a_pair_of_groups_is_written_with_the_group_s_own_colon(world_app):
    admin = client_of(world_app, Role.ADMIN)
    body = admin.get(f"{CATALOGUE}/pair_density", query_string={
        **PERIOD, "param": ["group_a:investor", "group_b:entrepreneur:koinsep"]}).get_json()
    assert [p["value"] for p in body["points"]] == [1.0, 0.5, 1.0, 1.0]


def test_funds_raised_sum_the_funded_ties_amounts(world_app):
    admin = client_of(world_app, Role.ADMIN)
    body = admin.get(f"{CATALOGUE}/funds_raised", query_string=PERIOD).get_json()
    assert [p["value"] for p in body["points"]] == [10_000, 10_000, 15_000, 18_000]


@pytest.mark.parametrize(("query", "field"), [
    ({"param": "legal_form:bank"}, "param"),
    ({"param": "legal_form"}, "param"),
    ({"param": ["legal_form:koinsep", "legal_form:koispe"]}, "param"),
    ({"from": "2026-05-01"}, "to"),
    ({"to": "2040-01-01"}, "to"),
    ({"from": "someday"}, "from"),
    ({"region": "EL99"}, "region"),
    ({"target": "a lot"}, "target"),
    ({"target": "1e300"}, "target"),
    ({"from": "0001-01-01"}, "from"),
    ({"deadline": "2025-01-01"}, "deadline"),
    ({"colour": "red"}, "colour"),
])
def test_a_wrong_query_is_refused_naming_the_field(world_app, query, field):
    admin = client_of(world_app, Role.ADMIN)
    response = admin.get(f"{CATALOGUE}/new_entities", query_string={**PERIOD, **query})
    body = assert_error(response, 422)
    assert field in {**body["errors"].get("query", {}), **body["errors"].get("json", {})}, body


def test_a_missing_period_is_refused_naming_from_and_to(world_app):
    admin = client_of(world_app, Role.ADMIN)
    assert_error(admin.get(f"{CATALOGUE}/stakeholders", query_string={"region": "EL52"}), 422,
                 "from", "to", location="query")


def test_an_unknown_indicator_is_not_found(world_app):
    admin = client_of(world_app, Role.ADMIN)
    assert_error(admin.get(f"{CATALOGUE}/happiness", query_string=PERIOD), 404)


def test_coordinators_and_viewers_ask_about_their_territories_only(world_app):
    for role in (Role.COORDINATOR, Role.VIEWER):
        mine = client_of(world_app, role, regions=["EL52"])
        assert mine.get(f"{CATALOGUE}/stakeholders", query_string=PERIOD).status_code == 200
        # With one territory, it is the default.
        default = mine.get(f"{CATALOGUE}/stakeholders",
                           query_string={"from": "2026-01-01", "to": "2026-01-31"})
        assert default.get_json()["region"] == "EL52"
        elsewhere = mine.get(f"{CATALOGUE}/stakeholders", query_string={**PERIOD,
                                                                         "region": "EL30"})
        assert_error(elsewhere, 403, "region")


def test_members_and_strangers_get_no_indicators(world_app):
    member = client_of(world_app, Role.MEMBER)
    assert_error(member.get(CATALOGUE), 403)
    assert_error(member.get(f"{CATALOGUE}/stakeholders", query_string=PERIOD), 403)
    assert_error(world_app.test_client().get(CATALOGUE), 401)
