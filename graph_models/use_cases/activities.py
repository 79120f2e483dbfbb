"""Activities: opening them, registering for them, recording attendance (and the ties it forms
with consent). A networking event's matchmaking is :mod:`graph_models.use_cases.event_meetings`.

Who may do what (:mod:`graph_models.domain.policy`): the coordinators of an activity's region
(and admins) open and run it; every member may read activities and register its own
stakeholder, state its own wishes and read its own agenda. A registration is in scope for the
activity's coordinators whatever the stakeholder's region.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from graph_models.domain import policy, vocabularies
from graph_models.domain.accounts import User
from graph_models.domain.activities import (
    MAX_CAPACITY,
    MAX_PLACE,
    MAX_SLOTS,
    MAX_TABLES,
    MAX_TITLE,
    Activity,
    ActivityKind,
    ActivityQuery,
    ActivityRecord,
    ActivityTie,
    Registration,
)
from graph_models.domain.errors import Conflict, Forbidden, InvalidInput, not_found
from graph_models.domain.policy import Action, Relation, Resource, coordinates, sees_everything
from graph_models.domain.queries import Page
from graph_models.domain.stakeholders import Pillar, Tie, TieType, new_id, now
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import StakeholderSummary, audit, summary_of

# The fields of an activity a coordinator may set, besides its id and times.
EDITABLE = ("title", "kind", "starts_on", "ends_on", "region", "pillar", "capacity",
            "organiser_id", "place", "topics", "slots", "tables", "plan_id")


@dataclass(frozen=True)
class ActivityView:
    """An activity as a reader sees it: its organiser, the seats taken, and the reader's own
    registrations (those of the stakeholders it is a member of)."""

    activity: Activity
    organiser: StakeholderSummary | None
    registered: int
    mine: tuple[Registration, ...]
    manages: bool

    @property
    def seats_left(self) -> int:
        return max(0, self.activity.capacity - self.registered)


@dataclass(frozen=True)
class Registrant:
    """A registration with who it is."""

    registration: Registration
    stakeholder: StakeholderSummary | None


def _check(fields: Mapping[str, object]) -> None:
    """InvalidInput naming every field of an activity that breaks a rule."""
    errors: dict[str, list[str]] = {}
    title = str(fields["title"])
    if not title.strip() or len(title) > MAX_TITLE:
        errors["title"] = [f"1 to {MAX_TITLE} characters"]
    if len(str(fields["place"])) > MAX_PLACE:
        errors["place"] = [f"at most {MAX_PLACE} characters"]
    if not vocabularies.is_region(str(fields["region"])):
        errors["region"] = [f"unknown NUTS region code: {fields['region']}"]
    if any(not vocabularies.is_topic(t) for t in fields["topics"]):  # type: ignore[attr-defined]
        errors["topics"] = ["unknown topic"]
    capacity = fields["capacity"]
    if not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = [f"an integer from 1 to {MAX_CAPACITY}"]
    ends_on, starts_on = fields["ends_on"], fields["starts_on"]
    if ends_on is not None and ends_on < starts_on:  # type: ignore[operator]
        errors["ends_on"] = ["a date not before starts_on"]
    slots = fields["slots"]
    if len(slots) > MAX_SLOTS or any(  # type: ignore[arg-type]
            not str(s).strip() or len(str(s)) > 40 for s in slots):  # type: ignore[attr-defined]
        errors["slots"] = [f"each round's name: 1 to 40 characters, at most {MAX_SLOTS} rounds"]
    tables = fields["tables"]
    if not isinstance(tables, int) or not 0 <= tables <= MAX_TABLES:
        errors["tables"] = [f"an integer from 0 to {MAX_TABLES}"]
    if (slots or tables) and fields["kind"] != ActivityKind.NETWORKING:
        errors["kind"] = ["only a networking event has meeting slots and tables"]
    if errors:
        raise InvalidInput("invalid activity", errors=errors)


def _choice(enum, value, field: str):
    """``value`` as a member of ``enum``; InvalidInput naming ``field`` otherwise."""
    try:
        return enum(value)
    except ValueError:
        raise InvalidInput("invalid activity", errors={field: [
            "one of: " + ", ".join(m.value for m in enum)]}) from None


def _territory(actor: User | None, region: str) -> None:
    if not coordinates(actor, region):
        raise Forbidden("the activity's region is outside your territories",
                        errors={"region": ["outside your territories"]})


class Activities:
    """The activity use cases over one store.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> from graph_models.domain.stakeholders import Kind, Stakeholder
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/activities.db")
    >>> store.ensure_schema()
    >>> org = store.create_stakeholder(Stakeholder("org", Kind.SUPPORT_ORGANISATION,
    ...     "Κέντρο ΚΑΛΟ", "EL303", created_at=now(), updated_at=now()))
    >>> desk = Activities(store)
    >>> fair = desk.create(title="Γνωριμίες", kind="networking", starts_on=date(2027, 4, 2),
    ...                    region="EL303", pillar="networking", capacity=30,
    ...                    organiser_id=org.id, slots=["10:00", "10:20"], tables=5)
    >>> desk.get(fair.id).seats_left
    30
    """

    def __init__(self, store: GraphStore, *, clock: Callable[[], datetime] = now):
        self.store = store
        self._clock = clock

    # -- the activities ----------------------------------------------------------------------

    def create(self, *, title: str, kind: str, starts_on: date, region: str, pillar: str,
               capacity: int, organiser_id: str, ends_on: date | None = None, place: str = "",
               topics: Sequence[str] = (), slots: Sequence[str] = (), tables: int = 0,
               plan_id: str | None = None, actor: User | None = None) -> Activity:
        """Open an activity of ``region`` (a coordinator's territory) organised by the
        stakeholder ``organiser_id``."""
        policy.require_some(actor, Resource.ACTIVITY, Action.CREATE)
        fields = dict(title=title.strip(), kind=_choice(ActivityKind, kind, "kind"),
                      starts_on=starts_on, ends_on=ends_on, region=region,
                      pillar=_choice(Pillar, pillar, "pillar"), capacity=capacity,
                      organiser_id=organiser_id, place=place.strip(), topics=tuple(topics),
                      slots=tuple(s.strip() for s in slots), tables=tables, plan_id=plan_id)
        _check(fields)
        _territory(actor, region)
        at = self._clock()
        activity = Activity(id=new_id(), created_at=at, updated_at=at,
                            created_by=actor.id if actor else None, **fields)
        return self.store.create_activity(activity, audit=audit(
            actor, "activity.create", "activity", activity.id, region=region))

    def update(self, activity_id: str, changes: Mapping[str, object], *,
               actor: User | None = None) -> Activity:
        """Change some of an activity's fields (:data:`EDITABLE`); in its new region too the
        actor must coordinate."""
        activity = self.managed(activity_id, actor)
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise InvalidInput("unknown fields", errors={f: ["cannot be changed"] for f in unknown})
        fields = {f: getattr(activity, f) for f in EDITABLE} | dict(changes)
        fields["kind"] = _choice(ActivityKind, fields["kind"], "kind")
        fields["pillar"] = _choice(Pillar, fields["pillar"], "pillar")
        for name in ("topics", "slots"):
            fields[name] = tuple(fields[name])
        _check(fields)
        _territory(actor, str(fields["region"]))
        if fields["slots"] != activity.slots and activity.schedule.value != "none":
            raise Conflict("the meeting slots cannot change once a schedule exists",
                           errors={"slots": ["a schedule exists"]})
        new = activity.changed(self._clock(), **fields)
        if new.organiser_id != activity.organiser_id:
            self.store.get_stakeholder(new.organiser_id)
        return self.store.update_activity(new, audit=audit(
            actor, "activity.update", "activity", new.id, region=new.region,
            fields=tuple(sorted(changes))))

    def get(self, activity_id: str, *, actor: User | None = None) -> ActivityView:
        """An activity, with the seats taken and the reader's own registrations."""
        policy.require_some(actor, Resource.ACTIVITY, Action.READ)
        return self._view(self.store.get_activity(activity_id), actor)

    def _view(self, activity: Activity, actor: User | None) -> ActivityView:
        registrations = self.store.registrations(activity.id)
        mine = tuple(r for r in registrations
                     if actor is not None and actor.is_member_of(r.stakeholder_id))
        found = self.store.get_stakeholders([activity.organiser_id])
        organiser = (summary_of(found[activity.organiser_id])
                     if activity.organiser_id in found else None)
        return ActivityView(activity, organiser, len(registrations), mine,
                            coordinates(actor, activity.region))

    def find(self, *, region: str | None = None, kind: str | None = None,
             plan_id: str | None = None, starts_from: date | None = None,
             starts_until: date | None = None, page: int = 1, page_size: int = 20,
             actor: User | None = None) -> Page[Activity]:
        """A page of activities, soonest first, filtered."""
        policy.require_some(actor, Resource.ACTIVITY, Action.LIST)
        return self.store.find_activities(ActivityQuery(
            regions=(region,) if region else None,
            kind=_choice(ActivityKind, kind, "kind") if kind else None,
            plan_id=plan_id, starts_from=starts_from, starts_until=starts_until, page=page,
            page_size=page_size))

    def managed(self, activity_id: str, actor: User | None) -> Activity:
        """The activity, once ``actor`` coordinates its region; NotFound if absent, Forbidden
        for a reader who does not."""
        policy.require_some(actor, Resource.ACTIVITY, Action.UPDATE)
        activity = self.store.get_activity(activity_id)
        if not coordinates(actor, activity.region):
            raise Forbidden("the activity's region is outside your territories")
        return activity

    # -- registrations -----------------------------------------------------------------------

    def relation(self, actor: User | None, activity: Activity, stakeholder_id: str) -> Relation:
        """How ``actor`` stands to a registration: its stakeholder's member (own), the
        activity's coordinator (in scope), or neither."""
        if actor is None or actor.is_member_of(stakeholder_id):
            return Relation.OWN
        if actor.role in policy.TERRITORIAL_ROLES and coordinates(actor, activity.region):
            return Relation.IN_SCOPE
        return Relation.HIDDEN

    def require(self, actor: User | None, action: Action, activity: Activity,
                stakeholder_id: str) -> None:
        """Forbidden unless ``actor`` may do ``action`` on this stakeholder's registration."""
        policy.require_some(actor, Resource.REGISTRATION, action)
        if not policy.allows(actor, Resource.REGISTRATION, action,
                             self.relation(actor, activity, stakeholder_id)):
            raise Forbidden("you may act only for a stakeholder you are a member of",
                            errors={"stakeholder_id": ["not yours"]})

    def register(self, activity_id: str, stakeholder_id: str, *, ties_consent: bool = False,
                 actor: User | None = None) -> Registration:
        """Register the stakeholder while seats are left (Conflict naming ``capacity``)."""
        activity = self.store.get_activity(activity_id)
        self.require(actor, Action.CREATE, activity, stakeholder_id)
        if activity.attendance_recorded_at is not None:
            raise Conflict("the activity is over", errors={"activity": ["attendance recorded"]})
        registration = Registration(activity.id, stakeholder_id, self._clock(),
                                    registered_by=actor.id if actor else None,
                                    ties_consent=ties_consent)
        return self.store.register(registration, audit=audit(
            actor, "activity.register", "activity", activity.id, region=activity.region))

    def cancel(self, activity_id: str, stakeholder_id: str, *,
               actor: User | None = None) -> None:
        """Give the seat back (before attendance is recorded)."""
        activity = self.store.get_activity(activity_id)
        self.require(actor, Action.DELETE, activity, stakeholder_id)
        if activity.attendance_recorded_at is not None:
            raise Conflict("the activity is over", errors={"activity": ["attendance recorded"]})
        self.store.cancel_registration(activity.id, stakeholder_id, audit=audit(
            actor, "activity.cancel", "activity", activity.id, region=activity.region))

    def names(self, stakeholder_ids: Sequence[str]) -> dict[str, str]:
        """The names of these stakeholders (those that exist), by id: what a page shows of the
        stakeholders its reader acts for."""
        return {i: s.name for i, s in self.store.get_stakeholders(list(stakeholder_ids)).items()}

    def registration(self, activity: Activity, stakeholder_id: str) -> Registration:
        """The stakeholder's registration; NotFound naming it when it has none."""
        for r in self.store.registrations(activity.id):
            if r.stakeholder_id == stakeholder_id:
                return r
        raise not_found("registration", stakeholder_id)

    def registrants(self, activity_id: str, *, actor: User | None = None) -> list[Registrant]:
        """Who is registered: for the activity's coordinators, and for the members of a
        registrant (a networking event's attendees choose whom to meet among them)."""
        activity = self.store.get_activity(activity_id)
        registrations = self.store.registrations(activity.id)
        if not (coordinates(actor, activity.region) or any(
                actor is not None and actor.is_member_of(r.stakeholder_id)
                for r in registrations)):
            raise Forbidden("only the activity's coordinators and registrants see who is "
                            "registered")
        found = self.store.get_stakeholders([r.stakeholder_id for r in registrations])
        return [Registrant(r, summary_of(found[r.stakeholder_id])
                           if r.stakeholder_id in found else None) for r in registrations]

    def set_consent(self, activity_id: str, stakeholder_id: str, ties_consent: bool, *,
                    actor: User | None = None) -> Registration:
        """Say whether attending (and meetings held) may become ties."""
        activity = self.store.get_activity(activity_id)
        self.require(actor, Action.UPDATE, activity, stakeholder_id)
        new = dataclasses.replace(self.registration(activity, stakeholder_id),
                                  ties_consent=ties_consent)
        return self.store.update_registration(new, audit=audit(
            actor, "activity.consent", "activity", activity.id, region=activity.region,
            fields=("ties_consent",)))

    # -- attendance --------------------------------------------------------------------------

    def record_attendance(self, activity_id: str, attended: Sequence[str], *,
                          actor: User | None = None) -> list[ActivityTie]:
        """Record who came (the other registrants did not). Each attendee who consents gets a
        KNOWS tie with the organiser unless they have one; the ties formed are returned."""
        activity = self.managed(activity_id, actor)
        registered = {r.stakeholder_id: r for r in self.store.registrations(activity.id)}
        strangers = sorted(set(attended) - set(registered))
        if strangers:
            raise InvalidInput("not registered", errors={"attended": [
                f"not registered: {x}" for x in strangers]})
        at = self._clock()
        ties = [Tie(id=new_id(), type=TieType.KNOWS, source=x, target=activity.organiser_id,
                    since=activity.starts_on, created_at=at, updated_at=at)
                for x in sorted(set(attended))
                if registered[x].ties_consent and x != activity.organiser_id]
        recorded = activity.changed(at, attendance_recorded_at=at)
        return self.store.record_attendance(
            recorded, {x: x in set(attended) for x in registered}, ties,
            audit=audit(actor, "activity.attendance", "activity", activity.id,
                        region=activity.region))

    def records(self, *, region: str | None, starts_from: date, starts_until: date,
                actor: User | None = None) -> list[ActivityRecord]:
        """Attendance and the ties formed through activities of ``region`` (None: the actor's
        territories; everywhere for an admin) that started between the two dates: what the
        attendance indicators of a plan count."""
        policy.require_some(actor, Resource.ACTIVITY, Action.UPDATE)
        if region is not None:
            _territory(actor, region)
            regions: tuple[str, ...] | None = (region,)
        else:
            regions = None if sees_everything(actor) else actor.regions  # type: ignore[union-attr]
        return self.store.activity_records(regions, starts_from, starts_until)
