"""The introductions pages: the inbox, and one request with the steps its reader may take now.
Asking for an introduction and finding a warm path are in :mod:`service.web.warm_paths`.

Every page calls the introduction use cases as the signed-in user, so it shows and allows
exactly what the API would: a request its reader may not see is not found, a step they may not
take is refused, and a refused step writes nothing (see ``docs/web.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

from flask import Response, redirect, render_template, request, url_for
from marshmallow import ValidationError

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput
from graph_models.domain.introductions import DeclineReason, Party, Purpose, State, Step
from graph_models.use_cases.introductions import Box, IntroductionView
from service.api.introduction_schemas import InboxQuerySchema, StepInputSchema
from service.auth import current_actor
from service.errors import status_of
from service.extensions import introductions
from service.i18n.formats import TIME_ZONE, format_day, format_moment
from service.i18n.labels import label
from service.i18n.locale import N_, gettext
from service.web import introduction_words as words
from service.web.forms import field_errors, read_query
from service.web.site import blp

# What a page shows instead of an error page: the refusals a person can do something about.
REFUSED = (InvalidInput, Conflict, Forbidden)
INBOX_PAGE_SIZE = 50
# The steps a person takes on a page (expiring is the system's).
PEOPLES_STEPS = tuple(s for s in Step if s != Step.EXPIRE)
ASKED = N_("Your request was sent. You will be told when someone answers it.")
BLOCK_DONE = {
    "block": N_("Your organisation takes no more introduction requests from %(requester)s."),
    "unblock": N_("%(requester)s may ask your organisation for introductions again."),
}


def boxes_of(user: User) -> list[Box]:
    """The inboxes ``user`` has, the one shown first first: a coordinator's (or admin's)
    territories, then those of the stakeholders they are a member of."""
    boxes = [Box.REGION] if user.role in (Role.COORDINATOR, Role.ADMIN) else []
    if user.memberships:
        boxes += [Box.SENT, Box.TO_BROKER, Box.TO_ME]
    return boxes


@blp.get("/introductions", endpoint="introductions")
def inbox():
    actor = current_actor()
    boxes = boxes_of(actor)
    args, errors = read_query(InboxQuerySchema(), lists=("state",))
    args = args or InboxQuerySchema().load({})  # a refused filter: the inbox as it starts
    box = args["box"] if "box" in request.args and "box" not in errors else (
        boxes[0] if boxes else Box.SENT)
    found = introductions().inbox(box, states=tuple(args["state"] or ()) or None,
                                  waiting_days=args["waiting_days"], page=args["page"],
                                  page_size=INBOX_PAGE_SIZE, actor=actor)
    groups = [(state, [v for v in found.items if v.introduction.state == state])
              for state in State]
    counts = {b: found.total if b == box else introductions().inbox(
        b, page_size=1, actor=actor).total for b in boxes}
    return render_template(
        "introductions/inbox.html", box=box, boxes=boxes, counts=counts, found=found,
        groups=[(state, views) for state, views in groups if views], args=args, errors=errors,
        box_names=words.BOX_NAMES, box_sentences=words.BOX_SENTENCES,
        states=[(s.value, label("introduction_state", s)) for s in State], day=_day,
        page_link=lambda page: url_for("web.introductions", **{
            **request.args.to_dict(flat=False), "page": page}))


@blp.get("/introductions/<introduction_id>", endpoint="introduction")
def introduction(introduction_id: str):
    view = introductions().get(introduction_id, actor=current_actor())
    return _introduction_page(view, notice=_notice(view))


@blp.post("/introductions/<introduction_id>/actions", endpoint="act_on_introduction")
def act_on_introduction(introduction_id: str):
    actor = current_actor()
    step, errors = _read_step()
    refusal, status = None, HTTPStatus.UNPROCESSABLE_ENTITY
    if step is not None:
        try:
            introductions().act(introduction_id, step["action"], note=step["note"],
                                reason=step["reason"], block=step["block"],
                                share_contacts=step["share_contacts"],
                                revision=step["revision"], actor=actor)
        except REFUSED as refused:
            (errors, refusal), status = words.refusal_of(refused), status_of(refused)
        else:
            return redirect(url_for("web.introduction", introduction_id=introduction_id,
                                    done=step["action"].value), HTTPStatus.SEE_OTHER)
    # A refusal about the form as a whole (its action, the revision it was made from).
    for whole in ("action", "revision"):
        refusal = refusal or errors.pop(whole, None)
    view = introductions().get(introduction_id, actor=actor)
    prefix = f"{request.form.get('action', '')}-"
    return _introduction_page(view, status=status, refusal=refusal, sent=request.form,
                              errors={prefix + field: text for field, text in errors.items()})


@blp.post("/introductions/<introduction_id>/<any(block, unblock):change>",
          endpoint="block_requester")
def block_requester(introduction_id: str, change: str):
    """Block or unblock the request's requester, for its target (as its use case allows)."""
    actor = current_actor()
    view = introductions().get(introduction_id, actor=actor)
    change_block = introductions().block if change == "block" else introductions().unblock
    try:
        change_block(view.target.id, view.requester.id, actor=actor)
    except REFUSED as refused:
        errors, refusal = words.refusal_of(refused)
        return _introduction_page(view, status=status_of(refused),
                                  refusal=refusal or next(iter(errors.values())))
    return redirect(url_for("web.introduction", introduction_id=introduction_id, done=change),
                    HTTPStatus.SEE_OTHER)


def _read_step() -> tuple[dict | None, dict[str, str]]:
    """The step posted, read by the API's schema. Each step's form names its fields after
    the step (``decline-note``), so that the forms of one page have fields of their own."""
    step = request.form.get("action", "")
    raw: dict[str, object] = {"action": step}
    revision = request.form.get("revision", "")
    if revision:
        raw["revision"] = int(revision) if revision.isdigit() else revision
    prefix = f"{step}-"
    for name, value in request.form.items():
        if name.startswith(prefix) and value.strip():
            raw[name.removeprefix(prefix)] = value.strip()
    try:
        return StepInputSchema().load(raw), {}
    except ValidationError as error:
        return None, field_errors(error.normalized_messages())


def _introduction_page(view: IntroductionView, *, status: int = HTTPStatus.OK,
                       notice: str | None = None, refusal: str | None = None,
                       errors: Mapping[str, str] | None = None,
                       sent: Mapping[str, str] | None = None) -> Response:
    actor = current_actor()
    page = render_template(
        "introductions/introduction.html", view=view, intro=view.introduction,
        steps=[s for s in view.steps if s in PEOPLES_STEPS], notice=notice, refusal=refusal,
        errors=errors or {}, sent=sent or {}, blocked=_blocked(view, actor),
        reasons=[(r.value, label("decline_reason", r)) for r in DeclineReason],
        step_buttons=words.STEP_BUTTONS, step_sentences=words.STEP_SENTENCES,
        is_target=Party.TARGET in view.parties, shares=_shares_contacts, day=_day,
        moment=format_moment, purposes=Purpose)
    return Response(page, status)


def _blocked(view: IntroductionView, actor: User) -> bool | None:
    """Whether the request's target blocks its requester: asked only for the target's
    members, who may change it (None for anyone else)."""
    if Party.TARGET not in view.parties:
        return None
    return any(b.requester_id == view.requester.id
               for b in introductions().blocks(view.target.id, actor=actor))


def _shares_contacts(view: IntroductionView, step: Step) -> bool:
    """Whether taking ``step`` asks its taker whether to share their contacts."""
    return (step == Step.ACCEPT and Party.TARGET in view.parties) or (
        step == Step.COMPLETE and Party.REQUESTER in view.parties)


def _notice(view: IntroductionView) -> str | None:
    """What the page says of what was just done (the redirect after a form names it)."""
    done = request.args.get("done", "")
    if done in words.STEP_DONE:
        return gettext(words.STEP_DONE[Step(done)])
    if done in BLOCK_DONE:
        return gettext(BLOCK_DONE[done], requester=view.requester.name)
    return gettext(ASKED) if request.args.get("asked") else None



def _day(moment) -> str:
    """The day of an aware time, as it was in Greece, in the page's language."""
    return format_day(moment.astimezone(TIME_ZONE).date())
