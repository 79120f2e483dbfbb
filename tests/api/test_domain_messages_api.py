"""A request that a domain rule refuses is answered in the asked language: the rule's message
and the messages under ``errors`` (service/i18n/domain_messages.py)."""

from __future__ import annotations

from graph_models.domain.accounts import Role
from tests.api.conftest import bearer_client, make_user
from tests.api.helpers import API, assert_error

GREEK = {"Accept-Language": "el"}


def test_a_greek_request_that_clashes_with_the_store_gets_the_conflict_in_greek(api, client):
    tie = api.tie("KNOWS", api.stakeholder(), api.stakeholder(kind="investor"))

    response = client.post(f"{API}/ties", headers=GREEK, json={
        "type": "KNOWS", "source": tie["source"], "target": tie["target"]})

    body = assert_error(response, 409, "type")
    assert body["message"] == "υπάρχει ήδη τέτοια σχέση ανάμεσα σε αυτούς τους φορείς"
    assert body["errors"]["json"]["type"] == ["η σχέση υπάρχει ήδη"]


def test_a_greek_request_for_a_step_the_role_may_not_take_is_refused_in_greek(app):
    _, secret = make_user(app, "nikos", Role.MEMBER)

    response = bearer_client(app, secret).post(f"{API}/stakeholders", headers=GREEK, json={
        "kind": "entrepreneur", "region": "EL303", "name": "Κοινωνική Κουζίνα"})

    body = assert_error(response, 403)
    assert body["message"] == "ο ρόλος σας δεν επιτρέπει: δημιουργία (φορέας)"


def test_the_same_refusal_in_english_reads_as_the_domain_words_it(api, client):
    response = client.get(f"{API}/stakeholders/nobody")

    assert assert_error(response, 404)["message"] == "no stakeholder with id nobody"
    greek = client.get(f"{API}/stakeholders/nobody", headers=GREEK)
    assert assert_error(greek, 404)["message"] == (
        "δεν υπάρχει φορέας με αναγνωριστικό nobody")
