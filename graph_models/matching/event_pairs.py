"""Match scores of given pairs of any kinds: how well two people who both want to meet at a
networking event fit, in matching's own terms.

A pair is scored in the role one side plays for the other
(:data:`~graph_models.matching.roles.SEEKS`, no pillar asked: an entrepreneur's peer is a
``peer``, its investor a ``funder``…), from each side that may seek the other; the pair's score
is the higher of the two. Pairs already tied are scored too (meeting someone one knows is
allowed). Each seeker is scored against every eligible candidate of the kind, as
:func:`~graph_models.matching.recommend` does, so the score is the one a recommendation shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from graph_models.domain.errors import InvalidInput
from graph_models.domain.policy import Reach
from graph_models.domain.stakeholders import Kind
from graph_models.matching.config import DEFAULT_WEIGHTS, MatchWeights
from graph_models.matching.encoding import KINDS
from graph_models.matching.inputs import as_index, check_weights, feedback_table
from graph_models.matching.roles import SEEKS
from graph_models.matching.scoring import score_block
from graph_models.matching.walk import WalkState


def pair_scores(index_or_graph, pairs: Iterable[tuple[str, str]], *,
                weights: MatchWeights = DEFAULT_WEIGHTS,
                feedback: Mapping[tuple[str, str], float] | None = None,
                private_needs: Reach | None = None) -> dict[tuple[str, str], float | None]:
    """The match score (0–100) of each pair, None where neither side may seek the other (two
    investors) or matching would not pair them (a side not discoverable, no capacity left).

    Parameters
    ----------
    index_or_graph : MatchIndex, Snapshot or networkx.MultiGraph
        The snapshot; a stakeholder missing from it makes its pairs None.
    pairs : iterable of (str, str)
        Stakeholder ids, in the order given back.
    weights, feedback, private_needs
        As for :func:`~graph_models.matching.recommend`.

    Examples
    --------
    >>> from graph_models.matching.examples import example_graph
    >>> scores = pair_scores(example_graph(), [("ent", "ent2"), ("inv", "inv")])
    >>> sorted(scores), scores[("inv", "inv")]
    ([('ent', 'ent2'), ('inv', 'inv')], None)
    >>> 0 < scores[("ent", "ent2")] <= 100
    True
    """
    index = as_index(index_or_graph)
    errors: dict[str, list[str]] = {}
    check_weights(errors, weights)
    penalties = feedback_table(index, feedback, errors)
    if errors:
        raise InvalidInput("invalid pair scoring", errors=errors)
    asked = list(pairs)
    kind_of = {}
    for stakeholder_id in {x for pair in asked for x in pair}:
        row = index.row.get(stakeholder_id)
        if row is not None and index.kind[row] >= 0:
            kind_of[stakeholder_id] = Kind(KINDS[index.kind[row]])
    directed: dict[Kind, set[tuple[str, str]]] = {}
    for a, b in asked:
        if a != b and a in kind_of and b in kind_of:
            for s, c in ((a, b), (b, a)):
                if kind_of[c] in SEEKS[kind_of[s]]:
                    directed.setdefault(kind_of[s], set()).add((s, c))
    found: dict[tuple[str, str], float] = {}
    hidden = index.hidden_needs(private_needs)
    for seeker_kind, wanted in sorted(directed.items()):
        seekers = sorted({s for s, _ in wanted})
        rows = np.array([index.row[s] for s in seekers], dtype=np.int64)
        walk = WalkState(index, rows, weights)
        for cand_kind, role in SEEKS[seeker_kind].items():
            block = score_block(index, walk, cand_kind, role, None, weights,
                                include_connected=True, feedback=penalties,
                                hidden_needs=hidden)
            column = {int(r): j for j, r in enumerate(block.cands)}
            for s, c in wanted:
                j = column.get(index.row[c]) if kind_of[c] == cand_kind else None
                i = seekers.index(s)
                if j is not None and block.eligible[i, j]:
                    found[(s, c)] = float(block.score[i, j])
    out: dict[tuple[str, str], float | None] = {}
    for a, b in asked:
        both = [found[p] for p in ((a, b), (b, a)) if p in found]
        out[(a, b)] = round(max(both), 1) if both else None
    return out
