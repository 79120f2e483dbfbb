"""The store contract for the match history: one read returns exactly what the four finders
return (the declined requests a stakeholder made and received, its mentorships, its blocks),
in their orders and cut at the limit, and its answered event meetings, latest first, on SQLite
and on a real Neo4j; and a stakeholder's history is found through indexes, never by scanning a
label or a table."""

from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import closing
from datetime import date, timedelta

import neo4j
import pytest

from graph_models.domain.activities import Activity, ActivityKind, Meeting
from graph_models.domain.history import MatchHistory
from graph_models.domain.introductions import Block, Introduction, Purpose, State
from graph_models.domain.mentorships import Mentorship, MentorshipState, Rating, RatingMoment
from graph_models.domain.programmes import Programme, ProgrammeState
from graph_models.domain.queries import IntroductionQuery, MentorshipQuery
from graph_models.domain.stakeholders import Kind, Pillar, new_id
from graph_models.introductions.feedback import blocked_pairs, decline_penalties
from graph_models.mentorship.outcomes import rating_feedback
from graph_models.stores.neo4j.history import match_history_statement
from graph_models.stores.sqlite import SqliteStore
from graph_models.stores.sqlite.history import MEETINGS, MEETINGS_OF
from graph_models.stores.sqlite.introductions import BLOCKS, BLOCKS_OF
from graph_models.use_cases.feedback import match_feedback
from tests.builders import FIXED_TIME, stakeholder
from tests.conftest import NEO4J_URL

# Enough to see every item the fixture writes: the finders' pages go up to 100.
ALL = 100


@pytest.fixture
def people(store):
    """``me`` and four others, all in the store."""
    found = {name: stakeholder(Kind.ENTREPRENEUR) for name in ("me", "b", "c", "d", "e")}
    for person in found.values():
        store.create_stakeholder(person)
    return {name: person.id for name, person in found.items()}


def request(requester: str, target: str, state: State, minutes: int) -> Introduction:
    at = FIXED_TIME + timedelta(minutes=minutes)
    return Introduction(id=new_id(), requester_id=requester, target_id=target, broker_id=None,
                        purpose=Purpose.FINANCING, message="", region="EL303",
                        requested_by="u1", created_at=FIXED_TIME, state_changed_at=at,
                        state=state, forwarded_at=at if minutes % 2 else None)


@pytest.fixture
def history(store, people):
    """Introductions in several states both ways (some changed at the same moment, so that
    ids break the tie), mentorships in three programmes with ``me`` on either side (some rated
    badly), and blocks from either end; the same among the others."""
    me, b, c, d, e = (people[name] for name in ("me", "b", "c", "d", "e"))
    introductions = [
        request(me, b, State.DECLINED, 5), request(me, c, State.DECLINED, 9),
        request(me, d, State.DECLINED, 9), request(me, e, State.DECLINED, 1),
        request(me, b, State.COMPLETED, 20), request(me, c, State.WITHDRAWN, 30),
        request(me, d, State.REQUESTED, 2),
        request(b, me, State.DECLINED, 7), request(c, me, State.DECLINED, 3),
        request(d, me, State.DECLINED, 7), request(e, me, State.EXPIRED, 40),
        request(b, me, State.FORWARDED, 4),
        request(b, c, State.DECLINED, 11), request(d, e, State.DECLINED, 6),
        request(c, d, State.ACCEPTED, 8)]
    for introduction in introductions:
        store.create_introduction(introduction, max_open=10)
    pairs = {"p1": [(me, b), (c, me), (d, e)], "p2": [(me, c), (e, me)],
             "p3": [(me, d), (b, c)]}
    for programme_id, placed in pairs.items():
        programme = Programme(programme_id, "Άνοιξη", "EL30", date(2026, 3, 1), FIXED_TIME,
                              FIXED_TIME)
        store.create_programme(programme)
        store.publish_programme(
            programme.changed(FIXED_TIME, state=ProgrammeState.PUBLISHED,
                              published_at=FIXED_TIME),
            [Mentorship(new_id(), programme_id, mentee, mentor, "EL30", FIXED_TIME, FIXED_TIME)
             for mentee, mentor in placed])
    for mentorship in store.find_mentorships(MentorshipQuery(stakeholder_ids=(me,))).items:
        store.transition_mentorship(dataclasses.replace(
            mentorship, state=MentorshipState.CANCELLED, revision=1,
            ratings=(Rating(mentorship.mentee_id, 1, RatingMoment.CHECK_IN, date(2026, 2, 1)),)))
    for target, requester, hours in ((me, b, 3), (c, me, 1), (d, me, 2), (b, c, 0), (e, d, 4)):
        store.create_block(Block(target, requester, FIXED_TIME + timedelta(hours=hours)))
    return people


def finders(store, stakeholder_id: str | None, limit: int) -> MatchHistory:
    """The history as the four finders read it, each in its own transaction."""
    declined = (State.DECLINED,)
    if stakeholder_id is None:
        queries = [IntroductionQuery(states=declined, page_size=limit)]
    else:
        queries = [IntroductionQuery(requester_ids=(stakeholder_id,), states=declined,
                                     page_size=limit),
                   IntroductionQuery(target_ids=(stakeholder_id,), states=declined,
                                     page_size=limit)]
    ids = None if stakeholder_id is None else (stakeholder_id,)
    return MatchHistory(
        tuple(i for query in queries for i in store.find_introductions(query).items),
        tuple(store.find_mentorships(MentorshipQuery(stakeholder_ids=ids,
                                                     page_size=limit)).items),
        tuple(store.find_blocks(stakeholder_id)))


def test_a_stakeholders_history_is_what_the_finders_return(store, history):
    me = history["me"]

    found = store.match_history(me, limit=ALL)

    assert found == finders(store, me, ALL)
    # Its four declined requests made, newest change first (a tie at 9 minutes broken by
    # id), then its three received; none in another state, none between others.
    minutes = [int((i.state_changed_at - FIXED_TIME) / timedelta(minutes=1))
               for i in found.declined]
    assert minutes == [9, 9, 5, 1, 7, 7, 3]
    assert [i.requester_id for i in found.declined[:4]] == [me] * 4
    assert [i.target_id for i in found.declined[4:]] == [me] * 3
    assert found.declined[0].id < found.declined[1].id
    assert {i.state for i in found.declined} == {State.DECLINED}
    assert [m.programme_id for m in found.mentorships] == ["p1", "p1", "p2", "p2", "p3"]
    assert all(me in (m.mentee_id, m.mentor_id) for m in found.mentorships)
    assert [(b.target_id, b.requester_id) for b in found.blocks] == [
        (history["c"], me), (history["d"], me), (me, history["b"])]


def test_the_limit_cuts_each_side_and_the_mentorships_but_not_the_blocks(store, history):
    me = history["me"]

    found = store.match_history(me, limit=2)

    assert found == finders(store, me, 2)
    assert [i.requester_id == me for i in found.declined] == [True, True, False, False]
    everything = store.match_history(me, limit=ALL).declined
    assert found.declined == everything[:2] + everything[4:6]
    assert len(found.mentorships) == 2
    assert len(found.blocks) == 3


def test_everyones_history_is_every_declined_request_mentorship_and_block(store, history):
    found = store.match_history(None, limit=ALL)

    assert found == finders(store, None, ALL)
    assert (len(found.declined), len(found.mentorships), len(found.blocks)) == (9, 7, 5)
    cut = store.match_history(None, limit=3)
    assert cut == finders(store, None, 3)
    assert (cut.declined, cut.mentorships, cut.blocks) == (
        found.declined[:3], found.mentorships[:3], found.blocks)


def test_an_unknown_stakeholder_has_an_empty_history(store, history):
    assert store.match_history("nobody", limit=ALL) == MatchHistory()


def test_an_empty_store_has_an_empty_history(store):
    assert store.match_history(None, limit=ALL) == MatchHistory()


@pytest.mark.parametrize("who", ["me", "b", None])
def test_match_feedback_is_what_the_four_finders_gave(store, history, who):
    stakeholder_id = None if who is None else history[who]
    old = finders(store, stakeholder_id, ALL)
    penalties = decline_penalties(old.declined)
    for pair, penalty in rating_feedback(m.record() for m in old.mentorships).items():
        penalties[pair] = max(penalties.get(pair, 0.0), penalty)

    feedback = match_feedback(store, stakeholder_id)

    assert feedback.penalties == penalties
    assert feedback.blocked == blocked_pairs(old.blocks)
    assert feedback.penalties and feedback.blocked


def test_the_answered_meetings_of_either_side_come_latest_activity_first(store, people):
    me, b, c, d = (people[name] for name in ("me", "b", "c", "d"))
    answered = {}
    for day, pairs in ((3, ((me, b), (c, d))), (9, ((b, me), (me, c), (d, b))),
                       (5, ((me, d), (c, b)))):
        event = store.create_activity(Activity(
            id=new_id(), title="Γρήγορες γνωριμίες", kind=ActivityKind.NETWORKING,
            starts_on=date(2027, 3, day), region="EL303", pillar=Pillar.NETWORKING,
            capacity=10, organiser_id=me, created_at=FIXED_TIME, updated_at=FIXED_TIME,
            slots=("10:00",), tables=3))
        meetings = store.save_schedule(event, [
            Meeting(new_id(), event.id, 0, table, *sorted(pair), 50.0)
            for table, pair in enumerate(pairs)])
        for m in meetings:
            if (m.a, m.b) != tuple(sorted((me, d))):  # left unanswered
                answered[m.id] = store.update_meeting(
                    dataclasses.replace(m, useful_a=day > 4, useful_b=False), tie=None)
    ordered = sorted(answered.values(),
                     key=lambda m: (-store.get_activity(m.activity_id).starts_on.toordinal(),
                                    m.id))

    mine = store.match_history(me, limit=ALL).meetings
    everyones = store.match_history(None, limit=ALL).meetings

    assert mine == tuple(m for m in ordered if me in (m.a, m.b))
    assert len(mine) == 3 and len(everyones) == 6
    assert everyones == tuple(ordered)
    assert store.match_history(me, limit=2).meetings == mine[:2]
    assert store.match_history(None, limit=4).meetings == everyones[:4]


def test_a_stakeholders_meetings_and_blocks_are_read_through_indexes_on_sqlite(tmp_path):
    SqliteStore(tmp_path / "plans.db").ensure_schema()
    with closing(sqlite3.connect(tmp_path / "plans.db")) as db:
        for statement in (MEETINGS.format(MEETINGS_OF), BLOCKS.format(BLOCKS_OF)):
            plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + statement,
                                                  {"id": "a", "limit": 10})]
            assert not [step for step in plan if step.startswith("SCAN")], plan


def _operators(plan: dict) -> list[str]:
    return [plan["operatorType"].split("@")[0],
            *(op for child in plan.get("children", []) for op in _operators(child))]


@pytest.mark.neo4j
def test_a_stakeholders_history_seeks_indexes_on_neo4j(neo4j_store):
    neo4j_store.ensure_schema()
    statement, parameters = match_history_statement("a", 10)

    with (neo4j.GraphDatabase.driver(NEO4J_URL, auth=None) as driver,
          driver.session(database="neo4j") as session):
        operators = _operators(session.run("EXPLAIN " + statement, parameters).consume().plan)

    assert not {"NodeByLabelScan", "AllNodesScan"} & set(operators), operators
    # Requests made and received, mentorships as mentee and mentor, blocks and meetings from
    # either end.
    assert operators.count("NodeIndexSeek") == 8, operators
