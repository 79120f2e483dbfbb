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


def why(verdict: Verdict, *, cost: int) -> Phrase:
    """Why the project of ``verdict`` (costing ``cost`` euros) was funded or not."""
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
