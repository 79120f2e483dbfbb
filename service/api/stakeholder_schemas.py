"""Marshmallow schemas for stakeholders: input, partial update, output, query arguments."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph_models.domain.queries import StakeholderOrder
from graph_models.domain.search_keys import MAX_QUERY_LENGTH
from graph_models.domain.stakeholders import (
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    Instrument,
    Kind,
    KoinsepCategory,
    LegalForm,
    PolicyLevel,
    Stage,
)
from service.api.common import (
    WEBSITE,
    FullMatch,
    Labels,
    PageQuerySchema,
    language_field,
    page_schema,
    region_field,
    region_filter_field,
    sector_field,
    topic_field,
    unique_list,
)
from service.api.introduction_schemas import BlockSchema
from service.api.mentorship_schemas import MentorshipRecordSchema, SessionRecordSchema
from service.api.tie_schemas import TieSchema
from service.i18n.labels import stakeholder_labels

PHONE = FullMatch(r"^\+?[0-9][0-9 ()-]{4,30}$", error="not a phone number")
COUNT = validate.Range(min=0, max=10**12)


class StakeholderInputSchema(Schema):
    """A stakeholder as a client writes it. Fields of other kinds must be left out."""

    kind = fields.Enum(Kind, by_value=True, required=True)
    name = fields.String(required=True, validate=validate.Length(1, MAX_NAME_LENGTH))
    region = region_field(required=True, metadata={"description": "NUTS code, e.g. EL303"})
    external_id = fields.String(allow_none=True, validate=validate.Length(1, MAX_NAME_LENGTH),
                                metadata={"description": "e.g. a Greek registry number; "
                                                         "unique per kind"})
    description = fields.String(allow_none=True, validate=validate.Length(max=MAX_TEXT_LENGTH))
    municipality = fields.String(allow_none=True, validate=validate.Length(max=MAX_NAME_LENGTH))
    sectors = unique_list(sector_field(), allow_none=True)
    languages = unique_list(language_field(), allow_none=True)
    needs = unique_list(topic_field(), allow_none=True,
                        metadata={"description": "topic codes, pillar.topic"})
    needs_private = fields.Boolean(
        metadata={"description": "show the needs only to those who may see contact details"})
    offers = unique_list(topic_field(), allow_none=True)
    capacity = fields.Integer(strict=True, allow_none=True,
                              validate=validate.Range(min=0, max=100_000))
    discoverable = fields.Boolean(metadata={"description": "consent to appear to others"})
    contact_sharing = fields.Boolean(metadata={
        "description": "consent to reveal email/phone to the other end of every completed "
                       "introduction (without it, asked per introduction: share_contacts)"})
    email = fields.Email(allow_none=True)
    phone = fields.String(allow_none=True, validate=PHONE)
    website = fields.String(allow_none=True, validate=[validate.Length(max=2000), WEBSITE],
                            metadata={"format": "uri", "description": "http(s) address"})
    legal_form = fields.Enum(LegalForm, by_value=True, allow_none=True)
    koinsep_category = fields.Enum(KoinsepCategory, by_value=True, allow_none=True)
    stage = fields.Enum(Stage, by_value=True, allow_none=True)
    members = fields.Integer(strict=True, allow_none=True, validate=COUNT)
    funding_sought = fields.Integer(strict=True, allow_none=True, validate=COUNT,
                                    metadata={"description": "euros"})
    instruments = unique_list(fields.Enum(Instrument, by_value=True), allow_none=True)
    ticket_min = fields.Integer(strict=True, allow_none=True, validate=COUNT)
    ticket_max = fields.Integer(strict=True, allow_none=True, validate=COUNT)
    organisation_type = fields.String(allow_none=True, validate=validate.Length(max=50))
    level = fields.Enum(PolicyLevel, by_value=True, allow_none=True)
    jurisdiction = region_field(allow_none=True)
    policy_areas = unique_list(sector_field(), allow_none=True)


class StakeholderPatchSchema(StakeholderInputSchema):
    """Any subset of the input fields; ``null`` empties an optional field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


class StakeholderSchema(StakeholderInputSchema):
    """A stakeholder as the API returns it."""

    id = fields.String(dump_only=True)
    discoverable_at = fields.DateTime(dump_only=True, allow_none=True)
    contact_sharing_at = fields.DateTime(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    labels = Labels(stakeholder_labels, metadata={
        "description": "the labels of its codes in the answer's language, by field, then by "
                       "code: {\"sectors\": {\"agrifood\": \"Αγροδιατροφή\"}}"})


StakeholderPageSchema = page_schema(StakeholderSchema, "StakeholderPage")


class StakeholderQuerySchema(PageQuerySchema):
    kind = fields.Enum(Kind, by_value=True)
    region = region_filter_field(metadata={
        "description": "a NUTS code in any case (el303), or a Greek region's name in Greek, "
                       "Greeklish or English (Αττική, attiki, Attica); its sub-regions match "
                       "too"})
    sector = sector_field()
    need = topic_field()
    offer = topic_field()
    language = language_field()
    q = fields.String(validate=validate.Length(1, MAX_QUERY_LENGTH), metadata={
        "description": "words to find, in any order, in Greek or Greeklish; case, accents and "
                       "punctuation are ignored (see docs/search.md)"})
    discoverable = fields.Boolean(metadata={"description": "true: only those who consent"})
    order = fields.Enum(StakeholderOrder, by_value=True, load_default=StakeholderOrder.NAME)


class NeighbourhoodQuerySchema(Schema):
    depth = fields.Integer(load_default=1, validate=validate.Range(1, 3))
    limit = fields.Integer(load_default=200, validate=validate.Range(1, 1000))


class NeighbourSchema(Schema):
    id = fields.String()
    kind = fields.String()
    name = fields.String()
    region = fields.String()
    distance = fields.Integer()


class TieSummarySchema(Schema):
    id = fields.String()
    type = fields.String()
    source = fields.String()
    target = fields.String()
    since = fields.Date()
    weight = fields.Float()


class NeighbourhoodSchema(Schema):
    center = fields.String()
    depth = fields.Integer()
    stakeholders = fields.List(fields.Nested(NeighbourSchema))
    ties = fields.List(fields.Nested(TieSummarySchema))
    truncated = fields.Boolean()


class AuditEntrySchema(Schema):
    id = fields.String()
    at = fields.DateTime()
    actor_id = fields.String(allow_none=True)
    action = fields.String()
    object_type = fields.String()
    object_id = fields.String()
    region = fields.String(allow_none=True)
    from_state = fields.String(allow_none=True)
    to_state = fields.String(allow_none=True)
    changed_fields = fields.List(fields.String(), attribute="fields", data_key="fields",
                                 metadata={"description": "names of the changed fields"})


class MemberSchema(Schema):
    id = fields.Function(lambda member: member[0])
    username = fields.Function(lambda member: member[1])


class IntroductionRecordSchema(Schema):
    id = fields.String()
    requester_id = fields.String()
    target_id = fields.String()
    broker_id = fields.String(allow_none=True)
    purpose = fields.String(attribute="purpose.value")
    message = fields.String()
    state = fields.String(attribute="state.value")
    created_at = fields.DateTime()
    state_changed_at = fields.DateTime()
    contacts_shared_by = fields.List(fields.String(), metadata={
        "description": "the ends that agreed, for this request, to share their contacts"})


class StakeholderRecordSchema(Schema):
    """Everything held about one stakeholder (its right of access)."""

    stakeholder = fields.Nested(StakeholderSchema)
    ties = fields.List(fields.Nested(TieSchema))
    members = fields.List(fields.Nested(MemberSchema))
    audit = fields.List(fields.Nested(AuditEntrySchema))
    introductions = fields.List(fields.Nested(IntroductionRecordSchema), metadata={
        "description": "the introduction requests it asked for, brokers or received"})
    blocks = fields.List(fields.Nested(BlockSchema))
    mentorships = fields.List(fields.Nested(MentorshipRecordSchema), metadata={
        "description": "the mentorships it is the mentee or the mentor of"})
    sessions = fields.List(fields.Nested(SessionRecordSchema), metadata={
        "description": "the sessions of those mentorships, notes included"})
