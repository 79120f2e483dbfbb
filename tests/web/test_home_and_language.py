"""The home page says who is signed in and where they stand, each number with a sentence; the
language switch changes the pages' language and, for a signed-in user, their account's."""

from __future__ import annotations

from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import Kind
from service.i18n.labels import label
from tests.api.conftest import make_user, use_cases
from tests.api.helpers import API
from tests.web.conftest import form_token, sign_in, text_of


def add_stakeholders(app, region: str, count: int, **fields) -> list[str]:
    """``count`` stakeholders of ``region`` made by the system itself; their ids."""
    eco = use_cases(app).stakeholders
    return [eco.create_stakeholder({"kind": Kind.ENTREPRENEUR, "name": f"Ομάδα {region} {n}",
                                    "region": region, **fields}).id for n in range(count)]


def test_a_coordinators_home_counts_the_stakeholders_of_each_territory(app, maria):
    add_stakeholders(app, "EL303", 3)
    add_stakeholders(app, "EL301", 1)
    add_stakeholders(app, "EL522", 2)  # Thessaloniki: not Maria's
    client = app.test_client()
    sign_in(client, "maria")

    home = text_of(client.get("/"))

    assert "Welcome, Μαρία Παππά" in home
    assert "Role Coordinator" in home
    assert "You look after 1 territory:" in home
    assert "Attica 4 stakeholders are registered there." in home


def test_a_members_home_names_the_stakeholders_they_act_for_in_greek(app):
    own = add_stakeholders(app, "EL522", 2)
    make_user(app, "nikos", Role.MEMBER, memberships=own, password="a long enough passphrase")
    client = app.test_client()
    sign_in(client, "nikos", language="el")

    home = text_of(client.get("/", headers={"Accept-Language": "el"}))

    assert "Ρόλος Μέλος" in home
    assert "Είστε μέλος 2 φορέων:" in home
    kind, region = label("kind", "entrepreneur", locale="el"), label("region", "EL522",
                                                                    locale="el")
    for n in range(2):
        assert f"Ομάδα EL522 {n} {kind} · {region}" in home
    assert "Your account" not in home


def test_an_administrators_home_counts_every_stakeholder(app):
    add_stakeholders(app, "EL303", 2)
    add_stakeholders(app, "EL522", 1)
    make_user(app, "admin", Role.ADMIN, password="a long enough passphrase")
    client = app.test_client()
    sign_in(client, "admin")

    assert "The service holds 3 stakeholders in all." in text_of(client.get("/"))


def test_a_member_of_no_stakeholder_is_told_who_can_add_them(app):
    make_user(app, "eleni", Role.MEMBER, password="a long enough passphrase")
    client = app.test_client()
    sign_in(client, "eleni")

    assert "You are not a member of any stakeholder yet" in text_of(client.get("/"))


def test_the_language_switch_changes_an_anonymous_browsers_pages_and_keeps_it(app):
    client = app.test_client()
    page = client.get("/sign-in", headers={"Accept-Language": "en"})

    answer = client.post("/language", data={"csrf_token": form_token(page), "locale": "el",
                                            "next": "/sign-in?next=/"})

    assert (answer.status_code, answer.headers["Location"]) == (303, "/sign-in?next=/")
    again = client.get("/sign-in", headers={"Accept-Language": "en"})
    assert '<html lang="el">' in again.get_data(as_text=True)
    assert again.headers["Content-Language"] == "el"
    assert "Όνομα χρήστη" in text_of(again)


def test_an_anonymous_switch_without_this_browsers_token_is_refused(app):
    client = app.test_client()
    client.get("/sign-in")

    answer = client.post("/language", data={"csrf_token": "made up", "locale": "el"})

    assert answer.status_code == 403
    assert client.get("/sign-in").headers["Content-Language"] == "en"


def test_a_signed_in_users_choice_is_saved_as_their_account_locale(app, maria):
    client = app.test_client()
    sign_in(client, "maria")

    answer = client.post("/language", data={"csrf_token": form_token(client.get("/")),
                                            "locale": "el", "next": "/"})

    assert answer.status_code == 303
    assert use_cases(app).accounts.get_user(maria.id).locale == "el"
    # Another browser of hers, which asks for English, gets Greek once she signs in there.
    elsewhere = app.test_client()
    sign_in(elsewhere, "maria", language="en")
    assert elsewhere.get(f"{API}/me", headers={"Accept-Language": "en"}).headers[
        "Content-Language"] == "el"


def test_a_signed_in_switch_without_the_sessions_token_changes_nothing(app, maria):
    client = app.test_client()
    sign_in(client, "maria")

    answer = client.post("/language", data={"csrf_token": "made up", "locale": "el"})

    assert answer.status_code == 403
    assert use_cases(app).accounts.get_user(maria.id).locale is None


def test_a_language_the_service_does_not_speak_is_refused(app):
    client = app.test_client()
    page = client.get("/sign-in")

    answer = client.post("/language", data={"csrf_token": form_token(page), "locale": "fr"})

    assert answer.status_code == 422
    assert answer.mimetype == "text/html"
