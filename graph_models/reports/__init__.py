"""Ecosystem reports: how dense and healthy the network of a scope is, at a date.

Public API
----------
ecosystem_report(G, *, region, sector, kind, as_of, seed, pivots, exact_up_to, top,
                 max_listed, version, timings) -> Report
compare(before, after) -> Comparison;  headline(report) -> dict
suppress(report, min_count) -> Report;  named_only(report, may_name) -> Report
csv_tables / csv_zip(report, comparison);  html_report(report, comparison)
scope_graph(report, may_name) -> nx.Graph;  graphml_bytes(G);  gexf_bytes(G)
Measures on any graph: density, degree_centralization, ei_index, attribute_assortativity,
constraint, effective_size (see :mod:`graph_models.reports.measures`), betweenness (see
:mod:`graph_models.reports.centrality`).

What a report holds is documented in :mod:`graph_models.reports.model`; how each of its
sections is computed in :mod:`graph_models.reports.sections`; how small counts are hidden in
:mod:`graph_models.reports.suppression`.

Every function is pure: it reads the frozen snapshot graph and returns new values.
"""

from graph_models.reports.centrality import betweenness
from graph_models.reports.comparison import compare, headline
from graph_models.reports.measures import (
    attribute_assortativity,
    constraint,
    degree_centralization,
    density,
    effective_size,
    ei_index,
)
from graph_models.reports.model import Comparison, Report, Scope
from graph_models.reports.page import html_report
from graph_models.reports.report import ecosystem_report, named_only
from graph_models.reports.suppression import suppress
from graph_models.reports.tables import csv_tables, csv_zip, gexf_bytes, graphml_bytes, scope_graph

__all__ = [
    "Comparison",
    "Report",
    "Scope",
    "attribute_assortativity",
    "betweenness",
    "compare",
    "constraint",
    "csv_tables",
    "csv_zip",
    "degree_centralization",
    "density",
    "ecosystem_report",
    "effective_size",
    "ei_index",
    "gexf_bytes",
    "graphml_bytes",
    "headline",
    "html_report",
    "named_only",
    "scope_graph",
    "suppress",
]
