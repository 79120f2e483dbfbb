"""A report as CSV tables (one per section, bundled in a zip) and its scope as GraphML/GEXF.

CSV: a zip of UTF-8 CSV files with a header row each — ``summary.csv`` (every headline figure;
with a comparison, its value before, after and the change), ``by_kind.csv``,
``by_region.csv``, ``by_sector.csv``, ``ties_by_type.csv``, ``density.csv``,
``degree_distribution.csv``, ``mixing_matrix.csv``, ``mixing_by_legal_form.csv``,
``mixing_by_attribute.csv``,
``communities.csv``, ``need_coverage.csv``, ``unmet_needs_by_topic.csv``,
``unmet_needs_by_region.csv``, ``growth.csv``, ``isolates.csv`` and ``brokers.csv``. A suppressed
cell is empty. A text cell that a spreadsheet would run as a formula (a stakeholder named
``=HYPERLINK(…)``: it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
leading apostrophe, as OWASP advises against CSV injection; numbers are written as numbers.

GraphML and GEXF: the scope's stakeholders and one edge per connected pair (``ties``: how many
ties, ``types``: their types, ``since``: the first), every attribute a plain string or number
so that Gephi reads it. Nodes carry kind, region, sectors, joining date, degree and community;
a name only where the reader may see it. Contact details, needs and offers never appear.

Examples
--------
>>> from graph_models.reports.examples import example_graph
>>> from graph_models.reports.report import ecosystem_report
>>> report = ecosystem_report(example_graph())
>>> csv_tables(report)["by_kind.csv"].splitlines()[:2]
['kind,stakeholders', 'entrepreneur,4']
>>> G = scope_graph(report, may_name=lambda node: node != "coop3")
>>> G.nodes["coop3"]["label"], G.edges["coop1", "inv1"]["types"]
('', 'FUNDED;KNOWS')
>>> graphml_bytes(G).startswith(b"<?xml"), gexf_bytes(G).startswith(b"<?xml")
(True, True)
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from datetime import date

import networkx as nx
import numpy as np

from graph_models.reports.comparison import headline
from graph_models.reports.edges import TIE_TYPES, UNKNOWN_DAY
from graph_models.reports.frame import KINDS
from graph_models.reports.model import Comparison, Report

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A CSV cell: empty for None; text that a spreadsheet would run as a formula neutralised.

    >>> _cell("=SUM(A1:A9)"), _cell("@cmd"), _cell("Κουζίνα"), _cell(-0.5), _cell(None)
    ("'=SUM(A1:A9)", "'@cmd", 'Κουζίνα', -0.5, '')
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def csv_tables(report: Report, comparison: Comparison | None = None) -> dict[str, str]:
    """Every table of the report as CSV text, by file name."""
    if comparison is None:
        summary = _csv(["figure", "value"], headline(report).items())
    else:
        summary = _csv(["figure", "before", "after", "change"], (
            (name, comparison.before_figures.get(name), value, comparison.changes.get(name))
            for name, value in comparison.after_figures.items()))
    densities = [*report.density_by_kinds, *report.density_by_relation]
    kinds = report.mixing.kinds
    return {
        "summary.csv": summary,
        "by_kind.csv": _csv(["kind", "stakeholders"], report.by_kind.items()),
        "by_region.csv": _csv(["region", "stakeholders"], report.by_region.items()),
        "by_sector.csv": _csv(["sector", "stakeholders"], report.by_sector.items()),
        "ties_by_type.csv": _csv(["type", "ties"], report.ties_by_type.items()),
        "density.csv": _csv(["kind_a", "kind_b", "tie_type", "pairs", "possible", "density"], (
            (*d.kinds, d.tie_type or "any", d.pairs, d.possible, d.density)
            for d in densities)),
        "degree_distribution.csv": _csv(["degree", "stakeholders"],
                                        report.degree.distribution.items()),
        "mixing_matrix.csv": _csv(["kind", *kinds], (
            (kind, *row) for kind, row in zip(kinds, report.mixing.matrix, strict=True))),
        "mixing_by_legal_form.csv": _csv(["group", *report.mixing.groups], (
            (group, *row) for group, row in zip(report.mixing.groups, report.mixing.group_matrix,
                                                strict=True))),
        "mixing_by_attribute.csv": _csv(
            ["attribute", "groups", "internal_pairs", "external_pairs", "e_i", "assortativity"],
            ((m.attribute, m.groups, m.internal, m.external, m.e_i, m.assortativity)
             for m in report.mixing.by_attribute)),
        "communities.csv": _csv(
            ["community", "size", *(k.value for k in KINDS), "top_region", "top_region_share",
             "top_sector", "top_sector_share"],
            ((c.label, c.size, *(c.kinds.get(k.value, 0) for k in KINDS), c.top_region,
              c.top_region_share, c.top_sector, c.top_sector_share)
             for c in report.communities.largest)),
        "need_coverage.csv": _csv(["pillar", "needs", "covered", "share"], (
            (p.pillar, p.needs, p.covered, p.share) for p in report.needs.by_pillar)),
        "unmet_needs_by_topic.csv": _csv(["topic", "unmet_needs"],
                                         report.needs.unmet_by_topic.items()),
        "unmet_needs_by_region.csv": _csv(["region", "unmet_needs"],
                                          report.needs.unmet_by_region.items()),
        "growth.csv": _csv(["month", "new_stakeholders", "new_ties", "total_stakeholders",
                            "total_ties"],
                           ((m.month, m.stakeholders, m.ties, m.total_stakeholders,
                             m.total_ties) for m in report.growth)),
        "isolates.csv": _csv(["id", "name", "kind", "region"], (
            (s.id, s.name, s.kind, s.region) for s in report.components.listed_isolates)),
        "brokers.csv": _csv(["id", "name", "kind", "region", "degree", "betweenness",
                             "betweenness_standard_error", "constraint", "effective_size"], (
            (b.stakeholder.id, b.stakeholder.name, b.stakeholder.kind, b.stakeholder.region,
             b.degree, b.betweenness, b.betweenness_error, b.constraint, b.effective_size)
            for b in report.brokers.top)),
    }


def csv_zip(report: Report, comparison: Comparison | None = None) -> bytes:
    """The CSV tables in one zip file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, text in csv_tables(report, comparison).items():
            bundle.writestr(name, text.encode("utf-8"))
    return out.getvalue()


# Characters XML 1.0 cannot hold at all, not even escaped: a name carrying one would make the
# whole GraphML or GEXF file unreadable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _label(name: str) -> str:
    """A name as an XML-safe label.

    >>> _label("Coop\\x00 \\x0bΚουζίνα")
    'Coop Κουζίνα'
    """
    return NOT_XML.sub("", name)


def scope_graph(report: Report, may_name: Callable[[str], bool] = lambda _: True) -> nx.Graph:
    """The report's scope as a simple graph with scalar, public attributes only."""
    scope = report.network
    frame = scope.frame
    labels = report.community_labels
    degree = scope.degree
    G = nx.Graph()
    for i, row in enumerate(scope.rows):
        node = frame.ids[row]
        created = frame.created[row]
        G.add_node(node, label=_label(frame.names[row]) if may_name(node) else "",
                   kind=KINDS[frame.kind[row]].value, region=frame.region[row],
                   sectors=";".join(frame.sectors[row]),
                   joined=date.fromordinal(int(created)).isoformat()
                   if created != UNKNOWN_DAY else "",
                   degree=int(degree[i]), community=int(labels[i]))
    order = np.lexsort((scope.tie_since, scope.tie_v, scope.tie_u))
    for t in order:
        u, v = frame.ids[scope.rows[scope.tie_u[t]]], frame.ids[scope.rows[scope.tie_v[t]]]
        tie_type = TIE_TYPES[scope.tie_type[t]].value
        since = scope.tie_since[t]
        if G.has_edge(u, v):
            edge = G.edges[u, v]
            edge["ties"] += 1
            edge["weight"] = float(edge["ties"])
            if tie_type not in edge["types"].split(";"):
                edge["types"] = ";".join(sorted([*edge["types"].split(";"), tie_type]))
        else:
            G.add_edge(u, v, ties=1, weight=1.0, types=tie_type,
                       since=date.fromordinal(int(since)).isoformat()
                       if since != UNKNOWN_DAY else "")
    return G


def graphml_bytes(G: nx.Graph) -> bytes:
    """GraphML (UTF-8) of a graph made by :func:`scope_graph`."""
    out = io.BytesIO()
    nx.write_graphml(G, out, encoding="utf-8")
    return out.getvalue()


def gexf_bytes(G: nx.Graph) -> bytes:
    """GEXF 1.2 (UTF-8) of a graph made by :func:`scope_graph`."""
    out = io.BytesIO()
    nx.write_gexf(G, out, encoding="utf-8", version="1.2draft")
    return out.getvalue()
