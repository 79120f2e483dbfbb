"""Health and the controlled vocabularies."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from graph_models.domain import vocabularies
from graph_models.domain.errors import StoreUnavailable
from service.api.common import document_errors
from service.extensions import use_cases

blp = Blueprint("meta", __name__, description="Service health and vocabularies.")


class HealthSchema(Schema):
    status = fields.String(validate=validate.OneOf(["ok"]))


class TermSchema(Schema):
    code = fields.String()
    name_en = fields.String()
    name_el = fields.String(allow_none=True)


class RegionSchema(TermSchema):
    level = fields.Integer()
    parent = fields.String(allow_none=True)


class VocabulariesSchema(Schema):
    pillars = fields.List(fields.Nested(TermSchema))
    topics = fields.List(fields.Nested(TermSchema))
    sectors = fields.List(fields.Nested(TermSchema))
    regions = fields.List(fields.Nested(RegionSchema),
                          metadata={"description": "Greek NUTS 0–3; other EU NUTS codes are "
                                                   "accepted by pattern"})
    languages = fields.List(fields.Nested(TermSchema))


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    @document_errors(blp, public=True)
    def get(self):
        """Whether the service and its store answer: ``ok``, or a 503 saying only
        ``unavailable`` (the reason goes to the server's log)."""
        try:
            use_cases().ping()
        except StoreUnavailable as error:
            raise StoreUnavailable("unavailable", retry_after=error.retry_after,
                                   detail=f"{error.message}: {error.detail}") from error
        return {"status": "ok"}


@blp.route("/vocabularies")
class Vocabularies(MethodView):
    @blp.response(200, VocabulariesSchema)
    def get(self):
        """Topics by pillar, sectors, regions and languages that the API accepts."""
        return {
            "pillars": list(vocabularies.pillars().values()),
            "topics": list(vocabularies.topics().values()),
            "sectors": list(vocabularies.sectors().values()),
            "regions": list(vocabularies.greek_regions().values()),
            "languages": list(vocabularies.languages().values()),
        }
