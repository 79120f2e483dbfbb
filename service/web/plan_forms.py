"""The forms of the plan pages: the plans API's schemas, read from a posted form.

A form sends every value as text, so where an API schema wants a JSON integer (``strict``)
these take its text; what is checked is otherwise the API's, rule for rule.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.api.plan_schemas import (
    ActionInputSchema,
    GoalInputSchema,
    IndicatorInputSchema,
    PlanChangeSchema,
    ValueInputSchema,
)


def revision_field():
    """The revision of the plan the page showed: a change made since refuses the form."""
    return fields.Integer(required=True, validate=validate.Range(0))


class PlanEditForm(PlanChangeSchema):
    revision = revision_field()


class RevisionForm(Schema):
    revision = revision_field()


class GoalForm(GoalInputSchema):
    revision = revision_field()


class ActionForm(ActionInputSchema):
    revision = revision_field()
    progress = fields.Integer(validate=validate.Range(0, 100))


class ProgressForm(Schema):
    revision = revision_field()
    status = ActionInputSchema().fields["status"]
    progress = fields.Integer(validate=validate.Range(0, 100))


class IndicatorForm(IndicatorInputSchema):
    revision = revision_field()


class ValueForm(ValueInputSchema):
    revision = revision_field()
