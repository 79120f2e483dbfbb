"""The plans' part of the OpenAPI tests (tests/api/test_openapi.py, test_fuzz_openapi.py): a
world of plans made through the API, and one request per answer each plans operation gives."""

from __future__ import annotations

API = "/api/v1"
PL = f"{API}/plans"
PL_ID = f"{PL}/{{plan_id}}"
PLAN = {"title": "ΣΑΣΟ", "territory": "EL303", "starts_on": "2027-01-01",
        "ends_on": "2029-12-31"}
DAY = "2027-03-01"


def plan_world(client) -> dict:
    """A draft with a goal (with an action), a spare goal and a manual indicator with a value;
    and an adopted plan. Their ids by name."""
    world = {}
    for key in ("plan", "adopted"):
        plan = client.post(PL, json=PLAN).get_json()
        url = f"{PL}/{plan['id']}"
        plan = client.post(f"{url}/goals", json={"revision": 0, "pillar": "training",
                                                 "title": "Σχολή"}).get_json()
        plan = client.post(f"{url}/goals", json={"revision": 1, "pillar": "financing",
                                                 "title": "Ταμείο"}).get_json()
        plan = client.post(f"{url}/actions", json={
            "revision": 2, "goal_id": plan["goals"][0]["id"], "what": "Εργαστήρια"}).get_json()
        plan = client.post(f"{url}/indicators", json={
            "revision": 3, "code": "manual", "pillar": "training", "target": 10,
            "deadline": "2029-12-31", "name": "Απόφοιτοι"}).get_json()
        plan = client.post(f"{url}/indicators/{plan['indicators'][0]['id']}/values", json={
            "revision": 4, "on": DAY, "value": 3}).get_json()
        assert plan["revision"] == 5, plan
        world[key] = plan["id"]
        if key == "plan":
            world.update(goal=plan["goals"][0]["id"], spare_goal=plan["goals"][1]["id"],
                         action=plan["actions"][0]["id"], indicator=plan["indicators"][0]["id"])
    assert client.post(f"{PL}/{world['adopted']}/adopt", json={"revision": 5}).status_code == 200
    return world


def fuzz_ids(world: dict) -> dict:
    """The path parameters of the plans operations, from :func:`plan_world`'s ids."""
    return {"plan_id": world["plan"], "goal_id": world["goal"], "action_id": world["action"],
            "indicator_id": world["indicator"]}


def _w(w, key):
    return w.get(key, "some-id")


def _url(w, suffix=""):
    return f"{PL}/{_w(w, 'plan')}{suffix}"


G, A, IND = f"{PL_ID}/goals", f"{PL_ID}/actions", f"{PL_ID}/indicators"
# (name, method, path as the document writes it, status, how to send it)
PLAN_CASES = [
    ("plans", "get", PL, 200, lambda c, w: c.get(PL, query_string={"territory": "EL30"})),
    ("plans in a lost state", "get", PL, 422, lambda c, w: c.get(PL, query_string={
        "state": "lost"})),
    ("open plan", "post", PL, 201, lambda c, w: c.post(PL, json=PLAN)),
    ("plan ending first", "post", PL, 422, lambda c, w: c.post(PL, json={
        **PLAN, "ends_on": "2026-01-01"})),
    ("plan", "get", PL_ID, 200, lambda c, w: c.get(_url(w))),
    ("unknown plan", "get", PL_ID, 404, lambda c, w: c.get(f"{PL}/nothing")),
    ("retitle", "patch", PL_ID, 200, lambda c, w: c.patch(_url(w), json={
        "revision": 5, "title": "Νέος"})),
    ("retitle stale", "patch", PL_ID, 409, lambda c, w: c.patch(_url(w), json={
        "revision": 1, "title": "Νέος"})),
    ("retitle blank", "patch", PL_ID, 422, lambda c, w: c.patch(_url(w), json={
        "revision": 5, "title": ""})),
    ("retitle unknown", "patch", PL_ID, 404, lambda c, w: c.patch(f"{PL}/nothing", json={
        "revision": 5, "title": "Νέος"})),
    ("adopt", "post", f"{PL_ID}/adopt", 200, lambda c, w: c.post(_url(w, "/adopt"), json={
        "revision": 5})),
    ("adopt again", "post", f"{PL_ID}/adopt", 409, lambda c, w: c.post(
        f"{PL}/{_w(w, 'adopted')}/adopt", json={"revision": 6})),
    ("adopt without revision", "post", f"{PL_ID}/adopt", 422, lambda c, w: c.post(
        _url(w, "/adopt"), json={})),
    ("adopt unknown", "post", f"{PL_ID}/adopt", 404, lambda c, w: c.post(
        f"{PL}/nothing/adopt", json={"revision": 0})),
    ("close", "post", f"{PL_ID}/close", 200, lambda c, w: c.post(
        f"{PL}/{_w(w, 'adopted')}/close", json={"revision": 6})),
    ("close a draft", "post", f"{PL_ID}/close", 409, lambda c, w: c.post(
        _url(w, "/close"), json={"revision": 5})),
    ("close without revision", "post", f"{PL_ID}/close", 422, lambda c, w: c.post(
        _url(w, "/close"), json={"revision": -1})),
    ("close unknown", "post", f"{PL_ID}/close", 404, lambda c, w: c.post(
        f"{PL}/nothing/close", json={"revision": 0})),
    ("history", "get", f"{PL_ID}/history", 200, lambda c, w: c.get(_url(w, "/history"))),
    ("history of unknown", "get", f"{PL_ID}/history", 404, lambda c, w: c.get(
        f"{PL}/nothing/history")),
    ("add goal", "post", G, 201, lambda c, w: c.post(_url(w, "/goals"), json={
        "revision": 5, "pillar": "networking", "title": "Δίκτυο"})),
    ("add goal to adopted", "post", G, 409, lambda c, w: c.post(
        f"{PL}/{_w(w, 'adopted')}/goals", json={"revision": 6, "pillar": "networking",
                                                "title": "Δίκτυο"})),
    ("add goal badly", "post", G, 422, lambda c, w: c.post(_url(w, "/goals"), json={
        "revision": 5, "pillar": "dancing", "title": "Δίκτυο"})),
    ("add goal to unknown", "post", G, 404, lambda c, w: c.post(f"{PL}/nothing/goals", json={
        "revision": 5, "pillar": "networking", "title": "Δίκτυο"})),
    ("change goal", "patch", f"{G}/{{goal_id}}", 200, lambda c, w: c.patch(
        _url(w, f"/goals/{_w(w, 'goal')}"), json={"revision": 5, "title": "Σχολή ΚοινΣΕπ"})),
    ("change unknown goal", "patch", f"{G}/{{goal_id}}", 404, lambda c, w: c.patch(
        _url(w, "/goals/nothing"), json={"revision": 5, "title": "Σχολή ΚοινΣΕπ"})),
    ("change goal stale", "patch", f"{G}/{{goal_id}}", 409, lambda c, w: c.patch(
        _url(w, f"/goals/{_w(w, 'goal')}"), json={"revision": 2, "title": "Σχολή ΚοινΣΕπ"})),
    ("change goal badly", "patch", f"{G}/{{goal_id}}", 422, lambda c, w: c.patch(
        _url(w, f"/goals/{_w(w, 'goal')}"), json={"revision": 5, "title": ""})),
    ("remove goal", "delete", f"{G}/{{goal_id}}", 200, lambda c, w: c.delete(
        _url(w, f"/goals/{_w(w, 'spare_goal')}"), query_string={"revision": 5})),
    ("remove goal with actions", "delete", f"{G}/{{goal_id}}", 409, lambda c, w: c.delete(
        _url(w, f"/goals/{_w(w, 'goal')}"), query_string={"revision": 5})),
    ("remove goal without revision", "delete", f"{G}/{{goal_id}}", 422, lambda c, w: c.delete(
        _url(w, f"/goals/{_w(w, 'goal')}"))),
    ("remove unknown goal", "delete", f"{G}/{{goal_id}}", 404, lambda c, w: c.delete(
        _url(w, "/goals/nothing"), query_string={"revision": 5})),
    ("add action", "post", A, 201, lambda c, w: c.post(_url(w, "/actions"), json={
        "revision": 5, "goal_id": _w(w, "goal"), "what": "Mentoring", "budget": "99.90"})),
    ("add action badly", "post", A, 422, lambda c, w: c.post(_url(w, "/actions"), json={
        "revision": 5, "goal_id": _w(w, "goal"), "what": "Mentoring", "progress": 101})),
    ("add action stale", "post", A, 409, lambda c, w: c.post(_url(w, "/actions"), json={
        "revision": 4, "goal_id": _w(w, "goal"), "what": "Mentoring"})),
    ("add action to unknown", "post", A, 404, lambda c, w: c.post(f"{PL}/nothing/actions",
                                                                  json={"revision": 5,
                                                                        "goal_id": "g",
                                                                        "what": "x"})),
    ("progress", "patch", f"{A}/{{action_id}}", 200, lambda c, w: c.patch(
        _url(w, f"/actions/{_w(w, 'action')}"), json={"revision": 5, "progress": 20})),
    ("progress badly", "patch", f"{A}/{{action_id}}", 422, lambda c, w: c.patch(
        _url(w, f"/actions/{_w(w, 'action')}"), json={"revision": 5, "progress": -1})),
    ("progress stale", "patch", f"{A}/{{action_id}}", 409, lambda c, w: c.patch(
        _url(w, f"/actions/{_w(w, 'action')}"), json={"revision": 0, "progress": 20})),
    ("progress of unknown", "patch", f"{A}/{{action_id}}", 404, lambda c, w: c.patch(
        _url(w, "/actions/nothing"), json={"revision": 5, "progress": 20})),
    ("remove action", "delete", f"{A}/{{action_id}}", 200, lambda c, w: c.delete(
        _url(w, f"/actions/{_w(w, 'action')}"), query_string={"revision": 5})),
    ("remove action stale", "delete", f"{A}/{{action_id}}", 409, lambda c, w: c.delete(
        _url(w, f"/actions/{_w(w, 'action')}"), query_string={"revision": 3})),
    ("remove action badly", "delete", f"{A}/{{action_id}}", 422, lambda c, w: c.delete(
        _url(w, f"/actions/{_w(w, 'action')}"), query_string={"revision": "x"})),
    ("remove unknown action", "delete", f"{A}/{{action_id}}", 404, lambda c, w: c.delete(
        _url(w, "/actions/nothing"), query_string={"revision": 5})),
    ("add indicator", "post", IND, 201, lambda c, w: c.post(_url(w, "/indicators"), json={
        "revision": 5, "code": "new_entities", "pillar": "networking", "target": 10,
        "deadline": "2029-12-31", "parameters": {"legal_form": "koinsep"}})),
    ("add indicator badly", "post", IND, 422, lambda c, w: c.post(_url(w, "/indicators"), json={
        "revision": 5, "code": "Bad", "pillar": "networking", "target": 10,
        "deadline": "2029-12-31"})),
    ("add indicator stale", "post", IND, 409, lambda c, w: c.post(_url(w, "/indicators"), json={
        "revision": 0, "code": "manual", "name": "x", "pillar": "networking", "target": 10,
        "deadline": "2029-12-31"})),
    ("add indicator to unknown", "post", IND, 404, lambda c, w: c.post(
        f"{PL}/nothing/indicators", json={"revision": 0, "code": "manual", "name": "x",
                                          "pillar": "networking", "target": 10,
                                          "deadline": "2029-12-31"})),
    ("retarget", "patch", f"{IND}/{{indicator_id}}", 200, lambda c, w: c.patch(
        _url(w, f"/indicators/{_w(w, 'indicator')}"), json={"revision": 5, "target": 20})),
    ("retarget badly", "patch", f"{IND}/{{indicator_id}}", 422, lambda c, w: c.patch(
        _url(w, f"/indicators/{_w(w, 'indicator')}"), json={"revision": 5,
                                                            "deadline": "2031-01-01"})),
    ("retarget stale", "patch", f"{IND}/{{indicator_id}}", 409, lambda c, w: c.patch(
        _url(w, f"/indicators/{_w(w, 'indicator')}"), json={"revision": 1, "target": 20})),
    ("retarget unknown", "patch", f"{IND}/{{indicator_id}}", 404, lambda c, w: c.patch(
        _url(w, "/indicators/nothing"), json={"revision": 5, "target": 20})),
    ("remove indicator", "delete", f"{IND}/{{indicator_id}}", 200, lambda c, w: c.delete(
        _url(w, f"/indicators/{_w(w, 'indicator')}"), query_string={"revision": 5})),
    ("remove indicator stale", "delete", f"{IND}/{{indicator_id}}", 409, lambda c, w: c.delete(
        _url(w, f"/indicators/{_w(w, 'indicator')}"), query_string={"revision": 1})),
    ("remove indicator badly", "delete", f"{IND}/{{indicator_id}}", 422, lambda c, w: c.delete(
        _url(w, f"/indicators/{_w(w, 'indicator')}"))),
    ("remove unknown indicator", "delete", f"{IND}/{{indicator_id}}", 404, lambda c, w: c.delete(
        _url(w, "/indicators/nothing"), query_string={"revision": 5})),
    ("record value", "post", f"{IND}/{{indicator_id}}/values", 201, lambda c, w: c.post(
        _url(w, f"/indicators/{_w(w, 'indicator')}/values"), json={
            "revision": 5, "on": "2027-06-01", "value": 4})),
    ("record value badly", "post", f"{IND}/{{indicator_id}}/values", 422, lambda c, w: c.post(
        _url(w, f"/indicators/{_w(w, 'indicator')}/values"), json={
            "revision": 5, "on": "2026-06-01", "value": 4})),
    ("record value stale", "post", f"{IND}/{{indicator_id}}/values", 409, lambda c, w: c.post(
        _url(w, f"/indicators/{_w(w, 'indicator')}/values"), json={
            "revision": 2, "on": "2027-06-01", "value": 4})),
    ("record value of unknown", "post", f"{IND}/{{indicator_id}}/values", 404,
     lambda c, w: c.post(_url(w, "/indicators/nothing/values"), json={
         "revision": 5, "on": "2027-06-01", "value": 4})),
    ("remove value", "delete", f"{IND}/{{indicator_id}}/values", 200, lambda c, w: c.delete(
        _url(w, f"/indicators/{_w(w, 'indicator')}/values"), query_string={
            "revision": 5, "on": DAY})),
    ("remove value stale", "delete", f"{IND}/{{indicator_id}}/values", 409,
     lambda c, w: c.delete(_url(w, f"/indicators/{_w(w, 'indicator')}/values"),
                           query_string={"revision": 2, "on": DAY})),
    ("remove value badly", "delete", f"{IND}/{{indicator_id}}/values", 422,
     lambda c, w: c.delete(_url(w, f"/indicators/{_w(w, 'indicator')}/values"),
                           query_string={"revision": 5})),
    ("remove value never recorded", "delete", f"{IND}/{{indicator_id}}/values", 404,
     lambda c, w: c.delete(_url(w, f"/indicators/{_w(w, 'indicator')}/values"),
                           query_string={"revision": 5, "on": "2028-01-01"})),
]
