"""Marshmallow schemas of activities, registrations, attendance, a networking event's meetings
and agendas."""

from __future__ import annotations

import copy

from marshmallow import Schema, fields, missing, validate

from graph_models.domain.activities import (
    MAX_CAPACITY,
    MAX_PLACE,
    MAX_SLOTS,
    MAX_TABLES,
    MAX_TITLE,
    MAX_WISHES,
    PRIORITIES,
    ActivityKind,
    ScheduleState,
    TieSource,
)
from graph_models.domain.stakeholders import Pillar
from service.api.common import Labels, PageQuerySchema, page_schema, region_field, topic_field
from service.api.match_schemas import SummarySchema
from service.i18n.labels import field_labels

ID = dict(validate=validate.Length(1, 100))
ACTIVITY_CODES = {"kind": "activity_kind", "pillar": "pillar", "region": "region",
                  "topics": "topic", "schedule": "schedule_state"}
LABELS = ("the labels of its codes (kind, pillar, region, topics, schedule) in the answer's "
          "language, by field then by code")


class ActivityInputSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(1, MAX_TITLE))
    kind = fields.Enum(ActivityKind, by_value=True, required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(load_default=None, allow_none=True, metadata={
        "description": "the last day of a course; not before starts_on"})
    region = region_field(required=True, metadata={
        "description": "a NUTS code; a coordinator's must lie in its territories"})
    pillar = fields.Enum(Pillar, by_value=True, required=True)
    capacity = fields.Integer(strict=True, required=True,
                              validate=validate.Range(1, MAX_CAPACITY))
    organiser_id = fields.String(required=True, **ID, metadata={
        "description": "the stakeholder that organises it"})
    place = fields.String(load_default="", validate=validate.Length(max=MAX_PLACE))
    topics = fields.List(topic_field(), load_default=list, validate=validate.Length(max=50))
    slots = fields.List(fields.String(validate=validate.Length(1, 40)), load_default=list,
                        validate=validate.Length(max=MAX_SLOTS), metadata={
                            "description": "a networking event's rounds of one-to-one "
                                           "meetings, by label (\"10:00\")"})
    tables = fields.Integer(strict=True, load_default=0, validate=validate.Range(0, MAX_TABLES),
                            metadata={"description": "meetings a round can hold"})
    plan_id = fields.String(load_default=None, allow_none=True, **ID, metadata={
        "description": "the local action plan it belongs to"})


def _optional(field: fields.Field) -> fields.Field:
    """The field, neither required nor defaulted: a field left out of a change keeps its
    value."""
    copied = copy.copy(field)
    copied.required, copied.load_default = False, missing
    return copied


# Any of the fields of an activity; those left out keep their value.
ActivityPatchSchema = Schema.from_dict(
    {name: _optional(field) for name, field in ActivityInputSchema().fields.items()},
    name="ActivityPatch")


class ActivitySchema(Schema):
    id = fields.String()
    title = fields.String()
    kind = fields.Enum(ActivityKind, by_value=True)
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)
    region = fields.String()
    pillar = fields.Enum(Pillar, by_value=True)
    capacity = fields.Integer()
    organiser_id = fields.String()
    place = fields.String()
    topics = fields.List(fields.String())
    slots = fields.List(fields.String())
    tables = fields.Integer()
    plan_id = fields.String(allow_none=True)
    schedule = fields.Enum(ScheduleState, by_value=True, metadata={
        "description": "none, draft (seen by its coordinators) or published (in agendas)"})
    attendance_recorded_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    labels = Labels(lambda a: field_labels(a, ACTIVITY_CODES), metadata={"description": LABELS})


ActivityPageSchema = page_schema(ActivitySchema, "ActivityPage")


class RegistrationSchema(Schema):
    activity_id = fields.String()
    stakeholder_id = fields.String()
    registered_at = fields.DateTime()
    ties_consent = fields.Boolean(metadata={
        "description": "attending and meetings held may become ties"})
    wishes = fields.List(fields.String(), metadata={"description": "whom it wants to meet"})
    priorities = fields.List(fields.Integer(), metadata={
        "description": "each wish's priority, 1 (would like to) to 3 (must meet)"})
    available = fields.List(fields.Integer(), metadata={
        "description": "the rounds it is free in, numbered from 0"})
    attended = fields.Boolean(allow_none=True)


class ActivityViewSchema(Schema):
    activity = fields.Nested(ActivitySchema)
    organiser = fields.Nested(SummarySchema, allow_none=True)
    registered = fields.Integer(metadata={"description": "seats taken"})
    seats_left = fields.Integer()
    mine = fields.List(fields.Nested(RegistrationSchema), metadata={
        "description": "the registrations of the stakeholders I am a member of"})


class ActivityQuerySchema(PageQuerySchema):
    region = region_field(metadata={"description": "activities in this NUTS region"})
    kind = fields.Enum(ActivityKind, by_value=True)
    plan_id = fields.String(**ID)
    starts_from = fields.Date()
    starts_until = fields.Date()


class RegistrationInputSchema(Schema):
    stakeholder_id = fields.String(required=True, **ID, metadata={
        "description": "a member registers a stakeholder it is a member of"})
    ties_consent = fields.Boolean(load_default=False)


class ConsentInputSchema(Schema):
    ties_consent = fields.Boolean(required=True)


class RegistrantSchema(Schema):
    registration = fields.Nested(RegistrationSchema)
    stakeholder = fields.Nested(SummarySchema, allow_none=True)


class WishSchema(Schema):
    stakeholder_id = fields.String(required=True, **ID)
    priority = fields.Integer(strict=True, load_default=1, validate=validate.OneOf(PRIORITIES))


class WishesInputSchema(Schema):
    wishes = fields.List(fields.Nested(WishSchema), required=True,
                         validate=validate.Length(max=MAX_WISHES), metadata={
                             "description": "other registrants to meet; only pairs who both "
                                            "wish to meet are scheduled"})
    available = fields.List(fields.Integer(strict=True, validate=validate.Range(0, MAX_SLOTS)),
                            required=True, validate=validate.Length(max=MAX_SLOTS))


class AttendanceInputSchema(Schema):
    attended = fields.List(fields.String(**ID), required=True,
                           validate=validate.Length(max=MAX_CAPACITY), metadata={
                               "description": "the registrants who came; the others did not"})


class ActivityTieSchema(Schema):
    tie_id = fields.String()
    source = fields.String()
    target = fields.String()
    via = fields.Enum(TieSource, by_value=True)
    formed_at = fields.DateTime()


class OutcomesQuerySchema(Schema):
    region = region_field(metadata={
        "description": "a NUTS region (default: my territories; everywhere for an admin)"})
    starts_from = fields.Date(required=True)
    starts_until = fields.Date(required=True)


class ActivityRecordSchema(Schema):
    activity = fields.Nested(ActivitySchema)
    registered = fields.Integer()
    attended = fields.Integer()
    ties = fields.List(fields.Nested(ActivityTieSchema), metadata={
        "description": "the ties it formed"})


class MeetingSchema(Schema):
    id = fields.String()
    slot = fields.Integer(metadata={"description": "the round, numbered from 0"})
    table = fields.Integer(metadata={"description": "numbered from 0"})
    a = fields.String()
    b = fields.String()
    score = fields.Float(metadata={"description": "the pair's match score, 0–100"})
    held_a = fields.Boolean(allow_none=True)
    held_b = fields.Boolean(allow_none=True)
    useful_a = fields.Boolean(allow_none=True)
    useful_b = fields.Boolean(allow_none=True)
    tie_id = fields.String(allow_none=True)


class ScheduledMeetingSchema(Schema):
    meeting = fields.Nested(MeetingSchema)
    slot_label = fields.String()
    a = fields.Nested(SummarySchema, allow_none=True)
    b = fields.Nested(SummarySchema, allow_none=True)


class ScheduleSchema(Schema):
    activity = fields.Nested(ActivitySchema)
    meetings = fields.List(fields.Nested(ScheduledMeetingSchema))
    total_score = fields.Float()
    mutual_pairs = fields.Integer(metadata={"description": "pairs who both wish to meet"})
    one_sided_wishes = fields.Integer(metadata={
        "description": "wishes not returned: never scheduled"})


class SwapInputSchema(Schema):
    other_id = fields.String(required=True, **ID, metadata={
        "description": "the meeting to exchange rounds and tables with"})


class AgendaQuerySchema(Schema):
    stakeholder_id = fields.String(**ID, metadata={
        "description": "whose agenda (default: my one stakeholder)"})


class AgendaItemSchema(Schema):
    meeting = fields.Nested(MeetingSchema)
    slot_label = fields.String()
    table = fields.Integer(metadata={"description": "numbered from 1, as on the tables"})
    other = fields.Nested(SummarySchema, allow_none=True)
    held = fields.Boolean(allow_none=True)
    useful = fields.Boolean(allow_none=True)


class AgendaSchema(Schema):
    activity = fields.Nested(ActivitySchema)
    stakeholder_id = fields.String()
    items = fields.List(fields.Nested(AgendaItemSchema))
    published = fields.Boolean()


class AnswerInputSchema(Schema):
    stakeholder_id = fields.String(required=True, **ID)
    held = fields.Boolean(required=True)
    useful = fields.Boolean(load_default=None, allow_none=True)
