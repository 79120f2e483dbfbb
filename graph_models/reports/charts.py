"""The SVG charts of the report page (:mod:`graph_models.reports.page`): bars, lines, a heat
map's colours and a drawing of the network. Titles and labels come worded in the reader's
language; numbers are written by the ``fmt`` the page gives."""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

import networkx as nx
import numpy as np

from graph_models.reports.model import Report

MAX_DRAWN = 300
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")
OTHER = "#d0d0d0"
# Writes a number (None and NaN as a dash) with at most so many decimals.
Fmt = Callable[..., str]


def svg(name: str, title: str, width: int, height: int, body: str) -> str:
    # Inline in HTML, <svg> is in the SVG namespace without an xmlns: the page holds no URL.
    return (f'<svg class="chart" data-chart="{name}" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}">'
            f"<title>{escape(title)}</title>{body}</svg>")


def bars(name: str, title: str, labels: list[str], values: list, fmt: Fmt, *, width=640,
         height=240, colour=PALETTE[0]) -> str:
    """A bar per label; a hidden (None) value is a dot, not a bar."""
    left, bottom, top = 48, 40, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    known = [v for v in values if v is not None]
    peak = max(known) if known and max(known) > 0 else 1
    step = plot_w / max(len(values), 1)
    parts = [f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
             f'y2="{top + plot_h}" stroke="#888"/>',
             f'<text x="{left - 4}" y="{top + 10}" font-size="10" text-anchor="end">'
             f'{fmt(peak, 2)}</text>',
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
                         f'<title>{escape(label)}: {fmt(value)}</title></rect>')
        if len(labels) <= 24 or i % math.ceil(len(labels) / 12) == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{top + plot_h + 14}" font-size="10" '
                         f'text-anchor="middle">{escape(label)}</text>')
    return svg(name, title, width, height, "".join(parts))


def heat(value: float) -> str:
    """White to dark blue."""
    t = min(max(value, 0.0), 1.0) ** 0.5
    r, g, b = (int(255 + (c - 255) * t) for c in (8, 48, 107))
    return f"rgb({r},{g},{b})"


def lines(name: str, title: str, months: list[str],
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
                     f'fill="{colour}">{escape(label)}</text>')
    for i in range(0, len(months), max(1, math.ceil(len(months) / 8))):
        parts.append(f'<text x="{left + plot_w * i / n:.1f}" y="{top + plot_h + 14}" '
                     f'font-size="10" text-anchor="middle">{escape(months[i])}</text>')
    return svg(name, title, width, height, "".join(parts))


def drawn(report: Report):
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


def network_chart(name: str, title: str, G: nx.Graph, layout: dict, colour_of,
                  legend: list[tuple[str, str]], size=520) -> str:
    """The drawing of ``G`` at ``layout``, each node coloured by ``colour_of``, and its
    legend: (text, colour) pairs."""
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
    return svg(name, title, size + 190, size, "".join(parts))
