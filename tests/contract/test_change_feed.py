"""The store contract for the change feed: what each write reports, on SQLite and on Neo4j.

A reader holding the graph at a version asks ``graph_changes(version)`` and applies the answer;
None tells it to read the graph whole instead. The property that any sequence of writes replays
exactly is in test_change_feed_property.py.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.changes import GraphChanges
from graph_models.domain.interchange import StakeholderImport, StakeholderRef, TieImport
from graph_models.domain.programmes import Programme
from graph_models.domain.stakeholders import Kind, TieType, new_id
from graph_models.stores.contracts.changes import FeedLimits
from graph_models.stores.sqlite import SqliteStore
from tests.builders import FIXED_TIME, stakeholder, tie
from tests.conftest import wipe_neo4j
from tests.contract.feed_helpers import (
    Replica,
    complete_introduction,
    complete_mentorship,
    with_feed,
)


@pytest.fixture
def pair(store):
    """Two stakeholders and the tie between them."""
    a, b = (store.create_stakeholder(stakeholder(kind)) for kind in (Kind.ENTREPRENEUR,
                                                                      Kind.INVESTOR))
    return a, b, store.create_tie(tie(TieType.KNOWS, a, b))


@pytest.fixture
def limited(store):
    """Makes the same store with other feed limits."""
    made = []

    def make(**limits):
        made.append(with_feed(store, FeedLimits(**limits)))
        return made[-1]

    yield make
    for other in made:
        other.close()


def later(item):
    return dataclasses.replace(item, updated_at=item.updated_at + timedelta(seconds=1))


def importing(*people):
    return [StakeholderImport(p, line=n) for n, p in enumerate(people, start=1)]


def test_a_new_store_has_no_changes_at_version_zero(store):
    assert store.graph_changes(0) == GraphChanges(since=0, version=0)


def test_the_changes_since_a_version_are_what_was_written_since_as_it_is_now(store, pair):
    a, b, ab = pair
    version = store.version()
    renamed = store.update_stakeholder(dataclasses.replace(later(a), name="Νέο όνομα"))
    c = store.create_stakeholder(stakeholder(Kind.SUPPORT_ORGANISATION))
    bc = store.create_tie(tie(TieType.SUPPORTED, c, b))
    stronger = store.update_tie(dataclasses.replace(later(ab), strength=5))

    changes = store.graph_changes(version)

    assert changes == GraphChanges(
        since=version, version=version + 4,
        stakeholders=tuple(sorted([renamed, c], key=lambda s: s.id)),
        ties=tuple(sorted([stronger, bc], key=lambda t: t.id)))


def test_at_the_current_version_there_are_no_changes(store, pair):
    version = store.version()
    assert store.graph_changes(version) == GraphChanges(since=version, version=version)


def test_deleting_a_stakeholder_reports_it_and_its_ties_deleted(store, pair):
    a, b, ab = pair
    c = store.create_stakeholder(stakeholder(Kind.SUPPORT_ORGANISATION))
    ca = store.create_tie(tie(TieType.SUPPORTED, c, a))
    bc = store.create_tie(tie(TieType.KNOWS, b, c))
    version = store.version()

    store.delete_stakeholder(a.id)

    assert store.graph_changes(version) == GraphChanges(
        since=version, version=version + 1, deleted_stakeholders=(a.id,),
        deleted_ties=tuple(sorted([ab.id, ca.id])))
    assert store.get_tie(bc.id) == bc


def test_deleting_a_tie_reports_it_deleted_and_leaves_its_ends_alone(store, pair):
    _, _, ab = pair
    version = store.version()
    store.delete_tie(ab.id)
    assert store.graph_changes(version) == GraphChanges(
        since=version, version=version + 1, deleted_ties=(ab.id,))


def test_what_was_created_and_deleted_since_is_reported_deleted(store, pair):
    version = store.version()
    brief = store.create_stakeholder(stakeholder())
    store.delete_stakeholder(brief.id)
    assert store.graph_changes(version).deleted_stakeholders == (brief.id,)


def test_an_import_reports_what_it_created_and_replaced_but_not_what_it_left(store, pair):
    a, b, ab = pair
    version = store.version()
    new = stakeholder(Kind.POLICYMAKER)
    renamed = dataclasses.replace(later(a), name="Μετονομασία")
    weaker = TieImport(dataclasses.replace(later(ab), strength=1), StakeholderRef(id=a.id),
                       StakeholderRef(id=b.id))
    fresh = TieImport(tie(TieType.KNOWS, "?", "?"), StakeholderRef(id=new.id),
                      StakeholderRef(id=b.id))

    store.bulk_upsert(importing(new, renamed, b), [weaker, fresh])

    changes = store.graph_changes(version)
    graph = store.export()
    assert changes.version == version + 1
    assert sorted(s.id for s in changes.stakeholders) == sorted([new.id, a.id])
    assert sorted(changes.ties, key=lambda t: t.id) == graph.ties
    assert [s for s in graph.stakeholders if s.id in (new.id, a.id)] == list(
        changes.stakeholders)


def test_a_completed_introduction_reports_the_tie_it_created(store, pair):
    a, _, _ = pair
    c = store.create_stakeholder(stakeholder(Kind.SUPPORT_ORGANISATION))
    version = store.version()
    done = complete_introduction(store, a, c)
    assert store.graph_changes(version) == GraphChanges(
        since=version, version=version + 1, ties=(store.get_tie(done.tie_id),))


def test_a_completed_mentorship_reports_the_tie_it_created(store, pair):
    a, _, _ = pair
    mentor = store.create_stakeholder(stakeholder(Kind.SUPPORT_ORGANISATION))
    version = store.version()
    done = complete_mentorship(store, mentor, a)
    assert store.graph_changes(version) == GraphChanges(
        since=version, version=version + 1, ties=(store.get_tie(done.tie_id),))


def test_writes_that_leave_the_graph_alone_report_no_changes(store, pair):
    a, b, _ = pair
    complete_introduction(store, a, b)
    complete_mentorship(store, b, a)
    version = store.version()

    # These do not move the version ...
    store.create_user(User(id=new_id(), username=f"u-{new_id()[:8]}", role=Role.MEMBER,
                           memberships=(a.id,), created_at=FIXED_TIME, updated_at=FIXED_TIME))
    store.create_programme(Programme(id=new_id(), name="Φθινόπωρο", region="EL30",
                                     starts_on=FIXED_TIME.date(), created_at=FIXED_TIME,
                                     updated_at=FIXED_TIME))
    assert store.graph_changes(version) == GraphChanges(since=version, version=version)

    # ... these move it and write nothing to the graph: the pairs have their ties already,
    # and the import's lines are stored as they are.
    complete_introduction(store, b, a)
    complete_mentorship(store, b, a)
    store.bulk_upsert(importing(a, b), [])
    assert store.graph_changes(version) == GraphChanges(since=version, version=version + 3)


def test_a_reader_ahead_of_the_store_is_told_to_rebuild(store, pair):
    assert store.graph_changes(store.version() + 1) is None
    assert store.graph_changes(-1) is None


def test_an_import_larger_than_the_feed_replays_tells_readers_before_it_to_rebuild(
        store, limited):
    small = limited(replay_at_most=4)
    before = small.version()
    small.bulk_upsert(importing(*(stakeholder() for _ in range(5))), [])
    at_import = small.version()
    later_one = small.create_stakeholder(stakeholder())

    assert small.graph_changes(before) is None
    # A reader that read the graph after the import replays what came after.
    assert small.graph_changes(at_import) == GraphChanges(
        since=at_import, version=at_import + 1, stakeholders=(later_one,))


def test_more_changes_than_the_feed_replays_tell_the_reader_to_rebuild(store, limited):
    small = limited(replay_at_most=4)
    before = small.version()
    for _ in range(4):
        small.create_stakeholder(stakeholder())
    assert len(small.graph_changes(before).stakeholders) == 4
    small.create_stakeholder(stakeholder())
    assert small.graph_changes(before) is None
    assert len(small.graph_changes(before + 1).stakeholders) == 4


def test_a_reader_behind_the_trimmed_feed_is_told_to_rebuild(store, limited):
    small = limited(keep_versions=3)
    before = small.version()
    written = [small.create_stakeholder(stakeholder()) for _ in range(4)]
    assert small.graph_changes(before) is None
    assert small.graph_changes(before + 1) == GraphChanges(
        since=before + 1, version=before + 4, stakeholders=tuple(
            sorted(written[1:], key=lambda s: s.id)))


def test_making_the_schema_again_keeps_the_feed(store, pair):
    a, _, _ = pair
    replica = Replica.of(store.export())
    store.ensure_schema()
    store.update_stakeholder(later(a))
    replica.apply(store.graph_changes(replica.version))
    assert replica.export() == store.export()


@pytest.mark.neo4j
def test_an_import_in_several_transactions_reports_every_one(neo4j_store, monkeypatch):
    monkeypatch.setattr("graph_models.stores.neo4j.interchange.IMPORT_BATCH_ITEMS", 2)
    wipe_neo4j(neo4j_store)
    people = [stakeholder() for _ in range(3)]
    ties = [TieImport(tie(TieType.KNOWS, "?", "?"), StakeholderRef(id=people[0].id),
                      StakeholderRef(id=p.id)) for p in people[1:]]
    replica = Replica.of(neo4j_store.export())

    neo4j_store.bulk_upsert(importing(*people), ties)

    assert neo4j_store.version() == replica.version + 3
    replica.apply(neo4j_store.graph_changes(replica.version))
    assert replica.export() == neo4j_store.export()


def test_the_lineage_is_drawn_once_and_kept_through_writes_and_schema_checks(store, pair):
    lineage = store.lineage()
    a, _, _ = pair
    store.update_stakeholder(later(a))
    store.ensure_schema()
    assert lineage and store.lineage() == lineage


def test_a_store_made_anew_draws_another_lineage(store, tmp_path):
    before = store.lineage()
    if isinstance(store, SqliteStore):
        other = SqliteStore(tmp_path / "other.db")
        other.ensure_schema()
        after = other.lineage()
        other.close()
    else:
        wipe_neo4j(store)
        after = store.lineage()
    assert after and after != before
