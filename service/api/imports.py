"""Bulk import and full export in the JSON Lines format (see ``service.interchange``)."""

from __future__ import annotations

import io
from typing import IO

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from service.api.common import document_errors
from service.auth import current_actor
from service.extensions import interchange
from service.interchange import export_lines, parse_lines

blp = Blueprint("interchange", __name__, description="Bulk import and export (JSON Lines).")

NDJSON = "application/x-ndjson"
READ_BUFFER = 1 << 20
JSON_LINES_BODY = {
    "required": True,
    "description": "One stakeholder or tie per line; see docs/import-export.md.",
    "content": {NDJSON: {"schema": {"type": "string"}}},
}


class ImportResultSchema(Schema):
    stakeholders_created = fields.Integer()
    stakeholders_updated = fields.Integer()
    stakeholders_unchanged = fields.Integer()
    ties_created = fields.Integer()
    ties_updated = fields.Integer()
    ties_unchanged = fields.Integer()


@blp.route("/import")
class Import(MethodView):
    @blp.doc(requestBody=JSON_LINES_BODY)
    @blp.response(200, ImportResultSchema)
    @document_errors(blp, 409, 422, body=True)
    def post(self):
        """Upsert stakeholders and ties, every line checked first: a bad one writes nothing.

        SQLite writes the file in one transaction. Neo4j writes one of more than 5,000 lines in
        several; should the store fail midway, the 503 says how many lines were written, and
        sending the same file again completes it (imports write nothing twice).
        """
        stakeholders, ties, errors = parse_lines(_body_lines())
        return interchange().import_lines(stakeholders, ties, parse_errors=errors,
                                        actor=current_actor())


def _body_lines() -> IO[bytes]:
    """The body, to be read line by line as it streams in (no copy of a 64 MB body), unless
    an Idempotency-Key's hash has read it whole already."""
    cached = getattr(request, "_cached_data", None)  # what werkzeug's get_data() kept
    if cached is not None:
        return io.BytesIO(cached)
    stream = request.stream
    # werkzeug's LimitedStream is unbuffered: reading it by lines would go byte by byte.
    return io.BufferedReader(stream, READ_BUFFER) if isinstance(stream, io.RawIOBase) else stream


@blp.route("/export")
class Export(MethodView):
    @blp.doc(responses={200: {"description": "The whole graph as JSON Lines.",
                              "content": {NDJSON: {"schema": {"type": "string"}}}}})
    @document_errors(blp)
    def get(self):
        """Export every stakeholder and tie as JSON Lines, read at one version."""
        export = interchange().export(actor=current_actor())
        return Response(export_lines(export), mimetype=NDJSON,
                        headers={"X-Syndesmos-Version": str(export.version)})
