"""Health and the controlled vocabularies."""

from __future__ import annotations

import dataclasses

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from graph_models.domain import vocabularies
from graph_models.domain.errors import StoreUnavailable
from service.api.common import document_errors
from service.extensions import use_cases
from service.i18n import labels

blp = Blueprint("meta", __name__, description="Service health and vocabularies.")


class HealthSchema(Schema):
    status = fields.String(validate=validate.OneOf(["ok"]))


class LabelledCodeSchema(Schema):
    code = fields.String()
    label = fields.String(metadata={"description": "in the answer's language"})


class TermSchema(LabelledCodeSchema):
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
    codes = fields.Dict(
        keys=fields.String(), values=fields.List(fields.Nested(LabelledCodeSchema)),
        metadata={"description": "the other lists of codes (kinds, legal forms, tie types, "
                                 "states, reasons…) with their labels, by vocabulary"})


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
        """Topics by pillar, sectors, regions, languages and the other codes that the API
        speaks, each with its label in the answer's language."""
        return {
            "pillars": _labelled("pillar", vocabularies.pillars()),
            "topics": _labelled("topic", vocabularies.topics()),
            "sectors": _labelled("sector", vocabularies.sectors()),
            "regions": _labelled("region", vocabularies.greek_regions()),
            "languages": _labelled("language", vocabularies.languages()),
            "codes": {name: [{"code": code, "label": label} for code, label in labels.labels(
                name, (member.value for member in members)).items()]
                      for name, members in labels.ENUM_LABELS.items()},
        }


def _labelled(vocabulary: str, terms: dict[str, vocabularies.Term]) -> list[dict]:
    named = labels.labels(vocabulary, terms)
    return [{**dataclasses.asdict(term), "label": named[code]} for code, term in terms.items()]
