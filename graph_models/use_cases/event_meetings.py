"""A networking event's matchmaking: wishes and availability, the schedule of one-to-one
meetings (generated, adjusted, published), personal agendas, and what attendees say after.

Only pairs who both wish to meet are scheduled; a one-sided wish is counted for the
coordinator but never scheduled. A pair's weight is its match score
(:func:`~graph_models.matching.event_pairs.pair_scores`; :data:`NEUTRAL_SCORE` for kinds that
matching does not pair, such as two investors) times the mean of both sides' priorities over
the lowest (1 → ×1, 3 and 3 → ×2, :func:`pair_weight`); the schedule maximises the total
weight (:func:`~graph_models.events.schedule.schedule_meetings`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.activities import (
    MAX_WISHES,
    PRIORITIES,
    Activity,
    Meeting,
    Registration,
    ScheduleState,
)
from graph_models.domain.errors import Conflict, InvalidInput, not_found
from graph_models.domain.policy import Action, coordinates
from graph_models.domain.stakeholders import Tie, TieType, new_id, now
from graph_models.events.schedule import mutual_pairs, schedule_meetings
from graph_models.matching import DEFAULT_WEIGHTS, MatchWeights
from graph_models.matching.event_pairs import pair_scores
from graph_models.stores.base import GraphStore
from graph_models.use_cases.activities import Activities
from graph_models.use_cases.common import StakeholderSummary, audit, summary_in
from graph_models.use_cases.feedback import match_feedback
from graph_models.use_cases.snapshots import SnapshotCache

NEUTRAL_SCORE = 50.0


def pair_weight(score: float | None, priorities: tuple[int, int]) -> float:
    """What a mutual pair is worth to the schedule.

    >>> pair_weight(80.0, (1, 1)), pair_weight(80.0, (3, 3)), pair_weight(None, (2, 1))
    (80.0, 160.0, 62.5)
    """
    base = NEUTRAL_SCORE if score is None else max(score, 1.0)
    return base * (1 + (sum(priorities) - 2) / 4)


@dataclass(frozen=True)
class ScheduledMeeting:
    """A meeting with its round's label and who the two sides are."""

    meeting: Meeting
    slot_label: str
    a: StakeholderSummary | None
    b: StakeholderSummary | None


@dataclass(frozen=True)
class ScheduleView:
    """A networking event's schedule as its coordinators see it: the meetings, the mutual
    pairs it could not place, and the wishes that were not returned."""

    activity: Activity
    meetings: list[ScheduledMeeting]
    mutual_pairs: int
    one_sided_wishes: int

    @property
    def total_score(self) -> float:
        return round(sum(m.meeting.score for m in self.meetings), 1)


@dataclass(frozen=True)
class AgendaItem:
    """One meeting of a personal agenda: when, where, with whom, and what was said of it."""

    meeting: Meeting
    slot_label: str
    table: int  # numbered from 1, as printed on the tables
    other: StakeholderSummary | None
    held: bool | None
    useful: bool | None


@dataclass(frozen=True)
class Agenda:
    """A registrant's meetings at a networking event, by round."""

    activity: Activity
    stakeholder_id: str
    items: list[AgendaItem]
    published: bool


class EventMeetings:
    """The matchmaking use cases; pairs scored (with ``match_weights``) in the snapshot."""

    def __init__(self, store: GraphStore, snapshots: SnapshotCache, activities: Activities, *,
                 match_weights: MatchWeights = DEFAULT_WEIGHTS,
                 clock: Callable[[], datetime] = now):
        self.store = store
        self.snapshots = snapshots
        self.activities = activities
        self.match_weights = match_weights
        self._clock = clock

    def _event(self, activity_id: str) -> Activity:
        activity = self.store.get_activity(activity_id)
        if not activity.matchmaking:
            raise Conflict("the activity has no meeting rounds",
                           errors={"kind": ["a networking event with slots and tables"]})
        return activity

    # -- what attendees say beforehand -------------------------------------------------------

    def state_wishes(self, activity_id: str, stakeholder_id: str, *,
                     wishes: Mapping[str, int], available: Sequence[int],
                     actor: User | None = None) -> Registration:
        """Replace whom the registrant wants to meet (other registrants, to a priority 1–3)
        and the rounds it is free in (numbered from 0)."""
        activity = self._event(activity_id)
        self.activities.require(actor, Action.UPDATE, activity, stakeholder_id)
        registration = self.activities.registration(activity, stakeholder_id)
        if activity.schedule == ScheduleState.PUBLISHED:
            raise Conflict("the schedule is published", errors={"state": ["published"]})
        others = {r.stakeholder_id for r in self.store.registrations(activity.id)}
        errors: dict[str, list[str]] = {}
        if len(wishes) > MAX_WISHES:
            errors["wishes"] = [f"at most {MAX_WISHES} wishes"]
        elif any(w == stakeholder_id or w not in others for w in wishes):
            errors["wishes"] = ["only other registrants of the event"]
        elif any(p not in PRIORITIES for p in wishes.values()):
            errors["wishes"] = ["priorities are 1, 2 or 3"]
        if any(not 0 <= s < len(activity.slots) for s in available):
            errors["available"] = [f"rounds from 0 to {len(activity.slots) - 1}"]
        if errors:
            raise InvalidInput("invalid wishes", errors=errors)
        ordered = sorted(wishes)
        new = dataclasses.replace(registration, wishes=tuple(ordered),
                                  priorities=tuple(wishes[w] for w in ordered),
                                  available=tuple(sorted(set(available))))
        return self.store.update_registration(new, audit=audit(
            actor, "activity.wishes", "activity", activity.id, region=activity.region,
            fields=("available", "wishes")))

    # -- the schedule ------------------------------------------------------------------------

    def generate(self, activity_id: str, *, actor: User | None = None) -> ScheduleView:
        """Propose a new draft schedule (replacing the one there, unless meetings have been
        answered already)."""
        activity = self._managed_event(activity_id, actor)
        if any(m.held_a is not None or m.held_b is not None
               for m in self.store.meetings(activity.id)):
            raise Conflict("meetings have been answered: the schedule is final",
                           errors={"state": ["answered"]})
        registrations = self.store.registrations(activity.id)
        wishes = {r.stakeholder_id: r.wished() for r in registrations}
        mutual = mutual_pairs(wishes)
        feedback = match_feedback(self.store, None).penalties
        with self.snapshots.reading() as snapshot:
            scores = pair_scores(snapshot.graph, list(mutual), weights=self.match_weights,
                                 feedback=feedback, private_needs=policy.Reach())
        weights = {p: pair_weight(scores[p], mutual[p]) for p in mutual}
        found = schedule_meetings(weights, {r.stakeholder_id: r.available
                                            for r in registrations},
                                  slots=len(activity.slots), tables=activity.tables)
        meetings = [Meeting(new_id(), activity.id, m.slot, m.table, m.a, m.b,
                            NEUTRAL_SCORE if scores[(m.a, m.b)] is None
                            else float(scores[(m.a, m.b)]))  # type: ignore[arg-type]
                    for m in found]
        return self._save(activity, meetings, ScheduleState.DRAFT, actor, "activity.schedule")

    def remove_meeting(self, activity_id: str, meeting_id: str, *,
                       actor: User | None = None) -> ScheduleView:
        """Take a meeting out of the draft."""
        activity, meetings = self._draft(activity_id, actor)
        kept = [m for m in meetings if m.id != meeting_id]
        if len(kept) == len(meetings):
            raise not_found("meeting", meeting_id)
        return self._save(activity, kept, ScheduleState.DRAFT, actor, "activity.meeting_remove")

    def swap_meetings(self, activity_id: str, meeting_id: str, other_id: str, *,
                      actor: User | None = None) -> ScheduleView:
        """Exchange the rounds and tables of two meetings of the draft; Conflict naming
        ``other_id`` when someone would then be in two places or outside its availability."""
        activity, meetings = self._draft(activity_id, actor)
        by_id = {m.id: m for m in meetings}
        for value in (meeting_id, other_id):
            if value not in by_id:
                raise not_found("meeting", value)
        one, two = by_id[meeting_id], by_id[other_id]
        swapped = {one.id: dataclasses.replace(one, slot=two.slot, table=two.table),
                   two.id: dataclasses.replace(two, slot=one.slot, table=one.table)}
        new = [swapped.get(m.id, m) for m in meetings]
        free = {r.stakeholder_id: set(r.available) for r in self.store.registrations(activity.id)}
        seats = [(x, m.slot) for m in new for x in (m.a, m.b)]
        if len(seats) != len(set(seats)) or any(
                m.slot not in free.get(x, set()) for m in swapped.values() for x in (m.a, m.b)):
            raise Conflict("the exchange would double-book someone or break an availability",
                           errors={"other_id": ["cannot exchange these two"]})
        return self._save(activity, new, ScheduleState.DRAFT, actor, "activity.meeting_swap")

    def publish(self, activity_id: str, *, actor: User | None = None) -> ScheduleView:
        """Publish the draft: the attendees' agendas show it."""
        activity, meetings = self._draft(activity_id, actor)
        return self._save(activity, meetings, ScheduleState.PUBLISHED, actor, "activity.publish")

    def schedule(self, activity_id: str, *, actor: User | None = None) -> ScheduleView:
        """The schedule, for the event's coordinators."""
        activity = self._managed_event(activity_id, actor)
        return self._view(activity, self.store.meetings(activity.id))

    def _managed_event(self, activity_id: str, actor: User | None) -> Activity:
        activity = self.activities.managed(activity_id, actor)
        return self._event(activity.id)

    def _draft(self, activity_id: str, actor: User | None) -> tuple[Activity, list[Meeting]]:
        activity = self._managed_event(activity_id, actor)
        if activity.schedule != ScheduleState.DRAFT:
            raise Conflict("there is no draft schedule to change: generate one",
                           errors={"state": [activity.schedule.value]})
        return activity, self.store.meetings(activity.id)

    def _save(self, activity: Activity, meetings: list[Meeting], state: ScheduleState,
              actor: User | None, action: str) -> ScheduleView:
        new = activity.changed(self._clock(), schedule=state)
        self.store.save_schedule(new, meetings, audit=audit(
            actor, action, "activity", activity.id, region=activity.region,
            from_state=activity.schedule.value, to_state=state.value))
        return self._view(new, meetings)

    def _view(self, activity: Activity, meetings: list[Meeting]) -> ScheduleView:
        registrations = self.store.registrations(activity.id)
        wishes = {r.stakeholder_id: r.wished() for r in registrations}
        mutual = len(mutual_pairs(wishes))
        wished = sum(1 for w in wishes.values() for other in w if other in wishes)
        with self.snapshots.reading() as snapshot:
            graph = snapshot.graph
            shown = [ScheduledMeeting(m, activity.slots[m.slot], summary_in(graph, m.a),
                                      summary_in(graph, m.b)) for m in meetings]
        return ScheduleView(activity, shown, mutual, wished - 2 * mutual)

    # -- agendas and what attendees say afterwards -------------------------------------------

    def agenda(self, activity_id: str, stakeholder_id: str | None = None, *,
               actor: User | None = None) -> Agenda:
        """The registrant's meetings (once published; its coordinators see the draft too).
        Without ``stakeholder_id``: the one registered stakeholder ``actor`` is a member of."""
        activity = self._event(activity_id)
        if stakeholder_id is None:
            stakeholder_id = self._own_registrant(activity, actor)
        self.activities.require(actor, Action.READ, activity, stakeholder_id)
        self.activities.registration(activity, stakeholder_id)
        published = activity.schedule == ScheduleState.PUBLISHED
        if not published and not coordinates(actor, activity.region):
            return Agenda(activity, stakeholder_id, [], False)
        mine = [m for m in self.store.meetings(activity.id) if m.side(stakeholder_id)]
        with self.snapshots.reading() as snapshot:
            items = [AgendaItem(m, activity.slots[m.slot], m.table + 1,
                                summary_in(snapshot.graph, m.other(stakeholder_id)),
                                m.held_a if m.side(stakeholder_id) == "a" else m.held_b,
                                m.useful_a if m.side(stakeholder_id) == "a" else m.useful_b)
                     for m in mine]
        return Agenda(activity, stakeholder_id, items, published)

    def _own_registrant(self, activity: Activity, actor: User | None) -> str:
        mine = [r.stakeholder_id for r in self.store.registrations(activity.id)
                if actor is not None and actor.is_member_of(r.stakeholder_id)]
        if len(mine) != 1:
            raise InvalidInput("say whose agenda", errors={"stakeholder_id": [
                "required: you are not a member of exactly one registrant"]})
        return mine[0]

    def answer(self, activity_id: str, meeting_id: str, stakeholder_id: str, *, held: bool,
               useful: bool | None = None, actor: User | None = None) -> Meeting:
        """Say whether the meeting was held and, if so, whether it was useful. Once both sides
        say it was held and both consent to ties, it becomes a KNOWS tie."""
        activity = self._event(activity_id)
        self.activities.require(actor, Action.UPDATE, activity, stakeholder_id)
        if activity.schedule != ScheduleState.PUBLISHED:
            raise Conflict("the schedule is not published", errors={"state": [
                activity.schedule.value]})
        meeting = next((m for m in self.store.meetings(activity.id) if m.id == meeting_id), None)
        if meeting is None or meeting.side(stakeholder_id) is None:
            raise not_found("meeting", meeting_id)
        if useful is not None and not held:
            raise InvalidInput("a meeting not held cannot be useful",
                               errors={"useful": ["only for a meeting held"]})
        side = meeting.side(stakeholder_id)
        new = (dataclasses.replace(meeting, held_a=held, useful_a=useful) if side == "a" else
               dataclasses.replace(meeting, held_b=held, useful_b=useful))
        tie = None
        consent = {r.stakeholder_id: r.ties_consent
                   for r in self.store.registrations(activity.id)}
        if new.held and new.tie_id is None and consent.get(new.a) and consent.get(new.b):
            at = self._clock()
            tie = Tie(id=new_id(), type=TieType.KNOWS, source=new.a, target=new.b,
                      since=activity.starts_on, created_at=at, updated_at=at)
        return self.store.update_meeting(new, tie=tie, audit=audit(
            actor, "activity.meeting_answer", "activity", activity.id, region=activity.region,
            fields=("held", "useful")))
