"""My account: my name and language (as ``PATCH /api/v1/me``), my password (as
``PUT /api/v1/me/password``), and my personal API tokens (as ``/api/v1/users/<me>/tokens``),
each form read by the API's schema and refused with its errors next to its fields."""

from __future__ import annotations

import math
from dataclasses import dataclass
from http import HTTPStatus

from flask import Response, redirect, render_template, request, url_for

from graph_models.domain.accounts import ApiToken, IssuedToken
from graph_models.domain.errors import InvalidInput, TooManyRequests
from graph_models.domain.stakeholders import now
from service.api.account_schemas import PasswordChangeSchema
from service.auth import current_actor, start_session
from service.extensions import accounts
from service.i18n.formats import format_moment
from service.i18n.locale import ngettext
from service.web.forms import field_errors, read_form
from service.web.language import LOCALE_COOKIE, remember_locale
from service.web.member_forms import SettingsForm, TokenForm
from service.web.site import blp


@dataclass(frozen=True)
class TokenRow:
    """A token as the account page lists it: its dates in the page's language, and whether
    it still works."""

    id: str
    name: str
    created: str
    expires: str | None
    last_used: str | None
    revoked: str | None
    usable: bool


@blp.get("/account")
def account():
    return _account_page(HTTPStatus.OK, notice=request.args.get("done"))


@blp.post("/account/settings")
def account_settings():
    settings, errors = read_form(SettingsForm())
    if settings is None:
        return _account_page(HTTPStatus.UNPROCESSABLE_ENTITY, errors=errors)
    user = accounts().change_own_settings(settings, actor=current_actor())
    response = redirect(url_for("web.account", done="settings"), HTTPStatus.SEE_OTHER)
    # As the language switch does: this browser follows the choice, or its own languages.
    if user.locale:
        remember_locale(response, user.locale)
    else:
        response.delete_cookie(LOCALE_COOKIE)
    return response


@blp.post("/account/password")
def change_password():
    passwords, errors = read_form(PasswordChangeSchema())
    if passwords is not None:
        try:
            user = accounts().change_own_password(
                passwords["current_password"], passwords["new_password"], actor=current_actor())
        except InvalidInput as refused:
            errors = field_errors(refused.errors)
        except TooManyRequests as refused:
            errors = {"current_password": _too_many_attempts(refused)}
        else:
            start_session(user)  # a new password ends every session, this one too
            return redirect(url_for("web.account", done="password"), HTTPStatus.SEE_OTHER)
    return _account_page(HTTPStatus.UNPROCESSABLE_ENTITY, errors=errors)


@blp.post("/account/tokens")
def issue_token():
    fields, errors = read_form(TokenForm())
    if fields is None:
        return _account_page(HTTPStatus.UNPROCESSABLE_ENTITY, errors=errors)
    actor = current_actor()
    issued = accounts().issue_token(actor.id, name=fields["name"], days=fields.get("days"),
                                    actor=actor)
    return _account_page(HTTPStatus.CREATED, issued=issued)


@blp.post("/account/tokens/<token_id>/revoke")
def revoke_token(token_id: str):
    accounts().revoke_token(token_id, actor=current_actor())
    return redirect(url_for("web.account", done="revoked"), HTTPStatus.SEE_OTHER)


def _too_many_attempts(refused: TooManyRequests) -> str:
    minutes = math.ceil(refused.retry_after / 60)
    return ngettext("Too many attempts to sign in. Try again in %(num)d minute.",
                    "Too many attempts to sign in. Try again in %(num)d minutes.", minutes)


def _account_page(status: HTTPStatus, *, errors: dict[str, str] | None = None,
                  notice: str | None = None, issued: IssuedToken | None = None) -> Response:
    actor = current_actor()
    tokens = sorted(accounts().list_tokens(actor.id, actor=actor),
                    key=lambda t: (t.created_at, t.id), reverse=True)
    page = render_template("account.html", person=actor, errors=errors or {}, notice=notice,
                           issued=issued, tokens=[_row(t) for t in tokens],
                           sent=request.form if request.method == "POST" else {})
    return Response(page, status)


def _row(token: ApiToken) -> TokenRow:
    def moment(at):
        return format_moment(at) if at is not None else None

    return TokenRow(token.id, token.name, format_moment(token.created_at),
                    moment(token.expires_at), moment(token.last_used_at),
                    moment(token.revoked_at), token.usable(now()))
