"""The store contract for invitations, and their use cases over it: the same tests on both
engines."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from graph_models.domain.accounts import Role, User, audit_entry, password_matches
from graph_models.domain.errors import Conflict, Forbidden, Gone, InvalidInput, NotFound
from graph_models.domain.invitations import InvitationState, invitation_digest, issue_invitation
from graph_models.domain.queries import AuditQuery
from graph_models.use_cases.accounts import Accounts
from graph_models.use_cases.invitations import Invitations
from tests.builders import stakeholder

T0 = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


class Clock:
    """A clock the tests move on instead of sleeping."""

    def __init__(self):
        self.at = T0

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def desk(store, clock):
    return Invitations(store, Accounts(store, clock=clock), clock=clock)


def new_user(username="nikos", **fields) -> User:
    return User(id=f"u-{username}", username=username, role=Role.MEMBER, created_at=T0,
                updated_at=T0, **fields)


def test_an_invited_account_and_its_invitation_are_written_together_and_read_back(store):
    coop = store.create_stakeholder(stakeholder())
    user = new_user(memberships=(coop.id,))
    issued = issue_invitation(user.id, invited_by=None, at=T0)

    store.create_invitation(issued.invitation, user=user)

    assert store.get_user(user.id) == user
    assert store.get_invitation(issued.invitation.id) == issued.invitation
    assert store.invitation_by_digest(invitation_digest(issued.secret)) == issued.invitation
    assert store.list_invitations() == [issued.invitation]


def test_a_refused_account_writes_no_invitation_either(store):
    store.create_user(new_user())
    clash = User(id="u-other", username="NIKOS", role=Role.MEMBER, created_at=T0,
                 updated_at=T0)
    issued = issue_invitation(clash.id, invited_by=None, at=T0)

    with pytest.raises(Conflict):
        store.create_invitation(issued.invitation, user=clash)
    missing_member = User(id="u-m", username="m", role=Role.MEMBER, memberships=("nobody",))
    with pytest.raises(Conflict):
        store.create_invitation(issue_invitation("u-m", invited_by=None, at=T0).invitation,
                                user=missing_member)

    assert store.list_invitations() == []
    assert [u.username for u in store.list_users()] == ["nikos"]


def test_an_invitation_for_a_missing_account_is_not_found(store):
    with pytest.raises(NotFound):
        store.create_invitation(issue_invitation("nobody", invited_by=None, at=T0).invitation)
    assert store.list_invitations() == []


def test_accepting_sets_the_password_uses_the_invitation_up_and_is_audited(store, desk, clock):
    invited = desk.invite({"username": "nikos", "role": Role.MEMBER})
    assert store.get_user(invited.user.id).password_hash is None

    clock.at = T0 + timedelta(hours=1)
    user = desk.accept(invited.issued.secret, PASSWORD)

    assert password_matches(store.get_user(user.id).password_hash, PASSWORD)
    assert desk.look_up(invited.issued.secret).state == InvitationState.ACCEPTED
    actions = [e.action for e in store.find_audit(AuditQuery(object_ids=(user.id,))).items]
    assert sorted(actions) == ["user.accept_invitation", "user.invite"]


def test_a_used_revoked_or_expired_invitation_writes_nothing(store, desk, clock):
    used = desk.invite({"username": "used", "role": Role.MEMBER})
    desk.accept(used.issued.secret, PASSWORD)
    revoked = desk.invite({"username": "revoked", "role": Role.MEMBER})
    desk.revoke(revoked.issued.invitation.id)
    late = desk.invite({"username": "late", "role": Role.MEMBER})
    clock.at = T0 + timedelta(days=8)

    for invited, state in ((used, "accepted"), (revoked, "revoked"), (late, "expired")):
        before = store.get_user(invited.user.id)
        with pytest.raises(Gone) as refused:
            desk.accept(invited.issued.secret, "another long password")
        assert refused.value.errors == {"state": [state]}
        assert store.get_user(invited.user.id) == before
    with pytest.raises(Gone):  # the store refuses too, whatever the use case read before
        store.accept_invitation(used.issued.invitation.digest, "$argon2$x", clock.at)
    with pytest.raises(NotFound):
        desk.accept("no such secret", PASSWORD)


def test_a_weak_password_is_refused_and_leaves_the_invitation_usable(store, desk):
    invited = desk.invite({"username": "nikos", "role": Role.MEMBER})

    with pytest.raises(InvalidInput) as refused:
        desk.accept(invited.issued.secret, "short")

    assert "password" in refused.value.errors
    assert desk.look_up(invited.issued.secret).state == InvitationState.PENDING


def test_accepting_ends_the_sign_in_sessions_of_the_account(store, desk):
    invited = desk.invite({"username": "nikos", "role": Role.MEMBER})
    accounts = Accounts(store)
    user = desk.accept(invited.issued.secret, PASSWORD)
    opened = accounts.open_session(accounts.login("nikos", PASSWORD))
    again = desk.reinvite(user.id)

    desk.accept(again.issued.secret, "a brand new password")

    with pytest.raises(NotFound):
        store.get_session(opened.session.digest)


def test_revoking_twice_keeps_the_first_time_and_an_accepted_one_cannot_be_revoked(
        store, desk, clock):
    invited = desk.invite({"username": "nikos", "role": Role.MEMBER})
    first = desk.revoke(invited.issued.invitation.id)
    clock.at = T0 + timedelta(hours=2)
    assert (desk.revoke(invited.issued.invitation.id).invitation.revoked_at
            == first.invitation.revoked_at == T0)

    accepted = desk.invite({"username": "maria", "role": Role.MEMBER})
    desk.accept(accepted.issued.secret, PASSWORD)
    with pytest.raises(Conflict):
        desk.revoke(accepted.issued.invitation.id)
    assert store.get_invitation(accepted.issued.invitation.id).revoked_at is None
    with pytest.raises(NotFound):
        store.revoke_invitation("nobody", T0)


def test_a_new_invitation_revokes_the_one_still_waiting(store, desk):
    invited = desk.invite({"username": "nikos", "role": Role.MEMBER})

    again = desk.reinvite(invited.user.id)

    states = {view.invitation.id: view.state for view in desk.list_invitations()}
    assert states == {invited.issued.invitation.id: InvitationState.REVOKED,
                      again.issued.invitation.id: InvitationState.PENDING}


def test_a_coordinator_invites_members_of_its_territories_stakeholders_only(store, desk):
    here = store.create_stakeholder(stakeholder(region="EL303"))
    there = store.create_stakeholder(stakeholder(region="EL522"))
    coordinator = Accounts(store).create_user(
        {"username": "maria", "role": Role.COORDINATOR, "regions": ["EL30"]})

    invited = desk.invite({"username": "nikos", "role": Role.MEMBER,
                           "memberships": [here.id]}, actor=coordinator)

    with pytest.raises(InvalidInput):
        desk.invite({"username": "other", "role": Role.MEMBER, "memberships": [there.id]},
                    actor=coordinator)
    with pytest.raises(Forbidden):
        desk.invite({"username": "boss", "role": Role.COORDINATOR, "regions": ["EL30"],
                     "memberships": [here.id]}, actor=coordinator)
    elsewhere = desk.invite({"username": "petros", "role": Role.MEMBER,
                             "memberships": [there.id]})
    assert [v.user.username for v in desk.list_invitations(actor=coordinator)] == ["nikos"]
    with pytest.raises(NotFound):
        desk.revoke(elsewhere.issued.invitation.id, actor=coordinator)
    entry = next(e for e in store.find_audit(AuditQuery(regions=("EL30",))).items
                 if e.action == "user.invite")
    assert (entry.object_id, entry.actor_id) == (invited.user.id, coordinator.id)


def test_a_member_may_not_invite(store, desk):
    member = Accounts(store).create_user({"username": "nikos", "role": Role.MEMBER})
    with pytest.raises(Forbidden):
        desk.invite({"username": "x", "role": Role.MEMBER}, actor=member)
    with pytest.raises(Forbidden):
        desk.list_invitations(actor=member)


def test_deleting_an_account_deletes_its_invitations(store, desk):
    invited = desk.invite({"username": "nikos", "role": Role.MEMBER})

    store.delete_user(invited.user.id)

    assert store.list_invitations() == []
    with pytest.raises(NotFound):
        desk.look_up(invited.issued.secret)


def test_the_audit_trail_is_filtered_by_action_and_by_time(store):
    times = [T0, T0 + timedelta(hours=1), T0 + timedelta(hours=2)]
    for at, action in zip(times, ("user.invite", "user.create", "user.invite"), strict=True):
        entry = dataclasses.replace(audit_entry(None, action, "user", f"at-{at.hour}"), at=at)
        store.create_stakeholder(stakeholder(), audit=entry)

    def found(**filters):
        return [e.object_id for e in store.find_audit(AuditQuery(**filters)).items]

    assert found(action="user.invite") == ["at-10", "at-8"]
    assert found(since=times[1]) == ["at-10", "at-9"]
    assert found(before=times[1]) == ["at-8"]
    athens = times[1].astimezone(ZoneInfo("Europe/Athens"))  # the same time, elsewhere
    assert found(action="user.invite", since=athens) == ["at-10"]
