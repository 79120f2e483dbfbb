"""Health and the controlled vocabularies."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from graph_models import vocabularies
from service.api.common import document_errors
from service.extensions import ecosystem

blp = Blueprint("meta", __name__, description="Service health and vocabularies.")


class HealthSchema(Schema):
    status = fields.String()
    store = fields.String()
    version = fields.Integer()


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
    @document_errors(blp)
    def get(self):
        """Whether the service and its store answer, and the store's version."""
        eco = ecosystem()
        eco.store.ping()
        return {"status": "ok", "store": type(eco.store).__name__, "version": eco.store.version()}


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
