"""The Neo4j store's mentorship programmes, mentorships and their sessions.

Programmes, mentorships and sessions are ``:Programme``, ``:Mentorship`` and
``:MentorshipSession`` nodes. They carry, as properties, the fields they are found and ordered
by, and their whole plain record as JSON text in ``record``: a programme's draft and a
mentorship's ratings are lists of records, which Neo4j properties cannot hold. They name the
stakeholders they concern by id, through no relationship, so no tie query ever sees them. What
SQLite's foreign keys do is done here explicitly: erasing a stakeholder erases the mentorships it
is part of and their sessions (:func:`erase_mentorships_of`), in the same transaction as the
erasure.

Concurrency. As for introductions (see :mod:`~graph_models.stores.neo4j.introductions`), a
compare-and-set first takes the node's write lock and reads the revision in a *following*
statement, which sees every write committed before the lock was granted; publishing also locks
the pairs' stakeholders, so none can be erased meanwhile.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

import neo4j
from neo4j.exceptions import ConstraintError

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
from graph_models.stores.neo4j.connection import Neo4jConnection, check_revision, locked_state
from graph_models.stores.neo4j.cypher import lock
from graph_models.stores.neo4j.notifications import create_notifications
from graph_models.stores.neo4j.stakeholders import existing_ids, lock_stakeholders
from graph_models.stores.neo4j.ties import create_tie_unless_known


def _json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def _programme_parameters(p: Programme) -> dict[str, Any]:
    return {"id": p.id, "region": p.region, "state": p.state.value, "revision": p.revision,
            "created_at": p.created_at.isoformat(), "record": _json(programme_to_record(p))}


def _programme(record: str) -> Programme:
    return programme_from_record(json.loads(record))


def mentorship_of(record: str) -> Mentorship:
    """The mentorship a node's ``record`` holds."""
    return mentorship_from_record(json.loads(record))


def _mentorship_parameters(m: Mentorship) -> dict[str, Any]:
    return {"id": m.id, "programme_id": m.programme_id, "mentee_id": m.mentee_id,
            "mentor_id": m.mentor_id, "region": m.region, "state": m.state.value,
            "revision": m.revision, "record": _json(mentorship_to_record(m))}


def _taken(error: ConstraintError) -> Conflict:
    if "mentee_id" in (error.message or ""):
        return mentee_placed_twice()
    return Conflict("a programme, mentorship or session with this id exists",
                    errors={"id": ["taken"]})


REPLACE_PROGRAMME = ("MATCH (p:Programme {id: $id}) "
                     "SET p.state = $state, p.revision = $revision, p.record = $record")


def _write_programme(tx: neo4j.ManagedTransaction, programme: Programme) -> None:
    p = _programme_parameters(programme)
    tx.run(REPLACE_PROGRAMME, id=p["id"], state=p["state"], revision=p["revision"],
           record=p["record"]).consume()


def _replace_programme(tx: neo4j.ManagedTransaction, programme: Programme) -> None:
    check_revision(tx, "MATCH (n:Programme {id: $id})", programme.id, programme.revision,
                   "programme")
    _write_programme(tx, programme)


def erase_mentorships_of(tx: neo4j.ManagedTransaction, stakeholder_id: str) -> None:
    """Delete the mentorships the stakeholder is part of and their sessions; the
    mentorships locked first, so that no transition or session lands meanwhile."""
    ids = tx.run("CALL () { MATCH (m:Mentorship {mentee_id: $id}) RETURN m "
                 "UNION MATCH (m:Mentorship {mentor_id: $id}) RETURN m } " + lock("m")
                 + " RETURN collect(m.id) AS ids", id=stakeholder_id).single(strict=True)["ids"]
    if ids:
        tx.run("MATCH (s:MentorshipSession) WHERE s.mentorship_id IN $ids DELETE s",
               ids=ids).consume()
        tx.run("MATCH (m:Mentorship) WHERE m.id IN $ids DELETE m", ids=ids).consume()
    # Programmes name it in their record (enrolment, exclusions, draft): locked, then read
    # in a later statement so that an edit committed meanwhile is seen, then rewritten (a scan
    # of programmes: there are few, and erasures are rare).
    tx.run("MATCH (p:Programme) WHERE p.record CONTAINS $id " + lock("p"),
           id=stakeholder_id).consume()
    for record in list(tx.run("MATCH (p:Programme) WHERE p.record CONTAINS $id "
                              "RETURN p.record AS record", id=stakeholder_id)):
        programme = _programme(record["record"])
        kept = programme.without(stakeholder_id)
        if kept is not programme:
            _write_programme(tx, kept)


# find_programmes chooses between these two fixed filters. A territory is a region prefix: one
# index seek each (a STARTS WITH inside any() would scan every programme); territories may
# nest, hence DISTINCT.
PROGRAMMES_ANYWHERE = "MATCH (p:Programme) WITH p "
PROGRAMMES_IN = ("UNWIND $regions AS region MATCH (p:Programme) WHERE p.region STARTS WITH region "
                 "WITH DISTINCT p ")


class Neo4jProgrammes(Neo4jConnection):
    """Programmes, which publish mentorships; see
    :class:`~graph_models.stores.contracts.mentorship.MentorshipStore`."""

    def create_programme(self, programme: Programme, *,
                         audit: AuditEntry | None = None) -> Programme:
        """Insert a new programme."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            tx.run("CREATE (p:Programme {id: $id, region: $region, state: $state, "
                   "revision: $revision, created_at: $created_at, record: $record})",
                   _programme_parameters(programme)).consume()

        self._write(create, graph=False, audit=audit, conflict=_taken)
        return programme

    def get_programme(self, programme_id: str) -> Programme:
        """The programme with this id; NotFound if absent."""

        return self._read_one("MATCH (p:Programme {id: $id}) RETURN p.record AS record",
                              "record", _programme,
                              not_found("programme", programme_id), id=programme_id)

    def find_programmes(self, query: ProgrammeQuery) -> Page[Programme]:
        """One page of programmes, newest first."""
        match = PROGRAMMES_ANYWHERE if query.regions is None else PROGRAMMES_IN
        return self._read_page(match + "RETURN count(p) AS total",
                               match + "WITH p ORDER BY p.created_at DESC, p.id "
                               "SKIP $skip LIMIT $limit RETURN p.record AS record",
                               {"regions": list(query.regions or ())}, "record", _programme,
                               query)

    def update_programme(self, programme: Programme, *,
                         audit: AuditEntry | None = None) -> Programme:
        """Write a change computed from revision ``programme.revision - 1``."""
        self._write(_replace_programme, programme, graph=False, audit=audit)
        return programme

    def publish_programme(self, programme: Programme, mentorships: list[Mentorship], *,
                          audit: AuditEntry | None = None,
                          notifications: Sequence[Notification] = ()) -> Programme:
        """The programme's change and its new mentorships, in one transaction."""

        def publish(tx: neo4j.ManagedTransaction) -> None:
            _replace_programme(tx, programme)
            ids = sorted({x for m in mentorships for x in (m.mentee_id, m.mentor_id)})
            lock_stakeholders(tx, ids)
            missing = sorted(set(ids) - existing_ids(tx, ids))
            if missing:
                raise pair_ends_missing(missing)
            tx.run("UNWIND $rows AS row CREATE (m:Mentorship {id: row.id, "
                   "programme_id: row.programme_id, mentee_id: row.mentee_id, "
                   "mentor_id: row.mentor_id, region: row.region, state: row.state, "
                   "revision: row.revision, record: row.record})",
                   rows=[_mentorship_parameters(m) for m in mentorships]).consume()
            create_notifications(tx, notifications)

        self._write(publish, graph=False, audit=audit, conflict=_taken)
        return programme



# mentorships_match assembles its query from these fixed fragments only: a MATCH (by territory,
# as for programmes, or anywhere), then the WHERE conditions of the other filters given.
MENTORSHIPS_ANYWHERE = "MATCH (m:Mentorship) "
MENTORSHIPS_IN = "UNWIND $regions AS region MATCH (m:Mentorship) "
MENTORSHIP_FILTERS = {
    "regions": "m.region STARTS WITH region",
    "programme_id": "m.programme_id = $programme_id",
    "stakeholder_ids": "(m.mentee_id IN $stakeholder_ids OR m.mentor_id IN $stakeholder_ids)",
    "states": "m.state IN $states",
}


def mentorships_match(query: MentorshipQuery) -> tuple[str, dict[str, Any]]:
    """The Cypher that finds the mentorships passing ``query``'s filters (up to a ``WITH
    DISTINCT m``), and its parameters; made of the fixed fragments above only.

    Examples
    --------
    >>> mentorships_match(MentorshipQuery(programme_id="p"))
    ('MATCH (m:Mentorship) WHERE m.programme_id = $programme_id WITH DISTINCT m', \
{'programme_id': 'p'})
    >>> mentorships_match(MentorshipQuery(regions=("EL3",)))[0]
    'UNWIND $regions AS region MATCH (m:Mentorship) WHERE m.region STARTS WITH region WITH \
DISTINCT m'
    """
    values: dict[str, object] = {
        "programme_id": query.programme_id, "stakeholder_ids": query.stakeholder_ids,
        "regions": query.regions,
        "states": None if query.states is None else [s.value for s in query.states]}
    parameters = {name: list(value) if isinstance(value, tuple) else value
                  for name, value in values.items() if value is not None}
    match = ((MENTORSHIPS_IN if "regions" in parameters else MENTORSHIPS_ANYWHERE)
             + "WHERE " + (" AND ".join(MENTORSHIP_FILTERS[name] for name in parameters)
                           or "true") + " WITH DISTINCT m")
    return match, parameters


# find_mentorships' order, after mentorships_match: by programme, then mentee.
MENTORSHIP_ORDER = " ORDER BY m.programme_id, m.mentee_id, m.id "


# Locked and read in a transition and before a session is added.
MENTORSHIP_NODE = "MATCH (n:Mentorship {id: $id})"


class Neo4jMentorships(Neo4jConnection):
    """Mentorships and their sessions; see
    :class:`~graph_models.stores.contracts.mentorship.MentorshipStore`."""

    def get_mentorship(self, mentorship_id: str) -> Mentorship:
        """The mentorship with this id; NotFound if absent."""

        return self._read_one("MATCH (m:Mentorship {id: $id}) RETURN m.record AS record",
                              "record",
                              mentorship_of,
                              not_found("mentorship", mentorship_id), id=mentorship_id)

    def find_mentorships(self, query: MentorshipQuery) -> Page[Mentorship]:
        """One page of the mentorships that pass every filter given."""
        match, parameters = mentorships_match(query)
        return self._read_page(match + " RETURN count(m) AS total",
                               match + MENTORSHIP_ORDER
                               + "SKIP $skip LIMIT $limit RETURN m.record AS record",
                               parameters, "record", mentorship_of, query)

    def transition_mentorship(self, mentorship: Mentorship, *, audit: AuditEntry | None = None,
                              notifications: Sequence[Notification] = (),
                              tie: Tie | None = None) -> Mentorship:
        """Write a transition computed from revision ``mentorship.revision - 1``."""

        def transition(tx: neo4j.ManagedTransaction) -> Mentorship:
            check_revision(tx, MENTORSHIP_NODE, mentorship.id, mentorship.revision,
                           "mentorship")
            m = mentorship
            if tie is not None:
                m = dataclasses.replace(m, tie_id=create_tie_unless_known(tx, tie))
            p = _mentorship_parameters(m)
            tx.run("MATCH (m:Mentorship {id: $id}) "
                   "SET m.state = $state, m.revision = $revision, m.record = $record",
                   id=p["id"], state=p["state"], revision=p["revision"],
                   record=p["record"]).consume()
            create_notifications(tx, notifications)
            return m

        # Only a completion that brings a tie writes to the graph (and moves its version).
        return self._write(transition, graph=tie is not None, audit=audit, conflict=_taken)

    # -- sessions ---------------------------------------------------------------------------

    def add_mentorship_session(self, session: MentorshipSession, *, state: MentorshipState,
                               audit: AuditEntry | None = None) -> MentorshipSession:
        """Insert a session if the mentorship is still in ``state``."""

        def add(tx: neo4j.ManagedTransaction) -> None:
            stored = locked_state(tx, MENTORSHIP_NODE, session.mentorship_id, "mentorship")
            if stored["state"] != state.value:
                raise moved_meanwhile("mentorship", stored["state"])
            tx.run("CREATE (s:MentorshipSession {id: $id, mentorship_id: $mentorship_id, "
                   "on_day: $on_day, logged_at: $logged_at, record: $record})",
                   id=session.id, mentorship_id=session.mentorship_id,
                   on_day=session.on.isoformat(), logged_at=session.logged_at.isoformat(),
                   record=_json(to_record(session))).consume()

        self._write(add, graph=False, audit=audit, conflict=_taken)
        return session

    def mentorship_sessions(self, mentorship_id: str) -> list[MentorshipSession]:
        """A mentorship's sessions by day, then when logged."""

        def read(tx: neo4j.ManagedTransaction) -> list[str]:
            return [r["record"] for r in tx.run(
                "MATCH (s:MentorshipSession {mentorship_id: $id}) "
                "WITH s ORDER BY s.on_day, s.logged_at, s.id RETURN s.record AS record",
                id=mentorship_id)]

        return [from_record(MentorshipSession, json.loads(r)) for r in self._read(read)]
