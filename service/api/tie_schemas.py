"""Marshmallow schemas for ties: input, partial update, output, query arguments."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph_models.domain.queries import Direction
from graph_models.domain.stakeholders import Instrument, TieType
from service.api.common import topic_field


class TieAttributesSchema(Schema):
    """What may change on a tie."""

    since = fields.Date(metadata={"description": "when the tie began; default: today"})
    weight = fields.Float(validate=validate.Range(min=0, min_inclusive=False, max=1_000_000),
                          metadata={"description": "importance for the algorithms; default 1"})
    external_id = fields.String(allow_none=True, validate=validate.Length(1, 300))
    strength = fields.Integer(strict=True, allow_none=True, validate=validate.Range(1, 5),
                              metadata={"description": "KNOWS only: 1 (weak) to 5 (strong)"})
    amount = fields.Float(allow_none=True, validate=validate.Range(min=0, max=10**12),
                          metadata={"description": "FUNDED only, euros"})
    instrument = fields.Enum(Instrument, by_value=True, allow_none=True,
                             metadata={"description": "FUNDED only"})
    topic = topic_field(allow_none=True, metadata={"description": "SUPPORTED only"})
    via = fields.String(allow_none=True, metadata={"description": "INTRODUCED only: broker id"})


class TieInputSchema(TieAttributesSchema):
    type = fields.Enum(TieType, by_value=True, required=True)
    source = fields.String(required=True, validate=validate.Length(1, 100))
    target = fields.String(required=True, validate=validate.Length(1, 100))


class TiePatchSchema(TieAttributesSchema):
    """Any subset of a tie's attributes; its type and ends never change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


class TieSchema(TieInputSchema):
    id = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class TiesQuerySchema(Schema):
    direction = fields.Enum(Direction, by_value=True, load_default=Direction.BOTH)
    type = fields.List(fields.Enum(TieType, by_value=True),
                       metadata={"description": "repeat to ask for several types"})
