"""The HTML report opened in a real browser (headless Chromium) with every network route
closed: it renders, its charts are drawn, and it asks for nothing outside the page.

Chromium is part of what the tests need (``scripts/test`` installs Debian's package when it
is missing). Without it this test fails and says so; it never skips.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from datetime import date

import pytest

from graph_models.demo import generate_ecosystem
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.reports import compare, ecosystem_report, html_report, suppress
from graph_models.reports.page import CSP

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Closes every way out: no name resolves, every request would go to a dead proxy.
OFFLINE = ["--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
           "--proxy-bypass-list=<-loopback>"]
CHARTS = {"degree-distribution", "mixing-matrix", "growth", "need-coverage",
          "network-communities", "network-kinds"}

# Listens for blocked loads from the first moment, then measures every chart once laid out.
PROBE = """<script>
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.blockedURI + " " + e.violatedDirective));
window.addEventListener("load", () => {
  const charts = [...document.querySelectorAll("svg.chart")].map(svg => {
    const box = svg.getBoundingClientRect();
    const marks = [...svg.querySelectorAll("rect, circle, polyline, line")]
      .filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; });
    return {name: svg.dataset.chart, width: box.width, height: box.height,
            marks: marks.length};
  });
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({
    charts, violations: window.__violations,
    resources: performance.getEntriesByType("resource").map(r => r.name),
    title: document.title, headings: document.querySelectorAll("h2").length});
  document.body.appendChild(out);
});
</script>"""


def browser() -> str:
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    assert found, ("headless Chromium is needed for this test: install it "
                   "(Debian: apt-get install chromium); scripts/test does")
    return found


def report_page() -> str:
    demo = generate_ecosystem(400, seed=11)
    graph = build_snapshot(GraphExport(version=1, stakeholders=demo.stakeholders,
                                       ties=demo.ties)).graph
    before = suppress(ecosystem_report(graph, as_of=date(2024, 1, 1)), 3)
    after = suppress(ecosystem_report(graph), 3)
    return html_report(after, compare(before, after))


def run_headless(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-extensions", "--disable-background-networking", *OFFLINE, *arguments],
        capture_output=True, text=True, timeout=120, check=False)


def probe_of(page: str, tmp_path) -> dict:
    """Open ``page`` with the probe in it; what the probe saw."""
    # The probe needs inline script; everything else stays as forbidden as in the report.
    probed = page.replace(CSP, CSP + "; script-src 'unsafe-inline'", 1).replace(
        "<head>", "<head>" + PROBE, 1)
    assert probed.count("script-src") == 1 and PROBE in probed
    path = tmp_path / "report.html"
    path.write_text(probed, encoding="utf-8")
    result = run_headless("--virtual-time-budget=10000", "--dump-dom", path.as_uri())
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert found, (result.returncode, result.stderr[-2000:])
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.slow
def test_the_report_renders_its_charts_offline_in_a_headless_browser(tmp_path):
    probe = probe_of(report_page(), tmp_path)
    assert probe["violations"] == [] and probe["resources"] == []
    assert probe["title"].startswith("Syndesmos ecosystem report")
    assert probe["headings"] >= 8
    charts = {chart["name"]: chart for chart in probe["charts"]}
    assert set(charts) == CHARTS
    for name, chart in charts.items():
        assert chart["width"] > 100 and chart["height"] > 100, name
        assert chart["marks"] >= 3, name
    assert charts["network-communities"]["marks"] > 100  # nodes and ties drawn


@pytest.mark.slow
def test_the_report_as_delivered_renders_to_a_picture(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(report_page(), encoding="utf-8")
    shot = tmp_path / "report.png"
    result = run_headless("--hide-scrollbars", "--window-size=1200,3000",
                          f"--screenshot={shot}", path.as_uri())
    assert shot.exists(), (result.returncode, result.stderr[-2000:])
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 100_000  # a page of tables and coloured charts, not a blank one


@pytest.mark.slow
def test_the_probe_would_see_a_page_that_reaches_out(tmp_path):
    leaky = report_page().replace(
        "</body>", '<img src="https://cdn.example.org/chart.png" alt="">'
                   '<link rel="stylesheet" href="https://cdn.example.org/x.css"></body>', 1)
    probe = probe_of(leaky, tmp_path)
    assert any("cdn.example.org" in v for v in probe["violations"])
