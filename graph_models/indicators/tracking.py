"""A plan's indicator on track or not, by the one rule of :func:`~graph_models.indicators.
assessment.assess`, told the way a plan tells it: on track, off track or not known yet.

A plan judges each indicator against a straight path from its baseline at the period's start
to its target at its deadline (the target after it). An indicator that should rise is on track
when its value is at least the path's (it has met its target, or keeps up); one that should
fall, when it is at most. Without a baseline there is no path: only on or after the deadline
can one say, by whether the target is reached. Without a value nothing can be said.

Manual indicators are judged here by their latest value recorded; computed ones by the last
point of their series (:func:`~graph_models.indicators.series.series`), both with ``assess``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from graph_models.domain.phrases import Phrase
from graph_models.indicators.assessment import Assessment, Status, assess, expected_on


class Track(StrEnum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    UNKNOWN = "unknown"


# A target met is on track; no data, or no path yet, is not known.
TRACKS = {Status.MET: Track.ON_TRACK, Status.ON_TRACK: Track.ON_TRACK,
          Status.OFF_TRACK: Track.OFF_TRACK, Status.NO_DATA: Track.UNKNOWN}


@dataclass(frozen=True)
class Tracking:
    """An indicator's standing on ``on``: ``expected`` is the path's value that day (None:
    no path, or the target met), ``track`` whether ``value`` keeps to it, ``assessment`` its
    status and sentence, ``explanation`` what a computed value counted (None: recorded by
    hand)."""

    on: date
    value: float | None
    expected: float | None
    track: Track
    assessment: Assessment
    explanation: Phrase | None = None


def tracking_of(on: date, value: float | None, assessment: Assessment,
                explanation: Phrase | None = None) -> Tracking:
    """The :class:`Tracking` of a value ``assessment`` judged on ``on``."""
    return Tracking(on, value, assessment.expected, TRACKS[assessment.status], assessment,
                    explanation)


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
    return float(expected_on(on, baseline=baseline, target=target, start=start,
                             deadline=deadline))


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
    return tracking_of(on, value, assess(value, baseline=baseline, target=target, start=start,
                                         deadline=deadline, day=on))


__all__ = ["TRACKS", "Track", "Tracking", "expected_value", "track", "tracking_of"]
