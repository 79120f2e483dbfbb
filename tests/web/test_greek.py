"""The notifications page: my notifications, newest first, in the page's language, codes as
labels, each leading to what it is about; nobody else's."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.introductions import DeclineReason, Purpose, Step
from graph_models.domain.notifications import Notification
from service.web.notifications import _link
from tests.api.conftest import make_user, use_cases
from tests.web.conftest import PASSWORD, sign_in, text_of


@pytest.fixture
def asked(app):
    """A coop asks a fund for an introduction through a hub; hub's member is told, then the
    hub forwards it (the coop's member is told) and the fund declines it, not now."""
    eco, desk = use_cases(app).stakeholders, use_cases(app).introductions
    ids = {name: eco.create_stakeholder({"kind": kind, "name": name, "region": "EL303",
                                         "discoverable": True}).id
           for name, kind in (("Ήλιος ΚοινΣΕπ", "entrepreneur"),
                              ("Κέντρο Στήριξης", "support_organisation"),
                              ("Ταμείο Αλληλεγγύης", "investor"))}
    coop, hub, fund = ids.values()
    eco.create_tie({"type": "KNOWS", "source": coop, "target": hub})
    eco.create_tie({"type": "KNOWS", "source": hub, "target": fund})
    people = {name: make_user(app, name, Role.MEMBER, memberships=[sid], password=PASSWORD)[0]
              for name, sid in (("nikos", coop), ("anna", hub), ("petros", fund))}
    request = desk.request(coop, fund, Purpose.FINANCING, broker_id=hub,
                           actor=people["nikos"]).introduction
    desk.act(request.id, Step.FORWARD, actor=people["anna"])
    desk.act(request.id, Step.DECLINE, reason=DeclineReason.NOT_NOW, actor=people["petros"])
    return request.id


def test_the_broker_reads_the_request_in_greek_with_labels_and_a_link(app, asked):
    client = app.test_client()
    sign_in(client, "anna", language="el")
    answer = client.get("/notifications", headers={"Accept-Language": "el"})

    page = text_of(answer)
    assert answer.status_code == 200
    assert ("Αίτημα σύστασης: «Ήλιος ΚοινΣΕπ» ζητά γνωριμία με «Ταμείο Αλληλεγγύης»"
            in page)
    assert "(Χρηματοδότηση)" in page and "financing" not in page
    assert re.search(r"\d{1,2} [Ά-ώ]+ \d{4}", page)  # a date, the Greek way
    assert f'href="/introductions/{asked}"' in answer.get_data(as_text=True)
    assert not re.search(r"\b(request|introduction|Notifications|would like)\b", page)


def test_the_requester_reads_the_newest_first_in_english(app, asked):
    client = app.test_client()
    sign_in(client, "nikos")
    page = text_of(client.get("/notifications"))

    declined = page.index("Your request to meet Ταμείο Αλληλεγγύης was declined")
    forwarded = page.index("Forwarded to Ταμείο Αλληλεγγύης")
    assert declined < forwarded
    assert "The request was declined (Not now)." in page and "not_now" not in page
    assert "You have 2 notifications." in page


def test_each_reads_only_their_own(app, asked):
    client = app.test_client()
    sign_in(client, "petros")
    page = text_of(client.get("/notifications"))
    assert "You have 1 notification." in page  # forwarded to them; their own step tells no one
    assert "declined" not in page and "Forwarded to" not in page


def test_someone_without_notifications_is_told_what_will_come(app, maria):
    client = app.test_client()
    sign_in(client, "maria", language="el")
    page = text_of(client.get("/notifications", headers={"Accept-Language": "el"}))
    assert "Δεν έχετε ακόμη ειδοποιήσεις." in page
    assert 'href="/notifications"' in client.get("/").get_data(as_text=True)  # in the menu


def test_the_page_asks_a_visitor_to_sign_in_first(app):
    answer = app.test_client().get("/notifications")
    assert answer.status_code in (302, 303) and "/sign-in" in answer.headers["Location"]


@pytest.mark.parametrize("role,href", [(Role.MEMBER, "/mentorships"),
                                       (Role.COORDINATOR, "/programmes/p1"),
                                       (Role.ADMIN, "/programmes/p1")])
def test_a_mentorship_notification_leads_members_to_their_mentorships(app, role, href):
    told = Notification("n", "u", "s", "b", datetime(2026, 3, 5, tzinfo=UTC), programme_id="p1")
    with app.test_request_context():
        assert _link(told, User(id="u", username="u", role=role))[0] == href
