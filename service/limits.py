"""Rate limits, counted once for every worker process of a host.

Each hit is one UPSERT, a transaction of its own, on a small SQLite database of
its own (``SYNDESMOS_LIMITS_DB``; by default ``limits.db`` beside an SQLite store, else
``instance/limits.db``), whatever engine the store is: all gunicorn workers of a host then share
one count, so a limit of 10 a minute lets 10 through, not 10 per worker. Not the store itself:
on Neo4j every read would become a write transaction over the network, and a busy store would
slow every request down. Several hosts each count for themselves (an SQLite file must not be
shared over a network file system): give them one front proxy that limits, or take the limits
as per host.

A window starts with a key's first hit and lasts a minute; a hit over the limit answers 429
with the seconds left in the window. Keys are kept as digests (which hide an address from a glance,
not from someone who tries them all).
A limit of 0 (or less) is no limit, and costs nothing. Should the file become unusable (a full
disk, a file damaged by a crash), requests go through uncounted and the log says so, at most
once a minute per process: a broken counter must not take the whole service down with it.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from graph_models.domain.errors import TooManyRequests
from service.config import local_folder

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60
EXTENSION_KEY = "syndesmos_limits"

SCHEMA = """CREATE TABLE IF NOT EXISTS hits (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    started REAL NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (bucket, key)) WITHOUT ROWID"""
# A hit in the key's current window counts one more; a later one starts a new window. SET
# expressions read the row as it was, so both CASEs see the old ``started``.
HIT = """INSERT INTO hits VALUES (?1, ?2, ?3, 1) ON CONFLICT (bucket, key) DO UPDATE SET
    count = CASE WHEN excluded.started - started < ?4 THEN count + 1 ELSE 1 END,
    started = CASE WHEN excluded.started - started < ?4 THEN started ELSE excluded.started END
    RETURNING started, count"""
FORGET = "DELETE FROM hits WHERE started < ?"


@dataclass(frozen=True)
class Limit:
    """A budget per minute: its ``bucket`` in the database, the ``setting`` that sizes it, and
    what it counts, as a 429 names it."""

    bucket: str
    setting: str
    counts: str


LOGINS = Limit("logins", "SYNDESMOS_LOGINS_PER_MINUTE", "login attempts from one address")
WRITES = Limit("writes", "SYNDESMOS_WRITES_PER_MINUTE", "writes by one user")
READS = Limit("reads", "SYNDESMOS_READS_PER_MINUTE", "reads by one user")
EXPENSIVE_READS = Limit("expensive-reads", "SYNDESMOS_EXPENSIVE_READS_PER_MINUTE",
                        "expensive reads (ecosystem reports, report graphs, scope matches, "
                        "full exports) by one user")


class RateLimiter:
    """Counts hits per (bucket, key) in one-minute windows, in an SQLite file that every
    process opening the same path shares, and refuses those over the limit."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time,
                 busy_timeout_ms: int = 5_000):
        self.path = path
        self._clock = clock
        self._busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        self._forgot_at = 0.0
        self._warned_at = -math.inf

    def hit(self, limit: Limit, key: str, per_minute: int) -> None:
        """Count one hit of ``key``; TooManyRequests once it is over ``per_minute``."""
        if per_minute <= 0:
            return
        at = self._clock()
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        try:
            started, count = self._count(limit.bucket, digest, at)
        except (sqlite3.Error, OSError) as error:
            self._warn_uncounted(error, at)
            return
        if count > per_minute:
            wait = math.ceil(started + WINDOW_SECONDS - at)
            raise TooManyRequests(f"too many {limit.counts}: at most {per_minute} a minute",
                                  retry_after=max(wait, 1))

    def _warn_uncounted(self, error: Exception, at: float) -> None:
        if at - self._warned_at >= WINDOW_SECONDS:
            self._warned_at = at
            log.warning("the rate-limit database at %s cannot be used (%s): requests go "
                        "through uncounted until it can", self.path, error)

    def _count(self, bucket: str, digest: str, at: float) -> tuple[float, int]:
        db = self._connection()
        # Old windows are forgotten now and then, so the file stays as small as the number of
        # keys seen in the last minute.
        if at - self._forgot_at > WINDOW_SECONDS:
            db.execute(FORGET, (at - WINDOW_SECONDS,))
            self._forgot_at = at
        # One statement is one transaction (autocommit): the UPSERT counts atomically across
        # processes without a BEGIN and COMMIT of its own. fetchall: done, so committed.
        started, count = db.execute(HIT, (bucket, digest, at, WINDOW_SECONDS)).fetchall()[0]
        return started, count

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread of each process: sqlite3 connections are not to be shared
        # across threads, and never across a fork.
        connection = getattr(self._local, "connection", None)
        if connection is not None and self._local.pid == os.getpid():
            return connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, isolation_level=None,
                                     timeout=self._busy_timeout_ms / 1000)
        connection.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL syncs at checkpoints only, not per hit, and a crash loses at most
        # the last counts, never the file (OFF could leave it damaged after a power cut).
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute(SCHEMA)
        self._local.connection, self._local.pid = connection, os.getpid()
        return connection


def limits_path(config) -> Path:
    """Where the limits database is: SYNDESMOS_LIMITS_DB, else beside an SQLite store, else
    ``instance/limits.db``; relative paths from the working directory, like the store's."""
    path = config.get("SYNDESMOS_LIMITS_DB")
    return Path.cwd() / path if path else local_folder(config) / "limits.db"


def register_limits(app: Flask) -> None:
    """One limiter per app, on the app's clock."""
    clock = app.config["CLOCK"]
    app.extensions[EXTENSION_KEY] = RateLimiter(limits_path(app.config),
                                                clock=lambda: clock().timestamp())


def count(limit: Limit, key: str) -> None:
    """Count a hit of ``key`` against ``limit`` as the current app sizes it."""
    current_app.extensions[EXTENSION_KEY].hit(limit, key, int(current_app.config[limit.setting]))
