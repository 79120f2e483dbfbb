"""The policy table and the account primitives, without a store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from graph_models.domain import policy
from graph_models.domain.accounts import (
    Role,
    User,
    hash_password,
    issue_token,
    parse_token,
    password_matches,
    password_problems,
)
from graph_models.domain.errors import Forbidden, NotFound
from graph_models.domain.policy import Action, Relation, Resource
from tests.builders import stakeholder

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def user(role: Role, **fields) -> User:
    return User(id=f"u-{role.value}", username=role.value, role=role, **fields)


def test_every_resource_action_pair_in_use_has_a_rule_for_every_role():
    for rule in policy.RULES.values():
        assert set(rule) == set(Role)
        assert rule[Role.ADMIN] == policy.ANY


@pytest.mark.parametrize(("actor", "stakeholder_fields", "relation"), [
    (user(Role.MEMBER, memberships=("s1",)), {"id": "s1", "region": "EL522"}, Relation.OWN),
    (user(Role.COORDINATOR, regions=("EL30",)), {"region": "EL303"}, Relation.IN_SCOPE),
    (user(Role.COORDINATOR, regions=("EL303",)), {"region": "EL30"}, Relation.HIDDEN),
    (user(Role.MEMBER), {"region": "EL303", "discoverable": True}, Relation.DISCOVERABLE),
    (user(Role.MEMBER, regions=("EL30",)), {"region": "EL303"}, Relation.HIDDEN),
])
def test_how_a_user_stands_to_a_stakeholder(actor, stakeholder_fields, relation):
    fields = {"discoverable": False, "discoverable_at": None, **stakeholder_fields}
    assert policy.relation_to_stakeholder(actor, stakeholder(**fields)) == relation


def test_a_region_covers_its_sub_regions_but_not_its_parent():
    coordinator = user(Role.COORDINATOR, regions=("EL30",))
    assert coordinator.covers("EL30") and coordinator.covers("EL307")
    assert not coordinator.covers("EL3") and not coordinator.covers("EL52")


def test_what_one_may_not_see_is_not_found_and_what_one_sees_but_may_not_change_is_forbidden():
    member = user(Role.MEMBER)
    hidden = stakeholder(discoverable=False, discoverable_at=None)
    seen = stakeholder(discoverable=True)
    with pytest.raises(NotFound):
        policy.require(member, Resource.STAKEHOLDER, Action.UPDATE, hidden)
    with pytest.raises(Forbidden):
        policy.require(member, Resource.STAKEHOLDER, Action.UPDATE, seen)
    policy.require(None, Resource.STAKEHOLDER, Action.DELETE, hidden)  # the system may


def test_a_viewer_reads_no_individual_records():
    viewer = user(Role.VIEWER, regions=("EL30",))
    for action in (Action.LIST, Action.READ):
        assert not policy.allows_some(viewer, Resource.STAKEHOLDER, action)


def test_a_token_verifies_only_its_own_secret_and_names_its_id():
    issued = issue_token("u1", name="cli", at=T0, days=30)
    assert issued.token.verify(issued.secret)
    assert not issued.token.verify(issued.secret + "x")
    assert issued.secret not in repr(issued.token)
    assert parse_token(issued.secret) == issued.token.id
    assert parse_token("Bearer nonsense") is None


def test_a_token_is_usable_until_it_expires_or_is_revoked():
    token = issue_token("u1", name="cli", at=T0, days=30).token
    assert token.usable(T0 + timedelta(days=29))
    assert not token.usable(T0 + timedelta(days=30))
    never = issue_token("u1", name="cli", at=T0, days=None).token
    assert never.usable(T0 + timedelta(days=10_000))


def test_passwords_are_hashed_with_argon2_and_checked():
    hashed = hash_password("a long enough passphrase")
    assert hashed.startswith("$argon2")
    assert password_matches(hashed, "a long enough passphrase")
    assert not password_matches(hashed, "a long enough passphrasE")
    assert not password_matches(None, "anything")
    assert not password_matches("not a hash", "anything")


@pytest.mark.parametrize(("password", "weak"), [
    ("short", True), ("aaaaaaaaaaaaaaaa", True), ("a long enough passphrase", False)])
def test_weak_passwords_are_refused(password, weak):
    assert bool(password_problems(password)) is weak
