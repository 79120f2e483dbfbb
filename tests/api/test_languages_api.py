"""The API in Greek and English: which language an answer is in, the labels it adds to its codes,
and its error messages."""

from __future__ import annotations

import pytest

from graph_models.domain import vocabularies
from graph_models.domain.accounts import Role
from graph_models.domain.stakeholders import MAX_NAME_LENGTH
from service.i18n.catalogues import translations
from tests.api.conftest import bearer_client, build_app, close_app, make_user, sqlite_url
from tests.api.helpers import API, assert_error

GREEK = {"Accept-Language": "el-GR,el;q=0.9,en;q=0.5"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def el(message: str) -> str:
    return translations("el").gettext(message)


# -- which language -------------------------------------------------------------------------

def test_an_answer_says_its_language_and_that_it_depends_on_accept_language(client):
    greek = client.get(f"{API}/vocabularies", headers=GREEK)
    english = client.get(f"{API}/vocabularies", headers=ENGLISH)
    assert (greek.headers["Content-Language"], english.headers["Content-Language"]) == (
        "el", "en")
    assert "Accept-Language" in greek.headers["Vary"]


def test_without_accept_language_the_deployments_language_is_used(tmp_path):
    app = build_app(sqlite_url(tmp_path), SYNDESMOS_LOCALE="el")
    try:
        response = app.test_client().get(f"{API}/vocabularies")
        assert response.headers["Content-Language"] == "el"
        assert response.get_json()["sectors"][0]["label"] == response.get_json()[
            "sectors"][0]["name_el"]
    finally:
        close_app(app)


def test_by_default_an_answer_to_a_client_that_asks_for_no_language_is_english(client):
    assert client.get(f"{API}/vocabularies").headers["Content-Language"] == "en"


def test_a_deployment_language_the_service_does_not_have_stops_it_starting(tmp_path):
    with pytest.raises(ValueError, match="SYNDESMOS_LOCALE"):
        build_app(sqlite_url(tmp_path), SYNDESMOS_LOCALE="fr")


def test_a_user_who_chose_greek_reads_greek_whatever_the_browser_asks(app):
    _, secret = make_user(app, "eleni", Role.MEMBER)
    client = bearer_client(app, secret)
    assert client.get(f"{API}/me", headers=ENGLISH).headers["Content-Language"] == "en"

    changed = client.patch(f"{API}/me", json={"locale": "el"}, headers=ENGLISH)

    assert changed.status_code == 200 and changed.get_json()["locale"] == "el"
    answer = client.get(f"{API}/me", headers=ENGLISH)
    assert answer.headers["Content-Language"] == "el"
    assert answer.get_json()["locale"] == "el"


def test_clearing_ones_language_hands_the_choice_back_to_the_browser(app):
    _, secret = make_user(app, "nikos", Role.VIEWER, regions=["EL30"], locale="el")
    client = bearer_client(app, secret)
    assert client.get(f"{API}/me", headers=ENGLISH).headers["Content-Language"] == "el"
    assert client.patch(f"{API}/me", json={"locale": None}).status_code == 200
    assert client.get(f"{API}/me", headers=ENGLISH).headers["Content-Language"] == "en"


def test_a_language_the_service_does_not_have_is_refused_naming_the_field(app):
    _, secret = make_user(app, "maria", Role.MEMBER)
    client = bearer_client(app, secret)
    assert_error(client.patch(f"{API}/me", json={"locale": "fr"}), 422, "locale")
    assert_error(client.patch(f"{API}/me", json={"role": "admin"}), 422, "role")
    assert client.get(f"{API}/me").get_json()["role"] == "member"


def test_an_admin_may_set_anyones_language(app, client):
    user, _ = make_user(app, "kostas", Role.MEMBER)
    response = client.patch(f"{API}/users/{user.id}", json={"locale": "el"})
    assert response.status_code == 200 and response.get_json()["locale"] == "el"


# -- labels ----------------------------------------------------------------------------------

def test_the_vocabularies_give_each_code_a_label_in_the_asked_language(client):
    greek = client.get(f"{API}/vocabularies", headers=GREEK).get_json()
    english = client.get(f"{API}/vocabularies", headers=ENGLISH).get_json()
    for name in ("pillars", "topics", "sectors", "regions"):
        assert all(t["label"] == t["name_el"] for t in greek[name]), name
        assert all(t["label"] == t["name_en"] for t in english[name]), name
    greek_languages = {t["code"]: t["label"] for t in greek["languages"]}
    assert greek_languages["el"] == "Ελληνικά" and greek_languages["en"] == "Αγγλικά"
    assert {t["code"]: t["label"] for t in english["languages"]}["en"] == "English"


def test_the_vocabularies_list_the_other_codes_with_their_labels(client):
    greek = client.get(f"{API}/vocabularies", headers=GREEK).get_json()["codes"]
    english = client.get(f"{API}/vocabularies", headers=ENGLISH).get_json()["codes"]
    assert {t["code"] for t in greek["tie_type"]} == {
        "KNOWS", "PARTNERS_WITH", "MENTORS", "FUNDED", "SUPPORTED", "INTRODUCED"}
    decline = {t["code"]: t["label"] for t in greek["decline_reason"]}
    assert decline["no_capacity"] == translations("el").pgettext("decline_reason",
                                                                  "No capacity")
    assert {t["code"]: t["label"] for t in english["kind"]}["support_organisation"] == (
        "Support organisation")
    assert set(greek) == set(english)


def test_a_stakeholder_answer_labels_its_codes_by_field_in_the_asked_language(api, client):
    created = api.stakeholder(sectors=["agrifood"], needs=["financing.loan"],
                              languages=["el", "en"], legal_form="koinsep",
                              koinsep_category="collective_social_benefit")
    assert created["sectors"] == ["agrifood"]  # the codes stay
    url = f"{API}/stakeholders/{created['id']}"
    greek = client.get(url, headers=GREEK).get_json()["labels"]
    english = client.get(url, headers=ENGLISH).get_json()["labels"]
    assert greek["region"] == {"EL303": vocabularies.greek_regions()["EL303"].name_el}
    assert english["region"] == {"EL303": vocabularies.greek_regions()["EL303"].name_en}
    assert greek["sectors"] == {"agrifood": "Αγροδιατροφή"}
    assert greek["needs"] == {"financing.loan": vocabularies.topics()["financing.loan"].name_el}
    assert greek["languages"] == {"el": "Ελληνικά", "en": "Αγγλικά"}
    assert greek["legal_form"] == {"koinsep": "Κοινωνική Συνεταιριστική Επιχείρηση (ΚοινΣΕπ)"}
    assert english["kind"] == {"entrepreneur": "Entrepreneur"}
    assert "offers" not in greek  # a field with no codes has no labels


def test_search_results_carry_labels_too(api, client):
    api.stakeholder(sectors=["agrifood"])
    items = client.get(f"{API}/stakeholders", headers=GREEK).get_json()["items"]
    assert items[0]["labels"]["sectors"] == {"agrifood": "Αγροδιατροφή"}


# -- error messages --------------------------------------------------------------------------

def test_a_greek_error_answer_names_the_field_and_says_what_is_wrong_in_greek(client):
    response = client.post(f"{API}/stakeholders", headers=GREEK,
                           json={"kind": "entrepreneur", "region": "EL303", "name": "",
                                 "sectors": ["fishing"], "colour": "red"})
    body = assert_error(response, 422, "name", "sectors", "colour")
    assert response.headers["Content-Language"] == "el"
    assert body["message"] == el("invalid input: `errors` names each field")
    fields = body["errors"]["json"]
    assert fields["colour"] == [el("Unknown field.")]
    assert fields["name"] == [el("Length must be between {min} and {max}.").format(
        min=1, max=MAX_NAME_LENGTH)]
    assert fields["sectors"] == {"0": [el("unknown sector: {input}").format(input="fishing")]}
    assert body["code"] == 422 and body["status"] == "Unprocessable Entity"


def test_the_same_error_in_english_is_as_it_always_was(client):
    response = client.post(f"{API}/stakeholders", headers=ENGLISH, json={
        "kind": "entrepreneur", "region": "EL303"})
    body = assert_error(response, 422, "name")
    assert body["message"] == "invalid input: `errors` names each field"
    assert body["errors"]["json"]["name"] == ["Missing data for required field."]


def test_an_anonymous_request_is_refused_in_the_browsers_language(app):
    response = app.test_client().get(f"{API}/stakeholders", headers=GREEK)
    body = assert_error(response, 401)
    assert body["message"] == el("sign in first: send Authorization: Bearer <token>")
    assert body["message"] != "sign in first: send Authorization: Bearer <token>"
