"""The shared snapshot: brought forward from the change feed it equals one built from scratch,
a reader holds the same graph for the whole of its use whatever moves meanwhile, and reports and
paths after a write show it."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings

from graph_models.domain.interchange import StakeholderImport, StakeholderRef, TieImport
from graph_models.domain.snapshot import Replica, Snapshot, build_snapshot
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.use_cases.introductions import Introductions
from graph_models.use_cases.reports import Reporting
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders
from tests.builders import FIXED_TIME, stakeholder, tie
from tests.contract.feed_helpers import write, writes
from tests.snapshot_equality import assert_same_snapshot


class CountingBuilds:
    """Builds replicas from full exports, and counts them (a fake that records)."""

    def __init__(self):
        self.versions: list[int] = []

    def __call__(self, store) -> Replica:
        replica = Replica(store.export())
        self.versions.append(replica.version)
        return replica


def from_scratch(store) -> Snapshot:
    return build_snapshot(store.export())


def assert_follows(cache: SnapshotCache, store) -> None:
    with cache.reading() as snapshot:
        assert_same_snapshot(snapshot, from_scratch(store))


def world(store) -> tuple[Stakeholders, dict[str, str]]:
    people = Stakeholders(store, SnapshotCache(store), clock=lambda: FIXED_TIME)
    ids = {name: people.create_stakeholder({
        "kind": kind, "name": name, "region": "EL303", "discoverable": True}).id
        for name, kind in (("coop", Kind.ENTREPRENEUR), ("bank", Kind.INVESTOR),
                           ("hub", Kind.SUPPORT_ORGANISATION))}
    return people, ids


def test_the_snapshot_follows_every_kind_of_graph_write_without_a_rebuild(store):
    people, ids = world(store)
    builds = CountingBuilds()
    cache = SnapshotCache(store, build=builds)
    assert_follows(cache, store)

    knows = people.create_tie({"type": TieType.KNOWS, "source": ids["coop"],
                               "target": ids["hub"], "since": "2025-01-01"})
    people.create_tie({"type": TieType.PARTNERS_WITH, "source": ids["coop"],
                       "target": ids["hub"], "since": "2025-02-01"})
    people.update_stakeholder(ids["bank"], {"name": "Ηθική τράπεζα", "region": "EL522"})
    people.update_tie(knows.id, {"strength": 5})
    assert_follows(cache, store)

    newcomer, other = stakeholder(Kind.ENTREPRENEUR), stakeholder(Kind.INVESTOR)
    store.bulk_upsert([StakeholderImport(newcomer), StakeholderImport(other)], [
        TieImport(tie(TieType.FUNDED, "?", "?"), StakeholderRef(id=other.id),
                  StakeholderRef(id=newcomer.id)),
        TieImport(tie(TieType.KNOWS, "?", "?"), StakeholderRef(id=newcomer.id),
                  StakeholderRef(id=ids["coop"]))])
    assert_follows(cache, store)

    people.delete_tie(knows.id)
    people.delete_stakeholder(ids["hub"])  # and its PARTNERS_WITH tie
    people.delete_stakeholder(newcomer.id)
    assert_follows(cache, store)
    assert builds.versions == [3]


@pytest.mark.slow
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(before=writes, after=writes)
def test_after_any_writes_the_snapshot_equals_one_built_from_scratch(store, before, after):
    mine: set[str] = set()
    for step in before:
        write(store, mine, *step)
    builds = CountingBuilds()
    step_by_step, at_once = SnapshotCache(store, build=builds), SnapshotCache(store)
    assert_follows(step_by_step, store)
    with at_once.reading():
        pass

    for step in after:
        write(store, mine, *step)
        assert_follows(step_by_step, store)
    assert_follows(at_once, store)
    assert len(builds.versions) == 1


def read_in_a_thread(cache: SnapshotCache) -> Snapshot:
    """A reading from another thread, failing the test rather than hanging should it wait."""
    got: list[Snapshot] = []

    def read():
        with cache.reading() as snapshot:
            got.append(snapshot)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=60)
    assert got, "the reading did not come back"
    return got[0]


def test_a_held_snapshot_stays_as_it_was_and_moves_once_let_go(store):
    people, ids = world(store)
    cache = SnapshotCache(store)
    with cache.reading() as held:
        before = from_scratch(store)
        people.update_stakeholder(ids["coop"], {"name": "Μετονομασία"})
        people.create_tie({"type": TieType.KNOWS, "source": ids["coop"],
                           "target": ids["bank"], "since": "2025-01-01"})
        assert read_in_a_thread(cache) is held  # not brought forward under the holder
        assert_same_snapshot(held, before)
    assert_follows(cache, store)


def test_readers_that_keep_a_snapshot_busy_get_a_rebuilt_one_beside_it(store):
    people, ids = world(store)
    builds = CountingBuilds()
    cache = SnapshotCache(store, build=builds, max_lag=0)
    with cache.reading() as held:
        before = from_scratch(store)
        people.delete_stakeholder(ids["hub"])
        assert read_in_a_thread(cache) is held  # and starts the rebuild
        wait_for_version(cache, store.version())
        newer = read_in_a_thread(cache)
        assert_same_snapshot(newer, from_scratch(store))
        assert newer.graph is not held.graph
        assert_same_snapshot(held, before)
    assert builds.versions == [3, 4]


def wait_for_version(cache: SnapshotCache, version: int) -> None:
    for _ in range(1200):  # a rebuild runs in its own thread
        if cache.version == version:
            return
        time.sleep(0.05)
    pytest.fail(f"the snapshot never reached version {version}")


class GatedFeedStore:
    """The store, but its change feed answers only once let through, and says "read the
    graph whole" when ``trimmed``."""

    def __init__(self, store, *, trimmed: bool = False):
        self._store = store
        self.trimmed = trimmed
        self.asked = threading.Event()
        self.may_answer = threading.Event()

    def graph_changes(self, since):
        if since < self._store.version():
            self.asked.set()
            self.may_answer.wait(timeout=60)
            if self.trimmed:
                return None
        return self._store.graph_changes(since)

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_a_read_while_another_asks_for_the_changes_gets_the_snapshot_there_is(store):
    people, ids = world(store)
    gated = GatedFeedStore(store)
    cache = SnapshotCache(gated)
    before = read_in_a_thread(cache)
    people.update_stakeholder(ids["bank"], {"discoverable": False})
    forwarding = threading.Thread(target=read_in_a_thread, args=(cache,), daemon=True)
    forwarding.start()
    assert gated.asked.wait(timeout=60)
    assert read_in_a_thread(cache) is before
    gated.may_answer.set()
    forwarding.join(timeout=60)
    assert_follows(cache, store)


def test_a_trimmed_feed_rebuilds_in_the_background_the_previous_snapshot_answering(store):
    people, ids = world(store)
    gated = GatedFeedStore(store, trimmed=True)
    builds = CountingBuilds()
    cache = SnapshotCache(gated, build=builds)
    before = read_in_a_thread(cache)
    people.update_stakeholder(ids["bank"], {"discoverable": False})
    gated.may_answer.set()
    assert read_in_a_thread(cache) is before  # starts the rebuild, does not wait for it
    wait_for_version(cache, store.version())
    assert_follows(cache, store)
    assert builds.versions == [3, 4]


def test_a_report_after_a_write_shows_the_write(store):
    people, ids = world(store)
    cache = SnapshotCache(store)
    reports = Reporting(cache, min_count=0)
    first = reports.report().report
    people.create_tie({"type": TieType.KNOWS, "source": ids["coop"], "target": ids["bank"],
                       "since": "2025-01-01"})
    people.create_stakeholder({"kind": Kind.ENTREPRENEUR, "name": "new", "region": "EL303"})
    after = reports.report().report
    assert (first.stakeholders, first.ties, first.version) == (3, 0, 3)
    assert (after.stakeholders, after.ties, after.version) == (4, 1, store.version())


def test_warm_paths_after_a_write_go_through_the_new_tie(store):
    people, ids = world(store)
    cache = SnapshotCache(store)
    desk = Introductions(store, cache, clock=lambda: FIXED_TIME)
    people.create_tie({"type": TieType.PARTNERS_WITH, "source": ids["coop"],
                       "target": ids["hub"], "since": "2025-01-01"})
    assert desk.paths(ids["coop"], ids["bank"]).paths == []
    people.create_tie({"type": TieType.PARTNERS_WITH, "source": ids["hub"],
                       "target": ids["bank"], "since": "2025-01-01"})
    assert [p.broker for p in desk.paths(ids["coop"], ids["bank"]).paths] == [ids["hub"]]
