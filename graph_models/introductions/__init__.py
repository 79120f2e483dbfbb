"""Introductions: double opt-in requests through warm paths.

Public API
----------
warm_paths(G, requester, target, *, limit, max_hops, trust) -> list[WarmPath]
WarmPath, Hop, DEFAULT_TRUST, MAX_HOPS

How paths are found, scored and ordered is documented in
:mod:`graph_models.introductions.paths`.
"""

from graph_models.introductions.paths import DEFAULT_TRUST, MAX_HOPS, Hop, WarmPath, warm_paths

__all__ = [
    "DEFAULT_TRUST",
    "MAX_HOPS",
    "Hop",
    "WarmPath",
    "warm_paths",
]
