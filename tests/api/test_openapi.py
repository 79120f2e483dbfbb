"""The OpenAPI document tells the truth: every status the API answers is documented for its
operation, every operation documents 503, and the docs UI is served without a CDN."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest

from graph_models.domain.accounts import Role, parse_token
from graph_models.domain.campaigns import Campaign
from graph_models.domain.errors import StoreUnavailable
from graph_models.domain.stakeholders import now
from tests.api.conftest import (
    UNKNOWN_TOKEN,
    admin_client,
    bearer_client,
    build_app,
    close_app,
    make_user,
    sqlite_url,
    use_cases,
)
from tests.api.helpers import API, NDJSON, ApiClient, ndjson
from tests.api.plan_cases import PLAN_CASES, plan_world

S = f"{API}/stakeholders"
S_ID = f"{S}/{{stakeholder_id}}"
T = f"{API}/ties"
T_ID = f"{T}/{{tie_id}}"
BODY_LIMIT = 4096
TOO_BIG = {"kind": "entrepreneur", "name": "Α", "region": "EL303", "description": "α" * 5000}
NEW = {"kind": "entrepreneur", "name": "Νέος", "region": "EL303"}
U = f"{API}/users"
I = f"{API}/introductions"  # noqa: E741 - the introductions' base, like S, T and U
I_ID = f"{I}/{{introduction_id}}"
U_ID = f"{U}/{{user_id}}"
P = f"{API}/programmes"
P_ID = f"{P}/{{programme_id}}"
M = f"{API}/mentorships"
M_ID = f"{M}/{{mentorship_id}}"
SPRING = {"name": "Άνοιξη", "region": "EL30", "starts_on": "2026-03-01"}
Q = f"{API}/assessments"
Q_ID = f"{Q}/{{assessment_id}}"
W = f"{API}/workshops"
W_ID = f"{W}/{{workshop_id}}"
SURVEY = {"title": "Ανάγκες", "region": "EL30",
          "questions": [{"kind": "needs", "prompt": "Τι χρειάζεστε;", "pillar": "financing"}]}
MEETING = {"title": "Εργαστήριο", "held_on": "2026-03-01", "place": "Δημαρχείο",
           "region": "EL303", "pillar": "training"}
A = f"{API}/activities"
A_ID = f"{A}/{{activity_id}}"
A_MEET = f"{A_ID}/meetings/{{meeting_id}}"
FAIR = {"title": "Γνωριμίες", "kind": "networking", "pillar": "networking",
        "starts_on": "2027-04-02", "region": "EL303", "capacity": 10,
        "slots": ["10:00", "10:20"], "tables": 2}
B = f"{API}/budgets"
B_ID = f"{B}/{{process_id}}"
BP_ID = f"{B}/projects/{{project_id}}"


def at(w: dict, key: str) -> str:
    """An id of the world (a placeholder where the store is down and the world is empty)."""
    return w.get(key, "some-id")
PASSWORD = "a long enough passphrase"
C = f"{API}/campaigns"
C_ID = f"{C}/{{campaign_id}}"
PL_ID = f"{API}/pledges/{{pledge_id}}"
CONFIRM = f"{API}/public-pledges/confirm"
LATER = "2999-01-01T00:00:00+00:00"

MM = f"{API}/admin/match-models"


def fitted(client):
    """Fit after giving the store a history to fit on: its last year is this one, where the
    world's own FUNDED ties (a budget's results) are dated too."""
    from tests.contract.test_match_models import funding_history
    with contextlib.suppress(StoreUnavailable):  # a store down must answer 503 to the request
        funding_history(use_cases(client.application).store,
                        year=(now() - timedelta(days=60)).year)
    return client.post(MM, json={"relation": "FUNDED"})


def saved_model(client) -> int:
    """The version of a model saved for the request (1 when the store is down)."""
    from tests.contract.test_match_models import model
    try:
        return use_cases(client.application).store.save_match_model(model()).version
    except StoreUnavailable:
        return 1


@dataclass(frozen=True)
class Case:
    """One request to one operation (``path`` as the spec writes it) and the status it expects."""

    name: str
    method: str
    path: str
    status: int
    send: Callable


def raw(method, url, body):
    return lambda c, w: getattr(c, method)(url.format(**w), data=body,
                                           content_type="application/json")


CASES = [
    # GET /stakeholders
    Case("search", "get", S, 200, lambda c, w: c.get(S, query_string={"region": "EL3"})),
    Case("page_size 0", "get", S, 422, lambda c, w: c.get(f"{S}?page_size=0")),
    Case("page_size 101", "get", S, 422, lambda c, w: c.get(f"{S}?page_size=101")),
    Case("unknown parameter", "get", S, 422, lambda c, w: c.get(f"{S}?colour=red")),
    Case("bad region", "get", S, 422, lambda c, w: c.get(f"{S}?region=EL99")),
    # POST /stakeholders
    Case("create", "post", S, 201, lambda c, w: c.post(S, json=NEW)),
    Case("missing fields", "post", S, 422, lambda c, w: c.post(S, json={})),
    Case("unknown field", "post", S, 422, lambda c, w: c.post(S, json={**NEW, "colour": 1})),
    Case("a list", "post", S, 422, lambda c, w: c.post(S, json=[NEW])),
    Case("external id taken", "post", S, 409,
         lambda c, w: c.post(S, json={**NEW, "external_id": "GEMI-1"})),
    Case("malformed JSON", "post", S, 400, raw("post", S, "{")),
    Case("oversize", "post", S, 413, lambda c, w: c.post(S, json=TOO_BIG)),
    # GET /stakeholders/{id}
    Case("read", "get", S_ID, 200, lambda c, w: c.get(f"{S}/{w['coop']}")),
    Case("unknown", "get", S_ID, 404, lambda c, w: c.get(f"{S}/nobody")),
    # PATCH /stakeholders/{id}
    Case("patch", "patch", S_ID, 200, lambda c, w: c.patch(f"{S}/{w['coop']}",
                                                           json={"name": "Νέο"})),
    Case("unknown", "patch", S_ID, 404, lambda c, w: c.patch(f"{S}/nobody", json={"name": "Α"})),
    Case("kind change", "patch", S_ID, 422,
         lambda c, w: c.patch(f"{S}/{w['coop']}", json={"kind": "investor"})),
    Case("unknown field", "patch", S_ID, 422,
         lambda c, w: c.patch(f"{S}/{w['coop']}", json={"colour": "red"})),
    Case("domain rule", "patch", S_ID, 422,
         lambda c, w: c.patch(f"{S}/{w['coop']}", json={"ticket_min": 5})),
    Case("external id taken", "patch", S_ID, 409,
         lambda c, w: c.patch(f"{S}/{w['coop2']}", json={"external_id": "GEMI-1"})),
    Case("malformed JSON", "patch", S_ID, 400, raw("patch", S + "/{coop}", "{")),
    Case("oversize", "patch", S_ID, 413,
         lambda c, w: c.patch(f"{S}/{w['coop']}", json={"description": "α" * 5000})),
    # DELETE /stakeholders/{id}
    Case("delete", "delete", S_ID, 204, lambda c, w: c.delete(f"{S}/{w['coop2']}")),
    Case("unknown", "delete", S_ID, 404, lambda c, w: c.delete(f"{S}/nobody")),
    # GET /stakeholders/{id}/ties
    Case("ties", "get", S_ID + "/ties", 200,
         lambda c, w: c.get(f"{S}/{w['coop']}/ties?type=FUNDED&type=KNOWS&direction=in")),
    Case("unknown", "get", S_ID + "/ties", 404, lambda c, w: c.get(f"{S}/nobody/ties")),
    Case("bad direction", "get", S_ID + "/ties", 422,
         lambda c, w: c.get(f"{S}/{w['coop']}/ties?direction=up")),
    Case("bad type", "get", S_ID + "/ties", 422,
         lambda c, w: c.get(f"{S}/{w['coop']}/ties?type=LIKES")),
    # GET /stakeholders/{id}/neighbourhood
    Case("neighbourhood", "get", S_ID + "/neighbourhood", 200,
         lambda c, w: c.get(f"{S}/{w['coop']}/neighbourhood?depth=2&limit=1")),
    Case("unknown", "get", S_ID + "/neighbourhood", 404,
         lambda c, w: c.get(f"{S}/nobody/neighbourhood")),
    Case("depth 4", "get", S_ID + "/neighbourhood", 422,
         lambda c, w: c.get(f"{S}/{w['coop']}/neighbourhood?depth=4")),
    # POST /ties
    Case("create", "post", T, 201, lambda c, w: c.post(T, json={
        "type": "PARTNERS_WITH", "source": w["coop"], "target": w["coop2"]})),
    Case("kinds not allowed", "post", T, 409, lambda c, w: c.post(T, json={
        "type": "FUNDED", "source": w["coop"], "target": w["bank"]})),
    Case("missing end", "post", T, 409, lambda c, w: c.post(T, json={
        "type": "KNOWS", "source": w["coop"], "target": "nobody"})),
    Case("duplicate KNOWS", "post", T, 409, lambda c, w: c.post(T, json={
        "type": "KNOWS", "source": w["bank"], "target": w["coop"]})),
    Case("self-tie", "post", T, 422, lambda c, w: c.post(T, json={
        "type": "KNOWS", "source": w["coop"], "target": w["coop"]})),
    Case("strength on FUNDED", "post", T, 422, lambda c, w: c.post(T, json={
        "type": "FUNDED", "source": w["bank"], "target": w["coop"], "strength": 2})),
    Case("strength 6", "post", T, 422, lambda c, w: c.post(T, json={
        "type": "KNOWS", "source": w["coop"], "target": w["coop2"], "strength": 6})),
    Case("malformed JSON", "post", T, 400, raw("post", T, "{")),
    Case("oversize", "post", T, 413, lambda c, w: c.post(T, json={
        "type": "KNOWS", "source": "x" * 5000, "target": w["coop"]})),
    # GET /ties/{id}
    Case("read", "get", T_ID, 200, lambda c, w: c.get(f"{T}/{w['knows']}")),
    Case("unknown", "get", T_ID, 404, lambda c, w: c.get(f"{T}/nothing")),
    # PATCH /ties/{id}
    Case("patch", "patch", T_ID, 200, lambda c, w: c.patch(f"{T}/{w['knows']}",
                                                           json={"strength": 5})),
    Case("unknown", "patch", T_ID, 404, lambda c, w: c.patch(f"{T}/nothing", json={"weight": 2})),
    Case("type change", "patch", T_ID, 422,
         lambda c, w: c.patch(f"{T}/{w['knows']}", json={"type": "MENTORS"})),
    Case("source change", "patch", T_ID, 422,
         lambda c, w: c.patch(f"{T}/{w['knows']}", json={"source": w["coop2"]})),
    Case("same day as another event", "patch", T_ID, 409,
         lambda c, w: c.patch(f"{T}/{w['funded']}", json={"since": "2024-01-10"})),
    Case("malformed JSON", "patch", T_ID, 400, raw("patch", T + "/{knows}", "{")),
    # DELETE /ties/{id}
    Case("delete", "delete", T_ID, 204, lambda c, w: c.delete(f"{T}/{w['knows']}")),
    Case("unknown", "delete", T_ID, 404, lambda c, w: c.delete(f"{T}/nothing")),
    # POST /import, GET /export
    Case("import", "post", f"{API}/import", 200, lambda c, w: c.post(
        f"{API}/import", content_type=NDJSON, data=ndjson(
            {"record": "stakeholder", "kind": "investor", "name": "Ταμείο", "region": "EL30",
             "external_id": "F-1"}))),
    Case("bad lines", "post", f"{API}/import", 422, lambda c, w: c.post(
        f"{API}/import", content_type=NDJSON, data=b'{"record": "x"}\nnot json\n')),
    Case("unknown end", "post", f"{API}/import", 422, lambda c, w: c.post(
        f"{API}/import", content_type=NDJSON, data=ndjson(
            {"record": "tie", "type": "KNOWS", "source": {"id": "nobody"},
             "target": {"id": w["coop"]}}))),
    Case("oversize", "post", f"{API}/import", 413, lambda c, w: c.post(
        f"{API}/import", content_type=NDJSON, data=b"\n" * (BODY_LIMIT + 1))),
    Case("export", "get", f"{API}/export", 200, lambda c, w: c.get(f"{API}/export")),
    Case("unknown token", "get", f"{API}/export", 401,
         lambda c, w: c.get(f"{API}/export", headers={"Authorization": f"Bearer {UNKNOWN_TOKEN}"})),
    # matches
    Case("matches", "get", f"{S_ID}/matches", 200,
         lambda c, w: c.get(f"{S}/{w['coop']}/matches")),
    Case("unknown pillar", "get", f"{S_ID}/matches", 422,
         lambda c, w: c.get(f"{S}/{w['coop']}/matches?pillar=fun")),
    Case("nobody's matches", "get", f"{S_ID}/matches", 404,
         lambda c, w: c.get(f"{S}/nobody/matches")),
    Case("scope", "get", f"{API}/matches", 200,
         lambda c, w: c.get(f"{API}/matches?pillar=financing&region=EL30")),
    Case("threshold 101", "get", f"{API}/matches", 422,
         lambda c, w: c.get(f"{API}/matches?threshold=101")),
    # financing open to a stakeholder
    Case("financing", "get", f"{S_ID}/financing", 200,
         lambda c, w: c.get(f"{S}/{w['coop']}/financing")),
    Case("bad include_closed", "get", f"{S_ID}/financing", 422,
         lambda c, w: c.get(f"{S}/{w['coop']}/financing?include_closed=maybe")),
    Case("nobody's financing", "get", f"{S_ID}/financing", 404,
         lambda c, w: c.get(f"{S}/nobody/financing")),
    # a stakeholder's record
    Case("record", "get", f"{S_ID}/export", 200,
         lambda c, w: c.get(f"{S}/{w['coop']}/export")),
    Case("unknown", "get", f"{S_ID}/export", 404, lambda c, w: c.get(f"{S}/nobody/export")),
    # accounts
    Case("login", "post", f"{API}/auth/login", 200, lambda c, w: c.post(
        f"{API}/auth/login", json={"username": "maria", "password": PASSWORD})),
    Case("wrong password", "post", f"{API}/auth/login", 401, lambda c, w: c.post(
        f"{API}/auth/login", json={"username": "maria", "password": "wrong password!"})),
    Case("no password", "post", f"{API}/auth/login", 422,
         lambda c, w: c.post(f"{API}/auth/login", json={"username": "maria"})),
    Case("logout", "post", f"{API}/auth/logout", 204, lambda c, w: c.post(f"{API}/auth/logout")),
    Case("me", "get", f"{API}/me", 200, lambda c, w: c.get(f"{API}/me")),
    Case("anonymous", "get", f"{API}/me", 401,
         lambda c, w: c.get(f"{API}/me", headers={"Authorization": "Basic x"})),
    Case("own language", "patch", f"{API}/me", 200,
         lambda c, w: c.patch(f"{API}/me", json={"locale": "en"})),
    Case("unknown language", "patch", f"{API}/me", 422,
         lambda c, w: c.patch(f"{API}/me", json={"locale": "fr"})),
    Case("own password", "put", f"{API}/me/password", 204, lambda c, w: c.put(
        f"{API}/me/password", json={"current_password": PASSWORD,
                                    "new_password": "another long passphrase"},
        headers={"Authorization": f"Bearer {w['maria_token']}"})),
    Case("wrong current password", "put", f"{API}/me/password", 422, lambda c, w: c.put(
        f"{API}/me/password", json={"current_password": PASSWORD,
                                    "new_password": "another long passphrase"})),
    Case("users", "get", U, 200, lambda c, w: c.get(U)),
    Case("member lists users", "get", U, 403, lambda c, w: c.get(
        U, headers={"Authorization": f"Bearer {w['maria_token']}"})),
    Case("create user", "post", U, 201,
         lambda c, w: c.post(U, json={"username": "nikos", "role": "member"})),
    Case("username taken", "post", U, 409,
         lambda c, w: c.post(U, json={"username": "MARIA", "role": "member"})),
    Case("weak password", "post", U, 422, lambda c, w: c.post(
        U, json={"username": "eleni", "role": "member", "password": "short"})),
    Case("read user", "get", U_ID, 200, lambda c, w: c.get(f"{U}/{w['maria']}")),
    Case("unknown user", "get", U_ID, 404, lambda c, w: c.get(f"{U}/nobody")),
    Case("change user", "patch", U_ID, 200,
         lambda c, w: c.patch(f"{U}/{w['maria']}", json={"display_name": "Μαρία"})),
    Case("coordinator without territory", "patch", U_ID, 422,
         lambda c, w: c.patch(f"{U}/{w['maria']}", json={"role": "coordinator"})),
    Case("delete user", "delete", U_ID, 204, lambda c, w: c.delete(f"{U}/{w['maria']}")),
    Case("tokens", "get", f"{U_ID}/tokens", 200, lambda c, w: c.get(f"{U}/{w['maria']}/tokens")),
    Case("make token", "post", f"{U_ID}/tokens", 201,
         lambda c, w: c.post(f"{U}/{w['maria']}/tokens", json={"name": "laptop"})),
    Case("nameless token", "post", f"{U_ID}/tokens", 422,
         lambda c, w: c.post(f"{U}/{w['maria']}/tokens", json={})),
    Case("revoke", "delete", f"{API}/tokens/{{token_id}}", 200,
         lambda c, w: c.delete(f"{API}/tokens/{w['maria_token_id']}")),
    Case("unknown token id", "delete", f"{API}/tokens/{{token_id}}", 404,
         lambda c, w: c.delete(f"{API}/tokens/nothing")),
    # invitations
    Case("invite", "post", f"{API}/invitations", 201, lambda c, w: c.post(
        f"{API}/invitations", json={"username": "sofia", "role": "member"})),
    Case("invite a taken username", "post", f"{API}/invitations", 409, lambda c, w: c.post(
        f"{API}/invitations", json={"username": "MARIA", "role": "member"})),
    Case("invite with a password", "post", f"{API}/invitations", 422, lambda c, w: c.post(
        f"{API}/invitations", json={"username": "x", "role": "member", "password": "mine"})),
    Case("invitations", "get", f"{API}/invitations", 200,
         lambda c, w: c.get(f"{API}/invitations")),
    Case("invite again", "post", f"{U_ID}/invitations", 201,
         lambda c, w: c.post(f"{U}/{at(w, 'maria')}/invitations")),
    Case("invite nobody again", "post", f"{U_ID}/invitations", 404,
         lambda c, w: c.post(f"{U}/nobody/invitations")),
    Case("revoke an invitation", "delete", f"{API}/invitations/{{invitation_id}}", 200,
         lambda c, w: c.delete(f"{API}/invitations/{at(w, 'invitation')}")),
    Case("revoke an unknown invitation", "delete", f"{API}/invitations/{{invitation_id}}", 404,
         lambda c, w: c.delete(f"{API}/invitations/nothing")),
    Case("audit", "get", f"{API}/audit", 200, lambda c, w: c.get(f"{API}/audit")),
    Case("audit page 0", "get", f"{API}/audit", 422, lambda c, w: c.get(f"{API}/audit?page=0")),
    # introductions
    Case("paths", "get", f"{I}/paths", 200, lambda c, w: c.get(
        f"{I}/paths", query_string={"requester_id": w["coop"], "target_id": w["fund"]})),
    Case("paths without target", "get", f"{I}/paths", 422, lambda c, w: c.get(
        f"{I}/paths", query_string={"requester_id": w["coop"]})),
    Case("paths of unknown requester", "get", f"{I}/paths", 404, lambda c, w: c.get(
        f"{I}/paths", query_string={"requester_id": "nobody", "target_id": w["fund"]})),
    Case("inbox", "get", I, 200, lambda c, w: c.get(I, query_string={"box": "region"})),
    Case("unknown box", "get", I, 422, lambda c, w: c.get(I, query_string={"box": "spam"})),
    Case("request", "post", I, 201, lambda c, w: c.post(I, json={
        "requester_id": w["coop2"], "target_id": w["fund"], "purpose": "financing"})),
    Case("second open request", "post", I, 409, lambda c, w: c.post(I, json={
        "requester_id": w["coop"], "target_id": w["fund"], "purpose": "financing"})),
    Case("unknown purpose", "post", I, 422, lambda c, w: c.post(I, json={
        "requester_id": w["coop"], "target_id": w["fund"], "purpose": "fun"})),
    Case("request for unknown requester", "post", I, 404, lambda c, w: c.post(I, json={
        "requester_id": "nobody", "target_id": w["fund"], "purpose": "financing"})),
    Case("read request", "get", I_ID, 200, lambda c, w: c.get(f"{I}/{w['intro']}")),
    Case("unknown request", "get", I_ID, 404, lambda c, w: c.get(f"{I}/nothing")),
    Case("forward", "post", f"{I_ID}/actions", 200, lambda c, w: c.post(
        f"{I}/{w['intro']}/actions", json={"action": "forward", "note": "Σας συστήνω"})),
    Case("forward twice", "post", f"{I_ID}/actions", 409, lambda c, w: [c.post(
        f"{I}/{w['intro']}/actions", json={"action": "forward"}) for _ in range(2)][-1]),
    Case("decline without reason", "post", f"{I_ID}/actions", 422, lambda c, w: c.post(
        f"{I}/{w['intro']}/actions", json={"action": "decline"})),
    Case("act on unknown request", "post", f"{I_ID}/actions", 404, lambda c, w: c.post(
        f"{I}/nothing/actions", json={"action": "forward"})),
    Case("not the admin's step", "post", f"{I_ID}/actions", 403, lambda c, w: c.post(
        f"{I}/{w['intro']}/actions", json={"action": "withdraw"})),
    Case("blocks", "get", f"{S_ID}/blocks", 200, lambda c, w: c.get(f"{S}/{w['fund']}/blocks")),
    Case("blocks of unknown", "get", f"{S_ID}/blocks", 404,
         lambda c, w: c.get(f"{S}/nobody/blocks")),
    Case("block", "post", f"{S_ID}/blocks", 201, lambda c, w: c.post(
        f"{S}/{w['fund']}/blocks", json={"requester_id": w["coop2"]})),
    Case("block oneself", "post", f"{S_ID}/blocks", 422, lambda c, w: c.post(
        f"{S}/{w['fund']}/blocks", json={"requester_id": w["fund"]})),
    Case("lift block", "delete", f"{S_ID}/blocks/{{requester_id}}", 204, lambda c, w: [
        c.post(f"{S}/{w['fund']}/blocks", json={"requester_id": w["coop2"]}),
        c.delete(f"{S}/{w['fund']}/blocks/{w['coop2']}")][-1]),
    Case("lift no block", "delete", f"{S_ID}/blocks/{{requester_id}}", 404,
         lambda c, w: c.delete(f"{S}/{w['fund']}/blocks/{w['coop2']}")),
    Case("notifications", "get", f"{API}/me/notifications", 200,
         lambda c, w: c.get(f"{API}/me/notifications")),
    Case("notifications limit 0", "get", f"{API}/me/notifications", 422,
         lambda c, w: c.get(f"{API}/me/notifications?limit=0")),
    # reports
    Case("report", "get", f"{API}/reports/ecosystem", 200, lambda c, w: c.get(
        f"{API}/reports/ecosystem", query_string={"region": "EL30", "compare_to": "2024-03-01"})),
    Case("report of a day that never was", "get", f"{API}/reports/ecosystem", 422,
         lambda c, w: c.get(f"{API}/reports/ecosystem?as_of=2024-02-30")),
    Case("member asks for a report", "get", f"{API}/reports/ecosystem", 403,
         lambda c, w: c.get(f"{API}/reports/ecosystem",
                            headers={"Authorization": f"Bearer {w['maria_token']}"})),
    # indicators
    Case("indicators", "get", f"{API}/indicators", 200,
         lambda c, w: c.get(f"{API}/indicators")),
    Case("series", "get", f"{API}/indicators/{{code}}", 200, lambda c, w: c.get(
        f"{API}/indicators/stakeholders", query_string={"from": "2024-01-01",
                                                        "to": "2024-03-31"})),
    Case("series of no indicator", "get", f"{API}/indicators/{{code}}", 404, lambda c, w: c.get(
        f"{API}/indicators/happiness", query_string={"from": "2024-01-01", "to": "2024-03-31"})),
    Case("series backwards", "get", f"{API}/indicators/{{code}}", 422, lambda c, w: c.get(
        f"{API}/indicators/stakeholders", query_string={"from": "2024-03-01",
                                                        "to": "2024-01-31"})),
    Case("graph", "get", f"{API}/reports/ecosystem/graph", 200,
         lambda c, w: c.get(f"{API}/reports/ecosystem/graph?format=gexf")),
    Case("graph as pdf", "get", f"{API}/reports/ecosystem/graph", 422,
         lambda c, w: c.get(f"{API}/reports/ecosystem/graph?format=pdf")),
    # consulting
    Case("assessments", "get", Q, 200, lambda c, w: c.get(Q)),
    Case("draft assessment", "post", Q, 201, lambda c, w: c.post(Q, json=SURVEY)),
    Case("assessment without questions", "post", Q, 422, lambda c, w: c.post(
        Q, json={**SURVEY, "questions": []})),
    Case("assessment", "get", Q_ID, 200, lambda c, w: c.get(f"{Q}/{at(w, 'assessment')}")),
    Case("no assessment", "get", Q_ID, 404, lambda c, w: c.get(f"{Q}/nothing")),
    Case("change assessment", "patch", Q_ID, 200, lambda c, w: c.patch(
        f"{Q}/{at(w, 'assessment')}", json={"plan_id": "plan-1"})),
    Case("close assessment", "post", f"{Q_ID}/actions", 200, lambda c, w: c.post(
        f"{Q}/{at(w, 'closing')}/actions", json={"action": "close"})),
    Case("bad action", "post", f"{Q_ID}/actions", 422, lambda c, w: c.post(
        f"{Q}/{at(w, 'closing')}/actions", json={"action": "burn"})),
    Case("send assessment", "post", f"{Q_ID}/links", 201, lambda c, w: c.post(
        f"{Q}/{at(w, 'assessment')}/links")),
    Case("workshops", "get", W, 200, lambda c, w: c.get(W)),
    Case("record workshop", "post", W, 201, lambda c, w: c.post(W, json=MEETING)),
    Case("workshop of no pillar", "post", W, 422, lambda c, w: c.post(
        W, json={**MEETING, "pillar": "dancing"})),
    Case("workshop", "get", W_ID, 200, lambda c, w: c.get(f"{W}/{at(w, 'workshop')}")),
    Case("change workshop", "patch", W_ID, 200, lambda c, w: c.patch(
        f"{W}/{at(w, 'workshop')}", json={"place": "Αίθουσα"})),
    Case("delete workshop", "delete", W_ID, 204, lambda c, w: c.delete(
        f"{W}/{at(w, 'gone_workshop')}")),
    # mentorship
    Case("programmes", "get", P, 200, lambda c, w: c.get(P)),
    Case("programmes page 0", "get", P, 422, lambda c, w: c.get(f"{P}?page=0")),
    Case("open programme", "post", P, 201, lambda c, w: c.post(P, json=SPRING)),
    Case("programme in no region", "post", P, 422, lambda c, w: c.post(
        P, json={**SPRING, "region": "EL99"})),
    Case("programme", "get", P_ID, 200, lambda c, w: c.get(f"{P}/{at(w, 'programme')}",
                                                           query_string={"explain": "true"})),
    Case("unknown programme", "get", P_ID, 404, lambda c, w: c.get(f"{P}/nothing")),
    Case("programme explain maybe", "get", P_ID, 422, lambda c, w: c.get(
        f"{P}/{at(w, 'programme')}?explain=maybe")),
    Case("enrol", "post", f"{P_ID}/enrolments", 200, lambda c, w: c.post(
        f"{P}/{at(w, 'programme')}/enrolments", json={"remove": [at(w, "mentee")]})),
    Case("enrol nobody", "post", f"{P_ID}/enrolments", 422, lambda c, w: c.post(
        f"{P}/{at(w, 'programme')}/enrolments", json={"mentees": ["nobody"]})),
    Case("enrol in unknown", "post", f"{P_ID}/enrolments", 404, lambda c, w: c.post(
        f"{P}/nothing/enrolments", json={})),
    Case("enrol when published", "post", f"{P_ID}/enrolments", 409, lambda c, w: c.post(
        f"{P}/{at(w, 'published')}/enrolments", json={})),
    Case("propose", "post", f"{P_ID}/proposal", 200, lambda c, w: c.post(
        f"{P}/{at(w, 'programme')}/proposal", json={"method": "stable"})),
    Case("propose randomly", "post", f"{P_ID}/proposal", 422, lambda c, w: c.post(
        f"{P}/{at(w, 'programme')}/proposal", json={"method": "random"})),
    Case("propose for unknown", "post", f"{P_ID}/proposal", 404, lambda c, w: c.post(
        f"{P}/nothing/proposal", json={})),
    Case("propose when published", "post", f"{P_ID}/proposal", 409, lambda c, w: c.post(
        f"{P}/{at(w, 'published')}/proposal", json={})),
    Case("pin", "post", f"{P_ID}/proposal/edits", 200, lambda c, w: c.post(
        f"{P}/{at(w, 'programme')}/proposal/edits",
        json={"action": "pin", "mentee_id": at(w, "mentee")})),
    Case("shuffle", "post", f"{P_ID}/proposal/edits", 422, lambda c, w: c.post(
        f"{P}/{at(w, 'programme')}/proposal/edits", json={"action": "shuffle",
                                                          "mentee_id": "x"})),
    Case("edit unknown", "post", f"{P_ID}/proposal/edits", 404, lambda c, w: c.post(
        f"{P}/nothing/proposal/edits", json={"action": "pin", "mentee_id": "x"})),
    Case("edit when published", "post", f"{P_ID}/proposal/edits", 409, lambda c, w: c.post(
        f"{P}/{at(w, 'published')}/proposal/edits", json={"action": "pin",
                                                          "mentee_id": "x"})),
    Case("publish", "post", f"{P_ID}/publish", 200, lambda c, w: c.post(
        f"{P}/{at(w, 'programme')}/publish")),
    Case("publish twice", "post", f"{P_ID}/publish", 409, lambda c, w: c.post(
        f"{P}/{at(w, 'published')}/publish")),
    Case("publish unknown", "post", f"{P_ID}/publish", 404, lambda c, w: c.post(
        f"{P}/nothing/publish")),
    Case("programme report", "get", f"{P_ID}/report", 200, lambda c, w: c.get(
        f"{P}/{at(w, 'published')}/report")),
    Case("report of unknown", "get", f"{P_ID}/report", 404, lambda c, w: c.get(
        f"{P}/nothing/report")),
    Case("circles", "post", f"{API}/circles", 200, lambda c, w: c.post(f"{API}/circles", json={
        "members": [at(w, "coop"), at(w, "coop2")], "min_size": 2})),
    Case("circles of 5 to 4", "post", f"{API}/circles", 422, lambda c, w: c.post(
        f"{API}/circles", json={"members": ["a", "b"], "min_size": 5, "max_size": 4})),
    Case("mentorships", "get", M, 200, lambda c, w: c.get(M, query_string={"state": "active"})),
    Case("mentorships asleep", "get", M, 422, lambda c, w: c.get(M, query_string={
        "state": "asleep"})),
    Case("mentorship", "get", M_ID, 200, lambda c, w: c.get(f"{M}/{at(w, 'mentorship')}")),
    Case("unknown mentorship", "get", M_ID, 404, lambda c, w: c.get(f"{M}/nothing")),
    Case("complete", "post", f"{M_ID}/actions", 200, lambda c, w: c.post(
        f"{M}/{at(w, 'mentorship')}/actions", json={"action": "complete"})),
    Case("cancel without reason", "post", f"{M_ID}/actions", 422, lambda c, w: c.post(
        f"{M}/{at(w, 'mentorship')}/actions", json={"action": "cancel"})),
    Case("accept for the pair", "post", f"{M_ID}/actions", 403, lambda c, w: c.post(
        f"{M}/{at(w, 'mentorship')}/actions", json={"action": "accept"})),
    Case("start what is active", "post", f"{M_ID}/actions", 409, lambda c, w: c.post(
        f"{M}/{at(w, 'mentorship')}/actions", json={"action": "start"})),
    Case("act on unknown", "post", f"{M_ID}/actions", 404, lambda c, w: c.post(
        f"{M}/nothing/actions", json={"action": "start"})),
    Case("sessions", "get", f"{M_ID}/sessions", 200, lambda c, w: c.get(
        f"{M}/{at(w, 'mentorship')}/sessions")),
    Case("sessions of unknown", "get", f"{M_ID}/sessions", 404, lambda c, w: c.get(
        f"{M}/nothing/sessions")),
    Case("log a session", "post", f"{M_ID}/sessions", 201, lambda c, w: c.post(
        f"{M}/{at(w, 'mentorship')}/sessions", json={"on": "2026-01-05", "notes": "α"},
        headers={"Authorization": f"Bearer {at(w, 'mentee_token')}"})),
    Case("log for the pair", "post", f"{M_ID}/sessions", 403, lambda c, w: c.post(
        f"{M}/{at(w, 'mentorship')}/sessions", json={"on": "2026-01-05"})),
    Case("log a session tomorrow", "post", f"{M_ID}/sessions", 422, lambda c, w: c.post(
        f"{M}/{at(w, 'mentorship')}/sessions", json={"on": "2999-01-05"},
        headers={"Authorization": f"Bearer {at(w, 'mentee_token')}"})),
    Case("log once it ended", "post", f"{M_ID}/sessions", 409, lambda c, w: [c.post(
        f"{M}/{at(w, 'mentorship')}/actions", json={"action": "complete"}), c.post(
        f"{M}/{at(w, 'mentorship')}/sessions", json={"on": "2026-01-05"},
        headers={"Authorization": f"Bearer {at(w, 'mentee_token')}"})][-1]),
    Case("log on unknown", "post", f"{M_ID}/sessions", 404, lambda c, w: c.post(
        f"{M}/nothing/sessions", json={"on": "2026-01-05"})),
    # activities
    Case("activities", "get", A, 200, lambda c, w: c.get(A)),
    Case("bad kind", "get", A, 422, lambda c, w: c.get(A, query_string={"kind": "party"})),
    Case("open", "post", A, 201, lambda c, w: c.post(A, json={**FAIR,
                                                              "organiser_id": at(w, "coop")})),
    Case("missing fields", "post", A, 422, lambda c, w: c.post(A, json={})),
    Case("slots of a workshop", "post", A, 422, lambda c, w: c.post(A, json={
        **FAIR, "kind": "workshop", "organiser_id": at(w, "coop")})),
    Case("unknown organiser", "post", A, 404, lambda c, w: c.post(A, json={
        **FAIR, "organiser_id": "nobody"})),
    Case("outcomes", "get", f"{A}/outcomes", 200, lambda c, w: c.get(f"{A}/outcomes", query_string={
        "starts_from": "2027-01-01", "starts_until": "2027-12-31"})),
    Case("outcomes without dates", "get", f"{A}/outcomes", 422,
         lambda c, w: c.get(f"{A}/outcomes")),
    Case("read", "get", A_ID, 200, lambda c, w: c.get(f"{A}/{at(w, 'event')}")),
    Case("unknown", "get", A_ID, 404, lambda c, w: c.get(f"{A}/nothing")),
    Case("change", "patch", A_ID, 200, lambda c, w: c.patch(f"{A}/{at(w, 'event')}",
                                                            json={"capacity": 20})),
    Case("below the seats taken", "patch", A_ID, 409, lambda c, w: c.patch(
        f"{A}/{at(w, 'event')}", json={"capacity": 1})),
    Case("capacity 0", "patch", A_ID, 422, lambda c, w: c.patch(f"{A}/{at(w, 'event')}",
                                                                json={"capacity": 0})),
    Case("change unknown", "patch", A_ID, 404, lambda c, w: c.patch(f"{A}/nothing",
                                                                    json={"capacity": 5})),
    Case("registrants", "get", f"{A_ID}/registrations", 200,
         lambda c, w: c.get(f"{A}/{at(w, 'event')}/registrations")),
    Case("registrants of unknown", "get", f"{A_ID}/registrations", 404,
         lambda c, w: c.get(f"{A}/nothing/registrations")),
    Case("register", "post", f"{A_ID}/registrations", 201, lambda c, w: c.post(
        f"{A}/{at(w, 'event')}/registrations", json={"stakeholder_id": at(w, "fund")})),
    Case("register twice", "post", f"{A_ID}/registrations", 409, lambda c, w: c.post(
        f"{A}/{at(w, 'event')}/registrations", json={"stakeholder_id": at(w, "coop")})),
    Case("register nobody", "post", f"{A_ID}/registrations", 404, lambda c, w: c.post(
        f"{A}/{at(w, 'event')}/registrations", json={"stakeholder_id": "nobody"})),
    Case("register without body", "post", f"{A_ID}/registrations", 422, lambda c, w: c.post(
        f"{A}/{at(w, 'event')}/registrations", json={})),
    Case("consent", "put", f"{A_ID}/registrations/{{stakeholder_id}}", 200, lambda c, w: c.put(
        f"{A}/{at(w, 'event')}/registrations/{at(w, 'coop')}", json={"ties_consent": True})),
    Case("consent not registered", "put", f"{A_ID}/registrations/{{stakeholder_id}}", 404,
         lambda c, w: c.put(f"{A}/{at(w, 'event')}/registrations/{at(w, 'fund')}",
                            json={"ties_consent": True})),
    Case("consent unsaid", "put", f"{A_ID}/registrations/{{stakeholder_id}}", 422,
         lambda c, w: c.put(f"{A}/{at(w, 'event')}/registrations/{at(w, 'coop')}", json={})),
    Case("cancel", "delete", f"{A_ID}/registrations/{{stakeholder_id}}", 204, lambda c, w:
         c.delete(f"{A}/{at(w, 'event')}/registrations/{at(w, 'coop')}")),
    Case("cancel not registered", "delete", f"{A_ID}/registrations/{{stakeholder_id}}", 404,
         lambda c, w: c.delete(f"{A}/{at(w, 'event')}/registrations/{at(w, 'fund')}")),
    Case("wishes", "put", f"{A_ID}/registrations/{{stakeholder_id}}/wishes", 200, lambda c, w:
         c.put(f"{A}/{at(w, 'event')}/registrations/{at(w, 'coop')}/wishes",
               json={"wishes": [{"stakeholder_id": at(w, "bank"), "priority": 3}],
                     "available": [1]})),
    Case("priority 4", "put", f"{A_ID}/registrations/{{stakeholder_id}}/wishes", 422,
         lambda c, w: c.put(f"{A}/{at(w, 'event')}/registrations/{at(w, 'coop')}/wishes",
                            json={"wishes": [{"stakeholder_id": at(w, "bank"), "priority": 4}],
                                  "available": []})),
    Case("wishes not registered", "put", f"{A_ID}/registrations/{{stakeholder_id}}/wishes", 404,
         lambda c, w: c.put(f"{A}/{at(w, 'event')}/registrations/{at(w, 'fund')}/wishes",
                            json={"wishes": [], "available": []})),
    Case("attendance", "post", f"{A_ID}/attendance", 200, lambda c, w: c.post(
        f"{A}/{at(w, 'event')}/attendance", json={"attended": [at(w, "coop")]})),
    Case("attendance of a stranger", "post", f"{A_ID}/attendance", 422, lambda c, w: c.post(
        f"{A}/{at(w, 'event')}/attendance", json={"attended": [at(w, "fund")]})),
    Case("attendance of unknown", "post", f"{A_ID}/attendance", 404, lambda c, w: c.post(
        f"{A}/nothing/attendance", json={"attended": []})),
    Case("schedule", "get", f"{A_ID}/meetings", 200,
         lambda c, w: c.get(f"{A}/{at(w, 'event')}/meetings")),
    Case("schedule of a workshop", "get", f"{A_ID}/meetings", 409,
         lambda c, w: c.get(f"{A}/{at(w, 'workshop_activity')}/meetings")),
    Case("generate", "post", f"{A_ID}/meetings", 201,
         lambda c, w: c.post(f"{A}/{at(w, 'event')}/meetings")),
    Case("generate unknown", "post", f"{A_ID}/meetings", 404,
         lambda c, w: c.post(f"{A}/nothing/meetings")),
    Case("publish", "post", f"{A_ID}/meetings/publication", 200,
         lambda c, w: c.post(f"{A}/{at(w, 'event')}/meetings/publication")),
    Case("publish twice", "post", f"{A_ID}/meetings/publication", 409, lambda c, w: [
        c.post(f"{A}/{at(w, 'event')}/meetings/publication"),
        c.post(f"{A}/{at(w, 'event')}/meetings/publication")][-1]),
    Case("take out", "delete", A_MEET, 200,
         lambda c, w: c.delete(f"{A}/{at(w, 'event')}/meetings/{at(w, 'meeting')}")),
    Case("take out unknown", "delete", A_MEET, 404,
         lambda c, w: c.delete(f"{A}/{at(w, 'event')}/meetings/nothing")),
    Case("swap", "post", f"{A_MEET}/swap", 200, lambda c, w: c.post(
        f"{A}/{at(w, 'event')}/meetings/{at(w, 'meeting')}/swap",
        json={"other_id": at(w, "meeting2")})),
    Case("swap with unknown", "post", f"{A_MEET}/swap", 404, lambda c, w: c.post(
        f"{A}/{at(w, 'event')}/meetings/{at(w, 'meeting')}/swap", json={"other_id": "x"})),
    Case("swap with nothing", "post", f"{A_MEET}/swap", 422, lambda c, w: c.post(
        f"{A}/{at(w, 'event')}/meetings/{at(w, 'meeting')}/swap", json={})),
    Case("answer", "put", f"{A_MEET}/answers", 200, lambda c, w: [
        c.post(f"{A}/{at(w, 'event')}/meetings/publication"),
        c.put(f"{A}/{at(w, 'event')}/meetings/{at(w, 'meeting')}/answers",
              json={"stakeholder_id": at(w, "meeting_side"), "held": True})][-1]),
    Case("answer a draft", "put", f"{A_MEET}/answers", 409, lambda c, w: c.put(
        f"{A}/{at(w, 'event')}/meetings/{at(w, 'meeting')}/answers",
        json={"stakeholder_id": at(w, "meeting_side"), "held": True})),
    Case("answer unsaid", "put", f"{A_MEET}/answers", 422, lambda c, w: c.put(
        f"{A}/{at(w, 'event')}/meetings/{at(w, 'meeting')}/answers", json={})),
    Case("agenda", "get", f"{A_ID}/agenda", 200, lambda c, w: c.get(
        f"{A}/{at(w, 'event')}/agenda", query_string={"stakeholder_id": at(w, "coop")})),
    Case("whose agenda", "get", f"{A_ID}/agenda", 422,
         lambda c, w: c.get(f"{A}/{at(w, 'event')}/agenda")),
    Case("agenda of unknown", "get", f"{A_ID}/agenda", 404, lambda c, w: c.get(
        f"{A}/nothing/agenda", query_string={"stakeholder_id": at(w, "coop")})),
    # participatory budgets (maria, a member of coop in EL303, proposes and votes)
    Case("budgets", "get", B, 200, lambda c, w: c.get(B, query_string={"phase": "voting"})),
    Case("budgets later", "get", B, 422, lambda c, w: c.get(B, query_string={"phase": "x"})),
    Case("open budget", "post", B, 201, lambda c, w: c.post(B, json={
        "name": "Πλατείες", "region": "EL303", "budget": 100, "fund_id": at(w, "pb_fund")})),
    Case("budget in no region", "post", B, 422, lambda c, w: c.post(B, json={
        "name": "Πλατείες", "region": "EL99", "budget": 100, "fund_id": "x"})),
    Case("budget", "get", B_ID, 200, lambda c, w: c.get(f"{B}/{at(w, 'pb_new')}")),
    Case("unknown budget", "get", B_ID, 404, lambda c, w: c.get(f"{B}/nothing")),
    Case("open review", "post", f"{B_ID}/phase", 200, lambda c, w: c.post(
        f"{B}/{at(w, 'pb_new')}/phase", json={"phase": "review"})),
    Case("open voting early", "post", f"{B_ID}/phase", 409, lambda c, w: c.post(
        f"{B}/{at(w, 'pb_new')}/phase", json={"phase": "voting"})),
    Case("open no phase", "post", f"{B_ID}/phase", 422, lambda c, w: c.post(
        f"{B}/{at(w, 'pb_new')}/phase", json={})),
    Case("open phase of unknown", "post", f"{B_ID}/phase", 404, lambda c, w: c.post(
        f"{B}/nothing/phase", json={"phase": "review"})),
    Case("budget projects", "get", f"{B_ID}/projects", 200, lambda c, w: c.get(
        f"{B}/{at(w, 'pb_done')}/projects")),
    Case("projects of unknown", "get", f"{B_ID}/projects", 404, lambda c, w: c.get(
        f"{B}/nothing/projects")),
    Case("propose project", "post", f"{B_ID}/projects", 201, lambda c, w: c.post(
        f"{B}/{at(w, 'pb_new')}/projects", json={"proposer_id": at(w, "coop"), "title": "x",
                                                "cost": 10}, headers=maria(w))),
    Case("propose free project", "post", f"{B_ID}/projects", 422, lambda c, w: c.post(
        f"{B}/{at(w, 'pb_new')}/projects", json={"proposer_id": at(w, "coop"), "title": "x",
                                                "cost": 0}, headers=maria(w))),
    Case("propose late", "post", f"{B_ID}/projects", 409, lambda c, w: c.post(
        f"{B}/{at(w, 'pb_review')}/projects", json={"proposer_id": at(w, "coop"),
                                                   "title": "x", "cost": 10}, headers=maria(w))),
    Case("propose to unknown", "post", f"{B_ID}/projects", 404, lambda c, w: c.post(
        f"{B}/nothing/projects", json={"proposer_id": at(w, "coop"), "title": "x",
                                       "cost": 10}, headers=maria(w))),
    Case("propose for another", "post", f"{B_ID}/projects", 403, lambda c, w: c.post(
        f"{B}/{at(w, 'pb_new')}/projects", json={"proposer_id": at(w, "coop"), "title": "x",
                                                "cost": 10})),
    Case("budget project", "get", BP_ID, 200, lambda c, w: c.get(
        f"{B}/projects/{at(w, 'pb_review_project')}")),
    Case("unknown budget project", "get", BP_ID, 404, lambda c, w: c.get(
        f"{B}/projects/nothing")),
    Case("review", "post", f"{BP_ID}/review", 200, lambda c, w: c.post(
        f"{B}/projects/{at(w, 'pb_review_project')}/review", json={"eligible": True})),
    Case("review once voted", "post", f"{BP_ID}/review", 409, lambda c, w: c.post(
        f"{B}/projects/{at(w, 'pb_done_project')}/review", json={"eligible": True})),
    Case("review undecided", "post", f"{BP_ID}/review", 422, lambda c, w: c.post(
        f"{B}/projects/{at(w, 'pb_review_project')}/review", json={"reason": "x"})),
    Case("review unknown", "post", f"{BP_ID}/review", 404, lambda c, w: c.post(
        f"{B}/projects/nothing/review", json={"eligible": True})),
    Case("track", "post", f"{BP_ID}/execution", 200, lambda c, w: c.post(
        f"{B}/projects/{at(w, 'pb_done_project')}/execution", json={"progress": 10})),
    Case("track before execution", "post", f"{BP_ID}/execution", 409, lambda c, w: c.post(
        f"{B}/projects/{at(w, 'pb_review_project')}/execution", json={"progress": 10})),
    Case("track beyond done", "post", f"{BP_ID}/execution", 422, lambda c, w: c.post(
        f"{B}/projects/{at(w, 'pb_done_project')}/execution", json={"progress": 101})),
    Case("track unknown", "post", f"{BP_ID}/execution", 404, lambda c, w: c.post(
        f"{B}/projects/nothing/execution", json={"progress": 10})),
    Case("my ballot", "get", f"{B_ID}/ballot", 200, lambda c, w: c.get(
        f"{B}/{at(w, 'pb_done')}/ballot", headers=maria(w))),
    Case("no ballot", "get", f"{B_ID}/ballot", 404, lambda c, w: c.get(
        f"{B}/{at(w, 'pb_new')}/ballot")),
    Case("vote", "post", f"{B_ID}/ballot", 201, lambda c, w: c.post(
        f"{B}/{at(w, 'pb_voting')}/ballot", json={"projects": [at(w, "pb_voting_project")]},
        headers=maria(w))),
    Case("vote again", "post", f"{B_ID}/ballot", 409, lambda c, w: c.post(
        f"{B}/{at(w, 'pb_done')}/ballot", json={"projects": []}, headers=maria(w))),
    Case("vote for nothing", "post", f"{B_ID}/ballot", 422, lambda c, w: c.post(
        f"{B}/{at(w, 'pb_voting')}/ballot", json={}, headers=maria(w))),
    Case("vote in unknown", "post", f"{B_ID}/ballot", 404, lambda c, w: c.post(
        f"{B}/nothing/ballot", json={"projects": []}, headers=maria(w))),
    Case("results", "get", f"{B_ID}/results", 200, lambda c, w: c.get(
        f"{B}/{at(w, 'pb_done')}/results", headers=maria(w))),
    Case("results not out", "get", f"{B_ID}/results", 404, lambda c, w: c.get(
        f"{B}/{at(w, 'pb_new')}/results")),
    Case("export pb", "get", f"{B_ID}/export.pb", 200, lambda c, w: c.get(
        f"{B}/{at(w, 'pb_done')}/export.pb")),
    Case("export unknown", "get", f"{B_ID}/export.pb", 404, lambda c, w: c.get(
        f"{B}/nothing/export.pb")),
    Case("import pb", "post", f"{B}/import", 201, lambda c, w: c.post(f"{B}/import", data={
        "region": "EL303", "fund_id": at(w, "pb_fund"), "file": (io.BytesIO(c.get(
            f"{B}/{at(w, 'pb_done')}/export.pb").get_data()), "b.pb")})),
    Case("import junk", "post", f"{B}/import", 422, lambda c, w: c.post(f"{B}/import", data={
        "region": "EL303", "fund_id": at(w, "pb_fund"), "file": (io.BytesIO(b"junk"), "b.pb")})),
    # matchfunding: campaigns, pledges, pools
    Case("list", "get", C, 200, lambda c, w: c.get(C)),
    Case("launch", "post", C, 201, lambda c, w: c.post(C, json={
        "stakeholder_id": at(w, "coop"), "title": "Φούρνος", "minimum": 10, "optimum": 20,
        "deadline": LATER})),
    Case("missing fields", "post", C, 422, lambda c, w: c.post(C, json={"title": "x"})),
    Case("read", "get", C_ID, 200, lambda c, w: c.get(f"{C}/{at(w, 'campaign')}")),
    Case("unknown", "get", C_ID, 404, lambda c, w: c.get(f"{C}/nothing")),
    Case("settle", "post", f"{C_ID}/settle", 200,
         lambda c, w: c.post(f"{C}/{at(w, 'closing_campaign')}/settle")),
    Case("settle an open one", "post", f"{C_ID}/settle", 409,
         lambda c, w: c.post(f"{C}/{at(w, 'campaign')}/settle")),
    Case("settle unknown", "post", f"{C_ID}/settle", 404, lambda c, w: c.post(f"{C}/x/settle")),
    Case("pledges", "get", f"{C_ID}/pledges", 200,
         lambda c, w: c.get(f"{C}/{at(w, 'campaign')}/pledges")),
    Case("pledges of unknown", "get", f"{C_ID}/pledges", 404,
         lambda c, w: c.get(f"{C}/nothing/pledges")),
    Case("pledge", "post", f"{C_ID}/pledges", 201, lambda c, w: c.post(
        f"{C}/{at(w, 'campaign')}/pledges", json={"stakeholder_id": at(w, "bank"),
                                                  "amount": "12.50"})),
    Case("bad amount", "post", f"{C_ID}/pledges", 422, lambda c, w: c.post(
        f"{C}/{at(w, 'campaign')}/pledges", json={"stakeholder_id": at(w, "bank"),
                                                  "amount": "1.001"})),
    Case("past the deadline", "post", f"{C_ID}/pledges", 409, lambda c, w: c.post(
        f"{C}/{at(w, 'closing_campaign')}/pledges", json={"stakeholder_id": at(w, "bank"),
                                                 "amount": 5})),
    Case("to unknown", "post", f"{C_ID}/pledges", 404, lambda c, w: c.post(
        f"{C}/nothing/pledges", json={"stakeholder_id": at(w, "bank"), "amount": 5})),
    Case("malformed JSON", "post", f"{C_ID}/pledges", 400,
         raw("post", C + "/{campaign}/pledges", "{")),
    Case("by e-mail", "post", f"{C_ID}/public-pledges", 202, lambda c, w: c.post(
        f"{C}/{at(w, 'campaign')}/public-pledges", json={"email": "a@example.org",
                                                         "amount": 5})),
    Case("bad address", "post", f"{C_ID}/public-pledges", 422, lambda c, w: c.post(
        f"{C}/{at(w, 'campaign')}/public-pledges", json={"email": "a", "amount": 5})),
    Case("by e-mail to unknown", "post", f"{C_ID}/public-pledges", 404, lambda c, w: c.post(
        f"{C}/nothing/public-pledges", json={"email": "a@example.org", "amount": 5})),
    Case("by e-mail too late", "post", f"{C_ID}/public-pledges", 409, lambda c, w: c.post(
        f"{C}/{at(w, 'closing_campaign')}/public-pledges", json={"email": "a@example.org",
                                                        "amount": 5})),
    Case("confirm", "post", CONFIRM, 201,
         lambda c, w: c.post(CONFIRM, json={"token": at(w, "pledge_token")})),
    Case("confirm twice", "post", CONFIRM, 410,
         lambda c, w: c.post(CONFIRM, json={"token": at(w, "used_token")})),
    Case("confirm unknown", "post", CONFIRM, 404,
         lambda c, w: c.post(CONFIRM, json={"token": "nothing"})),
    Case("confirm without token", "post", CONFIRM, 422, lambda c, w: c.post(CONFIRM, json={})),
    Case("my pledges", "get", f"{API}/pledges", 200, lambda c, w: c.get(f"{API}/pledges")),
    Case("read", "get", PL_ID, 200, lambda c, w: c.get(f"{API}/pledges/{at(w, 'pledge')}")),
    Case("unknown", "get", PL_ID, 404, lambda c, w: c.get(f"{API}/pledges/nothing")),
    Case("withdraw", "post", f"{PL_ID}/withdraw", 200,
         lambda c, w: c.post(f"{API}/pledges/{at(w, 'pledge')}/withdraw")),
    Case("withdraw twice", "post", f"{PL_ID}/withdraw", 409, lambda c, w: [c.post(
        f"{API}/pledges/{at(w, 'pledge')}/withdraw") for _ in range(2)][-1]),
    Case("withdraw unknown", "post", f"{PL_ID}/withdraw", 404,
         lambda c, w: c.post(f"{API}/pledges/nothing/withdraw")),
    Case("pools", "get", f"{API}/pools", 200, lambda c, w: c.get(f"{API}/pools")),
    Case("define", "post", f"{API}/pools", 201, lambda c, w: c.post(f"{API}/pools", json={
        "owner_id": at(w, "bank"), "name": "1:1", "cap": 500, "deadline": LATER})),
    Case("bad ratio", "post", f"{API}/pools", 422, lambda c, w: c.post(f"{API}/pools", json={
        "owner_id": at(w, "bank"), "name": "1:1", "cap": 500, "deadline": LATER,
        "ratio": 11})),
    # meta
    Case("health", "get", f"{API}/health", 200, lambda c, w: c.get(f"{API}/health")),
    Case("vocabularies", "get", f"{API}/vocabularies", 200,
         lambda c, w: c.get(f"{API}/vocabularies")),
    *(Case(*case) for case in PLAN_CASES),
    # learned matches: fitted match models
    Case("match models", "get", MM, 200, lambda c, w: c.get(MM)),
    Case("fit a thin history", "post", MM, 409, lambda c, w: c.post(MM, json={})),
    Case("fit no relation", "post", MM, 422, lambda c, w: c.post(MM, json={"relation": "x"})),
    Case("fit", "post", MM, 201, lambda c, w: fitted(c)),
    Case("activate model", "post", f"{MM}/{{version}}/activate", 200, lambda c, w: c.post(
        f"{MM}/{saved_model(c)}/activate")),
    Case("activate no model", "post", f"{MM}/{{version}}/activate", 404,
         lambda c, w: c.post(f"{MM}/99/activate")),
    Case("deactivate", "post", f"{MM}/deactivate", 200, lambda c, w: c.post(
        f"{MM}/deactivate", json={"relation": "FUNDED"})),
    Case("deactivate no relation", "post", f"{MM}/deactivate", 422, lambda c, w: c.post(
        f"{MM}/deactivate", json={"relation": "KNOWS"})),
]


def documented_statuses(spec: dict, method: str, path: str) -> set[str]:
    """The status codes an operation documents (``default`` does not count)."""
    operation = spec["paths"][path][method]
    return {code for code in operation["responses"] if code != "default"}


@pytest.fixture
def table_client(tmp_path):
    """A client of an app that takes bodies of up to 4 KiB, with a few stakeholders and ties."""
    app = build_app(sqlite_url(tmp_path), SYNDESMOS_MAX_CONTENT_LENGTH=str(BODY_LIMIT))
    api = ApiClient(admin_client(app))
    coop = api.stakeholder("entrepreneur", "Συνεταιρισμός", external_id="GEMI-1")
    coop2 = api.stakeholder("entrepreneur", "Ομάδα", external_id="GEMI-2")
    bank = api.stakeholder("investor", "Τράπεζα")
    world = {"coop": coop["id"], "coop2": coop2["id"], "bank": bank["id"],
             "knows": api.tie("KNOWS", coop, bank)["id"]}
    api.tie("FUNDED", bank, coop, since="2024-01-10")
    world["funded"] = api.tie("FUNDED", bank, coop, since="2024-06-10")["id"]
    maria, world["maria_token"] = make_user(app, "maria", Role.MEMBER, password=PASSWORD,
                                            memberships=[coop["id"]])
    world["maria"], world["maria_token_id"] = maria.id, parse_token(world["maria_token"])
    world["invitation"] = api.client.post(f"{API}/invitations", json={
        "username": "invited", "role": "member"}).get_json()["invitation"]["id"]
    world.update(mentorship_world(app, api))
    for key in ("assessment", "closing"):
        world[key] = api.client.post(Q, json=SURVEY).get_json()["id"]
        api.client.post(f"{Q}/{world[key]}/actions", json={"action": "open"})
    for key in ("workshop", "gone_workshop"):
        world[key] = api.client.post(W, json=MEETING).get_json()["id"]
    world.update(plan_world(api.client))
    world.update(budget_world(api, world))
    # A warm path coop – hub – fund, and a request along it.
    hub = api.stakeholder("support_organisation", "Κέντρο", discoverable=True)
    fund = api.stakeholder("investor", "Ταμείο", discoverable=True)
    api.tie("KNOWS", coop, hub)
    api.tie("PARTNERS_WITH", hub, fund)
    world["fund"] = fund["id"]
    asked = api.client.post(I, json={"requester_id": coop["id"], "target_id": fund["id"],
                                     "purpose": "financing", "broker_id": hub["id"]})
    assert asked.status_code == 201, asked.get_data(as_text=True)
    world["intro"] = asked.get_json()["id"]
    world.update(activity_world(api.client, hub["id"], [coop["id"], coop2["id"], bank["id"]]))
    world.update(campaign_world(app, coop["id"], bank["id"]))
    yield api.client, world
    close_app(app)


def campaign_world(app, coop: str, bank: str) -> dict:
    """An open campaign of the coop with a pledge of the bank, one past its deadline, and two
    public pledges' tokens: one waiting, one used."""
    facades = use_cases(app)
    desk, at_ = facades.campaigns, now()
    campaign = desk.launch(coop, {"title": "Φούρνος", "minimum": Decimal(10),
                                  "optimum": Decimal(20), "deadline": at_ + timedelta(days=9)})
    closing = facades.store.create_campaign(Campaign(
        "closing-campaign", coop, "Παλιά", Decimal(10), Decimal(20), at_ - timedelta(days=1),
        "EL303", at_ - timedelta(days=2)))
    pledge = desk.pledge(campaign.id, bank, Decimal(5)).pledge
    used = desk.ask_public_pledge(campaign.id, "b@example.org", Decimal(5)).secret
    desk.confirm_public_pledge(used)
    return {"campaign": campaign.id, "closing_campaign": closing.id, "pledge": pledge.id,
            "pledge_token": desk.ask_public_pledge(campaign.id, "c@example.org",
                                                   Decimal(5)).secret, "used_token": used}


def mentorship_world(app, api: ApiClient) -> dict:
    """A programme with a proposal (one mentee placed), and a published one whose mentorship
    is active; a token of the mentee's member."""
    mentee = api.stakeholder("entrepreneur", "Μαθητευόμενη", discoverable=True,
                             languages=["el"])["id"]
    mentor = api.stakeholder("support_organisation", "Μέντορας", discoverable=True,
                             languages=["el"], offers=["training.mentoring"], capacity=3)["id"]
    token = make_user(app, "mentee", Role.MEMBER, memberships=[mentee])[1]
    world = {"mentee": mentee, "mentee_token": token}
    for key in ("published", "programme"):
        world[key] = api.client.post(P, json=SPRING).get_json()["id"]
        api.client.post(f"{P}/{world[key]}/enrolments", json={"mentees": [mentee],
                                                             "mentors": [{"id": mentor}]})
        api.client.post(f"{P}/{world[key]}/proposal", json={})
    assert api.client.post(f"{P}/{world['published']}/publish").status_code == 200
    world["mentorship"] = api.client.get(M).get_json()["items"][0]["id"]
    mentee_client = bearer_client(app, token)
    mentee_client.post(f"{M}/{world['mentorship']}/actions", json={"action": "accept"})
    mentor_token = make_user(app, "mentor", Role.MEMBER, memberships=[mentor])[1]
    bearer_client(app, mentor_token).post(f"{M}/{world['mentorship']}/actions",
                                          json={"action": "accept"})
    assert api.client.post(f"{M}/{world['mentorship']}/actions",
                           json={"action": "start"}).get_json()["state"] == "active"
    return world


def activity_world(client, organiser_id: str, people: list[str]) -> dict[str, str]:
    """A networking event where ``people`` (three) registered and all wish to meet, with a
    draft schedule (two meetings: a triangle needs three rounds, it has two), and a workshop."""
    event = client.post(A, json={**FAIR, "organiser_id": organiser_id}).get_json()["id"]
    for person in people:
        client.post(f"{A}/{event}/registrations", json={"stakeholder_id": person})
    for person in people:
        client.put(f"{A}/{event}/registrations/{person}/wishes", json={
            "wishes": [{"stakeholder_id": p} for p in people if p != person],
            "available": [0, 1]})
    meetings = [m["meeting"] for m in client.post(f"{A}/{event}/meetings").get_json()["meetings"]]
    workshop = client.post(A, json={**FAIR, "kind": "workshop", "slots": [], "tables": 0,
                                    "organiser_id": organiser_id}).get_json()["id"]
    return {"event": event, "meeting": meetings[0]["id"], "meeting2": meetings[1]["id"],
            "meeting_side": meetings[0]["a"], "workshop_activity": workshop}


def maria(w: dict) -> dict:
    return {"Authorization": f"Bearer {at(w, 'maria_token')}"}


def budget_world(api: ApiClient, world: dict) -> dict:
    """Participatory budgets of EL303, one in each phase a case needs: taking proposals, in
    review with maria's project, voting on it, and in execution with maria's ballot and her
    project funded."""
    c, out = api.client, {"pb_fund": api.stakeholder("policymaker", "Δήμος")["id"]}

    def walk(key: str, phases: tuple[str, ...]) -> None:
        process = c.post(B, json={"name": key, "region": "EL303", "budget": 100,
                                  "fund_id": out["pb_fund"]}).get_json()["id"]
        out[key] = process
        if not phases:
            return
        out[f"{key}_project"] = c.post(f"{B}/{process}/projects", headers=maria(world), json={
            "proposer_id": world["coop"], "title": key, "cost": 50}).get_json()["id"]
        for phase in phases:
            if phase == "voting":
                c.post(f"{B}/projects/{out[f'{key}_project']}/review", json={"eligible": True})
            if phase == "results":
                c.post(f"{B}/{process}/ballot", headers=maria(world),
                       json={"projects": [out[f"{key}_project"]]})
            assert c.post(f"{B}/{process}/phase", json={"phase": phase}).status_code == 200

    walk("pb_new", ())
    walk("pb_review", ("review",))
    walk("pb_voting", ("review", "voting"))
    walk("pb_done", ("review", "voting", "results", "execution"))
    return out


@pytest.fixture
def spec(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.parametrize("case", CASES,
                         ids=[f"{c.method.upper()} {c.path} {c.name}" for c in CASES])
def test_every_status_the_api_answers_is_documented_for_its_operation(table_client, spec, case):
    client, world = table_client

    status = case.send(client, world).status_code

    assert str(status) in documented_statuses(spec, case.method, case.path), (
        f"{case.method.upper()} {case.path} answered {status}, documents "
        f"{sorted(documented_statuses(spec, case.method, case.path))}")
    assert status == case.status


def operations(spec: dict) -> list[tuple[str, str]]:
    return [(method, path) for path, item in spec["paths"].items() for method in item
            if method in {"get", "post", "put", "patch", "delete"}]


def test_the_table_covers_every_operation_and_the_success_of_each(spec):
    covered = {(c.method, c.path) for c in CASES}
    succeeded = {(c.method, c.path) for c in CASES if c.status < 300}

    assert covered == set(operations(spec))
    assert succeeded == covered


# The vocabularies are shipped data, and signing out without a session cookie has nothing to
# end: neither touches the store.
STORELESS_PATHS = {f"{API}/vocabularies", f"{API}/auth/logout"}


def test_every_operation_that_reads_the_store_documents_503(spec):
    missing = [f"{m.upper()} {p}" for m, p in operations(spec)
               if p not in STORELESS_PATHS and "503" not in documented_statuses(spec, m, p)]

    assert missing == []


def test_every_documented_error_response_uses_the_error_schema(spec):
    for method, path in operations(spec):
        for code, response in spec["paths"][path][method]["responses"].items():
            if code != "default" and int(code) >= 400:
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, code)
    assert {"code", "status", "message", "errors"} <= set(
        spec["components"]["schemas"]["Error"]["properties"])


def test_every_operation_has_a_summary(spec):
    assert [f"{m} {p}" for m, p in operations(spec)
            if not spec["paths"][p][m].get("summary")] == []


@pytest.fixture
def down_client(tmp_path):
    (tmp_path / "a-file").write_text("")
    app = build_app(sqlite_url(tmp_path / "a-file"))
    yield bearer_client(app, UNKNOWN_TOKEN)
    close_app(app)


STORE_CASES = [c for c in CASES if c.status < 300 and c.path not in STORELESS_PATHS]


@pytest.mark.parametrize("case", STORE_CASES,
                         ids=[f"{c.method.upper()} {c.path}" for c in STORE_CASES])
def test_each_operation_answers_a_documented_503_when_its_store_cannot_be_opened(down_client,
                                                                                spec, case):
    world = dict.fromkeys(("coop", "coop2", "bank", "knows", "funded", "maria", "maria_token",
                           "maria_token_id", "fund", "intro"), "some-id")

    status = case.send(down_client, world).status_code

    assert status == 503
    assert "503" in documented_statuses(spec, case.method, case.path)


# -- the docs UI --------------------------------------------------------------------------------

def test_the_docs_page_loads_and_every_script_and_stylesheet_is_served_by_the_app(client):
    page = client.get(f"{API}/docs")

    assert page.status_code == 200
    assert page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assets = re.findall(r"<(?:script|link)\b[^>]*?\b(?:src|href)=[\"']([^\"']+)[\"']", html)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert not re.match(r"(?i)^(https?:)?//", asset), f"{asset} is not served locally"
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert len(response.get_data()) > 1000, asset
        response.close()
    assert f"{API}/openapi.json" in html


def test_the_docs_page_loads_nothing_from_another_host(client):
    html = client.get(f"{API}/docs").get_data(as_text=True)

    assert re.findall(r"(?i)https?://[^\s\"'<>]+", html) == []
