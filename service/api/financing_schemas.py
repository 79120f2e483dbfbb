"""Marshmallow schemas of a stakeholder's financing opportunities: the query and the answer,
each reason and term in the answer's language with labels for codes."""

from __future__ import annotations

from marshmallow import Schema, fields

from graph_models.domain.opportunities import OpportunityKind
from service.api.campaign_schemas import money
from service.api.match_schemas import SummarySchema, Words
from service.i18n.labels import labels


class FinancingQuerySchema(Schema):
    include_closed = fields.Boolean(load_default=True, metadata={
        "description": "also name the calls and pools that one rule keeps from the "
                       "stakeholder, with that rule"})


class OpportunitySchema(Schema):
    kind = fields.Enum(OpportunityKind, by_value=True, metadata={
        "description": "a participatory budget's call for projects (`budget_process`, see "
                       "/budgets/{id}) or a matching pool (`pool`, see /pools)"})
    id = fields.String()
    name = fields.String()
    owner_id = fields.String(metadata={"description": "the process's fund, the pool's "
                                                      "investor"})
    owner_name = fields.String()
    regions = fields.List(fields.String(), metadata={
        "description": "NUTS codes of the territories it is for; empty: everywhere"})
    region_labels = fields.Function(lambda o: labels("region", o.regions), metadata={
        "description": "the regions' names in the answer's language, by code"})
    money = money(metadata={"description": "a process's budget; what is left of a pool"})
    since = fields.DateTime(allow_none=True, metadata={
        "description": "when a process's proposals opened"})
    deadline = fields.DateTime(allow_none=True, metadata={
        "description": "until when a pool matches pledges"})
    open = fields.Boolean(metadata={"description": "whether the stakeholder may use it now"})
    reasons = fields.List(Words(), metadata={
        "description": "why it is open, or the one rule that keeps it from the stakeholder"})
    terms = fields.List(Words(), metadata={"description": "what it offers, in words"})


class FinancingSchema(Schema):
    stakeholder = fields.Nested(SummarySchema)
    open = fields.List(fields.Nested(OpportunitySchema), attribute="opportunities.open", metadata={
        "description": "processes open to its proposals, newest first, then pools that would "
                       "match its campaign, in the order they match"})
    closed = fields.List(fields.Nested(OpportunitySchema), attribute="opportunities.closed")
    note = Words(attribute="opportunities.note", allow_none=True, metadata={
        "description": "why nothing is open to a stakeholder of this kind, or null"})
