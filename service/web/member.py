"""The pages of the stakeholders a user acts for: my organisation(s), and a stakeholder's form —
its profile, needs, offers and consents — to change one (its members, the coordinators of its
territory, admins) or to register a new one (coordinators, admins). Who may is the use cases'
and the policy's word, as for the API; the form is read by the API's schema
(:mod:`service.web.member_forms`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus

from flask import Response, redirect, render_template, request, url_for

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput
from graph_models.domain.policy import Action, Resource
from graph_models.domain.stakeholders import Kind, Stakeholder
from service.auth import current_actor
from service.extensions import stakeholders
from service.i18n.locale import gettext
from service.web.forms import field_errors, read_form
from service.web.member_forms import (
    LIST_FIELDS,
    StakeholderForm,
    choices_of,
    form_fields,
    region_choices,
    topic_groups,
    values_of,
    values_sent,
)
from service.web.site import blp


@blp.get("/organisation")
def organisation():
    actor = current_actor()
    mine = [stakeholders().get_stakeholder(sid, actor=actor) for sid in actor.memberships]
    return render_template("organisation.html", organisations=mine)


@blp.route("/stakeholders/<stakeholder_id>/edit", methods=["GET", "POST"])
def edit_stakeholder(stakeholder_id: str):
    actor = current_actor()
    stakeholder = _editable(stakeholder_id, actor)
    if request.method == "GET":
        return _form_page(HTTPStatus.OK, stakeholder.kind, values_of(stakeholder),
                          stakeholder=stakeholder, notice=request.args.get("done"))
    return _send(StakeholderForm(stakeholder.kind), stakeholder, lambda fields, version: (
        stakeholders().update_stakeholder(stakeholder_id, fields, expected_updated_at=version,
                                          actor=actor), "saved"))


@blp.route("/stakeholders/new", methods=["GET", "POST"])
def new_stakeholder():
    actor = current_actor()
    kind = _kind_asked()
    if kind is None:
        return _kind_page()
    if request.method == "GET":
        return _form_page(HTTPStatus.OK, kind, {"kind": kind.value})
    return _send(StakeholderForm(kind), None, lambda fields, _version: (
        stakeholders().create_stakeholder(fields, actor=actor), "created"))


def _editable(stakeholder_id: str, actor: User) -> Stakeholder:
    """The stakeholder, if ``actor`` may change it: NotFound if they may not even see it,
    Forbidden if they may see it but not change it (before the form is shown, not after
    it is filled in)."""
    stakeholder = stakeholders().get_stakeholder(stakeholder_id, actor=actor)
    policy.require(actor, Resource.STAKEHOLDER, Action.UPDATE, stakeholder)
    return stakeholder


def _kind_asked() -> Kind | None:
    try:
        return Kind(request.values.get("kind", ""))
    except ValueError:
        return None


def _send(form: StakeholderForm, stakeholder: Stakeholder | None,
          save: Callable[[dict, datetime | None], tuple[Stakeholder, str]]) -> Response:
    """Read the form and ``save`` its fields (and the version it was filled in on) in one
    use case's call; the form again, with the values sent and each error next to its field,
    when it is refused; with the stakeholder as it now is when it changed meanwhile."""
    fields, errors = read_form(form, lists=LIST_FIELDS)
    if fields is not None:
        try:
            saved, done = save(fields, fields.pop("updated_at", None))
        except (InvalidInput, Conflict, Forbidden) as refused:
            if not refused.errors:
                raise
            if "updated_at" in refused.errors and stakeholder is not None:
                current = _editable(stakeholder.id, current_actor())
                return _form_page(HTTPStatus.CONFLICT, form.kind, values_of(current),
                                  stakeholder=current, notice="stale")
            errors = field_errors(refused.errors)
        else:
            return redirect(url_for("web.edit_stakeholder", stakeholder_id=saved.id, done=done),
                            HTTPStatus.SEE_OTHER)
    return _form_page(HTTPStatus.UNPROCESSABLE_ENTITY, form.kind, values_sent(request.form),
                      stakeholder=stakeholder, errors=errors)


def _form_page(status: HTTPStatus, kind: Kind, values: dict, *,
               stakeholder: Stakeholder | None = None, errors: dict[str, str] | None = None,
               notice: str | None = None) -> Response:
    actor = current_actor()
    # A list item's error (needs.3) is shown next to the list's field.
    shown_errors: dict[str, str] = {}
    for key, message in (errors or {}).items():
        shown_errors.setdefault(key.split(".", 1)[0], message)
    page = render_template(
        "stakeholder_form.html", kind=kind, values=values, stakeholder=stakeholder,
        errors=shown_errors, notice=notice, shown=form_fields(kind), choices=choices_of(kind),
        regions=region_choices(actor, current=str(values.get("region") or "")),
        jurisdictions=region_choices(actor, current=str(values.get("jurisdiction") or "")),
        topics=topic_groups(),
        unshown=[message for key, message in shown_errors.items()
                 if key not in form_fields(kind)])
    return Response(page, status)


def _kind_page() -> Response:
    """The first step of registering a stakeholder: which kind it is (its form depends on
    it); a kind asked for that is none is said next to the choice."""
    asked = "kind" in request.values
    errors = {"kind": gettext("Choose one of the kinds listed.")} if asked else {}
    page = render_template("stakeholder_kind.html", errors=errors,
                           kinds=choices_of(Kind.ENTREPRENEUR)["kind"])
    return Response(page, HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK)
