"""The words of the participatory budget pages: each code's name (phases, reviews, the
execution of a project, rules and ballots) and what a page says once a change is made."""

from __future__ import annotations

from enum import Enum

from graph_models.domain.phrases import Money
from service.i18n.locale import N_, gettext
from service.i18n.phrases import render

TERMS = {
    "phase": {
        "proposals": N_("Proposals"), "review": N_("Review"), "voting": N_("Voting"),
        "results": N_("Results"), "execution": N_("Execution")},
    "review": {
        "proposed": N_("Waiting for review"), "eligible": N_("Eligible"),
        "ineligible": N_("Not eligible")},
    "execution": {
        "not_started": N_("Not started"), "in_progress": N_("In progress"),
        "completed": N_("Completed"), "cancelled": N_("Cancelled")},
    "rule": {
        "equal_shares": N_("Method of Equal Shares"), "greedy": N_("Most votes first"),
        "phragmen": N_("Phragmén's sequential method")},
    "ballot_type": {
        "approval": N_("Approval: tick the projects you support"),
        "cumulative": N_("Cumulative: share out your points among the projects"),
        "ordinal": N_("Ranked: put the projects in your order of preference")},
}
# What a page says once a change is made, by the change's name.
DONE = {
    "review": N_("The review is open: no more proposals are taken."),
    "voting": N_("Voting is open: verified voters may now cast their ballot."),
    "results": N_("The results are computed and the funded projects recorded."),
    "execution": N_("The execution phase is open: the funded projects can be followed."),
    "proposed": N_("Your project is proposed. It will be reviewed when proposals close."),
    "reviewed": N_("The review of the project is recorded."),
    "voted": N_("Your ballot is cast. Thank you for voting."),
    "tracked": N_("The project's progress is recorded."),
    "created": N_("The participatory budget is open and takes proposals."),
    "imported": N_("The election is imported: its projects are eligible and its ballots "
                   "cast. Open the results to count them under the rule chosen."),
}


def term(kind: str, code: str | Enum | None) -> str:
    """The name of a code of ``kind`` in the page's language."""
    if code is None:
        return ""
    value = code.value if isinstance(code, Enum) else code
    return gettext(TERMS[kind][value])


def money(euros: float) -> str:
    """Euros written the page's way (12.345 €, €12,345)."""
    return render(Money(euros))
