"""The configuration of matching: term weights, walk parameters and tie-type weights.

Every number that shapes a score lives in :class:`MatchWeights`, a frozen dataclass whose defaults
(:data:`DEFAULT_WEIGHTS`) are documented field by field. An action plan may override any of them
with :meth:`MatchWeights.from_mapping`, which rejects unknown keys.

Examples
--------
>>> DEFAULT_WEIGHTS.positive_total
1.0
>>> w = MatchWeights.from_mapping({"proximity": 0.4, "tie_weights": {"FUNDED": 3.0}})
>>> w.proximity, w.tie_weight("FUNDED"), w.tie_weight("KNOWS")
(0.4, 3.0, 1.0)
>>> MatchWeights.from_mapping({"popularity": 1.0})
Traceback (most recent call last):
...
graph_models.domain.errors.InvalidInput: unknown or invalid match weights
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph_models.domain.errors import InvalidInput
from graph_models.domain.stakeholders import Instrument, Stage, TieType

# The positive terms of a score, in the order a match lists them.
TERM_NAMES = ("need_offer", "sector", "region", "language", "stage", "proximity", "inclusion",
              "capacity", "activity", "portfolio_sector", "portfolio_region", "segment",
              "first_backers")
# Terms read from providers' behaviour (graph_models.matching.behaviour_terms): off (0) by
# default, turned on by weights fitted on the store's history; a term of weight 0 is left out.
OPTIONAL_TERMS = ("activity", "portfolio_sector", "portfolio_region", "segment",
                  "first_backers")
FEEDBACK_TERM = "feedback"

DEFAULT_TIE_WEIGHTS: tuple[tuple[str, float], ...] = (
    (TieType.KNOWS.value, 1.0),
    (TieType.PARTNERS_WITH.value, 1.5),
    (TieType.MENTORS.value, 1.5),
    (TieType.FUNDED.value, 2.0),
    (TieType.SUPPORTED.value, 1.0),
    (TieType.INTRODUCED.value, 0.5),
)

# Which stages each financing instrument suits: grants start ideas, loans and equity grow going
# concerns. A heuristic of this module (not a rule of law), used by the stage/ticket term only.
INSTRUMENT_STAGES: dict[Instrument, frozenset[Stage]] = {
    Instrument.GRANT: frozenset({Stage.IDEA, Stage.FORMING, Stage.OPERATING}),
    Instrument.LOAN: frozenset({Stage.OPERATING, Stage.SCALING}),
    Instrument.EQUITY: frozenset({Stage.OPERATING, Stage.SCALING}),
    Instrument.GUARANTEE: frozenset({Stage.OPERATING, Stage.SCALING}),
    Instrument.CROWDFUNDING: frozenset({Stage.FORMING, Stage.OPERATING}),
    Instrument.MICROCREDIT: frozenset({Stage.FORMING, Stage.OPERATING}),
}

MAX_LIMIT = 100
MAX_WALK_STEPS = 6


@dataclass(frozen=True)
class MatchWeights:
    """Weights of the score's terms and the parameters of each term.

    A match's score is ``100 * sum(w_t * v_t) / sum(w_t)`` over the terms ``t`` that apply to the
    pair's role (an investor has no capacity term when it seeks deal flow, a policymaker no
    stage term), so the weights are relative; the defaults of the eight positive terms sum to 1.
    Each value ``v_t`` lies in [0, 1]; see :mod:`graph_models.matching` for how each is computed.
    The score is then multiplied by ``1 - feedback * penalty`` for a pair with feedback.

    Attributes
    ----------
    need_offer : float
        Topic fit: the share of the needer's needs (within the role's or the asked pillar's
        topics) that the provider offers. Default 0.25.
    sector : float
        Sector fit: the share of the entrepreneur's sectors the other side focuses on; for peers,
        the learned affinity between their sectors. Default 0.12.
    region : float
        Region fit along the NUTS hierarchy (see ``region_levels``). Default 0.12.
    language : float
        1 when the two share a language. Default 0.04.
    stage : float
        Stage and ticket fit: for financing, the ticket range against the funding sought and the
        instruments against the venture's stage; for mentors, seniority; for peers, similar
        stages. Default 0.12.
    proximity : float
        Network proximity: a truncated random walk with restart from the seeker (see
        ``walk_steps``, ``walk_restart``, ``degree_exponent``), normalised per query. Default 0.25.
    inclusion : float
        Lifts newcomers and peripheral candidates: ``h / (h + degree)`` with
        ``h = inclusion_half_degree``. Default 0.05.
    capacity : float
        The share of the candidate's capacity left (1 when it states no limit). Default 0.05.
    activity, portfolio_sector, portfolio_region, segment, first_backers : float
        What a provider did: its recent relation ties, those with ventures of the seeker's
        sectors, those near the seeker's region, its share of the seeker's segment, its share
        of the segment's first funding, support or mentoring (see
        :mod:`~graph_models.matching.behaviour_terms`). Default 0 (left out).
    feedback : float
        Strength of the feedback penalty: a pair with penalty ``p`` keeps ``1 - feedback * p`` of
        its score (default 0.5: a declined introduction halves the pair's score).
    walk_steps : int
        Length of the longest walk counted (default 3: odd paths of length 3 reach an investor
        across the bipartite funding relation). At most 6.
    walk_restart : float
        Restart probability ``alpha`` of the walk; a walk of length ``k`` weighs
        ``(1 - alpha) ** k``. Default 0.15, as in PageRank.
    degree_exponent : float
        The walk's mass at a candidate is divided by its weighted degree to this power
        (``beta`` of RP3beta), so hubs do not win on popularity alone. Default 0.5.
    inclusion_half_degree : float
        The degree at which the inclusion term is one half. Default 10.
    region_levels : tuple of 4 floats
        Region fit of two places that share the country, NUTS-1, NUTS-2, NUTS-3 region (the
        deepest shared level counts; identical codes count as NUTS-3). Default
        (0.25, 0.5, 0.75, 1.0).
    tie_weights : tuple of (tie type, weight)
        The weight of each tie type in the adjacency the walk runs on, multiplied by the tie's own
        ``weight`` and, for KNOWS, by ``strength / 3``. Defaults: KNOWS 1, PARTNERS_WITH 1.5,
        MENTORS 1.5, FUNDED 2, SUPPORTED 1, INTRODUCED 0.5.
    cold_terms : tuple of (term, weight)
        Term weights for a seeker without ties (cold start), in place of those above; empty
        (default): the same. Weights fitted on history set them apart (a newcomer's best
        evidence is not a tied venture's).
    exposure_bound : float
        The exposure-aware re-ranking (:mod:`~graph_models.matching.exposure`): the most a
        promoted under-exposed candidate's score may fall short of the one it passes, as a
        fraction of that score (0.1: within 10%). Default 0: off.
    exposure_share : float
        The share of under-exposed candidates a ranking aims at (FA*IR's ``p``). Default 0.3.
    exposure_small_degree : int
        Candidates with at most this many ties count as under-exposed (0: newcomers only).
        Default 2.
    """

    need_offer: float = 0.25
    sector: float = 0.12
    region: float = 0.12
    language: float = 0.04
    stage: float = 0.12
    proximity: float = 0.25
    inclusion: float = 0.05
    capacity: float = 0.05
    activity: float = 0.0
    portfolio_sector: float = 0.0
    portfolio_region: float = 0.0
    segment: float = 0.0
    first_backers: float = 0.0
    feedback: float = 0.5
    walk_steps: int = 3
    walk_restart: float = 0.15
    degree_exponent: float = 0.5
    inclusion_half_degree: float = 10.0
    region_levels: tuple[float, float, float, float] = (0.25, 0.5, 0.75, 1.0)
    tie_weights: tuple[tuple[str, float], ...] = DEFAULT_TIE_WEIGHTS
    cold_terms: tuple[tuple[str, float], ...] = ()
    exposure_bound: float = 0.0
    exposure_share: float = 0.3
    exposure_small_degree: int = 2

    def __post_init__(self):
        problems = _problems(self)
        if problems:
            raise InvalidInput("invalid match weights", errors=problems)

    @classmethod
    def from_mapping(cls, values: Mapping) -> MatchWeights:
        """Defaults overridden by ``values``; unknown keys or bad values raise InvalidInput.

        ``tie_weights`` may be a mapping of some tie types to weights; the others keep their
        defaults.
        """
        if not isinstance(values, Mapping):
            raise InvalidInput("unknown or invalid match weights",
                               errors={"weights": ["must be a mapping"]})
        known = {f.name for f in dataclasses.fields(cls)}
        errors = {str(key): ["unknown weight"] for key in values if key not in known}
        changes = {key: value for key, value in values.items() if key in known}
        if "tie_weights" in changes:
            ties = changes["tie_weights"]
            if not isinstance(ties, Mapping):
                errors["tie_weights"] = ["must map tie types to weights"]
            else:
                types = {t.value for t in TieType}
                unknown = sorted(str(k) for k in ties if str(k) not in types)
                if unknown:
                    errors["tie_weights"] = [f"unknown tie type: {', '.join(unknown)}"]
                merged = dict(DEFAULT_TIE_WEIGHTS)
                merged.update({str(k): v for k, v in ties.items() if str(k) in types})
                changes["tie_weights"] = tuple((t.value, merged[t.value]) for t in TieType)
        if isinstance(changes.get("cold_terms"), Mapping):
            changes["cold_terms"] = tuple(sorted(changes["cold_terms"].items()))
        if "region_levels" in changes and isinstance(changes["region_levels"], list):
            changes["region_levels"] = tuple(changes["region_levels"])
        if errors:
            raise InvalidInput("unknown or invalid match weights", errors=errors)
        try:
            return dataclasses.replace(DEFAULT_WEIGHTS, **changes)
        except InvalidInput as error:
            raise InvalidInput("unknown or invalid match weights", errors=error.errors) from None

    @property
    def positive_total(self) -> float:
        """The sum of the positive term weights."""
        return round(sum(getattr(self, name) for name in TERM_NAMES), 12)

    def term_weight(self, name: str) -> float:
        return getattr(self, name)

    def for_cold(self) -> MatchWeights:
        """The weights for a seeker without ties: ``cold_terms`` in place of the term weights
        they name (the same weights when it is empty)."""
        if not self.cold_terms:
            return self
        return self.with_terms(dict(self.cold_terms), cold_terms=())

    def with_terms(self, terms: Mapping[str, float], **changes: Any) -> MatchWeights:
        """These weights with the term weights ``terms`` and the other ``changes``."""
        fields: dict[str, Any] = {**terms, **changes}
        return dataclasses.replace(self, **fields)

    def tie_weight(self, tie_type: str) -> float:
        """The walk weight of one tie type (0 for a type the table does not name)."""
        return dict(self.tie_weights).get(str(tie_type), 0.0)


def _is_number(value) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _problems(w: MatchWeights) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for name in (*TERM_NAMES, "degree_exponent", "inclusion_half_degree"):
        value = getattr(w, name)
        if not _is_number(value) or value < 0:
            problems[name] = ["must be a finite number ≥ 0"]
    if not problems and sum(getattr(w, name) for name in TERM_NAMES) <= 0:
        problems["weights"] = ["at least one term weight must be positive"]
    if not isinstance(w.cold_terms, tuple) or any(
            not isinstance(pair, tuple) or len(pair) != 2 or pair[0] not in TERM_NAMES
            or not _is_number(pair[1]) or pair[1] < 0 for pair in w.cold_terms):
        problems["cold_terms"] = ["must map term names to finite numbers ≥ 0"]
    if not _is_number(w.feedback) or not 0 <= w.feedback <= 1:
        problems["feedback"] = ["must be between 0 and 1"]
    if not _is_number(w.walk_restart) or not 0 < w.walk_restart < 1:
        problems["walk_restart"] = ["must be strictly between 0 and 1"]
    if (not isinstance(w.walk_steps, int) or isinstance(w.walk_steps, bool)
            or not 1 <= w.walk_steps <= MAX_WALK_STEPS):
        problems["walk_steps"] = [f"must be an integer from 1 to {MAX_WALK_STEPS}"]
    if not _is_number(w.inclusion_half_degree) or w.inclusion_half_degree <= 0:
        problems["inclusion_half_degree"] = ["must be a finite number > 0"]
    if not _is_number(w.exposure_bound) or not 0 <= w.exposure_bound < 1:
        problems["exposure_bound"] = ["must be a number from 0 up to (not including) 1"]
    if not _is_number(w.exposure_share) or not 0 < w.exposure_share < 1:
        problems["exposure_share"] = ["must be strictly between 0 and 1"]
    if (not isinstance(w.exposure_small_degree, int) or isinstance(w.exposure_small_degree, bool)
            or w.exposure_small_degree < 0):
        problems["exposure_small_degree"] = ["must be an integer ≥ 0"]
    levels = w.region_levels
    if (not isinstance(levels, tuple) or len(levels) != 4
            or not all(_is_number(v) and 0 <= v <= 1 for v in levels)
            or list(levels) != sorted(levels)):
        problems["region_levels"] = ["must be 4 non-decreasing numbers between 0 and 1"]
    ties = w.tie_weights
    if (not isinstance(ties, tuple) or not all(
            isinstance(pair, tuple) and len(pair) == 2 and _is_number(pair[1]) and pair[1] >= 0
            for pair in ties)):
        problems["tie_weights"] = ["must be (tie type, weight ≥ 0) pairs"]
    return problems


DEFAULT_WEIGHTS = MatchWeights()
