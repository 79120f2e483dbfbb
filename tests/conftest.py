"""Fixtures shared by every test: stores on both engines, with a real Neo4j server.

The Neo4j server is the one ``scripts/test`` starts (``SYNDESMOS_TEST_NEO4J_URL``, default
``bolt://127.0.0.1:7688``: a port of its own, so that tests never wipe a development
database). If it is not there the Neo4j tests fail: they are never skipped. Deselect them
on purpose with ``-m "not neo4j"``.
"""

from __future__ import annotations

import os

import pytest

from graph_models.stores.sqlite import SqliteStore

NEO4J_URL = os.environ.get("SYNDESMOS_TEST_NEO4J_URL", "bolt://127.0.0.1:7688")
STORE_ENGINES = ["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(scope="session")
def neo4j_store():
    from graph_models.stores.neo4j import Neo4jStore

    store = Neo4jStore(NEO4J_URL, user=None, password=None, database="neo4j")
    try:
        store.ping()
    except Exception as error:  # noqa: BLE001 - turned into a clear failure below
        pytest.fail(f"no Neo4j at {NEO4J_URL} ({error}); run the suite with scripts/test, "
                    "or start one: SYNDESMOS_NEO4J_PORT=7688 python scripts/neo4j_server.py "
                    "start", pytrace=False)
    yield store
    store.close()


def wipe_neo4j(store) -> None:
    """Delete every node and relationship (constraints stay), then re-create the schema."""
    import neo4j

    # CALL … IN TRANSACTIONS needs an auto-commit transaction: session.run, not execute_query.
    with (neo4j.GraphDatabase.driver(NEO4J_URL, auth=None) as driver,
          driver.session(database="neo4j") as session):
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    store.ensure_schema()


@pytest.fixture(params=STORE_ENGINES)
def store(request, tmp_path):
    """An empty store, with its schema, on each engine in turn."""
    if request.param == "sqlite":
        sqlite_store = SqliteStore(tmp_path / "store.db")
        sqlite_store.ensure_schema()
        yield sqlite_store
        sqlite_store.close()
    else:
        neo4j_store = request.getfixturevalue("neo4j_store")
        wipe_neo4j(neo4j_store)
        yield neo4j_store
