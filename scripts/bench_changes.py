"""Benchmark: what the change feed costs a store's writes, and what reading it costs.

Not a test: it prints timings, and asserts nothing about them.

    python scripts/bench_changes.py --store sqlite:////tmp/changes.db --size 10000 --ties 100000
    python scripts/bench_changes.py --store bolt://127.0.0.1:7689 --size 10000 --ties 100000

The store is emptied, then the demo ecosystem imported. The single writes (a stakeholder renamed,
created; a tie created, deleted) are then timed one by one, median and 90th percentile: run the
same script on a checkout without the feed to compare (``graph_changes`` is then skipped).
Then ``graph_changes`` is timed for 0, 1, 100 and 10,000 changed objects: the 10,000 both as
one import (replacing stakeholders and ties) and as 10,000 single writes. Last, the single
writes again, now that the feed holds as many versions as it keeps and each write trims it.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from datetime import timedelta

from bench_import import empty_store

from graph_models.demo import generate_ecosystem
from graph_models.domain.interchange import StakeholderImport, StakeholderRef, TieImport
from graph_models.domain.stakeholders import Stakeholder, Tie, TieType, new_id
from graph_models.stores import open_store


def milliseconds(action, repeats: int) -> list[float]:
    """The wall-clock milliseconds of each of ``repeats`` runs of ``action(number)``."""
    times = []
    for number in range(repeats):
        start = time.perf_counter()
        action(number)
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    print(f"{label:<44} median {statistics.median(ordered):8.2f} ms   "
          f"p90 {ordered[int(0.9 * (len(ordered) - 1))]:8.2f} ms   ({len(ordered)} runs)",
          flush=True)


# Each phase renames with numbers of its own, so that every write changes what it writes.
def renamed(s: Stakeholder, number: int) -> Stakeholder:
    return dataclasses.replace(s, name=f"{s.name} ({number})",
                               updated_at=s.updated_at + timedelta(seconds=number + 1))


def reweighted(t: Tie, number: int) -> Tie:
    return dataclasses.replace(t, weight=t.weight + 1,
                               updated_at=t.updated_at + timedelta(seconds=number + 1))


def single_writes(store, people: list[Stakeholder], repeats: int) -> None:
    """Time each kind of single write of the graph."""
    report("update_stakeholder", milliseconds(
        lambda n: store.update_stakeholder(renamed(people[n], n)), repeats))
    report("create_stakeholder", milliseconds(
        lambda n: store.create_stakeholder(dataclasses.replace(
            people[n], id=new_id(), external_id=None)), repeats))
    made = []

    def create_tie(n: int) -> None:
        source, target = people[n], people[-1 - n]
        made.append(store.create_tie(Tie(
            id=new_id(), type=TieType.KNOWS, source=source.id, target=target.id,
            since=source.created_at.date(), strength=2, created_at=source.created_at,
            updated_at=source.created_at)))

    report("create_tie", milliseconds(create_tie, repeats))
    report("delete_tie", milliseconds(lambda n: store.delete_tie(made[n].id), repeats))


def feed_reads(store, people: list[Stakeholder], ties: list[Tie], repeats: int) -> None:
    """Time graph_changes for a growing number of changed objects."""
    version = store.version()
    report("graph_changes: at the current version", milliseconds(
        lambda n: store.graph_changes(version), repeats))
    store.update_stakeholder(renamed(people[0], 1_000_000))
    report("graph_changes: 1 change", milliseconds(
        lambda n: store.graph_changes(version), repeats))
    version = store.version()
    for number in range(100):
        store.update_stakeholder(renamed(people[number], 1_000_001 + number))
    report("graph_changes: 100 changes, 100 writes", milliseconds(
        lambda n: store.graph_changes(version), repeats))

    version = store.version()
    half = 5_000
    store.bulk_upsert([StakeholderImport(renamed(s, 2_000_000)) for s in people[:half]],
                      [TieImport(reweighted(t, 2_000_000), StakeholderRef(id=t.source),
                                 StakeholderRef(id=t.target)) for t in ties[:half]])
    changes = store.graph_changes(version)
    print(f"  {len(changes.stakeholders)} stakeholders, {len(changes.ties)} ties "
          f"over {changes.version - version} versions")
    report("graph_changes: 10,000 changes, one import", milliseconds(
        lambda n: store.graph_changes(version), 5))

    version = store.version()
    writes = milliseconds(
        lambda n: store.update_stakeholder(renamed(people[n], 3_000_000 + n)), 10_000)
    report("  (the 10,000 single writes)", writes)
    report("graph_changes: 10,000 changes, 10,000 writes", milliseconds(
        lambda n: store.graph_changes(version), 5))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()

    empty_store(args.store)
    store = open_store(args.store)
    store.ensure_schema()
    demo = generate_ecosystem(args.size, ties=args.ties, seed=args.seed)
    start = time.perf_counter()
    store.bulk_upsert([StakeholderImport(s) for s in demo.stakeholders],
                      [TieImport(t, StakeholderRef(id=t.source), StakeholderRef(id=t.target))
                       for t in demo.ties])
    print(f"imported {len(demo.stakeholders)} stakeholders, {len(demo.ties)} ties "
          f"in {time.perf_counter() - start:.1f} s", flush=True)
    single_writes(store, demo.stakeholders, args.repeats)
    if hasattr(store, "graph_changes"):
        feed_reads(store, demo.stakeholders, demo.ties, args.repeats)
        print("again, past the feed's", store.feed.keep_versions, "versions (each write trims)")
        single_writes(store, demo.stakeholders, args.repeats)
    store.close()


if __name__ == "__main__":
    main()
