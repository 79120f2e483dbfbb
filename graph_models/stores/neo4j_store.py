"""The Neo4j store: the SQLite store's contract on a Neo4j 5 server (Community edition is enough).

Each stakeholder is a node labelled ``:Stakeholder`` and its kind's label (``Kind.label``) whose
properties are its record (lists as list properties, absent when None) plus ``sort_name``,
``search_text`` and ``fingerprint``; each tie is a relationship typed by its ``TieType`` value,
from source to target, that also carries its ``natural_key`` and ``fingerprint``. Users, API
tokens and audit entries are ``:User``, ``:ApiToken`` and ``:AuditEntry`` nodes; a membership is
a ``MEMBER_OF`` relationship from the user to the stakeholder. Introduction requests and their
events, blocks, notifications and idempotency keys live in
:mod:`graph_models.stores.neo4j_introductions`, a mixin of this store. Times are native Neo4j
temporals (DateTime, Date).

One ``(:SyndesmosMeta {key: 'version'})`` node holds the version. Every write to the graph bumps
it as its first statement: that takes the node's write lock, so graph writers queue behind one
another (as SQLite's ``BEGIN IMMEDIATE`` makes them) and each one's existence checks see
everything committed before it. Writes of accounts, introduction requests and audit alone
leave it alone, as in SQLite; they lock the nodes they depend on instead.

Cypher sits next to the method that runs it, or in the constants just above when several share
it. Values are always ``$parameters``; the only names put into query text are labels and
relationship types from the ``Kind`` and ``TieType`` enums, the field names of the domain
dataclasses and fixed fragments, all assembled once at import time by concatenation.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import (
    AuthError,
    ConnectionAcquisitionTimeoutError,
    ConstraintError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.exceptions import Forbidden as Neo4jForbidden

from graph_models.domain.accounts import ApiToken, AuditEntry, User
from graph_models.domain.errors import (
    Conflict,
    NotFound,
    OutcomeUnknown,
    StoreUnavailable,
    SyndesmosError,
    changed_meanwhile,
    with_note,
)
from graph_models.domain.idempotency import current_claim
from graph_models.domain.interchange import (
    Change,
    GraphExport,
    ImportResult,
    ImportReview,
    StakeholderImport,
    TieImport,
    UpsertPlan,
    named_in_import,
    plan_upsert,
    refuse_problems,
)
from graph_models.domain.queries import (
    AuditQuery,
    Direction,
    Page,
    StakeholderOrder,
    StakeholderQuery,
)
from graph_models.domain.records import fingerprint, from_record, stakeholder_from_record
from graph_models.domain.stakeholders import Instrument, Kind, Stakeholder, Tie, TieType
from graph_models.domain.text import fold
from graph_models.stores.neo4j_cypher import (
    _as_datetime,
    _datetime,
    _fields,
    _read_columns,
    _record,
    _row,
    _send_datetime,
    _set_columns,
)
from graph_models.stores.neo4j_introductions import INTRODUCTION_SCHEMA, Neo4jIntroductions
from graph_models.stores.neo4j_mentorship import MENTORSHIP_SCHEMA, Neo4jMentorship
from graph_models.stores.neo4j_signin import SIGNIN_SCHEMA, Neo4jSignIn

T = TypeVar("T")

CONNECTION_TIMEOUT_SECONDS = 3.0
# Managed transactions retry transient failures (an unreachable server included) this long at
# most, so a request against a dead server fails within seconds instead of hanging.
MAX_RETRY_SECONDS = 5.0
# Longer than the connection timeout, as the driver requires; a full pool fails, not waits.
ACQUISITION_TIMEOUT_SECONDS = 10.0
# A single-object write that waits this long for the version lock (while an import runs) gives
# up and reports the store busy, as SQLite's busy timeout does.
WRITE_TIMEOUT_SECONDS = 30.0
BATCH_SIZE = 10_000
# A transaction holds what it writes in the server's heap until it commits (all transactions
# together at most 70% of the heap: ~700 MiB on the default 1 GiB, which one 50 MB import
# overflowed). A larger import is written in several transactions of at most so many items,
# or characters of text, each: ~210 MiB at most for a 50 MB file. No transaction being too
# large on its own, a MemoryPoolOutOfMemoryError means others hold the memory for now, which
# the driver's retries may wait out.
IMPORT_BATCH_ITEMS = 5_000
IMPORT_BATCH_CHARACTERS = 10_000_000
TIMED_OUT = frozenset({"TransactionTimedOut", "TransactionTimedOutClientConfiguration",
                       "LockClientStopped", "Terminated"})

# -- schema -------------------------------------------------------------------------------------
# Relationship constraints are per type in Neo4j, so ids and natural keys get one per TieType.
# A natural key starts with its type's name, so per-type uniqueness is global uniqueness.
SCHEMA = (
    "CREATE CONSTRAINT syndesmos_meta_key IF NOT EXISTS "
    "FOR (m:SyndesmosMeta) REQUIRE m.key IS UNIQUE",
    "CREATE CONSTRAINT stakeholder_id IF NOT EXISTS "
    "FOR (s:Stakeholder) REQUIRE s.id IS UNIQUE",
    "CREATE CONSTRAINT stakeholder_kind_external_id IF NOT EXISTS "
    "FOR (s:Stakeholder) REQUIRE (s.kind, s.external_id) IS UNIQUE",
    *(
        # t.value comes from the TieType enum, never from input: safe to concatenate.
        "CREATE CONSTRAINT tie_" + t.value.lower() + "_" + prop + " IF NOT EXISTS "
        "FOR ()-[r:" + t.value + "]-() REQUIRE r." + prop + " IS UNIQUE"
        for t in TieType for prop in ("id", "natural_key")
    ),
    "CREATE INDEX stakeholder_region IF NOT EXISTS FOR (s:Stakeholder) ON (s.region)",
    "CREATE INDEX stakeholder_sort_name IF NOT EXISTS FOR (s:Stakeholder) ON (s.sort_name)",
    "CREATE INDEX stakeholder_kind IF NOT EXISTS FOR (s:Stakeholder) ON (s.kind)",
    "CREATE TEXT INDEX stakeholder_search_text IF NOT EXISTS "
    "FOR (s:Stakeholder) ON (s.search_text)",
    "CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE",
    # The case-folded username: usernames are unique case-insensitively.
    "CREATE CONSTRAINT user_username_key IF NOT EXISTS "
    "FOR (u:User) REQUIRE u.username_key IS UNIQUE",
    "CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE",
    "CREATE INDEX api_token_user IF NOT EXISTS FOR (t:ApiToken) ON (t.user_id)",
    "CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.id IS UNIQUE",
    "CREATE INDEX audit_entry_object IF NOT EXISTS FOR (a:AuditEntry) ON (a.object_id)",
    "CREATE INDEX audit_entry_actor IF NOT EXISTS FOR (a:AuditEntry) ON (a.actor_id)",
    "CREATE INDEX audit_entry_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at)",
    *INTRODUCTION_SCHEMA,
    *MENTORSHIP_SCHEMA,
    *SIGNIN_SCHEMA,
)
CREATE_META = "MERGE (m:SyndesmosMeta {key: 'version'}) ON CREATE SET m.version = 0"
# Reading m.version on the right of SET makes Cypher take the write lock before the read, so
# concurrent bumps never lose an update (Neo4j manual, "Lost updates in Cypher").
BUMP_VERSION = ("MATCH (m:SyndesmosMeta {key: 'version'}) SET m.version = m.version + 1 "
                "RETURN m.version AS version")
READ_VERSION = "MATCH (m:SyndesmosMeta {key: 'version'}) RETURN m.version AS version"


# -- stakeholders -------------------------------------------------------------------------------
# Rows cross the wire as lists in a fixed column order rather than as maps: the pure-Python
# driver packs every map key too, which doubled an import's cost. The column names are the
# dataclass's field names plus three derived properties: safe to build Cypher from.
STAKEHOLDER_FIELDS = _fields(Stakeholder)
STAKEHOLDER_COLUMNS = (*STAKEHOLDER_FIELDS, "sort_name", "search_text", "fingerprint")
ID_COLUMN = str(STAKEHOLDER_COLUMNS.index("id"))
KIND_COLUMN = str(STAKEHOLDER_COLUMNS.index("kind"))
# Setting every column replaces a node's properties: one that became None is removed.
SET_STAKEHOLDER = "SET " + _set_columns("s", STAKEHOLDER_COLUMNS)
STAKEHOLDER = _read_columns("s", STAKEHOLDER_FIELDS) + " AS s"
# Labels come from Kind.label (an enum whitelist), so building these by concatenation is safe.
CREATE_STAKEHOLDERS = {
    kind: "UNWIND $rows AS row CREATE (s:Stakeholder:" + kind.label + ") " + SET_STAKEHOLDER
          + " RETURN count(s) AS written"
    for kind in Kind
}
REPLACE_STAKEHOLDERS = ("UNWIND $rows AS row MATCH (s:Stakeholder {id: row[" + ID_COLUMN
                        + "], kind: row[" + KIND_COLUMN + "]}) " + SET_STAKEHOLDER
                        + " RETURN count(s) AS written")
# Where a new stakeholder clashes on both, SQLite reports the external id: check it first.
CLASHES = ("RETURN EXISTS { MATCH (s:Stakeholder {kind: $kind, external_id: $external_id}) } "
           "AS external_id_taken, EXISTS { MATCH (s:Stakeholder {id: $id}) } AS id_taken")
GET_STAKEHOLDER = "MATCH (s:Stakeholder {id: $id}) RETURN " + STAKEHOLDER
GET_STAKEHOLDERS = "MATCH (s:Stakeholder) WHERE s.id IN $ids RETURN " + STAKEHOLDER
ALL_STAKEHOLDERS = "MATCH (s:Stakeholder) RETURN " + STAKEHOLDER
DELETE_STAKEHOLDER = ("MATCH (s:Stakeholder {id: $id}) WITH s DETACH DELETE s "
                      "RETURN count(*) AS deleted")
STAKEHOLDERS_BY_EXTERNAL_ID = ("UNWIND $pairs AS pair MATCH (s:Stakeholder {kind: pair[0], "
                               "external_id: pair[1]}) RETURN " + STAKEHOLDER)

# find_stakeholders assembles its WHERE clause from these fixed fragments only.
FILTERS = {
    "kind": "s.kind = $kind",
    "region": "s.region STARTS WITH $region",
    "sector": "$sector IN s.sectors",
    "need": "$need IN s.needs",
    "offer": "$offer IN s.offers",
    "language": "$language IN s.languages",
    "text": "s.search_text CONTAINS $text",
    # What a member or coordinator may see besides the stakeholders who consent to be seen.
    "discoverable_only": "(s.discoverable = true OR s.id IN $also_ids "
                         "OR any(region IN $also_regions WHERE s.region STARTS WITH region))",
    # With "need": whose needs the searcher may see (the private ones of some stakeholders).
    "public_needs_only": "(coalesce(s.needs_private, false) = false "
                         "OR s.id IN $private_needs_ids "
                         "OR any(region IN $private_needs_regions "
                         "WHERE s.region STARTS WITH region))",
}
# Property names for ORDER BY come from this table only, keyed by the enum.
ORDER_PROPERTIES = {
    StakeholderOrder.NAME: "s.sort_name",
    StakeholderOrder.CREATED_AT: "s.created_at",
    StakeholderOrder.UPDATED_AT: "s.updated_at",
}

# -- ties ---------------------------------------------------------------------------------------
TIE_TYPES = {t.value: t for t in TieType}
INSTRUMENTS = {i.value: i for i in Instrument}
# What an update or an upsert replaces (the id, type, ends and creation time stay), and rows of
# those: the natural key first, as MATCH needs it.
TIE_ATTRIBUTES = ("since", "weight", "external_id", "strength", "amount", "instrument", "topic",
                  "via", "updated_at")
UPDATE_COLUMNS = ("natural_key", *TIE_ATTRIBUTES, "fingerprint")
NEW_TIE_COLUMNS = ("source", "target", "id", *UPDATE_COLUMNS, "created_at")
# The columns every tie query returns, in the order _tie_from_row reads them.
TIE = ("[r.id, type(r), a.id, b.id, "
       + _read_columns("r", (*TIE_ATTRIBUTES[:-1], "created_at", "updated_at"))[1:] + " AS t")
# Relationship indexes are per type, so a tie found by id alone is looked up in each type's
# index. TieType values are an enum whitelist: concatenating them is safe.
TIE_BY_ID = ("CALL () { "
             + " UNION ALL ".join("MATCH (a)-[r:" + t.value + " {id: $id}]->(b) RETURN r, a, b"
                                  for t in TieType)
             + " } ")
GET_TIE = TIE_BY_ID + "RETURN " + TIE
TIE_EXISTS = TIE_BY_ID + "RETURN count(r) > 0 AS taken"
TIE_ID_BY_KEY = {
    t: "MATCH ()-[r:" + t.value + " {natural_key: $key}]->() RETURN r.id AS id"
    for t in TieType
}
UPDATE_TIE = ("WITH $row AS row " + TIE_BY_ID + "SET " + _set_columns("r", UPDATE_COLUMNS)
              + " RETURN count(r) AS updated")
DELETE_TIE = TIE_BY_ID + "DELETE r RETURN count(*) AS deleted"
TIE_IDS_TAKEN = ("UNWIND $ids AS id WITH id WHERE "
                 + " OR ".join("EXISTS { MATCH ()-[:" + t.value + " {id: id}]->() }"
                               for t in TieType)
                 + " RETURN id LIMIT 1")
EXISTING_IDS = "MATCH (s:Stakeholder) WHERE s.id IN $ids RETURN s.id AS id"
CREATE_TIES = {
    t: "UNWIND $rows AS row MATCH (a:Stakeholder {id: row[0]}) MATCH (b:Stakeholder {id: row[1]}) "
       "CREATE (a)-[r:" + t.value + "]->(b) SET " + _set_columns("r", NEW_TIE_COLUMNS, skip=2)
       + " RETURN count(r) AS written"
    for t in TieType
}
TIES_BY_KEY = {
    t: "UNWIND $keys AS key MATCH (a)-[r:" + t.value + " {natural_key: key}]->(b) RETURN " + TIE
    for t in TieType
}
UPDATE_TIES = {
    t: "UNWIND $rows AS row MATCH ()-[r:" + t.value + " {natural_key: row[0]}]->() SET "
       + _set_columns("r", UPDATE_COLUMNS, skip=1) + " RETURN count(r) AS written"
    for t in TieType
}
TIE_PATTERN = ":" + "|".join(t.value for t in TieType)
TIES_OF = {
    direction: "MATCH (s:Stakeholder {id: $id}) OPTIONAL MATCH " + pattern
    + " WHERE $types IS NULL OR type(r) IN $types WITH r, startNode(r) AS a, endNode(r) AS b "
      "ORDER BY r.id RETURN " + TIE
    for direction, pattern in {
        Direction.OUT: "(s)-[r" + TIE_PATTERN + "]->()",
        Direction.IN: "(s)<-[r" + TIE_PATTERN + "]-()",
        Direction.BOTH: "(s)-[r" + TIE_PATTERN + "]-()",
    }.items()
}
ALL_TIES = "MATCH (a:Stakeholder)-[r" + TIE_PATTERN + "]->(b:Stakeholder) RETURN " + TIE

# -- accounts and audit -------------------------------------------------------------------------
# Users, tokens and audit entries are nodes of their own labels, with their fields as properties.
# A membership is a MEMBER_OF relationship to the stakeholder, so it cannot name a missing one
# and deleting the stakeholder (DETACH DELETE) ends it.
USER_FIELDS = tuple(name for name in _fields(User) if name != "memberships")
SET_USER = "SET " + _set_columns("u", USER_FIELDS) + ", u.username_key = $username_key"
USER = ("OPTIONAL MATCH (u)-[:MEMBER_OF]->(s:Stakeholder) WITH u, s ORDER BY s.id "
        "WITH u, collect(s.id) AS memberships ORDER BY u.username_key RETURN "
        + _read_columns("u", USER_FIELDS) + " AS u, memberships")
USERS = {
    "id": "MATCH (u:User {id: $id}) " + USER,
    "username": "MATCH (u:User {username_key: $username_key}) " + USER,
    "all": "MATCH (u:User) " + USER,
}
USER_CLASHES = ("RETURN EXISTS { MATCH (u:User {id: $id}) } "
                "OR EXISTS { MATCH (u:User {username_key: $username_key}) } AS taken")
USERNAME_TAKEN = ("RETURN EXISTS { MATCH (u:User {username_key: $username_key}) "
                  "WHERE u.id <> $id } AS taken")
CREATE_USER = "WITH $row AS row CREATE (u:User) " + SET_USER
REPLACE_USER = ("WITH $row AS row MATCH (u:User {id: $id}) " + SET_USER
                + " WITH u OPTIONAL MATCH (u)-[m:MEMBER_OF]->() DELETE m")
ADD_MEMBERSHIPS = ("MATCH (u:User {id: $id}) UNWIND $memberships AS member "
                   "MATCH (s:Stakeholder {id: member}) CREATE (u)-[:MEMBER_OF]->(s) "
                   "RETURN count(*) AS added")
DELETE_USER = ("MATCH (u:User {id: $id}) OPTIONAL MATCH (t:ApiToken {user_id: $id}) "
               "DETACH DELETE t, u RETURN count(DISTINCT u) AS deleted")
TOKEN_FIELDS = _fields(ApiToken)
TOKEN = _read_columns("t", TOKEN_FIELDS) + " AS t"
TOKEN_CLASHES = ("RETURN EXISTS { MATCH (u:User {id: $user_id}) } AS user_exists, "
                 "EXISTS { MATCH (t:ApiToken {id: $id}) } AS id_taken")
CREATE_TOKEN = "WITH $row AS row CREATE (t:ApiToken) SET " + _set_columns("t", TOKEN_FIELDS)
GET_TOKEN = "MATCH (t:ApiToken {id: $id}) RETURN " + TOKEN
LIST_TOKENS = ("MATCH (t:ApiToken {user_id: $user_id}) WITH t ORDER BY t.created_at DESC, t.id "
               "RETURN " + TOKEN)
# The first revocation time stays: revoking twice changes nothing.
REVOKE_TOKEN = ("MATCH (t:ApiToken {id: $id}) SET t.revoked_at = coalesce(t.revoked_at, "
                + _as_datetime("$at") + ") RETURN " + TOKEN)
TOUCH_TOKEN = "MATCH (t:ApiToken {id: $id}) SET t.last_used_at = " + _as_datetime("$at")
AUDIT_FIELDS = _fields(AuditEntry)
CREATE_AUDIT = "WITH $row AS row CREATE (a:AuditEntry) SET " + _set_columns("a", AUDIT_FIELDS)
CREATE_AUDITS = "UNWIND $rows AS row CREATE (a:AuditEntry) SET " + _set_columns("a", AUDIT_FIELDS)
# find_audit assembles its WHERE clause from these fixed fragments only.
AUDIT_FILTERS = {
    "object_ids": "a.object_id IN $object_ids",
    "actor_id": "a.actor_id = $actor_id",
    "regions": "any(region IN $regions WHERE a.region STARTS WITH region)",
}

NODE_CONFLICT = re.compile(r"already exists with label `[^`]*` and propert(?:y|ies) `([^`]*)`")


# -- conversions at the boundary ------------------------------------------------------------------

def _stakeholder_row(s: Stakeholder) -> list[Any]:
    """A row in STAKEHOLDER_COLUMNS order."""
    return [*_row(s, STAKEHOLDER_FIELDS), fold(s.name), s.search_text, fingerprint(s)]


def _stakeholder_from_values(values: list[Any]) -> Stakeholder:
    return stakeholder_from_record(_record(STAKEHOLDER_FIELDS, values))


def _update_row(t: Tie, tie_fingerprint: str) -> list[Any]:
    """A row in UPDATE_COLUMNS order: None included, as it removes the property."""
    return [t.key, t.since.isoformat(), float(t.weight), t.external_id, t.strength,
            None if t.amount is None else float(t.amount),
            t.instrument and t.instrument.value, t.topic, t.via, _send_datetime(t.updated_at),
            tie_fingerprint]


def _new_tie_row(t: Tie, tie_fingerprint: str) -> list[Any]:
    """A row in NEW_TIE_COLUMNS order."""
    return [t.source, t.target, t.id, *_update_row(t, tie_fingerprint),
            _send_datetime(t.created_at)]


def _tie_from_row(row: list[Any]) -> Tie:
    # Built directly rather than through tie_from_record: an export maps a million of these.
    (tie_id, tie_type, source, target, since, weight, external_id, strength, amount, instrument,
     topic, via, created_at, updated_at) = row
    return Tie(id=tie_id, type=TIE_TYPES[tie_type], source=source, target=target,
               since=date.fromisoformat(since), weight=float(weight), external_id=external_id,
               strength=strength, amount=None if amount is None else float(amount),
               instrument=None if instrument is None else INSTRUMENTS[instrument],
               topic=topic, via=via, created_at=_datetime(created_at),
               updated_at=_datetime(updated_at))


def _batches(items: list[T], size: int = BATCH_SIZE) -> Iterable[list[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# -- errors -------------------------------------------------------------------------------------

def _external_id_conflict() -> Conflict:
    return Conflict("a stakeholder of this kind already has this external_id",
                    errors={"external_id": ["already taken for this kind"]})


def _id_conflict() -> Conflict:
    return Conflict("a stakeholder with this id already exists", errors={"id": ["taken"]})


def _stakeholder_conflict(error: ConstraintError) -> Conflict:
    match = NODE_CONFLICT.search(error.message or "")
    if match is not None and match.group(1) in ("kind", "external_id"):
        return _external_id_conflict()
    return _id_conflict()


def _duplicate_tie(field: str) -> Conflict:
    return Conflict("such a tie already exists between these stakeholders",
                    errors={field: ["duplicate tie"]})


def _tie_id_taken() -> Conflict:
    return Conflict("a tie's id is already used by another tie",
                    errors={"id": ["taken by another tie"]})


def _import_conflict(error: ConstraintError) -> Conflict:
    # An import updates the ties whose natural key exists, so a tie can only clash by its id.
    if (error.message or "").startswith("Relationship"):
        return _tie_id_taken()
    return _stakeholder_conflict(error)


class Neo4jStore(Neo4jIntroductions, Neo4jMentorship, Neo4jSignIn):
    """A :class:`~graph_models.stores.base.GraphStore` on a Neo4j 5 server.

    Nothing connects until the first call; one driver then serves every thread of the process.

    >>> store = Neo4jStore("bolt://127.0.0.1:7687", user=None, password=None)
    >>> store.database
    'neo4j'
    """

    def __init__(self, url: str, *, user: str | None, password: str | None,
                 database: str = "neo4j"):
        self.url = url
        self.database = database
        self._auth = None if user is None else neo4j.basic_auth(user, password or "")
        self._driver: neo4j.Driver | None = None
        self._driver_pid: int | None = None
        self._lock = threading.Lock()

    # -- driver, sessions and transactions ----------------------------------------------------

    def _get_driver(self) -> neo4j.Driver:
        driver = self._driver
        # A driver's sockets cannot be shared with a forked child: each process makes its own.
        if driver is not None and self._driver_pid == os.getpid():
            return driver
        with self._lock:
            if self._driver is None or self._driver_pid != os.getpid():
                self._driver = neo4j.GraphDatabase.driver(
                    self.url, auth=self._auth,
                    connection_timeout=CONNECTION_TIMEOUT_SECONDS,
                    connection_acquisition_timeout=ACQUISITION_TIMEOUT_SECONDS,
                    max_transaction_retry_time=MAX_RETRY_SECONDS,
                    # "Unknown property, label or type" notes are expected (queries name every
                    # optional property and every type) and would flood a fresh database's log.
                    notifications_disabled_classifications=[
                        neo4j.NotificationDisabledClassification.UNRECOGNIZED])
                self._driver_pid = os.getpid()
            return self._driver

    def _unavailable(self, error: Exception, *, write: bool = False) -> StoreUnavailable | None:
        """The StoreUnavailable that an error of the driver or server means, if any."""
        where, detail = "the Neo4j server", f"{self.url}: {error}"
        if write and isinstance(error, IncompleteCommit):  # COMMIT sent, its answer never came
            return OutcomeUnknown(f"{where} stopped answering while the write was being "
                                  "committed: it may or may not have been saved", detail=detail)
        if isinstance(error, ServiceUnavailable | SessionExpired):
            return StoreUnavailable(f"{where} cannot be reached", detail=detail)
        if isinstance(error, AuthError | Neo4jForbidden):
            return StoreUnavailable(f"{where} refused the store's credentials", retry_after=60,
                                    detail=detail)
        if isinstance(error, ConnectionAcquisitionTimeoutError):
            return StoreUnavailable(f"{where} has no free connection", retry_after=1,
                                    detail=detail)
        if isinstance(error, TransientError):  # still failing once the driver's retries ran out
            return StoreUnavailable(f"{where} is busy", retry_after=1, detail=detail)
        if isinstance(error, Neo4jError):
            code = error.code or ""
            # The write timeout ran out, typically while waiting for the lock an import holds.
            if code.rpartition(".")[2] in TIMED_OUT:
                return StoreUnavailable(f"{where} is busy: a long write holds the lock",
                                        retry_after=1, detail=detail)
            if code == "Neo.ClientError.Database.DatabaseNotFound":
                return StoreUnavailable(f"{where} has no such database", retry_after=60,
                                        detail=f"{self.url}: no database {self.database!r}")
        return None

    def _execute(self, write: bool, work: Callable[..., T], *args: Any,
                 timeout: float | None = None,
                 conflict: Callable[[ConstraintError], Conflict] | None = None) -> T:
        """Run ``work(tx, *args)`` in one managed transaction of a short session.

        The driver retries ``work`` on transient failures, so it must only read and write
        through ``tx`` and return domain objects, never a live Result.
        """
        if timeout is not None:
            work = neo4j.unit_of_work(timeout=timeout)(work)
        try:
            with self._get_driver().session(database=self.database) as session:
                run = session.execute_write if write else session.execute_read
                return run(work, *args)
        except ConstraintError as error:
            if conflict is None:
                raise
            raise conflict(error) from error
        except (DriverError, Neo4jError) as error:
            unavailable = self._unavailable(error, write=write)
            if unavailable is None:
                raise
            raise unavailable from error

    def _read(self, work: Callable[..., T], *args: Any) -> T:
        return self._execute(False, work, *args)

    def _read_one(self, query: str, column: str, convert: Callable[[Any], T], missing: str,
                  **parameters: Any) -> T:
        """The one record ``query`` finds, its ``column`` converted; NotFound(``missing``) when
        it finds none."""

        def read(tx: neo4j.ManagedTransaction) -> Any:
            record = tx.run(query, **parameters).single()
            return None if record is None else record[column]

        found = self._read(read)
        if found is None:
            raise NotFound(missing)
        return convert(found)

    def _write(self, work: Callable[..., T], *args: Any, graph: bool = True,
               audit: AuditEntry | None = None,
               timeout: float | None = WRITE_TIMEOUT_SECONDS,
               conflict: Callable[[ConstraintError], Conflict] | None = None,
               for_claim: bool = True) -> T:
        """Like :meth:`_execute` for a write: a write to the ``graph`` bumps the version first,
        a write made ``for_claim`` then records the current Idempotency-Key claim (see
        ``writing_for``), and an ``audit`` entry is written with the work, or not at all."""
        claim = current_claim() if for_claim else None

        def write(tx: neo4j.ManagedTransaction, *args: Any) -> T:
            if graph and tx.run(BUMP_VERSION).single() is None:
                raise StoreUnavailable("the Neo4j database has no Syndesmos schema yet: run "
                                       "ensure_schema() first", retry_after=60,
                                       detail=f"{self.url}: database {self.database!r}")
            if claim is not None:
                self._record_effect(tx, claim, audit)
            result = work(tx, *args)
            if audit is not None:
                tx.run(CREATE_AUDIT, row=_row(audit, AUDIT_FIELDS)).consume()
            return result

        return self._execute(True, write, *args, timeout=timeout, conflict=conflict)

    def ensure_schema(self) -> None:
        """Create the constraints, indexes and version node if missing. Idempotent.

        The version node is merged, never bumped: a new store is at version 0.
        """

        def run(tx: neo4j.ManagedTransaction, statement: str) -> None:
            tx.run(statement).consume()

        # Schema changes and data writes may not share a transaction: one statement each.
        for statement in SCHEMA:
            self._execute(True, run, statement)
        self._execute(True, run, CREATE_META)
        # Indexes fill in the background; wait so that the first searches already use them.
        self._execute(False, run, "CALL db.awaitIndexes(300)")

    def ping(self) -> None:
        """Raise StoreUnavailable unless the server answers ``RETURN 1`` (no retries: fast)."""
        try:
            driver = self._get_driver()
            driver.verify_connectivity()
            with driver.session(database=self.database) as session:
                session.run("RETURN 1").consume()
        except (DriverError, Neo4jError) as error:
            unavailable = self._unavailable(error)
            if unavailable is None:
                raise
            raise unavailable from error

    def close(self) -> None:
        """Close the driver and its connections; a later call opens a new one."""
        with self._lock:
            driver, self._driver = self._driver, None
        if driver is not None:
            driver.close()

    def version(self) -> int:
        """The number of committed writes so far (0 before :meth:`ensure_schema`)."""

        def read(tx: neo4j.ManagedTransaction) -> int:
            record = tx.run(READ_VERSION).single()
            return 0 if record is None else record["version"]

        return self._read(read)

    # -- stakeholders -------------------------------------------------------------------------

    def create_stakeholder(self, stakeholder: Stakeholder, *,
                           audit: AuditEntry | None = None) -> Stakeholder:
        """Insert; Conflict if the id or (kind, external_id) is taken."""
        s = stakeholder

        def create(tx: neo4j.ManagedTransaction) -> None:
            clashes = tx.run(CLASHES, id=s.id, kind=s.kind.value,
                             external_id=s.external_id).single()
            if clashes["external_id_taken"]:
                raise _external_id_conflict()
            if clashes["id_taken"]:
                raise _id_conflict()
            tx.run(CREATE_STAKEHOLDERS[s.kind], rows=[_stakeholder_row(s)]).consume()

        self._write(create, audit=audit, conflict=_stakeholder_conflict)
        return stakeholder

    def get_stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """The stakeholder with this id; NotFound if absent."""

        return self._read_one(GET_STAKEHOLDER, "s", _stakeholder_from_values,
                              f"no stakeholder with id {stakeholder_id}", id=stakeholder_id)

    def get_stakeholders(self, stakeholder_ids: list[str]) -> dict[str, Stakeholder]:
        """The stakeholders of these ids that exist, by id (one query)."""
        if not stakeholder_ids:
            return {}

        def read(tx: neo4j.ManagedTransaction) -> dict[str, Stakeholder]:
            found = (_stakeholder_from_values(record["s"])
                     for record in tx.run(GET_STAKEHOLDERS, ids=list(set(stakeholder_ids))))
            return {s.id: s for s in found}

        return self._read(read)

    def update_stakeholder(self, stakeholder: Stakeholder, *,
                           expected_updated_at: datetime | None = None,
                           audit: AuditEntry | None = None) -> Stakeholder:
        """Replace every field (the kind never changes); NotFound / Conflict; with
        ``expected_updated_at``, Conflict if someone changed it since it was read."""

        def replace(tx: neo4j.ManagedTransaction) -> None:
            # The version node was bumped first, so this transaction holds the graph's write
            # lock: nobody can change the stakeholder between this check and the write.
            if expected_updated_at is not None:
                current = tx.run(GET_STAKEHOLDER, id=stakeholder.id).single()
                if (current is not None and _stakeholder_from_values(current["s"]).updated_at
                        != expected_updated_at):
                    raise changed_meanwhile("stakeholder")
            record = tx.run(REPLACE_STAKEHOLDERS, rows=[_stakeholder_row(stakeholder)]).single()
            if record["written"] != 1:
                raise NotFound("no stakeholder with this id and kind")

        self._write(replace, audit=audit, conflict=_stakeholder_conflict)
        return stakeholder

    def delete_stakeholder(self, stakeholder_id: str, *, audit: AuditEntry | None = None) -> None:
        """Delete it, all its ties, every membership in it, and every introduction request
        and block it is part of, and drop the kept answers that name it; NotFound if
        absent."""

        def delete(tx: neo4j.ManagedTransaction) -> None:
            self._erase_introductions_of(tx, stakeholder_id)
            self._erase_mentorships_of(tx, stakeholder_id)
            if tx.run(DELETE_STAKEHOLDER, id=stakeholder_id).single()["deleted"] == 0:
                raise NotFound(f"no stakeholder with id {stakeholder_id}")
            self._erase_answers_naming(tx, stakeholder_id)

        self._write(delete, audit=audit)

    def find_stakeholders(self, query: StakeholderQuery) -> Page[Stakeholder]:
        """One page of the stakeholders that pass every filter given, and their total.

        Ordered by the query's sort key, then id; counted and read in one transaction.
        """
        values = {
            "kind": query.kind and query.kind.value, "region": query.region,
            "sector": query.sector, "need": query.need, "offer": query.offer,
            "language": query.language, "text": fold(query.text) if query.text else None,
            "discoverable_only": query.discoverable_only or None,
            "public_needs_only": (query.need is not None and query.public_needs_only) or None,
        }
        parameters = {name: value for name, value in values.items() if value is not None}
        filters = list(parameters)
        if query.discoverable_only:
            parameters.update(also_ids=list(query.also_ids),
                              also_regions=list(query.also_regions))
        if "public_needs_only" in parameters:
            parameters.update(private_needs_ids=list(query.private_needs_ids),
                              private_needs_regions=list(query.private_needs_regions))
        # The WHERE clause is made of the fixed FILTERS fragments only; every value is a $param.
        match = ("MATCH (s:Stakeholder) WHERE "
                 + (" AND ".join(FILTERS[name] for name in filters) or "true"))
        count_query = match + " RETURN count(s) AS total"
        # Sort and cut the page first, so that only the page's nodes are read in full.
        page_query = (match + " WITH s ORDER BY " + ORDER_PROPERTIES[query.order]
                      + ", s.id SKIP $skip LIMIT $limit RETURN " + STAKEHOLDER)

        def read(tx: neo4j.ManagedTransaction) -> tuple[int, list[Stakeholder]]:
            total = tx.run(count_query, parameters).single()["total"]
            items = [_stakeholder_from_values(record["s"]) for record in
                     tx.run(page_query, parameters, skip=query.offset, limit=query.page_size)]
            return total, items

        total, items = self._read(read)
        return Page(items=items, total=total, page=query.page, page_size=query.page_size)

    # -- ties ---------------------------------------------------------------------------------

    def create_tie(self, tie: Tie, *, audit: AuditEntry | None = None) -> Tie:
        """Insert; Conflict if an end is missing or the id or natural key is taken."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            found = {record["id"] for record in
                     tx.run(EXISTING_IDS, ids=[tie.source, tie.target])}
            missing = {tie.source, tie.target} - found
            if missing:
                raise Conflict("a tie must join two existing stakeholders",
                               errors={"source" if tie.source in missing else "target":
                                       ["no such stakeholder"]})
            # Constraints keep ids unique per type only; SQLite's are unique across types.
            if tx.run(TIE_EXISTS, id=tie.id).single()["taken"]:
                raise _duplicate_tie("type")
            tx.run(CREATE_TIES[tie.type], rows=[_new_tie_row(tie, fingerprint(tie))]).consume()

        self._write(create, audit=audit, conflict=lambda error: _duplicate_tie("type"))
        return tie

    @staticmethod
    def _create_tie_unless_known(tx: neo4j.ManagedTransaction, tie: Tie) -> str:
        """Create the tie unless its natural key is taken; the id of the pair's tie. Only in a
        graph write: the version lock keeps the key from being taken meanwhile."""
        record = tx.run(TIE_ID_BY_KEY[tie.type], key=tie.key).single()
        if record is not None:
            return record["id"]
        if tx.run(TIE_EXISTS, id=tie.id).single()["taken"]:
            raise _duplicate_tie("type")
        written = tx.run(CREATE_TIES[tie.type],
                         rows=[_new_tie_row(tie, fingerprint(tie))]).single()["written"]
        if written != 1:
            raise Conflict("a tie must join two existing stakeholders",
                           errors={"source": ["no such stakeholder"]})
        return tie.id

    def get_tie(self, tie_id: str) -> Tie:
        """The tie with this id; NotFound if absent."""

        return self._read_one(GET_TIE, "t", _tie_from_row,
                              f"no tie with id {tie_id}", id=tie_id)

    def update_tie(self, tie: Tie, *, expected_updated_at: datetime | None = None,
                   audit: AuditEntry | None = None) -> Tie:
        """Replace the tie's attributes (type and ends never change); NotFound / Conflict;
        with ``expected_updated_at``, Conflict if someone changed it since it was read."""

        def update(tx: neo4j.ManagedTransaction) -> None:
            if expected_updated_at is not None:  # under the graph's write lock, as above
                current = tx.run(GET_TIE, id=tie.id).single()
                if (current is not None
                        and _tie_from_row(current["t"]).updated_at != expected_updated_at):
                    raise changed_meanwhile("tie")
            record = tx.run(UPDATE_TIE, id=tie.id, row=_update_row(tie, fingerprint(tie))).single()
            if record["updated"] == 0:
                raise NotFound(f"no tie with id {tie.id}")

        self._write(update, audit=audit, conflict=lambda error: _duplicate_tie("since"))
        return tie

    def delete_tie(self, tie_id: str, *, audit: AuditEntry | None = None) -> None:
        """Delete the tie (its ends stay); NotFound if absent."""

        def delete(tx: neo4j.ManagedTransaction) -> None:
            if tx.run(DELETE_TIE, id=tie_id).single()["deleted"] == 0:
                raise NotFound(f"no tie with id {tie_id}")

        self._write(delete, audit=audit)

    def ties_of(self, stakeholder_id: str, *, direction: Direction = Direction.BOTH,
                types: frozenset[TieType] | None = None) -> list[Tie]:
        """The ties at a stakeholder, ordered by id; NotFound if the stakeholder is absent."""
        type_names = None if types is None else sorted(t.value for t in types)

        def read(tx: neo4j.ManagedTransaction) -> list[Tie] | None:
            rows = [record["t"] for record in
                    tx.run(TIES_OF[direction], id=stakeholder_id, types=type_names)]
            if not rows:  # not even the stakeholder matched
                return None
            return [_tie_from_row(row) for row in rows if row[0] is not None]

        ties = self._read(read)
        if ties is None:
            raise NotFound(f"no stakeholder with id {stakeholder_id}")
        return ties

    # -- accounts and audit (they do not move the graph's version) ----------------------------

    def create_user(self, user: User, *, audit: AuditEntry | None = None) -> User:
        """Insert; Conflict if the id or username (case-insensitively) is taken, or a
        membership names a missing stakeholder."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            key = user.username.casefold()
            if tx.run(USER_CLASHES, id=user.id, username_key=key).single()["taken"]:
                raise _username_taken()
            tx.run(CREATE_USER, row=_row(user, USER_FIELDS), username_key=key).consume()
            _add_memberships(tx, user)

        self._write(create, graph=False, audit=audit, conflict=lambda error: _username_taken())
        return user

    def _users(self, query: str, **parameters: Any) -> list[User]:
        def read(tx: neo4j.ManagedTransaction) -> list[User]:
            return [from_record(User, {**_record(USER_FIELDS, record["u"]),
                                       "memberships": record["memberships"]})
                    for record in tx.run(query, parameters)]

        return self._read(read)

    def get_user(self, user_id: str) -> User:
        """The user with this id; NotFound if absent."""
        found = self._users(USERS["id"], id=user_id)
        if not found:
            raise NotFound(f"no user with id {user_id}")
        return found[0]

    def get_user_by_username(self, username: str) -> User:
        """The user with this username, case-insensitively; NotFound if absent."""
        found = self._users(USERS["username"], username_key=username.casefold())
        if not found:
            raise NotFound(f"no user {username}")
        return found[0]

    def list_users(self) -> list[User]:
        """Every user, ordered by username (case-folded)."""
        return self._users(USERS["all"])

    def update_user(self, user: User, *, audit: AuditEntry | None = None,
                    end_sessions: bool = False) -> User:
        """Replace every field, memberships included; NotFound / Conflict. With
        ``end_sessions``, delete the user's sign-in sessions too."""

        def replace(tx: neo4j.ManagedTransaction) -> None:
            key = user.username.casefold()
            if tx.run(USERS["id"], id=user.id).single() is None:
                raise NotFound(f"no user with id {user.id}")
            if tx.run(USERNAME_TAKEN, id=user.id, username_key=key).single()["taken"]:
                raise _username_taken()
            tx.run(REPLACE_USER, id=user.id, row=_row(user, USER_FIELDS),
                   username_key=key).consume()
            _add_memberships(tx, user)
            if end_sessions:
                self._end_sessions_of(tx, user.id)

        self._write(replace, graph=False, audit=audit, conflict=lambda error: _username_taken())
        return user

    def delete_user(self, user_id: str, *, audit: AuditEntry | None = None) -> None:
        """Delete the user, its memberships, its tokens, its sign-in sessions, its notifications
        and its idempotency keys, and drop the kept answers that name it; NotFound if absent."""

        def delete(tx: neo4j.ManagedTransaction) -> None:
            self._erase_notifications_to(tx, user_id)
            self._end_sessions_of(tx, user_id)
            if tx.run(DELETE_USER, id=user_id).single()["deleted"] == 0:
                raise NotFound(f"no user with id {user_id}")
            self._erase_keys_of(tx, user_id)
            self._erase_answers_naming(tx, user_id)

        self._write(delete, graph=False, audit=audit)

    def create_token(self, token: ApiToken, *, audit: AuditEntry | None = None) -> ApiToken:
        """Insert; Conflict if the user is missing or the token id is taken."""

        def create(tx: neo4j.ManagedTransaction) -> None:
            clashes = tx.run(TOKEN_CLASHES, id=token.id, user_id=token.user_id).single()
            if clashes["id_taken"] or not clashes["user_exists"]:
                raise _no_token_user()
            tx.run(CREATE_TOKEN, row=_row(token, TOKEN_FIELDS)).consume()

        self._write(create, graph=False, audit=audit, conflict=lambda error: _no_token_user())
        return token

    def get_token(self, token_id: str) -> ApiToken:
        """The token with this id; NotFound if absent."""

        return self._read_one(GET_TOKEN, "t", _token,
                              f"no token with id {token_id}", id=token_id)

    def list_tokens(self, user_id: str) -> list[ApiToken]:
        """The user's tokens, newest first."""

        def read(tx: neo4j.ManagedTransaction) -> list[ApiToken]:
            return [_token(record["t"]) for record in tx.run(LIST_TOKENS, user_id=user_id)]

        return self._read(read)

    def revoke_token(self, token_id: str, at: datetime, *,
                     audit: AuditEntry | None = None) -> ApiToken:
        """Mark revoked (idempotent: the first revocation time stays); NotFound if absent."""

        def revoke(tx: neo4j.ManagedTransaction) -> ApiToken:
            record = tx.run(REVOKE_TOKEN, id=token_id, at=_send_datetime(at)).single()
            if record is None:
                raise NotFound(f"no token with id {token_id}")
            return _token(record["t"])

        return self._write(revoke, graph=False, audit=audit)

    def touch_token(self, token_id: str, at: datetime) -> None:
        """Record the token's last use; no audit, no version."""

        def touch(tx: neo4j.ManagedTransaction) -> None:
            tx.run(TOUCH_TOKEN, id=token_id, at=_send_datetime(at)).consume()

        self._write(touch, graph=False)

    def find_audit(self, query: AuditQuery) -> Page[AuditEntry]:
        """One page of the audit entries that pass every filter given, newest first."""
        values = {"object_ids": list(query.object_ids) or None, "actor_id": query.actor_id,
                  "regions": None if query.regions is None else list(query.regions)}
        parameters = {name: value for name, value in values.items() if value is not None}
        # The WHERE clause is made of the fixed AUDIT_FILTERS fragments only.
        match = ("MATCH (a:AuditEntry) WHERE "
                 + (" AND ".join(AUDIT_FILTERS[name] for name in parameters) or "true"))
        count_query = match + " RETURN count(a) AS total"
        page_query = (match + " WITH a ORDER BY a.at DESC, a.id SKIP $skip LIMIT $limit RETURN "
                      + _read_columns("a", AUDIT_FIELDS) + " AS a")

        def read(tx: neo4j.ManagedTransaction) -> tuple[int, list[AuditEntry]]:
            total = tx.run(count_query, parameters).single()["total"]
            items = [from_record(AuditEntry, _record(AUDIT_FIELDS, record["a"])) for record in
                     tx.run(page_query, parameters, skip=query.offset, limit=query.page_size)]
            return total, items

        total, items = self._read(read)
        return Page(items, total, query.page, query.page_size)

    # -- bulk and export ----------------------------------------------------------------------

    def plan_import(self, stakeholders: list[StakeholderImport],
                    ties: list[TieImport]) -> UpsertPlan:
        """What :meth:`bulk_upsert` would do now, read without writing anything."""
        return self._read(_plan, stakeholders, ties)

    def bulk_upsert(self, stakeholders: list[StakeholderImport], ties: list[TieImport], *,
                    review: ImportReview | None = None,
                    audit: AuditEntry | None = None) -> ImportResult:
        """Upsert stakeholders and ties: all or nothing when they fit one transaction.

        A transaction plans its items (:func:`~graph_models.domain.interchange.plan_upsert`), has
        ``review`` refuse them or give their audit entries, and writes stakeholders per kind
        and ties per type. An import larger than one transaction holds (see
        ``IMPORT_BATCH_ITEMS``) is first planned and reviewed whole in a read transaction, so
        that a bad line still writes nothing; it is then written in several transactions,
        stakeholders first. Should one of them fail, those before it stay written and the
        error says how far it got: sending the same import again completes it, since an
        import writes nothing twice.
        """
        review = review or refuse_problems
        batches = _import_batches(stakeholders, ties)
        if len(batches) > 1:
            self._read(lambda tx: review(_plan(tx, stakeholders, ties)))

        def upsert(tx: neo4j.ManagedTransaction, some_stakeholders: list[StakeholderImport],
                   some_ties: list[TieImport]) -> ImportResult:
            plan = _plan(tx, some_stakeholders, some_ties)
            _write_plan(tx, plan, review(plan))
            return plan.result()

        result, written, total = ImportResult(), 0, len(stakeholders) + len(ties)
        for number, (some_stakeholders, some_ties) in enumerate(batches, start=1):
            try:
                # A long import legitimately outlasts the single-write timeout: none here.
                result += self._write(upsert, some_stakeholders, some_ties, timeout=None,
                                      audit=audit if number == len(batches) else None,
                                      conflict=_import_conflict)
            except SyndesmosError as error:
                if not written:
                    raise
                raise with_note(error, f"but {written} of the import's {total} lines had "
                                       "been written before, in transactions of their own"
                                ) from error
            written += len(some_stakeholders) + len(some_ties)
        return result

    def export(self) -> GraphExport:
        """Every stakeholder and tie, ordered by id, with the version they were read at."""

        def read(tx: neo4j.ManagedTransaction) -> GraphExport:
            record = tx.run(READ_VERSION).single()
            version = 0 if record is None else record["version"]
            stakeholders = [_stakeholder_from_values(r["s"]) for r in tx.run(ALL_STAKEHOLDERS)]
            ties = [_tie_from_row(r["t"]) for r in tx.run(ALL_TIES)]
            return GraphExport(version=version, stakeholders=stakeholders, ties=ties)

        export = self._read(read)
        # Sorted here, not by the server: Python orders str by code point, as Neo4j and SQLite
        # do, and a million-row ORDER BY would have to fit in the server's heap.
        export.stakeholders.sort(key=_by_id)
        export.ties.sort(key=_by_id)
        return export


def _username_taken() -> Conflict:
    return Conflict("this username is taken", errors={"username": ["already taken"]})


def _no_token_user() -> Conflict:
    return Conflict("no such user, or the token id is taken",
                    errors={"user_id": ["no such user"]})


def _token(values: list[Any]) -> ApiToken:
    return from_record(ApiToken, _record(TOKEN_FIELDS, values))


def _add_memberships(tx: neo4j.ManagedTransaction, user: User) -> None:
    """Join the user to its stakeholders; Conflict if one is missing (or named twice, which
    SQLite's key refuses alike)."""
    if not user.memberships:
        return
    added = tx.run(ADD_MEMBERSHIPS, id=user.id, memberships=list(user.memberships)).single()
    if added["added"] != len(user.memberships) or len(set(user.memberships)) != len(
            user.memberships):
        raise Conflict("a membership names a stakeholder that does not exist",
                       errors={"memberships": ["no such stakeholder"]})


def _by_id(item: Stakeholder | Tie) -> str:
    return item.id


def _import_batches(stakeholders: list[StakeholderImport], ties: list[TieImport],
                    ) -> list[tuple[list[StakeholderImport], list[TieImport]]]:
    """The import cut into transactions: stakeholders first, each within the limits above."""
    batches: list[tuple[list[StakeholderImport], list[TieImport]]] = [([], [])]
    items = characters = 0
    for part, some in enumerate((stakeholders, ties)):
        for item in some:
            size = _text_size(item)
            if items and (items == IMPORT_BATCH_ITEMS
                          or characters + size > IMPORT_BATCH_CHARACTERS):
                batches.append(([], []))
                items = characters = 0
            batches[-1][part].append(item)
            items, characters = items + 1, characters + size
    return batches


def _text_size(item: StakeholderImport | TieImport) -> int:
    """Roughly how many characters an item writes: a stakeholder's description is held twice
    (as itself and folded into search_text)."""
    if isinstance(item, TieImport):
        return 300
    return 1_000 + 2 * len(item.stakeholder.description)


def _plan(tx: neo4j.ManagedTransaction, stakeholders: list[StakeholderImport],
          ties: list[TieImport]) -> UpsertPlan:
    """The import's plan, from the stored stakeholders and ties it names (read through the
    unique indexes: the cost is the import's size, not the store's)."""
    ids, pairs = named_in_import(stakeholders, ties)
    stored = [_stakeholder_from_values(record["s"]) for query, parameters in (
        (GET_STAKEHOLDERS, {"ids": ids}),
        (STAKEHOLDERS_BY_EXTERNAL_ID, {"pairs": [[k.value, e] for k, e in pairs]}))
        for record in tx.run(query, parameters)]

    def stored_ties(keys: list[str]) -> dict[str, Tie]:
        by_type: dict[TieType, list[str]] = {}
        for key in keys:  # a natural key starts with its type's name
            by_type.setdefault(TIE_TYPES[key.partition("|")[0]], []).append(key)
        return {tie.key: tie for tie_type, some in by_type.items()
                for record in tx.run(TIES_BY_KEY[tie_type], keys=some)
                for tie in [_tie_from_row(record["t"])]}

    return plan_upsert(stakeholders, ties, stored, stored_ties)


def _write_plan(tx: neo4j.ManagedTransaction, plan: UpsertPlan,
                entries: list[AuditEntry]) -> None:
    """Write what the plan creates and replaces, and the audit entries."""
    by_kind: dict[Kind, list[list[Any]]] = {}
    for s in plan.stakeholders_to(Change.CREATED):
        by_kind.setdefault(s.kind, []).append(_stakeholder_row(s))
    for kind, rows in by_kind.items():
        for batch in _batches(rows):
            tx.run(CREATE_STAKEHOLDERS[kind], rows=batch).consume()
    for batch in _batches([_stakeholder_row(s) for s in plan.stakeholders_to(Change.UPDATED)]):
        if tx.run(REPLACE_STAKEHOLDERS, rows=batch).single()["written"] != len(batch):
            raise NotFound("no stakeholder with this id and kind")
    for change, write in ((Change.CREATED, _create_ties), (Change.UPDATED, _update_ties)):
        by_type: dict[TieType, list[Tie]] = {}
        for t in plan.ties_to(change):
            by_type.setdefault(t.type, []).append(t)
        for tie_type, same_type in by_type.items():
            for batch in _batches(same_type):
                write(tx, tie_type, batch)
    for batch in _batches([_row(entry, AUDIT_FIELDS) for entry in entries]):
        tx.run(CREATE_AUDITS, rows=batch).consume()


def _create_ties(tx: neo4j.ManagedTransaction, tie_type: TieType, ties: list[Tie]) -> None:
    rows = [_new_tie_row(t, fingerprint(t)) for t in ties]
    # Constraints keep tie ids unique per type only; SQLite's are unique across types.
    if tx.run(TIE_IDS_TAKEN, ids=[row[2] for row in rows]).single():
        raise _tie_id_taken()
    if tx.run(CREATE_TIES[tie_type], rows=rows).single()["written"] != len(rows):
        # The plan placed every end, and graph writers queue: only a bug gets here.
        raise Conflict("a tie must join two existing stakeholders",
                       errors={"target": ["no such stakeholder"]})


def _update_ties(tx: neo4j.ManagedTransaction, tie_type: TieType, ties: list[Tie]) -> None:
    tx.run(UPDATE_TIES[tie_type], rows=[_update_row(t, fingerprint(t)) for t in ties]).consume()
