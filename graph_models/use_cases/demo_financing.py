"""The demo's financing: in the demo's region, a participatory budget carried through review
and voting to its results, a second one taking proposals, and a matchfunding campaign with a
matching pool and pledges. All of it is made through the use cases, as the system (and, for
the ballots, as demo members who vote), so it obeys the rules that users' work obeys: the
results are the rule's own, and the pool matches what its rules give.

The stakeholders taken part are chosen in id order and the pledges' amounts drawn from the
demo's seed, so one ecosystem and seed always give the same financing.

The first budget's ballots are those of a majority and a minority: five members approve three
projects, a sixth two of them and a fourth, which three others approve too. Most votes first
would give the whole budget to the majority's three; the Method of Equal Shares gives each
group a part of the budget as large as the group. What each rule decides is computed, not
assumed: the demo reports the two outcomes side by side. No two projects tie where it would
matter, so the outcome does not hang on their ids, which are new each time.

Examples
--------
>>> import tempfile
>>> from graph_models.stores import open_store
>>> store = open_store("sqlite:///" + tempfile.mkdtemp() + "/financing.db")
>>> store.ensure_schema()
>>> seed_financing(store, Accounts(store), "EL30", seed=7) is None  # nobody to take part
True
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from graph_models.budgeting import greedy_by_votes
from graph_models.domain.accounts import Role, User
from graph_models.domain.budgets import OutcomeRule, Phase
from graph_models.domain.queries import StakeholderQuery
from graph_models.domain.stakeholders import Kind, now
from graph_models.stores.base import GraphStore
from graph_models.use_cases.accounts import Accounts
from graph_models.use_cases.budgets import Budgets, election_of
from graph_models.use_cases.campaigns import Campaigns

VOTER = "demo-voter-{}"
# The first budget: four projects of equal cost, a fifth found ineligible, and which of the
# four each voter approves.
BUDGET = 90_000
PROJECTS = (("Ανακαίνιση παιδικής χαράς", 30_000), ("Φωτισμός της πλατείας", 30_000),
            ("Δεντροφύτευση της οδού", 30_000), ("Κοινωνικό παντοπωλείο", 30_000))
INELIGIBLE = ("Υπόγειος χώρος στάθμευσης", 60_000,
              "Δεν είναι έργο της Κοινωνικής και Αλληλέγγυας Οικονομίας.")
BALLOTS = ((0, 1, 2),) * 5 + ((0, 1, 3),) + ((3,),) * 3
OPEN_BUDGET = 50_000
OPEN_PROJECTS = (("Κήπος στη στέγη του σχολείου", 12_000), ("Επισκευαστικό καφενείο", 8_000))
# The campaign, its pool and the pledges' amounts to draw from (euros).
MINIMUM, OPTIMUM = Decimal(3000), Decimal(6000)
POOL_CAP, PER_PLEDGE_CAP, PER_PROJECT_CAP = Decimal(2000), Decimal(100), Decimal(1000)
PLEDGES = 8
AMOUNTS = (25, 40, 50, 80, 100, 150, 200, 300)
CANDIDATES = 100


@dataclass(frozen=True)
class DemoFinancing:
    """What the demo's financing made: the budget with its results (``funded`` by its rule,
    ``greedy`` what most votes first would have funded instead), the budget taking
    proposals, the campaign, its pool and its pledges."""

    results_process_id: str
    funded: tuple[str, ...]
    greedy: tuple[str, ...]
    open_process_id: str
    campaign_id: str | None
    pool_id: str | None
    pledge_ids: tuple[str, ...]


def _in_region(store: GraphStore, region: str, kind: Kind | None = None) -> list[str]:
    """The ids of the region's stakeholders (of ``kind``), in id order."""
    found = store.find_stakeholders(StakeholderQuery(kind=kind, region=region,
                                                     page_size=CANDIDATES))
    return sorted(s.id for s in found.items)


def seed_financing(store: GraphStore, accounts: Accounts, region: str, *, seed: int,
                   clock: Callable[[], datetime] = now) -> DemoFinancing | None:
    """Make the demo's financing in ``region``; None where the region lacks a policymaker
    whose fund pays or two entrepreneurs to propose."""
    funds = _in_region(store, region, Kind.POLICYMAKER)
    entrepreneurs = _in_region(store, region, Kind.ENTREPRENEUR)
    if not funds or len(entrepreneurs) < 2:
        return None
    budgets = Budgets(store, clock=clock)
    voters = _voters(accounts, _in_region(store, region))
    decided = _decided_budget(budgets, region, funds[0], entrepreneurs, voters)
    greedy = greedy_by_votes(election_of(decided, store.budget_projects(decided.id),
                                         store.budget_ballots(decided.id)))
    taking = budgets.create_process({
        "name": "Συμμετοχικός προϋπολογισμός 2027", "region": region, "budget": OPEN_BUDGET,
        "fund_id": funds[0], "rules": {"max_projects": 3},
        "description": "Demo: open for proposals."})
    for number, (title, cost) in enumerate(OPEN_PROJECTS):
        budgets.propose(taking.id, {"proposer_id": _nth(entrepreneurs, number + 2),
                                    "title": title, "cost": cost})
    campaign_id, pool_id, pledges = _campaign(store, region, entrepreneurs, seed, clock)
    funded = decided.results.funded if decided.results else ()
    return DemoFinancing(decided.id, funded, greedy.funded, taking.id, campaign_id, pool_id,
                         pledges)


def _nth(ids: Sequence[str], number: int) -> str:
    return ids[number % len(ids)]


def _voters(accounts: Accounts, stakeholders: list[str]) -> list[User]:
    """The demo's voters: a member of each of the region's first stakeholders, by number."""
    return [accounts.create_user({
        "username": VOTER.format(number + 1), "role": Role.MEMBER,
        "display_name": f"Demo voter {number + 1}",
        "memberships": [_nth(stakeholders, number)]}) for number in range(len(BALLOTS))]


def _decided_budget(budgets: Budgets, region: str, fund: str, entrepreneurs: list[str],
                    voters: list[User]):
    """The first budget, carried from its proposals to its results."""
    process = budgets.create_process({
        "name": "Πλατείες και γειτονιές 2026", "region": region, "budget": BUDGET,
        "fund_id": fund, "rule": OutcomeRule.EQUAL_SHARES,
        "description": "Demo: voted, with its results."})
    projects = [budgets.propose(process.id, {
        "proposer_id": _nth(entrepreneurs, number), "title": title, "cost": cost}).id
        for number, (title, cost) in enumerate(PROJECTS)]
    title, cost, reason = INELIGIBLE
    ineligible = budgets.propose(process.id, {"proposer_id": _nth(entrepreneurs, 1),
                                              "title": title, "cost": cost}).id
    budgets.open_phase(process.id, Phase.REVIEW)
    for project in projects:
        budgets.review(project, True, "")
    budgets.review(ineligible, False, reason)
    budgets.open_phase(process.id, Phase.VOTING)
    for voter, approved in zip(voters, BALLOTS, strict=True):
        budgets.cast(process.id, [projects[n] for n in approved], actor=voter)
    return budgets.open_phase(process.id, Phase.RESULTS)


def _campaign(store: GraphStore, region: str, entrepreneurs: list[str], seed: int,
              clock: Callable[[], datetime]) -> tuple[str | None, str | None, tuple[str, ...]]:
    """A campaign of one of the region's entrepreneurs, the pool of the region's first
    investor, and pledges of the region's other entrepreneurs and investors."""
    investors = _in_region(store, region, Kind.INVESTOR)
    if not investors:
        return None, None, ()
    desk = Campaigns(store, clock=clock)
    at = clock()
    owner = _nth(entrepreneurs, len(PROJECTS))
    pool = desk.define_pool(investors[0], {
        "name": "Ταμείο αντιστοίχισης 1:1", "cap": POOL_CAP, "deadline": at + timedelta(days=60),
        "per_pledge_cap": PER_PLEDGE_CAP, "per_project_cap": PER_PROJECT_CAP,
        "once_per_pledger": True, "regions": [region]})
    campaign = desk.launch(owner, {
        "title": "Κοινοτική κουζίνα της γειτονιάς", "minimum": MINIMUM, "optimum": OPTIMUM,
        "deadline": at + timedelta(days=30),
        "description": "Demo: a campaign matched one to one by a pool."})
    draw = random.Random(seed)
    pledgers = [s for s in sorted(entrepreneurs + investors[1:]) if s != owner][:PLEDGES]
    pledges = tuple(desk.pledge(campaign.id, pledger, Decimal(draw.choice(AMOUNTS))).pledge.id
                    for pledger in pledgers)
    return campaign.id, pool.id, pledges
