"""Marshmallow schemas for mentorship programmes, their proposals, mentorships, sessions,
reports and peer-learning circles."""

from __future__ import annotations

from marshmallow import Schema, fields, post_load, validate

from graph_models.domain.mentorships import CancelReason, MentorshipState, Party, RatingMoment, Step
from graph_models.domain.programmes import MentorEnrolment, ProgrammeState, UnplacedReason
from graph_models.use_cases.mentorships import MAX_NOTES_LENGTH
from graph_models.use_cases.programme_drafts import Edit
from graph_models.use_cases.programmes import (
    DEFAULT_CANDIDATES,
    MAX_CANDIDATES,
    MAX_CIRCLE,
    MAX_ENROLMENT,
    MAX_NAME_LENGTH,
    METHODS,
)
from service.api.common import Labels, PageQuerySchema, page_schema, region_field, topic_field
from service.api.match_schemas import ConnectionSchema, ScoreTermSchema, SummarySchema
from service.i18n.labels import field_labels, labels

ID = dict(validate=validate.Length(1, 100))
IDS = dict(validate=validate.Length(max=MAX_ENROLMENT))
REVISION = "the revision you saw: 409 if it has changed since"
LABELS = "the labels of its codes in the answer's language, by field then by code"
# The fields that hold codes, and the vocabulary of each.
PROGRAMME_CODES = {"state": "programme_state", "region": "region", "topics": "topic"}
MENTORSHIP_CODES = {"state": "mentorship_state", "cancel_reason": "cancel_reason",
                    "region": "region"}
CIRCLE_CODES = {"region": "region", "languages": "language", "sectors": "sector"}


def mentorship_labels(view) -> dict[str, dict[str, str]]:
    """The labels of a mentorship's codes, and under ``ratings`` those of its ratings' moments
    (a rating itself stays as stored, as a stakeholder's export gives it)."""
    out = field_labels(view.mentorship, MENTORSHIP_CODES)
    if view.ratings:
        out["ratings"] = labels("rating_moment", dict.fromkeys(r.moment for r in view.ratings))
    return out


def labels_field(labels_of, fields_named: str) -> Labels:
    """A ``labels`` field computed by ``labels_of``, documented as labelling ``fields_named``."""
    return Labels(labels_of, metadata={"description": f"{LABELS} ({fields_named})"})


def revision_field():
    """The optional revision a client saw, for a compare-and-set write."""
    return fields.Integer(strict=True, load_default=None, allow_none=True,
                          validate=validate.Range(0), metadata={"description": REVISION})


REGION_LEVEL = dict(validate=validate.Range(0, 3), metadata={
    "description": "0 country, 1 NUTS-1, 2 NUTS-2, 3 NUTS-3"})


# -- programmes ---------------------------------------------------------------------------------

class ProgrammeInputSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, MAX_NAME_LENGTH))
    region = region_field(required=True, metadata={
        "description": "a NUTS code; a coordinator's must lie in its territories"})
    topics = fields.List(topic_field(), load_default=list, validate=validate.Length(max=50))
    starts_on = fields.Date(required=True, metadata={
        "description": "enrolled mentors must be available on this day"})
    ends_on = fields.Date(load_default=None, allow_none=True)
    shared_language = fields.Boolean(load_default=True, metadata={
        "description": "mentee and mentor must share a language"})
    region_level = fields.Integer(strict=True, load_default=None, allow_none=True, **REGION_LEVEL)


class ProgrammeQuerySchema(PageQuerySchema):
    pass


class ProgrammeReadQuerySchema(Schema):
    explain = fields.Boolean(load_default=False, metadata={
        "description": "explain each pair of the proposal term by term"})


class MentorEnrolmentSchema(Schema):
    id = fields.String(required=True, **ID)
    capacity = fields.Integer(strict=True, load_default=None, allow_none=True,
                              validate=validate.Range(1, 1000), metadata={
                                  "description": "mentees at once in this programme (default: "
                                                 "the stakeholder's capacity left)"})
    available_from = fields.Date(load_default=None, allow_none=True)
    available_until = fields.Date(load_default=None, allow_none=True)

    @post_load
    def enrolment(self, data: dict, **kwargs) -> MentorEnrolment:
        """The enrolment the use case takes."""
        return MentorEnrolment(**data)


class PairInputSchema(Schema):
    mentee_id = fields.String(required=True, **ID)
    mentor_id = fields.String(required=True, **ID)

    @post_load
    def pair(self, data: dict, **kwargs) -> tuple[str, str]:
        """The (mentee id, mentor id) pair the use case takes."""
        return data["mentee_id"], data["mentor_id"]


class EnrolmentInputSchema(Schema):
    mentees = fields.List(fields.String(**ID), load_default=list, **IDS,
                          metadata={"description": "entrepreneurs to enrol"})
    mentors = fields.List(fields.Nested(MentorEnrolmentSchema), load_default=list, **IDS)
    remove = fields.List(fields.String(**ID), load_default=list, **IDS,
                         metadata={"description": "mentees or mentors to take out"})
    exclude = fields.List(fields.Nested(PairInputSchema), load_default=list, **IDS, metadata={
        "description": "pairs never to propose (a conflict of interest, a past falling-out)"})
    revision = revision_field()


class ProposalInputSchema(Schema):
    method = fields.String(load_default="optimal", validate=validate.OneOf(METHODS), metadata={
        "description": "optimal: most placements, then best total score; stable: "
                       "mentee-proposing deferred acceptance"})
    candidates = fields.Integer(strict=True, load_default=DEFAULT_CANDIDATES,
                                validate=validate.Range(1, MAX_CANDIDATES),
                                metadata={"description": "best mentors considered per mentee"})
    revision = revision_field()


class EditInputSchema(Schema):
    action = fields.Enum(Edit, by_value=True, required=True, metadata={
        "description": "swap (mentee_id, other_mentee_id), place (mentee_id, mentor_id), "
                       "remove, pin or unpin (mentee_id)"})
    mentee_id = fields.String(required=True, **ID)
    mentor_id = fields.String(load_default=None, allow_none=True, **ID)
    other_mentee_id = fields.String(load_default=None, allow_none=True, **ID)
    revision = revision_field()


class PublishInputSchema(Schema):
    revision = revision_field()


class ExplanationSchema(Schema):
    score = fields.Float(metadata={"description": "0 to 100"})
    terms = fields.List(fields.Nested(ScoreTermSchema))
    connections = fields.List(fields.Nested(ConnectionSchema))


class ProposalPairSchema(Schema):
    mentee_id = fields.String(attribute="pair.mentee_id")
    mentor_id = fields.String(attribute="pair.mentor_id")
    score = fields.Float(attribute="pair.score", allow_none=True)
    pinned = fields.Boolean(attribute="pair.pinned")
    mentee = fields.Nested(SummarySchema, allow_none=True)
    mentor = fields.Nested(SummarySchema, allow_none=True)
    explanation = fields.Nested(ExplanationSchema, attribute="match", allow_none=True)


class UnplacedSchema(Schema):
    mentee_id = fields.String()
    reason = fields.Enum(UnplacedReason, by_value=True)
    detail = fields.String()
    labels = labels_field(lambda unplaced: field_labels(unplaced, {"reason": "unplaced_reason"}),
                          "reason")


class ProposalSchema(Schema):
    method = fields.String(attribute="draft.method")
    made_at = fields.DateTime(attribute="draft.made_at")
    edits = fields.Integer(attribute="draft.edits")
    quality = fields.Float(attribute="draft.quality", metadata={
        "description": "the sum of the pairs' scores"})
    pairs = fields.List(fields.Nested(ProposalPairSchema))
    unplaced = fields.List(fields.Nested(UnplacedSchema), attribute="draft.unplaced")
    labels = labels_field(lambda view: field_labels(view.draft, {"method": "proposal_method"}),
                          "method")


class MentorLoadSchema(Schema):
    mentor_id = fields.String()
    capacity = fields.Integer(allow_none=True)
    placed = fields.Integer(metadata={"description": "pairs of the proposal"})


class ExcludedPairSchema(Schema):
    mentee_id = fields.Function(lambda pair: pair[0])
    mentor_id = fields.Function(lambda pair: pair[1])


class ProgrammeSchema(Schema):
    id = fields.String(attribute="programme.id")
    name = fields.String(attribute="programme.name")
    region = fields.String(attribute="programme.region")
    topics = fields.List(fields.String(), attribute="programme.topics")
    starts_on = fields.Date(attribute="programme.starts_on")
    ends_on = fields.Date(attribute="programme.ends_on", allow_none=True)
    shared_language = fields.Boolean(attribute="programme.shared_language")
    region_level = fields.Integer(attribute="programme.region_level", allow_none=True)
    state = fields.Enum(ProgrammeState, by_value=True, attribute="programme.state")
    revision = fields.Integer(attribute="programme.revision")
    created_at = fields.DateTime(attribute="programme.created_at")
    updated_at = fields.DateTime(attribute="programme.updated_at")
    published_at = fields.DateTime(attribute="programme.published_at", allow_none=True)
    mentee_ids = fields.List(fields.String(), attribute="programme.mentee_ids")
    mentors = fields.List(fields.Nested(MentorEnrolmentSchema), attribute="programme.mentors")
    excluded = fields.List(fields.Nested(ExcludedPairSchema), attribute="programme.excluded",
                           metadata={"description": "pairs never proposed again"})
    loads = fields.List(fields.Nested(MentorLoadSchema))
    proposal = fields.Nested(ProposalSchema, allow_none=True)
    mentorships = fields.Integer(metadata={"description": "made by publishing"})
    labels = labels_field(lambda view: field_labels(view.programme, PROGRAMME_CODES),
                          "state, region, topics")


ProgrammePageSchema = page_schema(ProgrammeSchema, "ProgrammePage")


# -- the report ---------------------------------------------------------------------------------

def _pairs(name: str):
    return lambda view: dict(getattr(view.report, name))


class LoadDistributionSchema(Schema):
    mentors = fields.Integer()
    mean = fields.Float()
    max = fields.Integer()
    histogram = fields.Function(lambda load: [{"load": k, "mentors": n}
                                              for k, n in load.histogram],
                                metadata={"description": "[{load, mentors}] by load"})
    utilisation = fields.Float(allow_none=True)
    over_capacity = fields.List(fields.String())


class ProgrammeReportSchema(Schema):
    programme_id = fields.String()
    mentees = fields.Integer(attribute="report.mentees")
    placed = fields.Integer(attribute="report.placed")
    placement_rate = fields.Float(attribute="report.placement_rate", allow_none=True)
    states = fields.Function(_pairs("states"), metadata={
        "description": "mentorships by state"})
    acceptance_rate = fields.Float(attribute="report.acceptance_rate", allow_none=True)
    completion_rate = fields.Float(attribute="report.completion_rate", allow_none=True)
    mentor_load = fields.Nested(LoadDistributionSchema, attribute="report.mentor_load")
    ratings = fields.Integer(attribute="report.ratings")
    average_rating = fields.Float(attribute="report.average_rating", allow_none=True)
    average_by_side = fields.Function(_pairs("average_by_side"))
    average_by_moment = fields.Function(_pairs("average_by_moment"))
    new_ties = fields.Integer(attribute="report.new_ties", metadata={
        "description": "accepted pairs that had no tie before the programme was published"})
    labels = labels_field(lambda view: {
        "states": labels("mentorship_state", (state for state, _ in view.report.states)),
        "average_by_moment": labels("rating_moment",
                                    (moment for moment, _ in view.report.average_by_moment))},
        "the keys of states and average_by_moment")


# -- circles ------------------------------------------------------------------------------------

class CirclesInputSchema(Schema):
    members = fields.List(fields.String(**ID), required=True,
                          validate=validate.Length(2, MAX_ENROLMENT),
                          metadata={"description": "entrepreneurs' ids"})
    min_size = fields.Integer(strict=True, load_default=4, validate=validate.Range(2, MAX_CIRCLE))
    max_size = fields.Integer(strict=True, load_default=8, validate=validate.Range(2, MAX_CIRCLE))
    region_level = fields.Integer(strict=True, load_default=2, **REGION_LEVEL)
    seed = fields.Integer(strict=True, load_default=0, validate=validate.Range(0, 2**31 - 1))


class ExchangeSchema(Schema):
    offerer = fields.String()
    needer = fields.String()
    topic = fields.String()


class CircleSchema(Schema):
    members = fields.List(fields.String())
    region = fields.String(allow_none=True, metadata={"description": "shared by every member"})
    languages = fields.List(fields.String(), metadata={"description": "spoken by every member"})
    sectors = fields.List(fields.String())
    exchanges = fields.List(fields.Nested(ExchangeSchema), metadata={
        "description": "what members can learn from each other: offers meeting needs"})
    connected_pairs = fields.Integer(metadata={"description": "pairs already tied"})
    pairs = fields.Integer()
    score = fields.Float()
    labels = labels_field(lambda circle: field_labels(circle, CIRCLE_CODES),
                          "region, languages, sectors")


class CirclePlanSchema(Schema):
    circles = fields.List(fields.Nested(CircleSchema))
    unplaced = fields.List(fields.String())
    objective = fields.Float()


# -- mentorships --------------------------------------------------------------------------------

class MentorshipQuerySchema(PageQuerySchema):
    programme_id = fields.String(load_default=None, **ID)
    state = fields.List(fields.Enum(MentorshipState, by_value=True), load_default=None)


class RatingSchema(Schema):
    by = fields.String(metadata={"description": "the mentee's or the mentor's id"})
    score = fields.Integer()
    moment = fields.Enum(RatingMoment, by_value=True)
    on = fields.Date()


class MentorshipActionSchema(Schema):
    action = fields.Enum(Step, by_value=True, required=True, validate=validate.OneOf(
        [s for s in Step if s != Step.LOG_SESSION]), metadata={
        "description": "accept, start, check_in, complete, rate or cancel"})
    reason = fields.Enum(CancelReason, by_value=True, load_default=None, allow_none=True,
                         metadata={"description": "required to cancel"})
    rating = fields.Integer(strict=True, load_default=None, allow_none=True,
                            validate=validate.Range(1, 5), metadata={
                                "description": "the fit, 1–5: required to check in or rate, "
                                               "optional to complete"})
    revision = revision_field()


class MentorshipSchema(Schema):
    id = fields.String(attribute="mentorship.id")
    programme_id = fields.String(attribute="mentorship.programme_id")
    programme_name = fields.String()
    state = fields.Enum(MentorshipState, by_value=True, attribute="mentorship.state")
    region = fields.String(attribute="mentorship.region")
    score = fields.Float(attribute="mentorship.score", allow_none=True)
    revision = fields.Integer(attribute="mentorship.revision")
    created_at = fields.DateTime(attribute="mentorship.created_at")
    state_changed_at = fields.DateTime(attribute="mentorship.state_changed_at")
    mentee_accepted_at = fields.DateTime(attribute="mentorship.mentee_accepted_at",
                                         allow_none=True)
    mentor_accepted_at = fields.DateTime(attribute="mentorship.mentor_accepted_at",
                                         allow_none=True)
    accepted_on = fields.Date(attribute="mentorship.accepted_on", allow_none=True)
    started_on = fields.Date(attribute="mentorship.started_on", allow_none=True)
    ended_on = fields.Date(attribute="mentorship.ended_on", allow_none=True)
    cancel_reason = fields.Enum(CancelReason, by_value=True, allow_none=True,
                                attribute="mentorship.cancel_reason")
    cancelled_by = fields.Enum(Party, by_value=True, allow_none=True,
                               attribute="mentorship.cancelled_by")
    ratings = fields.List(fields.Nested(RatingSchema), metadata={
        "description": "a side reads its own ratings; the programme's coordinators all"})
    tie_id = fields.String(attribute="mentorship.tie_id", allow_none=True, metadata={
        "description": "the MENTORS tie of a completed mentorship"})
    mentee = fields.Nested(SummarySchema)
    mentor = fields.Nested(SummarySchema)
    your_parts = fields.List(fields.Enum(Party, by_value=True), attribute="parties",
                             metadata={"description": "how you stand to the mentorship"})
    your_actions = fields.List(fields.Enum(Step, by_value=True), attribute="steps",
                               metadata={"description": "the actions you may take now "
                                                        "(log_session: POST …/sessions)"})
    labels = labels_field(lambda view: mentorship_labels(view), "state, cancel_reason, "
                          "region; ratings: the moments of its ratings")


MentorshipPageSchema = page_schema(MentorshipSchema, "MentorshipPage")


class MentorshipSessionInputSchema(Schema):
    on = fields.Date(required=True, metadata={"description": "the day it took place"})
    topics = fields.List(topic_field(), load_default=list, validate=validate.Length(max=20))
    notes = fields.String(load_default="", validate=validate.Length(max=MAX_NOTES_LENGTH),
                          metadata={"description": "for the pair alone"})


class MentorshipSessionSchema(Schema):
    id = fields.String(attribute="session.id")
    on = fields.Date(attribute="session.on")
    topics = fields.List(fields.String(), attribute="session.topics")
    logged_by = fields.String(attribute="session.logged_by", allow_none=True)
    logged_at = fields.DateTime(attribute="session.logged_at")
    notes = fields.String(allow_none=True, metadata={
        "description": "null for whoever is not of the pair"})
    labels = labels_field(lambda view: field_labels(view.session, {"topics": "topic"}),
                          "topics")


# -- a stakeholder's right of access ------------------------------------------------------------

class MentorshipRecordSchema(Schema):
    """A mentorship as stored."""

    id = fields.String()
    programme_id = fields.String()
    mentee_id = fields.String()
    mentor_id = fields.String()
    region = fields.String()
    score = fields.Float(allow_none=True)
    state = fields.Enum(MentorshipState, by_value=True)
    revision = fields.Integer()
    created_at = fields.DateTime()
    state_changed_at = fields.DateTime()
    mentee_accepted_at = fields.DateTime(allow_none=True)
    mentor_accepted_at = fields.DateTime(allow_none=True)
    accepted_on = fields.Date(allow_none=True)
    started_on = fields.Date(allow_none=True)
    ended_on = fields.Date(allow_none=True)
    cancel_reason = fields.Enum(CancelReason, by_value=True, allow_none=True)
    cancelled_by = fields.Enum(Party, by_value=True, allow_none=True)
    ratings = fields.List(fields.Nested(RatingSchema))
    tie_id = fields.String(allow_none=True)


class SessionRecordSchema(Schema):
    """A session as stored."""

    id = fields.String()
    mentorship_id = fields.String()
    on = fields.Date()
    topics = fields.List(fields.String())
    notes = fields.String()
    logged_by = fields.String(allow_none=True)
    logged_at = fields.DateTime()
