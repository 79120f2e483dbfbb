"""Time the Method of Equal Shares with its completion on an election of 10⁴ voters and 10²
projects, ours and pabutools' (when installed: it is in the test extras).

No real pabulib file is shipped (their licence is not stated, tests/data/pabulib/README.md), so
the election is generated, seeded, with the shape of a large city district vote: 100 projects
costing 20 000 to 400 000, a budget of about a fifth of their total, and 10 000 voters each
approving 1 to 10 projects, drawn with unequal popularity. ``--file`` times a real ``.pb`` file
instead.

    .venv/bin/python scripts/bench_budgeting.py [--voters 10000] [--projects 100] [--file F]
        [--no-pabutools]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from graph_models.budgeting import (
    Ballot,
    BallotKind,
    Election,
    Project,
    equal_shares,
    read_pabulib,
    write_pabulib,
)


def generated(voters: int, projects: int, seed: int = 17) -> Election:
    """A seeded approval election of the given shape."""
    rng = np.random.default_rng(seed)
    costs = rng.integers(20, 400, projects) * 1000
    popularity = rng.dirichlet(np.full(projects, 0.5))
    items = tuple(Project(str(i + 1), int(cost)) for i, cost in enumerate(costs))
    ballots = []
    for voter in range(voters):
        size = int(rng.integers(1, 11))
        chosen = rng.choice(projects, size=size, replace=False, p=popularity)
        ballots.append(Ballot(f"v{voter + 1}", tuple(items[i].id for i in sorted(chosen))))
    return Election(items, int(costs.sum()) // 5, BallotKind.APPROVAL, tuple(ballots))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--no-pabutools", action="store_true")
    args = parser.parse_args()
    if args.file:
        election = read_pabulib(args.file.read_text(encoding="utf-8"))
        source = str(args.file)
    else:
        election = generated(args.voters, args.projects)
        source = "generated (seed 17)"
    print(f"{source}: {len(election.ballots)} voters, {len(election.projects)} projects, "
          f"budget {float(election.budget):,.0f}")
    started = time.perf_counter()
    outcome = equal_shares(election)
    ours = time.perf_counter() - started
    print(f"ours: equal shares + add-one + greedy: {ours:.2f} s, {len(outcome.funded)} funded, "
          f"{outcome.increments} increments, {float(outcome.cost):,.0f} spent")
    if args.no_pabutools:
        return
    try:
        from pabutools.election import Cost_Sat
        from pabutools.election.pabulib import parse_pabulib_from_string
        from pabutools.rules import (
            completion_by_rule_combination,
            greedy_utilitarian_welfare,
            method_of_equal_shares,
        )
    except ImportError:
        print("pabutools is not installed (pip install -e '.[test]')")
        return
    instance, profile = parse_pabulib_from_string(write_pabulib(election))
    started = time.perf_counter()
    reference = completion_by_rule_combination(
        instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}])
    theirs = time.perf_counter() - started
    same = [p.name for p in reference] == list(outcome.funded)
    print(f"pabutools: {theirs:.2f} s, {len(reference)} funded, "
          f"{'the same outcome' if same else 'A DIFFERENT OUTCOME'}")


if __name__ == "__main__":
    main()
