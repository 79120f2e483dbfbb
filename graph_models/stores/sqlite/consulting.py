"""The SQLite store's assessments, their links and answers, and workshops: a row each, its
record as JSON beside the columns they are found and ordered by. A link and an answer name
their stakeholder by a foreign key that cascades, so erasing a stakeholder erases them; a
workshop names its participants inside its record, so erasing one rewrites the record
(:func:`forget_in_workshops`)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.assessments import (
    Assessment,
    AssessmentResponse,
    AssessmentState,
    LinkState,
    ResponseLink,
    assessment_from_record,
    assessment_to_record,
    response_from_record,
    response_to_record,
    unusable_link,
)
from graph_models.domain.errors import Conflict, no_such, not_found
from graph_models.domain.records import from_record, to_record
from graph_models.domain.stakeholders import Stakeholder
from graph_models.domain.workshops import Workshop, workshop_from_record, workshop_to_record
from graph_models.stores.sqlite.connection import SqliteConnection, check_unchanged
from graph_models.stores.sqlite.stakeholders import replace_stakeholders


def _assessment(row: sqlite3.Row) -> Assessment:
    return assessment_from_record(json.loads(row["record"]))


def _link(row: sqlite3.Row) -> ResponseLink:
    return from_record(ResponseLink, json.loads(row["record"]))


def _response(row: sqlite3.Row) -> AssessmentResponse:
    return response_from_record(json.loads(row["record"]))


def _workshop(row: sqlite3.Row) -> Workshop:
    return workshop_from_record(json.loads(row["record"]))


def _json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def forget_in_workshops(db: sqlite3.Connection, stakeholder_id: str) -> None:
    """Take an erased stakeholder out of every workshop's participants, in the erasure's
    transaction."""
    rows = db.execute("SELECT record FROM workshops WHERE instr(record, ?) > 0",
                      (stakeholder_id,)).fetchall()
    for row in rows:
        workshop = _workshop(row)
        kept = workshop.without(stakeholder_id)
        if kept is not workshop:
            db.execute("UPDATE workshops SET record = ? WHERE id = ?",
                       (_json(workshop_to_record(kept)), kept.id))


class SqliteConsulting(SqliteConnection):
    """Assessments and workshops; see :mod:`graph_models.stores.contracts.consulting`."""

    def create_assessment(self, assessment: Assessment, *,
                          audit: AuditEntry | None = None) -> Assessment:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            try:
                db.execute("INSERT INTO assessments VALUES (?,?,?,?)",
                           (assessment.id, assessment.region, assessment.created_at.isoformat(),
                            _json(assessment_to_record(assessment))))
            except sqlite3.IntegrityError as error:
                raise Conflict("an assessment with this id exists",
                               errors={"id": ["taken"]}) from error
        return assessment

    def get_assessment(self, assessment_id: str) -> Assessment:
        return self._read_one("SELECT record FROM assessments WHERE id = ?", _assessment,
                              not_found("assessment", assessment_id), assessment_id)

    def list_assessments(self) -> list[Assessment]:
        rows = self._connection().execute(
            "SELECT record FROM assessments ORDER BY created_at DESC, id").fetchall()
        return [_assessment(row) for row in rows]

    def save_assessment(self, assessment: Assessment, *, expected_updated_at: datetime,
                        audit: AuditEntry | None = None) -> Assessment:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            check_unchanged(db, "SELECT json_extract(record, '$.updated_at') FROM assessments "
                            "WHERE id = ?", assessment.id, expected_updated_at, "assessment")
            if db.execute("UPDATE assessments SET region = ?, record = ? WHERE id = ?",
                          (assessment.region, _json(assessment_to_record(assessment)),
                           assessment.id)).rowcount == 0:
                raise not_found("assessment", assessment.id)
        return assessment

    def add_links(self, assessment_id: str, links: list[ResponseLink], *,
                  audit: AuditEntry | None = None) -> list[ResponseLink]:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            row = db.execute("SELECT record FROM assessments WHERE id = ?",
                             (assessment_id,)).fetchone()
            if row is None:
                raise not_found("assessment", assessment_id)
            if _assessment(row).state != AssessmentState.OPEN:
                raise Conflict("only an open assessment is sent",
                               errors={"state": [_assessment(row).state.value]})
            try:
                db.executemany("INSERT INTO assessment_links VALUES (?,?,?,?,?,?)", [
                    (link.id, link.assessment_id, link.stakeholder_id, link.digest,
                     link.created_at.isoformat(), _json(to_record(link))) for link in links])
            except sqlite3.IntegrityError as error:
                raise Conflict("a stakeholder has a link already, or is missing",
                               errors={"stakeholders": ["linked already or missing"]}) from error
        return links

    def links_of(self, assessment_id: str) -> list[ResponseLink]:
        rows = self._connection().execute(
            "SELECT record FROM assessment_links WHERE assessment_id = ? "
            "ORDER BY created_at, stakeholder_id", (assessment_id,)).fetchall()
        return [_link(row) for row in rows]

    def link_by_digest(self, digest: str) -> ResponseLink:
        return self._read_one("SELECT record FROM assessment_links WHERE digest = ?", _link,
                              no_such("link"), digest)

    def submit_response(self, response: AssessmentResponse, *, at: datetime,
                        stakeholder: Stakeholder | None = None,
                        expected_updated_at: datetime | None = None,
                        audit: AuditEntry | None = None) -> AssessmentResponse:
        with self._transaction(write=True, graph=stakeholder is not None, audit=audit) as db:
            row = db.execute("SELECT l.record AS link, a.record AS assessment "
                             "FROM assessment_links l JOIN assessments a "
                             "ON a.id = l.assessment_id WHERE l.id = ?",
                             (response.link_id,)).fetchone()
            if row is None:
                raise no_such("link")
            link = from_record(ResponseLink, json.loads(row["link"]))
            state = link.state(at, AssessmentState(json.loads(row["assessment"])["state"]))
            if state != LinkState.PENDING:
                raise unusable_link(state)
            db.execute("UPDATE assessment_links SET record = json_set(record, '$.answered_at', ?)"
                       " WHERE id = ?", (at.isoformat(), link.id))
            db.execute("INSERT INTO assessment_responses VALUES (?,?,?,?,?,?)",
                       (response.id, response.assessment_id, response.link_id,
                        response.stakeholder_id, response.submitted_at.isoformat(),
                        _json(response_to_record(response))))
            if stakeholder is not None:
                if expected_updated_at is not None:
                    check_unchanged(db, "SELECT updated_at FROM stakeholders WHERE id = ?",
                                    stakeholder.id, expected_updated_at, "stakeholder")
                replace_stakeholders(db, [stakeholder])
        return response

    def responses_of(self, assessment_id: str) -> list[AssessmentResponse]:
        rows = self._connection().execute(
            "SELECT record FROM assessment_responses WHERE assessment_id = ? "
            "ORDER BY submitted_at, id", (assessment_id,)).fetchall()
        return [_response(row) for row in rows]

    # -- workshops ---------------------------------------------------------------------------

    def create_workshop(self, workshop: Workshop, *,
                        audit: AuditEntry | None = None) -> Workshop:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            try:
                db.execute("INSERT INTO workshops VALUES (?,?,?,?)",
                           (workshop.id, workshop.region, workshop.held_on.isoformat(),
                            _json(workshop_to_record(workshop))))
            except sqlite3.IntegrityError as error:
                raise Conflict("a workshop with this id exists",
                               errors={"id": ["taken"]}) from error
        return workshop

    def get_workshop(self, workshop_id: str) -> Workshop:
        return self._read_one("SELECT record FROM workshops WHERE id = ?", _workshop,
                              not_found("workshop", workshop_id), workshop_id)

    def list_workshops(self) -> list[Workshop]:
        rows = self._connection().execute(
            "SELECT record FROM workshops ORDER BY held_on DESC, id").fetchall()
        return [_workshop(row) for row in rows]

    def save_workshop(self, workshop: Workshop, *, expected_updated_at: datetime,
                      audit: AuditEntry | None = None) -> Workshop:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            check_unchanged(db, "SELECT json_extract(record, '$.updated_at') FROM workshops "
                            "WHERE id = ?", workshop.id, expected_updated_at, "workshop")
            if db.execute("UPDATE workshops SET region = ?, held_on = ?, record = ? "
                          "WHERE id = ?", (workshop.region, workshop.held_on.isoformat(),
                                           _json(workshop_to_record(workshop)),
                                           workshop.id)).rowcount == 0:
                raise not_found("workshop", workshop.id)
        return workshop

    def delete_workshop(self, workshop_id: str, *, audit: AuditEntry | None = None) -> None:
        with self._transaction(write=True, graph=False, audit=audit) as db:
            if db.execute("DELETE FROM workshops WHERE id = ?", (workshop_id,)).rowcount == 0:
                raise not_found("workshop", workshop_id)

