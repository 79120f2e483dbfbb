"""The SQLite store's mentorship programmes, mentorships and their sessions.

Each row keeps its object's plain record as JSON beside the columns that are filtered on.
Foreign keys cascade, so erasing a stakeholder erases the mentorships it is part of and their
sessions; the programmes that name it are rewritten (:func:`forget_in_programmes`).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import (
    Conflict,
    mentee_placed_twice,
    moved_meanwhile,
    not_found,
    pair_ends_missing,
)
from graph_models.domain.mentorships import (
    Mentorship,
    MentorshipSession,
    MentorshipState,
    mentorship_from_record,
    mentorship_to_record,
)
from graph_models.domain.notifications import Notification
from graph_models.domain.programmes import Programme, programme_from_record, programme_to_record
from graph_models.domain.queries import MentorshipQuery, Page, ProgrammeQuery
from graph_models.domain.records import from_record, to_record
from graph_models.domain.stakeholders import Tie
from graph_models.stores.sqlite.connection import SqliteConnection, check_revision
from graph_models.stores.sqlite.notifications import insert_notifications
from graph_models.stores.sqlite.stakeholders import existing_ids
from graph_models.stores.sqlite.ties import insert_tie_unless_known


def _json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def _programme_row(p: Programme) -> tuple[object, ...]:
    return (p.id, p.region, p.state.value, p.revision, p.created_at.isoformat(),
            _json(programme_to_record(p)))


def _mentorship_row(m: Mentorship) -> tuple[object, ...]:
    return (m.id, m.programme_id, m.mentee_id, m.mentor_id, m.region, m.state.value,
            m.revision, _json(mentorship_to_record(m)))


def _programme(row: sqlite3.Row) -> Programme:
    return programme_from_record(json.loads(row["record"]))


def mentorship_of(row: sqlite3.Row) -> Mentorship:
    """The mentorship a row of ``mentorships`` holds."""
    return mentorship_from_record(json.loads(row["record"]))


def _region_clause(regions: tuple[str, ...], values: list[str | int]) -> str:
    values += [x for region in regions for x in (len(region), region)]
    return "(" + (" OR ".join("substr(region, 1, ?) = ?" for _ in regions) or "0") + ")"


def mentorships_where(query: MentorshipQuery) -> tuple[str, list[str | int]]:
    """The WHERE condition (made of fixed fragments only) that keeps the mentorships passing
    ``query``'s filters, and its values."""
    clauses: list[str] = []
    values: list[str | int] = []
    if query.programme_id is not None:
        clauses.append("programme_id = ?")
        values.append(query.programme_id)
    if query.stakeholder_ids is not None:
        marks = ",".join("?" * len(query.stakeholder_ids))
        clauses.append(f"(mentee_id IN ({marks}) OR mentor_id IN ({marks}))")
        values += [*query.stakeholder_ids, *query.stakeholder_ids]
    if query.regions is not None:
        clauses.append(_region_clause(query.regions, values))
    if query.states is not None:
        clauses.append(f"state IN ({','.join('?' * len(query.states))})")
        values += [state.value for state in query.states]
    return " AND ".join(clauses) or "1 = 1", values


# A page of mentorships, by programme then mentee, once its WHERE condition is filled in.
MENTORSHIPS_PAGE = ("SELECT record FROM mentorships WHERE {} "
                    "ORDER BY programme_id, mentee_id, id LIMIT ? OFFSET ?")


def forget_in_programmes(db: sqlite3.Connection, stakeholder_id: str) -> None:
    """Take an erased stakeholder out of every programme that names it (enrolment,
    exclusions, draft), in the erasure's transaction."""
    rows = db.execute("SELECT record FROM programmes WHERE instr(record, ?) > 0",
                      (stakeholder_id,)).fetchall()
    for row in rows:
        programme = _programme(row)
        kept = programme.without(stakeholder_id)
        if kept is not programme:
            db.execute("UPDATE programmes SET revision = ?, record = ? WHERE id = ?",
                       (kept.revision, _json(programme_to_record(kept)), kept.id))


def _replace_programme(db: sqlite3.Connection, programme: Programme) -> None:
    """Compare-and-set the programme's new revision."""
    check_revision(db, "SELECT state, revision FROM programmes WHERE id = ?", programme.id,
                   programme.revision, "programme")
    db.execute("UPDATE programmes SET state = ?, revision = ?, record = ? WHERE id = ?",
               (programme.state.value, programme.revision,
                _json(programme_to_record(programme)), programme.id))


class SqliteMentorship(SqliteConnection):
    """Programmes and mentorships; see
    :class:`~graph_models.stores.contracts.mentorship.MentorshipStore`."""

    # -- programmes -------------------------------------------------------------------------

    def create_programme(self, programme: Programme, *,
                         audit: AuditEntry | None = None) -> Programme:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            try:
                db.execute("INSERT INTO programmes VALUES (?,?,?,?,?,?)",
                           _programme_row(programme))
            except sqlite3.IntegrityError as error:
                raise Conflict("a programme with this id exists",
                               errors={"id": ["taken"]}) from error
        return programme

    def get_programme(self, programme_id: str) -> Programme:
        return self._read_one("SELECT record FROM programmes WHERE id = ?", _programme,
                              not_found("programme", programme_id), programme_id)

    def find_programmes(self, query: ProgrammeQuery) -> Page[Programme]:
        values: list[str | int] = []
        where = "1 = 1" if query.regions is None else _region_clause(query.regions, values)
        return self._read_page(
            f"SELECT count(*) FROM programmes WHERE {where}",  # noqa: S608 - fixed fragments
            f"SELECT record FROM programmes WHERE {where} "  # noqa: S608
            "ORDER BY created_at DESC, id LIMIT ? OFFSET ?", values, query, _programme)

    def update_programme(self, programme: Programme, *,
                         audit: AuditEntry | None = None) -> Programme:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            _replace_programme(db, programme)
        return programme

    def publish_programme(self, programme: Programme, mentorships: list[Mentorship], *,
                          audit: AuditEntry | None = None,
                          notifications: Sequence[Notification] = ()) -> Programme:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            _replace_programme(db, programme)
            ids = sorted({x for m in mentorships for x in (m.mentee_id, m.mentor_id)})
            missing = set(ids) - (existing_ids(db, ids) if ids else set())
            if missing:
                raise pair_ends_missing(missing)
            try:
                db.executemany("INSERT INTO mentorships VALUES (?,?,?,?,?,?,?,?)",
                               [_mentorship_row(m) for m in mentorships])
            except sqlite3.IntegrityError as error:
                raise mentee_placed_twice() from error
            insert_notifications(db, notifications)
        return programme

    # -- mentorships ------------------------------------------------------------------------

    def get_mentorship(self, mentorship_id: str) -> Mentorship:
        return self._read_one("SELECT record FROM mentorships WHERE id = ?", mentorship_of,
                              not_found("mentorship", mentorship_id), mentorship_id)

    def find_mentorships(self, query: MentorshipQuery) -> Page[Mentorship]:
        where, values = mentorships_where(query)
        return self._read_page(
            f"SELECT count(*) FROM mentorships WHERE {where}",  # noqa: S608 - fixed fragments
            MENTORSHIPS_PAGE.format(where), values, query, mentorship_of)

    def transition_mentorship(self, mentorship: Mentorship, *, audit: AuditEntry | None = None,
                              notifications: Sequence[Notification] = (),
                              tie: Tie | None = None) -> Mentorship:
        m = mentorship
        with self._transaction(write=True, graph=tie is not None, audit=audit) as db:
            check_revision(db, "SELECT state, revision FROM mentorships WHERE id = ?", m.id,
                           m.revision, "mentorship")
            if tie is not None:
                m = dataclasses.replace(m, tie_id=insert_tie_unless_known(db, tie))
            db.execute("UPDATE mentorships SET state = ?, revision = ?, record = ? WHERE id = ?",
                       (m.state.value, m.revision, _json(mentorship_to_record(m)), m.id))
            insert_notifications(db, notifications)
        return m

    # -- sessions ---------------------------------------------------------------------------

    def add_mentorship_session(self, session: MentorshipSession, *, state: MentorshipState,
                               audit: AuditEntry | None = None) -> MentorshipSession:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            row = db.execute("SELECT state FROM mentorships WHERE id = ?",
                             (session.mentorship_id,)).fetchone()
            if row is None:
                raise not_found("mentorship", session.mentorship_id)
            if row["state"] != state.value:
                raise moved_meanwhile("mentorship", row["state"])
            db.execute("INSERT INTO mentorship_sessions VALUES (?,?,?,?,?)",
                       (session.id, session.mentorship_id, session.on.isoformat(),
                        session.logged_at.isoformat(), _json(to_record(session))))
        return session

    def mentorship_sessions(self, mentorship_id: str) -> list[MentorshipSession]:
        rows = self._connection().execute(
            "SELECT record FROM mentorship_sessions WHERE mentorship_id = ? "
            "ORDER BY on_day, logged_at, id", (mentorship_id,)).fetchall()
        return [from_record(MentorshipSession, json.loads(r["record"])) for r in rows]
