"""Benchmark matches: index build, top-10 per seeker, and coordinator queries, by size.

Not a test: it prints timings and asserts nothing about them. For each size it generates the
demo ecosystem (10 ties per stakeholder), builds the snapshot and the MatchIndex, warms up,
then times ``recommend(index, seeker, limit=10)`` (default kinds) for 1,000 seekers drawn at
random (seeded) from all stakeholders, and a coordinator query over the NUTS-2 region whose
count of discoverable entrepreneurs is closest to 10^4 (the largest region below that size), with
no filter, with ``pillar="financing"`` and with ``need="financing.loan"``. For comparison it
times networkx on the same graph for one seeker: ``nx.pagerank`` with ``personalization`` and
``nx.adamic_adar_index`` over the seeker and every investor.

Each coordinator query runs ``--repeats`` times and the median is reported, wall-clock and CPU
time of this process: the machines are shared, and CPU time shows how much of a slow wall-clock
figure is waiting for a core. ``--exhaustive`` also times the same queries scoring every
entrepreneur in full (``exhaustive=True``, the route before bounds were used) and checks that
the reports are equal.

    python scripts/bench_matches.py                       # 10^3, 10^4, 10^5
    python scripts/bench_matches.py --sizes 100000 --seekers 1000 --repeats 5 --exhaustive

``--weights JSON`` times the top-10 with those match weights (a fitted model's, say, with its
``cold_terms``) instead of the hand weights, and first the behaviour columns such weights make
once per index (the first backers' profiles).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
from collections import Counter

import networkx as nx
import numpy as np
from benchlib import peak_mb, timed

from graph_models.demo import generate_ecosystem
from graph_models.domain.interchange import GraphExport
from graph_models.domain.snapshot import build_snapshot
from graph_models.domain.stakeholders import Kind
from graph_models.matching import MatchIndex, coordinator_matches, recommend
from graph_models.matching.behaviour_terms import segment_shares
from graph_models.matching.config import DEFAULT_WEIGHTS, MatchWeights
from graph_models.matching.walk import WalkState

TARGET_REGION_SIZE = 10_000
NETWORKX_PAGERANK_MAX_SIZE = 100_000




def repeated(action, repeats: int):
    """The result and the median wall-clock and CPU seconds of ``repeats`` runs."""
    walls, cpus = [], []
    for _ in range(repeats):
        cpu = time.process_time()
        result, wall = timed(action)
        cpus.append(time.process_time() - cpu)
        walls.append(wall)
    return result, statistics.median(walls), statistics.median(cpus)


def pick_region(index: MatchIndex) -> tuple[str, int]:
    """The NUTS-2 region whose discoverable entrepreneurs number closest to 10^4."""
    counts = Counter(index.place_codes[index.place[r]][:4]
                     for r in index.rows_of_kind(Kind.ENTREPRENEUR) if index.discoverable[r])
    region = min(counts, key=lambda code: (abs(counts[code] - TARGET_REGION_SIZE), code))
    return region, counts[region]


COORDINATOR_QUERIES = (("none", {}), ("financing", {"pillar": "financing"}),
                       ("loan", {"need": "financing.loan"}))


def bench(size: int, seekers: int, seed: int, repeats: int = 3,
          exhaustive: bool = False, weights: MatchWeights = DEFAULT_WEIGHTS) -> dict:
    row: dict = {"size": size}
    eco, row["generate"] = timed(lambda: generate_ecosystem(size, ties=10 * size, seed=seed))
    row["ties"] = len(eco.ties)
    export = GraphExport(version=0, stakeholders=eco.stakeholders, ties=eco.ties)
    snapshot, row["snapshot"] = timed(lambda: build_snapshot(export))
    del eco
    gc.collect()
    G = snapshot.graph
    index, row["index"] = timed(lambda: MatchIndex.from_graph(G))
    row["peak_mb"] = peak_mb()

    rng = np.random.default_rng(seed)
    chosen = [index.ids[i] for i in rng.choice(index.n, min(seekers, index.n), replace=False)]
    if weights.first_backers or dict(weights.cold_terms).get("first_backers"):
        _, row["first_backers_ms"] = timed(lambda: segment_shares(index, [0], first=True))
        row["first_backers_ms"] *= 1000
    for warm in chosen[:20]:
        recommend(index, warm, limit=10, weights=weights)
    times, by_kind = [], {}
    for seeker in chosen:
        start = time.perf_counter()
        recommend(index, seeker, limit=10, weights=weights)
        elapsed = (time.perf_counter() - start) * 1000
        times.append(elapsed)
        by_kind.setdefault(G.nodes[seeker]["kind"].value, []).append(elapsed)
    times = np.array(times)
    row.update(p50=np.percentile(times, 50), p99=np.percentile(times, 99), max=times.max(),
               by_kind={k: (len(v), float(np.percentile(v, 50)), float(np.percentile(v, 99)))
                        for k, v in sorted(by_kind.items())})

    region, entrepreneurs = pick_region(index)
    row["region"] = (region, entrepreneurs)
    for name, query in COORDINATOR_QUERIES:
        report, row[f"coordinator_{name}"], row[f"coordinator_{name}_cpu"] = repeated(
            lambda q=query: coordinator_matches(index, region=region, **q), repeats)
        row[f"scope_{name}"] = (report.entrepreneurs_in_scope, report.providers_in_scope)
        if exhaustive:
            full, row[f"exhaustive_{name}"], row[f"exhaustive_{name}_cpu"] = repeated(
                lambda q=query: coordinator_matches(index, region=region, exhaustive=True, **q),
                repeats)
            row[f"same_{name}"] = full == report

    # networkx for one seeker, against our proximity for the same seeker.
    seeker = next(s for s in chosen if G.nodes[s]["kind"] == Kind.ENTREPRENEUR
                  and G.degree(s) > 0)
    investors = [index.ids[r] for r in index.rows_of_kind(Kind.INVESTOR)]
    _, row["ours_walk_ms"] = timed(
        lambda: WalkState(index, np.array([index.row[seeker]]), DEFAULT_WEIGHTS).to_kind(
            Kind.INVESTOR))
    row["ours_walk_ms"] *= 1000
    simple = nx.Graph(G)  # adamic_adar_index takes no multigraph; converting is not timed
    _, row["nx_adamic_adar_ms"] = timed(
        lambda: list(nx.adamic_adar_index(simple, [(seeker, i) for i in investors])))
    row["nx_adamic_adar_ms"] *= 1000
    if size <= NETWORKX_PAGERANK_MAX_SIZE:
        _, row["nx_pagerank_s"] = timed(
            lambda: nx.pagerank(G, alpha=0.85, personalization={seeker: 1.0}))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seekers", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs of each coordinator query (the median is reported)")
    parser.add_argument("--exhaustive", action="store_true",
                        help="also time the coordinator queries scoring every entrepreneur")
    parser.add_argument("--weights", type=json.loads, default={},
                        help="match weights as JSON, for the top-10 (default: the hand weights)")
    args = parser.parse_args()
    weights = MatchWeights.from_mapping(args.weights)

    rows = []
    for size in args.sizes:
        row = bench(size, args.seekers, args.seed, args.repeats, args.exhaustive, weights)
        rows.append(row)
        print(f"{size:>7,} done: {row}", flush=True)

    print()
    print("| stakeholders | ties | snapshot (s) | index (s) | top-10 p50 (ms) | p99 (ms) | "
          "max (ms) | region (entrepreneurs) | coordinator: all / financing / loan (s) | "
          "peak RSS (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|---|---:|")
    for r in rows:
        region, count = r["region"]
        print(f"| {r['size']:,} | {r['ties']:,} | {r['snapshot']:.2f} | {r['index']:.2f} | "
              f"{r['p50']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | {region} ({count:,}) | "
              f"{r['coordinator_none']:.2f} / {r['coordinator_financing']:.2f} / "
              f"{r['coordinator_loan']:.2f} | {r['peak_mb']:,.0f} |")
    print()
    print("| stakeholders | top-10 p50 / p99 (ms) by seeker kind |")
    print("|---:|---|")
    for r in rows:
        kinds = "; ".join(f"{k} ({n}): {p50:.1f} / {p99:.1f}"
                          for k, (n, p50, p99) in r["by_kind"].items())
        print(f"| {r['size']:,} | {kinds} |")
    print()
    print(f"Coordinator queries, median of {args.repeats} runs: wall-clock / CPU seconds"
          + (" (exhaustive: every entrepreneur scored in full)" if args.exhaustive else ""))
    print()
    names = [name for name, _ in COORDINATOR_QUERIES]
    print("| stakeholders | region (entrepreneurs) | " + " | ".join(
        f"{name}{' / exhaustive' if args.exhaustive else ''}" for name in names) + " |")
    print("|---:|---|" + "---|" * len(names))
    for r in rows:
        region, count = r["region"]
        cells = []
        for name in names:
            cell = f"{r[f'coordinator_{name}']:.2f} / {r[f'coordinator_{name}_cpu']:.2f}"
            if args.exhaustive:
                same = "same" if r[f"same_{name}"] else "DIFFERENT"
                cell += (f" — {r[f'exhaustive_{name}']:.2f} / "
                         f"{r[f'exhaustive_{name}_cpu']:.2f} ({same})")
            cells.append(cell)
        print(f"| {r['size']:,} | {region} ({count:,}) | " + " | ".join(cells) + " |")
    print()
    print("| stakeholders | our walk to all investors, one seeker (ms) | "
          "nx.adamic_adar_index, seeker × investors (ms) | nx.pagerank personalised (s) |")
    print("|---:|---:|---:|---:|")
    for r in rows:
        pagerank = f"{r['nx_pagerank_s']:.2f}" if "nx_pagerank_s" in r else "not run"
        print(f"| {r['size']:,} | {r['ours_walk_ms']:.2f} | {r['nx_adamic_adar_ms']:.1f} | "
              f"{pagerank} |")


if __name__ == "__main__":
    main()
