"""A programme's report, and the feedback its ratings give matching, from plain records.

The persistence layer turns what it stores into :class:`MentorshipRecord` values; everything
here is arithmetic over them, with no store and no graph.

Definitions
-----------
placed
    A mentee with at least one mentorship that got as far as *accepted* (accepted, active or
    completed, or cancelled after acceptance); the placement rate divides by the enrolled
    mentees.
load
    A mentor's mentorships that occupy it now: accepted or active.
acceptance rate
    Of the mentorships both sides answered — accepted at some point, or cancelled before
    acceptance (declined) — the share accepted. Still-proposed ones are not counted.
completion rate
    Of the accepted mentorships that ended, the share completed rather than cancelled.
ratings
    Scores 1–5; averages over all ratings, by side (mentee, mentor) and by moment (check-in,
    completion).
new ties
    Distinct accepted pairs that had no tie before the programme.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from graph_models.domain.errors import InvalidInput
from graph_models.domain.mentorships import MentorshipRecord, MentorshipState, RatingMoment


@dataclass(frozen=True)
class LoadDistribution:
    """Mentor load: ``histogram`` pairs (load, number of mentors) by load; ``utilisation`` is
    the total load over the total capacity (None without capacities); ``over_capacity`` the
    mentors above theirs."""

    mentors: int
    mean: float
    max: int
    histogram: tuple[tuple[int, int], ...]
    utilisation: float | None
    over_capacity: tuple[str, ...]


@dataclass(frozen=True)
class ProgrammeReport:
    """The figures of a programme (see the module notes for each definition). Rates and
    averages are None when nothing counts towards them."""

    mentees: int
    placed: int
    placement_rate: float | None
    states: tuple[tuple[str, int], ...]
    acceptance_rate: float | None
    completion_rate: float | None
    mentor_load: LoadDistribution
    ratings: int
    average_rating: float | None
    average_by_side: tuple[tuple[str, float | None], ...]
    average_by_moment: tuple[tuple[str, float | None], ...]
    new_ties: int


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _check(records) -> list[MentorshipRecord]:
    records = list(records)
    if not all(isinstance(r, MentorshipRecord) for r in records):
        raise InvalidInput("invalid records", errors={"records": [
            "must be MentorshipRecord values"]})
    for r in records:
        for rating in r.ratings:
            if rating.by not in (r.mentee_id, r.mentor_id) or not (
                    isinstance(rating.score, int) and 1 <= rating.score <= 5):
                raise InvalidInput("invalid rating", errors={"ratings": [
                    f"{r.id}: a rating is by the mentee or the mentor, from 1 to 5"]})
    return records


def mentor_load(records: Iterable[MentorshipRecord],
                capacities: Mapping[str, int] | None = None) -> LoadDistribution:
    """How many accepted or active mentorships each mentor holds, as a distribution.

    Mentors in ``capacities`` count even with no mentorship.

    Examples
    --------
    >>> from datetime import date
    >>> day = date(2027, 1, 1)
    >>> rs = [MentorshipRecord("1", "a", "kim", MentorshipState.ACTIVE, day),
    ...       MentorshipRecord("2", "b", "kim", MentorshipState.ACCEPTED, day),
    ...       MentorshipRecord("3", "c", "lee", MentorshipState.COMPLETED, day)]
    >>> mentor_load(rs, {"kim": 1, "lee": 2, "max": 1})
    LoadDistribution(mentors=3, mean=0.6667, max=2, histogram=((0, 2), (2, 1)), \
utilisation=0.5, over_capacity=('kim',))
    """
    records = _check(records)
    load = dict.fromkeys(capacities or (), 0)
    for r in records:
        load.setdefault(r.mentor_id, 0)
        if r.state in (MentorshipState.ACCEPTED, MentorshipState.ACTIVE):
            load[r.mentor_id] += 1
    histogram: dict[int, int] = {}
    for value in load.values():
        histogram[value] = histogram.get(value, 0) + 1
    total_capacity = sum(capacities.values()) if capacities else 0
    return LoadDistribution(
        mentors=len(load), mean=_mean(list(load.values())) or 0.0,
        max=max(load.values(), default=0), histogram=tuple(sorted(histogram.items())),
        utilisation=_rate(sum(load.values()), total_capacity) if capacities else None,
        over_capacity=tuple(sorted(m for m, n in load.items()
                                   if capacities and m in capacities and n > capacities[m])))


def programme_report(records: Iterable[MentorshipRecord], *,
                     mentees: Collection[str] | None = None,
                     capacities: Mapping[str, int] | None = None,
                     tied_before: Iterable[tuple[str, str]] = ()) -> ProgrammeReport:
    """The figures of a mentorship programme.

    Parameters
    ----------
    records : iterable of MentorshipRecord
        The programme's mentorships.
    mentees : collection of str, optional
        The enrolled mentees (default: those the records name).
    capacities : mapping of mentor id to int, optional
        The enrolled mentors and their capacities (for the load distribution).
    tied_before : iterable of (id, id)
        Pairs (either order) that had a tie before the programme.

    Examples
    --------
    >>> from datetime import date
    >>> from graph_models.domain.mentorships import Rating
    >>> d = date(2027, 1, 1)
    >>> rs = [
    ...     MentorshipRecord("1", "a", "kim", MentorshipState.COMPLETED, d, accepted_on=d,
    ...                      ratings=(Rating("a", 5, RatingMoment.COMPLETION, d),
    ...                               Rating("kim", 4, RatingMoment.COMPLETION, d))),
    ...     MentorshipRecord("2", "b", "kim", MentorshipState.CANCELLED, d,
    ...                      cancel_reason="declined"),
    ...     MentorshipRecord("3", "c", "lee", MentorshipState.ACTIVE, d, accepted_on=d,
    ...                      ratings=(Rating("c", 2, RatingMoment.CHECK_IN, d),)),
    ...     MentorshipRecord("4", "d", "lee", MentorshipState.PROPOSED, d)]
    >>> r = programme_report(rs, mentees=["a", "b", "c", "d", "e"], tied_before=[("kim", "a")])
    >>> r.placed, r.placement_rate, r.acceptance_rate, r.completion_rate
    (2, 0.4, 0.6667, 1.0)
    >>> r.average_rating, r.average_by_side, r.new_ties
    (3.6667, (('mentee', 3.5), ('mentor', 4.0)), 1)
    """
    records = _check(records)
    enrolled = set(mentees) if mentees is not None else {r.mentee_id for r in records}
    accepted = [r for r in records if r.was_accepted]
    placed = {r.mentee_id for r in accepted} & enrolled
    declined = [r for r in records
                if r.state == MentorshipState.CANCELLED and not r.was_accepted]
    ended = [r for r in accepted if r.state in (MentorshipState.COMPLETED,
                                                MentorshipState.CANCELLED)]
    completed = [r for r in ended if r.state == MentorshipState.COMPLETED]
    states: dict[str, int] = {s.value: 0 for s in MentorshipState}
    for r in records:
        states[r.state.value] += 1
    scores = [x.score for r in records for x in r.ratings]
    by_side = {"mentee": [x.score for r in records for x in r.ratings if x.by == r.mentee_id],
               "mentor": [x.score for r in records for x in r.ratings if x.by == r.mentor_id]}
    by_moment = {m.value: [x.score for r in records for x in r.ratings if x.moment == m]
                 for m in RatingMoment}
    before = {frozenset(p) for p in tied_before}
    new = {frozenset((r.mentee_id, r.mentor_id)) for r in accepted} - before
    return ProgrammeReport(
        mentees=len(enrolled), placed=len(placed),
        placement_rate=_rate(len(placed), len(enrolled)),
        states=tuple(states.items()),
        acceptance_rate=_rate(len(accepted), len(accepted) + len(declined)),
        completion_rate=_rate(len(completed), len(ended)),
        mentor_load=mentor_load(records, capacities),
        ratings=len(scores), average_rating=_mean(scores),
        average_by_side=tuple((k, _mean(v)) for k, v in by_side.items()),
        average_by_moment=tuple((k, _mean(v)) for k, v in by_moment.items()),
        new_ties=len(new))


GOOD_FIT = 4  # a rating at or above this costs the pair nothing


def rating_feedback(records: Iterable[MentorshipRecord]) -> dict[tuple[str, str], float]:
    """The feedback matching takes (``feedback=`` of :func:`~graph_models.matching.recommend`,
    :func:`~graph_models.mentorship.candidates.candidate_scores`…) from mentorship ratings.

    For each (mentee, mentor) pair with ratings, each side's latest rating counts (a
    completion rating supersedes a check-in); the pair's penalty is
    ``clip((GOOD_FIT - mean) / (GOOD_FIT - 1), 0, 1)`` of their mean: 4 or 5 costs nothing, 1
    is the full penalty. Matching's hook only lowers scores, so good ratings give no entry.

    Returns
    -------
    dict of (mentee id, mentor id) to float
        Penalties in (0, 1], by pair.

    Examples
    --------
    >>> from datetime import date
    >>> from graph_models.domain.mentorships import Rating
    >>> d, later = date(2027, 1, 1), date(2027, 6, 1)
    >>> r = MentorshipRecord("1", "a", "kim", MentorshipState.COMPLETED, d, ratings=(
    ...     Rating("a", 5, RatingMoment.CHECK_IN, d), Rating("a", 1, RatingMoment.COMPLETION,
    ...     later), Rating("kim", 2, RatingMoment.COMPLETION, later)))
    >>> rating_feedback([r])
    {('a', 'kim'): 0.8333}
    """
    latest: dict[tuple[str, str], dict[str, tuple]] = {}
    for r in _check(records):
        by_rater = latest.setdefault((r.mentee_id, r.mentor_id), {})
        for x in r.ratings:
            key = (x.on, x.moment == RatingMoment.COMPLETION)
            if x.by not in by_rater or key >= by_rater[x.by][0]:
                by_rater[x.by] = (key, x.score)
    out: dict[tuple[str, str], float] = {}
    for pair, sides in sorted(latest.items()):
        if not sides:
            continue
        mean = sum(score for _, score in sides.values()) / len(sides)
        penalty = min(1.0, max(0.0, (GOOD_FIT - mean) / (GOOD_FIT - 1)))
        if penalty > 0:
            out[pair] = round(penalty, 4)
    return out


__all__ = ["GOOD_FIT", "LoadDistribution", "ProgrammeReport", "mentor_load", "programme_report",
           "rating_feedback"]
