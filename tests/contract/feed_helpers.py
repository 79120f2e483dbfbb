"""What the change-feed tests share: a reader that replays the feed onto an export, the writes
that bring a tie as a side effect (a completed introduction, a completed mentorship), and the
writes of every kind that the property tests draw."""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass, field
from datetime import timedelta

from hypothesis import strategies as st

from graph_models.domain.changes import GraphChanges
from graph_models.domain.errors import Conflict
from graph_models.domain.interchange import (
    GraphExport,
    StakeholderImport,
    StakeholderRef,
    TieImport,
)
from graph_models.domain.introductions import Introduction, Purpose
from graph_models.domain.introductions import State as IntroductionState
from graph_models.domain.mentorships import Mentorship, MentorshipState
from graph_models.domain.programmes import Programme
from graph_models.domain.stakeholders import Kind, Stakeholder, Tie, TieType, new_id
from graph_models.stores.contracts.changes import FeedLimits
from graph_models.stores.neo4j import Neo4jStore
from graph_models.stores.sqlite import SqliteStore
from tests.builders import FIXED_TIME, stakeholder, tie


@dataclass
class Replica:
    """The graph as a reader holds it: an export, then the changes it applied, by id."""

    version: int
    stakeholders: dict[str, Stakeholder] = field(default_factory=dict)
    ties: dict[str, Tie] = field(default_factory=dict)

    @classmethod
    def of(cls, export: GraphExport) -> Replica:
        return cls(export.version, {s.id: s for s in export.stakeholders},
                   {t.id: t for t in export.ties})

    def apply(self, changes: GraphChanges | None) -> None:
        assert changes is not None, "the feed should reach back to the replica's version"
        assert changes.since == self.version
        # Deleted first: an id is either changed or deleted, never both.
        assert not {s.id for s in changes.stakeholders} & set(changes.deleted_stakeholders)
        assert not {t.id for t in changes.ties} & set(changes.deleted_ties)
        for tie_id in changes.deleted_ties:
            self.ties.pop(tie_id, None)  # created and deleted since: never seen here
        for stakeholder_id in changes.deleted_stakeholders:
            self.stakeholders.pop(stakeholder_id, None)
        self.stakeholders.update((s.id, s) for s in changes.stakeholders)
        self.ties.update((t.id, t) for t in changes.ties)
        self.version = changes.version

    def export(self) -> GraphExport:
        """What the replica holds, as the store exports it (ordered by id)."""
        return GraphExport(self.version, sorted(self.stakeholders.values(), key=_by_id),
                           sorted(self.ties.values(), key=_by_id))


def _by_id(item: Stakeholder | Tie) -> str:
    return item.id


def with_feed(store, limits: FeedLimits):
    """Another store on the same database as ``store``, with other feed limits."""
    if isinstance(store, SqliteStore):
        return SqliteStore(store.path, feed=limits)
    assert isinstance(store, Neo4jStore)
    return Neo4jStore(store.url, user=None, password=None, database=store.database, feed=limits)


def complete_introduction(store, requester: Stakeholder, target: Stakeholder) -> Introduction:
    """A request from ``requester`` to ``target``, completed: its INTRODUCED tie created unless
    the pair has one."""
    created = store.create_introduction(Introduction(
        id=new_id(), requester_id=requester.id, target_id=target.id, broker_id=None,
        purpose=Purpose.FINANCING, message="Ζητάμε γνωριμία", region=target.region,
        requested_by="u1", created_at=FIXED_TIME, state_changed_at=FIXED_TIME), max_open=100)
    done = dataclasses.replace(created, state=IntroductionState.COMPLETED,
                               revision=created.revision + 1)
    return store.transition_introduction(
        done, tie=tie(TieType.INTRODUCED, requester, target))


def complete_mentorship(store, mentor: Stakeholder, mentee: Stakeholder) -> Mentorship:
    """A programme published with the one pair, its mentorship completed: its MENTORS tie
    created unless the pair has one."""
    programme = store.create_programme(Programme(
        id=new_id(), name="Άνοιξη", region="EL30", starts_on=FIXED_TIME.date(),
        created_at=FIXED_TIME, updated_at=FIXED_TIME, mentee_ids=(mentee.id,)))
    proposed = Mentorship(id=new_id(), programme_id=programme.id, mentee_id=mentee.id,
                          mentor_id=mentor.id, region="EL30", created_at=FIXED_TIME,
                          state_changed_at=FIXED_TIME, score=70.0)
    store.publish_programme(programme.changed(FIXED_TIME), [proposed])
    stored = store.get_mentorship(proposed.id)
    done = dataclasses.replace(stored, state=MentorshipState.COMPLETED,
                               revision=stored.revision + 1)
    return store.transition_mentorship(done, tie=tie(TieType.MENTORS, mentor, mentee))


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
