"""Ecosystem reports of a scope at a date: JSON, a zip of CSV tables, an HTML page with
charts, and the scope's graph for Gephi (GraphML, GEXF)."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from graph_models.use_cases.reports import ReportFile
from service.api.common import QUERY, document_errors
from service.api.report_schemas import GraphQuerySchema, ReportQuerySchema, ReportResultSchema
from service.auth import current_actor
from service.extensions import reports
from service.headers import CSP, page_policy
from service.i18n.wording import wording

blp = Blueprint("reports", __name__, description="Ecosystem reports.")

MEDIA = {"csv": ("application/zip", "zip"), "html": ("text/html; charset=utf-8", "html"),
         "graphml": ("application/graphml+xml", "graphml"), "gexf": ("application/gexf+xml",
                                                                      "gexf")}
BINARY = {"schema": {"type": "string", "format": "binary"}}


def download(file: ReportFile, scope: dict) -> Response:
    """A file to save: its media type, a name telling the scope and date, and the policy of
    a page."""
    mimetype, extension = MEDIA[file.format]
    parts = [str(scope[k]) for k in ("region", "sector", "kind", "as_of") if scope.get(k)]
    name = "-".join(["syndesmos-report", *parts]) + f".{extension}"
    response = Response(file.body, content_type=mimetype,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    if file.page_policy is not None:
        response.headers[CSP] = page_policy(file.page_policy)
    return response


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
        if fmt == "json":
            return reports().report(actor=current_actor(), **args)
        return download(reports().report_file(fmt, actor=current_actor(), wording=wording(),
                                              **args), args)


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
        return download(reports().graph_file(fmt, actor=current_actor(), **args), args)
