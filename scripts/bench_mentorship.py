"""Benchmark mentorship: a cohort of 2,000 mentees and 500 mentors, and circles of 1,000.

Not a test: it prints timings and asserts nothing about them. It generates the demo ecosystem
(``--size`` stakeholders, 6 ties each), builds the snapshot and its MatchIndex, enrols
``--mentors`` of the stakeholders who may mentor (a seeded sample) with capacities drawn from
1–5 and ``--mentees`` entrepreneurs who are not mentors, then times, separately:

- scoring: every mentor for every mentee by matching, the constraints (shared language), and the
  ``--candidates`` best per mentee (:func:`candidate_scores`);
- solving: the optimal assignment with each solver (scipy's sparse LAPJVsp on capacity slots,
  networkx's network simplex), checked to reach the same objective, and the stable one;
- explaining the first 100 placements;
- circles: :func:`peer_circles` over ``--circle-members`` entrepreneurs, sizes 4–8.

    python scripts/bench_mentorship.py
    python scripts/bench_mentorship.py --size 8000 --mentees 4000 --mentors 1000
"""

from __future__ import annotations

import argparse
import dataclasses
import random
from collections import Counter

from benchlib import timed

from graph_models.demo import generate_ecosystem
from graph_models.domain.interchange import GraphExport
from graph_models.domain.programmes import MentorEnrolment
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind
from graph_models.matching import MatchIndex
from graph_models.mentorship import (
    assign,
    candidate_scores,
    explain,
    mentees_of,
    mentors_of,
    peer_circles,
)
from graph_models.mentorship.assignment import SCALE


def objective(proposal) -> tuple[int, int]:
    return len(proposal.placements), sum(round(p.score * SCALE) for p in proposal.placements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=5_000)
    parser.add_argument("--mentees", type=int, default=2_000)
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--circle-members", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    eco, t_gen = timed(lambda: generate_ecosystem(args.size, seed=args.seed))
    G = build_snapshot(GraphExport(version=1, stakeholders=eco.stakeholders,
                                   ties=eco.ties)).graph
    _, t_index = timed(lambda: MatchIndex.of(G))
    print(f"ecosystem: {G.number_of_nodes():,} stakeholders, {G.number_of_edges():,} ties "
          f"(generated in {t_gen:.1f} s; MatchIndex {t_index:.2f} s)")

    able, t_pool = timed(lambda: mentors_of(G))
    if len(able) < args.mentors:
        raise SystemExit(f"only {len(able)} stakeholders may mentor: raise --size")
    chosen = sorted(rng.sample([m.id for m in able], args.mentors))
    enrolments = [MentorEnrolment(i, capacity=rng.randint(1, 5)) for i in chosen]
    mentors = mentors_of(G, enrolments)
    taken = set(chosen)
    pool = sorted(n for n in G if G.nodes[n]["kind"] == Kind.ENTREPRENEUR and n not in taken)
    mentees, t_mentees = timed(lambda: mentees_of(G, rng.sample(pool, args.mentees)))
    print(f"cohort: {len(mentees):,} mentees, {len(mentors):,} mentors "
          f"({Counter(m.kind for m in mentors)}), capacity {sum(m.capacity for m in mentors):,} "
          f"(eligibility of all {len(able):,} possible mentors {t_pool:.2f} s, "
          f"mentees {t_mentees:.2f} s)")

    scores, t_score = timed(lambda: candidate_scores(G, mentees, mentors, k=args.candidates))
    print(f"scoring: {len(scores):,} candidate pairs ({args.candidates} best per mentee) "
          f"in {t_score:.2f} s")

    results = {}
    for label, kwargs in (("optimal, sparse", dict(solver="sparse")),
                          ("optimal, network_simplex", dict(solver="network_simplex")),
                          ("stable", dict(method="stable"))):
        proposal, seconds = timed(lambda kwargs=kwargs: assign(mentees, mentors, scores,
                                                               **kwargs))
        results[label] = proposal
        reasons = Counter(u.reason.value for u in proposal.unplaced)
        print(f"solve {label:26s} {seconds:6.2f} s  placed {len(proposal.placements):,}  "
              f"quality {proposal.quality:,.1f}  unplaced {dict(reasons)}")
    same = objective(results["optimal, sparse"]) == objective(
        results["optimal, network_simplex"])
    print(f"both solvers reach the same optimum: {same}")
    first = dataclasses.replace(results["optimal, sparse"],
                                placements=results["optimal, sparse"].placements[:100])
    _, t_explain = timed(lambda: explain(G, first))
    print(f"explain 100 placements: {t_explain:.2f} s")

    members = sorted(rng.sample(pool, args.circle_members))
    plan, t_circles = timed(lambda: peer_circles(G, members, min_size=4, max_size=8,
                                                 seed=args.seed))
    greedy, t_greedy = timed(lambda: peer_circles(G, members, min_size=4, max_size=8,
                                                  seed=args.seed, max_passes=0))
    sizes = Counter(len(c.members) for c in plan.circles)
    regional = sum(c.region is not None for c in plan.circles)
    speaking = sum(bool(c.languages) for c in plan.circles)
    print(f"circles: {len(members):,} entrepreneurs → {len(plan.circles)} circles "
          f"{dict(sorted(sizes.items()))}, unplaced {len(plan.unplaced)} in {t_circles:.2f} s "
          f"(greedy alone {t_greedy:.2f} s, objective {greedy.objective:,.1f} → "
          f"{plan.objective:,.1f}); sharing a region {regional}, a language {speaking}; "
          f"already-tied pairs "
          f"{sum(c.connected_pairs for c in greedy.circles)} → "
          f"{sum(c.connected_pairs for c in plan.circles)} of "
          f"{sum(c.pairs for c in plan.circles):,}")


if __name__ == "__main__":
    main()
