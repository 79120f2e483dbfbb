"""The mentoring programme pages of coordinators and administrators: their programmes, a form
to open one, and one programme's page, where its people are enrolled, its proposal reviewed
and changed, published, and its report read.

Each change is a form posted to its own address, which calls one use case with the
programme's revision the page showed: on success it goes back to the page, saying what was
done; refused, the page comes back with the refusal next to the field it concerns, and
nothing is written (each use case writes all or nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from babel import numbers
from flask import Response, redirect, render_template, request, url_for

from graph_models.domain.errors import SyndesmosError
from graph_models.domain.programmes import MentorEnrolment
from graph_models.domain.vocabularies import topics
from graph_models.use_cases.programme_drafts import Edit
from service.auth import current_actor
from service.errors import status_of
from service.extensions import programmes
from service.i18n.formats import format_day, format_moment, format_number
from service.i18n.labels import label
from service.i18n.locale import N_, current_locale, gettext
from service.i18n.phrases import render
from service.web.forms import read_form
from service.web.programme_forms import (
    EDIT_FORMS,
    EditForm,
    EnrolForm,
    ProgrammeForm,
    ProposalForm,
    PublishForm,
)
from service.web.programme_pages import programme_page, region_choices
from service.web.refusals import refusal_errors
from service.web.site import blp

PAGE_SIZE = 20
# What the page says once a change is made, by the change's name.
DONE = {
    "enrolled": N_("The enrolment is changed."),
    "proposed": N_("A new proposal is made."),
    Edit.SWAP.value: N_("The two mentees have swapped mentors; both pairs are now pinned."),
    Edit.PLACE.value: N_("The mentee is placed with the mentor; the pair is pinned."),
    Edit.REMOVE.value: N_("The pair is removed and will not be proposed again."),
    Edit.PIN.value: N_("The pair is pinned: a new proposal keeps it."),
    Edit.UNPIN.value: N_("The pair is unpinned: a new proposal may change it."),
    "published": N_("The programme is published: each pair is now a mentorship proposed to "
                    "both sides."),
}
# The fields of each form of a programme's page, to put a refusal next to.
FORM_FIELDS = {
    "enrol": ("mentee", "mentor", "capacity", "remove"),
    "propose": ("method", "candidates"),
    "swap": ("mentee_id", "other_mentee_id"),
    "place": ("mentee_id", "mentor_id"),
    "pair": ("mentee_id",),
    "publish": (),
}


def format_percent(share: float) -> str:
    """A share (0–1) as a percentage written the page's way: 83%, 83 %."""
    return numbers.format_percent(share, locale=current_locale())


def page_formats() -> dict[str, Callable]:
    """What the programme and mentorship templates write days, numbers and phrases with."""
    return {"day": format_day, "moment": format_moment, "number": format_number,
            "percent": format_percent, "words": render}


@blp.route("/programmes", methods=["GET", "POST"], endpoint="programmes")
def programme_list():
    user = current_actor()
    form, errors, status = {}, {}, HTTPStatus.OK
    if request.method == "POST":
        form, status = request.form, HTTPStatus.UNPROCESSABLE_ENTITY
        fields, errors = read_form(ProgrammeForm(), lists=("topics",))
        if fields is not None:
            try:
                opened = programmes().open_programme(**fields, actor=user)
            except SyndesmosError as refused:
                status = status_of(refused)
                errors = refusal_errors(refused, ProgrammeForm().fields)
            else:
                return redirect(url_for("web.programme", programme_id=opened.programme.id),
                                HTTPStatus.SEE_OTHER)
    page = max(request.args.get("page", 1, type=int), 1)
    found = programmes().programmes(page=page, page_size=PAGE_SIZE, actor=user)
    regions = region_choices(user)
    topic_choices = sorted(((code, label("topic", code)) for code in topics()),
                           key=lambda choice: choice[1])
    return Response(render_template(
        "programmes/list.html", found=found, page=page, form=form, errors=errors, regions=regions,
        topic_choices=topic_choices, **page_formats()), status)


@blp.get("/programmes/<programme_id>")
def programme(programme_id: str):
    done = DONE.get(request.args.get("done", ""))
    return _programme_page(programme_id, notice=gettext(done) if done else None)


def _programme_page(programme_id: str, *, status: HTTPStatus = HTTPStatus.OK,
                    refused: str | None = None, errors: dict | None = None,
                    notice: str | None = None) -> Response:
    page = programme_page(programme_id, current_actor(), search=request.args.get("q", "").strip())
    return Response(render_template(
        "programmes/programme.html", page=page, refused=refused, errors=errors or {}, notice=notice,
        methods=(("optimal", gettext("The most mentees placed, then the best fits")),
                 ("stable", gettext("Each mentee gets the best mentor still free to take them"))),
        **page_formats()), status)


def _act(programme_id: str, form: str, schema, change: Callable[[dict], str]) -> Response:
    """Read the posted ``form`` with ``schema``, make the ``change`` it asks for, and go back to
    the programme's page saying what was done; or show the page with why not."""
    fields, errors = read_form(schema)
    if fields is None:
        return _programme_page(programme_id, status=HTTPStatus.UNPROCESSABLE_ENTITY,
                               refused=form, errors=errors)
    try:
        done = change(fields)
    except SyndesmosError as error:
        status = status_of(error)
        if status in (HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN):
            raise  # not this programme's coordinator: the error page, as for reading it
        return _programme_page(programme_id, status=status, refused=form,
                               errors=refusal_errors(error, FORM_FIELDS[form]))
    anchor = "enrolment" if form == "enrol" else "proposal"
    return redirect(url_for("web.programme", programme_id=programme_id, done=done,
                            _anchor=anchor), HTTPStatus.SEE_OTHER)


@blp.post("/programmes/<programme_id>/enrolment")
def enrol(programme_id: str):
    def change(fields: dict) -> str:
        mentor = fields["mentor"]
        programmes().enrol(
            programme_id, mentees=[fields["mentee"]] if fields["mentee"] else [],
            mentors=[MentorEnrolment(mentor, fields["capacity"])] if mentor else [],
            remove=[fields["remove"]] if fields["remove"] else [],
            revision=fields["revision"], actor=current_actor())
        return "enrolled"
    return _act(programme_id, "enrol", EnrolForm(), change)


@blp.post("/programmes/<programme_id>/proposal")
def propose(programme_id: str):
    def change(fields: dict) -> str:
        programmes().propose(programme_id, method=fields["method"],
                             candidates=fields["candidates"], revision=fields["revision"],
                             actor=current_actor())
        return "proposed"
    return _act(programme_id, "propose", ProposalForm(), change)


@blp.post("/programmes/<programme_id>/proposal/edits")
def edit_proposal(programme_id: str):
    # The same address takes each kind of edit: the form that sent it says which (its field
    # "form", checked by the schema), so that a refusal shows next to that form's fields.
    form = request.form.get("form")
    form = form if form in EDIT_FORMS else "pair"

    def change(fields: dict) -> str:
        fields.pop("form")
        programmes().edit(programme_id, fields["action"], fields["mentee_id"],
                          mentor_id=fields["mentor_id"],
                          other_mentee_id=fields["other_mentee_id"],
                          revision=fields["revision"], actor=current_actor())
        return fields["action"].value
    return _act(programme_id, form, EditForm(), change)


@blp.post("/programmes/<programme_id>/publish")
def publish(programme_id: str):
    def change(fields: dict) -> str:
        programmes().publish(programme_id, revision=fields["revision"], actor=current_actor())
        return "published"
    return _act(programme_id, "publish", PublishForm(), change)
