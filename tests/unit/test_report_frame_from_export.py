"""The reports' arrays of a snapshot just built from an export: read from the export's lists,
they equal, tie for tie and in the same order, the arrays read from the graph's edges; and so
does every report made of them (Louvain's communities follow the order of the edges)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_models.demo import generate_ecosystem
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind, Stakeholder, Tie, TieType
from graph_models.reports import ecosystem_report, edges
from graph_models.reports.edges import note_export
from graph_models.reports.frame import Frame, frame_of

FIELDS = ("ids", "names", "region", "legal_form", "sectors", "needs", "offers", "kind",
          "created", "discoverable", "tie_u", "tie_v", "tie_type", "tie_since", "tie_ids")


def assert_identical(got: Frame, expected: Frame) -> None:
    for name in FIELDS:
        mine, theirs = getattr(got, name), getattr(expected, name)
        if isinstance(theirs, np.ndarray):
            assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs), name
        else:
            assert mine == theirs, name


def read_from_the_graph(G: nx.MultiGraph, as_of: date | None = None) -> Frame:
    """The frame read by a pass over a copy of ``G`` (a graph no export was noted for)."""
    return frame_of(nx.MultiGraph(G), as_of)


@st.composite
def exports(draw) -> GraphExport:
    """Stakeholders added in any order, created on various days; ties in any order between
    any two of them (several per pair, either way round, and loops)."""
    names = draw(st.lists(st.text("abcdefgh", min_size=1, max_size=3), min_size=1, max_size=9,
                          unique=True))
    people = [Stakeholder(id=name, kind=draw(st.sampled_from(list(Kind))), name=name.upper(),
                          region="EL303", created_at=datetime(2024, 1, draw(st.integers(1, 28)),
                                                              tzinfo=UTC))
              for name in names]
    ends = st.sampled_from(names)
    ties = [Tie(id=f"t{n}", type=draw(st.sampled_from(list(TieType))), source=draw(ends),
                target=draw(ends), since=date(2024, 1, draw(st.integers(1, 28))))
            for n in range(draw(st.integers(0, 25)))]
    return GraphExport(version=1, stakeholders=people, ties=ties)


@settings(max_examples=200, deadline=None)
@given(exports(), st.sampled_from([None, date(2024, 1, 10), date(2024, 1, 20)]))
def test_the_frame_read_from_the_export_is_the_one_read_from_the_graph(export, as_of):
    G = build_snapshot(export).graph
    note_export(G, export)
    assert_identical(frame_of(G, as_of), read_from_the_graph(G, as_of))


def test_a_demo_ecosystems_report_is_the_same_either_way():
    eco = generate_ecosystem(400, ties=2_000, seed=3)
    export = GraphExport(version=1, stakeholders=eco.stakeholders, ties=eco.ties)
    G = build_snapshot(export).graph
    note_export(G, export)
    assert_identical(frame_of(G), read_from_the_graph(G))
    fast, slow = ecosystem_report(G), ecosystem_report(nx.freeze(nx.MultiGraph(G)))
    assert fast == slow and fast.communities.count > 1


def test_a_graph_changed_after_it_was_built_is_read_from_its_edges(monkeypatch):
    """Only a graph noted with its export skips the pass over its edges."""
    eco = generate_ecosystem(50, ties=120, seed=5)
    G = nx.freeze(build_snapshot(GraphExport(version=1, stakeholders=eco.stakeholders,
                                             ties=eco.ties)).graph)
    passes = []
    real = edges._edge_columns
    monkeypatch.setattr(edges, "_edge_columns",
                        lambda graph, everyone: passes.append(graph) or real(graph, everyone))
    frame_of(G)
    assert passes == [G]
