"""The participatory budget pages: the processes, one process with its phase and what the
reader may do next, proposing a project, the review (its coordinators), the ballot, the
results explained, and the execution of what won.

Each change is a form posted to its own address that calls one use case, with the revision
the page showed where a change must apply to what was shown: done, it goes back to the page
saying so; refused, the page comes back with the refusal next to the field it concerns (a
refusal of access is the error page), and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from flask import Response, redirect, render_template, request, url_for

from graph_models.domain.budgets import BallotType, Execution, Review
from graph_models.domain.errors import SyndesmosError
from service.auth import current_actor
from service.budget_results import results_view
from service.errors import status_of
from service.extensions import budgets
from service.i18n.formats import format_moment, format_number
from service.i18n.labels import label
from service.i18n.locale import N_, gettext
from service.i18n.phrases import render
from service.web.budget_forms import BallotForm, PhaseForm, ProposeForm, ReviewForm, TrackForm
from service.web.budget_ranking import read_ranking
from service.web.budget_words import DONE, TERMS, money, term
from service.web.forms import read_form
from service.web.refusals import refusal_errors
from service.web.site import blp


def _formats() -> dict[str, Callable]:
    return {"term": term, "money": money, "moment": format_moment, "number": format_number,
            "label": label, "words": render}


def _page(template: str, status: HTTPStatus = HTTPStatus.OK, **context) -> Response:
    return Response(render_template(template, terms=TERMS, **_formats(), **context), status)


def _notice() -> str | None:
    done = DONE.get(request.args.get("done", ""))
    return gettext(done) if done else None


def _refused(error: SyndesmosError, fields) -> tuple[HTTPStatus, dict[str, str]]:
    """The status and the errors of a refusal a form shows; a refusal of access (403, 404)
    is the error page instead."""
    status = status_of(error)
    if status in (HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN):
        raise error
    return status, refusal_errors(error, fields)

ALIGN_POINTS = N_("Give each project a number of points: 0 for none.")


@blp.get("/budgets")
def budgets_list():
    found = budgets().list_processes(actor=current_actor())
    return _page("budgets/list.html", found=found)


@blp.get("/budgets/<process_id>")
def budget(process_id: str, *, status=HTTPStatus.OK, errors=None):
    user = current_actor()
    process = budgets().get_process(process_id, actor=user)
    projects = budgets().projects(process_id, actor=user)
    return _page("budgets/process.html", status, process=process, projects=projects,
                 names=budgets().proposer_names(projects), runs=budgets().runs(process, user),
                 may_vote=budgets().may_vote(process, user), voted=_voted(process_id),
                 proposers=budgets().proposers_for(process, user), errors=errors or {},
                 notice=_notice())


def _voted(process_id: str) -> bool:
    user = current_actor()
    try:
        budgets().my_ballot(process_id, actor=user)
    except SyndesmosError:  # none cast, or nobody who votes
        return False
    return True


@blp.post("/budgets/<process_id>/phase")
def budget_phase(process_id: str):
    fields, errors = read_form(PhaseForm())
    if fields is None:
        return budget(process_id, status=HTTPStatus.UNPROCESSABLE_ENTITY, errors=errors)
    try:
        budgets().open_phase(process_id, fields["phase"], revision=fields["revision"],
                             actor=current_actor())
    except SyndesmosError as error:
        status, errors = _refused(error, ("phase",))
        return budget(process_id, status=status, errors=errors)
    return redirect(url_for("web.budget", process_id=process_id, done=fields["phase"].value),
                    HTTPStatus.SEE_OTHER)


@blp.route("/budgets/<process_id>/propose", methods=["GET", "POST"])
def propose_budget_project(process_id: str):
    user = current_actor()
    process = budgets().get_process(process_id, actor=user)
    form, errors, status = {}, {}, HTTPStatus.OK
    if request.method == "POST":
        form, status = request.form, HTTPStatus.UNPROCESSABLE_ENTITY
        fields, errors = read_form(ProposeForm())
        if fields is not None:
            try:
                budgets().propose(process_id, fields, actor=user)
            except SyndesmosError as error:
                status, errors = _refused(error, ProposeForm().fields)
            else:
                return redirect(url_for("web.budget", process_id=process_id, done="proposed"),
                                HTTPStatus.SEE_OTHER)
    proposers = budgets().proposers_for(process, user)
    return _page("budgets/propose.html", status, process=process, form=form, errors=errors,
                 proposers=proposers, choices=[(s.id, s.name) for s in proposers])


@blp.get("/budgets/<process_id>/review")
def budget_review(process_id: str, *, status=HTTPStatus.OK, errors=None, refused=None):
    user = current_actor()
    projects = budgets().to_review(process_id, actor=user)
    process = budgets().get_process(process_id, actor=user)
    return _page("budgets/review.html", status, process=process, projects=projects,
                 names=budgets().proposer_names(projects), errors=errors or {},
                 refused=refused, notice=_notice())


@blp.post("/budgets/<process_id>/projects/<project_id>/review")
def review_budget_project(process_id: str, project_id: str):
    fields, errors = read_form(ReviewForm())
    if fields is None:
        return budget_review(process_id, status=HTTPStatus.UNPROCESSABLE_ENTITY, errors=errors,
                             refused=project_id)
    try:
        budgets().review(project_id, fields["eligible"], fields["reason"],
                         revision=fields["revision"], actor=current_actor())
    except SyndesmosError as error:
        status, errors = _refused(error, ("eligible", "reason"))
        return budget_review(process_id, status=status, errors=errors, refused=project_id)
    return redirect(url_for("web.budget_review", process_id=process_id, done="reviewed",
                            _anchor=f"project-{project_id}"), HTTPStatus.SEE_OTHER)


@blp.route("/budgets/<process_id>/ballot", methods=["GET", "POST"])
def ballot(process_id: str):
    user = current_actor()
    process = budgets().get_process(process_id, actor=user)
    errors, status, chosen = {}, HTTPStatus.OK, {}
    if request.method == "POST":
        status = HTTPStatus.UNPROCESSABLE_ENTITY
        fields, errors = read_form(BallotForm(), lists=("projects", "points", "ranks"))
        ranks: dict[str, int] = {}
        if fields is not None and process.ballot_type is BallotType.ORDINAL:
            fields, errors, ranks = read_ranking(fields)
        elif fields is not None and not _aligned(process.ballot_type, fields):
            fields, errors = None, {"points": gettext(ALIGN_POINTS)}
        chosen = ranks
        if fields is not None:
            projects, points = _chosen(process.ballot_type, fields)
            chosen = ranks or projects
            try:
                budgets().cast(process_id, projects, points, actor=user)
            except SyndesmosError as error:
                status, errors = _refused(error, ("projects", "cost", "points", "voter"))
            else:
                return redirect(url_for("web.budget", process_id=process_id, done="voted"),
                                HTTPStatus.SEE_OTHER)
    projects = [p for p in budgets().projects(process_id, actor=user)
                if p.review is Review.ELIGIBLE]
    return _page("budgets/ballot.html", status, process=process, projects=projects,
                 names=budgets().proposer_names(projects), errors=errors, chosen=chosen,
                 may_vote=budgets().may_vote(process, user), voted=_voted(process_id))


def _aligned(ballot_type: BallotType, fields: dict) -> bool:
    """Whether a cumulative ballot's form sent points for each project's row: a row left
    blank is dropped, and the points must not then slide onto the next project."""
    return ballot_type is not BallotType.CUMULATIVE or (
        len(fields["points"] or []) == len(fields["projects"]))


def _chosen(ballot_type: BallotType, fields: dict) -> tuple[list[str], list[int] | None]:
    """The projects and points a ballot form sent: on a cumulative ballot, the rows given
    points (a row of 0 gives none)."""
    if ballot_type is not BallotType.CUMULATIVE:
        return fields["projects"], fields["points"]
    rows = zip(fields["projects"], fields["points"] or [], strict=False)
    given = [(project, points) for project, points in rows if points]
    return [p for p, _ in given], [n for _, n in given]


@blp.get("/budgets/<process_id>/results")
def budget_results(process_id: str):
    user = current_actor()
    process = budgets().get_process(process_id, actor=user)
    explained = budgets().explained_results(process_id, actor=user)
    return _page("budgets/results.html", process=process,
                 results=None if explained is None else results_view(explained))


@blp.get("/budgets/<process_id>/execution")
def budget_execution(process_id: str, *, status=HTTPStatus.OK, errors=None, refused=None):
    user = current_actor()
    process = budgets().get_process(process_id, actor=user)
    funded = [p for p in budgets().projects(process_id, actor=user) if p.funded]
    trackers = {p.id for p in funded if budgets().runs(process, user) or (
        p.proposer_id and user is not None and user.is_member_of(p.proposer_id))}
    return _page("budgets/execution.html", status, process=process, projects=funded,
                 names=budgets().proposer_names(funded), trackers=trackers,
                 errors=errors or {}, refused=refused, notice=_notice(),
                 executions=[(e.value, term("execution", e)) for e in Execution])


@blp.post("/budgets/<process_id>/projects/<project_id>/execution")
def track_budget_project(process_id: str, project_id: str):
    fields, errors = read_form(TrackForm())
    if fields is None:
        return budget_execution(process_id, status=HTTPStatus.UNPROCESSABLE_ENTITY,
                                errors=errors, refused=project_id)
    revision = fields.pop("revision")
    try:
        budgets().track(project_id, {k: v for k, v in fields.items() if v is not None},
                        revision=revision, actor=current_actor())
    except SyndesmosError as error:
        status, errors = _refused(error, ("execution", "progress", "notes"))
        return budget_execution(process_id, status=status, errors=errors, refused=project_id)
    return redirect(url_for("web.budget_execution", process_id=process_id, done="tracked",
                            _anchor=f"project-{project_id}"), HTTPStatus.SEE_OTHER)

