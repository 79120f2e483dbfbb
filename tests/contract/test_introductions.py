"""The store contract for introductions, blocks and the notification outbox (idempotency keys
are in test_idempotency.py): the same tests on SQLite and on a real Neo4j."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from graph_models.domain.accounts import Role, User, audit_entry
from graph_models.domain.errors import Conflict, NotFound
from graph_models.domain.introductions import (
    Block,
    DeclineReason,
    Introduction,
    IntroductionEvent,
    Purpose,
    State,
)
from graph_models.domain.notifications import Notification, NotificationState
from graph_models.domain.queries import AuditQuery, IntroductionQuery
from graph_models.domain.stakeholders import Kind, TieType, new_id
from tests.builders import FIXED_TIME, stakeholder, tie


@pytest.fixture
def people(store):
    """A requester (entrepreneur), a broker (support organisation), a target (investor) and
    a bystander."""
    found = dict(requester=stakeholder(Kind.ENTREPRENEUR),
                 broker=stakeholder(Kind.SUPPORT_ORGANISATION),
                 target=stakeholder(Kind.INVESTOR, region="EL522"),
                 other=stakeholder(Kind.ENTREPRENEUR))
    for person in found.values():
        store.create_stakeholder(person)
    return found


@pytest.fixture
def user(store, people):
    member = User(id=new_id(), username=f"member-{new_id()[:6]}", role=Role.MEMBER,
                  memberships=(people["requester"].id,), created_at=FIXED_TIME,
                  updated_at=FIXED_TIME)
    store.create_user(member)
    return member


def request(people, *, requester="requester", target="target", broker="broker", **changes):
    fields = dict(id=new_id(), requester_id=people[requester].id, target_id=people[target].id,
                  broker_id=broker and people[broker].id, purpose=Purpose.FINANCING,
                  message="Ζητάμε δάνειο για το εργαστήριο", region=people[target].region,
                  requested_by="u1", created_at=FIXED_TIME, state_changed_at=FIXED_TIME)
    return Introduction(**{**fields, **changes})


def moved(introduction: Introduction, state: State, *, minutes: int = 1) -> Introduction:
    return dataclasses.replace(
        introduction, state=state, revision=introduction.revision + 1,
        state_changed_at=introduction.state_changed_at + timedelta(minutes=minutes))


def event(introduction: Introduction, step: str, **changes) -> IntroductionEvent:
    fields = dict(id=new_id(), introduction_id=introduction.id,
                  revision=introduction.revision, at=introduction.state_changed_at,
                  actor_id="u1", step=step, to_state=introduction.state)
    return IntroductionEvent(**{**fields, **changes})


def note(user_id: str, introduction: Introduction) -> Notification:
    return Notification(id=new_id(), recipient_id=user_id, subject="Νέο αίτημα",
                        body="Κάποιος ζητά σύσταση", created_at=FIXED_TIME,
                        introduction_id=introduction.id)


def test_a_request_reads_back_exactly_as_written_without_moving_the_graph_version(store, people):
    version = store.version()
    written = request(people, decline_reason=None)
    store.create_introduction(written, max_open=5)
    assert store.get_introduction(written.id) == written
    assert store.version() == version


def test_a_mediated_request_has_no_broker(store, people):
    written = request(people, broker=None)
    store.create_introduction(written, max_open=5)
    assert store.get_introduction(written.id).mediated


def test_a_missing_request_is_not_found(store):
    with pytest.raises(NotFound):
        store.get_introduction("missing")


@pytest.mark.parametrize("field", ["requester_id", "target_id", "broker_id"])
def test_a_request_naming_a_missing_stakeholder_is_a_conflict_naming_the_field(store, people,
                                                                              field):
    with pytest.raises(Conflict) as raised:
        store.create_introduction(request(people, **{field: "missing"}), max_open=5)
    assert field in raised.value.errors
    assert store.find_introductions(IntroductionQuery()).total == 0


def test_a_second_open_request_for_the_same_pair_is_refused_but_a_closed_one_does_not_count(
        store, people):
    first = store.create_introduction(request(people), max_open=5)
    with pytest.raises(Conflict) as raised:
        store.create_introduction(request(people), max_open=5)
    assert "target_id" in raised.value.errors
    store.transition_introduction(moved(first, State.WITHDRAWN))
    store.create_introduction(request(people), max_open=5)
    assert store.find_introductions(IntroductionQuery()).total == 2


def test_the_requester_may_hold_at_most_max_open_requests(store, people):
    store.create_introduction(request(people), max_open=2)
    store.create_introduction(request(people, target="other"), max_open=2)
    with pytest.raises(Conflict) as raised:
        store.create_introduction(request(people, target="broker", broker=None), max_open=2)
    assert "requester_id" in raised.value.errors


def test_a_blocked_requester_cannot_ask_the_target_who_blocked_it(store, people):
    store.create_block(Block(target_id=people["target"].id,
                             requester_id=people["requester"].id, created_at=FIXED_TIME))
    with pytest.raises(Conflict) as raised:
        store.create_introduction(request(people), max_open=5)
    assert "target_id" in raised.value.errors
    store.create_introduction(request(people, target="other"), max_open=5)  # others still can


def test_a_block_is_idempotent_listed_from_either_end_and_can_be_lifted(store, people):
    target, requester = people["target"].id, people["requester"].id
    first = store.create_block(Block(target, requester, FIXED_TIME, created_by="u1"))
    again = store.create_block(Block(target, requester, FIXED_TIME + timedelta(days=1)))
    assert again == first
    assert store.find_blocks(target) == [first] == store.find_blocks(requester)
    assert store.find_blocks(people["other"].id) == []
    other = store.create_block(Block(people["other"].id, target, FIXED_TIME + timedelta(hours=1)))
    assert store.find_blocks(None) == [first, other]
    store.delete_block(people["other"].id, target)
    store.delete_block(target, requester)
    assert store.find_blocks(target) == []
    with pytest.raises(NotFound):
        store.delete_block(target, requester)


def test_a_block_naming_a_missing_stakeholder_is_a_conflict(store, people):
    with pytest.raises(Conflict) as raised:
        store.create_block(Block(people["target"].id, "missing", FIXED_TIME))
    assert "requester_id" in raised.value.errors


def test_a_transition_is_written_with_its_audit_entry_and_notifications(store, people, user):
    created = store.create_introduction(request(people), max_open=5)
    forwarded = moved(created, State.FORWARDED)
    entry = audit_entry(user.id, "introduction.forward", "introduction", created.id,
                        region="EL522", from_state="requested", to_state="forwarded")
    stored = store.transition_introduction(forwarded, audit=entry,
                                           notifications=[note(user.id, created)])
    assert stored == forwarded == store.get_introduction(created.id)
    assert store.find_audit(AuditQuery(object_ids=(created.id,))).items == [entry]
    assert [n.introduction_id for n in store.find_notifications(user.id)] == [created.id]


def test_the_history_holds_each_step_with_its_note_in_order(store, people):
    created = request(people)
    first = event(created, "request", note="Ζητάμε δάνειο")
    store.create_introduction(created, max_open=5, event=first)
    forwarded = moved(created, State.FORWARDED, minutes=5)
    second = event(forwarded, "forward", from_state=State.REQUESTED, note="Τους ξέρω καλά")
    store.transition_introduction(forwarded, event=second)
    declined = dataclasses.replace(moved(forwarded, State.DECLINED),
                                   decline_reason=DeclineReason.NOT_NOW)
    third = event(declined, "decline", from_state=State.FORWARDED,
                  reason=DeclineReason.NOT_NOW, note=None)
    store.transition_introduction(declined, event=third)
    assert store.introduction_events(created.id) == [first, second, third]
    assert store.introduction_events("missing") == []


def test_a_transition_from_a_stale_revision_is_a_conflict_naming_the_stored_state(store, people):
    created = store.create_introduction(request(people), max_open=5)
    store.transition_introduction(moved(created, State.FORWARDED))
    stale = moved(created, State.WITHDRAWN)
    with pytest.raises(Conflict) as raised:
        store.transition_introduction(stale, event=event(stale, "withdraw"),
                                      audit=audit_entry(None, "x", "introduction", created.id))
    assert raised.value.errors["state"] == ["forwarded"]
    assert store.get_introduction(created.id).state == State.FORWARDED
    assert store.find_audit(AuditQuery(object_ids=(created.id,))).total == 0
    assert store.introduction_events(created.id) == []


def test_completing_creates_the_introduced_tie_once_and_moves_the_graph_version(store, people):
    created = store.create_introduction(request(people), max_open=5)
    introduced = tie(TieType.INTRODUCED, people["requester"], people["target"],
                     via=people["broker"].id)
    version = store.version()
    done = store.transition_introduction(moved(created, State.COMPLETED), tie=introduced)
    assert done.tie_id == introduced.id == store.get_introduction(created.id).tie_id
    assert store.get_tie(introduced.id) == introduced
    assert store.version() > version
    # A second introduction of the same pair (the other way round) keeps the pair's one tie.
    second = store.create_introduction(request(people, requester="target", target="requester"),
                                       max_open=5)
    again = tie(TieType.INTRODUCED, people["target"], people["requester"],
                via=people["broker"].id)
    assert store.transition_introduction(moved(second, State.COMPLETED),
                                         tie=again).tie_id == introduced.id
    assert [t.id for t in store.ties_of(people["requester"].id)] == [introduced.id]


def test_a_decline_with_a_block_writes_both_or_neither(store, people):
    created = store.create_introduction(request(people), max_open=5)
    store.transition_introduction(moved(created, State.FORWARDED))
    block = Block(people["target"].id, people["requester"].id, FIXED_TIME)
    with pytest.raises(Conflict):  # from a stale revision: nothing is written
        store.transition_introduction(moved(created, State.DECLINED), block=block)
    assert store.find_blocks(people["target"].id) == []
    declined = moved(moved(created, State.FORWARDED), State.DECLINED)
    store.transition_introduction(declined, block=block)
    assert store.get_introduction(created.id).state == State.DECLINED
    assert store.find_blocks(people["target"].id) == [block]


def test_find_filters_by_party_region_state_and_age(store, people):
    old = store.create_introduction(request(people), max_open=9)
    newer = store.create_introduction(request(people, target="other", broker=None,
                                              region="EL303",
                                              state_changed_at=FIXED_TIME + timedelta(days=3)),
                                      max_open=9)

    def ids(**filters):
        return [i.id for i in store.find_introductions(IntroductionQuery(**filters)).items]

    assert ids() == [newer.id, old.id]  # the newest change first
    assert ids(requester_ids=(people["requester"].id,)) == [newer.id, old.id]
    assert ids(broker_ids=(people["broker"].id,)) == [old.id]
    assert ids(target_ids=(people["other"].id, "nobody")) == [newer.id]
    assert ids(regions=("EL5",)) == [old.id]
    assert ids(regions=()) == []
    assert ids(states=(State.FORWARDED,)) == []
    assert ids(changed_before=FIXED_TIME + timedelta(days=1)) == [old.id]
    assert ids(forwarded_only=True) == []
    store.transition_introduction(dataclasses.replace(moved(old, State.FORWARDED),
                                                      forwarded_at=FIXED_TIME))
    assert ids(forwarded_only=True) == [old.id]
    page = store.find_introductions(IntroductionQuery(page=2, page_size=1))
    assert (page.total, [i.id for i in page.items]) == (2, [old.id])


def test_erasing_a_stakeholder_erases_the_requests_and_blocks_it_is_part_of(store, people):
    brokered = store.create_introduction(request(people), max_open=5)
    untouched = store.create_introduction(request(people, target="other", broker=None),
                                          max_open=5)
    store.create_block(Block(people["target"].id, people["other"].id, FIXED_TIME))
    store.delete_stakeholder(people["broker"].id)
    with pytest.raises(NotFound):
        store.get_introduction(brokered.id)
    assert store.get_introduction(untouched.id) == untouched
    store.delete_stakeholder(people["target"].id)
    assert store.find_blocks(people["other"].id) == []


def test_the_outbox_hands_out_the_oldest_pending_notifications_and_records_delivery(
        store, people, user):
    created = request(people)
    first = note(user.id, created)
    second = dataclasses.replace(note(user.id, created), created_at=FIXED_TIME
                                 + timedelta(minutes=5))
    store.create_introduction(created, max_open=5, notifications=[second, first])
    assert [n.id for n in store.find_notifications(None)] == [first.id, second.id]
    assert [n.id for n in store.find_notifications(user.id)] == [second.id, first.id]
    sent = dataclasses.replace(first, state=NotificationState.SENT, attempts=1,
                               sent_at=FIXED_TIME + timedelta(hours=1))
    store.record_delivery(sent)
    assert store.find_notifications(None) == [second]
    assert store.find_notifications(user.id, pending_only=True) == [second]
    assert store.find_notifications(user.id)[1] == sent


def test_erasing_a_user_erases_its_notifications(store, people, user):
    created = request(people)
    store.create_introduction(created, max_open=5, notifications=[note(user.id, created)])
    store.delete_user(user.id)
    assert store.find_notifications(None) == []



def test_a_transition_retires_the_requests_pending_notifications_in_its_own_transaction(
        store, people, user):
    created = request(people)
    asked = note(user.id, created)
    store.create_introduction(created, max_open=5, notifications=[asked])
    elsewhere = request(people, target="other")
    unrelated = note(user.id, elsewhere)
    store.create_introduction(elsewhere, max_open=5, notifications=[unrelated])
    with pytest.raises(Conflict):  # a stale step retires nothing
        store.transition_introduction(moved(moved(created, State.FORWARDED), State.ACCEPTED),
                                      notifications=[note(user.id, created)])
    assert {n.id for n in store.find_notifications(None)} == {asked.id, unrelated.id}

    forwarded = dataclasses.replace(moved(created, State.FORWARDED),
                                    contacts_shared_by=(people["target"].id,))
    news = note(user.id, created)
    store.transition_introduction(forwarded, notifications=[news])

    assert {n.id for n in store.find_notifications(None)} == {news.id, unrelated.id}
    states = {n.id: n.state for n in store.find_notifications(user.id)}
    assert states == {asked.id: NotificationState.OBSOLETE, news.id: NotificationState.PENDING,
                      unrelated.id: NotificationState.PENDING}
    assert store.get_introduction(created.id) == forwarded


def test_a_delivery_report_brings_back_no_obsolete_notification_but_records_a_sent_one(
        store, people, user):
    created = request(people)
    first, second = note(user.id, created), note(user.id, created)
    store.create_introduction(created, max_open=5, notifications=[first, second])
    store.transition_introduction(moved(created, State.WITHDRAWN))
    # The mail sender read both while they were pending: one failed for now, one went out.
    store.record_delivery(dataclasses.replace(first, attempts=1))
    sent = dataclasses.replace(second, state=NotificationState.SENT, attempts=1,
                               sent_at=FIXED_TIME)
    store.record_delivery(sent)
    states = {n.id: n.state for n in store.find_notifications(user.id)}
    assert states == {first.id: NotificationState.OBSOLETE, second.id: NotificationState.SENT}
    assert store.find_notifications(None) == []
