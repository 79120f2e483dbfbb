"""The explanations of a participatory budget's results, read in Greek and in English."""

from __future__ import annotations

import pytest

from graph_models.budgeting.wording import votes, why, your_share
from graph_models.domain.budgets import Reason, Share, Verdict
from service.i18n.phrases import render

LOST = Verdict("p2", False, Reason.DID_NOT_FIT, cost=500, votes=1, score=1, rank=3,
               remaining_budget=0)
BOUGHT = Verdict("p1", True, Reason.BOUGHT, cost=500, votes=3, score=3, rank=1, round=1,
                 max_payment=200.0)


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "not funded: ranked 3 by votes, it cost €500 but only €0 were left"),
    ("el", "δεν χρηματοδοτείται: 3ο σε ψήφους, κόστιζε 500\xa0€ αλλά απέμεναν μόνο 0\xa0€"),
])
def test_why_a_project_lost_is_said_in_the_readers_language(locale, expected):
    assert render(why(LOST, cost=500), locale=locale) == expected


def test_a_project_bought_by_equal_shares_names_its_supporters_and_the_most_one_paid():
    assert render(why(BOUGHT, cost=600), locale="el") == (
        "χρηματοδοτείται στον γύρο 1: οι 3 υποστηρικτές του μπορούσαν να καλύψουν το κόστος "
        "από τα ίσα μερίδιά τους, με το πολύ 200\xa0€ ο καθένας")
    assert render(votes(BOUGHT), locale="el") == "3 ψήφοι"


def test_a_voters_own_share_is_worded_for_that_voter():
    share = Share("u1", share=250.0, paid=200.0, funded=1)
    assert render(your_share(share), locale="en") == (
        "Your equal share of the budget was €250; €200 of it paid for projects you voted for, "
        "1 of which was funded.")
    assert render(your_share(share), locale="el").startswith(
        "Το ίσο μερίδιό σας στον προϋπολογισμό ήταν 250\xa0€")
