"""The ecosystem-report use cases: who may ask about which scope, and what they may see.

Access (rules in :mod:`graph_models.domain.policy`, ``Resource.REPORT``):

* admins report on any scope, or everything;
* coordinators and viewers on their territories only: the region they name must lie in one
  (with none named, their only territory is taken; with several, they must name one);
* members get no ecosystem reports: they act for their own stakeholders, and the matches and
  neighbourhood endpoints serve that; a report of a territory is the coordinators' and
  viewers' business.

What a report shows:

* small-cell suppression with the configured minimum count, for everyone (a report is made
  to be forwarded to a council or a funder);
* the named lists (isolates, brokers) name only the stakeholders the reader may read: a
  coordinator, in its territory, every one of them; a viewer none (aggregates only); everyone
  else is counted as "not listed". Contact details and other private fields are never in the
  snapshot, so never in a report;
* the Gephi files (GraphML, GEXF) are individual records: admins and coordinators only, with
  names as above.

A report comes as a value (for JSON), or rendered as a file: a zip of CSV tables, one HTML
page (with the Content-Security-Policy it needs), or the scope's graph as GraphML or GEXF.

Examples
--------
>>> from graph_models.domain.accounts import Role, User
>>> from graph_models.reports.examples import example_graph
>>> from contextlib import nullcontext
>>> from graph_models.domain.snapshot import Snapshot
>>> class Fixed:
...     def reading(self):
...         return nullcontext(Snapshot(version=7, graph=example_graph()))
>>> viewer = User(id="v", username="v", role=Role.VIEWER, regions=("EL30",))
>>> found = Reporting(Fixed(), min_count=0).report(actor=viewer)
>>> found.report.scope.region, found.report.stakeholders, found.report.version
('EL30', 5, 7)
>>> found.report.components.listed_isolates, found.report.components.unlisted_isolates
((), 1)
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Protocol

import networkx as nx

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.errors import InvalidInput
from graph_models.domain.policy import Action, Resource
from graph_models.domain.snapshot import Snapshot
from graph_models.reports import (
    Comparison,
    Report,
    compare,
    csv_zip,
    ecosystem_report,
    gexf_bytes,
    graphml_bytes,
    html_report,
    named_only,
    scope_graph,
    suppress,
)
from graph_models.reports.page import CSP as PAGE_POLICY
from graph_models.reports.wording import PLAIN, Wording
from graph_models.use_cases.common import territory_asked

DEFAULT_MIN_COUNT = 5


REPORT_FORMATS = ("csv", "html")
GRAPH_FORMATS = ("graphml", "gexf")


class SnapshotSource(Protocol):
    def reading(self) -> AbstractContextManager[Snapshot]: ...


@dataclass(frozen=True)
class ReportResult:
    """A report, and its comparison with an earlier date when one was asked for."""

    report: Report
    comparison: Comparison | None = None


@dataclass(frozen=True)
class ReportFile:
    """A report or a scope's graph rendered in one of the ``REPORT_FORMATS`` or
    ``GRAPH_FORMATS``; a page comes with the Content-Security-Policy it needs."""

    body: bytes
    format: str
    page_policy: str | None = None


class Reporting:
    """Reports over the snapshots of ``snapshots`` (anything whose ``reading()`` holds the
    current one), small counts suppressed below ``min_count`` unless a call asks another."""

    def __init__(self, snapshots: SnapshotSource, *, min_count: int = DEFAULT_MIN_COUNT,
                 seed: int = 0):
        self._snapshots = snapshots
        self.min_count = min_count
        self.seed = seed

    def report(self, *, region: str | None = None, sector: str | None = None,
               kind: str | None = None, as_of: date | None = None,
               compare_to: date | None = None, min_count: int | None = None,
               actor: User | None = None) -> ReportResult:
        """The report of a scope as of a date, and optionally its change since ``compare_to``.

        Raises Forbidden for a role without reports or a region outside the actor's
        territories, InvalidInput for an unknown scope or ``compare_to`` not before ``as_of``.
        """
        policy.require_some(actor, Resource.REPORT, Action.READ)
        region = territory_asked(actor, region)
        if compare_to is not None and compare_to >= (as_of or date.max):
            raise InvalidInput("compare_to must come before as_of",
                               errors={"compare_to": ["must be before as_of"]})
        smallest = self.min_count if min_count is None else min_count
        with self._snapshots.reading() as snapshot:

            def shown(at: date | None) -> Report:
                report = ecosystem_report(snapshot.graph, region=region, sector=sector,
                                          kind=kind, as_of=at, seed=self.seed,
                                          version=snapshot.version)
                return suppress(named_only(report, _namer_of_report(actor, report)), smallest)

            after = shown(as_of)
            if compare_to is None:
                return ReportResult(after)
            return ReportResult(after, compare(shown(compare_to), after))

    def report_file(self, fmt: str, *, region: str | None = None, sector: str | None = None,
                    kind: str | None = None, as_of: date | None = None,
                    compare_to: date | None = None, min_count: int | None = None,
                    actor: User | None = None, wording: Wording = PLAIN) -> ReportFile:
        """:meth:`report`, rendered in one of the ``REPORT_FORMATS``, in ``wording``'s
        language (the CSV tables' headings; every word of the page)."""
        _require_format(fmt, REPORT_FORMATS)
        result = self.report(region=region, sector=sector, kind=kind, as_of=as_of,
                             compare_to=compare_to, min_count=min_count, actor=actor)
        if fmt == "csv":
            return ReportFile(csv_zip(result.report, result.comparison, wording=wording), fmt)
        return ReportFile(html_report(result.report, result.comparison,
                                      wording=wording).encode("utf-8"), fmt,
                          page_policy=PAGE_POLICY)

    def graph(self, *, region: str | None = None, sector: str | None = None,
              kind: str | None = None, as_of: date | None = None,
              actor: User | None = None) -> nx.Graph:
        """The scope as a graph for Gephi (see :func:`~graph_models.reports.scope_graph`)."""
        policy.require_some(actor, Resource.REPORT, Action.EXPORT)
        region = territory_asked(actor, region)
        with self._snapshots.reading() as snapshot:
            report = ecosystem_report(snapshot.graph, region=region, sector=sector, kind=kind,
                                      as_of=as_of, seed=self.seed, version=snapshot.version)
            return scope_graph(report, _namer(actor, snapshot.graph))

    def graph_file(self, fmt: str, *, region: str | None = None, sector: str | None = None,
                   kind: str | None = None, as_of: date | None = None,
                   actor: User | None = None) -> ReportFile:
        """:meth:`graph`, rendered in one of the ``GRAPH_FORMATS``."""
        _require_format(fmt, GRAPH_FORMATS)
        graph = self.graph(region=region, sector=sector, kind=kind, as_of=as_of, actor=actor)
        return ReportFile((graphml_bytes if fmt == "graphml" else gexf_bytes)(graph), fmt)


def _require_format(fmt: str, formats: tuple[str, ...]) -> None:
    if fmt not in formats:
        raise InvalidInput(f"no such format: {fmt}",
                           errors={"format": [f"one of: {', '.join(formats)}"]})


def _may_name(actor: User | None, node: str, region: str, discoverable: bool) -> bool:
    return actor is None or policy.allows(actor, Resource.STAKEHOLDER, Action.READ,
                                          policy.relation(actor, node, region, discoverable))


def _namer(actor: User | None, G: nx.Graph):
    nodes = G.nodes
    return lambda node: _may_name(actor, node, nodes[node].get("region") or "",
                                  bool(nodes[node].get("discoverable")))


def _namer_of_report(actor: User | None, report: Report):
    if actor is None:
        return lambda node: True
    if report.network is None:  # never so for ecosystem_report's; then it names nobody
        return lambda node: False
    frame = report.network.frame
    row = {node: i for i, node in enumerate(frame.ids)}
    return lambda node: _may_name(actor, node, frame.region[row[node]],
                                  bool(frame.discoverable[row[node]]))
