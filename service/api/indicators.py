"""Indicators of a Local Action Plan: the catalogue, and an indicator's monthly series in a
territory (see docs/indicators.md)."""

from __future__ import annotations

from flask.views import MethodView

from service.api.common import QUERY, Blueprint, document_errors
from service.api.indicator_schemas import CatalogueEntrySchema, SeriesQuerySchema, SeriesSchema
from service.auth import current_actor
from service.extensions import indicators

blp = Blueprint("indicators", __name__, description="Indicators computed from the network.")


@blp.route("/indicators")
class Indicators(MethodView):
    @blp.response(200, CatalogueEntrySchema(many=True))
    @document_errors(blp)
    def get(self):
        """The catalogue of indicators, with their labels and parameters."""
        return indicators().catalogue(actor=current_actor())


@blp.route("/indicators/<code>")
class IndicatorSeries(MethodView):
    @blp.arguments(SeriesQuerySchema, **QUERY)
    @blp.response(200, SeriesSchema)
    @document_errors(blp, 404, 422)
    def get(self, args, code):
        """An indicator's value at each month's end of a period, explained and assessed."""
        return indicators().series(code, actor=current_actor(), **args)
