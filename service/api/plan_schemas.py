"""The schemas of the plans API: a plan's input and output, its goals, actions, indicators and
manual values, and its history."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from marshmallow import Schema, fields, pre_dump, validate

from graph_models.domain import vocabularies
from graph_models.domain.plan_edits import (
    CODE,
    MAX_NOTE,
    MAX_OWNERS,
    MAX_PARAMETER_VALUE,
    MAX_PARAMETERS,
    MAX_TITLE,
    MAX_UNIT,
    MAX_VISION,
    MAX_WHAT,
)
from graph_models.domain.plans import ActionStatus, PlanState
from service.api.common import PageQuerySchema, page_schema, region_field
from service.api.match_schemas import Words

ID = dict(validate=validate.Length(1, 100))
REVISION = "the revision you saw: 409 if the plan has changed since"
NUMBER = dict(allow_nan=False, validate=validate.Range(-1e15, 1e15))
PILLAR = dict(validate=validate.OneOf(list(vocabularies.pillars())))


def revision_field():
    """The revision a client saw, required for every write."""
    return fields.Integer(strict=True, required=True, validate=validate.Range(0),
                          metadata={"description": REVISION})


class RevisionSchema(Schema):
    revision = revision_field()


class RevisionQuerySchema(Schema):
    revision = fields.Integer(required=True, validate=validate.Range(0),
                              metadata={"description": REVISION})


class PlanQuerySchema(PageQuerySchema):
    territory = region_field(metadata={"description": "plans whose territory lies in it"})
    state = fields.String(validate=validate.OneOf([s.value for s in PlanState]))


class PlanInputSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(1, MAX_TITLE))
    territory = region_field(required=True, metadata={
        "description": "a NUTS code; a coordinator's must lie in its territories"})
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True, metadata={"description": "after starts_on"})
    vision = fields.String(load_default="", validate=validate.Length(max=MAX_VISION))
    owners = fields.List(fields.String(**ID), load_default=None,
                         validate=validate.Length(max=MAX_OWNERS), metadata={
                             "description": "user ids of coordinators of the territory "
                                            "(default: you)"})


class PlanChangeSchema(Schema):
    revision = revision_field()
    title = fields.String(validate=validate.Length(1, MAX_TITLE))
    territory = region_field()
    starts_on = fields.Date()
    ends_on = fields.Date()
    vision = fields.String(validate=validate.Length(max=MAX_VISION))
    owners = fields.List(fields.String(**ID), validate=validate.Length(max=MAX_OWNERS),
                         metadata={"description": "the only field an adopted plan changes"})


class GoalInputSchema(Schema):
    revision = revision_field()
    pillar = fields.String(required=True, **PILLAR)
    title = fields.String(required=True, validate=validate.Length(1, MAX_TITLE))


class GoalChangeSchema(Schema):
    revision = revision_field()
    pillar = fields.String(**PILLAR)
    title = fields.String(validate=validate.Length(1, MAX_TITLE))


class Euros(fields.String):
    """An amount of euros in whole cents, written as text (``"12500.50"``) so that it stays
    exact: a Decimal once loaded."""

    PATTERN = r"^[0-9]{1,13}(\.[0-9]{1,2})?$"

    def __init__(self, **kwargs):
        super().__init__(metadata={"description": "euros, in whole cents, as text",
                                   "pattern": self.PATTERN}, **kwargs)
        self._shape = validate.Regexp(self.PATTERN)

    def _deserialize(self, value, attr, data, **kwargs):
        return Decimal(self._shape(super()._deserialize(value, attr, data, **kwargs)))


def _action_fields(required: bool) -> dict:
    return {
        "revision": revision_field(),
        "goal_id": fields.String(required=required, **ID),
        "what": fields.String(required=required, validate=validate.Length(1, MAX_WHAT)),
        "responsible_id": fields.String(allow_none=True, metadata={
            "description": "the stakeholder responsible"}, **ID),
        "budget": Euros(allow_none=True),
        "starts_on": fields.Date(allow_none=True, metadata={"description": "within the period"}),
        "ends_on": fields.Date(allow_none=True, metadata={"description": "within the period"}),
        "status": fields.String(validate=validate.OneOf([s.value for s in ActionStatus])),
        "progress": fields.Integer(strict=True, validate=validate.Range(0, 100),
                                   metadata={"description": "per cent done"}),
    }


ActionInputSchema = Schema.from_dict(_action_fields(True), name="ActionInput")
ActionChangeSchema = Schema.from_dict(_action_fields(False), name="ActionChange")

PARAMETERS = dict(
    keys=fields.String(),  # their names are the domain's rule (plan_edits), refused there
    values=fields.String(validate=validate.Length(max=MAX_PARAMETER_VALUE)),
    validate=validate.Length(max=MAX_PARAMETERS),
    metadata={"description": "the catalogue indicator's parameters (none for a manual one)"})


def _indicator_fields(required: bool) -> dict:
    return {
        "revision": revision_field(),
        "code": fields.String(required=required, validate=validate.Regexp(CODE), metadata={
            "description": "a catalogue code, or manual (values recorded by hand)"}),
        "pillar": fields.String(required=required, **PILLAR),
        "target": fields.Float(required=required, **NUMBER),
        "deadline": fields.Date(required=required, metadata={
            "description": "within the period"}),
        "baseline": fields.Float(allow_none=True, **NUMBER),
        "parameters": fields.Dict(**PARAMETERS),
        "name": fields.String(validate=validate.Length(max=MAX_TITLE), metadata={
            "description": "required for a manual indicator"}),
        "unit": fields.String(validate=validate.Length(max=MAX_UNIT)),
    }


IndicatorInputSchema = Schema.from_dict(_indicator_fields(True), name="IndicatorInput")
IndicatorChangeSchema = Schema.from_dict(_indicator_fields(False), name="IndicatorChange")


class ValueInputSchema(Schema):
    revision = revision_field()
    on = fields.Date(required=True, metadata={"description": "the day the value is as of"})
    value = fields.Float(required=True, **NUMBER)
    note = fields.String(load_default="", validate=validate.Length(max=MAX_NOTE))


# -- answers -----------------------------------------------------------------------------------

class GoalSchema(Schema):
    id = fields.String()
    pillar = fields.String()
    title = fields.String()


class ActionSchema(Schema):
    id = fields.String()
    goal_id = fields.String()
    what = fields.String()
    responsible_id = fields.String(allow_none=True)
    budget = fields.String(allow_none=True, metadata={"description": "euros, as text"})
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    status = fields.Enum(ActionStatus, by_value=True)
    progress = fields.Integer()


class ValueSchema(Schema):
    on = fields.Date()
    value = fields.Float()
    note = fields.String()


class TrackingSchema(Schema):
    on = fields.Date()
    value = fields.Float(allow_none=True)
    expected = fields.Float(allow_none=True, metadata={
        "description": "the straight path's value that day: the baseline at the period's "
                       "start, the target at the deadline"})
    track = fields.String(metadata={"description": "on_track, off_track or unknown"})
    status = fields.String(attribute="assessment.status", metadata={
        "description": "met, on_track, off_track or no_data"})
    sentence = Words(attribute="assessment.explanation", metadata={
        "description": "why, in a sentence"})
    explanation = Words(allow_none=True, metadata={
        "description": "what a computed value counted (null: recorded by hand)"})


class IndicatorSchema(Schema):
    id = fields.String()
    code = fields.String()
    pillar = fields.String()
    parameters = fields.Function(lambda i: dict(i.parameters))
    baseline = fields.Float(allow_none=True)
    target = fields.Float()
    deadline = fields.Date()
    name = fields.String()
    unit = fields.String()
    values = fields.List(fields.Nested(ValueSchema))


class PlanSchema(Schema):
    id = fields.String()
    title = fields.String()
    territory = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    vision = fields.String()
    owners = fields.List(fields.String())
    state = fields.Enum(PlanState, by_value=True)
    revision = fields.Integer(metadata={"description": "send it back with a change"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    created_by = fields.String(allow_none=True)
    adopted_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    goals = fields.List(fields.Nested(GoalSchema))
    actions = fields.List(fields.Nested(ActionSchema))
    indicators = fields.List(fields.Nested(IndicatorSchema))


PlanPageSchema = page_schema(PlanSchema, "PlanPage")


class TrackedIndicatorSchema(IndicatorSchema):
    parameters = fields.Dict(keys=fields.String(), values=fields.String())
    current = fields.Nested(TrackingSchema, allow_none=True, metadata={
        "description": "its latest value as of today (or the period's end), computed for a "
                       "catalogue indicator, with its status; null: none yet"})


class TrackedPlanSchema(PlanSchema):
    """A plan read with each indicator's standing: dumps ``{"plan": …, "tracking": …}``."""

    indicators = fields.List(fields.Nested(TrackedIndicatorSchema))

    @pre_dump
    def flatten(self, read: dict, **kwargs) -> dict:
        plan, tracking = read["plan"], read["tracking"]
        out = {f.name: getattr(plan, f.name) for f in dataclasses.fields(plan)}
        out["indicators"] = [
            {**{f.name: getattr(i, f.name) for f in dataclasses.fields(i)},
             "parameters": dict(i.parameters), "current": tracking.get(i.id)}
            for i in plan.indicators]
        return out


class PlanChangeEntrySchema(Schema):
    field = fields.String()
    item_id = fields.String(allow_none=True)
    before = fields.String(allow_none=True)
    after = fields.String(allow_none=True)


class RevisionEntrySchema(Schema):
    revision = fields.Integer(attribute="revision.revision")
    at = fields.DateTime(attribute="revision.at")
    actor_id = fields.String(attribute="revision.actor_id", allow_none=True)
    actor_name = fields.String(allow_none=True)
    action = fields.String(attribute="revision.action")
    changes = fields.List(fields.Nested(PlanChangeEntrySchema), attribute="revision.changes")


class HistorySchema(Schema):
    items = fields.List(fields.Nested(RevisionEntrySchema))


class ValueQuerySchema(RevisionQuerySchema):
    on = fields.Date(required=True, metadata={"description": "the day of the value to remove"})
