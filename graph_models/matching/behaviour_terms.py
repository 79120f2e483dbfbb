"""The behaviour terms of a match score, and their reasons in words.

They apply where the candidate is a provider that ties with ventures (an entrepreneur's funder,
support organisation or mentor), read the columns of :mod:`graph_models.matching.behaviour`,
and are each in [0, 1] on one scale ``log(1 + x) / log(1 + m)``, ``m`` the largest activity of
any stakeholder of the index (so that values compare across candidates and queries):

activity
    ``x`` = the candidate's recency-weighted relation ties: active providers tie again.
portfolio_sector
    ``x`` = those of its ties with ventures of the seeker's sectors (summed over them).
portfolio_region
    ``x`` = ``Σ_place profile[place] × region_levels[depth shared with the seeker's place]``:
    its ties weighted by how near the ventures were to the seeker, as the region term weighs
    places.
segment
    popularity in the seeker's segment, for cold start above all: the mean of three shares,
    each the candidate's count divided by the largest count of any stakeholder of the index
    for this seeker (so the best provider of the segment scores 1 whatever the segment's
    size): its ties with ventures of the seeker's sectors AND near its region (weighted as
    ``portfolio_region`` weighs them), of its sectors alone, and near its region alone.

Their weights are 0 by default (hand weights hold no evidence for them); weights fitted on the
store's own history (:mod:`graph_models.matching.calibration`) turn them on. A term of weight 0
is left out of the score and of the explanation.

Examples
--------
>>> import numpy as np
>>> from graph_models.matching.index import MatchIndex
>>> from graph_models.matching.examples import example_stakeholders, example_ties
>>> index = MatchIndex.build(example_stakeholders(), example_ties())
>>> rows = np.array([index.row["inv"], index.row["inv2"]])
>>> activity(index, rows).round(3).tolist()
[[0.631, 0.0]]
>>> portfolio_sector(index, np.array([index.row["ent"]]), rows, np.ones(1)).round(3).tolist()
[[0.631, 0.0]]
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from graph_models.domain.phrases import Phrase
from graph_models.matching.behaviour import RELATION_TYPES, place_profile, segment_profile
from graph_models.matching.config import MatchWeights
from graph_models.matching.encoding import TIE_TYPES
from graph_models.matching.tie_counts import dense_bits

BEHAVIOUR_TERMS = ("activity", "portfolio_sector", "portfolio_region", "segment")
RECENT_DAYS = 730  # what a reason counts as "the last two years"
_RELATION_CODES = frozenset(TIE_TYPES.index(t) for t in RELATION_TYPES)


def _scale(index) -> float:
    top = float(index.activity.max(initial=0.0))
    return 1.0 / np.log1p(top) if top > 0 else 0.0


def activity(index, cands) -> np.ndarray:
    """The activity term of each candidate, as a (1, C) row."""
    return (np.log1p(index.activity[cands]) * _scale(index))[None, :]


def portfolio_sector(index, seekers, cands, w) -> np.ndarray:
    """``w`` times the portfolio-by-sector term, (B, C)."""
    mine = dense_bits(index.sectors[seekers], index.sector_profile.shape[1])
    counts = mine @ index.sector_profile[cands].T
    return np.log1p(counts) * (_scale(index) * np.asarray(w, dtype=np.float64))[:, None]


def _near(index, seekers, weights: MatchWeights) -> np.ndarray:
    """(B, places) how near each place is to each seeker's, by the region term's levels."""
    table = np.array([0.0, *weights.region_levels, weights.region_levels[-1]])
    return table[index.place_level.astype(np.int64) + 1][index.place[seekers]]


def portfolio_region(index, seekers, cands, weights: MatchWeights, w) -> np.ndarray:
    """``w`` times the portfolio-by-region term, (B, C)."""
    near = _near(index, seekers, weights)
    counts = (place_profile(index, cands) @ near.T).T
    return np.log1p(counts) * (_scale(index) * np.asarray(w, dtype=np.float64))[:, None]


def _shares(counts: np.ndarray, everyone: np.ndarray) -> np.ndarray:
    """(B, C) ``counts`` over each seeker's largest count among ``everyone`` (B, n)."""
    top = everyone.max(axis=1, initial=0.0)
    return counts / np.where(top > 0, top, 1.0)[:, None]


def segment(index, seekers, cands, weights: MatchWeights, w) -> np.ndarray:
    """``w`` times the segment-popularity term, (B, C)."""
    seekers = np.asarray(seekers)
    mine = dense_bits(index.sectors[seekers], index.sector_profile.shape[1]).astype(np.float64)
    near = _near(index, seekers, weights)
    wanted = (mine[:, :, None] * near[:, None, :]).reshape(len(seekers), -1).T  # (S·P, B)
    both = np.asarray(segment_profile(index) @ wanted).T  # (B, n)
    sector_only = mine @ index.sector_profile.T
    region_only = np.asarray(place_profile(index, slice(None)) @ near.T).T
    cands = np.asarray(cands)
    value = sum(_shares(every[:, cands], every) for every in (both, sector_only, region_only))
    return value / 3.0 * np.asarray(w, dtype=np.float64)[:, None]


def term(name: str, index, seekers, cands, weights: MatchWeights, w) -> np.ndarray:
    """``w`` times the behaviour term ``name``, (B, C) or (1, C)."""
    if name == "activity":
        return activity(index, cands) * np.asarray(w, dtype=np.float64)[:, None]
    if name == "portfolio_sector":
        return portfolio_sector(index, seekers, cands, w)
    if name == "segment":
        return segment(index, seekers, cands, weights, w)
    return portfolio_region(index, seekers, cands, weights, w)


def recent_ventures(index, provider: int) -> list[int]:
    """The ventures ``provider`` tied with (as funder, supporter or mentor) in the
    :data:`RECENT_DAYS` before the index's ``as_of``, one entry per tie."""
    start, end = index.indptr[provider], index.indptr[provider + 1]
    since = (index.as_of - timedelta(days=RECENT_DAYS)).toordinal() if index.as_of else -1
    found = []
    for other in index.indices[start:end].tolist():
        lo, hi = min(provider, other), max(provider, other)
        first, last = index.ties.pair_range(lo, hi)
        for at in range(first, last):
            source = hi if index.ties.source_hi[at] else lo
            if (source == provider and int(index.ties.type[at]) in _RELATION_CODES
                    and index.ties.since[at] > since):
                found.append(other)
    return found


def reason(name: str, index, seeker: int, cand: int, sector_labels, region_label) -> Phrase:
    """Why the behaviour term ``name`` gave its value, in words naming counts of the last two
    years; ``sector_labels`` and ``region_label`` word the seeker's sectors and region."""
    ventures = recent_ventures(index, cand)
    if name == "activity":
        return Phrase("tied with {count} ventures in the last two years (funded, supported "
                      "or mentored)", count=len(ventures))
    if name == "portfolio_sector":
        mine = index.sectors[seeker]
        count = sum(1 for v in ventures if (index.sectors[v] & mine).any())
        return Phrase("tied with {count} ventures of your sector ({sectors}) in the last two "
                      "years", count=count, sectors=sector_labels)
    near = index.place_level[index.place[seeker]]
    if name == "segment":
        mine = index.sectors[seeker]
        count = sum(1 for v in ventures
                    if (index.sectors[v] & mine).any() and near[index.place[v]] >= 2)
        return Phrase("tied with {count} ventures of your sector ({sectors}) in your region "
                      "({region}) in the last two years", count=count, sectors=sector_labels,
                      region=region_label)
    count = sum(1 for v in ventures if near[index.place[v]] >= 2)
    return Phrase("tied with {count} ventures of your region ({region}) in the last two years",
                  count=count, region=region_label)
