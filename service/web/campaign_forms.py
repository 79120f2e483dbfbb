"""The forms of the matchfunding pages: the API's schemas, with a day for a deadline (the end
of that day in Greek time) and the choices a page offers."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from marshmallow import Schema, fields, validate

from graph_models.domain.stakeholders import Instrument
from service.api.campaign_schemas import (
    CampaignInputSchema,
    PledgeInputSchema,
    PoolInputSchema,
    PublicPledgeInputSchema,
)

ATHENS = ZoneInfo("Europe/Athens")


def end_of(day: date) -> datetime:
    """The last second of ``day`` in Greek time: a deadline written as a day."""
    return datetime.combine(day, time(23, 59, 59), ATHENS)


class LaunchForm(CampaignInputSchema):
    deadline = fields.Date(required=True)
    rewards = fields.Constant([])


class PoolForm(PoolInputSchema):
    deadline = fields.Date(required=True)
    instrument = fields.Enum(Instrument, by_value=True, load_default=Instrument.GRANT)


class PledgeForm(PledgeInputSchema):
    pass


class PublicPledgeForm(PublicPledgeInputSchema):
    pass


class ConfirmForm(Schema):
    confirm = fields.String(validate=validate.Equal("yes"), load_default="yes")
