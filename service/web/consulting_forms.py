"""The forms of the consulting pages: a questionnaire drafted from a few choices, its steps, a
respondent's answers, and a workshop's record. Each is read from a posted form and turned into
the fields the API's schemas take, so that the use cases check them alike."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph_models.domain.assessments import MAX_LINK_DAYS, MAX_PROMPT, MAX_TEXT, MAX_TITLE
from graph_models.domain.stakeholders import Kind
from service.api.common import region_field, topic_field
from service.api.consulting_schemas import PILLARS
from service.i18n.labels import label
from service.i18n.locale import N_, gettext

NEEDS_PROMPT = N_("Which of these do you need? (%(pillar)s)")
OFFERS_PROMPT = N_("Which of these can you offer to others? (%(pillar)s)")
PILLAR = validate.OneOf(PILLARS)


class AssessmentForm(Schema):
    title = fields.String(required=True, validate=validate.Length(1, MAX_TITLE))
    intro = fields.String(validate=validate.Length(max=MAX_TEXT))
    region = region_field(required=True)
    kinds = fields.List(fields.Enum(Kind, by_value=True))
    needs_pillars = fields.List(fields.String(validate=PILLAR))
    offers_pillars = fields.List(fields.String(validate=PILLAR))
    rating_prompt = fields.String(validate=validate.Length(max=MAX_PROMPT))
    text_prompt = fields.String(validate=validate.Length(max=MAX_PROMPT))
    link_days = fields.Integer(validate=validate.Range(1, MAX_LINK_DAYS))
    plan_id = fields.String(validate=validate.Length(1, 100))


def assessment_fields(form: dict) -> dict:
    """The fields of a new assessment from :class:`AssessmentForm`'s: one needs question and
    one offers question per pillar ticked, then the rating and the text question if given."""
    questions = []
    for kind, name, prompt in (("needs", "needs_pillars", NEEDS_PROMPT),
                               ("offers", "offers_pillars", OFFERS_PROMPT)):
        questions += [{"kind": kind, "pillar": pillar,
                       "prompt": gettext(prompt) % {"pillar": label("pillar", pillar)}}
                      for pillar in PILLARS if pillar in form.get(name, ())]
    for kind in ("rating", "text"):
        if form.get(kind + "_prompt"):
            questions.append({"kind": kind, "prompt": form[kind + "_prompt"]})
    kept = {name: form[name] for name in ("title", "intro", "region", "kinds", "link_days",
                                          "plan_id") if name in form}
    return {**kept, "questions": questions}


class StepForm(Schema):
    step = fields.String(required=True, validate=validate.OneOf(("open", "send", "close")))


class WorkshopForm(Schema):
    title = fields.String(required=True, validate=validate.Length(1, 200))
    held_on = fields.Date(required=True)
    place = fields.String(required=True, validate=validate.Length(1, 200))
    region = region_field(required=True)
    pillar = fields.String(required=True, validate=PILLAR)
    topics = fields.List(topic_field())
    listed = fields.List(fields.String(validate=validate.Length(1, 100)))
    insights = fields.String(validate=validate.Length(max=MAX_TEXT * 5))
    actions = fields.String(validate=validate.Length(max=MAX_TEXT * 5))
    plan_id = fields.String(validate=validate.Length(1, 100))


def _lines(text: str, topics: list[str]) -> list[dict]:
    """One item per non-empty line, each about the workshop's ``topics``."""
    return [{"text": line.strip(), "topics": topics} for line in text.splitlines()
            if line.strip()]


def workshop_fields(form: dict) -> dict:
    """The fields of a new workshop from :class:`WorkshopForm`'s: the participants ticked
    (they consented to being named), and an insight or action per line."""
    topics = form.get("topics", [])
    kept = {name: form[name] for name in ("title", "held_on", "place", "region", "pillar",
                                          "topics", "plan_id") if name in form}
    return {**kept, "participants": [{"stakeholder_id": sid, "listed": True}
                                     for sid in form.get("listed", [])],
            "insights": _lines(form.get("insights", ""), topics),
            "actions": _lines(form.get("actions", ""), topics)}
