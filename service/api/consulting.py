"""Consulting: needs assessments (drafted, opened, sent through personal links, closed; their
results and needs map) and co-creation workshops."""

from __future__ import annotations

from flask import current_app, url_for
from flask.views import MethodView

from graph_models.use_cases.assessments import Sent
from service.api.common import Blueprint, document_errors
from service.api.consulting_schemas import (
    AssessmentActionSchema,
    AssessmentInputSchema,
    AssessmentPatchSchema,
    AssessmentSchema,
    NeedsResultsSchema,
    SentSchema,
    WorkshopInputSchema,
    WorkshopPatchSchema,
    WorkshopSchema,
)
from service.assessment_mail import send_link
from service.auth import current_actor
from service.extensions import assessments, workshops

blp = Blueprint("consulting", __name__,
                description="Needs assessments and co-creation workshops (consulting).")


def sent_answer(sent: Sent) -> dict:
    """What sending answers: for each new link, whether it was e-mailed, and the link itself
    (once) when it was not, for the coordinator to hand over."""
    rows = []
    for item in sent.links:
        link = url_for("web.questionnaire", token=item.issued.secret, _external=True)
        emailed = send_link(current_app.config, item.email, item.stakeholder.name,
                            sent.assessment.title, link, item.issued.link.expires_at)
        rows.append({"stakeholder": item.stakeholder, "emailed": emailed,
                     "link": None if emailed else link,
                     "expires_at": item.issued.link.expires_at})
    return {"assessment": sent.assessment, "links": rows}


@blp.route("/assessments")
class Assessments(MethodView):
    @blp.response(200, AssessmentSchema(many=True))
    @document_errors(blp)
    def get(self):
        """The assessments of my territories, newest first."""
        return assessments().list_assessments(actor=current_actor())

    @blp.arguments(AssessmentInputSchema)
    @blp.response(201, AssessmentSchema)
    @document_errors(blp, 422, body=True)
    def post(self, fields_):
        """Draft an assessment for a scope of my territories."""
        return assessments().create(fields_, actor=current_actor())


@blp.route("/assessments/<assessment_id>")
class AssessmentById(MethodView):
    @blp.response(200, NeedsResultsSchema)
    @document_errors(blp, 404)
    def get(self, assessment_id):
        """An assessment with its links and its needs map."""
        return assessments().results(assessment_id, actor=current_actor())

    @blp.arguments(AssessmentPatchSchema(partial=True))
    @blp.response(200, AssessmentSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def patch(self, changes, assessment_id):
        """Change a draft (once open, only its plan_id)."""
        return assessments().update(assessment_id, changes, actor=current_actor())


@blp.route("/assessments/<assessment_id>/actions")
class AssessmentActions(MethodView):
    @blp.arguments(AssessmentActionSchema)
    @blp.response(200, AssessmentSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, args, assessment_id):
        """Open a draft, or close an open assessment (its links stop working)."""
        desk = assessments()
        step = desk.open if args["action"] == "open" else desk.close
        return step(assessment_id, actor=current_actor())


@blp.route("/assessments/<assessment_id>/links")
class AssessmentLinks(MethodView):
    @blp.response(201, SentSchema)
    @document_errors(blp, 404, 409)
    def post(self, assessment_id):
        """Send an open assessment: a personal link for each stakeholder of its scope that
        has none yet, e-mailed to its address when mail is configured, else in this answer
        only."""
        return sent_answer(assessments().send(assessment_id, actor=current_actor()))


@blp.route("/workshops")
class Workshops(MethodView):
    @blp.response(200, WorkshopSchema(many=True))
    @document_errors(blp)
    def get(self):
        """The workshops of my territories, the latest held first."""
        return workshops().list_workshops(actor=current_actor())

    @blp.arguments(WorkshopInputSchema)
    @blp.response(201, WorkshopSchema)
    @document_errors(blp, 422, body=True)
    def post(self, fields_):
        """Record a co-creation workshop held in one of my territories."""
        return workshops().create(fields_, actor=current_actor())


@blp.route("/workshops/<workshop_id>")
class WorkshopById(MethodView):
    @blp.response(200, WorkshopSchema)
    @document_errors(blp, 404)
    def get(self, workshop_id):
        """A workshop."""
        return workshops().get(workshop_id, actor=current_actor())

    @blp.arguments(WorkshopPatchSchema(partial=True))
    @blp.response(200, WorkshopSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def patch(self, changes, workshop_id):
        """Change a workshop's record (lists are replaced whole)."""
        return workshops().update(workshop_id, changes, actor=current_actor())

    @blp.response(204)
    @document_errors(blp, 404)
    def delete(self, workshop_id):
        """Delete a workshop's record."""
        workshops().delete(workshop_id, actor=current_actor())
