"""The words of a participatory budget's results: one :class:`Phrase` per reason code, saying
why a project won or lost, and one telling a voter their own share of the money. The service
puts them in the reader's language (their templates are messages of the catalogues).

Examples
--------
>>> from graph_models.domain.budgets import Reason, Share, Verdict
>>> str(why(Verdict("p1", False, Reason.NO_SUPPORT, cost=500, votes=0, score=0, rank=3),
...         cost=500))
'not funded: nobody voted for it'
>>> str(your_share(Share("u1", share=250.0, paid=200.0, funded=2)))[:60]
'Your equal share of the budget was €250; €200 of it paid for'
"""

from __future__ import annotations

from graph_models.domain.budgets import Share, Verdict
from graph_models.domain.phrases import Money, Phrase, counted


def why(verdict: Verdict, *, cost: int, ordinal: bool = False) -> Phrase:
    """Why the project of ``verdict`` (costing ``cost`` euros) was funded or not; ``ordinal``
    when the ballots ranked the projects (their Borda scores decided).

    >>> from graph_models.domain.budgets import Verdict
    >>> str(why(Verdict("p1", True, "fitted", cost=500, votes=3, score=4, rank=1,
    ...                 remaining_budget=900),
    ...         cost=500, ordinal=True))
    'funded: ranked 1 by Borda score (4 points), it cost €500 and €900 were still left'
    """
    if ordinal:
        return _why_ranked(verdict, cost)
    left = Money(float(verdict.remaining_budget or 0))
    price = Money(cost)
    match verdict.reason:
        case "fitted":
            return Phrase("funded: ranked {rank} by votes, it cost {cost} and {left} were "
                          "still left", rank=verdict.rank, cost=price, left=left)
        case "did_not_fit":
            return Phrase("not funded: ranked {rank} by votes, it cost {cost} but only {left} "
                          "were left", rank=verdict.rank, cost=price, left=left)
        case "bought":
            return counted("funded in round {round}: its {count} supporter could pay its cost "
                           "from their equal shares, at most {most} each",
                           "funded in round {round}: its {count} supporters could pay its cost "
                           "from their equal shares, at most {most} each", verdict.votes,
                           round=verdict.round or 0, most=Money(verdict.max_payment or 0))
        case "completed":
            return Phrase("funded with the money the equal shares left: ranked {rank} by votes, "
                          "it cost {cost} and {left} were left", rank=verdict.rank, cost=price,
                          left=left)
        case "unaffordable":
            return Phrase("not funded: its supporters had only {money} left of their equal "
                          "shares, less than its cost of {cost}",
                          money=Money(verdict.supporters_money or 0), cost=price)
        case "loaded":
            return Phrase("funded in round {round}: it left each of its supporters with the "
                          "lowest load on offer, {load}", round=verdict.round or 0,
                          load=Money(verdict.price or 0))
        case "stopped":
            return Phrase("not funded: the rule stopped when the next project no longer fitted "
                          "in the {left} left", left=left)
        case _:
            return Phrase("not funded: nobody voted for it")


def _why_ranked(verdict: Verdict, cost: int) -> Phrase:
    """The verdicts whose words differ on ordinal ballots: projects ranked by Borda score (a
    project scores, on each ballot, the number of projects ranked below it)."""
    left = Money(float(verdict.remaining_budget or 0))
    price = Money(cost)
    points = round(verdict.score)
    match verdict.reason:
        case "fitted":
            return counted("funded: ranked {rank} by Borda score ({count} point), it cost "
                           "{cost} and {left} were still left",
                           "funded: ranked {rank} by Borda score ({count} points), it cost "
                           "{cost} and {left} were still left", points, rank=verdict.rank,
                           cost=price, left=left)
        case "did_not_fit":
            return counted("not funded: ranked {rank} by Borda score ({count} point), it cost "
                           "{cost} but only {left} were left",
                           "not funded: ranked {rank} by Borda score ({count} points), it cost "
                           "{cost} but only {left} were left", points, rank=verdict.rank,
                           cost=price, left=left)
        case "bought":
            return Phrase("funded in round {round}: the voters who ranked it could pay its cost "
                          "from their equal shares, each in proportion to the Borda points they "
                          "gave it, at most {most} each", round=verdict.round or 0,
                          most=Money(verdict.max_payment or 0))
        case "completed":
            return Phrase("funded with the money the equal shares left: ranked {rank} by Borda "
                          "score, it cost {cost} and {left} were left", rank=verdict.rank,
                          cost=price, left=left)
        case "no_support" if verdict.votes == 0:
            return Phrase("not funded: nobody ranked it")
        case "no_support":
            return Phrase("not funded: it was only ever ranked last, which scores no Borda "
                          "points")
        case _:
            return why(verdict, cost=cost)


def votes(verdict: Verdict) -> Phrase:
    """How much support the project had."""
    return counted("{count} vote", "{count} votes", verdict.votes)


def your_share(share: Share) -> Phrase:
    """A voter's own share, as only that voter reads it."""
    if share.share <= 0:  # greedy by votes shares nothing out
        return counted("{count} of the projects you voted for was funded.",
                       "{count} of the projects you voted for were funded.", share.funded)
    return counted("Your equal share of the budget was {share}; {paid} of it paid for "
                   "projects you voted for, {count} of which was funded.",
                   "Your equal share of the budget was {share}; {paid} of it paid for "
                   "projects you voted for, {count} of which were funded.", share.funded,
                   share=Money(share.share), paid=Money(share.paid))
