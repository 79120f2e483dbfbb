"""The SQLite store's activities, registrations, meetings and the ties activities formed.

Each row keeps its object's plain record as JSON beside the columns filtered on. Foreign keys
cascade: deleting an activity deletes what hangs on it; erasing a stakeholder erases its
registrations, its meetings and the records of ties it formed. An activity names its organiser
by id only, so erasing the organiser leaves the activity (with a name nobody resolves).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime

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
from graph_models.stores.sqlite.connection import SqliteConnection
from graph_models.stores.sqlite.stakeholders import existing_ids
from graph_models.stores.sqlite.ties import insert_tie_unless_known


def _json(obj: object) -> str:
    return json.dumps(to_record(obj), ensure_ascii=False)


def _activity(row: sqlite3.Row) -> Activity:
    return from_record(Activity, json.loads(row["record"]))


def _registration(row: sqlite3.Row) -> Registration:
    return from_record(Registration, json.loads(row["record"]))


def meeting_of(row: sqlite3.Row) -> Meeting:
    """A meeting from its row's record."""
    return from_record(Meeting, json.loads(row["record"]))


def _activity_tie(row: sqlite3.Row) -> ActivityTie:
    return from_record(ActivityTie, json.loads(row["record"]))


def _region_clause(regions: tuple[str, ...], values: list[object]) -> str:
    values += [x for region in regions for x in (len(region), region)]
    return "(" + (" OR ".join("substr(region, 1, ?) = ?" for _ in regions) or "0") + ")"


def _where(query: ActivityQuery) -> tuple[str, list[object]]:
    """The WHERE condition (fixed fragments only) of ``query``'s filters, and its values."""
    clauses: list[str] = []
    values: list[object] = []
    if query.regions is not None:
        clauses.append(_region_clause(query.regions, values))
    for clause, value in (("kind = ?", query.kind and query.kind.value),
                          ("plan_id = ?", query.plan_id),
                          ("starts_on >= ?", query.starts_from and query.starts_from.isoformat()),
                          ("starts_on <= ?",
                           query.starts_until and query.starts_until.isoformat())):
        if value is not None:
            clauses.append(clause)
            values.append(value)
    return " AND ".join(clauses) or "1 = 1", values


def _registered(db: sqlite3.Connection, activity_id: str) -> int:
    count: int = db.execute("SELECT count(*) FROM activity_registrations WHERE activity_id = ?",
                            (activity_id,)).fetchone()[0]
    return count


def _insert_formed(db: sqlite3.Connection, formed: ActivityTie) -> None:
    db.execute("INSERT OR IGNORE INTO activity_ties VALUES (?,?,?,?,?,?)",
               (formed.activity_id, formed.tie_id, formed.source, formed.target,
                formed.formed_at.isoformat(), _json(formed)))


def _make_tie(db: sqlite3.Connection, activity_id: str, tie: Tie, via: TieSource,
              at: datetime) -> tuple[str, ActivityTie | None]:
    """Make the tie unless its pair has one: the pair's tie id, and the record of the tie
    formed when it is new."""
    tie_id = insert_tie_unless_known(db, tie)
    if tie_id != tie.id:
        return tie_id, None
    formed = ActivityTie(activity_id, tie.id, tie.source, tie.target, via, at)
    _insert_formed(db, formed)
    return tie_id, formed


class SqliteActivities(SqliteConnection):
    """Activities; see :class:`~graph_models.stores.contracts.activities.ActivityStore`."""

    def create_activity(self, activity: Activity, *,
                        audit: AuditEntry | None = None) -> Activity:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            if not existing_ids(db, [activity.organiser_id]):
                raise not_found("stakeholder", activity.organiser_id)
            try:
                db.execute("INSERT INTO activities VALUES (?,?,?,?,?,?)",
                           (activity.id, activity.region, activity.kind.value, activity.plan_id,
                            activity.starts_on.isoformat(), _json(activity)))
            except sqlite3.IntegrityError as error:
                raise Conflict("an activity with this id exists",
                               errors={"id": ["taken"]}) from error
        return activity

    def get_activity(self, activity_id: str) -> Activity:
        return self._read_one("SELECT record FROM activities WHERE id = ?", _activity,
                              not_found("activity", activity_id), activity_id)

    def find_activities(self, query: ActivityQuery) -> Page[Activity]:
        where, values = _where(query)
        return self._read_page(
            f"SELECT count(*) FROM activities WHERE {where}",  # noqa: S608 - fixed fragments
            f"SELECT record FROM activities WHERE {where} "  # noqa: S608
            "ORDER BY starts_on, id LIMIT ? OFFSET ?", values, query, _activity)

    def update_activity(self, activity: Activity, *,
                        audit: AuditEntry | None = None) -> Activity:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            self._replace(db, activity)
        return activity

    def _replace(self, db: sqlite3.Connection, activity: Activity) -> None:
        if db.execute("SELECT 1 FROM activities WHERE id = ?", (activity.id,)).fetchone() is None:
            raise not_found("activity", activity.id)
        if _registered(db, activity.id) > activity.capacity:
            raise Conflict("more are registered than that capacity",
                           errors={"capacity": ["below the registrations held"]})
        db.execute("UPDATE activities SET region = ?, kind = ?, plan_id = ?, starts_on = ?, "
                   "record = ? WHERE id = ?",
                   (activity.region, activity.kind.value, activity.plan_id,
                    activity.starts_on.isoformat(), _json(activity), activity.id))

    # -- registrations ----------------------------------------------------------------------

    def register(self, registration: Registration, *,
                 audit: AuditEntry | None = None) -> Registration:
        r = registration
        # BEGIN IMMEDIATE holds the write lock: the count and the insert see the same seats.
        with self._transaction(write=True, graph=False, audit=audit) as db:
            activity = self._read_in(db, r.activity_id)
            if not existing_ids(db, [r.stakeholder_id]):
                raise not_found("stakeholder", r.stakeholder_id)
            if db.execute("SELECT 1 FROM activity_registrations WHERE activity_id = ? AND "
                          "stakeholder_id = ?", (r.activity_id, r.stakeholder_id)).fetchone():
                raise Conflict("already registered",
                               errors={"stakeholder_id": ["already registered"]})
            if _registered(db, r.activity_id) >= activity.capacity:
                raise Conflict("the activity is full", errors={"capacity": ["full"]})
            db.execute("INSERT INTO activity_registrations VALUES (?,?,?,?)",
                       (r.activity_id, r.stakeholder_id, r.registered_at.isoformat(), _json(r)))
        return r

    def _read_in(self, db: sqlite3.Connection, activity_id: str) -> Activity:
        row = db.execute("SELECT record FROM activities WHERE id = ?", (activity_id,)).fetchone()
        if row is None:
            raise not_found("activity", activity_id)
        return _activity(row)

    def update_registration(self, registration: Registration, *,
                            audit: AuditEntry | None = None) -> Registration:
        r = registration
        with self._transaction(write=True, graph=False, audit=audit) as db:
            if db.execute("UPDATE activity_registrations SET record = ? WHERE activity_id = ? "
                          "AND stakeholder_id = ?",
                          (_json(r), r.activity_id, r.stakeholder_id)).rowcount == 0:
                raise not_found("registration", r.stakeholder_id)
        return r

    def cancel_registration(self, activity_id: str, stakeholder_id: str, *,
                            audit: AuditEntry | None = None) -> None:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            if db.execute("DELETE FROM activity_registrations WHERE activity_id = ? AND "
                          "stakeholder_id = ?", (activity_id, stakeholder_id)).rowcount == 0:
                raise not_found("registration", stakeholder_id)

    def registrations(self, activity_id: str) -> list[Registration]:
        rows = self._connection().execute(
            "SELECT record FROM activity_registrations WHERE activity_id = ? "
            "ORDER BY registered_at, stakeholder_id", (activity_id,)).fetchall()
        return [_registration(row) for row in rows]

    def registrations_of(self, stakeholder_id: str) -> list[Registration]:
        rows = self._connection().execute(
            "SELECT record FROM activity_registrations WHERE stakeholder_id = ? "
            "ORDER BY registered_at DESC, activity_id", (stakeholder_id,)).fetchall()
        return [_registration(row) for row in rows]

    def record_attendance(self, activity: Activity, attended: Mapping[str, bool],
                          ties: Sequence[Tie], *,
                          audit: AuditEntry | None = None) -> list[ActivityTie]:
        at = activity.attendance_recorded_at or activity.updated_at
        formed: list[ActivityTie] = []
        with self._transaction(write=True, graph=bool(ties), audit=audit) as db:
            self._replace(db, activity)
            for stakeholder_id, present in sorted(attended.items()):
                row = db.execute("SELECT record FROM activity_registrations WHERE activity_id "
                                 "= ? AND stakeholder_id = ?",
                                 (activity.id, stakeholder_id)).fetchone()
                if row is None:
                    raise not_found("registration", stakeholder_id)
                record = json.loads(row["record"]) | {"attended": present}
                db.execute("UPDATE activity_registrations SET record = ? WHERE activity_id = ? "
                           "AND stakeholder_id = ?",
                           (json.dumps(record, ensure_ascii=False), activity.id, stakeholder_id))
            for tie in ties:
                made = _make_tie(db, activity.id, tie, TieSource.ATTENDANCE, at)[1]
                if made is not None:
                    formed.append(made)
        return formed

    # -- meetings ---------------------------------------------------------------------------

    def save_schedule(self, activity: Activity, meetings: Sequence[Meeting], *,
                      audit: AuditEntry | None = None) -> list[Meeting]:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            self._replace(db, activity)
            db.execute("DELETE FROM activity_meetings WHERE activity_id = ?", (activity.id,))
            try:
                db.executemany("INSERT INTO activity_meetings VALUES (?,?,?,?,?,?,?,?)", [
                    (m.id, activity.id, m.slot, m.table, m.a, m.b,
                     int(m.useful_a is not None or m.useful_b is not None), _json(m))
                    for m in meetings])
            except sqlite3.IntegrityError as error:
                raise not_found("stakeholder", "of a meeting") from error
        return list(meetings)

    def meetings(self, activity_id: str) -> list[Meeting]:
        rows = self._connection().execute(
            "SELECT record FROM activity_meetings WHERE activity_id = ? ORDER BY slot, seat, id",
            (activity_id,)).fetchall()
        return [meeting_of(row) for row in rows]

    def update_meeting(self, meeting: Meeting, *, tie: Tie | None = None,
                       audit: AuditEntry | None = None) -> Meeting:
        m = meeting
        with self._transaction(write=True, graph=tie is not None, audit=audit) as db:
            if db.execute("SELECT 1 FROM activity_meetings WHERE id = ?",
                          (m.id,)).fetchone() is None:
                raise not_found("meeting", m.id)
            if tie is not None:
                tie_id, _ = _make_tie(db, m.activity_id, tie, TieSource.MEETING,
                                      formed_at(tie))
                m = dataclasses.replace(m, tie_id=tie_id)
            db.execute("UPDATE activity_meetings SET answered = ?, record = ? WHERE id = ?",
                       (int(m.useful_a is not None or m.useful_b is not None), _json(m), m.id))
        return m

    def activity_ties(self, activity_id: str) -> list[ActivityTie]:
        rows = self._connection().execute(
            "SELECT record FROM activity_ties WHERE activity_id = ? ORDER BY formed_at, tie_id",
            (activity_id,)).fetchall()
        return [_activity_tie(row) for row in rows]

    def activity_records(self, regions: tuple[str, ...] | None, starts_from: date,
                         starts_until: date) -> list[ActivityRecord]:
        where, values = _where(ActivityQuery(regions=regions, starts_from=starts_from,
                                             starts_until=starts_until))
        out = []
        with self._transaction(write=False) as db:
            for row in db.execute(f"SELECT id, record FROM activities WHERE {where} "  # noqa: S608
                                  "ORDER BY starts_on, id", values).fetchall():
                registered = [_registration(r) for r in db.execute(
                    "SELECT record FROM activity_registrations WHERE activity_id = ?",
                    (row["id"],))]
                ties = tuple(_activity_tie(r) for r in db.execute(
                    "SELECT record FROM activity_ties WHERE activity_id = ? "
                    "ORDER BY formed_at, tie_id", (row["id"],)))
                out.append(ActivityRecord(_activity(row), len(registered),
                                          sum(1 for r in registered if r.attended), ties))
        return out
