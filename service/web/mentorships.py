"""The mentorships page: the mentorships a user stands to (a member's: of the stakeholders they
act for; a coordinator's: of their territories), and the forms of the steps each allows them
now — accept or decline, start, log a session, rate, complete, cancel.

As on the programme pages, each step is a form posted to its own address that calls one use
case: done, the page comes back saying so; refused, with the refusal next to the field it
concerns, and nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from flask import Response, redirect, render_template, request, url_for

from graph_models.domain.errors import NotFound, SyndesmosError
from graph_models.domain.mentorships import CancelReason, MentorshipState, Party, Step
from graph_models.domain.vocabularies import topics
from graph_models.use_cases.mentorships import MentorshipView, SessionView
from service.auth import current_actor
from service.errors import status_of
from service.extensions import mentorships
from service.i18n.labels import label
from service.i18n.locale import N_, gettext
from service.web.forms import read_form
from service.web.programme_forms import SessionForm, StepForm
from service.web.programmes import page_formats
from service.web.refusals import refusal_errors
from service.web.site import blp

PAGE_SIZE = 20
# The states whose mentorships have sessions to show.
WITH_SESSIONS = (MentorshipState.ACTIVE, MentorshipState.COMPLETED)
DONE = {
    "accepted": N_("You have accepted. The mentorship can start once the other side accepts "
                   "too."),
    "both_accepted": N_("Both sides have accepted: the mentorship can start."),
    Step.START.value: N_("The mentorship has started."),
    Step.CHECK_IN.value: N_("Your rating is saved."),
    Step.RATE.value: N_("Your rating is saved."),
    Step.COMPLETE.value: N_("The mentorship is completed."),
    Step.CANCEL.value: N_("The mentorship is cancelled."),
    "session": N_("The session is logged."),
}
STEP_FIELDS = ("rating", "reason")
SESSION_FIELDS = ("on", "topics", "notes")


@dataclass(frozen=True)
class Held:
    """A mentorship on the page, with its sessions (None where it has none to show)."""

    view: MentorshipView
    sessions: list[SessionView] | None

    @property
    def of_the_pair(self) -> bool:
        """Whether the user is on a side of the pair (who rates and logs sessions)."""
        return bool({Party.MENTEE, Party.MENTOR} & self.view.parties)


@blp.get("/mentorships", endpoint="mentorships")
def mentorships_page():
    done = DONE.get(request.args.get("done", ""))
    return _page(notice=gettext(done) if done else None)


def _page(*, status: HTTPStatus = HTTPStatus.OK, refused: tuple[str, str] | None = None,
          errors: dict | None = None, notice: str | None = None) -> Response:
    user = current_actor()
    page = max(request.args.get("page", 1, type=int), 1)
    found = mentorships().mentorships(page=page, page_size=PAGE_SIZE, actor=user)
    held = [Held(m, mentorships().sessions(m.mentorship.id, actor=user)
                 if m.mentorship.state in WITH_SESSIONS else None) for m in found.items]
    topic_choices = sorted(((code, label("topic", code)) for code in topics()),
                           key=lambda choice: choice[1])
    reasons = [(r.value, label("cancel_reason", r)) for r in CancelReason
               if r != CancelReason.DECLINED]
    return Response(render_template(
        "programmes/mentorships.html", found=found, held=held, page=page, refused=refused,
        errors=errors or {}, notice=notice, topic_choices=topic_choices, reasons=reasons,
        **page_formats()), status)


def _refused(mentorship_id: str, form: str, error: SyndesmosError, fields) -> Response:
    if isinstance(error, NotFound):
        raise error  # none of its parties: it does not exist for them
    return _page(status=status_of(error), refused=(mentorship_id, form),
                 errors=refusal_errors(error, fields))


def _done(mentorship_id: str, done: str) -> Response:
    return redirect(url_for("web.mentorships", done=done, _anchor=f"m-{mentorship_id}"),
                    HTTPStatus.SEE_OTHER)


@blp.post("/mentorships/<mentorship_id>/steps")
def mentorship_step(mentorship_id: str):
    fields, errors = read_form(StepForm())
    if fields is None:
        return _page(status=HTTPStatus.UNPROCESSABLE_ENTITY, refused=(mentorship_id, "step"),
                     errors=errors)
    step = fields["action"]
    try:
        view = mentorships().act(mentorship_id, step, reason=fields["reason"],
                                 rating=fields["rating"], revision=fields["revision"],
                                 actor=current_actor())
    except SyndesmosError as error:
        return _refused(mentorship_id, "step", error, STEP_FIELDS)
    if step == Step.ACCEPT:
        both = view.mentorship.state == MentorshipState.ACCEPTED
        return _done(mentorship_id, "both_accepted" if both else "accepted")
    return _done(mentorship_id, step.value)


@blp.post("/mentorships/<mentorship_id>/sessions")
def log_session(mentorship_id: str):
    fields, errors = read_form(SessionForm(), lists=("topics",))
    if fields is None:
        return _page(status=HTTPStatus.UNPROCESSABLE_ENTITY,
                     refused=(mentorship_id, "session"), errors=errors)
    try:
        mentorships().log_session(mentorship_id, **fields, actor=current_actor())
    except SyndesmosError as error:
        return _refused(mentorship_id, "session", error, SESSION_FIELDS)
    return _done(mentorship_id, "session")
