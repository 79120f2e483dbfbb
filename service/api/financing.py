"""A stakeholder's financing opportunities: the participatory budgets open to its proposals
and the matching pools its campaign would be matched by, each explained."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from service.api.common import QUERY, document_errors
from service.api.financing_schemas import FinancingQuerySchema, FinancingSchema
from service.auth import current_actor
from service.extensions import financing

blp = Blueprint("financing", __name__, description="Financing open to a stakeholder.")


@blp.route("/stakeholders/<stakeholder_id>/financing")
class StakeholderFinancing(MethodView):
    @blp.arguments(FinancingQuerySchema, **QUERY)
    @blp.response(200, FinancingSchema)
    @document_errors(blp, 404, 422)
    def get(self, args, stakeholder_id):
        """The calls for projects and matching pools open to a stakeholder now, and why."""
        return financing().opportunities(stakeholder_id, actor=current_actor(), **args)
