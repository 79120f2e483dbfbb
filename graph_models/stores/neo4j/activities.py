"""The Neo4j store's activities, registrations, meetings and the ties activities formed.

``:Activity``, ``:ActivityRegistration``, ``:ActivityMeeting`` and ``:ActivityTie`` nodes carry
the fields they are found and ordered by (dates and times as ISO text, which sorts as they do)
and their whole plain record as JSON text in ``record``. They name stakeholders by id, through
no relationship, so no tie query sees them; erasing a stakeholder erases its registrations, its
meetings and the records of ties it formed (:func:`erase_activities_of`), as SQLite's foreign
keys do.

Concurrency. A registration first takes the activity node's write lock, then counts the seats
in a following statement, which sees every registration committed before the lock was
granted: of two registrations for the last seat, the second to get the lock finds none left.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import neo4j

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.activities import (
    Activity,
    ActivityQuery,
    ActivityRecord,
    ActivityTie,
    Meeting,
    Registration,
    TieSource,
    formed_at,
)
from graph_models.domain.errors import Conflict, not_found
from graph_models.domain.queries import Page
from graph_models.domain.records import from_record, to_record
from graph_models.domain.stakeholders import Tie
from graph_models.stores.neo4j.connection import Neo4jConnection
from graph_models.stores.neo4j.cypher import lock
from graph_models.stores.neo4j.stakeholders import existing_ids, lock_stakeholders
from graph_models.stores.neo4j.ties import create_tie_unless_known


def _json(obj: object) -> str:
    return json.dumps(to_record(obj), ensure_ascii=False)


def _activity(record: str) -> Activity:
    return from_record(Activity, json.loads(record))


def _registration(record: str) -> Registration:
    return from_record(Registration, json.loads(record))


def meeting_of(record: str) -> Meeting:
    """A meeting from its node's record."""
    return from_record(Meeting, json.loads(record))


def _activity_tie(record: str) -> ActivityTie:
    return from_record(ActivityTie, json.loads(record))


def _activity_parameters(a: Activity) -> dict[str, Any]:
    return {"id": a.id, "region": a.region, "kind": a.kind.value, "plan_id": a.plan_id,
            "starts_on": a.starts_on.isoformat(), "record": _json(a)}


# find_activities and activity_records filter with this fixed WHERE; a null parameter passes.
WHERE = ("WHERE ($regions IS NULL OR any(r IN $regions WHERE a.region STARTS WITH r)) "
         "AND ($kind IS NULL OR a.kind = $kind) AND ($plan_id IS NULL OR a.plan_id = $plan_id) "
         "AND ($from IS NULL OR a.starts_on >= $from) "
         "AND ($until IS NULL OR a.starts_on <= $until) ")
SET_ACTIVITY = ("SET a.region = $region, a.kind = $kind, a.plan_id = $plan_id, "
                "a.starts_on = $starts_on, a.record = $record")
SEATS = "MATCH (r:ActivityRegistration {activity_id: $id}) RETURN count(r) AS n"
REGISTRATION = ("MATCH (r:ActivityRegistration {activity_id: $activity_id, "
                "stakeholder_id: $stakeholder_id}) ")


def _filters(query: ActivityQuery) -> dict[str, Any]:
    return {"regions": list(query.regions) if query.regions is not None else None,
            "kind": query.kind.value if query.kind else None, "plan_id": query.plan_id,
            "from": query.starts_from.isoformat() if query.starts_from else None,
            "until": query.starts_until.isoformat() if query.starts_until else None}


def _locked_activity(tx: neo4j.ManagedTransaction, activity_id: str) -> Activity:
    """The activity, read after taking its write lock; NotFound if absent."""
    if tx.run("MATCH (a:Activity {id: $id}) " + lock("a") + " RETURN count(a) AS n",
              id=activity_id).single(strict=True)["n"] == 0:
        raise not_found("activity", activity_id)
    return _activity(tx.run("MATCH (a:Activity {id: $id}) RETURN a.record AS record",
                            id=activity_id).single(strict=True)["record"])


def _replace(tx: neo4j.ManagedTransaction, activity: Activity) -> None:
    _locked_activity(tx, activity.id)
    if tx.run(SEATS, id=activity.id).single(strict=True)["n"] > activity.capacity:
        raise Conflict("more are registered than that capacity",
                       errors={"capacity": ["below the registrations held"]})
    tx.run("MATCH (a:Activity {id: $id}) " + SET_ACTIVITY,
           _activity_parameters(activity)).consume()


def _make_tie(tx: neo4j.ManagedTransaction, activity_id: str, tie: Tie,
              via: TieSource) -> tuple[str, ActivityTie | None]:
    """Make the tie unless its pair has one: the pair's tie id, and the record of the tie
    formed when it is new."""
    tie_id = create_tie_unless_known(tx, tie)
    if tie_id != tie.id:
        return tie_id, None
    formed = ActivityTie(activity_id, tie.id, tie.source, tie.target, via, formed_at(tie))
    tx.run("CREATE (t:ActivityTie {activity_id: $activity_id, tie_id: $tie_id, source: $source, "
           "target: $target, formed_at: $formed_at, record: $record})",
           activity_id=activity_id, tie_id=tie.id, source=tie.source, target=tie.target,
           formed_at=formed.formed_at.isoformat(), record=_json(formed)).consume()
    return tie_id, formed


def erase_activities_of(tx: neo4j.ManagedTransaction, stakeholder_id: str) -> None:
    """Delete the stakeholder's registrations, meetings and records of ties it formed."""
    tx.run("MATCH (r:ActivityRegistration {stakeholder_id: $id}) DELETE r",
           id=stakeholder_id).consume()
    tx.run("CALL () { MATCH (m:ActivityMeeting {a: $id}) RETURN m UNION "
           "MATCH (m:ActivityMeeting {b: $id}) RETURN m } DELETE m", id=stakeholder_id).consume()
    tx.run("MATCH (t:ActivityTie) WHERE t.source = $id OR t.target = $id DELETE t",
           id=stakeholder_id).consume()


def _answered(m: Meeting) -> bool:
    return m.useful_a is not None or m.useful_b is not None


class Neo4jActivities(Neo4jConnection):
    """Activities; see :class:`~graph_models.stores.contracts.activities.ActivityStore`."""

    def create_activity(self, activity: Activity, *,
                        audit: AuditEntry | None = None) -> Activity:
        """Insert it; Conflict if the id is taken; NotFound without its organiser."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            lock_stakeholders(tx, [activity.organiser_id])
            if not existing_ids(tx, [activity.organiser_id]):
                raise not_found("stakeholder", activity.organiser_id)
            tx.run("CREATE (a:Activity {id: $id}) " + SET_ACTIVITY,
                   _activity_parameters(activity)).consume()

        self._write(create, graph=False, audit=audit, conflict=lambda error: Conflict(
            "an activity with this id exists", errors={"id": ["taken"]}))
        return activity

    def get_activity(self, activity_id: str) -> Activity:
        """NotFound if absent."""
        return self._read_one("MATCH (a:Activity {id: $id}) RETURN a.record AS record",
                              "record", _activity, not_found("activity", activity_id),
                              id=activity_id)

    def find_activities(self, query: ActivityQuery) -> Page[Activity]:
        """A page, by start date then id."""
        return self._read_page(
            "MATCH (a:Activity) " + WHERE + "RETURN count(a) AS total",
            "MATCH (a:Activity) " + WHERE + "WITH a ORDER BY a.starts_on, a.id "
            "SKIP $skip LIMIT $limit RETURN a.record AS record",
            _filters(query), "record", _activity, query)

    def update_activity(self, activity: Activity, *,
                        audit: AuditEntry | None = None) -> Activity:
        """Replace it; NotFound; Conflict below the seats taken."""
        self._write(_replace, activity, graph=False, audit=audit)
        return activity

    # -- registrations ----------------------------------------------------------------------

    def register(self, registration: Registration, *,
                 audit: AuditEntry | None = None) -> Registration:
        """Take a seat while one is left (the activity locked first)."""
        r = registration

        def register(tx: neo4j.ManagedTransaction) -> None:
            activity = _locked_activity(tx, r.activity_id)
            lock_stakeholders(tx, [r.stakeholder_id])
            if not existing_ids(tx, [r.stakeholder_id]):
                raise not_found("stakeholder", r.stakeholder_id)
            if tx.run(REGISTRATION + "RETURN count(r) AS n", activity_id=r.activity_id,
                      stakeholder_id=r.stakeholder_id).single(strict=True)["n"]:
                raise Conflict("already registered",
                               errors={"stakeholder_id": ["already registered"]})
            if tx.run(SEATS, id=r.activity_id).single(strict=True)["n"] >= activity.capacity:
                raise Conflict("the activity is full", errors={"capacity": ["full"]})
            tx.run("CREATE (r:ActivityRegistration {activity_id: $activity_id, "
                   "stakeholder_id: $stakeholder_id, registered_at: $at, record: $record})",
                   activity_id=r.activity_id, stakeholder_id=r.stakeholder_id,
                   at=r.registered_at.isoformat(), record=_json(r)).consume()

        self._write(register, graph=False, audit=audit)
        return r

    def update_registration(self, registration: Registration, *,
                            audit: AuditEntry | None = None) -> Registration:
        """Replace it; NotFound if absent."""
        r = registration

        def update(tx: neo4j.ManagedTransaction) -> None:
            if tx.run(REGISTRATION + "SET r.record = $record RETURN count(r) AS n",
                      activity_id=r.activity_id, stakeholder_id=r.stakeholder_id,
                      record=_json(r)).single(strict=True)["n"] == 0:
                raise not_found("registration", r.stakeholder_id)

        self._write(update, graph=False, audit=audit)
        return r

    def cancel_registration(self, activity_id: str, stakeholder_id: str, *,
                            audit: AuditEntry | None = None) -> None:
        """Delete it; NotFound if absent."""

        def cancel(tx: neo4j.ManagedTransaction) -> None:
            if tx.run(REGISTRATION + "WITH r, 1 AS one DELETE r RETURN count(one) AS n",
                      activity_id=activity_id,
                      stakeholder_id=stakeholder_id).single(strict=True)["n"] == 0:
                raise not_found("registration", stakeholder_id)

        self._write(cancel, graph=False, audit=audit)

    def _activity_records(self, query: str, convert, **parameters: Any) -> list:
        def read(tx: neo4j.ManagedTransaction) -> list:
            return [convert(record["record"]) for record in tx.run(query, parameters)]

        return self._read(read)

    def registrations(self, activity_id: str) -> list[Registration]:
        """By registration time, then stakeholder id."""
        return self._activity_records("MATCH (r:ActivityRegistration {activity_id: $id}) WITH r "
                             "ORDER BY r.registered_at, r.stakeholder_id "
                             "RETURN r.record AS record", _registration, id=activity_id)

    def registrations_of(self, stakeholder_id: str) -> list[Registration]:
        """Newest first."""
        return self._activity_records("MATCH (r:ActivityRegistration {stakeholder_id: $id}) WITH r "
                             "ORDER BY r.registered_at DESC, r.activity_id "
                             "RETURN r.record AS record", _registration, id=stakeholder_id)

    def record_attendance(self, activity: Activity, attended: Mapping[str, bool],
                          ties: Sequence[Tie], *,
                          audit: AuditEntry | None = None) -> list[ActivityTie]:
        """Mark attendance and make the ties, in one transaction."""

        def record(tx: neo4j.ManagedTransaction) -> list[ActivityTie]:
            _replace(tx, activity)
            for stakeholder_id, present in sorted(attended.items()):
                found = tx.run(REGISTRATION + "RETURN r.record AS record",
                               activity_id=activity.id, stakeholder_id=stakeholder_id).single()
                if found is None:
                    raise not_found("registration", stakeholder_id)
                marked = dataclasses.replace(_registration(found["record"]), attended=present)
                tx.run(REGISTRATION + "SET r.record = $record", activity_id=activity.id,
                       stakeholder_id=stakeholder_id, record=_json(marked)).consume()
            formed = [_make_tie(tx, activity.id, tie, TieSource.ATTENDANCE)[1] for tie in ties]
            return [f for f in formed if f is not None]

        return self._write(record, graph=bool(ties), audit=audit)

    # -- meetings ---------------------------------------------------------------------------

    def save_schedule(self, activity: Activity, meetings: Sequence[Meeting], *,
                      audit: AuditEntry | None = None) -> list[Meeting]:
        """Replace the activity's meetings."""

        def save(tx: neo4j.ManagedTransaction) -> None:
            _replace(tx, activity)
            tx.run("MATCH (m:ActivityMeeting {activity_id: $id}) DELETE m",
                   id=activity.id).consume()
            ids = sorted({x for m in meetings for x in (m.a, m.b)})
            lock_stakeholders(tx, ids)
            if len(existing_ids(tx, ids)) != len(ids):
                raise not_found("stakeholder", "of a meeting")
            tx.run("UNWIND $rows AS row CREATE (m:ActivityMeeting) SET m = row", rows=[
                {"id": m.id, "activity_id": activity.id, "slot": m.slot, "seat": m.table,
                 "a": m.a, "b": m.b, "answered": _answered(m),
                 "starts_on": activity.starts_on.isoformat(), "record": _json(m)}
                for m in meetings]).consume()

        self._write(save, graph=False, audit=audit)
        return list(meetings)

    def meetings(self, activity_id: str) -> list[Meeting]:
        """By slot, then table."""
        return self._activity_records("MATCH (m:ActivityMeeting {activity_id: $id}) WITH m "
                             "ORDER BY m.slot, m.seat, m.id RETURN m.record AS record",
                             meeting_of, id=activity_id)

    def update_meeting(self, meeting: Meeting, *, tie: Tie | None = None,
                       audit: AuditEntry | None = None) -> Meeting:
        """Replace its answers; with ``tie``, make the tie too."""

        def update(tx: neo4j.ManagedTransaction) -> Meeting:
            m = meeting
            if tx.run("MATCH (m:ActivityMeeting {id: $id}) RETURN count(m) AS n",
                      id=m.id).single(strict=True)["n"] == 0:
                raise not_found("meeting", m.id)
            if tie is not None:
                m = dataclasses.replace(m, tie_id=_make_tie(tx, m.activity_id, tie,
                                                            TieSource.MEETING)[0])
            tx.run("MATCH (m:ActivityMeeting {id: $id}) SET m.answered = $answered, "
                   "m.record = $record", id=m.id, answered=_answered(m),
                   record=_json(m)).consume()
            return m

        return self._write(update, graph=tie is not None, audit=audit)

    def activity_ties(self, activity_id: str) -> list[ActivityTie]:
        """Oldest first."""
        return self._activity_records("MATCH (t:ActivityTie {activity_id: $id}) WITH t "
                             "ORDER BY t.formed_at, t.tie_id RETURN t.record AS record",
                             _activity_tie, id=activity_id)

    def activity_records(self, regions: tuple[str, ...] | None, starts_from: date,
                         starts_until: date) -> list[ActivityRecord]:
        """Each activity of the territory and period, with its counts and ties."""
        parameters = _filters(ActivityQuery(regions=regions, starts_from=starts_from,
                                            starts_until=starts_until))

        def read(tx: neo4j.ManagedTransaction) -> list[ActivityRecord]:
            rows = tx.run(
                "MATCH (a:Activity) " + WHERE + "WITH a ORDER BY a.starts_on, a.id "
                "CALL (a) { OPTIONAL MATCH (r:ActivityRegistration {activity_id: a.id}) "
                "RETURN collect(r.record) AS registrations } "
                "CALL (a) { OPTIONAL MATCH (t:ActivityTie {activity_id: a.id}) WITH t "
                "ORDER BY t.formed_at, t.tie_id RETURN collect(t.record) AS ties } "
                "RETURN a.record AS record, registrations, ties", parameters)
            out = []
            for row in rows:
                registered = [_registration(r) for r in row["registrations"]]
                out.append(ActivityRecord(
                    _activity(row["record"]), len(registered),
                    sum(1 for r in registered if r.attended),
                    tuple(_activity_tie(t) for t in row["ties"])))
            return out

        return self._read(read)
