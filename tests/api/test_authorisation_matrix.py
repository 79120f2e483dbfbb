"""The authorisation matrix: every endpoint × every role × (own object, object in my region,
object elsewhere — discoverable or hidden — and anonymous), on both stores.

The expected answer comes from the policy table (graph_models.domain.policy.RULES) and the endpoint
table (service.access.ENDPOINT_RULES), never from a list written here; what is written here is
only how to make each request. A route without a rule, or without a request here, fails.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from graph_models.domain import policy
from graph_models.domain.accounts import Role
from graph_models.domain.introductions import Purpose
from graph_models.domain.mentorships import Mentorship
from graph_models.domain.policy import Action, Relation, Resource
from graph_models.domain.programmes import Programme
from graph_models.domain.stakeholders import Kind, new_id, now
from service.access import ANYONE, ENDPOINT_RULES, PUBLIC, SIGNED_IN
from tests.api.conftest import bearer_client, use_cases
from tests.api.helpers import API, NDJSON, ndjson

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
                 introductions, venue)


@dataclass(frozen=True)
class Request:
    """How to call one endpoint about one object of the world."""

    endpoint: str
    method: str
    send: Callable  # (client, world, object key) -> response
    objects: tuple[str, ...] = OBJECTS


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
# Pages whose form, once sent, answers with a page (an invitation's link, a preview) rather
# than a redirect.
ANSWERED_WITH_A_PAGE = {("web.invitations", "POST"), ("web.imports", "POST")}


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
    Request("matches.ScopeMatches", "GET", lambda c, w, o, m: c.get(
        f"{API}/matches", query_string={"region": REGION_OF[o]})),
    Request("reports.EcosystemReport", "GET", lambda c, w, o, m: c.get(
        f"{API}/reports/ecosystem", query_string={"region": REGION_OF[o]})),
    Request("reports.EcosystemGraph", "GET", lambda c, w, o, m: c.get(
        f"{API}/reports/ecosystem/graph", query_string={"region": REGION_OF[o]})),
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
    *ADMIN_REQUESTS,
]
# Requests judged by the region they name, not by a stakeholder of the world.
REGION_SCOPED = {("stakeholders.Stakeholders", "POST"), ("interchange.Import", "POST"),
                 ("matches.ScopeMatches", "GET"), ("reports.EcosystemReport", "GET"),
                 ("reports.EcosystemGraph", "GET"), ("mentorship.Programmes", "POST")}
# Answers that are not about access: a login with wrong credentials is a 401 for everyone.
OUTSIDE_ACCESS = {("accounts.Login", "POST"): 401}


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
    rule = ENDPOINT_RULES[request.endpoint][request.method]
    if request.endpoint.startswith("web."):
        if role is not None and isinstance(rule, tuple) and not policy.allows_some(
                world.users[role], *rule):
            return {403}
        if role is not None and (request.endpoint, request.method) in ANSWERED_WITH_A_PAGE:
            return {200}
        return page_status(rule, role, request.method)
    if (request.endpoint, request.method) in OUTSIDE_ACCESS:
        return {OUTSIDE_ACCESS[(request.endpoint, request.method)]}
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
    if action == Action.LIST and resource != Resource.TOKEN:  # a user's tokens are theirs
        return {200}
    if resource == Resource.INTRODUCTION and action != Action.CREATE:
        return introduction_status(role, obj)
    if resource in (Resource.PROGRAMME, Resource.MENTORSHIP) and action not in (
            Action.CREATE, Action.LIST):
        return mentorship_status(role, request, obj)
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


def page_status(rule, role: Role | None, method: str) -> set[int]:
    """Pages send whoever is not signed in to the sign-in page (303) instead of answering 401,
    and answer a form with a redirect (303). The form of a browser nobody signed in with must
    carry the token of its cookie, which these requests lack (403)."""
    if rule == PUBLIC or (rule == ANYONE and role is None):
        return {200} if method == "GET" else {403}
    if role is None:
        return {303}
    return {200} if method == "GET" else {303}


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
    if not (role == Role.ADMIN or (role == Role.COORDINATOR and obj == "in_region")
            or (role == Role.MEMBER and obj == "own")):
        return {404}
    if key == ("mentorship.MentorshipSessions", "POST"):
        # Not active yet for its mentee; never the coordinator's to log.
        return {409} if role == Role.MEMBER else {403}
    return {200}


def test_every_route_has_a_rule_and_a_request_in_the_matrix(app):
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    ruled = {(endpoint, method) for endpoint, methods in ENDPOINT_RULES.items()
             for method in methods}
    requested = {(r.endpoint, r.method) for r in REQUESTS}
    assert routes - ruled == set(), "routes without an access rule"
    assert routes - requested == set(), "routes the matrix does not try"


@pytest.mark.parametrize("request_", REQUESTS, ids=[f"{r.method} {r.endpoint}" for r in REQUESTS])
def test_each_endpoint_answers_every_role_as_the_policy_says(engine_app, request_):
    for role in ROLES:
        # A fresh world: a successful DELETE changes it.
        world = with_mentorships(build_world(engine_app))
        for obj in request_.objects:
            client = world.client(role)
            client.role = role
            response = request_.send(client, world, obj, request_.method.lower())
            response.close()
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
