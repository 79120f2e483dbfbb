"""No client input reaches a 500: arbitrary JSON bodies and query strings, property-tested.

Strings here are Hypothesis' default text, which leaves out lone surrogates; those have their
own tests in ``test_errors_api.py``.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_models.domain.stakeholders import Instrument, Kind, Stakeholder, Tie, TieType
from tests.api.helpers import API, assert_error_shape

FUZZ = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12)

STAKEHOLDER_FIELDS = sorted(f.name for f in dataclasses.fields(Stakeholder))
TIE_FIELDS = sorted(f.name for f in dataclasses.fields(Tie))
# Values that pass field validation often enough to reach the domain rules and the store.
PLAUSIBLE = {
    "kind": st.sampled_from([k.value for k in Kind]),
    "type": st.sampled_from([t.value for t in TieType]),
    "region": st.sampled_from(["EL", "EL30", "EL303", "EL522", "DE300", "EL99", ""]),
    "name": st.text(st.characters(codec="utf-8", exclude_categories=["Cc"]), min_size=1,
                    max_size=30),
    "sectors": st.lists(st.sampled_from(["agrifood", "social_care", "nonsense"]), max_size=3),
    "needs": st.lists(st.sampled_from(["financing.loan", "training.mentoring", "x.y"]),
                      max_size=3),
    "instruments": st.lists(st.sampled_from([i.value for i in Instrument]), max_size=3),
    "legal_form": st.sampled_from(["koinsep", "cooperative", "other"]),
    "koinsep_category": st.sampled_from(["collective_social_benefit", "nonsense"]),
    "since": st.dates().map(str),
    "topic": st.sampled_from(["financing.loan", "nope"]),
    "strength": st.integers(-2, 8),
    "weight": st.floats(allow_nan=False),
    "amount": st.floats(allow_nan=False),
    "ticket_min": st.integers(-10, 10**13),
    "ticket_max": st.integers(-10, 10**13),
    "capacity": st.integers(-10, 200_000),
    "email": st.emails(),
    "phone": st.from_regex(r"\A\+?[0-9 ()-]{1,20}\Z"),
}


def field_dicts(names: list[str], required: tuple[str, ...] = ()):
    """Dicts of the real field names, each with a plausible or an arbitrary value; the
    ``required`` names always present with a plausible value."""
    return st.fixed_dictionaries(
        {name: PLAUSIBLE.get(name, json_values) for name in required},
        optional={name: PLAUSIBLE.get(name, st.nothing()) | json_values
                  for name in names if name not in required})


def nearly_valid(names: list[str], required: tuple[str, ...]):
    """Dicts with every required field and some others, all with plausible values only: most
    pass validation and reach the domain's rules and the store."""
    return st.fixed_dictionaries(
        {name: PLAUSIBLE.get(name, json_values) for name in required},
        optional={name: PLAUSIBLE[name] for name in names
                  if name in PLAUSIBLE and name not in required})


def bodies(names: list[str], required: tuple[str, ...] = ()):
    return st.one_of(json_values, field_dicts(names), field_dicts(names, required),
                     nearly_valid(names, required))


def assert_not_a_server_error(response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.status_code >= 400:
        assert_error_shape(response)


@pytest.fixture
def seeded(api):
    """An entrepreneur, an investor and a tie between them, by name."""
    coop = api.stakeholder("entrepreneur", "Συνεταιρισμός")
    bank = api.stakeholder("investor", "Τράπεζα")
    return {"coop": coop, "bank": bank, "tie": api.tie("FUNDED", bank, coop)}


@FUZZ
@given(body=bodies(STAKEHOLDER_FIELDS, ("kind", "name", "region")))
def test_posting_any_json_as_a_stakeholder_never_answers_500(client, body):
    assert_not_a_server_error(client.post(f"{API}/stakeholders", json=body))


@FUZZ
@given(body=bodies(STAKEHOLDER_FIELDS))
def test_patching_a_stakeholder_with_any_json_never_answers_500(client, seeded, body):
    response = client.patch(f"{API}/stakeholders/{seeded['coop']['id']}", json=body)

    assert_not_a_server_error(response)


@FUZZ
@given(body=bodies(TIE_FIELDS, ("type", "source", "target")), data=st.data())
def test_posting_any_json_as_a_tie_never_answers_500(client, seeded, body, data):
    if isinstance(body, dict):
        ids = st.sampled_from([seeded["coop"]["id"], seeded["bank"]["id"], "no-such-id"])
        for end in ("source", "target"):
            if data.draw(st.booleans(), label=f"real {end}"):
                body[end] = data.draw(ids, label=end)

    assert_not_a_server_error(client.post(f"{API}/ties", json=body))


@FUZZ
@given(body=bodies(TIE_FIELDS))
def test_patching_a_tie_with_any_json_never_answers_500(client, seeded, body):
    assert_not_a_server_error(client.patch(f"{API}/ties/{seeded['tie']['id']}", json=body))


QUERY_NAMES = ["kind", "region", "sector", "need", "offer", "language", "q", "discoverable",
               "order", "page", "page_size"]
query_values = st.text(max_size=20) | st.integers(-5, 10**7).map(str) | st.sampled_from(
    ["entrepreneur", "EL30", "financing.loan", "el", "true", "created_at", "100", "0"])
query_pairs = st.lists(st.tuples(st.sampled_from(QUERY_NAMES) | st.text(max_size=8),
                                 query_values), max_size=6)


@FUZZ
@given(pairs=query_pairs)
def test_searching_with_any_query_parameters_never_answers_500(client, seeded, pairs):
    response = client.get(f"{API}/stakeholders", query_string=urlencode(pairs))

    assert_not_a_server_error(response)


@FUZZ
@given(raw=st.binary(max_size=40))
def test_searching_with_any_raw_query_string_never_answers_500(client, seeded, raw):
    query = quote(raw, safe="=&")

    assert_not_a_server_error(client.get(f"{API}/stakeholders?{query}"))


MATCH_NAMES = ["kind", "pillar", "limit", "include_connected", "need", "region", "sector",
               "threshold"]
match_values = query_values | st.sampled_from(
    ["investor", "financing", "training", "networking", "EL52", "99.5", "-1", "false"])
match_pairs = st.lists(st.tuples(st.sampled_from(MATCH_NAMES) | st.text(max_size=8),
                                 match_values), max_size=5)


@FUZZ
@given(pairs=match_pairs)
def test_asking_for_matches_with_any_query_parameters_never_answers_500(client, seeded, pairs):
    for seeker in (seeded["coop"], seeded["bank"]):
        response = client.get(f"{API}/stakeholders/{seeker['id']}/matches",
                              query_string=urlencode(pairs))
        assert_not_a_server_error(response)
    assert_not_a_server_error(client.get(f"{API}/matches", query_string=urlencode(pairs)))


USER_FIELDS = ["username", "display_name", "role", "regions", "memberships", "password",
               "disabled"]


@FUZZ
@given(body=json_values | field_dicts(USER_FIELDS, ()), login=json_values)
def test_any_json_as_an_account_or_a_login_never_answers_500(client, body, login):
    assert_not_a_server_error(client.post(f"{API}/users", json=body))
    assert_not_a_server_error(client.post(f"{API}/auth/login", json=login))


@pytest.fixture
def introduced(api):
    """A coop that knows a hub that knows a fund, and a request from the coop to the fund."""
    coop = api.stakeholder("entrepreneur", "Συνεταιρισμός", discoverable=True)
    hub = api.stakeholder("support_organisation", "Κέντρο", discoverable=True)
    fund = api.stakeholder("investor", "Ταμείο", discoverable=True)
    api.tie("KNOWS", coop, hub)
    api.tie("KNOWS", hub, fund)
    request = api.client.post(f"{API}/introductions", json={
        "requester_id": coop["id"], "target_id": fund["id"], "purpose": "financing",
        "broker_id": hub["id"]}).get_json()
    return {"ids": [coop["id"], hub["id"], fund["id"], "no-such-id"], "request": request["id"]}


INTRODUCTION_FIELDS = ["requester_id", "target_id", "broker_id", "purpose", "message"]
ACTION_FIELDS = ["action", "note", "reason", "block"]
PLAUSIBLE_INTRODUCTIONS = {
    "purpose": st.sampled_from(["financing", "training", "fun", ""]),
    "action": st.sampled_from(["forward", "accept", "decline", "withdraw", "complete",
                               "expire", "nope"]),
    "reason": st.sampled_from(["not_now", "other", "because"]),
    "block": st.booleans(),
}


@FUZZ
@given(body=json_values | st.fixed_dictionaries({}, optional={
    name: PLAUSIBLE_INTRODUCTIONS.get(name, st.nothing()) | json_values
    for name in INTRODUCTION_FIELDS + ACTION_FIELDS}), data=st.data(),
    # What HTTP can carry in a header: Latin-1, no control characters.
    key=st.none() | st.text(st.characters(max_codepoint=255, exclude_categories=["Cc"]),
                            max_size=12))
def test_any_json_as_an_introduction_or_an_action_never_answers_500(client, introduced, body,
                                                                    data, key):
    if isinstance(body, dict):
        for name in ("requester_id", "target_id", "broker_id"):
            if data.draw(st.booleans(), label=f"real {name}"):
                body[name] = data.draw(st.sampled_from(introduced["ids"]), label=name)
    headers = {} if key is None else {"Idempotency-Key": key}
    assert_not_a_server_error(client.post(f"{API}/introductions", json=body, headers=headers))
    assert_not_a_server_error(client.post(f"{API}/introductions/{introduced['request']}/actions",
                                          json=body, headers=headers))


INBOX_NAMES = ["box", "state", "waiting_days", "page", "page_size", "requester_id", "target_id"]
inbox_values = query_values | st.sampled_from(
    ["sent", "to_broker", "to_me", "region", "requested", "declined", "-3", "3650"])


@FUZZ
@given(pairs=st.lists(st.tuples(st.sampled_from(INBOX_NAMES) | st.text(max_size=8),
                                inbox_values), max_size=5))
def test_any_inbox_or_path_query_never_answers_500(client, introduced, pairs):
    assert_not_a_server_error(client.get(f"{API}/introductions", query_string=urlencode(pairs)))
    assert_not_a_server_error(client.get(f"{API}/introductions/paths",
                                         query_string=urlencode(pairs)))
