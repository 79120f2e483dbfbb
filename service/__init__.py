"""The Flask service: app factory, configuration, API blueprints, web pages and CLI. Parses and
authorises; the computing is ``graph_models``'."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask

from graph_models.domain.stakeholders import now
from service.api import register_api
from service.auth import register_authentication
from service.config import API_SETTINGS, settings_from_environment
from service.errors import register_error_handlers
from service.extensions import register_store
from service.headers import register_security_headers
from service.i18n.locale import register_i18n
from service.idempotency import register_idempotency
from service.limits import register_limits
from service.web import register_web


def create_app(test_config: Mapping | None = None) -> Flask:
    """Build the app: defaults, then the environment, then ``test_config``.

    ``test_config`` may also give ``CLOCK``: a function returning the current (aware) time,
    which sessions, lockouts and rate limits then read, so that tests move time on instead
    of sleeping.
    """
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(API_SETTINGS)
    app.config.from_mapping(settings_from_environment())
    app.config["CLOCK"] = now
    if test_config:
        app.config.from_mapping(test_config)
    configure_sessions(app)
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["SYNDESMOS_MAX_CONTENT_LENGTH"])
    app.json.ensure_ascii = False
    register_i18n(app)
    register_limits(app)
    register_store(app)
    register_authentication(app)
    register_idempotency(app)
    register_api(app)
    register_web(app)
    register_error_handlers(app)
    register_security_headers(app)
    return app


def configure_sessions(app: Flask) -> None:
    """Session cookies only over HTTPS when told so. Sessions are records in the store (see
    :mod:`service.auth`), not Flask's signed cookies: no secret key is set, so nothing can
    use those by mistake."""
    app.config["SESSION_COOKIE_SECURE"] = (
        str(app.config["SYNDESMOS_SECURE_COOKIES"]).lower() == "true")
