"""Each indicator's value on a day, with a sentence saying what it counted.

:func:`measure` computes one indicator of the catalogue
(:mod:`graph_models.indicators.catalogue`) for an :class:`~graph_models.indicators.ecosystem.
Ecosystem` on a day; the indicators that count what happened "since the period began" count
from ``start`` (the period's first day) to the day, both included. A value is None when there
is nothing to measure (a share of no needs, a mean of no ratings).

Examples
--------
>>> from datetime import date
>>> from graph_models.reports.examples import example_graph
>>> from graph_models.indicators.ecosystem import Ecosystem
>>> attica = Ecosystem(example_graph(), "EL30")
>>> found = measure(attica, "connected_pairs", {"group_a": "investor",
...                 "group_b": "entrepreneur:koinsep"}, date(2020, 1, 1), date(2021, 12, 31))
>>> found.value
1
>>> str(found.explanation)
'1 connected pair of investor and koinsep in EL30 on 2021-12-31'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from graph_models.domain.phrases import Codes, Money, Number, Phrase, Value, counted
from graph_models.domain.stakeholders import Kind, TieType
from graph_models.indicators.catalogue import Unit, group_parts, indicator
from graph_models.indicators.ecosystem import Ecosystem
from graph_models.reports.edges import TYPE_CODE
from graph_models.reports.frame import KIND_CODE, restrict, sorted_distinct
from graph_models.reports.sections import need_coverage


@dataclass(frozen=True)
class Measured:
    """An indicator's value on a day (None: nothing to measure) and what it counted."""

    value: float | None
    explanation: Phrase


def measure(ecosystem: Ecosystem, code: str, parameters: Mapping[str, str], start: date,
            day: date) -> Measured:
    """The value of indicator ``code`` with checked ``parameters`` on ``day``, counting flows
    from ``start``."""
    indicator(code)
    return _MEASURES[code](ecosystem, parameters, start, day)


def shown(unit: Unit, value: float | None) -> Value:
    """A value as a phrase shows it: a count as a number, a share as a percentage, money in
    euros, a score with two decimals.

    >>> str(shown(Unit.SHARE, 0.5)), str(shown(Unit.MONEY, 12000)), str(shown(Unit.SCORE, 4))
    ('50.0%', '€12,000', '4.00')
    """
    if value is None:
        return "—"
    if unit == Unit.COUNT:
        return int(value)
    if unit == Unit.SHARE:
        return Number(value, 1, percent=True)
    if unit == Unit.MONEY:
        return Money(value)
    return Number(value, 2)


def where(ecosystem: Ecosystem) -> Value:
    """The territory as a phrase names it."""
    if ecosystem.territory is None:
        return Phrase("the whole ecosystem")
    return Codes("region", (ecosystem.territory,))


def _which(parameters: Mapping[str, str], *names: str) -> Value:
    """The first of the parameters ``names`` given, as its label, or "all" (a legal form
    says the kind: an entrepreneur)."""
    given = next((name for name in names if name in parameters), None)
    if given is None:
        return Phrase("all")
    return Codes(given, (parameters[given],))


def _group(group: str) -> Codes:
    kind, legal_form = group_parts(group)
    return Codes("legal_form", (legal_form,)) if legal_form else Codes("kind", (kind,))


def _in_group(ecosystem: Ecosystem, group: str) -> np.ndarray:
    frame = ecosystem.frame
    kind, legal_form = group_parts(group)
    mask = frame.kind == KIND_CODE[Kind(kind)]
    if legal_form is not None:
        mask &= np.fromiter((form == legal_form for form in frame.legal_form), dtype=bool,
                            count=frame.n)
    return mask


def _since(start: date, day: date, days: np.ndarray) -> np.ndarray:
    return (days >= start.toordinal()) & (days <= day.toordinal())


def _stakeholders(eco: Ecosystem, p: Mapping[str, str], start: date, day: date) -> Measured:
    mask = eco.inside & eco.alive(day) & _narrowed(eco, p)
    count = int(mask.sum())
    return Measured(count, counted(
        "{count} stakeholder ({which}) in {region} on {day}",
        "{count} stakeholders ({which}) in {region} on {day}", count,
        which=_which(p, "legal_form", "kind"), region=where(eco), day=day.isoformat()))


def _narrowed(eco: Ecosystem, p: Mapping[str, str]) -> np.ndarray:
    frame = eco.frame
    mask = np.ones(frame.n, dtype=bool)
    if "kind" in p:
        mask &= frame.kind == KIND_CODE[Kind(p["kind"])]
    if "legal_form" in p:
        mask &= np.fromiter((form == p["legal_form"] for form in frame.legal_form),
                            dtype=bool, count=frame.n)
    return mask


def _new_entities(eco: Ecosystem, p: Mapping[str, str], start: date, day: date) -> Measured:
    frame = eco.frame
    mask = (eco.inside & _narrowed(eco, p) & _since(start, day, frame.created)
            & (frame.kind == KIND_CODE[Kind.ENTREPRENEUR]))
    count = int(mask.sum())
    return Measured(count, counted(
        "{count} new SSE entity ({which}) in {region} from {start} to {day}",
        "{count} new SSE entities ({which}) in {region} from {start} to {day}", count,
        which=_which(p, "legal_form"), region=where(eco), start=start.isoformat(),
        day=day.isoformat()))


def _pairs(eco: Ecosystem, p: Mapping[str, str], day: date) -> tuple[int, int]:
    """Connected pairs of the two groups in the territory on ``day``, and the pairs possible."""
    alive = eco.inside & eco.alive(day)
    a, b = alive & _in_group(eco, p["group_a"]), alive & _in_group(eco, p["group_b"])
    frame = eco.frame
    standing = eco.ties(day)
    u, v = frame.tie_u[standing], frame.tie_v[standing]
    across = (a[u] & b[v]) | (b[u] & a[v])
    low, high = np.minimum(u[across], v[across]), np.maximum(u[across], v[across])
    connected = len(sorted_distinct(low * frame.n + high))  # a pair once, whatever its ties
    n_a, n_b = int(a.sum()), int(b.sum())
    possible = n_a * (n_a - 1) // 2 if p["group_a"] == p["group_b"] else n_a * n_b
    return connected, possible


def _connected_pairs(eco: Ecosystem, p: Mapping[str, str], start: date,
                     day: date) -> Measured:
    connected, _ = _pairs(eco, p, day)
    return Measured(connected, counted(
        "{count} connected pair of {a} and {b} in {region} on {day}",
        "{count} connected pairs of {a} and {b} in {region} on {day}", connected,
        a=_group(p["group_a"]), b=_group(p["group_b"]), region=where(eco),
        day=day.isoformat()))


def _pair_density(eco: Ecosystem, p: Mapping[str, str], start: date, day: date) -> Measured:
    connected, possible = _pairs(eco, p, day)
    share = connected / possible if possible else None
    return Measured(share, Phrase(
        "{pairs} of {possible} possible pairs of {a} and {b} in {region} are connected on "
        "{day}", pairs=connected, possible=possible, a=_group(p["group_a"]),
        b=_group(p["group_b"]), region=where(eco), day=day.isoformat()))


def _new_ties(eco: Ecosystem, p: Mapping[str, str], start: date, day: date) -> Measured:
    frame = eco.frame
    mask = (eco.ties(day) & _since(start, day, frame.tie_since)
            & (eco.inside[frame.tie_u] | eco.inside[frame.tie_v]))
    if "tie_type" in p:
        mask &= frame.tie_type == TYPE_CODE[TieType(p["tie_type"])]
    count = int(mask.sum())
    return Measured(count, counted(
        "{count} new tie ({which}) with an end in {region} from {start} to {day}",
        "{count} new ties ({which}) with an end in {region} from {start} to {day}", count,
        which=_which(p, "tie_type"), region=where(eco), start=start.isoformat(),
        day=day.isoformat()))


def _funds_raised(eco: Ecosystem, p: Mapping[str, str], start: date, day: date) -> Measured:
    frame, G = eco.frame, eco.graph
    entrepreneur = frame.kind == KIND_CODE[Kind.ENTREPRENEUR]
    funded = (eco.ties(day) & _since(start, day, frame.tie_since)
              & (frame.tie_type == TYPE_CODE[TieType.FUNDED]))
    total, fundings = 0.0, 0
    for i in np.flatnonzero(funded):
        u, v = frame.tie_u[i], frame.tie_v[i]
        receiver = v if entrepreneur[v] else u  # FUNDED joins an investor to an entrepreneur
        if not eco.inside[receiver]:
            continue
        tie = G[frame.ids[u]][frame.ids[v]][frame.tie_ids[i]]
        if "instrument" in p and tie.get("instrument") != p["instrument"]:
            continue
        total += float(tie.get("amount") or 0)
        fundings += 1
    return Measured(total, counted(
        "{amount} raised by entrepreneurs of {region} in {count} funding ({which}) from "
        "{start} to {day}",
        "{amount} raised by entrepreneurs of {region} in {count} fundings ({which}) from "
        "{start} to {day}", fundings, amount=Money(total), region=where(eco),
        which=_which(p, "instrument"), start=start.isoformat(), day=day.isoformat()))


def _needs_met(eco: Ecosystem, p: Mapping[str, str], start: date, day: date) -> Measured:
    frame = eco.frame_at(day)
    inside = eco.inside[eco.alive(day)]
    coverage = need_coverage(frame, restrict(frame, inside))
    pillars = [c for c in coverage.by_pillar if c.pillar == p.get("pillar", c.pillar)]
    needed = sum(c.needs or 0 for c in pillars)
    met = sum(c.covered or 0 for c in pillars)
    return Measured(met / needed if needed else None, counted(
        "{met} of {count} need ({which}) of the entrepreneurs of {region} met on {day}",
        "{met} of {count} needs ({which}) of the entrepreneurs of {region} met on {day}",
        needed, met=met, which=_which(p, "pillar"), region=where(eco), day=day.isoformat()))


def _introductions(eco: Ecosystem, p: Mapping[str, str], start: date, day: date) -> Measured:
    count = sum(1 for i in eco.activity.introductions
                if start <= i.completed_on <= day and p.get("pillar", i.purpose) == i.purpose)
    return Measured(count, counted(
        "{count} introduction ({which}) completed in {region} from {start} to {day}",
        "{count} introductions ({which}) completed in {region} from {start} to {day}", count,
        which=_which(p, "pillar"), region=where(eco), start=start.isoformat(),
        day=day.isoformat()))


def _completed(eco: Ecosystem, start: date, day: date):
    return [m for m in eco.activity.mentorships if start <= m.completed_on <= day]


def _mentorships(eco: Ecosystem, p: Mapping[str, str], start: date, day: date) -> Measured:
    count = len(_completed(eco, start, day))
    return Measured(count, counted(
        "{count} mentorship completed in {region} from {start} to {day}",
        "{count} mentorships completed in {region} from {start} to {day}", count,
        region=where(eco), start=start.isoformat(), day=day.isoformat()))


def _rating(eco: Ecosystem, p: Mapping[str, str], start: date, day: date) -> Measured:
    scores = [score for m in _completed(eco, start, day) for on, score in m.ratings
              if on <= day]
    mean = sum(scores) / len(scores) if scores else None
    return Measured(mean, counted(
        "a mean of {mean} from {count} rating of the mentorships completed in {region} from "
        "{start} to {day}",
        "a mean of {mean} from {count} ratings of the mentorships completed in {region} from "
        "{start} to {day}", len(scores), mean=shown(Unit.SCORE, mean), region=where(eco),
        start=start.isoformat(), day=day.isoformat()))


def _held(eco: Ecosystem, p: Mapping[str, str], start: date, day: date):
    return [a for a in eco.activity.held
            if start <= a.starts_on <= day and p.get("pillar", a.pillar) == a.pillar]


def _attendance(eco: Ecosystem, p: Mapping[str, str], start: date, day: date) -> Measured:
    count = sum(a.attended for a in _held(eco, p, start, day))
    return Measured(count, counted(
        "{count} attendance at the activities ({which}) held in {region} from {start} to "
        "{day}",
        "{count} attendances at the activities ({which}) held in {region} from {start} to "
        "{day}", count, which=_which(p, "pillar"),
        region=where(eco), start=start.isoformat(), day=day.isoformat()))


def _activity_ties(eco: Ecosystem, p: Mapping[str, str], start: date, day: date) -> Measured:
    count = sum(1 for a in _held(eco, p, start, day) for on in a.ties_formed if on <= day)
    return Measured(count, counted(
        "{count} tie formed through activities ({which}) held in {region} from {start} to "
        "{day}",
        "{count} ties formed through activities ({which}) held in {region} from {start} to "
        "{day}", count, which=_which(p, "pillar"), region=where(eco),
        start=start.isoformat(), day=day.isoformat()))


_MEASURES: dict[str, Callable[[Ecosystem, Mapping[str, str], date, date], Measured]] = {
    "stakeholders": _stakeholders,
    "new_entities": _new_entities,
    "needs_met": _needs_met,
    "connected_pairs": _connected_pairs,
    "pair_density": _pair_density,
    "new_ties": _new_ties,
    "funds_raised": _funds_raised,
    "introductions_completed": _introductions,
    "mentorships_completed": _mentorships,
    "mentorship_rating": _rating,
    "activity_attendance": _attendance,
    "activity_ties": _activity_ties,
}
