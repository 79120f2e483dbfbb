"""The forms that open a participatory budget: a new process, field by field, and a pabulib
file brought in as one. Each is read like the API's request of the same use case
(``ProcessInputSchema``, ``ImportFormSchema``), from a form's text, with the territory and an
optional sub-district in place of one region and the ballot's limits as fields of their own.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from graph_models.domain.budgets import MAX_NAME, MAX_TEXT, BallotType, OutcomeRule
from graph_models.domain.vocabularies import region_contains
from service.api.budget_schemas import ID
from service.api.common import region_field
from service.i18n.locale import N_

# The ballot's limits, as the form names them (those of BallotRules).
LIMITS = ("min_projects", "max_projects", "max_cost", "max_points_per_project", "max_points")
NOT_WITHIN = N_("Choose a sub-district that lies within the territory chosen.")


def _limit(minimum: int = 1):
    return fields.Integer(load_default=None, validate=validate.Range(minimum, 10**12))


class ProcessForm(Schema):
    """A new process: what ``Budgets.create_process`` takes, its region the sub-district if
    one is chosen, else the territory."""

    name = fields.String(required=True, validate=validate.Length(1, MAX_NAME))
    description = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    region = region_field(required=True)
    sub_district = region_field(load_default=None)
    budget = fields.Integer(required=True, validate=validate.Range(1, 10**12))
    fund_id = fields.String(required=True, **ID)
    ballot_type = fields.Enum(BallotType, by_value=True, load_default=BallotType.APPROVAL)
    rule = fields.Enum(OutcomeRule, by_value=True, load_default=OutcomeRule.EQUAL_SHARES)
    min_projects = _limit(0)
    max_projects = _limit()
    max_cost = _limit()
    max_points_per_project = _limit()
    max_points = _limit()

    @validates_schema
    def _within(self, data, **kwargs):
        sub, region = data.get("sub_district"), data.get("region")
        if sub and region and (sub == region or not region_contains(region, sub)):
            raise ValidationError(NOT_WITHIN, "sub_district")

    @post_load
    def _process(self, data, **kwargs) -> dict:
        limits = {name: data.pop(name) for name in LIMITS}
        rules = {name: value for name, value in limits.items() if value is not None}
        sub = data.pop("sub_district", None)
        return {**data, "region": sub or data["region"], "rules": rules}


class ImportForm(Schema):
    """The fields beside a pabulib file: what ``BudgetFiles.import_file`` takes."""

    name = fields.String(load_default=None, validate=validate.Length(1, MAX_NAME))
    region = region_field(required=True)
    fund_id = fields.String(required=True, **ID)
    rule = fields.Enum(OutcomeRule, by_value=True, load_default=OutcomeRule.EQUAL_SHARES)
