"""The match use cases: explained recommendations for one stakeholder, and a coordinator's
best pairs and unmet needs of a territory. Both weigh what past introductions and mentorships
tell (:mod:`graph_models.use_cases.feedback`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.errors import InvalidInput, not_found
from graph_models.domain.matches import CoordinatorReport, Match
from graph_models.domain.policy import Action, Resource
from graph_models.matching import DEFAULT_WEIGHTS, MatchWeights, coordinator_matches, recommend
from graph_models.matching.index import MatchIndex
from graph_models.stores.base import GraphStore
from graph_models.use_cases.common import (
    StakeholderSummary,
    summary_of,
    territory_asked,
)
from graph_models.use_cases.feedback import match_feedback
from graph_models.use_cases.live_index import LiveMatchIndex
from graph_models.use_cases.match_models import ActiveWeights


@dataclass(frozen=True)
class RankedMatch:
    """A match with who the candidate is."""

    candidate: StakeholderSummary
    match: Match


@dataclass(frozen=True)
class ScopeMatches:
    """A coordinator query's answer: the best pairs, who is unmet (with the best provider
    there was and its score), and the figures of the underlying report."""

    pairs: list[tuple[StakeholderSummary, RankedMatch]]
    unmet: list[tuple[StakeholderSummary, tuple[str, ...], StakeholderSummary | None, float]]
    report: CoordinatorReport


def match_weights(values: str | Mapping | None) -> MatchWeights:
    """The weights of the scores: the defaults, overridden by ``values`` (a mapping, or its
    JSON text); InvalidInput names each unknown or bad one.

    >>> match_weights('{"proximity": 0.3}').proximity
    0.3
    >>> match_weights(None) == DEFAULT_WEIGHTS
    True
    """
    if not values:
        return DEFAULT_WEIGHTS
    if not isinstance(values, str):
        return MatchWeights.from_mapping(values)
    try:
        return MatchWeights.from_mapping(json.loads(values))
    except ValueError as error:  # not JSON (InvalidInput is no ValueError)
        raise InvalidInput("the match weights are not JSON",
                           errors={"weights": [str(error)]}) from error


class Matches:
    """The match use cases over one store and the live match index of its graph.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> from graph_models.use_cases.stakeholders import Stakeholders
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/matches.db")
    >>> store.ensure_schema()
    >>> from graph_models.use_cases.snapshots import SnapshotCache
    >>> coop = Stakeholders(store, SnapshotCache(store)).create_stakeholder({
    ...     "kind": "entrepreneur", "name": "Κοιν.Σ.Επ. Ήλιος", "region": "EL522",
    ...     "needs": ["financing.loan"], "discoverable": True})
    >>> Matches(store, LiveMatchIndex(store)).matches(coop.id)
    []
    """

    def __init__(self, store: GraphStore, index: LiveMatchIndex, *,
                 match_weights: MatchWeights = DEFAULT_WEIGHTS):
        self.store = store
        self.match_weights = match_weights
        self._index = index
        # The active fitted models: a request of a fitted relation ranks with them.
        self._fitted = ActiveWeights(store, match_weights)

    def matches(self, stakeholder_id: str, *, kind: str | None = None,
                pillar: str | None = None, limit: int = 10, include_connected: bool = False,
                actor: User | None = None) -> list[RankedMatch]:
        """Explained recommendations for a stakeholder: for its members, admins and its
        region's coordinators. A request of a relation with an active fitted model (an
        entrepreneur asking for investors, support organisations or mentors) ranks with its
        weights. Candidates that are not discoverable never appear; a
        candidate's private needs count only when ``actor`` may read them (else the score
        would tell them)."""
        # The seeker as the index holds it (brought to the store's version by get()): one
        # store round trip less per request than reading it again.
        index = self._index.get()
        row = index.row.get(stakeholder_id)
        if row is None:
            raise not_found("stakeholder", stakeholder_id)
        # NotFound for a seeker the actor may not read, Forbidden for one it may only read.
        policy.require(actor, Resource.STAKEHOLDER, Action.MATCH, index.stakeholders[row])
        feedback = match_feedback(self.store, stakeholder_id)
        weights = self._fitted.for_request(self._index.version, index.stakeholders[row].kind,
                                           kind, pillar)
        found = recommend(index, stakeholder_id, kind=kind, pillar=pillar, limit=limit,
                          weights=weights, include_connected=include_connected,
                          feedback=feedback.penalties, blocked=feedback.blocked,
                          private_needs=policy.reach(actor, Resource.STAKEHOLDER,
                                                     Action.READ_PRIVATE))
        return [RankedMatch(_summary(index, m.candidate_id), m) for m in found]

    def coordinator_matches(self, *, pillar: str | None = None, need: str | None = None,
                            region: str | None = None, sector: str | None = None,
                            threshold: float = 50.0, limit: int = 20,
                            actor: User | None = None) -> ScopeMatches:
        """The best (entrepreneur, provider) pairs of a territory and its unmet needs. A
        coordinator asks about its own territories (the only one, when it names none), so it
        may read the private needs of every entrepreneur in scope: they all count."""
        policy.require_some(actor, Resource.GRAPH, Action.MATCH)
        region = territory_asked(actor, region)
        index = self._index.get()
        feedback = match_feedback(self.store, None)
        report = coordinator_matches(index, pillar=pillar, need=need, region=region,
                                     sector=sector, threshold=threshold, limit=limit,
                                     weights=self.match_weights, feedback=feedback.penalties,
                                     blocked=feedback.blocked)
        return ScopeMatches(
            pairs=[(_summary(index, p.entrepreneur_id),
                    RankedMatch(_summary(index, p.match.candidate_id), p.match))
                   for p in report.pairs],
            unmet=[(_summary(index, u.entrepreneur_id), u.needs,
                    _summary(index, u.best_provider_id) if u.best_provider_id else None,
                    u.best_score)
                   for u in report.unmet_needs],
            report=report)


def _summary(index: MatchIndex, stakeholder_id: str) -> StakeholderSummary:
    """Who a stakeholder the matcher found in ``index`` is."""
    return summary_of(index.stakeholders[index.row[stakeholder_id]])
