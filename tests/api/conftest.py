"""Fixtures of the API suite: an app per test on a fresh SQLite file, and one on each engine.

``app``/``client`` run on SQLite only. ``engine_client`` runs the few smoke paths on both
engines, the real Neo4j server included (marked ``neo4j``: deselect with ``-m "not neo4j"``).
"""

from __future__ import annotations

import pytest

from service import create_app
from service.extensions import EXTENSION_KEY
from tests.api.helpers import ApiClient
from tests.conftest import NEO4J_URL, wipe_neo4j

ENGINES = ["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)]


def build_app(store_url: str, **config):
    """An app on ``store_url`` in testing mode, with any other settings given."""
    return create_app({"SYNDESMOS_STORE": store_url, "TESTING": True, **config})


def close_app(app) -> None:
    """Close the app's store (its SQLite connection or its Neo4j driver)."""
    app.extensions[EXTENSION_KEY].close()


def sqlite_url(directory) -> str:
    return f"sqlite:///{directory}/api.db"


@pytest.fixture
def app(tmp_path):
    """The service on an empty SQLite store of its own."""
    app = build_app(sqlite_url(tmp_path))
    yield app
    close_app(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def api(client):
    """The client with helpers that create stakeholders and ties through the API."""
    return ApiClient(client)


@pytest.fixture(params=ENGINES)
def engine_app(request, tmp_path):
    """The service on an empty store of each engine in turn, the real Neo4j included."""
    if request.param == "sqlite":
        app = build_app(sqlite_url(tmp_path))
    else:
        wipe_neo4j(request.getfixturevalue("neo4j_store"))
        app = build_app(NEO4J_URL)
    yield app
    close_app(app)


@pytest.fixture
def engine_api(engine_app):
    return ApiClient(engine_app.test_client())
