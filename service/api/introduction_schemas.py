"""Marshmallow schemas for introduction requests, their paths, inboxes and blocks."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph_models.domain.introductions import DeclineReason, Party, Purpose, State, Step
from graph_models.domain.notifications import NotificationState
from graph_models.domain.stakeholders import TieType
from graph_models.use_cases.introductions import MAX_MESSAGE_LENGTH, Box
from service.api.common import Labels, PageQuerySchema, page_schema
from service.api.match_schemas import SummarySchema
from service.i18n.labels import field_labels
from service.i18n.notices import told

ID = dict(validate=validate.Length(1, 100))
LABELS = "the labels of its codes in the answer's language, by field then by code"
# The fields of an introduction and of a step of its history that hold codes.
INTRODUCTION_CODES = {"state": "introduction_state", "purpose": "purpose",
                      "decline_reason": "decline_reason", "region": "region"}
EVENT_CODES = {"from_state": "introduction_state", "to_state": "introduction_state",
               "reason": "decline_reason"}


class PathQuerySchema(Schema):
    requester_id = fields.String(required=True, **ID)
    target_id = fields.String(required=True, **ID)


class HopSchema(Schema):
    source = fields.String()
    target = fields.String()
    tie_id = fields.String()
    type = fields.Enum(TieType, by_value=True)
    strength = fields.Integer(allow_none=True)
    trust = fields.Float(metadata={"description": "0–1, from the tie's type and strength"})


class WarmPathSchema(Schema):
    broker = fields.String(metadata={"description": "the stakeholder who would forward"})
    path = fields.List(fields.String(), metadata={"description": "requester … broker, target"})
    hops = fields.List(fields.Nested(HopSchema))
    score = fields.Float(metadata={"description": "product of the hops' trusts"})


class PathProposalSchema(Schema):
    requester_id = fields.String()
    target_id = fields.String()
    paths = fields.List(fields.Nested(WarmPathSchema),
                        metadata={"description": "up to three, shortest and strongest first"})
    names = fields.Dict(keys=fields.String(), values=fields.String(),
                        metadata={"description": "the name of each stakeholder on a path"})
    mediators = fields.Integer(metadata={
        "description": "coordinators of the target's region who can mediate instead"})


class IntroductionInputSchema(Schema):
    requester_id = fields.String(required=True, **ID)
    target_id = fields.String(required=True, **ID)
    purpose = fields.Enum(Purpose, by_value=True, required=True)
    message = fields.String(load_default="",
                            validate=validate.Length(max=MAX_MESSAGE_LENGTH))
    broker_id = fields.String(load_default=None, allow_none=True, metadata={
        "description": "one of the proposed brokers; leave out for a coordinator to mediate"},
        **ID)


class StepInputSchema(Schema):
    action = fields.Enum(Step, by_value=True, required=True, validate=validate.OneOf(
        [s for s in Step if s != Step.EXPIRE]), metadata={
        "description": "forward, accept, decline, withdraw or complete"})
    note = fields.String(load_default=None, allow_none=True,
                         validate=validate.Length(max=MAX_MESSAGE_LENGTH))
    reason = fields.Enum(DeclineReason, by_value=True, load_default=None, allow_none=True,
                         metadata={"description": "required to decline"})
    block = fields.Boolean(load_default=False, metadata={
        "description": "with a target's decline: take no more requests from the requester"})
    share_contacts = fields.Boolean(load_default=False, metadata={
        "description": "with accept (the target) or complete (the requester): true records "
                       "your stakeholder's consent to show its contacts (e-mail, phone, "
                       "website) to the other end of this introduction only, once it is "
                       "completed; its profile's contact_sharing shares them with every one"})
    revision = fields.Integer(strict=True, load_default=None, allow_none=True,
                              validate=validate.Range(0, 1000), metadata={
        "description": "the revision you saw: 409 if the request has moved since"})


class ContactsSchema(Schema):
    stakeholder_id = fields.String()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    website = fields.String(allow_none=True)


class EventSchema(Schema):
    revision = fields.Integer()
    at = fields.DateTime()
    actor_id = fields.String(allow_none=True)
    step = fields.String()
    from_state = fields.Enum(State, by_value=True, allow_none=True)
    to_state = fields.Enum(State, by_value=True)
    note = fields.String(allow_none=True)
    reason = fields.Enum(DeclineReason, by_value=True, allow_none=True)
    shares_contacts = fields.Boolean(allow_none=True, metadata={
        "description": "at accept or complete: whether that end agreed to share its contacts"})
    labels = Labels(lambda event: field_labels(event, EVENT_CODES),
                    metadata={"description": LABELS + " (from_state, to_state, reason)"})


class IntroductionSchema(Schema):
    id = fields.String(attribute="introduction.id")
    state = fields.Enum(State, by_value=True, attribute="introduction.state")
    purpose = fields.Enum(Purpose, by_value=True, attribute="introduction.purpose")
    message = fields.String(attribute="introduction.message")
    region = fields.String(attribute="introduction.region")
    mediated = fields.Boolean(attribute="introduction.mediated")
    decline_reason = fields.Enum(DeclineReason, by_value=True, allow_none=True,
                                 attribute="introduction.decline_reason")
    created_at = fields.DateTime(attribute="introduction.created_at")
    state_changed_at = fields.DateTime(attribute="introduction.state_changed_at")
    revision = fields.Integer(attribute="introduction.revision")
    tie_id = fields.String(allow_none=True, attribute="introduction.tie_id")
    requester = fields.Nested(SummarySchema)
    target = fields.Nested(SummarySchema)
    broker = fields.Nested(SummarySchema, allow_none=True)
    your_parts = fields.List(fields.Enum(Party, by_value=True), attribute="parties",
                             metadata={"description": "how you stand to the request"})
    your_actions = fields.List(fields.Enum(Step, by_value=True), attribute="steps",
                               metadata={"description": "the actions you may take now"})
    history = fields.List(fields.Nested(EventSchema))
    contacts_shared_by = fields.List(fields.String(), attribute="introduction.contacts_shared_by",
                                     metadata={"description": "the ends that agreed, for this "
                                               "request, to share their contacts"})
    contacts = fields.Nested(ContactsSchema, allow_none=True, metadata={
        "description": "the other end's contacts: for the two ends of a completed request, "
                       "if that end shares them (for this request or by its profile)"})
    labels = Labels(lambda view: field_labels(view.introduction, INTRODUCTION_CODES),
                    metadata={"description": LABELS + " (state, purpose, decline_reason, "
                                                      "region)"})


class InboxQuerySchema(PageQuerySchema):
    box = fields.Enum(Box, by_value=True, load_default=Box.SENT, metadata={
        "description": "sent: my requests; to_broker: waiting for me as broker; to_me: "
                       "forwarded to me; region: a coordinator's territories"})
    state = fields.List(fields.Enum(State, by_value=True), load_default=None)
    waiting_days = fields.Integer(load_default=None, validate=validate.Range(0, 3650),
                                  metadata={"description": "unmoved for at least these days"})


IntroductionPageSchema = page_schema(IntroductionSchema, "IntroductionPage")


class BlockInputSchema(Schema):
    requester_id = fields.String(required=True, **ID)


class BlockSchema(Schema):
    target_id = fields.String()
    requester_id = fields.String()
    created_at = fields.DateTime()


class NotificationQuerySchema(Schema):
    pending_only = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 100))


class NotificationSchema(Schema):
    id = fields.String()
    subject = fields.Function(lambda n: told(n).subject, metadata={
        "type": "string", "description": "in the answer's language, as the e-mail says it"})
    body = fields.Function(lambda n: told(n).body, metadata={
        "type": "string", "description": "in the answer's language, codes as their labels"})
    introduction_id = fields.String(allow_none=True)
    programme_id = fields.String(allow_none=True, metadata={
        "description": "the programme of the mentorship it is about"})
    state = fields.Enum(NotificationState, by_value=True, metadata={
        "description": "obsolete: its request moved on before it was sent (you acted on it, "
                       "or a later notification tells where it stands); never e-mailed"})
    created_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)
    labels = Labels(lambda n: field_labels(n, {"state": "notification_state"}), metadata={
        "description": "the label of each code, by field then by code"})
