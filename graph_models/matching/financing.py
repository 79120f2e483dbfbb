"""Which financing is open to a stakeholder now, and why: the participatory budget processes
it may propose a project to, and the matching pools that would add to the pledges of a
campaign it launched (issue #17, point 4).

The rules are the features' own, called here rather than written again:
:func:`graph_models.domain.budgets.proposer_barriers` (who proposes to a process) and
:func:`graph_models.domain.matchfunding.unmet_rules` (which campaigns a pool matches), the
campaign carrying its stakeholder's region, sectors and legal form as a launch would. Both are
for entrepreneurs (social enterprises, cooperatives and community groups): another kind of
stakeholder gets a note instead.

Besides what is open, the answer names what one rule alone keeps from the stakeholder, since
that is what it could act on: a pool of one other region, sector or legal form, a profile that
names no sector or legal form, or a place given too coarsely to tell (a process of Central
Athens for a stakeholder placed in Attica only). A process of another territory is not named:
there is nothing to do about it. Every fact used is the stakeholder's own profile and the
public rules of processes and pools.

Examples
--------
>>> from datetime import UTC, datetime
>>> from decimal import Decimal
>>> from graph_models.domain.budgets import BudgetProcess
>>> from graph_models.domain.campaigns import Pool
>>> from graph_models.domain.matchfunding import PoolUse
>>> from graph_models.domain.stakeholders import Kind, Stakeholder
>>> t = datetime(2026, 3, 1, tzinfo=UTC)
>>> coop = Stakeholder("s", Kind.ENTREPRENEUR, "Ήλιος", "EL303", sectors=("renewable_energy",))
>>> process = BudgetProcess(id="b", name="Πλατείες", region="EL30", budget=50_000,
...                         fund_id="d", created_at=t)
>>> crete = Pool("p", "bank", "Κρήτη 1:1", Decimal(900), datetime(2026, 6, 1, tzinfo=UTC),
...              t, regions=("EL43",))
>>> found = financing_opportunities(coop, [process], [PoolUse(crete)], at=t)
>>> [(o.name, [str(r) for r in o.reasons]) for o in found.open]  # doctest: +NORMALIZE_WHITESPACE
[('Πλατείες', ['for projects of EL30, where you are (EL303)',
               'entrepreneurs and community groups of its territory may propose projects',
               'proposals are open until its coordinators open the review'])]
>>> [(o.name, [str(r) for r in o.reasons]) for o in found.closed]
[('Κρήτη 1:1', ['only for campaigns in EL43, and you are in EL303'])]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal

from graph_models.domain.budgets import BudgetProcess, Phase, proposer_barriers
from graph_models.domain.matchfunding import PoolUse, open_pools, unmet_rules
from graph_models.domain.opportunities import (
    FinancingOpportunities,
    Opportunity,
    OpportunityKind,
)
from graph_models.domain.phrases import Codes, Money, Number, Phrase
from graph_models.domain.stakeholders import Kind, Stakeholder


def financing_opportunities(stakeholder: Stakeholder, processes: Iterable[BudgetProcess],
                            pools: Iterable[PoolUse], *, at: datetime,
                            names: Mapping[str, str] | None = None) -> FinancingOpportunities:
    """The processes in their proposals phase and the pools open to pledges at ``at`` that
    ``stakeholder`` may use, explained, and those one rule keeps from it; processes newest
    first (as given), pools in the order they match. ``names`` gives the funds' and
    investors' names by id. Pure: reads nothing, changes nothing."""
    names = names or {}
    if stakeholder.kind is not Kind.ENTREPRENEUR:
        return FinancingOpportunities(stakeholder.id, note=Phrase(
            "participatory budgets and matching pools finance entrepreneurs and community "
            "groups; this stakeholder is of the kind {kind}",
            kind=Codes("kind", (stakeholder.kind.value,))))
    found = [*(_process(stakeholder, p, names) for p in processes
               if p.phase is Phase.PROPOSALS),
             *(_pool(stakeholder, use, names) for use in open_pools(pools, at))]
    return FinancingOpportunities(
        stakeholder.id, open=tuple(o for o in found if o is not None and o.open),
        closed=tuple(o for o in found if o is not None and not o.open))


def _place(stakeholder: Stakeholder) -> Codes:
    return Codes("region", (stakeholder.region,))


def _coarser(stakeholder: Stakeholder, regions: Iterable[str]) -> bool:
    """Whether the stakeholder's place is a territory that holds one of ``regions``: it may
    well lie in that one, but its profile does not say."""
    return any(region.startswith(stakeholder.region) for region in regions)


def _process(stakeholder: Stakeholder, process: BudgetProcess,
             names: Mapping[str, str]) -> Opportunity | None:
    barriers = proposer_barriers(process, stakeholder.kind, stakeholder.region)
    territory = Codes("region", (process.region,))
    reasons: tuple[Phrase, ...]
    if not barriers:
        reasons = (
            Phrase("for projects of {territory}, where you are ({place})",
                   territory=territory, place=_place(stakeholder)),
            Phrase("entrepreneurs and community groups of its territory may propose projects"),
            Phrase("proposals are open until its coordinators open the review"))
    elif barriers == ("territory",) and _coarser(stakeholder, [process.region]):
        reasons = (Phrase("for projects of {territory}; your place is given as {place} only, "
                          "and a more precise one would tell whether you may propose",
                          territory=territory, place=_place(stakeholder)),)
    else:
        return None
    return Opportunity(
        OpportunityKind.BUDGET_PROCESS, process.id, process.name, process.fund_id,
        names.get(process.fund_id, ""), regions=(process.region,),
        money=Decimal(process.budget), since=process.phase_dates.get(Phase.PROPOSALS),
        open=not barriers, reasons=reasons,
        terms=(Phrase("a budget of {money}", money=Money(process.budget)),))


def _pool(stakeholder: Stakeholder, use: PoolUse,
          names: Mapping[str, str]) -> Opportunity | None:
    pool = use.pool
    unmet = unmet_rules(pool, stakeholder.region, stakeholder.sectors, stakeholder.legal_form)
    if len(unmet) > 1:
        return None
    reasons = (_pool_met(stakeholder, use) if not unmet
               else (_pool_unmet(stakeholder, use, unmet[0]),))
    return Opportunity(
        OpportunityKind.POOL, pool.id, pool.name, pool.owner_id, names.get(pool.owner_id, ""),
        regions=pool.regions, money=pool.cap - use.used, deadline=pool.deadline,
        open=not unmet, reasons=reasons, terms=_pool_terms(use))


def _pool_met(stakeholder: Stakeholder, use: PoolUse) -> tuple[Phrase, ...]:
    pool = use.pool
    reasons = []
    if pool.regions:
        reasons.append(Phrase("for campaigns in {regions}, where you are ({place})",
                              regions=Codes("region", pool.regions), place=_place(stakeholder)))
    if pool.sectors:
        shared = tuple(s for s in pool.sectors if s in stakeholder.sectors)
        reasons.append(Phrase("for the sectors {sectors}: yours include {shared}",
                              sectors=Codes("sector", pool.sectors),
                              shared=Codes("sector", shared)))
    if pool.legal_forms and stakeholder.legal_form is not None:
        reasons.append(Phrase("for {forms}: your legal form is {form}",
                              forms=Codes("legal_form", pool.legal_forms),
                              form=Codes("legal_form", (stakeholder.legal_form.value,))))
    if not reasons:
        reasons.append(Phrase("open to every entrepreneur's campaign"))
    reasons.append(Phrase("it matches the pledges to a campaign you launch, until its "
                          "deadline"))
    return tuple(reasons)


def _pool_unmet(stakeholder: Stakeholder, use: PoolUse, rule: str) -> Phrase:
    pool = use.pool
    if rule == "regions":
        regions = Codes("region", pool.regions)
        if _coarser(stakeholder, pool.regions):
            return Phrase("only for campaigns in {regions}; your place is given as {place} "
                          "only, and a more precise one may open it",
                          regions=regions, place=_place(stakeholder))
        return Phrase("only for campaigns in {regions}, and you are in {place}",
                      regions=regions, place=_place(stakeholder))
    if rule == "sectors":
        sectors = Codes("sector", pool.sectors)
        if not stakeholder.sectors:
            return Phrase("only for the sectors {sectors}, and your profile names none",
                          sectors=sectors)
        return Phrase("only for the sectors {sectors}, and yours are {yours}",
                      sectors=sectors, yours=Codes("sector", stakeholder.sectors))
    forms = Codes("legal_form", pool.legal_forms)
    if stakeholder.legal_form is None:
        return Phrase("only for {forms}, and your profile names no legal form", forms=forms)
    return Phrase("only for {forms}, and your legal form is {form}", forms=forms,
                  form=Codes("legal_form", (stakeholder.legal_form.value,)))


def _pool_terms(use: PoolUse) -> tuple[Phrase, ...]:
    pool = use.pool
    places = 0 if pool.ratio == pool.ratio.to_integral_value() else 2
    terms = [Phrase("adds {ratio} € to each euro pledged",
                    ratio=Number(float(pool.ratio), places))]
    if pool.per_pledge_cap is not None:
        terms.append(Phrase("at most {money} per pledge", money=Money(float(pool.per_pledge_cap))))
    if pool.per_project_cap is not None:
        terms.append(Phrase("at most {money} per campaign",
                            money=Money(float(pool.per_project_cap))))
    if pool.target_share is not None:
        terms.append(Phrase("at most {share} of a campaign's optimum",
                            share=Number(float(pool.target_share), percent=True)))
    if pool.once_per_pledger:
        terms.append(Phrase("one pledge per pledger and campaign is matched"))
    terms.append(Phrase("{left} left of {cap}", left=Money(float(pool.cap - use.used)),
                        cap=Money(float(pool.cap))))
    terms.append(Phrase("given as {instrument}",
                        instrument=Codes("instrument", (pool.instrument.value,))))
    return tuple(terms)
