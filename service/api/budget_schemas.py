"""Marshmallow schemas for participatory budgets: processes, projects, ballots, results and
pabulib files."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph_models.domain.budgets import (
    MAX_LIST,
    MAX_NAME,
    MAX_TEXT,
    BallotType,
    Execution,
    OutcomeRule,
    Phase,
    Review,
)
from service.api.common import PageQuerySchema, page_schema, region_field
from service.api.mentorship_schemas import revision_field

ID = dict(validate=validate.Length(1, 100))
EUROS = dict(strict=True, validate=validate.Range(1, 10**12),
             metadata={"description": "whole euros"})
WORD = fields.String(validate=validate.Length(1, 100))


def _enum(enum, **kwargs):
    return fields.Enum(enum, by_value=True, **kwargs)


def _limit(minimum: int = 1, **kwargs):
    return fields.Integer(strict=True, load_default=None, allow_none=True,
                          validate=validate.Range(minimum, 10**12), **kwargs)


# -- processes ----------------------------------------------------------------------------------

class BallotRulesSchema(Schema):
    min_projects = _limit(0)
    max_projects = _limit()
    max_cost = _limit(metadata={"description": "euros the approved projects may cost in all"})
    max_points_per_project = _limit()
    max_points = _limit(metadata={"description": "points in all (cumulative ballots)"})


class ProcessInputSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, MAX_NAME))
    description = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    region = region_field(required=True, metadata={
        "description": "the territory's NUTS code; one of the coordinator's"})
    budget = fields.Integer(required=True, **EUROS)
    fund_id = fields.String(required=True, **ID, metadata={
        "description": "the policymaker stakeholder whose money it is"})
    ballot_type = _enum(BallotType, load_default=BallotType.APPROVAL, metadata={
        "description": "ordinal ballots rank projects and are counted by Borda scores"})
    rule = _enum(OutcomeRule, load_default=OutcomeRule.EQUAL_SHARES, metadata={
        "description": "phragmen counts approval ballots only"})
    rules = fields.Nested(BallotRulesSchema, load_default=dict)


class ProcessQuerySchema(PageQuerySchema):
    phase = _enum(Phase, load_default=None)
    region = region_field(load_default=None, metadata={
        "description": "processes of this territory and those within it"})


class ProcessSchema(Schema):
    id = fields.String()
    name = fields.String()
    description = fields.String()
    region = fields.String()
    budget = fields.Integer()
    fund_id = fields.String()
    ballot_type = _enum(BallotType)
    rule = _enum(OutcomeRule)
    rules = fields.Nested(BallotRulesSchema)
    phase = _enum(Phase)
    next_phase = fields.Function(lambda p: p.next_phase() and p.next_phase().value,
                                 metadata={"description": "null after execution"})
    phase_dates = fields.Dict(keys=fields.String(), values=fields.DateTime(),
                              metadata={"description": "when each phase was opened"})
    created_at = fields.DateTime()
    revision = fields.Integer()
    has_results = fields.Function(lambda p: p.results is not None)


ProcessPageSchema = page_schema(ProcessSchema, "BudgetProcessPage")


class PhaseInputSchema(Schema):
    phase = _enum(Phase, required=True, metadata={"description": "the next phase only"})
    revision = revision_field()


# -- projects -----------------------------------------------------------------------------------

class ProjectInputSchema(Schema):
    proposer_id = fields.String(required=True, **ID, metadata={
        "description": "an entrepreneur of the territory that you are a member of"})
    title = fields.String(required=True, validate=validate.Length(1, MAX_NAME))
    cost = fields.Integer(required=True, **EUROS)
    description = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    categories = fields.List(WORD, load_default=list, validate=validate.Length(max=MAX_LIST))
    targets = fields.List(WORD, load_default=list, validate=validate.Length(max=MAX_LIST))


class ProjectSchema(Schema):
    id = fields.String()
    process_id = fields.String()
    title = fields.String()
    cost = fields.Integer()
    description = fields.String()
    categories = fields.List(fields.String())
    targets = fields.List(fields.String())
    proposer_id = fields.String(allow_none=True)
    review = _enum(Review)
    review_reason = fields.String()
    funded = fields.Boolean()
    tie_id = fields.String(allow_none=True)
    execution = _enum(Execution, allow_none=True)
    progress = fields.Integer()
    notes = fields.String()
    created_at = fields.DateTime()
    revision = fields.Integer()


class ReviewInputSchema(Schema):
    eligible = fields.Boolean(required=True)
    reason = fields.String(load_default="", validate=validate.Length(max=2000), metadata={
        "description": "why; needed when not eligible"})
    revision = revision_field()


class ExecutionInputSchema(Schema):
    execution = _enum(Execution, load_default=None)
    progress = fields.Integer(strict=True, load_default=None, validate=validate.Range(0, 100),
                              metadata={"description": "per cent; 100 once completed"})
    notes = fields.String(load_default=None, validate=validate.Length(max=MAX_TEXT))
    revision = revision_field()


# -- ballots and results ------------------------------------------------------------------------

class BallotInputSchema(Schema):
    projects = fields.List(fields.String(**ID), required=True,
                           validate=validate.Length(max=1_000), metadata={
                               "description": "the projects chosen; on ordinal ballots the "
                                              "ranking, the most preferred first"})
    points = fields.List(fields.Integer(strict=True, validate=validate.Range(0, 10**9)),
                         load_default=None, validate=validate.Length(max=1_000), metadata={
                             "description": "cumulative ballots: the points of each project, "
                                            "in the order of projects"})


class BallotSchema(Schema):
    process_id = fields.String()
    projects = fields.List(fields.String())
    points = fields.List(fields.Integer(), allow_none=True)
    cast_at = fields.DateTime()


class VerdictSchema(Schema):
    project_id = fields.String()
    title = fields.String()
    cost = fields.Integer()
    funded = fields.Boolean()
    reason = fields.String(metadata={"description": "the rule's reason code"})
    votes = fields.Integer(metadata={"description": "ballots that chose (or ranked) it"})
    score = fields.Float(metadata={
        "description": "the votes again on approval ballots, the points on cumulative ones, "
                       "the Borda points on ordinal ones"})
    rank = fields.Integer()
    explanation = fields.String(metadata={"description": "why, in the answer's language"})


class ShareSchema(Schema):
    share = fields.Float(metadata={"description": "euros of the budget that were yours"})
    paid = fields.Float(metadata={"description": "euros of it that paid for your projects"})
    funded = fields.Integer(metadata={"description": "projects you voted for that won"})
    explanation = fields.String()


class BudgetResultsSchema(Schema):
    process_id = fields.String()
    rule = _enum(OutcomeRule)
    funded = fields.List(fields.String(), metadata={"description": "in the order chosen"})
    cost = fields.Integer()
    voters = fields.Integer()
    computed_at = fields.DateTime()
    projects = fields.List(fields.Nested(VerdictSchema))
    my_share = fields.Nested(ShareSchema, allow_none=True, metadata={
        "description": "yours only; null if you did not vote"})


class ImportFormSchema(Schema):
    region = region_field(required=True)
    fund_id = fields.String(required=True, **ID)
    name = fields.String(load_default=None, validate=validate.Length(1, MAX_NAME))
    rule = _enum(OutcomeRule, load_default=OutcomeRule.EQUAL_SHARES)


class ImportFileSchema(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})
