"""What the match index counts over ties: current load, and partnerships between sectors.

Current load
    The number of MENTORS and SUPPORTED ties a stakeholder started as mentor or supporter in the
    ``load_window_days`` (default 365) before ``as_of`` — the latest ``since`` in the snapshot
    unless given — counted per tie (two SUPPORTED events with one entrepreneur count twice).
    A mentorship is taken to occupy its mentor for a year because ties carry no end date yet.
Sector partnerships
    For each two sectors, how often an entrepreneur of one partners (PARTNERS_WITH) with an
    entrepreneur of the other, from which the peers' sector affinity is learned.

Both are sums of one count per tie, so a change adds the counts of the ties it brings and takes
off those of the ties it removes (exact: the counts are whole numbers).

Examples
--------
>>> from datetime import date
>>> from graph_models.matching.index import MatchIndex
>>> from graph_models.matching.examples import example_graph
>>> index = MatchIndex.from_graph(example_graph())
>>> window_start(date(2026, 3, 1), 365) == date(2025, 3, 1).toordinal()
True
>>> load(index.ties, index.n, index.as_of, 365).tolist()
[0, 0, 0, 0, 2]
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from graph_models.domain.stakeholders import Kind, TieType
from graph_models.matching.encoding import KINDS, TIE_TYPES
from graph_models.matching.tie_table import TieTable

SECTOR_AFFINITY_PRIOR = 5.0  # pseudo-partnerships of each sector with itself
LOAD_TYPES = (TieType.MENTORS, TieType.SUPPORTED)
_LOAD_CODES = [TIE_TYPES.index(t) for t in LOAD_TYPES]
_PARTNERS = TIE_TYPES.index(TieType.PARTNERS_WITH)
_ENTREPRENEUR = KINDS.index(Kind.ENTREPRENEUR)


def latest_since(table: TieTable) -> date | None:
    """The latest date a tie of ``table`` started (None when no tie has one)."""
    latest = int(table.since.max(initial=-1))
    return date.fromordinal(latest) if latest > 0 else None


def window_start(as_of: date, window: int) -> int:
    """The ordinal of the day before the load window opens."""
    return (as_of - timedelta(days=window)).toordinal()


def counted(table: TieTable, as_of: date | None, window: int) -> np.ndarray:
    """Which ties of ``table`` count towards their source's current load."""
    if as_of is None:
        return np.zeros(len(table), dtype=bool)
    return (np.isin(table.type, _LOAD_CODES) & (table.since > window_start(as_of, window))
            & (table.since <= as_of.toordinal()))


def load(table: TieTable, n: int, as_of: date | None, window: int) -> np.ndarray:
    """The current load of each of ``n`` rows."""
    sources = table.sources()[counted(table, as_of, window)]
    return np.bincount(sources, minlength=n).astype(np.int32)


def dense_bits(words: np.ndarray, count: int) -> np.ndarray:
    """(rows, count) 0/1 floats of the first ``count`` bits of rows of uint64 words."""
    bits = np.unpackbits(words.astype("<u8").view(np.uint8), axis=1, bitorder="little")
    return bits[:, :count].astype(np.float64)


def partnerships(table: TieTable, kind: np.ndarray, sectors: np.ndarray,
                 count: int) -> np.ndarray:
    """(count, count): for each two sectors, the PARTNERS_WITH ties of ``table`` joining an
    entrepreneur of one to an entrepreneur of the other (both ways; a tie within one sector
    counts twice there)."""
    lo, hi = table.ends()
    partners = (table.type == _PARTNERS) & (kind[lo] == _ENTREPRENEUR) & (
        kind[hi] == _ENTREPRENEUR)
    a = dense_bits(sectors[lo[partners]], count)
    b = dense_bits(sectors[hi[partners]], count)
    return a.T @ b + b.T @ a


def sector_affinity(partnership_counts: np.ndarray) -> np.ndarray:
    """Row-normalised partnerships with the prior on the diagonal: the most common partner
    sector of each sector scores 1 (with no partnerships, the identity)."""
    counts = partnership_counts + SECTOR_AFFINITY_PRIOR * np.eye(len(partnership_counts))
    return counts / counts.max(axis=1, keepdims=True) if len(counts) else counts
