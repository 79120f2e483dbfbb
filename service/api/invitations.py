"""Invitations: an account made for someone, and a one-time link to set its password."""

from __future__ import annotations

from flask import current_app, url_for
from flask.views import MethodView
from marshmallow import Schema, fields

from graph_models.domain.errors import Conflict
from graph_models.domain.invitations import InvitationState
from graph_models.use_cases.invitations import InvitationView, Invited
from service.api.account_schemas import UserInputSchema, UserSchema
from service.api.common import Blueprint, document_errors
from service.auth import current_actor
from service.extensions import invitations
from service.idempotency import HEADER, secret_shown_once
from service.invitation_mail import send_invitation

blp = Blueprint("invitations", __name__, description="Invitations to set a password.")


class InvitationInputSchema(UserInputSchema):
    """The account to make, as for POST /users, without a password: the invitee sets it."""

    class Meta:
        exclude = ("password",)


class InvitationSchema(Schema):
    id = fields.String()
    user = fields.Nested(UserSchema)
    state = fields.Enum(InvitationState, by_value=True, metadata={
        "description": "pending (its link works), accepted (used), revoked or expired"})
    invited_by = fields.String(allow_none=True, metadata={"description": "a user id"})
    created_at = fields.DateTime()
    expires_at = fields.DateTime()
    accepted_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class IssuedInvitationSchema(Schema):
    invitation = fields.Nested(InvitationSchema)
    link = fields.String(metadata={"description": "the one-time link: shown this once"})
    emailed = fields.Boolean(metadata={
        "description": "whether the link was e-mailed to the account's address"})


def _view(view: InvitationView) -> dict:
    invitation = view.invitation
    return {**{name: getattr(invitation, name) for name in (
        "id", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at")},
        "user": view.user, "state": view.state}


def issued_answer(invited: Invited) -> dict:
    """What inviting answers: the invitation, its link (once) and whether it was e-mailed."""
    invitation = invited.issued.invitation
    link = url_for("web.accept_invitation", token=invited.issued.secret, _external=True)
    return {"invitation": _view(invited.view), "link": link,
            "emailed": send_invitation(current_app.config, invited.user, link,
                                       invitation.expires_at)}


def _shown_once(answer: dict) -> Conflict:
    invitation_id = answer["invitation"]["id"]
    return Conflict(
        f"the first request with this {HEADER} made invitation {invitation_id}, whose link is "
        f"shown only once: revoke it (DELETE /api/v1/invitations/{invitation_id}) and invite "
        "again", errors={HEADER: [f"invitation {invitation_id} was made"]})


@blp.route("/invitations")
class Invitations(MethodView):
    @blp.response(200, InvitationSchema(many=True))
    @document_errors(blp, 401, 403)
    def get(self):
        """Invitations, newest first (admins; coordinators: their territories' members)."""
        return [_view(view) for view in invitations().list_invitations(actor=current_actor())]

    @blp.arguments(InvitationInputSchema)
    @blp.response(201, IssuedInvitationSchema)
    @document_errors(blp, 401, 403, 409, 422, body=True)
    @secret_shown_once(_shown_once)
    def post(self, fields_):
        """Make an account without a password and a one-time link (valid 7 days) with
        which its person sets one; the link is in this answer only, and e-mailed to the
        account's address when mail is configured. Admins; a coordinator invites members
        of its territories' stakeholders."""
        return issued_answer(invitations().invite(fields_, actor=current_actor()))


@blp.route("/users/<user_id>/invitations")
class UserInvitations(MethodView):
    @blp.response(201, IssuedInvitationSchema)
    @document_errors(blp, 401, 403, 404, 422)
    @secret_shown_once(_shown_once)
    def post(self, user_id):
        """Invite an existing account again (its link ran out, or its password was
        forgotten); a link of it still waiting is revoked."""
        return issued_answer(invitations().reinvite(user_id, actor=current_actor()))


@blp.route("/invitations/<invitation_id>")
class InvitationById(MethodView):
    @blp.response(200, InvitationSchema)
    @document_errors(blp, 401, 403, 404, 409)
    def delete(self, invitation_id):
        """Revoke an invitation: its link no longer works (the account stays)."""
        return _view(invitations().revoke(invitation_id, actor=current_actor()))
