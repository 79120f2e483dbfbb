"""The schemas of matchfunding: campaigns, pools, pledges. Sums of euros are decimals with two
decimals at most, sent as numbers or strings and answered as strings (exact)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph_models.domain.campaigns import MAX_AMOUNT, MAX_RATIO, CampaignState, MatchState
from graph_models.domain.campaigns import PledgeState as PledgeStateEnum
from graph_models.domain.stakeholders import Instrument, LegalForm
from service.api.common import region_field, sector_field
from service.i18n.locale import N_

# Bounds as plain numbers, which the OpenAPI document writes as numbers (a Decimal would be
# written as text).
BOUNDS = {"minimum": 0, "maximum": int(MAX_AMOUNT)}
EUROS = validate.Range(min=0, min_inclusive=False, max=int(MAX_AMOUNT),
                       error=N_("more than 0 and at most 10000000"))


def euros_field(**kwargs):
    """A sum of euros: more than 0, two decimals at most (the domain refuses more)."""
    metadata = {**BOUNDS, **kwargs.pop("metadata", {})}
    return fields.Decimal(validate=EUROS, metadata=metadata, **kwargs)


# Answered as text, so that no sum passes through a binary float on its way to the client.
MONEY = {"type": "string", "pattern": r"^\d+\.\d{2}$", "example": "150.00"}


def money(**kwargs):
    """A sum of euros in an answer: text with two decimals."""
    metadata = {**MONEY, **kwargs.pop("metadata", {})}
    return fields.Decimal(places=2, as_string=True, metadata=metadata, **kwargs)


class RewardSchema(Schema):
    minimum = euros_field(required=True, metadata={"description": "the least pledge it takes"})
    description = fields.String(required=True, validate=validate.Length(1, 500))


class RewardOutSchema(Schema):
    minimum = money()
    description = fields.String()


class CampaignInputSchema(Schema):
    stakeholder_id = fields.String(required=True, validate=validate.Length(1, 100), metadata={
        "description": "the entrepreneur whose campaign it is (you are its member)"})
    title = fields.String(required=True, validate=validate.Length(1, 200))
    description = fields.String(load_default="", validate=validate.Length(max=10_000))
    minimum = euros_field(required=True, metadata={
        "description": "all or nothing: below this at the deadline, everything is refunded"})
    optimum = euros_field(required=True, metadata={
        "description": "the whole ask; pools stop matching once it is reached"})
    deadline = fields.AwareDateTime(required=True)
    rewards = fields.List(fields.Nested(RewardSchema), load_default=list,
                          validate=validate.Length(max=20))


class TotalsSchema(Schema):
    pledged = money()
    matched = money()
    raised = money(metadata={"description": "pledged + matched"})
    pledges = fields.Integer()


class CampaignSchema(Schema):
    id = fields.String()
    stakeholder_id = fields.String()
    stakeholder_name = fields.String()
    title = fields.String()
    description = fields.String()
    minimum = money()
    optimum = money()
    deadline = fields.DateTime()
    region = fields.String()
    rewards = fields.List(fields.Nested(RewardOutSchema))
    state = fields.Enum(CampaignState, by_value=True, metadata={
        "description": "open, closing (past its deadline, to be settled), funded or failed"})
    totals = fields.Nested(TotalsSchema, metadata={"description": "public: sums, no names"})
    created_at = fields.DateTime()


class PoolInputSchema(Schema):
    owner_id = fields.String(required=True, validate=validate.Length(1, 100), metadata={
        "description": "the investor whose money it is (you are its member)"})
    name = fields.String(required=True, validate=validate.Length(1, 200))
    cap = euros_field(required=True, metadata={"description": "the pool's whole money"})
    deadline = fields.AwareDateTime(required=True)
    ratio = fields.Decimal(load_default=None, validate=validate.Range(
        min=0, min_inclusive=False, max=int(MAX_RATIO)), metadata={
            "minimum": 0, "maximum": int(MAX_RATIO),
            "description": "euros added per euro pledged (default 1)"})
    per_pledge_cap = euros_field(load_default=None)
    per_project_cap = euros_field(load_default=None)
    target_share = fields.Decimal(load_default=None, validate=validate.Range(
        min=0, min_inclusive=False, max=1), metadata={"minimum": 0, "maximum": 1,
            "description": "the most one campaign receives, as a share of its optimum"})
    once_per_pledger = fields.Boolean(load_default=False)
    regions = fields.List(region_field(), load_default=list, validate=validate.Length(max=50),
                          metadata={"description": "NUTS prefixes; empty: everywhere"})
    sectors = fields.List(sector_field(), load_default=list, validate=validate.Length(max=50))
    legal_forms = fields.List(fields.Enum(LegalForm, by_value=True), load_default=list)
    instrument = fields.Enum(Instrument, by_value=True, load_default=Instrument.GRANT)


class PoolSchema(Schema):
    id = fields.String()
    owner_id = fields.String()
    owner_name = fields.String()
    name = fields.String()
    cap = money()
    used = money(metadata={"description": "live matches"})
    left = money()
    deadline = fields.DateTime()
    ratio = fields.Decimal(as_string=True, metadata={"type": "string", "example": "1"})
    per_pledge_cap = money(allow_none=True)
    per_project_cap = money(allow_none=True)
    target_share = fields.Decimal(as_string=True, allow_none=True,
                                  metadata={"type": "string", "example": "0.5"})
    once_per_pledger = fields.Boolean()
    regions = fields.List(fields.String())
    sectors = fields.List(fields.String())
    legal_forms = fields.List(fields.Enum(LegalForm, by_value=True))
    instrument = fields.Enum(Instrument, by_value=True)


class PledgeInputSchema(Schema):
    stakeholder_id = fields.String(required=True, validate=validate.Length(1, 100), metadata={
        "description": "the stakeholder that pledges (you are its member)"})
    amount = euros_field(required=True)


class PublicPledgeInputSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    amount = euros_field(required=True)


class PublicPledgeAskedSchema(Schema):
    emailed = fields.Boolean(metadata={
        "description": "whether the link to confirm it was mailed (it counts once confirmed)"})
    expires_at = fields.DateTime()


class ConfirmInputSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(1, 200))


class PoolMatchSchema(Schema):
    pool_id = fields.String()
    amount = money()
    state = fields.Enum(MatchState, by_value=True)


class PledgeSchema(Schema):
    id = fields.String()
    campaign_id = fields.String()
    amount = money()
    at = fields.DateTime()
    state = fields.Enum(PledgeStateEnum, by_value=True)
    stakeholder_id = fields.String(allow_none=True, metadata={
        "description": "the pledging stakeholder; none for a pledge by e-mail"})
    matches = fields.List(fields.Nested(PoolMatchSchema))
