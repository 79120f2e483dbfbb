"""Schemathesis over the whole OpenAPI document, on each store, as an admin over a small world.

Every operation gets schema-valid requests (on the world's objects, and on made-up ids) and
schema-violating ones. No answer may be a 5xx, or contradict the document (status, media type,
body); a schema-violating request must be refused; a schema-valid one may be refused only by a
rule the document cannot state — a domain rule across fields (a tie type that takes no
strength, a viewer without territories) or an object that does not exist — never by the
request's parser, which would mean the document allows a value the API does not.

Bounded and reproducible: a few derandomised examples per operation, no shrinking.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from graph_models.domain.accounts import Role, parse_token
from service.errors import SCHEMA_REFUSAL
from tests.api.conftest import make_user
from tests.api.helpers import API, ApiClient
from tests.api.plan_cases import fuzz_ids, plan_world
from tests.api.test_openapi import (
    MEETING,
    PASSWORD,
    SURVEY,
    Q,
    W,
    activity_world,
    budget_world,
    campaign_world,
    mentorship_world,
    saved_model,
)

pytestmark = pytest.mark.slow

# The import's body is a file of JSON lines, sent as the text it is.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")

# (generation mode, whether path ids name the world's objects, examples per operation)
RUNS = [(GenerationMode.POSITIVE, True, 10), (GenerationMode.POSITIVE, False, 3),
        (GenerationMode.NEGATIVE, True, 6)]


def documented_values_are_accepted(ctx, response, case):
    """schemathesis's positive_data_acceptance, but a 422 of a domain rule is no failure."""
    if response.status_code == 422 and response.json().get("message") != SCHEMA_REFUSAL:
        return None
    return positive_data_acceptance(ctx, response, case)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection, documented_values_are_accepted]


def seed(app) -> tuple[str, dict[str, str]]:
    """A small world made through the API: an admin's token, and an object for each kind of
    path id."""
    admin = make_user(app, "fuzz-admin")[1]
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {admin}"
    api = ApiClient(client)
    coop = api.stakeholder("entrepreneur", "Συνεταιρισμός", discoverable=True,
                           needs=["financing.loan"], languages=["el"])
    coop2 = api.stakeholder("entrepreneur", "Ομάδα", region="EL301", discoverable=True)
    bank = api.stakeholder("investor", "Τράπεζα", discoverable=True, offers=["financing.loan"])
    hub = api.stakeholder("support_organisation", "Κέντρο", discoverable=True)
    fund = api.stakeholder("investor", "Ταμείο", discoverable=True)
    knows = api.tie("KNOWS", coop, bank, strength=3)
    api.tie("FUNDED", bank, coop, amount=5000)
    api.tie("KNOWS", coop, hub)
    api.tie("PARTNERS_WITH", hub, fund)
    asked = client.post(f"{API}/introductions", json={
        "requester_id": coop["id"], "target_id": fund["id"], "purpose": "financing",
        "broker_id": hub["id"]})
    assert asked.status_code == 201, asked.get_data(as_text=True)
    maria, maria_token = make_user(app, "maria", Role.MEMBER, password=PASSWORD,
                                   memberships=[coop["id"]])
    world = mentorship_world(app, api) | campaign_world(app, coop["id"], bank["id"])
    plans = fuzz_ids(plan_world(client))
    event = activity_world(client, hub["id"], [coop["id"], coop2["id"], bank["id"]])
    budgets = budget_world(api, {"coop": coop["id"], "maria_token": maria_token})
    return admin, {
        "activity_id": event["event"], "meeting_id": event["meeting"],
        "process_id": budgets["pb_done"], "project_id": budgets["pb_done_project"],
        "campaign_id": world["campaign"], "pledge_id": world["pledge"],
        "stakeholder_id": coop["id"], "requester_id": coop2["id"], "tie_id": knows["id"],
        "introduction_id": asked.get_json()["id"], "programme_id": world["programme"],
        "mentorship_id": world["mentorship"], "user_id": maria.id,
        "token_id": parse_token(maria_token), "code": "new_ties",
        "invitation_id": client.post(f"{API}/invitations", json={
            "username": "invited", "role": "member"}).get_json()["invitation"]["id"],
        "assessment_id": client.post(Q, json=SURVEY).get_json()["id"],
        "workshop_id": client.post(W, json=MEETING).get_json()["id"],
        "version": str(saved_model(client)),
        **plans}


def deletes_last(operation) -> tuple[bool, str]:
    """Deletions run after everything else, so the world's objects live as long as possible."""
    return operation.method.upper() == "DELETE", operation.label


def fuzz(operation, mode: GenerationMode, ids: dict | None, examples: int,
         headers: dict) -> list[str]:
    """Run ``examples`` cases of ``operation``; the failures, as text."""
    names = set(re.findall(r"\{(\w+)\}", operation.path))
    strategy = operation.as_strategy(
        generation_mode=mode, headers=headers,
        path_parameters={n: ids[n] for n in names} if ids and names else None)
    failures: list[str] = []

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case):
        try:
            case.call_and_validate(checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as failure:
            failures.append(f"{operation.label} [{mode.value}]: {failure}")

    try:
        run()
    except Unsatisfiable:
        # Nothing of the request is left to violate once its ids and its token are fixed.
        if mode.is_positive:
            raise
    return failures


def fuzz_the_document(app) -> list[str]:
    """Seed ``app``, then fuzz each operation of its document in each run; every failure."""
    token, ids = seed(app)
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", app)
    operations = sorted((result.ok() for result in schema.get_all_operations()),
                        key=deletes_last)
    headers = {"Authorization": f"Bearer {token}"}
    failures = []
    for operation in operations:
        for mode, on_the_world, examples in RUNS:
            if on_the_world or "{" in operation.path:
                failures += fuzz(operation, mode, ids if on_the_world else None, examples,
                                headers)
    return failures


def test_every_operation_holds_to_its_document_under_fuzzing(engine_app):
    failures = fuzz_the_document(engine_app)

    assert failures == [], "\n\n".join(failures[:10])
