"""The language switch of a browser nobody signed in with: a cookie that counts as the
browser's own ``Accept-Language``. A signed-in user's choice is saved on their account too,
which :func:`service.i18n.locale.current_locale` puts first."""

from __future__ import annotations

from flask import Request, Response, current_app
from werkzeug.datastructures import LanguageAccept
from werkzeug.utils import cached_property

from graph_models.domain.accounts import LOCALES

LOCALE_COOKIE = "syndesmos_locale"
YEAR_SECONDS = 365 * 24 * 3600


class BrowserChoiceRequest(Request):
    """A request whose languages are the one chosen with the switch, if any, instead of those
    the browser sends of itself: a person's choice wins over their browser's settings."""

    @cached_property
    def accept_languages(self) -> LanguageAccept:
        chosen = self.cookies.get(LOCALE_COOKIE)
        if chosen in LOCALES:
            return LanguageAccept([(chosen, 1)])
        return super().accept_languages


def remember_locale(response: Response, locale: str) -> None:
    """Have the browser keep ``locale`` as its language for a year."""
    response.set_cookie(LOCALE_COOKIE, locale, max_age=YEAR_SECONDS, httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
