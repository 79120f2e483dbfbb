"""The forms of the programme and mentorship pages: the API's schemas, read from a posted form.

A form sends every value as text, so where an API schema wants a JSON integer (``strict``)
these take its text; what is checked is otherwise the API's, rule for rule.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph_models.use_cases.programme_people import MAX_CAPACITY
from graph_models.use_cases.programmes import DEFAULT_CANDIDATES, MAX_CANDIDATES
from service.api.mentorship_schemas import (
    ID,
    REGION_LEVEL,
    EditInputSchema,
    MentorshipActionSchema,
    ProgrammeInputSchema,
    ProposalInputSchema,
    PublishInputSchema,
)
from service.api.mentorship_schemas import MentorshipSessionInputSchema as SessionForm


def revision_field():
    """The revision of what the page showed: a change made since refuses the form."""
    return fields.Integer(load_default=None, validate=validate.Range(0))


class ProgrammeForm(ProgrammeInputSchema):
    region_level = fields.Integer(load_default=None, **REGION_LEVEL)


class EnrolForm(Schema):
    """One stakeholder enrolled as a mentee or a mentor (with the places it offers here),
    or taken out."""

    mentee = fields.String(load_default=None, **ID)
    mentor = fields.String(load_default=None, **ID)
    capacity = fields.Integer(load_default=None, validate=validate.Range(1, MAX_CAPACITY))
    remove = fields.String(load_default=None, **ID)
    revision = revision_field()


class ProposalForm(ProposalInputSchema):
    candidates = fields.Integer(load_default=DEFAULT_CANDIDATES,
                                validate=validate.Range(1, MAX_CANDIDATES))
    revision = revision_field()


# The forms of a programme's page that edit its proposal: a swap, a placing, and the buttons
# of one pair (remove, pin, unpin).
EDIT_FORMS = ("swap", "place", "pair")


class EditForm(EditInputSchema):
    form = fields.String(load_default="pair", validate=validate.OneOf(EDIT_FORMS))
    revision = revision_field()


class PublishForm(PublishInputSchema):
    revision = revision_field()


class StepForm(MentorshipActionSchema):
    rating = fields.Integer(load_default=None, validate=validate.Range(1, 5))
    revision = revision_field()


__all__ = ["EDIT_FORMS", "EditForm", "EnrolForm", "ProgrammeForm", "ProposalForm", "PublishForm",
           "SessionForm", "StepForm"]
