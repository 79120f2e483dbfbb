"""The indicators counted from activities, on both stores: attendance and the ties formed
through a territory's activities, as of each month's end, counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.stakeholders import Kind
from graph_models.use_cases.activities import Activities
from graph_models.use_cases.indicators import Indicators
from graph_models.use_cases.snapshots import SnapshotCache
from tests.builders import stakeholder

ATTICA = User(id="c1", username="attica", role=Role.COORDINATOR, regions=("EL30",))


def member(person) -> User:
    return User(id="m-" + person.id, username="m" + person.id, role=Role.MEMBER,
                memberships=(person.id,))


@pytest.fixture
def held(store):
    """A networking event on 2 April 2027 (a, b, c register, a and c consenting to ties; a and
    b come: 2 attendances, 1 tie a–organiser) and a training workshop on 15 June 2027 (c comes:
    1 attendance, 1 tie c–organiser) in Athens; a workshop in Thessaloniki (1 attendance)."""
    activities = Activities(store)
    org = store.create_stakeholder(stakeholder(Kind.SUPPORT_ORGANISATION, region="EL303"))
    a, b, c = (store.create_stakeholder(stakeholder(region="EL303")) for _ in range(3))
    far = store.create_stakeholder(stakeholder(region="EL522"))
    common = dict(region="EL303", capacity=10, organiser_id=org.id, actor=ATTICA)
    fair = activities.create(title="Γνωριμίες", kind="networking", starts_on=date(2027, 4, 2),
                             pillar="networking", slots=["10:00"], tables=2, **common)
    school = activities.create(title="Σχολή", kind="workshop", starts_on=date(2027, 6, 15),
                               pillar="training", **common)
    away = activities.create(title="Αλλού", kind="workshop", starts_on=date(2027, 5, 5),
                             pillar="training", **{**common, "region": "EL522",
                                                   "actor": User(id="admin", username="admin",
                                                                 role=Role.ADMIN)})
    for person, consent in ((a, True), (b, False), (c, True)):
        activities.register(fair.id, person.id, ties_consent=consent, actor=member(person))
    activities.register(school.id, c.id, ties_consent=True, actor=member(c))
    activities.register(away.id, far.id, actor=member(far))
    activities.record_attendance(fair.id, [a.id, b.id], actor=ATTICA)
    activities.record_attendance(school.id, [c.id], actor=ATTICA)
    activities.record_attendance(away.id, [far.id], actor=User(id="admin", username="admin",
                                                                role=Role.ADMIN))
    return Indicators(store, SnapshotCache(store), today=lambda: date(2027, 9, 15))


def values(indicators, code, **parameters):
    found = indicators.series(code, region="EL30", start=date(2027, 1, 1),
                              end=date(2027, 12, 31), parameters=parameters)
    return [p.value for p in found.points]


# Month ends January to December 2027; from September the days have not come (today 15 Sept).
LATER = [None] * 4


def test_attendance_at_the_territorys_activities_is_counted_as_of_each_month(held):
    assert values(held, "activity_attendance") == [0, 0, 0, 2, 2, 3, 3, 3, *LATER]
    assert values(held, "activity_attendance", pillar="training") == [0] * 5 + [1] * 3 + LATER


def test_ties_formed_through_activities_are_counted_as_of_each_month(held):
    assert values(held, "activity_ties") == [0, 0, 0, 1, 1, 2, 2, 2, *LATER]
    assert values(held, "activity_ties", pillar="networking") == [0, 0, 0] + [1] * 5 + LATER
    found = held.series("activity_ties", region="EL30", start=date(2027, 1, 1),
                        end=date(2027, 6, 30), target=4, deadline=date(2027, 12, 31))
    assert str(found.points[-1].explanation) == (
        "2 ties formed through activities (all) held in EL30 from 2027-01-01 to 2027-06-30")
    assert found.points[-1].assessment.status.value == "on_track"  # 2 ≥ 4 × 180/364 ≈ 1.98
