"""Small counts in a computed indicator, hidden as the ecosystem report hides them.

An indicator computed over a territory names no one, but a small count can point at a person
("1 new KoinSEp in the village"), and so can a share, a sum or a mean made from a handful (a
mean of 2 ratings, the money of one funding). An indicator's value is hidden when it is a count
from 1 to ``min_count`` − 1, or when any count it was made from is: the whole numbers of its
explanation (stakeholders, pairs, needs, fundings, ratings) are those counts. The threshold and
the rule are the report's (:func:`graph_models.reports.suppression.small_count`).

Examples
--------
>>> from graph_models.domain.phrases import counted
>>> few = counted("{count} rating", "{count} ratings", 2, mean="4.50")
>>> tells_small_count(4.5, Unit.SCORE, few, min_count=5)
True
>>> tells_small_count(12, Unit.COUNT, counted("{count} tie", "{count} ties", 12), min_count=5)
False
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from graph_models.domain.phrases import Phrase, Value
from graph_models.indicators.assessment import Assessment, Status
from graph_models.indicators.catalogue import Unit
from graph_models.indicators.tracking import Track, Tracking
from graph_models.reports.suppression import small_count


def _counts(value: Value) -> Iterator[int]:
    """Every whole number in a phrase, its nested phrases' included."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        yield value
    elif isinstance(value, Phrase):
        for inner in value.values.values():
            yield from _counts(inner)


def tells_small_count(value: float | None, unit: Unit, explanation: Phrase, *,
                      min_count: int) -> bool:
    """Whether a computed value, or any count it was made from, is small enough to hide."""
    own = int(value) if unit == Unit.COUNT and value is not None else None
    return small_count(own, min_count) or any(
        small_count(count, min_count) for count in _counts(explanation))


def hidden_tracking(on: date, expected: float | None, min_count: int) -> Tracking:
    """The standing of an indicator whose value is hidden: not known, and saying why."""
    why = Phrase("hidden: it counts fewer than {count}, and could point at someone",
                 count=min_count)
    return Tracking(on, None, expected, Track.UNKNOWN, Assessment(Status.NO_DATA, why, expected))
