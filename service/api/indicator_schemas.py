"""Marshmallow schemas for indicators: the catalogue, a series' query and the series."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validate

from service.api.common import region_filter_field
from service.api.match_schemas import Words
from service.i18n.labels import label
from service.i18n.locale import N_

LARGEST = 1e15  # beyond any count or sum of euros; keeps a path's arithmetic finite
PARAMETER = r"^[a-z_]+:[A-Za-z_:]+$"  # name:value; a group's value has a colon of its own


def value_label(vocabulary: str, code: str) -> str:
    """The label of a parameter's value: a group by its legal form, or else its kind."""
    if vocabulary == "group":
        kind, _, legal_form = code.partition(":")
        return label("legal_form", legal_form) if legal_form else label("kind", kind)
    return label(vocabulary, code)


class ParameterSchema(Schema):
    name = fields.String()
    required = fields.Boolean()
    values = fields.Function(
        lambda p: [{"code": v, "label": value_label(p.vocabulary, v)} for v in p.values()],
        metadata={"description": "each value it accepts, with its label"})


class CatalogueEntrySchema(Schema):
    code = fields.String()
    pillar = fields.String(metadata={"description": "the pillar it serves by default"})
    pillar_label = fields.Function(lambda i: label("pillar", i.pillar))
    unit = fields.String(metadata={"description": "count, share (0 to 1), money (€) or score "
                                                 "(1 to 5)"})
    label = Words()
    how = Words(metadata={"description": "how it is computed, in a sentence"})
    flow = fields.Boolean(metadata={"description": "counts what happened since the period's "
                                                   "first day (else what stands on the day)"})
    parameters = fields.List(fields.Nested(ParameterSchema))


class SeriesQuerySchema(Schema):
    region = region_filter_field(metadata={
        "description": "the territory: a NUTS code or a Greek region's name (a coordinator or "
                       "viewer: one of its territories; default its only one)"})
    start = fields.Date(required=True, data_key="from",
                        metadata={"description": "the period's first day"})
    end = fields.Date(required=True, data_key="to",
                      metadata={"description": "the period's last day (ten years at most)"})
    param = fields.List(fields.String(validate=validate.Regexp(
        PARAMETER, error=N_("write a parameter as name:value"))), load_default=list,
        metadata={"description": "a parameter as name:value (legal_form:koinsep, "
                                 "group_a:entrepreneur:koinsep); repeat for several"})
    baseline = fields.Float(allow_nan=False, validate=validate.Range(-LARGEST, LARGEST),
                            metadata={"description": "default: the value on the eve of the "
                                                     "period"})
    target = fields.Float(allow_nan=False, validate=validate.Range(-LARGEST, LARGEST),
                          metadata={"description": "without one, no assessment"})
    deadline = fields.Date(metadata={"description": "default: the period's last day"})

    @post_load
    def parameters(self, data: dict, **kwargs) -> dict:
        pairs = [text.split(":", 1) for text in data.pop("param")]
        names = [name for name, _ in pairs]
        if len(set(names)) != len(names):
            raise ValidationError(N_("each parameter at most once"), field_name="param")
        data["parameters"] = dict(pairs)
        return data


class TrackSchema(Schema):
    status = fields.String(metadata={"description": "met, on_track, off_track or no_data"})
    explanation = Words()
    expected = fields.Float(allow_none=True, metadata={
        "description": "where a steady path from baseline to target is on the day"})


class PointSchema(Schema):
    day = fields.Date()
    value = fields.Float(allow_none=True, metadata={
        "description": "null: nothing to measure, or the day has not come"})
    explanation = Words(metadata={"description": "what was counted, in a sentence"})
    assessment = fields.Nested(TrackSchema, allow_none=True,
                               metadata={"description": "null without a target"})


class SeriesSchema(Schema):
    code = fields.String()
    region = fields.String(attribute="territory", allow_none=True)
    parameters = fields.Dict(keys=fields.String(), values=fields.String())
    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")
    baseline = fields.Float(allow_none=True)
    target = fields.Float(allow_none=True)
    deadline = fields.Date()
    points = fields.List(fields.Nested(PointSchema))
