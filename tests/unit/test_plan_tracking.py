"""The on/off-track rule and a plan's history of changes, on small cases computed by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from graph_models.domain.plan_history import PlanChange, plan_changes
from graph_models.domain.plans import ActionStatus, Goal, Plan, PlanAction
from graph_models.indicators.tracking import Track, expected_value, track

START, DEADLINE = date(2027, 1, 1), date(2027, 12, 31)  # 364 days apart


@pytest.mark.parametrize(("on", "expected"), [
    (date(2026, 12, 1), 100.0),            # before the start: the baseline
    (START, 100.0),
    (date(2027, 7, 2), 100 - 52 * 182 / 364),  # half way: 74.0
    (DEADLINE, 48.0),
    (date(2028, 6, 1), 48.0),              # after the deadline: the target
])
def test_the_path_runs_straight_from_the_baseline_to_the_target(on, expected):
    assert expected_value(100, 48, START, DEADLINE, on) == pytest.approx(expected)


@pytest.mark.parametrize(("baseline", "target", "on", "value", "verdict"), [
    (0, 40, date(2027, 7, 2), 20, Track.ON_TRACK),     # path at 20.0: reached exactly
    (0, 40, date(2027, 7, 2), 19.9, Track.OFF_TRACK),
    (100, 48, date(2027, 7, 2), 74, Track.ON_TRACK),   # falling: at most the path's 74.0
    (100, 48, date(2027, 7, 2), 75, Track.OFF_TRACK),
    (None, 40, date(2027, 7, 2), 39, Track.UNKNOWN),   # no baseline: not before the deadline
    (None, 40, DEADLINE, 39, Track.OFF_TRACK),
    (None, 40, date(2028, 1, 5), 40, Track.ON_TRACK),
    (0, 40, date(2027, 7, 2), None, Track.UNKNOWN),    # no value
])
def test_an_indicator_is_on_track_when_it_keeps_to_the_path(baseline, target, on, value,
                                                            verdict):
    assert track(baseline=baseline, target=target, start=START, deadline=DEADLINE, on=on,
                 value=value).track == verdict


def test_a_history_names_each_field_changed_item_by_item():
    at = datetime(2027, 1, 1, tzinfo=UTC)
    before = Plan("p", "ΣΑΣΟ", "EL303", START, DEADLINE, at, at,
                  goals=(Goal("g", "training", "Σχολή"), Goal("h", "financing", "Ταμείο")),
                  actions=(PlanAction("a", "g", "Εργαστήρια", budget=Decimal("100")),))
    after = before.changed(at, goals=(Goal("g", "consulting", "Σχολή"),), actions=(
        PlanAction("a", "g", "Εργαστήρια", budget=Decimal("150.50"),
                   status=ActionStatus.ONGOING),))
    assert plan_changes(before, after) == (
        PlanChange("goal", "Ταμείο", None, "h"),
        PlanChange("goal.pillar", "training", "consulting", "g"),
        PlanChange("action.budget", "100", "150.50", "a"),
        PlanChange("action.status", "planned", "ongoing", "a"))
