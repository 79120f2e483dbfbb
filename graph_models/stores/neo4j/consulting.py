"""The Neo4j store's assessments, their links and answers, and workshops: ``:Assessment``,
``:AssessmentLink``, ``:AssessmentResponse`` and ``:Workshop`` nodes, each holding its record
as JSON (``record``) beside the properties it is found and ordered by. A link is unique by id,
by digest and by ``pair`` (its assessment's and stakeholder's ids); an answer by its link.
Erasing a stakeholder deletes its links and answers and takes it out of the workshops it took
part in (:func:`erase_answers_of`)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

import neo4j

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
from graph_models.domain.errors import (
    Conflict,
    changed_meanwhile,
    no_stakeholder_of_kind,
    no_such,
    not_found,
)
from graph_models.domain.records import from_record, to_record
from graph_models.domain.stakeholders import Stakeholder
from graph_models.domain.workshops import Workshop, workshop_from_record, workshop_to_record
from graph_models.stores.neo4j.connection import Neo4jConnection, record_changes
from graph_models.stores.neo4j.cypher import lock
from graph_models.stores.neo4j.stakeholders import (
    GET_STAKEHOLDER,
    replace_stakeholders,
    stakeholder_from_values,
    stakeholder_row,
)


def _json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def _taken(message: str) -> Conflict:
    return Conflict(message, errors={"id": ["taken"]})


def _unchanged(tx: neo4j.ManagedTransaction, label: str, object_id: str,
               expected: datetime, what: str) -> None:
    """Lock the ``label`` node (a fixed label) of this id, then raise NotFound if it is absent
    or Conflict if its record's ``updated_at`` is not ``expected``."""
    tx.run("MATCH (n:" + label + " {id: $id}) " + lock("n"), id=object_id).consume()
    stored = tx.run("MATCH (n:" + label + " {id: $id}) RETURN n.record AS record",
                    id=object_id).single()
    if stored is None:
        raise not_found(what, object_id)
    if datetime.fromisoformat(json.loads(stored["record"])["updated_at"]) != expected:
        raise changed_meanwhile(what)


def erase_answers_of(tx: neo4j.ManagedTransaction, stakeholder_id: str) -> None:
    """Delete the stakeholder's links and answers, and take it out of every workshop's
    participants (part of erasing it)."""
    tx.run("MATCH (n) WHERE (n:AssessmentLink OR n:AssessmentResponse) "
           "AND n.stakeholder_id = $id DELETE n", id=stakeholder_id).consume()
    # A workshop names its participants in its record: locked, then read in a later
    # statement so that an edit committed meanwhile is seen, then rewritten (a scan of
    # workshops: there are few, and erasures are rare).
    tx.run("MATCH (w:Workshop) WHERE w.record CONTAINS $id " + lock("w"),
           id=stakeholder_id).consume()
    for row in list(tx.run("MATCH (w:Workshop) WHERE w.record CONTAINS $id "
                           "RETURN w.record AS record", id=stakeholder_id)):
        workshop = workshop_from_record(json.loads(row["record"]))
        kept = workshop.without(stakeholder_id)
        if kept is not workshop:
            tx.run("MATCH (w:Workshop {id: $id}) SET w.record = $record", id=kept.id,
                   record=_json(workshop_to_record(kept))).consume()


class Neo4jConsulting(Neo4jConnection):
    """Assessments and workshops; see :mod:`graph_models.stores.contracts.consulting`."""

    def create_assessment(self, assessment: Assessment, *,
                          audit: AuditEntry | None = None) -> Assessment:
        """Insert; Conflict if the id is taken."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            tx.run("CREATE (a:Assessment {id: $id, region: $region, created_at: $at, "
                   "record: $record})", id=assessment.id, region=assessment.region,
                   at=assessment.created_at.isoformat(),
                   record=_json(assessment_to_record(assessment))).consume()

        self._write(create, graph=False, audit=audit,
                    conflict=lambda error: _taken("an assessment with this id exists"))
        return assessment

    def get_assessment(self, assessment_id: str) -> Assessment:
        """NotFound if absent."""
        return self._read_one("MATCH (a:Assessment {id: $id}) RETURN a.record AS a", "a",
                              lambda r: assessment_from_record(json.loads(r)),
                              not_found("assessment", assessment_id), id=assessment_id)

    def list_assessments(self) -> list[Assessment]:
        """Every assessment, newest first."""
        return [assessment_from_record(json.loads(r)) for r in self._consulting_records(
            "MATCH (a:Assessment) RETURN a.record AS r ORDER BY a.created_at DESC, a.id")]

    def _consulting_records(self, query: str, **parameters: Any) -> list[str]:
        def read(tx: neo4j.ManagedTransaction) -> list[str]:
            return [record["r"] for record in tx.run(query, **parameters)]

        return self._read(read)

    def save_assessment(self, assessment: Assessment, *, expected_updated_at: datetime,
                        audit: AuditEntry | None = None) -> Assessment:
        """Replace it, unless changed since ``expected_updated_at``."""

        def save(tx: neo4j.ManagedTransaction) -> None:
            _unchanged(tx, "Assessment", assessment.id, expected_updated_at, "assessment")
            tx.run("MATCH (a:Assessment {id: $id}) SET a.region = $region, a.record = $record",
                   id=assessment.id, region=assessment.region,
                   record=_json(assessment_to_record(assessment))).consume()

        self._write(save, graph=False, audit=audit)
        return assessment

    def add_links(self, assessment_id: str, links: list[ResponseLink], *,
                  audit: AuditEntry | None = None) -> list[ResponseLink]:
        """Insert the links of an open assessment, all or none."""
        refused = Conflict("a stakeholder has a link already, or is missing",
                           errors={"stakeholders": ["linked already or missing"]})

        def add(tx: neo4j.ManagedTransaction) -> None:
            # Locking the assessment orders these links after a close in progress.
            tx.run("MATCH (a:Assessment {id: $id}) " + lock("a"), id=assessment_id).consume()
            stored = tx.run("MATCH (a:Assessment {id: $id}) RETURN a.record AS record",
                            id=assessment_id).single()
            if stored is None:
                raise not_found("assessment", assessment_id)
            state = AssessmentState(json.loads(stored["record"])["state"])
            if state != AssessmentState.OPEN:
                raise Conflict("only an open assessment is sent", errors={"state": [state.value]})
            ids = sorted({link.stakeholder_id for link in links})
            found = tx.run("MATCH (s:Stakeholder) WHERE s.id IN $ids " + lock("s")
                           + " RETURN count(s) AS n", ids=ids).single(strict=True)["n"]
            if found != len(ids) or len(ids) != len(links):
                raise refused
            tx.run("UNWIND $rows AS row CREATE (l:AssessmentLink) SET l = row", rows=[
                {"id": link.id, "assessment_id": link.assessment_id,
                 "stakeholder_id": link.stakeholder_id, "digest": link.digest,
                 "pair": link.assessment_id + "|" + link.stakeholder_id,
                 "created_at": link.created_at.isoformat(), "record": _json(to_record(link))}
                for link in links]).consume()

        self._write(add, graph=False, audit=audit, conflict=lambda error: refused)
        return links

    def links_of(self, assessment_id: str) -> list[ResponseLink]:
        """The assessment's links, oldest first."""
        return [from_record(ResponseLink, json.loads(r)) for r in self._consulting_records(
            "MATCH (l:AssessmentLink {assessment_id: $id}) RETURN l.record AS r "
            "ORDER BY l.created_at, l.stakeholder_id", id=assessment_id)]

    def link_by_digest(self, digest: str) -> ResponseLink:
        """NotFound if absent."""
        return self._read_one("MATCH (l:AssessmentLink {digest: $digest}) RETURN l.record AS l",
                              "l", lambda r: from_record(ResponseLink, json.loads(r)),
                              no_such("link"), digest=digest)

    def submit_response(self, response: AssessmentResponse, *, at: datetime,
                        stakeholder: Stakeholder | None = None,
                        expected_updated_at: datetime | None = None,
                        audit: AuditEntry | None = None) -> AssessmentResponse:
        """Store the answer, use its link up and update its stakeholder, or Gone."""

        def submit(tx: neo4j.ManagedTransaction) -> None:
            tx.run("MATCH (l:AssessmentLink {id: $id}) " + lock("l"),
                   id=response.link_id).consume()
            stored = tx.run("MATCH (l:AssessmentLink {id: $id}) "
                            "MATCH (a:Assessment {id: l.assessment_id}) "
                            "RETURN l.record AS link, a.record AS assessment",
                            id=response.link_id).single()
            if stored is None:
                raise no_such("link")
            link = from_record(ResponseLink, json.loads(stored["link"]))
            state = link.state(at, AssessmentState(json.loads(stored["assessment"])["state"]))
            if state != LinkState.PENDING:
                raise unusable_link(state)
            tx.run("MATCH (l:AssessmentLink {id: $id}) SET l.record = $record",
                   id=link.id, record=_json(to_record(replace(link, answered_at=at)))).consume()
            tx.run("CREATE (r:AssessmentResponse {id: $id, assessment_id: $assessment, "
                   "link_id: $link, stakeholder_id: $stakeholder, submitted_at: $at, "
                   "record: $record})", id=response.id, assessment=response.assessment_id,
                   link=response.link_id, stakeholder=response.stakeholder_id,
                   at=response.submitted_at.isoformat(),
                   record=_json(response_to_record(response))).consume()
            if stakeholder is not None:
                # The version was bumped first: this transaction holds the graph's write lock.
                if expected_updated_at is not None:
                    current = tx.run(GET_STAKEHOLDER, id=stakeholder.id).single()
                    if (current is not None and stakeholder_from_values(current["s"]).updated_at
                            != expected_updated_at):
                        raise changed_meanwhile("stakeholder")
                if replace_stakeholders(tx, [stakeholder_row(stakeholder)]) != 1:
                    raise no_stakeholder_of_kind()
                record_changes(tx, stakeholders=[stakeholder.id])

        self._write(submit, graph=stakeholder is not None, audit=audit)
        return response

    def responses_of(self, assessment_id: str) -> list[AssessmentResponse]:
        """The assessment's responses, oldest first."""
        return [response_from_record(json.loads(r)) for r in self._consulting_records(
            "MATCH (n:AssessmentResponse {assessment_id: $id}) RETURN n.record AS r "
            "ORDER BY n.submitted_at, n.id", id=assessment_id)]

    # -- workshops ---------------------------------------------------------------------------

    def create_workshop(self, workshop: Workshop, *,
                        audit: AuditEntry | None = None) -> Workshop:
        """Insert; Conflict if the id is taken."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            tx.run("CREATE (w:Workshop {id: $id, region: $region, held_on: $on, "
                   "record: $record})", id=workshop.id, region=workshop.region,
                   on=workshop.held_on.isoformat(),
                   record=_json(workshop_to_record(workshop))).consume()

        self._write(create, graph=False, audit=audit,
                    conflict=lambda error: _taken("a workshop with this id exists"))
        return workshop

    def get_workshop(self, workshop_id: str) -> Workshop:
        """NotFound if absent."""
        return self._read_one("MATCH (w:Workshop {id: $id}) RETURN w.record AS w", "w",
                              lambda r: workshop_from_record(json.loads(r)),
                              not_found("workshop", workshop_id), id=workshop_id)

    def list_workshops(self) -> list[Workshop]:
        """Every workshop, the latest held first."""
        return [workshop_from_record(json.loads(r)) for r in self._consulting_records(
            "MATCH (w:Workshop) RETURN w.record AS r ORDER BY w.held_on DESC, w.id")]

    def save_workshop(self, workshop: Workshop, *, expected_updated_at: datetime,
                      audit: AuditEntry | None = None) -> Workshop:
        """Replace it, unless changed since ``expected_updated_at``."""

        def save(tx: neo4j.ManagedTransaction) -> None:
            _unchanged(tx, "Workshop", workshop.id, expected_updated_at, "workshop")
            tx.run("MATCH (w:Workshop {id: $id}) SET w.region = $region, w.held_on = $on, "
                   "w.record = $record", id=workshop.id, region=workshop.region,
                   on=workshop.held_on.isoformat(),
                   record=_json(workshop_to_record(workshop))).consume()

        self._write(save, graph=False, audit=audit)
        return workshop

    def delete_workshop(self, workshop_id: str, *, audit: AuditEntry | None = None) -> None:
        """NotFound if absent."""

        def delete(tx: neo4j.ManagedTransaction) -> None:
            deleted = tx.run("MATCH (w:Workshop {id: $id}) DELETE w RETURN count(*) AS n",
                             id=workshop_id).single(strict=True)["n"]
            if deleted == 0:
                raise not_found("workshop", workshop_id)

        self._write(delete, graph=False, audit=audit)
