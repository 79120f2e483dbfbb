"""What a report holds: plain frozen dataclasses, ready for JSON, CSV and HTML.

Counts that small-cell suppression hides are ``None`` (see
:mod:`graph_models.reports.suppression`); so are measures that are undefined for the scope
(the density of fewer than two stakeholders, an assortativity where everyone is alike).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from graph_models.reports.frame import ScopeGraph


@dataclass(frozen=True)
class Scope:
    """Which stakeholders a report is about: a region with its sub-regions, a sector, a kind
    (each optional: everything), as of a date (None: now)."""

    region: str | None = None
    sector: str | None = None
    kind: str | None = None
    as_of: date | None = None


@dataclass(frozen=True)
class Listed:
    """A stakeholder named in a list of a report (isolates, brokers)."""

    id: str
    name: str
    kind: str
    region: str


@dataclass(frozen=True)
class PairDensity:
    """Density of one relation: distinct connected ``pairs`` over the ``possible`` ones —
    n(n−1)/2 within one kind, n₁·n₂ between two — for any tie (``tie_type`` None) or one type.
    ``possible`` is None when a kind's count is suppressed (it would give the count back)."""

    kinds: tuple[str, str]
    tie_type: str | None
    pairs: int | None
    possible: int | None
    density: float | None


@dataclass(frozen=True)
class Degree:
    """Distinct neighbours per stakeholder: mean, median, maximum and the distribution
    (degree → stakeholders)."""

    mean: float | None
    median: float | None
    maximum: int | None
    distribution: dict[int, int | None]


@dataclass(frozen=True)
class Components:
    """Connected components of the scope's own ties, and the isolates: stakeholders of the
    scope without any tie at all, in the scope or out of it (newest first)."""

    count: int | None
    largest: int | None
    largest_share: float | None
    isolates: int | None
    listed_isolates: tuple[Listed, ...]
    unlisted_isolates: int | None  # isolates not named: beyond the list's length or not to be named


@dataclass(frozen=True)
class Broker:
    stakeholder: Listed
    degree: int
    betweenness: float
    betweenness_error: float  # standard error of the sampled estimate (0 when exact)
    constraint: float | None
    effective_size: float | None


@dataclass(frozen=True)
class Brokerage:
    """Top brokers by betweenness. ``exact`` unless the scope exceeds the size up to which
    every source is used; then ``pivots`` sources were sampled (seeded)."""

    exact: bool
    pivots: int
    top: tuple[Broker, ...]
    unlisted: int | None  # brokers of the top not named to this reader
    mean_constraint: float | None
    mean_effective_size: float | None


@dataclass(frozen=True)
class AttributeMixing:
    """How ties fall within and across the groups of one attribute."""

    attribute: str
    groups: int | None
    internal: float | None  # connected pairs within a group (fractions for several sectors)
    external: float | None
    e_i: float | None  # (external − internal) / all: −1 all within, +1 all across
    assortativity: float | None


@dataclass(frozen=True)
class Mixing:
    """The kind × kind matrix of connected pairs (symmetric; the diagonal counts pairs within a
    kind), the kinds present that never meet, and mixing by kind, sector and region; then the
    same matrix with entrepreneurs split by legal form (``entrepreneur:koinsep``, …), so that
    "investors never meet KoinSEps" shows."""

    kinds: tuple[str, ...]
    matrix: tuple[tuple[int | None, ...], ...]
    never_meet: tuple[tuple[str, str], ...]
    by_attribute: tuple[AttributeMixing, ...]
    groups: tuple[str, ...] = ()
    group_matrix: tuple[tuple[int | None, ...], ...] = ()
    groups_never_meet: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Community:
    label: int
    size: int | None
    kinds: dict[str, int | None]
    top_region: str | None
    top_region_share: float | None
    top_sector: str | None
    top_sector_share: float | None


@dataclass(frozen=True)
class Communities:
    """Louvain communities (seeded) of the scope and how they line up with regions and sectors
    (normalised mutual information over the stakeholders in communities of two or more)."""

    count: int | None
    singletons: int | None
    modularity: float | None
    seed: int
    region_alignment: float | None
    sector_alignment: float | None
    largest: tuple[Community, ...]


@dataclass(frozen=True)
class PillarCoverage:
    """Of the entrepreneurs' needs of one pillar, how many have a tie to someone offering
    that topic."""

    pillar: str
    needs: int | None
    covered: int | None
    share: float | None


@dataclass(frozen=True)
class NeedCoverage:
    by_pillar: tuple[PillarCoverage, ...]
    unmet_by_topic: dict[str, int | None]
    unmet_by_region: dict[str, int | None]
    entrepreneurs_with_unmet_needs: int | None


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM
    stakeholders: int | None  # joined that month
    ties: int | None  # begun that month
    total_stakeholders: int | None  # None where it would give a suppressed month away
    total_ties: int | None


@dataclass(frozen=True)
class FlowRow:
    """FUNDED ties of one group (a funder's kind, a channel, an instrument, a recipient's
    legal form or region: ``key``, a code; "" for none recorded): how many, the euros of
    those with an amount, how many have none, and how many distinct funders and recipients
    they join. Hidden (None) with its count, or when its funders or recipients are few: a
    sum of money over a handful tells about each of them."""

    key: str
    ties: int | None
    amount: float | None
    missing_amounts: int | None
    funders: int | None
    recipients: int | None


@dataclass(frozen=True)
class UnfundedRow:
    """Of the entrepreneurs of one legal form or region (``key``), how many were never
    funded, and their share."""

    key: str
    entrepreneurs: int | None
    never_funded: int | None
    share: float | None


@dataclass(frozen=True)
class Unfunded:
    """An entrepreneur never funded, named, with the day it joined and how many days it
    has been in the network by the report's date (None when its joining is not known)."""

    stakeholder: Listed
    joined: date | None
    days: int | None


@dataclass(frozen=True)
class Funding:
    """Money into the scope: the FUNDED ties (by the date) whose recipient, an entrepreneur,
    lies in the scope, wherever the funder is (``from_outside``: those whose funder lies
    outside it), by the funder's kind (an investor with its type, ``investor:public_fund``),
    channel, instrument, the recipient's legal form and region; then the entrepreneurs of
    the scope never funded, by legal form and region, and named (longest waiting first)."""

    ties: int | None
    amount: float | None
    missing_amounts: int | None
    funders: int | None
    recipients: int | None
    from_outside: int | None
    by_funder: tuple[FlowRow, ...]
    by_channel: tuple[FlowRow, ...]
    by_instrument: tuple[FlowRow, ...]
    by_legal_form: tuple[FlowRow, ...]
    by_region: tuple[FlowRow, ...]
    entrepreneurs: int | None
    never_funded: int | None
    never_funded_share: float | None
    never_funded_by_legal_form: tuple[UnfundedRow, ...]
    never_funded_by_region: tuple[UnfundedRow, ...]
    listed_never_funded: tuple[Unfunded, ...]
    unlisted_never_funded: int | None  # beyond the list's length or not to be named


@dataclass(frozen=True)
class Report:
    """An ecosystem report of one scope at one date."""

    scope: Scope
    version: int | None
    stakeholders: int | None
    ties: int | None
    pairs: int | None
    external_ties: int | None
    by_kind: dict[str, int | None]
    by_region: dict[str, int | None]
    by_sector: dict[str, int | None]
    ties_by_type: dict[str, int | None]
    density: float | None
    density_by_kinds: tuple[PairDensity, ...]
    density_by_relation: tuple[PairDensity, ...]
    degree: Degree
    components: Components
    average_clustering: float | None
    transitivity: float | None
    degree_centralization: float | None
    brokers: Brokerage
    mixing: Mixing
    communities: Communities
    needs: NeedCoverage
    growth: tuple[Month, ...]
    funding: Funding
    min_count: int = 0
    suppressed_cells: int = 0
    # For drawings and Gephi files; not part of the serialised report.
    network: ScopeGraph = field(kw_only=True, repr=False, compare=False)
    community_labels: np.ndarray = field(kw_only=True, repr=False, compare=False)


@dataclass(frozen=True)
class Comparison:
    """A report before and after, with the change of each headline figure (after − before)."""

    before: Report
    after: Report
    before_figures: dict[str, float | None]
    after_figures: dict[str, float | None]
    changes: dict[str, float | None]
