"""The plan report: a plan's goals and actions by pillar with their status, progress and
budget, its indicators against their targets, and its territory's network before and after.

It is made from the plan's data alone, for whoever may read the plan (an adopted plan is a
public document, its report made for the council and funders): the stakeholders responsible
for actions are named only to a reader who may read them, and the network is told by the
ecosystem report's headline figures (counts, shares, indices; small counts suppressed), never
by who is in it. The network is compared at the period's start and at the report's day (the
period's end once it is over); before the period starts there is nothing to compare yet.

Each indicator stands as of the report's day (the period's end once it is over): a manual one
by its latest value recorded, a catalogue one by its value computed over the plan's territory
from the period's start (:class:`~graph_models.use_cases.indicators.Indicators`), both judged
by the indicators' one rule (:func:`~graph_models.indicators.assessment.assess`). A computed
indicator is a count, share, sum or mean over the territory and names no one, so it is shown
to whoever may read the plan, as the network's figures are, and like them with its small
counts hidden (:mod:`graph_models.indicators.privacy`, the reports' threshold).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from graph_models.domain import policy
from graph_models.domain.accounts import User
from graph_models.domain.errors import InvalidInput, NotFound
from graph_models.domain.phrases import Phrase
from graph_models.domain.plans import ActionStatus, Indicator, Plan, PlanAction
from graph_models.domain.policy import Action, Resource
from graph_models.indicators import CATALOGUE
from graph_models.indicators.privacy import hidden_tracking, tells_small_count
from graph_models.indicators.tracking import Tracking, track, tracking_of
from graph_models.reports import Comparison
from graph_models.use_cases.indicators import Indicators
from graph_models.use_cases.plans import Plans
from graph_models.use_cases.reports import Reporting


@dataclass(frozen=True)
class PillarSummary:
    """A pillar's actions: how many in each status, their mean progress and their budget."""

    pillar: str
    actions: int
    by_status: dict[str, int]
    progress: float | None
    budget: Decimal


@dataclass(frozen=True)
class PlanReport:
    """What the report shows of a plan as of ``on``."""

    plan: Plan
    on: date
    pillars: list[PillarSummary]
    budget: Decimal
    tracking: dict[str, Tracking]
    names: dict[str, str | None]
    network_from: date | None
    network_to: date | None
    network: Comparison | None


def manual_tracking(plan: Plan, on: date) -> dict[str, Tracking]:
    """Each manual indicator's standing by its latest value recorded on or before ``on``
    (judged as of that value's day); as of ``on``, unknown, when none is.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from graph_models.domain.plans import Indicator, IndicatorValue
    >>> at = datetime(2027, 1, 1, tzinfo=UTC)
    >>> i = Indicator("i", "manual", "training", 30.0, date(2027, 1, 11), 10.0,
    ...               values=(IndicatorValue(date(2027, 1, 6), 19.0),))
    >>> p = Plan("p", "ΣΑΣΟ", "EL303", date(2027, 1, 1), date(2027, 12, 31), at, at,
    ...          indicators=(i,))
    >>> t = manual_tracking(p, date(2027, 2, 1))["i"]
    >>> t.on, t.value, t.expected, t.track.value
    (datetime.date(2027, 1, 6), 19.0, 20.0, 'off_track')
    """
    out = {}
    for indicator in plan.indicators:
        if not indicator.manual:
            continue
        known = [v for v in indicator.values if v.on <= on]
        latest = known[-1] if known else None
        out[indicator.id] = track(
            baseline=indicator.baseline, target=indicator.target, start=plan.starts_on,
            deadline=indicator.deadline, on=latest.on if latest else on,
            value=latest.value if latest else None)
    return out


def pillar_summaries(plan: Plan) -> list[PillarSummary]:
    """The actions of each pillar that has a goal, in the pillars' order of the goals."""
    pillars = list(dict.fromkeys(g.pillar for g in plan.goals))
    out = []
    for pillar in pillars:
        actions = [a for a in plan.actions if plan.pillar_of(a) == pillar]
        counts = {s.value: sum(a.status == s for a in actions) for s in ActionStatus}
        live = [a for a in actions if a.status != ActionStatus.DROPPED]
        out.append(PillarSummary(
            pillar, len(actions), counts,
            sum(a.progress for a in live) / len(live) if live else None, _budget(actions)))
    return out


def _budget(actions: list[PlanAction] | tuple[PlanAction, ...]) -> Decimal:
    return sum((a.budget for a in actions if a.budget is not None), Decimal(0))


class PlanReports:
    """Plan reports over the plan use cases and the ecosystem reports."""

    def __init__(self, plans: Plans, reporting: Reporting, indicators: Indicators):
        self.plans = plans
        self.reporting = reporting
        self.indicators = indicators

    def report(self, plan_id: str, *, on: date, actor: User | None = None) -> PlanReport:
        """The report of a plan as of ``on``, to whoever may read the plan."""
        plan = self.plans.get_plan(plan_id, actor=actor)
        upto = min(on, plan.ends_on)
        network = None
        if plan.starts_on < upto:
            # Headline figures only (never the named lists): see the module's docstring.
            network = self.reporting.report(region=plan.territory, as_of=upto,
                                            compare_to=plan.starts_on).comparison
        return PlanReport(plan, on, pillar_summaries(plan), _budget(plan.actions),
                          self.tracking(plan, on), self.responsible_names(plan, actor),
                          plan.starts_on if network else None, upto if network else None,
                          network)

    def tracking(self, plan: Plan, on: date) -> dict[str, Tracking]:
        """Each indicator's standing as of ``on`` (the period's end once it is over): manual
        ones by :func:`manual_tracking`, catalogue ones by their computed value. A catalogue
        indicator the catalogue no longer knows, or before the period, has none."""
        out = manual_tracking(plan, on)
        for indicator in plan.indicators:
            if not indicator.manual:
                found = self._computed(plan, indicator, min(on, plan.ends_on))
                if found is not None:
                    out[indicator.id] = found
        return out

    @staticmethod
    def labels(plan: Plan) -> dict[str, Phrase]:
        """The catalogue's label of each code of ``plan``'s indicators it knows."""
        return {i.code: CATALOGUE[i.code].label for i in plan.indicators
                if i.code in CATALOGUE}

    def _computed(self, plan: Plan, indicator: Indicator, day: date) -> Tracking | None:
        if day < plan.starts_on:
            return None
        try:
            # The system reads it: the plan's reader may read the plan (see the docstring).
            found = self.indicators.series(
                indicator.code, region=plan.territory, start=plan.starts_on, end=day,
                parameters=dict(indicator.parameters), baseline=indicator.baseline,
                target=indicator.target, deadline=indicator.deadline)
        except (NotFound, InvalidInput):
            return None
        last = found.points[-1]
        if last.assessment is None:
            return None
        min_count = self.reporting.min_count
        if tells_small_count(last.value, CATALOGUE[indicator.code].unit, last.explanation,
                             min_count=min_count):
            return hidden_tracking(last.day, last.assessment.expected, min_count)
        return tracking_of(last.day, last.value, last.assessment, last.explanation)

    def responsible_names(self, plan: Plan, actor: User | None) -> dict[str, str | None]:
        """The name of each stakeholder responsible for an action, where ``actor`` may read
        it (None: not shown, or no longer in the network)."""
        names: dict[str, str | None] = {}
        for stakeholder_id in sorted({a.responsible_id for a in plan.actions
                                      if a.responsible_id}):
            try:
                stakeholder = self.plans.store.get_stakeholder(stakeholder_id)
            except NotFound:
                names[stakeholder_id] = None
                continue
            readable = policy.may(actor, Resource.STAKEHOLDER, Action.READ, stakeholder)
            names[stakeholder_id] = stakeholder.name if readable else None
        return names


__all__ = ["PillarSummary", "PlanReport", "PlanReports", "manual_tracking", "pillar_summaries"]
