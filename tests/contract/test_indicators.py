"""Indicators read from each store (SQLite and a real Neo4j) equal the values counted by hand
(tests/unit/indicator_world.py): the graph's as of each month end, the completed introductions
and mentorships read through the store's queries, and what a deletion takes from the past."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from graph_models.domain.introductions import Introduction, Purpose, State
from graph_models.domain.mentorships import Mentorship, MentorshipState, Rating, RatingMoment
from graph_models.domain.programmes import Programme, ProgrammeState
from graph_models.domain.stakeholders import new_id
from graph_models.use_cases.indicators import Indicators
from graph_models.use_cases.snapshots import SnapshotCache
from tests.builders import FIXED_TIME
from tests.unit import indicator_world as world


@pytest.fixture
def indicators(store) -> Indicators:
    for stakeholder in world.stakeholders():
        store.create_stakeholder(stakeholder)
    for tie in world.ties():
        store.create_tie(tie)
    return Indicators(store, SnapshotCache(store), today=lambda: date(2026, 12, 1))


def values(indicators: Indicators, code: str, parameters: dict | None = None) -> list:
    found = indicators.series(code, region=world.TERRITORY, start=world.START, end=world.END,
                              parameters=parameters)
    return [point.value for point in found.points]


@pytest.mark.parametrize(("code", "parameters", "expected"), world.EXPECTED,
                         ids=[f"{c}-{'-'.join(p.values()) or 'all'}"
                              for c, p, _ in world.EXPECTED])
def test_each_graph_indicator_read_from_the_store_matches_the_hand_count(
        indicators, code, parameters, expected):
    assert values(indicators, code, parameters) == pytest.approx(expected)


def test_a_deleted_tie_and_an_erased_stakeholder_leave_the_past_too(store, indicators):
    assert values(indicators, "funds_raised") == [10_000, 10_000, 15_000, 18_000]
    store.delete_tie("t1")
    store.delete_stakeholder("k2")  # and its ties t4, t6 and t8
    assert values(indicators, "stakeholders") == [3, 3, 4, 4]
    assert values(indicators, "funds_raised") == [0, 0, 0, 0]
    assert values(indicators, "new_ties") == [0, 1, 1, 2]  # t3, then t7


def _completed_introduction(store, requester: str, target: str, region: str,
                            purpose: Purpose, on: date, state: State = State.COMPLETED):
    made = store.create_introduction(Introduction(
        id=new_id(), requester_id=requester, target_id=target, broker_id=None,
        purpose=purpose, message="Ζητάμε σύσταση", region=region, requested_by="u1",
        created_at=FIXED_TIME, state_changed_at=FIXED_TIME), max_open=10)
    at = datetime(on.year, on.month, on.day, 15, tzinfo=UTC)
    store.transition_introduction(dataclasses.replace(made, state=state, revision=1,
                                                      state_changed_at=at))


def test_completed_introductions_are_read_from_the_store_by_territory_and_day(store,
                                                                             indicators):
    financing, networking = Purpose.FINANCING, Purpose.NETWORKING
    _completed_introduction(store, "k1", "i1", "EL52", financing, date(2025, 12, 30))
    _completed_introduction(store, "k2", "i1", "EL52", financing, date(2026, 1, 15))
    _completed_introduction(store, "w1", "s1", "EL522", networking, date(2026, 3, 2))
    _completed_introduction(store, "k1", "i2", "EL303", financing, date(2026, 2, 1))  # outside
    _completed_introduction(store, "w1", "i1", "EL52", financing, date(2026, 2, 3),
                            State.DECLINED)
    assert values(indicators, "introductions_completed") == [1, 1, 2, 2]
    assert values(indicators, "introductions_completed", {"pillar": "financing"}) == [
        1, 1, 1, 1]


def _programme(store, programme_id: str, region: str, mentorships: list[Mentorship]):
    programme = Programme(programme_id, "Άνοιξη", region, date(2026, 1, 1), FIXED_TIME,
                          FIXED_TIME)
    store.create_programme(programme)
    store.publish_programme(programme.changed(FIXED_TIME, state=ProgrammeState.PUBLISHED,
                                              published_at=FIXED_TIME), mentorships)


def _mentorship(mentorship_id: str, programme_id: str, mentee: str, region: str) -> Mentorship:
    return Mentorship(mentorship_id, programme_id, mentee, "s1", region, FIXED_TIME, FIXED_TIME)


def _completed(store, made: Mentorship, on: date, *ratings: Rating) -> None:
    store.transition_mentorship(dataclasses.replace(
        made, state=MentorshipState.COMPLETED, revision=1, ended_on=on, ratings=ratings,
        state_changed_at=datetime(on.year, on.month, on.day, 12, tzinfo=UTC)))


def test_completed_mentorships_and_their_ratings_at_completion_are_read_from_the_store(
        store, indicators):
    at_completion, check_in = RatingMoment.COMPLETION, RatingMoment.CHECK_IN
    first, second, active = (_mentorship("m1", "p1", "k1", "EL52"),
                             _mentorship("m2", "p1", "w1", "EL52"),
                             _mentorship("m4", "p1", "k2", "EL52"))
    outside = _mentorship("m3", "p2", "a1", "EL30")
    _programme(store, "p1", "EL52", [first, second, active])
    _programme(store, "p2", "EL30", [outside])
    _completed(store, first, date(2026, 2, 10),
               Rating("k1", 1, check_in, date(2026, 1, 20)),  # not a rating at completion
               Rating("k1", 4, at_completion, date(2026, 2, 10)),
               Rating("s1", 5, at_completion, date(2026, 3, 1)))
    _completed(store, second, date(2026, 4, 20))
    _completed(store, outside, date(2026, 2, 1), Rating("a1", 1, at_completion,
                                                        date(2026, 2, 1)))
    assert values(indicators, "mentorships_completed") == [0, 1, 1, 2]
    assert values(indicators, "mentorship_rating") == [None, 4.0, 4.5, 4.5]
