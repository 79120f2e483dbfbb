"""The inclusion report of the configured store: how evenly matches spread attention over the
providers, by score alone and with the exposure-aware re-ranking (see
:mod:`graph_models.matching.inclusion`). An operator's command reads it; no endpoint serves it.
"""

from __future__ import annotations

from graph_models.domain.errors import InvalidInput
from graph_models.matching.config import MatchWeights
from graph_models.matching.inclusion import InclusionReport, inclusion_report
from graph_models.use_cases.live_index import LiveMatchIndex

# The bound the report tries when the deployment's re-ranking is off.
REPORT_BOUND = 0.1


def store_inclusion(index: LiveMatchIndex, weights: MatchWeights, *,
                    seekers: str = "entrepreneur", kind: str | None = None,
                    pillar: str | None = None, bound: float | None = None,
                    share: float | None = None, small_degree: int | None = None, top: int = 10,
                    threshold: float = 50.0, min_matches: int = 5) -> InclusionReport:
    """The inclusion report of the ``top`` matches of every seeker of kind ``seekers`` on the
    store's current index, with the deployment's ``weights`` and exposure settings, those given
    here overriding them
    (``bound`` defaults to :data:`REPORT_BOUND` when the deployment's re-ranking is off).
    InvalidInput names a bad setting.

    >>> import tempfile
    >>> from graph_models.stores import open_store
    >>> from graph_models.matching.config import DEFAULT_WEIGHTS
    >>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/inclusion.db")
    >>> store.ensure_schema()
    >>> store_inclusion(LiveMatchIndex(store), DEFAULT_WEIGHTS).seekers
    0
    >>> store_inclusion(LiveMatchIndex(store), DEFAULT_WEIGHTS, top=0)
    Traceback (most recent call last):
    ...
    graph_models.domain.errors.InvalidInput: invalid inclusion report
    """
    errors = {}
    if not isinstance(top, int) or not 1 <= top <= 100:
        errors["top"] = ["must be an integer from 1 to 100"]
    if not isinstance(min_matches, int) or min_matches < 1:
        errors["min_matches"] = ["must be an integer ≥ 1"]
    if not isinstance(threshold, int | float) or not 0 <= threshold <= 100:
        errors["threshold"] = ["must be between 0 and 100"]
    if errors:
        raise InvalidInput("invalid inclusion report", errors=errors)
    settings = {"exposure_bound": bound if bound is not None
                else weights.exposure_bound or REPORT_BOUND,
                "exposure_share": share, "exposure_small_degree": small_degree}
    weights = weights.with_terms({}, **{name: value for name, value in settings.items()
                                        if value is not None})
    return inclusion_report(index.get(), seekers=seekers, kind=kind, pillar=pillar,
                            weights=weights, k=top, threshold=threshold, min_matches=min_matches)
