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
