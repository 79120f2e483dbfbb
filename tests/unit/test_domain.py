"""The domain's rules, on single objects."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from graph_models.domain.stakeholders import (
    Instrument,
    Kind,
    LegalForm,
    TieType,
    stakeholder_problems,
    tie_problems,
    with_consent_times,
)
from tests.builders import stakeholder, tie

E, INV, P, S = (Kind.ENTREPRENEUR, Kind.INVESTOR, Kind.POLICYMAKER, Kind.SUPPORT_ORGANISATION)


@pytest.mark.parametrize("kind", list(Kind))
def test_the_builders_make_sound_stakeholders_of_every_kind(kind):
    assert stakeholder_problems(stakeholder(kind)) == {}


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": "   "}, "name"),
    ({"name": "x" * 301}, "name"),
    ({"name": "bad\x00name"}, "name"),
    ({"region": "EL99"}, "region"),
    ({"region": "el30"}, "region"),
    ({"sectors": ("catering_food_services", "catering_food_services")}, "sectors"),
    ({"sectors": ("space_mining",)}, "sectors"),
    ({"needs": ("financing.moon",)}, "needs"),
    ({"languages": ("xx",)}, "languages"),
    ({"members": -1}, "members"),
    ({"legal_form": LegalForm.KOINSEP, "koinsep_category": None}, "koinsep_category"),
    ({"legal_form": LegalForm.WORKERS_COOPERATIVE}, "koinsep_category"),
    ({"ticket_min": 10}, "ticket_min"),
    ({"external_id": " "}, "external_id"),
])
def test_an_entrepreneur_breaking_a_rule_is_told_which_field(changes, field):
    assert field in stakeholder_problems(stakeholder(E, **changes))


def test_an_investor_ticket_range_must_not_be_upside_down():
    problems = stakeholder_problems(stakeholder(INV, ticket_min=50_000, ticket_max=1_000))
    assert list(problems) == ["ticket_max"]


def test_organisation_types_belong_to_their_kind():
    assert "organisation_type" in stakeholder_problems(stakeholder(INV, organisation_type="ngo"))
    assert stakeholder_problems(stakeholder(S, organisation_type="ngo")) == {}
    assert "organisation_type" in stakeholder_problems(stakeholder(P, organisation_type="ngo"))


def test_greek_regions_must_exist_but_other_eu_nuts_codes_pass_by_shape():
    assert stakeholder_problems(stakeholder(region="DE300")) == {}
    assert "region" in stakeholder_problems(stakeholder(region="EL999"))
    assert "jurisdiction" in stakeholder_problems(stakeholder(P, jurisdiction="XYZ123"))


@pytest.mark.parametrize(("tie_type", "source", "target", "allowed"), [
    (TieType.KNOWS, P, INV, True),
    (TieType.FUNDED, INV, E, True),
    (TieType.FUNDED, E, INV, False),
    (TieType.FUNDED, INV, S, False),
    (TieType.SUPPORTED, S, E, True),
    (TieType.SUPPORTED, E, S, False),
    (TieType.MENTORS, S, E, True),
    (TieType.MENTORS, E, E, True),
    (TieType.MENTORS, P, E, False),
    (TieType.MENTORS, S, INV, False),
    (TieType.PARTNERS_WITH, E, S, True),
    (TieType.INTRODUCED, E, INV, True),
    (TieType.INTRODUCED, INV, E, True),
])
def test_each_tie_type_joins_only_its_kinds_in_its_direction(tie_type, source, target, allowed):
    assert tie_type.allows(source, target) is allowed


@pytest.mark.parametrize(("tie_type", "changes", "field"), [
    (TieType.KNOWS, {"strength": 6}, "strength"),
    (TieType.KNOWS, {"strength": 0}, "strength"),
    (TieType.KNOWS, {"amount": 10.0}, "amount"),
    (TieType.FUNDED, {"strength": 3}, "strength"),
    (TieType.FUNDED, {"amount": -1.0}, "amount"),
    (TieType.KNOWS, {"instrument": Instrument.LOAN}, "instrument"),
    (TieType.SUPPORTED, {"topic": "consulting.nothing"}, "topic"),
    (TieType.KNOWS, {"via": "someone"}, "via"),
    (TieType.KNOWS, {"weight": 0.0}, "weight"),
])
def test_a_tie_breaking_a_rule_is_told_which_field(tie_type, changes, field):
    assert field in tie_problems(tie(tie_type, "a", "b", **changes))


def test_a_tie_must_join_two_different_stakeholders():
    assert "target" in tie_problems(tie(TieType.KNOWS, "a", "a"))


def test_undirected_ties_have_one_key_whichever_way_round():
    assert tie(TieType.KNOWS, "a", "b").key == tie(TieType.KNOWS, "b", "a").key
    assert tie(TieType.MENTORS, "a", "b").key != tie(TieType.MENTORS, "b", "a").key


def test_funding_events_are_keyed_by_date_or_by_their_external_id():
    first = tie(TieType.FUNDED, "i", "e", since=date(2024, 1, 1))
    again = tie(TieType.FUNDED, "i", "e", since=date(2024, 1, 1))
    later = tie(TieType.FUNDED, "i", "e", since=date(2025, 1, 1))
    named = tie(TieType.FUNDED, "i", "e", since=date(2024, 1, 1), external_id="F-9")
    assert first.key == again.key
    assert len({first.key, later.key, named.key}) == 3


def test_consent_is_stamped_when_given_kept_while_held_and_cleared_when_withdrawn():
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    t1 = t0 + timedelta(days=1)
    new = with_consent_times(stakeholder(discoverable=True, discoverable_at=None,
                                         contact_sharing=False), None, t0)
    assert (new.discoverable_at, new.contact_sharing_at) == (t0, None)
    kept = with_consent_times(dataclasses.replace(new, contact_sharing=True), new, t1)
    assert (kept.discoverable_at, kept.contact_sharing_at) == (t0, t1)
    withdrawn = with_consent_times(dataclasses.replace(kept, discoverable=False), kept, t1)
    assert withdrawn.discoverable_at is None
