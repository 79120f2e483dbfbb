"""The store contract for accounts, tokens and the audit trail: the same tests on both engines."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from graph_models.domain.accounts import Role, User, audit_entry, issue_token
from graph_models.domain.errors import Conflict, InvalidInput, NotFound
from graph_models.domain.queries import AuditQuery, StakeholderQuery
from graph_models.use_cases.accounts import Accounts
from tests.builders import stakeholder

T0 = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)


def user(username="maria", role=Role.COORDINATOR, **fields) -> User:
    return User(id=f"u-{username}", username=username, role=role,
                regions=fields.pop("regions", ("EL30",)), created_at=T0, updated_at=T0,
                **fields)


def test_a_user_reads_back_exactly_as_written_memberships_included(store):
    coop = store.create_stakeholder(stakeholder())
    written = user(display_name="Μαρία Π.", email="maria@example.org", memberships=(coop.id,),
                   password_hash="$argon2$x", locale="el")
    store.create_user(written)
    assert store.get_user(written.id) == written
    assert store.get_user_by_username("MARIA") == written


def test_a_user_who_chose_no_language_reads_back_without_one_and_may_choose_one_later(store):
    store.create_user(user())
    assert store.get_user("u-maria").locale is None
    store.update_user(dataclasses.replace(user(), locale="en"))
    assert store.get_user("u-maria").locale == "en"
    store.update_user(user())
    assert store.get_user("u-maria").locale is None


def test_every_user_may_change_their_own_language_and_nothing_else_through_their_settings(
        store):
    accounts = Accounts(store)
    member = accounts.create_user({"username": "eleni", "role": Role.MEMBER})

    assert accounts.change_own_settings({"locale": "el"}, actor=member).locale == "el"

    assert store.get_user(member.id).locale == "el"
    with pytest.raises(InvalidInput):
        accounts.change_own_settings({"role": Role.ADMIN}, actor=member)
    with pytest.raises(InvalidInput):
        accounts.change_own_settings({"locale": "fr"}, actor=member)
    with pytest.raises(NotFound):  # changing an account is still the admins'
        accounts.update_user(member.id, {"locale": "en"}, actor=member)
    assert (store.get_user(member.id).role, store.get_user(member.id).locale) == (
        Role.MEMBER, "el")


def test_usernames_are_unique_whatever_their_case(store):
    store.create_user(user("Eleni"))
    with pytest.raises(Conflict):
        store.create_user(dataclasses.replace(user("eleni"), id="another"))


def test_a_membership_in_a_missing_stakeholder_is_a_conflict(store):
    with pytest.raises(Conflict):
        store.create_user(user(memberships=("nobody",)))
    with pytest.raises(NotFound):
        store.get_user("u-maria")


def test_updating_a_user_replaces_its_fields_and_memberships(store):
    a, b = store.create_stakeholder(stakeholder()), store.create_stakeholder(stakeholder())
    store.create_user(user(memberships=(a.id,)))
    changed = dataclasses.replace(user(memberships=(b.id,)), role=Role.MEMBER, regions=(),
                                  disabled=True)
    store.update_user(changed)
    assert store.get_user("u-maria") == changed


def test_users_are_listed_by_username(store):
    for name in ("zoe", "Anna", "kostas"):
        store.create_user(user(name))
    assert [u.username for u in store.list_users()] == ["Anna", "kostas", "zoe"]


def test_account_writes_do_not_move_the_graph_version(store):
    version = store.version()
    store.create_user(user())
    issued = issue_token("u-maria", name="cli", at=T0, days=None)
    store.create_token(issued.token)
    store.touch_token(issued.token.id, T0)
    assert store.version() == version


def test_deleting_a_stakeholder_ends_its_memberships(store):
    coop, other = store.create_stakeholder(stakeholder()), store.create_stakeholder(stakeholder())
    store.create_user(user(memberships=(coop.id, other.id)))
    store.delete_stakeholder(coop.id)
    assert store.get_user("u-maria").memberships == (other.id,)


def test_tokens_are_kept_as_digests_listed_newest_first_and_revoked_once(store):
    store.create_user(user())
    old = issue_token("u-maria", name="old", at=T0, days=30)
    new = issue_token("u-maria", name="new", at=T0 + timedelta(days=1), days=None)
    for issued in (old, new):
        store.create_token(issued.token)
    assert [t.name for t in store.list_tokens("u-maria")] == ["new", "old"]
    assert store.get_token(old.token.id) == old.token
    assert store.get_token(old.token.id).verify(old.secret)
    first = store.revoke_token(old.token.id, T0 + timedelta(days=2))
    again = store.revoke_token(old.token.id, T0 + timedelta(days=3))
    assert first.revoked_at == again.revoked_at == T0 + timedelta(days=2)
    store.touch_token(new.token.id, T0 + timedelta(days=4))
    assert store.get_token(new.token.id).last_used_at == T0 + timedelta(days=4)
    with pytest.raises(NotFound):
        store.revoke_token("nothing", T0)


def test_deleting_a_user_deletes_its_tokens(store):
    store.create_user(user())
    issued = issue_token("u-maria", name="cli", at=T0, days=None)
    store.create_token(issued.token)
    store.delete_user("u-maria")
    with pytest.raises(NotFound):
        store.get_token(issued.token.id)
    with pytest.raises(NotFound):
        store.delete_user("u-maria")


def test_an_audit_entry_is_written_with_its_write_or_not_at_all(store):
    coop = stakeholder(external_id="DUP")
    store.create_stakeholder(coop, audit=audit_entry("u1", "stakeholder.create", "stakeholder",
                                                     coop.id, region=coop.region))
    with pytest.raises(Conflict):
        clash = stakeholder(external_id="DUP")
        store.create_stakeholder(clash, audit=audit_entry(
            "u1", "stakeholder.create", "stakeholder", clash.id))
    entries = store.find_audit(AuditQuery()).items
    assert [(e.action, e.object_id) for e in entries] == [("stakeholder.create", coop.id)]


def test_the_audit_trail_filters_by_object_actor_and_region_newest_first(store):
    entries = [
        dataclasses.replace(audit_entry("u1", "stakeholder.update", "stakeholder", "s1",
                                        region="EL303", fields=("name",)), at=T0),
        dataclasses.replace(audit_entry("u2", "stakeholder.update", "stakeholder", "s2",
                                        region="EL522"), at=T0 + timedelta(hours=1)),
        dataclasses.replace(audit_entry("u1", "tie.delete", "tie", "t1", region="EL305"),
                            at=T0 + timedelta(hours=2)),
    ]
    for entry in entries:
        store.create_stakeholder(stakeholder(), audit=entry)
    everything = store.find_audit(AuditQuery())
    assert [e.object_id for e in everything.items] == ["t1", "s2", "s1"]
    assert everything.items[2] == entries[0]
    assert [e.object_id for e in store.find_audit(AuditQuery(object_ids=("s2",))).items] == [
        "s2"]
    assert [e.object_id for e in store.find_audit(AuditQuery(actor_id="u1")).items] == [
        "t1", "s1"]
    assert [e.object_id for e in store.find_audit(AuditQuery(regions=("EL30",))).items] == [
        "t1", "s1"]
    assert store.find_audit(AuditQuery(regions=())).total == 0


def test_search_shows_the_discoverable_and_besides_what_a_member_or_coordinator_may_see(store):
    seen = store.create_stakeholder(stakeholder(region="EL433", discoverable=True))
    mine = store.create_stakeholder(stakeholder(region="EL522", discoverable=False,
                                                discoverable_at=None))
    near = store.create_stakeholder(stakeholder(region="EL303", discoverable=False,
                                                discoverable_at=None))
    store.create_stakeholder(stakeholder(region="EL433", discoverable=False,
                                         discoverable_at=None))
    query = StakeholderQuery(discoverable_only=True, also_ids=(mine.id,), also_regions=("EL30",))
    assert {s.id for s in store.find_stakeholders(query).items} == {seen.id, mine.id, near.id}
    plain = StakeholderQuery(discoverable_only=True)
    assert [s.id for s in store.find_stakeholders(plain).items] == [seen.id]


def test_an_erased_stakeholder_leaves_no_trace_in_its_ties_memberships_or_search(store):
    coop = store.create_stakeholder(stakeholder(name="Ζωή Παπαδοπούλου",
                                                email="zoi.papadopoulou@example.org"))
    store.create_user(user(memberships=(coop.id,)))
    store.delete_stakeholder(coop.id)
    assert store.find_stakeholders(StakeholderQuery(text="Παπαδοπούλου")).total == 0
    assert store.get_user("u-maria").memberships == ()
