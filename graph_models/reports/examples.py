"""A small hand-made ecosystem for doctests and unit tests.

Attica (EL30): three cooperatives, an ethical bank and a support centre; Central Macedonia
(EL52): a cooperative, a fund and a municipality. coop1 and coop4 are KoinSEps, coop2 a
workers' cooperative. Nine ties, two of them between the same pair
(the bank KNOWS and FUNDED coop1). coop3 joined in 2025 with no ties: an isolate.

>>> G = example_graph()
>>> G.number_of_nodes(), G.number_of_edges()
(8, 9)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

import networkx as nx

from graph_models.domain.stakeholders import Kind, LegalForm, TieType

KOINSEP = LegalForm.KOINSEP


def _node(kind: Kind, region: str, created: tuple[int, int, int], *,
          sectors: Iterable[str] = (), needs: Iterable[str] = (), offers: Iterable[str] = (),
          discoverable: bool = True, name: str | None = None,
          legal_form: LegalForm | None = None) -> dict[str, object]:
    return {"kind": kind, "region": region, "legal_form": legal_form,
            "sectors": tuple(sectors), "needs": tuple(needs),
            "offers": tuple(offers), "discoverable": discoverable, "name": name,
            "created_at": datetime(*created, tzinfo=UTC)}


def example_graph() -> nx.MultiGraph:
    """The example ecosystem as a frozen snapshot graph."""
    G = nx.MultiGraph()
    ent, inv, pol, sup = (Kind.ENTREPRENEUR, Kind.INVESTOR, Kind.POLICYMAKER,
                          Kind.SUPPORT_ORGANISATION)
    nodes = {
        "coop1": _node(ent, "EL303", (2020, 1, 5), sectors=["agrifood"], legal_form=KOINSEP,
                       needs=["financing.loan", "consulting.marketing"], name="Κουζίνα"),
        "coop2": _node(ent, "EL301", (2020, 3, 1), sectors=["agrifood", "sustainable_tourism"],
                       legal_form=LegalForm.WORKERS_COOPERATIVE,
                       needs=["financing.loan"], name="Ήλιος"),
        "coop3": _node(ent, "EL303", (2025, 2, 1), sectors=["crafts"],
                       needs=["training.mentoring"], discoverable=False, name="Νέα"),
        "inv1": _node(inv, "EL30", (2020, 1, 1), offers=["financing.loan"], name="Bank"),
        "sup1": _node(sup, "EL303", (2020, 1, 1), offers=["consulting.marketing",
                                                        "training.mentoring"], name="Centre"),
        "coop4": _node(ent, "EL522", (2021, 6, 1), sectors=["agrifood"], legal_form=KOINSEP,
                       needs=["financing.grant"],
                       name="Σύνδεσμος"),
        "inv2": _node(inv, "EL52", (2021, 1, 1), offers=["financing.grant"], name="Fund"),
        "pol1": _node(pol, "EL522", (2021, 1, 1), name="Municipality"),
    }
    G.add_nodes_from(nodes.items())
    ties = [
        ("t1", TieType.KNOWS, "coop1", "coop2", date(2020, 6, 1)),
        ("t2", TieType.FUNDED, "inv1", "coop1", date(2021, 2, 1)),
        ("t3", TieType.KNOWS, "inv1", "coop1", date(2020, 2, 1)),
        ("t4", TieType.SUPPORTED, "sup1", "coop1", date(2020, 4, 1)),
        ("t5", TieType.SUPPORTED, "sup1", "coop2", date(2021, 5, 1)),
        ("t6", TieType.PARTNERS_WITH, "coop2", "coop4", date(2022, 1, 1)),
        ("t7", TieType.FUNDED, "inv2", "coop4", date(2022, 3, 1)),
        ("t8", TieType.KNOWS, "pol1", "coop4", date(2021, 7, 1)),
        ("t9", TieType.KNOWS, "pol1", "inv2", date(2023, 9, 1)),
    ]
    for key, tie_type, source, target, since in ties:
        G.add_edge(source, target, key=key, type=tie_type, source=source, target=target,
                   since=since, weight=1.0)
    return nx.freeze(G)
