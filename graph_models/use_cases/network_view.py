"""The network of a scope as a browser can draw it: its most connected stakeholders, the
connected pairs among them, each coloured by its community or kind, found by name.

It is the drawing of the ecosystem report (:mod:`graph_models.reports.page`) made
interactive, under the report's rules (:class:`~graph_models.use_cases.reports.Reporting`):
the same readers, the same scope, the same communities, and what small-cell suppression
hides stays hidden — no drawing of a scope whose stakeholders or pairs are too few to show
without counting them, a kind or a community whose count is hidden drawn as "other". A
stakeholder is named, and can be looked up, only by a reader who may read it (a coordinator
in its territory, an administrator); a viewer sees the shape of the network, anonymous, as
the report's drawing shows it.

Examples
--------
>>> from contextlib import nullcontext
>>> from graph_models.domain.accounts import Role, User
>>> from graph_models.domain.snapshot import Snapshot
>>> from graph_models.reports.examples import example_graph
>>> from graph_models.use_cases.reports import Reporting
>>> class Fixed:
...     def reading(self):
...         return nullcontext(Snapshot(version=7, graph=example_graph()))
>>> coordinator = User(id="c", username="c", role=Role.COORDINATOR, regions=("EL30",))
>>> view = network_view(Reporting(Fixed(), min_count=0), actor=coordinator)
>>> view.stakeholders, len(view.nodes), len(view.pairs)
(5, 5, 4)
>>> [view.nodes[i].name for i in find_nodes(view, "kouzina")]
['Κουζίνα']
>>> viewer = User(id="v", username="v", role=Role.VIEWER, regions=("EL30",))
>>> {node.name for node in network_view(Reporting(Fixed(), min_count=0), actor=viewer).nodes}
{''}
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.policy import Action, Resource
from graph_models.domain.search_keys import query_terms, search_key
from graph_models.reports.frame import KINDS
from graph_models.reports.model import Community, Report
from graph_models.use_cases.reports import Reporting

# A browser lays out and draws this many nodes smoothly (cytoscape.js, cose layout).
MAX_NODES = 2000
# Communities coloured each in its own colour, largest first; the others share one.
COLOURED_COMMUNITIES = 9


@dataclass(frozen=True)
class NetworkNode:
    """A stakeholder drawn: ``id`` and ``name`` only when the reader may read it (else None
    and ""), its kind and community unless the report hides their counts (None: "other")."""

    id: str | None
    name: str
    kind: str | None
    community: int | None
    degree: int


@dataclass(frozen=True)
class NetworkView:
    """The drawing of a scope: ``nodes`` most connected first (ties by id), ``pairs`` the
    connected pairs among them as positions in ``nodes``. ``stakeholders`` counts the whole
    scope (None when suppression hides it); ``drawable`` is False when the scope is too small
    to draw without counting it (then nothing is drawn); ``communities`` are those coloured.
    """

    region: str | None
    as_of: date | None
    stakeholders: int | None
    drawable: bool
    nodes: tuple[NetworkNode, ...]
    pairs: tuple[tuple[int, int], ...]
    communities: tuple[Community, ...]
    kinds: tuple[str, ...]  # the kinds whose count the report shows

    @property
    def complete(self) -> bool:
        """Whether every stakeholder of the scope is drawn."""
        return self.stakeholders is not None and len(self.nodes) >= self.stakeholders


def network_view(reporting: Reporting, *, region: str | None = None,
                 as_of: date | None = None, limit: int = MAX_NODES,
                 actor: User | None = None) -> NetworkView:
    """The network of a scope as of a date, as ``actor`` may see it, at most ``limit`` of its
    most connected stakeholders. Raises as :meth:`Reporting.report` does (Forbidden outside
    the actor's territories, InvalidInput for an unknown region)."""
    report = reporting.report(region=region, as_of=as_of, actor=actor).report
    scope = report.scope
    kinds = tuple(k.value for k in KINDS if report.by_kind.get(k.value) is not None)
    communities = tuple(c for c in report.communities.largest[:COLOURED_COMMUNITIES]
                        if c.size is not None)
    if report.stakeholders is None or report.pairs is None:
        return NetworkView(scope.region, scope.as_of, report.stakeholders, False, (), (), (),
                           kinds)
    nodes, pairs = _drawn(report, actor, limit, {c.label for c in communities}, set(kinds))
    return NetworkView(scope.region, scope.as_of, report.stakeholders, True, nodes, pairs,
                       communities, kinds)


def _drawn(report: Report, actor: User | None, limit: int, coloured: set[int],
           shown_kinds: set[str]) -> tuple[tuple[NetworkNode, ...], tuple[tuple[int, int], ...]]:
    scope, labels = report.network, report.community_labels
    frame, degree = scope.frame, scope.degree
    chosen = np.lexsort((np.arange(scope.n), -degree))[:limit]  # rows are in id order
    position = np.full(scope.n, -1, dtype=np.int64)
    position[chosen] = np.arange(len(chosen))
    nodes = []
    for i in chosen.tolist():
        row = scope.rows[i]
        node_id = frame.ids[row]
        named = actor is None or policy.allows(
            actor, Resource.STAKEHOLDER, Action.READ,
            policy.relation(actor, node_id, frame.region[row], bool(frame.discoverable[row])))
        kind = KINDS[frame.kind[row]].value
        community = int(labels[i])
        nodes.append(NetworkNode(node_id if named else None, frame.names[row] if named else "",
                                 kind if kind in shown_kinds else None,
                                 community if community in coloured else None,
                                 int(degree[i])))
    u, v = position[scope.pair_u], position[scope.pair_v]
    both = (u >= 0) & (v >= 0)
    return tuple(nodes), tuple(zip(u[both].tolist(), v[both].tolist(), strict=True))


def find_nodes(view: NetworkView, text: str) -> list[int]:
    """The positions of the named nodes whose name holds every word of ``text``, as the
    directory's search reads it (any order, accents and case aside, Greeklish for Greek:
    :mod:`graph_models.domain.search_keys`), most connected first. InvalidInput for a text
    too long."""
    terms = query_terms(text)
    if not terms:
        return []
    found = []
    for position, node in enumerate(view.nodes):
        if not node.name:
            continue
        words = search_key(node.name).split()
        if all(any(form in word for form in term for word in words) for term in terms):
            found.append(position)
    return found
