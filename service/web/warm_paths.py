"""Finding a warm path and asking for an introduction: two stakeholders chosen by name, the
paths between them explained in words, and the request's form.

Names are searched as the API searches them (words in any order, Greek or Latin letters). The
page works as plain GET forms; with htmx the names are suggested as one types, from
``/paths/suggestions``, which answers the same list the form would show.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, redirect, render_template, request, url_for

from graph_models.domain.accounts import User
from graph_models.domain.errors import InvalidInput, NotFound
from graph_models.domain.introductions import Purpose
from graph_models.domain.queries import Page, StakeholderQuery
from graph_models.domain.stakeholders import Stakeholder, TieType
from graph_models.use_cases.introductions import PathProposal
from service.api.introduction_schemas import IntroductionInputSchema
from service.auth import current_actor
from service.errors import status_of
from service.extensions import introductions, stakeholders
from service.i18n.labels import label
from service.i18n.locale import N_, gettext
from service.web import introduction_words as words
from service.web.forms import read_form
from service.web.introductions import REFUSED
from service.web.site import blp

CANDIDATES = 10
# What two stakeholders next to each other on a path are to each other, whichever way the tie
# between them points.
TIED = {
    TieType.KNOWS: N_("%(first)s and %(second)s know each other"),
    TieType.PARTNERS_WITH: N_("%(first)s and %(second)s are partners"),
    TieType.MENTORS: N_("%(first)s and %(second)s are mentor and mentee"),
    TieType.FUNDED: N_("one of %(first)s and %(second)s funded the other"),
    TieType.SUPPORTED: N_("one of %(first)s and %(second)s supported the other"),
    TieType.INTRODUCED: N_("%(first)s and %(second)s were introduced to each other"),
}
CLOSENESS = N_("closeness %(strength)s of 5")
# The form's fields that a person sees: a refusal about any other is said for the whole form.
ASK_FIELDS = ("purpose", "message", "broker_id")


@blp.get("/paths", endpoint="warm_paths")
def warm_paths():
    actor = current_actor()
    ends = {end: request.args.get(end, "") or None for end in ("from", "to")}
    ends["from"] = ends["from"] or _only_membership(actor)
    proposal, refusal = (_proposal(ends["from"], ends["to"], actor)
                         if ends["from"] and ends["to"] else (None, None))
    return Response(render_template(
        "introductions/paths.html", ends=ends, names=_names(ends.values(), actor),
        memberships=[_readable(m, actor) for m in actor.memberships],
        candidates={end: _candidates(end, actor) for end in ("from", "to")},
        proposal=proposal, refusal=refusal, hops=_hop_words), HTTPStatus.OK)


@blp.get("/paths/suggestions", endpoint="path_suggestions")
def path_suggestions():
    """The stakeholders whose names match what was typed so far (for htmx)."""
    end = "from" if request.args.get("end") == "from" else "to"
    return render_template("introductions/_candidates.html", end=end,
                           found=_candidates(end, current_actor()),
                           other=request.args.get("to" if end == "from" else "from", ""))


@blp.route("/introductions/new", methods=["GET", "POST"], endpoint="ask_introduction")
def ask_introduction():
    actor = current_actor()
    requester_id = request.args.get("requester") or _only_membership(actor)
    target_id = request.args.get("target")
    if not requester_id or not target_id:
        return redirect(url_for("web.warm_paths", **{"from": requester_id or "",
                                                      "to": target_id or ""}))
    proposal, refusal = _proposal(requester_id, target_id, actor)
    errors: dict[str, str] = {}
    sent = {"broker_id": request.args.get("broker", "")}
    status = HTTPStatus.UNPROCESSABLE_ENTITY if refusal else HTTPStatus.OK
    if request.method == "POST" and proposal is not None:
        fields, errors = read_form(IntroductionInputSchema())
        sent, status = request.form, HTTPStatus.UNPROCESSABLE_ENTITY
        if fields is not None:
            try:
                asked = introductions().request(**fields, actor=actor)
            except REFUSED as refused:
                (errors, refusal), status = words.refusal_of(refused), status_of(refused)
            else:
                return redirect(url_for("web.introduction",
                                        introduction_id=asked.introduction.id, asked=1),
                                HTTPStatus.SEE_OTHER)
        refusal = refusal or next((errors[f] for f in errors if f not in ASK_FIELDS), None)
    return Response(render_template(
        "introductions/ask.html", requester_id=requester_id, target_id=target_id,
        names=_names((requester_id, target_id), actor), proposal=proposal, refusal=refusal,
        errors=errors, sent=sent, hops=_hop_words,
        purposes=[(p.value, label("purpose", p)) for p in Purpose]), status)


def _only_membership(actor: User) -> str | None:
    """The stakeholder a user asks for when they are a member of one only."""
    return actor.memberships[0] if len(actor.memberships) == 1 else None


def _proposal(requester_id: str, target_id: str,
              actor: User) -> tuple[PathProposal | None, str | None]:
    """The warm paths between two stakeholders, or why none can be asked for."""
    try:
        return introductions().paths(requester_id, target_id, actor=actor), None
    except InvalidInput as refused:
        errors, refusal = words.refusal_of(refused)
        return None, refusal or next(iter(errors.values()))


def _readable(stakeholder_id: str, actor: User) -> Stakeholder | None:
    """The stakeholder, if ``actor`` may see it."""
    try:
        return stakeholders().get_stakeholder(stakeholder_id, actor=actor)
    except NotFound:
        return None


def _names(ids, actor: User) -> dict[str, str]:
    """The names of the stakeholders of ``ids`` that ``actor`` may see, by id."""
    found = (_readable(i, actor) for i in ids if i)
    return {s.id: s.name for s in found if s is not None}


def _candidates(end: str, actor: User) -> Page[Stakeholder] | None:
    """The stakeholders whose names match what was typed for ``end`` (None: nothing typed).
    Only stakeholders that take requests can be asked to meet."""
    text = request.args.get(f"{end}_q", "").strip()
    if not text:
        return None
    return stakeholders().find_stakeholders(StakeholderQuery(
        text=text, discoverable_only=end == "to", page_size=CANDIDATES), actor=actor)


def _hop_words(proposal: PathProposal, path) -> list[str]:
    """Each hop of a path as a sentence naming its two ends and what ties them."""
    said = []
    for hop in path.hops:
        text = gettext(TIED[hop.type], first=proposal.names[hop.source],
                       second=proposal.names[hop.target])
        if hop.strength is not None:
            text += f" ({gettext(CLOSENESS, strength=hop.strength)})"
        said.append(text)
    return said
