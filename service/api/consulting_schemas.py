"""Marshmallow schemas for consulting: needs assessments (their questions, links, answers and
needs map) and co-creation workshops."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph_models.domain.assessments import (
    MAX_LINK_DAYS,
    MAX_PROMPT,
    MAX_QUESTIONS,
    MAX_TEXT,
    MAX_TITLE,
    AssessmentState,
    LinkState,
    QuestionKind,
)
from graph_models.domain.stakeholders import Kind
from graph_models.domain.workshops import MAX_ITEMS, MAX_PARTICIPANTS
from service.api.common import region_field, sector_field, topic_field

PILLARS = ("consulting", "training", "networking", "financing")
PLAN_ID = dict(validate=validate.Length(1, 100), allow_none=True, metadata={
    "description": "the Local Action Plan this serves (a plan id), if any"})


def _topics(**kwargs):
    return fields.List(topic_field(), validate=validate.Length(max=100), **kwargs)


class QuestionSchema(Schema):
    key = fields.String(validate=validate.Regexp(r"^[a-z0-9_]{1,20}$"), metadata={
        "description": "its key (q1, q2… by default)"})
    kind = fields.Enum(QuestionKind, by_value=True, required=True, metadata={
        "description": "needs/offers: topics picked among its choices; rating: 1–5; text"})
    prompt = fields.String(required=True, validate=validate.Length(1, MAX_PROMPT))
    pillar = fields.String(validate=validate.OneOf(PILLARS), allow_none=True)
    topics = _topics(metadata={"description": "the choices (every topic of the pillar if "
                                              "none)"})


class AssessmentInputSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(1, MAX_TITLE))
    intro = fields.String(validate=validate.Length(max=MAX_TEXT))
    region = region_field(required=True)
    kinds = fields.List(fields.Enum(Kind, by_value=True), validate=validate.Length(max=4))
    sectors = fields.List(sector_field(), validate=validate.Length(max=50))
    questions = fields.List(fields.Nested(QuestionSchema), required=True,
                            validate=validate.Length(1, MAX_QUESTIONS))
    link_days = fields.Integer(strict=True, validate=validate.Range(1, MAX_LINK_DAYS),
                               metadata={"description": "how many days a personal link works"})
    plan_id = fields.String(**PLAN_ID)


class AssessmentPatchSchema(AssessmentInputSchema):
    """The fields to change (a draft's; once open, only plan_id); each optional."""


class AssessmentSchema(Schema):
    id = fields.String()
    title = fields.String()
    intro = fields.String()
    region = fields.String()
    kinds = fields.List(fields.Enum(Kind, by_value=True))
    sectors = fields.List(fields.String())
    questions = fields.List(fields.Nested(QuestionSchema))
    state = fields.Enum(AssessmentState, by_value=True)
    link_days = fields.Integer()
    plan_id = fields.String(allow_none=True)
    created_by = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    opened_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)


class AssessmentActionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(("open", "close")))


class RespondentSchema(Schema):
    id = fields.String()
    kind = fields.String()
    name = fields.String()
    region = fields.String()


class LinkRowSchema(Schema):
    id = fields.String(attribute="link.id")
    stakeholder = fields.Nested(RespondentSchema, allow_none=True)
    state = fields.Enum(LinkState, by_value=True)
    created_at = fields.DateTime(attribute="link.created_at")
    expires_at = fields.DateTime(attribute="link.expires_at")
    answered_at = fields.DateTime(attribute="link.answered_at", allow_none=True)


class SentLinkSchema(Schema):
    stakeholder = fields.Nested(RespondentSchema)
    emailed = fields.Boolean(metadata={"description": "whether the link was e-mailed to the "
                                                      "stakeholder's address"})
    link = fields.String(allow_none=True, metadata={
        "description": "the personal link, when it was not e-mailed: shown this once, to hand "
                       "over"})
    expires_at = fields.DateTime()


class SentSchema(Schema):
    assessment = fields.Nested(AssessmentSchema)
    links = fields.List(fields.Nested(SentLinkSchema))


class TopicCountSchema(Schema):
    topic = fields.String()
    pillar = fields.String()
    needs = fields.Integer()
    offers = fields.Integer()
    need_share = fields.Float()
    offer_share = fields.Float()


class PillarCountSchema(Schema):
    pillar = fields.String()
    needs = fields.Integer()
    offers = fields.Integer()
    need_share = fields.Float()
    offer_share = fields.Float()


class RegionCountSchema(Schema):
    region = fields.String()
    respondents = fields.Integer()
    needs = fields.Dict(keys=fields.String(), values=fields.Integer())


class RatingSummarySchema(Schema):
    question = fields.String()
    prompt = fields.String()
    answered = fields.Integer()
    mean = fields.Float(allow_none=True)


class NeedsMapSchema(Schema):
    respondents = fields.Integer()
    sent = fields.Integer()
    response_rate = fields.Float(allow_none=True, metadata={
        "description": "respondents over links sent (null before any was sent)"})
    topics = fields.List(fields.Nested(TopicCountSchema))
    pillars = fields.List(fields.Nested(PillarCountSchema))
    regions = fields.List(fields.Nested(RegionCountSchema))
    ratings = fields.List(fields.Nested(RatingSummarySchema))


class NeedsResultsSchema(Schema):
    assessment = fields.Nested(AssessmentSchema)
    links = fields.List(fields.Nested(LinkRowSchema))
    map = fields.Nested(NeedsMapSchema)
    texts = fields.List(fields.Tuple((fields.String(), fields.String())), metadata={
        "description": "the free-text answers: [question key, text]"})


# -- workshops ----------------------------------------------------------------------------------

class ParticipantSchema(Schema):
    stakeholder_id = fields.String(required=True, validate=validate.Length(1, 100))
    listed = fields.Boolean(load_default=False, metadata={
        "description": "its consent to being named as a participant"})


class InsightSchema(Schema):
    text = fields.String(required=True, validate=validate.Length(1, MAX_TEXT))
    topics = _topics(load_default=list)


class WorkshopActionSchema(InsightSchema):
    plan_action_id = fields.String(validate=validate.Length(1, 100), allow_none=True,
                                   metadata={"description": "the plan action it became"})


class WorkshopInputSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(1, 200))
    held_on = fields.Date(required=True)
    place = fields.String(required=True, validate=validate.Length(1, 200))
    region = region_field(required=True)
    pillar = fields.String(required=True, validate=validate.OneOf(PILLARS))
    topics = _topics()
    participants = fields.List(fields.Nested(ParticipantSchema),
                               validate=validate.Length(max=MAX_PARTICIPANTS))
    insights = fields.List(fields.Nested(InsightSchema), validate=validate.Length(max=MAX_ITEMS))
    actions = fields.List(fields.Nested(WorkshopActionSchema),
                          validate=validate.Length(max=MAX_ITEMS))
    plan_id = fields.String(**PLAN_ID)


class WorkshopPatchSchema(WorkshopInputSchema):
    """The fields to change, each optional; lists are replaced whole."""


class WorkshopSchema(Schema):
    id = fields.String()
    title = fields.String()
    held_on = fields.Date()
    place = fields.String()
    region = fields.String()
    pillar = fields.String()
    topics = fields.List(fields.String())
    participants = fields.List(fields.Nested(ParticipantSchema))
    insights = fields.List(fields.Nested(InsightSchema))
    actions = fields.List(fields.Nested(WorkshopActionSchema))
    plan_id = fields.String(allow_none=True)
    created_by = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
