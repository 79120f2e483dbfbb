"""Matches: explained recommendations for one stakeholder, and a coordinator's view of a
territory's best pairs and unmet needs."""

from __future__ import annotations

from flask import jsonify, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from graph_models.domain.stakeholders import Pillar
from service.api.common import QUERY, document_errors
from service.api.match_schemas import (
    MatchQuerySchema,
    MatchSchema,
    ScopeMatchesSchema,
    ScopeQuerySchema,
    match_answers,
)
from service.auth import current_actor
from service.extensions import matches

blp = Blueprint("matches", __name__, description="Explained recommendations.")


@blp.route("/stakeholders/<stakeholder_id>/matches")
class StakeholderMatches(MethodView):
    @blp.arguments(MatchQuerySchema, **QUERY)
    @blp.response(200, MatchSchema(many=True), headers={"Link": {
        "description": "with `pillar=financing`: the stakeholder's calls for projects and "
                       "matching pools (`rel=\"related\"`)", "schema": {"type": "string"}}})
    @document_errors(blp, 404, 422)
    def get(self, args, stakeholder_id):
        """Ranked candidates for a stakeholder, each score (0–100) explained term by term."""
        answer = jsonify(match_answers(matches().matches(stakeholder_id, actor=current_actor(),
                                                         **args)))
        if args.get("pillar") is Pillar.FINANCING:
            # The answer is a list of candidates; the financing open to the stakeholder is
            # another resource, pointed to rather than mixed in.
            target = url_for("financing.StakeholderFinancing", stakeholder_id=stakeholder_id)
            answer.headers["Link"] = f'<{target}>; rel="related"'
        return answer


@blp.route("/matches")
class ScopeMatches(MethodView):
    @blp.arguments(ScopeQuerySchema, **QUERY)
    @blp.response(200, ScopeMatchesSchema)
    @document_errors(blp, 422)
    def get(self, args):
        """A territory's best (entrepreneur, provider) pairs, unmet needs and gaps by topic."""
        return matches().coordinator_matches(actor=current_actor(), **args)
