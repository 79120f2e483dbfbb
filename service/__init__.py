"""The Flask service: app factory, configuration, API blueprints and CLI. Parses and
authorises; the computing is ``graph_models``'."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask

from service.api import register_api
from service.config import API_SETTINGS, settings_from_environment
from service.errors import register_error_handlers
from service.extensions import register_store


def create_app(test_config: Mapping | None = None) -> Flask:
    """Build the app: defaults, then the environment, then ``test_config``."""
    app = Flask(__name__)
    app.config.from_mapping(API_SETTINGS)
    app.config.from_mapping(settings_from_environment())
    if test_config:
        app.config.from_mapping(test_config)
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["SYNDESMOS_MAX_CONTENT_LENGTH"])
    app.json.ensure_ascii = False
    register_store(app)
    register_api(app)
    register_error_handlers(app)
    return app
