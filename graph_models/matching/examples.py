"""A tiny named ecosystem for the examples in docstrings (like networkx's small named graphs).

Two entrepreneurs of Central Athens, one support organisation that supported both, and two
investors with the same profile: ``inv`` funded ``ent2``, ``inv2`` funded no one here. ``ent``
shares no neighbour with either investor, yet the path ``ent – sup – ent2 – inv`` makes ``inv``
the closer.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import networkx as nx

from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Instrument, Kind, Stage, Stakeholder, Tie, TieType


def example_stakeholders() -> list[Stakeholder]:
    """The five stakeholders of :func:`example_graph`."""
    ent = Stakeholder(id="ent", name="Ήλιος", kind=Kind.ENTREPRENEUR, region="EL303",
                      languages=("el",), discoverable=True, sectors=("agrifood",),
                      stage=Stage.OPERATING,
                      needs=("financing.loan", "consulting.business_plan"),
                      funding_sought=25_000)
    sup = Stakeholder(id="sup", name="Κέντρο Στήριξης", kind=Kind.SUPPORT_ORGANISATION,
                      region="EL303", languages=("el",), discoverable=True,
                      offers=("consulting.business_plan", "training.mentoring"), capacity=10)
    inv = Stakeholder(id="inv", name="Ηθική Τράπεζα", kind=Kind.INVESTOR, region="EL303",
                      languages=("el",), discoverable=True, sectors=("agrifood",),
                      instruments=(Instrument.LOAN,), offers=("financing.loan",),
                      ticket_min=5_000, ticket_max=100_000)
    return [
        ent,
        replace(ent, id="ent2", name="Ρίζες"),
        sup,
        inv,
        replace(inv, id="inv2", name="Ταμείο Αλληλεγγύης"),
    ]


def example_ties() -> list[Tie]:
    """The three ties of :func:`example_graph`."""
    day = date(2026, 3, 1)
    return [
        Tie(id="t1", type=TieType.SUPPORTED, source="sup", target="ent", since=day,
            topic="consulting.business_plan"),
        Tie(id="t2", type=TieType.SUPPORTED, source="sup", target="ent2", since=day,
            topic="consulting.business_plan"),
        Tie(id="t3", type=TieType.FUNDED, source="inv", target="ent2", since=day,
            amount=20_000.0, instrument=Instrument.LOAN),
    ]


def example_graph() -> nx.MultiGraph:
    """The frozen snapshot graph of the example ecosystem.

    Examples
    --------
    >>> G = example_graph()
    >>> G.number_of_nodes(), G.number_of_edges(), nx.is_frozen(G)
    (5, 3, True)
    """
    export = GraphExport(version=1, stakeholders=example_stakeholders(), ties=example_ties())
    return build_snapshot(export).graph
