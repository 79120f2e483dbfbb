"""Indicators on a small ecosystem, against values counted by hand (tests/unit/
indicator_world.py), as of several days: before and after creations, ties, deletions,
completed introductions and mentorships; and the series' assessment."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from graph_models.domain.errors import InvalidInput, NotFound
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.indicators import (
    CATALOGUE,
    Activity,
    CompletedIntroduction,
    CompletedMentorship,
    Ecosystem,
    Status,
    checked_parameters,
    measure,
    series,
)
from graph_models.indicators.values import _MEASURES
from graph_models.reports.frame import frame_of
from tests.unit import indicator_world as world


def graph(stakeholders=None, ties=None) -> nx.MultiGraph:
    export = GraphExport(version=1, stakeholders=world.stakeholders() if stakeholders is None
                         else stakeholders, ties=world.ties() if ties is None else ties)
    return build_snapshot(export).graph


def values(ecosystem: Ecosystem, code: str, parameters: dict) -> list:
    return [measure(ecosystem, code, parameters, world.START, day).value for day in world.DAYS]


@pytest.mark.parametrize(("code", "parameters", "expected"), world.EXPECTED,
                         ids=[f"{c}-{'-'.join(p.values()) or 'all'}"
                              for c, p, _ in world.EXPECTED])
def test_each_graph_indicator_matches_the_hand_count_at_each_month_end(code, parameters,
                                                                      expected):
    found = values(Ecosystem(graph(), world.TERRITORY), code, parameters)
    assert found == pytest.approx(expected)


def test_a_deleted_tie_and_an_erased_stakeholder_are_gone_from_the_past_too():
    without = graph(stakeholders=[s for s in world.stakeholders() if s.id != "k2"],
                    ties=[t for t in world.ties() if t.id not in ("t1", "t4", "t6", "t8")])
    ecosystem = Ecosystem(without, world.TERRITORY)
    assert values(ecosystem, "stakeholders", {}) == [3, 3, 4, 4]
    assert values(ecosystem, "funds_raised", {}) == [0, 0, 0, 0]
    # k1 keeps its loan need met through t2 (KNOWS the bank since 2025-12-20).
    assert values(ecosystem, "needs_met", {}) == pytest.approx([0.5, 1.0, 2 / 3, 1.0])


def test_the_whole_ecosystem_counts_everyone_when_no_territory_is_named():
    everyone = Ecosystem(graph(), None)
    assert values(everyone, "stakeholders", {}) == [5, 6, 7, 7]  # a1 joins on 2026-01-20
    assert values(everyone, "funds_raised", {}) == [10_000, 17_000, 22_000, 25_000]


def test_completed_introductions_count_from_the_period_start_and_by_pillar():
    activity = Activity(introductions=(
        CompletedIntroduction(date(2025, 12, 30), "financing"),
        CompletedIntroduction(date(2026, 1, 15), "financing"),
        CompletedIntroduction(date(2026, 3, 2), "networking")))
    ecosystem = Ecosystem(graph(), world.TERRITORY, activity)
    assert values(ecosystem, "introductions_completed", {}) == [1, 1, 2, 2]
    assert values(ecosystem, "introductions_completed", {"pillar": "financing"}) == [1, 1, 1, 1]


def test_completed_mentorships_and_their_mean_rating_as_of_each_day():
    activity = Activity(mentorships=(
        CompletedMentorship(date(2026, 2, 10), ((date(2026, 2, 10), 4), (date(2026, 3, 1), 5))),
        CompletedMentorship(date(2025, 11, 1), ((date(2025, 11, 1), 2),)),  # before the period
        CompletedMentorship(date(2026, 4, 20))))
    ecosystem = Ecosystem(graph(), world.TERRITORY, activity)
    assert values(ecosystem, "mentorships_completed", {}) == [0, 1, 1, 2]
    assert values(ecosystem, "mentorship_rating", {}) == [None, 4.0, 4.5, 4.5]


def test_a_day_s_frame_is_the_one_the_reports_build_for_that_day():
    G = graph()
    ecosystem = Ecosystem(G, None)
    for day in (date(2025, 12, 31), *world.DAYS):
        ours, theirs = ecosystem.frame_at(day), frame_of(nx.MultiGraph(G), day)
        for field in ("ids", "names", "region", "legal_form", "needs", "offers", "tie_ids"):
            assert getattr(ours, field) == getattr(theirs, field)
        for field in ("kind", "created", "tie_u", "tie_v", "tie_type", "tie_since"):
            assert getattr(ours, field).tolist() == getattr(theirs, field).tolist()


def test_the_sentence_says_what_was_counted():
    found = measure(Ecosystem(graph(), world.TERRITORY), "funds_raised", {}, world.START,
                    date(2026, 3, 31))
    assert str(found.explanation) == ("€15,000 raised by entrepreneurs of EL52 in 2 fundings "
                                      "(all) from 2026-01-01 to 2026-03-31")


def test_a_series_is_assessed_against_a_straight_path_from_baseline_to_target():
    found = series(Ecosystem(graph(), world.TERRITORY), "stakeholders", {}, world.START,
                   world.END, today=date(2026, 3, 15), target=9,
                   deadline=date(2026, 12, 31))
    # Baseline on 2025-12-31: k1, i1 and s1. The path is at 3 + 6·30/364 ≈ 3.5 on Jan 31
    # (3 is short of it) and 3 + 6·58/364 ≈ 3.96 on Feb 28 (4 is past it).
    assert found.baseline == 3
    assert [p.value for p in found.points] == [3, 4, None, None]
    assert [p.assessment and p.assessment.status for p in found.points] == [
        Status.OFF_TRACK, Status.ON_TRACK, None, None]
    assert str(found.points[2].explanation) == "2026-03-31 has not come yet"


def test_a_met_target_and_a_missed_deadline():
    found = series(Ecosystem(graph(), world.TERRITORY), "new_entities", {}, world.START,
                   world.END, today=world.END, target=2, deadline=date(2026, 2, 28))
    assert [p.assessment.status for p in found.points] == [
        Status.OFF_TRACK, Status.OFF_TRACK, Status.MET, Status.MET]
    assert str(found.points[1].assessment.explanation) == (
        "off track: 1 on the deadline 2026-02-28 or after, short of the target 2")


def test_a_falling_target_is_on_track_at_or_below_its_path():
    found = series(Ecosystem(graph(), world.TERRITORY), "pair_density",
                   {"group_a": "investor", "group_b": "entrepreneur:koinsep"}, world.START,
                   world.END, today=world.END, baseline=1.0, target=0.4)
    assert [p.assessment.status for p in found.points] == [
        Status.OFF_TRACK, Status.ON_TRACK, Status.OFF_TRACK, Status.OFF_TRACK]


def test_no_data_without_ratings_and_no_assessment_without_a_target():
    found = series(Ecosystem(graph(), world.TERRITORY), "mentorship_rating", {}, world.START,
                   world.END, today=world.END, target=4)
    assert {p.assessment.status for p in found.points} == {Status.NO_DATA}
    untargeted = series(Ecosystem(graph(), world.TERRITORY), "stakeholders", {}, world.START,
                        world.END, today=world.END)
    assert {p.assessment for p in untargeted.points} == {None}


def test_every_indicator_of_the_catalogue_is_computed():
    assert set(CATALOGUE) == set(_MEASURES)


@pytest.mark.parametrize(("code", "parameters", "wrong"), [
    ("new_entities", {"legal_form": "bank"}, "legal_form: not one of its values"),
    ("new_entities", {"colour": "red"}, "colour: not a parameter of this indicator"),
    ("connected_pairs", {"group_a": "investor"}, "group_b: required"),
    ("connected_pairs", {"group_a": "entrepreneur", "group_b": "entrepreneur:koinsep"},
     "group_b: overlaps group_a"),
])
def test_wrong_parameters_are_refused_naming_each(code, parameters, wrong):
    with pytest.raises(InvalidInput) as refused:
        checked_parameters(code, parameters)
    assert wrong in refused.value.errors["param"]


def test_an_unknown_indicator_is_not_found():
    with pytest.raises(NotFound):
        checked_parameters("happiness", {})


@pytest.mark.parametrize(("start", "end", "deadline", "field"), [
    (date(2026, 5, 1), date(2026, 4, 30), None, "to"),
    (date(2016, 4, 1), date(2026, 4, 30), None, "to"),
    (date(2026, 1, 1), date(2026, 4, 30), date(2025, 1, 1), "deadline"),
    (date(1, 1, 1), date(1, 2, 28), None, "from"),
])
def test_a_period_that_cannot_be_is_refused_naming_the_field(start, end, deadline, field):
    with pytest.raises(InvalidInput) as refused:
        series(Ecosystem(graph(), None), "stakeholders", {}, start, end, today=end,
               deadline=deadline)
    assert field in refused.value.errors
