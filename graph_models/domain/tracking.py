"""Whether an indicator is on track: its value against a straight path from its baseline at
the period's start to its target at its deadline.

The path says what the value should be on any day: the baseline on the period's start, the
target on the deadline, in a straight line between (and the target after the deadline). An
indicator that should rise is on track when its value is at least the path's; one that should
fall, when it is at most. Without a baseline there is no path: only on or after the deadline
can one say, by whether the target is reached (the value is then taken to rise to it).
Without a value nothing can be said.

The same rule judges manual indicators (their latest value recorded) and computed ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Track(StrEnum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Tracking:
    """An indicator's standing on ``on``: ``expected`` is the path's value that day (None:
    no path), ``track`` whether ``value`` keeps to it."""

    on: date
    value: float | None
    expected: float | None
    track: Track


def expected_value(baseline: float, target: float, start: date, deadline: date,
                   on: date) -> float:
    """The value the straight path from ``baseline`` on ``start`` to ``target`` on
    ``deadline`` has on ``on``: the baseline before the start, the target from the deadline.

    Examples
    --------
    >>> expected_value(10, 30, date(2027, 1, 1), date(2027, 1, 11), date(2027, 1, 6))
    20.0
    >>> expected_value(10, 30, date(2027, 1, 1), date(2027, 1, 11), date(2028, 1, 1))
    30.0
    """
    if on <= start:
        return float(baseline)
    if on >= deadline:
        return float(target)
    share = (on - start).days / (deadline - start).days
    return baseline + (target - baseline) * share


def track(*, baseline: float | None, target: float, start: date, deadline: date,
          on: date, value: float | None) -> Tracking:
    """Whether ``value``, as of ``on``, keeps to the path (see the module's docstring).

    Examples
    --------
    >>> d = dict(baseline=10, target=30, start=date(2027, 1, 1), deadline=date(2027, 1, 11))
    >>> track(**d, on=date(2027, 1, 6), value=21).track.value
    'on_track'
    >>> track(**d, on=date(2027, 1, 6), value=19).track.value
    'off_track'
    >>> falling = dict(d, baseline=30, target=10)
    >>> track(**falling, on=date(2027, 1, 6), value=19).track.value
    'on_track'
    >>> track(**dict(d, baseline=None), on=date(2027, 1, 6), value=19).track.value
    'unknown'
    >>> track(**dict(d, baseline=None), on=date(2027, 1, 11), value=31).track.value
    'on_track'
    """
    if baseline is None:
        expected = float(target) if on >= deadline else None
        rising = True
    else:
        expected = expected_value(baseline, target, start, deadline, on)
        rising = target >= baseline
    if value is None or expected is None:
        return Tracking(on, value, expected, Track.UNKNOWN)
    kept = value >= expected if rising else value <= expected
    return Tracking(on, value, expected, Track.ON_TRACK if kept else Track.OFF_TRACK)


__all__ = ["Track", "Tracking", "expected_value", "track"]
