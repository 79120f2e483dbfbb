"""A write whose commit is answered but the answer lost: saved, yet the client cannot know.

The server is the real Neo4j; a proxy in front of it (tests.faults) passes the COMMIT on and
drops the connection before its answer comes back, as when the server dies while committing.
SQLite has no such window: its commit is a call in the same process.
"""

from __future__ import annotations

import pytest

from graph_models.domain.errors import OutcomeUnknown
from graph_models.domain.stakeholders import Kind
from tests.builders import stakeholder
from tests.conftest import NEO4J_URL, wipe_neo4j
from tests.faults import CommitDroppingProxy

pytestmark = pytest.mark.neo4j


@pytest.fixture
def proxy(neo4j_store):
    wipe_neo4j(neo4j_store)
    proxy = CommitDroppingProxy(NEO4J_URL)
    yield proxy
    proxy.close()


@pytest.fixture
def proxied_store(proxy):
    from graph_models.stores.neo4j import Neo4jStore

    store = Neo4jStore(proxy.url, user=None, password=None)
    yield store
    store.close()


def test_a_write_whose_commit_answer_is_lost_is_of_unknown_outcome_not_failed(
        proxy, proxied_store, neo4j_store):
    coop = stakeholder(Kind.ENTREPRENEUR)
    proxy.arm()

    with pytest.raises(OutcomeUnknown) as raised:
        proxied_store.create_stakeholder(coop)

    assert proxy.dropped.is_set()
    assert "may or may not" in raised.value.message
    assert neo4j_store.get_stakeholder(coop.id) == coop
