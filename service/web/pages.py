"""The pages every user starts from: sign-in and sign-out, the language switch, and the home
page."""

from __future__ import annotations

import math
from http import HTTPStatus

from flask import Response, g, redirect, render_template, request, url_for

from graph_models.domain.accounts import LOCALES, User
from graph_models.domain.errors import InvalidInput, TooManyRequests, Unauthenticated
from service import limits
from service.auth import current_actor, end_session, start_session
from service.extensions import accounts
from service.i18n.locale import gettext, ngettext
from service.web.forms import check_anonymous_form, safe_next
from service.web.home import home_of
from service.web.language import remember_locale
from service.web.site import blp


@blp.get("/")
def home():
    return render_template("home.html", home=home_of(current_actor()))


@blp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    next_page = safe_next(request.values.get("next"), url_for("web.home"))
    if request.method == "GET":
        return _sign_in_page(HTTPStatus.OK, next_page,
                             signed_out=request.args.get("signed_out") == "1")
    check_anonymous_form()
    username, password = request.form.get("username", ""), request.form.get("password", "")
    errors = {field: message for field, message, given in (
        ("username", gettext("Enter your username."), username),
        ("password", gettext("Enter your password."), password)) if not given}
    if errors:
        return _sign_in_page(HTTPStatus.UNPROCESSABLE_ENTITY, next_page, username, errors)
    try:
        user = _check_password(username, password)
    except Unauthenticated:
        return _sign_in_page(HTTPStatus.UNPROCESSABLE_ENTITY, next_page, username, {
            "password": gettext("The username or the password is wrong.")})
    except TooManyRequests as refused:
        minutes = math.ceil(refused.retry_after / 60)
        page = _sign_in_page(HTTPStatus.TOO_MANY_REQUESTS, next_page, username, {
            "password": ngettext("Too many attempts to sign in. Try again in %(num)d minute.",
                                 "Too many attempts to sign in. Try again in %(num)d minutes.",
                                 minutes)})
        page.headers["Retry-After"] = str(refused.retry_after)
        return page
    start_session(user)
    return redirect(next_page, HTTPStatus.SEE_OTHER)


def _check_password(username: str, password: str) -> User:
    """The user whose password this is, within the same limits as the API's login."""
    limits.count(limits.LOGINS, request.remote_addr or "")
    return accounts().login(username, password)


def _sign_in_page(status: HTTPStatus, next_page: str, username: str = "",
                  errors: dict[str, str] | None = None, *, signed_out: bool = False) -> Response:
    page = render_template("sign_in.html", next_page=next_page, username=username,
                           errors=errors or {}, signed_out=signed_out)
    return Response(page, status)


@blp.post("/sign-out")
def sign_out():
    end_session()
    return redirect(url_for("web.sign_in", signed_out=1), HTTPStatus.SEE_OTHER)


@blp.post("/language")
def language():
    locale = request.form.get("locale")
    if locale not in LOCALES:
        raise InvalidInput("not a language of the service", errors={"locale": list(LOCALES)})
    actor = g.get("actor")
    if actor is None:
        check_anonymous_form()
    else:
        accounts().change_own_settings({"locale": locale}, actor=actor)
    response = redirect(safe_next(request.form.get("next"), url_for("web.home")),
                        HTTPStatus.SEE_OTHER)
    remember_locale(response, locale)
    return response
