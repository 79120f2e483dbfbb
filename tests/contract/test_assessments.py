"""The store contract for needs assessments, their links and answers, and the use cases over
it: the same tests on both engines."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.assessments import (
    AssessmentResponse,
    AssessmentState,
    LinkState,
    issue_link,
    link_digest,
)
from graph_models.domain.errors import Conflict, Forbidden, Gone, InvalidInput, NotFound
from graph_models.domain.stakeholders import Kind
from graph_models.use_cases.assessments import Assessments
from tests.builders import FakeClock, stakeholder

T0 = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
QUESTIONS = [
    {"kind": "needs", "prompt": "What do you need?", "pillar": "financing",
     "topics": ["financing.loan", "financing.grant", "financing.crowdfunding"]},
    {"kind": "offers", "prompt": "What can you offer?", "pillar": "training"},
    {"kind": "rating", "prompt": "How pressing are your needs?"},
    {"kind": "text", "prompt": "Anything else?"},
]
COORDINATOR = User(id="c", username="c", role=Role.COORDINATOR, regions=("EL30",))
ELSEWHERE = User(id="e", username="e", role=Role.COORDINATOR, regions=("EL43",))


@pytest.fixture
def clock():
    return FakeClock(T0)


@pytest.fixture
def desk(store, clock):
    return Assessments(store, clock=clock)


def opened(desk, **fields):
    a = desk.create({"title": "Ανάγκες 2026", "region": "EL30", "questions": QUESTIONS,
                     **fields}, actor=COORDINATOR)
    return desk.open(a.id, actor=COORDINATOR)


def people(store, *regions, **fields):
    return [store.create_stakeholder(stakeholder(region=r, **fields)) for r in regions]


def secret_of(sent, stakeholder_id):
    return next(s.issued.secret for s in sent.links if s.stakeholder.id == stakeholder_id)


def test_an_assessment_is_written_read_back_and_saved_only_over_the_version_read(store, desk):
    draft = desk.create({"title": "Ανάγκες", "region": "EL30", "questions": QUESTIONS,
                         "kinds": ["entrepreneur"], "plan_id": "plan-1"}, actor=COORDINATOR)

    assert store.get_assessment(draft.id) == draft
    assert store.list_assessments() == [draft]
    assert [q.key for q in draft.questions] == ["q1", "q2", "q3", "q4"]
    later = dataclasses.replace(draft, title="Νέο", updated_at=T0 + timedelta(minutes=1))
    store.save_assessment(later, expected_updated_at=draft.updated_at)
    with pytest.raises(Conflict):
        store.save_assessment(dataclasses.replace(later, title="Χαμένο"),
                              expected_updated_at=draft.updated_at)
    assert store.get_assessment(draft.id).title == "Νέο"
    with pytest.raises(NotFound):
        store.get_assessment("nothing")


def test_links_are_added_only_to_an_open_assessment_and_all_or_none(store, desk):
    a, b = people(store, "EL303", "EL304")
    draft = desk.create({"title": "t", "region": "EL30", "questions": QUESTIONS},
                        actor=COORDINATOR)
    link_a = issue_link(draft.id, a.id, at=T0, days=7).link
    with pytest.raises(Conflict):
        store.add_links(draft.id, [link_a])
    desk.open(draft.id, actor=COORDINATOR)
    store.add_links(draft.id, [link_a])

    again = issue_link(draft.id, a.id, at=T0, days=7).link
    fresh = issue_link(draft.id, b.id, at=T0, days=7).link
    with pytest.raises(Conflict):
        store.add_links(draft.id, [fresh, again])
    with pytest.raises(Conflict):
        store.add_links(draft.id, [fresh, issue_link(draft.id, "missing", at=T0, days=7).link])
    assert store.links_of(draft.id) == [link_a]
    assert store.link_by_digest(link_a.digest) == link_a


def test_sending_links_each_stakeholder_of_the_scope_once(store, desk):
    inside = people(store, "EL303", "EL304")
    people(store, "EL431")  # outside the region
    investor = store.create_stakeholder(stakeholder(Kind.INVESTOR, region="EL303"))
    a = opened(desk, kinds=["entrepreneur"])

    sent = desk.send(a.id, actor=COORDINATOR)
    assert sorted(s.stakeholder.id for s in sent.links) == sorted(s.id for s in inside)
    assert investor.id not in {link.stakeholder_id for link in store.links_of(a.id)}
    assert desk.send(a.id, actor=COORDINATOR).links == []  # nobody twice
    for s in sent.links:  # only the digest is kept
        assert store.link_by_digest(link_digest(s.issued.secret)).id == s.issued.link.id


def test_an_answer_with_consent_updates_the_profile_in_its_transaction_and_feed(store, desk):
    (coop,) = people(store, "EL303", needs=("financing.loan", "training.digital_skills"),
                     offers=())
    a = opened(desk)
    secret = secret_of(desk.send(a.id, actor=COORDINATOR), coop.id)
    version = store.version()

    response = desk.answer(secret, [
        {"question": "q1", "topics": ["financing.grant"]},
        {"question": "q2", "topics": ["training.mentoring"]},
        {"question": "q3", "rating": 4}, {"question": "q4", "text": " Χώρος "}], consent=True)

    updated = store.get_stakeholder(coop.id)
    assert updated.needs == ("financing.grant", "training.digital_skills")
    assert updated.offers == ("training.mentoring",)
    assert updated.updated_at == T0
    assert response.profile_updated and response.consent
    assert store.responses_of(a.id) == [response]
    assert response.answers[3].text == "Χώρος"
    assert store.version() == version + 1
    changes = store.graph_changes(version)
    assert [s.id for s in changes.stakeholders] == [coop.id]
    assert desk.look_up(secret).state == LinkState.ANSWERED


def test_an_answer_without_consent_is_stored_but_leaves_the_profile_and_graph_alone(store, desk):
    (coop,) = people(store, "EL303")
    a = opened(desk)
    secret = secret_of(desk.send(a.id, actor=COORDINATOR), coop.id)
    version = store.version()

    response = desk.answer(secret, [{"question": "q1", "topics": ["financing.grant"]}],
                           consent=False)

    assert store.get_stakeholder(coop.id) == coop
    assert not response.profile_updated
    assert store.version() == version
    assert store.responses_of(a.id) == [response]


def test_a_link_is_answered_once_and_the_second_answer_writes_nothing(store, desk):
    (coop,) = people(store, "EL303")
    a = opened(desk)
    secret = secret_of(desk.send(a.id, actor=COORDINATOR), coop.id)
    desk.answer(secret, [{"question": "q3", "rating": 2}], consent=False)

    with pytest.raises(Gone) as refused:
        desk.answer(secret, [{"question": "q1", "topics": ["financing.loan"]}], consent=True)
    assert refused.value.errors == {"state": ["answered"]}
    assert len(store.responses_of(a.id)) == 1
    assert store.get_stakeholder(coop.id).needs == coop.needs


def test_the_store_refuses_a_second_response_to_one_link_even_when_the_check_was_passed(
        store, desk):
    (coop,) = people(store, "EL303")
    a = opened(desk)
    sent = desk.send(a.id, actor=COORDINATOR)
    link = sent.links[0].issued.link
    first = AssessmentResponse("r1", a.id, link.id, coop.id, coop.region, coop.kind, (),
                               False, T0)
    store.submit_response(first, at=T0)
    changed = dataclasses.replace(coop, needs=(), updated_at=T0)
    version = store.version()
    with pytest.raises(Gone):
        store.submit_response(dataclasses.replace(first, id="r2"), at=T0, stakeholder=changed,
                              expected_updated_at=coop.updated_at)
    assert store.responses_of(a.id) == [first]
    assert store.get_stakeholder(coop.id) == coop
    assert store.version() == version


def test_a_profile_changed_meanwhile_refuses_the_answer_and_writes_nothing(store, desk):
    (coop,) = people(store, "EL303")
    a = opened(desk)
    link = desk.send(a.id, actor=COORDINATOR).links[0].issued.link
    response = AssessmentResponse("r1", a.id, link.id, coop.id, coop.region, coop.kind, (),
                                  True, T0, True)
    stale = coop.updated_at - timedelta(days=1)
    with pytest.raises(Conflict):
        store.submit_response(response, at=T0, stakeholder=dataclasses.replace(
            coop, needs=(), updated_at=T0), expected_updated_at=stale)
    assert store.responses_of(a.id) == []
    assert store.links_of(a.id)[0].answered_at is None
    assert store.get_stakeholder(coop.id) == coop


def test_links_stop_when_the_assessment_closes_or_they_run_out(store, desk, clock):
    first, second = people(store, "EL303", "EL304")
    a = opened(desk, link_days=3)
    sent = desk.send(a.id, actor=COORDINATOR)
    clock.at = T0 + timedelta(days=3)
    with pytest.raises(Gone) as expired:
        desk.answer(secret_of(sent, first.id), [], consent=False)
    assert expired.value.errors == {"state": ["expired"]}
    clock.at = T0
    desk.close(a.id, actor=COORDINATOR)
    with pytest.raises(Gone) as closed:
        desk.answer(secret_of(sent, second.id), [], consent=False)
    assert closed.value.errors == {"state": ["closed"]}
    assert store.responses_of(a.id) == []
    with pytest.raises(Conflict):
        desk.send(a.id, actor=COORDINATOR)


def test_a_link_opens_its_own_questionnaire_only(store, desk):
    first, second = people(store, "EL303", "EL304")
    a = opened(desk)
    b = opened(desk)
    sent_a, sent_b = desk.send(a.id, actor=COORDINATOR), desk.send(b.id, actor=COORDINATOR)

    view = desk.look_up(secret_of(sent_a, first.id))
    assert (view.assessment.id, view.stakeholder.id) == (a.id, first.id)
    view = desk.look_up(secret_of(sent_b, second.id))
    assert (view.assessment.id, view.stakeholder.id) == (b.id, second.id)
    with pytest.raises(NotFound):
        desk.look_up("not-a-secret")
    desk.answer(secret_of(sent_b, second.id), [{"question": "q1", "topics": ["financing.loan"]}],
                consent=True)
    assert [r.stakeholder_id for r in store.responses_of(b.id)] == [second.id]
    assert store.responses_of(a.id) == []


def test_answers_outside_the_questionnaire_are_refused_naming_them(store, desk):
    (coop,) = people(store, "EL303")
    a = opened(desk)
    secret = secret_of(desk.send(a.id, actor=COORDINATOR), coop.id)
    with pytest.raises(InvalidInput) as refused:
        desk.answer(secret, [{"question": "q1", "topics": ["training.digital_skills"]},
                             {"question": "q3", "rating": 6}], consent=True)
    assert set(refused.value.errors) == {"answers"}
    assert store.responses_of(a.id) == []


def test_only_the_coordinators_of_its_region_reach_an_assessment(store, desk):
    a = opened(desk)
    with pytest.raises(NotFound):
        desk.get(a.id, actor=ELSEWHERE)
    with pytest.raises(NotFound):
        desk.send(a.id, actor=ELSEWHERE)
    assert desk.list_assessments(actor=ELSEWHERE) == []
    with pytest.raises(Forbidden):
        desk.create({"title": "t", "region": "EL30", "questions": QUESTIONS}, actor=ELSEWHERE)
    member = User(id="m", username="m", role=Role.MEMBER)
    with pytest.raises(Forbidden):
        desk.list_assessments(actor=member)
    assert desk.get(a.id).state == AssessmentState.OPEN


def test_erasing_a_stakeholder_erases_its_links_and_answers(store, desk):
    first, second = people(store, "EL303", "EL304")
    a = opened(desk)
    sent = desk.send(a.id, actor=COORDINATOR)
    desk.answer(secret_of(sent, first.id), [{"question": "q3", "rating": 5}], consent=False)

    store.delete_stakeholder(first.id)

    assert [link.stakeholder_id for link in store.links_of(a.id)] == [second.id]
    assert store.responses_of(a.id) == []
    with pytest.raises(NotFound):
        desk.look_up(secret_of(sent, first.id))


def test_the_results_add_up_the_answers_into_a_needs_map(store, desk):
    first, second = people(store, "EL303", "EL304")
    a = opened(desk)
    sent = desk.send(a.id, actor=COORDINATOR)
    desk.answer(secret_of(sent, first.id),
                [{"question": "q1", "topics": ["financing.loan", "financing.grant"]}],
                consent=False)

    results = desk.results(a.id, actor=COORDINATOR)
    assert results.map.respondents == 1 and results.map.response_rate == 0.5
    counts = {t.topic: (t.needs, t.need_share) for t in results.map.topics if t.needs}
    assert counts == {"financing.loan": (1, 1.0), "financing.grant": (1, 1.0)}
    assert {row.stakeholder.id: row.state for row in results.links} == {
        first.id: LinkState.ANSWERED, second.id: LinkState.PENDING}
