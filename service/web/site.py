"""The blueprint every page is served on, what every page's template is given, and the
refusals as pages: a request that needs someone signed in and has no one is sent to the
sign-in page, which sends it back once someone has signed in; every other refusal is a page,
not JSON. The app checks who is asking before any view runs, as for the API
(:mod:`service.auth`).

Each module of pages adds its views to :data:`blp`, so that they share these handlers.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from graph_models.domain.errors import SyndesmosError, TooManyRequests, Unauthenticated
from service.auth import SESSION_COOKIE, forget_session_cookies
from service.errors import status_of
from service.i18n.locale import N_, current_locale, gettext
from service.web.navigation import menu_of

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
    user = g.get("actor")
    return {"locale": current_locale(), "user": user, "menu": menu_of(user),
            "here": request.full_path.removesuffix("?")}


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
    status = status_of(error)
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
