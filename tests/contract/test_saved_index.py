"""The saved match index: a new process over the same store starts from it, brought forward
from the change feed, instead of building one; and it is never taken for another store's,
another code's, or a version the feed cannot bring forward."""

from __future__ import annotations

import logging
import stat

import pytest

from graph_models.domain.stakeholders import Kind, TieType
from graph_models.matching import MatchIndex
from graph_models.use_cases import saved_index
from graph_models.use_cases.live_index import LiveMatchIndex
from graph_models.use_cases.saved_index import SavedIndex
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders
from tests.builders import FIXED_TIME
from tests.conftest import wipe_neo4j
from tests.index_equality import assert_same_index

LOCATION = "the store's location"


@pytest.fixture
def people(store):
    """The store's stakeholder use cases, with a small graph in it."""
    people = Stakeholders(store, SnapshotCache(store), clock=lambda: FIXED_TIME)
    coop, bank = (people.create_stakeholder({
        "kind": kind, "name": name, "region": "EL303", "discoverable": True,
        "needs": ["financing.loan"], "offers": [] if kind == Kind.ENTREPRENEUR
        else ["financing.loan"]}).id for name, kind in (("coop", Kind.ENTREPRENEUR),
                                                        ("bank", Kind.INVESTOR)))
    people.create_tie({"type": TieType.KNOWS, "source": coop, "target": bank,
                       "since": "2025-01-01"})
    return people


def process(store, folder, builds: list[int]) -> LiveMatchIndex:
    """The live index of a new process over ``store``, counting the indexes it builds."""

    def build(source):
        export = source.export_for_matching()
        builds.append(export.version)
        return export.version, MatchIndex.from_matching_export(export)

    return LiveMatchIndex(store, build=build, saved=SavedIndex(folder, store, LOCATION))


def from_scratch(store) -> MatchIndex:
    return MatchIndex.from_export(store.export())


def test_a_new_process_starts_from_the_saved_index_without_building(store, people, tmp_path):
    first: list[int] = []
    process(store, tmp_path, first).settle()
    assert first == [store.version()]

    again: list[int] = []
    assert_same_index(process(store, tmp_path, again).settle(), from_scratch(store))
    assert again == []


def test_writes_made_after_the_save_are_brought_in_from_the_feed(store, people, tmp_path):
    process(store, tmp_path, []).get()
    newcomer = people.create_stakeholder({"kind": Kind.SUPPORT_ORGANISATION, "name": "hub",
                                          "region": "EL522", "discoverable": True,
                                          "offers": ["consulting.business_plan"]})
    coop = next(s for s in store.export().stakeholders if s.name == "coop")
    people.create_tie({"type": TieType.SUPPORTED, "source": newcomer.id, "target": coop.id,
                       "since": "2025-02-01"})
    people.update_stakeholder(coop.id, {"needs": ["consulting.business_plan"]})

    builds: list[int] = []
    live = process(store, tmp_path, builds)
    assert_same_index(live.get(), from_scratch(store))
    assert builds == [] and live.version == store.version()


def test_another_stores_saved_index_is_not_read(store, people, tmp_path):
    """Another store at the same location and version (made anew there) has another lineage."""
    process(store, tmp_path, []).settle()
    version = store.version()
    store = remade(store, tmp_path)
    other = Stakeholders(store, SnapshotCache(store), clock=lambda: FIXED_TIME)
    while store.version() < version:
        other.create_stakeholder({"kind": Kind.POLICYMAKER, "name": f"p{store.version()}",
                                  "region": "EL3", "jurisdiction": "EL3"})

    builds: list[int] = []
    assert_same_index(process(store, tmp_path, builds).settle(), from_scratch(store))
    assert builds == [version]


def remade(store, tmp_path):
    """An empty store at the same location as ``store``, made anew."""
    if type(store).__name__ == "SqliteStore":
        store.close()
        for path in tmp_path.glob("store.db*"):
            path.unlink()
        store.ensure_schema()
    else:
        wipe_neo4j(store)
    return store


def test_an_index_saved_by_other_code_is_not_read(store, people, tmp_path, monkeypatch):
    process(store, tmp_path, []).settle()
    monkeypatch.setattr(saved_index, "code_digest", lambda: "another release")
    builds: list[int] = []
    process(store, tmp_path, builds).settle()
    assert builds == [store.version()]


def test_an_index_saved_at_a_version_the_store_has_not_been_at_is_built_anew(store, people,
                                                                              tmp_path):
    version = store.version()
    SavedIndex(tmp_path, store, LOCATION).save(version + 3, from_scratch(store))
    builds: list[int] = []
    assert_same_index(process(store, tmp_path, builds).settle(), from_scratch(store))
    assert builds == [version]
    assert SavedIndex(tmp_path, store, LOCATION).load()[0] == version  # and saved again


def test_a_damaged_file_is_logged_and_replaced(store, people, tmp_path, caplog):
    saved = SavedIndex(tmp_path, store, LOCATION)
    process(store, tmp_path, []).settle()
    saved.path.write_bytes(saved.path.read_bytes()[:-100])
    builds: list[int] = []
    with caplog.at_level(logging.WARNING, logger=saved_index.__name__):
        assert_same_index(process(store, tmp_path, builds).settle(), from_scratch(store))
    assert builds == [store.version()] and "ignoring the saved match index" in caplog.text
    assert saved.load()[0] == store.version()


def test_a_folder_that_cannot_be_written_is_logged_and_the_index_still_served(
        store, people, tmp_path, caplog):
    (tmp_path / "a-file").write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger=saved_index.__name__):
        index = process(store, tmp_path / "a-file" / "indexes", []).get()
    assert_same_index(index, from_scratch(store))
    assert "could not save the match index" in caplog.text


def test_the_folder_and_the_file_are_the_services_alone(store, people, tmp_path):
    folder = tmp_path / "indexes"
    process(store, folder, []).settle()
    (file,) = folder.iterdir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert file == SavedIndex(folder, store, LOCATION).path


def test_copies_of_a_store_in_two_places_keep_their_saved_indexes_apart(store, tmp_path):
    here, there = (SavedIndex(tmp_path, store, place) for place in ("/srv/a.db", "/srv/b.db"))
    assert here.path != there.path and here.path.parent == there.path.parent
