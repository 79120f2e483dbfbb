"""The "financing open to" section of a stakeholder's page: the calls for projects and the
matching pools the API's financing answer gives the same reader, with links to their pages
and every reason in the page's language."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from graph_models.domain.accounts import User
from graph_models.domain.opportunities import Opportunity, OpportunityKind
from service.extensions import financing
from service.i18n.formats import format_day, format_moment
from service.i18n.labels import label
from service.i18n.locale import gettext
from service.i18n.phrases import render


@dataclass(frozen=True)
class OpportunityRow:
    """One call or pool as the page lists it: its page, its facts and its reasons in words."""

    opportunity: Opportunity
    url: str
    what: str
    facts: list[str]
    reasons: list[str]


@dataclass(frozen=True)
class FinancingSection:
    """What is open to the stakeholder, what one rule keeps from it, and a note for a
    stakeholder of another kind than these finance."""

    open: list[OpportunityRow]
    closed: list[OpportunityRow]
    note: str | None


def financing_section(stakeholder_id: str, *, actor: User) -> FinancingSection:
    """The section for a stakeholder whose matches ``actor`` may read."""
    found = financing().opportunities(stakeholder_id, actor=actor).opportunities
    return FinancingSection([_row(o) for o in found.open], [_row(o) for o in found.closed],
                            render(found.note) if found.note is not None else None)


def _row(opportunity: Opportunity) -> OpportunityRow:
    terms = [render(term) for term in opportunity.terms]
    regions = ", ".join(label("region", code) for code in opportunity.regions)
    if opportunity.kind is OpportunityKind.BUDGET_PROCESS:
        url = url_for("web.budget", process_id=opportunity.id)
        what = gettext("Participatory budget of %(fund)s for %(regions)s",
                       fund=opportunity.owner_name, regions=regions)
        facts = [*terms, gettext("Proposals open since %(day)s",
                                 day=format_day(opportunity.since))
                 if opportunity.since else gettext("Proposals are open")]
    else:
        url = url_for("web.pools") + "#pool-" + opportunity.id
        what = gettext("Matching pool of %(investor)s", investor=opportunity.owner_name)
        facts = [*terms, gettext("Matches pledges until %(moment)s",
                                 moment=format_moment(opportunity.deadline))
                 if opportunity.deadline else ""]
    return OpportunityRow(opportunity, url, what, [f for f in facts if f],
                          [render(reason) for reason in opportunity.reasons])
