"""The web pages, served by the same app as the API: Jinja templates over the same use cases
(reached through :mod:`service.extensions`), in Greek and English. See ``docs/web.md``.

Their front-end files are the package's own (``static/``), the third-party ones copied from npm
by ``scripts/vendor_assets.py`` into ``static/vendor/``: nothing comes from another site.
"""

from __future__ import annotations

from flask import Flask

from service.i18n.formats import format_day, format_number
from service.i18n.labels import label
from service.web import (  # noqa: F401  (their views join the blueprint)
    account,
    activities,
    audit,
    budget_creation,
    budgets,
    campaigns,
    consulting,
    coordinator,
    imports,
    indicator_pages,
    introductions,
    invitations,
    member,
    mentorships,
    network,
    notifications,
    pages,
    plans,
    programmes,
    reports_pages,
    territory,
    users,
    warm_paths,
)
from service.web.forms import form_token
from service.web.language import BrowserChoiceRequest
from service.web.site import blp


def register_web(app: Flask) -> None:
    """Serve the pages and their files; let a browser's language switch count for every
    answer to it, the API's included."""
    app.request_class = BrowserChoiceRequest
    app.jinja_env.globals.update(label=label, form_token=form_token)
    # Days and numbers as the reader's language writes them.
    app.jinja_env.filters.update(format_day=format_day, format_number=format_number)
    app.register_blueprint(blp)
