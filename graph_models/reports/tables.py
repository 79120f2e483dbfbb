"""A report as CSV tables (one per section, bundled in a zip) and its scope as GraphML/GEXF.

CSV: a zip of UTF-8 CSV files with a header row each — ``summary.csv`` (every headline figure;
with a comparison, its value before, after and the change), ``by_kind.csv``,
``by_region.csv``, ``by_sector.csv``, ``ties_by_type.csv``, ``density.csv``,
``degree_distribution.csv``, ``mixing_matrix.csv``, ``mixing_by_legal_form.csv``,
``mixing_by_attribute.csv``,
``communities.csv``, ``need_coverage.csv``, ``unmet_needs_by_topic.csv``,
``unmet_needs_by_region.csv``, ``growth.csv``, ``isolates.csv``, ``brokers.csv`` and the funding
flows' tables (:mod:`graph_models.reports.funding_tables`). A suppressed
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

from graph_models.domain.phrases import Codes, Phrase
from graph_models.reports.comparison import headline
from graph_models.reports.edges import TIE_TYPES, UNKNOWN_DAY
from graph_models.reports.frame import KINDS
from graph_models.reports.funding_tables import funding_codes, funding_tables
from graph_models.reports.model import Comparison, Report
from graph_models.reports.wording import PLAIN, Wording, figure_name, group_name

# The tables' column headings: the English text is the code programs read (the English
# catalogue keeps it), another language's catalogue gives the words its readers read.
HEADINGS = {
    "figure": Phrase("figure"),
    "value": Phrase("value"),
    "before": Phrase("before"),
    "after": Phrase("after"),
    "change": Phrase("change"),
    "kind": Phrase("kind"),
    "stakeholders": Phrase("stakeholders"),
    "region": Phrase("region"),
    "sector": Phrase("sector"),
    "type": Phrase("type"),
    "ties": Phrase("ties"),
    "kind_a": Phrase("kind_a"),
    "kind_b": Phrase("kind_b"),
    "tie_type": Phrase("tie_type"),
    "pairs": Phrase("pairs"),
    "possible": Phrase("possible"),
    "density": Phrase("density"),
    "degree": Phrase("degree"),
    "group": Phrase("group"),
    "attribute": Phrase("attribute"),
    "groups": Phrase("groups"),
    "internal_pairs": Phrase("internal_pairs"),
    "external_pairs": Phrase("external_pairs"),
    "e_i": Phrase("e_i"),
    "assortativity": Phrase("assortativity"),
    "community": Phrase("community"),
    "size": Phrase("size"),
    "top_region": Phrase("top_region"),
    "top_region_share": Phrase("top_region_share"),
    "top_sector": Phrase("top_sector"),
    "top_sector_share": Phrase("top_sector_share"),
    "pillar": Phrase("pillar"),
    "needs": Phrase("needs"),
    "covered": Phrase("covered"),
    "share": Phrase("share"),
    "topic": Phrase("topic"),
    "unmet_needs": Phrase("unmet_needs"),
    "month": Phrase("month"),
    "new_stakeholders": Phrase("new_stakeholders"),
    "new_ties": Phrase("new_ties"),
    "total_stakeholders": Phrase("total_stakeholders"),
    "total_ties": Phrase("total_ties"),
    "id": Phrase("id"),
    "name": Phrase("name"),
    "betweenness": Phrase("betweenness"),
    "betweenness_standard_error": Phrase("betweenness_standard_error"),
    "constraint": Phrase("constraint"),
    "effective_size": Phrase("effective_size"),
    "vocabulary": Phrase("vocabulary"),
    "code": Phrase("code"),
    "label": Phrase("label"),
}

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


def _csv(header: list, rows, wording: Wording) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([wording.say(h) for h in header])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _h(*names: str) -> list[Phrase]:
    """Column headings: in English the codes programs know, in another language its words."""
    return [HEADINGS[name] for name in names]


def csv_tables(report: Report, comparison: Comparison | None = None, *,
               wording: Wording = PLAIN) -> dict[str, str]:
    """Every table of the report as CSV text, by file name, headed in ``wording``'s language
    (the cells keep their codes); with a wording other than :data:`PLAIN`, ``labels.csv``
    gives the label of each code the tables hold."""
    def table(header: list, rows) -> str:
        return _csv(header, rows, wording)

    def figure(name: str) -> str:
        return name if wording is PLAIN else wording.say(figure_name(name))

    if comparison is None:
        summary = table(_h("figure", "value"),
                        ((figure(name), value) for name, value in headline(report).items()))
    else:
        summary = table(_h("figure", "before", "after", "change"), (
            (figure(name), comparison.before_figures.get(name), value,
             comparison.changes.get(name))
            for name, value in comparison.after_figures.items()))
    densities = [*report.density_by_kinds, *report.density_by_relation]
    kinds = report.mixing.kinds
    kind_headings = [Codes("kind", (k,)) for k in kinds]
    tables = {
        "summary.csv": summary,
        "by_kind.csv": table(_h("kind", "stakeholders"), report.by_kind.items()),
        "by_region.csv": table(_h("region", "stakeholders"), report.by_region.items()),
        "by_sector.csv": table(_h("sector", "stakeholders"), report.by_sector.items()),
        "ties_by_type.csv": table(_h("type", "ties"), report.ties_by_type.items()),
        "density.csv": table(_h("kind_a", "kind_b", "tie_type", "pairs", "possible",
                                "density"), (
            (*d.kinds, d.tie_type or "any", d.pairs, d.possible, d.density)
            for d in densities)),
        "degree_distribution.csv": table(_h("degree", "stakeholders"),
                                         report.degree.distribution.items()),
        "mixing_matrix.csv": table([HEADINGS["kind"], *kind_headings], (
            (kind, *row) for kind, row in zip(kinds, report.mixing.matrix, strict=True))),
        "mixing_by_legal_form.csv": table(
            [HEADINGS["group"], *(_group_heading(g, wording) for g in report.mixing.groups)], (
                (group, *row) for group, row in zip(report.mixing.groups,
                                                    report.mixing.group_matrix, strict=True))),
        "mixing_by_attribute.csv": table(
            _h("attribute", "groups", "internal_pairs", "external_pairs", "e_i",
               "assortativity"),
            ((m.attribute, m.groups, m.internal, m.external, m.e_i, m.assortativity)
             for m in report.mixing.by_attribute)),
        "communities.csv": table(
            [*_h("community", "size"), *(Codes("kind", (k.value,)) for k in KINDS),
             *_h("top_region", "top_region_share", "top_sector", "top_sector_share")],
            ((c.label, c.size, *(c.kinds.get(k.value, 0) for k in KINDS), c.top_region,
              c.top_region_share, c.top_sector, c.top_sector_share)
             for c in report.communities.largest)),
        "need_coverage.csv": table(_h("pillar", "needs", "covered", "share"), (
            (p.pillar, p.needs, p.covered, p.share) for p in report.needs.by_pillar)),
        "unmet_needs_by_topic.csv": table(_h("topic", "unmet_needs"),
                                          report.needs.unmet_by_topic.items()),
        "unmet_needs_by_region.csv": table(_h("region", "unmet_needs"),
                                           report.needs.unmet_by_region.items()),
        "growth.csv": table(_h("month", "new_stakeholders", "new_ties", "total_stakeholders",
                               "total_ties"),
                            ((m.month, m.stakeholders, m.ties, m.total_stakeholders,
                              m.total_ties) for m in report.growth)),
        "isolates.csv": table(_h("id", "name", "kind", "region"), (
            (s.id, s.name, s.kind, s.region) for s in report.components.listed_isolates)),
        "brokers.csv": table(_h("id", "name", "kind", "region", "degree", "betweenness",
                                "betweenness_standard_error", "constraint", "effective_size"), (
            (b.stakeholder.id, b.stakeholder.name, b.stakeholder.kind, b.stakeholder.region,
             b.degree, b.betweenness, b.betweenness_error, b.constraint, b.effective_size)
            for b in report.brokers.top)),
    }
    tables.update(funding_tables(report.funding, table))
    if wording is not PLAIN:
        tables["labels.csv"] = table(_h("vocabulary", "code", "label"), (
            (vocabulary, code, wording.say(Codes(vocabulary, (code,))))
            for vocabulary, code in codes_in(report)))
    return tables


def _group_heading(group: str, wording: Wording) -> Codes | str:
    # Without a wording the heading stays the group's code, as programs read it.
    return group if wording is PLAIN else group_name(group)


def codes_in(report: Report) -> list[tuple[str, str]]:
    """Every (vocabulary, code) the report's tables hold, sorted."""
    found = {("kind", k) for k in (*report.by_kind, *report.mixing.kinds)}
    found |= {("tie_type", t) for t in report.ties_by_type}
    found |= {("tie_type", d.tie_type) for d in report.density_by_relation if d.tie_type}
    found |= {("sector", s) for s in report.by_sector}
    found |= {("pillar", p.pillar) for p in report.needs.by_pillar}
    found |= {("topic", t) for t in report.needs.unmet_by_topic}
    found |= {("legal_form", g.partition(":")[2]) for g in report.mixing.groups if ":" in g}
    regions = {*report.by_region, *report.needs.unmet_by_region,
               *(s.region for s in report.components.listed_isolates),
               *(b.stakeholder.region for b in report.brokers.top)}
    regions |= {c.top_region for c in report.communities.largest if c.top_region}
    found |= {("region", g) for g in regions if g}
    found |= {("sector", c.top_sector) for c in report.communities.largest if c.top_sector}
    return sorted(found | funding_codes(report.funding))


def csv_zip(report: Report, comparison: Comparison | None = None, *,
            wording: Wording = PLAIN) -> bytes:
    """The CSV tables in one zip file, headed in ``wording``'s language."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, text in csv_tables(report, comparison, wording=wording).items():
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
