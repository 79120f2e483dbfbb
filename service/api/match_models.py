"""Fitted match models (admins): fit the weights of a relation's matches on the store's own
history, list the versions with their figures, activate one, or go back to the hand weights."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from graph_models.domain.match_models import MatchModel
from graph_models.use_cases.match_models import RELATION_NAMES
from service.api.common import Blueprint, document_errors
from service.auth import current_actor
from service.extensions import match_models

blp = Blueprint("match_models", __name__, url_prefix="/admin",
                description="Match weights fitted on the graph's own history (admins).")

RELATION = fields.String(
    load_default="FUNDED",
    validate=validate.OneOf([*RELATION_NAMES, *(n.lower() for n in RELATION_NAMES)]),
    metadata={"description": "the relation whose matches to fit: FUNDED (investors), "
                             "SUPPORTED (support organisations) or MENTORS (mentors)"})


class FitInputSchema(Schema):
    relation = RELATION
    activate = fields.Boolean(load_default=False, metadata={
        "description": "make the new model the relation's active one"})


class DeactivateInputSchema(Schema):
    relation = RELATION


class FiguresSchema(Schema):
    recall_at_10 = fields.Float()
    mrr = fields.Float()


class MatchModelSchema(Schema):
    version = fields.Integer()
    relation = fields.String()
    active = fields.Boolean(metadata={"description": "the relation's matches rank with it"})
    fitted_at = fields.DateTime()
    fitted_by = fields.String(allow_none=True, metadata={
        "description": "the user id (null: the command line)"})
    history_ties = fields.Integer(metadata={"description": "dated ties of the relation"})
    weights = fields.Dict(keys=fields.String(), values=fields.Float(), metadata={
        "description": "the fitted term weights and degree_exponent"})
    cold_weights = fields.Dict(keys=fields.String(), values=fields.Float(), metadata={
        "description": "the term weights for seekers without ties (empty: the same)"})
    ventures = fields.Integer(metadata={"description": "ventures with ties measured on"})
    before = fields.Nested(FiguresSchema, metadata={"description": "the hand weights"})
    after = fields.Nested(FiguresSchema, metadata={"description": "the fitted weights"})
    cold_ventures = fields.Integer()
    cold_before = fields.Nested(FiguresSchema)
    cold_after = fields.Nested(FiguresSchema)


class DeactivatedSchema(Schema):
    deactivated = fields.Nested(MatchModelSchema, allow_none=True, metadata={
        "description": "the model that was active (null: none was)"})


def _figures(pair: tuple[float, float]) -> dict:
    return {"recall_at_10": pair[0], "mrr": pair[1]}


def _view(model: MatchModel) -> dict:
    return {"version": model.version, "relation": model.relation, "active": model.active,
            "fitted_at": model.fitted_at, "fitted_by": model.fitted_by,
            "history_ties": model.history_ties, "weights": dict(model.weights),
            "cold_weights": dict(model.cold_weights), "ventures": model.ventures,
            "before": _figures(model.before), "after": _figures(model.after),
            "cold_ventures": model.cold_ventures, "cold_before": _figures(model.cold_before),
            "cold_after": _figures(model.cold_after)}


@blp.route("/match-models")
class MatchModels(MethodView):
    @blp.response(200, MatchModelSchema(many=True))
    @document_errors(blp)
    def get(self):
        """Every fitted model, newest version first, with its hold-out figures."""
        return [_view(m) for m in match_models().list_models(actor=current_actor())]

    @blp.arguments(FitInputSchema)
    @blp.response(201, MatchModelSchema)
    @document_errors(blp, 409, 422, body=True)
    def post(self, fields_):
        """Fit the relation's term weights on the store's own dated history (its last year
        hidden, the weights that would have ranked it best chosen) and save them as a new
        version, active if asked. 409 naming ``history`` when it is too thin: nothing is
        saved and the hand weights stay."""
        return _view(match_models().fit(fields_, actor=current_actor()))


@blp.route("/match-models/<int:version>/activate")
class ActivateMatchModel(MethodView):
    @blp.response(200, MatchModelSchema)
    @document_errors(blp, 404)
    def post(self, version):
        """Make this version its relation's active model (the previous one deactivated)."""
        return _view(match_models().activate(version, actor=current_actor()))


@blp.route("/match-models/deactivate")
class DeactivateMatchModels(MethodView):
    @blp.arguments(DeactivateInputSchema)
    @blp.response(200, DeactivatedSchema)
    @document_errors(blp, 422, body=True)
    def post(self, fields_):
        """Back to the hand weights for the relation's matches (every version is kept)."""
        found = match_models().deactivate(fields_["relation"], actor=current_actor())
        return {"deactivated": None if found is None else _view(found)}
