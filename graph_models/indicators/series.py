"""An indicator's value at each month's end of a period, explained and assessed.

The days of a series are the last day of each month from the period's first to its last, and
the period's last day if it ends within a month (:func:`month_ends`). A day after ``today`` has
no value yet. The baseline, if not given, is the value on the eve of the period (and where
there is none, as for a mean of no ratings, the target: a value is then on track only once it
meets it); the deadline, if not given, the period's last day; without a target nothing is
assessed.

Examples
--------
>>> from datetime import date
>>> from graph_models.reports.examples import example_graph
>>> from graph_models.indicators.ecosystem import Ecosystem
>>> found = series(Ecosystem(example_graph(), "EL30"), "new_ties", {}, date(2021, 1, 1),
...                date(2021, 3, 31), today=date(2026, 1, 1), target=2)
>>> [(p.day.isoformat(), p.value, p.assessment.status.value) for p in found.points]
[('2021-01-31', 0, 'off_track'), ('2021-02-28', 1, 'off_track'), ('2021-03-31', 1, 'off_track')]
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from graph_models.domain.errors import InvalidInput
from graph_models.domain.phrases import Number, Phrase
from graph_models.indicators.assessment import Assessment, assess, plain_number
from graph_models.indicators.catalogue import Unit, checked_parameters, indicator
from graph_models.indicators.ecosystem import Ecosystem
from graph_models.indicators.values import measure, shown

MAX_MONTHS = 120  # ten years
FIRST_DAY = date(1900, 1, 1)  # no plan starts earlier; the eve of date.min would not exist


@dataclass(frozen=True)
class Point:
    """The value on one day (None: nothing to measure, or the day has not come), the sentence
    saying what it counted, and its assessment (None without a target)."""

    day: date
    value: float | None
    explanation: Phrase
    assessment: Assessment | None = None


@dataclass(frozen=True)
class Series:
    """An indicator's values over a period, with the baseline, target and deadline they were
    assessed against."""

    code: str
    territory: str | None
    parameters: dict[str, str]
    start: date
    end: date
    baseline: float | None
    target: float | None
    deadline: date
    points: tuple[Point, ...]


def month_ends(start: date, end: date) -> list[date]:
    """The last day of each month from ``start``'s to ``end``'s, and ``end`` if it is not one.

    >>> [d.isoformat() for d in month_ends(date(2026, 1, 15), date(2026, 3, 10))]
    ['2026-01-31', '2026-02-28', '2026-03-10']
    """
    days, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        last = date(year, month, calendar.monthrange(year, month)[1])
        days.append(min(last, end))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def series(ecosystem: Ecosystem, code: str, parameters: Mapping[str, str], start: date,
           end: date, *, today: date, baseline: float | None = None,
           target: float | None = None, deadline: date | None = None) -> Series:
    """The values of indicator ``code`` at each month's end from ``start`` to ``end``.

    Raises NotFound for an unknown code, InvalidInput for wrong parameters, a period that
    ends before it starts or spans more than ten years, or a deadline before the start.
    """
    checked = checked_parameters(code, parameters)
    _check_period(start, end, deadline)
    unit = indicator(code).unit
    deadline = deadline or end
    if baseline is None:
        baseline = measure(ecosystem, code, checked, start, start - timedelta(days=1)).value
    points = []
    for day in month_ends(start, end):
        if day > today:
            points.append(Point(day, None, Phrase("{day} has not come yet",
                                                  day=day.isoformat())))
            continue
        found = measure(ecosystem, code, checked, start, day)
        judged = None if target is None else assess(
            found.value, baseline=target if baseline is None else baseline, target=target,
            start=start, deadline=deadline, day=day, shown=shown(unit, found.value),
            show=_writer(unit))
        points.append(Point(day, found.value, found.explanation, judged))
    return Series(code, ecosystem.territory, checked, start, end, baseline, target, deadline,
                  tuple(points))


def _writer(unit: Unit):
    if unit == Unit.SHARE:
        return lambda v: Number(v, 1, percent=True)
    if unit == Unit.MONEY:
        return lambda v: shown(Unit.MONEY, v)
    return plain_number


def _check_period(start: date, end: date, deadline: date | None) -> None:
    errors: dict[str, list[str]] = {}
    if start < FIRST_DAY:
        errors["from"] = ["must not be before 1900-01-01"]
    if end < start:
        errors["to"] = ["must not be before from"]
    elif (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
        errors["to"] = ["at most ten years after from"]
    if deadline is not None and deadline < start:
        errors["deadline"] = ["must not be before from"]
    if errors:
        raise InvalidInput("the period is not valid", errors=errors)
