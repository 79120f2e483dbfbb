"""The authorisation matrix: every endpoint × every role × (own object, object in my region,
object elsewhere — discoverable or hidden — and anonymous), on both stores.

The expected answer comes from the policy table (graph_models.domain.policy.RULES) and the endpoint
table (service.access.ENDPOINT_RULES), never from a list written here; what is written here is
only how to make each request. A route without a rule, or without a request here, fails.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest

from graph_models.domain import policy
from graph_models.domain.accounts import Role, parse_token
from graph_models.domain.activities import (
    Activity,
    ActivityKind,
    Meeting,
    Registration,
    ScheduleState,
)
from graph_models.domain.budgets import BudgetProcess, BudgetProject, Phase
from graph_models.domain.campaigns import Campaign, Pledge, stakeholder_pledger
from graph_models.domain.introductions import Introduction, Purpose, State
from graph_models.domain.mentorships import Mentorship
from graph_models.domain.policy import Action, Relation, Resource
from graph_models.domain.programmes import Programme
from graph_models.domain.stakeholders import Kind, Pillar, new_id, now
from service.access import ANYONE, ENDPOINT_RULES, PUBLIC, SIGNED_IN
from tests.api.conftest import bearer_client, use_cases
from tests.api.helpers import API, NDJSON, ndjson
from tests.api.plan_matrix import (
    NEW_PLAN_FORM,
    PLAN_CALLS,
    PLAN_CREATE,
    PLAN_PAGES,
    plan_status,
    with_plans,
)

OBJECTS = ("own", "in_region", "discoverable", "hidden")
REGION_OF = {"own": "EL522", "in_region": "EL303", "discoverable": "EL433", "hidden": "EL433"}
ROLES = [*Role, None]  # None: anonymous
_names = itertools.count(1)


@dataclass
class World:
    """Four stakeholders, one tie from each to an anchor, and a user per role with a token."""

    app: object
    stakeholders: dict[str, str]
    anchor: str
    ties: dict[str, str]
    users: dict[Role, object]
    secrets: dict[Role, str]
    other_user: object
    other_token_id: str
    introductions: dict[str, str]
    venue: str
    forwarded: dict[str, str]

    def client(self, role: Role | None):
        return self.app.test_client() if role is None else bearer_client(
            self.app, self.secrets[role])


def build_world(app) -> World:
    facades = use_cases(app)
    eco, accounts = facades.stakeholders, facades.accounts
    stakeholders = {
        key: eco.create_stakeholder({"kind": Kind.ENTREPRENEUR, "name": f"{key} {next(_names)}",
                                     "region": region, "email": f"{key}@example.org",
                                     "discoverable": key == "discoverable"}).id
        for key, region in REGION_OF.items()}
    anchor = eco.create_stakeholder({"kind": Kind.SUPPORT_ORGANISATION, "name": "anchor",
                                     "region": "EL433", "discoverable": True}).id
    ties = {key: eco.create_tie({"type": "KNOWS", "source": sid, "target": anchor}).id
            for key, sid in stakeholders.items()}
    users, secrets = {}, {}
    for role in Role:
        fields = {"username": f"{role.value}-{next(_names)}", "role": role}
        if role in (Role.COORDINATOR, Role.VIEWER):
            fields["regions"] = ["EL30"]
        if role == Role.MEMBER:
            fields["memberships"] = [stakeholders["own"]]
        users[role] = accounts.create_user(fields)
        secrets[role] = accounts.issue_token(users[role].id, name="matrix").secret
    other = accounts.create_user({"username": f"other-{next(_names)}", "role": Role.MEMBER})
    other_token = accounts.issue_token(other.id, name="other").token.id
    desk = facades.introductions
    # Each stakeholder asks to meet the anchor (a coordinator of EL433 would mediate) and
    # blocks the anchor from asking it.
    introductions = {key: desk.request(sid, anchor, Purpose.NETWORKING).introduction.id
                     for key, sid in stakeholders.items()}
    for sid in stakeholders.values():
        desk.block(sid, anchor)
    venue = eco.create_stakeholder({"kind": Kind.INVESTOR, "name": "venue", "region": "EL433",
                                    "discoverable": True}).id
    return World(app, stakeholders, anchor, ties, users, secrets, other, other_token,
                 introductions, venue, forwarded_from(facades.store, venue, stakeholders))


def forwarded_from(store, requester_id: str, targets: dict[str, str]) -> dict[str, str]:
    """For each object, a request of ``requester_id`` to meet it, forwarded to it. Written to
    the store: only a discoverable target may be asked through the use cases."""
    at, forwarded = now(), {}
    for key, target_id in targets.items():
        forwarded[key] = store.create_introduction(Introduction(
            id=new_id(), requester_id=requester_id, target_id=target_id,
            purpose=Purpose.FINANCING, message="", region=REGION_OF[key],
            requested_by="system", created_at=at, state_changed_at=at, state=State.FORWARDED,
            forwarded_at=at), max_open=len(targets)).id
    return forwarded


@dataclass(frozen=True)
class Request:
    """How to call one endpoint about one object of the world."""

    endpoint: str
    method: str
    send: Callable  # (client, world, object key) -> response
    objects: tuple[str, ...] = OBJECTS
    forwarded: bool = False  # about the requests forwarded to the object, not those it sent


def stakeholder_url(suffix=""):
    return lambda c, w, o, method: getattr(c, method)(
        f"{API}/stakeholders/{w.stakeholders[o]}{suffix}",
        **({"json": {"description": "changed"}} if method == "patch" else {}))


def tie_url(c, w, o, method):
    return getattr(c, method)(f"{API}/ties/{w.ties[o]}",
                              **({"json": {"weight": 2.0}} if method == "patch" else {}))


def own_or_other_user(client, world: World, obj: str) -> str:
    if obj == "own" and client.role is not None:
        return world.users[client.role].id
    return world.other_user.id


def own_or_other_token(client, world: World, obj: str) -> str:
    if obj == "own" and client.role is not None:
        return parse_token(world.secrets[client.role])
    return world.other_token_id
def invited(w: World, o: str):
    """An invitation made by the system for a new member of stakeholder ``o``."""
    return use_cases(w.app).invitations.invite({
        "username": f"invited-{next(_names)}", "role": Role.MEMBER,
        "memberships": [w.stakeholders[o]]})


def stakeholder_name(w: World, o: str) -> str:
    return use_cases(w.app).store.get_stakeholder(w.stakeholders[o]).name


def invitation_link(c, w, o, m):
    path = f"/invitations/{invited(w, o).issued.secret}"
    if m == "get":
        return c.get(path)
    return c.post(path, data={"password": "a long enough passphrase",
                              "password_again": "a long enough passphrase"})


# The invitation endpoints and the admin pages (service/api/invitations.py, service/web/):
# about a stakeholder of the coordinator's territory, or, where it is judged, one elsewhere.
ADMIN_REQUESTS = [
    Request("invitations.Invitations", "GET", lambda c, w, o, m: c.get(f"{API}/invitations")),
    Request("invitations.Invitations", "POST", lambda c, w, o, m: c.post(
        f"{API}/invitations", json={"username": f"new-{next(_names)}", "role": "member",
                                    "memberships": [w.stakeholders[o]]}), ("in_region",)),
    Request("invitations.UserInvitations", "POST", lambda c, w, o, m: c.post(
        f"{API}/users/{invited(w, o).user.id}/invitations"), ("in_region", "hidden")),
    Request("invitations.InvitationById", "DELETE", lambda c, w, o, m: c.delete(
        f"{API}/invitations/{invited(w, o).issued.invitation.id}"), ("in_region", "hidden")),
    Request("web.invitations", "GET", lambda c, w, o, m: c.get("/admin/invitations"),
            ("own",)),
    Request("web.invitations", "POST", lambda c, w, o, m: c.post("/admin/invitations", data={
        "username": f"new-{next(_names)}", "role": "member",
        "memberships": stakeholder_name(w, o)}), ("in_region",)),
    Request("web.revoke_invitation", "POST", lambda c, w, o, m: c.post(
        f"/admin/invitations/{invited(w, o).issued.invitation.id}/revoke"), ("in_region",)),
    Request("web.accept_invitation", "GET", invitation_link, ("in_region",)),
    Request("web.accept_invitation", "POST", invitation_link, ("in_region",)),
    Request("web.users", "GET", lambda c, w, o, m: c.get("/admin/users"), ("own",)),
    Request("web.users", "POST", lambda c, w, o, m: c.post("/admin/users", data={
        "username": f"new-{next(_names)}", "role": "member"}), ("own",)),
    Request("web.user", "GET", lambda c, w, o, m: c.get(f"/admin/users/{w.other_user.id}"),
            ("own",)),
    Request("web.user", "POST", lambda c, w, o, m: c.post(
        f"/admin/users/{w.other_user.id}", data={"username": w.other_user.username,
                                                 "role": "member"}), ("own",)),
    Request("web.revoke_user_token", "POST", lambda c, w, o, m: c.post(
        f"/admin/users/{w.other_user.id}/tokens/{w.other_token_id}/revoke"), ("own",)),
    Request("web.audit", "GET", lambda c, w, o, m: c.get("/admin/audit"), ("own",)),
    Request("web.imports", "GET", lambda c, w, o, m: c.get("/admin/imports"), ("own",)),
    Request("web.imports", "POST", lambda c, w, o, m: c.post("/admin/imports", data={
        "step": "preview", "file": (io.BytesIO(ndjson({
            "record": "stakeholder", "kind": "entrepreneur", "name": "Νέα", "region": "EL303"})),
            "new.jsonl")}, content_type="multipart/form-data"), ("own",)),
]


# -- consulting (service/api/consulting.py, service/web/consulting.py) -------------------------
QUESTIONS = [{"kind": "needs", "prompt": "Need?", "pillar": "financing"},
             {"kind": "rating", "prompt": "How pressing?"}]


def with_consulting(world: World) -> World:
    """The world with, for each object, an open assessment and a workshop of its region."""
    facades = use_cases(world.app)
    world.assessments, world.workshops = {}, {}
    for key in world.stakeholders:
        made = facades.assessments.create({"title": key, "region": REGION_OF[key],
                                           "questions": QUESTIONS})
        world.assessments[key] = facades.assessments.open(made.id).id
        world.workshops[key] = facades.workshops.create({
            "title": key, "held_on": now().date(), "place": "p", "region": REGION_OF[key],
            "pillar": "training"}).id
    return world


def respondent_link(c, w, o, m):
    """A stakeholder's own link, to a new assessment of its region, opened and answered."""
    desk = use_cases(w.app).assessments
    made = desk.open(desk.create({"title": "t", "region": REGION_OF[o],
                                  "questions": QUESTIONS}).id)
    secret = next(s.issued.secret for s in desk.send(made.id).links
                  if s.stakeholder.id == w.stakeholders[o])
    if m == "get":
        return c.get(f"/q/{secret}")
    return c.post(f"/q/{secret}", data={"q2": "3", "consent": "no"})


WORKSHOP = {"title": "w", "held_on": "2026-03-01", "place": "p", "pillar": "training"}


def saved_model(w: World) -> int:
    """The version of a fitted model saved for the request (inactive)."""
    from tests.contract.test_match_models import model
    return use_cases(w.app).store.save_match_model(model()).version


# Fitted match models (service/api/match_models.py): admins only, about no stakeholder.
MATCH_MODEL_REQUESTS = [
    Request("match_models.MatchModels", "GET", lambda c, w, o, m: c.get(
        f"{API}/admin/match-models"), ("own",)),
    Request("match_models.MatchModels", "POST", lambda c, w, o, m: c.post(
        f"{API}/admin/match-models", json={"relation": "FUNDED"}), ("own",)),
    Request("match_models.ActivateMatchModel", "POST", lambda c, w, o, m: c.post(
        f"{API}/admin/match-models/{saved_model(w)}/activate"), ("own",)),
    Request("match_models.DeactivateMatchModels", "POST", lambda c, w, o, m: c.post(
        f"{API}/admin/match-models/deactivate", json={"relation": "FUNDED"}), ("own",)),
]
CONSULTING_REQUESTS = [
    Request("consulting.Assessments", "GET", lambda c, w, o, m: c.get(f"{API}/assessments")),
    Request("consulting.Assessments", "POST", lambda c, w, o, m: c.post(
        f"{API}/assessments", json={"title": "t", "region": REGION_OF[o],
                                    "questions": QUESTIONS})),
    Request("consulting.AssessmentById", "GET", lambda c, w, o, m: c.get(
        f"{API}/assessments/{w.assessments[o]}")),
    Request("consulting.AssessmentById", "PATCH", lambda c, w, o, m: c.patch(
        f"{API}/assessments/{w.assessments[o]}", json={"plan_id": "plan-1"})),
    Request("consulting.AssessmentActions", "POST", lambda c, w, o, m: c.post(
        f"{API}/assessments/{w.assessments[o]}/actions", json={"action": "close"})),
    Request("consulting.AssessmentLinks", "POST", lambda c, w, o, m: c.post(
        f"{API}/assessments/{w.assessments[o]}/links")),
    Request("consulting.Workshops", "GET", lambda c, w, o, m: c.get(f"{API}/workshops")),
    Request("consulting.Workshops", "POST", lambda c, w, o, m: c.post(
        f"{API}/workshops", json={**WORKSHOP, "region": REGION_OF[o]})),
    Request("consulting.WorkshopById", "GET", lambda c, w, o, m: c.get(
        f"{API}/workshops/{w.workshops[o]}")),
    Request("consulting.WorkshopById", "PATCH", lambda c, w, o, m: c.patch(
        f"{API}/workshops/{w.workshops[o]}", json={"place": "q"})),
    Request("consulting.WorkshopById", "DELETE", lambda c, w, o, m: c.delete(
        f"{API}/workshops/{w.workshops[o]}")),
    Request("web.assessments", "GET", lambda c, w, o, m: c.get("/assessments")),
    Request("web.assessments", "POST", lambda c, w, o, m: c.post("/assessments", data={
        "title": "t", "region": REGION_OF[o], "needs_pillars": ["financing"]})),
    Request("web.assessment", "GET", lambda c, w, o, m: c.get(
        f"/assessments/{w.assessments[o]}")),
    Request("web.assessment_step", "POST", lambda c, w, o, m: c.post(
        f"/assessments/{w.assessments[o]}/steps", data={"step": "close"})),
    Request("web.workshops", "GET", lambda c, w, o, m: c.get("/workshops")),
    Request("web.workshops", "POST", lambda c, w, o, m: c.post("/workshops", data={
        **WORKSHOP, "region": REGION_OF[o]})),
    Request("web.questionnaire", "GET", respondent_link, ("own", "hidden")),
    Request("web.questionnaire", "POST", respondent_link, ("own", "hidden")),
]


def event_url(suffix="", *, open_event=False):
    """A URL about the object's networking event (or its event nobody registered for)."""
    def url(w: World, o: str) -> str:
        events = w.open_events if open_event else w.events
        return f"{API}/activities/{events[o]}{suffix}"
    return url


def meeting_url(suffix=""):
    return lambda w, o: f"{API}/activities/{w.events[o]}/meetings/{w.meetings[o][0]}{suffix}"


# The activity endpoints (service/api/activities.py): about the object's networking event (of
# its region, organised by the anchor, the object registered with others, a draft schedule).
ACTIVITY_REQUESTS = [
    Request("activities.Activities", "GET", lambda c, w, o, m: c.get(f"{API}/activities")),
    Request("activities.Activities", "POST", lambda c, w, o, m: c.post(
        f"{API}/activities", json={"title": "t", "kind": "workshop", "pillar": "training",
                                   "starts_on": "2027-03-01", "region": REGION_OF[o],
                                   "capacity": 5, "organiser_id": w.anchor})),
    Request("activities.ActivityOutcomes", "GET", lambda c, w, o, m: c.get(
        f"{API}/activities/outcomes", query_string={
            "region": REGION_OF[o], "starts_from": "2027-01-01",
            "starts_until": "2027-12-31"})),
    Request("activities.ActivityById", "GET", lambda c, w, o, m: c.get(event_url()(w, o))),
    Request("activities.ActivityById", "PATCH", lambda c, w, o, m: c.patch(
        event_url()(w, o), json={"capacity": 20})),
    Request("activities.ActivityRegistrations", "GET", lambda c, w, o, m: c.get(
        event_url("/registrations")(w, o))),
    Request("activities.ActivityRegistrations", "POST", lambda c, w, o, m: c.post(
        event_url("/registrations", open_event=True)(w, o),
        json={"stakeholder_id": w.stakeholders[o]})),
    Request("activities.RegistrationById", "PUT", lambda c, w, o, m: c.put(
        event_url(f"/registrations/{w.stakeholders[o]}")(w, o), json={"ties_consent": False})),
    Request("activities.RegistrationById", "DELETE", lambda c, w, o, m: c.delete(
        event_url(f"/registrations/{w.stakeholders[o]}")(w, o))),
    Request("activities.RegistrationWishes", "PUT", lambda c, w, o, m: c.put(
        event_url(f"/registrations/{w.stakeholders[o]}/wishes")(w, o),
        json={"wishes": [{"stakeholder_id": w.anchor}], "available": [0, 1]})),
    Request("activities.ActivityAttendance", "POST", lambda c, w, o, m: c.post(
        event_url("/attendance")(w, o), json={"attended": [w.stakeholders[o]]})),
    Request("activities.ActivityMeetings", "GET", lambda c, w, o, m: c.get(
        event_url("/meetings")(w, o))),
    Request("activities.ActivityMeetings", "POST", lambda c, w, o, m: c.post(
        event_url("/meetings")(w, o))),
    Request("activities.SchedulePublication", "POST", lambda c, w, o, m: c.post(
        event_url("/meetings/publication")(w, o))),
    Request("activities.MeetingById", "DELETE", lambda c, w, o, m: c.delete(
        meeting_url()(w, o))),
    Request("activities.MeetingSwap", "POST", lambda c, w, o, m: c.post(
        meeting_url("/swap")(w, o), json={"other_id": w.meetings[o][1]})),
    Request("activities.MeetingAnswers", "PUT", lambda c, w, o, m: c.put(
        meeting_url("/answers")(w, o), json={"stakeholder_id": w.stakeholders[o],
                                             "held": True})),
    Request("activities.ActivityAgenda", "GET", lambda c, w, o, m: c.get(
        event_url("/agenda")(w, o), query_string={"stakeholder_id": w.stakeholders[o]})),
    Request("web.activities", "GET", lambda c, w, o, m: c.get("/activities")),
    Request("web.activities", "POST", lambda c, w, o, m: c.post("/activities", data={
        "title": "t", "kind": "workshop", "pillar": "training", "starts_on": "2027-03-01",
        "region": REGION_OF[o], "capacity": "5", "organiser_id": w.anchor})),
    Request("web.activity", "GET", lambda c, w, o, m: c.get(f"/activities/{w.events[o]}")),
    Request("web.activity_register", "POST", lambda c, w, o, m: c.post(
        f"/activities/{w.open_events[o]}/registrations",
        data={"stakeholder_id": w.stakeholders[o]})),
    Request("web.activity_wishes", "POST", lambda c, w, o, m: c.post(
        f"/activities/{w.events[o]}/wishes", data={
            "stakeholder_id": w.stakeholders[o], "wishes": f"{w.anchor}:2", "available": "0"})),
    Request("web.activity_attendance", "POST", lambda c, w, o, m: c.post(
        f"/activities/{w.events[o]}/attendance", data={"attended": w.stakeholders[o]})),
    Request("web.schedule", "GET", lambda c, w, o, m: c.get(
        f"/activities/{w.events[o]}/schedule")),
    Request("web.schedule", "POST", lambda c, w, o, m: c.post(
        f"/activities/{w.events[o]}/schedule", data={})),
    Request("web.schedule_remove", "POST", lambda c, w, o, m: c.post(
        f"/activities/{w.events[o]}/schedule/{w.meetings[o][0]}/remove", data={})),
    Request("web.schedule_swap", "POST", lambda c, w, o, m: c.post(
        f"/activities/{w.events[o]}/schedule/{w.meetings[o][0]}/swap",
        data={"other_id": w.meetings[o][1]})),
    Request("web.schedule_publish", "POST", lambda c, w, o, m: c.post(
        f"/activities/{w.events[o]}/schedule/publication", data={})),
    Request("web.agenda", "GET", lambda c, w, o, m: c.get(
        f"/activities/{w.events[o]}/agenda", query_string={"stakeholder": w.stakeholders[o]})),
    Request("web.agenda_answer", "POST", lambda c, w, o, m: c.post(
        f"/activities/{w.events[o]}/agenda/{w.meetings[o][0]}",
        data={"stakeholder_id": w.stakeholders[o], "held": "true"})),
]


# A tiny pabulib election, for the import.
PB_FILE = (b"META\nkey;value\ndescription;matrix\nnum_projects;1\nnum_votes;1\nbudget;100\n"
           b"vote_type;approval\nPROJECTS\nproject_id;cost\n1;50\nVOTES\nvoter_id;vote\nv1;1\n")
BUDGETS = f"{API}/budgets"


def budget_url(suffix: str = "", *, project: bool = False, json=None):
    """A request about the object's participatory budget (or its project)."""
    def send(c, w, o, m):
        base = (f"{BUDGETS}/projects/{w.budget_projects[o]}" if project
                else f"{BUDGETS}/{w.budgets[o]}")
        return getattr(c, m)(base + suffix, **({} if json is None else {"json": json(w, o)}))
    return send


# The participatory budgets' endpoints (service/api/budgets.py), about a process of the
# object's region that takes proposals, with a project the object proposed.
BUDGET_REQUESTS = [
    Request("budgets.Processes", "GET", lambda c, w, o, m: c.get(BUDGETS)),
    Request("budgets.Processes", "POST", lambda c, w, o, m: c.post(BUDGETS, json={
        "name": "b", "region": REGION_OF[o], "budget": 100, "fund_id": w.fund})),
    Request("budgets.ProcessById", "GET", budget_url()),
    Request("budgets.ProcessPhase", "POST", budget_url(
        "/phase", json=lambda w, o: {"phase": "review"})),
    Request("budgets.Projects", "GET", budget_url("/projects")),
    Request("budgets.Projects", "POST", budget_url("/projects", json=lambda w, o: {
        "proposer_id": w.stakeholders[o], "title": "t", "cost": 10})),
    Request("budgets.ProjectById", "GET", budget_url(project=True)),
    Request("budgets.ProjectReview", "POST", budget_url(
        "/review", project=True, json=lambda w, o: {"eligible": True})),
    Request("budgets.ProjectExecution", "POST", budget_url(
        "/execution", project=True, json=lambda w, o: {"progress": 10})),
    Request("budgets.MyBallot", "GET", budget_url("/ballot")),
    Request("budgets.MyBallot", "POST", budget_url(
        "/ballot", json=lambda w, o: {"projects": [w.budget_projects[o]]})),
    Request("budgets.Results", "GET", budget_url("/results")),
    Request("budgets.Export", "GET", budget_url("/export.pb")),
    Request("budgets.Import", "POST", lambda c, w, o, m: c.post(f"{BUDGETS}/import", data={
        "region": REGION_OF[o], "fund_id": w.fund, "file": (io.BytesIO(PB_FILE), "m.pb")},
        content_type="multipart/form-data")),
    Request("web.budgets_list", "GET", lambda c, w, o, m: c.get("/budgets")),
    Request("web.budget", "GET", lambda c, w, o, m: c.get(f"/budgets/{w.budgets[o]}")),
    Request("web.budget_phase", "POST", lambda c, w, o, m: c.post(
        f"/budgets/{w.budgets[o]}/phase", data={"phase": "review"})),
    Request("web.propose_budget_project", "GET", lambda c, w, o, m: c.get(
        f"/budgets/{w.budgets[o]}/propose")),
    Request("web.propose_budget_project", "POST", lambda c, w, o, m: c.post(
        f"/budgets/{w.budgets[o]}/propose", data={"proposer_id": w.stakeholders[o],
                                                   "title": "t", "cost": "10"})),
    Request("web.budget_review", "GET", lambda c, w, o, m: c.get(
        f"/budgets/{w.budgets[o]}/review")),
    Request("web.review_budget_project", "POST", lambda c, w, o, m: c.post(
        f"/budgets/{w.budgets[o]}/projects/{w.budget_projects[o]}/review",
        data={"eligible": "true"})),
    Request("web.ballot", "GET", lambda c, w, o, m: c.get(f"/budgets/{w.budgets[o]}/ballot")),
    Request("web.ballot", "POST", lambda c, w, o, m: c.post(
        f"/budgets/{w.budgets[o]}/ballot", data={"projects": w.budget_projects[o]})),
    Request("web.budget_results", "GET", lambda c, w, o, m: c.get(
        f"/budgets/{w.budgets[o]}/results")),
    Request("web.budget_execution", "GET", lambda c, w, o, m: c.get(
        f"/budgets/{w.budgets[o]}/execution")),
    Request("web.track_budget_project", "POST", lambda c, w, o, m: c.post(
        f"/budgets/{w.budgets[o]}/projects/{w.budget_projects[o]}/execution",
        data={"progress": "10"})),
    Request("web.new_budget", "GET", lambda c, w, o, m: c.get("/budgets/new")),
    Request("web.new_budget", "POST", lambda c, w, o, m: c.post("/budgets/new", data={
        "name": "b", "region": REGION_OF[o], "budget": "100", "fund_id": w.fund})),
    Request("web.import_budget", "GET", lambda c, w, o, m: c.get("/budgets/import")),
    Request("web.import_budget", "POST", lambda c, w, o, m: c.post("/budgets/import", data={
        "region": REGION_OF[o], "fund_id": w.fund, "file": (io.BytesIO(PB_FILE), "m.pb")},
        content_type="multipart/form-data")),
]


def soon(days: int = 30) -> str:
    return (now() + timedelta(days=days)).isoformat()


def other_object(o: str) -> str:
    """An object other than ``o``, whose campaign ``o`` may pledge to."""
    return "hidden" if o != "hidden" else "own"


def public_pledge_token(w: World, o: str) -> str:
    return use_cases(w.app).campaigns.ask_public_pledge(
        w.campaigns[o], f"{o}@example.org", Decimal(5)).secret


# Matchfunding (issue 17, part 3): each object runs an open campaign and one past its deadline,
# and has pledged to its open one (written to the store); the pool's owner is the venue.
CAMPAIGN_REQUESTS = [
    Request("campaigns.Campaigns", "GET", lambda c, w, o, m: c.get(f"{API}/campaigns")),
    Request("campaigns.Campaigns", "POST", lambda c, w, o, m: c.post(f"{API}/campaigns", json={
        "stakeholder_id": w.stakeholders[o], "title": "t", "minimum": 10, "optimum": 20,
        "deadline": soon()})),
    Request("campaigns.CampaignById", "GET", lambda c, w, o, m: c.get(
        f"{API}/campaigns/{w.campaigns[o]}")),
    Request("campaigns.CampaignSettle", "POST", lambda c, w, o, m: c.post(
        f"{API}/campaigns/{w.closing[o]}/settle")),
    Request("campaigns.CampaignPledges", "GET", lambda c, w, o, m: c.get(
        f"{API}/campaigns/{w.campaigns[o]}/pledges")),
    Request("campaigns.CampaignPledges", "POST", lambda c, w, o, m: c.post(
        f"{API}/campaigns/{w.campaigns[other_object(o)]}/pledges",
        json={"stakeholder_id": w.stakeholders[o], "amount": 10})),
    Request("campaigns.PublicPledges", "POST", lambda c, w, o, m: c.post(
        f"{API}/campaigns/{w.campaigns[o]}/public-pledges",
        json={"email": "p@example.org", "amount": 5})),
    Request("campaigns.ConfirmPublicPledge", "POST", lambda c, w, o, m: c.post(
        f"{API}/public-pledges/confirm", json={"token": public_pledge_token(w, o)})),
    Request("campaigns.MyPledges", "GET", lambda c, w, o, m: c.get(f"{API}/pledges")),
    Request("campaigns.PledgeById", "GET", lambda c, w, o, m: c.get(
        f"{API}/pledges/{w.pledges[o]}")),
    Request("campaigns.PledgeWithdraw", "POST", lambda c, w, o, m: c.post(
        f"{API}/pledges/{w.pledges[o]}/withdraw")),
    Request("campaigns.Pools", "GET", lambda c, w, o, m: c.get(f"{API}/pools")),
    Request("campaigns.Pools", "POST", lambda c, w, o, m: c.post(f"{API}/pools", json={
        "owner_id": w.venue, "name": "p", "cap": 100, "deadline": soon()}), ("own",)),
    Request("web.campaigns", "GET", lambda c, w, o, m: c.get("/campaigns"), ("own",)),
    Request("web.campaigns", "POST", lambda c, w, o, m: c.post("/campaigns", data={
        "stakeholder_id": w.stakeholders[o], "title": "t", "minimum": "10", "optimum": "20",
        "deadline": (now() + timedelta(days=30)).date().isoformat()})),
    Request("web.campaign", "GET", lambda c, w, o, m: c.get(f"/campaigns/{w.campaigns[o]}")),
    Request("web.pledge", "POST", lambda c, w, o, m: c.post(
        f"/campaigns/{w.campaigns[other_object(o)]}/pledge",
        data={"stakeholder_id": w.stakeholders[o], "amount": "10"})),
    Request("web.public_pledge", "POST", lambda c, w, o, m: c.post(
        f"/campaigns/{w.campaigns[o]}/public-pledge",
        data={"email": "p@example.org", "amount": "5"}), ("own",)),
    Request("web.confirm_pledge", "GET", lambda c, w, o, m: c.get(
        f"/pledges/confirm/{public_pledge_token(w, o)}"), ("own",)),
    Request("web.confirm_pledge", "POST", lambda c, w, o, m: c.post(
        f"/pledges/confirm/{public_pledge_token(w, o)}", data={"confirm": "yes"}), ("own",)),
    Request("web.settle_campaign", "POST", lambda c, w, o, m: c.post(
        f"/campaigns/{w.closing[o]}/settle")),
    Request("web.withdraw_pledge", "POST", lambda c, w, o, m: c.post(
        f"/pledges/{w.pledges[o]}/withdraw")),
    Request("web.pools", "GET", lambda c, w, o, m: c.get("/pools"), ("own",)),
    Request("web.pools", "POST", lambda c, w, o, m: c.post("/pools", data={
        "owner_id": w.venue, "name": "p", "cap": "100",
        "deadline": (now() + timedelta(days=30)).date().isoformat()}), ("own",)),
]
CAMPAIGN_ENDPOINTS = frozenset(r.endpoint for r in CAMPAIGN_REQUESTS)


def user_url(suffix=""):
    return lambda c, w, o, method: getattr(c, method)(
        f"{API}/users/{own_or_other_user(c, w, o)}{suffix}",
        **({"json": {"display_name": "x"}} if method == "patch" and not suffix else {}),
        **({"json": {"name": "t"}} if method == "post" else {}))


REQUESTS = [
    Request("stakeholders.Stakeholders", "GET",
            lambda c, w, o, m: c.get(f"{API}/stakeholders", query_string={"page_size": 100})),
    Request("stakeholders.Stakeholders", "POST", lambda c, w, o, m: c.post(
        f"{API}/stakeholders", json={"kind": "entrepreneur", "name": "new",
                                     "region": REGION_OF[o]})),
    Request("stakeholders.StakeholderById", "GET", stakeholder_url()),
    Request("stakeholders.StakeholderById", "PATCH", stakeholder_url()),
    Request("stakeholders.StakeholderById", "DELETE", stakeholder_url()),
    Request("stakeholders.StakeholderTies", "GET", stakeholder_url("/ties")),
    Request("stakeholders.StakeholderNeighbourhood", "GET", stakeholder_url("/neighbourhood")),
    Request("stakeholders.StakeholderExport", "GET", stakeholder_url("/export")),
    Request("matches.StakeholderMatches", "GET", stakeholder_url("/matches")),
    Request("financing.StakeholderFinancing", "GET", stakeholder_url("/financing")),
    Request("matches.ScopeMatches", "GET", lambda c, w, o, m: c.get(
        f"{API}/matches", query_string={"region": REGION_OF[o]})),
    Request("reports.EcosystemReport", "GET", lambda c, w, o, m: c.get(
        f"{API}/reports/ecosystem", query_string={"region": REGION_OF[o]})),
    Request("reports.EcosystemGraph", "GET", lambda c, w, o, m: c.get(
        f"{API}/reports/ecosystem/graph", query_string={"region": REGION_OF[o]})),
    Request("indicators.Indicators", "GET", lambda c, w, o, m: c.get(f"{API}/indicators")),
    Request("indicators.IndicatorSeries", "GET", lambda c, w, o, m: c.get(
        f"{API}/indicators/new_entities", query_string={
            "region": REGION_OF[o], "from": "2026-01-01", "to": "2026-03-31"})),
    Request("introductions.IntroductionPaths", "GET", lambda c, w, o, m: c.get(
        f"{API}/introductions/paths",
        query_string={"requester_id": w.stakeholders[o], "target_id": w.anchor})),
    Request("introductions.Introductions", "GET", lambda c, w, o, m: c.get(
        f"{API}/introductions")),
    Request("introductions.Introductions", "POST", lambda c, w, o, m: c.post(
        f"{API}/introductions", json={"requester_id": w.stakeholders[o],
                                      "target_id": w.venue, "purpose": "financing"})),
    Request("introductions.IntroductionById", "GET", lambda c, w, o, m: c.get(
        f"{API}/introductions/{w.introductions[o]}")),
    Request("introductions.IntroductionActions", "POST", lambda c, w, o, m: c.post(
        f"{API}/introductions/{w.introductions[o]}/actions", json={"action": "withdraw"})),
    Request("introductions.StakeholderBlocks", "GET", stakeholder_url("/blocks")),
    Request("introductions.StakeholderBlocks", "POST", lambda c, w, o, m: c.post(
        f"{API}/stakeholders/{w.stakeholders[o]}/blocks",
        json={"requester_id": w.stakeholders["discoverable" if o != "discoverable"
                                             else "own"]})),
    Request("introductions.StakeholderBlock", "DELETE", lambda c, w, o, m: c.delete(
        f"{API}/stakeholders/{w.stakeholders[o]}/blocks/{w.anchor}")),
    Request("introductions.MyNotifications", "GET", lambda c, w, o, m: c.get(
        f"{API}/me/notifications")),
    Request("mentorship.Programmes", "GET", lambda c, w, o, m: c.get(f"{API}/programmes")),
    Request("mentorship.Programmes", "POST", lambda c, w, o, m: c.post(
        f"{API}/programmes", json={"name": "p", "region": REGION_OF[o],
                                   "starts_on": "2026-03-01"})),
    Request("mentorship.ProgrammeById", "GET", lambda c, w, o, m: c.get(
        f"{API}/programmes/{w.programmes[o]}")),
    Request("mentorship.ProgrammeEnrolments", "POST", lambda c, w, o, m: c.post(
        f"{API}/programmes/{w.programmes[o]}/enrolments", json={})),
    Request("mentorship.ProgrammeProposal", "POST", lambda c, w, o, m: c.post(
        f"{API}/programmes/{w.programmes[o]}/proposal", json={})),
    Request("mentorship.ProposalEdits", "POST", lambda c, w, o, m: c.post(
        f"{API}/programmes/{w.programmes[o]}/proposal/edits",
        json={"action": "pin", "mentee_id": w.stakeholders[o]})),
    Request("mentorship.ProgrammePublish", "POST", lambda c, w, o, m: c.post(
        f"{API}/programmes/{w.programmes[o]}/publish")),
    Request("mentorship.ProgrammeReport", "GET", lambda c, w, o, m: c.get(
        f"{API}/programmes/{w.programmes[o]}/report")),
    Request("mentorship.Circles", "POST", lambda c, w, o, m: c.post(f"{API}/circles", json={
        "members": [w.stakeholders[o],
                    w.stakeholders["in_region" if o == "discoverable" else "discoverable"]]})),
    Request("mentorship.MentorshipList", "GET", lambda c, w, o, m: c.get(f"{API}/mentorships")),
    Request("mentorship.MentorshipById", "GET", lambda c, w, o, m: c.get(
        f"{API}/mentorships/{w.mentorships[o]}")),
    Request("mentorship.MentorshipActions", "POST", lambda c, w, o, m: c.post(
        f"{API}/mentorships/{w.mentorships[o]}/actions",
        json={"action": "cancel", "reason": "other"})),
    Request("mentorship.MentorshipSessions", "GET", lambda c, w, o, m: c.get(
        f"{API}/mentorships/{w.mentorships[o]}/sessions")),
    Request("mentorship.MentorshipSessions", "POST", lambda c, w, o, m: c.post(
        f"{API}/mentorships/{w.mentorships[o]}/sessions", json={"on": "2026-01-01"})),
    Request("ties.Ties", "POST", lambda c, w, o, m: c.post(f"{API}/ties", json={
        "type": "PARTNERS_WITH", "source": w.stakeholders[o], "target": w.anchor})),
    Request("ties.TieById", "GET", tie_url),
    Request("ties.TieById", "PATCH", tie_url),
    Request("ties.TieById", "DELETE", tie_url),
    Request("interchange.Import", "POST", lambda c, w, o, m: c.post(
        f"{API}/import", content_type=NDJSON, data=ndjson({
            "record": "stakeholder", "kind": "investor", "name": "bank",
            "external_id": f"B-{o}", "region": REGION_OF[o]}))),
    Request("interchange.Export", "GET", lambda c, w, o, m: c.get(f"{API}/export")),
    Request("accounts.Users", "GET", lambda c, w, o, m: c.get(f"{API}/users")),
    Request("accounts.Users", "POST", lambda c, w, o, m: c.post(
        f"{API}/users", json={"username": f"made-{next(_names)}", "role": "member"})),
    Request("accounts.UserById", "GET", user_url(), ("hidden", "own")),
    Request("accounts.UserById", "PATCH", user_url(), ("hidden", "own")),
    Request("accounts.UserById", "DELETE", user_url(), ("hidden", "own")),
    Request("accounts.UserTokens", "GET", user_url("/tokens"), ("hidden", "own")),
    Request("accounts.UserTokens", "POST", user_url("/tokens"), ("hidden", "own")),
    Request("accounts.TokenById", "DELETE", lambda c, w, o, m: c.delete(
        f"{API}/tokens/{w.other_token_id}"), ("hidden",)),
    Request("accounts.Me", "GET", lambda c, w, o, m: c.get(f"{API}/me")),
    Request("accounts.Me", "PATCH", lambda c, w, o, m: c.patch(f"{API}/me",
                                                              json={"locale": "el"})),
    Request("accounts.MyPassword", "PUT", lambda c, w, o, m: c.put(f"{API}/me/password", json={
        "current_password": "not the password", "new_password": "a long new passphrase"}),
        ("own",)),
    # Another unknown username each time: five failures of one would lock it (429).
    Request("accounts.Login", "POST", lambda c, w, o, m: c.post(
        f"{API}/auth/login", json={"username": f"nobody-{next(_names)}",
                                   "password": "nothing at all"})),
    Request("accounts.Logout", "POST", lambda c, w, o, m: c.post(f"{API}/auth/logout")),
    Request("accounts.Audit", "GET", lambda c, w, o, m: c.get(f"{API}/audit")),
    Request("meta.Health", "GET", lambda c, w, o, m: c.get(f"{API}/health")),
    Request("meta.Vocabularies", "GET", lambda c, w, o, m: c.get(f"{API}/vocabularies")),
    Request("api-docs.openapi_json", "GET", lambda c, w, o, m: c.get(f"{API}/openapi.json")),
    Request("api-docs.openapi_swagger_ui", "GET", lambda c, w, o, m: c.get(f"{API}/docs")),
    Request("docs_assets.static", "GET",
            lambda c, w, o, m: c.get(f"{API}/docs-assets/swagger-ui.css")),
    Request("web.home", "GET", lambda c, w, o, m: c.get("/"), ("own",)),
    Request("web.sign_in", "GET", lambda c, w, o, m: c.get("/sign-in"), ("own",)),
    Request("web.sign_in", "POST", lambda c, w, o, m: c.post("/sign-in", data={
        "username": f"nobody-{next(_names)}", "password": "nothing at all"}), ("own",)),
    Request("web.sign_out", "POST", lambda c, w, o, m: c.post("/sign-out"), ("own",)),
    Request("web.language", "POST", lambda c, w, o, m: c.post(
        "/language", data={"locale": "el"}), ("own",)),
    Request("web.static", "GET", lambda c, w, o, m: c.get("/static/site.css"), ("own",)),
    Request("web.notifications", "GET", lambda c, w, o, m: c.get("/notifications"), ("own",)),
    Request("web.programmes", "GET", lambda c, w, o, m: c.get("/programmes")),
    Request("web.programmes", "POST", lambda c, w, o, m: c.post("/programmes", data={
        "name": "p", "region": REGION_OF[o], "starts_on": "2026-03-01"})),
    Request("web.programme", "GET", lambda c, w, o, m: c.get(f"/programmes/{w.programmes[o]}")),
    Request("web.enrol", "POST", lambda c, w, o, m: c.post(
        f"/programmes/{w.programmes[o]}/enrolment", data={})),
    Request("web.propose", "POST", lambda c, w, o, m: c.post(
        f"/programmes/{w.programmes[o]}/proposal", data={})),
    Request("web.edit_proposal", "POST", lambda c, w, o, m: c.post(
        f"/programmes/{w.programmes[o]}/proposal/edits",
        data={"action": "pin", "mentee_id": w.stakeholders[o]})),
    Request("web.publish", "POST", lambda c, w, o, m: c.post(
        f"/programmes/{w.programmes[o]}/publish", data={})),
    Request("web.mentorships", "GET", lambda c, w, o, m: c.get("/mentorships")),
    Request("web.mentorship_step", "POST", lambda c, w, o, m: c.post(
        f"/mentorships/{w.mentorships[o]}/steps", data={"action": "cancel", "reason": "other"})),
    Request("web.log_session", "POST", lambda c, w, o, m: c.post(
        f"/mentorships/{w.mentorships[o]}/sessions", data={"on": "2026-01-01"})),
    Request("web.organisation", "GET", lambda c, w, o, m: c.get("/organisation"), ("own",)),
    Request("web.edit_stakeholder", "GET",
            lambda c, w, o, m: c.get(f"/stakeholders/{w.stakeholders[o]}/edit")),
    Request("web.edit_stakeholder", "POST", lambda c, w, o, m: c.post(
        f"/stakeholders/{w.stakeholders[o]}/edit", data={"name": "changed",
                                                         "region": REGION_OF[o]})),
    Request("web.new_stakeholder", "GET",
            lambda c, w, o, m: c.get("/stakeholders/new?kind=entrepreneur"), ("in_region",)),
    Request("web.new_stakeholder", "POST", lambda c, w, o, m: c.post(
        "/stakeholders/new", data={"kind": "entrepreneur", "name": f"new {next(_names)}",
                                   "region": REGION_OF[o]})),
    Request("web.account", "GET", lambda c, w, o, m: c.get("/account"), ("own",)),
    Request("web.account_settings", "POST", lambda c, w, o, m: c.post(
        "/account/settings", data={"display_name": "x", "locale": "el"}), ("own",)),
    Request("web.change_password", "POST", lambda c, w, o, m: c.post(
        "/account/password", data={"current_password": "not the password",
                                   "new_password": "a long new passphrase"}), ("own",)),
    Request("web.issue_token", "POST",
            lambda c, w, o, m: c.post("/account/tokens", data={"name": "t"}), ("own",)),
    Request("web.revoke_token", "POST", lambda c, w, o, m: c.post(
        f"/account/tokens/{own_or_other_token(c, w, o)}/revoke"), ("hidden", "own")),
    Request("web.dashboard", "GET", lambda c, w, o, m: c.get("/dashboard"), ("own",)),
    Request("web.unmet_needs", "GET", lambda c, w, o, m: c.get("/dashboard/unmet"), ("own",)),
    Request("web.directory", "GET", lambda c, w, o, m: c.get("/stakeholders"), ("own",)),
    Request("web.stakeholder", "GET", lambda c, w, o, m: c.get(
        f"/stakeholders/{w.stakeholders[o]}")),
    Request("web.neighbourhood", "GET", lambda c, w, o, m: c.get(
        f"/stakeholders/{w.stakeholders[o]}/neighbourhood.json")),
    Request("web.introductions", "GET", lambda c, w, o, m: c.get("/introductions")),
    Request("web.introduction", "GET", lambda c, w, o, m: c.get(
        f"/introductions/{w.introductions[o]}")),
    Request("web.act_on_introduction", "POST", lambda c, w, o, m: c.post(
        f"/introductions/{w.introductions[o]}/actions", data={"action": "withdraw"})),
    Request("web.block_requester", "POST", lambda c, w, o, m: c.post(
        f"/introductions/{w.forwarded[o]}/block", data={}), forwarded=True),
    Request("web.ask_introduction", "GET", lambda c, w, o, m: c.get(
        "/introductions/new",
        query_string={"requester": w.stakeholders[o], "target": w.anchor})),
    Request("web.ask_introduction", "POST", lambda c, w, o, m: c.post(
        "/introductions/new", query_string={"requester": w.stakeholders[o], "target": w.venue},
        data={"requester_id": w.stakeholders[o], "target_id": w.venue,
              "purpose": "financing"})),
    Request("web.warm_paths", "GET", lambda c, w, o, m: c.get(
        "/paths", query_string={"from": w.stakeholders[o], "to": w.anchor})),
    Request("web.path_suggestions", "GET", lambda c, w, o, m: c.get(
        "/paths/suggestions", query_string={"end": "to", "to_q": "anchor"})),
    Request("web.territory", "GET", lambda c, w, o, m: c.get(
        "/territory", query_string={"region": REGION_OF[o]})),
    Request("web.territory_download", "GET", lambda c, w, o, m: c.get(
        "/territory/download", query_string={"region": REGION_OF[o], "format": "csv"})),
    Request("web.reports", "GET", lambda c, w, o, m: c.get(
        "/reports", query_string={"region": REGION_OF[o]})),
    Request("web.indicators", "GET", lambda c, w, o, m: c.get(
        "/indicators", query_string={"region": REGION_OF[o], "indicator": "new_entities"})),
    Request("web.network", "GET", lambda c, w, o, m: c.get(
        "/network", query_string={"region": REGION_OF[o]})),
    Request("web.network_data", "GET", lambda c, w, o, m: c.get(
        "/network/data.json", query_string={"region": REGION_OF[o]})),
    Request("web.network_search", "GET", lambda c, w, o, m: c.get(
        "/network/search.json", query_string={"region": REGION_OF[o], "q": o})),
    *ADMIN_REQUESTS,
    *CONSULTING_REQUESTS,
    Request("plans.Plans", "POST", PLAN_CREATE),
    *(Request(endpoint, method, send) for (endpoint, method), (send, _) in PLAN_CALLS.items()),
    *(Request(endpoint, method, send) for (endpoint, method), (send, _) in PLAN_PAGES.items()),
    Request("web.new_plan", "GET", NEW_PLAN_FORM),
    *ACTIVITY_REQUESTS,
    *BUDGET_REQUESTS,
    *CAMPAIGN_REQUESTS,
    *MATCH_MODEL_REQUESTS,
]
# Pages that do what an API endpoint does, under its rules: they answer as it does, but as
# pages — a success of a form is a redirect (303), and so is a request nobody signed (to the
# sign-in page).
PAGE_TWINS = {
    ("web.programmes", "GET"): ("mentorship.Programmes", "GET"),
    ("web.programmes", "POST"): ("mentorship.Programmes", "POST"),
    ("web.programme", "GET"): ("mentorship.ProgrammeById", "GET"),
    ("web.enrol", "POST"): ("mentorship.ProgrammeEnrolments", "POST"),
    ("web.propose", "POST"): ("mentorship.ProgrammeProposal", "POST"),
    ("web.edit_proposal", "POST"): ("mentorship.ProposalEdits", "POST"),
    ("web.publish", "POST"): ("mentorship.ProgrammePublish", "POST"),
    ("web.mentorships", "GET"): ("mentorship.MentorshipList", "GET"),
    ("web.mentorship_step", "POST"): ("mentorship.MentorshipActions", "POST"),
    ("web.log_session", "POST"): ("mentorship.MentorshipSessions", "POST"),
    ("web.introductions", "GET"): ("introductions.Introductions", "GET"),
    ("web.introduction", "GET"): ("introductions.IntroductionById", "GET"),
    ("web.act_on_introduction", "POST"): ("introductions.IntroductionActions", "POST"),
    ("web.ask_introduction", "GET"): ("introductions.IntroductionPaths", "GET"),
    ("web.ask_introduction", "POST"): ("introductions.Introductions", "POST"),
    ("web.warm_paths", "GET"): ("introductions.IntroductionPaths", "GET"),
    ("web.path_suggestions", "GET"): ("stakeholders.Stakeholders", "GET"),
    # A territory's matches, and the report of a region that the network view draws.
    ("web.territory", "GET"): ("matches.ScopeMatches", "GET"),
    ("web.territory_download", "GET"): ("matches.ScopeMatches", "GET"),
    ("web.reports", "GET"): ("reports.EcosystemReport", "GET"),
    ("web.indicators", "GET"): ("indicators.IndicatorSeries", "GET"),
    ("web.network", "GET"): ("reports.EcosystemReport", "GET"),
    ("web.network_data", "GET"): ("reports.EcosystemReport", "GET"),
    ("web.network_search", "GET"): ("reports.EcosystemReport", "GET"),
    ("web.assessments", "GET"): ("consulting.Assessments", "GET"),
    ("web.assessments", "POST"): ("consulting.Assessments", "POST"),
    ("web.assessment", "GET"): ("consulting.AssessmentById", "GET"),
    ("web.assessment_step", "POST"): ("consulting.AssessmentActions", "POST"),
    ("web.workshops", "GET"): ("consulting.Workshops", "GET"),
    ("web.workshops", "POST"): ("consulting.Workshops", "POST"),
    **{page: twin for page, (_, twin) in PLAN_PAGES.items()},
    ("web.activities", "GET"): ("activities.Activities", "GET"),
    ("web.activities", "POST"): ("activities.Activities", "POST"),
    ("web.activity", "GET"): ("activities.ActivityById", "GET"),
    ("web.activity_register", "POST"): ("activities.ActivityRegistrations", "POST"),
    ("web.activity_wishes", "POST"): ("activities.RegistrationWishes", "PUT"),
    ("web.activity_attendance", "POST"): ("activities.ActivityAttendance", "POST"),
    ("web.schedule", "GET"): ("activities.ActivityMeetings", "GET"),
    ("web.schedule", "POST"): ("activities.ActivityMeetings", "POST"),
    ("web.schedule_remove", "POST"): ("activities.MeetingById", "DELETE"),
    ("web.schedule_swap", "POST"): ("activities.MeetingSwap", "POST"),
    ("web.schedule_publish", "POST"): ("activities.SchedulePublication", "POST"),
    ("web.agenda", "GET"): ("activities.ActivityAgenda", "GET"),
    ("web.agenda_answer", "POST"): ("activities.MeetingAnswers", "PUT"),
    # The participatory budget pages: a process's pages read it as the API does; the review
    # page is for whoever runs the process, as opening its phases is.
    ("web.budgets_list", "GET"): ("budgets.Processes", "GET"),
    ("web.budget", "GET"): ("budgets.ProcessById", "GET"),
    ("web.budget_phase", "POST"): ("budgets.ProcessPhase", "POST"),
    ("web.propose_budget_project", "GET"): ("budgets.ProcessById", "GET"),
    ("web.propose_budget_project", "POST"): ("budgets.Projects", "POST"),
    ("web.budget_review", "GET"): ("budgets.ProcessPhase", "POST"),
    ("web.review_budget_project", "POST"): ("budgets.ProjectReview", "POST"),
    ("web.ballot", "GET"): ("budgets.ProcessById", "GET"),
    ("web.ballot", "POST"): ("budgets.MyBallot", "POST"),
    ("web.budget_results", "GET"): ("budgets.ProcessById", "GET"),
    ("web.budget_execution", "GET"): ("budgets.ProcessById", "GET"),
    ("web.track_budget_project", "POST"): ("budgets.ProjectExecution", "POST"),
    ("web.new_budget", "POST"): ("budgets.Processes", "POST"),
    ("web.import_budget", "POST"): ("budgets.Import", "POST"),
    ("web.campaigns", "POST"): ("campaigns.Campaigns", "POST"),
    ("web.pledge", "POST"): ("campaigns.CampaignPledges", "POST"),
    ("web.settle_campaign", "POST"): ("campaigns.CampaignSettle", "POST"),
    ("web.withdraw_pledge", "POST"): ("campaigns.PledgeWithdraw", "POST"),
    ("web.pools", "POST"): ("campaigns.Pools", "POST"),
}
# Pages about no one object (a coordinator's territories), open to each role that may act on
# some objects of their rule.
PAGES_OF_NO_OBJECT = {("web.dashboard", "GET"), ("web.unmet_needs", "GET"),
                      ("web.imports", "GET"), ("web.imports", "POST"), ("web.new_plan", "GET"),
                      ("web.new_budget", "GET"), ("web.import_budget", "GET")}
# Pages that do what several API endpoints do, one after the other, under their rules: they
# answer as the first of them to refuse would. Blocking a request's requester reads the request,
# then blocks the requester for the request's target (the object).
PAGE_STEPS = {
    ("web.block_requester", "POST"): (("introductions.IntroductionById", "GET"),
                                      ("introductions.StakeholderBlocks", "POST")),
}
SUCCESSES = frozenset({200, 201, 204})
# Requests judged by the region they name, not by a stakeholder of the world.
REGION_SCOPED = {("stakeholders.Stakeholders", "POST"), ("interchange.Import", "POST"),
                 ("web.new_stakeholder", "GET"), ("web.new_stakeholder", "POST"),
                 ("matches.ScopeMatches", "GET"), ("reports.EcosystemReport", "GET"),
                 ("reports.EcosystemGraph", "GET"), ("mentorship.Programmes", "POST"),
                 ("consulting.Assessments", "POST"), ("consulting.Workshops", "POST"),
                 ("plans.Plans", "POST"), ("indicators.IndicatorSeries", "GET"),
                 ("activities.Activities", "POST"), ("activities.ActivityOutcomes", "GET"),
                 ("budgets.Processes", "POST"), ("budgets.Import", "POST")}
# Answers that are not about access: a login with wrong credentials is a 401 for everyone.
# The matrix's users have no password, so any current password they give is wrong (422).
OUTSIDE_ACCESS = {("accounts.Login", "POST"): 401, ("accounts.MyPassword", "PUT"): 422,
                  ("campaigns.PublicPledges", "POST"): 202,
                  ("campaigns.ConfirmPublicPledge", "POST"): 201}
# What a page answers when access is granted, where it is not the usual (GET 200, a form 303):
# a token made is shown on the page at once; a password change as for OUTSIDE_ACCESS.
# An invitation's link and an import's preview are shown on the page that made them.
PAGE_ANSWERS = {("web.issue_token", "POST"): 201, ("web.change_password", "POST"): 422,
                ("web.invitations", "POST"): 200, ("web.imports", "POST"): 200,
                # A respondent's answers are thanked on the page that took them.
                ("web.questionnaire", "POST"): 200,
                ("web.confirm_pledge", "POST"): 200}


def relation_of(world: World, role: Role, request: Request, obj: str) -> Relation:
    user = world.users[role]
    resource, _ = ENDPOINT_RULES[request.endpoint][request.method]
    if resource in (Resource.USER, Resource.TOKEN):
        return Relation.OWN if obj == "own" else Relation.HIDDEN
    if (request.endpoint, request.method) in REGION_SCOPED:
        return Relation.IN_SCOPE if user.covers(REGION_OF[obj]) else Relation.HIDDEN
    return policy.relation(user, world.stakeholders[obj], REGION_OF[obj],
                           obj == "discoverable")


def expected_status(world: World, role: Role | None, request: Request, obj: str) -> set[int]:
    """What the policy says the request must get: a success, or 401/403/404."""
    twin = PAGE_TWINS.get((request.endpoint, request.method))
    if twin is not None:
        answers = expected_status(world, role, Request(*twin, request.send), obj)
        return {page_answer(status, request.method) for status in answers}
    steps = PAGE_STEPS.get((request.endpoint, request.method))
    if steps is not None:
        return {page_answer(status, request.method)
                for status in steps_status(world, role, request, steps, obj)}
    rule = ENDPOINT_RULES[request.endpoint][request.method]
    if request.endpoint.startswith("web."):
        return page_status(world, role, request, obj)
    key = (request.endpoint, request.method)
    if key in OUTSIDE_ACCESS and (role is not None or rule == PUBLIC):
        return {OUTSIDE_ACCESS[key]}
    return policy_status(world, role, request, obj)


def policy_status(world: World, role: Role | None, request: Request, obj: str) -> set[int]:
    """What the policy says of a request that it decides: a success, or 401/403/404."""
    rule = ENDPOINT_RULES[request.endpoint][request.method]
    if rule == PUBLIC:
        return {200, 204}
    if role is None:
        return {401}
    if rule == SIGNED_IN:
        return {200}
    resource, action = rule
    user = world.users[role]
    if not policy.allows_some(user, resource, action):
        return {403}
    if request.endpoint in CAMPAIGN_ENDPOINTS and (resource, action) in CAMPAIGN_OBJECT_RULES:
        return campaign_status(world, role, request, obj)
    if action == Action.LIST and resource != Resource.TOKEN:  # a user's tokens are theirs
        return {200}
    if resource == Resource.INTRODUCTION and action != Action.CREATE:
        if request.forwarded:  # seen by its parties (only read here)
            return {200} if is_party(role, obj) else {404}
        return introduction_status(role, obj)
    if resource in (Resource.PROGRAMME, Resource.MENTORSHIP) and action not in (
            Action.CREATE, Action.LIST):
        return mentorship_status(role, request, obj)
    if resource in (Resource.ASSESSMENT, Resource.WORKSHOP) and action not in (
            Action.CREATE, Action.LIST):
        # Their region's coordinators' (EL30 covers only "in_region") and admins'.
        return {200, 201, 204} if role == Role.ADMIN or obj == "in_region" else {404}
    if resource == Resource.PLAN and action != Action.CREATE:
        return plan_status(role, (request.endpoint, request.method), obj)
    if resource in (Resource.ACTIVITY, Resource.REGISTRATION) and (
            request.endpoint, request.method) not in REGION_SCOPED:
        return activity_status(role, request, obj)
    if resource in BUDGET_RESOURCES and (request.endpoint, request.method) not in REGION_SCOPED:
        return budget_status(role, request, obj)
    if resource == Resource.MATCH_MODEL and action == Action.CREATE:
        return {409}  # allowed, then refused: the world has no dated history to fit on
    relation = relation_of(world, role, request, obj)
    if resource == Resource.TIE:
        # Ties join the object to a discoverable anchor elsewhere: readable by every role
        # that may read, writable only by an admin; so the object decides.
        read = policy.allows(user, Resource.TIE, Action.READ, relation)
        if action == Action.CREATE and not read:
            return {409}  # an end it may not see is, to it, an end that does not exist
        if policy.allows(user, resource, action, relation):
            return {200, 201, 204}
        return {403} if read else {404}
    if policy.allows(user, resource, action, relation):
        return {200, 201, 204}
    if resource in (Resource.USER, Resource.TOKEN):
        return {404}
    if (request.endpoint, request.method) in REGION_SCOPED:
        return {403, 422}  # outside one's territories: refused, naming the region
    readable = policy.allows(user, Resource.STAKEHOLDER, Action.READ, relation)
    return {403} if readable else {404}


def page_status(world: World, role: Role | None, request: Request, obj: str) -> set[int]:
    """Pages send whoever is not signed in to the sign-in page (303) instead of answering 401,
    and answer a form with a redirect (303). The form of a browser nobody signed in with must
    carry the token of its cookie, which these requests lack (403). A page about an object
    refuses as the API does, and succeeds as a page does."""
    rule = ENDPOINT_RULES[request.endpoint][request.method]
    method = request.method
    if rule == PUBLIC or (rule == ANYONE and role is None):
        return {200} if method == "GET" else {403}
    if role is None:
        return {303}
    granted = PAGE_ANSWERS.get((request.endpoint, method), 200 if method == "GET" else 303)
    if rule in (SIGNED_IN, ANYONE):
        return {granted}
    if (request.endpoint, method) in PAGES_OF_NO_OBJECT:
        return {granted} if policy.allows_some(world.users[role], *rule) else {403}
    return {granted if status in (200, 201, 204) else status
            for status in policy_status(world, role, request, obj)}


def page_answer(api_status: int, method: str) -> int:
    """What a page answers where its API twin answers ``api_status``."""
    if api_status == 401:
        return 303
    if api_status in (200, 201, 204):
        return 200 if method == "GET" else 303
    return api_status


def steps_status(world: World, role: Role | None, request: Request,
                 steps: tuple[tuple[str, str], ...], obj: str) -> set[int]:
    """The answers of API endpoints taken one after the other, each going on only where the
    one before it succeeded: the refusals of each, and the successes of the last."""
    answers: set[int] = set()
    for endpoint, method in steps:
        step = expected_status(world, role, dataclasses.replace(
            request, endpoint=endpoint, method=method), obj)
        answers |= step - SUCCESSES
        if not step & SUCCESSES:
            return answers
    return answers | step


# The matchfunding rules judged by the campaign, the pledge or the pool rather than by the
# stakeholder named: campaigns and pools are public, so a refusal is 403, never 404.
CAMPAIGN_OBJECT_RULES = {(Resource.CAMPAIGN, Action.UPDATE),
                         (Resource.CAMPAIGN, Action.READ_PRIVATE), (Resource.PLEDGE, Action.LIST),
                         (Resource.PLEDGE, Action.UPDATE), (Resource.POOL, Action.CREATE)}


def campaign_status(world: World, role: Role, request: Request, obj: str) -> set[int]:
    """A campaign's overseers (its members, its region's coordinators, admins) settle it and
    read its pledges; a pledge is its pledger's, read also by the campaign's overseers; a pool
    is defined by its investor's members (here, the venue's: none but admins)."""
    user = world.users[role]
    resource, action = ENDPOINT_RULES[request.endpoint][request.method]
    campaign = policy.relation(user, world.stakeholders[obj], REGION_OF[obj], True)
    if resource == Resource.POOL:
        venue = policy.relation(user, world.venue, "EL433", True)
        return {201} if policy.allows(user, resource, action, venue) else {403}
    if resource == Resource.CAMPAIGN:
        return {200} if policy.allows(user, resource, action, campaign) else {403}
    if request.endpoint == "campaigns.MyPledges":
        return {200}
    sees = policy.allows(user, Resource.CAMPAIGN, Action.READ_PRIVATE, campaign) or (
        campaign == Relation.OWN)
    if action == Action.LIST:
        return {200} if sees else {404}
    withdraws = policy.allows(user, resource, action, Relation.OWN if campaign == Relation.OWN
                              else Relation.IN_SCOPE if policy.coordinates(user, REGION_OF[obj])
                              else Relation.HIDDEN)
    return {200} if withdraws else {403} if sees else {404}


def with_campaigns(world: World) -> World:
    """The world with, for each object, an open campaign (to which it pledged 10 €) and one
    past its deadline, written to the store."""
    store = use_cases(world.app).store
    at = now()
    world.campaigns, world.closing, world.pledges = {}, {}, {}
    for key, sid in world.stakeholders.items():
        for target, created, deadline in ((world.campaigns, at, at + timedelta(days=30)),
                                          (world.closing, at - timedelta(days=2),
                                           at - timedelta(days=1))):
            target[key] = store.create_campaign(Campaign(
                new_id(), sid, key, Decimal(10), Decimal(20), deadline, REGION_OF[key],
                created)).id
        world.pledges[key] = store.add_pledge(Pledge(
            new_id(), world.campaigns[key], Decimal(10), at, stakeholder_pledger(sid),
            stakeholder_id=sid)).pledge.id
    return world


def introduction_status(role: Role, obj: str) -> set[int]:
    """Who may see and move a request is how one stands to it (its parties), not the
    stakeholder policy: here each object asked to meet the anchor, whose region (EL433) no
    coordinator covers. Its requester's member may see and withdraw it; an admin, standing
    as mediator, may see it but not withdraw it; anyone else is told it does not exist."""
    if role == Role.ADMIN:
        return {200, 403}  # GET 200; withdrawing is the requester's alone
    return {200} if role == Role.MEMBER and obj == "own" else {404}


def with_mentorships(world: World) -> World:
    """The world with, for each object, a programme of its region (nothing enrolled) and a
    mentorship, proposed, of the object (as mentee) with the anchor (as mentor)."""
    store = use_cases(world.app).store
    at = now()
    world.programmes, world.mentorships = {}, {}
    for key, sid in world.stakeholders.items():
        for target in (world.programmes, world.mentorships):
            programme = store.create_programme(Programme(
                id=new_id(), name=key, region=REGION_OF[key], starts_on=at.date(),
                created_at=at, updated_at=at))
            target[key] = programme.id
        mentorship = Mentorship(id=new_id(), programme_id=world.mentorships[key],
                                mentee_id=sid, mentor_id=world.anchor,
                                region=REGION_OF[key], created_at=at, state_changed_at=at)
        store.publish_programme(store.get_programme(mentorship.programme_id).changed(at),
                                [mentorship])
        world.mentorships[key] = mentorship.id
    return world


# With nothing proposed yet, editing or publishing a programme one runs is a 409.
NOTHING_PROPOSED = {("mentorship.ProposalEdits", "POST"), ("mentorship.ProgrammePublish", "POST")}


def mentorship_status(role: Role, request: Request, obj: str) -> set[int]:
    """Programmes are their region's coordinators' (EL30 covers only "in_region") and
    admins'; circles take members one may read; a mentorship is its parties' — the object's
    member as mentee, its region's coordinator, admins. Anyone else is told it does not
    exist."""
    key = (request.endpoint, request.method)
    resource, _ = ENDPOINT_RULES[request.endpoint][request.method]
    if key == ("mentorship.Circles", "POST"):  # with a discoverable or an in-region member
        return {200} if role == Role.ADMIN or obj in ("in_region", "discoverable") else {422}
    if resource == Resource.PROGRAMME:
        if role == Role.ADMIN or obj == "in_region":
            return {409} if key in NOTHING_PROPOSED else {200}
        return {404}
    if not is_party(role, obj):
        return {404}
    if key == ("mentorship.MentorshipSessions", "POST"):
        # Not active yet for its mentee; never the coordinator's to log.
        return {409} if role == Role.MEMBER else {403}
    return {200}


def with_activities(world: World) -> World:
    """The world with, for each object, two networking events of its region organised by the
    anchor: one nobody registered for, and one where the object, the anchor, the venue and
    another object registered (each wishing to meet the others, free in both rounds) with a
    draft schedule of two meetings, the object's with the anchor first."""
    store = use_cases(world.app).store
    at = now()
    world.events, world.open_events, world.meetings = {}, {}, {}
    for key, sid in world.stakeholders.items():
        for target in (world.open_events, world.events):
            target[key] = store.create_activity(Activity(
                new_id(), f"event {key}", ActivityKind.NETWORKING, at.date(), REGION_OF[key],
                Pillar.NETWORKING, 10, world.anchor, created_at=at, updated_at=at,
                slots=("10:00", "10:20"), tables=2)).id
        other = world.stakeholders["hidden" if key != "hidden" else "discoverable"]
        people = [sid, world.anchor, world.venue, other]
        for person in people:
            store.register(Registration(world.events[key], person, at, ties_consent=True,
                                        wishes=tuple(p for p in people if p != person),
                                        priorities=(1, 1, 1), available=(0, 1)))
        first = Meeting(new_id(), world.events[key], 0, 0, *sorted([sid, world.anchor]), 50.0)
        second = Meeting(new_id(), world.events[key], 1, 0, *sorted([world.venue, other]), 50.0)
        store.save_schedule(dataclasses.replace(store.get_activity(world.events[key]),
                                                schedule=ScheduleState.DRAFT), [first, second])
        world.meetings[key] = (first.id, second.id)
    return world


# Answering a meeting of a schedule still in draft is a 409 for whoever may answer it.
NOT_PUBLISHED = {("activities.MeetingAnswers", "PUT")}


def activity_status(role: Role, request: Request, obj: str) -> set[int]:
    """An activity is run by its region's coordinators (EL30 covers only "in_region") and
    admins, and read by every member; a registration is also its stakeholder's members' (the
    object's member: "own"), and the registrants are listed to them as to its coordinators.
    Anyone else is refused (403): the activity itself is no secret."""
    key = (request.endpoint, request.method)
    resource, action = ENDPOINT_RULES[request.endpoint][request.method]
    runs = role == Role.ADMIN or (role == Role.COORDINATOR and obj == "in_region")
    own = role == Role.MEMBER and obj == "own"
    if key == ("activities.ActivityRegistrations", "GET"):
        return {200} if runs or own else {403}
    if resource == Resource.ACTIVITY and action == Action.READ:
        return {200}
    if resource == Resource.ACTIVITY:
        return {200, 201} if runs else {403}
    if not (runs or own):
        return {403}
    return {409} if key in NOT_PUBLISHED else {200, 201, 204}


def is_party(role: Role, obj: str) -> bool:
    """Whether ``role`` stands to a mentorship of the object, or to a request forwarded to it:
    as the object's member, as a coordinator of its region (EL30 covers only "in_region"), or
    as an admin."""
    return role == Role.ADMIN or (role == Role.COORDINATOR and obj == "in_region") or (
        role == Role.MEMBER and obj == "own")


def with_budgets(world: World) -> World:
    """The world with a policymaker's fund and, for each object, a process of its region
    taking proposals, with a project the object proposed (through its member, for "own")."""
    store = use_cases(world.app).store
    world.fund = use_cases(world.app).stakeholders.create_stakeholder({
        "kind": Kind.POLICYMAKER, "name": f"fund {next(_names)}", "region": "EL433"}).id
    at = now()
    world.budgets, world.budget_projects = {}, {}
    for key, sid in world.stakeholders.items():
        process = BudgetProcess(id=new_id(), name=key, region=REGION_OF[key], budget=100,
                                fund_id=world.fund, created_at=at,
                                phase_dates={Phase.PROPOSALS: at})
        project = BudgetProject(id=new_id(), process_id=process.id, title=key, cost=10,
                                created_at=at, proposer_id=sid, proposed_by=(
                                    world.users[Role.MEMBER].id if key == "own" else None))
        store.create_budget_process(process, projects=[project])
        world.budgets[key], world.budget_projects[key] = process.id, project.id
    return world


BUDGET_RESOURCES = (Resource.BUDGET, Resource.BUDGET_PROJECT, Resource.BALLOT)


def budget_status(role: Role, request: Request, obj: str) -> set[int]:
    """Processes are public to whoever is signed in, and run by their region's coordinators
    (EL30 covers only "in_region") and admins; a project is proposed and tracked by its
    proposer's members ("own"); a voter is a member of a stakeholder of the process's region
    (the member, for "own"). The world's processes take proposals: what needs another phase
    is a 409 to whoever may do it, and no results are out (404)."""
    key = (request.endpoint, request.method)
    runs = role == Role.ADMIN or (role == Role.COORDINATOR and obj == "in_region")
    own = role == Role.MEMBER and obj == "own"
    if key == ("budgets.Results", "GET"):
        return {404}
    if key == ("budgets.MyBallot", "GET"):
        return {404}  # nobody has voted
    if key == ("budgets.MyBallot", "POST"):
        return {409} if own else {403}
    if key == ("budgets.Projects", "POST"):
        return {201} if own else {403}
    if key == ("budgets.ProjectReview", "POST"):
        return {409} if runs else {403}
    if key == ("budgets.ProjectExecution", "POST"):
        return {409} if runs or own else {403}
    if key in (("budgets.ProcessPhase", "POST"), ("budgets.Export", "GET")):
        return {200} if runs else {403}
    return {200}


def test_every_route_has_a_rule_and_a_request_in_the_matrix(app):
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    ruled = {(endpoint, method) for endpoint, methods in ENDPOINT_RULES.items()
             for method in methods}
    requested = {(r.endpoint, r.method) for r in REQUESTS}
    assert routes - ruled == set(), "routes without an access rule"
    assert routes - requested == set(), "routes the matrix does not try"


# The objects each capability's requests need, beyond the stakeholders, ties and mentorships
# every request gets: a world is made afresh for each role of each request, so it holds only
# what the request reads (a request of one capability never reads another's objects).
CAPABILITY_WORLDS = (
    (frozenset(PLAN_CALLS) | frozenset(PLAN_PAGES)
     | {("plans.Plans", "POST"), ("web.new_plan", "GET")}, with_plans),
    (frozenset((r.endpoint, r.method) for r in CONSULTING_REQUESTS), with_consulting),
    (frozenset((r.endpoint, r.method) for r in ACTIVITY_REQUESTS), with_activities),
    (frozenset((r.endpoint, r.method) for r in BUDGET_REQUESTS), with_budgets),
    (frozenset((r.endpoint, r.method) for r in CAMPAIGN_REQUESTS), with_campaigns),
)


def world_for(engine_app, endpoint: str, method: str) -> World:
    """A fresh world with the objects the request ``(endpoint, method)`` is about."""
    world = with_mentorships(build_world(engine_app))
    for requests, made in CAPABILITY_WORLDS:
        if (endpoint, method) in requests:
            world = made(world)
    return world


@pytest.mark.parametrize("request_", REQUESTS, ids=[f"{r.method} {r.endpoint}" for r in REQUESTS])
def test_each_endpoint_answers_every_role_as_the_policy_says(engine_app, request_):
    world, changed = None, True
    for role in ROLES:
        # A fresh world once a write has gone through (a successful DELETE changes it); a read,
        # or a write refused (which must change nothing), leaves the world for the next role.
        if changed:
            world, changed = world_for(engine_app, request_.endpoint, request_.method), False
        for obj in request_.objects:
            client = world.client(role)
            client.role = role
            response = request_.send(client, world, obj, request_.method.lower())
            response.close()
            changed = changed or (request_.method not in ("GET", "HEAD")
                                  and response.status_code < 400)
            expected = expected_status(world, role, request_, obj)
            assert response.status_code in expected, (
                f"{request_.method} {request_.endpoint} as {role} on {obj}: "
                f"{response.status_code} {response.get_data(as_text=True)[:200]}, "
                f"expected {sorted(expected)}")


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR, Role.MEMBER])
def test_search_lists_exactly_what_the_role_may_read(engine_app, role):
    world = build_world(engine_app)
    found = world.client(role).get(f"{API}/stakeholders",
                                   query_string={"kind": "entrepreneur"}).get_json()
    ids = {item["id"] for item in found["items"]}
    user = world.users[role]
    expected = {sid for key, sid in world.stakeholders.items() if policy.allows(
        user, Resource.STAKEHOLDER, Action.READ,
        policy.relation(user, sid, REGION_OF[key], key == "discoverable"))}
    assert ids == expected
    assert found["total"] == len(expected)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR, Role.MEMBER])
def test_private_fields_go_only_to_those_the_policy_allows(engine_app, role):
    world = build_world(engine_app)
    user = world.users[role]
    for key, sid in world.stakeholders.items():
        response = world.client(role).get(f"{API}/stakeholders/{sid}")
        if response.status_code == 404:
            continue
        relation = policy.relation(user, sid, REGION_OF[key], key == "discoverable")
        private = policy.allows(user, Resource.STAKEHOLDER, Action.READ_PRIVATE, relation)
        assert (response.get_json()["email"] is not None) == private, (role, key)
