"""What a store keeps of a programme, a mentorship and a session comes back exactly as written,
on each store; and on Neo4j, every query the use cases make finds its nodes through an index,
never by scanning a label."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import neo4j
import pytest

from graph_models.domain.mentorships import (
    CancelReason,
    Mentorship,
    MentorshipSession,
    MentorshipState,
    Party,
    Rating,
    RatingMoment,
)
from graph_models.domain.programmes import (
    Draft,
    DraftPair,
    MentorEnrolment,
    Programme,
    ProgrammeState,
    Unplaced,
    UnplacedReason,
)
from graph_models.domain.queries import MentorshipQuery
from graph_models.domain.stakeholders import Kind
from graph_models.stores.neo4j.mentorship import PROGRAMMES_IN, mentorships_match
from graph_models.use_cases.snapshots import SnapshotCache
from graph_models.use_cases.stakeholders import Stakeholders
from tests.builders import FIXED_TIME
from tests.conftest import NEO4J_URL

LATER = FIXED_TIME + timedelta(days=3, microseconds=7)


def _pair(store) -> tuple[str, str]:
    eco = Stakeholders(store, SnapshotCache(store), clock=lambda: FIXED_TIME)
    mentee = eco.create_stakeholder({"kind": Kind.ENTREPRENEUR, "name": "Κοιν.Σ.Επ. Άλφα",
                                     "region": "EL303"}).id
    mentor = eco.create_stakeholder({"kind": Kind.SUPPORT_ORGANISATION, "name": "Κέντρο",
                                     "region": "EL303"}).id
    return mentee, mentor


def test_a_programme_with_its_draft_comes_back_exactly_as_written(store):
    mentee, mentor = _pair(store)
    programme = Programme(
        "p1", "Άνοιξη «2026»", "EL30", date(2026, 3, 1), FIXED_TIME, FIXED_TIME,
        created_by="u1", topics=("training.mentoring",), ends_on=date(2026, 9, 30),
        shared_language=False, region_level=2, mentee_ids=(mentee, "gone"),
        mentors=(MentorEnrolment(mentor, 3, date(2026, 1, 1), None),),
        excluded=(("gone", mentor),),
        draft=Draft("stable", (DraftPair(mentee, mentor, 61.167, pinned=True),
                               DraftPair("gone", mentor, None)),
                    (Unplaced("x", UnplacedReason.NO_SHARED_LANGUAGE, "κανείς δεν μιλά en"),),
                    LATER, edits=4))
    store.create_programme(programme)
    assert store.get_programme("p1") == programme

    published = programme.changed(LATER, state=ProgrammeState.PUBLISHED, published_at=LATER)
    store.update_programme(published)

    assert store.get_programme("p1") == published


def test_a_mentorship_and_its_session_come_back_exactly_as_written(store):
    mentee, mentor = _pair(store)
    programme = Programme("p1", "Άνοιξη", "EL30", date(2026, 3, 1), FIXED_TIME, FIXED_TIME)
    store.create_programme(programme)
    made = Mentorship("m1", "p1", mentee, mentor, "EL30", FIXED_TIME, FIXED_TIME, score=72.5)
    store.publish_programme(programme.changed(FIXED_TIME, state=ProgrammeState.PUBLISHED,
                                              published_at=FIXED_TIME), [made])
    assert store.get_mentorship("m1") == made
    moved = dataclasses.replace(
        made, state=MentorshipState.CANCELLED, revision=1, state_changed_at=LATER,
        mentee_accepted_at=LATER, accepted_on=LATER.date(), ended_on=LATER.date(),
        cancel_reason=CancelReason.NO_TIME, cancelled_by=Party.MENTOR,
        ratings=(Rating(mentee, 2, RatingMoment.CHECK_IN, date(2026, 2, 1)),
                 Rating(mentor, 5, RatingMoment.COMPLETION, date(2026, 2, 2))))
    store.transition_mentorship(moved)
    session = MentorshipSession("s1", "m1", date(2026, 1, 10), "u1", LATER,
                                ("training.mentoring",), "σημειώσεις «ιδιωτικές»\nγραμμή 2")

    store.add_mentorship_session(session, state=MentorshipState.CANCELLED)

    assert store.get_mentorship("m1") == moved
    assert store.find_mentorships(MentorshipQuery(programme_id="p1")).items == [moved]
    assert store.mentorship_sessions("m1") == [session]


# The filters the use cases combine: a programme's mentorships; a coordinator's (its
# territories, maybe one programme or some states); a member's, and a mentor's open ones.
QUERIES = [MentorshipQuery(programme_id="p"), MentorshipQuery(regions=("EL3", "EL30")),
           MentorshipQuery(regions=("EL30",), programme_id="p"),
           MentorshipQuery(regions=("EL30",), states=(MentorshipState.ACTIVE,)),
           MentorshipQuery(stakeholder_ids=("a", "b")),
           MentorshipQuery(stakeholder_ids=("a",),
                           states=(MentorshipState.PROPOSED, MentorshipState.ACTIVE))]


def _operators(plan: dict) -> list[str]:
    return [plan["operatorType"].split("@")[0],
            *(op for child in plan.get("children", []) for op in _operators(child))]


@pytest.mark.neo4j
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: "+".join(
    k for k, v in vars(q).items() if v is not None and k not in ("page", "page_size")))
def test_every_mentorship_query_seeks_an_index_on_neo4j(neo4j_store, query):
    neo4j_store.ensure_schema()
    match, parameters = mentorships_match(query)

    with (neo4j.GraphDatabase.driver(NEO4J_URL, auth=None) as driver,
          driver.session(database="neo4j") as session):
        plan = session.run("EXPLAIN " + match + " RETURN m.record AS record",
                           parameters).consume().plan
        programmes = session.run("EXPLAIN " + PROGRAMMES_IN + "RETURN p.record AS record",
                                 regions=["EL30"]).consume().plan

    for operators in (_operators(plan), _operators(programmes)):
        assert not {"NodeByLabelScan", "AllNodesScan"} & set(operators), operators
        assert any(op.startswith("NodeIndexSeek") or op.startswith("NodeUniqueIndexSeek")
                   for op in operators), operators
