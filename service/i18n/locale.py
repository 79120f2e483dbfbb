"""Which language a request is answered in, and the gettext functions that speak it.

The order: the signed-in user's own setting, then the best language of ``Accept-Language``
the service has, then the deployment's default (``SYNDESMOS_LOCALE``). Every answer says the
language it chose in ``Content-Language``.

Messages in code are English and marked for extraction: ``gettext("…")`` (``_`` in templates)
where they are shown, ``N_("…")`` where they are only listed to be shown later;
``pgettext``/``NP_`` add a context where one English word needs two Greek ones. Variables are
``%(name)s``, as Jinja's ``{% trans %}`` and Babel's checks expect.
"""

from __future__ import annotations

from babel.support import Translations
from flask import Flask, Response, current_app, g, has_app_context, has_request_context, request
from werkzeug.datastructures import LanguageAccept

from graph_models.domain.accounts import LOCALES
from service.i18n.catalogues import SOURCE_LOCALE, translations

SETTING = "SYNDESMOS_LOCALE"


def choose_locale(own: str | None, accepted: LanguageAccept, default: str) -> str:
    """The language to answer in: ``own`` (the user's setting) if it is one of the service's,
    else the best of ``accepted`` that the service has, else ``default``.

    >>> from werkzeug.http import parse_accept_header
    >>> choose_locale(None, parse_accept_header("el-GR,el;q=0.9", LanguageAccept), "en")
    'el'
    >>> choose_locale("en", parse_accept_header("el-GR", LanguageAccept), "el")
    'en'
    >>> choose_locale(None, parse_accept_header("fr, *;q=0.1", LanguageAccept), "el")
    'el'
    """
    if own in LOCALES:
        return own
    # The default first, so that "*" (any language will do) picks it.
    offered = [default, *(locale for locale in LOCALES if locale != default)]
    return accepted.best_match(offered) or default


def default_locale() -> str:
    """The deployment's language, or the source language outside an app."""
    return current_app.config[SETTING] if has_app_context() else SOURCE_LOCALE


def current_locale() -> str:
    """The language of this request's answer (the default outside a request). The user is
    known only once the request's credentials are checked: until then (and for a request
    without them) the browser's languages decide."""
    if not has_request_context():
        return default_locale()
    actor = g.get("actor")
    return choose_locale(actor.locale if actor is not None else None,
                         request.accept_languages, default_locale())


def _translations() -> Translations:
    return translations(current_locale())


def gettext(message: str, **variables: object) -> str:
    """``message`` in the current language, with ``%(name)s`` variables filled in."""
    text = _translations().gettext(message)
    return text % variables if variables else text



def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    """The form of a message for the number ``n`` in the current language; ``%(num)d`` is
    ``n``."""
    text = _translations().ngettext(singular, plural, n)
    return text % {"num": n, **variables}


def pgettext(context: str, message: str, **variables: object) -> str:
    """``message`` in the current language, as meant in ``context``."""
    text = _translations().pgettext(context, message)
    return text % variables if variables else text


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Mark ``message`` in ``context`` for extraction; :func:`pgettext` shows it."""
    return context, message


def _say_language(response: Response) -> Response:
    response.headers["Content-Language"] = current_locale()
    response.vary.add("Accept-Language")
    return response


def register_i18n(app: Flask) -> None:
    """Check the deployment's language, say each answer's, and give templates ``_``,
    ``gettext``, ``ngettext`` and ``pgettext``."""
    if app.config[SETTING] not in LOCALES:
        raise ValueError(f"{SETTING} must be one of {', '.join(LOCALES)}, "
                         f"not {app.config[SETTING]!r}")
    app.after_request(_say_language)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    # Unformatted: Jinja's newstyle calls fill the variables in themselves.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: _translations().gettext(message),
        lambda singular, plural, n: _translations().ngettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, message: _translations().pgettext(context, message))
