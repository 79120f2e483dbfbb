"""Property: after any sequence of writes, a reader that replays the change feed onto an export
holds exactly the graph the store exports, on SQLite and on Neo4j.

The writes are drawn from every kind that touches the graph: creating, updating and deleting
stakeholders and ties, imports (creating, replacing, or leaving everything as it is), and the
ties that completed introductions and mentorships bring. Two readers replay them: one asks
after every write, the other once at the end.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.contract.feed_helpers import Replica, write, writes


@pytest.mark.slow
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(before=writes, after=writes)
def test_replaying_the_feed_onto_an_export_gives_the_graph_as_written(store, before, after):
    mine: set[str] = set()
    for step in before:
        write(store, mine, *step)
    start = store.export()
    step_by_step = Replica.of(start)

    for step in after:
        write(store, mine, *step)
        step_by_step.apply(store.graph_changes(step_by_step.version))
        assert step_by_step.export() == store.export()

    at_once = Replica.of(start)
    at_once.apply(store.graph_changes(start.version))
    assert at_once.export() == store.export()
