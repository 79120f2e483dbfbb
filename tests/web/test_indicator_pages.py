"""The indicators page: the catalogue in words, an indicator's month ends with their sentences
and assessment in both languages, its parameters shown once it is chosen, and its refusals."""

from __future__ import annotations

import pytest

from graph_models.domain.accounts import Role
from tests.api.conftest import bearer_client, build_app, close_app, make_user, sqlite_url
from tests.api.helpers import ApiClient
from tests.api.test_indicators_api import world_lines
from tests.web.conftest import sign_in, text_of
from tests.web.territory_data import person

PERIOD = {"start": "2026-01-01", "end": "2026-04-30"}


@pytest.fixture
def app(tmp_path):
    app = build_app(sqlite_url(tmp_path))
    _, secret = make_user(app, "root")
    assert ApiClient(bearer_client(app, secret)).import_file(world_lines()).status_code == 200
    yield app
    close_app(app)


def signed_in(app, username: str, role: Role, language: str = "en", **fields):
    person(app, username, role, **fields)
    client = app.test_client()
    sign_in(client, username, language=language)
    return client


def test_without_an_indicator_the_page_lists_the_catalogue_in_words(app):
    coordinator = signed_in(app, "eleni", Role.COORDINATOR, regions=["EL52"])
    page = coordinator.get("/indicators")
    assert page.status_code == 200
    shown = text_of(page)
    assert ("New social cooperatives and other SSE entities Entrepreneurs of the territory "
            "created from the period's first day to the day") in shown
    assert "Indicators" in shown


def test_an_indicator_shows_each_month_end_with_what_it_counted_and_its_assessment(app):
    coordinator = signed_in(app, "eleni", Role.COORDINATOR, regions=["EL52"])
    page = coordinator.get("/indicators", query_string={
        **PERIOD, "indicator": "stakeholders", "target": "9", "deadline": "2026-12-31"})
    assert page.status_code == 200, text_of(page)
    shown = text_of(page)
    assert ("January 31, 2026 3 3 stakeholders (all) in Central Macedonia on 2026-01-31 "
            "off track: 3, where a steady path from 3 to 9 by 2026-12-31 is at "
            "3.5") in shown
    assert "February 28, 2026 4 4 stakeholders (all) in Central Macedonia" in shown
    # Its parameters are offered once it is chosen.
    assert '<select id="legal_form" name="legal_form"' in page.get_data(as_text=True)


def test_the_page_speaks_greek(app):
    coordinator = signed_in(app, "nikos", Role.COORDINATOR, "el", regions=["EL52"])
    page = coordinator.get("/indicators", headers={"Accept-Language": "el"}, query_string={
        **PERIOD, "indicator": "funds_raised", "instrument": "loan"})
    shown = text_of(page)
    assert "Κεφάλαια που αντλήθηκαν" in shown
    assert ("30 Απριλίου 2026 13.000 € 13.000 € αντλήθηκαν από επιχειρήσεις — "
            "Κεντρική Μακεδονία, σε 2 "
            "χρηματοδοτήσεις (Δάνειο) από 2026-01-01 έως 2026-04-30") in shown


def test_a_required_parameter_left_out_is_said_and_no_table_is_shown(app):
    coordinator = signed_in(app, "eleni", Role.COORDINATOR, regions=["EL52"])
    page = coordinator.get("/indicators", query_string={**PERIOD,
                                                       "indicator": "connected_pairs"})
    assert page.status_code == 422
    assert "group_a: required" in text_of(page) and "<table" not in page.get_data(as_text=True)


def test_a_period_backwards_is_refused_next_to_its_field(app):
    coordinator = signed_in(app, "eleni", Role.COORDINATOR, regions=["EL52"])
    page = coordinator.get("/indicators", query_string={
        "indicator": "stakeholders", "start": "2026-05-01", "end": "2026-04-30"})
    assert page.status_code == 422
    assert "must not be before from" in text_of(page)


def test_a_territory_not_one_s_own_is_refused(app):
    viewer = signed_in(app, "anna", Role.VIEWER, regions=["EL52"])
    page = viewer.get("/indicators", query_string={**PERIOD, "region": "EL30",
                                                   "indicator": "stakeholders"})
    assert page.status_code == 403
    assert "is not one of your territories" in text_of(page)
