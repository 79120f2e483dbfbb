"""The plain, frozen records that mentorship's algorithms take and return."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from graph_models.matching.model import Match


@dataclass(frozen=True)
class MentorEnrolment:
    """A programme's enrolment of one mentor: what the programme states beyond the snapshot.

    ``capacity`` (how many mentees this programme may give the mentor at once) overrides the
    one derived from the snapshot; ``available_from``/``available_until`` bound when the mentor
    can take mentees (None: open).
    """

    id: str
    capacity: int | None = None
    available_from: date | None = None
    available_until: date | None = None


@dataclass(frozen=True)
class Mentor:
    """A stakeholder able to mentor, as the assignment sees it.

    ``topics`` are the training topics it offers; ``languages`` and ``region`` (a NUTS code)
    are those of the snapshot; ``capacity`` is how many mentees it may take in the programme.
    """

    id: str
    capacity: int
    kind: str = "entrepreneur"
    languages: frozenset[str] = frozenset()
    region: str | None = None
    topics: frozenset[str] = frozenset()
    available_from: date | None = None
    available_until: date | None = None

    def available_on(self, day: date | None) -> bool:
        """True when ``day`` lies in the availability window (always, for no day)."""
        if day is None:
            return True
        return ((self.available_from is None or self.available_from <= day)
                and (self.available_until is None or day <= self.available_until))


@dataclass(frozen=True)
class Mentee:
    """An entrepreneur to be given a mentor; ``needs`` are its training needs."""

    id: str
    languages: frozenset[str] = frozenset()
    region: str | None = None
    needs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Constraints:
    """The hard constraints of an assignment.

    Attributes
    ----------
    shared_language : bool
        Mentee and mentor must share a language. A side that states no language does not
        fail it (nothing is known against the pair). Default True.
    region_level : int or None
        When set (0 country, 1 NUTS-1, 2 NUTS-2, 3 NUTS-3), both must have a region and agree
        on its code down to that level (the first ``2 + region_level`` characters). Default
        None: anywhere.
    excluded : frozenset of (mentee id, mentor id)
        Pairs never to propose (a conflict of interest, a past falling-out).
    """

    shared_language: bool = True
    region_level: int | None = None
    excluded: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *, shared_language: bool = True, region_level: int | None = None,
           excluded: Iterable[tuple[str, str]] = ()) -> Constraints:
        """Constraints from any iterable of excluded pairs."""
        return cls(shared_language, region_level, frozenset(map(tuple, excluded)))

    def language_ok(self, mentee: Mentee, mentor: Mentor) -> bool:
        """True unless a shared language is required and both state languages, none shared."""
        return (not self.shared_language or not mentee.languages or not mentor.languages
                or not mentee.languages.isdisjoint(mentor.languages))

    def region_ok(self, mentee: Mentee, mentor: Mentor) -> bool:
        """True when no region is required, or both regions agree down to ``region_level``."""
        if self.region_level is None:
            return True
        width = 2 + self.region_level
        return (bool(mentee.region) and bool(mentor.region) and len(mentee.region) >= width
                and mentee.region[:width] == (mentor.region or "")[:width])

    def allows(self, mentee: Mentee, mentor: Mentor) -> bool:
        """True when the pair passes every hard constraint.

        Examples
        --------
        >>> ana = Mentee("ana", frozenset({"el"}), "EL303")
        >>> kim = Mentor("kim", 1, languages=frozenset({"el", "en"}), region="EL522")
        >>> Constraints().allows(ana, kim), Constraints(region_level=2).allows(ana, kim)
        (True, False)
        >>> Constraints.of(excluded=[("ana", "kim")]).allows(ana, kim)
        False
        """
        return (mentee.id != mentor.id and (mentee.id, mentor.id) not in self.excluded
                and self.language_ok(mentee, mentor) and self.region_ok(mentee, mentor))


class UnplacedReason(StrEnum):
    """Why a mentee got no mentor, the first that applies in this order."""

    NO_SHARED_LANGUAGE = "no_shared_language"  # no enrolled mentor speaks its language
    OTHER_REGION = "other_region"  # none of those is in its region (when required)
    EXCLUDED = "excluded"  # every one of those is excluded for it
    NO_CANDIDATE = "no_candidate"  # none of those has a score (matching ruled them out)
    ALL_FULL = "all_full"  # every candidate's capacity went to other mentees
    # Not a solver's answer: enrolled after the draft was made, until a proposal is asked again.
    NOT_PROPOSED = "not_proposed"


@dataclass(frozen=True)
class Placement:
    """A mentee and its mentor in a proposal. ``score`` is the pair's match score (None for
    a pin that has none); ``match`` its explanation, once asked for."""

    mentee_id: str
    mentor_id: str
    score: float | None
    pinned: bool = False
    match: Match | None = None


@dataclass(frozen=True)
class Unplaced:
    """A mentee left without a mentor, with why (``reason``) in words (``detail``)."""

    mentee_id: str
    reason: UnplacedReason
    detail: str


@dataclass(frozen=True)
class Proposal:
    """An assignment of mentees to mentors: a draft for the coordinator to review.

    ``method`` is ``"optimal"`` or ``"stable"``; ``placements`` and ``unplaced`` are by mentee
    id; ``quality`` is the sum of the placements' scores (pins without a score count 0).
    """

    method: str
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    quality: float

    def mentor_of(self, mentee_id: str) -> str | None:
        """The mentor a mentee is placed with, or None."""
        return next((p.mentor_id for p in self.placements if p.mentee_id == mentee_id), None)

    def load(self) -> dict[str, int]:
        """How many mentees each mentor with at least one takes, by mentor id."""
        out: dict[str, int] = {}
        for p in sorted(self.placements, key=lambda p: p.mentor_id):
            out[p.mentor_id] = out.get(p.mentor_id, 0) + 1
        return out
