"""The report's funding flows read from each store, the real Neo4j included: the figures of
tests/funding_world.py worked out by hand, at a date and compared with an earlier one."""

from __future__ import annotations

from datetime import date

from graph_models.use_cases.reports import Reporting
from graph_models.use_cases.snapshots import SnapshotCache
from tests.funding_world import people, ties


def rows(table) -> dict[str, tuple]:
    return {r.key: (r.ties, r.amount, r.missing_amounts, r.funders, r.recipients)
            for r in table}


def test_the_funding_flows_of_a_region_from_either_store(store):
    for s in people():
        store.create_stakeholder(s)
    for t in ties():
        store.create_tie(t)
    result = Reporting(SnapshotCache(store), min_count=0).report(
        region="EL30", as_of=date(2025, 1, 1), compare_to=date(2024, 5, 15))
    flows = result.report.funding
    # Into Attica: f1–f4 (f5 goes to e5 in EL52); b2's two ties come from outside.
    assert (flows.ties, flows.amount, flows.missing_amounts) == (4, 1700.0, 1)
    assert (flows.funders, flows.recipients, flows.from_outside) == (3, 2, 2)
    assert rows(flows.by_funder) == {
        "investor:ethical_bank": (2, 200.0, 1, 1, 1),
        "investor:public_fund": (1, 500.0, 0, 1, 1),
        "policymaker": (1, 1000.0, 0, 1, 1)}
    assert rows(flows.by_channel) == {
        "participatory_budget": (1, 1000.0, 0, 1, 1), "matchfunding_pool": (1, 500.0, 0, 1, 1),
        "pledges": (1, 200.0, 0, 1, 1), "direct": (1, 0.0, 1, 1, 1)}
    assert rows(flows.by_instrument) == {
        "grant": (1, 1000.0, 0, 1, 1), "loan": (1, 500.0, 0, 1, 1),
        "crowdfunding": (1, 200.0, 0, 1, 1), "": (1, 0.0, 1, 1, 1)}
    assert rows(flows.by_legal_form) == {"koinsep": (2, 1500.0, 0, 2, 1),
                                         "workers_cooperative": (2, 200.0, 1, 1, 1)}
    assert rows(flows.by_region) == {"EL303": (2, 1500.0, 0, 2, 1),
                                     "EL301": (2, 200.0, 1, 1, 1)}
    # Never funded: e3 and e4 of the four Attica entrepreneurs.
    assert (flows.entrepreneurs, flows.never_funded, flows.never_funded_share) == (4, 2, 0.5)
    assert [(r.key, r.entrepreneurs, r.never_funded, r.share)
            for r in flows.never_funded_by_legal_form] == [
        ("", 1, 1, 1.0), ("koinsep", 2, 1, 0.5), ("workers_cooperative", 1, 0, 0.0)]
    assert [(r.key, r.entrepreneurs, r.never_funded) for r in flows.never_funded_by_region] == [
        ("EL303", 3, 2), ("EL301", 1, 0)]
    # Longest in the network first: e4 (2022-01-01, 1096 days to 2025-01-01), then e3.
    assert [(u.stakeholder.id, u.joined, u.days) for u in flows.listed_never_funded] == [
        ("e4", date(2022, 1, 1), 1096), ("e3", date(2024, 6, 1), 214)]
    # On 2024-05-15: f1 and f4 only; e3 had not joined, e4 alone waited.
    comparison = result.comparison
    assert comparison.before_figures["funded_ties"] == 2
    assert comparison.before_figures["funding_amount"] == 1000.0
    assert comparison.before_figures["never_funded"] == 1
    assert (comparison.changes["funded_ties"], comparison.changes["funding_amount"],
            comparison.changes["never_funded"], comparison.changes["funded_entrepreneurs"]) == (
        2, 700.0, 1, 0)
