"""Activities (workshops, courses, mentoring sessions, networking events), registrations,
attendance, and a networking event's meetings and agendas."""

from __future__ import annotations

from flask.views import MethodView

from service.api.activity_schemas import (
    ActivityInputSchema,
    ActivityPageSchema,
    ActivityPatchSchema,
    ActivityQuerySchema,
    ActivityRecordSchema,
    ActivitySchema,
    ActivityTieSchema,
    ActivityViewSchema,
    AgendaQuerySchema,
    AgendaSchema,
    AnswerInputSchema,
    AttendanceInputSchema,
    ConsentInputSchema,
    MeetingSchema,
    OutcomesQuerySchema,
    RegistrantSchema,
    RegistrationInputSchema,
    RegistrationSchema,
    ScheduleSchema,
    SwapInputSchema,
    WishesInputSchema,
)
from service.api.common import QUERY, Blueprint, document_errors
from service.auth import current_actor
from service.extensions import activities, event_meetings

blp = Blueprint("activities", __name__,
                description="Activities of the training and networking pillars, and a "
                            "networking event's one-to-one meetings.")


@blp.route("/activities")
class Activities(MethodView):
    @blp.arguments(ActivityQuerySchema, **QUERY)
    @blp.response(200, ActivityPageSchema)
    @document_errors(blp, 422)
    def get(self, args):
        """Activities, soonest first, filtered by region, kind, plan and start dates."""
        return activities().find(**args, actor=current_actor())

    @blp.arguments(ActivityInputSchema)
    @blp.response(201, ActivitySchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields_):
        """Open an activity in one of my territories."""
        return activities().create(**fields_, actor=current_actor())


@blp.route("/activities/outcomes")
class ActivityOutcomes(MethodView):
    @blp.arguments(OutcomesQuerySchema, **QUERY)
    @blp.response(200, ActivityRecordSchema(many=True))
    @document_errors(blp, 422)
    def get(self, args):
        """Registrations, attendance and ties formed by the activities of a territory that
        started between two dates (what attendance indicators count)."""
        return activities().records(region=args.get("region"), starts_from=args["starts_from"],
                                    starts_until=args["starts_until"], actor=current_actor())


@blp.route("/activities/<activity_id>")
class ActivityById(MethodView):
    @blp.response(200, ActivityViewSchema)
    @document_errors(blp, 404)
    def get(self, activity_id):
        """An activity, the seats taken and my own registrations."""
        return activities().get(activity_id, actor=current_actor())

    @blp.arguments(ActivityPatchSchema)
    @blp.response(200, ActivitySchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def patch(self, changes, activity_id):
        """Change an activity (its coordinators)."""
        return activities().update(activity_id, changes, actor=current_actor())


@blp.route("/activities/<activity_id>/registrations")
class ActivityRegistrations(MethodView):
    @blp.response(200, RegistrantSchema(many=True))
    @document_errors(blp, 404)
    def get(self, activity_id):
        """Who is registered (to its coordinators and its registrants)."""
        return activities().registrants(activity_id, actor=current_actor())

    @blp.arguments(RegistrationInputSchema)
    @blp.response(201, RegistrationSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields_, activity_id):
        """Register a stakeholder (a member: its own) while seats are left (409 naming
        capacity when full)."""
        return activities().register(activity_id, fields_["stakeholder_id"],
                                     ties_consent=fields_["ties_consent"], actor=current_actor())


@blp.route("/activities/<activity_id>/registrations/<stakeholder_id>")
class RegistrationById(MethodView):
    @blp.arguments(ConsentInputSchema)
    @blp.response(200, RegistrationSchema)
    @document_errors(blp, 404, 422, body=True)
    def put(self, fields_, activity_id, stakeholder_id):
        """Say whether attending (and meetings held) may become ties."""
        return activities().set_consent(activity_id, stakeholder_id, fields_["ties_consent"],
                                        actor=current_actor())

    @blp.response(204)
    @document_errors(blp, 404, 409)
    def delete(self, activity_id, stakeholder_id):
        """Give the seat back."""
        activities().cancel(activity_id, stakeholder_id, actor=current_actor())


@blp.route("/activities/<activity_id>/registrations/<stakeholder_id>/wishes")
class RegistrationWishes(MethodView):
    @blp.arguments(WishesInputSchema)
    @blp.response(200, RegistrationSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def put(self, fields_, activity_id, stakeholder_id):
        """Whom the registrant wants to meet at a networking event, and when it is free."""
        return event_meetings().state_wishes(
            activity_id, stakeholder_id,
            wishes={w["stakeholder_id"]: w["priority"] for w in fields_["wishes"]},
            available=fields_["available"], actor=current_actor())


@blp.route("/activities/<activity_id>/attendance")
class ActivityAttendance(MethodView):
    @blp.arguments(AttendanceInputSchema)
    @blp.response(200, ActivityTieSchema(many=True))
    @document_errors(blp, 404, 422, body=True)
    def post(self, fields_, activity_id):
        """Record who came; answers the ties formed (attendee–organiser, with consent)."""
        return activities().record_attendance(activity_id, fields_["attended"],
                                              actor=current_actor())


@blp.route("/activities/<activity_id>/meetings")
class ActivityMeetings(MethodView):
    @blp.response(200, ScheduleSchema)
    @document_errors(blp, 404, 409)
    def get(self, activity_id):
        """The schedule of one-to-one meetings (its coordinators)."""
        return event_meetings().schedule(activity_id, actor=current_actor())

    @blp.response(201, ScheduleSchema)
    @document_errors(blp, 404, 409)
    def post(self, activity_id):
        """Generate a draft schedule from the wishes and availability, replacing the draft."""
        return event_meetings().generate(activity_id, actor=current_actor())


@blp.route("/activities/<activity_id>/meetings/publication")
class SchedulePublication(MethodView):
    @blp.response(200, ScheduleSchema)
    @document_errors(blp, 404, 409)
    def post(self, activity_id):
        """Publish the draft schedule: the attendees' agendas show it."""
        return event_meetings().publish(activity_id, actor=current_actor())


@blp.route("/activities/<activity_id>/meetings/<meeting_id>")
class MeetingById(MethodView):
    @blp.response(200, ScheduleSchema)
    @document_errors(blp, 404, 409)
    def delete(self, activity_id, meeting_id):
        """Take a meeting out of the draft."""
        return event_meetings().remove_meeting(activity_id, meeting_id, actor=current_actor())


@blp.route("/activities/<activity_id>/meetings/<meeting_id>/swap")
class MeetingSwap(MethodView):
    @blp.arguments(SwapInputSchema)
    @blp.response(200, ScheduleSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields_, activity_id, meeting_id):
        """Exchange the rounds and tables of two meetings of the draft."""
        return event_meetings().swap_meetings(activity_id, meeting_id, fields_["other_id"],
                                              actor=current_actor())


@blp.route("/activities/<activity_id>/meetings/<meeting_id>/answers")
class MeetingAnswers(MethodView):
    @blp.arguments(AnswerInputSchema)
    @blp.response(200, MeetingSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def put(self, fields_, activity_id, meeting_id):
        """Say whether a meeting was held and whether it was useful (a side of it)."""
        return event_meetings().answer(activity_id, meeting_id, fields_["stakeholder_id"],
                                       held=fields_["held"], useful=fields_["useful"],
                                       actor=current_actor())


@blp.route("/activities/<activity_id>/agenda")
class ActivityAgenda(MethodView):
    @blp.arguments(AgendaQuerySchema, **QUERY)
    @blp.response(200, AgendaSchema)
    @document_errors(blp, 404, 409, 422)
    def get(self, args, activity_id):
        """A registrant's meetings, by round (mine by default)."""
        return event_meetings().agenda(activity_id, args.get("stakeholder_id"),
                                       actor=current_actor())
