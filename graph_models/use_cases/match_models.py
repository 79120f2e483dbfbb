"""Fitted match models: fit the weights of a relation's matches on the store's own dated
history, keep them in the store, and switch between them and the hand weights (admins only,
audited). :class:`ActiveWeights` gives the matches use case the weights each request ranks with.

Fitting is :func:`graph_models.matching.calibration.fit_weights` on everything the store holds:
the relation's ties of the last year before its latest are hidden, the weights that would have
ranked them best are chosen, and the model keeps their before/after figures. Where the history
is too thin (fewer than :data:`~graph_models.matching.calibration.MIN_VENTURES` ventures that got
a new provider in that year), nothing is saved and the hand weights stay.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.errors import Conflict, InvalidInput, SyndesmosError
from graph_models.domain.match_models import MatchModel
from graph_models.domain.policy import Action, Resource
from graph_models.domain.stakeholders import TieType, now
from graph_models.matching import DEFAULT_WEIGHTS, MatchWeights, calibration
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import audit

log = logging.getLogger(__name__)
RELATION_NAMES = tuple(sorted(calibration.RELATIONS))


def relation_asked(value: object) -> TieType:
    """The relation named by ``value``; InvalidInput naming ``relation`` otherwise.

    >>> relation_asked("funded")
    <TieType.FUNDED: 'FUNDED'>
    """
    text = str(value or "").upper()
    if text not in calibration.RELATIONS:
        choices = ", ".join(RELATION_NAMES)
        raise InvalidInput("no such relation to fit", errors={"relation": [
            f"must be one of: {choices}"]})
    return TieType(text)


def weights_of(base: MatchWeights, model: MatchModel) -> MatchWeights:
    """``base`` with the weights ``model`` fitted (its parameters otherwise kept)."""
    overrides: dict[str, Any] = dict(model.weight_overrides())
    if "cold_terms" in overrides:
        overrides["cold_terms"] = tuple(sorted(overrides["cold_terms"].items()))
    return dataclasses.replace(base, **overrides)


class MatchModels:
    """Fitting, listing, activating and deactivating match models."""

    def __init__(self, store: GraphStore, *, base: MatchWeights = DEFAULT_WEIGHTS,
                 clock: Callable[[], datetime] = now):
        self.store = store
        self.base = base
        self._clock = clock

    def fit(self, fields: Mapping, *, actor: User | None = None) -> MatchModel:
        """Fit ``fields["relation"]`` (default FUNDED) on the store's history and save the
        model, made active when ``fields["activate"]``; Conflict naming ``history``, saving
        nothing, when the history is too thin to fit."""
        policy.require_some(actor, Resource.MATCH_MODEL, Action.CREATE)
        relation = relation_asked(fields.get("relation") or TieType.FUNDED)
        activate = bool(fields.get("activate", False))
        export = self.store.export()
        fit = calibration.fit_weights(export.stakeholders, export.ties, relation=relation,
                                      base=self.base)
        if not fit.fitted:
            needed = calibration.MIN_VENTURES
            raise Conflict("the history is too thin to fit: the hand weights stay", errors={
                "history": [f"{fit.ventures} ventures got a new provider in the last year of "
                            f"{fit.history} dated ties; at least {needed} with ties before it, "
                            "or without, are needed"]})
        model = MatchModel(
            version=0, relation=relation.value, fitted_at=self._clock(),
            fitted_by=actor.id if actor is not None else None,
            weights=tuple(sorted(
                [(name, fit.weights.term_weight(name)) for name in calibration.TERM_NAMES]
                + [("degree_exponent", fit.weights.degree_exponent)])),
            cold_weights=tuple(sorted(fit.weights.cold_terms)),
            ventures=fit.ventures - fit.cold_ventures, before=fit.before, after=fit.after,
            history_ties=fit.history, cold_ventures=fit.cold_ventures,
            cold_before=fit.cold_before, cold_after=fit.cold_after)
        return self.store.save_match_model(model, activate=activate, audit=audit(
            actor, "match_model.fit", "match_model", relation.value,
            to_state="active" if activate else "inactive"))

    def list_models(self, *, actor: User | None = None) -> list[MatchModel]:
        """Every model, newest first, with its figures."""
        policy.require_some(actor, Resource.MATCH_MODEL, Action.LIST)
        return self.store.match_models()

    def activate(self, version: int, *, actor: User | None = None) -> MatchModel:
        """Make a model its relation's active one (the previous one deactivated with it)."""
        policy.require_some(actor, Resource.MATCH_MODEL, Action.UPDATE)
        return self.store.activate_match_model(version, audit=audit(
            actor, "match_model.activate", "match_model", str(version), to_state="active"))

    def deactivate(self, relation: object, *, actor: User | None = None) -> MatchModel | None:
        """Back to the hand weights for ``relation``: the model that was active, if any."""
        policy.require_some(actor, Resource.MATCH_MODEL, Action.UPDATE)
        tie_type = relation_asked(relation)
        return self.store.deactivate_match_models(tie_type.value, audit=audit(
            actor, "match_model.deactivate", "match_model", tie_type.value,
            to_state="inactive"))


class ActiveWeights:
    """The weights each match request ranks with: the active fitted model of the request's
    relation (see :func:`~graph_models.matching.calibration.relation_for`) over the hand
    weights, the hand weights otherwise.

    The active models are store state: they are read again only when the store's version
    (which every model write moves) differs from the one they were read at, so a request
    costs one small read at most, and every process sees a change on its next request."""

    def __init__(self, store: GraphStore, base: MatchWeights = DEFAULT_WEIGHTS):
        self._store = store
        self.base = base
        self._held: tuple[int, dict[str, MatchWeights]] | None = None

    def at(self, version: int | None) -> dict[str, MatchWeights]:
        """Each relation's fitted weights as of the store's ``version``."""
        held = self._held
        if held is not None and version is not None and held[0] == version:
            return held[1]
        found: dict[str, MatchWeights] = {}
        for relation, model in self._store.active_match_models().items():
            try:
                found[relation] = weights_of(self.base, model)
            except (SyndesmosError, TypeError):  # a model these weights cannot take
                log.exception("match model %s cannot be used: hand weights", model.version)
        if version is not None:
            self._held = (version, found)
        return found

    def for_request(self, version: int | None, seeker: str, kind: str | None,
                    pillar: str | None) -> MatchWeights:
        """The weights of a request of ``seeker``'s kind for candidates of ``kind``."""
        relation = calibration.relation_for(seeker, kind, pillar)
        if relation is None:
            return self.base
        return self.at(version).get(relation.value, self.base)
