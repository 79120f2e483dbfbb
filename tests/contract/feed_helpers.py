"""What the change-feed tests share: a reader that replays the feed onto an export, and the
writes that bring a tie as a side effect (a completed introduction, a completed mentorship)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from graph_models.domain.changes import GraphChanges
from graph_models.domain.interchange import GraphExport
from graph_models.domain.introductions import Introduction, Purpose
from graph_models.domain.introductions import State as IntroductionState
from graph_models.domain.mentorships import Mentorship, MentorshipState
from graph_models.domain.programmes import Programme
from graph_models.domain.stakeholders import Stakeholder, Tie, TieType, new_id
from graph_models.stores.contracts.changes import FeedLimits
from graph_models.stores.neo4j import Neo4jStore
from graph_models.stores.sqlite import SqliteStore
from tests.builders import FIXED_TIME, tie


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
