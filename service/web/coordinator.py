"""The coordinator's pages: the dashboard of what waits, the directory of stakeholders, a
stakeholder's page and the data of its neighbourhood's graph. Members open the directory and
their own stakeholders' pages too; what each page shows is what the API would show the same
user (the use cases take them as ``actor``)."""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, jsonify, render_template

from service.api.match_schemas import MatchQuerySchema
from service.api.stakeholder_schemas import NeighbourhoodQuerySchema
from service.auth import current_actor
from service.web.dashboard import dashboard_of, unmet_of
from service.web.directory import choices, search
from service.web.forms import read_query
from service.web.profile import neighbourhood_data, stakeholder_page
from service.web.site import blp

MATCH_FILTERS = ("kind", "pillar")


@blp.get("/dashboard")
def dashboard():
    return render_template("dashboard.html", board=dashboard_of(current_actor()))


@blp.get("/dashboard/unmet")
def unmet_needs():
    return render_template("unmet_needs.html", unmet=unmet_of(current_actor()))


@blp.get("/stakeholders")
def directory():
    given, found, errors = search(current_actor())
    page = render_template("directory.html", given=given, found=found, errors=errors,
                           choices=choices())
    return Response(page, HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK)


@blp.get("/stakeholders/<stakeholder_id>")
def stakeholder(stakeholder_id: str):
    filters, errors = read_query(MatchQuerySchema(), MATCH_FILTERS)
    shown = stakeholder_page(stakeholder_id, kind=filters.get("kind"),
                             pillar=filters.get("pillar"), actor=current_actor())
    page = render_template("stakeholder.html", shown=shown, filters=filters, errors=errors,
                           choices=choices())
    return Response(page, HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK)


@blp.get("/stakeholders/<stakeholder_id>/neighbourhood.json")
def neighbourhood(stakeholder_id: str):
    args, errors = read_query(NeighbourhoodQuerySchema(), ("depth",))
    if errors:
        return jsonify(errors=errors), HTTPStatus.UNPROCESSABLE_ENTITY
    return jsonify(neighbourhood_data(stakeholder_id, depth=args["depth"],
                                      actor=current_actor()))
