"""Ecosystem reports of a scope at a date: JSON, a zip of CSV tables, an HTML page with
charts, and the scope's graph for Gephi (GraphML, GEXF)."""

from __future__ import annotations

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from graph_models.reports import csv_zip, gexf_bytes, graphml_bytes, html_report
from graph_models.reports.page import CSP as REPORT_PAGE_CSP
from graph_models.use_cases.reports import Reporting, ReportResult
from service.api.common import QUERY, document_errors
from service.api.report_schemas import GraphQuerySchema, ReportQuerySchema, ReportResultSchema
from service.auth import current_actor
from service.extensions import ecosystem
from service.headers import CSP, page_policy

blp = Blueprint("reports", __name__, description="Ecosystem reports.")

MEDIA = {"csv": ("application/zip", "zip"), "html": ("text/html; charset=utf-8", "html"),
         "graphml": ("application/graphml+xml", "graphml"), "gexf": ("application/gexf+xml",
                                                                      "gexf")}
BINARY = {"schema": {"type": "string", "format": "binary"}}


def reporting() -> Reporting:
    """The report use cases of the current app, with its suppression setting."""
    return Reporting(ecosystem(),
                     min_count=int(current_app.config["SYNDESMOS_REPORT_MIN_COUNT"]))


def download(body: bytes | str, fmt: str, scope: dict) -> Response:
    """A file to save: its media type and a name telling the scope and date."""
    mimetype, extension = MEDIA[fmt]
    parts = [str(scope[k]) for k in ("region", "sector", "kind", "as_of") if scope.get(k)]
    name = "-".join(["syndesmos-report", *parts]) + f".{extension}"
    return Response(body, content_type=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def rendered(result: ReportResult, fmt: str, scope: dict):
    """The report in the asked format: itself for JSON (the schema dumps it), else a file."""
    if fmt == "json":
        return result
    if fmt == "csv":
        return download(csv_zip(result.report, result.comparison), fmt, scope)
    page = download(html_report(result.report, result.comparison), fmt, scope)
    page.headers[CSP] = page_policy(REPORT_PAGE_CSP)
    return page


@blp.route("/reports/ecosystem")
class EcosystemReport(MethodView):
    @blp.arguments(ReportQuerySchema, **QUERY)
    @blp.response(200, ReportResultSchema)
    @blp.doc(responses={200: {"content": {"application/zip": BINARY,
                                          "text/html": {"schema": {"type": "string"}}}}})
    @document_errors(blp, 422)
    def get(self, args):
        """How dense and healthy a scope's network is, as of a date (and since another)."""
        fmt = args.pop("format")
        return rendered(reporting().report(actor=current_actor(), **args), fmt, args)


@blp.route("/reports/ecosystem/graph")
class EcosystemGraph(MethodView):
    @blp.arguments(GraphQuerySchema, **QUERY)
    @blp.doc(responses={200: {"description": "The scope's stakeholders and connected pairs "
                                             "for Gephi.",
                              "content": {"application/graphml+xml": BINARY,
                                          "application/gexf+xml": BINARY}}})
    @document_errors(blp, 422)
    def get(self, args):
        """The scope as GraphML or GEXF, for Gephi (admins and coordinators)."""
        fmt = args.pop("format")
        graph = reporting().graph(actor=current_actor(), **args)
        return download((graphml_bytes if fmt == "graphml" else gexf_bytes)(graph), fmt, args)
