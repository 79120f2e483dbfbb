"""``syndesmos report`` on the configured (embedded) store, in every format."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pytest
from click.testing import CliRunner

from service.cli import main


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    store = tmp_path_factory.mktemp("cli-report") / "cli.db"
    runner = CliRunner(env={"SYNDESMOS_STORE": f"sqlite:///{store}"})

    def invoke(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)
    seeded = invoke("demo", "--size", "300", "--seed", "3")
    assert seeded.exit_code == 0, seeded.output
    return invoke


def test_the_command_of_the_issue_writes_an_html_report(run, tmp_path):
    target = tmp_path / "report.html"
    result = run("report", "--region", "EL30", "--as-of", "2026-01-01", "--format", "html",
                 "-o", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    # In the deployment's language (English here): the region by name, the day spelled out.
    assert page.startswith("<!DOCTYPE html>") and "Attica (EL30)" in page
    assert "As of January 1, 2026" in page and page.count('class="chart"') == 6


def test_json_to_standard_output_with_a_comparison(run):
    result = run("report", "--region", "EL30", "--compare-to", "2024-01-01", "--min-count", "0")
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["report"]["scope"]["region"] == "EL30" and body["report"]["min_count"] == 0
    assert body["comparison"]["compare_to"] == "2024-01-01"
    assert body["comparison"]["changes"]["stakeholders"] > 0


def test_csv_tables_in_a_zip_and_the_scope_for_gephi(run, tmp_path):
    tables = tmp_path / "report.zip"
    assert run("report", "--format", "csv", "-o", str(tables)).exit_code == 0
    assert "summary.csv" in zipfile.ZipFile(tables).namelist()
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        target = tmp_path / f"scope.{fmt}"
        assert run("report", "--region", "EL30", "--format", fmt, "-o",
                   str(target)).exit_code == 0
        graph = read(io.BytesIO(target.read_bytes()))
        assert graph.number_of_nodes() > 10
        assert all(d["region"].startswith("EL30") for _, d in graph.nodes(data=True))


def test_a_region_may_be_named_as_people_write_it(run):
    reports = [json.loads(run("report", "--region", region).output)["report"]
               for region in ("EL3", "attiki", "Αττική")]
    assert reports[0]["scope"]["region"] == "EL3" and reports[0]["stakeholders"] > 0
    assert reports[1] == reports[0] == reports[2]


def test_a_bad_scope_fails_naming_the_field(run):
    result = run("report", "--region", "EL99")
    assert result.exit_code == 1
    assert "region: no region has the code or name 'EL99'" in result.output
    assert run("report", "--as-of", "2026-02-30").exit_code == 2  # click names --as-of
