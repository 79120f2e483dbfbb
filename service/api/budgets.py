"""Participatory budgets: processes and their phases, projects and their review, one ballot
per verified voter, the results explained, execution, and pabulib ``.pb`` files."""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, request
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from graph_models.domain.errors import InvalidInput, NotFound
from service.api.budget_schemas import (
    BallotInputSchema,
    BallotSchema,
    BudgetResultsSchema,
    ExecutionInputSchema,
    ImportFileSchema,
    ImportFormSchema,
    PhaseInputSchema,
    ProcessInputSchema,
    ProcessPageSchema,
    ProcessQuerySchema,
    ProcessSchema,
    ProjectInputSchema,
    ProjectSchema,
    ReviewInputSchema,
)
from service.api.common import QUERY, Blueprint, document_errors
from service.auth import current_actor
from service.budget_results import results_view
from service.extensions import budget_files, budgets
from service.i18n.locale import N_

blp = Blueprint("budgets", __name__, url_prefix="/budgets",
                description="Participatory budgets: processes, projects, ballots and results.")

# A real city's election (10⁴ voters, 10² projects) is a few megabytes of pabulib.
MAX_FILE_BYTES = 16 * 1024 * 1024
PB = "text/plain"


@blp.route("")
class Processes(MethodView):
    @blp.arguments(ProcessQuerySchema, **QUERY)
    @blp.response(200, ProcessPageSchema)
    @document_errors(blp, 422)
    def get(self, args):
        """The processes, newest first, by phase and territory if asked."""
        found = budgets().list_processes(phase=args["phase"], region=args["region"],
                                         actor=current_actor())
        start = (args["page"] - 1) * args["page_size"]
        return {"items": found[start:start + args["page_size"]], "total": len(found),
                "page": args["page"], "page_size": args["page_size"]}

    @blp.arguments(ProcessInputSchema)
    @blp.response(201, ProcessSchema)
    @document_errors(blp, 422, body=True)
    def post(self, fields):
        """Open a process, taking proposals, in one of my territories."""
        return budgets().create_process(fields, actor=current_actor())


@blp.route("/<process_id>")
class ProcessById(MethodView):
    @blp.response(200, ProcessSchema)
    @document_errors(blp, 404)
    def get(self, process_id):
        """A process: its phase, when each was opened, its ballot's limits."""
        return budgets().get_process(process_id, actor=current_actor())


@blp.route("/<process_id>/phase")
class ProcessPhase(MethodView):
    @blp.arguments(PhaseInputSchema)
    @blp.response(200, ProcessSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields, process_id):
        """Open the next phase; opening the results computes them and records the FUNDED
        ties. 409 if it is not the next phase, or the revision has moved on."""
        return budgets().open_phase(process_id, fields["phase"], revision=fields["revision"],
                                    actor=current_actor())


@blp.route("/<process_id>/projects")
class Projects(MethodView):
    @blp.response(200, ProjectSchema(many=True))
    @document_errors(blp, 404)
    def get(self, process_id):
        """The process's projects with their review, oldest first."""
        return budgets().projects(process_id, actor=current_actor())

    @blp.arguments(ProjectInputSchema)
    @blp.response(201, ProjectSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields, process_id):
        """Propose a project for a stakeholder I am a member of, while proposals are open."""
        return budgets().propose(process_id, fields, actor=current_actor())


@blp.route("/projects/<project_id>")
class ProjectById(MethodView):
    @blp.response(200, ProjectSchema)
    @document_errors(blp, 404)
    def get(self, project_id):
        """A project, its review and, once funded, its execution."""
        return budgets().get_project(project_id, actor=current_actor())


@blp.route("/projects/<project_id>/review")
class ProjectReview(MethodView):
    @blp.arguments(ReviewInputSchema)
    @blp.response(200, ProjectSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields, project_id):
        """Declare a project eligible or not, with a reason (a coordinator who did not
        propose it, during the review)."""
        return budgets().review(project_id, fields["eligible"], fields["reason"],
                                revision=fields["revision"], actor=current_actor())


@blp.route("/projects/<project_id>/execution")
class ProjectExecution(MethodView):
    @blp.arguments(ExecutionInputSchema)
    @blp.response(200, ProjectSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields, project_id):
        """Record how a funded project is carried out (its coordinators, its proposer)."""
        revision = fields.pop("revision")
        changes = {k: v for k, v in fields.items() if v is not None}
        return budgets().track(project_id, changes, revision=revision, actor=current_actor())


@blp.route("/<process_id>/ballot")
class MyBallot(MethodView):
    @blp.response(200, BallotSchema)
    @document_errors(blp, 404)
    def get(self, process_id):
        """My own ballot (nobody reads another's); 404 if I have not voted."""
        return budgets().my_ballot(process_id, actor=current_actor())

    @blp.arguments(BallotInputSchema)
    @blp.response(201, BallotSchema)
    @document_errors(blp, 404, 409, 422, body=True)
    def post(self, fields, process_id):
        """Cast my one ballot, held to the process's limits (409 if I have voted)."""
        return budgets().cast(process_id, fields["projects"], fields["points"],
                              actor=current_actor())


@blp.route("/<process_id>/results")
class Results(MethodView):
    @blp.response(200, BudgetResultsSchema)
    @document_errors(blp, 404)
    def get(self, process_id):
        """Who won and why, each project explained in the answer's language, and my own
        share; 404 before the results are out."""
        explained = budgets().explained_results(process_id, actor=current_actor())
        if explained is None:
            raise NotFound(N_("the results are not out yet"))
        return results_view(explained)


@blp.route("/<process_id>/export.pb")
class Export(MethodView):
    @blp.doc(responses={200: {"description": "The election as a pabulib file.",
                              "content": {PB: {"schema": {"type": "string"}}}}})
    @document_errors(blp, 404)
    def get(self, process_id):
        """The process's election as a pabulib ``.pb`` file, the ballots numbered in a random
        order."""
        text = budget_files().export_file(process_id, actor=current_actor())
        return Response(text, mimetype=PB, headers={
            "Content-Disposition": f'attachment; filename="budget-{process_id}.pb"'})


@blp.route("/import")
class Import(MethodView):
    @blp.arguments(ImportFileSchema, location="files")
    @blp.response(201, ProcessSchema)
    @document_errors(blp, 422, body=True)
    def post(self, files):
        """A pabulib ``.pb`` file (at most 16 MB) as a new process in its voting phase.

        Beside ``file``, the form's fields: ``region`` (NUTS code, required), ``fund_id`` (the
        policymaker whose fund pays, required), ``name`` and ``rule`` (optional).
        """
        # The form's fields are read here, not declared: flask-smorest would document them
        # apart from the file (as OpenAPI 2's formData), which no OpenAPI 3 client sends.
        try:
            fields = ImportFormSchema().load(request.form)
        except ValidationError as error:
            abort(HTTPStatus.UNPROCESSABLE_ENTITY, message="the process is not valid",
                  errors={"form": error.messages})
        data = files["file"].stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InvalidInput(N_("the file is too large"),
                               errors={"file": [N_("at most 16 MB")]})
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput(N_("the file is not UTF-8 text"),
                               errors={"file": [N_("not UTF-8")]}) from None
        fields = {k: v for k, v in fields.items() if v is not None}
        return budget_files().import_file(text, fields, actor=current_actor())
