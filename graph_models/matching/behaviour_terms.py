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
    popularity in the seeker's segment, for cold start above all: the candidate's share of all
    the index's ties with ventures of the seeker's sectors, plus its share of all the ties with
    ventures of the seeker's region (the places that share its NUTS-2 region, or its own code
    when that is coarser), divided by the largest such sum of any stakeholder of the index for
    this seeker (so the best provider of the segment scores 1 whatever the segment's size).
    Shares, not counts: a small sector weighs as much as a big region.

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
from graph_models.matching.behaviour import RELATION_TYPES, place_profile
from graph_models.matching.config import MatchWeights
from graph_models.matching.encoding import TIE_TYPES
from graph_models.matching.tie_counts import dense_bits

BEHAVIOUR_TERMS = ("activity", "portfolio_sector", "portfolio_region", "segment")
RECENT_DAYS = 730  # what a reason counts as "the last two years"
REGION_LEVEL = 2  # a seeker's region for the segment term: its NUTS-2 region
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


def region_places(index, seekers) -> np.ndarray:
    """(B, places) whether each place lies in each seeker's region: the places sharing its
    NUTS-2 region, or (a coarser code) every place below its own code."""
    depth = _cached(index, "place_depth", lambda: np.array(
        [min(len(code), 5) - 2 for code in index.place_codes] or [0], dtype=np.int64))
    mine = index.place[np.asarray(seekers)].astype(np.int64)
    level = index.place_level[mine].astype(np.int64)
    return level >= np.minimum(REGION_LEVEL, depth[mine])[:, None]


def _share(counts: np.ndarray) -> np.ndarray:
    """(B, n) each row of ``counts`` over its total (0 where the total is 0)."""
    total = counts.sum(axis=1)
    return counts / np.where(total > 0, total, 1.0)[:, None]


def segment_shares(index, seekers) -> tuple[np.ndarray, np.ndarray]:
    """(B, n) every stakeholder's share of the recency-weighted ties with ventures of each
    seeker's sectors, and of those with ventures of its region."""
    seekers = np.asarray(seekers)
    mine = dense_bits(index.sectors[seekers], index.sector_profile.shape[1]).astype(np.float64)
    near = region_places(index, seekers).astype(np.float64)
    by_sector = mine @ index.sector_profile.T
    by_region = np.asarray(place_profile(index, slice(None)) @ near.T).T
    return _share(by_sector), _share(by_region)


def segment(index, seekers, cands, weights: MatchWeights, w) -> np.ndarray:
    """``w`` times the segment-popularity term, (B, C)."""
    by_sector, by_region = segment_shares(index, seekers)
    both = by_sector + by_region
    top = both.max(axis=1, initial=0.0)
    value = both[:, np.asarray(cands)] / np.where(top > 0, top, 1.0)[:, None]
    return value * np.asarray(w, dtype=np.float64)[:, None]


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
    if name == "segment":
        by_sector, by_region = _candidate_shares(index, seeker, cand)
        return Phrase("accounts for {sector_share}% of the recent funding, support and "
                      "mentoring of ventures of your sector ({sectors}) and {region_share}% "
                      "of that in your region ({region})",
                      sector_share=_percent(by_sector), sectors=sector_labels,
                      region_share=_percent(by_region), region=region_label)
    near = index.place_level[index.place[seeker]]
    count = sum(1 for v in ventures if near[index.place[v]] >= 2)
    return Phrase("tied with {count} ventures of your region ({region}) in the last two years",
                  count=count, region=region_label)


def _candidate_shares(index, seeker: int, cand: int) -> tuple[float, float]:
    """The candidate's shares of :func:`segment_shares` alone, from the index's totals by
    sector and by place (summed once per index), without scoring everyone."""
    totals = (_cached(index, "sector_total", lambda: index.sector_profile.sum(axis=0)),
              _cached(index, "place_total", lambda: np.bincount(
                  index.place_indices, index.place_weight,
                  minlength=max(len(index.place_codes), 1))))
    mine = dense_bits(index.sectors[[seeker]], index.sector_profile.shape[1])[0].astype(bool)
    near = region_places(index, [seeker])[0]
    start, end = index.place_indptr[cand], index.place_indptr[cand + 1]
    own = index.place_weight[start:end] @ near[index.place_indices[start:end]]
    shares = []
    for count, total in ((index.sector_profile[cand, mine].sum(), totals[0][mine].sum()),
                         (own, totals[1] @ near)):
        shares.append(float(count / total) if total > 0 else 0.0)
    return shares[0], shares[1]


def _cached(index, name: str, make) -> np.ndarray:
    """``make()``, made once per index (an index is never changed: an update makes another)."""
    found = index._columns.get(("behaviour", name))
    if found is None:
        found = index._columns[("behaviour", name)] = make()
    return found


def _percent(share: float) -> str:
    """A share as a percentage, to one decimal below 10%."""
    value = 100.0 * float(share)
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"
