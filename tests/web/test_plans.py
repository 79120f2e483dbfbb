"""The plan pages without a browser: a plan drafted, filled, adopted and tracked through its
forms, refusals next to the field, who may open which page, its history, and its report."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import Kind
from tests.api.conftest import make_user, use_cases
from tests.web.conftest import PASSWORD, form_token, sign_in, text_of

START = date.today() - timedelta(days=60)
END = START + timedelta(days=3 * 365)


def browser(app, username: str, language: str = "en"):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    assert sign_in(client, username, language=language).status_code == 303
    return client


@pytest.fixture
def coop(app):
    return use_cases(app).stakeholders.create_stakeholder({
        "kind": Kind.ENTREPRENEUR, "name": "Κοιν.Σ.Επ. Ήλιος", "region": "EL303",
        "discoverable": True}).id


def post(client, url: str, **data):
    page = client.get(url.split("/", 3)[0] + "/" + "/".join(url.split("/")[1:3]))
    return client.post(url, data={"csrf_token": form_token(page), **data})


def test_a_coordinator_drafts_fills_and_adopts_a_plan_through_its_forms(app, maria, coop):
    client = browser(app, "maria")
    form = client.get("/plans/new")
    made = client.post("/plans/new", data={
        "csrf_token": form_token(form), "title": "ΣΑΣΟ Αθήνας", "territory": "EL303",
        "starts_on": START.isoformat(), "ends_on": END.isoformat()})
    assert made.status_code == 303
    url = made.headers["Location"]
    plan_id = url.rsplit("/", 1)[1]
    token = form_token(client.get(url))
    assert client.post(f"{url}/goals", data={"csrf_token": token, "revision": "0",
                                             "pillar": "training", "title": "Σχολή"}
                       ).status_code == 303
    goal_id = use_cases(app).plans.get_plan(plan_id).goals[0].id
    assert client.post(f"{url}/actions", data={
        "csrf_token": token, "revision": "1", "goal_id": goal_id, "what": "Δέκα εργαστήρια",
        "responsible_id": coop, "budget": "1500"}).status_code == 303
    assert client.post(f"{url}/indicators", data={
        "csrf_token": token, "revision": "2", "code": "manual", "name": "Απόφοιτοι",
        "pillar": "training", "baseline": "0", "target": "30",
        "deadline": END.isoformat()}).status_code == 303
    assert client.post(f"{url}/adopt", data={"csrf_token": token, "revision": "3"}
                       ).status_code == 303
    plan = use_cases(app).plans.get_plan(plan_id)
    assert client.post(f"{url}/indicators/{plan.indicators[0].id}/values", data={
        "csrf_token": token, "revision": "4", "on": date.today().isoformat(),
        "value": "25"}).status_code == 303
    assert client.post(f"{url}/actions/{plan.actions[0].id}", data={
        "csrf_token": token, "revision": "5", "status": "ongoing", "progress": "30"}
                       ).status_code == 303
    page = text_of(client.get(url))
    assert "Adopted plan of" in page and "Κοιν.Σ.Επ. Ήλιος" in page
    assert "Ongoing, 30%" in page and "On track" in page and "€1,500.00" in page
    history = text_of(client.get(f"{url}/history"))
    assert "Progress of an action (%): 0 → 30" in history
    assert "Status of an action: Planned → Ongoing" in history
    assert "State: Draft → Adopted" in history and "Owners: — → maria" in history
    report = text_of(client.get(f"{url}/report"))
    assert "Total budget: €1,500.00." in report
    assert "The network before and after" in report and "Stakeholders" in report


def test_a_refused_form_says_why_next_to_the_field_and_writes_nothing(app, maria):
    client = browser(app, "maria", "el")
    plan = use_cases(app).plans.create_plan("Σχέδιο", "EL303", START, END, actor=maria)
    url = f"/plans/{plan.id}"
    token = form_token(client.get(url))
    refused = client.post(f"{url}/indicators", data={
        "csrf_token": token, "revision": "0", "code": "manual", "pillar": "training",
        "target": "10", "deadline": (END + timedelta(days=1)).isoformat()})
    assert refused.status_code == 422
    assert use_cases(app).plans.get_plan(plan.id).revision == 0
    stale = client.post(f"{url}/goals", data={"csrf_token": token, "revision": "7",
                                              "pillar": "training", "title": "Σχολή"})
    assert stale.status_code == 409
    assert "Κάποιος άλλος" in text_of(stale)


def test_a_draft_is_its_coordinators_and_an_adopted_plan_everyones(app, maria):
    make_user(app, "giorgos", Role.COORDINATOR, regions=["EL52"], password=PASSWORD)
    make_user(app, "nikos", Role.MEMBER, password=PASSWORD)
    desk = use_cases(app).plans
    plan = desk.create_plan("Σχέδιο", "EL303", START, END, actor=maria)
    other, member = browser(app, "giorgos"), browser(app, "nikos")
    for client in (other, member):
        assert client.get(f"/plans/{plan.id}").status_code == 404
        assert client.get(f"/plans/{plan.id}/report").status_code == 404
    assert member.get("/plans/new").status_code == 403
    plan = desk.add_goal(plan.id, 0, pillar="training", title="Σχολή")
    plan = desk.add_action(plan.id, 1, goal_id=plan.goals[0].id, what="Εργαστήρια")
    plan = desk.add_indicator(plan.id, 2, code="manual", pillar="training", target=5,
                              deadline=END, name="Απόφοιτοι")
    desk.adopt(plan.id, 3)
    for client in (other, member):
        page = client.get(f"/plans/{plan.id}")
        assert page.status_code == 200
        assert 'name="progress"' not in page.get_data(as_text=True)
        assert "Σχέδιο" in text_of(client.get("/plans"))
    token = form_token(other.get("/plans"))
    assert other.post(f"/plans/{plan.id}/close", data={"csrf_token": token, "revision": "4"}
                      ).status_code == 403


def test_the_report_reads_in_greek(app, maria):
    desk = use_cases(app).plans
    plan = desk.create_plan("Σχέδιο", "EL303", START, END, actor=maria)
    report = text_of(browser(app, "maria", "el").get(f"/plans/{plan.id}/report"))
    assert "Το δίκτυο πριν και μετά" in report


def test_the_plan_page_and_report_show_a_catalogue_indicator_computed_with_its_status(
        app, maria, coop):
    desk = use_cases(app).plans
    plan = desk.create_plan("Σχέδιο", "EL303", START, END, actor=maria)
    desk.add_indicator(plan.id, 0, code="stakeholders", pillar="networking", target=1,
                       deadline=END, parameters={"kind": "entrepreneur"}, actor=maria)
    client = browser(app, "maria")
    # The cooperative, created today, is the territory's one entrepreneur: a count that could
    # point at it, hidden on the plan's pages as in the reports, in both languages.
    for url in (f"/plans/{plan.id}", f"/plans/{plan.id}/report"):
        page = text_of(client.get(url))
        assert "Stakeholders in the territory" in page
        assert "hidden: it counts fewer than 5, and could point at someone" in page
        assert "met: 1" not in page and "1 stakeholder (" not in page
    greek = text_of(browser(app, "maria", "el").get(f"/plans/{plan.id}/report"))
    assert "κρύβεται: μετρά λιγότερα από 5 και θα μπορούσε να δείξει κάποιον" in greek
    for n in range(4):  # five entrepreneurs: the target is met, and said
        use_cases(app).stakeholders.create_stakeholder({
            "kind": Kind.ENTREPRENEUR, "name": f"Κοιν.Σ.Επ. {n}", "region": "EL303"})
    for url in (f"/plans/{plan.id}", f"/plans/{plan.id}/report"):
        page = text_of(client.get(url))
        assert "Target met" in page and "met: 5, with a target of 1" in page
    greek = text_of(browser(app, "maria", "el").get(f"/plans/{plan.id}"))
    assert "Ο στόχος επιτεύχθηκε" in greek


def test_the_plan_page_lists_the_work_under_it_to_those_who_may_read_it(app, maria, coop):
    make_user(app, "nikos", Role.MEMBER, password=PASSWORD)
    facades = use_cases(app)
    plan = facades.plans.create_plan("Σχέδιο", "EL303", START, END, actor=maria)
    plan = facades.plans.add_goal(plan.id, 0, pillar="training", title="Σχολή")
    plan = facades.plans.add_action(plan.id, 1, goal_id=plan.goals[0].id, what="Εργαστήρια")
    plan = facades.plans.add_indicator(plan.id, 2, code="manual", pillar="training", target=5,
                                       deadline=END, name="Απόφοιτοι")
    facades.plans.adopt(plan.id, 3)
    facades.activities.create(title="Σχολή συνεταιρισμών", kind="course",
                              starts_on=date.today(), ends_on=date.today() + timedelta(days=9),
                              region="EL303", pillar="training", capacity=20,
                              organiser_id=coop, plan_id=plan.id, actor=maria)
    facades.activities.create(title="Άλλη δράση", kind="workshop", starts_on=date.today(),
                              region="EL303", pillar="training", capacity=20,
                              organiser_id=coop, actor=maria)
    facades.assessments.create({"title": "Ανάγκες κατάρτισης", "region": "EL303",
                                "plan_id": plan.id, "questions": [
                                    {"kind": "rating", "prompt": "Πόσο πιεστικό;"}]},
                               actor=maria)
    facades.workshops.create({"title": "Συνάντηση φορέων", "held_on": date.today(),
                              "place": "Δημαρχείο", "region": "EL303", "pillar": "networking",
                              "plan_id": plan.id}, actor=maria)
    coordinator = text_of(browser(app, "maria").get(f"/plans/{plan.id}"))
    assert "Work under this plan" in coordinator
    assert "Σχολή συνεταιρισμών : Course" in coordinator
    assert "Άλλη δράση" not in coordinator
    assert "Ανάγκες κατάρτισης" in coordinator
    assert "Συνάντηση φορέων" in coordinator and "Δημαρχείο" in coordinator
    member = text_of(browser(app, "nikos").get(f"/plans/{plan.id}"))
    assert "Σχολή συνεταιρισμών" in member
    assert "Ανάγκες κατάρτισης" not in member and "Συνάντηση φορέων" not in member
    greek = text_of(browser(app, "maria", "el").get(f"/plans/{plan.id}"))
    assert "Έργο στο πλαίσιο του σχεδίου" in greek
    assert "Σχολή συνεταιρισμών : Σειρά μαθημάτων" in greek
