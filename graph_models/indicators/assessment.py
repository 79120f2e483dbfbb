"""Whether an indicator's value on a day is on track to its target, in a sentence.

The track is a straight line from the baseline, on the period's first day, to the target, on
the deadline: a value at least where the line is that day (at most, for a target below the
baseline) is on track; one at or past the target has met it; one short of it once the
deadline has come is off track for good.

Examples
--------
>>> from datetime import date
>>> spring = assess(4, baseline=0, target=12, start=date(2026, 1, 1),
...                 deadline=date(2026, 12, 31), day=date(2026, 4, 30))
>>> spring.status.value, str(spring.explanation)
('on_track', 'on track: 4, where a steady path from 0 to 12 by 2026-12-31 is at 3.9')
>>> assess(None, baseline=0, target=12, start=date(2026, 1, 1), deadline=date(2026, 12, 31),
...        day=date(2026, 4, 30)).status.value
'no_data'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from graph_models.domain.phrases import Number, Phrase, Value


class Status(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Assessment:
    """Where a value stands against its target, and why, in a sentence."""

    status: Status
    explanation: Phrase
    expected: float | None = None


def expected_on(day: date, *, baseline: float, target: float, start: date,
                deadline: date) -> float:
    """Where the straight line from ``baseline`` (on ``start``) to ``target`` (on
    ``deadline``) is on ``day``; the target itself from the deadline on.

    >>> expected_on(date(2026, 7, 2), baseline=10, target=20, start=date(2026, 1, 1),
    ...             deadline=date(2026, 12, 31))
    15.0
    """
    span = (deadline - start).days
    if span <= 0 or day >= deadline:
        return float(target)
    elapsed = max((day - start).days, 0)
    return baseline + (target - baseline) * elapsed / span


def plain_number(value: float) -> Number:
    """A number as written in a sentence: whole, or with one decimal.

    >>> str(plain_number(12.0)), str(plain_number(3.92))
    ('12', '3.9')
    """
    return Number(value, 0 if float(value).is_integer() else 1)


def assess(value: float | None, *, baseline: float | None, target: float, start: date,
           deadline: date, day: date, shown: Value | None = None,
           show=None) -> Assessment:
    """The :class:`Assessment` of ``value`` on ``day`` (None: no data). ``show`` writes a
    number of the indicator's unit in a phrase; ``shown`` is the value so written. Without a
    ``baseline`` there is no path: before the deadline only a target met is judged.

    >>> assess(5, baseline=None, target=12, start=date(2026, 1, 1),
    ...        deadline=date(2026, 12, 31), day=date(2026, 4, 30)).status.value
    'no_data'
    """
    show = show or plain_number
    if value is None:
        return Assessment(Status.NO_DATA, Phrase("no data: there is nothing to measure on "
                                                 "this day"))
    rising = baseline is None or target >= baseline
    written = shown if shown is not None else show(value)
    if (value >= target) if rising else (value <= target):
        return Assessment(Status.MET, Phrase("met: {value}, with a target of {target}",
                                             value=written, target=show(target)))
    if day >= deadline:
        return Assessment(Status.OFF_TRACK, Phrase(
            "off track: {value} on the deadline {deadline} or after, short of the target "
            "{target}", value=written, deadline=deadline.isoformat(), target=show(target)),
            float(target))
    if baseline is None:
        return Assessment(Status.NO_DATA, Phrase(
            "not judged yet: {value}; without a baseline, only the deadline {deadline} tells "
            "whether the target {target} is reached", value=written,
            deadline=deadline.isoformat(), target=show(target)))
    expected = expected_on(day, baseline=baseline, target=target, start=start,
                           deadline=deadline)
    on_track = value >= expected if rising else value <= expected
    values = {"value": written, "baseline": show(baseline), "target": show(target),
              "deadline": deadline.isoformat(), "expected": show(expected)}
    if on_track:
        return Assessment(Status.ON_TRACK, Phrase(
            "on track: {value}, where a steady path from {baseline} to {target} by "
            "{deadline} is at {expected}", **values), expected)
    return Assessment(Status.OFF_TRACK, Phrase(
        "off track: {value}, where a steady path from {baseline} to {target} by {deadline} "
        "is at {expected}", **values), expected)
