"""Which calls and pools are open to a stakeholder, on hand-made cases: every rule of a
process and a pool, the near misses named with their one reason, and the rest left out; and,
for any pool and any entrepreneur, "open" means what the pledge arithmetic would do."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from graph_models.domain.budgets import BudgetProcess, Phase
from graph_models.domain.campaigns import Campaign, Pool
from graph_models.domain.matchfunding import PoolUse, eligible
from graph_models.domain.opportunities import OpportunityKind
from graph_models.domain.stakeholders import Kind, LegalForm, Stakeholder
from graph_models.matching.financing import financing_opportunities

T0 = datetime(2026, 3, 1, tzinfo=UTC)
END = T0 + timedelta(days=30)
D = Decimal
COOP = Stakeholder("coop", Kind.ENTREPRENEUR, "Ήλιος", "EL303", sectors=("renewable_energy",),
                   legal_form=LegalForm.KOINSEP)


def process(process_id: str, region: str, phase: Phase = Phase.PROPOSALS) -> BudgetProcess:
    return BudgetProcess(id=process_id, name="Πλατείες " + process_id, region=region,
                         budget=50_000, fund_id="dimos", created_at=T0, phase=phase,
                         phase_dates={Phase.PROPOSALS: T0})


def pool(pool_id: str, **rules) -> PoolUse:
    used = rules.pop("used", D(0))
    return PoolUse(Pool(pool_id, "bank", "Ταμείο " + pool_id, D(1000), rules.pop("deadline", END),
                        T0, **rules), used=used)


def texts(found) -> list[tuple[str, list[str]]]:
    return [(o.id, [str(r) for r in o.reasons]) for o in found]


def test_a_process_of_the_entrepreneurs_territory_in_its_proposals_phase_is_open():
    found = financing_opportunities(COOP, [process("attica", "EL30"), process("centre", "EL303"),
                                           process("voting", "EL303", Phase.VOTING),
                                           process("crete", "EL43")], [], at=T0,
                                    names={"dimos": "Δήμος Αθηναίων"})
    assert [o.id for o in found.open] == ["attica", "centre"]
    call = found.open[0]
    assert (call.kind, call.owner_name, call.money, call.since, call.regions) == (
        OpportunityKind.BUDGET_PROCESS, "Δήμος Αθηναίων", D(50_000), T0, ("EL30",))
    assert [str(r) for r in call.reasons] == [
        "for projects of EL30, where you are (EL303)",
        "entrepreneurs and community groups of its territory may propose projects",
        "proposals are open until its coordinators open the review"]
    assert [str(t) for t in call.terms] == ["a budget of €50,000"]
    # Crete's process is not the entrepreneur's to act on: it is not named at all.
    assert found.closed == ()


def test_a_place_given_too_coarsely_is_the_reason_a_process_of_a_district_is_not_open():
    placed_in_attica = dataclasses.replace(COOP, region="EL30")
    found = financing_opportunities(placed_in_attica, [process("centre", "EL303")], [], at=T0)
    assert found.open == ()
    assert texts(found.closed) == [("centre", [
        "for projects of EL303; your place is given as EL30 only, and a more precise one "
        "would tell whether you may propose"])]


def test_pools_whose_rules_the_entrepreneur_meets_are_open_with_each_rule_met_in_words():
    found = financing_opportunities(COOP, [], [
        pool("any"),
        pool("attica", regions=("EL3",), sectors=("agrifood", "renewable_energy"),
             legal_forms=(LegalForm.KOINSEP, LegalForm.COOPERATIVE))], at=T0)
    assert texts(found.open) == [
        ("any", ["open to every entrepreneur's campaign",
                 "it matches the pledges to a campaign you launch, until its deadline"]),
        ("attica", ["for campaigns in EL3, where you are (EL303)",
                    "for the sectors agrifood, renewable_energy: yours include renewable_energy",
                    "for koinsep, cooperative: your legal form is koinsep",
                    "it matches the pledges to a campaign you launch, until its deadline"])]


def test_a_pool_that_one_rule_keeps_from_the_entrepreneur_is_named_with_that_rule():
    no_form = dataclasses.replace(COOP, legal_form=None, id="group")
    found = financing_opportunities(COOP, [], [
        pool("crete", regions=("EL43",)),
        pool("food", sectors=("agrifood",)),
        pool("workers", legal_forms=(LegalForm.WORKERS_COOPERATIVE,)),
        pool("both", regions=("EL43",), sectors=("agrifood",))], at=T0)
    assert found.open == ()
    assert texts(found.closed) == [
        ("crete", ["only for campaigns in EL43, and you are in EL303"]),
        ("food", ["only for the sectors agrifood, and yours are renewable_energy"]),
        ("workers", ["only for workers_cooperative, and your legal form is koinsep"])]
    assert texts(financing_opportunities(no_form, [], [pool("workers", legal_forms=(
        LegalForm.WORKERS_COOPERATIVE,))], at=T0).closed) == [
        ("workers", ["only for workers_cooperative, and your profile names no legal form"])]
    assert texts(financing_opportunities(dataclasses.replace(COOP, sectors=()), [],
                                         [pool("food", sectors=("agrifood",))], at=T0).closed) \
        == [("food", ["only for the sectors agrifood, and your profile names none"])]
    assert texts(financing_opportunities(dataclasses.replace(COOP, region="EL4"), [],
                                         [pool("crete", regions=("EL43",))], at=T0).closed) \
        == [("crete", ["only for campaigns in EL43; your place is given as EL4 only, and a "
                       "more precise one may open it"])]


def test_pools_spent_or_past_their_deadline_are_left_out_and_the_rest_come_in_match_order():
    found = financing_opportunities(COOP, [], [
        pool("late", deadline=END + timedelta(days=9), used=D("999.99")),
        pool("spent", used=D(1000)),
        pool("gone", deadline=T0),
        pool("soon", deadline=END - timedelta(days=9), ratio=D("1.5"), per_pledge_cap=D(100),
             per_project_cap=D(400), target_share=D("0.25"), once_per_pledger=True)], at=T0)
    assert [o.id for o in found.open] == ["soon", "late"]
    assert [str(t) for t in found.open[0].terms] == [
        "adds 1.50 € to each euro pledged", "at most €100 per pledge", "at most €400 per campaign",
        "at most 25% of a campaign's optimum", "one pledge per pledger and campaign is matched",
        "€1,000 left of €1,000", "given as grant"]
    assert (found.open[1].money, found.open[1].deadline) == (D("0.01"), END + timedelta(days=9))


def test_other_kinds_of_stakeholder_get_a_note_and_no_opportunity():
    bank = Stakeholder("bank", Kind.INVESTOR, "Τράπεζα", "EL303")
    found = financing_opportunities(bank, [process("centre", "EL303")], [pool("any")], at=T0)
    assert (found.open, found.closed) == ((), ())
    assert str(found.note) == ("participatory budgets and matching pools finance entrepreneurs "
                               "and community groups; this stakeholder is of the kind investor")


REGIONS = st.sampled_from(["EL3", "EL30", "EL303", "EL305", "EL4", "EL43", "EL434"])
SECTORS = st.sampled_from(["agrifood", "renewable_energy", "housing"])
FORMS = st.sampled_from(list(LegalForm))


@given(region=REGIONS, sectors=st.lists(SECTORS, unique=True, max_size=2),
       form=st.none() | FORMS, regions=st.lists(REGIONS, unique=True, max_size=2),
       pool_sectors=st.lists(SECTORS, unique=True, max_size=2),
       forms=st.lists(FORMS, unique=True, max_size=2))
def test_a_pool_is_open_exactly_when_it_would_match_the_entrepreneurs_next_campaign(
        region, sectors, form, regions, pool_sectors, forms):
    seeker = Stakeholder("s", Kind.ENTREPRENEUR, "x", region, sectors=tuple(sectors),
                         legal_form=form)
    use = pool("p", regions=tuple(regions), sectors=tuple(pool_sectors), legal_forms=tuple(forms))
    # The campaign a launch now would make: the stakeholder's region, sectors and legal form.
    campaign = Campaign("c", "s", "x", D(100), D(200), END, region, T0, sectors=tuple(sectors),
                        legal_form=form)
    found = financing_opportunities(seeker, [], [use], at=T0)
    assert bool(found.open) == eligible(use.pool, campaign, T0)
    assert all(len(o.reasons) == 1 for o in found.closed)
