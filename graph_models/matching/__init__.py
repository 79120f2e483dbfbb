"""Matches: explained recommendations for one stakeholder, and coordinator queries.

Public API
----------
recommend(index_or_graph, seeker_id, *, kind, pillar, limit, weights, feedback, blocked,
          include_connected, private_needs) -> list[Match]
coordinator_matches(index_or_graph, *, pillar, need, region, sector, threshold, limit,
                    per_entrepreneur, weights, feedback, blocked) -> CoordinatorReport
MatchIndex.build(stakeholders, ties) / MatchIndex.from_export(export) / MatchIndex.from_graph(G)
    / MatchIndex.of(G); index.updated(changes) -> MatchIndex (a new index, see
    :mod:`graph_models.matching.updates`)
MatchWeights, DEFAULT_WEIGHTS
(The values these return, Match, CoordinatorReport and their parts, are in
:mod:`graph_models.domain.matches`.)

How a score is made is documented in :mod:`graph_models.matching.scoring`; each term's formula
in :mod:`graph_models.matching.terms`; the weights in
:class:`~graph_models.matching.config.MatchWeights`; who may seek whom in
:mod:`graph_models.matching.roles`; how a coordinator query is pruned and its unmet needs found
in :mod:`graph_models.matching.coordinator`.
"""

from graph_models.matching.config import DEFAULT_WEIGHTS, MatchWeights
from graph_models.matching.coordinator import coordinator_matches
from graph_models.matching.index import MatchIndex
from graph_models.matching.recommend import recommend

__all__ = [
    "DEFAULT_WEIGHTS",
    "MatchIndex",
    "MatchWeights",
    "coordinator_matches",
    "recommend",
]
