"""A computed indicator is hidden when its value, or a count it was made from, is from 1 to the
reports' threshold − 1; zero and counts at the threshold are shown."""

from __future__ import annotations

from datetime import date

import pytest

from graph_models.domain.phrases import Money, Phrase, counted
from graph_models.indicators.catalogue import Unit
from graph_models.indicators.privacy import hidden_tracking, tells_small_count
from graph_models.indicators.tracking import Track


def density(pairs: int, possible: int) -> Phrase:
    return Phrase("{pairs} of {possible} possible pairs of {a} are connected",
                  pairs=pairs, possible=possible, a=Phrase("all"))


@pytest.mark.parametrize(("value", "unit", "explanation", "hidden"), [
    (4, Unit.COUNT, counted("{count} tie", "{count} ties", 4), True),
    (5, Unit.COUNT, counted("{count} tie", "{count} ties", 5), False),
    (0, Unit.COUNT, counted("{count} tie", "{count} ties", 0), False),
    (3 / 45, Unit.SHARE, density(3, 45), True),        # a share of three pairs
    (0 / 45, Unit.SHARE, density(0, 45), False),
    (12 / 60, Unit.SHARE, density(12, 60), False),
    (8000.0, Unit.MONEY, counted("{amount} in {count} funding", "{amount} in {count} fundings",
                                 1, amount=Money(8000)), True),   # one funding's amount
    (4.5, Unit.SCORE, counted("a mean from {count} rating", "a mean from {count} ratings", 6),
     False),
])
def test_a_value_is_hidden_when_it_or_a_count_it_is_made_from_is_small(
        value, unit, explanation, hidden):
    assert tells_small_count(value, unit, explanation, min_count=5) is hidden


def test_a_threshold_of_zero_hides_nothing():
    assert not tells_small_count(1, Unit.COUNT, density(1, 1), min_count=0)


def test_a_hidden_value_says_why_and_keeps_only_the_plans_own_path():
    t = hidden_tracking(date(2027, 1, 31), 6.0, 5)
    assert (t.value, t.expected, t.track, t.explanation) == (None, 6.0, Track.UNKNOWN, None)
    assert str(t.assessment.explanation) == (
        "hidden: it counts fewer than 5, and could point at someone")
