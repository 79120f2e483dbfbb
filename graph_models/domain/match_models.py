"""Fitted match models: term weights learned from the store's own dated history of one relation.

A model is kept in the store under a version (1, 2, … in the order saved, across relations) with
what it did on the temporal hold-out it was fitted on: recall@10 and MRR of the hand weights
(``before``) and of the fitted ones (``after``), for ventures with ties before the hidden window
(warm) and for those without (cold). At most one model per relation is active; matches of that
relation use its weights, the hand weights otherwise. Activating another or deactivating goes
back without losing any version.

Examples
--------
>>> from datetime import datetime, timezone
>>> model = MatchModel(version=1, relation="FUNDED",
...                    fitted_at=datetime(2026, 1, 5, tzinfo=timezone.utc), fitted_by="u1",
...                    weights=(("activity", 0.4), ("degree_exponent", 0.0)), cold_weights=(),
...                    ventures=30, before=(0.04, 0.03), after=(0.1, 0.09), history_ties=400)
>>> model_from_record(model_record(model)) == model
True
>>> model.weight_overrides()["activity"]
0.4
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class MatchModel:
    """One fitted model of a relation's matches (see the module's docstring).

    ``weights``: the fitted term weights and ``degree_exponent``; ``cold_weights``: the term
    weights for seekers without ties (empty: the same). ``ventures`` and ``cold_ventures``: how
    many ventures of the hidden window it was measured on; ``history_ties``: the dated ties of
    the relation it was fitted from."""

    version: int
    relation: str
    fitted_at: datetime
    fitted_by: str | None
    weights: tuple[tuple[str, float], ...]
    cold_weights: tuple[tuple[str, float], ...]
    ventures: int
    before: tuple[float, float]
    after: tuple[float, float]
    history_ties: int
    cold_ventures: int = 0
    cold_before: tuple[float, float] = (0.0, 0.0)
    cold_after: tuple[float, float] = (0.0, 0.0)
    active: bool = False

    def weight_overrides(self) -> dict[str, object]:
        """The weights this model sets, as :meth:`MatchWeights.from_mapping` takes them."""
        values: dict[str, object] = dict(self.weights)
        if self.cold_weights:
            values["cold_terms"] = dict(self.cold_weights)
        return values


def model_record(model: MatchModel) -> dict:
    """The JSON-ready record of ``model``."""
    record = dataclasses.asdict(model)
    record["fitted_at"] = model.fitted_at.isoformat()
    for name in ("weights", "cold_weights"):
        record[name] = dict(getattr(model, name))
    for name in ("before", "after", "cold_before", "cold_after"):
        record[name] = list(getattr(model, name))
    return record


def model_from_record(record: Mapping) -> MatchModel:
    """The model of a :func:`model_record` record."""
    values = dict(record)
    values["fitted_at"] = datetime.fromisoformat(values["fitted_at"])
    for name in ("weights", "cold_weights"):
        values[name] = tuple(sorted((str(k), float(v)) for k, v in values[name].items()))
    for name in ("before", "after", "cold_before", "cold_after"):
        values[name] = tuple(float(v) for v in values[name])
    return MatchModel(**values)
