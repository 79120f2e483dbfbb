"""The use cases of invitations: an account made for someone, without a password, and a
one-time link with which they set it, so that nobody needs a command line to let in the
people a coordinator works with.

An admin invites anyone. A coordinator invites members (only) of the stakeholders of its
territories, and sees and revokes the invitations of those: it brings in the brokers and
targets it works with, and can make nobody a coordinator or an admin.

Examples
--------
>>> import tempfile
>>> from graph_models.stores import open_store
>>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/invitations.db")
>>> store.ensure_schema()
>>> desk = Invitations(store, Accounts(store))
>>> invited = desk.invite({"username": "nikos", "role": "member"})
>>> desk.accept(invited.issued.secret, "a long enough password").username
'nikos'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from graph_models.domain import policy
from graph_models.domain.accounts import Role, User, hash_password, password_problems
from graph_models.domain.errors import Forbidden, InvalidInput, NotFound, no_such
from graph_models.domain.invitations import (
    DEFAULT_DAYS,
    Invitation,
    InvitationState,
    IssuedInvitation,
    invitation_digest,
    issue_invitation,
    unusable,
)
from graph_models.domain.policy import Action, Resource
from graph_models.domain.stakeholders import now
from graph_models.stores.base import GraphStore
from graph_models.use_cases.accounts import Accounts
from graph_models.use_cases.common import audit


@dataclass(frozen=True)
class Invited:
    """An invitation just made, its secret included, and the account it is for."""

    user: User
    issued: IssuedInvitation

    @property
    def view(self) -> InvitationView:
        return InvitationView(self.issued.invitation, self.user, InvitationState.PENDING)


@dataclass(frozen=True)
class InvitationView:
    """An invitation as its list shows it: with its account and where it stands."""

    invitation: Invitation
    user: User
    state: InvitationState


class Invitations:
    """Invitations over one store; accounts are made and checked as :class:`Accounts`
    makes them."""

    def __init__(self, store: GraphStore, accounts: Accounts, *,
                 clock: Callable[[], datetime] = now, days: int = DEFAULT_DAYS):
        self.store = store
        self._accounts = accounts
        self._clock = clock
        self._days = days

    def invite(self, fields: dict, *, actor: User | None = None) -> Invited:
        """Make the account ``fields`` describe (as ``create_user`` takes them, without a
        password) and its invitation, in one transaction; the secret is in the answer only."""
        policy.require_some(actor, Resource.INVITATION, Action.CREATE)
        if "password" in fields:
            raise InvalidInput("the invited person sets the password",
                               errors={"password": ["not given: the invitee sets it"]})
        user = self._accounts.new_user(fields)
        region = self._region_for(actor, user)
        issued = issue_invitation(user.id, invited_by=actor.id if actor else None,
                                  at=self._clock(), days=self._days)
        self.store.create_invitation(issued.invitation, user=user, audit=audit(
            actor, "user.invite", "user", user.id, region=region, fields=tuple(fields)))
        return Invited(user, issued)

    def reinvite(self, user_id: str, *, actor: User | None = None) -> Invited:
        """A new invitation for an existing account (one whose invitation ran out, or who
        forgot their password); the old ones still waiting are revoked."""
        policy.require_some(actor, Resource.INVITATION, Action.CREATE)
        user = self.store.get_user(user_id)
        if not self._may_manage(actor, user):
            raise NotFound(f"no user with id {user_id}")
        region = self._region_for(actor, user)
        if user.password_hash is not None and not policy.sees_everything(actor):
            # Whoever holds the link sets the password: a coordinator must not be able to
            # take over an account its owner already uses.
            raise Forbidden("only an admin invites again someone who has set a password")
        for view in self.list_invitations(actor=actor):
            if view.user.id == user.id and view.state == InvitationState.PENDING:
                self.revoke(view.invitation.id, actor=actor)
        issued = issue_invitation(user.id, invited_by=actor.id if actor else None,
                                  at=self._clock(), days=self._days)
        self.store.create_invitation(issued.invitation, audit=audit(
            actor, "user.invite", "user", user.id, region=region))
        return Invited(user, issued)

    def _region_for(self, actor: User | None, user: User) -> str | None:
        """The region the invitation of ``user`` belongs to (its first stakeholder's, else its
        first territory); Forbidden or NotFound unless ``actor`` may invite ``user``."""
        regions = []
        for stakeholder_id in user.memberships:
            try:
                regions.append(self.store.get_stakeholder(stakeholder_id).region)
            except NotFound:
                raise InvalidInput("a membership names no stakeholder", errors={
                    "memberships": [f"no stakeholder with id {stakeholder_id}"]}) from None
        if actor is not None and actor.role != Role.ADMIN:
            if user.role != Role.MEMBER or user.regions:
                raise Forbidden("a coordinator invites members only")
            if not regions or not all(actor.covers(region) for region in regions):
                raise InvalidInput("a coordinator invites members of its territories' "
                                   "stakeholders", errors={
                                       "memberships": ["outside your territories"]})
        return next(iter(regions or user.regions), None)

    def list_invitations(self, *, actor: User | None = None) -> list[InvitationView]:
        """Every invitation, newest first (for a coordinator: those of its territories'
        members), each with its account and state."""
        policy.require_some(actor, Resource.INVITATION, Action.LIST)
        at = self._clock()
        users = {user.id: user for user in self.store.list_users()}
        views = [InvitationView(i, users[i.user_id], i.state(at))
                 for i in self.store.list_invitations()]
        return [view for view in views if self._may_manage(actor, view.user)]

    def _may_manage(self, actor: User | None, user: User) -> bool:
        if policy.sees_everything(actor):
            return True
        try:
            self._region_for(actor, user)
        except (Forbidden, InvalidInput):
            return False
        return True

    def revoke(self, invitation_id: str, *, actor: User | None = None) -> InvitationView:
        """Revoke an invitation so that its link no longer works (the account stays);
        Conflict once used."""
        policy.require_some(actor, Resource.INVITATION, Action.DELETE)
        invitation = self.store.get_invitation(invitation_id)
        user = self.store.get_user(invitation.user_id)
        if not self._may_manage(actor, user):
            raise NotFound(f"no invitation with id {invitation_id}")
        at = self._clock()
        revoked = self.store.revoke_invitation(invitation_id, at, audit=audit(
            actor, "user.revoke_invitation", "user", user.id,
            region=self._region_for(None, user)))
        return InvitationView(revoked, user, revoked.state(at))

    def look_up(self, secret: str) -> InvitationView:
        """The invitation a link's secret opens, whatever its state; NotFound if none."""
        invitation = self.store.invitation_by_digest(invitation_digest(secret))
        return InvitationView(invitation, self.store.get_user(invitation.user_id),
                              invitation.state(self._clock()))

    def accept(self, secret: str, password: str) -> User:
        """Set the invited account's password and use the invitation up: InvalidInput for a
        weak password, Gone for an invitation used, revoked or run out, NotFound for none;
        nothing is written then. Anyone holding the link may: the link is the proof."""
        view = self.look_up(secret)
        if view.state != InvitationState.PENDING:
            raise unusable(view.state)
        problems = password_problems(password)
        if problems:
            raise InvalidInput("the password is too weak", errors={"password": problems})
        user = view.user
        try:
            return self.store.accept_invitation(
                view.invitation.digest, hash_password(password), self._clock(),
                audit=audit(user, "user.accept_invitation", "user", user.id,
                            region=self._region_for(None, user)))
        except NotFound:  # erased meanwhile, with its account
            raise no_such("invitation") from None
