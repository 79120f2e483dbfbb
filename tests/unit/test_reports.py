"""A report of the small example ecosystem, checked figure by figure against hand counts:
scope, as-of filtering, before/after, need coverage, growth, suppression and naming."""

from __future__ import annotations

import itertools
from contextlib import nullcontext
from datetime import UTC, date, datetime

import networkx as nx
import pytest

from graph_models.domain.accounts import Role, User
from graph_models.domain.errors import Forbidden, InvalidInput
from graph_models.domain.snapshot import Snapshot
from graph_models.domain.stakeholders import TieType
from graph_models.reports import compare, ecosystem_report, headline, named_only, suppress
from graph_models.reports.examples import example_graph
from graph_models.use_cases.reports import Reporting


def test_a_region_scope_takes_its_sub_regions_and_only_the_ties_inside():
    report = ecosystem_report(example_graph(), region="EL30")
    # coop1, coop2, coop3 (EL30x), inv1 (EL30), sup1; t1–t5 inside, t6 (coop2–coop4) leaves.
    assert report.stakeholders == 5
    assert (report.ties, report.pairs, report.external_ties) == (5, 4, 1)
    assert report.by_region == {"EL303": 3, "EL30": 1, "EL301": 1}
    assert report.density == pytest.approx(4 / 10)


def test_sector_and_kind_scopes():
    food = ecosystem_report(example_graph(), sector="agrifood")
    assert food.stakeholders == 3 and food.pairs == 2  # coop1–coop2, coop2–coop4
    investors = ecosystem_report(example_graph(), kind="investor")
    assert investors.by_kind == {"investor": 2} and investors.pairs == 0
    # Two components of one, but neither is an isolate: both have ties outside the scope.
    assert investors.components.count == 2 and investors.components.isolates == 0


def test_as_of_keeps_only_the_stakeholders_and_ties_that_existed_then():
    early = ecosystem_report(example_graph(), as_of=date(2021, 3, 1))
    # Created by then: coop1, coop2, inv1, sup1 (2020), inv2, pol1 (2021-01); coop4 (2021-06)
    # and coop3 (2025) not yet. Ties begun by then: t1, t3, t4 (2020) and t2 (2021-02).
    assert early.stakeholders == 6
    assert early.ties == 4 and early.pairs == 3
    assert early.ties_by_type == {"KNOWS": 2, "FUNDED": 1, "SUPPORTED": 1}
    assert early.components.isolates == 2  # inv2 and pol1: their tie comes in 2023
    assert early.scope.as_of == date(2021, 3, 1)
    # A tie dated before one of its ends existed does not count before that end exists.
    assert ecosystem_report(example_graph(), as_of=date(2021, 6, 30)).ties == 5


def test_the_comparison_gives_each_change_as_after_minus_before():
    before = ecosystem_report(example_graph(), as_of=date(2020, 12, 31))
    after = ecosystem_report(example_graph())
    changes = compare(before, after).changes
    assert (changes["stakeholders"], changes["ties"], changes["pairs"]) == (4, 6, 5)
    assert changes["isolates"] == 1  # coop3 arrived alone
    assert changes["density"] == pytest.approx(8 / 28 - 3 / 6)
    assert changes["stakeholders_investor"] == 1  # inv2
    assert changes["ties_FUNDED"] == 2
    assert set(changes) == set(headline(after))


def test_need_coverage_counts_needs_with_a_tie_to_someone_offering_them():
    needs = ecosystem_report(example_graph()).needs
    coverage = {p.pillar: (p.needs, p.covered, p.share) for p in needs.by_pillar}
    # coop1's loan (inv1) and marketing (sup1) are covered, coop2's loan is not (no lender
    # among its ties), coop3's mentoring is not (alone), coop4's grant is (inv2).
    assert coverage["financing"] == (3, 2, pytest.approx(2 / 3))
    assert coverage["consulting"] == (1, 1, 1.0)
    assert coverage["training"] == (1, 0, 0.0)
    assert coverage["networking"] == (0, 0, None)
    assert needs.unmet_by_topic == {"financing.loan": 1, "training.mentoring": 1}
    assert needs.unmet_by_region == {"EL301": 1, "EL303": 1}
    assert needs.entrepreneurs_with_unmet_needs == 2


def test_a_provider_outside_the_scope_still_covers_a_need():
    # coop4 (EL522) is funded by inv2 (EL52); the scope EL522 does not hold inv2.
    needs = ecosystem_report(example_graph(), region="EL522").needs
    assert {p.pillar: p.covered for p in needs.by_pillar}["financing"] == 1


def test_mixing_finds_the_kinds_that_never_meet():
    mixing = ecosystem_report(example_graph()).mixing
    kinds = list(mixing.kinds)
    cell = {(a, b): mixing.matrix[kinds.index(a)][kinds.index(b)]
            for a in kinds for b in kinds}
    assert cell["entrepreneur", "entrepreneur"] == 2
    assert cell["entrepreneur", "investor"] == cell["investor", "entrepreneur"] == 2
    assert cell["investor", "policymaker"] == 1
    # One policymaker and one support organisation: no pair within either is possible.
    assert mixing.never_meet == (("investor", "investor"),
                                 ("investor", "support_organisation"),
                                 ("policymaker", "support_organisation"))


def test_mixing_by_legal_form_shows_which_entrepreneurs_investors_never_meet():
    mixing = ecosystem_report(example_graph()).mixing
    groups = list(mixing.groups)
    assert groups == ["investor", "policymaker", "support_organisation",
                      "entrepreneur:koinsep", "entrepreneur:workers_cooperative",
                      "entrepreneur"]
    cell = {(a, b): mixing.group_matrix[groups.index(a)][groups.index(b)]
            for a in groups for b in groups}
    assert cell["investor", "entrepreneur:koinsep"] == 2  # inv1–coop1, inv2–coop4
    assert cell["entrepreneur:koinsep", "entrepreneur:workers_cooperative"] == 2
    assert ("investor", "entrepreneur:workers_cooperative") in mixing.groups_never_meet
    assert ("investor", "entrepreneur:koinsep") not in mixing.groups_never_meet


def test_growth_counts_new_stakeholders_and_ties_per_month():
    growth = {m.month: m for m in ecosystem_report(example_graph()).growth}
    months = list(growth)
    assert months[0] == "2020-01" and months[-1] == "2025-02"
    assert (growth["2020-01"].stakeholders, growth["2020-01"].ties) == (3, 0)
    assert (growth["2020-02"].stakeholders, growth["2020-02"].ties) == (0, 1)
    assert growth["2025-02"].total_stakeholders == 8 and growth["2025-02"].total_ties == 9
    assert sum(m.ties for m in growth.values()) == 9


def test_isolates_are_listed_newest_first():
    report = ecosystem_report(example_graph(), as_of=date(2021, 3, 1))
    assert [s.id for s in report.components.listed_isolates] == ["inv2", "pol1"]  # same day: by id
    assert ecosystem_report(example_graph(), as_of=date(2021, 3, 1),
                            max_listed=1).components.unlisted_isolates == 1


def test_suppression_hides_small_counts_but_keeps_zeros_and_totals():
    report = suppress(ecosystem_report(example_graph()), min_count=3)
    assert report.by_kind == {"entrepreneur": 4, "investor": None, "policymaker": None,
                              "support_organisation": None}
    assert report.stakeholders == 8 and report.density == pytest.approx(8 / 28)
    kinds = list(report.mixing.kinds)
    assert report.mixing.matrix[kinds.index("investor")][kinds.index("investor")] == 0
    assert report.mixing.matrix[kinds.index("entrepreneur")][kinds.index("investor")] is None
    funded = {(d.kinds, d.tie_type): d for d in report.density_by_relation}[
        (("entrepreneur", "investor"), "FUNDED")]
    assert funded.pairs is None and funded.density is None
    assert all(v is None or v == 0 or v >= 3 for v in report.needs.unmet_by_topic.values())
    assert report.min_count == 3 and report.suppressed_cells > 10
    assert suppress(ecosystem_report(example_graph()), 0).suppressed_cells == 0


def test_suppression_hides_what_would_give_a_hidden_count_back():
    # Attica: three entrepreneurs, one investor, one support organisation.
    plain = ecosystem_report(example_graph(), region="EL30")
    report = suppress(plain, min_count=2)
    assert report.by_kind["investor"] is None
    shown = {(d.kinds, d.tie_type): d for d in (*report.density_by_kinds,
                                                *report.density_by_relation)}
    # n₁·n₂ = 3 · n would say n = 1; so would n(n−1)/2 = 0, and so would pairs / density.
    for kinds in (("entrepreneur", "investor"), ("investor", "investor")):
        assert shown[kinds, None].possible is None and shown[kinds, None].density is None
    assert shown[("entrepreneur", "investor"), "FUNDED"].possible is None
    assert shown[("entrepreneur", "entrepreneur"), None].possible == 3
    assert ("investor", "investor") not in plain.mixing.never_meet  # one alone: no pair possible
    assert ("investor", "investor") in report.mixing.never_meet  # listed as for two or more
    assert ("support_organisation", "support_organisation") in report.mixing.never_meet
    assert ("investor", "investor") in report.mixing.groups_never_meet
    assert ("entrepreneur:koinsep", "entrepreneur:koinsep") in report.mixing.groups_never_meet


def _tiny_suppressed():
    # EL52 on 2021-03-01: inv2 and pol1, both isolates, none named; 2 < 3 hides them all.
    plain = ecosystem_report(example_graph(), region="EL52", as_of=date(2021, 3, 1),
                             max_listed=0)
    assert plain.components.unlisted_isolates == 2
    return suppress(plain, min_count=3)


def test_a_suppressed_report_is_refused_a_second_suppression_instead_of_crashing():
    with pytest.raises(ValueError, match="suppressed already"):
        suppress(_tiny_suppressed(), min_count=3)
    assert suppress(suppress(ecosystem_report(example_graph()), 1), 3).min_count == 3


def test_naming_keeps_a_count_of_unlisted_isolates_that_suppression_hid_hidden():
    tiny = _tiny_suppressed()
    assert tiny.components.unlisted_isolates is None
    assert named_only(tiny, lambda node: False).components.unlisted_isolates is None


def test_an_unknown_scope_is_invalid_input_naming_the_field():
    with pytest.raises(InvalidInput) as error:
        ecosystem_report(example_graph(), region="EL99", sector="nothing", kind="robot")
    assert set(error.value.errors) == {"region", "sector", "kind"}


def test_the_same_inputs_give_the_same_report():
    assert ecosystem_report(example_graph(), seed=4) == ecosystem_report(example_graph(), seed=4)


# -- the use case: who may ask, who is named -------------------------------------------------

class FixedSnapshots:
    def reading(self):
        return nullcontext(Snapshot(version=3, graph=example_graph()))


def user(role: Role, regions=(), memberships=()) -> User:
    return User(id=f"u-{role}", username=str(role), role=role, regions=tuple(regions),
                memberships=tuple(memberships))


REPORTS = Reporting(FixedSnapshots(), min_count=0)


def test_a_coordinator_gets_its_territory_by_default_with_every_isolate_named():
    coordinator = user(Role.COORDINATOR, ["EL30"])
    report = REPORTS.report(actor=coordinator).report
    assert report.scope.region == "EL30"
    # coop3 is not discoverable, but it is in the coordinator's territory.
    assert [s.id for s in report.components.listed_isolates] == ["coop3"]
    assert all(b.stakeholder.id for b in report.brokers.top) and report.brokers.unlisted == 0


def test_a_viewer_gets_aggregates_only():
    viewer = user(Role.VIEWER, ["EL30"])
    report = REPORTS.report(actor=viewer, region="EL30").report
    assert report.components.listed_isolates == ()
    assert report.components.unlisted_isolates == report.components.isolates == 1
    assert report.brokers.top == () and report.brokers.unlisted > 0
    with pytest.raises(Forbidden):
        REPORTS.graph(actor=viewer)


def test_nobody_but_an_admin_reports_outside_their_territories():
    with pytest.raises(Forbidden) as error:
        REPORTS.report(actor=user(Role.COORDINATOR, ["EL30"]), region="EL52")
    assert "region" in error.value.errors
    with pytest.raises(Forbidden):
        REPORTS.report(actor=user(Role.VIEWER, ["EL30", "EL52"]))  # which one?
    assert REPORTS.report(actor=user(Role.ADMIN)).report.stakeholders == 8


def test_members_get_no_ecosystem_reports():
    with pytest.raises(Forbidden):
        REPORTS.report(actor=user(Role.MEMBER, memberships=["coop1"]))


def test_a_comparison_must_look_back():
    admin = user(Role.ADMIN)
    result = REPORTS.report(actor=admin, compare_to=date(2021, 1, 1))
    assert result.comparison.changes["stakeholders"] == 2  # coop4 and coop3
    with pytest.raises(InvalidInput) as error:
        REPORTS.report(actor=admin, as_of=date(2021, 1, 1), compare_to=date(2022, 1, 1))
    assert "compare_to" in error.value.errors


def test_the_use_case_suppresses_small_cells_for_everyone():
    strict = Reporting(FixedSnapshots(), min_count=5)
    report = strict.report(actor=user(Role.ADMIN)).report
    assert report.by_kind["investor"] is None and report.min_count == 5


def test_the_last_reports_of_a_frozen_snapshot_are_kept_and_reused():
    G = example_graph()
    first = ecosystem_report(G, region="EL30")
    assert ecosystem_report(G, region="EL30") is first
    assert ecosystem_report(G, region="EL52") is not first
    timed = ecosystem_report(G, region="EL30", timings={})
    assert timed is not first and timed == first
    thawed = nx.MultiGraph(G)
    assert ecosystem_report(thawed) is not ecosystem_report(thawed)


def month_by_month(growth, field: str) -> list:
    return [getattr(m, field) for m in growth]


def test_suppressed_growth_keeps_no_running_total_that_would_tell_a_hidden_month():
    # Per month: 3 joins, then 1, 1 and 1 ties.
    plain = ecosystem_report(example_graph())
    report = suppress(plain, min_count=3)
    for new, total, scope_total in (("stakeholders", "total_stakeholders", report.stakeholders),
                                    ("ties", "total_ties", report.ties)):
        counts = month_by_month(plain.growth, new)
        shown = month_by_month(report.growth, new)
        totals = [0, *month_by_month(report.growth, total), scope_total]
        assert all(s is None or s == c for s, c in zip(shown, counts, strict=True))
        assert all(c == 0 or c >= 3 for c in shown if c is not None)
        # Between any two totals a reader has (before the first month: none yet; after the
        # last: the scope's), the hidden months are none, or several that their sum does not
        # pin down, or include one hidden only to cover the others.
        known = [i for i, t in enumerate(totals) if t is not None]
        for a, b in itertools.pairwise(known):
            months = range(a, min(b, len(counts)))  # totals[i + 1] closes month i
            hidden = [counts[i] for i in months if shown[i] is None]
            covering = any(counts[i] >= 3 or counts[i] == 0 for i in months if shown[i] is None)
            assert (not hidden or (len(hidden) >= 2 and (
                covering or len(hidden) < sum(hidden) < len(hidden) * 2))), (new, a, b)
    assert month_by_month(report.growth, "total_stakeholders")[0] == 3  # January 2020: 3 joins


def village(entrepreneurs: int, investors: int) -> nx.MultiGraph:
    """Entrepreneurs in a ring, each investor funding the first of them; all in EL303."""
    G = nx.MultiGraph()
    created = datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(entrepreneurs):
        G.add_node(f"e{i}", kind="entrepreneur", region="EL303", name=f"e{i}",
                   created_at=created)
    for i in range(investors):
        G.add_node(f"i{i}", kind="investor", region="EL303", name=f"i{i}", created_at=created)
        G.add_edge(f"i{i}", "e0", key=f"f{i}", type=TieType.FUNDED, since=date(2024, 2, 1))
    for i in range(entrepreneurs):
        G.add_edge(f"e{i}", f"e{(i + 1) % entrepreneurs}", key=f"k{i}", type=TieType.KNOWS,
                   since=date(2024, 2, 1))
    return nx.freeze(G)


def test_a_hidden_count_cannot_be_worked_out_from_the_total_beside_it():
    report = suppress(ecosystem_report(village(11, 1)), min_count=5)
    assert report.stakeholders == 12 and report.ties == 12  # totals of 5 or more stay …
    # … so "11 entrepreneurs" would tell that the investor hidden beside them is one.
    assert report.by_kind == {"entrepreneur": None, "investor": None}
    assert report.ties_by_type == {"KNOWS": None, "FUNDED": None}
    assert report.degree.distribution == {1: None, 2: None, 3: None}  # 1 + 10 + 1
    assert report.by_region == {"EL303": 12}  # a table of one cell: nothing hidden
    kinds = list(report.mixing.kinds)
    e, i = kinds.index("entrepreneur"), kinds.index("investor")
    assert report.pairs == 12  # 11 in the ring and the one funding: both cells hidden
    assert (report.mixing.matrix[e][e], report.mixing.matrix[e][i],
            report.mixing.matrix[i][e], report.mixing.matrix[i][i]) == (None, None, None, 0)
    by_kinds = {d.kinds: d.pairs for d in report.density_by_kinds}
    assert by_kinds[("entrepreneur", "entrepreneur")] is None
    assert suppress(ecosystem_report(village(11, 6)), min_count=5).by_kind == {
        "entrepreneur": 11, "investor": 6}
    # Two kinds hidden whose sum leaves each open (1 + 3 = 4: 1 + 3, 2 + 2 or 3 + 1).
    G = nx.MultiGraph(village(11, 1))
    for i in range(3):
        G.add_node(f"p{i}", kind="policymaker", region="EL303", name=f"p{i}",
                   created_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert suppress(ecosystem_report(nx.freeze(G)), min_count=5).by_kind == {
        "entrepreneur": 11, "investor": None, "policymaker": None}
