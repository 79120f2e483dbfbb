"""The invitation pages: an admin's (or a coordinator's) list of invitations, the form that
invites, revoking; and the page behind an invitation's link, where the invitee chooses a
password and is signed in, with nobody needing a command line."""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, g, redirect, render_template, request, url_for

from graph_models.domain.accounts import LOCALES, MIN_PASSWORD_LENGTH, Role
from graph_models.domain.errors import Conflict, Gone, InvalidInput, NotFound
from graph_models.domain.invitations import InvitationState
from service.api.invitations import issued_answer
from service.auth import current_actor, start_session
from service.extensions import invitations
from service.i18n.formats import format_moment
from service.i18n.locale import N_, gettext
from service.web.admin_forms import AccountForm, PasswordForm
from service.web.forms import check_anonymous_form, field_errors, read_form
from service.web.site import blp

# Why a link no longer works, by the invitation's state.
UNUSABLE = {
    InvitationState.ACCEPTED: N_("This invitation has been used already: its link works once. "
                                 "Sign in with the password you chose."),
    InvitationState.REVOKED: N_("This invitation was withdrawn. Ask whoever invited you for a "
                                "new one."),
    InvitationState.EXPIRED: N_("This invitation has run out. Ask whoever invited you for a "
                                "new one."),
}
STATES = {InvitationState.PENDING: N_("waiting"), InvitationState.ACCEPTED: N_("used"),
          InvitationState.REVOKED: N_("withdrawn"), InvitationState.EXPIRED: N_("run out")}


def role_options(actor) -> list[tuple[str, str]]:
    """The roles ``actor`` may give (a coordinator invites members only), as labels."""
    from service.i18n.labels import label

    roles = list(Role) if actor.role == Role.ADMIN else [Role.MEMBER]
    return [(role.value, label("role", role)) for role in roles]


def locale_options() -> list[tuple[str, str]]:
    return [(code, {"el": "Ελληνικά", "en": "English"}[code]) for code in LOCALES]


@blp.route("/admin/invitations", methods=["GET", "POST"], endpoint="invitations")
def invitations_page():
    actor = current_actor()
    desk = invitations()
    errors: dict[str, str] = {}
    issued = None
    if request.method == "POST":
        fields_, errors = read_form(AccountForm())
        if fields_ is not None:
            try:
                issued = issued_answer(desk.invite(fields_, actor=actor))
            except (InvalidInput, Conflict) as refused:
                errors = field_errors(refused.errors) or {"username": refused.message}
    page = render_template(
        "admin_invitations.html", invitations=desk.list_invitations(actor=actor),
        issued=issued, withdrawn=request.args.get("withdrawn"), errors=errors,
        form=request.form if errors else {},
        roles=role_options(actor), locales=locale_options(), states=STATES,
        moment=format_moment)
    return Response(page, HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK)


@blp.post("/admin/invitations/<invitation_id>/revoke")
def revoke_invitation(invitation_id: str):
    view = invitations().revoke(invitation_id, actor=current_actor())
    return redirect(url_for("web.invitations", withdrawn=view.user.username),
                    HTTPStatus.SEE_OTHER)


@blp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    desk = invitations()
    try:
        view = desk.look_up(token)
    except NotFound:
        return _unusable(gettext("This link is not a valid invitation. Check that it was copied "
                                 "whole, or ask whoever invited you for a new one."),
                         HTTPStatus.NOT_FOUND)
    if view.state != InvitationState.PENDING:
        return _unusable(gettext(UNUSABLE[view.state]), HTTPStatus.GONE)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if g.get("actor") is None:  # a session's form was checked before the view
            check_anonymous_form()
        form, errors = read_form(PasswordForm())
        if form is not None:
            try:
                user = desk.accept(token, form["password"])
            except Gone as gone:
                return _unusable(gettext(UNUSABLE[InvitationState(gone.errors["state"][0])]),
                                 HTTPStatus.GONE)
            start_session(user)
            return redirect(url_for("web.home"), HTTPStatus.SEE_OTHER)
    page = render_template("accept_invitation.html", view=view, errors=errors,
                           until=format_moment(view.invitation.expires_at),
                           min_length=MIN_PASSWORD_LENGTH)
    return Response(page, HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK)


def _unusable(sentence: str, status: HTTPStatus) -> Response:
    page = render_template("error.html", heading=gettext("This invitation cannot be used"),
                           sentence=sentence, status=status.value)
    return Response(page, status)
