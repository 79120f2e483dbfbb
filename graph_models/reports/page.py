"""A report as one self-contained HTML page with inline SVG charts: no script, no font, no
image or style sheet from anywhere, so it opens offline, in a mail attachment or on a
projector. Its Content-Security-Policy forbids every outside load, so a page that tried one
would fail to render rather than leak the reader's address.

Charts: the degree distribution (logarithmic bins), the kind × kind mixing matrix as a heat
map, growth over time (stakeholders and ties, cumulative), need coverage per pillar, and a
drawing of the network coloured by community and by kind (the best-connected stakeholders,
at most :data:`MAX_DRAWN`, laid out by a seeded spring layout).

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
from html import escape

import networkx as nx
import numpy as np

from graph_models.domain import vocabularies
from graph_models.reports.frame import KINDS
from graph_models.reports.model import Comparison, Report

MAX_DRAWN = 300
MAX_LISTED_IN_PAGE = 100
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")
OTHER = "#d0d0d0"
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


def _fmt(value, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return escape(str(value))


def _table(header: list[str], rows) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{_fmt(v)}</td>' if isinstance(v, int | float)
                         or v is None else f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _svg(name: str, title: str, width: int, height: int, body: str) -> str:
    # Inline in HTML, <svg> is in the SVG namespace without an xmlns: the page holds no URL.
    return (f'<svg class="chart" data-chart="{name}" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}">'
            f"<title>{escape(title)}</title>{body}</svg>")


def _bars(name: str, title: str, labels: list[str], values: list, *, width=640, height=240,
          colour=PALETTE[0]) -> str:
    left, bottom, top = 48, 40, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    known = [v for v in values if v is not None]
    peak = max(known) if known and max(known) > 0 else 1
    step = plot_w / max(len(values), 1)
    parts = [f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
             f'y2="{top + plot_h}" stroke="#888"/>',
             f'<text x="{left - 4}" y="{top + 10}" font-size="10" text-anchor="end">'
             f'{_fmt(peak, 2)}</text>',
             f'<text x="{left - 4}" y="{top + plot_h}" font-size="10" text-anchor="end">0</text>']
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * step
        if value is None:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{top + plot_h - 4}" font-size="9" '
                         f'text-anchor="middle">·</text>')
        else:
            h = plot_h * value / peak
            parts.append(f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" '
                         f'width="{max(step - 2, 1):.1f}" height="{h:.1f}" fill="{colour}">'
                         f'<title>{escape(label)}: {_fmt(value)}</title></rect>')
        if len(labels) <= 24 or i % math.ceil(len(labels) / 12) == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{top + plot_h + 14}" font-size="10" '
                         f'text-anchor="middle">{escape(label)}</text>')
    return _svg(name, title, width, height, "".join(parts))


def _degree_chart(report: Report) -> str:
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
    return _bars("degree-distribution", "Stakeholders by number of distinct neighbours",
                 list(bins), list(bins.values()))


def _heat(value: float) -> str:
    """White to dark blue."""
    t = min(max(value, 0.0), 1.0) ** 0.5
    r, g, b = (int(255 + (c - 255) * t) for c in (8, 48, 107))
    return f"rgb({r},{g},{b})"


def _mixing_chart(report: Report) -> str:
    kinds = report.mixing.kinds
    present = [i for i, k in enumerate(kinds) if report.by_kind.get(k) != 0
               and k in report.by_kind]
    cell, left, top = 70, 150, 20
    densities = {(d.kinds[0], d.kinds[1]): d for d in report.density_by_kinds}
    parts = []
    for row_pos, a in enumerate(present):
        parts.append(f'<text x="{left - 6}" y="{top + row_pos * cell + cell / 2 + 4}" '
                     f'font-size="11" text-anchor="end">{escape(kinds[a])}</text>')
        parts.append(f'<text x="{left + row_pos * cell + cell / 2}" '
                     f'y="{top + len(present) * cell + 14}" font-size="10" '
                     f'text-anchor="middle">{escape(kinds[a][:12])}</text>')
        for col_pos, b in enumerate(present):
            pair = densities.get((kinds[min(a, b)], kinds[max(a, b)]))
            count = report.mixing.matrix[a][b]
            density = pair.density if pair is not None else None
            fill = "#eee" if density is None else _heat(density * 10)
            ink = "#fff" if density is not None and density * 10 > 0.35 else "#222"
            parts.append(
                f'<rect x="{left + col_pos * cell}" y="{top + row_pos * cell}" width="{cell}" '
                f'height="{cell}" fill="{fill}" stroke="#fff"><title>{escape(kinds[a])} × '
                f'{escape(kinds[b])}: {_fmt(count)} pairs, density {_fmt(density, 4)}</title>'
                f'</rect><text x="{left + col_pos * cell + cell / 2}" '
                f'y="{top + row_pos * cell + cell / 2 + 4}" font-size="11" fill="{ink}" '
                f'text-anchor="middle">{_fmt(count)}</text>')
    size = len(present) * cell
    return _svg("mixing-matrix", "Connected pairs between kinds (colour: density)",
                left + size + 10, top + size + 24, "".join(parts))


def _lines(name: str, title: str, months: list[str],
           series: list[tuple[str, list[int | None]]], width=640, height=240) -> str:
    """Line charts over months; a hidden (None) value is no point: the line joins its
    neighbours."""
    left, bottom, top = 60, 40, 10
    plot_w, plot_h = width - left - 120, height - bottom - top
    parts = [f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
             f'stroke="#888"/>']
    n = max(len(months) - 1, 1)
    for s, (label, values) in enumerate(series):
        known = [v for v in values if v is not None]
        peak = max(known) if known and max(known) > 0 else 1
        points = " ".join(f"{left + plot_w * i / n:.1f},{top + plot_h * (1 - v / peak):.1f}"
                          for i, v in enumerate(values) if v is not None)
        colour = PALETTE[s]
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{points}"><title>{escape(label)}</title></polyline>')
        parts.append(f'<text x="{left + plot_w + 6}" y="{top + 14 + 16 * s}" font-size="11" '
                     f'fill="{colour}">{escape(label)} (max {_fmt(peak)})</text>')
    for i in range(0, len(months), max(1, math.ceil(len(months) / 8))):
        parts.append(f'<text x="{left + plot_w * i / n:.1f}" y="{top + plot_h + 14}" '
                     f'font-size="10" text-anchor="middle">{escape(months[i])}</text>')
    return _svg(name, title, width, height, "".join(parts))


def _growth_chart(report: Report) -> str:
    months = [m.month for m in report.growth]
    return _lines("growth", "Stakeholders and ties over time (cumulative, each to its own "
                  "scale)", months,
                  [("stakeholders", [m.total_stakeholders for m in report.growth]),
                   ("ties", [m.total_ties for m in report.growth])])


def _coverage_chart(report: Report) -> str:
    pillars = report.needs.by_pillar
    return _bars("need-coverage", "Share of entrepreneurs' needs with a tie to someone "
                 "offering them, per pillar", [p.pillar for p in pillars],
                 [p.share for p in pillars], width=420, colour=PALETTE[4])


def _drawn(report: Report):
    """The stakeholders drawn (the best-connected, ties by id) and a seeded layout."""
    scope = report.network
    degree = scope.degree
    chosen = np.lexsort((np.arange(scope.n), -degree))[:MAX_DRAWN]
    chosen.sort()
    keep = np.zeros(scope.n, dtype=bool)
    keep[chosen] = True
    both = keep[scope.pair_u] & keep[scope.pair_v]
    G = nx.Graph()
    G.add_nodes_from(chosen.tolist())
    G.add_edges_from(zip(scope.pair_u[both].tolist(), scope.pair_v[both].tolist(),
                         strict=True))
    layout = nx.spring_layout(G, seed=report.communities.seed, iterations=60) if len(G) else {}
    return G, layout


def _network_chart(name: str, title: str, G: nx.Graph, layout: dict, colour_of,
                   legend: list[tuple[str, str]], size=520) -> str:
    margin = 12
    if layout:
        xs = np.array([p[0] for p in layout.values()])
        ys = np.array([p[1] for p in layout.values()])
        x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    else:
        x0 = y0 = 0.0
        x1 = y1 = 1.0

    def at(node):
        x, y = layout[node]
        return (margin + (x - x0) / ((x1 - x0) or 1) * (size - 2 * margin),
                margin + (y - y0) / ((y1 - y0) or 1) * (size - 2 * margin))

    parts = ['<g stroke="#999" stroke-opacity="0.35" stroke-width="0.6">']
    for u, v in G.edges():
        (xu, yu), (xv, yv) = at(u), at(v)
        parts.append(f'<line x1="{xu:.1f}" y1="{yu:.1f}" x2="{xv:.1f}" y2="{yv:.1f}"/>')
    parts.append("</g><g stroke=\"#fff\" stroke-width=\"0.5\">")
    for node in G.nodes:
        x, y = at(node)
        radius = 2.5 + math.sqrt(G.degree(node)) * 0.6
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" '
                     f'fill="{colour_of(node)}"/>')
    parts.append("</g>")
    for i, (label, colour) in enumerate(legend):
        parts.append(f'<rect x="{size + 8}" y="{14 + 16 * i}" width="10" height="10" '
                     f'fill="{colour}"/><text x="{size + 22}" y="{23 + 16 * i}" '
                     f'font-size="11">{escape(label)}</text>')
    return _svg(name, title, size + 190, size, "".join(parts))


def _network_charts(report: Report) -> str:
    """The drawing coloured by community and by kind. A kind or community whose count the
    report hides (small-cell suppression) is drawn grey, among the others, so that the picture
    does not point out the one investor of a village either. No drawing when the scope's
    stakeholders or pairs are too few to be counted: it would count them."""
    if report.stakeholders is None or report.pairs is None:
        return ("<p>No drawing: the scope has too few stakeholders or connected pairs to show "
                "them without counting them.</p>")
    G, layout = _drawn(report)
    scope, labels = report.network, report.community_labels
    kinds = scope.frame.kind[scope.rows]
    shown = {c.label for c in report.communities.largest[:len(PALETTE) - 1]
             if c.size is not None}
    community_legend = [(f"community {c.label + 1} ({_fmt(c.size)})", PALETTE[c.label])
                        for c in report.communities.largest if c.label in shown]
    community_legend.append(("other communities", OTHER))

    def by_community(node):
        label = int(labels[node])
        return PALETTE[label] if label in shown else OTHER

    visible = [report.by_kind.get(k.value) is not None for k in KINDS]
    kind_legend = [(k.value, PALETTE[i]) for i, k in enumerate(KINDS) if visible[i]]
    if not all(visible):
        kind_legend.append(("kinds whose counts are hidden", OTHER))

    def by_kind(node):
        code = int(kinds[node])
        return PALETTE[code] if visible[code] else OTHER

    drawn = (f"the {len(G):,} best-connected of {scope.n:,} stakeholders"
             if len(G) < scope.n else f"all {scope.n:,} stakeholders")
    coloured = _network_chart("network-communities", "The network coloured by community",
                              G, layout, by_community, community_legend)
    kinded = _network_chart("network-kinds", "The network coloured by kind", G, layout,
                            by_kind, kind_legend)
    return (f'<div class="row"><figure>{coloured}<figcaption>By Louvain community: {drawn}.'
            f"</figcaption></figure><figure>{kinded}<figcaption>By kind: {drawn}."
            "</figcaption></figure></div>")


def _scope_title(report: Report) -> str:
    scope = report.scope
    parts = []
    if scope.region:
        region = vocabularies.greek_regions().get(scope.region)
        parts.append(f"{scope.region} {region.name_en}" if region else scope.region)
    if scope.sector:
        parts.append(f"sector {scope.sector}")
    if scope.kind:
        parts.append(f"{scope.kind}s")
    return ", ".join(parts) or "the whole ecosystem"


def _sampling(report: Report) -> str:
    if report.brokers.exact:
        return "exact"
    return (f"estimated from {report.brokers.pivots:,} sampled sources (± one standard "
            "error)")


def html_report(report: Report, comparison: Comparison | None = None) -> str:
    """The report as one HTML page (UTF-8 text) that needs nothing else to render."""
    r = report
    as_of = r.scope.as_of.isoformat() if r.scope.as_of else "now"
    cards = [("stakeholders", r.stakeholders), ("ties", r.ties), ("connected pairs", r.pairs),
             ("density", r.density), ("mean degree", r.degree.mean),
             ("largest component", r.components.largest_share),
             ("isolates", r.components.isolates), ("average clustering", r.average_clustering),
             ("transitivity", r.transitivity),
             ("degree centralization", r.degree_centralization),
             ("communities", r.communities.count), ("modularity", r.communities.modularity)]
    card_html = "".join(f'<div class="card"><b>{_fmt(v)}</b>{escape(k)}</div>'
                        for k, v in cards)
    sections = [
        f"<h1>Ecosystem report: {escape(_scope_title(r))}</h1>",
        f'<p class="muted">As of {escape(as_of)}; store version {_fmt(r.version)}. '
        f"Ties leaving the scope: {_fmt(r.external_ties)}. "
        + (f"Counts from 1 to {r.min_count - 1} are hidden (–) so that no one can be "
           f"singled out: {r.suppressed_cells:,} cells.</p>" if r.min_count > 1 else "</p>"),
        f'<div class="cards">{card_html}</div>',
    ]
    if comparison is not None:
        before = comparison.before.scope.as_of
        sections += [
            f"<h2>Change since {escape(before.isoformat() if before else 'then')}</h2>",
            _table(["figure", "before", "after", "change"],
                   ((name, comparison.before_figures.get(name), value,
                     comparison.changes.get(name))
                    for name, value in comparison.after_figures.items()))]
    sections += [
        "<h2>Who is in it</h2>",
        '<div class="row">',
        _table(["kind", "stakeholders"], r.by_kind.items()),
        _table(["tie type", "ties"], r.ties_by_type.items()),
        _table(["region", "stakeholders"], list(r.by_region.items())[:15]),
        _table(["sector", "stakeholders"], list(r.by_sector.items())[:15]),
        "</div>",
        "<h2>Density and degree</h2>",
        "<p>Density per relation: connected pairs over the possible ones — n(n−1)/2 within a "
        "kind, n₁·n₂ between two kinds.</p>",
        _table(["kinds", "tie type", "pairs", "possible", "density"],
               ((" × ".join(d.kinds), d.tie_type or "any", d.pairs, d.possible, d.density)
                for d in (*r.density_by_kinds, *r.density_by_relation))),
        f'<figure>{_degree_chart(r)}<figcaption>Degree distribution (distinct neighbours); '
        f"mean {_fmt(r.degree.mean)}, median {_fmt(r.degree.median)}, maximum "
        f"{_fmt(r.degree.maximum)}.</figcaption></figure>",
        "<h2>Which kinds meet</h2>",
        f"<figure>{_mixing_chart(r)}<figcaption>Connected pairs between kinds; colour: "
        "density of the relation.</figcaption></figure>",
        "<p>Kinds that never meet: " + (", ".join(
            f"{escape(a)} × {escape(b)}" for a, b in r.mixing.never_meet) or "none") + "</p>",
        "<p>With entrepreneurs by legal form, groups that never meet: " + (", ".join(
            f"{escape(a)} × {escape(b)}" for a, b in r.mixing.groups_never_meet) or "none")
        + "</p>",
        _table(["attribute", "groups", "pairs within", "pairs across", "E-I index",
                "assortativity"],
               ((m.attribute, m.groups, m.internal, m.external, m.e_i, m.assortativity)
                for m in r.mixing.by_attribute)),
        "<p>E-I index (Krackhardt): (pairs across − pairs within) / all pairs; −1 when every "
        "tie stays within a group, +1 when every tie crosses groups. Assortativity (Newman): "
        "1 when like only meets like, 0 when ties fall as by chance, below 0 when unlike "
        "meet more than by chance.</p>",
        "<h2>The network</h2>",
        _network_charts(r),
        f"<p>{_fmt(r.communities.count)} communities ({_fmt(r.communities.singletons)} of one "
        f"stakeholder), modularity {_fmt(r.communities.modularity)}; alignment (NMI) with "
        f"regions {_fmt(r.communities.region_alignment)}, with sectors "
        f"{_fmt(r.communities.sector_alignment)}.</p>",
        _table(["community", "size", "top region", "share", "top sector", "share"],
               ((c.label + 1, c.size, c.top_region or "", c.top_region_share,
                 c.top_sector or "", c.top_sector_share) for c in r.communities.largest)),
        "<h2>Brokers</h2>",
        f"<p>Betweenness {_sampling(r)}; mean constraint {_fmt(r.brokers.mean_constraint)}, "
        f"mean effective size {_fmt(r.brokers.mean_effective_size)}."
        + (f" {r.brokers.unlisted} of the top are not named to you." if r.brokers.unlisted
           else "") + "</p>",
        _table(["name", "kind", "region", "degree", "betweenness", "±", "constraint",
                "effective size"],
               ((b.stakeholder.name, b.stakeholder.kind, b.stakeholder.region, b.degree,
                 b.betweenness, b.betweenness_error, b.constraint, b.effective_size)
                for b in r.brokers.top)),
        "<h2>Who is left out</h2>",
        f"<p>{_fmt(r.components.count)} components; the largest holds "
        f"{_fmt(r.components.largest)} ({_fmt(r.components.largest_share)}). "
        f"{_fmt(r.components.isolates)} isolates"
        + (f", {_fmt(r.components.unlisted_isolates)} of them not listed here"
           if r.components.unlisted_isolates else "") + ".</p>",
        _table(["name", "kind", "region"],
               ((s.name, s.kind, s.region)
                for s in r.components.listed_isolates[:MAX_LISTED_IN_PAGE])),
        "<h2>Needs</h2>",
        f"<figure>{_coverage_chart(r)}<figcaption>Need coverage per pillar."
        "</figcaption></figure>",
        '<div class="row">',
        _table(["pillar", "needs", "covered", "share"],
               ((p.pillar, p.needs, p.covered, p.share) for p in r.needs.by_pillar)),
        _table(["unmet need", "entrepreneurs"], list(r.needs.unmet_by_topic.items())[:20]),
        _table(["region", "unmet needs"], list(r.needs.unmet_by_region.items())[:20]),
        "</div>",
        "<h2>Growth</h2>",
        f"<figure>{_growth_chart(r)}<figcaption>Stakeholders and ties, month by month."
        "</figcaption></figure>",
    ]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Syndesmos ecosystem report: {escape(_scope_title(r))}</title>"
            f"<style>{STYLE}</style></head><body>" + "\n".join(sections) + "</body></html>\n")
