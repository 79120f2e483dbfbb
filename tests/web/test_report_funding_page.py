"""The /reports page's funding figures: the money received, its euros and the entrepreneurs
never funded, each with a sentence, in both languages; the never funded named to a
coordinator and to no viewer."""

from __future__ import annotations

import pytest

from graph_models.domain.accounts import Role
from tests.api.conftest import build_app, close_app, sqlite_url, use_cases
from tests.web.conftest import sign_in, text_of
from tests.web.territory_data import attica, person


@pytest.fixture
def app(tmp_path):
    """An app that hides no small count, with the Attica ecosystem and the bank's grant of
    2,500 € to the kitchen."""
    app = build_app(sqlite_url(tmp_path), SYNDESMOS_REPORT_MIN_COUNT="0")
    ids = attica(app).ids
    use_cases(app).stakeholders.create_tie({
        "type": "FUNDED", "source": ids["bank"], "target": ids["kitchen"], "amount": 2500,
        "instrument": "grant"})
    yield app
    close_app(app)


def signed_in(app, username: str, role: Role):
    person(app, username, role, regions=["EL30"])
    client = app.test_client()
    sign_in(client, username)
    return client


def test_the_funding_figures_each_say_what_they_mean(app):
    shown = text_of(signed_in(app, "maria", Role.COORDINATOR).get("/reports"))
    assert ("Funding received 1 Funding recorded as received by entrepreneurs of the region by "
            "this date, from 1 funders to 1 entrepreneurs; 0 of it came from funders outside "
            "the region. By channel: Direct 1.") in shown
    assert "Euros received €2,500.00 The euros that funding records. 0 of the funding" in shown
    assert ("Entrepreneurs never funded 2 Entrepreneurs of the region with no funding at all "
            "by this date: 66.7% of the 3.") in shown
    # Named to a coordinator of the territory, longest in the network first.
    assert "Συνεταιρισμός Βιβλία" in shown.split("Entrepreneurs never funded Longest")[1]


def test_the_funding_figures_in_greek_and_no_names_for_a_viewer(app):
    greek = text_of(signed_in(app, "maria", Role.COORDINATOR).get(
        "/reports", headers={"Accept-Language": "el"}))
    assert "Ευρώ που ελήφθησαν 2.500,00" in greek
    assert "Επιχειρήσεις χωρίς καμία χρηματοδότηση 2" in greek
    viewer = text_of(signed_in(app, "nikos", Role.VIEWER).get("/reports"))
    assert "Entrepreneurs never funded 2" in viewer
    assert "Longest in the network first" not in viewer
