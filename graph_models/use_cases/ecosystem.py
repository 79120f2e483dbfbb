"""Stopgap until the uc-flows branch lands: the one value the introduction and mentorship use
cases still take, until their constructors take the store, the snapshots and the match weights
themselves. Built in one place only, :func:`graph_models.use_cases.app.open_use_cases`; delete
this module with that wiring at the merge."""

from __future__ import annotations

from dataclasses import dataclass

from graph_models.domain.snapshot import Snapshot
from graph_models.matching import DEFAULT_WEIGHTS, MatchWeights
from graph_models.stores.base import GraphStore
from graph_models.use_cases.snapshots import SnapshotCache


@dataclass(frozen=True)
class Ecosystem:
    """The store, its snapshots and the match weights, as the workflows read them."""

    store: GraphStore
    snapshots: SnapshotCache
    match_weights: MatchWeights = DEFAULT_WEIGHTS

    def snapshot(self) -> Snapshot:
        """The graph at the store's current version."""
        return self.snapshots.get()
