"""Mentorship: programmes and their proposals, mentorships with sessions and ratings, reports
and peer-learning circles."""

from __future__ import annotations

from flask.views import MethodView

from service.api.common import QUERY, Blueprint, document_errors
from service.api.mentorship_schemas import (
    CirclePlanSchema,
    CirclesInputSchema,
    EditInputSchema,
    EnrolmentInputSchema,
    MentorshipActionSchema,
    MentorshipPageSchema,
    MentorshipQuerySchema,
    MentorshipSchema,
    MentorshipSessionInputSchema,
    MentorshipSessionSchema,
    ProgrammeInputSchema,
    ProgrammePageSchema,
    ProgrammeQuerySchema,
    ProgrammeReadQuerySchema,
    ProgrammeReportSchema,
    ProgrammeSchema,
    ProposalInputSchema,
    PublishInputSchema,
)
from service.auth import current_actor
from service.extensions import mentorships, programmes

blp = Blueprint("mentorship", __name__,
                description="Mentorship programmes, their cohorts and lifecycle, and circles.")


@blp.route("/programmes")
class Programmes(MethodView):
    @blp.arguments(ProgrammeQuerySchema, **QUERY)
    @blp.response(200, ProgrammePageSchema)
    @document_errors(blp, 422)
    def get(self, args):
        """The programmes of my territories, newest first."""
        return programmes().programmes(page=args["page"], page_size=args["page_size"],
                                       actor=current_actor())

    @blp.arguments(ProgrammeInputSchema)
    @blp.response(201, ProgrammeSchema)
    @document_errors(blp, 422, body=True)
    def post(self, fields):
        """Open a programme in one of my territories."""
        return programmes().open_programme(**fields, actor=current_actor())


@blp.route("/programmes/<programme_id>")
class ProgrammeById(MethodView):
    @blp.arguments(ProgrammeReadQuerySchema, **QUERY)
    @blp.response(200, ProgrammeSchema)
    @document_errors(blp, 404, 422)
    def get(self, args, programme_id):
        """A programme: its enrolment, its proposal (explained on request) and mentor loads."""
        return programmes().get_programme(programme_id, explain=args["explain"],
                                          actor=current_actor())


@blp.route("/programmes/<programme_id>/enrolments")
class ProgrammeEnrolments(MethodView):
    @blp.arguments(EnrolmentInputSchema)
    @blp.response(200, ProgrammeSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields, programme_id):
        """Enrol mentees and mentors (with capacities), or take some out."""
        return programmes().enrol(programme_id, **fields, actor=current_actor())


@blp.route("/programmes/<programme_id>/proposal")
class ProgrammeProposal(MethodView):
    @blp.arguments(ProposalInputSchema, required=False)
    @blp.response(200, ProgrammeSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields, programme_id):
        """Solve the cohort (optimal or stable) around the pinned pairs: the new draft,
        each pair explained, each unplaced mentee with its reason."""
        return programmes().propose(programme_id, method=fields["method"],
                                    candidates=fields["candidates"],
                                    revision=fields["revision"], actor=current_actor())


@blp.route("/programmes/<programme_id>/proposal/edits")
class ProposalEdits(MethodView):
    @blp.arguments(EditInputSchema)
    @blp.response(200, ProgrammeSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields, programme_id):
        """Swap, place, remove, pin or unpin a pair of the draft."""
        return programmes().edit(programme_id, **fields, actor=current_actor())


@blp.route("/programmes/<programme_id>/publish")
class ProgrammePublish(MethodView):
    @blp.arguments(PublishInputSchema, required=False)
    @blp.response(200, ProgrammeSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields, programme_id):
        """Publish the draft: each pair becomes a mentorship proposed to both sides (all or
        none: 409 lists the pairs a change since has broken)."""
        return programmes().publish(programme_id, revision=fields["revision"],
                                    actor=current_actor())


@blp.route("/programmes/<programme_id>/report")
class ProgrammeReport(MethodView):
    @blp.response(200, ProgrammeReportSchema)
    @document_errors(blp, 404)
    def get(self, programme_id):
        """Placement, acceptance and completion rates, mentor load, ratings and new ties."""
        return programmes().report(programme_id, actor=current_actor())


@blp.route("/circles")
class Circles(MethodView):
    @blp.arguments(CirclesInputSchema)
    @blp.response(200, CirclePlanSchema)
    @document_errors(blp, 404, 422, body=True)
    def post(self, fields):
        """Split entrepreneurs into peer-learning circles, each explained (computed, not
        stored)."""
        members = fields.pop("members")
        return programmes().circles(members, **fields, actor=current_actor())


@blp.route("/mentorships")
class MentorshipList(MethodView):
    @blp.arguments(MentorshipQuerySchema, **QUERY)
    @blp.response(200, MentorshipPageSchema)
    @document_errors(blp, 422)
    def get(self, args):
        """The mentorships I stand to: my stakeholders' (a member), my territories' (a
        coordinator), all (an admin)."""
        states = tuple(args["state"]) if args["state"] else None
        return mentorships().mentorships(programme_id=args["programme_id"], states=states,
                                         page=args["page"], page_size=args["page_size"],
                                         actor=current_actor())


@blp.route("/mentorships/<mentorship_id>")
class MentorshipById(MethodView):
    @blp.response(200, MentorshipSchema)
    @document_errors(blp, 404)
    def get(self, mentorship_id):
        """A mentorship: its state, ratings and the actions I may take now."""
        return mentorships().get(mentorship_id, actor=current_actor())


@blp.route("/mentorships/<mentorship_id>/actions")
class MentorshipActions(MethodView):
    @blp.arguments(MentorshipActionSchema)
    @blp.response(200, MentorshipSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, step, mentorship_id):
        """Accept, start, check in, complete, rate or cancel; 409 names the state when the
        action does not fit it."""
        return mentorships().act(mentorship_id, step["action"], reason=step["reason"],
                                 rating=step["rating"], revision=step["revision"],
                                 actor=current_actor())


@blp.route("/mentorships/<mentorship_id>/sessions")
class MentorshipSessions(MethodView):
    @blp.response(200, MentorshipSessionSchema(many=True))
    @document_errors(blp, 404)
    def get(self, mentorship_id):
        """The sessions, by day; their notes for the pair only."""
        return mentorships().sessions(mentorship_id, actor=current_actor())

    @blp.arguments(MentorshipSessionInputSchema)
    @blp.response(201, MentorshipSessionSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields, mentorship_id):
        """Log a session of an active mentorship (the pair only)."""
        return mentorships().log_session(mentorship_id, **fields, actor=current_actor())
