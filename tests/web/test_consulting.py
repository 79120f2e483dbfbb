"""The consulting pages: a coordinator drafts, opens and sends an assessment; respondents
answer through their own links, with and without consent; the needs map adds them up; a link
opens nothing but its own questionnaire; workshops are recorded."""

from __future__ import annotations

import re

from graph_models.domain.stakeholders import Kind
from tests.api.conftest import use_cases
from tests.web.conftest import form_token, sign_in, text_of

LINK = re.compile(r"http://[^<\s]+/q/([A-Za-z0-9_-]+)")


def coop(app, name, region="EL303", **fields):
    return use_cases(app).stakeholders.create_stakeholder(
        {"kind": Kind.ENTREPRENEUR, "name": name, "region": region, **fields})


def drafted(client):
    page = client.get("/assessments")
    return client.post("/assessments", data={
        "csrf_token": form_token(page), "title": "Ανάγκες Αθήνας", "region": "EL30",
        "needs_pillars": ["financing"], "offers_pillars": ["training"],
        "rating_prompt": "How pressing?", "text_prompt": "Anything else?"})


def sent_links(client, assessment_url):
    page = client.get(assessment_url)
    client.post(assessment_url + "/steps", data={"csrf_token": form_token(page),
                                                 "step": "open"})
    page = client.get(assessment_url)
    answer = client.post(assessment_url + "/steps", data={"csrf_token": form_token(page),
                                                          "step": "send"})
    assert answer.status_code == 201
    return answer, LINK.findall(answer.get_data(as_text=True))


def answer(app, token, data):
    respondent = app.test_client()
    page = respondent.get(f"/q/{token}")
    assert page.status_code == 200
    return respondent.post(f"/q/{token}", data={"csrf_token": form_token(page), **data})


def test_a_coordinator_sends_and_respondents_answer_with_and_without_consent(app, maria):
    first = coop(app, "Ήλιος", needs=["financing.loan"])
    second = coop(app, "Σελήνη", region="EL304")
    coop(app, "Αλλού", region="EL431")
    client = app.test_client()
    sign_in(client, "maria")
    made = drafted(client)
    assert made.status_code == 303
    url = made.headers["Location"]

    sent, tokens = sent_links(client, url)
    assert "Ήλιος" in text_of(sent) and "Σελήνη" in text_of(sent) and "Αλλού" not in text_of(sent)
    assert len(tokens) == 2
    names = {use_cases(app).assessments.look_up(t).stakeholder.name: t for t in tokens}

    agreed = answer(app, names["Ήλιος"], {"q1": ["financing.grant"], "q3": "4",
                                          "consent": "yes"})
    assert agreed.status_code == 200
    assert "now follow your answers" in text_of(agreed)
    declined = answer(app, names["Σελήνη"], {"q1": ["financing.grant", "financing.loan"],
                                            "consent": "no"})
    assert "left as it was" in text_of(declined)

    store = use_cases(app).store
    assert store.get_stakeholder(first.id).needs == ("financing.grant",)
    assert store.get_stakeholder(second.id).needs == ()
    results = text_of(client.get(url))
    assert "2 of 2 stakeholders answered: a response rate of 100%" in results
    assert "Grant" in results and "2 (100%)" in results


def test_a_link_opens_only_its_own_questionnaire_and_only_once(app, maria):
    coop(app, "Ήλιος")
    client = app.test_client()
    sign_in(client, "maria")
    url = drafted(client).headers["Location"]
    _, (token,) = sent_links(client, url)

    stranger = app.test_client()
    assert stranger.get("/q/not-a-link").status_code == 404
    assert stranger.get(f"/q/{token[:-1]}").status_code == 404
    answer(app, token, {"q3": "2", "consent": "no"})
    again = stranger.get(f"/q/{token}")
    assert again.status_code == 410
    assert "answered already" in text_of(again)
    assert "Ανάγκες" not in text_of(again)


def test_closing_stops_the_links(app, maria):
    coop(app, "Ήλιος")
    client = app.test_client()
    sign_in(client, "maria")
    url = drafted(client).headers["Location"]
    _, (token,) = sent_links(client, url)
    page = client.get(url)
    client.post(url + "/steps", data={"csrf_token": form_token(page), "step": "close"})
    closed = app.test_client().get(f"/q/{token}")
    assert closed.status_code == 410 and "closed" in text_of(closed)


def test_a_refused_draft_names_its_field(app, maria):
    client = app.test_client()
    sign_in(client, "maria")
    page = client.get("/assessments")
    refused = client.post("/assessments", data={"csrf_token": form_token(page),
                                                 "title": "t", "region": "EL43"})
    assert refused.status_code in (403, 422)
    assert use_cases(app).store.list_assessments() == []


def test_a_workshop_is_recorded_with_only_its_consenting_participants_named(app, maria):
    named = coop(app, "Ήλιος")
    client = app.test_client()
    sign_in(client, "maria")
    page = client.get("/workshops")
    made = client.post("/workshops", data={
        "csrf_token": form_token(page), "title": "Χρηματοδότηση", "held_on": "2026-03-01",
        "place": "Δημαρχείο", "region": "EL303", "pillar": "financing",
        "listed": [named.id], "insights": "Λείπουν εγγυήσεις\n\nΥψηλά επιτόκια",
        "actions": "Ταμείο εγγυήσεων"})
    assert made.status_code == 303
    shown = text_of(client.get("/workshops"))
    assert "Χρηματοδότηση" in shown and "Ήλιος" in shown and "Υψηλά επιτόκια" in shown
    (workshop,) = use_cases(app).store.list_workshops()
    assert len(workshop.insights) == 2 and workshop.actions[0].text == "Ταμείο εγγυήσεων"
