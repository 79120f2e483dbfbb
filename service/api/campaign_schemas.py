"""The schemas of matchfunding: campaigns, pools, pledges. Sums of euros are decimals with two
decimals at most, sent as numbers or strings and answered as strings (exact)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph_models.domain.campaigns import MAX_AMOUNT, MAX_RATIO, CampaignState, MatchState
from graph_models.domain.campaigns import PledgeState as PledgeStateEnum
from graph_models.domain.stakeholders import Instrument, LegalForm
from service.api.common import region_field, sector_field
from service.i18n.locale import N_

EUROS = validate.Range(min=0, min_inclusive=False, max=MAX_AMOUNT,
                       error=N_("more than 0 and at most 10000000"))


def euros_field(**kwargs):
    """A sum of euros: more than 0, two decimals at most (the domain refuses more)."""
    return fields.Decimal(validate=EUROS, **kwargs)


class RewardSchema(Schema):
    minimum = euros_field(required=True, metadata={"description": "the least pledge it takes"})
    description = fields.String(required=True, validate=validate.Length(1, 500))


class RewardOutSchema(Schema):
    minimum = fields.Decimal(as_string=True)
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
    pledged = fields.Decimal(as_string=True)
    matched = fields.Decimal(as_string=True)
    raised = fields.Decimal(as_string=True, metadata={"description": "pledged + matched"})
    pledges = fields.Integer()


class CampaignSchema(Schema):
    id = fields.String()
    stakeholder_id = fields.String()
    stakeholder_name = fields.String()
    title = fields.String()
    description = fields.String()
    minimum = fields.Decimal(as_string=True)
    optimum = fields.Decimal(as_string=True)
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
        min=0, min_inclusive=False, max=MAX_RATIO), metadata={
            "description": "euros added per euro pledged (default 1)"})
    per_pledge_cap = euros_field(load_default=None)
    per_project_cap = euros_field(load_default=None)
    target_share = fields.Decimal(load_default=None, validate=validate.Range(
        min=0, min_inclusive=False, max=1), metadata={
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
    cap = fields.Decimal(as_string=True)
    used = fields.Decimal(as_string=True, metadata={"description": "live matches"})
    left = fields.Decimal(as_string=True)
    deadline = fields.DateTime()
    ratio = fields.Decimal(as_string=True)
    per_pledge_cap = fields.Decimal(as_string=True, allow_none=True)
    per_project_cap = fields.Decimal(as_string=True, allow_none=True)
    target_share = fields.Decimal(as_string=True, allow_none=True)
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
    amount = fields.Decimal(as_string=True)
    state = fields.Enum(MatchState, by_value=True)


class PledgeSchema(Schema):
    id = fields.String()
    campaign_id = fields.String()
    amount = fields.Decimal(as_string=True)
    at = fields.DateTime()
    state = fields.Enum(PledgeStateEnum, by_value=True)
    stakeholder_id = fields.String(allow_none=True, metadata={
        "description": "the pledging stakeholder; none for a pledge by e-mail"})
    matches = fields.List(fields.Nested(PoolMatchSchema))
