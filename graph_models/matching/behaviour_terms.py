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
    the index's ties with ventures of the seeker's sectors, plus its share of those with
    ventures of the seeker's region at each NUTS level from 1 down to the seeker's own code's
    (the country for a code naming a country alone): a provider of the seeker's city counts
    at three levels, one of its wider region at one. Divided by the largest such sum of any
    stakeholder of the index for this seeker (so the best provider of the segment scores 1
    whatever the segment's size). Shares, not counts: a small sector weighs as much as a big
    region.
first_backers
    the same shares counting only the ties that gave a venture its first funding, support or
    mentoring (dated its first day of that type of tie): who backs newcomers.

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
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from graph_models.domain.phrases import Codes, Joined, Phrase
from graph_models.matching.behaviour import (
    RELATION_TYPES,
    first_ties,
    profiles,
    relation_ties,
)
from graph_models.matching.config import MatchWeights
from graph_models.matching.encoding import TIE_TYPES
from graph_models.matching.rows import spans
from graph_models.matching.tie_counts import dense_bits
from graph_models.matching.tie_table import pair_key

BEHAVIOUR_TERMS = ("activity", "portfolio_sector", "portfolio_region", "segment",
                   "first_backers")
COUNTING_TERMS = ("activity", "portfolio_sector", "portfolio_region")  # reasons count ventures
RECENT_DAYS = 730  # what a reason counts as "the last two years"
_RELATION_CODES = np.array([TIE_TYPES.index(t) for t in RELATION_TYPES])


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
    counts = (_profiles(index, first=False).by_place(index)[cands] @ near.T).T
    return np.log1p(counts) * (_scale(index) * np.asarray(w, dtype=np.float64))[:, None]


def region_rings(index, seekers) -> np.ndarray:
    """(3, B, places) whether each place lies in each seeker's region at NUTS levels 1, 2 and
    3: the places sharing that level of its code. A level finer than the seeker's code is
    empty, and a code naming a country alone has its country as its first level."""
    depth = _cached(index, "place_depth", lambda: np.array(
        [min(len(code), 5) - 2 for code in index.place_codes] or [0], dtype=np.int64))
    mine = index.place[np.asarray(seekers)].astype(np.int64)
    level = index.place_level[mine].astype(np.int64)
    own = depth[mine][:, None]
    rings = np.stack([(level >= at) & (own >= at) for at in range(1, 4)])
    rings[0] |= (level >= 0) & (own == 0)
    return rings


def _share(counts: np.ndarray) -> np.ndarray:
    """(B, n) each row of ``counts`` over its total (0 where the total is 0)."""
    total = counts.sum(axis=1)
    return counts / np.where(total > 0, total, 1.0)[:, None]


class _Profiles(NamedTuple):
    """What the segment terms count: the recency-weighted relation ties of each stakeholder by
    venture sector, (n, sectors), and by venture place as CSR arrays."""

    by_sector: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    weight: np.ndarray

    def by_place(self, index) -> sp.csr_matrix:
        """(n, places) the place profile of ``index``'s stakeholders as a matrix."""
        return sp.csr_matrix((self.weight, self.indices, self.indptr),
                             shape=(index.n, max(len(index.place_codes), 1)))


_FIRST = tuple(f"first_{name}" for name in _Profiles._fields)


def _profiles(index, first: bool) -> _Profiles:
    """All relation ties' profiles (columns of the index), or those of the ties that brought
    a venture its first funding, support or mentoring (made once per index, when asked)."""
    if not first:
        return _Profiles(index.sector_profile, index.place_indptr, index.place_indices,
                         index.place_weight)
    if ("behaviour", _FIRST[0]) not in index._columns:
        provider, venture, weight = relation_ties(index)
        keep = first_ties(index)
        by_sector, by_place = profiles(index, provider[keep], venture[keep], weight[keep])
        made = (by_sector, by_place.indptr.astype(np.int64), by_place.indices.astype(np.int64),
                by_place.data.astype(np.float64))
        for name, value in zip(_FIRST, made, strict=True):
            index._columns[("behaviour", name)] = value
    return _Profiles(*(index._columns[("behaviour", name)] for name in _FIRST))


def _by_column(index, first: bool) -> tuple[np.ndarray, ...]:
    """The profiles of :func:`_profiles` by column, made once per index: for sectors and then
    for places, CSC arrays (indptr, rows, weight), so that a segment sums its few columns
    instead of reading every stakeholder's row."""
    names = tuple(f"columns_{first}_{part}_{what}" for part in ("sector", "place")
                  for what in ("indptr", "rows", "weight"))
    if ("behaviour", names[0]) not in index._columns:
        counted = _profiles(index, first)
        sectors = sp.csc_matrix(counted.by_sector)
        places = counted.by_place(index).tocsc()
        made = (sectors.indptr, sectors.indices, sectors.data,
                places.indptr, places.indices, places.data)
        for name, value in zip(names, made, strict=True):
            index._columns[("behaviour", name)] = np.asarray(
                value, dtype=np.float64 if name.endswith("weight") else np.int64)
    return tuple(index._columns[("behaviour", name)] for name in names)


def _column_sum(indptr, rows, weight, columns: np.ndarray, n: int) -> np.ndarray:
    """(n,) each stakeholder's sum over the profile's ``columns``."""
    start = indptr[columns]
    at = spans(start, indptr[columns + 1] - start)
    return np.bincount(rows[at], weight[at], minlength=n)


def segment_shares(index, seekers, first: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(B, n) every stakeholder's share of the recency-weighted ties with ventures of each
    seeker's sectors, and the sum of its shares of those with ventures of the seeker's region
    at each level of :func:`region_rings`; with ``first``, of the first ties alone."""
    seekers = np.asarray(seekers)
    sector_ptr, sector_rows, sector_weight, place_ptr, place_rows, place_weight = _by_column(
        index, first)
    mine = dense_bits(index.sectors[seekers], len(sector_ptr) - 1).astype(bool)
    rings = region_rings(index, seekers)
    by_sector = np.zeros((len(seekers), index.n))
    by_region = np.zeros((len(seekers), index.n))
    for b in range(len(seekers)):
        by_sector[b] = _column_sum(sector_ptr, sector_rows, sector_weight,
                                   np.flatnonzero(mine[b]), index.n)
        for ring in rings[:, b]:
            counts = _column_sum(place_ptr, place_rows, place_weight, np.flatnonzero(ring),
                                 index.n)
            total = counts.sum()
            if total > 0:
                by_region[b] += counts / total
    return _share(by_sector), by_region


def segment(index, seekers, cands, w, first: bool = False) -> np.ndarray:
    """``w`` times the segment-popularity term (``first``: the first-backers term), (B, C)."""
    by_sector, by_region = segment_shares(index, seekers, first)
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
    if name in ("segment", "first_backers"):
        return segment(index, seekers, cands, w, first=name == "first_backers")
    return portfolio_region(index, seekers, cands, weights, w)


def recent_ventures(index, provider: int) -> np.ndarray:
    """The ventures ``provider`` tied with (as funder, supporter or mentor) in the
    :data:`RECENT_DAYS` before the index's ``as_of``, one entry per tie."""
    start, end = index.indptr[provider], index.indptr[provider + 1]
    others = index.indices[start:end].astype(np.int64)
    lo, hi = np.minimum(provider, others), np.maximum(provider, others)
    pair, at = index.ties.at_pairs(pair_key(lo, hi))
    since = (index.as_of - timedelta(days=RECENT_DAYS)).toordinal() if index.as_of else -1
    source = np.where(index.ties.source_hi[at], hi[pair], lo[pair])
    keep = ((source == provider) & np.isin(index.ties.type[at], _RELATION_CODES)
            & (index.ties.since[at] > since))
    return others[pair[keep]]


def reason(name: str, index, seeker: int, cand: int, sector_labels, region_label,
           ventures: np.ndarray | None = None) -> Phrase:
    """Why the behaviour term ``name`` gave its value, in words naming counts of the last two
    years; ``sector_labels`` and ``region_label`` word the seeker's sectors and region. The
    terms of :data:`COUNTING_TERMS` count the candidate's :func:`recent_ventures`, which a
    caller explaining several of them may pass as ``ventures``."""
    if name in COUNTING_TERMS:
        return _counted(name, index, seeker,
                        recent_ventures(index, cand) if ventures is None else ventures,
                        sector_labels, region_label)
    by_sector, by_region = _candidate_shares(index, seeker, cand, name == "first_backers")
    values = dict(sector_share=_percent(by_sector), sectors=sector_labels, places=Joined(
        tuple(Phrase("{share}% in {region}", share=_percent(share),
                     region=Codes("region", (code,))) for code, share in by_region), ", "))
    if name == "segment":
        return Phrase("accounts for {sector_share}% of the recent funding, support and "
                      "mentoring of ventures of your sector ({sectors}) and, of that near "
                      "you, {places}", **values)
    return Phrase("accounts for {sector_share}% of the recent ties that gave ventures of "
                  "your sector ({sectors}) their first funding, support or mentoring and, "
                  "of those near you, {places}", **values)


def _counted(name: str, index, seeker: int, ventures: np.ndarray, sector_labels,
             region_label) -> Phrase:
    """The reason of a term of :data:`COUNTING_TERMS`: the candidate's recent ``ventures``
    counted as the term counts them."""
    if name == "activity":
        return Phrase("tied with {count} ventures in the last two years (funded, supported "
                      "or mentored)", count=len(ventures))
    if name == "portfolio_sector":
        mine = index.sectors[seeker]
        count = int((index.sectors[ventures] & mine).any(axis=1).sum())
        return Phrase("tied with {count} ventures of your sector ({sectors}) in the last two "
                      "years", count=count, sectors=sector_labels)
    near = index.place_level[index.place[seeker]]
    count = int((near[index.place[ventures]] >= 2).sum())
    return Phrase("tied with {count} ventures of your region ({region}) in the last two years",
                  count=count, region=region_label)


def _candidate_shares(index, seeker: int, cand: int,
                      first: bool) -> tuple[float, list[tuple[str, float]]]:
    """The candidate's share of :func:`segment_shares`'s sector alone, and its share in each
    of the seeker's regions (its code at that level, a region holding the same places as the
    coarser one given once), from the totals by sector and by place (summed once per index),
    without scoring everyone."""
    counted = _profiles(index, first)
    totals = (_cached(index, f"sector_total_{first}", lambda: counted.by_sector.sum(axis=0)),
              _cached(index, f"place_total_{first}", lambda: np.bincount(
                  counted.indices, counted.weight, minlength=max(len(index.place_codes), 1))))
    mine = dense_bits(index.sectors[[seeker]], counted.by_sector.shape[1])[0].astype(bool)
    start, end = counted.indptr[cand], counted.indptr[cand + 1]
    places, weights = counted.indices[start:end], counted.weight[start:end]
    code = index.place_codes[index.place[seeker]]
    by_region: list[tuple[str, float]] = []
    previous = None
    for at, ring in enumerate(region_rings(index, [seeker])[:, 0], start=1):
        if not ring.any() or (previous is not None and (ring == previous).all()):
            continue
        previous = ring
        total = totals[1] @ ring
        by_region.append((code[:at + 2] if len(code) > 2 else code,
                          float(weights @ ring[places] / total) if total > 0 else 0.0))
    sector_total = totals[0][mine].sum()
    by_sector = counted.by_sector[cand, mine].sum() / sector_total if sector_total else 0.0
    return float(by_sector), by_region


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
