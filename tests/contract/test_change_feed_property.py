"""Property: after any sequence of writes, a reader that replays the change feed onto an export
holds exactly the graph the store exports, on SQLite and on Neo4j.

The writes are drawn from every kind that touches the graph: creating, updating and deleting
stakeholders and ties, imports (creating, replacing, or leaving everything as it is), and the
ties that completed introductions and mentorships bring. Two readers replay them: one asks
after every write, the other once at the end.
"""

from __future__ import annotations

import contextlib
import dataclasses
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_models.domain.errors import Conflict
from graph_models.domain.interchange import StakeholderImport, StakeholderRef, TieImport
from graph_models.domain.stakeholders import Kind, TieType
from tests.builders import stakeholder, tie
from tests.contract.feed_helpers import Replica, complete_introduction, complete_mentorship

KINDS = list(Kind)
# Types that the store writes between any two stakeholders (it does not check kinds).
TIE_TYPES = [TieType.KNOWS, TieType.PARTNERS_WITH, TieType.FUNDED, TieType.SUPPORTED]
WRITES = ("create", "update", "delete", "tie", "retie", "untie", "import", "reimport",
          "introduce", "mentor")
# A write, and two numbers that pick what it acts on among what exists.
writes = st.lists(st.tuples(st.sampled_from(WRITES), st.integers(0, 99), st.integers(0, 99)),
                  max_size=10)


def write(store, mine: set[str], what: str, i: int, j: int) -> None:
    """Make the write ``what`` on what exists of the stakeholders ``mine`` (the example's own:
    the store keeps those of the examples before) and their ties. A stakeholder is created
    while there are fewer than two; a conflict leaves the store as it was, as for a client."""
    graph = store.export()
    people = [s for s in graph.stakeholders if s.id in mine]
    ties = [t for t in graph.ties if t.source in mine and t.target in mine]
    if what == "create" or len(people) < 2:
        mine.add(store.create_stakeholder(stakeholder(KINDS[i % len(KINDS)])).id)
        return
    a, b = people[i % len(people)], people[j % len(people)]
    if what == "update":
        store.update_stakeholder(dataclasses.replace(
            a, name=f"Μετονομασία {j}", updated_at=a.updated_at + timedelta(seconds=1)))
    elif what == "delete":
        store.delete_stakeholder(a.id)
    elif what in ("retie", "untie") and ties:
        old = ties[i % len(ties)]
        if what == "untie":
            store.delete_tie(old.id)
        else:
            store.update_tie(dataclasses.replace(old, weight=old.weight + 1,
                                                 updated_at=old.updated_at + timedelta(seconds=1)))
    elif a.id == b.id:
        mine.add(store.create_stakeholder(stakeholder(KINDS[j % len(KINDS)])).id)
    elif what == "import":
        renamed = dataclasses.replace(a, name=f"Εισαγωγή {j}")
        newcomer = stakeholder(KINDS[j % len(KINDS)])
        mine.add(newcomer.id)
        store.bulk_upsert([StakeholderImport(renamed), StakeholderImport(newcomer)], [
            TieImport(tie(TieType.KNOWS, "?", "?", strength=1 + i % 5), StakeholderRef(id=one),
                      StakeholderRef(id=other))
            for one, other in ((b.id, newcomer.id), (a.id, b.id))])
    elif what == "reimport":
        store.bulk_upsert([StakeholderImport(a), StakeholderImport(b)], [])
    elif what == "introduce":
        complete_introduction(store, a, b)
    elif what == "mentor":
        complete_mentorship(store, a, b)
    else:  # "tie", or a tie write while there is none
        with contextlib.suppress(Conflict):  # the pair has such a tie already
            store.create_tie(tie(TIE_TYPES[i % len(TIE_TYPES)], a, b))


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
