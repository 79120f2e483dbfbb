"""The one store (and the use cases over it) per app, kept in ``app.extensions``."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app

from graph_models.ecosystem import Ecosystem
from graph_models.stores import StoreSettings, open_store

EXTENSION_KEY = "syndesmos"


class EcosystemHolder:
    """Builds the store from config at start-up and creates its schema on first use.

    The schema is not created at start-up so that the service starts (and answers 503) while
    Neo4j is still down, and recovers by itself once it is up.
    """

    def __init__(self, ecosystem: Ecosystem):
        self._ecosystem = ecosystem
        self._schema_ready = False
        self._lock = threading.Lock()

    def get(self) -> Ecosystem:
        if not self._schema_ready:
            with self._lock:
                if not self._schema_ready:
                    self._ecosystem.store.ensure_schema()
                    self._schema_ready = True
        return self._ecosystem

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
    app.extensions[EXTENSION_KEY] = EcosystemHolder(Ecosystem(open_store(settings)))


def ecosystem() -> Ecosystem:
    """The use cases of the current app: the one way views reach the store."""
    return current_app.extensions[EXTENSION_KEY].get()
