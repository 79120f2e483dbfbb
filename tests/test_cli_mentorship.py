"""``syndesmos mentorship``: propose a programme's cohort and read its report from a shell."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from graph_models.domain.programmes import MentorEnrolment
from service import create_app
from service.cli import main
from service.extensions import EXTENSION_KEY


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("SYNDESMOS_STORE", url)
    return url


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def enrolled_programme(store_url: str) -> tuple[str, dict[str, str]]:
    """A programme of two mentees and one mentor with one place."""
    app = create_app({"SYNDESMOS_STORE": store_url})
    holder = app.extensions[EXTENSION_KEY]
    eco, desk = holder.use_cases().stakeholders, holder.use_cases().programmes
    ids = {name: eco.create_stakeholder({"kind": "entrepreneur", "name": name,
                                         "region": "EL303", "discoverable": True,
                                         "languages": ["el"]}).id for name in ("ana", "bo")}
    ids["kim"] = eco.create_stakeholder({"kind": "support_organisation", "name": "kim",
                                         "region": "EL303", "discoverable": True,
                                         "languages": ["el"], "offers": ["training.mentoring"],
                                         "capacity": 4}).id
    programme = desk.open_programme("Άνοιξη", "EL30", date(2026, 3, 1)).programme
    desk.enrol(programme.id, mentees=[ids["ana"], ids["bo"]],
               mentors=[MentorEnrolment(ids["kim"], 1)])
    holder.close()
    return programme.id, ids


def test_propose_prints_each_pair_and_each_unplaced_mentee_with_its_reason(store_url):
    programme_id, ids = enrolled_programme(store_url)

    result = invoke("mentorship", "propose", programme_id, "--method", "stable")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].split("\t")[1] == ids["kim"]
    assert "unplaced: all_full" in lines[1]


def test_report_prints_the_figures_as_json(store_url):
    programme_id, _ = enrolled_programme(store_url)

    result = invoke("mentorship", "report", programme_id)

    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert (figures["mentees"], figures["placed"], figures["placement_rate"]) == (2, 0, 0.0)


def test_an_unknown_programme_is_an_error_not_a_traceback(store_url):
    result = invoke("mentorship", "propose", "nothing")

    assert result.exit_code == 1
    assert "no programme with id nothing" in result.stderr
