"""Recommendations for one stakeholder: hard filters, roles, determinism, cold start,
inclusion, feedback, and bad input."""

from __future__ import annotations

import math
import random
from datetime import date

import pytest

from graph_models.demo import generate_ecosystem
from graph_models.domain.errors import InvalidInput, NotFound
from graph_models.domain.interchange import GraphExport
from graph_models.domain.policy import Reach
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Instrument, Kind, Stage, TieType
from graph_models.matching import MatchIndex, MatchWeights, explain, recommend
from graph_models.matching.examples import example_graph
from tests.builders import stakeholder, tie

E, INV, S, P = (Kind.ENTREPRENEUR, Kind.INVESTOR, Kind.SUPPORT_ORGANISATION, Kind.POLICYMAKER)


def graph(people, ties=()):
    return build_snapshot(GraphExport(version=1, stakeholders=list(people),
                                      ties=list(ties))).graph


@pytest.fixture(scope="module")
def demo():
    """A small demo ecosystem, its graph and index (about 0.3 s)."""
    eco = generate_ecosystem(400, seed=5)
    G = build_snapshot(GraphExport(version=1, stakeholders=eco.stakeholders,
                                   ties=eco.ties)).graph
    return eco, G, MatchIndex.from_graph(G)


def ids(matches):
    return [m.candidate_id for m in matches]


def test_a_non_discoverable_stakeholder_never_appears_as_a_candidate_or_a_connection(demo):
    eco, _, index = demo
    hidden = {s.id for s in eco.stakeholders if not s.discoverable}
    assert hidden
    for s in eco.stakeholders[::7]:
        for match in recommend(index, s.id, limit=100, include_connected=True):
            assert match.candidate_id not in hidden
            assert not hidden.intersection(v for c in match.connections for v in c.via)


def test_the_seeker_never_matches_itself(demo):
    eco, _, index = demo
    for s in eco.stakeholders[:60]:
        assert s.id not in ids(recommend(index, s.id, limit=100, include_connected=True))


def test_already_connected_candidates_are_left_out_unless_asked_for():
    G = example_graph()
    assert "sup" not in ids(recommend(G, "ent", kind="support_organisation"))
    again = recommend(G, "ent", kind="support_organisation", include_connected=True)
    assert ids(again) == ["sup"]
    assert again[0].term("proximity").value == 1.0


def test_blocked_pairs_are_filtered_in_either_order():
    G = example_graph()
    assert ids(recommend(G, "ent", kind="investor", blocked={("ent", "inv")})) == ["inv2"]
    assert ids(recommend(G, "ent", kind="investor", blocked=[("inv", "ent")])) == ["inv2"]
    assert ids(recommend(G, "inv", blocked={("ent", "inv")})) == []


def test_a_candidate_with_no_capacity_left_is_filtered():
    people = [stakeholder(E, id="me"), stakeholder(S, id="full", capacity=1),
              stakeholder(S, id="free", capacity=1), stakeholder(E, id="other")]
    G = graph(people, [tie(TieType.SUPPORTED, "full", "other", since=date(2026, 1, 1))])
    assert ids(recommend(G, "me", kind="support_organisation")) == ["free"]


def test_the_same_input_gives_the_same_ranking_whatever_the_insertion_order(demo):
    eco, _, index = demo
    shuffled = list(eco.stakeholders)
    random.Random(3).shuffle(shuffled)
    ties = list(reversed(eco.ties))
    other = MatchIndex.from_graph(build_snapshot(GraphExport(1, shuffled, ties)).graph)
    for s in eco.stakeholders[::25]:
        first = recommend(index, s.id, limit=20)
        assert first == recommend(index, s.id, limit=20) == recommend(other, s.id, limit=20)


def test_equal_scores_are_ordered_by_candidate_id():
    twins = [stakeholder(INV, id=x, sectors=("agrifood",)) for x in ("b-bank", "a-bank", "c-bank")]
    G = graph([stakeholder(E, id="me", sectors=("agrifood",)), *twins])
    matches = recommend(G, "me", kind="investor")
    assert len({m.score for m in matches}) == 1
    assert ids(matches) == ["a-bank", "b-bank", "c-bank"]


def test_a_newcomer_without_ties_gets_matches_from_its_attributes_alone():
    newcomer = stakeholder(E, id="new", region="EL522", sectors=("agrifood",),
                           stage=Stage.FORMING, needs=("financing.microcredit",),
                           funding_sought=8_000)
    fitting = stakeholder(INV, id="z-fits", region="EL522", sectors=("agrifood",),
                          instruments=(Instrument.MICROCREDIT,), ticket_min=1_000,
                          ticket_max=25_000, offers=("financing.microcredit",))
    unfit = stakeholder(INV, id="a-unfit", region="EL431", sectors=("housing",),
                        instruments=(Instrument.EQUITY,), ticket_min=100_000,
                        ticket_max=900_000, offers=("financing.equity",))
    G = graph([newcomer, fitting, unfit])
    matches = recommend(G, "new", kind="investor")
    assert ids(matches) == ["z-fits", "a-unfit"]
    assert matches[0].score > 80 > 40 > matches[1].score
    assert str(matches[0].term("proximity").reason).startswith("you have no ties yet")


def test_the_inclusion_term_lifts_a_newcomer_over_an_equally_fitting_hub():
    twin = dict(sectors=("agrifood",), offers=("consulting.business_plan",), capacity=None)
    people = [stakeholder(E, id="me", sectors=("agrifood",), needs=("consulting.business_plan",)),
              stakeholder(S, id="a-hub", **twin), stakeholder(S, id="z-new", **twin),
              *(stakeholder(E, id=f"e{i}") for i in range(30))]
    G = graph(people, [tie(TieType.SUPPORTED, "a-hub", f"e{i}") for i in range(30)])
    matches = recommend(G, "me", kind="support_organisation")
    assert ids(matches) == ["z-new", "a-hub"]
    assert matches[0].term("inclusion").value == 1.0
    assert matches[1].term("inclusion").value == pytest.approx(10 / 40, abs=1e-3)
    without = recommend(G, "me", kind="support_organisation",
                        weights=MatchWeights.from_mapping({"inclusion": 0.0}))
    assert ids(without) == ["a-hub", "z-new"]  # a tie, broken by id
    assert without[0].score == without[1].score


def test_feedback_lowers_the_pair_and_says_so():
    G = example_graph()
    plain = recommend(G, "ent", kind="investor")
    declined = recommend(G, "ent", kind="investor", feedback={("inv", "ent"): 1.0})
    assert ids(plain) == ["inv", "inv2"]
    assert ids(declined) == ["inv2", "inv"]
    lowered = declined[1]
    assert lowered.score == pytest.approx(plain[0].score * 0.5, abs=0.1)
    penalty = lowered.term("feedback")
    assert penalty.points == pytest.approx(-plain[0].score * 0.5, abs=0.1)
    assert "lowers the score by 50%" in str(penalty.reason)


def test_each_seeker_kind_gets_its_default_kinds():
    G = graph([stakeholder(k, id=k.value, region="EL303", jurisdiction="EL3" if k == P else None)
               if k == P else stakeholder(k, id=k.value) for k in Kind]
              + [stakeholder(E, id="peer")])
    kinds = {k: sorted({m.kind for m in recommend(G, k.value, limit=100)}) for k in Kind}
    assert kinds[E] == ["entrepreneur", "investor", "policymaker", "support_organisation"]
    assert kinds[INV] == ["entrepreneur"]
    assert kinds[S] == ["entrepreneur"]
    assert kinds[P] == ["entrepreneur", "support_organisation"]
    roles = {m.candidate_id: m.role for m in recommend(G, "entrepreneur", limit=100)}
    assert roles == {"investor": "funder", "support_organisation": "provider", "peer": "peer",
                     "policymaker": "policymaker"}


def test_pillar_training_asks_an_entrepreneur_for_mentors_who_offer_mentoring():
    people = [stakeholder(E, id="me", stage=Stage.IDEA, needs=("training.mentoring",)),
              stakeholder(E, id="mentor", stage=Stage.SCALING, offers=("training.mentoring",)),
              stakeholder(E, id="peer", stage=Stage.SCALING, offers=())]
    G = graph(people)
    mentors = recommend(G, "me", kind="entrepreneur", pillar="training")
    assert [(m.candidate_id, m.role) for m in mentors] == [("mentor", "mentor")]
    assert {m.candidate_id for m in recommend(G, "me", kind="entrepreneur")} == {
        "mentor", "peer"}


def test_a_pillar_keeps_only_providers_that_offer_it():
    people = [stakeholder(E, id="me"),
              stakeholder(S, id="trainer", offers=("training.sales",)),
              stakeholder(S, id="consultant", offers=("consulting.marketing",))]
    assert ids(recommend(graph(people), "me", pillar="training")) == ["trainer"]


def test_a_support_organisation_only_sees_entrepreneurs_whose_needs_it_serves():
    people = [stakeholder(S, id="me", offers=("consulting.marketing",)),
              stakeholder(E, id="served", needs=("consulting.marketing",)),
              stakeholder(E, id="unserved", needs=("financing.loan",))]
    assert ids(recommend(graph(people), "me")) == ["served"]


def test_connections_name_the_co_investor_path_across_the_funding_relation():
    people = [stakeholder(E, id="me", name="Ήλιος"), stakeholder(E, id="venture", name="Ρίζες"),
              stakeholder(INV, id="mine", name="Ηθική Τράπεζα"),
              stakeholder(INV, id="co", name="Ταμείο Αλληλεγγύης"),
              stakeholder(INV, id="stranger", name="Άγνωστο Ταμείο")]
    ties = [tie(TieType.FUNDED, "mine", "me"), tie(TieType.FUNDED, "mine", "venture"),
            tie(TieType.FUNDED, "co", "venture")]
    best = recommend(graph(people, ties), "me", kind="investor")[0]
    assert best.candidate_id == "co"
    assert str(best.term("proximity").reason) == (
        "funded ventures like yours: Ρίζες (via your investor Ηθική Τράπεζα)")
    assert best.connections[0].via == ("mine", "venture")
    assert best.connections[0].ties == ("FUNDED", "FUNDED", "FUNDED")


def test_the_path_search_stops_early_only_where_no_later_path_could_be_named(demo,
                                                                             monkeypatch):
    """The search for 3-paths stops at the first b whose bound falls below the strongest
    paths found: the same connections as searching every b it would have looked at, for
    less work."""
    eco, _, index = demo
    seekers = [s.id for s in eco.stakeholders if s.kind is E][:40]
    searched = []
    entries_towards = explain._entries_towards
    monkeypatch.setattr(explain, "_entries_towards",
                        lambda *args: searched.append(1) or entries_towards(*args))

    def answers():
        searched.clear()
        found = [recommend(index, s, limit=20, include_connected=True) for s in seekers]
        return found, len(searched)

    stopping, work = answers()
    monkeypatch.setattr(explain, "_ROUNDING", math.inf)  # no bound is ever beaten
    searching_on, more_work = answers()
    assert stopping == searching_on
    assert work < more_work
    assert any(len(c.via) == 2 for found in stopping for m in found for c in m.connections)


def test_shared_connections_are_named_and_hidden_ones_only_counted():
    people = [stakeholder(E, id="me"), stakeholder(E, id="peer"),
              stakeholder(E, id="friend", name="Φίλος"),
              stakeholder(E, id="secret", name="Μυστικός", discoverable=False)]
    ties = [tie(TieType.KNOWS, "me", "friend"), tie(TieType.KNOWS, "peer", "friend"),
            tie(TieType.KNOWS, "me", "secret"), tie(TieType.KNOWS, "peer", "secret")]
    match = recommend(graph(people, ties), "me", kind="entrepreneur")[0]
    assert match.candidate_id == "peer"
    assert str(match.term("proximity").reason) == "2 shared connections: Φίλος and 1 other"
    assert [c.via for c in match.connections] == [("friend",)]


@pytest.mark.parametrize(("query", "field"), [
    (dict(kind="banker"), "kind"),
    (dict(kind="policymaker"), None),  # valid for an entrepreneur
    (dict(pillar="marketing"), "pillar"),
    (dict(limit=0), "limit"),
    (dict(limit=101), "limit"),
    (dict(limit="10"), "limit"),
    (dict(limit=True), "limit"),
    (dict(weights={"proximity": 1}), "weights"),
    (dict(feedback={("ent", "inv"): 2.0}), "feedback"),
    (dict(feedback={"ent": 1.0}), "feedback"),
    (dict(blocked="ent"), "blocked"),
    (dict(blocked=[("ent",)]), "blocked"),
])
def test_bad_input_is_rejected_with_the_field_named(query, field):
    G = example_graph()
    if field is None:
        recommend(G, "ent", **query)
        return
    with pytest.raises(InvalidInput) as error:
        recommend(G, "ent", **query)
    assert field in error.value.errors


def test_a_kind_the_seeker_may_not_seek_is_invalid_input_naming_kind():
    with pytest.raises(InvalidInput) as error:
        recommend(example_graph(), "inv", kind="policymaker")
    assert list(error.value.errors) == ["kind"]


def test_a_missing_stakeholder_is_not_found():
    with pytest.raises(NotFound):
        recommend(example_graph(), "nobody")


def test_the_graph_is_not_mutated_and_a_frozen_graphs_index_is_reused():
    G = example_graph()
    before = (sorted(G.nodes(data=True)), sorted(G.edges(keys=True, data=True)))
    recommend(G, "ent")
    recommend(G, "inv")
    assert MatchIndex.of(G) is MatchIndex.of(G)
    assert (sorted(G.nodes(data=True)), sorted(G.edges(keys=True, data=True))) == before


def test_needs_kept_private_from_the_viewer_count_as_none_for_a_support_organisation():
    centre = stakeholder(S, id="centre", offers=("consulting.legal_form",), capacity=None)
    public, private = (stakeholder(E, id=name, needs=("consulting.legal_form",),
                                   needs_private=name == "private")
                       for name in ("public", "private"))
    G = graph([centre, public, private])

    def clients(private_needs, **query):
        return ids(recommend(G, "centre", private_needs=private_needs, **query))

    assert clients(None) == clients(Reach(ids=("private",))) == ["private", "public"]
    # A client must have a need the centre serves: one the viewer may not see is none.
    assert clients(Reach(ids=("centre",))) == ["public"]
    assert clients(Reach(regions=("EL52",)), pillar="consulting") == ["public"]
    assert clients(Reach(regions=("EL30",)), pillar="consulting") == ["private", "public"]
