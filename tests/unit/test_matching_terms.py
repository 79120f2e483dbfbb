"""Each term of a match score, on tiny hand-built graphs with values computed by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Instrument, Kind, Pillar, Stage, TieType
from graph_models.matching import DEFAULT_WEIGHTS, MatchIndex, MatchWeights, recommend
from graph_models.matching.roles import Role
from graph_models.matching.scoring import score_block, term_values
from graph_models.matching.walk import WalkState
from tests.builders import stakeholder, tie

E, INV, S, P = (Kind.ENTREPRENEUR, Kind.INVESTOR, Kind.SUPPORT_ORGANISATION, Kind.POLICYMAKER)


def graph(people, ties=()):
    return build_snapshot(GraphExport(version=1, stakeholders=list(people),
                                      ties=list(ties))).graph


def seeker(**fields):
    defaults = dict(id="me", region="EL303", sectors=("agrifood", "crafts"),
                    languages=("el", "en"), stage=Stage.OPERATING, funding_sought=25_000,
                    needs=("financing.loan", "financing.grant", "consulting.business_plan"))
    return stakeholder(E, **{**defaults, **fields})


def values(G, kind, role, pillar=None, seeker_id="me", weights=DEFAULT_WEIGHTS):
    """Each term's value for every candidate of ``kind``, by candidate id."""
    index = MatchIndex.from_graph(G)
    walk = WalkState(index, np.array([index.row[seeker_id]]), weights)
    block = score_block(index, walk, kind, role, pillar, weights, include_connected=True)
    found = term_values(block, 0, np.arange(len(block.cands)))
    return {index.ids[c]: {name: float(v[j]) for name, v in found.items()}
            for j, c in enumerate(block.cands)}


def test_need_offer_is_the_share_of_needs_in_scope_that_the_provider_offers():
    people = [seeker(),
              stakeholder(INV, id="bank", offers=("financing.loan", "financing.microcredit")),
              stakeholder(S, id="centre", offers=("consulting.business_plan",
                                                   "training.mentoring"))]
    G = graph(people)
    # An investor is judged on financing needs only: it covers loan of {loan, grant}.
    assert values(G, INV, Role.FUNDER)["bank"]["need_offer"] == 0.5
    # A support organisation on all needs: 1 of 3; on consulting needs alone: 1 of 1.
    assert values(G, S, Role.PROVIDER)["centre"]["need_offer"] == pytest.approx(1 / 3)
    assert values(G, S, Role.PROVIDER, Pillar.CONSULTING)["centre"]["need_offer"] == 1.0


def test_need_offer_for_a_provider_seeking_clients_is_the_share_of_the_clients_needs_it_serves():
    people = [stakeholder(S, id="me", offers=("consulting.business_plan", "training.sales")),
              seeker(id="coop", needs=("consulting.business_plan", "consulting.marketing",
                                       "training.sales", "financing.loan"))]
    assert values(graph(people), E, Role.CLIENT)["coop"]["need_offer"] == 0.5


def test_sector_is_the_share_of_the_entrepreneurs_sectors_the_other_side_covers():
    people = [seeker(),  # agrifood, crafts
              stakeholder(INV, id="focused", sectors=("agrifood", "health", "education")),
              stakeholder(INV, id="elsewhere", sectors=("housing",)),
              stakeholder(INV, id="unstated", sectors=())]
    got = values(graph(people), INV, Role.FUNDER)
    assert got["focused"]["sector"] == 0.5
    assert got["elsewhere"]["sector"] == 0.0
    assert got["unstated"]["sector"] == 0.5  # unknown counts half


def test_peer_sector_affinity_is_learned_from_partnerships_between_entrepreneurs():
    people = [seeker(sectors=("agrifood",)),
              stakeholder(E, id="farm", sectors=("agrifood",)),
              stakeholder(E, id="kitchen", sectors=("catering_food_services",)),
              stakeholder(E, id="press", sectors=("media",)),
              stakeholder(E, id="x", sectors=("agrifood",)),
              stakeholder(E, id="y", sectors=("catering_food_services",))]
    # One agrifood–catering partnership: row agrifood holds 5 (prior) on itself and 1 towards
    # catering, so the affinity agrifood → catering is 1/5.
    G = graph(people, [tie(TieType.PARTNERS_WITH, "x", "y")])
    got = values(G, E, Role.PEER)
    assert got["farm"]["sector"] == 1.0
    assert got["kitchen"]["sector"] == pytest.approx(0.2)
    assert got["press"]["sector"] == 0.0


@pytest.mark.parametrize(("place", "expected"), [
    ("EL303", 1.0),  # the same region
    ("EL307", 0.75),  # the same NUTS-2 region EL30
    ("EL30", 0.75),  # the NUTS-2 region itself
    ("EL411", 0.25),  # only the country
    ("DE300", 0.0),  # another country
])
def test_region_fit_follows_the_deepest_shared_nuts_level(place, expected):
    people = [seeker(), stakeholder(INV, id="other", region=place)]
    assert values(graph(people), INV, Role.FUNDER)["other"]["region"] == expected


def test_region_fit_at_the_nuts1_level_and_with_custom_levels():
    people = [seeker(region="EL411"), stakeholder(INV, id="other", region="EL421")]
    weights = MatchWeights.from_mapping({"region_levels": [0.1, 0.2, 0.3, 0.4]})
    assert values(graph(people), INV, Role.FUNDER)["other"]["region"] == 0.5
    assert values(graph(people), INV, Role.FUNDER, weights=weights)["other"]["region"] == 0.2


def test_a_policymakers_place_is_its_jurisdiction_and_it_must_hold_the_seeker():
    people = [seeker(region="EL303"),
              stakeholder(P, id="athens", region="EL303", jurisdiction="EL303"),
              stakeholder(P, id="attica", region="EL303", jurisdiction="EL30"),
              stakeholder(P, id="crete", region="EL431", jurisdiction="EL43")]
    G = graph(people)
    got = values(G, P, Role.POLICYMAKER)
    assert (got["athens"]["region"], got["attica"]["region"]) == (1.0, 0.75)
    assert [m.candidate_id for m in recommend(G, "me", kind="policymaker")] == [
        "athens", "attica"]


def test_language_is_one_when_a_language_is_shared_and_half_when_unstated():
    people = [seeker(languages=("el", "en")),
              stakeholder(INV, id="english", languages=("en",)),
              stakeholder(INV, id="german", languages=("de",)),
              stakeholder(INV, id="silent", languages=())]
    got = values(graph(people), INV, Role.FUNDER)
    assert [got[x]["language"] for x in ("english", "german", "silent")] == [1.0, 0.0, 0.5]


@pytest.mark.parametrize(("ticket", "instruments", "expected"), [
    ((5_000, 100_000), (Instrument.LOAN,), 1.0),  # covers 25,000; loans suit operating
    ((50_000, 200_000), (Instrument.GRANT,), 0.75),  # 25,000/50,000 = 0.5; grant suits
    ((1_000, 10_000), (Instrument.EQUITY,), 0.7),  # 10,000/25,000 = 0.4; equity suits
    ((5_000, 100_000), (Instrument.GUARANTEE,), 1.0),
])
def test_stage_for_financing_is_the_mean_of_ticket_and_instrument_fit(ticket, instruments,
                                                                       expected):
    people = [seeker(), stakeholder(INV, id="fund", ticket_min=ticket[0], ticket_max=ticket[1],
                                    instruments=instruments)]
    assert values(graph(people), INV, Role.FUNDER)["fund"]["stage"] == pytest.approx(expected)


def test_a_loan_does_not_suit_an_idea_and_unknown_parts_count_half():
    people = [seeker(stage=Stage.IDEA, funding_sought=None),
              stakeholder(INV, id="bank", instruments=(Instrument.LOAN,))]
    # ticket unknown (0.5) and loans do not suit ideas (0): 0.25.
    assert values(graph(people), INV, Role.FUNDER)["bank"]["stage"] == 0.25


def test_the_deal_flow_stage_term_reads_the_same_pair_from_the_investors_side():
    people = [stakeholder(INV, id="me", ticket_min=50_000, ticket_max=200_000,
                          instruments=(Instrument.GRANT,)),
              seeker(id="coop")]
    assert values(graph(people), E, Role.DEAL_FLOW)["coop"]["stage"] == pytest.approx(0.75)


def test_mentors_score_on_seniority_and_peers_on_similar_stage():
    people = [seeker(stage=Stage.FORMING, needs=("training.mentoring",)),
              stakeholder(E, id="scaling", stage=Stage.SCALING, offers=("training.mentoring",)),
              stakeholder(E, id="forming", stage=Stage.FORMING, offers=("training.mentoring",)),
              stakeholder(E, id="idea", stage=Stage.IDEA, offers=("training.mentoring",))]
    G = graph(people)
    mentors = values(G, E, Role.MENTOR, Pillar.TRAINING)
    assert [mentors[x]["stage"] for x in ("scaling", "forming", "idea")] == [1.0, 0.25, 0.0]
    peers = values(G, E, Role.PEER)
    assert peers["scaling"]["stage"] == pytest.approx(1 - 2 / 3)
    assert peers["forming"]["stage"] == 1.0


def test_inclusion_is_half_degree_over_half_degree_plus_degree():
    people = [seeker(), stakeholder(S, id="hub"), stakeholder(S, id="new"),
              *(stakeholder(E, id=f"e{i}") for i in range(5))]
    G = graph(people, [tie(TieType.KNOWS, "hub", f"e{i}") for i in range(5)])
    got = values(G, S, Role.PROVIDER)
    assert got["hub"]["inclusion"] == pytest.approx(10 / 15)
    assert got["new"]["inclusion"] == 1.0


def test_capacity_left_counts_mentors_and_support_given_in_the_last_year():
    people = [seeker(), stakeholder(S, id="centre", capacity=4),
              *(stakeholder(E, id=f"e{i}") for i in range(4))]
    ties = [tie(TieType.SUPPORTED, "centre", "e0", since=date(2026, 3, 1)),  # the latest
            tie(TieType.MENTORS, "centre", "e1", since=date(2025, 6, 1)),  # within the year
            tie(TieType.SUPPORTED, "centre", "e2", since=date(2024, 1, 1)),  # too old
            tie(TieType.KNOWS, "centre", "e3", since=date(2026, 1, 1))]  # not load
    G = graph(people, ties)
    index = MatchIndex.from_graph(G)
    assert index.as_of == date(2026, 3, 1)
    assert index.load[index.row["centre"]] == 2
    assert values(G, S, Role.PROVIDER)["centre"]["capacity"] == 0.5


def test_proximity_is_the_truncated_walk_divided_by_degree_and_normalised_by_the_best():
    from graph_models.matching.examples import example_graph

    index = MatchIndex.from_graph(example_graph())
    walk = WalkState(index, np.array([index.row["ent"]]), DEFAULT_WEIGHTS)
    block = score_block(index, walk, INV, Role.FUNDER, None, DEFAULT_WEIGHTS)
    # ent –SUPPORTED(1)– sup –SUPPORTED(1)– ent2 –FUNDED(2)– inv: P = 1 · 1/2 · 2/3 = 1/3, a walk
    # of 3 steps weighs 0.85³, and inv's weighted degree is 2.
    expected = 0.85 ** 3 * (1 / 3) / 2 ** 0.5
    raw = dict(zip((index.ids[c] for c in block.cands), block.raw[0], strict=True))
    assert raw == pytest.approx({"inv": expected, "inv2": 0.0})
    assert term_values(block, 0, np.array([0]))["proximity"][0] == 1.0  # the closest investor


def test_the_score_is_the_sum_of_the_terms_points():
    from graph_models.matching.examples import example_graph

    best = recommend(example_graph(), "ent", kind="investor")[0]
    # Every term is 1 except inclusion, 10 / (10 + 1): 100 · (0.95 + 0.05 · 10/11).
    assert best.score == round(100 * (0.95 + 0.05 * 10 / 11), 1) == 99.5
    assert sum(t.points for t in best.terms) == pytest.approx(best.score, abs=0.1)
    assert sum(t.weight for t in best.terms) == pytest.approx(1.0)


def test_terms_that_do_not_apply_to_a_role_are_left_out_and_the_rest_renormalised():
    people = [seeker(), stakeholder(S, id="centre", capacity=None), stakeholder(E, id="friend")]
    G = graph(people, [tie(TieType.KNOWS, "me", "friend")])
    match = recommend(G, "me", kind="support_organisation")[0]
    assert "stage" not in [t.name for t in match.terms]
    # Without stage (0.12) the weights sum to 0.88.
    assert match.term("need_offer").weight == pytest.approx(0.25 / 0.88, abs=1e-4)


def test_a_seeker_without_ties_is_scored_on_attributes_alone():
    people = [seeker(), stakeholder(S, id="centre", capacity=None)]
    match = recommend(graph(people), "me", kind="support_organisation")[0]
    # Neither stage (0.12) nor proximity (0.25) applies: the rest sum to 0.63.
    assert match.term("need_offer").weight == pytest.approx(0.25 / 0.63, abs=1e-4)
    assert match.term("proximity").weight == 0.0
    assert sum(t.weight for t in match.terms) == pytest.approx(1.0, abs=1e-3)
