"""The live match index: brought forward from the change feed it equals an index built from
scratch, and a read during a rebuild is answered from the previous index without waiting."""

from __future__ import annotations

import threading
import time

from graph_models.domain.stakeholders import Kind, TieType
from graph_models.matching import MatchIndex
from graph_models.use_cases.live_index import LiveMatchIndex
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders
from tests.builders import FIXED_TIME
from tests.forking import check_in_forked_child
from tests.index_equality import assert_same_index


def world(store) -> tuple[Stakeholders, dict[str, str]]:
    people = Stakeholders(store, SnapshotCache(store), clock=lambda: FIXED_TIME)
    ids = {name: people.create_stakeholder({
        "kind": kind, "name": name, "region": "EL303", "discoverable": True,
        "needs": ["financing.loan"], "offers": ["financing.loan"] if kind != Kind.ENTREPRENEUR
        else []}).id
        for name, kind in (("coop", Kind.ENTREPRENEUR), ("bank", Kind.INVESTOR),
                           ("hub", Kind.SUPPORT_ORGANISATION))}
    return people, ids


def from_scratch(store) -> MatchIndex:
    return MatchIndex.from_export(store.export())


def test_the_live_index_follows_every_kind_of_graph_write(store):
    people, ids = world(store)
    live = LiveMatchIndex(store)
    assert_same_index(live.get(), from_scratch(store))

    tie = people.create_tie({"type": TieType.KNOWS, "source": ids["coop"],
                             "target": ids["hub"], "since": "2025-01-01"})
    people.update_stakeholder(ids["bank"], {"needs": [], "region": "EL522"})
    newcomer = people.create_stakeholder({"kind": Kind.ENTREPRENEUR, "name": "new",
                                          "region": "EL303", "discoverable": True})
    people.create_tie({"type": TieType.PARTNERS_WITH, "source": newcomer.id,
                       "target": ids["coop"], "since": "2025-02-01"})
    assert_same_index(live.get(), from_scratch(store))
    assert live.version == store.version()

    people.delete_tie(tie.id)
    people.delete_stakeholder(ids["hub"])
    assert_same_index(live.get(), from_scratch(store))
    assert live.version == store.version()


class RebuildingStore:
    """The store, but its change feed says "read the graph whole" to any reader behind."""

    def __init__(self, store):
        self._store = store

    def graph_changes(self, since):
        return None if since < self._store.version() else self._store.graph_changes(since)

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_a_read_during_a_rebuild_gets_the_previous_index_without_waiting(store):
    people, ids = world(store)
    may_finish = threading.Event()
    builds = []

    def build(source):
        if builds:  # every rebuild after the first waits to be let through
            may_finish.wait(timeout=60)
        export = source.export()
        builds.append(export.version)
        return export.version, MatchIndex.from_export(export)

    live = LiveMatchIndex(RebuildingStore(store), build=build)
    before = live.get()
    people.update_stakeholder(ids["bank"], {"discoverable": False})

    during = [live.get(), live.get()]  # the first starts the rebuild; neither waits for it
    assert all(index is before for index in during)
    assert not may_finish.is_set()

    may_finish.set()
    for _ in range(1200):  # the rebuild runs in its own thread
        if live.version == store.version():
            break
        time.sleep(0.05)
    assert_same_index(live.get(), from_scratch(store))
    assert len(builds) == 2 and builds[0] < builds[1] == store.version()


def counting_builds(builds: list[int]):
    """The live index's default build, noting the version of each."""

    def build(source):
        export = source.export()
        builds.append(export.version)
        return export.version, MatchIndex.from_export(export)

    return build


def test_settling_brings_the_index_forward_in_the_calling_thread_and_builds_only_the_first(
        store):
    people, ids = world(store)
    builds: list[int] = []
    live = LiveMatchIndex(store, build=counting_builds(builds))
    assert_same_index(live.settle(), from_scratch(store))

    people.update_stakeholder(ids["bank"], {"discoverable": False})
    people.create_tie({"type": TieType.KNOWS, "source": ids["coop"], "target": ids["hub"],
                       "since": "2025-01-01"})
    threads = threading.active_count()
    assert_same_index(live.settle(), from_scratch(store))
    assert live.version == store.version()
    assert len(builds) == 1 and threading.active_count() == threads


def test_settling_rebuilds_in_the_calling_thread_when_the_feed_cannot_say(store):
    people, ids = world(store)
    builds: list[int] = []
    live = LiveMatchIndex(RebuildingStore(store), build=counting_builds(builds))
    live.settle()
    people.update_stakeholder(ids["bank"], {"discoverable": False})
    threads = threading.active_count()
    assert_same_index(live.settle(), from_scratch(store))
    assert builds == [builds[0], store.version()] and threading.active_count() == threads


def test_a_forked_process_brings_the_inherited_index_forward_instead_of_building_its_own(
        store):
    people, ids = world(store)
    builds: list[int] = []
    live = LiveMatchIndex(store, build=counting_builds(builds))
    live.settle()
    store.close()  # as a gunicorn master does before forking: no connection crosses the fork

    def write_after_the_fork() -> None:
        people.update_stakeholder(ids["bank"], {"needs": ["consulting.business_plan"],
                                                "region": "EL522"})
        people.create_tie({"type": TieType.PARTNERS_WITH, "source": ids["coop"],
                           "target": ids["hub"], "since": "2025-03-01"})

    def in_the_child() -> None:
        assert_same_index(live.get(), from_scratch(store))
        assert live.version == store.version()
        assert len(builds) == 1  # the parent's build, inherited: none of its own

    check_in_forked_child(in_the_child, after_fork=write_after_the_fork)
    assert len(builds) == 1 and live.version < store.version()  # the parent's is untouched


def test_the_export_for_matching_builds_the_index_the_full_export_builds(store):
    people, ids = world(store)
    people.create_tie({"type": TieType.KNOWS, "source": ids["coop"], "target": ids["hub"],
                       "since": "2025-01-01", "strength": 4})
    people.create_tie({"type": TieType.FUNDED, "source": ids["bank"], "target": ids["coop"],
                       "since": "2024-06-30", "weight": 2.5, "amount": 10_000})
    people.create_tie({"type": TieType.PARTNERS_WITH, "source": ids["coop"],
                       "target": ids["bank"], "since": "2025-02-01"})  # two ties from coop
    full, columns = store.export(), store.export_for_matching()

    assert columns.version == full.version and columns.stakeholders == full.stakeholders
    assert sorted(zip(columns.ties.ids, columns.ties.sources, columns.ties.targets,
                      columns.ties.types, columns.ties.weights, columns.ties.strengths,
                      columns.ties.since, strict=True)) == sorted(
        (t.id, t.source, t.target, t.type.value, t.weight, t.strength, t.since)
        for t in full.ties)
    assert_same_index(MatchIndex.from_matching_export(columns), MatchIndex.from_export(full))
