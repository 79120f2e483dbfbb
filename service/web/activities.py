"""The activity pages: the activities (and a form to open one, for coordinators), one activity
(registering, a networking event's wishes, attendance), a networking event's schedule (its
coordinators generate, adjust and publish it) and an attendee's agenda (to print or open on a
phone, and to say afterwards which meetings were held and useful).

Each change is a form posted to its own address, which calls one use case: on success it goes
back to the page, saying what was done; refused, the page comes back with the refusal next to
the form, and nothing is written. A page or form about what the reader may not touch is the
error page, as the API's 403 and 404.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from flask import Response, redirect, render_template, request, url_for

from graph_models.domain import policy
from graph_models.domain.activities import ActivityKind
from graph_models.domain.errors import Forbidden, SyndesmosError
from graph_models.domain.policy import Action, Resource
from graph_models.domain.stakeholders import Pillar
from graph_models.domain.vocabularies import topics
from service.auth import current_actor
from service.errors import status_of
from service.extensions import activities, event_meetings
from service.i18n.formats import format_day, format_number
from service.i18n.labels import label
from service.i18n.locale import N_, gettext
from service.i18n.messages import translate_message
from service.web.activity_forms import (
    ActivityForm,
    AnswerForm,
    AttendanceForm,
    ButtonForm,
    RegisterForm,
    SwapForm,
    WishesForm,
)
from service.web.forms import read_form
from service.web.programme_pages import region_choices
from service.web.refusals import WHOLE_FORM
from service.web.site import blp

PAGE_SIZE = 20
DONE = {
    "registered": N_("You are registered."),
    "wishes": N_("Your wishes and the rounds you are free in are saved."),
    "attendance": N_("Attendance is recorded."),
    "generated": N_("A new schedule is proposed: check it, change it if you wish, and "
                    "publish it."),
    "removed": N_("The meeting is taken out of the schedule."),
    "swapped": N_("The two meetings have exchanged rounds and tables."),
    "published": N_("The schedule is published: each attendee's agenda shows it."),
    "answered": N_("Your answer is saved."),
}


def refusal_errors(error: SyndesmosError, fields) -> dict[str, str]:
    """The refusal as a form shows it, in the page's language: next to each of ``fields`` it
    names, its own words for that field; else its message, above the form. (Every refusal of
    the activity use cases is in the catalogues: service/i18n/domain_messages.py.)"""
    named = {field: translate_message(str(found[0] if isinstance(found, list | tuple) else found))
             for field, found in error.errors.items() if field in fields and found}
    return named or {WHOLE_FORM: translate_message(error.message)}


def _notice() -> str | None:
    done = DONE.get(request.args.get("done", ""))
    return gettext(done) if done else None


def _formats() -> dict[str, Callable]:
    return {"day": format_day, "number": format_number}


@blp.route("/activities", methods=["GET", "POST"], endpoint="activities")
def activity_list():
    user = current_actor()
    form, errors, status = {}, {}, HTTPStatus.OK
    if request.method == "POST":
        form, status = request.form, HTTPStatus.UNPROCESSABLE_ENTITY
        fields, errors = read_form(ActivityForm(), lists=("topics",))
        if fields is not None:
            try:
                made = activities().create(**fields, actor=user)
            except SyndesmosError as refused:
                status = status_of(refused)
                if status == HTTPStatus.FORBIDDEN and "region" not in refused.errors:
                    raise
                errors = refusal_errors(refused, ActivityForm().fields)
            else:
                return redirect(url_for("web.activity", activity_id=made.id),
                                HTTPStatus.SEE_OTHER)
    page = max(request.args.get("page", 1, type=int), 1)
    found = activities().find(page=page, page_size=PAGE_SIZE, actor=user)
    manages = policy.allows_some(user, Resource.ACTIVITY, Action.CREATE)
    return Response(render_template(
        "activities/list.html", found=found, page=page, form=form, errors=errors,
        manages=manages, regions=region_choices(user) if manages else [],
        kinds=[(k.value, label("activity_kind", k.value)) for k in ActivityKind],
        pillars=[(p.value, label("pillar", p.value)) for p in Pillar],
        topic_choices=sorted(((c, label("topic", c)) for c in topics()), key=lambda c: c[1]),
        **_formats()), status)


def _activity_page(activity_id: str, *, status: HTTPStatus = HTTPStatus.OK,
                   refused: str | None = None, errors: dict | None = None) -> Response:
    user = current_actor()
    view = activities().get(activity_id, actor=user)
    try:
        registrants = activities().registrants(activity_id, actor=user)
    except Forbidden:
        registrants = None
    mine = {r.stakeholder_id for r in view.mine}
    return Response(render_template(
        "activities/activity.html", view=view, registrants=registrants,
        unregistered=[m for m in user.memberships if m not in mine],
        names=activities().names(user.memberships), refused=refused, errors=errors or {},
        notice=_notice(), **_formats()), status)


@blp.get("/activities/<activity_id>")
def activity(activity_id: str):
    return _activity_page(activity_id)


def _act(activity_id: str, form: str, schema, change: Callable[[dict], str], *,
         page: Callable[..., Response] = _activity_page, lists: tuple[str, ...] = (),
         to: str = "web.activity", back: dict | None = None) -> Response:
    """Read the posted ``form`` with ``schema`` and make the ``change`` it asks for; back to
    the page ``to`` saying what was done, or the ``page`` again with why not."""
    fields, errors = read_form(schema, lists=lists)
    if fields is None:
        return page(activity_id, status=HTTPStatus.UNPROCESSABLE_ENTITY, refused=form,
                    errors=errors)
    try:
        done = change(fields)
    except SyndesmosError as error:
        status = status_of(error)
        if status in (HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN):
            raise
        return page(activity_id, status=status, refused=form,
                    errors=refusal_errors(error, schema.fields))
    return redirect(url_for(to, activity_id=activity_id, done=done, **(back or {})),
                    HTTPStatus.SEE_OTHER)


@blp.post("/activities/<activity_id>/registrations")
def activity_register(activity_id: str):
    def change(fields: dict) -> str:
        activities().register(activity_id, fields["stakeholder_id"],
                              ties_consent=fields["ties_consent"], actor=current_actor())
        return "registered"
    return _act(activity_id, "register", RegisterForm(), change)


@blp.post("/activities/<activity_id>/wishes")
def activity_wishes(activity_id: str):
    def change(fields: dict) -> str:
        event_meetings().state_wishes(activity_id, fields["stakeholder_id"],
                                      wishes=fields["wishes"], available=fields["available"],
                                      actor=current_actor())
        return "wishes"
    return _act(activity_id, "wishes", WishesForm(), change, lists=("wishes", "available"))


@blp.post("/activities/<activity_id>/attendance")
def activity_attendance(activity_id: str):
    def change(fields: dict) -> str:
        activities().record_attendance(activity_id, fields["attended"], actor=current_actor())
        return "attendance"
    return _act(activity_id, "attendance", AttendanceForm(), change, lists=("attended",))


# -- the schedule of a networking event --------------------------------------------------------

def _schedule_page(activity_id: str, *, status: HTTPStatus = HTTPStatus.OK,
                   refused: str | None = None, errors: dict | None = None) -> Response:
    schedule = event_meetings().schedule(activity_id, actor=current_actor())
    return Response(render_template(
        "activities/schedule.html", schedule=schedule, refused=refused, errors=errors or {},
        notice=_notice(), **_formats()), status)


@blp.route("/activities/<activity_id>/schedule", methods=["GET", "POST"], endpoint="schedule")
def schedule(activity_id: str):
    if request.method == "GET":
        return _schedule_page(activity_id)

    def change(_: dict) -> str:
        event_meetings().generate(activity_id, actor=current_actor())
        return "generated"
    return _act(activity_id, "generate", ButtonForm(), change, page=_schedule_page,
                to="web.schedule")


@blp.post("/activities/<activity_id>/schedule/<meeting_id>/remove")
def schedule_remove(activity_id: str, meeting_id: str):
    def change(_: dict) -> str:
        event_meetings().remove_meeting(activity_id, meeting_id, actor=current_actor())
        return "removed"
    return _act(activity_id, "remove", ButtonForm(), change, page=_schedule_page,
                to="web.schedule")


@blp.post("/activities/<activity_id>/schedule/<meeting_id>/swap")
def schedule_swap(activity_id: str, meeting_id: str):
    def change(fields: dict) -> str:
        event_meetings().swap_meetings(activity_id, meeting_id, fields["other_id"],
                                       actor=current_actor())
        return "swapped"
    return _act(activity_id, "swap", SwapForm(), change, page=_schedule_page, to="web.schedule")


@blp.post("/activities/<activity_id>/schedule/publication")
def schedule_publish(activity_id: str):
    def change(_: dict) -> str:
        event_meetings().publish(activity_id, actor=current_actor())
        return "published"
    return _act(activity_id, "publish", ButtonForm(), change, page=_schedule_page,
                to="web.schedule")


# -- an attendee's agenda ----------------------------------------------------------------------

def _agenda_page(activity_id: str, *, status: HTTPStatus = HTTPStatus.OK,
                 refused: str | None = None, errors: dict | None = None) -> Response:
    whose = request.args.get("stakeholder") or request.form.get("stakeholder_id") or None
    agenda = event_meetings().agenda(activity_id, whose, actor=current_actor())
    return Response(render_template(
        "activities/agenda.html", agenda=agenda, refused=refused, errors=errors or {},
        name=activities().names([agenda.stakeholder_id]).get(agenda.stakeholder_id),
        notice=_notice(), **_formats()), status)


@blp.get("/activities/<activity_id>/agenda")
def agenda(activity_id: str):
    return _agenda_page(activity_id)


@blp.post("/activities/<activity_id>/agenda/<meeting_id>")
def agenda_answer(activity_id: str, meeting_id: str):
    def change(fields: dict) -> str:
        event_meetings().answer(activity_id, meeting_id, fields["stakeholder_id"],
                                held=fields["held"], useful=fields["useful"],
                                actor=current_actor())
        return "answered"
    return _act(activity_id, "answer", AnswerForm(), change, page=_agenda_page, to="web.agenda",
                back={"stakeholder": request.form.get("stakeholder_id", "")})
