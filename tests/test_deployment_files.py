"""docker-compose.yml configures the service with variables the service really reads."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from service.config import ENVIRONMENT_VARIABLES

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_every_variable_compose_gives_the_service_is_one_it_reads():
    environment = compose()["services"]["syndesmos"]["environment"]
    assert set(environment) <= set(ENVIRONMENT_VARIABLES)
    assert environment["SYNDESMOS_STORE"].startswith("neo4j://neo4j:")


def test_compose_runs_neo4j_526_with_a_health_check_the_service_waits_for():
    services = compose()["services"]
    assert services["neo4j"]["image"] == "neo4j:5.26-community"
    assert "healthcheck" in services["neo4j"]
    assert services["syndesmos"]["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_the_readme_documents_every_variable():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in ENVIRONMENT_VARIABLES if f"`{name}`" not in readme] == []


def test_the_readme_configuration_table_lists_every_variable_once_with_its_real_default():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [re.match(r"\| `(SYNDESMOS_\w+)` \| ([^|]*) \|", line) for line in readme.splitlines()]
    table = [(row[1], row[2].strip().strip("`")) for row in rows if row]
    assert table == [(name, "none" if default is None else default)
                     for name, (default, _) in ENVIRONMENT_VARIABLES.items()]


def test_ci_runs_the_readme_test_command():
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text()
    assert "scripts/test" in (ROOT / "README.md").read_text(encoding="utf-8")
