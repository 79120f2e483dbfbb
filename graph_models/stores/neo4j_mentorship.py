"""The Neo4j store's mentorship programmes, mentorships and their sessions.

A mixin of :class:`~graph_models.stores.neo4j_store.Neo4jStore`: it runs its Cypher through the
store's managed transactions, and its constraints and indexes are part of the store's schema.

Programmes, mentorships and sessions are ``:Programme``, ``:Mentorship`` and
``:MentorshipSession`` nodes. They carry, as properties, the fields they are found and ordered
by, and their whole plain record as JSON text in ``record``: a programme's draft and a
mentorship's ratings are lists of records, which Neo4j properties cannot hold. They name the
stakeholders they concern by id, through no relationship, so no tie query ever sees them. What
SQLite's foreign keys do is done here explicitly: erasing a stakeholder erases the mentorships it
is part of and their sessions (:meth:`Neo4jMentorship._erase_mentorships_of`), in the same
transaction as the erasure.

Concurrency. As for introductions (see ``neo4j_introductions``), a compare-and-set first takes
the node's write lock (a property set and removed) and reads the revision in a *following*
statement, which sees every write committed before the lock was granted; publishing also locks
the pairs' stakeholders, so none can be erased meanwhile.
"""

from __future__ import annotations

import dataclasses
import json

import neo4j
from neo4j.exceptions import ConstraintError

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import Conflict, NotFound, moved_meanwhile
from graph_models.domain.mentorships import (
    Mentorship,
    MentorshipSession,
    State,
    mentorship_from_record,
    mentorship_to_record,
)
from graph_models.domain.notifications import Notification
from graph_models.domain.programmes import Programme, programme_from_record, programme_to_record
from graph_models.domain.queries import MentorshipQuery, Page, ProgrammeQuery
from graph_models.domain.records import from_record, to_record
from graph_models.domain.stakeholders import Tie
from graph_models.stores.neo4j_introductions import _create_notifications

MENTORSHIP_SCHEMA = (
    "CREATE CONSTRAINT programme_id IF NOT EXISTS FOR (p:Programme) REQUIRE p.id IS UNIQUE",
    "CREATE INDEX programme_created_at IF NOT EXISTS FOR (p:Programme) ON (p.created_at)",
    "CREATE INDEX programme_region IF NOT EXISTS FOR (p:Programme) ON (p.region)",
    "CREATE CONSTRAINT mentorship_id IF NOT EXISTS FOR (m:Mentorship) REQUIRE m.id IS UNIQUE",
    # A mentee has one mentor per programme, as SQLite's unique index keeps it.
    "CREATE CONSTRAINT mentorship_one_per_mentee IF NOT EXISTS "
    "FOR (m:Mentorship) REQUIRE (m.programme_id, m.mentee_id) IS UNIQUE",
    "CREATE INDEX mentorship_mentee IF NOT EXISTS FOR (m:Mentorship) ON (m.mentee_id)",
    "CREATE INDEX mentorship_mentor IF NOT EXISTS FOR (m:Mentorship) ON (m.mentor_id)",
    # A programme's mentorships are read on each view of it once published, and for its report.
    "CREATE INDEX mentorship_programme IF NOT EXISTS FOR (m:Mentorship) ON (m.programme_id)",
    # A coordinator's mentorships: a prefix seek per territory (UNWIND, then STARTS WITH).
    "CREATE INDEX mentorship_region IF NOT EXISTS FOR (m:Mentorship) ON (m.region)",
    "CREATE CONSTRAINT mentorship_session_id IF NOT EXISTS "
    "FOR (s:MentorshipSession) REQUIRE s.id IS UNIQUE",
    "CREATE INDEX mentorship_session_of IF NOT EXISTS "
    "FOR (s:MentorshipSession) ON (s.mentorship_id)",
)


def _lock(variable: str) -> str:
    """``SET``/``REMOVE`` items that take ``variable``'s write lock and change nothing."""
    return "SET " + variable + "._LOCK_ = true REMOVE " + variable + "._LOCK_"


# -- programmes ---------------------------------------------------------------------------------
CREATE_PROGRAMME = ("CREATE (p:Programme {id: $id, region: $region, state: $state, "
                    "revision: $revision, created_at: $created_at, record: $record})")
GET_PROGRAMME = "MATCH (p:Programme {id: $id}) RETURN p.record AS record"
LOCK_PROGRAMME = "MATCH (p:Programme {id: $id}) " + _lock("p")
PROGRAMME_REVISION = ("MATCH (p:Programme {id: $id}) "
                      "RETURN p.state AS state, p.revision AS revision")
REPLACE_PROGRAMME = ("MATCH (p:Programme {id: $id}) "
                     "SET p.state = $state, p.revision = $revision, p.record = $record")
# find_programmes chooses between these two fixed filters. A territory is a region prefix: one
# index seek each (a STARTS WITH inside any() would scan every programme); territories may
# nest, hence DISTINCT.
PROGRAMMES_ANYWHERE = "MATCH (p:Programme) WITH p "
PROGRAMMES_IN = ("UNWIND $regions AS region MATCH (p:Programme) WHERE p.region STARTS WITH region "
                 "WITH DISTINCT p ")
# An erasure rewrites the programmes whose record names the stakeholder (a scan of programmes:
# there are few, and erasures are rare).
LOCK_PROGRAMMES_NAMING = ("MATCH (p:Programme) WHERE p.record CONTAINS $id " + _lock("p"))
PROGRAMMES_NAMING = "MATCH (p:Programme) WHERE p.record CONTAINS $id RETURN p.record AS record"
LOCK_STAKEHOLDERS = ("UNWIND $ids AS id MATCH (s:Stakeholder {id: id}) " + _lock("s"))
EXISTING_STAKEHOLDERS = "MATCH (s:Stakeholder) WHERE s.id IN $ids RETURN s.id AS id"

# -- mentorships --------------------------------------------------------------------------------
CREATE_MENTORSHIPS = (
    "UNWIND $rows AS row CREATE (m:Mentorship {id: row.id, programme_id: row.programme_id, "
    "mentee_id: row.mentee_id, mentor_id: row.mentor_id, region: row.region, "
    "state: row.state, revision: row.revision, record: row.record})")
GET_MENTORSHIP = "MATCH (m:Mentorship {id: $id}) RETURN m.record AS record"
LOCK_MENTORSHIP = "MATCH (m:Mentorship {id: $id}) " + _lock("m")
MENTORSHIP_REVISION = ("MATCH (m:Mentorship {id: $id}) "
                       "RETURN m.state AS state, m.revision AS revision")
REPLACE_MENTORSHIP = ("MATCH (m:Mentorship {id: $id}) "
                      "SET m.state = $state, m.revision = $revision, m.record = $record")
# find_mentorships assembles its query from these fixed fragments only: a MATCH (by territory,
# as for programmes, or anywhere), then the WHERE conditions of the other filters given.
MENTORSHIPS_ANYWHERE = "MATCH (m:Mentorship) "
MENTORSHIPS_IN = "UNWIND $regions AS region MATCH (m:Mentorship) "
MENTORSHIP_FILTERS = {
    "regions": "m.region STARTS WITH region",
    "programme_id": "m.programme_id = $programme_id",
    "stakeholder_ids": "(m.mentee_id IN $stakeholder_ids OR m.mentor_id IN $stakeholder_ids)",
    "states": "m.state IN $states",
}
MENTORSHIPS_OF = ("CALL () { MATCH (m:Mentorship {mentee_id: $id}) RETURN m "
                  "UNION MATCH (m:Mentorship {mentor_id: $id}) RETURN m } ")
LOCK_MENTORSHIPS_OF = MENTORSHIPS_OF + _lock("m") + " RETURN collect(m.id) AS ids"
DELETE_SESSIONS_OF = "MATCH (s:MentorshipSession) WHERE s.mentorship_id IN $ids DELETE s"
DELETE_MENTORSHIPS = "MATCH (m:Mentorship) WHERE m.id IN $ids DELETE m"

# -- sessions -----------------------------------------------------------------------------------
CREATE_SESSION = ("CREATE (s:MentorshipSession {id: $id, mentorship_id: $mentorship_id, "
                  "on_day: $on_day, logged_at: $logged_at, record: $record})")
SESSIONS = ("MATCH (s:MentorshipSession {mentorship_id: $id}) "
            "WITH s ORDER BY s.on_day, s.logged_at, s.id RETURN s.record AS record")


def _json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def _programme_parameters(p: Programme) -> dict:
    return {"id": p.id, "region": p.region, "state": p.state.value, "revision": p.revision,
            "created_at": p.created_at.isoformat(), "record": _json(programme_to_record(p))}


def _mentorship_parameters(m: Mentorship) -> dict:
    return {"id": m.id, "programme_id": m.programme_id, "mentee_id": m.mentee_id,
            "mentor_id": m.mentor_id, "region": m.region, "state": m.state.value,
            "revision": m.revision, "record": _json(mentorship_to_record(m))}


def mentorships_match(query: MentorshipQuery) -> tuple[str, dict]:
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
    values = {"programme_id": query.programme_id, "stakeholder_ids": query.stakeholder_ids,
              "regions": query.regions,
              "states": None if query.states is None else [s.value for s in query.states]}
    parameters = {name: list(value) if isinstance(value, tuple) else value
                  for name, value in values.items() if value is not None}
    match = ((MENTORSHIPS_IN if "regions" in parameters else MENTORSHIPS_ANYWHERE)
             + "WHERE " + (" AND ".join(MENTORSHIP_FILTERS[name] for name in parameters)
                           or "true") + " WITH DISTINCT m")
    return match, parameters


def _taken(error: ConstraintError) -> Conflict:
    if "mentee_id" in (error.message or ""):
        return Conflict("a mentee of this programme has a mentorship already",
                        errors={"pairs": ["a mentee is placed twice"]})
    return Conflict("a programme, mentorship or session with this id exists",
                    errors={"id": ["taken"]})


def _replace_programme(tx: neo4j.ManagedTransaction, programme: Programme) -> None:
    """Compare-and-set: lock, then read the revision in a later statement."""
    tx.run(LOCK_PROGRAMME, id=programme.id).consume()
    stored = tx.run(PROGRAMME_REVISION, id=programme.id).single()
    if stored is None:
        raise NotFound(f"no programme with id {programme.id}")
    if stored["revision"] != programme.revision - 1:
        raise moved_meanwhile("programme", stored["state"])
    p = _programme_parameters(programme)
    tx.run(REPLACE_PROGRAMME, id=p["id"], state=p["state"], revision=p["revision"],
           record=p["record"]).consume()


class Neo4jMentorship:
    """Programmes and mentorships; see :class:`~graph_models.stores.base.GraphStore`."""

    # -- programmes -------------------------------------------------------------------------

    def create_programme(self, programme: Programme, *,
                         audit: AuditEntry | None = None) -> Programme:
        """Insert a new programme."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            tx.run(CREATE_PROGRAMME, _programme_parameters(programme)).consume()

        self._write(create, graph=False, audit=audit, conflict=_taken)
        return programme

    def get_programme(self, programme_id: str) -> Programme:
        """The programme with this id; NotFound if absent."""

        return self._read_one(GET_PROGRAMME, "record",
                              lambda record: programme_from_record(json.loads(record)),
                              f"no programme with id {programme_id}", id=programme_id)

    def find_programmes(self, query: ProgrammeQuery) -> Page[Programme]:
        """One page of programmes, newest first."""
        match = PROGRAMMES_ANYWHERE if query.regions is None else PROGRAMMES_IN
        regions = list(query.regions or ())

        def read(tx: neo4j.ManagedTransaction) -> tuple[int, list[str]]:
            total = tx.run(match + "RETURN count(p) AS total", regions=regions).single()["total"]
            records = [r["record"] for r in tx.run(
                match + "WITH p ORDER BY p.created_at DESC, p.id SKIP $skip LIMIT $limit "
                "RETURN p.record AS record", regions=regions, skip=query.offset,
                limit=query.page_size)]
            return total, records

        total, records = self._read(read)
        return Page([programme_from_record(json.loads(r)) for r in records], total, query.page,
                    query.page_size)

    def update_programme(self, programme: Programme, *,
                         audit: AuditEntry | None = None) -> Programme:
        """Write a change computed from revision ``programme.revision - 1``."""
        self._write(_replace_programme, programme, graph=False, audit=audit)
        return programme

    def publish_programme(self, programme: Programme, mentorships: list[Mentorship], *,
                          audit: AuditEntry | None = None,
                          notifications: list[Notification] = ()) -> Programme:
        """The programme's change and its new mentorships, in one transaction."""

        def publish(tx: neo4j.ManagedTransaction) -> None:
            _replace_programme(tx, programme)
            ids = sorted({x for m in mentorships for x in (m.mentee_id, m.mentor_id)})
            tx.run(LOCK_STAKEHOLDERS, ids=ids).consume()  # in id order: no deadlock
            found = {r["id"] for r in tx.run(EXISTING_STAKEHOLDERS, ids=ids)}
            missing = sorted(set(ids) - found)
            if missing:
                raise Conflict("a pair names a stakeholder that no longer exists",
                               errors={"pairs": [f"no stakeholder {x}" for x in missing]})
            tx.run(CREATE_MENTORSHIPS,
                   rows=[_mentorship_parameters(m) for m in mentorships]).consume()
            _create_notifications(tx, list(notifications))

        self._write(publish, graph=False, audit=audit, conflict=_taken)
        return programme

    # -- mentorships ------------------------------------------------------------------------

    def get_mentorship(self, mentorship_id: str) -> Mentorship:
        """The mentorship with this id; NotFound if absent."""

        return self._read_one(GET_MENTORSHIP, "record",
                              lambda record: mentorship_from_record(json.loads(record)),
                              f"no mentorship with id {mentorship_id}", id=mentorship_id)

    def find_mentorships(self, query: MentorshipQuery) -> Page[Mentorship]:
        """One page of the mentorships that pass every filter given."""
        match, parameters = mentorships_match(query)

        def read(tx: neo4j.ManagedTransaction) -> tuple[int, list[str]]:
            total = tx.run(match + " RETURN count(m) AS total", parameters).single()["total"]
            records = [r["record"] for r in tx.run(
                match + " ORDER BY m.programme_id, m.mentee_id, m.id "
                "SKIP $skip LIMIT $limit RETURN m.record AS record", parameters,
                skip=query.offset, limit=query.page_size)]
            return total, records

        total, records = self._read(read)
        return Page([mentorship_from_record(json.loads(r)) for r in records], total, query.page,
                    query.page_size)

    def transition_mentorship(self, mentorship: Mentorship, *, audit: AuditEntry | None = None,
                              notifications: list[Notification] = (),
                              tie: Tie | None = None) -> Mentorship:
        """Write a transition computed from revision ``mentorship.revision - 1``."""

        def transition(tx: neo4j.ManagedTransaction) -> Mentorship:
            tx.run(LOCK_MENTORSHIP, id=mentorship.id).consume()
            stored = tx.run(MENTORSHIP_REVISION, id=mentorship.id).single()
            if stored is None:
                raise NotFound(f"no mentorship with id {mentorship.id}")
            if stored["revision"] != mentorship.revision - 1:
                raise moved_meanwhile("mentorship", stored["state"])
            m = mentorship
            if tie is not None:
                m = dataclasses.replace(m, tie_id=self._create_tie_unless_known(tx, tie))
            p = _mentorship_parameters(m)
            tx.run(REPLACE_MENTORSHIP, id=p["id"], state=p["state"], revision=p["revision"],
                   record=p["record"]).consume()
            _create_notifications(tx, list(notifications))
            return m

        # Only a completion that brings a tie writes to the graph (and moves its version).
        return self._write(transition, graph=tie is not None, audit=audit, conflict=_taken)

    # -- sessions ---------------------------------------------------------------------------

    def add_mentorship_session(self, session: MentorshipSession, *, state: State,
                               audit: AuditEntry | None = None) -> MentorshipSession:
        """Insert a session if the mentorship is still in ``state``."""

        def add(tx: neo4j.ManagedTransaction) -> None:
            tx.run(LOCK_MENTORSHIP, id=session.mentorship_id).consume()
            stored = tx.run(MENTORSHIP_REVISION, id=session.mentorship_id).single()
            if stored is None:
                raise NotFound(f"no mentorship with id {session.mentorship_id}")
            if stored["state"] != state.value:
                raise moved_meanwhile("mentorship", stored["state"])
            tx.run(CREATE_SESSION, id=session.id, mentorship_id=session.mentorship_id,
                   on_day=session.on.isoformat(), logged_at=session.logged_at.isoformat(),
                   record=_json(to_record(session))).consume()

        self._write(add, graph=False, audit=audit, conflict=_taken)
        return session

    def mentorship_sessions(self, mentorship_id: str) -> list[MentorshipSession]:
        """A mentorship's sessions by day, then when logged."""

        def read(tx: neo4j.ManagedTransaction) -> list[str]:
            return [r["record"] for r in tx.run(SESSIONS, id=mentorship_id)]

        return [from_record(MentorshipSession, json.loads(r)) for r in self._read(read)]

    # -- what goes with an erased stakeholder (called inside its deletion) -----------------

    @staticmethod
    def _erase_mentorships_of(tx: neo4j.ManagedTransaction, stakeholder_id: str) -> None:
        """Delete the mentorships the stakeholder is part of and their sessions; the
        mentorships locked first, so that no transition or session lands meanwhile."""
        ids = tx.run(LOCK_MENTORSHIPS_OF, id=stakeholder_id).single()["ids"]
        if ids:
            tx.run(DELETE_SESSIONS_OF, ids=ids).consume()
            tx.run(DELETE_MENTORSHIPS, ids=ids).consume()
        # Programmes name it in their record (enrolment, exclusions, draft): locked, then read
        # in a later statement so that an edit committed meanwhile is seen, then rewritten.
        tx.run(LOCK_PROGRAMMES_NAMING, id=stakeholder_id).consume()
        for record in list(tx.run(PROGRAMMES_NAMING, id=stakeholder_id)):
            programme = programme_from_record(json.loads(record["record"]))
            kept = programme.without(stakeholder_id)
            if kept is not programme:
                p = _programme_parameters(kept)
                tx.run(REPLACE_PROGRAMME, id=p["id"], state=p["state"], revision=p["revision"],
                       record=p["record"]).consume()
