"""The pages: sign-in and sign-out, the language switch, and the home page.

The app checks who is asking before any view runs, as for the API (:mod:`service.auth`); here
a request that needs someone signed in and has no one is sent to the sign-in page, which sends
it back once someone has signed in, and every other refusal is a page, not JSON.
"""

from __future__ import annotations

import math
from http import HTTPStatus

from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from graph_models.domain.accounts import LOCALES, User
from graph_models.domain.errors import (
    InvalidInput,
    SyndesmosError,
    TooManyRequests,
    Unauthenticated,
)
from service import limits
from service.auth import (
    SESSION_COOKIE,
    current_actor,
    end_session,
    forget_session_cookies,
    start_session,
)
from service.errors import STATUS_OF
from service.extensions import accounts
from service.i18n.locale import N_, current_locale, gettext, ngettext
from service.web.forms import check_anonymous_form, safe_next
from service.web.home import home_of
from service.web.language import remember_locale

blp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                static_url_path="/static")

# What an error page says, by status: its heading and its one sentence.
ERROR_TEXTS = {
    HTTPStatus.FORBIDDEN: (N_("Not allowed"), N_(
        "You may not do this. If you were sending a form, it may have been open too long: go "
        "back, reload the page and try again.")),
    HTTPStatus.NOT_FOUND: (N_("Not found"), N_("There is nothing at this address.")),
    HTTPStatus.TOO_MANY_REQUESTS: (N_("Too many requests"), N_(
        "Too many requests in a short time. Wait a minute and try again.")),
    HTTPStatus.SERVICE_UNAVAILABLE: (N_("Temporarily unavailable"), N_(
        "The service cannot reach its data just now. Try again in a few moments.")),
}
OTHER_ERROR = (N_("The request failed"), N_(
    "The request could not be completed. Go back and try again."))


@blp.context_processor
def _page_context() -> dict:
    return {"locale": current_locale(), "user": g.get("actor"),
            "here": request.full_path.removesuffix("?")}


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


@blp.errorhandler(Unauthenticated)
def _to_sign_in(error: Unauthenticated):
    # Back to the page asked for once signed in; a form sent meanwhile is not sent again.
    target = request.full_path.removesuffix("?") if request.method == "GET" else None
    response = redirect(url_for("web.sign_in", next=target), HTTPStatus.SEE_OTHER)
    if request.cookies.get(SESSION_COOKIE):
        forget_session_cookies(response)  # ended or expired: it will not work again
    return response


@blp.errorhandler(SyndesmosError)
def _domain_error_page(error: SyndesmosError):
    status = next(s for cls, s in STATUS_OF.items() if isinstance(error, cls))
    response = _error_page(status)
    if isinstance(error, TooManyRequests):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


@blp.errorhandler(HTTPException)
def _http_error_page(error: HTTPException):
    return _error_page(HTTPStatus(error.code or HTTPStatus.INTERNAL_SERVER_ERROR))


def _error_page(status: HTTPStatus) -> Response:
    heading, sentence = ERROR_TEXTS.get(status, OTHER_ERROR)
    page = render_template("error.html", heading=gettext(heading), sentence=gettext(sentence),
                           status=status.value)
    return Response(page, status)
