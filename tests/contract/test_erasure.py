"""Erasure: after a stakeholder is deleted, its name and e-mail occur nowhere in the store —
not in any byte of the SQLite files, not in any Neo4j node or relationship property."""

from __future__ import annotations

import json
import uuid

import pytest

from graph_models.domain.stakeholders import Kind, TieType
from graph_models.domain.text import fold
from graph_models.stores.sqlite import SqliteStore
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders
from tests.conftest import NEO4J_URL


def person_traces(marker: str) -> dict[str, str]:
    name = f"Ζωή Παπαδοπούλου {marker}"
    email = f"zoi.{marker}@example.org"
    return {"name": name, "email": email}


def erase_a_person(store, marker: str) -> list[str]:
    """Make a person with ties, a membership and audit entries, erase them, and return what
    must no longer occur anywhere."""
    stakeholders = Stakeholders(store, SnapshotCache(store))
    traces = person_traces(marker)
    person = stakeholders.create_stakeholder({
        "kind": Kind.ENTREPRENEUR, "region": "EL303", "discoverable": True,
        "description": f"Η ομάδα της {traces['name']}", "phone": "+30 210 5550199",
        **traces})
    bank = stakeholders.create_stakeholder({"kind": Kind.INVESTOR, "name": "Τράπεζα",
                                            "region": "EL30"})
    stakeholders.create_tie({"type": TieType.FUNDED, "source": bank.id, "target": person.id,
                             "amount": 5000})
    stakeholders.update_stakeholder(person.id, {"municipality": "Αθήνα"})
    stakeholders.delete_stakeholder(person.id)
    return [traces["name"], traces["email"], fold(traces["name"]), "+30 210 5550199"]


def test_nothing_of_an_erased_person_remains_in_the_sqlite_files(tmp_path):
    store = SqliteStore(tmp_path / "erase.db")
    store.ensure_schema()
    traces = erase_a_person(store, uuid.uuid4().hex[:8])
    files = [path for path in tmp_path.iterdir() if path.name.startswith("erase.db")]
    content = b"".join(path.read_bytes() for path in files)
    assert files and content
    for trace in traces:
        assert trace.encode("utf-8") not in content, trace


@pytest.mark.neo4j
def test_nothing_of_an_erased_person_remains_in_any_neo4j_property(neo4j_store):
    import neo4j

    from tests.conftest import wipe_neo4j

    wipe_neo4j(neo4j_store)
    traces = erase_a_person(neo4j_store, uuid.uuid4().hex[:8])
    with neo4j.GraphDatabase.driver(NEO4J_URL, auth=None) as driver:
        nodes, _, _ = driver.execute_query("MATCH (n) RETURN properties(n) AS p",
                                           database_="neo4j")
        ties, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN properties(r) AS p",
                                          database_="neo4j")
    properties = json.dumps([r["p"] for r in [*nodes, *ties]], ensure_ascii=False, default=str)
    assert nodes  # the bank and the audit trail are still there
    for trace in traces:
        assert trace not in properties, trace
