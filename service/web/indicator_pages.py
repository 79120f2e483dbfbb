"""A territory's indicator month by month: pick the region, the indicator (then its
parameters, shown once it is chosen), the period and optionally a target; the table gives each
month end's value with the sentence saying what it counted and, with a target, whether it is on
track. Works without JavaScript: choosing an indicator and showing it is one submit."""

from __future__ import annotations

from datetime import date

from flask import Response, render_template
from marshmallow import Schema, fields, validate

from graph_models.domain.errors import InvalidInput
from graph_models.domain.phrases import Money, Number
from service.api.common import region_filter_field
from service.api.indicator_schemas import LARGEST, value_label
from service.auth import current_actor
from service.extensions import indicators
from service.i18n.locale import N_, gettext
from service.i18n.phrases import render
from service.web.forms import field_errors, read_query
from service.web.scopes import page_status, region_choices, region_in_reach
from service.web.site import blp

# Every parameter of the catalogue, by name: a page field each.
PARAMETERS = ("kind", "legal_form", "pillar", "tie_type", "instrument", "group_a", "group_b")
# The series' fields by their names in the API, as this page names them.
_PAGE_FIELDS = {"from": "start", "to": "end"}
PARAMETER_WORDS = {"kind": N_("Kind"), "legal_form": N_("Legal form"), "pillar": N_("Pillar"),
                   "tie_type": N_("Type of tie"), "instrument": N_("Instrument"),
                   "group_a": N_("First group"), "group_b": N_("Second group")}


def _this_year(month: int, day: int):
    return lambda: date(date.today().year, month, day)


class IndicatorPageSchema(Schema):
    region = region_filter_field()
    indicator = fields.String()
    start = fields.Date(load_default=_this_year(1, 1))
    end = fields.Date(load_default=_this_year(12, 31))
    target = fields.Float(allow_nan=False, validate=validate.Range(-LARGEST, LARGEST))
    deadline = fields.Date()
    kind, legal_form, pillar, tie_type, instrument, group_a, group_b = (
        fields.String() for _ in PARAMETERS)


@blp.get("/indicators", endpoint="indicators")
def indicators_page():
    actor = current_actor()
    catalogue = indicators().catalogue(actor=actor)
    asked, errors = read_query(IndicatorPageSchema())
    region, refused = region_in_reach(actor, asked.pop("region", None))
    errors.update(refused)
    chosen = next((i for i in catalogue if i.code == asked.get("indicator")), None)
    if asked.get("indicator") and chosen is None:
        errors["indicator"] = gettext("Choose one of the indicators.")
    rows, refusal = [], None
    if chosen is not None and not errors:
        rows, refusal, errors = _rows(chosen, region, asked, actor)
    return Response(render_template(
        "indicators.html", catalogue=[_described(i) for i in catalogue],
        chosen=chosen and _described(chosen), asked=asked, errors=errors,
        refusal=refusal, region=region, regions=region_choices(actor), rows=rows,
        parameter_fields=_parameter_fields(chosen, asked)),
        page_status({**errors, **({"param": refusal} if refusal else {})}, refused))


def _described(indicator) -> dict:
    """An indicator as the page names it: its label and how it is computed, in words."""
    label = render(indicator.label)
    return {"code": indicator.code, "label": label, "how": render(indicator.how),
            "choice": (indicator.code, label)}


def _rows(chosen, region, asked: dict, actor):
    """The table's rows, or why there are none: a refusal of the parameters, field errors."""
    parameters = {p.name: asked[p.name] for p in chosen.parameters if p.name in asked}
    try:
        found = indicators().series(
            chosen.code, region=region, start=asked["start"], end=asked["end"],
            parameters=parameters, target=asked.get("target"), deadline=asked.get("deadline"),
            actor=actor)
    except InvalidInput as wrong:
        shown = field_errors({_PAGE_FIELDS.get(name, name): found
                              for name, found in wrong.errors.items()})
        return [], shown.pop("param", None), shown
    return [{"day": point.day, "value": _value(chosen.unit, point.value),
             "explanation": render(point.explanation),
             "status": point.assessment and point.assessment.status.value,
             "assessment": point.assessment and render(point.assessment.explanation)}
            for point in found.points], None, {}


def _value(unit: str, value: float | None) -> str:
    if value is None:
        return "—"
    if unit == "share":
        return render(Number(value, 1, percent=True))
    if unit == "money":
        return render(Money(value))
    return render(Number(value, 0 if unit == "count" else 2))


def _parameter_fields(chosen, asked: dict) -> list[dict]:
    """A select for each parameter of the chosen indicator, its values labelled."""
    if chosen is None:
        return []
    return [{"name": p.name, "text": gettext(PARAMETER_WORDS[p.name]), "required": p.required,
             "chosen": asked.get(p.name, ""),
             "options": [(v, value_label(p.vocabulary, v)) for v in p.values()]}
            for p in chosen.parameters]
