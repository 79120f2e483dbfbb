"""The one store (and the use cases over it) per app, kept in ``app.extensions``."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from flask import Flask, current_app

from graph_models.domain.errors import StoreUnavailable
from graph_models.matching import DEFAULT_WEIGHTS, MatchWeights
from graph_models.stores import StoreSettings, open_store
from graph_models.use_cases.accounts import Identity, LoginRules
from graph_models.use_cases.ecosystem import Ecosystem
from graph_models.use_cases.introductions import IntroductionRules, Introductions
from graph_models.use_cases.mentorships import Mentorships
from graph_models.use_cases.notifications import Notifications
from graph_models.use_cases.programmes import Programmes
from graph_models.use_cases.snapshots import SnapshotCache

EXTENSION_KEY = "syndesmos"


class EcosystemHolder:
    """Builds the store from config at start-up and creates its schema on first use.

    The schema is not created at start-up so that the service starts (and answers 503) while
    Neo4j is still down, and recovers by itself once it is up. After a failed attempt it waits
    ``retry_after`` seconds before trying again, answering 503 at once meanwhile, so that a
    down store costs each request nothing.
    """

    def __init__(self, ecosystem: Ecosystem, identity: Identity, *, retry_after: int,
                 introduction_rules: IntroductionRules):
        self._ecosystem = ecosystem
        self._identity = identity
        store, snapshots = ecosystem.store, SnapshotCache(ecosystem.store)
        self._introductions = Introductions(store, snapshots, rules=introduction_rules)
        self._programmes = Programmes(store, snapshots, match_weights=ecosystem.match_weights)
        self._mentorships = Mentorships(store)
        self._notifications = Notifications(store)
        self._retry_after = retry_after
        self._schema_ready = False
        self._failure: tuple[float, StoreUnavailable] | None = None
        self._lock = threading.Lock()

    def get(self) -> Ecosystem:
        self._ready()
        return self._ecosystem

    def identity(self) -> Identity:
        self._ready()
        return self._identity

    def introductions(self) -> Introductions:
        self._ready()
        return self._introductions

    def programmes(self) -> Programmes:
        self._ready()
        return self._programmes

    def mentorships(self) -> Mentorships:
        self._ready()
        return self._mentorships

    def notifications(self) -> Notifications:
        self._ready()
        return self._notifications

    def _ready(self) -> None:
        if not self._schema_ready:
            with self._lock:
                if not self._schema_ready:
                    self._ensure_schema()

    def _ensure_schema(self) -> None:
        if self._failure and time.monotonic() - self._failure[0] < self._retry_after:
            raise self._failure[1]
        try:
            self._ecosystem.store.ensure_schema()
        except StoreUnavailable as error:
            self._failure = (time.monotonic(), error)
            raise
        self._schema_ready, self._failure = True, None

    def close(self) -> None:
        self._ecosystem.store.close()


def register_store(app: Flask) -> None:
    settings = StoreSettings(
        url=app.config["SYNDESMOS_STORE"],
        neo4j_user=app.config.get("SYNDESMOS_NEO4J_USER"),
        neo4j_password=app.config.get("SYNDESMOS_NEO4J_PASSWORD"),
        neo4j_database=app.config.get("SYNDESMOS_NEO4J_DATABASE") or "neo4j",
        base_dir=Path.cwd(),
    )
    store = open_store(settings)
    rules = LoginRules(lockout_after=int(app.config["SYNDESMOS_LOCKOUT_AFTER"]),
                       lockout_seconds=int(app.config["SYNDESMOS_LOCKOUT_SECONDS"]),
                       token_days=int(app.config["SYNDESMOS_TOKEN_DAYS"]),
                       session_idle_minutes=int(app.config["SYNDESMOS_SESSION_IDLE_MINUTES"]),
                       session_hours=int(app.config["SYNDESMOS_SESSION_HOURS"]))
    weights = app.config.get("SYNDESMOS_MATCH_WEIGHTS")
    match_weights = (MatchWeights.from_mapping(json.loads(weights)) if weights
                     else DEFAULT_WEIGHTS)
    app.extensions[EXTENSION_KEY] = EcosystemHolder(
        Ecosystem(store, match_weights=match_weights),
        Identity(store, rules=rules, clock=app.config["CLOCK"]),
        retry_after=int(app.config["SYNDESMOS_RETRY_AFTER"]),
        introduction_rules=IntroductionRules(
            max_open=int(app.config["SYNDESMOS_INTRODUCTION_MAX_OPEN"]),
            expiry_days=int(app.config["SYNDESMOS_INTRODUCTION_EXPIRY_DAYS"])))


def ecosystem() -> Ecosystem:
    """The use cases of the current app: the one way views reach the graph."""
    return current_app.extensions[EXTENSION_KEY].get()


def introductions() -> Introductions:
    """The introduction use cases of the current app."""
    return current_app.extensions[EXTENSION_KEY].introductions()


def programmes() -> Programmes:
    """The programme use cases of the current app."""
    return current_app.extensions[EXTENSION_KEY].programmes()


def mentorships() -> Mentorships:
    """The mentorship use cases of the current app."""
    return current_app.extensions[EXTENSION_KEY].mentorships()


def notifications() -> Notifications:
    """The notification use cases of the current app."""
    return current_app.extensions[EXTENSION_KEY].notifications()


def identity() -> Identity:
    """The account use cases of the current app: the one way views reach accounts."""
    return current_app.extensions[EXTENSION_KEY].identity()
