"""The matches answer is built without marshmallow, and must be what its schema dumps."""

from __future__ import annotations

from graph_models.demo import generate_ecosystem
from graph_models.domain.interchange import GraphExport
from graph_models.matching import recommend
from graph_models.matching.index import MatchIndex
from graph_models.use_cases.common import summary_of
from graph_models.use_cases.matches import RankedMatch
from service.api.match_schemas import MatchSchema, match_answers


def test_the_direct_answer_is_what_the_schema_dumps_for_every_kind_of_seeker():
    eco = generate_ecosystem(300, seed=11)
    index = MatchIndex.from_export(GraphExport(version=1, stakeholders=eco.stakeholders,
                                               ties=eco.ties))
    by_id = {s.id: s for s in eco.stakeholders}
    seen_connections = answers = 0
    for seeker in eco.stakeholders[::7]:
        found = [RankedMatch(summary_of(by_id[m.candidate_id]), m)
                 for m in recommend(index, seeker.id, limit=10)]
        assert match_answers(found) == MatchSchema(many=True).dump(found)
        seen_connections += sum(bool(r.match.connections) for r in found)
        answers += len(found)
    assert seen_connections > 0 and answers > 100  # the comparison saw real answers
