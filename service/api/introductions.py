"""Introductions: warm paths, double opt-in requests, inboxes, blocks and notifications."""

from __future__ import annotations

from flask.views import MethodView

from service.api.common import QUERY, Blueprint, document_errors
from service.api.introduction_schemas import (
    BlockInputSchema,
    BlockSchema,
    InboxQuerySchema,
    IntroductionInputSchema,
    IntroductionPageSchema,
    IntroductionSchema,
    NotificationQuerySchema,
    NotificationSchema,
    PathProposalSchema,
    PathQuerySchema,
    StepInputSchema,
)
from service.auth import current_actor
from service.extensions import introductions, notifications

blp = Blueprint("introductions", __name__,
                description="Warm introductions with both sides opting in.")


@blp.route("/introductions/paths")
class IntroductionPaths(MethodView):
    @blp.arguments(PathQuerySchema, **QUERY)
    @blp.response(200, PathProposalSchema)
    @document_errors(blp, 404, 422)
    def get(self, args):
        """Up to three warm paths from a requester to a target, each naming its broker."""
        return introductions().paths(args["requester_id"], args["target_id"],
                                     actor=current_actor())


@blp.route("/introductions")
class Introductions(MethodView):
    @blp.arguments(InboxQuerySchema, **QUERY)
    @blp.response(200, IntroductionPageSchema)
    @document_errors(blp, 422)
    def get(self, args):
        """An inbox: my requests, those waiting for me as broker or as target, or (for a
        coordinator) those of my territories; by state and by how long they have waited."""
        states = tuple(args["state"]) if args["state"] else None
        return introductions().inbox(args["box"], states=states,
                                     waiting_days=args["waiting_days"], page=args["page"],
                                     page_size=args["page_size"], actor=current_actor())

    @blp.arguments(IntroductionInputSchema)
    @blp.response(201, IntroductionSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields):
        """Ask to be introduced, through a chosen broker or a mediating coordinator."""
        return introductions().request(**fields, actor=current_actor())


@blp.route("/introductions/<introduction_id>")
class IntroductionById(MethodView):
    @blp.response(200, IntroductionSchema)
    @document_errors(blp, 404)
    def get(self, introduction_id):
        """A request: its state, history, your possible actions and (once completed, for its
        two ends) the other end's contacts."""
        return introductions().get(introduction_id, actor=current_actor())


@blp.route("/introductions/<introduction_id>/actions")
class IntroductionActions(MethodView):
    @blp.arguments(StepInputSchema)
    @blp.response(200, IntroductionSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, step, introduction_id):
        """Forward, accept, decline, withdraw or complete a request (accepting or completing,
        say whether you share your contacts); 409 names the state when the action does not
        fit it."""
        return introductions().act(introduction_id, step["action"], note=step["note"],
                                   reason=step["reason"], block=step["block"],
                                   share_contacts=step["share_contacts"],
                                   revision=step["revision"], actor=current_actor())


@blp.route("/stakeholders/<stakeholder_id>/blocks")
class StakeholderBlocks(MethodView):
    @blp.response(200, BlockSchema(many=True))
    @document_errors(blp, 404)
    def get(self, stakeholder_id):
        """The requesters a stakeholder takes no introduction requests from."""
        return introductions().blocks(stakeholder_id, actor=current_actor())

    @blp.arguments(BlockInputSchema)
    @blp.response(201, BlockSchema)
    @document_errors(blp, 404, 422, body=True)
    def post(self, fields, stakeholder_id):
        """Take no more introduction requests from a requester."""
        return introductions().block(stakeholder_id, fields["requester_id"],
                                     actor=current_actor())


@blp.route("/stakeholders/<stakeholder_id>/blocks/<requester_id>")
class StakeholderBlock(MethodView):
    @blp.response(204)
    @document_errors(blp, 404, body=True)
    def delete(self, stakeholder_id, requester_id):
        """Lift a block."""
        introductions().unblock(stakeholder_id, requester_id, actor=current_actor())


@blp.route("/me/notifications")
class MyNotifications(MethodView):
    @blp.arguments(NotificationQuerySchema, **QUERY)
    @blp.response(200, NotificationSchema(many=True))
    @document_errors(blp, 422)
    def get(self, args):
        """My notifications, newest first (what the mail sender sends, if configured)."""
        return notifications().mine(pending_only=args["pending_only"], limit=args["limit"],
                                    actor=current_actor())
