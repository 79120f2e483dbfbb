"""The introduction use cases: propose warm paths, take a request, move it through the
workflow, show inboxes, block requesters, and expire what nobody answered.

Who may see a request: its parties (members of the requester, the broker, and — once the
request was forwarded — the target), the coordinators of the target's region (its mediators)
and admins. Anyone else is told it does not exist. Contacts are shown only to the two ends,
only once the request is completed (both opted in), and only those of an end that consents to
share them: for this request, asked as it opts in (``share_contacts`` as the target accepts or
the requester completes), or for every completed request (its profile's ``contact_sharing``).
The consent is asked per request because it is given to one counterpart for one purpose
(GDPR art. 4(11), 5(1)(b-c)): agreeing to meet one fund must not show one's phone number to
every later counterpart. The broker passes on the rest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from graph_models.domain import policy
from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    moved_meanwhile,
    not_found,
)
from graph_models.domain.introductions import (
    OPEN_STATES,
    Block,
    DeclineReason,
    Introduction,
    IntroductionEvent,
    Party,
    Purpose,
    State,
    Step,
    next_state,
    steps_for,
)
from graph_models.domain.notifications import Notification
from graph_models.domain.policy import Action, Resource, coordinates, sees_everything
from graph_models.domain.queries import IntroductionQuery, Page
from graph_models.domain.stakeholders import Stakeholder, Tie, TieType, new_id, now
from graph_models.introductions.notices import notices_for
from graph_models.introductions.paths import WarmPath, warm_paths
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import (
    StakeholderSummary,
    as_seen_by,
    audit,
    readable_stakeholder,
    summary_of,
)
from graph_models.use_cases.snapshots import SnapshotCache

MAX_MESSAGE_LENGTH = 2000
# How many paths are searched when checking a chosen broker: more than are proposed, so that a
# broker proposed a moment ago is still accepted after the graph moved a little.
BROKER_SEARCH_LIMIT = 10


class Box(StrEnum):
    """The inboxes: whose requests a list shows."""

    SENT = "sent"
    TO_BROKER = "to_broker"
    TO_ME = "to_me"
    REGION = "region"


@dataclass(frozen=True)
class IntroductionRules:
    """Limits of the workflow, from configuration."""

    max_open: int = 5
    expiry_days: int = 30


@dataclass(frozen=True)
class Contacts:
    stakeholder_id: str
    email: str | None
    phone: str | None
    website: str | None


@dataclass(frozen=True)
class PathProposal:
    """What a requester may choose from: up to three warm paths (best first), and whether a
    coordinator of the target's region can mediate (always offered; needed when no path)."""

    requester_id: str
    target_id: str
    paths: list[WarmPath]
    names: dict[str, str]
    mediators: int


@dataclass(frozen=True)
class IntroductionView:
    """A request as one user sees it: how they stand to it, what they may do next, its
    history, and — only for the two ends of a completed request — the other end's contacts."""

    introduction: Introduction
    requester: StakeholderSummary
    target: StakeholderSummary
    broker: StakeholderSummary | None
    parties: frozenset[Party]
    steps: list[Step]
    history: list[IntroductionEvent]
    contacts: Contacts | None


class Introductions:
    """The introduction use cases over one store; warm paths are searched in the snapshot
    that ``snapshots`` hands out.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/introductions.db")
    >>> store.ensure_schema()
    >>> Introductions(store, SnapshotCache(store)).inbox(Box.REGION).total
    0
    """

    def __init__(self, store: GraphStore, snapshots: SnapshotCache, *,
                 rules: IntroductionRules = IntroductionRules(),
                 clock: Callable[[], datetime] = now):
        self.store = store
        self.snapshots = snapshots
        self.rules = rules
        self._clock = clock

    # -- proposing and requesting -----------------------------------------------------------

    def paths(self, requester_id: str, target_id: str, *,
              actor: User | None = None) -> PathProposal:
        """Up to three warm paths from the requester to the target, each naming its broker."""
        requester, target = self._ends(requester_id, target_id, actor)
        with self.snapshots.reading() as snapshot:
            graph = snapshot.graph
            found = self._warm_paths(graph, requester.id, target.id, limit=3)
            names = {node: graph.nodes[node]["name"] for p in found for node in p.path}
        return PathProposal(requester.id, target.id, found, names, self._mediators(target))

    def request(self, requester_id: str, target_id: str, purpose: Purpose, *,
                message: str = "", broker_id: str | None = None,
                actor: User | None = None) -> IntroductionView:
        """Ask to be introduced, for ``purpose``, through ``broker_id`` (one of the proposed
        brokers) or none, for a coordinator to mediate."""
        requester, target = self._ends(requester_id, target_id, actor)
        message = _text(message, "message") or ""
        if broker_id is not None:
            self._check_broker(requester.id, target.id, broker_id)
        at = self._clock()
        introduction = Introduction(
            id=new_id(), requester_id=requester.id, target_id=target.id, purpose=purpose,
            message=message, region=target.region, requested_by=actor.id if actor else "system",
            created_at=at, state_changed_at=at, broker_id=broker_id)
        event = IntroductionEvent(new_id(), introduction.id, 0, at, actor.id if actor else None,
                                  "request", State.REQUESTED, note=message or None)
        found = self.store.get_stakeholders(_ends_of(introduction))
        self.store.create_introduction(
            introduction, max_open=self.rules.max_open, event=event,
            audit=audit(actor, "introduction.request", "introduction", introduction.id,
                        region=introduction.region, to_state=introduction.state.value),
            notifications=self._notices(introduction, None, actor, found))
        return self._view(introduction, parties_of(actor, introduction), found=found)

    def _ends(self, requester_id: str, target_id: str,
              actor: User | None) -> tuple[Stakeholder, Stakeholder]:
        """The two ends, once ``actor`` may ask for the requester and may see the target."""
        policy.require_some(actor, Resource.INTRODUCTION, Action.CREATE)
        requester = self.store.get_stakeholder(requester_id)
        policy.require(actor, Resource.INTRODUCTION, Action.CREATE, requester)
        try:
            target = as_seen_by(actor, readable_stakeholder(self.store, actor, target_id))
        except NotFound:
            raise InvalidInput("no such target", errors={
                "target_id": [f"no stakeholder with id {target_id}"]}) from None
        if target.id == requester.id:
            raise InvalidInput("a stakeholder is not introduced to itself",
                               errors={"target_id": ["must differ from requester_id"]})
        if not target.discoverable:
            raise InvalidInput("the target does not take requests: it is not discoverable",
                               errors={"target_id": ["not discoverable"]})
        return requester, target

    def _warm_paths(self, graph, requester_id: str, target_id: str, *,
                    limit: int) -> list[WarmPath]:
        if requester_id not in graph or target_id not in graph:
            return []  # created after the snapshot was taken: no ties yet
        return warm_paths(graph, requester_id, target_id, limit=limit)

    def _check_broker(self, requester_id: str, target_id: str, broker_id: str) -> None:
        with self.snapshots.reading() as snapshot:
            brokers = {p.broker for p in self._warm_paths(snapshot.graph, requester_id,
                                                          target_id, limit=BROKER_SEARCH_LIMIT)}
        if broker_id not in brokers:
            raise InvalidInput("the broker must be on a warm path to the target", errors={
                "broker_id": ["not on a warm path to the target; ask for the paths again, "
                              "or leave it out for a coordinator to mediate"]})

    def _mediators(self, target: Stakeholder) -> int:
        return sum(1 for u in self.store.list_users()
                   if u.role == Role.COORDINATOR and not u.disabled and u.covers(target.region))

    # -- reading ----------------------------------------------------------------------------

    def get(self, introduction_id: str, *, actor: User | None = None) -> IntroductionView:
        """A request as ``actor`` sees it; NotFound when ``actor`` may not see it."""
        introduction = self.store.get_introduction(introduction_id)
        parties = self._visible_parties(actor, introduction)
        return self._view(introduction, parties)

    def _visible_parties(self, actor: User | None, introduction: Introduction) -> frozenset:
        parties = parties_of(actor, introduction)
        if not parties:
            raise not_found("introduction request", introduction.id)
        return parties

    def _view(self, introduction: Introduction, parties: frozenset, *,
              found: dict[str, Stakeholder] | None = None) -> IntroductionView:
        """The request as seen by ``parties``; ``found`` may hold its ends already read."""
        if found is None:
            found = self.store.get_stakeholders(_ends_of(introduction))
        return IntroductionView(
            introduction=introduction,
            requester=summary_of(found[introduction.requester_id]),
            target=summary_of(found[introduction.target_id]),
            broker=summary_of(found[introduction.broker_id]) if introduction.broker_id
            else None,
            parties=parties, steps=steps_for(introduction, parties),
            history=self.store.introduction_events(introduction.id),
            contacts=_contacts(introduction, parties, found))

    def inbox(self, box: Box, *, states: tuple[State, ...] | None = None,
              waiting_days: int | None = None, page: int = 1, page_size: int = 20,
              actor: User | None = None) -> Page[IntroductionView]:
        """A list of requests: ``sent`` (by my stakeholders), ``to_broker`` (naming them as
        broker), ``to_me`` (forwarded to them), ``region`` (a coordinator's territories; all
        of them for an admin). ``waiting_days`` keeps those unmoved for at least that long."""
        policy.require_some(actor, Resource.INTRODUCTION, Action.LIST)
        if box == Box.REGION:
            if actor is not None and actor.role not in (Role.COORDINATOR, Role.ADMIN):
                raise Forbidden("only coordinators see the requests of a region",
                                errors={"box": ["for coordinators only"]})
            query: dict = ({} if actor is None or sees_everything(actor)
                           else dict(regions=actor.regions))
        else:
            members = actor.memberships if actor is not None else ()
            boxes: dict[Box, dict] = {Box.SENT: dict(requester_ids=members),
                                      Box.TO_BROKER: dict(broker_ids=members),
                                      Box.TO_ME: dict(target_ids=members, forwarded_only=True)}
            query = boxes[box]
        changed_before = (None if waiting_days is None
                          else self._clock() - timedelta(days=waiting_days))
        found = self.store.find_introductions(IntroductionQuery(
            **query, states=states, changed_before=changed_before, page=page,
            page_size=page_size))
        ends = self.store.get_stakeholders(
            sorted({x for i in found.items for x in _ends_of(i)}))  # one read for the page
        views = [self._view(i, parties_of(actor, i), found=ends) for i in found.items]
        return Page(views, found.total, found.page, found.page_size)

    # -- moving -----------------------------------------------------------------------------

    def act(self, introduction_id: str, step: Step, *, note: str | None = None,
            reason: DeclineReason | None = None, block: bool = False,
            share_contacts: bool = False, revision: int | None = None,
            actor: User | None = None) -> IntroductionView:
        """Take a step of the workflow. A decline needs a ``reason``; a target declining may
        also ``block`` the requester. ``share_contacts``, as the target accepts or the
        requester completes, records that end's consent to show its contacts to the other end
        of this request once it is completed. ``revision``, when given, is the revision the
        actor saw: a step taken on what someone else has since changed is a Conflict, not a
        surprise. Of several people acting at once exactly one wins; the others get a Conflict
        naming the state it left. The request's earlier notifications still pending are
        retired with the step."""
        old = self.store.get_introduction(introduction_id)
        parties = self._visible_parties(actor, old) if actor is not None else frozenset(
            {Party.SYSTEM})
        if revision is not None and revision != old.revision:
            raise moved_meanwhile("introduction request", old.state.value)
        to = next_state(old, step, parties)
        note = _text(note, "note")
        if step == Step.DECLINE and reason is None:
            raise InvalidInput("say why you decline", errors={"reason": ["required to decline"]})
        if step != Step.DECLINE and (reason is not None or block):
            raise InvalidInput("a reason and a block go with a decline only",
                               errors={"reason" if reason is not None else "block":
                                       ["only when declining"]})
        if block and Party.TARGET not in parties:
            raise Forbidden("only the target may block the requester",
                            errors={"block": ["only the target may block"]})
        consenting = _consenting_end(old, step)
        if share_contacts and consenting is None:
            raise InvalidInput("contacts are shared as one accepts or completes", errors={
                "share_contacts": ["only when accepting (the target) or completing (the "
                                   "requester)"]})
        at, actor_id = self._clock(), actor.id if actor else None
        found = self.store.get_stakeholders(_ends_of(old))
        new = dataclasses.replace(
            old, state=to, revision=old.revision + 1, state_changed_at=at,
            decline_reason=reason if step == Step.DECLINE else old.decline_reason,
            forwarded_at=at if to == State.FORWARDED else old.forwarded_at,
            contacts_shared_by=tuple(sorted({*old.contacts_shared_by, consenting}))
            if share_contacts and consenting else old.contacts_shared_by)
        event = IntroductionEvent(new_id(), old.id, new.revision, at, actor_id, step.value, to,
                                  from_state=old.state, note=note,
                                  reason=reason if step == Step.DECLINE else None,
                                  shares_contacts=share_contacts if consenting else None)
        stored = self.store.transition_introduction(
            new, event=event,
            audit=audit(actor, f"introduction.{step.value}", "introduction", new.id,
                        region=new.region, from_state=old.state.value,
                        to_state=new.state.value),
            notifications=self._notices(new, old.state, actor, found),
            tie=self._introduced_tie(new, at) if to == State.COMPLETED else None,
            block=Block(old.target_id, old.requester_id, at, actor_id) if block else None)
        return self._view(stored, parties, found=found)

    def _introduced_tie(self, introduction: Introduction, at: datetime) -> Tie:
        return Tie(id=new_id(), type=TieType.INTRODUCED, source=introduction.requester_id,
                   target=introduction.target_id, since=at.date(), via=introduction.broker_id,
                   created_at=at, updated_at=at)

    def expire(self, *, older_than_days: int | None = None) -> list[str]:
        """Expire the open requests nobody moved for ``older_than_days`` (the rule's default);
        the ids expired. Run by the system, e.g. daily from a scheduler. A request someone
        moves meanwhile is left to them."""
        days = self.rules.expiry_days if older_than_days is None else older_than_days
        before = self._clock() - timedelta(days=days)
        expired = []
        while True:
            batch = self.store.find_introductions(IntroductionQuery(
                states=tuple(sorted(OPEN_STATES)), changed_before=before, page_size=100))
            moved = 0
            for introduction in batch.items:
                try:
                    self.act(introduction.id, Step.EXPIRE, actor=None)
                except (Conflict, NotFound):
                    continue
                expired.append(introduction.id)
                moved += 1
            if moved == 0:
                return expired

    # -- blocks ----------------------------------------------------------------------------

    def block(self, target_id: str, requester_id: str, *,
              actor: User | None = None) -> Block:
        """``target_id`` takes no more requests from ``requester_id``; for its members."""
        target = self.store.get_stakeholder(target_id)
        policy.require(actor, Resource.STAKEHOLDER, Action.UPDATE, target)
        if target_id == requester_id:
            raise InvalidInput("a stakeholder cannot block itself",
                               errors={"requester_id": ["must differ from the blocker"]})
        entry = audit(actor, "block.create", "stakeholder", target_id, region=target.region)
        try:
            return self.store.create_block(
                Block(target_id, requester_id, self._clock(), actor.id if actor else None),
                audit=entry)
        except Conflict as error:
            raise InvalidInput(error.message, errors=error.errors) from None

    def unblock(self, target_id: str, requester_id: str, *, actor: User | None = None) -> None:
        target = self.store.get_stakeholder(target_id)
        policy.require(actor, Resource.STAKEHOLDER, Action.UPDATE, target)
        self.store.delete_block(target_id, requester_id, audit=audit(
            actor, "block.delete", "stakeholder", target_id, region=target.region))

    def blocks(self, stakeholder_id: str, *, actor: User | None = None) -> list[Block]:
        """The requesters a stakeholder blocks (for those who may change it)."""
        target = self.store.get_stakeholder(stakeholder_id)
        policy.require(actor, Resource.STAKEHOLDER, Action.UPDATE, target)
        return [b for b in self.store.find_blocks(stakeholder_id)
                if b.target_id == stakeholder_id]

    # -- notifications ---------------------------------------------------------------------

    def _notices(self, introduction: Introduction, before: State | None, actor: User | None,
                 found: dict[str, Stakeholder]) -> list[Notification]:
        names = {i: s.name for i, s in found.items()}
        shared = frozenset(end for end in (introduction.requester_id, introduction.target_id)
                           if _shares_contacts(introduction, found[end]))
        return notices_for(introduction, before, self.store.list_users(), names,
                           at=self._clock(), actor_id=actor.id if actor else None, shared=shared)


def parties_of(actor: User | None, introduction: Introduction) -> frozenset[Party]:
    """How ``actor`` stands to a request. The target's members stand as the target only once
    the request was forwarded to it."""
    if actor is None:
        return frozenset({Party.SYSTEM})
    parties = set()
    if actor.is_member_of(introduction.requester_id):
        parties.add(Party.REQUESTER)
    if introduction.broker_id and actor.is_member_of(introduction.broker_id):
        parties.add(Party.BROKER)
    if introduction.forwarded_at and actor.is_member_of(introduction.target_id):
        parties.add(Party.TARGET)
    if coordinates(actor, introduction.region):
        parties.add(Party.MEDIATOR)
    return frozenset(parties)


def _ends_of(introduction: Introduction) -> list[str]:
    """The ids of the stakeholders a request names."""
    return [introduction.requester_id, introduction.target_id,
            *([introduction.broker_id] if introduction.broker_id else [])]


def _consenting_end(introduction: Introduction, step: Step) -> str | None:
    """The end whose consent to share its contacts ``step`` asks for: the one opting in."""
    return {Step.ACCEPT: introduction.target_id,
            Step.COMPLETE: introduction.requester_id}.get(step)


def _shares_contacts(introduction: Introduction, end: Stakeholder) -> bool:
    """Whether ``end`` consents to show its contacts to the other end of this request."""
    return end.id in introduction.contacts_shared_by or end.contact_sharing


def _contacts(introduction: Introduction, parties: frozenset,
              found: dict[str, Stakeholder]) -> Contacts | None:
    """The other end's contacts: for an end of a completed request only, and only if the
    other end consents to share them (for this request, or by its profile)."""
    if introduction.state != State.COMPLETED:
        return None
    other = (introduction.target_id if Party.REQUESTER in parties
             else introduction.requester_id if Party.TARGET in parties else None)
    if other is None or not _shares_contacts(introduction, found[other]):
        return None
    s = found[other]
    return Contacts(s.id, s.email, s.phone, s.website)


def _text(value: str | None, field: str) -> str | None:
    """A message or note, trimmed; None when empty. InvalidInput naming ``field`` when it is
    longer than a request keeps."""
    text = (value or "").strip()
    if len(text) > MAX_MESSAGE_LENGTH:
        raise InvalidInput(f"the {field} is too long", errors={
            field: [f"at most {MAX_MESSAGE_LENGTH} characters"]})
    return text or None
