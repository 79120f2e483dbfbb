"""The ecosystem report page (key figures each with a sentence, a comparison, links to the full
report the API serves) and the network view's page and JSON (shape, cap, who is named, search
by Greeklish), with their refusals."""

from __future__ import annotations

import html
import re

import pytest

from graph_models.domain.accounts import Role
from service.web import network
from tests.api.conftest import build_app, close_app, sqlite_url
from tests.web.conftest import sign_in, text_of
from tests.web.territory_data import attica, person

GREEK = {"Accept-Language": "el"}


@pytest.fixture
def app(tmp_path):
    """An app that hides no small count, so that a small ecosystem's figures show."""
    app = build_app(sqlite_url(tmp_path), SYNDESMOS_REPORT_MIN_COUNT="0")
    yield app
    close_app(app)


@pytest.fixture
def ecosystem(app):
    return attica(app)


def signed_in(app, username: str, role: Role, language: str = "en", **fields):
    person(app, username, role, **fields)
    client = app.test_client()
    sign_in(client, username, language=language)
    return client


@pytest.fixture
def coordinator(app, ecosystem):
    return signed_in(app, "maria", Role.COORDINATOR, regions=["EL30"])


def test_the_report_shows_each_key_figure_with_what_it_means(coordinator):
    page = coordinator.get("/reports")

    assert page.status_code == 200
    shown = text_of(page)
    assert "Attica today" in shown
    assert ("Stakeholders 5 The stakeholders registered in the region by this date. By kind: "
            "Entrepreneur 3, Investor 1, Support organisation 1.") in shown
    assert "Ties 3 The ties recorded among them" in shown
    assert "Density 30.0% Of all the pairs of stakeholders here that could be tied" in shown
    assert "Stakeholders without any tie 1 Stakeholders without a single tie" in shown
    assert "Cross-kind ties, from −1" in shown
    assert "Needs met by a tie: Financing" in shown
    # Isolates are named to a coordinator of their territory, with a link.
    assert "=HYPERLINK(" in shown
    body = page.get_data(as_text=True)
    assert re.search(r'href="/stakeholders/[0-9a-f]{32}">=HYPERLINK', html.unescape(body))


def test_a_comparison_shows_each_figure_then_now_and_its_change_in_greek(coordinator):
    page = coordinator.get("/reports", headers=GREEK,
                           query_string={"region": "attiki", "compare_to": "2020-01-01"})

    assert page.status_code == 200, text_of(page)
    shown = text_of(page)
    assert "Τι άλλαξε από τις 1 Ιανουαρίου 2020" in shown
    assert "Φορείς 0 5 +5" in shown
    assert "Πυκνότητα — 30,0% —" in shown


def test_a_comparison_date_after_the_reports_date_is_refused_next_to_its_field(coordinator):
    page = coordinator.get("/reports", headers=GREEK,
                           query_string={"as_of": "2024-01-01", "compare_to": "2025-01-01"})

    assert page.status_code == 422
    assert ('<p class="field-error" id="compare_to-error">Επιλέξτε ημερομηνία πριν από την '
            "ημερομηνία της έκθεσης.</p>") in page.get_data(as_text=True)


def test_the_full_reports_links_open_the_apis_html_and_csv_of_the_same_scope(coordinator):
    body = coordinator.get("/reports", query_string={"region": "EL303", "as_of": "2030-01-01"}
                           ).get_data(as_text=True)

    links = [html.unescape(link) for link in re.findall(r'href="(/api/v1/reports/[^"]+)"', body)]
    assert links == ["/api/v1/reports/ecosystem?region=EL303&as_of=2030-01-01&format=html",
                     "/api/v1/reports/ecosystem?region=EL303&as_of=2030-01-01&format=csv"]
    page = coordinator.get(links[0])
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    assert coordinator.get(links[1]).content_type == "application/zip"


def test_outside_its_territories_a_coordinator_gets_no_report_nor_network(coordinator):
    for path in ("/reports", "/network", "/network/data.json", "/network/search.json"):
        refused = coordinator.get(path, query_string={"region": "EL522", "q": "borras"})
        assert refused.status_code == 403, path
        assert "Βορράς" not in refused.get_data(as_text=True)


def test_a_member_gets_no_report_nor_network(app, ecosystem):
    client = signed_in(app, "nikos", Role.MEMBER)
    for path in ("/reports", "/network", "/network/data.json"):
        assert client.get(path).status_code == 403, path
    assert "Reports" not in text_of(client.get("/"))


def test_the_network_json_gives_nodes_with_names_kinds_and_communities_and_their_ties(
        coordinator, ecosystem):
    answer = coordinator.get("/network/data.json", headers=GREEK)

    assert answer.status_code == 200
    data = answer.get_json()
    assert (data["region"], data["stakeholders"], data["drawable"], data["complete"]) == (
        "EL30", 5, True, True)
    nodes = {node["name"]: node for node in data["nodes"]}
    assert set(nodes) == {"Κοιν.Σ.Επ. Κουζίνα Αλληλεγγύης", '=HYPERLINK("http://evil.example")',
                          "Συνεταιρισμός Βιβλία", "Συνεταιριστική Τράπεζα Αθήνας",
                          "Κέντρο Στήριξης Ζύμη"}
    centre = nodes["Κέντρο Στήριξης Ζύμη"]
    assert data["nodes"][0] == centre  # the most connected first
    assert centre["kind"] == "support_organisation"
    assert centre["kind_label"] == "Φορέας υποστήριξης"
    assert centre["degree"] == 3 and isinstance(centre["community"], int)
    assert centre["href"] == f"/stakeholders/{ecosystem.ids['centre']}"
    assert all(set(node) == {"id", "name", "kind", "kind_label", "community", "degree", "href"}
               for node in data["nodes"])
    ids = {node["id"] for node in data["nodes"]}
    assert len(data["ties"]) == 3
    assert all({tie["source"], tie["target"]} <= ids for tie in data["ties"])
    assert all(not node["id"].startswith(tuple("0123456789abcdef")) for node in data["nodes"])


def test_the_network_draws_only_the_most_connected_up_to_its_cap_and_says_so(
        coordinator, monkeypatch):
    monkeypatch.setattr(network, "MAX_NODES", 2)

    data = coordinator.get("/network/data.json").get_json()
    page = text_of(coordinator.get("/network"))

    assert [node["degree"] for node in data["nodes"]] == [3, 1]
    assert (len(data["nodes"]), data["stakeholders"], data["complete"]) == (2, 5, False)
    assert [{t["source"], t["target"]} for t in data["ties"]] == [{"n0", "n1"}]
    assert ("The 2 most connected of the region's 5 stakeholders are drawn: a browser cannot "
            "draw more than 2 smoothly.") in page


def test_the_network_page_says_the_same_in_text_without_scripts(coordinator):
    shown = text_of(coordinator.get("/network"))

    assert "All 5 stakeholders of the region are drawn. 3 ties join them." in shown
    assert "Stakeholders drawn, by kind Kind Stakeholders Entrepreneur 3" in shown
    assert "The 5 most connected stakeholders" in shown
    assert "Κέντρο Στήριξης Ζύμη Support organisation Community" in shown


@pytest.mark.parametrize("typed", ["kouzina", "ΚΟΥΖΙΝΑ", "alilegiis kuzina"])
def test_search_finds_a_node_by_name_in_greek_or_greeklish(coordinator, typed):
    found = coordinator.get("/network/search.json", query_string={"q": typed}).get_json()
    data = coordinator.get("/network/data.json").get_json()

    names = {node["id"]: node["name"] for node in data["nodes"]}
    assert [names[key] for key in found["found"]] == ["Κοιν.Σ.Επ. Κουζίνα Αλληλεγγύης"]
    page = text_of(coordinator.get("/network", query_string={"q": typed}))
    assert "1 stakeholder found: Κοιν.Σ.Επ. Κουζίνα Αλληλεγγύης" in page


def test_a_viewer_sees_the_report_and_an_anonymous_network(app, ecosystem):
    viewer = signed_in(app, "vera", Role.VIEWER, regions=["EL30"])

    report = text_of(viewer.get("/reports"))
    data = viewer.get("/network/data.json").get_json()
    page = text_of(viewer.get("/network"))

    assert "Stakeholders 5" in report and "=HYPERLINK(" not in report
    assert len(data["nodes"]) == 5 and len(data["ties"]) == 3
    assert all(node["name"] == "" and node["href"] is None for node in data["nodes"])
    assert "Who each dot is stays hidden" in page
    assert "Find a stakeholder by name" not in page
    assert viewer.get("/network/search.json", query_string={"q": "kouzina"}).get_json()[
        "found"] == []


def test_a_region_too_small_to_show_without_counting_is_not_drawn(tmp_path):
    app = build_app(sqlite_url(tmp_path))  # counts below 5 hidden, as deployed by default
    try:
        attica(app)
        client = signed_in(app, "maria", Role.COORDINATOR, regions=["EL30"])
        data = client.get("/network/data.json", query_string={"region": "EL303"}).get_json()
        assert (data["drawable"], data["nodes"], data["ties"]) == (False, [], [])
        assert "No drawing: this region has too few" in text_of(
            client.get("/network", query_string={"region": "EL303"}))
    finally:
        close_app(app)
