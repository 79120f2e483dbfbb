"""Ties between stakeholders: create, read, update, delete."""

from __future__ import annotations

from flask.views import MethodView

from service.api.common import Blueprint, document_errors
from service.api.tie_schemas import TieInputSchema, TiePatchSchema, TieSchema
from service.auth import current_actor
from service.extensions import stakeholders

blp = Blueprint("ties", __name__, url_prefix="/ties",
                description="Relationships: KNOWS, PARTNERS_WITH, MENTORS, FUNDED, SUPPORTED, "
                            "INTRODUCED.")


@blp.route("")
class Ties(MethodView):
    @blp.arguments(TieInputSchema)
    @blp.response(201, TieSchema)
    @document_errors(blp, 409, 422, body=True)
    def post(self, fields):
        """Create a tie; 409 if an end is missing, the kinds do not fit, or it exists."""
        return stakeholders().create_tie(fields, actor=current_actor())


@blp.route("/<tie_id>")
class TieById(MethodView):
    @blp.response(200, TieSchema)
    @document_errors(blp, 404)
    def get(self, tie_id):
        """Read a tie."""
        return stakeholders().get_tie(tie_id, actor=current_actor())

    @blp.arguments(TiePatchSchema)
    @blp.response(200, TieSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def patch(self, changes, tie_id):
        """Change some attributes of a tie."""
        return stakeholders().update_tie(tie_id, changes, actor=current_actor())

    @blp.response(204)
    @document_errors(blp, 404)
    def delete(self, tie_id):
        """Delete a tie."""
        stakeholders().delete_tie(tie_id, actor=current_actor())
