"""The forms of the activity pages: the API's schemas, read from a posted form.

A form sends every value as text, so where an API schema wants a JSON integer (``strict``)
these take its text; a networking event's rounds are written one a line; each wish is sent as
``<stakeholder id>:<priority>`` by the select beside that registrant's name.
"""

from __future__ import annotations

from marshmallow import Schema, fields, post_load, validate

from graph_models.domain.activities import MAX_CAPACITY, MAX_SLOTS, MAX_TABLES, PRIORITIES
from service.api.activity_schemas import ID, ActivityInputSchema

WISH = r"^[0-9A-Za-z_-]{1,100}:[" + "".join(map(str, PRIORITIES)) + "]$"


class ActivityForm(ActivityInputSchema):
    capacity = fields.Integer(required=True, validate=validate.Range(1, MAX_CAPACITY))
    tables = fields.Integer(load_default=0, validate=validate.Range(0, MAX_TABLES))
    slots = fields.String(load_default="", validate=validate.Length(max=MAX_SLOTS * 41))

    @post_load
    def _rounds(self, data: dict, **_) -> dict:
        data["slots"] = [line.strip() for line in data["slots"].splitlines() if line.strip()]
        return data


class RegisterForm(Schema):
    stakeholder_id = fields.String(required=True, **ID)
    ties_consent = fields.Boolean(load_default=False)


class WishesForm(Schema):
    stakeholder_id = fields.String(required=True, **ID)
    wishes = fields.List(fields.String(validate=validate.Regexp(WISH)), load_default=list)
    available = fields.List(fields.Integer(validate=validate.Range(0, MAX_SLOTS)),
                            load_default=list)

    @post_load
    def _priorities(self, data: dict, **_) -> dict:
        data["wishes"] = {w.split(":")[0]: int(w.split(":")[1]) for w in data["wishes"]}
        return data


class AttendanceForm(Schema):
    attended = fields.List(fields.String(**ID), load_default=list)


class ButtonForm(Schema):
    """A form with nothing but its button (and its CSRF token)."""


class SwapForm(Schema):
    other_id = fields.String(required=True, **ID)


class AnswerForm(Schema):
    stakeholder_id = fields.String(required=True, **ID)
    held = fields.Boolean(required=True)
    useful = fields.Boolean(load_default=None)
