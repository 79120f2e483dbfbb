"""Marshmallow schemas for matches: query arguments and explained answers.

A seeker's matches are the service's busiest answer: :func:`match_answers` builds exactly what
``MatchSchema(many=True)`` dumps, directly, at a fraction of marshmallow's cost per field (a
test holds the two equal). The schema still documents the answer.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph_models.domain.stakeholders import Kind, Pillar
from graph_models.use_cases.matches import RankedMatch
from service.api.common import Labels, region_filter_field, sector_field, topic_field
from service.i18n.labels import field_labels
from service.i18n.locale import current_locale
from service.i18n.phrases import render


class MatchQuerySchema(Schema):
    kind = fields.Enum(Kind, by_value=True,
                       metadata={"description": "the kind of candidate (default: all that fit)"})
    pillar = fields.Enum(Pillar, by_value=True,
                         metadata={"description": "match on this pillar's needs and offers"})
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 100))
    include_connected = fields.Boolean(load_default=False,
                                       metadata={"description": "rank existing ties too"})


class ScopeQuerySchema(Schema):
    pillar = fields.Enum(Pillar, by_value=True)
    need = topic_field(metadata={"description": "one topic: who needs it, who offers it"})
    region = region_filter_field(metadata={
        "description": "a NUTS code in any case or a Greek region's name (Αττική, attiki, "
                       "Attica) (a coordinator: one of its territories; default its only one)"})
    sector = sector_field()
    threshold = fields.Float(load_default=50.0, validate=validate.Range(0, 100),
                             metadata={"description": "below this best score, a need is unmet"})
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))


# The codes of a stakeholder in brief, and the vocabulary of each.
SUMMARY_CODES = {"kind": "kind", "region": "region"}


def summary_labels(summary, *, locale: str | None = None) -> dict[str, dict[str, str]]:
    """The labels of a stakeholder summary's kind and region, by field then by code."""
    return field_labels(summary, SUMMARY_CODES, locale=locale)


class SummarySchema(Schema):
    id = fields.String()
    kind = fields.String()
    name = fields.String()
    region = fields.String()
    labels = Labels(summary_labels, metadata={
        "description": "the labels of its kind and region in the answer's language, by field "
                       "then by code"})


class Words(fields.String):
    """A phrase (graph_models.domain.phrases) written in the answer's language."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else render(value)


class ScoreTermSchema(Schema):
    name = fields.String()
    value = fields.Float(metadata={"description": "0 to 1"})
    weight = fields.Float()
    points = fields.Float(metadata={"description": "what it adds to the 0–100 score"})
    reason = Words(metadata={"description": "the term in words, in the answer's language, "
                                            "codes given as labels"})


class ConnectionSchema(Schema):
    via = fields.List(fields.String(), metadata={"description": "ids, seeker side first"})
    via_names = fields.List(fields.String())
    ties = fields.List(fields.String())
    share = fields.Float(metadata={"description": "part of the proximity this path carries"})


class MatchSchema(Schema):
    candidate = fields.Nested(SummarySchema)
    role = fields.String(attribute="match.role")
    score = fields.Float(attribute="match.score", metadata={"description": "0 to 100"})
    terms = fields.List(fields.Nested(ScoreTermSchema), attribute="match.terms")
    connections = fields.List(fields.Nested(ConnectionSchema), attribute="match.connections")
    promotion = Words(attribute="match.promotion", allow_none=True, metadata={
        "description": "why the match was moved up for exposure (a newcomer or a provider "
                       "with few ties, within the configured score bound); null when it keeps "
                       "its place by score"})


def match_answers(found: list[RankedMatch]) -> list[dict]:
    """``MatchSchema(many=True).dump(found)``, built directly."""
    locale = current_locale()
    return [{
        "candidate": {"id": ranked.candidate.id, "kind": ranked.candidate.kind,
                      "name": ranked.candidate.name, "region": ranked.candidate.region,
                      "labels": summary_labels(ranked.candidate, locale=locale)},
        "role": ranked.match.role,
        "score": float(ranked.match.score),
        "terms": [{"name": term.name, "value": float(term.value), "weight": float(term.weight),
                   "points": float(term.points),
                   "reason": render(term.reason, locale=locale)}
                  for term in ranked.match.terms],
        "connections": [{"via": list(connection.via), "via_names": list(connection.via_names),
                         "ties": list(connection.ties), "share": float(connection.share)}
                        for connection in ranked.match.connections],
        "promotion": (None if ranked.match.promotion is None
                      else render(ranked.match.promotion, locale=locale)),
    } for ranked in found]


class PairSchema(Schema):
    entrepreneur = fields.Function(lambda pair: SummarySchema().dump(pair[0]))
    match = fields.Function(lambda pair: MatchSchema().dump(pair[1]))


class UnmetSchema(Schema):
    entrepreneur = fields.Function(lambda unmet: SummarySchema().dump(unmet[0]))
    needs = fields.Function(lambda unmet: list(unmet[1]))
    best_provider = fields.Function(
        lambda unmet: unmet[2] and SummarySchema().dump(unmet[2]))
    best_score = fields.Function(lambda unmet: unmet[3])


class GapSchema(Schema):
    topic = fields.String()
    entrepreneurs = fields.Integer(metadata={"description": "entrepreneurs in scope who need it"})
    unmet = fields.Integer()
    providers = fields.Integer(metadata={"description": "eligible providers who offer it"})


class ScopeMatchesSchema(Schema):
    pairs = fields.List(fields.Nested(PairSchema))
    unmet_needs = fields.List(fields.Nested(UnmetSchema), attribute="unmet")
    gaps = fields.List(fields.Nested(GapSchema), attribute="report.gaps")
    entrepreneurs_in_scope = fields.Integer(attribute="report.entrepreneurs_in_scope")
    providers_in_scope = fields.Integer(attribute="report.providers_in_scope")
    threshold = fields.Float(attribute="report.threshold")
