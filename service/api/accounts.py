"""Accounts: sign in and out, users, personal API tokens, and the audit trail."""

from __future__ import annotations

from flask import request
from flask.views import MethodView

from graph_models.domain.accounts import ApiToken
from graph_models.domain.errors import Conflict
from service import limits
from service.api.account_schemas import (
    AuditPageSchema,
    AuditQuerySchema,
    IssuedTokenSchema,
    LoginSchema,
    PasswordChangeSchema,
    SessionSchema,
    SettingsSchema,
    TokenInputSchema,
    TokenSchema,
    UserInputSchema,
    UserPatchSchema,
    UserSchema,
)
from service.api.common import DOCUMENTED_ERRORS, QUERY, Blueprint, document_errors
from service.auth import current_actor, end_session, start_session
from service.extensions import accounts
from service.idempotency import HEADER, secret_shown_once

blp = Blueprint("accounts", __name__, description="Sign-in, users, API tokens, audit trail.")


@blp.route("/auth/login")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, SessionSchema)
    @document_errors(blp, 401, 422, 429, body=True, public=True)
    def post(self, credentials):
        """Sign in with a password; opens a session (a cookie) for web pages."""
        limits.count(limits.LOGINS, request.remote_addr or "")
        user = accounts().login(credentials["username"], credentials["password"])
        return {"user": user, "csrf_token": start_session(user)}


@blp.route("/auth/logout")
class Logout(MethodView):
    @blp.response(204)
    @blp.alt_response(503, description=DOCUMENTED_ERRORS[503], schema="Error")
    def post(self):
        """End the session: its cookie no longer works, wherever it was kept."""
        end_session()


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, UserSchema)
    @document_errors(blp, 401)
    def get(self):
        """The signed-in user."""
        return current_actor()

    @blp.arguments(SettingsSchema)
    @blp.response(200, UserSchema)
    @document_errors(blp, 401, 422, body=True)
    def patch(self, settings):
        """Change your own settings: the language (``locale``) the service speaks to you in,
        whatever your browser asks for, and the name (``display_name``) it calls you by."""
        return accounts().change_own_settings(settings, actor=current_actor())


@blp.route("/me/password")
class MyPassword(MethodView):
    @blp.arguments(PasswordChangeSchema)
    @blp.response(204)
    @document_errors(blp, 422, body=True)
    def put(self, passwords):
        """Change your own password, giving the current one (a wrong one counts towards the
        lockout, as a failed login does). It ends your sessions, this one included; tokens
        keep working."""
        accounts().change_own_password(passwords["current_password"],
                                       passwords["new_password"], actor=current_actor())


@blp.route("/users")
class Users(MethodView):
    @blp.response(200, UserSchema(many=True))
    @document_errors(blp, 401, 403)
    def get(self):
        """Every account (admins)."""
        return accounts().list_users(actor=current_actor())

    @blp.arguments(UserInputSchema)
    @blp.response(201, UserSchema)
    @document_errors(blp, 401, 403, 409, 422, body=True)
    def post(self, fields):
        """Create an account (admins)."""
        return accounts().create_user(fields, actor=current_actor())


@blp.route("/users/<user_id>")
class UserById(MethodView):
    @blp.response(200, UserSchema)
    @document_errors(blp, 401, 403, 404)
    def get(self, user_id):
        """Read an account (your own, or any for admins)."""
        return accounts().get_user(user_id, actor=current_actor())

    @blp.arguments(UserPatchSchema)
    @blp.response(200, UserSchema)
    @document_errors(blp, 401, 403, 404, 409, 422, body=True)
    def patch(self, changes, user_id):
        """Change an account (admins); a new password also unlocks it."""
        return accounts().update_user(user_id, changes, actor=current_actor())

    @blp.response(204)
    @document_errors(blp, 401, 403, 404)
    def delete(self, user_id):
        """Delete an account and its tokens (admins)."""
        accounts().delete_user(user_id, actor=current_actor())


@blp.route("/users/<user_id>/tokens")
class UserTokens(MethodView):
    @blp.response(200, TokenSchema(many=True))
    @document_errors(blp, 401, 403, 404)
    def get(self, user_id):
        """A user's API tokens (never their secrets)."""
        return accounts().list_tokens(user_id, actor=current_actor())

    @blp.arguments(TokenInputSchema)
    @blp.response(201, IssuedTokenSchema)
    @blp.alt_response(409, schema="Error", description=(
        "Sent again with its Idempotency-Key: the token was made, and its secret is shown "
        "only once; revoke the token named and make a new one."))
    @document_errors(blp, 401, 403, 404, 422, body=True)
    @secret_shown_once(lambda issued: _shown_once(issued.token))
    def post(self, fields, user_id):
        """Make a token; its secret is in this answer only.

        Sent again with its `Idempotency-Key`, it answers 409 naming the token made: the
        secret is shown only once and kept nowhere, so revoke that token and make a new one.
        """
        return accounts().issue_token(user_id, name=fields["name"], days=fields.get("days"),
                                      actor=current_actor())


def _shown_once(token: ApiToken) -> Conflict:
    return Conflict(
        f"the first request with this {HEADER} made token {token.id} ({token.name}), whose "
        f"secret is shown only once: revoke it (DELETE /api/v1/tokens/{token.id}) and make a "
        "new one", errors={HEADER: [f"token {token.id} was made; its secret is shown only "
                                    "once"]})


@blp.route("/tokens/<token_id>")
class TokenById(MethodView):
    @blp.response(200, TokenSchema)
    @document_errors(blp, 401, 403, 404)
    def delete(self, token_id):
        """Revoke a token (yours, or any for admins)."""
        return accounts().revoke_token(token_id, actor=current_actor())


@blp.route("/audit")
class Audit(MethodView):
    @blp.arguments(AuditQuerySchema, **QUERY)
    @blp.response(200, AuditPageSchema)
    @document_errors(blp, 401, 403, 422)
    def get(self, args):
        """Who did what, when (admins; coordinators for their territories)."""
        return accounts().find_audit(
            object_id=args.get("object_id"), actor_id=args.get("actor_id"), page=args["page"],
            page_size=args["page_size"], actor=current_actor())
