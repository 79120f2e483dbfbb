"""``syndesmos report``: an ecosystem report of the configured store, written to a file.

    syndesmos report --region EL30 --as-of 2026-01-01 --format html -o report.html
    syndesmos report --region Αττική --format html --language el -o αναφορά.html
    syndesmos report --compare-to 2025-01-01 --format csv -o report.zip
    syndesmos report --region EL52 --format gexf -o central-macedonia.gexf
"""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from graph_models.domain.accounts import LOCALES
from graph_models.domain.errors import SyndesmosError
from graph_models.use_cases.reports import Reporting
from service.api.report_schemas import GRAPH_FORMATS, REPORT_FORMATS, ReportResultSchema
from service.cli_errors import fail
from service.extensions import reports
from service.i18n.locale import default_locale
from service.i18n.wording import wording

DAY = click.DateTime(formats=["%Y-%m-%d"])


def _render(reporting: Reporting, fmt: str, scope: dict, compare_to,
            min_count: int | None, locale: str) -> bytes:
    if fmt in GRAPH_FORMATS:
        return reporting.graph_file(fmt, **scope).body
    if fmt != "json":
        return reporting.report_file(fmt, **scope, compare_to=compare_to,
                                     min_count=min_count, wording=wording(locale)).body
    result = reporting.report(**scope, compare_to=compare_to, min_count=min_count)
    return (json.dumps(ReportResultSchema().dump(result), ensure_ascii=False, indent=1)
            + "\n").encode("utf-8")


@click.command("report")
@click.option("--region", default=None,
              help="a NUTS code or a Greek region's name (its sub-regions included)")
@click.option("--sector", default=None, help="a sector code")
@click.option("--kind", default=None, help="one kind of stakeholder")
@click.option("--as-of", "as_of", type=DAY, default=None,
              help="YYYY-MM-DD: the network as it was then (default: now)")
@click.option("--compare-to", "compare_to", type=DAY, default=None,
              help="YYYY-MM-DD, earlier: add each headline figure then and its change")
@click.option("--format", "fmt", type=click.Choice([*REPORT_FORMATS, *GRAPH_FORMATS]),
              default="json", show_default=True,
              help="csv: a zip of CSV tables; graphml/gexf: the scope for Gephi")
@click.option("--min-count", type=click.IntRange(0), default=None,
              help="hide counts below this (default SYNDESMOS_REPORT_MIN_COUNT)")
@click.option("--language", type=click.Choice(LOCALES), default=None,
              help="of the HTML page and the CSV headings (default SYNDESMOS_LOCALE)")
@click.option("-o", "--output", type=click.File("wb"), default="-",
              help="file to write (default: standard output)")
@with_appcontext
def report_command(region, sector, kind, as_of, compare_to, fmt, min_count, language,
                   output) -> None:
    """Write an ecosystem report of a scope, as of a date, in one format."""
    scope = {"region": region, "sector": sector, "kind": kind,
             "as_of": as_of.date() if as_of else None}
    try:
        body = _render(reports(), fmt, scope, compare_to.date() if compare_to else None,
                       min_count, language or default_locale())
    except SyndesmosError as error:
        fail(error)
    output.write(body)
