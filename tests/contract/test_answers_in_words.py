"""The answers in words of a needs assessment are shown by question and text, never in the
order they came: the coordinator sees which link was answered when, so the order of
submission would tell who wrote what. On both engines."""

from __future__ import annotations

import pytest

from graph_models.use_cases.assessments import Assessments
from tests.builders import FakeClock, stakeholder
from tests.contract.test_assessments import COORDINATOR, QUESTIONS, T0, secret_of

SAID = ["Χώρος για τη συνέλευση", "άδεια λειτουργίας", "Bus route to the market"]
SHOWN = ["Bus route to the market", "άδεια λειτουργίας", "Χώρος για τη συνέλευση"]


def answered_in(store, order: list[int]) -> list[str]:
    """An assessment whose three respondents answer ``SAID`` in ``order``, an hour apart; its
    answers in words as the results show them."""
    clock = FakeClock(T0)
    desk = Assessments(store, clock=clock)
    respondents = [store.create_stakeholder(stakeholder(region="EL303")) for _ in SAID]
    a = desk.create({"title": "Ανάγκες", "region": "EL30", "questions": QUESTIONS},
                    actor=COORDINATOR)
    desk.open(a.id, actor=COORDINATOR)
    sent = desk.send(a.id, actor=COORDINATOR)
    for index in order:
        clock.advance(hours=1)
        desk.answer(secret_of(sent, respondents[index].id),
                    [{"question": "q4", "text": SAID[index]}], consent=False)
    return [text for _, text in desk.results(a.id, actor=COORDINATOR).texts]


# Every order but [2, 1, 0], the text's own: what is shown cannot be the order they came in.
@pytest.mark.parametrize("order", [[0, 1, 2], [1, 2, 0], [0, 2, 1]])
def test_answers_in_words_are_shown_by_text_whatever_order_they_came_in(store, order):
    shown = answered_in(store, order)
    assert shown == SHOWN
    assert shown != [SAID[index] for index in order]
