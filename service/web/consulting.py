"""The consulting pages: a coordinator's needs assessments (a form to draft one, each one's
page where it is opened, sent and closed, with its needs map and response rate) and
co-creation workshops; and the respondent's page behind a personal link, where a stakeholder
answers its own questionnaire without an account.

The respondent's page counts each request against the sign-in limit of its address, so that
links cannot be guessed faster than passwords; a link that opens nothing, has been used, has
run out or whose assessment is closed gets a page that says so, never another questionnaire.
"""

from __future__ import annotations

from http import HTTPStatus

from babel import numbers
from flask import Response, g, redirect, render_template, request, url_for

from graph_models.domain.assessments import LinkState, QuestionKind
from graph_models.domain.errors import Gone, NotFound, SyndesmosError
from graph_models.domain.vocabularies import pillars, topics
from service import limits
from service.api.consulting import sent_answer
from service.auth import current_actor
from service.errors import status_of
from service.extensions import assessments, workshops
from service.i18n.formats import format_day, format_moment, format_number
from service.i18n.labels import label
from service.i18n.locale import N_, current_locale, gettext
from service.web.consulting_forms import (
    AssessmentForm,
    StepForm,
    WorkshopForm,
    assessment_fields,
    workshop_fields,
)
from service.web.forms import check_anonymous_form, read_form
from service.web.programme_pages import region_choices
from service.web.refusals import refusal_errors
from service.web.site import blp

# Why a link opens no questionnaire, by its state.
UNUSABLE = {
    LinkState.ANSWERED: N_("This questionnaire has been answered already: its link works once. "
                           "Thank you for your answers."),
    LinkState.EXPIRED: N_("This link has run out. Ask the office that sent it for a new one."),
    LinkState.CLOSED: N_("This questionnaire is closed: it no longer takes answers."),
}
STATES = {"draft": N_("draft"), "open": N_("open"), "closed": N_("closed")}
LINK_STATES = {LinkState.PENDING: N_("waiting"), LinkState.ANSWERED: N_("answered"),
               LinkState.EXPIRED: N_("run out"), LinkState.CLOSED: N_("closed")}
DONE = {"open": N_("The assessment is open: send it to its stakeholders."),
        "close": N_("The assessment is closed: its links no longer work.")}


def _percent(share: float) -> str:
    return numbers.format_percent(share, locale=current_locale())


def _formats() -> dict:
    return {"day": format_day, "moment": format_moment, "number": format_number,
            "percent": _percent, "state_name": lambda s: gettext(STATES[s]),
            "link_state": lambda s: gettext(LINK_STATES[s]), "label": label}


def _choices(vocabulary) -> list[tuple[str, str]]:
    return sorted(((code, label(name, code)) for name, table in vocabulary
                   for code in table()), key=lambda choice: choice[1])


@blp.route("/assessments", methods=["GET", "POST"], endpoint="assessments")
def assessment_list():
    user = current_actor()
    form, errors, status = {}, {}, HTTPStatus.OK
    if request.method == "POST":
        form, status = request.form, HTTPStatus.UNPROCESSABLE_ENTITY
        fields_, errors = read_form(AssessmentForm(), lists=("kinds", "needs_pillars",
                                                               "offers_pillars"))
        if fields_ is not None:
            try:
                made = assessments().create(assessment_fields(fields_), actor=user)
            except SyndesmosError as refused:
                status = status_of(refused)
                errors = refusal_errors(refused, AssessmentForm().fields)
            else:
                return redirect(url_for("web.assessment", assessment_id=made.id),
                                HTTPStatus.SEE_OTHER)
    pillar_choices = [(code, label("pillar", code)) for code in pillars()]
    return Response(render_template(
        "consulting/assessments.html", found=assessments().list_assessments(actor=user),
        form=form, errors=errors, regions=region_choices(user), pillar_choices=pillar_choices,
        kind_choices=[(k, label("kind", k)) for k in ("entrepreneur", "investor",
                                                      "policymaker", "support_organisation")],
        **_formats()), status)


@blp.get("/assessments/<assessment_id>")
def assessment(assessment_id: str):
    done = DONE.get(request.args.get("done", ""))
    return _assessment_page(assessment_id, notice=gettext(done) if done else None)


def _assessment_page(assessment_id: str, *, sent: dict | None = None,
                     refused: str | None = None,
                     status: HTTPStatus = HTTPStatus.OK, notice: str | None = None) -> Response:
    results = assessments().results(assessment_id, actor=current_actor())
    top = max([t.needs for t in results.map.topics] + [1])
    return Response(render_template(
        "consulting/assessment.html", results=results, sent=sent, refused=refused,
        notice=notice, top=top, kinds=QuestionKind, **_formats()), status)


@blp.post("/assessments/<assessment_id>/steps")
def assessment_step(assessment_id: str):
    fields_, errors = read_form(StepForm())
    if fields_ is None:
        return _assessment_page(assessment_id, refused=errors.get("step"),
                                status=HTTPStatus.UNPROCESSABLE_ENTITY)
    desk, user = assessments(), current_actor()
    step = fields_["step"]
    try:
        if step == "send":
            sent = sent_answer(desk.send(assessment_id, actor=user))
            return _assessment_page(assessment_id, sent=sent, status=HTTPStatus.CREATED)
        (desk.open if step == "open" else desk.close)(assessment_id, actor=user)
    except SyndesmosError as error:
        if isinstance(error, NotFound):
            raise
        return _assessment_page(assessment_id, refused=error.message, status=status_of(error))
    return redirect(url_for("web.assessment", assessment_id=assessment_id, done=step),
                    HTTPStatus.SEE_OTHER)


@blp.route("/q/<token>", methods=["GET", "POST"])
def questionnaire(token: str):
    limits.count(limits.LOGINS, request.remote_addr or "")
    desk = assessments()
    try:
        view = desk.look_up(token)
    except NotFound:
        return _unusable(gettext("This link opens no questionnaire. Check that it was copied "
                                 "whole, or ask the office that sent it."), HTTPStatus.NOT_FOUND)
    if view.state != LinkState.PENDING:
        return _unusable(gettext(UNUSABLE[view.state]), HTTPStatus.GONE)
    errors: dict[str, str] = {}
    status = HTTPStatus.OK
    if request.method == "POST":
        if g.get("actor") is None:  # a session's form was checked before the view
            check_anonymous_form()
        answers = _answers(view.assessment)
        try:
            response = desk.answer(token, answers, consent=request.form.get("consent") == "yes")
        except Gone as gone:
            return _unusable(gettext(UNUSABLE[LinkState(gone.errors["state"][0])]),
                             HTTPStatus.GONE)
        except SyndesmosError as refused:
            errors = {"answers": gettext("Some answers are not among the choices: check them "
                                         "and send again.")}
            status = status_of(refused)
        else:
            return Response(render_template("consulting/thanks.html", response=response,
                                            view=view), HTTPStatus.OK)
    page = render_template("consulting/questionnaire.html", view=view, errors=errors,
                           until=format_moment(view.link.expires_at), kinds=QuestionKind,
                           label=label)
    return Response(page, status)


def _answers(assessment) -> list[dict]:
    """The answers a respondent's form sends, question by question."""
    given = []
    for question in assessment.questions:
        if question.kind == QuestionKind.RATING:
            value = request.form.get(question.key, "")
            if value:
                given.append({"question": question.key,
                              "rating": int(value) if value.isascii() and value.isdigit()
                              and len(value) <= 2 else 0})
        elif question.kind == QuestionKind.TEXT:
            given.append({"question": question.key,
                          "text": request.form.get(question.key, "")})
        else:
            given.append({"question": question.key,
                          "topics": request.form.getlist(question.key)})
    return given


def _unusable(sentence: str, status: HTTPStatus) -> Response:
    page = render_template("error.html", heading=gettext("This questionnaire cannot be opened"),
                           sentence=sentence, status=status.value)
    return Response(page, status)


@blp.route("/workshops", methods=["GET", "POST"], endpoint="workshops")
def workshop_list():
    user = current_actor()
    form, errors, status = {}, {}, HTTPStatus.OK
    if request.method == "POST":
        form, status = request.form, HTTPStatus.UNPROCESSABLE_ENTITY
        fields_, errors = read_form(WorkshopForm(), lists=("topics", "listed"))
        if fields_ is not None:
            try:
                workshops().create(workshop_fields(fields_), actor=user)
            except SyndesmosError as refused:
                status = status_of(refused)
                errors = refusal_errors(refused, WorkshopForm().fields)
            else:
                return redirect(url_for("web.workshops", done=1), HTTPStatus.SEE_OTHER)
    desk = workshops()
    found = [(w, desk.participants(w)) for w in desk.list_workshops(actor=user)]
    return Response(render_template(
        "consulting/workshops.html", found=found, form=form, errors=errors,
        done=request.args.get("done"), regions=region_choices(user),
        pillar_choices=[(code, label("pillar", code)) for code in pillars()],
        topic_choices=sorted(((c, label("topic", c)) for c in topics()), key=lambda c: c[1]),
        people=[(p.id, p.name) for p in desk.candidates(actor=user)], **_formats()),
        status)
