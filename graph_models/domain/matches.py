"""What matching returns: plain frozen dataclasses, safe to share and to serialise."""

from __future__ import annotations

from dataclasses import dataclass

from graph_models.domain.phrases import Joined, Phrase


@dataclass(frozen=True)
class Term:
    """One term of a score.

    ``value`` lies in [0, 1]; ``weight`` is the term's weight after renormalising over the terms
    that apply to the pair's role, so that ``points = 100 * weight * value`` (rounded to 0.1).
    The feedback term is a penalty: its ``points`` are negative and its ``weight`` is the
    configured feedback strength. ``reason`` says it in words (see
    :mod:`graph_models.domain.phrases`).
    """

    name: str
    value: float
    weight: float
    points: float
    reason: Phrase | Joined


@dataclass(frozen=True)
class Connection:
    """A path through the network that made the proximity term: seeker, ``via``…, candidate.

    ``via`` are the intermediate stakeholders' ids (one for a shared connection, two for a path
    of length 3), ``ties`` the strongest tie type on each hop from the seeker onwards, and
    ``share`` the part of the candidate's proximity this path alone carries.
    """

    via: tuple[str, ...]
    via_names: tuple[str, ...]
    ties: tuple[str, ...]
    share: float


@dataclass(frozen=True)
class Match:
    """A candidate for a seeker, with its score (0–100) and the terms that produced it;
    ``promotion`` says why it was moved up for exposure (see
    :mod:`graph_models.matching.exposure`), None when it keeps its place by score."""

    candidate_id: str
    kind: str
    role: str
    score: float
    terms: tuple[Term, ...]
    connections: tuple[Connection, ...]
    promotion: Phrase | None = None

    def term(self, name: str) -> Term | None:
        """The term called ``name``, or None when it does not apply to this pair."""
        return next((t for t in self.terms if t.name == name), None)


@dataclass(frozen=True)
class Pair:
    """An (entrepreneur, provider) pair of a coordinator query: the provider as the
    entrepreneur's match, exactly as :func:`~graph_models.matching.recommend` would score it."""

    entrepreneur_id: str
    match: Match


@dataclass(frozen=True)
class UnmetNeed:
    """An entrepreneur in scope for whom no provider scores at or above the threshold."""

    entrepreneur_id: str
    needs: tuple[str, ...]
    best_provider_id: str | None
    best_score: float


@dataclass(frozen=True)
class Gap:
    """One topic of the scope: how many entrepreneurs need it, how many of them are unmet, and
    how many eligible providers offer it."""

    topic: str
    entrepreneurs: int
    unmet: int
    providers: int


@dataclass(frozen=True)
class CoordinatorReport:
    """The best pairs in a scope, the entrepreneurs left unmet, and the gaps by topic."""

    pairs: tuple[Pair, ...]
    unmet_needs: tuple[UnmetNeed, ...]
    gaps: tuple[Gap, ...]
    entrepreneurs_in_scope: int
    providers_in_scope: int
    threshold: float
