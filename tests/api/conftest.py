"""Fixtures of the API suite: an app per test on a fresh SQLite file, and one on each engine.

``app``/``client`` run on SQLite only. ``engine_client`` runs the few smoke paths on both
engines, the real Neo4j server included (marked ``neo4j``: deselect with ``-m "not neo4j"``).
"""

from __future__ import annotations

import itertools

import pytest

from graph_models.domain.accounts import Role
from graph_models.use_cases.app import UseCases
from service import create_app
from service.extensions import EXTENSION_KEY
from tests.api.helpers import ApiClient
from tests.conftest import NEO4J_URL, wipe_neo4j

ENGINES = ["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)]


# Rate limits are tested on purpose with small ones; elsewhere they are off (0).
UNLIMITED = {"SYNDESMOS_WRITES_PER_MINUTE": "0", "SYNDESMOS_LOGINS_PER_MINUTE": "0",
             "SYNDESMOS_READS_PER_MINUTE": "0", "SYNDESMOS_EXPENSIVE_READS_PER_MINUTE": "0",
             "SYNDESMOS_PLEDGE_MAILS_PER_DAY": "0"}
# Shaped like a token, so that checking it needs the store (and shows a down store's 503).
UNKNOWN_TOKEN = "sdm_0123456789abcdef_not-a-real-secret"


def build_app(store_url: str, **config):
    """An app on ``store_url`` in testing mode, with any other settings given."""
    return create_app({"SYNDESMOS_STORE": store_url, "TESTING": True, **UNLIMITED, **config})


def bearer_client(app, secret: str):
    """A test client that sends ``secret`` as its bearer token."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def use_cases(app) -> UseCases:
    """The app's use cases, its store's schema ready."""
    return app.extensions[EXTENSION_KEY].use_cases()


def make_user(app, username: str, role: Role = Role.ADMIN, **fields):
    """A user made by the system itself, and a token of theirs: (user, secret)."""
    accounts = use_cases(app).accounts
    user = accounts.create_user({"username": username, "role": role, **fields})
    return user, accounts.issue_token(user.id, name="tests").secret


def admin_client(app):
    """A test client signed in as an admin of its own."""
    return bearer_client(app, make_user(app, f"admin-{next(_admins)}")[1])


_admins = itertools.count(1)


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
    """A client signed in as an admin, who may do everything."""
    return admin_client(app)


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
    return ApiClient(admin_client(engine_app))
