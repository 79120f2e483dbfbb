"""The Neo4j store's driver, sessions and managed transactions, and what every write does.

One driver per process serves every thread; each unit of work is one managed transaction of a
short session, which the driver retries on transient failures. Every write to the graph bumps
the version as its first statement, which also trims the change feed; a write made for an
Idempotency-Key claim then records its effect on the claim, and a write's audit entry is
written last, in the same transaction.
Errors of the driver and the server leave here as the domain's own (StoreUnavailable,
OutcomeUnknown, the Conflict a constraint means).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
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

from graph_models.domain.accounts import AuditEntry
from graph_models.domain.errors import (
    Conflict,
    NotFound,
    OutcomeUnknown,
    StoreUnavailable,
    moved_meanwhile,
    not_found,
)
from graph_models.domain.idempotency import (
    IdempotentResponse,
    claim_effect,
    claim_taken_over,
    current_claim,
)
from graph_models.domain.queries import Page, Paging
from graph_models.stores.contracts.changes import FeedLimits
from graph_models.stores.neo4j.cypher import field_names, lock, row_of, set_columns

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
TIMED_OUT = frozenset({"TransactionTimedOut", "TransactionTimedOutClientConfiguration",
                       "LockClientStopped", "Terminated"})

READ_VERSION = "MATCH (m:SyndesmosMeta {key: 'version'}) RETURN m.version AS version"
READ_LINEAGE = "MATCH (m:SyndesmosMeta {key: 'version'}) RETURN m.lineage AS lineage"
# Reading m.version on the right of SET makes Cypher take the write lock before the read, so
# concurrent bumps never lose an update (Neo4j manual, "Lost updates in Cypher"). The change
# feed's floor then follows the version, and the versions that fell behind it are deleted
# through the feed's index on version.
BUMP_VERSION = (
    "MATCH (m:SyndesmosMeta {key: 'version'}) SET m.version = m.version + 1 "
    "WITH m, m.version - $keep AS floor "
    "SET m.changes_from = CASE WHEN m.changes_from < floor THEN floor ELSE m.changes_from END "
    "WITH m CALL (m) { MATCH (c:GraphChange) WHERE c.version <= m.changes_from DELETE c } "
    "RETURN m.version AS version")


def read_version(tx: neo4j.ManagedTransaction) -> int:
    """The number of committed writes to the graph (0 before the schema is made)."""
    record = tx.run(READ_VERSION).single()
    return 0 if record is None else int(record["version"])


# The change feed's node of the write in progress: the version node it bumped says which.
THIS_CHANGE = ("MATCH (m:SyndesmosMeta {key: 'version'}) "
               "MERGE (c:GraphChange {version: m.version}) ")
# Appended to what the write recorded before (an erasure records its ties and its stakeholder
# together, an import its stakeholders and its ties), unless it is to be rebuilt.
RECORD_CHANGES = (THIS_CHANGE + "WITH c WHERE c.rebuild IS NULL "
                  "SET c.stakeholders = coalesce(c.stakeholders, []) + $stakeholders, "
                  "c.ties = coalesce(c.ties, []) + $ties")


def tie_ref(tie_type: str, tie_id: str) -> str:
    """How the change feed names a tie: its type (which has no ``:``), ``:``, its id."""
    return tie_type + ":" + tie_id


def record_changes(tx: neo4j.ManagedTransaction, *, stakeholders: Iterable[str] = (),
                   ties: Iterable[tuple[str, str]] = ()) -> None:
    """Record, under the version the write in progress made, the stakeholders (by id) and the
    ties (by type and id) it created, replaced or deleted."""
    tx.run(RECORD_CHANGES, stakeholders=list(stakeholders),
           ties=[tie_ref(tie_type, tie_id) for tie_type, tie_id in ties]).consume()


def record_rebuild(tx: neo4j.ManagedTransaction) -> None:
    """Record that the write in progress is to be read whole, not replayed: readers behind it
    rebuild."""
    tx.run(THIS_CHANGE + "SET c.rebuild = true REMOVE c.stakeholders, c.ties").consume()


AUDIT_FIELDS = field_names(AuditEntry)

LOCK_CLAIM = "MATCH (k:IdempotencyKey {user_id: $user_id, key: $key}) " + lock("k")


def lock_claim(tx: neo4j.ManagedTransaction, claim: IdempotentResponse) -> None:
    """Lock the claim's key, so that a following statement sees it as last committed."""
    tx.run(LOCK_CLAIM, user_id=claim.user_id, key=claim.key).consume()


def locked_state(tx: neo4j.ManagedTransaction, node: str, object_id: str,
                 what: str) -> neo4j.Record:
    """Lock the node that ``node`` (a ``MATCH`` that binds ``n`` to the node whose id is
    ``$id``) finds, then read its state and revision in a later statement, which sees every
    write committed before the lock was granted; NotFound (no ``what`` with this id) if there
    is none."""
    tx.run(node + " " + lock("n"), id=object_id).consume()
    stored = tx.run(node + " RETURN n.state AS state, n.revision AS revision",
                    id=object_id).single()
    if stored is None:
        raise not_found(what, object_id)
    return stored


def check_revision(tx: neo4j.ManagedTransaction, node: str, object_id: str, revision: int,
                   what: str) -> None:
    """Compare-and-set, as SQLite's: raise unless the node (see :func:`locked_state`) is at
    ``revision - 1`` (NotFound, or the Conflict naming its stored state)."""
    stored = locked_state(tx, node, object_id, what)
    if stored["revision"] != revision - 1:
        raise moved_meanwhile(what, stored["state"])


# Run after LOCK_CLAIM: the request that holds the claim is the one with its request id, while
# unanswered.
RECORD_EFFECT = ("MATCH (k:IdempotencyKey {user_id: $user_id, key: $key}) "
                 "WHERE k.request_id = $request_id AND k.status IS NULL "
                 "SET k.effect = coalesce(k.effect, $effect) RETURN count(k) AS held")


def _record_effect(tx: neo4j.ManagedTransaction, claim: IdempotentResponse,
                   audit: AuditEntry | None) -> None:
    """Record a write's effect on the claim it is made for, in the write's transaction;
    Conflict if the claim no longer holds its key (a retry took it over)."""
    lock_claim(tx, claim)
    held = tx.run(RECORD_EFFECT, user_id=claim.user_id, key=claim.key,
                  request_id=claim.request_id, effect=claim_effect(audit)).single(strict=True)
    if held["held"] == 0:
        raise claim_taken_over()


class Neo4jConnection:
    """The driver, its transactions and the version: what every part of
    :class:`~graph_models.stores.neo4j.Neo4jStore` runs its Cypher through.

    Nothing connects until the first call; one driver then serves every thread of the process.
    """

    def __init__(self, url: str, *, user: str | None, password: str | None,
                 database: str = "neo4j", feed: FeedLimits | None = None):
        self.url = url
        self.database = database
        self.feed = feed or FeedLimits()
        self._auth = None if user is None else neo4j.basic_auth(user, password or "")
        self._driver: neo4j.Driver | None = None
        self._driver_pid: int | None = None
        self._lock = threading.Lock()

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

    def _read_one(self, query: str, column: str, convert: Callable[[Any], T], missing: NotFound,
                  **parameters: Any) -> T:
        """The one record ``query`` finds, its ``column`` converted; ``missing`` raised when
        it finds none."""

        def read(tx: neo4j.ManagedTransaction) -> Any:
            record = tx.run(query, **parameters).single()
            return None if record is None else record[column]

        found = self._read(read)
        if found is None:
            raise missing
        return convert(found)

    def _read_page(self, count_query: str, page_query: str, parameters: dict[str, Any],
                   column: str, convert: Callable[[Any], T], query: Paging) -> Page[T]:
        """The page of ``query`` that ``page_query`` (which takes ``$skip`` and ``$limit``)
        reads, each record's ``column`` converted, and the ``total`` that ``count_query``
        returns: both with ``parameters``, in one read transaction."""

        def read(tx: neo4j.ManagedTransaction) -> tuple[int, list[Any]]:
            total = tx.run(count_query, parameters).single(strict=True)["total"]
            found = [record[column] for record in tx.run(
                page_query, parameters, skip=query.offset, limit=query.page_size)]
            return total, found

        total, found = self._read(read)
        return Page([convert(value) for value in found], total, query.page, query.page_size)

    def _write(self, work: Callable[..., T], *args: Any, graph: bool = True,
               audit: AuditEntry | None = None,
               timeout: float | None = WRITE_TIMEOUT_SECONDS,
               conflict: Callable[[ConstraintError], Conflict] | None = None,
               for_claim: bool = True) -> T:
        """Like :meth:`_execute` for a write: a write to the ``graph`` bumps the version first
        (and trims the change feed), a write made ``for_claim`` then records the current
        Idempotency-Key claim (see ``writing_for``), and an ``audit`` entry is written with the
        work, or not at all."""
        claim = current_claim() if for_claim else None
        keep = self.feed.keep_versions

        def write(tx: neo4j.ManagedTransaction, *args: Any) -> T:
            if graph and tx.run(BUMP_VERSION, keep=keep).single() is None:
                raise StoreUnavailable("the Neo4j database has no Syndesmos schema yet: run "
                                       "ensure_schema() first", retry_after=60,
                                       detail=f"{self.url}: database {self.database!r}")
            if claim is not None:
                _record_effect(tx, claim, audit)
            result = work(tx, *args)
            if audit is not None:
                tx.run("WITH $row AS row CREATE (a:AuditEntry) SET "
                       + set_columns("a", AUDIT_FIELDS), row=row_of(audit, AUDIT_FIELDS)).consume()
            return result

        return self._execute(True, write, *args, timeout=timeout, conflict=conflict)

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
        return self._read(read_version)

    def lineage(self) -> str:
        """A random text drawn with the store's version node (empty before
        :meth:`ensure_schema`)."""

        def read(tx: neo4j.ManagedTransaction) -> str:
            record = tx.run(READ_LINEAGE).single()
            return "" if record is None or record["lineage"] is None else str(record["lineage"])

        return self._read(read)
