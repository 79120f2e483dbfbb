"""The plans' part of the authorisation matrix (tests/api/test_authorisation_matrix.py): how to
call each plans endpoint and page about the world's objects, and what each must answer.

Each object of the world gets a plan of its region with two goals (one with an action), a
manual indicator with a value; the discoverable object's plan is adopted (a public document),
the others are drafts. A coordinator of EL30 runs the "in_region" plan only; it reads the
adopted one and may not change it (403); anyone else's draft does not exist to it (404).
Members and viewers read the adopted plan only. Who may change a plan gets what its state
lets change: a draft takes every write, an adopted plan only progress, values and closing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph_models.domain.accounts import Role
from tests.api.conftest import use_cases

API = "/api/v1"
DAY = date(2027, 3, 1)


@dataclass(frozen=True)
class PlanObjects:
    id: str
    revision: int
    goal_id: str
    spare_goal_id: str
    action_id: str
    indicator_id: str


def with_plans(world):
    """The world with a plan per object (see the module's docstring)."""
    desk = use_cases(world.app).plans
    world.plans = {}
    for key, region in (("own", "EL522"), ("in_region", "EL303"), ("discoverable", "EL433"),
                        ("hidden", "EL433")):
        plan = desk.create_plan(f"Σχέδιο {key}", region, date(2027, 1, 1), date(2029, 12, 31))
        plan = desk.add_goal(plan.id, plan.revision, pillar="training", title="Σχολή")
        goal_id = plan.goals[-1].id
        plan = desk.add_goal(plan.id, plan.revision, pillar="financing", title="Ταμείο")
        plan = desk.add_action(plan.id, plan.revision, goal_id=goal_id, what="Εργαστήρια")
        plan = desk.add_indicator(plan.id, plan.revision, code="manual", pillar="training",
                                  target=40, deadline=date(2029, 12, 31), name="Απόφοιτοι")
        plan = desk.record_value(plan.id, plan.indicators[0].id, plan.revision, on=DAY,
                                 value=3)
        if key == "discoverable":
            plan = desk.adopt(plan.id, plan.revision)
        world.plans[key] = PlanObjects(plan.id, plan.revision, goal_id, plan.goals[1].id,
                                       plan.actions[0].id, plan.indicators[0].id)
    return world


def _url(w, o, suffix=""):
    return f"{API}/plans/{w.plans[o].id}{suffix}"


def _rev(w, o, **body):
    return {"revision": w.plans[o].revision, **body}


def _api(method, suffix, body=None, query=False):
    """A request of a plan endpoint; ``suffix`` and ``body`` take the plan's objects."""

    def send(c, w, o, m):
        p = w.plans[o]
        path = _url(w, o, suffix(p) if callable(suffix) else suffix)
        fields = _rev(w, o, **(body(p) if callable(body) else body or {}))
        if query:
            return getattr(c, method)(path, query_string=fields)
        return getattr(c, method)(path, json=fields)

    return send


PERIOD = {"starts_on": "2027-01-01", "ends_on": "2029-12-31"}
# (endpoint, method) -> how to send it, and what a write answers on a draft and on an adopted
# plan to whoever may change the plan.
PLAN_CALLS = {
    ("plans.Plans", "GET"): (lambda c, w, o, m: c.get(f"{API}/plans"), None),
    ("plans.PlanById", "GET"): (lambda c, w, o, m: c.get(_url(w, o)), None),
    ("plans.PlanById", "PATCH"): (_api("patch", "", {"title": "Νέος τίτλος"}), (200, 409)),
    ("plans.PlanHistory", "GET"): (lambda c, w, o, m: c.get(_url(w, o, "/history")), None),
    ("plans.PlanAdoption", "POST"): (_api("post", "/adopt"), (200, 409)),
    ("plans.PlanClosing", "POST"): (_api("post", "/close"), (409, 200)),
    ("plans.PlanGoals", "POST"): (_api("post", "/goals", {"pillar": "consulting",
                                                         "title": "Ανάγκες"}), (201, 409)),
    ("plans.PlanGoal", "PATCH"): (_api("patch", lambda p: f"/goals/{p.goal_id}",
                                       {"title": "Σχολή ΚοινΣΕπ"}), (200, 409)),
    ("plans.PlanGoal", "DELETE"): (_api("delete", lambda p: f"/goals/{p.spare_goal_id}",
                                        query=True), (200, 409)),
    ("plans.PlanActions", "POST"): (_api("post", "/actions", lambda p: {
        "goal_id": p.goal_id, "what": "Mentoring"}), (201, 409)),
    ("plans.PlanAction", "PATCH"): (_api("patch", lambda p: f"/actions/{p.action_id}",
                                         {"progress": 50}), (200, 200)),
    ("plans.PlanAction", "DELETE"): (_api("delete", lambda p: f"/actions/{p.action_id}",
                                          query=True), (200, 409)),
    ("plans.PlanIndicators", "POST"): (_api("post", "/indicators", {
        "code": "new_entities", "pillar": "networking", "target": 10,
        "deadline": "2029-12-31"}), (201, 409)),
    ("plans.PlanIndicator", "PATCH"): (_api("patch", lambda p: f"/indicators/{p.indicator_id}",
                                            {"target": 50}), (200, 409)),
    ("plans.PlanIndicator", "DELETE"): (_api(
        "delete", lambda p: f"/indicators/{p.indicator_id}", query=True), (200, 409)),
    ("plans.IndicatorValues", "POST"): (_api(
        "post", lambda p: f"/indicators/{p.indicator_id}/values",
        {"on": "2027-06-01", "value": 7}), (201, 201)),
    ("plans.IndicatorValues", "DELETE"): (_api(
        "delete", lambda p: f"/indicators/{p.indicator_id}/values", {"on": DAY.isoformat()},
        query=True), (200, 200)),
}
# Opening a plan is judged by the territory it names.
def PLAN_CREATE(c, w, o, m):
    return c.post(f"{API}/plans", json={
        "title": "Σχέδιο", "territory": {"own": "EL522", "in_region": "EL303"}.get(o, "EL433"),
        **PERIOD})


def plan_status(role: Role, key: tuple[str, str], obj: str) -> set[int]:
    """What a plans request about an object's plan answers ``role`` (signed in, its role
    allowed by the coarse rule)."""
    _, writes = PLAN_CALLS[key]
    runs = role == Role.ADMIN or (role == Role.COORDINATOR and obj == "in_region")
    adopted = obj == "discoverable"
    if writes is None:  # a read
        return {200} if runs or adopted else {404}
    if runs:
        return {writes[1] if adopted else writes[0]}
    return {403} if adopted else {404}


def _page(suffix, body=None):
    """A form of a plan's page, posted as the matching API call would be sent."""

    def send(c, w, o, m):
        p = w.plans[o]
        fields = _rev(w, o, **(body(p) if callable(body) else body or {}))
        return c.post(f"/plans/{p.id}{suffix(p) if callable(suffix) else suffix}", data=fields)

    return send


# (page endpoint, method) -> (how to send it, the API call it does the work of).
PLAN_PAGES = {
    ("web.plans", "GET"): (lambda c, w, o, m: c.get("/plans"), ("plans.Plans", "GET")),
    ("web.new_plan", "POST"): (lambda c, w, o, m: c.post("/plans/new", data={
        "title": "Σχέδιο", "territory": {"own": "EL522", "in_region": "EL303"}.get(o, "EL433"),
        **PERIOD}), ("plans.Plans", "POST")),
    ("web.plan", "GET"): (lambda c, w, o, m: c.get(f"/plans/{w.plans[o].id}"),
                          ("plans.PlanById", "GET")),
    ("web.plan_history", "GET"): (lambda c, w, o, m: c.get(f"/plans/{w.plans[o].id}/history"),
                                  ("plans.PlanHistory", "GET")),
    ("web.plan_report", "GET"): (lambda c, w, o, m: c.get(f"/plans/{w.plans[o].id}/report"),
                                 ("plans.PlanById", "GET")),
    ("web.edit_plan", "POST"): (_page("/edit", {"title": "Νέος τίτλος"}),
                                ("plans.PlanById", "PATCH")),
    ("web.adopt_plan", "POST"): (_page("/adopt"), ("plans.PlanAdoption", "POST")),
    ("web.close_plan", "POST"): (_page("/close"), ("plans.PlanClosing", "POST")),
    ("web.add_plan_goal", "POST"): (_page("/goals", {"pillar": "consulting", "title": "Ανάγκες"}),
                                    ("plans.PlanGoals", "POST")),
    ("web.add_plan_action", "POST"): (_page("/actions", lambda p: {
        "goal_id": p.goal_id, "what": "Mentoring"}), ("plans.PlanActions", "POST")),
    ("web.update_plan_action", "POST"): (_page(lambda p: f"/actions/{p.action_id}",
                                               {"progress": 50}), ("plans.PlanAction", "PATCH")),
    ("web.add_plan_indicator", "POST"): (_page("/indicators", {
        "code": "new_entities", "pillar": "networking", "target": 10,
        "deadline": "2029-12-31"}), ("plans.PlanIndicators", "POST")),
    ("web.record_plan_value", "POST"): (_page(lambda p: f"/indicators/{p.indicator_id}/values",
                                              {"on": "2027-06-01", "value": 7}),
                                        ("plans.IndicatorValues", "POST")),
}
NEW_PLAN_FORM = lambda c, w, o, m: c.get("/plans/new")  # noqa: E731 - as the table's lambdas
