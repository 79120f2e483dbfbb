"""A participatory budget's results as a reader reads them: each project's verdict with its
explanation in the reader's language, and the reader's own share (theirs only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph_models.domain.budgets import OutcomeRule
from graph_models.use_cases.budgets import ExplainedResults
from service.i18n.phrases import render


@dataclass(frozen=True)
class VerdictView:
    project_id: str
    title: str
    cost: int
    funded: bool
    reason: str
    votes: int
    score: float
    rank: int
    explanation: str


@dataclass(frozen=True)
class ShareView:
    share: float
    paid: float
    funded: int
    explanation: str


@dataclass(frozen=True)
class ResultsView:
    process_id: str
    rule: OutcomeRule
    funded: tuple[str, ...]
    cost: int
    voters: int
    computed_at: datetime
    projects: tuple[VerdictView, ...]
    my_share: ShareView | None


def results_view(explained: ExplainedResults) -> ResultsView:
    """The explained results worded in the current request's language."""
    results, share = explained.results, explained.my_share
    return ResultsView(
        explained.process.id, results.rule, results.funded, results.cost, results.voters,
        results.computed_at,
        tuple(VerdictView(e.project.id, e.project.title, e.project.cost, e.verdict.funded,
                          e.verdict.reason, e.verdict.votes, e.verdict.score, e.verdict.rank,
                          render(e.why))
              for e in explained.verdicts),
        None if share is None else ShareView(share.share, share.paid, share.funded,
                                             render(explained.my_share_words)))
