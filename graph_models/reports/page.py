"""A report as one self-contained HTML page with inline SVG charts: no script, no font, no
image or style sheet from anywhere, so it opens offline, in a mail attachment or on a
projector. Its Content-Security-Policy forbids every outside load, so a page that tried one
would fail to render rather than leak the reader's address.

Charts (:mod:`graph_models.reports.charts`): the degree distribution (logarithmic bins), the
kind × kind mixing matrix as a heat map, growth over time (stakeholders and ties, cumulative),
need coverage per pillar, and a drawing of the network coloured by community and by kind (the
best-connected stakeholders, at most :data:`~graph_models.reports.charts.MAX_DRAWN`, laid out
by a seeded spring layout).

Every word is a phrase that the given :class:`~graph_models.reports.wording.Wording` puts in
the reader's language, with the labels of the codes and the numbers and days written the
language's way; without one, English with the codes as they are.

Examples
--------
>>> from graph_models.reports.examples import example_graph
>>> from graph_models.reports.report import ecosystem_report
>>> page = html_report(ecosystem_report(example_graph()))
>>> page.startswith("<!DOCTYPE html>"), page.count('class="chart"')
(True, 6)
"""

from __future__ import annotations

import math
from datetime import date
from html import escape

from graph_models.domain.phrases import Codes, Phrase, Value
from graph_models.reports.charts import (
    OTHER,
    PALETTE,
    bars,
    drawn,
    heat,
    lines,
    network_chart,
    svg,
)
from graph_models.reports.frame import KINDS
from graph_models.reports.funding_page import funding_sections
from graph_models.reports.model import Comparison, Report
from graph_models.reports.sections_page import body_sections
from graph_models.reports.wording import PLAIN, Wording, figure_name, joined
from graph_models.reports.writer import Writer, shown

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:2rem;
color:#222;max-width:1100px}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #ccc;padding-bottom:.2rem}
.muted{color:#666}.cards{display:flex;flex-wrap:wrap;gap:.6rem}
.card{border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;min-width:8rem}
.card b{display:block;font-size:1.3rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}td.n{text-align:right}
figure{margin:1rem 0}figcaption{font-size:.85rem;color:#555}
svg text{font-family:inherit}.row{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
"""


def _degree_chart(report: Report, w: Writer) -> str:
    """Stakeholders per degree, in bins 0, 1, 2, 3–4, 5–8, 9–16 … (log scale of degree). A bin
    with a hidden count in it is hidden: the sum of the others alone would understate it."""
    bins: dict[str, int | None] = {}
    hidden = set()
    for degree, count in sorted(report.degree.distribution.items()):
        label = (str(degree) if degree <= 2 else
                 f"{2 ** (math.ceil(math.log2(degree)) - 1) + 1}–"
                 f"{2 ** math.ceil(math.log2(degree))}")
        if count is None or label in hidden:
            hidden.add(label)
            bins[label] = None
        else:
            bins[label] = (bins.get(label) or 0) + count
    return bars("degree-distribution",
                w.wording.say(Phrase("Stakeholders by number of distinct neighbours")),
                list(bins), list(bins.values()), w.num)


def _mixing_chart(report: Report, w: Writer) -> str:
    kinds = report.mixing.kinds
    names = [w.wording.say(Codes("kind", (k,))) for k in kinds]
    present = [i for i, k in enumerate(kinds) if report.by_kind.get(k) != 0
               and k in report.by_kind]
    cell, left, top = 70, 150, 20
    densities = {(d.kinds[0], d.kinds[1]): d for d in report.density_by_kinds}
    parts = []
    for row_pos, a in enumerate(present):
        parts.append(f'<text x="{left - 6}" y="{top + row_pos * cell + cell / 2 + 4}" '
                     f'font-size="11" text-anchor="end">{escape(names[a])}</text>')
        parts.append(f'<text x="{left + row_pos * cell + cell / 2}" '
                     f'y="{top + len(present) * cell + 14}" font-size="10" '
                     f'text-anchor="middle">{escape(names[a][:12])}</text>')
        for col_pos, b in enumerate(present):
            pair = densities.get((kinds[min(a, b)], kinds[max(a, b)]))
            count = report.mixing.matrix[a][b]
            density = pair.density if pair is not None else None
            fill = "#eee" if density is None else heat(density * 10)
            ink = "#fff" if density is not None and density * 10 > 0.35 else "#222"
            tip = w(Phrase("{a} × {b}: {count} pairs, density {density}", a=names[a],
                           b=names[b], count=shown(count),
                           density=shown(density, 4)))
            parts.append(
                f'<rect x="{left + col_pos * cell}" y="{top + row_pos * cell}" width="{cell}" '
                f'height="{cell}" fill="{fill}" stroke="#fff"><title>{tip}</title>'
                f'</rect><text x="{left + col_pos * cell + cell / 2}" '
                f'y="{top + row_pos * cell + cell / 2 + 4}" font-size="11" fill="{ink}" '
                f'text-anchor="middle">{w.num(count)}</text>')
    size = len(present) * cell
    return svg("mixing-matrix",
               w.wording.say(Phrase("Connected pairs between kinds (colour: density)")),
               left + size + 10, top + size + 24, "".join(parts))


def _growth_chart(report: Report, w: Writer) -> str:
    months = [w.wording.month(date.fromisoformat(f"{m.month}-01")) for m in report.growth]
    series = []
    for name, values in ((Phrase("stakeholders"), [m.total_stakeholders for m in report.growth]),
                         (Phrase("ties"), [m.total_ties for m in report.growth])):
        known = [v for v in values if v is not None]
        peak = max(known) if known and max(known) > 0 else 1
        series.append((w.wording.say(Phrase("{name} (max {peak})", name=name, peak=peak)),
                       values))
    return lines("growth", w.wording.say(Phrase(
        "Stakeholders and ties over time (cumulative, each to its own scale)")), months, series)


def _coverage_chart(report: Report, w: Writer) -> str:
    pillars = report.needs.by_pillar
    return bars("need-coverage", w.wording.say(Phrase(
        "Share of entrepreneurs' needs with a tie to someone offering them, per pillar")),
        [w.wording.say(Codes("pillar", (p.pillar,))) for p in pillars],
        [p.share for p in pillars], w.num, width=420, colour=PALETTE[4])


def network_charts(report: Report, w: Writer) -> str:
    """The drawing coloured by community and by kind. A kind or community whose count the
    report hides (small-cell suppression) is drawn grey, among the others, so that the picture
    does not point out the one investor of a village either. No drawing when the scope's
    stakeholders or pairs are too few to be counted: it would count them."""
    if report.stakeholders is None or report.pairs is None:
        return "<p>" + w(Phrase("No drawing: the scope has too few stakeholders or connected "
                                "pairs to show them without counting them.")) + "</p>"
    G, layout = drawn(report)
    scope, labels = report.network, report.community_labels
    kinds = scope.frame.kind[scope.rows]
    shown = {c.label for c in report.communities.largest[:len(PALETTE) - 1]
             if c.size is not None}
    say = w.wording.say
    community_legend = [(say(Phrase("community {number} ({size})", number=c.label + 1,
                                    size=c.size or 0)), PALETTE[c.label])
                        for c in report.communities.largest if c.label in shown]
    community_legend.append((say(Phrase("other communities")), OTHER))

    def by_community(node):
        label = int(labels[node])
        return PALETTE[label] if label in shown else OTHER

    visible = [report.by_kind.get(k.value) is not None for k in KINDS]
    kind_legend = [(say(Codes("kind", (k.value,))), PALETTE[i]) for i, k in enumerate(KINDS)
                   if visible[i]]
    if not all(visible):
        kind_legend.append((say(Phrase("kinds whose counts are hidden")), OTHER))

    def by_kind(node):
        code = int(kinds[node])
        return PALETTE[code] if visible[code] else OTHER

    drawing = (Phrase("the {drawn} best-connected of {total} stakeholders", drawn=len(G),
                      total=scope.n) if len(G) < scope.n else
               Phrase("all {total} stakeholders", total=scope.n))
    coloured = network_chart("network-communities",
                             say(Phrase("The network coloured by community")),
                             G, layout, by_community, community_legend)
    kinded = network_chart("network-kinds", say(Phrase("The network coloured by kind")), G,
                           layout, by_kind, kind_legend)
    return (f'<div class="row"><figure>{coloured}<figcaption>'
            + w(Phrase("By Louvain community: {drawing}.", drawing=drawing))
            + f"</figcaption></figure><figure>{kinded}<figcaption>"
            + w(Phrase("By kind: {drawing}.", drawing=drawing))
            + "</figcaption></figure></div>")


def scope_title(report: Report, wording: Wording) -> str:
    """The scope in words: its region's name (and code), sector and kind, or the whole
    ecosystem."""
    scope = report.scope
    parts: list[Value] = []
    if scope.region:
        name = wording.say(Codes("region", (scope.region,)))
        parts.append(f"{name} ({scope.region})" if name != scope.region else scope.region)
    if scope.sector:
        parts.append(Phrase("sector {sector}", sector=Codes("sector", (scope.sector,))))
    if scope.kind:
        parts.append(Phrase("kind {kind}", kind=Codes("kind", (scope.kind,))))
    return wording.say(joined(*parts) if parts else Phrase("the whole ecosystem"))


def html_report(report: Report, comparison: Comparison | None = None, *,
                wording: Wording = PLAIN) -> str:
    """The report as one HTML page (UTF-8 text) that needs nothing else to render, in
    ``wording``'s language."""
    r, w = report, Writer(wording)
    title = scope_title(r, wording)
    as_of = wording.day(r.scope.as_of) if r.scope.as_of else wording.say(Phrase("now"))
    cards = [("stakeholders", r.stakeholders), ("ties", r.ties), ("pairs", r.pairs),
             ("density", r.density), ("mean_degree", r.degree.mean),
             ("largest_component_share", r.components.largest_share),
             ("isolates", r.components.isolates), ("average_clustering", r.average_clustering),
             ("transitivity", r.transitivity),
             ("degree_centralization", r.degree_centralization),
             ("communities", r.communities.count), ("modularity", r.communities.modularity)]
    card_html = "".join(f'<div class="card"><b>{w.num(v)}</b>{w(figure_name(k))}</div>'
                        for k, v in cards)
    hidden = (" " + w(Phrase("Counts from 1 to {largest} are hidden (–) so that no one can be "
                             "singled out: {cells} cells.", largest=r.min_count - 1,
                             cells=r.suppressed_cells))
              if r.min_count > 1 else "")
    sections = [
        "<h1>" + w(Phrase("Ecosystem report: {scope}", scope=title)) + "</h1>",
        '<p class="muted">' + w(Phrase(
            "As of {day}; store version {version}. Ties leaving the scope: {external}.",
            day=as_of, version=shown(r.version),
            external=shown(r.external_ties))) + hidden + "</p>",
        f'<div class="cards">{card_html}</div>',
    ]
    if comparison is not None:
        before = comparison.before.scope.as_of
        sections += [
            "<h2>" + w(Phrase("Change since {day}", day=wording.day(before) if before else
                              Phrase("then"))) + "</h2>",
            w.table([Phrase("figure"), Phrase("before"), Phrase("after"), Phrase("change")],
                    ((figure_name(name), comparison.before_figures.get(name), value,
                      comparison.changes.get(name))
                     for name, value in comparison.after_figures.items()))]
    sections += body_sections(r, w, charts={
        "degree": _degree_chart(r, w), "mixing": _mixing_chart(r, w),
        "network": network_charts(r, w), "coverage": _coverage_chart(r, w),
        "growth": _growth_chart(r, w)})
    sections += funding_sections(r, w)
    page_title = w(Phrase("Syndesmos ecosystem report: {scope}", scope=title))
    return (f'<!DOCTYPE html>\n<html lang="{escape(wording.locale)}"><head>'
            '<meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{page_title}</title>"
            f"<style>{STYLE}</style></head><body>" + "\n".join(sections) + "</body></html>\n")
