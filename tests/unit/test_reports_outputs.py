"""A report as CSV tables, as an HTML page, and its scope as GraphML and GEXF for Gephi."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import zipfile
from datetime import date

import networkx as nx

from graph_models.reports import (
    compare,
    csv_tables,
    csv_zip,
    ecosystem_report,
    gexf_bytes,
    graphml_bytes,
    html_report,
    scope_graph,
    suppress,
)
from graph_models.reports.examples import example_graph

TABLES = {"summary.csv", "by_kind.csv", "by_region.csv", "by_sector.csv", "ties_by_type.csv",
          "density.csv", "degree_distribution.csv", "mixing_matrix.csv",
          "mixing_by_legal_form.csv", "mixing_by_attribute.csv", "communities.csv",
          "need_coverage.csv",
          "unmet_needs_by_topic.csv", "unmet_needs_by_region.csv", "growth.csv",
          "isolates.csv", "brokers.csv", "funding_by_funder.csv", "funding_by_channel.csv",
          "funding_by_instrument.csv", "funding_by_legal_form.csv", "funding_by_region.csv",
          "never_funded_by_legal_form.csv", "never_funded_by_region.csv", "never_funded.csv"}


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_zip_holds_every_table_with_a_header():
    bundle = zipfile.ZipFile(io.BytesIO(csv_zip(ecosystem_report(example_graph()))))
    assert set(bundle.namelist()) == TABLES
    density = rows(bundle.read("density.csv").decode())
    funded = next(r for r in density if r["tie_type"] == "FUNDED")
    assert (funded["kind_a"], funded["kind_b"], funded["pairs"], funded["possible"]) == (
        "entrepreneur", "investor", "2", "8")
    assert rows(bundle.read("isolates.csv").decode())[0]["id"] == "coop3"


def test_a_comparison_puts_before_after_and_change_in_the_summary():
    before = ecosystem_report(example_graph(), as_of=date(2020, 12, 31))
    after = ecosystem_report(example_graph())
    summary = {r["figure"]: r for r in rows(csv_tables(after, compare(before, after))[
        "summary.csv"])}
    assert (summary["ties"]["before"], summary["ties"]["after"],
            summary["ties"]["change"]) == ("3", "9", "6")


def test_a_suppressed_cell_is_an_empty_csv_field():
    tables = csv_tables(suppress(ecosystem_report(example_graph()), 3))
    by_kind = {r["kind"]: r["stakeholders"] for r in rows(tables["by_kind.csv"])}
    assert by_kind == {"entrepreneur": "4", "investor": "", "policymaker": "",
                       "support_organisation": ""}


def test_graphml_and_gexf_hold_the_scope_with_plain_public_attributes():
    report = ecosystem_report(example_graph(), region="EL30")
    G = scope_graph(report, may_name=lambda node: node != "coop3")
    for read, data in ((nx.read_graphml, graphml_bytes(G)), (nx.read_gexf, gexf_bytes(G))):
        back = read(io.BytesIO(data))
        assert set(back.nodes) == {"coop1", "coop2", "coop3", "inv1", "sup1"}
        assert back.number_of_edges() == 4  # distinct pairs; t6 leaves the scope
        assert back.nodes["coop1"]["kind"] == "entrepreneur"
        assert back.nodes["coop1"]["label"] == "Κουζίνα"
        assert back.nodes["coop3"]["label"] in ("", "coop3")  # GEXF falls back to the id
        for _, attributes in back.nodes(data=True):
            assert not {"email", "phone", "needs", "offers"} & set(attributes)
            assert all(isinstance(v, str | int | float) for v in attributes.values())
    edge = nx.read_graphml(io.BytesIO(graphml_bytes(G))).edges["coop1", "inv1"]
    assert (edge["ties"], edge["types"], edge["since"]) == (2, "FUNDED;KNOWS", "2020-02-01")


def test_the_html_page_is_self_contained_and_escapes_names():
    G = renamed({"coop3": "<script>alert(1)</script>",  # an isolate
                 "coop2": '"><img src=x onerror=alert(2)>',  # a broker
                 "coop4": "O'Brien & <u>Sons</u>"})
    page = html_report(ecosystem_report(G))
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<u>" not in page and "O&#x27;Brien &amp; &lt;u&gt;Sons&lt;/u&gt;" in page
    assert 'http-equiv="Content-Security-Policy"' in page
    assert not re.search(r'(src|href)\s*=\s*"(?!#|data:)', page)  # nothing loaded from anywhere
    assert not re.search(r"@import|url\(|https?:|//", page)  # no address of any kind
    charts = re.findall(r'data-chart="([a-z-]+)"', page)
    assert set(charts) == {"degree-distribution", "mixing-matrix", "growth", "need-coverage",
                           "network-communities", "network-kinds"}


def test_the_html_page_shows_the_comparison_and_the_suppression_note():
    before = ecosystem_report(example_graph(), as_of=date(2020, 12, 31))
    after = suppress(ecosystem_report(example_graph()), 3)
    page = html_report(after, compare(before, after))
    assert "Change since 2020-12-31" in page
    assert "Counts from 1 to 2 are hidden" in page


def test_the_drawing_greys_out_the_kinds_whose_counts_are_hidden():
    plain = html_report(ecosystem_report(example_graph()))
    hidden = html_report(suppress(ecosystem_report(example_graph()), 3))
    kinds = re.search(r'data-chart="network-kinds".*?</svg>', hidden, re.S).group(0)
    assert ">investor</text>" not in kinds and ">entrepreneur</text>" in kinds
    assert "kinds whose counts are hidden" in kinds
    assert ">investor</text>" in re.search(r'data-chart="network-kinds".*?</svg>', plain,
                                            re.S).group(0)


def renamed(names: dict[str, str]) -> nx.MultiGraph:
    """The example ecosystem with some stakeholders renamed."""
    G = nx.MultiGraph(example_graph())
    nx.set_node_attributes(G, names, "name")
    return nx.freeze(G)


def test_names_that_a_spreadsheet_would_run_as_formulas_are_neutralised_in_the_csv():
    G = renamed({"coop3": '=HYPERLINK("http://evil.example","x")', "coop1": "+1+cmd|' /C calc'!A0",
                 "coop2": "@SUM(1)", "coop4": "-2+3"})
    tables = csv_tables(ecosystem_report(G))
    isolates = rows(tables["isolates.csv"])
    assert isolates[0]["name"] == '\'=HYPERLINK("http://evil.example","x")'
    brokers = {r["id"]: r["name"] for r in rows(tables["brokers.csv"])}
    assert brokers["coop1"] == "'+1+cmd|' /C calc'!A0"
    assert brokers["coop2"] == "'@SUM(1)"
    assert brokers["coop4"] == "'-2+3"
    every_cell = [cell for text in tables.values() for row in csv.reader(io.StringIO(text))
                  for cell in row]
    assert not [c for c in every_cell if c[:1] in ("=", "+", "@") or c.startswith("-2")]
    change = {r["figure"]: r["change"] for r in rows(csv_tables(
        ecosystem_report(G), compare(ecosystem_report(G), ecosystem_report(G, as_of=date(
            2020, 12, 31))))["summary.csv"])}
    assert change["ties"] == "-6"  # a negative number stays a number


def test_a_name_with_characters_xml_cannot_hold_still_gives_readable_gephi_files():
    G = renamed({"coop1": "Κουζίνα\x00\x0b <&> \"one\"", "coop2": "Ήλιος\x1b[31m"})
    graph = scope_graph(ecosystem_report(G))
    for read, data in ((nx.read_graphml, graphml_bytes(graph)), (nx.read_gexf, gexf_bytes(graph))):
        back = read(io.BytesIO(data))
        assert back.nodes["coop1"]["label"] == 'Κουζίνα <&> "one"'
        assert back.nodes["coop2"]["label"] == "Ήλιος[31m"


def test_a_degree_bin_holding_a_hidden_count_is_drawn_hidden_not_as_the_rest_of_its_sum():
    report = ecosystem_report(example_graph())
    degree = dataclasses.replace(report.degree, distribution={0: 6, 3: None, 4: 7, 5: 8, 7: 2})
    page = html_report(dataclasses.replace(report, degree=degree))
    chart = re.search(r'data-chart="degree-distribution".*?</svg>', page, re.S).group(0)
    bars = dict(re.findall(r"<title>([^<:]+): ([^<]+)</title></rect>", chart))
    assert bars == {"0": "6", "5–8": "10"}  # 3–4 hidden: not drawn as 7
    assert chart.count(">·</text>") == 1


def test_the_page_says_which_way_the_e_i_index_points():
    page = html_report(ecosystem_report(example_graph()))
    assert "−1 when every tie stays within a group, +1 when every tie crosses groups" in page
