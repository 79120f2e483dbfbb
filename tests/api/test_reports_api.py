"""GET /reports/ecosystem (JSON, CSV, HTML) and GET /reports/ecosystem/graph (GraphML, GEXF):
the happy paths, the errors naming their field, who may ask, and small-cell suppression."""

from __future__ import annotations

import io
import weakref
import zipfile
from urllib.parse import urlencode

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_models.domain.accounts import Role
from tests.api.conftest import (
    bearer_client,
    build_app,
    close_app,
    make_user,
    sqlite_url,
    use_cases,
)
from tests.api.helpers import API, ApiClient, assert_error, assert_error_shape, ndjson

R = f"{API}/reports/ecosystem"
GRAPH = f"{R}/graph"


def stakeholder(key, kind, region, created, **fields):
    return {"record": "stakeholder", "kind": kind, "external_id": key, "name": f"Name {key}",
            "region": region, "created_at": f"{created}T09:00:00+00:00", **fields}


def tie(tie_type, source, target, since):
    kinds = {"c": "entrepreneur", "b": "investor", "s": "support_organisation"}
    return {"record": "tie", "type": tie_type, "since": since,
            "source": {"kind": kinds[source[0]], "external_id": source},
            "target": {"kind": kinds[target[0]], "external_id": target}}


# Attica: three cooperatives (c3 new, hidden and alone), a bank, a support centre; Crete: c4.
WORLD = ndjson(
    stakeholder("c1", "entrepreneur", "EL303", "2020-01-05", needs=["financing.loan"],
                discoverable=True),
    stakeholder("c2", "entrepreneur", "EL301", "2020-03-01", needs=["financing.loan"],
                discoverable=True),
    stakeholder("c3", "entrepreneur", "EL303", "2025-02-01", discoverable=False),
    stakeholder("b1", "investor", "EL30", "2020-01-01", offers=["financing.loan"],
                discoverable=True),
    stakeholder("s1", "support_organisation", "EL303", "2020-01-01", discoverable=True),
    stakeholder("c4", "entrepreneur", "EL431", "2021-06-01", discoverable=True),
    tie("KNOWS", "c1", "c2", "2020-06-01"),
    tie("FUNDED", "b1", "c1", "2021-02-01"),
    tie("KNOWS", "b1", "c1", "2020-02-01"),
    tie("SUPPORTED", "s1", "c2", "2021-05-01"),
    tie("PARTNERS_WITH", "c2", "c4", "2022-01-01"),
)


WORLD_ADMIN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # app -> admin token


@pytest.fixture
def world_app(tmp_path):
    """An app that suppresses nothing, with the small world above imported."""
    app = build_app(sqlite_url(tmp_path), SYNDESMOS_REPORT_MIN_COUNT="0")
    _, secret = make_user(app, "root")
    response = ApiClient(bearer_client(app, secret)).import_file(WORLD)
    assert response.status_code == 200, response.get_data(as_text=True)
    WORLD_ADMIN[app] = secret
    yield app
    close_app(app)


def client_of(app, role: Role, **fields):
    return bearer_client(app, make_user(app, f"{role.value}-user", role, **fields)[1])


def test_a_report_as_json_counts_the_scope_and_compares_two_dates(world_app):
    admin = client_of(world_app, Role.ADMIN)
    response = admin.get(R, query_string={"region": "EL30", "compare_to": "2020-12-31"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    report = body["report"]
    assert report["scope"] == {"region": "EL30", "sector": None, "kind": None, "as_of": None}
    assert (report["stakeholders"], report["ties"], report["pairs"]) == (5, 4, 3)
    assert report["external_ties"] == 1
    assert report["by_kind"] == {"entrepreneur": 3, "investor": 1, "support_organisation": 1}
    assert [i["name"] for i in report["components"]["listed_isolates"]] == ["Name c3"]
    funded = next(d for d in report["density_by_relation"] if d["tie_type"] == "FUNDED")
    assert (funded["pairs"], funded["possible"], funded["density"]) == (1, 3, 1 / 3)
    financing = next(p for p in report["needs"]["by_pillar"] if p["pillar"] == "financing")
    assert (financing["needs"], financing["covered"]) == (2, 1)
    comparison = body["comparison"]
    assert comparison["compare_to"] == "2020-12-31"
    assert comparison["before"]["stakeholders"] == 4 and comparison["changes"]["ties"] == 2
    assert report["version"] >= 1 and report["min_count"] == 0


def test_as_of_reports_the_network_as_it_was(world_app):
    admin = client_of(world_app, Role.ADMIN)
    report = admin.get(R, query_string={"as_of": "2020-12-31"}).get_json()["report"]
    assert (report["stakeholders"], report["ties"]) == (4, 2)
    assert report["scope"]["as_of"] == "2020-12-31"


def test_the_report_as_csv_tables_and_as_an_html_page(world_app):
    admin = client_of(world_app, Role.ADMIN)
    csv = admin.get(R, query_string={"format": "csv", "region": "EL30"})
    assert csv.status_code == 200 and csv.mimetype == "application/zip"
    assert 'filename="syndesmos-report-EL30.zip"' in csv.headers["Content-Disposition"]
    tables = zipfile.ZipFile(io.BytesIO(csv.get_data()))
    assert "by_kind.csv" in tables.namelist()
    assert tables.read("by_kind.csv").decode().splitlines()[1] == "entrepreneur,3"
    page = admin.get(R, query_string={"format": "html", "compare_to": "2021-01-01"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert html.startswith("<!DOCTYPE html>") and "Change since January 1, 2021" in html


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_the_scope_downloads_as_a_gephi_file(world_app, fmt, read):
    admin = client_of(world_app, Role.ADMIN)
    response = admin.get(GRAPH, query_string={"format": fmt, "region": "EL30"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == f"application/{fmt}+xml"
    graph = read(io.BytesIO(response.get_data()))
    assert graph.number_of_nodes() == 5 and graph.number_of_edges() == 3
    assert {d["kind"] for _, d in graph.nodes(data=True)} == {
        "entrepreneur", "investor", "support_organisation"}
    for _, attributes in graph.nodes(data=True):
        assert not {"email", "phone", "needs", "offers"} & set(attributes)


@pytest.mark.parametrize("query, field", [
    ({"region": "EL99"}, "region"), ({"sector": "astrology"}, "sector"),
    ({"kind": "robot"}, "kind"), ({"as_of": "2020-13-01"}, "as_of"),
    ({"compare_to": "yesterday"}, "compare_to"), ({"format": "pdf"}, "format"),
    ({"colour": "red"}, "colour"),
])
def test_a_bad_parameter_is_a_422_naming_it(world_app, query, field):
    admin = client_of(world_app, Role.ADMIN)
    assert_error(admin.get(R, query_string=query), 422, field, location="query")


def test_a_region_is_named_as_people_write_it(world_app):
    admin = client_of(world_app, Role.ADMIN)
    reports = [admin.get(R, query_string={"region": region}).get_json()["report"]
               for region in ("EL3", "el3", "Αττική", "attiki", "Attica")]
    assert all(report == reports[0] for report in reports)
    assert reports[0]["scope"]["region"] == "EL3" and reports[0]["stakeholders"] >= 5


def test_a_comparison_with_a_later_date_is_a_422_naming_compare_to(world_app):
    admin = client_of(world_app, Role.ADMIN)
    assert_error(admin.get(R, query_string={"as_of": "2021-01-01", "compare_to": "2022-01-01"}),
                 422, "compare_to")
    assert_error(admin.get(GRAPH, query_string={"format": "svg"}), 422, "format",
                 location="query")


def test_a_viewer_reads_its_territory_without_names_and_gets_no_graph(world_app):
    viewer = client_of(world_app, Role.VIEWER, regions=["EL30"])
    report = viewer.get(R).get_json()["report"]
    assert report["scope"]["region"] == "EL30" and report["stakeholders"] == 5
    assert report["components"]["listed_isolates"] == []
    assert report["components"]["unlisted_isolates"] == 1
    assert report["brokers"]["top"] == [] and report["brokers"]["unlisted"] >= 1
    assert_error(viewer.get(R, query_string={"region": "EL43"}), 403, "region")
    assert_error(viewer.get(GRAPH), 403)


def test_a_coordinator_names_its_hidden_stakeholders_but_only_in_its_territory(world_app):
    coordinator = client_of(world_app, Role.COORDINATOR, regions=["EL30"])
    report = coordinator.get(R, query_string={"region": "EL303"}).get_json()["report"]
    # c1 and s1 have no ties inside EL303, but ties elsewhere: not isolates.
    assert [i["name"] for i in report["components"]["listed_isolates"]] == ["Name c3"]
    assert coordinator.get(GRAPH).status_code == 200
    assert_error(coordinator.get(R, query_string={"region": "EL4"}), 403, "region")


def test_a_member_gets_no_ecosystem_report(world_app):
    member = client_of(world_app, Role.MEMBER)
    assert_error(member.get(R), 403)
    assert_error(member.get(GRAPH), 403)


def test_small_counts_are_suppressed_by_default(tmp_path):
    app = build_app(sqlite_url(tmp_path))
    admin = bearer_client(app, make_user(app, "root")[1])
    assert ApiClient(admin).import_file(WORLD).status_code == 200
    report = admin.get(R).get_json()["report"]
    assert report["min_count"] == 5 and report["suppressed_cells"] > 0
    assert report["by_kind"]["investor"] is None
    assert report["stakeholders"] == 6  # a total of at least the minimum stays
    close_app(app)


def test_a_scope_total_below_the_minimum_count_is_hidden_with_what_would_tell_it(tmp_path):
    """A viewer's report of one investor must not say "stakeholders: 1" beside its hidden
    count by kind, in any format; nor may a ratio over a handful (a density, a mean degree)
    or the last running total give the handful back."""
    app = build_app(sqlite_url(tmp_path))  # the default minimum count, 5
    assert ApiClient(bearer_client(app, make_user(app, "root")[1])).import_file(
        WORLD).status_code == 200
    viewer = client_of(app, Role.VIEWER, regions=["EL30"])

    def report(fmt="json", **scope):
        response = viewer.get(R, query_string={"format": fmt, "region": "EL30", **scope})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response

    one = report(kind="investor").get_json()["report"]  # b1, and its 2 ties out of the scope
    assert one["by_kind"] == {"investor": None}
    assert (one["stakeholders"], one["external_ties"]) == (None, None)
    assert one["growth"][-1]["total_stakeholders"] is None
    assert (one["degree"]["mean"], one["components"]["largest_share"]) == (None, None)
    summary = zipfile.ZipFile(io.BytesIO(report("csv", kind="investor").get_data())).read(
        "summary.csv").decode().splitlines()
    assert "stakeholders," in summary and "stakeholders,1" not in summary
    page = report("html", kind="investor").get_data(as_text=True)
    assert "<b>–</b>stakeholders" in page and "1 stakeholders" not in page

    five = report().get_json()["report"]  # 5 stakeholders, but 4 ties and 3 pairs
    assert (five["stakeholders"], five["ties"], five["pairs"]) == (5, None, None)
    assert (five["density"], five["degree"]["mean"]) == (None, None)
    assert five["growth"][-1]["total_ties"] is None
    close_app(app)


def test_a_report_reads_both_stores(engine_app):
    use_cases(engine_app).reports.min_count = 0  # the counts are the point here
    admin = bearer_client(engine_app, make_user(engine_app, "root")[1])
    assert ApiClient(admin).import_file(WORLD).status_code == 200
    report = admin.get(R, query_string={"region": "EL30"}).get_json()["report"]
    assert (report["stakeholders"], report["ties"], report["pairs"]) == (5, 4, 3)


REPORT_NAMES = ["region", "sector", "kind", "as_of", "compare_to", "format"]
report_values = st.sampled_from(
    ["EL30", "EL303", "EL99", "DE300", "agrifood", "nonsense", "investor", "robot",
     "0001-01-01", "1999-12-31", "2021-01-01", "9999-12-31", "2024-02-30", "json", "csv",
     "html", "graphml", "gexf", ""]) | st.text(max_size=12)
report_pairs = st.lists(st.tuples(st.sampled_from(REPORT_NAMES) | st.text(max_size=8),
                                  report_values), max_size=5)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=report_pairs)
def test_asking_for_a_report_with_any_query_parameters_never_answers_500(world_app, pairs):
    admin = bearer_client(world_app, WORLD_ADMIN[world_app])
    for path in (R, GRAPH):
        response = admin.get(path, query_string=urlencode(pairs))
        assert response.status_code < 500, (pairs, response.get_data(as_text=True)[:300])
        if response.status_code >= 400:
            assert_error_shape(response)


# A private need is counted in need coverage like any other (a count, suppressed when small,
# names no one); contact details and the description are never in any output.
SECRETS = ("hidden@example.org", "+30 210 555 0199", "an unlisted address")


def every_output(client, path_query=()) -> str:
    """Every format a report comes in (the Gephi files when the client may have them), as
    one text: JSON, each CSV table, the HTML page, GraphML and GEXF."""
    texts = []
    for fmt in ("json", "csv", "html"):
        response = client.get(R, query_string={"format": fmt, **dict(path_query)})
        assert response.status_code == 200, response.get_data(as_text=True)
        if fmt == "csv":
            tables = zipfile.ZipFile(io.BytesIO(response.get_data()))
            texts += [tables.read(name).decode() for name in tables.namelist()]
        else:
            texts.append(response.get_data(as_text=True))
    for fmt in ("graphml", "gexf"):
        response = client.get(GRAPH, query_string={"format": fmt, **dict(path_query)})
        if response.status_code == 200:
            texts.append(response.get_data(as_text=True))
    return "\n".join(texts)


def test_no_format_of_a_report_holds_a_private_field_nor_names_a_viewer_may_not_read(world_app):
    private = ndjson(stakeholder(
        "c9", "entrepreneur", "EL303", "2024-01-01", discoverable=False, email=SECRETS[0],
        phone=SECRETS[1], description=SECRETS[2], needs=["financing.equity"], needs_private=True,
        contact_sharing=True))
    admin = client_of(world_app, Role.ADMIN)
    assert ApiClient(admin).import_file(private).status_code == 200
    for client in (admin, client_of(world_app, Role.COORDINATOR, regions=["EL30"])):
        everything = every_output(client)
        assert "Name c9" in everything  # named to those who may read it …
        assert not [secret for secret in SECRETS if secret in everything]  # … never its secrets
    seen_by_viewer = every_output(client_of(world_app, Role.VIEWER, regions=["EL30"]))
    assert not [secret for secret in SECRETS if secret in seen_by_viewer]
    assert "Name c" not in seen_by_viewer  # aggregates only: nobody named


def test_the_report_carries_its_funding_flows_and_names_the_never_funded_to_whom_may_read(
        world_app):
    admin = client_of(world_app, Role.ADMIN)
    flows = admin.get(R, query_string={"region": "EL30"}).get_json()["report"]["funding"]
    # b1 FUNDED c1, with no amount recorded: a direct tie; c2 and c3 never funded.
    assert (flows["ties"], flows["amount"], flows["missing_amounts"]) == (1, 0.0, 1)
    assert [r["key"] for r in flows["by_channel"]] == ["direct"]
    assert (flows["entrepreneurs"], flows["never_funded"]) == (3, 2)
    assert [u["stakeholder"]["name"] for u in flows["listed_never_funded"]] == [
        "Name c2", "Name c3"]
    viewer = client_of(world_app, Role.VIEWER, regions=["EL30"])
    seen = viewer.get(R).get_json()["report"]["funding"]
    assert (seen["listed_never_funded"], seen["unlisted_never_funded"]) == ([], 2)
