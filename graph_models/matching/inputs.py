"""Checks of what a caller passes in, turned into the domain's errors with the field named."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np

from graph_models.domain.errors import InvalidInput
from graph_models.matching.config import MatchWeights
from graph_models.matching.index import MatchIndex
from graph_models.matching.scoring import PairTable


def as_index(index_or_graph) -> MatchIndex:
    """A MatchIndex from an index, a snapshot graph, or a Snapshot (cached per frozen graph)."""
    if isinstance(index_or_graph, MatchIndex):
        return index_or_graph
    graph = index_or_graph
    if not isinstance(graph, nx.Graph):
        graph = getattr(graph, "graph", None)  # a Snapshot
    if isinstance(graph, nx.Graph):
        return MatchIndex.of(graph)
    raise InvalidInput("expected a MatchIndex or a snapshot graph",
                       errors={"graph": ["must be a MatchIndex, a Snapshot or a networkx graph"]})


def check_int(errors: dict, name: str, value, low: int, high: int) -> None:
    if not isinstance(value, int | np.integer) or isinstance(value, bool) or not (
            low <= value <= high):
        errors[name] = [f"must be an integer from {low} to {high}"]


def check_weights(errors: dict, weights) -> None:
    if not isinstance(weights, MatchWeights):
        errors["weights"] = ["must be a MatchWeights (see MatchWeights.from_mapping)"]


def _pair(key) -> tuple[str, str] | None:
    if isinstance(key, tuple | list) and len(key) == 2 and all(isinstance(k, str) for k in key):
        return key[0], key[1]
    return None


def feedback_table(index: MatchIndex, feedback: Mapping | None, errors: dict) -> PairTable:
    """Penalties by pair of rows; pairs with an unknown stakeholder are ignored."""
    if feedback is None:
        return PairTable.empty()
    if not isinstance(feedback, Mapping):
        errors["feedback"] = ["must map (id, id) pairs to penalties between 0 and 1"]
        return PairTable.empty()
    a, b, values = [], [], []
    for key, value in feedback.items():
        pair = _pair(key)
        if (pair is None or not isinstance(value, int | float) or isinstance(value, bool)
                or not math.isfinite(value) or not 0 <= value <= 1):
            errors["feedback"] = ["must map (id, id) pairs to penalties between 0 and 1"]
            return PairTable.empty()
        ra, rb = index.row.get(pair[0]), index.row.get(pair[1])
        if ra is not None and rb is not None and value > 0:
            a.append(ra)
            b.append(rb)
            values.append(float(value))
    return PairTable(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64),
                     np.asarray(values, dtype=np.float64))


def blocked_table(index: MatchIndex, blocked: Iterable | None, errors: dict) -> PairTable:
    """Blocked pairs of rows; pairs with an unknown stakeholder are ignored."""
    if not blocked:
        return PairTable.empty()
    if isinstance(blocked, str | bytes | Mapping):
        errors["blocked"] = ["must be a collection of (id, id) pairs"]
        return PairTable.empty()
    a, b = [], []
    for key in blocked:
        pair = _pair(key)
        if pair is None:
            errors["blocked"] = ["must be a collection of (id, id) pairs"]
            return PairTable.empty()
        ra, rb = index.row.get(pair[0]), index.row.get(pair[1])
        if ra is not None and rb is not None:
            a.append(ra)
            b.append(rb)
    return PairTable(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64),
                     np.ones(len(a)))
