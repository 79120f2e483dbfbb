"""``syndesmos inclusion-report`` on the configured (embedded) store."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from service.cli import main


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    store = tmp_path_factory.mktemp("cli-inclusion") / "cli.db"
    runner = CliRunner(env={"SYNDESMOS_STORE": f"sqlite:///{store}"})

    def invoke(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)
    seeded = invoke("demo", "--size", "300", "--seed", "3")
    assert seeded.exit_code == 0, seeded.output
    return invoke


def test_the_report_prints_both_rankings_and_the_relevance_kept(run):
    result = run("inclusion-report", "--kind", "investor", "--bound", "0.2",
                 "--small-degree", "5")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[1] == "seekers;" and int(lines[0].split()[0]) > 0
    assert lines[2].startswith("by score") and lines[3].startswith("re-ranked")
    kept = float(lines[4].split()[2].rstrip(";"))
    assert 0.8 <= kept <= 1.0  # a 20% bound keeps at least 80% of the DCG


def test_a_bad_setting_is_named(run):
    result = run("inclusion-report", "--bound", "1.5")
    assert result.exit_code != 0 and "exposure_bound" in result.output
    result = run("inclusion-report", "--top", "0")
    assert result.exit_code != 0 and "top: must be" in result.output


def test_evaluate_history_ranks_with_the_bound_asked_and_names_a_bad_one(tmp_path):
    history = tmp_path / "funding.csv"
    history.write_text("investor_name,company_name,funded_when,company_category\n"
                       "Fund A,Alpha,2010-03-01,software\nFund B,Alpha,2010-05-01,software\n"
                       "Fund A,Beta,2010-06-01,software\nFund B,Beta,2011-02-01,software\n"
                       "Fund A,Gamma,2011-03-01,software\n", encoding="utf-8")
    runner = CliRunner()
    bad = runner.invoke(main, ["evaluate-history", str(history), "--split", "2011-01-01",
                               "--exposure-bound", "2"])
    assert bad.exit_code != 0 and "exposure_bound" in bad.output
    good = runner.invoke(main, ["evaluate-history", str(history), "--split", "2011-01-01",
                                "--exposure-bound", "0.1"])
    assert good.exit_code == 0, good.output
    assert "syndesmos" in good.output
