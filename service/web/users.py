"""The accounts pages (admins): every account with its role and territories, making and
changing one (role, territories by name, memberships by stakeholder name), switching it off,
and its API tokens, which an admin may revoke as the API lets them."""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, redirect, render_template, request, url_for

from graph_models.domain.errors import Conflict, InvalidInput, NotFound
from service.auth import current_actor
from service.extensions import accounts, stakeholders
from service.i18n.formats import format_moment
from service.web.admin_forms import AccountForm
from service.web.forms import field_errors, read_form
from service.web.invitations import locale_options, role_options
from service.web.site import blp


def _saved(write) -> tuple[object | None, dict[str, str]]:
    """Load the posted account form and run ``write(fields)``: its result, or None and the
    problems by field (nothing written)."""
    fields_, errors = read_form(AccountForm())
    if fields_ is None:
        return None, errors
    try:
        return write(fields_), {}
    except (InvalidInput, Conflict) as refused:
        return None, field_errors(refused.errors) or {"username": refused.message}


@blp.route("/admin/users", methods=["GET", "POST"], endpoint="users")
def users_page():
    actor = current_actor()
    errors: dict[str, str] = {}
    if request.method == "POST":
        made, errors = _saved(lambda fields_: accounts().create_user(fields_, actor=actor))
        if made is not None:
            return redirect(url_for("web.user", user_id=made.id, saved=1), HTTPStatus.SEE_OTHER)
    page = render_template("admin_users.html", users=accounts().list_users(actor=actor),
                           errors=errors, form=request.form if errors else {},
                           roles=role_options(actor), locales=locale_options())
    return Response(page, HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK)


@blp.route("/admin/users/<user_id>", methods=["GET", "POST"], endpoint="user")
def user_page(user_id: str):
    actor = current_actor()
    user = accounts().get_user(user_id, actor=actor)
    errors: dict[str, str] = {}
    if request.method == "POST":
        saved, errors = _saved(lambda fields_: accounts().update_user(user_id, fields_,
                                                                      actor=actor))
        if saved is not None:
            return redirect(url_for("web.user", user_id=user_id, saved=1), HTTPStatus.SEE_OTHER)
    form = request.form if errors else {
        "username": user.username, "display_name": user.display_name, "email": user.email or "",
        "locale": user.locale or "", "role": user.role.value, "regions": ", ".join(user.regions),
        "memberships": "\n".join(_names(user.memberships)), "disabled": user.disabled}
    page = render_template("admin_user.html", person=user, errors=errors, form=form,
                           tokens=accounts().list_tokens(user_id, actor=actor),
                           roles=role_options(actor), locales=locale_options(),
                           saved=request.args.get("saved") == "1", moment=format_moment)
    return Response(page, HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK)


def _names(stakeholder_ids) -> list[str]:
    names = []
    for stakeholder_id in stakeholder_ids:
        try:
            names.append(stakeholders().get_stakeholder(stakeholder_id,
                                                        actor=current_actor()).name)
        except NotFound:  # erased meanwhile: the membership went with it
            continue
    return names


@blp.post("/admin/users/<user_id>/tokens/<token_id>/revoke")
def revoke_user_token(user_id: str, token_id: str):
    accounts().revoke_token(token_id, actor=current_actor())
    return redirect(url_for("web.user", user_id=user_id, saved=1), HTTPStatus.SEE_OTHER)
