"""The reports' arrays of a snapshot brought forward by the change feed: taken from the previous
snapshot's and the changes, they equal the arrays read from the new graph afresh, and so does
every report made of them."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from graph_models.demo import generate_ecosystem
from graph_models.domain.changes import GraphChanges
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import Replica, build_snapshot
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.reports import ecosystem_report, frame
from graph_models.reports.frame import Frame, follow, frame_of
from tests.builders import stakeholder, tie

COLUMNS = ("ids", "names", "region", "legal_form", "sectors", "needs", "offers")
ARRAYS = ("kind", "created", "discoverable")


def assert_same_frame(got: Frame, expected: Frame) -> None:
    """Same rows column for column; the same ties, in any order and either way round."""
    for name in COLUMNS:
        assert getattr(got, name) == getattr(expected, name), name
    for name in ARRAYS:
        assert np.array_equal(getattr(got, name), getattr(expected, name)), name
    assert _ties(got) == _ties(expected)


def _ties(frame: Frame) -> list[tuple]:
    return sorted((key, frozenset((frame.ids[u], frame.ids[v])), int(kind), int(day))
                  for key, u, v, kind, day in zip(frame.tie_ids, frame.tie_u, frame.tie_v,
                                                  frame.tie_type, frame.tie_since, strict=True))


def random_changes(export: GraphExport, rng: random.Random, version: int) -> GraphChanges:
    """Some of everything: stakeholders renamed, moved, added and deleted (their ties with
    them), ties reweighed, retyped, added and deleted."""
    people = {s.id: s for s in export.stakeholders}
    ties = {t.id: t for t in export.ties}
    gone = set(rng.sample(sorted(people), 3))
    cut = {t for t in rng.sample(sorted(ties), 5)} | {
        t.id for t in ties.values() if {t.source, t.target} & gone}
    edited = [dataclasses.replace(people[p], name=f"Νέο {p[:4]}", region="EL522",
                                  sectors=("education",), discoverable=False)
              for p in rng.sample(sorted(people.keys() - gone), 4)]
    newcomers = [stakeholder(Kind.ENTREPRENEUR), stakeholder(Kind.INVESTOR)]
    alive = sorted(people.keys() - gone)
    reweighed = [dataclasses.replace(ties[t], weight=7.0, type=TieType.KNOWS, strength=2)
                 for t in rng.sample(sorted(ties.keys() - cut), 4)]
    added = [tie(TieType.FUNDED, newcomers[1], newcomers[0]),
             *(tie(TieType.KNOWS, newcomers[0], rng.choice(alive)) for _ in range(3))]
    return GraphChanges(since=export.version, version=version,
                        stakeholders=(*edited, *newcomers), ties=(*reweighed, *added),
                        deleted_stakeholders=tuple(sorted(gone)),
                        deleted_ties=tuple(sorted(cut)))


def applied(export: GraphExport, changes: GraphChanges) -> GraphExport:
    people = {s.id: s for s in export.stakeholders}
    ties = {t.id: t for t in export.ties}
    for key in changes.deleted_ties:
        ties.pop(key, None)
    for key in changes.deleted_stakeholders:
        people.pop(key, None)
    people.update((s.id, s) for s in changes.stakeholders)
    ties.update((t.id, t) for t in changes.ties)
    return GraphExport(changes.version, list(people.values()), list(ties.values()))


def counted(function, calls: list):
    def wrapper(*args):
        calls.append(args)
        return function(*args)
    return wrapper


@pytest.fixture(scope="module")
def demo_export() -> GraphExport:
    demo = generate_ecosystem(300, seed=3)
    return GraphExport(1, demo.stakeholders, demo.ties)


@pytest.mark.parametrize("seed", range(3))
def test_a_followed_frame_equals_the_frame_read_afresh_and_so_do_its_reports(demo_export,
                                                                            seed, monkeypatch):
    rng = random.Random(seed)
    replica = Replica(demo_export)
    export = demo_export
    frame_of(replica.snapshot.graph)
    for version in (2, 3):  # two writes without a report between them
        changes = random_changes(export, rng, version)
        before = replica.snapshot
        after = replica.forward(changes)
        follow(before.graph, after.graph, changes)
        export = applied(export, changes)
    reads = []
    monkeypatch.setattr(frame, "_build_frame", counted(frame._build_frame, reads))
    followed = frame_of(after.graph)
    assert reads == []  # no pass over the new graph
    fresh = build_snapshot(export).graph
    assert_same_frame(followed, frame_of(fresh))
    for scope in ({}, {"region": "EL30"}, {"kind": "entrepreneur"}):
        assert ecosystem_report(after.graph, **scope) == ecosystem_report(fresh, **scope)


def test_a_graph_that_no_frame_came_before_is_read_afresh(demo_export):
    replica = Replica(demo_export)
    changes = random_changes(demo_export, random.Random(9), 2)
    before = replica.snapshot
    after = replica.forward(changes)
    follow(before.graph, after.graph, changes)  # before's frame was never asked for
    fresh = build_snapshot(applied(demo_export, changes)).graph
    assert_same_frame(frame_of(after.graph), frame_of(fresh))


def test_profile_edits_keep_the_rows_and_share_the_tie_arrays(demo_export):
    replica = Replica(demo_export)
    before = replica.snapshot
    earlier = frame_of(before.graph)
    people = sorted(demo_export.stakeholders, key=lambda s: s.id)
    edits = GraphChanges(since=1, version=2, stakeholders=tuple(
        dataclasses.replace(s, name="Άλλο όνομα", region="EL411", needs=(), offers=(),
                            discoverable=not s.discoverable) for s in people[5:8]))
    after = replica.forward(edits)
    follow(before.graph, after.graph, edits)
    followed = frame_of(after.graph)
    assert followed.tie_u is earlier.tie_u
    assert_same_frame(followed, frame_of(build_snapshot(applied(demo_export, edits)).graph))
