"""Benchmark the match index as a live read model: build it, then bring it forward by changes.

Not a test: it prints timings and asserts nothing about them. For each size it generates the
demo ecosystem (``--ties-per`` ties per stakeholder, 10 by default) and times:

- the build from the export's domain values (``MatchIndex.from_export``), against the route a
  read took before (``build_snapshot`` → networkx multigraph → ``MatchIndex.from_graph``);
- ``index.updated(changes)`` for one write of each sort, each applied to the same index, with
  the median and the worst of ``--repeats`` writes: one stakeholder's attributes (its needs and
  offers, a field matching reads), one stakeholder hidden (discoverable turned off), one new tie
  between two stakeholders, one tie deleted, one stakeholder created with a tie (every row after
  it shifts) and one stakeholder deleted with its ties;
- the memory: the process's peak RSS after each phase, what the index's arrays hold, and how
  much of them a write makes anew (the rest is shared with the index before it).

The updates are timed once the export and the graph are gone, as in a worker that keeps only
the index (millions of tie objects would otherwise make the garbage collector's full passes
part of the figures).

    python scripts/bench_read_model.py                         # 10^4 and 10^5 stakeholders
    python scripts/bench_read_model.py --sizes 10000 --repeats 9
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import statistics
import time
from datetime import date

import numpy as np
from benchlib import peak_mb, timed

from graph_models.demo import generate_ecosystem
from graph_models.domain.changes import GraphChanges
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind, Stakeholder, Tie, TieType
from graph_models.matching import MatchIndex

WRITES = ("attributes", "hidden", "new tie", "deleted tie", "new stakeholder",
          "deleted stakeholder")


def arrays(index: MatchIndex) -> dict[int, int]:
    """The bytes of each array the index holds (the walk's included), by array id."""
    held = [v for v in (*vars(index).values(), *vars(index.ties).values(),
                        *vars(index.adjacency).values()) if isinstance(v, np.ndarray)]
    for walk in index._walks.values():
        for matrix in (walk.P, *walk.by_kind.values(), *walk._sliced.values()):
            held += [matrix.data, matrix.indices, matrix.indptr]
    return {id(a): a.nbytes for a in held}


def ties_of(index: MatchIndex, row: int) -> tuple[str, ...]:
    """The ids of the ties of the stakeholder at ``row``, read from the index."""
    _, at = index.ties.at_pairs(index.adjacency.pairs_of(np.array([row])))
    return tuple(i.decode() for i in index.ties.id[at])


def writes(index: MatchIndex, rng: np.random.Generator, kind: str) -> GraphChanges:
    """One write of ``kind`` to the graph of ``index``, as the change feed would answer it."""
    people = index.stakeholders
    row = int(rng.integers(index.n))
    someone: Stakeholder = people[row]
    if kind == "attributes":
        return GraphChanges(1, 2, stakeholders=(dataclasses.replace(
            someone, needs=("financing.grant", "training.mentoring"),
            offers=("networking.events",)),))
    if kind == "hidden":
        return GraphChanges(1, 2, stakeholders=(dataclasses.replace(
            someone, discoverable=not someone.discoverable),))
    other: Stakeholder = people[int(rng.integers(index.n))]
    if kind == "new tie":
        tie = Tie(id=f"bench-{rng.integers(1 << 40):x}", type=TieType.KNOWS,
                  source=someone.id, target=other.id, since=date(2026, 6, 1), strength=4)
        return GraphChanges(1, 2, ties=(tie,))
    if kind == "deleted tie":
        return GraphChanges(1, 2, deleted_ties=(
            index.ties.id[int(rng.integers(len(index.ties)))].decode(),))
    if kind == "new stakeholder":
        newcomer = dataclasses.replace(someone, id=f"{someone.id}-new", kind=Kind.ENTREPRENEUR,
                                       discoverable=True)
        tie = Tie(id=f"bench-{rng.integers(1 << 40):x}", type=TieType.KNOWS,
                  source=newcomer.id, target=other.id, since=date(2026, 6, 1))
        return GraphChanges(1, 2, stakeholders=(newcomer,), ties=(tie,))
    return GraphChanges(1, 2, deleted_stakeholders=(someone.id,),
                        deleted_ties=ties_of(index, row))


def bench(size: int, ties_per: int, repeats: int, seed: int) -> dict:
    row: dict = {"size": size}
    eco, row["generate"] = timed(lambda: generate_ecosystem(size, ties=ties_per * size,
                                                            seed=seed))
    row["ties"] = len(eco.ties)
    export = GraphExport(version=1, stakeholders=eco.stakeholders, ties=eco.ties)
    del eco
    gc.collect()
    row["rss_data"] = peak_mb()
    cpu = time.process_time()
    index, row["from_export"] = timed(lambda e=export: MatchIndex.from_export(e))
    row["from_export_cpu"] = time.process_time() - cpu
    row["rss_index"] = peak_mb()
    row["index_mb"] = sum(arrays(index).values()) / 1e6

    cpu = time.process_time()
    snapshot, row["snapshot"] = timed(lambda e=export: build_snapshot(e))
    _, row["from_graph"] = timed(lambda g=snapshot.graph: MatchIndex.from_graph(g))
    row["networkx_cpu"] = time.process_time() - cpu
    row["rss_networkx"] = peak_mb()
    # A worker keeps the index, not the export nor the graph: time the updates without them.
    del export, snapshot
    gc.collect()

    rng = np.random.default_rng(seed)
    before = arrays(index)
    for kind in WRITES:
        changes = [writes(index, rng, kind) for _ in range(repeats)]
        seconds, cpu, fresh = [], [], []
        for change in changes:
            start = time.process_time()
            later, elapsed = timed(lambda c=change: index.updated(c))
            cpu.append(time.process_time() - start)
            seconds.append(elapsed)
            fresh.append(sum(b for a, b in arrays(later).items() if a not in before) / 1e6)
            del later
        row[kind] = (statistics.median(seconds), max(seconds), statistics.median(cpu),
                     statistics.median(fresh))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--ties-per", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        rows.append(bench(size, args.ties_per, args.repeats, args.seed))
        print(f"{size:>7,} done: {rows[-1]}", flush=True)

    print()
    print("Wall-clock seconds (CPU seconds of this process in brackets: the machine is shared)")
    print()
    print("| stakeholders | ties | from the export (s) | export → networkx → index (s) | "
          "index arrays (MB) | peak RSS: export / + index / + networkx route (MB) |")
    print("|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r['size']:,} | {r['ties']:,} | {r['from_export']:.2f} "
              f"({r['from_export_cpu']:.2f}) | {r['snapshot']:.2f} + {r['from_graph']:.2f} "
              f"({r['networkx_cpu']:.2f}) | {r['index_mb']:,.0f} | "
              f"{r['rss_data']:,.0f} / {r['rss_index']:,.0f} / {r['rss_networkx']:,.0f} |")
    print()
    print(f"index.updated(changes) for one write: median / worst wall-clock of {args.repeats} "
          "(median CPU), ms; and the median MB of arrays the new index does not share")
    print()
    print("| stakeholders | " + " | ".join(WRITES) + " |")
    print("|---:|" + "---:|" * len(WRITES))
    for r in rows:
        cells = [f"{r[k][0] * 1000:.0f} / {r[k][1] * 1000:.0f} ({r[k][2] * 1000:.0f}); "
                 f"{r[k][3]:.0f} MB" for k in WRITES]
        print(f"| {r['size']:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
