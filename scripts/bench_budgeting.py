"""Time the Method of Equal Shares with its completion, and the greedy rule, on an election of
10⁴ voters and 10² projects: ours, and pabutools' on the same election read from a ``.pb`` file.

The election is generated, seeded, with the shape of a large city district vote: 100 projects
costing 20 000 to 400 000, a budget of about a fifth of their total, and 10 000 voters each
approving 1 to 10 projects, drawn with unequal popularity. ``--file`` times a real ``.pb`` file
instead. When pabutools is installed (it is in the test extras) the election is written as a
``.pb`` file (``--pb``, by default in the temporary directory; with ``--file``, the file itself
is used), pabutools reads that file with its own parser and counts it with the same rules; the
script says whether each outcome is the same as ours, project for project and in order.
``--no-pabutools`` leaves pabutools out.

    .venv/bin/python scripts/bench_budgeting.py [--voters 10000] [--projects 100] [--file F]
        [--pb F] [--no-pabutools]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from graph_models.budgeting import (
    Ballot,
    BallotKind,
    Election,
    Project,
    equal_shares,
    greedy_by_votes,
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


def timed(function, *args, **kwargs):
    """``function``'s result and the time it took, wall clock and CPU (the CPU time of this
    process, which other work on a shared machine inflates less)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, (f"{time.perf_counter() - wall:.2f} s "
                    f"(CPU {time.process_time() - cpu:.2f} s)")


def pabutools_rules():
    """pabutools' rules as the comparison runs them, or None when pabutools is not installed.

    Equal shares is completed as ours is by default: each voter's money raised by 1 while the
    outcome stays within the budget (``voter_budget_increment``), then the greedy rule; both
    count an approval as the project's cost (``Cost_Sat``) and break ties by project id (their
    default, ``lexico_tie_breaking``, as ours)."""
    try:
        from pabutools.election import Cost_Sat
        from pabutools.election.pabulib import parse_pabulib
        from pabutools.rules import (
            completion_by_rule_combination,
            greedy_utilitarian_welfare,
            method_of_equal_shares,
        )
    except ImportError:
        return None

    def mes(instance, profile):
        return completion_by_rule_combination(
            instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}])

    def greedy(instance, profile):
        return greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)

    return parse_pabulib, mes, greedy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--file", type=Path, help="a real .pb file to time instead")
    parser.add_argument("--pb", type=Path, help="where to write the election for pabutools")
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
    ours, took = timed(equal_shares, election)
    print(f"ours, equal shares + add-one + greedy: {took}, {len(ours.funded)} funded, "
          f"{ours.increments} increments, {float(ours.cost):,.0f} spent")
    our_greedy, took = timed(greedy_by_votes, election)
    print(f"ours, greedy: {took}, {len(our_greedy.funded)} funded")
    rules = None if args.no_pabutools else pabutools_rules()
    if rules is None:
        if not args.no_pabutools:
            print("pabutools is not installed (pip install -e '.[test]')")
        return
    parse, mes, greedy = rules
    if args.file:  # pabutools reads the real file itself, not our rewriting of it
        path = args.file
    else:
        path = args.pb or Path(tempfile.gettempdir()) / (
            f"bench_budgeting_{len(election.ballots)}x{len(election.projects)}.pb")
        path.write_text(write_pabulib(election), encoding="utf-8")
    (instance, profile), took = timed(parse, str(path))
    print(f"pabutools reads {path}: {took}")
    for name, rule, outcome in (("greedy", greedy, our_greedy),
                                ("equal shares + add-one + greedy", mes, ours)):
        reference, took = timed(rule, instance, profile)
        same = [p.name for p in reference] == list(outcome.funded)
        print(f"pabutools, {name}: {took}, {len(reference)} funded, "
              f"{'the same outcome as ours' if same else 'AN OUTCOME DIFFERENT FROM OURS'}",
              flush=True)


if __name__ == "__main__":
    main()
