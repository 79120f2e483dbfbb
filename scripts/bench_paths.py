"""Benchmark warm-path search (``warm_paths``) by size, on the demo ecosystem.

Not a test: it prints timings and asserts nothing about them. For each size it generates the
demo ecosystem (10 ties per stakeholder), builds the snapshot, warms up, then times
``warm_paths(G, requester, target)`` (limit 3, up to 3 hops, default trust) over three sets of
pairs drawn at random (seeded):

random
    any two distinct stakeholders;
realistic
    an entrepreneur asking for a discoverable investor or support organisation;
hubs
    the 30 stakeholders of highest degree, each asking for each other and for 10 random others
    (the worst case: the search from a hub touches thousands of neighbours).

For each set: p50 / p95 / p99 / max in ms, the share of pairs with at least one warm path,
and how many of the proposed paths are 3-hop; and the degrees of the slowest pair. Times are
wall-clock; the CPU time of the thread is shown beside them, since on a shared machine the
wall-clock tail is mostly other processes' turns. For
comparison, the first ``--baseline-pairs`` (default 100) realistic pairs are also timed with
networkx alone: listing ``nx.all_simple_paths(G, requester, target, cutoff=3)`` on the snapshot,
before any filtering or scoring.

The demo's busiest stakeholders have degree ~500-950. ``--hub-degree D`` makes a harsher graph:
``--extra-hubs`` (default 10) support organisations get KNOWS ties to random others until their
degree reaches D, and so lead the hubs set.

    python scripts/bench_paths.py                         # 10^3, 10^4, 10^5
    python scripts/bench_paths.py --sizes 100000 --pairs 1000
    python scripts/bench_paths.py --sizes 100000 --hub-degree 2000
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from datetime import date
from functools import partial

import networkx as nx
import numpy as np
from benchlib import peak_mb, timed

from graph_models.demo import generate_ecosystem
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind, Tie, TieType
from graph_models.introductions import warm_paths

HUBS = 30
HUB_PARTNERS = 10




def pair_sets(G, count: int, rng: np.random.Generator) -> dict[str, list[tuple[str, str]]]:
    ids = sorted(G)
    kind = {n: G.nodes[n]["kind"] for n in ids}
    entrepreneurs = [n for n in ids if kind[n] == Kind.ENTREPRENEUR]
    providers = [n for n in ids if kind[n] in (Kind.INVESTOR, Kind.SUPPORT_ORGANISATION)
                 and G.nodes[n]["discoverable"]]
    random_pairs = []
    while len(random_pairs) < count:
        a, b = rng.choice(len(ids), 2, replace=False)
        random_pairs.append((ids[a], ids[b]))
    realistic = [(entrepreneurs[rng.integers(len(entrepreneurs))],
                  providers[rng.integers(len(providers))]) for _ in range(count)]
    hubs = sorted(ids, key=lambda n: (-G.degree(n), n))[:HUBS]
    hub_pairs = [(h, o) for h in hubs for o in hubs if h != o]
    for h in hubs:
        hub_pairs += [(h, ids[i]) for i in rng.choice(len(ids), HUB_PARTNERS, replace=False)
                      if ids[i] != h]
        hub_pairs += [(ids[i], h) for i in rng.choice(len(ids), HUB_PARTNERS, replace=False)
                      if ids[i] != h]
    return {"random": random_pairs, "realistic": realistic, "hubs": hub_pairs}


def run(G, pairs) -> dict:
    times, cpu, answered, paths, three = [], [], 0, 0, 0
    for requester, target in pairs:
        start, start_cpu = time.perf_counter(), time.thread_time()
        found = warm_paths(G, requester, target)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        answered += bool(found)
        paths += len(found)
        three += sum(p.length == 3 for p in found)
    times = np.array(times)
    slowest = pairs[int(times.argmax())]
    return dict(n=len(pairs), p50=np.percentile(times, 50), p95=np.percentile(times, 95),
                p99=np.percentile(times, 99), max=times.max(), cpu_p99=np.percentile(cpu, 99),
                cpu_max=max(cpu), answered=answered / len(pairs),
                three=three / max(paths, 1),
                slowest_degrees=(G.degree(slowest[0]), G.degree(slowest[1])))


def grow_hubs(eco, degree: int, hubs: int, rng: np.random.Generator) -> list[Tie]:
    """Extra KNOWS ties that raise ``hubs`` support organisations to ``degree`` neighbours."""
    ids = [s.id for s in eco.stakeholders]
    chosen = [s.id for s in eco.stakeholders if s.kind == Kind.SUPPORT_ORGANISATION][:hubs]
    neighbours: dict[str, set[str]] = {h: set() for h in chosen}
    for t in eco.ties:
        for end, other in ((t.source, t.target), (t.target, t.source)):
            if end in neighbours:
                neighbours[end].add(other)
    extra = []
    for hub in chosen:
        known = neighbours[hub]
        while len(known) < degree:
            other = ids[rng.integers(len(ids))]
            if other != hub and other not in known:
                known.add(other)
                extra.append(Tie(id=f"HUB-{len(extra)}", type=TieType.KNOWS, source=hub,
                                 target=other, since=date(2026, 1, 1),
                                 strength=int(rng.integers(1, 6))))
    return extra


def bench(size: int, count: int, seed: int, hub_degree: int, extra_hubs: int,
          baseline: int) -> dict:
    row: dict = {"size": size}
    eco, row["generate"] = timed(lambda: generate_ecosystem(size, ties=10 * size, seed=seed))
    ties = eco.ties
    if hub_degree:
        ties = ties + grow_hubs(eco, hub_degree, extra_hubs, np.random.default_rng(seed))
    row["ties"] = len(ties)
    export = GraphExport(version=0, stakeholders=eco.stakeholders, ties=ties)
    snapshot, row["snapshot"] = timed(partial(build_snapshot, export))
    del eco, ties, export  # only the graph stays in memory, as in the service
    gc.collect()
    G = snapshot.graph
    row["max_degree"] = max(d for _, d in G.degree())
    row["peak_mb"] = peak_mb()
    rng = np.random.default_rng(seed)
    sets = pair_sets(G, count, rng)
    for requester, target in sets["random"][:50]:
        warm_paths(G, requester, target)
    row["sets"] = {name: run(G, pairs) for name, pairs in sets.items()}
    times = []
    for requester, target in sets["realistic"][:baseline]:
        start = time.perf_counter()
        list(nx.all_simple_paths(G, requester, target, cutoff=3))
        times.append((time.perf_counter() - start) * 1000)
    row["baseline"] = (len(times), np.percentile(times, 50), np.percentile(times, 99),
                       max(times)) if times else None
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--pairs", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--hub-degree", type=int, default=0)
    parser.add_argument("--extra-hubs", type=int, default=10)
    parser.add_argument("--baseline-pairs", type=int, default=100)
    args = parser.parse_args()

    rows = []
    for size in args.sizes:
        row = bench(size, args.pairs, args.seed, args.hub_degree, args.extra_hubs,
                    args.baseline_pairs)
        rows.append(row)
        print(f"{size:>7,} done in {row['generate'] + row['snapshot']:.0f} s of set-up", flush=True)

    print()
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (2 cores, shared)")
    print()
    print("| stakeholders | ties | max degree | pairs | n | p50 (ms) | p95 (ms) | p99 (ms) | "
          "max (ms) | CPU p99 / max (ms) | with a path | 3-hop share | slowest pair's degrees |")
    print("|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---|")
    for r in rows:
        for name, s in r["sets"].items():
            print(f"| {r['size']:,} | {r['ties']:,} | {r['max_degree']:,} | {name} | {s['n']:,} | "
                  f"{s['p50']:.2f} | {s['p95']:.2f} | {s['p99']:.2f} | {s['max']:.2f} | "
                  f"{s['cpu_p99']:.2f} / {s['cpu_max']:.2f} | "
                  f"{s['answered']:.0%} | {s['three']:.0%} | {s['slowest_degrees']} |")
    if any(r["baseline"] for r in rows):
        print()
        print("| stakeholders | realistic pairs | "
              "nx.all_simple_paths cutoff=3: p50 / p99 / max (ms) |")
        print("|---:|---:|---|")
        for r in rows:
            if r["baseline"]:
                n, p50, p99, top = r["baseline"]
                print(f"| {r['size']:,} | {n} | {p50:.1f} / {p99:.1f} / {top:.1f} |")
    print()
    print("| stakeholders | generate (s) | snapshot (s) | peak RSS (MB) |")
    print("|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['size']:,} | {r['generate']:.1f} | {r['snapshot']:.1f} | "
              f"{r['peak_mb']:,.0f} |")


if __name__ == "__main__":
    main()
