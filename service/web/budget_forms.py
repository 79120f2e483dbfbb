"""The forms of the participatory budget pages: the API's schemas, read from a posted form
(whose values are all text, so integers are read from their text here)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph_models.domain.budgets import MAX_LIST, MAX_NAME, MAX_TEXT, Execution, Phase
from service.api.budget_schemas import ID
from service.i18n.locale import N_


def revision_field():
    """The revision of what the page showed: a change made since refuses the form."""
    return fields.Integer(load_default=None, validate=validate.Range(0))


class Words(fields.String):
    """Words separated by commas, as a list (categories, targets)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        return [word.strip() for word in text.split(",") if word.strip()]


class PhaseForm(Schema):
    phase = fields.Enum(Phase, by_value=True, required=True)
    revision = revision_field()


class ProposeForm(Schema):
    proposer_id = fields.String(required=True, **ID)
    title = fields.String(required=True, validate=validate.Length(1, MAX_NAME))
    cost = fields.Integer(required=True, validate=validate.Range(1, 10**12))
    description = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    categories = Words(load_default=list, validate=validate.Length(max=MAX_LIST * 101))
    targets = Words(load_default=list, validate=validate.Length(max=MAX_LIST * 101))


class ReviewForm(Schema):
    eligible = fields.Boolean(required=True, error_messages={
        "required": N_("Say whether the project is eligible.")})
    reason = fields.String(load_default="", validate=validate.Length(max=2000))
    revision = revision_field()


class BallotForm(Schema):
    """The projects chosen (approval); on a cumulative ballot each project's row sends its
    id and its points, on an ordinal one its id and its rank (0 for none), in the same
    order."""

    projects = fields.List(fields.String(**ID), load_default=list,
                           validate=validate.Length(max=1_000))
    points = fields.List(fields.Integer(validate=validate.Range(0, 10**9)), load_default=None,
                         validate=validate.Length(max=1_000))
    ranks = fields.List(fields.Integer(validate=validate.Range(0, 1_000)), load_default=None,
                        validate=validate.Length(max=1_000))


class TrackForm(Schema):
    execution = fields.Enum(Execution, by_value=True, load_default=None)
    progress = fields.Integer(load_default=None, validate=validate.Range(0, 100))
    notes = fields.String(load_default=None, validate=validate.Length(max=MAX_TEXT))
    revision = revision_field()
