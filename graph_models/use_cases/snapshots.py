"""The frozen graph the read use cases share, rebuilt when the store's version moves."""

from __future__ import annotations

import threading

from graph_models.domain.snapshot import Snapshot, build_snapshot
from graph_models.stores.base import GraphStore


class SnapshotCache:
    """Hands out the snapshot of the store's current version, building it at most once per
    version even when many threads ask at the same moment."""

    def __init__(self, store: GraphStore):
        self._store = store
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def get(self) -> Snapshot:
        current = self._snapshot
        if current is not None and current.version == self._store.version():
            return current
        with self._lock:
            current = self._snapshot
            if current is None or current.version != self._store.version():
                current = self._snapshot = build_snapshot(self._store.export())
            return current
