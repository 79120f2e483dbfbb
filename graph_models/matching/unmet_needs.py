"""Who a coordinator's query leaves unmet, and the gaps: the needs that find no provider.

An entrepreneur of the scope whose best pair scores below the threshold is unmet, unless a
FUNDED, SUPPORTED or MENTORS tie already links it to someone offering one of its needs in scope
(:func:`served`: its need is met by a tie, not a gap). The gaps count, topic by topic, the
entrepreneurs who need it, those left unmet, and the providers that offer it.
"""

from __future__ import annotations

import numpy as np

from graph_models.domain.matches import Gap, UnmetNeed
from graph_models.domain.stakeholders import TieType
from graph_models.matching.encoding import TIE_TYPES
from graph_models.matching.index import MatchIndex
from graph_models.matching.terms import bit_count

SERVICE_TIES = (TieType.FUNDED, TieType.SUPPORTED, TieType.MENTORS)


def served(index: MatchIndex, entrepreneurs: np.ndarray, scope: np.ndarray) -> np.ndarray:
    """Entrepreneurs already funded, supported or mentored by someone who offers one of their
    needs in scope: their need is met by a tie, not a gap (their pairs exclude that provider
    unless asked, since they are already connected)."""
    starts = index.indptr[entrepreneurs]
    lengths = index.indptr[entrepreneurs + 1] - starts
    owner = np.repeat(np.arange(len(entrepreneurs)), lengths)
    at = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    codes = [TIE_TYPES.index(t) for t in SERVICE_TIES]
    service = (index.type_weights[at][:, codes] > 0).any(axis=1)
    owner, other = owner[service], index.indices[at[service]].astype(np.int64)
    needs = index.needs[entrepreneurs[owner]] & scope
    helps = bit_count(needs & index.offers[other]) > 0
    found = np.zeros(len(entrepreneurs), dtype=bool)
    found[owner[helps]] = True
    return found


def unmet_needs(index: MatchIndex, scope: np.ndarray, unmet: np.ndarray, best_key: np.ndarray,
                best_row: np.ndarray) -> list[UnmetNeed]:
    """The ``unmet`` entrepreneurs (rows), each with its needs in scope and its best pair (the
    provider's row, -1 for none; the score as a key in millionths of a point, -inf for none),
    lowest best score first, then by id."""
    found = [UnmetNeed(entrepreneur_id=index.ids[e],
                       needs=index.topics.decode(index.needs[e] & scope),
                       best_provider_id=index.ids[r] if r >= 0 else None,
                       best_score=round(float(k) / 1e6, 1) if np.isfinite(k) else 0.0)
             for e, k, r in zip(unmet, best_key, best_row, strict=True)]
    found.sort(key=lambda u: (u.best_score, u.entrepreneur_id))
    return found


def gaps_by_topic(index: MatchIndex, scope, entrepreneurs, unmet, providers) -> list[Gap]:
    """For each topic of ``scope`` some of the ``entrepreneurs`` need: how many need it, how
    many of the ``unmet`` do, and how many ``providers`` offer it; most unmet first."""
    gaps = []
    for topic in index.topics.decode(scope):
        bit = index.topics.mask([topic])
        needing = int((bit_count(index.needs[entrepreneurs] & bit) > 0).sum())
        if not needing:
            continue
        gaps.append(Gap(topic=topic, entrepreneurs=needing,
                        unmet=int((bit_count(index.needs[unmet] & bit) > 0).sum()),
                        providers=int((bit_count(index.offers[providers] & bit) > 0).sum())))
    gaps.sort(key=lambda g: (-g.unmet, -g.entrepreneurs, g.topic))
    return gaps
