"""A mentorship programme as it is stored: who is enrolled, its hard constraints, and the
coordinator's draft proposal until it is published.

A programme is opened by a coordinator of its region (or an admin), in ``draft`` state. Its
mentees and mentors are enrolled (a mentor with an optional capacity of its own), a proposal is
computed and edited — pairs swapped, removed (and then excluded from later proposals), pinned
and re-solved around the pins — and published once: each placed pair becomes a
:class:`~graph_models.domain.mentorships.Mentorship`. After publishing the programme's
enrolment and draft are frozen.

Neither a store nor JSON knows these nested records; :func:`programme_to_record` and
:func:`programme_from_record` turn a programme into plain data and back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from graph_models.domain.matches import Match


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
        return cls(shared_language, region_level,
                   frozenset((mentee, mentor) for mentee, mentor in excluded))

    def language_ok(self, mentee: Mentee, mentor: Mentor) -> bool:
        """True unless a shared language is required and both state languages, none shared."""
        return (not self.shared_language or not mentee.languages or not mentor.languages
                or not mentee.languages.isdisjoint(mentor.languages))

    def region_ok(self, mentee: Mentee, mentor: Mentor) -> bool:
        """True when no region is required, or both regions agree down to ``region_level``."""
        if self.region_level is None:
            return True
        width = 2 + self.region_level
        if not mentee.region or not mentor.region:
            return False
        return len(mentee.region) >= width and mentee.region[:width] == mentor.region[:width]

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


class ProgrammeState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


@dataclass(frozen=True)
class DraftPair:
    """A pair of the draft: ``pinned`` pairs stay when the coordinator re-solves; a pair the
    coordinator placed by hand (a swap) is pinned."""

    mentee_id: str
    mentor_id: str
    score: float | None
    pinned: bool = False


@dataclass(frozen=True)
class Draft:
    """The coordinator's working proposal: pairs and unplaced mentees, by mentee id."""

    method: str
    pairs: tuple[DraftPair, ...]
    unplaced: tuple[Unplaced, ...]
    made_at: datetime
    edits: int = 0

    @property
    def quality(self) -> float:
        """The sum of the pairs' scores (a pair without one counts 0)."""
        return round(sum(p.score or 0.0 for p in self.pairs), 6)

    @classmethod
    def of(cls, proposal: Proposal, made_at: datetime) -> Draft:
        """A fresh draft from a solver's proposal."""
        return cls(proposal.method, tuple(DraftPair(p.mentee_id, p.mentor_id, p.score, p.pinned)
                                          for p in proposal.placements),
                   proposal.unplaced, made_at)


@dataclass(frozen=True)
class Programme:
    """A mentorship programme.

    ``topics`` are the training topics it is about; ``starts_on``/``ends_on`` its dates (a
    mentor must be available on the start). ``shared_language`` and ``region_level`` are the
    assignment's hard constraints; ``excluded`` pairs (mentee, mentor) are never proposed.
    ``revision`` counts the writes: a store writes a change only over the revision it was
    computed from, so that of two coordinators editing at once exactly one wins.
    """

    id: str
    name: str
    region: str
    starts_on: date
    created_at: datetime
    updated_at: datetime
    created_by: str | None = None
    topics: tuple[str, ...] = ()
    ends_on: date | None = None
    shared_language: bool = True
    region_level: int | None = None
    mentee_ids: tuple[str, ...] = ()
    mentors: tuple[MentorEnrolment, ...] = ()
    excluded: tuple[tuple[str, str], ...] = ()
    draft: Draft | None = None
    state: ProgrammeState = ProgrammeState.DRAFT
    published_at: datetime | None = None
    revision: int = 0

    def constraints(self) -> Constraints:
        """The hard constraints of the programme's assignment."""
        return Constraints.of(shared_language=self.shared_language,
                              region_level=self.region_level, excluded=self.excluded)

    def capacities(self) -> dict[str, int | None]:
        """Each enrolled mentor's capacity override (None: the snapshot's)."""
        return {m.id: m.capacity for m in self.mentors}

    def changed(self, at: datetime, **fields) -> Programme:
        """The programme with ``fields`` changed, one revision on."""
        return replace(self, updated_at=at, revision=self.revision + 1, **fields)

    def without(self, stakeholder_id: str) -> Programme:
        """The programme with an erased stakeholder gone from it: from its enrolment, its
        exclusions and its draft, where a mentee whose proposed mentor went is unplaced. The
        same programme when it never named the stakeholder; else one revision on.

        Examples
        --------
        >>> from datetime import UTC
        >>> at = datetime(2027, 1, 1, tzinfo=UTC)
        >>> draft = Draft("optimal", (DraftPair("ana", "kim", 80.0),), (), at)
        >>> p = Programme("p", "Άνοιξη", "EL30", date(2027, 3, 1), at, at, mentee_ids=("ana",),
        ...               mentors=(MentorEnrolment("kim"),), excluded=(("ana", "kim"),),
        ...               draft=draft)
        >>> q = p.without("kim")
        >>> q.mentors, q.excluded, q.draft.pairs, [u.mentee_id for u in q.draft.unplaced]
        ((), (), (), ['ana'])
        >>> p.without("nobody") is p
        True
        """
        draft = self.draft
        if draft is not None:
            lost = [x.mentee_id for x in draft.pairs
                    if x.mentor_id == stakeholder_id and x.mentee_id != stakeholder_id]
            draft = replace(
                draft, pairs=tuple(x for x in draft.pairs
                                   if stakeholder_id not in (x.mentee_id, x.mentor_id)),
                unplaced=tuple(u for u in draft.unplaced if u.mentee_id != stakeholder_id)
                + tuple(Unplaced(e, UnplacedReason.NO_CANDIDATE,
                                 "its mentor has left the network: ask for a proposal again")
                        for e in lost))
        changed = replace(
            self, mentee_ids=tuple(e for e in self.mentee_ids if e != stakeholder_id),
            mentors=tuple(m for m in self.mentors if m.id != stakeholder_id),
            excluded=tuple(x for x in self.excluded if stakeholder_id not in x), draft=draft)
        if changed == self:
            return self
        return replace(changed, revision=self.revision + 1)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _datetime(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def programme_to_record(p: Programme) -> dict:
    """Plain, JSON-ready data of a programme.

    Examples
    --------
    >>> from datetime import UTC
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> p = Programme("p", "Άνοιξη", "EL30", date(2027, 3, 1), at, at,
    ...               mentors=(MentorEnrolment("m", capacity=2),), excluded=(("a", "m"),))
    >>> programme_from_record(programme_to_record(p)) == p
    True
    """
    d = p.draft
    return {
        "id": p.id, "name": p.name, "region": p.region, "starts_on": _iso(p.starts_on),
        "created_at": _iso(p.created_at), "updated_at": _iso(p.updated_at),
        "created_by": p.created_by, "topics": list(p.topics), "ends_on": _iso(p.ends_on),
        "shared_language": p.shared_language, "region_level": p.region_level,
        "mentee_ids": list(p.mentee_ids),
        "mentors": [{"id": m.id, "capacity": m.capacity,
                     "available_from": _iso(m.available_from),
                     "available_until": _iso(m.available_until)} for m in p.mentors],
        "excluded": [list(pair) for pair in p.excluded],
        "draft": None if d is None else {
            "method": d.method, "made_at": _iso(d.made_at), "edits": d.edits,
            "pairs": [[x.mentee_id, x.mentor_id, x.score, x.pinned] for x in d.pairs],
            "unplaced": [[u.mentee_id, u.reason.value, u.detail] for u in d.unplaced]},
        "state": p.state.value, "published_at": _iso(p.published_at), "revision": p.revision,
    }


def programme_from_record(r: dict) -> Programme:
    """The programme a :func:`programme_to_record` record describes."""
    d = r.get("draft")
    draft = None if d is None else Draft(
        d["method"], tuple(DraftPair(e, t, s, bool(pinned)) for e, t, s, pinned in d["pairs"]),
        tuple(Unplaced(e, UnplacedReason(reason), detail) for e, reason, detail in d["unplaced"]),
        datetime.fromisoformat(d["made_at"]), d.get("edits", 0))
    return Programme(
        id=r["id"], name=r["name"], region=r["region"],
        starts_on=date.fromisoformat(r["starts_on"]),
        created_at=datetime.fromisoformat(r["created_at"]),
        updated_at=datetime.fromisoformat(r["updated_at"]),
        created_by=r.get("created_by"), topics=tuple(r.get("topics") or ()),
        ends_on=_date(r.get("ends_on")), shared_language=r.get("shared_language", True),
        region_level=r.get("region_level"), mentee_ids=tuple(r.get("mentee_ids") or ()),
        mentors=tuple(MentorEnrolment(m["id"], m.get("capacity"), _date(m.get("available_from")),
                                      _date(m.get("available_until")))
                      for m in r.get("mentors") or ()),
        excluded=tuple((e, t) for e, t in r.get("excluded") or ()), draft=draft,
        state=ProgrammeState(r.get("state", "draft")), published_at=_datetime(
            r.get("published_at")), revision=r.get("revision", 0))


__all__ = ["Draft", "DraftPair", "Programme", "ProgrammeState", "programme_from_record",
           "programme_to_record"]
