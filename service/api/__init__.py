"""The REST API under ``/api/v1``: one flask-smorest Api per app, one blueprint per resource."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_smorest import Api
from swagger_ui_bundle import swagger_ui_path

from service.api import (
    accounts,
    activities,
    budgets,
    campaigns,
    consulting,
    financing,
    imports,
    indicators,
    introductions,
    invitations,
    match_models,
    matches,
    mentorship,
    meta,
    plans,
    reports,
    stakeholders,
    ties,
)
from service.api.documentation import (
    PublicOperations,
    accepted_enum_values,
    exclusive_bounds,
)
from service.idempotency import IdempotencyKeyDocs


def register_api(app: Flask) -> None:
    # Created here, not at module level: a module-global Api breaks a second app.
    api = Api(app, spec_kwargs={"servers": [{"url": "/"}],
                                "extra_plugins": [IdempotencyKeyDocs(), PublicOperations()]})
    for attribute in (accepted_enum_values, exclusive_bounds):
        api.ma_plugin.converter.add_attribute_function(attribute)
    # Lets the docs UI's "Authorize" button send a personal API token with every try.
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer",
                       "description": "a personal API token: sdm_…"})
    for module in (stakeholders, ties, matches, reports, indicators, introductions, mentorship,
                   imports, accounts, invitations, activities, meta, consulting, plans, budgets,
                   campaigns, match_models, financing):
        api.register_blueprint(module.blp, url_prefix="/api/v1" + (module.blp.url_prefix or ""))
    app.register_blueprint(Blueprint("docs_assets", __name__, static_folder=swagger_ui_path,
                                     static_url_path="/api/v1/docs-assets"))
    app.extensions["syndesmos_api"] = api
