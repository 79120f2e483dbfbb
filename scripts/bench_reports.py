"""Benchmark ecosystem reports: a full report by size, part by part, and what sampling costs.

Not a test: it prints timings and asserts nothing about them. For each size (stakeholders and
ties) it generates the demo ecosystem, builds the snapshot, then times
``ecosystem_report(G)`` of everything — cold (the arrays of the frame made from the ties' arrays
read from the export, as the service's snapshot cache notes them) and warm (the frame cached for
the snapshot, as on a second request) — with each part's seconds,
the HTML page and the CSV zip, and a report of the largest NUTS-2 region. Threaded BLAS is
pinned to one thread; run it under ``taskset -c 0`` to hold it to one core. Each figure is
wall-clock seconds, with the process's CPU seconds and the load average beside the totals (on
a shared machine the wall clock also counts the time other work took the core).

``--store URL`` takes the ecosystem from a store (say the SQLite file another benchmark
seeded with the same demo) instead of generating it, which takes minutes at 10⁵.

``--betweenness-error`` (for sizes up to 2·10⁴) computes exact betweenness (every source) and
compares the report's sampled estimate, over several seeds, on the 10 top brokers: the median
and 90th percentile of the relative error, and how many of the exact top 10 the sample finds.
``--networkx`` times networkx's own functions on the same graph for comparison (sizes up to
10⁴: ``average_clustering``, ``transitivity``, ``constraint``, ``betweenness_centrality`` with
the same pivots, ``louvain_communities``).

    python scripts/bench_reports.py                                  # 10^4/10^5, 10^5/10^6
    taskset -c 1 python scripts/bench_reports.py --store sqlite:////tmp/syndesmos-bench/demo-100000-1000000-7.db
    taskset -c 0 python scripts/bench_reports.py --sizes 10000:100000 --betweenness-error
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import gc  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
from benchlib import peak_mb, timed  # noqa: E402

from graph_models.demo import generate_ecosystem  # noqa: E402
from graph_models.domain.interchange import GraphExport  # noqa: E402
from graph_models.domain.snapshot import build_snapshot  # noqa: E402
from graph_models.reports import csv_zip, ecosystem_report, html_report, suppress  # noqa: E402
from graph_models.reports.centrality import betweenness_of  # noqa: E402
from graph_models.reports.edges import note_export  # noqa: E402
from graph_models.reports.frame import frame_of, restrict  # noqa: E402
from graph_models.reports.report import PIVOTS  # noqa: E402
from graph_models.stores import open_store  # noqa: E402

BETWEENNESS_ERROR_MAX_SIZE = 20_000
NETWORKX_MAX_SIZE = 10_000


def show_parts(label: str, total: float, cpu: float, parts: dict[str, float]) -> None:
    print(f"  {label}: {total:6.2f} s ({cpu:.2f} s CPU, load average "
          f"{os.getloadavg()[0]:.1f})")
    for name, seconds in sorted(parts.items(), key=lambda item: -item[1]):
        print(f"      {name:<42} {seconds:6.2f} s  {100 * seconds / total:5.1f}%")


def betweenness_error(G, seeds: int) -> None:
    frame = frame_of(G)
    scope = restrict(frame, np.ones(frame.n, dtype=bool))
    exact, seconds = timed(lambda: betweenness_of(scope.adjacency, pivots=None, seed=0))
    top = np.argsort(-exact.values)[:10]
    print(f"  betweenness, exact (all {scope.n:,} sources): {seconds:.1f} s")
    for pivots in (PIVOTS // 2, PIVOTS, 4 * PIVOTS):
        errors, found, stated = [], [], []
        for seed in range(seeds):
            sample = betweenness_of(scope.adjacency, pivots=pivots, seed=seed)
            errors.extend(np.abs(sample.values[top] - exact.values[top]) / exact.values[top])
            stated.extend(sample.standard_error[top] / exact.values[top])
            found.append(len(set(np.argsort(-sample.values)[:10]) & set(top)))
        print(f"  {pivots:>4} pivots: relative error of the top 10 median "
              f"{np.median(errors):.1%}, p90 {np.quantile(errors, 0.9):.1%} (stated "
              f"standard error median {np.median(stated):.1%}); exact top 10 found "
              f"{np.mean(found):.1f}/10")


def networkx_times(G) -> None:
    simple = nx.Graph(G)
    for name, action in (
            ("average_clustering", lambda: nx.average_clustering(simple)),
            ("transitivity", lambda: nx.transitivity(simple)),
            ("constraint (whole graph)", lambda: nx.constraint(simple)),
            (f"betweenness_centrality(k={PIVOTS})",
             lambda: nx.betweenness_centrality(simple, k=PIVOTS, seed=0)),
            ("louvain_communities", lambda: nx.community.louvain_communities(simple, seed=0))):
        _, seconds = timed(action)
        print(f"  networkx {name:<36} {seconds:6.2f} s")


def store_graph(url: str):
    store = open_store(url)
    try:
        export, seconds = timed(store.export)
    finally:
        store.close()
    print(f"  read in {seconds:.1f} s", end="; ")
    return snapshot_of(export)


def snapshot_of(export: GraphExport):
    """The export's snapshot, its ties' arrays noted from the export as the service's snapshot
    cache does (see graph_models.use_cases.snapshots)."""
    snapshot, built = timed(lambda: build_snapshot(export))
    _, noted = timed(lambda: note_export(snapshot.graph, export))
    print(f"snapshot built in {built:.1f} s, its ties' arrays read from the export in "
          f"{noted:.1f} s ({snapshot.graph.number_of_nodes():,} stakeholders, "
          f"{snapshot.graph.number_of_edges():,} ties)")
    return snapshot.graph


def timed_report(G, parts: dict[str, float]):
    """A full report with its parts, its wall-clock and its CPU seconds."""
    cpu = time.process_time()
    report, total = timed(lambda: ecosystem_report(G, timings=parts))
    return report, total, time.process_time() - cpu


def snapshot_graph(size: int, ties: int, seed: int):
    demo, seconds = timed(lambda: generate_ecosystem(size, ties=ties, seed=seed))
    print(f"  generated in {seconds:.1f} s", end="; ")
    return snapshot_of(GraphExport(version=1, stakeholders=demo.stakeholders, ties=demo.ties))


def bench(G, *, error: bool, with_networkx: bool) -> None:
    size = G.number_of_nodes()
    gc.collect()
    parts: dict[str, float] = {}
    report, total, cpu = timed_report(G, parts)
    show_parts("full report, cold", total, cpu, parts)
    parts = {}
    report, total, cpu = timed_report(G, parts)
    show_parts("full report, warm (frame cached)", total, cpu, parts)
    shown = suppress(report, 5)
    _, seconds = timed(lambda: html_report(shown))
    print(f"  HTML page: {seconds:.2f} s; ", end="")
    _, seconds = timed(lambda: csv_zip(shown))
    print(f"CSV zip: {seconds:.2f} s")
    regions = Counter(region[:4] for region in nx.get_node_attributes(G, "region").values())
    region = min(regions, key=lambda code: (-regions[code], code))
    regional, seconds = timed(lambda: ecosystem_report(G, region=region))
    print(f"  report of {region} ({regional.stakeholders:,} stakeholders, "
          f"{regional.ties:,} ties): {seconds:.2f} s")
    print(f"  figures: density {report.density:.2e}, mean degree {report.degree.mean:.1f}, "
          f"largest component {report.components.largest_share:.1%}, clustering "
          f"{report.average_clustering:.3f}, {report.communities.count:,} communities, "
          f"modularity {report.communities.modularity:.3f}, betweenness "
          f"{'exact' if report.brokers.exact else f'{report.brokers.pivots} pivots'}")
    print(f"  peak RSS {peak_mb():,.0f} MB")
    if error and size <= BETWEENNESS_ERROR_MAX_SIZE:
        betweenness_error(G, seeds=5)
    if with_networkx and size <= NETWORKX_MAX_SIZE:
        networkx_times(G)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000:100000,100000:1000000",
                        help="stakeholders:ties pairs, comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--betweenness-error", action="store_true")
    parser.add_argument("--networkx", action="store_true")
    parser.add_argument("--store", help="take the ecosystem from this store URL instead")
    args = parser.parse_args()
    if args.store:
        print(f"\nthe ecosystem of {args.store}")
        bench(store_graph(args.store), error=args.betweenness_error,
              with_networkx=args.networkx)
        return
    for pair in args.sizes.split(","):
        size, ties = (int(n) for n in pair.split(":"))
        print(f"\n{size:,} stakeholders / {ties:,} ties (seed {args.seed})")
        bench(snapshot_graph(size, ties, args.seed), error=args.betweenness_error,
              with_networkx=args.networkx)


if __name__ == "__main__":
    main()
