"""Who may mentor, the mentees, candidate scores from matching, and explained proposals."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_models.demo import generate_ecosystem
from graph_models.domain.errors import InvalidInput, NotFound
from graph_models.domain.interchange import GraphExport
from graph_models.domain.programmes import Constraints, Mentee, Mentor, MentorEnrolment
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind, Stage, TieType
from graph_models.matching import recommend
from graph_models.matching.pairs import explain_mentor_pair, mentor_scores
from graph_models.mentorship import assign, candidate_scores, explain, mentees_of, mentors_of
from graph_models.mentorship.candidates import allowed_matrix
from tests.builders import stakeholder, tie

E, INV, S, P = Kind.ENTREPRENEUR, Kind.INVESTOR, Kind.SUPPORT_ORGANISATION, Kind.POLICYMAKER
MENTORING = ("training.mentoring",)


def graph(people, ties=()):
    return build_snapshot(GraphExport(version=1, stakeholders=list(people),
                                      ties=list(ties))).graph


@pytest.fixture(scope="module")
def demo():
    eco = generate_ecosystem(400, seed=5)
    return build_snapshot(GraphExport(version=1, stakeholders=eco.stakeholders,
                                      ties=eco.ties)).graph


def test_who_may_mentor_follows_kind_consent_offer_experience_and_capacity():
    people = [
        stakeholder(E, id="senior", stage=Stage.SCALING, offers=MENTORING, capacity=None),
        stakeholder(E, id="novice", stage=Stage.IDEA, offers=MENTORING),
        stakeholder(E, id="quiet", stage=Stage.OPERATING, offers=MENTORING, discoverable=False),
        stakeholder(E, id="busy", stage=Stage.OPERATING, offers=MENTORING, capacity=1),
        stakeholder(E, id="mentee", stage=Stage.IDEA),
        stakeholder(INV, id="bank", offers=("financing.loan", *MENTORING)),
        stakeholder(INV, id="fund"),
        stakeholder(S, id="centre", capacity=12),
        stakeholder(P, id="city"),
    ]
    G = graph(people, [tie(TieType.MENTORS, "busy", "mentee", since=date(2026, 5, 1))])
    mentors = mentors_of(G)
    assert [(m.id, m.capacity) for m in mentors] == [("bank", 1), ("centre", 12),
                                                     ("senior", 1)]
    assert mentors[-1].topics == frozenset(MENTORING) and mentors[-1].kind == "entrepreneur"
    with pytest.raises(InvalidInput) as caught:
        mentors_of(G, ["novice", "quiet", "busy", "fund", "city", "bank"])
    assert set(caught.value.errors) == {"novice", "quiet", "busy", "fund", "city"}
    assert "no capacity left" in caught.value.errors["busy"][0]
    assert "operating stage" in caught.value.errors["novice"][0]


def test_a_programme_overrides_capacity_and_checks_availability():
    G = graph([stakeholder(S, id="centre", capacity=12)])
    [mentor] = mentors_of(G, [MentorEnrolment("centre", capacity=2,
                                              available_until=date(2027, 6, 30))],
                          start=date(2027, 1, 10))
    assert mentor.capacity == 2
    with pytest.raises(InvalidInput) as caught:
        mentors_of(G, [MentorEnrolment("centre", available_from=date(2027, 2, 1))],
                   start=date(2027, 1, 10))
    assert "not available" in caught.value.errors["centre"][0]
    with pytest.raises(InvalidInput):
        mentors_of(G, [MentorEnrolment("centre", capacity=0)])


def test_only_entrepreneurs_are_mentees():
    G = graph([stakeholder(E, id="a", needs=("training.sales", "financing.loan")),
               stakeholder(S, id="s")])
    [mentee] = mentees_of(G, ["a"])
    assert mentee.needs == frozenset({"training.sales"})
    with pytest.raises(InvalidInput):
        mentees_of(G, ["s"])
    with pytest.raises(NotFound):
        mentees_of(G, ["nobody"])


def test_a_mentor_scores_exactly_as_recommend_ranks_it(demo):
    mentors = [m.id for m in mentors_of(demo) if m.kind == "entrepreneur"]
    seekers = sorted(n for n in demo if demo.nodes[n]["kind"] == E)[:40]
    matrix = mentor_scores(demo, seekers, mentors, chunk_size=7)
    compared = 0
    for i, seeker in enumerate(seekers):
        shown = {m.candidate_id: m.score for m in
                 recommend(demo, seeker, kind="entrepreneur", pillar="training", limit=100)}
        for j, mentor in enumerate(mentors):
            if mentor in shown:
                assert round(float(matrix[i, j]), 1) == shown[mentor]
                compared += 1
            else:
                assert np.isnan(matrix[i, j])
    assert compared > 50


def test_scores_do_not_depend_on_the_chunk_size_or_the_mentors_asked(demo):
    mentors = [m.id for m in mentors_of(demo)]
    seekers = sorted(n for n in demo if demo.nodes[n]["kind"] == E)[:30]
    whole = mentor_scores(demo, seekers, mentors)
    np.testing.assert_array_equal(whole, mentor_scores(demo, seekers, mentors, chunk_size=4))
    np.testing.assert_array_equal(whole[:, ::3], mentor_scores(demo, seekers, mentors[::3]))


def test_constraints_apply_before_the_best_k_are_kept(demo):
    mentees = mentees_of(demo, sorted(n for n in demo if demo.nodes[n]["kind"] == E)[:50])
    mentors = mentors_of(demo)
    free = candidate_scores(demo, mentees, mentors, k=2,
                            constraints=Constraints(shared_language=False))
    strict = Constraints.of(region_level=2)
    kept = candidate_scores(demo, mentees, mentors, k=2, constraints=strict)
    by_id = {m.id: m for m in mentors}
    mentee = {m.id: m for m in mentees}
    assert kept and all(strict.allows(mentee[e], by_id[t]) for e, t in kept)
    everything = candidate_scores(demo, mentees, mentors, k=100, constraints=strict)
    for e in mentee:
        best = sorted(((-s, t) for (x, t), s in everything.items() if x == e))[:2]
        assert [(x, t) for (x, t) in kept if x == e] == [(e, t) for _, t in best]
    assert len([p for p in free if p[0] == mentees[0].id]) <= 2


def test_pins_get_their_score_even_outside_the_best(demo):
    mentees = mentees_of(demo, sorted(n for n in demo if demo.nodes[n]["kind"] == E)[:5])
    mentors = mentors_of(demo)
    everything = candidate_scores(demo, mentees, mentors, k=100)
    e = mentees[0].id
    worst = min((s, t) for (x, t), s in everything.items() if x == e)[1]
    top = candidate_scores(demo, mentees, mentors, k=1, pins=[(e, worst)])
    assert (e, worst) in top and len([p for p in top if p[0] == e]) == 2


def test_an_explained_proposal_adds_up_to_the_scores_it_used(demo):
    mentees = mentees_of(demo, sorted(n for n in demo if demo.nodes[n]["kind"] == E)[:30])
    mentors = mentors_of(demo)
    scores = candidate_scores(demo, mentees, mentors, k=5)
    proposal = explain(demo, assign(mentees, mentors, scores))
    assert proposal.placements
    for p in proposal.placements:
        assert p.match.candidate_id == p.mentor_id and p.match.role == "mentor"
        assert p.match.score == round(p.score, 1)
        assert sum(t.points for t in p.match.terms) == pytest.approx(p.score, abs=0.5)


def test_no_explanation_for_a_pair_matching_would_not_make(demo):
    mentor = mentors_of(demo)[0].id
    assert explain_mentor_pair(demo, mentor, mentor) is None


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.frozensets(st.sampled_from(["el", "en"]), max_size=2),
                          st.sampled_from([None, "EL301", "EL302", "EL52"])), max_size=6),
       st.lists(st.tuples(st.frozensets(st.sampled_from(["el", "en"]), max_size=2),
                          st.sampled_from([None, "EL301", "EL521"])), max_size=4),
       st.sampled_from([None, 0, 1, 2, 3]), st.booleans())
def test_the_allowed_matrix_is_the_constraints_pair_by_pair(left, right, level, language):
    mentees = [Mentee(f"e{i}", langs, region) for i, (langs, region) in enumerate(left)]
    mentors = [Mentor(f"m{j}", 1, languages=langs, region=region)
               for j, (langs, region) in enumerate(right)]
    excluded = [(e.id, t.id) for e in mentees[:2] for t in mentors[:1]]
    constraints = Constraints.of(shared_language=language, region_level=level,
                                 excluded=excluded)
    ok = allowed_matrix(mentees, mentors, constraints)
    assert ok.shape == (len(mentees), len(mentors))
    for i, e in enumerate(mentees):
        for j, t in enumerate(mentors):
            assert ok[i, j] == constraints.allows(e, t)
