"""The Local Action Plan pages: the plans one may read, a form to open one, a plan's page (its
goals, actions and indicators by pillar, with the forms that change it), its history and its
report, made to be printed.

Each change is a form posted to its own address, which calls one use case with the plan's
revision the page showed: on success it goes back to the plan's page; refused, the page comes
back with the refusal next to the field it concerns, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from http import HTTPStatus

from babel import numbers
from flask import Response, redirect, render_template, request, url_for
from marshmallow import Schema

from graph_models.domain import vocabularies
from graph_models.domain.errors import SyndesmosError
from graph_models.domain.plans import ActionStatus, PlanState
from graph_models.use_cases.plan_links import plan_work
from graph_models.use_cases.plans import may_edit
from service.api.plan_schemas import PlanInputSchema, PlanQuerySchema
from service.auth import current_actor
from service.errors import status_of
from service.extensions import activities, assessments, plan_reports, plans, workshops
from service.i18n.formats import format_day, format_moment, format_number
from service.i18n.labels import label
from service.i18n.locale import N_, current_locale, gettext
from service.i18n.phrases import render
from service.web.forms import read_form, read_query
from service.web.plan_forms import (
    ActionForm,
    GoalForm,
    IndicatorForm,
    PlanEditForm,
    ProgressForm,
    RevisionForm,
    ValueForm,
)
from service.web.refusals import refusal_errors
from service.web.report_figures import changes_of
from service.web.scopes import region_choices
from service.web.site import blp

STATES = {PlanState.DRAFT: N_("Draft"), PlanState.ADOPTED: N_("Adopted"),
          PlanState.CLOSED: N_("Closed")}
STATUSES = {ActionStatus.PLANNED: N_("Planned"), ActionStatus.ONGOING: N_("Ongoing"),
            ActionStatus.DONE: N_("Done"), ActionStatus.DROPPED: N_("Dropped")}
# The words of each field a history's change names (graph_models.domain.plan_history).
FIELDS = {
    "title": N_("Title"), "vision": N_("Vision"), "territory": N_("Territory"),
    "starts_on": N_("Start"), "ends_on": N_("End"), "owners": N_("Owners"),
    "state": N_("State"), "goal": N_("Goal"), "goal.pillar": N_("Pillar of a goal"),
    "goal.title": N_("Goal"), "action": N_("Action"), "action.goal_id": N_("Goal of an action"),
    "action.what": N_("Action"), "action.responsible_id": N_("Responsible stakeholder"),
    "action.budget": N_("Budget (€)"), "action.starts_on": N_("Start of an action"),
    "action.ends_on": N_("End of an action"), "action.status": N_("Status of an action"),
    "action.progress": N_("Progress of an action (%)"), "indicator": N_("Indicator"),
    "indicator.code": N_("Code of an indicator"), "indicator.pillar": N_("Pillar of an indicator"),
    "indicator.target": N_("Target"), "indicator.deadline": N_("Deadline"),
    "indicator.baseline": N_("Baseline"), "indicator.parameters": N_("Parameters"),
    "indicator.name": N_("Name of an indicator"), "indicator.unit": N_("Unit"),
    "indicator.values": N_("Values recorded"),
}
# The statuses of an indicator's assessment (graph_models.indicators.assessment.Status).
STANDINGS = {"met": N_("Target met"), "on_track": N_("On track"), "off_track": N_("Off track"),
             "no_data": N_("Not known yet")}


def euros(amount) -> str:
    """An amount of euros written the reader's way."""
    return numbers.format_currency(amount, "EUR", locale=current_locale())


def page_helpers() -> dict[str, Callable]:
    """What the plan templates write days, numbers, money and codes with."""
    return {"day": format_day, "moment": format_moment, "number": format_number,
            "euros": euros, "state_name": lambda s: gettext(STATES[PlanState(s)]),
            "status_name": lambda s: gettext(STATUSES[ActionStatus(s)]),
            "standing_name": lambda t: gettext(STANDINGS[t.assessment.status.value]),
            "phrase": render}


@blp.get("/plans", endpoint="plans")
def plan_list():
    user = current_actor()
    asked, errors = read_query(PlanQuerySchema())
    found = plans().plans(**asked, actor=user) if not errors else None
    return Response(render_template(
        "plans/list.html", found=found, asked=asked, errors=errors,
        regions=region_choices(user), states=[(s.value, gettext(STATES[s])) for s in PlanState],
        may_create=user.role.value in ("admin", "coordinator"), **page_helpers()),
        HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK)


@blp.route("/plans/new", methods=["GET", "POST"], endpoint="new_plan")
def new_plan():
    user = current_actor()
    form, errors, status = {}, {}, HTTPStatus.OK
    if request.method == "POST":
        form, status = request.form, HTTPStatus.UNPROCESSABLE_ENTITY
        fields, errors = read_form(PlanInputSchema())
        if fields is not None:
            try:
                made = plans().create_plan(**fields, actor=user)
            except SyndesmosError as refused:
                status = status_of(refused)
                errors = refusal_errors(refused, PlanInputSchema().fields)
            else:
                return redirect(url_for("web.plan", plan_id=made.id), HTTPStatus.SEE_OTHER)
    return Response(render_template("plans/new.html", form=form, errors=errors,
                                    regions=region_choices(user)), status)


@blp.get("/plans/<plan_id>")
def plan(plan_id: str):
    return _plan_page(plan_id)


def _plan_page(plan_id: str, *, status: HTTPStatus = HTTPStatus.OK, refused: str | None = None,
               errors: dict | None = None) -> Response:
    user = current_actor()
    found = plans().get_plan(plan_id, actor=user)
    return Response(render_template(
        "plans/plan.html", plan=found, editable=may_edit(user, found), refused=refused,
        errors=errors or {}, form=request.form if refused else {},
        tracking=plan_reports().tracking(found, date.today()),
        labels=plan_reports().labels(found),
        names=plan_reports().responsible_names(found, user),
        owners=plans().owner_names(found),
        work=plan_work(found, user, activities=activities(), assessments=assessments(),
                       workshops=workshops()),
        pillars=[(code, term) for code, term in vocabularies.pillars().items()],
        pillar_choices=[(code, label("pillar", code)) for code in vocabularies.pillars()],
        goal_choices=[(g.id, f"{label('pillar', g.pillar)}: {g.title}") for g in found.goals],
        statuses=[(s.value, gettext(STATUSES[s])) for s in ActionStatus],
        **page_helpers()), status)


def _act(plan_id: str, form: str, schema: Schema, change: Callable[[dict], object]) -> Response:
    """Read the posted ``form`` with ``schema``, make the ``change``, and go back to the plan's
    page; or show the page with why not."""
    fields, errors = read_form(schema)
    if fields is None:
        return _plan_page(plan_id, status=HTTPStatus.UNPROCESSABLE_ENTITY, refused=form,
                          errors=errors)
    try:
        change(fields)
    except SyndesmosError as error:
        status = status_of(error)
        if status in (HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN):
            raise  # not this plan's coordinator: the error page, as for reading it
        return _plan_page(plan_id, status=status, refused=form,
                          errors=refusal_errors(error, schema.fields))
    return redirect(url_for("web.plan", plan_id=plan_id, _anchor=form), HTTPStatus.SEE_OTHER)


@blp.post("/plans/<plan_id>/edit")
def edit_plan(plan_id: str):
    return _act(plan_id, "plan", PlanEditForm(), lambda f: plans().update_plan(
        plan_id, f.pop("revision"), **f, actor=current_actor()))


@blp.post("/plans/<plan_id>/adopt")
def adopt_plan(plan_id: str):
    return _act(plan_id, "state", RevisionForm(), lambda f: plans().adopt(
        plan_id, f["revision"], actor=current_actor()))


@blp.post("/plans/<plan_id>/close")
def close_plan(plan_id: str):
    return _act(plan_id, "state", RevisionForm(), lambda f: plans().close(
        plan_id, f["revision"], actor=current_actor()))


@blp.post("/plans/<plan_id>/goals")
def add_plan_goal(plan_id: str):
    return _act(plan_id, "goal", GoalForm(), lambda f: plans().add_goal(
        plan_id, f.pop("revision"), **f, actor=current_actor()))


@blp.post("/plans/<plan_id>/actions")
def add_plan_action(plan_id: str):
    return _act(plan_id, "action", ActionForm(), lambda f: plans().add_action(
        plan_id, f.pop("revision"), **f, actor=current_actor()))


@blp.post("/plans/<plan_id>/actions/<action_id>")
def update_plan_action(plan_id: str, action_id: str):
    return _act(plan_id, "progress", ProgressForm(), lambda f: plans().update_action(
        plan_id, action_id, f.pop("revision"), **f, actor=current_actor()))


@blp.post("/plans/<plan_id>/indicators")
def add_plan_indicator(plan_id: str):
    return _act(plan_id, "indicator", IndicatorForm(), lambda f: plans().add_indicator(
        plan_id, f.pop("revision"), **f, actor=current_actor()))


@blp.post("/plans/<plan_id>/indicators/<indicator_id>/values")
def record_plan_value(plan_id: str, indicator_id: str):
    return _act(plan_id, "value", ValueForm(), lambda f: plans().record_value(
        plan_id, indicator_id, f.pop("revision"), **f, actor=current_actor()))


def change_value(field: str, value: str | None, owners: dict[str, str | None]) -> str:
    """A history's value as a reader reads it: labels for codes, names for owners."""
    if value is None:
        return "—"
    if field == "state":
        return gettext(STATES[PlanState(value)])
    if field == "action.status":
        return gettext(STATUSES[ActionStatus(value)])
    if field in ("goal.pillar", "indicator.pillar"):
        return label("pillar", value)
    if field == "territory":
        return label("region", value)
    if field == "owners":
        return ", ".join(owners.get(v) or gettext("a former user") for v in value.split(", "))
    return value


@blp.get("/plans/<plan_id>/history")
def plan_history(plan_id: str):
    user = current_actor()
    found = plans().get_plan(plan_id, actor=user)
    history = list(reversed(plans().history(plan_id, actor=user)))
    owners = plans().user_names({o for entry in history for c in entry.revision.changes
                                 if c.field == "owners" for o in
                                 (c.before or "").split(", ") + (c.after or "").split(", ")})
    return render_template(
        "plans/history.html", plan=found, history=history,
        field_name=lambda f: gettext(FIELDS[f]) if f in FIELDS else f,
        value=lambda f, v: change_value(f, v, owners), **page_helpers())


@blp.get("/plans/<plan_id>/report")
def plan_report(plan_id: str):
    report = plan_reports().report(plan_id, on=date.today(), actor=current_actor())
    network = report.network
    return render_template(
        "plans/report.html", report=report, plan=report.plan,
        labels=plan_reports().labels(report.plan),
        changes=changes_of(network.before_figures, network.after_figures, network.changes)
        if network else [], **page_helpers())
