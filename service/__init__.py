"""The Flask service: app factory, configuration, API blueprints and CLI. Parses and
authorises; the computing is ``graph_models``'."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping

from flask import Flask

from service.api import register_api
from service.auth import register_authentication
from service.config import API_SETTINGS, settings_from_environment
from service.errors import register_error_handlers
from service.extensions import register_store
from service.idempotency import register_idempotency
from service.limits import RateLimiter

log = logging.getLogger(__name__)


def create_app(test_config: Mapping | None = None) -> Flask:
    """Build the app: defaults, then the environment, then ``test_config``."""
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(API_SETTINGS)
    app.config.from_mapping(settings_from_environment())
    if test_config:
        app.config.from_mapping(test_config)
    configure_sessions(app)
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["SYNDESMOS_MAX_CONTENT_LENGTH"])
    app.json.ensure_ascii = False
    app.extensions["syndesmos_limits"] = RateLimiter()
    register_store(app)
    register_authentication(app)
    register_idempotency(app)
    register_api(app)
    register_error_handlers(app)
    return app


def configure_sessions(app: Flask) -> None:
    """Signed, HTTP-only, same-site session cookies. Without SYNDESMOS_SECRET_KEY each
    process makes up its own key: sessions then end with the process."""
    secret = app.config.get("SYNDESMOS_SECRET_KEY")
    if not secret:
        log.warning("SYNDESMOS_SECRET_KEY is not set: sessions last until this process ends")
        secret = secrets.token_urlsafe(48)
    app.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=str(app.config["SYNDESMOS_SECURE_COOKIES"]).lower() == "true",
        SESSION_COOKIE_NAME="syndesmos_session",
    )
