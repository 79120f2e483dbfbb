"""Local Action Plans: the plan, its goals, actions and indicators, its adoption and closing,
and its history. Every write names the revision it was computed from (409 if stale)."""

from __future__ import annotations

from datetime import date

from flask.views import MethodView

from service.api.common import QUERY, Blueprint, document_errors
from service.api.plan_schemas import (
    ActionChangeSchema,
    ActionInputSchema,
    GoalChangeSchema,
    GoalInputSchema,
    HistorySchema,
    IndicatorChangeSchema,
    IndicatorInputSchema,
    PlanChangeSchema,
    PlanInputSchema,
    PlanPageSchema,
    PlanQuerySchema,
    PlanSchema,
    RevisionQuerySchema,
    RevisionSchema,
    TrackedPlanSchema,
    ValueInputSchema,
    ValueQuerySchema,
)
from service.auth import current_actor
from service.extensions import plan_reports, plans

blp = Blueprint("plans", __name__, description="Local Action Plans: goals, actions and "
                "indicators under the four pillars, adoption and history.")

WRITE_ERRORS = (404, 409, 422)


@blp.route("/plans")
class Plans(MethodView):
    @blp.arguments(PlanQuerySchema, **QUERY)
    @blp.response(200, PlanPageSchema)
    @document_errors(blp, 422)
    def get(self, args):
        """The plans I may read, newest first: my territories' drafts, and every adopted or
        closed plan."""
        return plans().plans(**args, actor=current_actor())

    @blp.arguments(PlanInputSchema)
    @blp.response(201, PlanSchema)
    @document_errors(blp, 422, body=True)
    def post(self, fields):
        """Open a draft plan of one of my territories."""
        return plans().create_plan(**fields, actor=current_actor())


@blp.route("/plans/<plan_id>")
class PlanById(MethodView):
    @blp.response(200, TrackedPlanSchema)
    @document_errors(blp, 404)
    def get(self, plan_id):
        """A plan, with its goals, actions and indicators, each with its latest value as of
        today and whether it is on track."""
        plan = plans().get_plan(plan_id, actor=current_actor())
        return {"plan": plan, "tracking": plan_reports().tracking(plan, date.today())}

    @blp.arguments(PlanChangeSchema)
    @blp.response(200, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS, body=True)
    def patch(self, fields, plan_id):
        """Change the plan's title, vision, territory, period or owners (once adopted, its
        owners only)."""
        return plans().update_plan(plan_id, fields.pop("revision"), **fields,
                                   actor=current_actor())


@blp.route("/plans/<plan_id>/adopt")
class PlanAdoption(MethodView):
    @blp.arguments(RevisionSchema)
    @blp.response(200, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS, body=True)
    def post(self, fields, plan_id):
        """Adopt a draft (it needs an action and an indicator): its structure is then fixed."""
        return plans().adopt(plan_id, fields["revision"], actor=current_actor())


@blp.route("/plans/<plan_id>/close")
class PlanClosing(MethodView):
    @blp.arguments(RevisionSchema)
    @blp.response(200, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS, body=True)
    def post(self, fields, plan_id):
        """Close an adopted plan: nothing in it changes any more."""
        return plans().close(plan_id, fields["revision"], actor=current_actor())


@blp.route("/plans/<plan_id>/history")
class PlanHistory(MethodView):
    @blp.response(200, HistorySchema)
    @document_errors(blp, 404)
    def get(self, plan_id):
        """Every revision of the plan, oldest first: who, when, and what changed."""
        return {"items": plans().history(plan_id, actor=current_actor())}


@blp.route("/plans/<plan_id>/goals")
class PlanGoals(MethodView):
    @blp.arguments(GoalInputSchema)
    @blp.response(201, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS, body=True)
    def post(self, fields, plan_id):
        """Add a goal under a pillar."""
        return plans().add_goal(plan_id, fields.pop("revision"), **fields, actor=current_actor())


@blp.route("/plans/<plan_id>/goals/<goal_id>")
class PlanGoal(MethodView):
    @blp.arguments(GoalChangeSchema)
    @blp.response(200, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS, body=True)
    def patch(self, fields, plan_id, goal_id):
        """Change a goal's pillar or title."""
        return plans().update_goal(plan_id, goal_id, fields.pop("revision"), **fields,
                                   actor=current_actor())

    @blp.arguments(RevisionQuerySchema, **QUERY)
    @blp.response(200, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS)
    def delete(self, args, plan_id, goal_id):
        """Remove a goal that has no action left."""
        return plans().remove_goal(plan_id, goal_id, args["revision"], actor=current_actor())


@blp.route("/plans/<plan_id>/actions")
class PlanActions(MethodView):
    @blp.arguments(ActionInputSchema)
    @blp.response(201, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS, body=True)
    def post(self, fields, plan_id):
        """Add an action serving one of the plan's goals."""
        return plans().add_action(plan_id, fields.pop("revision"), **fields,
                                  actor=current_actor())


@blp.route("/plans/<plan_id>/actions/<action_id>")
class PlanAction(MethodView):
    @blp.arguments(ActionChangeSchema)
    @blp.response(200, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS, body=True)
    def patch(self, fields, plan_id, action_id):
        """Change an action (once the plan is adopted, its status and progress only)."""
        return plans().update_action(plan_id, action_id, fields.pop("revision"), **fields,
                                     actor=current_actor())

    @blp.arguments(RevisionQuerySchema, **QUERY)
    @blp.response(200, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS)
    def delete(self, args, plan_id, action_id):
        """Remove an action."""
        return plans().remove_action(plan_id, action_id, args["revision"],
                                     actor=current_actor())


@blp.route("/plans/<plan_id>/indicators")
class PlanIndicators(MethodView):
    @blp.arguments(IndicatorInputSchema)
    @blp.response(201, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS, body=True)
    def post(self, fields, plan_id):
        """Attach an indicator: a catalogue code, or a manual one with a name."""
        return plans().add_indicator(plan_id, fields.pop("revision"), **fields,
                                     actor=current_actor())


@blp.route("/plans/<plan_id>/indicators/<indicator_id>")
class PlanIndicator(MethodView):
    @blp.arguments(IndicatorChangeSchema)
    @blp.response(200, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS, body=True)
    def patch(self, fields, plan_id, indicator_id):
        """Change an indicator."""
        return plans().update_indicator(plan_id, indicator_id, fields.pop("revision"),
                                        **fields, actor=current_actor())

    @blp.arguments(RevisionQuerySchema, **QUERY)
    @blp.response(200, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS)
    def delete(self, args, plan_id, indicator_id):
        """Remove an indicator and its values."""
        return plans().remove_indicator(plan_id, indicator_id, args["revision"],
                                        actor=current_actor())


@blp.route("/plans/<plan_id>/indicators/<indicator_id>/values")
class IndicatorValues(MethodView):
    @blp.arguments(ValueInputSchema)
    @blp.response(201, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS, body=True)
    def post(self, fields, plan_id, indicator_id):
        """Record a manual indicator's value as of a day (replacing that day's)."""
        return plans().record_value(plan_id, indicator_id, fields.pop("revision"), **fields,
                                    actor=current_actor())

    @blp.arguments(ValueQuerySchema, **QUERY)
    @blp.response(200, PlanSchema)
    @document_errors(blp, *WRITE_ERRORS)
    def delete(self, args, plan_id, indicator_id):
        """Remove a manual indicator's value of a day."""
        return plans().remove_value(plan_id, indicator_id, args["revision"], on=args["on"],
                                    actor=current_actor())
