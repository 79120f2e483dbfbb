"""Stakeholders: create, read, update, delete, search; a stakeholder's ties and neighbourhood."""

from __future__ import annotations

from flask.views import MethodView

from graph_models.domain.queries import StakeholderQuery
from service.api.common import QUERY, Blueprint, document_errors
from service.api.stakeholder_schemas import (
    NeighbourhoodQuerySchema,
    NeighbourhoodSchema,
    StakeholderInputSchema,
    StakeholderPageSchema,
    StakeholderPatchSchema,
    StakeholderQuerySchema,
    StakeholderRecordSchema,
    StakeholderSchema,
)
from service.api.tie_schemas import TieSchema, TiesQuerySchema
from service.auth import current_actor
from service.extensions import stakeholders

blp = Blueprint("stakeholders", __name__, url_prefix="/stakeholders",
                description="The people and organisations of the ecosystem.")


@blp.route("")
class Stakeholders(MethodView):
    @blp.arguments(StakeholderQuerySchema, **QUERY)
    @blp.response(200, StakeholderPageSchema)
    @document_errors(blp, 422)
    def get(self, args):
        """Search stakeholders by kind, region (with sub-regions), sector, need, offer, text."""
        page = stakeholders().find_stakeholders(StakeholderQuery(
            kind=args.get("kind"), region=args.get("region"), sector=args.get("sector"),
            need=args.get("need"), offer=args.get("offer"), language=args.get("language"),
            text=args.get("q"), discoverable_only=args.get("discoverable", False),
            order=args["order"], page=args["page"], page_size=args["page_size"]),
            actor=current_actor())
        return page

    @blp.arguments(StakeholderInputSchema)
    @blp.response(201, StakeholderSchema)
    @document_errors(blp, 409, 422, body=True)
    def post(self, fields):
        """Create a stakeholder."""
        return stakeholders().create_stakeholder(fields, actor=current_actor())


@blp.route("/<stakeholder_id>")
class StakeholderById(MethodView):
    @blp.response(200, StakeholderSchema)
    @document_errors(blp, 404)
    def get(self, stakeholder_id):
        """Read a stakeholder."""
        return stakeholders().get_stakeholder(stakeholder_id, actor=current_actor())

    @blp.arguments(StakeholderPatchSchema)
    @blp.response(200, StakeholderSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def patch(self, changes, stakeholder_id):
        """Change some fields of a stakeholder."""
        return stakeholders().update_stakeholder(stakeholder_id, changes, actor=current_actor())

    @blp.response(204)
    @document_errors(blp, 404)
    def delete(self, stakeholder_id):
        """Delete a stakeholder and all its ties."""
        stakeholders().delete_stakeholder(stakeholder_id, actor=current_actor())


@blp.route("/<stakeholder_id>/ties")
class StakeholderTies(MethodView):
    @blp.arguments(TiesQuerySchema, **QUERY)
    @blp.response(200, TieSchema(many=True))
    @document_errors(blp, 404, 422)
    def get(self, args, stakeholder_id):
        """The ties of a stakeholder, by direction and type."""
        types = frozenset(args["type"]) if args.get("type") else None
        return stakeholders().ties_of(stakeholder_id, direction=args["direction"], types=types,
                                   actor=current_actor())


@blp.route("/<stakeholder_id>/neighbourhood")
class StakeholderNeighbourhood(MethodView):
    @blp.arguments(NeighbourhoodQuerySchema, **QUERY)
    @blp.response(200, NeighbourhoodSchema)
    @document_errors(blp, 404, 422)
    def get(self, args, stakeholder_id):
        """Who is within 1–3 ties of a stakeholder, nearest first, and the ties among them."""
        return stakeholders().neighbourhood(stakeholder_id, depth=args["depth"],
                                         limit=args["limit"], actor=current_actor())


@blp.route("/<stakeholder_id>/export")
class StakeholderExport(MethodView):
    @blp.response(200, StakeholderRecordSchema)
    @document_errors(blp, 404)
    def get(self, stakeholder_id):
        """Everything held about a stakeholder: profile, ties, members, audit entries."""
        return stakeholders().export_stakeholder(stakeholder_id, actor=current_actor())
